"""`monitor digest send` end to end: run-once over a served feed, the outbox, a real aiosmtpd server.

Every test runs on SQLite and PostgreSQL (``db_url``). The findings come from the real rules and
diff over invented feed text, against the shipped dataset as of 2023-12-31.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from click.testing import CliRunner, Result

from monitor.cli import cli
from monitor.config import load_config
from monitor.delivery.outbox import message_for, prepare_digest, smtp_settings
from monitor.digest import send_message
from monitor.run.pipeline import run_once
from storage import Store
from tests.support.smtp import SmtpServer, closed_port
from tests.outbox.support import BATCH_ITEM, HOSTILE_ITEM, LATER_ITEM, XML, config_for, news_feed, parts, rss
from tests.support.httpserver import Response, TestServer


def monitor(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def collect(path: Path) -> None:
    config = load_config(path)
    store = Store.open(config.database_url)
    try:
        report = run_once(config, store, names=[s.name for s in config.sources])
        assert report.exit_status == 0, report
    finally:
        store.close()


def open_store(path: Path) -> Store:
    return Store.open(load_config(path).database_url)


def test_a_digest_arrives_with_every_finding_and_link_in_both_parts(server: TestServer, smtp: SmtpServer,
                                                                    tmp_path: Path, db_url: str) -> None:
    server.route("/news.xml", Response(body=rss(BATCH_ITEM, HOSTILE_ITEM), content_type=XML))
    path = config_for(tmp_path, db_url, [news_feed("news", server.url("/news.xml"))], smtp_port=smtp.port)
    collect(path)
    store = open_store(path)
    try:
        findings = store.list_findings(status="all")
    finally:
        store.close()
    keys = {f.finding.key for f in findings}
    assert {"new_batch:4", "new_company:xiaomi", "new_company:4paradigm", "new_company:01.ai"} <= keys

    result = monitor("digest", "send", "--config", str(path))
    assert result.exit_code == 0, result.output
    assert len(smtp.received) == 1
    msg = smtp.received[0].message
    text, html = parts(msg)
    for view in findings:
        assert view.finding.summary in text and view.finding.summary in html, view.finding.key
        for evidence in view.evidence:
            assert evidence.url in text and evidence.url in html
    assert msg["Subject"].startswith("AI approvals monitor, ") and "1 new batch, 3 new companies" in msg["Subject"]
    # The hostile title: escaped in HTML, no header of its own, no line longer than SMTP allows.
    assert "<script" not in html.lower() and "Bcc" not in msg and "evil@example.com" not in smtp.received[0].rcpt_tos
    assert max(len(line) for line in smtp.received[0].content.split(b"\n")) <= 998
    assert "Regulators clear" in text


def test_smtp_down_keeps_findings_pending_then_one_send_delivers_them_once(server: TestServer, smtp: SmtpServer,
                                                                          tmp_path: Path, db_url: str) -> None:
    server.route("/news.xml", Response(body=rss(BATCH_ITEM), content_type=XML))
    down = config_for(tmp_path, db_url, [news_feed("news", server.url("/news.xml"))], smtp_port=closed_port())
    collect(down)

    result = monitor("digest", "send", "--config", str(down))
    assert result.exit_code == 1
    assert "stays pending" in result.output and "refused the connection" in result.output
    store = open_store(down)
    try:
        [pending] = store.pending_digests()
        assert pending.attempts == 1 and "refused" in (pending.last_error or "")
        assert set(pending.finding_ids) == {f.id for f in store.list_findings(status="all")}
        assert store.unassigned_finding_ids() == []
    finally:
        store.close()

    # SMTP is back (the same config pointing at a live server): one send delivers, once.
    up = config_for(tmp_path, db_url, [news_feed("news", server.url("/news.xml"))], smtp_port=smtp.port)
    assert monitor("digest", "send", "--config", str(up)).exit_code == 0
    assert len(smtp.received) == 1
    assert monitor("digest", "send", "--config", str(up)).exit_code == 0
    assert len(smtp.received) == 1
    store = open_store(up)
    try:
        [digest] = store.digests()
        assert digest.status == "sent" and digest.attempts == 2 and digest.last_error is None
        assert smtp.received[0].message["Message-ID"] == digest.message_id
    finally:
        store.close()


def test_a_crash_after_writing_the_outbox_loses_nothing_and_keeps_the_message_id(
        server: TestServer, smtp: SmtpServer, tmp_path: Path, db_url: str) -> None:
    server.route("/news.xml", Response(body=rss(BATCH_ITEM), content_type=XML))
    path = config_for(tmp_path, db_url, [news_feed("news", server.url("/news.xml"))], smtp_port=smtp.port)
    collect(path)
    config = load_config(path)
    store = Store.open(config.database_url)
    try:
        # The process wrote the digest and died before sending it.
        written = prepare_digest(config, store, now=dt.datetime.now(dt.timezone.utc))
        assert written is not None and len(written.finding_ids) == 4
        _, expected = message_for(config, store, store.digest(written.id))
    finally:
        store.close()

    # Meanwhile a new story arrives: it must go into a second digest, not into the written one.
    server.route("/news.xml", Response(body=rss(BATCH_ITEM, LATER_ITEM), content_type=XML))
    collect(path)
    assert monitor("digest", "send", "--config", str(path)).exit_code == 0
    assert len(smtp.received) == 2
    first, second = (r.message for r in smtp.received)
    assert first["Message-ID"] == expected["Message-ID"] == f"<digest-{written.id}-{written.day.isoformat()}@example.org>"
    assert first["Date"] == expected["Date"]
    first_text, _ = parts(first)
    second_text, _ = parts(second)
    assert "Xiaomi" in first_text and "https://policy.example.net/fifth-batch" not in first_text
    assert "https://policy.example.net/fifth-batch" in second_text

    store = Store.open(config.database_url)
    try:
        digests = store.digests()
        assert [d.status for d in digests] == ["sent", "sent"]
        in_digests = [i for d in digests for i in d.finding_ids]
        assert sorted(in_digests) == sorted({f.id for f in store.list_findings(status="all")})  # each exactly once
    finally:
        store.close()


def test_a_crash_after_the_server_accepted_resends_the_same_message_id(server: TestServer, smtp: SmtpServer,
                                                                       tmp_path: Path, db_url: str) -> None:
    server.route("/news.xml", Response(body=rss(BATCH_ITEM), content_type=XML))
    path = config_for(tmp_path, db_url, [news_feed("news", server.url("/news.xml"))], smtp_port=smtp.port)
    collect(path)
    config = load_config(path)
    store = Store.open(config.database_url)
    try:
        written = prepare_digest(config, store, now=dt.datetime.now(dt.timezone.utc))
        assert written is not None
        _, msg = message_for(config, store, written)
        send_message(msg, smtp_settings(config), password=None)  # accepted; the process dies before the mark
    finally:
        store.close()
    assert monitor("digest", "send", "--config", str(path)).exit_code == 0
    # At least once, never lost: a second copy, recognisable as the same message.
    assert [r.message["Message-ID"] for r in smtp.received] == [msg["Message-ID"]] * 2
    assert parts(smtp.received[0].message) == parts(smtp.received[1].message)


def test_nothing_new_is_skipped_by_default_and_mailed_once_a_day_when_asked(server: TestServer, smtp: SmtpServer,
                                                                          tmp_path: Path, db_url: str) -> None:
    server.route("/quiet.xml", Response(body=rss(), content_type=XML))
    path = config_for(tmp_path, db_url, [news_feed("quiet", server.url("/quiet.xml"))], smtp_port=smtp.port)
    collect(path)
    result = monitor("digest", "send", "--config", str(path))
    assert result.exit_code == 0 and "nothing new" in result.output and smtp.received == []

    path = config_for(tmp_path, db_url, [news_feed("quiet", server.url("/quiet.xml"))], smtp_port=smtp.port,
                      send_empty=True)
    assert monitor("digest", "send", "--config", str(path)).exit_code == 0
    assert monitor("digest", "send", "--config", str(path)).exit_code == 0
    assert len(smtp.received) == 1
    assert smtp.received[0].message["Subject"].endswith(": nothing new")


def test_dismissed_findings_stay_out_and_accepted_ones_are_still_news(server: TestServer, smtp: SmtpServer,
                                                                     tmp_path: Path, db_url: str) -> None:
    server.route("/news.xml", Response(body=rss(BATCH_ITEM), content_type=XML))
    path = config_for(tmp_path, db_url, [news_feed("news", server.url("/news.xml"))], smtp_port=smtp.port)
    collect(path)
    store = open_store(path)
    try:
        by_key = {f.finding.key: f for f in store.list_findings(status="all")}
        store.set_finding_status(by_key["new_company:xiaomi"].id, "dismissed")
        store.set_finding_status(by_key["new_batch:4"].id, "accepted")
    finally:
        store.close()
    assert monitor("digest", "send", "--config", str(path)).exit_code == 0
    text, html = parts(smtp.received[0].message)
    assert by_key["new_batch:4"].finding.summary in text
    assert by_key["new_company:xiaomi"].finding.summary not in text + html


def test_a_second_digest_takes_no_finding_already_in_one(server: TestServer, tmp_path: Path, db_url: str) -> None:
    server.route("/news.xml", Response(body=rss(BATCH_ITEM), content_type=XML))
    path = config_for(tmp_path, db_url, [news_feed("news", server.url("/news.xml"))], smtp_port=closed_port())
    collect(path)
    one, two = open_store(path), open_store(path)
    try:
        now = dt.datetime.now(dt.timezone.utc)
        first = one.create_digest(day=now.date(), now=now)
        assert first is not None and len(first.finding_ids) == 4
        assert two.create_digest(day=now.date(), now=now) is None
    finally:
        one.close()
        two.close()
