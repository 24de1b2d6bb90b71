"""Two `monitor digest send` processes at once mail a digest once (issue 20, point 7).

Both find the same pending digest; before, each sent it (4 of 5 overlapping sends on SQLite did). The
SMTP server (aiosmtpd on 127.0.0.1) takes a while to accept each message, so the second process starts
while the first is still inside its send; a lock in the database keeps the second out until the first
marked the digest sent, and then it finds nothing left to send. Real processes, SQLite and PostgreSQL.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from storage import Store
from tests.outbox.support import BATCH_ITEM, XML, config_for, news_feed, rss
from tests.reliability.support import REPO, clean_env, monitor
from tests.support.httpserver import Response, TestServer
from tests.support.smtp import RecordingHandler, smtp_server

ACCEPT_AFTER = 3.0  # seconds the server takes to accept a message


class SlowHandler(RecordingHandler):
    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        await asyncio.sleep(ACCEPT_AFTER)
        return await super().handle_DATA(server, session, envelope)


def test_two_overlapping_sends_mail_the_digest_once(server: TestServer, tmp_path: Path, db_url: str) -> None:
    server.route("/news.xml", Response(body=rss(BATCH_ITEM), content_type=XML))
    handler = SlowHandler()
    with smtp_server(handler) as smtp:
        config = config_for(tmp_path, db_url, [news_feed("news", server.url("/news.xml"))], smtp_port=smtp.port,
                            timeout=30.0)
        collected = monitor("run-once", "--config", str(config))
        assert collected.returncode == 0, collected.stderr
        command = [sys.executable, "-m", "monitor", "digest", "send", "--config", str(config)]
        first = subprocess.Popen(command, cwd=REPO, env=clean_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 text=True)
        time.sleep(ACCEPT_AFTER / 2)  # not a measurement: the second starts while the first waits on DATA
        second = subprocess.Popen(command, cwd=REPO, env=clean_env(), stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
        outputs = [process.communicate(timeout=120) for process in (first, second)]
        assert first.returncode == 0 and second.returncode == 0, outputs
    assert len(handler.received) == 1, [r.message["Message-ID"] for r in handler.received]
    store = Store.open(db_url)
    try:
        digests = store.digests()
    finally:
        store.close()
    assert [(d.status, d.attempts) for d in digests] == [("sent", 1)]
