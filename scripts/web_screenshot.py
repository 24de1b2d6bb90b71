"""The README's picture of the web view: `monitor demo` kept in a temp directory, `monitor serve` on it,
and the findings page as Debian's Chromium renders it, written to docs/web-findings.png.

    .venv/bin/python scripts/web_screenshot.py [--output docs/web-findings.png]

Needs /usr/bin/chromium (apt-get install chromium) and a font with Chinese glyphs (fonts-wqy-zenhei or
fonts-noto-cjk), else the Chinese titles come out as boxes. Offline: the demo serves its own corpus.
"""

from __future__ import annotations

import argparse
import re
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "web-findings.png")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="web-shot-") as directory:
        kept = Path(directory) / "demo"
        subprocess.run([sys.executable, "-m", "monitor", "demo", "--keep", str(kept)], check=True,
                       stdout=subprocess.DEVNULL)
        server = subprocess.Popen([sys.executable, "-m", "monitor", "serve", "--config", str(kept / "monitor.toml"),
                                   "--port", "0"], stderr=subprocess.PIPE, text=True)
        try:
            assert server.stderr is not None
            base = re.search(r"(http://127\.0\.0\.1:\d+)/", server.stderr.readline()).group(1)  # type: ignore[union-attr]
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1180, "height": 900})
                page.goto(base + "/")
                page.locator("article.finding input[name=id]").nth(1).check()  # a ticked box, as in a review
                page.screenshot(path=str(args.output), full_page=True)
                browser.close()
        finally:
            server.send_signal(signal.SIGTERM)
            server.communicate(timeout=30)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
