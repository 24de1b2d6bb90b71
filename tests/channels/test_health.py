"""Source health alerts: an outage announced once when it reaches failing_runs, its end once, never again
after a restart (every run-once below is a new process's worth of state: a new config and store)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from monitor.cli import cli
from tests.channels.support import channel, channel_config
from tests.channels.webhook import webhook
from tests.outbox.support import XML, news_feed, rss
from tests.support.httpserver import Response, TestServer


def _run_once(path: Path) -> None:
    result = CliRunner().invoke(cli, ["run-once", "--config", str(path), "--source", "wire"], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output  # 1: the only source failed


def test_an_outage_is_announced_once_and_its_recovery_once(server: TestServer, tmp_path: Path, db_url: str) -> None:
    server.route("/wire.xml", Response(503, body="down for maintenance"))
    with webhook() as hook:
        path = channel_config(tmp_path, db_url, [
            channel("ops", hook.apprise_url("/ops"), health_alerts=True, failing_runs=2),
            channel("news-only", hook.apprise_url("/news")),  # health_alerts off: hears nothing of it
        ], sources=[news_feed("wire", server.url("/wire.xml"))])

        _run_once(path)
        assert hook.posts == []  # one failure is below the threshold
        _run_once(path)
        [down] = hook.delivered()
        assert down.path == "/ops" and down.key.startswith("ops:health:wire:down:")
        assert "failing" in down.json["title"] and "failed 2 runs in a row" in down.json["message"]
        assert "503" in down.json["message"] and down.json["type"] == "warning"
        _run_once(path)
        _run_once(path)
        assert len(hook.posts) == 1  # the same outage, failing on: announced once

        server.route("/wire.xml", Response(body=rss(), content_type=XML))
        _run_once(path)
        [_, up] = hook.delivered()
        assert up.key == down.key.replace(":down:", ":up:") and "recovered" in up.json["title"]
        _run_once(path)
        assert len(hook.posts) == 2  # recovered, and said so once

        server.route("/wire.xml", Response(500))  # a new outage is a new announcement
        _run_once(path)
        _run_once(path)
        keys = [p.key for p in hook.delivered()]
        assert len(keys) == 3 and keys[2].startswith("ops:health:wire:down:") and keys[2] != keys[0]
        assert all(p.path == "/ops" for p in hook.posts)
