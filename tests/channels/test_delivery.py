"""Immediate alerts through the channel outbox, end to end: real feed server, real run-once, real JSON webhook.

Apprise sends ``json://127.0.0.1:PORT/path`` URLs to a local http.server that records every POST; the
store is SQLite and PostgreSQL (``db_url``). Retries use small ``retry_delay`` values from the config,
and the test calls the same ``deliver`` the daemon's channel job calls, instead of sleeping minutes.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import MetaData, select

from monitor.channels.outbox import deliver
from monitor.cli import cli
from tests.channels.support import channel, channel_config, open_config
from tests.channels.webhook import webhook
from tests.outbox.support import BATCH_ITEM, LATER_ITEM, XML, news_feed, rss
from tests.support.httpserver import Response, TestServer

FINDING_KEYS = {"new_batch:4", "new_company:xiaomi", "new_company:4paradigm", "new_company:01.ai", "new_batch:5",
                "new_company:lanting-ai"}


def _run(path: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, [*args, "--config", str(path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _status(path: Path) -> dict[str, dict]:
    return {row["name"]: row for row in json.loads(_run(path, "channels", "--format", "json"))}


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_run_once_posts_one_message_per_story_carrying_its_idempotency_key(server: TestServer, tmp_path: Path,
                                                                           db_url: str) -> None:
    server.route("/news.xml", Response(body=rss(BATCH_ITEM, LATER_ITEM), content_type=XML))
    with webhook() as hook:
        path = channel_config(tmp_path, db_url, [channel("policy-team", hook.apprise_url("/hook"))],
                              sources=[news_feed("news", server.url("/news.xml"))])
        _run(path, "run-once")
        posts = hook.delivered()
        assert len(posts) == 2, [p.json for p in posts]  # two stories: the fourth batch and the fifth
        titles = sorted(p.json["title"] for p in posts)
        assert titles == ["A fifth batch of AI models (2 findings)", "Fourth batch of AI models cleared (4 findings)"]
        for post in posts:
            key = post.json["idempotency_key"]
            assert key.startswith("policy-team:story:") and post.headers["idempotency-key"] == key
            assert post.json["message"].endswith(f"idempotency key: {key}")
        body = "\n".join(p.json["message"] for p in posts)
        assert all(f"key: policy-team:{k}" in body for k in FINDING_KEYS)
        assert "confidence 0.50, 1 source: news" in body and "https://news.example.com/ai/fourth-batch" in body

        _run(path, "run-once", "--source", "news")  # nothing new: nothing sent again
        assert len(hook.posts) == 2
    status = _status(path)
    assert (status["policy-team"]["sent"], status["policy-team"]["pending"], status["policy-team"]["failed"]) == (6, 0, 0)
    assert status["policy-team"]["last_success"] is not None and status["email-digest"]["pending"] == 6


def test_a_webhook_answering_500_twice_gets_the_message_on_the_third_attempt(server: TestServer, tmp_path: Path,
                                                                            db_url: str) -> None:
    server.route("/news.xml", Response(body=rss(BATCH_ITEM), content_type=XML))
    with webhook(statuses=[500, 500]) as hook:
        path = channel_config(tmp_path, db_url, [channel("team", hook.apprise_url(), retry_delay=0.3)],
                              sources=[news_feed("news", server.url("/news.xml"))])
        started = time.monotonic()
        _run(path, "run-once")
        assert [p.status for p in hook.posts] == [500]
        status = _status(path)["team"]
        assert status["pending"] == 4 and "500" in status["last_error"] and status["next_retry"] is not None

        config, store = open_config(path)
        try:
            while not hook.delivered() and time.monotonic() - started < 30:
                deliver(config, store)  # what the daemon's channel job does every ~30 s
                time.sleep(0.05)
            [message] = store.channel_messages("team")
        finally:
            store.close()
        assert [p.status for p in hook.posts] == [500, 500, 200]
        assert len({p.key for p in hook.posts}) == 1  # every attempt carried the same key
        gaps = [b.at - a.at for a, b in zip(hook.posts, hook.posts[1:])]
        assert gaps[0] >= 0.3 and gaps[1] >= 0.6, gaps  # 0.3 s, then doubled
        assert (message.status, message.attempts, message.last_error) == ("sent", 3, "Failed to send JSON POST "
                                                                          "notification: Internal server error., "
                                                                          "error=500.")
    assert _status(path)["team"]["sent"] == 4


def test_a_message_is_given_up_after_max_attempts_with_the_reason_shown(server: TestServer, tmp_path: Path,
                                                                       db_url: str) -> None:
    server.route("/news.xml", Response(body=rss(BATCH_ITEM), content_type=XML))
    with webhook(statuses=[503] * 20) as hook:
        path = channel_config(tmp_path, db_url, [channel("team", hook.apprise_url(), retry_delay=0.05, max_attempts=3)],
                              sources=[news_feed("news", server.url("/news.xml"))])
        _run(path, "run-once")
        config, store = open_config(path)
        try:
            deadline = time.monotonic() + 20
            while store.channel_messages("team")[0].status == "pending" and time.monotonic() < deadline:
                deliver(config, store)
                time.sleep(0.05)
            deliver(config, store)
        finally:
            store.close()
        assert len(hook.posts) == 3
    status = _status(path)["team"]
    assert (status["pending"], status["sent"], status["failed"]) == (0, 0, 4)
    assert status["last_error"].startswith("gave up after 3 attempts: ") and "503" in status["last_error"]
    table = _run(path, "channels")
    assert "gave up after 3 attempts" in table and "team" in table and "email-digest" in table


def test_kinds_and_confidence_choose_findings_and_a_dead_channel_stops_neither_the_others_nor_the_run(
        server: TestServer, tmp_path: Path, db_url: str) -> None:
    server.route("/news.xml", Response(body=rss(BATCH_ITEM, LATER_ITEM), content_type=XML))
    with webhook() as hook:
        path = channel_config(tmp_path, db_url, [
            channel("dead", f"json://127.0.0.1:{_closed_port()}/hook"),
            channel("batches", hook.apprise_url("/batches"), kinds=["new_batch"]),
            channel("sure-only", hook.apprise_url("/sure"), min_confidence=0.9),
        ], sources=[news_feed("news", server.url("/news.xml"))])
        _run(path, "run-once")  # exit status 0 although one channel is down
        assert sorted(p.key for p in hook.posts) == ["batches:new_batch:4", "batches:new_batch:5"]
        assert all(p.path == "/batches" for p in hook.posts)
    status = _status(path)
    assert status["dead"]["pending"] == 6 and "onnection" in status["dead"]["last_error"]
    assert (status["batches"]["sent"], status["sure-only"]["sent"], status["sure-only"]["pending"]) == (2, 0, 0)


def test_a_channel_added_later_does_not_replay_the_findings_raised_before_it(server: TestServer, tmp_path: Path,
                                                                           db_url: str) -> None:
    server.route("/news.xml", Response(body=rss(BATCH_ITEM), content_type=XML),
                 Response(body=rss(BATCH_ITEM), content_type=XML), Response(body=rss(BATCH_ITEM, LATER_ITEM), content_type=XML))
    with webhook() as hook:
        path = channel_config(tmp_path, db_url, [], sources=[news_feed("news", server.url("/news.xml"))])
        _run(path, "run-once")
        path = channel_config(tmp_path, db_url, [channel("late", hook.apprise_url())],
                              sources=[news_feed("news", server.url("/news.xml"))])
        _run(path, "run-once", "--source", "news")
        assert hook.posts == []
        _run(path, "run-once", "--source", "news")  # the fifth batch is news now
        assert [p.json["title"] for p in hook.posts] == ["A fifth batch of AI models (2 findings)"]


def test_a_secret_reaches_the_service_and_nothing_else(server: TestServer, tmp_path: Path, db_url: str,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    secret = "s3cr3t-t0ken-4f9a"
    monkeypatch.setenv("HOOK_TOKEN", secret)
    server.route("/news.xml", Response(body=rss(BATCH_ITEM), content_type=XML))
    caplog.set_level("DEBUG")
    with webhook(statuses=[500]) as hook:
        path = channel_config(tmp_path, db_url, [channel("hook", f"json://127.0.0.1:{hook.port}/${{HOOK_TOKEN}}",
                                                         retry_delay=0.05)],
                              sources=[news_feed("news", server.url("/news.xml"))])
        # The real log output, at debug level, of a run whose first attempt fails.
        done = subprocess.run([sys.executable, "-m", "monitor", "-vv", "run-once", "--config", str(path)],
                              capture_output=True, text=True, timeout=120, env={**os.environ, "HOOK_TOKEN": secret})
        assert done.returncode == 0, done.stderr
        assert "channel message not sent" in done.stderr and "error=500" in done.stderr
        assert secret not in done.stderr and secret not in done.stdout
        time.sleep(0.1)
        config, store = open_config(path)
        try:
            deliver(config, store)
            # Every value of every row of every table: the secret is in none.
            metadata = MetaData()
            metadata.reflect(store.engine)
            with store.engine.connect() as connection:
                stored = [str(row) for table in metadata.sorted_tables for row in connection.execute(select(table))]
        finally:
            store.close()
        assert [p.path for p in hook.posts] == [f"/{secret}", f"/{secret}"]  # it was used, for sending
    assert stored and not any(secret in row for row in stored)
    # pytest attaches its capture to the apprise logger itself; the project's own handlers never see it.
    ours = [r for r in caplog.records if not r.name.startswith(("apprise", "urllib3"))]
    assert any("channel message sent" in r.getMessage() for r in ours)
    assert not any(secret in r.getMessage() or secret in str(r.__dict__) for r in ours)
    for fmt in ("table", "json"):
        shown = _run(path, "channels", "--format", fmt)
        assert secret not in shown and "HOOK_TOKEN" in shown  # the variable's name (a table may fold the URL)


def test_a_digest_channel_gets_one_message_at_the_digest_and_nothing_at_runs(server: TestServer, smtp, tmp_path: Path,
                                                                            db_url: str) -> None:
    server.route("/news.xml", Response(body=rss(BATCH_ITEM, LATER_ITEM), content_type=XML))
    with webhook() as hook:
        path = channel_config(tmp_path, db_url, [channel("daily", hook.apprise_url("/daily"), when="digest")],
                              sources=[news_feed("news", server.url("/news.xml"))],
                              digest={"smtp_host": "127.0.0.1", "smtp_port": smtp.port, "timeout": 5.0})
        _run(path, "run-once")
        assert hook.posts == []  # a digest channel waits for the digest
        _run(path, "digest", "send")
        [post] = hook.delivered()
        assert post.key.startswith("daily:digest:") and "6 new findings" in post.json["title"]
        assert "## Fourth batch of AI models cleared" in post.json["message"]
        assert "## A fifth batch of AI models" in post.json["message"]
        _run(path, "digest", "send")
        assert len(hook.posts) == 1 and len(smtp.received) == 1
    status = _status(path)
    assert status["daily"]["sent"] == 6 and status["email-digest"]["sent"] == 6


def test_a_key_in_chinese_is_exact_in_the_body_and_percent_encoded_in_the_header(tmp_path: Path, db_url: str) -> None:
    from tests.channels.support import NOW, add_story, company

    with webhook() as hook:
        path = channel_config(tmp_path, db_url, [channel("team", hook.apprise_url())])
        config, store = open_config(path)
        try:
            store.register_channels(["team"], now=NOW)
            add_story(store, "wire", "xiaomi", [company("小米科技")], cluster=None, title="小米获批 <b>生成式</b>")
            report = deliver(config, store)
        finally:
            store.close()
    [post] = hook.delivered()
    assert len(report.sent) == 1 and post.key == "team:new_company:小米科技"
    assert post.headers["idempotency-key"] == "team:new_company:%E5%B0%8F%E7%B1%B3%E7%A7%91%E6%8A%80"
    assert post.json["title"] == "小米获批 <b>生成式</b>"  # text, as written: the receiver decides how to show it
