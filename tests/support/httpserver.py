"""A real HTTP/1.1 server on 127.0.0.1 for tests, programmable per route, misbehaving on request.

It is a small asyncio server written for this purpose (not aiohttp or http.server) because the faults
tests need live below what a web framework lets a handler do: a Content-Length that lies, a reset in
the middle of a body, one byte a second. It runs its own event loop in a background thread, so it
serves sync tests and ``asyncio.run`` alike, and every connection is a task: a trickling response
never blocks another request.

    with serve() as server:
        server.route("/feed.xml", Response(500), Response(body=b"<rss/>", etag='"v1"'))
        url = server.url("/feed.xml")
        ...
        assert server.count("/feed.xml") == 2

Everything is bounded: delays and trickles end with their body, endless bodies are bounded
generators, and stopping the server cancels whatever is still running.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import http
import socket
import struct
import threading
import time
import zlib
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping

__all__ = ["RecordedRequest", "Response", "TestServer", "gzip_bomb", "serve"]

HOST = "127.0.0.1"


def gzip_bomb(inflated_size: int = 100 * 1024 * 1024) -> bytes:
    """A gzip body of about ``inflated_size / 1000`` bytes that inflates to ``inflated_size`` zero bytes."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(1 << 20)
    parts = [compressor.compress(block) for _ in range(inflated_size // len(block))]
    parts.append(compressor.compress(bytes(inflated_size % len(block))))
    parts.append(compressor.flush())
    return b"".join(parts)


@dataclass(frozen=True)
class Response:
    """What the server answers, and how badly it behaves while doing so.

    ``delay``: seconds before the status line. ``trickle``: body bytes per second. ``etag`` /
    ``last_modified``: sent, and a matching If-None-Match / If-Modified-Since gets a 304.
    ``gzip``: compress ``body`` and say so; ``content_encoding``: ``body`` is already encoded (a bomb).
    ``content_length``: the length declared, when it should differ from the truth. ``reset_after``:
    send that many body bytes, then reset the connection. ``chunks``: a factory of a (bounded) stream
    of body pieces sent chunked, ``chunk_delay`` apart. ``close``: close the connection afterwards.
    """

    status: int = 200
    body: bytes | str = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    content_type: str | None = "text/plain; charset=utf-8"
    delay: float = 0.0
    trickle: float | None = None
    etag: str | None = None
    last_modified: str | None = None
    gzip: bool = False
    content_encoding: str | None = None
    content_length: int | None = None
    reset_after: int | None = None
    chunks: Callable[[], Iterable[bytes]] | None = None
    chunk_delay: float = 0.0
    close: bool = False

    @classmethod
    def redirect(cls, location: str, status: int = 302) -> Response:
        return cls(status=status, headers={"Location": location}, content_type=None)

    @classmethod
    def file(cls, path: str | Path, content_type: str, **kwargs: object) -> Response:
        return cls(body=Path(path).read_bytes(), content_type=content_type, **kwargs)  # type: ignore[arg-type]

    @classmethod
    def bomb(cls, inflated_size: int = 100 * 1024 * 1024, **kwargs: object) -> Response:
        return cls(body=gzip_bomb(inflated_size), content_encoding="gzip", **kwargs)  # type: ignore[arg-type]

    def payload(self) -> bytes:
        raw = self.body.encode("utf-8") if isinstance(self.body, str) else self.body
        return gzip.compress(raw, mtime=0) if self.gzip else raw


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    query: str
    headers: Mapping[str, str]  # lower-cased names
    at: float  # time.monotonic() when the request head arrived


def _not_modified(response: Response, headers: Mapping[str, str]) -> bool:
    if response.etag and "if-none-match" in headers:
        wanted = [tag.strip().removeprefix("W/") for tag in headers["if-none-match"].split(",")]
        return "*" in wanted or response.etag.removeprefix("W/") in wanted
    if response.last_modified and "if-modified-since" in headers:
        try:
            return parsedate_to_datetime(headers["if-modified-since"]) >= parsedate_to_datetime(response.last_modified)
        except (TypeError, ValueError):
            return False
    return False


class TestServer:
    """The running server: routes, request log, counters. Thread-safe; use :func:`serve` to run one."""

    __test__ = False  # not a pytest test class

    def __init__(self) -> None:
        self.port = 0
        self._lock = threading.Lock()
        self._routes: dict[str, list[Response]] = {}
        self._log: list[RecordedRequest] = []
        self._in_flight = 0
        self._max_in_flight = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    # ---- what tests call -------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def url(self, path: str = "/") -> str:
        return f"{self.base_url}{path}"

    def route(self, path: str, *responses: Response) -> None:
        """Answer ``path`` with ``responses`` in order; the last one repeats. Unrouted paths get 404."""
        if not responses:
            raise ValueError("route() needs at least one Response")
        with self._lock:
            self._routes[path] = list(responses)

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._log)

    def requests_to(self, path: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path == path]

    def count(self, path: str) -> int:
        return len(self.requests_to(path))

    def transport(self) -> Any:
        """An httpx async transport that sends every request here, whatever host the URL names.

        Lets a test fetch ``http://93.184.216.34/page`` (a public address, so the private-address
        policy lets it through for real) and still reach this server: the URL, Host header and the
        policy checks are untouched, only the TCP connection goes to 127.0.0.1.
        """
        import httpx

        from monitor.fetch import FetchLimits
        from monitor.fetch.transport import default_transport

        port = self.port
        inner = default_transport(FetchLimits())  # the production transport, not a stand-in

        class _ToTestServer(httpx.AsyncBaseTransport):
            async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
                request.url = request.url.copy_with(scheme="http", host=HOST, port=port)
                return await inner.handle_async_request(request)

            async def aclose(self) -> None:
                await inner.aclose()

        return _ToTestServer()

    @property
    def max_in_flight(self) -> int:
        """The most requests the server was answering at one time."""
        with self._lock:
            return self._max_in_flight

    def reset(self) -> None:
        with self._lock:
            self._routes.clear()
            self._log.clear()
            self._max_in_flight = 0

    # ---- serving ---------------------------------------------------------------------------
    def _next_response(self, path: str) -> Response:
        with self._lock:
            queue = self._routes.get(path)
            if not queue:
                return Response(404, b"not found")
            return queue.pop(0) if len(queue) > 1 else queue[0]

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            while await self._one_request(reader, writer):
                pass
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
            pass
        finally:
            self._tasks.discard(task)
            writer.close()

    async def _one_request(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        head = await reader.readuntil(b"\r\n\r\n")
        request_line, *lines = head.decode("latin-1").split("\r\n")
        method, target, _version = request_line.split(" ", 2)
        headers = {}
        for line in filter(None, lines):
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if int(headers.get("content-length", "0") or 0):
            await reader.readexactly(int(headers["content-length"]))
        path, _, query = target.partition("?")
        with self._lock:
            self._log.append(RecordedRequest(method, path, query, headers, time.monotonic()))
            self._in_flight += 1
            self._max_in_flight = max(self._max_in_flight, self._in_flight)
        try:
            # A route may name a query too ('/download.jsp?id=7'): download links differ only there.
            response = self._next_response(target if target in self._routes else path)
            keep_alive = await self._respond(writer, response, headers, head_only=method == "HEAD")
        finally:
            with self._lock:
                self._in_flight -= 1
        return keep_alive and headers.get("connection", "").lower() != "close"

    async def _respond(self, writer: asyncio.StreamWriter, response: Response, request_headers: Mapping[str, str],
                       *, head_only: bool) -> bool:
        if response.delay:
            await asyncio.sleep(response.delay)
        status, body = response.status, response.payload()
        extra: dict[str, str] = {}
        if response.etag:
            extra["ETag"] = response.etag
        if response.last_modified:
            extra["Last-Modified"] = response.last_modified
        if _not_modified(response, request_headers):
            status, body = 304, b""
        elif response.gzip or response.content_encoding:
            extra["Content-Encoding"] = response.content_encoding or "gzip"
        if response.content_type and status != 304:
            extra["Content-Type"] = response.content_type
        streamed = response.chunks is not None and status != 304
        if streamed:
            extra["Transfer-Encoding"] = "chunked"
        else:
            declared = response.content_length if response.content_length is not None else len(body)
            extra["Content-Length"] = str(declared)
        lying = response.content_length is not None and response.content_length != len(body)
        extra.update(response.headers)
        reason = http.HTTPStatus(status).phrase if status in http.HTTPStatus._value2member_map_ else "Unknown"
        head = f"HTTP/1.1 {status} {reason}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in extra.items()) + "\r\n"
        writer.write(head.encode("latin-1"))
        await writer.drain()
        if head_only or status == 304:
            return not response.close
        if streamed:
            assert response.chunks is not None
            for piece in response.chunks():
                writer.write(b"%x\r\n%s\r\n" % (len(piece), piece) if piece else b"")
                await writer.drain()
                if response.chunk_delay:
                    await asyncio.sleep(response.chunk_delay)
            writer.write(b"0\r\n\r\n")
        elif response.reset_after is not None:
            writer.write(body[: response.reset_after])
            await writer.drain()
            sock = writer.get_extra_info("socket")
            if sock is not None:  # SO_LINGER 0: close() sends RST instead of FIN
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            writer.transport.abort()
            return False
        elif response.trickle:
            step = max(1, int(response.trickle // 10))
            for start in range(0, len(body), step):
                writer.write(body[start : start + step])
                await writer.drain()
                await asyncio.sleep(step / response.trickle)
        else:
            writer.write(body)
        await writer.drain()
        # After a lying Content-Length the connection is unusable: close it, as a broken server would.
        return not (response.close or lying)

    # ---- lifecycle -------------------------------------------------------------------------
    def _run(self, started: threading.Event) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop

        async def start() -> None:
            self._server = await asyncio.start_server(self._connection, HOST, 0, limit=1 << 16)
            self.port = self._server.sockets[0].getsockname()[1]

        try:
            loop.run_until_complete(start())
        finally:
            started.set()
        loop.run_forever()
        loop.close()

    async def _shutdown(self) -> None:
        assert self._server is not None
        self._server.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._server.wait_closed()

    @contextlib.contextmanager
    def running(self) -> Iterator[TestServer]:
        started = threading.Event()
        thread = threading.Thread(target=self._run, args=(started,), name="test-http-server", daemon=True)
        thread.start()
        if not started.wait(10) or not self.port:
            raise RuntimeError("test HTTP server did not start")
        try:
            yield self
        finally:
            loop = self._loop
            assert loop is not None
            asyncio.run_coroutine_threadsafe(self._shutdown(), loop).result(timeout=10)
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=10)


@contextlib.contextmanager
def serve() -> Iterator[TestServer]:
    """Start a :class:`TestServer` on 127.0.0.1 (ephemeral port) and stop it afterwards."""
    with TestServer().running() as server:
        yield server
