"""`monitor daemon` delivers an immediate finding within 60 s of the run that raised it, retrying a failed
attempt on its channel timer (every second here, ~30 s by default) rather than at the next run."""

from __future__ import annotations

import signal
import time
from pathlib import Path

from tests.channels.support import channel, channel_config
from tests.channels.webhook import webhook
from tests.daemon.process import DaemonProcess
from tests.outbox.support import BATCH_ITEM, LATER_ITEM, XML, news_feed, rss
from tests.support.httpserver import Response, TestServer


def test_the_daemon_delivers_a_run_s_findings_within_a_minute_retrying_on_its_timer(
        server: TestServer, tmp_path: Path, db_url: str) -> None:
    server.route("/news.xml", Response(body=rss(BATCH_ITEM, LATER_ITEM), content_type=XML))
    with webhook(statuses=[500]) as hook:
        # One run only: "1h" scaled by 0.02 is 72 s, longer than the test.
        path = channel_config(tmp_path, db_url, [channel("team", hook.apprise_url(), retry_delay=1.0)],
                              sources=[news_feed("news", server.url("/news.xml"), interval="1h")])
        daemon = DaemonProcess(path, db_url, "--time-scale", "0.02", "--heartbeat-every", "0.5",
                               "--channels-every", "1")
        try:
            daemon.wait_for(lambda line: "daemon started" in line)
            daemon.wait_for(lambda line: "analysis done" in line and "n_new=6" in line, timeout=60)
            raised = time.monotonic()
            daemon.wait_for(lambda line: "channel message not sent" in line and "error=500" in line)
            posts = hook.wait_for(2, timeout=60)
            delivered = max(p.at for p in posts)
            daemon.wait_for(lambda line: "channels job done" in line)
            daemon.proc.send_signal(signal.SIGTERM)
            status, log = daemon.finish(timeout=20)
        finally:
            daemon.kill()
    assert status == 0, log
    assert delivered - raised < 60, delivered - raised
    assert server.count("/news.xml") == 1  # delivered by the channel timer, not by another run
    assert [p.status for p in hook.posts] == [500, 200, 200]
    assert hook.posts[0].key in {p.key for p in posts}  # the retry is the same message, with its key
    assert sorted(p.json["title"] for p in posts) == ["A fifth batch of AI models (2 findings)",
                                                       "Fourth batch of AI models cleared (4 findings)"]
    assert "Traceback" not in log
