"""`monitor demo`: the whole pipeline, offline, against a bundled corpus served on 127.0.0.1.

The corpus (``data/``) is invented: three feeds (English RSS and Atom, Chinese RSS) that carry
edited copies of one story about a fourth approval batch, negatives (chip export licences, a phone
launch, deep-synthesis *algorithm* filings), and a regulator-style listing page with article
pages. The dataset is replayed as of 2023-12-31, so the January 2024 stories show as findings.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Iterator

import tomli_w

from monitor.config import DEFAULT_CONFIG_PATH, load_config

DATA = Path(__file__).resolve().parent / "data"
DEMO_AS_OF = "2023-12-31"


class _QuietHandler(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".xml": "application/xml", ".htm": "text/html"}

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass


@contextlib.contextmanager
def serve_corpus(directory: Path = DATA) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (an ephemeral port) until the block ends; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, name="demo-http", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def demo_config(base_url: str, workdir: Path) -> Path:
    bundled = load_config(DEFAULT_CONFIG_PATH)
    local = {"interval": "30m", "allow_private_network": True}
    data: dict[str, Any] = {
        "database_url": f"sqlite:///{workdir / 'demo.db'}",
        "rules": str(bundled.rules),
        "dataset": str(bundled.dataset),
        "dataset_as_of": dt.date.fromisoformat(DEMO_AS_OF),
        "source": [
            {"name": "global-tech-wire", "kind": "feed", "url": f"{base_url}/wire.xml", "language": "en", **local},
            {"name": "tech-daily", "kind": "feed", "url": f"{base_url}/techdaily.xml", "language": "en", **local},
            {"name": "zh-tech-daily", "kind": "feed", "url": f"{base_url}/zh.xml", "language": "zh", **local},
            {"name": "demo-regulator", "kind": "page", "url": f"{base_url}/regulator/index.html",
             "link_selector": "ul.news a.headline", "language": "zh", **local},
        ],
    }
    path = workdir / "monitor.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


@contextlib.contextmanager
def demo_environment() -> Iterator[Path]:
    """A served corpus and a config in a temporary directory; yields the config path."""
    with tempfile.TemporaryDirectory(prefix="monitor-demo-") as tmp, serve_corpus() as base_url:
        yield demo_config(base_url, Path(tmp))
