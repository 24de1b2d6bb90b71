"""A real JSON webhook on 127.0.0.1 (http.server in a thread) that records every POST: body and headers.

    with webhook(statuses=[500, 500]) as hook:     # answers 500 twice, then 200
        url = hook.apprise_url("/hook")            # json://127.0.0.1:PORT/hook
        ...
        hook.posts -> [Post(path, headers, json), ...]

``delay`` holds every answer that long (seconds) after the POST is recorded: the crash test uses it to
widen the window in which a sender is killed after the receiver has the message and before it marks it.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Iterator, Mapping


@dataclass(frozen=True)
class Post:
    path: str
    headers: Mapping[str, str]  # lower-cased names
    json: dict[str, Any]
    status: int  # what the hook answered
    at: float  # time.monotonic()

    @property
    def key(self) -> str:
        return str(self.json.get("idempotency_key"))


class Webhook:
    def __init__(self, statuses: list[int] | None = None, delay: float = 0.0) -> None:
        self.statuses = list(statuses or [])  # answered in turn, then 200
        self.delay = delay
        self.posts: list[Post] = []
        self.lock = threading.Lock()
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                if len(raw) < length:
                    # The sender died in the middle of its request (test_crash kills it at random points): a receiver
                    # has no message from a body cut short, and answers nobody
                    return
                with hook.lock:
                    status = hook.statuses.pop(0) if hook.statuses else 200
                    try:
                        body = json.loads(raw.decode("utf-8"))
                    except ValueError:
                        body = {"unparsed": raw.decode("utf-8", "replace")}
                    hook.posts.append(Post(self.path, {k.lower(): v for k, v in self.headers.items()}, body, status,
                                           time.monotonic()))
                if hook.delay:  # the hook has the message; the sender waits for the answer meanwhile
                    time.sleep(hook.delay)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "text/plain")
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"ok")
                except (BrokenPipeError, ConnectionResetError):  # the sender was killed while it waited
                    pass

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def apprise_url(self, path: str = "/hook") -> str:
        return f"json://127.0.0.1:{self.port}{path}"

    def delivered(self) -> list[Post]:
        """The POSTs the hook accepted (answered 2xx)."""
        with self.lock:
            return [p for p in self.posts if 200 <= p.status < 300]

    def wait_for(self, count: int, timeout: float) -> list[Post]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.delivered()) >= count:
                return self.delivered()
            time.sleep(0.05)
        raise AssertionError(f"{len(self.delivered())} of {count} posts delivered in {timeout} s: {self.posts}")


@contextlib.contextmanager
def webhook(statuses: list[int] | None = None, delay: float = 0.0) -> Iterator[Webhook]:
    hook = Webhook(statuses, delay)
    hook._thread.start()
    try:
        yield hook
    finally:
        hook.server.shutdown()
        hook.server.server_close()
