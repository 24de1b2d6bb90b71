"""An SMTP 550 for one of several recipients is recorded, retried and shown (issue 20, point 6).

Before, the digest was marked sent, nothing was recorded and `digest send` exited 0: the refused
recipient never got the digest and no one was told. Real processes, a real aiosmtpd server that
refuses one address, SQLite and PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path

from storage import Store
from tests.outbox.support import BATCH_ITEM, XML, config_for, news_feed, rss
from tests.reliability.support import monitor
from tests.support.httpserver import Response, TestServer
from tests.support.smtp import RecordingHandler, smtp_server

GONE = "gone@example.org"
RECIPIENTS = ["analyst@example.org", GONE, "editor@example.org"]


def test_a_refused_recipient_is_recorded_shown_and_retried_alone(server: TestServer, tmp_path: Path,
                                                                 db_url: str) -> None:
    server.route("/news.xml", Response(body=rss(BATCH_ITEM), content_type=XML))
    handler = RecordingHandler(refuse_rcpt=(GONE,))
    with smtp_server(handler) as smtp:
        config = config_for(tmp_path, db_url, [news_feed("news", server.url("/news.xml"))], smtp_port=smtp.port,
                            recipients=RECIPIENTS)
        assert monitor("run-once", "--config", str(config)).returncode == 0

        first = monitor("digest", "send", "--config", str(config))
        assert first.returncode == 1, first.stdout + first.stderr
        assert GONE in first.stderr and "550" in first.stderr
        (delivered,) = handler.received
        assert set(delivered.rcpt_tos) == {"analyst@example.org", "editor@example.org"}
        store = Store.open(db_url)
        try:
            (refusal,) = store.open_refusals()
            assert (refusal.recipient, refusal.attempts) == (GONE, 1) and refusal.reply.startswith("550")
            assert [d.status for d in store.digests()] == ["sent"]  # the others have it: never resent to them
        finally:
            store.close()
        status = monitor("sources", "--config", str(config))
        assert status.returncode == 0 and GONE in status.stdout and "550" in status.stdout, status.stdout

        handler.refuse_rcpt = ()  # the address works again
        second = monitor("digest", "send", "--config", str(config))
        assert second.returncode == 0, second.stdout + second.stderr
        assert len(handler.received) == 2
        retry = handler.received[1]
        assert retry.rcpt_tos == (GONE,)
        assert retry.message["Message-ID"] == delivered.message["Message-ID"]  # the digest it missed, unchanged

    store = Store.open(db_url)
    try:
        assert store.open_refusals() == []
    finally:
        store.close()
    assert GONE not in monitor("sources", "--config", str(config)).stdout
