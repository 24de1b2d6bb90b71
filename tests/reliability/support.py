"""Shared by the reliability tests: the invariants every fault must leave intact, and the CLI as a subprocess.

The invariants (issue 7) are checked on the database itself, not through the product's queries, so a
bug in a query cannot hide a duplicate row:

- no two documents share a canonical URL, nor a (source, guid);
- no document holds the same mention twice (same kind, rule, snippet and values read);
- no two findings share a key; no (finding, document) evidence pair twice;
- no finding sits in two digests (and, after a final successful send, every digest-worthy finding
  sits in exactly one sent digest);
- every document that the analysis has read has its processed_at set (after a normal final run:
  none is left pending).
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from sqlalchemy import text

from storage import Store

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Counts:
    documents: int
    mentions: int
    findings: int
    evidence: int
    digest_items: int
    pending_documents: int
    urls: frozenset[str]


def _one(store: Store, sql: str) -> int:
    with store.engine.connect() as connection:
        return int(connection.execute(text(sql)).scalar_one() or 0)


def check_invariants(db_url: str, *, expect_urls: Iterable[str] = (), settled: bool = False,
                     all_digested: bool = False) -> Counts:
    """Assert the invariants above; ``settled``: a normal run just ended, nothing may be pending.

    ``expect_urls``: every one of them must be stored. ``all_digested``: every finding with status
    new/accepted is in exactly one digest and that digest was sent.
    """
    store = Store.open(db_url)
    try:
        dup = {
            "document url": "SELECT count(*) - count(DISTINCT url) FROM documents",
            "document (source, guid)": "SELECT count(*) FROM (SELECT source_id, guid FROM documents "
                                       "GROUP BY source_id, guid HAVING count(*) > 1) d",
            # One sentence naming three companies is three mentions: the key includes what was read.
            "mention": "SELECT count(*) FROM (SELECT document_id FROM mentions GROUP BY document_id, kind, rule, snippet, "
                       "company, model, batch, count, total, registry, date, regulation HAVING count(*) > 1) m",
            "finding key": "SELECT count(*) - count(DISTINCT key) FROM findings",
            "evidence": "SELECT count(*) FROM (SELECT finding_id, document_id FROM evidence "
                        "GROUP BY finding_id, document_id HAVING count(*) > 1) e",
            "digest item": "SELECT count(*) - count(DISTINCT finding_id) FROM digest_items",
            "digest without items": "SELECT count(*) FROM digests d WHERE NOT EXISTS "
                                    "(SELECT 1 FROM digest_items i WHERE i.digest_id = d.id)",
        }
        problems = {name: n for name, sql in dup.items() if (n := _one(store, sql))}
        # An empty digest is legal only when the config asks for "nothing new" mails; none of ours do.
        assert not problems, f"duplicates after the fault: {problems}"
        pending = _one(store, "SELECT count(*) FROM documents WHERE processed_at IS NULL")
        if settled:
            assert pending == 0, f"{pending} documents stored but never analysed"
        if all_digested:
            undigested = _one(store, "SELECT count(*) FROM findings f WHERE f.status IN ('new', 'accepted') AND NOT EXISTS "
                                     "(SELECT 1 FROM digest_items i JOIN digests d ON d.id = i.digest_id "
                                     "WHERE i.finding_id = f.id AND d.status = 'sent')")
            assert undigested == 0, f"{undigested} findings never reached a sent digest"
            unsent = _one(store, "SELECT count(*) FROM digests WHERE status <> 'sent'")
            assert unsent == 0, f"{unsent} digests still pending after a successful send"
        with store.engine.connect() as connection:
            urls = frozenset(connection.execute(text("SELECT url FROM documents")).scalars())
        missing = set(expect_urls) - urls
        assert not missing, f"{len(missing)} served entries never stored, e.g. {sorted(missing)[:3]}"
        return Counts(
            documents=len(urls), mentions=_one(store, "SELECT count(*) FROM mentions"),
            findings=_one(store, "SELECT count(*) FROM findings"), evidence=_one(store, "SELECT count(*) FROM evidence"),
            digest_items=_one(store, "SELECT count(*) FROM digest_items"), pending_documents=pending, urls=urls)
    finally:
        store.close()


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOR_")}
    env.update(extra)
    return env


def monitor(*args: str, env: Mapping[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``monitor ARGS`` as a real process (its own interpreter, logging and exit status)."""
    return subprocess.run([sys.executable, "-m", "monitor", *args], cwd=REPO, env=dict(env or clean_env()),
                          capture_output=True, text=True, timeout=timeout)


def start_monitor(*args: str, env: Mapping[str, str] | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "monitor", *args], cwd=REPO, env=dict(env or clean_env()),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
