"""SMTP faults through `monitor digest send`, and secrets that must never show.

SMTP: refused, 4xx on DATA, 5xx on DATA, a hang-up after DATA. Each leaves the digest pending with
its findings (exit 1, a message naming the fault), and the next send to a healthy server delivers
every finding once; a third send sends nothing.

Secrets: MONITOR_SMTP_PASSWORD and the password inside a database URL never reach the log (caplog in
process, stderr of a real process at -vv), `monitor sources`, an exception message or traceback, or
the digest. The SQLite file and its -wal/-shm and daemon-lock companions are readable by their
owner only, even under the common umask 022.
"""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
import traceback
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.cli import cli
from monitor.errors import StorageError
from storage import Store
from tests.support.smtp import RecordingHandler, SmtpServer, accept_login, closed_port, smtp_server
from tests.outbox.support import BATCH_ITEM, XML, config_for, news_feed, rss
from tests.reliability.support import REPO, check_invariants, clean_env, monitor
from tests.support.httpserver import Response, TestServer

SMTP_SECRET = "smtp-Secret-7f3a9"
DB_SECRET = "db-Secret-c41e2"


def invoke(*args: str, env: dict[str, str] | None = None) -> "CliRunner.invoke":  # type: ignore[valid-type]
    return CliRunner().invoke(cli, list(args), env=env)


FAULTS = ("refused", "4xx", "5xx", "drop-after-data")


def test_smtp_faults_keep_findings_pending_then_one_later_send_delivers_them_once(
        server: TestServer, smtp: SmtpServer, tmp_path: Path, db_url: str) -> None:
    """The four faults one after another on the same pending digest (one collect, so the test stays quick)."""
    server.route("/news.xml", Response(body=rss(BATCH_ITEM), content_type=XML))
    sources = [news_feed("news", server.url("/news.xml"))]
    assert invoke("run-once", "--config", str(config_for(tmp_path, db_url, sources, smtp_port=smtp.port))).exit_code == 0
    for attempt, fault in enumerate(FAULTS, start=1):
        handler = RecordingHandler(data_reply={"4xx": "451 4.3.0 try again later", "5xx": "554 5.7.1 rejected"}.get(fault),
                                   drop_after_data=fault == "drop-after-data")
        with smtp_server(handler) as bad:
            port = closed_port() if fault == "refused" else bad.port
            failed = invoke("digest", "send", "--config", str(config_for(tmp_path, db_url, sources, smtp_port=port)))
        assert failed.exit_code == 1, (fault, failed.output)
        assert "stays pending" in failed.stderr and handler.received == [], fault
        store = Store.open(db_url)
        try:
            [pending] = store.pending_digests()
            findings = {f.id for f in store.list_findings(status="all")}
            assert findings and set(pending.finding_ids) == findings and pending.attempts == attempt, fault
            assert pending.last_error, fault
        finally:
            store.close()
        check_invariants(db_url, settled=True)

    healthy = config_for(tmp_path, db_url, sources, smtp_port=smtp.port)
    assert invoke("digest", "send", "--config", str(healthy)).exit_code == 0
    assert invoke("digest", "send", "--config", str(healthy)).exit_code == 0
    assert len(smtp.received) == 1
    check_invariants(db_url, settled=True, all_digested=True)


