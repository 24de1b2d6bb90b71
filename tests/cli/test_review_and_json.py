"""Review several findings in one command, all or nothing, and --json on every command that changes something."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from monitor.cli import cli
from storage import Store
from tests.support.smtp import SmtpServer
from tests.web.support import filled_store


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def statuses(store: Store) -> dict[int, str]:
    return {v.id: v.status for v in store.list_findings(status="all")}


@pytest.fixture
def filled(tmp_path: Path, db_url: str, smtp: SmtpServer):  # type: ignore[no-untyped-def]
    path, _config, store, ids = filled_store(tmp_path, db_url, digest={
        "smtp_host": "127.0.0.1", "smtp_port": smtp.port, "sender": "monitor@example.org",
        "recipients": ["analyst@example.org"], "timeout": 5.0})
    yield path, store, ids
    store.close()


def test_accept_and_dismiss_take_several_ids(filled) -> None:  # type: ignore[no-untyped-def]
    path, store, ids = filled
    accepted = run("dataset", "accept", str(ids["batch"]), str(ids["total"]), "--config", str(path))
    assert accepted.exit_code == 0, accepted.output
    assert f"finding {ids['batch']} (new_batch:4) is now accepted" in accepted.stdout
    assert f"finding {ids['total']} (new_total:117) is now accepted" in accepted.stdout
    again = run("dataset", "accept", str(ids["batch"]), "--json", "--config", str(path))
    payload = json.loads(again.stdout)
    assert payload["status"] == "accepted" and payload["changed"] == []  # it was accepted already
    assert [f["id"] for f in payload["findings"]] == [ids["batch"]] and payload["findings"][0]["status"] == "accepted"

    dismissed = json.loads(run("dataset", "dismiss", str(ids["hostile"]), str(ids["company"]), str(ids["hostile"]),
                               "--json", "--config", str(path)).stdout)
    assert dismissed["changed"] == [ids["hostile"], ids["company"]]
    assert {f["status"] for f in dismissed["findings"]} == {"dismissed"} and len(dismissed["findings"]) == 2
    assert set(dismissed["findings"][0]) >= {"id", "key", "kind", "summary", "status", "evidence", "story"}


def test_an_unknown_id_changes_nothing(filled) -> None:  # type: ignore[no-untyped-def]
    path, store, ids = filled
    before = statuses(store)
    result = run("dataset", "accept", str(ids["batch"]), "99999", str(ids["company"]), "--config", str(path))
    assert result.exit_code == 2
    assert "no finding with id 99999; nothing was changed" in result.stderr and "--status all" in result.stderr
    assert statuses(store) == before
    assert run("dataset", "dismiss", "--config", str(path)).exit_code == 2  # at least one id
    assert run("dataset", "dismiss", "x1", "--config", str(path)).exit_code == 2


def test_reprocess_json(filled) -> None:  # type: ignore[no-untyped-def]
    path, _store, _ids = filled
    result = run("reprocess", "--json", "--config", str(path))
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert set(payload) == {"marked", "documents", "mentions", "new_findings", "source", "replay_db"}
    assert payload["marked"] == payload["documents"] == 4 and payload["replay_db"] is None


def test_db_upgrade_json(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/new.db"
    first = json.loads(run("db", "upgrade", "--json", "--db", url).stdout)
    assert first["revision_before"] is None and first["revision"] and first["upgraded"] is True
    again = json.loads(run("db", "upgrade", "--json", "--db", url).stdout)
    assert again == {**first, "revision_before": first["revision"], "upgraded": False}
    assert "new.db" in first["database"]


def test_digest_send_json(filled, smtp: SmtpServer) -> None:  # type: ignore[no-untyped-def]
    path, _store, _ids = filled
    result = run("digest", "send", "--json", "--config", str(path))
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["error"] is None and payload["exit_status"] == 0 and payload["skipped_empty"] is False
    (sent,) = payload["sent"]
    assert sent["findings"] == 4 and sent["refused"] == [] and sent["message_id"].startswith("<")
    assert len(smtp.received) == 1
    nothing = json.loads(run("digest", "send", "--json", "--config", str(path)).stdout)
    assert nothing["sent"] == [] and nothing["skipped_empty"] is True
