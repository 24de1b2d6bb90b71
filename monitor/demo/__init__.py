"""`monitor demo`: the whole pipeline, offline, against a bundled corpus served on 127.0.0.1.

The corpus (``data/``) is invented: three feeds (English RSS and Atom, Chinese RSS) that carry
edited copies of one story about a fourth approval batch, negatives (chip export licences, a phone
launch, deep-synthesis *algorithm* filings), and a regulator-style listing page with article
pages. The dataset is replayed as of 2023-12-31, so the January 2024 stories show as findings.

``--keep DIR`` writes the database and the config into DIR instead of a temporary directory, with
copies of the rules and dataset beside them (as `monitor init` does), so the read commands, the
digest preview and reviews work on the demo's data afterwards, offline.
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
from monitor.starter import copy_rules_and_dataset, refuse_existing, rules_and_dataset

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


KEPT_NOTE = """\
# monitor demo --keep: the demo's config. Its sources were served by `monitor demo` on a port that is
# closed now, so `run-once` here fails; the read commands, `digest preview` and `dataset accept` work
# on the demo's database (demo.db beside this file). Paths are relative to this file.
"""


def demo_config(base_url: str, workdir: Path, *, keep: bool = False) -> Path:
    """The demo's config in ``workdir``; kept, it names its database and its copied files relatively."""
    bundled = load_config(DEFAULT_CONFIG_PATH)
    local = {"interval": "30m", "allow_private_network": True}
    if keep:
        copy_rules_and_dataset(workdir)
        files = {"database_url": "sqlite:///demo.db", "rules": "rules.toml", "dataset": "known/dataset.toml"}
    else:
        files = {"database_url": f"sqlite:///{workdir / 'demo.db'}", "rules": str(bundled.rules),
                 "dataset": str(bundled.dataset)}
    data: dict[str, Any] = {
        **files,
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
    path.write_text((KEPT_NOTE if keep else "") + tomli_w.dumps(data), encoding="utf-8")
    return path


@contextlib.contextmanager
def demo_environment(keep: Path | None = None) -> Iterator[Path]:
    """A served corpus and a config in a temporary directory, or in ``keep``; yields the config path."""
    if keep is not None:
        refuse_existing(keep, ("monitor.toml", "demo.db", *rules_and_dataset()))
        keep.mkdir(parents=True, exist_ok=True)
        with serve_corpus() as base_url:
            yield demo_config(base_url, keep, keep=True)
        return
    with tempfile.TemporaryDirectory(prefix="monitor-demo-") as tmp, serve_corpus() as base_url:
        yield demo_config(base_url, Path(tmp))