def test_smtp_password_never_in_log_stderr_exception_or_digest(server: TestServer, tmp_path: Path,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    db_url = f"sqlite:///{tmp_path / 'monitor.db'}"
    server.route("/news.xml", Response(body=rss(BATCH_ITEM), content_type=XML))
    sources = [news_feed("news", server.url("/news.xml"))]
    caplog.set_level(logging.DEBUG)
    with smtp_server(authenticator=accept_login("monitor", "the-right-one")) as refusing:
        config = config_for(tmp_path, db_url, sources, smtp_port=refusing.port, username="monitor")
        assert invoke("run-once", "--config", str(config)).exit_code == 0
        wrong = invoke("-vv", "digest", "send", "--config", str(config), env={"MONITOR_SMTP_PASSWORD": SMTP_SECRET})
        process = monitor("-vv", "digest", "send", "--config", str(config), env=clean_env(MONITOR_SMTP_PASSWORD=SMTP_SECRET))
    assert wrong.exit_code == 1 and process.returncode == 1
    shown = wrong.output + process.stdout + process.stderr + caplog.text
    assert SMTP_SECRET not in shown
    assert "".join(traceback.format_exception(wrong.exception)).count(SMTP_SECRET) == 0 if wrong.exception else True

    with smtp_server(authenticator=accept_login("monitor", SMTP_SECRET)) as accepting:
        config = config_for(tmp_path, db_url, sources, smtp_port=accepting.port, username="monitor")
        sent = invoke("-vv", "digest", "send", "--config", str(config), env={"MONITOR_SMTP_PASSWORD": SMTP_SECRET})
        assert sent.exit_code == 0, sent.output
        [received] = accepting.received
    assert received.authenticated and SMTP_SECRET.encode() not in received.content
    listed = invoke("sources", "--config", str(config), "--format", "json")
    assert SMTP_SECRET not in sent.output + listed.output + caplog.text


def unreachable_url() -> str:
    return f"postgresql://monitor:{DB_SECRET}@127.0.0.1:{closed_port()}/monitor"


def test_database_password_never_in_messages_logs_or_sources(tmp_path: Path, postgres_url: str,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    # A URL to a port where nothing listens, and one to the live server with a password it does
    # not know (or, on a server that trusts local connections, one it ignores).
    live = postgres_url.replace("postgres@", f"postgres:{DB_SECRET}@")
    assert DB_SECRET in live
    for url in (unreachable_url(), live.replace(f"postgres:{DB_SECRET}@", f"nobody:{DB_SECRET}@")):
        with pytest.raises(StorageError) as caught:
            Store.open(url)
        assert DB_SECRET not in "".join(traceback.format_exception(caught.value))
        for command in (["sources"], ["run-once"]):
            result = invoke(*command, "--db", url, "--config", str(REPO / "config" / "monitor.toml"))
            assert result.exit_code == 1 and "database error" in result.stderr, result.output
            assert DB_SECRET not in result.output
        process = monitor("-vv", "sources", "--config", str(REPO / "config" / "monitor.toml"),
                          env=clean_env(MONITOR_DATABASE_URL=url))
        assert process.returncode == 1 and DB_SECRET not in process.stdout + process.stderr, process.stderr
    # A URL that works (trust auth ignores the password, or it is right): `monitor sources` shows no secret.
    try:
        Store.open(live).close()
    except StorageError:
        pass
    else:
        result = invoke("sources", "--db", live, "--config", str(REPO / "config" / "monitor.toml"))
        assert result.exit_code == 0 and DB_SECRET not in result.output
    assert DB_SECRET not in caplog.text


def test_sqlite_files_are_readable_by_their_owner_only_under_umask_022(server: TestServer, tmp_path: Path) -> None:
    db = tmp_path / "var" / "monitor.db"
    server.route("/news.xml", Response(body=rss(BATCH_ITEM), content_type=XML))
    config = config_for(tmp_path, f"sqlite:///{db}", [news_feed("news", server.url("/news.xml"))], smtp_port=closed_port())
    result = subprocess.run([sys.executable, "-m", "monitor", "run-once", "--config", str(config)], cwd=REPO,
                            env=clean_env(), capture_output=True, text=True, timeout=60,
                            preexec_fn=lambda: os.umask(0o022))
    assert result.returncode == 0, result.stderr
    # Hold a connection open so the -wal and -shm files exist while we look at them.
    store = Store.open(f"sqlite:///{db}")
    try:
        store.document_count()
        files = {p.name: stat.S_IMODE(p.stat().st_mode) for p in db.parent.iterdir()}
    finally:
        store.close()
    assert {"monitor.db", "monitor.db-wal", "monitor.db-shm"} <= set(files), files
    assert all(mode & 0o077 == 0 for mode in files.values()), {k: oct(v) for k, v in files.items()}
