"""Issue 16: a database made by the release before findings by agreement (schema 0002) keeps its reviews.

The old database is built by the old code itself: ``git archive`` of the commit before this work, run in
a subprocess. Accepted and dismissed findings must keep their meaning: same ids and statuses, the
date-keyed batch under its new key, and none of them raised again when reports of them come back."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import sys
import tarfile
import textwrap
from pathlib import Path

import pytest

from storage import Store
from storage.engine import SCHEMA_HEAD, create_engine_for, current_revision
from tests.agreement.support import add_document, analyse, batch
from tests.conftest import REPO

RELEASE = "1c24d06e13b667480c6b26fce108cb99452dd53b"  # main before issue 16's findings by agreement

OLD_DATABASE = textwrap.dedent('''
    import datetime as dt, sys
    from storage import Store
    from storage.analysis import DocumentAnalysis
    from storage.models import SourceRow
    from monitor.records import Document, Finding, Mention

    now = dt.datetime(2024, 1, 23, tzinfo=dt.timezone.utc)
    store = Store.open(sys.argv[1])
    with store.session() as s, s.begin():
        s.add_all([SourceRow(name=n, kind="feed", url=f"http://127.0.0.1:9/{n}.xml") for n in ("wire", "daily", "tech")])
    docs = [Document(source="wire", url="https://wire.example.com/a", guid="a", title="a", text="a",
                     published=dt.datetime(2024, 1, 22, 8, tzinfo=dt.timezone.utc))]
    store.save_documents(docs, now=now)
    doc_id = store.list_documents()[0].id
    raised = [
        Finding(key="new_batch:2024-01-22", kind="new_batch", summary="New batch reported: 14 models approved",
                count=14, count_qualifier="exact", date=dt.date(2024, 1, 22)),
        Finding(key="new_company:lanting", kind="new_company", summary="Lanting", company="Lanting"),
        Finding(key="new_total:300", kind="new_total", summary="Higher total: 300", total=300, count_qualifier="exact"),
    ]
    pairs = tuple((f, Mention(kind="approval_batch", rule="old", snippet=f.summary)) for f in raised)
    store.save_analysis(DocumentAnalysis(doc_id, b"", None, tuple(m for _, m in pairs), pairs), now=now)
    ids = {v.finding.key: v.id for v in store.list_findings(status="all")}
    store.set_finding_status(ids["new_batch:2024-01-22"], "accepted")
    store.set_finding_status(ids["new_company:lanting"], "dismissed")
    digest = store.create_digest(day=now.date(), now=now)
    store.mark_digest_sent(digest.id, now=now, subject="s", message_id="<m>")
    print(ids["new_batch:2024-01-22"], ids["new_company:lanting"], ids["new_total:300"])
''')


def _old_release(tmp_path: Path) -> Path:
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("needs the git history to build the old release")
    archive = subprocess.run(["git", "-C", str(REPO), "archive", RELEASE, "monitor", "storage", "config"],
                             capture_output=True, check=False)
    if archive.returncode != 0:
        if os.environ.get("CI"):
            pytest.fail(f"commit {RELEASE[:7]} not in the CI clone; the migration test must run there")
        pytest.skip(f"commit {RELEASE[:7]} not in this clone: {archive.stderr.decode()[:200]}")
    old = tmp_path / "old"
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(old, filter="data")
    return old


def test_reviews_keep_their_meaning_across_the_migration(tmp_path: Path, db_url: str) -> None:
    old = _old_release(tmp_path)
    made = subprocess.run([sys.executable, "-c", OLD_DATABASE, db_url], cwd=old, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(old)}, timeout=120, check=False)
    assert made.returncode == 0, made.stderr
    batch_id, company_id, total_id = map(int, made.stdout.split())
    engine = create_engine_for(db_url)
    try:
        assert current_revision(engine) == "0002"
    finally:
        engine.dispose()

    store = Store.open(db_url)  # migrates
    try:
        engine = store.engine
        assert current_revision(engine) == SCHEMA_HEAD
        views = {v.id: v for v in store.list_findings(status="all")}
        assert views[batch_id].finding.key == "new_batch:2024-01-22:14" and views[batch_id].status == "accepted"
        assert views[company_id].status == "dismissed" and views[total_id].status == "new"
        assert all(v.sources == 1 and v.withdrawn_at is None for v in views.values())
        assert [f.key for f in store.accepted_findings()] == ["new_batch:2024-01-22:14"]

        # The same facts reported again, under today's keys and by ordinal: evidence, never a new finding.
        doc = add_document(store, "daily", "b", published=dt.datetime(2024, 1, 24, 8, tzinfo=dt.timezone.utc))
        assert analyse(store, doc, [batch("new_batch:2024-01-22:14", 14, date=dt.date(2024, 1, 22))]) == 0
        other = add_document(store, "tech", "c", published=dt.datetime(2024, 1, 24, 9, tzinfo=dt.timezone.utc))
        assert analyse(store, other, [batch("new_batch:4", 14, ordinal=4, date=dt.date(2024, 1, 17))]) == 0
        views = {v.id: v for v in store.list_findings(status="all")}
        assert len(views) == 3 and views[batch_id].status == "accepted" and views[batch_id].sources == 3
        assert store.unassigned_finding_ids() == []  # nothing to mail: all three were reviewed or sent
    finally:
        store.close()
