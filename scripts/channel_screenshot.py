"""The README's picture of a channel message: the demo corpus run with a JSON webhook channel, and the
message the webhook received, shown as a chat client would show it, written to docs/channel-message.png.

    .venv/bin/python scripts/channel_screenshot.py [--output docs/channel-message.png]

Real parts: the demo corpus served on 127.0.0.1, `monitor run-once` with a `[[channel]]` whose URL is
`json://127.0.0.1:PORT/hook`, Apprise posting to a local receiver, and Debian's Chromium rendering the
received title and body (nothing is composed here but the frame around them). Needs /usr/bin/chromium
and a font with Chinese glyphs (fonts-wqy-zenhei or fonts-noto-cjk). Offline.
"""

from __future__ import annotations

import argparse
import html
import json
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

FRAME = """<!doctype html><meta charset="utf-8"><style>
body {{ font-family: sans-serif; background: #f4f4f6; margin: 0; padding: 24px; }}
.card {{ background: #fff; border-left: 4px solid #1a5aa6; border-radius: 6px; padding: 14px 18px; max-width: 860px;
        box-shadow: 0 1px 3px rgba(0,0,0,.12); }}
.who {{ color: #555; font-size: 13px; margin-bottom: 6px; }} .title {{ font-weight: bold; font-size: 16px; }}
pre {{ white-space: pre-wrap; font-family: inherit; font-size: 14px; line-height: 1.45; margin: 8px 0 0; }}
</style><div class="card"><div class="who">monitor &rarr; #policy-team (JSON webhook, as received; key in header
Idempotency-Key: {key})</div><div class="title">{title}</div><pre>{body}</pre></div>"""


class _Receiver(BaseHTTPRequestHandler):
    received: list[tuple[dict, str]] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.received.append((json.loads(body), self.headers.get("Idempotency-Key", "")))
        self.send_response(200)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "channel-message.png")
    args = parser.parse_args()
    import tomli_w
    import tomllib

    from monitor.demo import demo_config, serve_corpus

    hook = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    threading.Thread(target=hook.serve_forever, daemon=True).start()
    with tempfile.TemporaryDirectory(prefix="channel-shot-") as directory, serve_corpus() as base_url:
        path = demo_config(base_url, Path(directory))
        config = tomllib.loads(path.read_text(encoding="utf-8"))
        config["channel"] = [{"name": "policy-team", "url": f"json://127.0.0.1:{hook.server_address[1]}/hook",
                              "when": "immediate"}]
        path.write_text(tomli_w.dumps(config), encoding="utf-8")
        subprocess.run([sys.executable, "-m", "monitor", "run-once", "--config", str(path)], check=True,
                       stdout=subprocess.DEVNULL, cwd=ROOT)
    hook.shutdown()
    if not _Receiver.received:
        print("the webhook received nothing", file=sys.stderr)
        return 1
    message, key = _Receiver.received[0]
    page = FRAME.format(key=html.escape(key), title=html.escape(message.get("title", "")),
                        body=html.escape(message.get("message", "")))
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        tab = browser.new_page(viewport={"width": 940, "height": 400})
        tab.set_content(page)
        tab.locator(".card").screenshot(path=str(args.output))
        browser.close()
    print(f"wrote {args.output} ({len(_Receiver.received)} messages received, the first shown)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
