"""What a person sees on a terminal: log lines above the progress bar (not inside it), each failed source
once, a `monitor demo` hint only when nothing could be reached, a private-address refusal that says
how to allow it, a mentions snippet centred on what was read, and -v after the command too.

The run-once tests are real processes against a real HTTP server; the progress-bar test runs
monitor on a pseudo-terminal, where rich draws the bar."""

from __future__ import annotations

import os
import pty
import re
import select
import socket
import subprocess
import sys
from pathlib import Path

from monitor.output import snippet_around
from monitor.records import Mention
from tests.support.configs import feed, write_config
from tests.support.httpserver import Response, TestServer

REPO = Path(__file__).resolve().parents[2]
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def closed_port_url() -> str:
    with socket.socket() as probe:  # bound, never listening: connection refused
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}/feed.xml"


def monitor(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOR_")}
    return subprocess.run([sys.executable, "-m", "monitor", *args], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=120)


def test_each_failure_once_and_verbose_after_the_command(tmp_path: Path) -> None:
    config = write_config(tmp_path, f"sqlite:///{tmp_path / 'm.db'}",
                          [feed("down-a", closed_port_url()), feed("down-b", closed_port_url())], fetch={"retries": 0})
    quiet = monitor("run-once", "--config", str(config))
    assert quiet.returncode == 1, quiet.stderr
    assert "source failed" not in quiet.stderr, quiet.stderr  # the table has them
    assert quiet.stdout.count("connection refused") == 2, quiet.stdout
    names = ("--source", "down-a", "--source", "down-b")  # failed sources wait out a backoff; named ones run
    loud = monitor("run-once", "--config", str(config), *names, "-v")  # -v after the command
    assert loud.returncode == 1, loud.stderr
    assert loud.stderr.count("source failed: connection refused") == 2, loud.stderr
    assert " INFO " in loud.stderr
    before = monitor("-v", "run-once", "--config", str(config), *names)  # and before it, as always
    assert before.stderr.count("source failed") == 2, before.stderr


def test_demo_hint_only_when_nothing_answered(tmp_path: Path, server: TestServer) -> None:
    server.route("/page.html", Response(body=b"<html><body><p>Not a feed</p></body></html>", content_type="text/html"))
    answered = write_config(tmp_path, f"sqlite:///{tmp_path / 'a.db'}",
                            [feed("missing", server.url("/missing.xml")), feed("html", server.url("/page.html"))],
                            fetch={"retries": 0})
    result = monitor("run-once", "--config", str(answered))
    assert result.returncode == 1 and "HTTP 404" in result.stdout, result.stdout
    assert "monitor demo" not in result.stdout, result.stdout  # the network works; the URLs do not

    unreachable = tmp_path / "offline"
    unreachable.mkdir()
    config = write_config(unreachable, f"sqlite:///{unreachable / 'b.db'}", [feed("down", closed_port_url())],
                          fetch={"retries": 0})
    offline = monitor("run-once", "--config", str(config))
    assert offline.returncode == 1 and "`monitor demo`" in offline.stdout, offline.stdout


def test_private_address_refusal_names_the_setting(tmp_path: Path, server: TestServer) -> None:
    config = write_config(tmp_path, f"sqlite:///{tmp_path / 'm.db'}",
                          [feed("lan", server.url("/feed.xml"), allow_private_network=False)], fetch={"retries": 0})
    result = monitor("run-once", "--config", str(config), "--json")
    assert result.returncode == 1, result.stderr
    assert "allow_private_network = true" in result.stdout, result.stdout


def test_snippet_is_centred_on_the_number_read() -> None:
    sentence = ("Officials in Beijing said on Monday, after weeks of review by several agencies in 2014 and again "
                "this winter, that the regulator had approved 14 more generative AI models in its fourth batch, "
                "bringing the total past 40, according to a statement published on the agency's website.")
    mention = Mention(kind="approval_batch", rule="batch", snippet=sentence, batch=4, count=14, count_qualifier="exact")
    shown = snippet_around(mention, 60)
    assert "approved 14 more" in shown and shown.startswith("…") and shown.endswith("…")
    assert len(shown) <= 62
    short = Mention(kind="approval_batch", rule="batch", snippet="14 models approved.", count=14)
    assert snippet_around(short, 60) == "14 models approved."


def test_log_lines_land_above_the_progress_bar(tmp_path: Path, server: TestServer) -> None:
    server.route("/slow.xml", Response(body=b"<rss version='2.0'><channel><title>t</title></channel></rss>",
                                       content_type="application/rss+xml", delay=1.5))
    config = write_config(tmp_path, f"sqlite:///{tmp_path / 'm.db'}",
                          [feed("down", closed_port_url()), feed("slow", server.url("/slow.xml"))], fetch={"retries": 0})
    leader, follower = pty.openpty()
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("MONITOR_")}, "COLUMNS": "200", "TERM": "xterm"}
    proc = subprocess.Popen([sys.executable, "-m", "monitor", "run-once", "--config", str(config), "-v"], cwd=REPO,
                            env=env, stdin=follower, stdout=follower, stderr=follower, close_fds=True)
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the other side closed: the process ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=60)
    os.close(leader)
    screen = b"".join(chunks).decode("utf-8", "replace")
    assert "fetching" in screen, screen  # the bar was drawn
    # What stays on a line after the terminal handled the carriage returns: the text after the last one.
    lines = [ANSI.sub("", line).rstrip("\r").split("\r")[-1] for line in screen.split("\n") if "source failed" in line]
    assert lines, screen
    for line in lines:  # a line of its own, not glued to the bar's text
        assert re.match(r"\d{4}-\d{2}-\d{2} ", line), repr(line)
