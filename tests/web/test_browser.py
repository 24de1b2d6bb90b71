"""A real browser on the real server: Debian's Chromium driven by Playwright (never a downloaded browser).

It reads the Chinese title, accepts a finding by clicking and ticks all with the page's script (allowed by
the CSP because it is a file of ours); a finding titled ``<script>...</script>`` runs nothing. Skips, with
the reason, where /usr/bin/chromium is missing or cannot start (.ci/run installs it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest

from tests.web.conftest import Served
from tests.web.support import CHINESE_TITLE

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's Chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        pytest.skip("the playwright package is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        try:
            launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        except Error as exc:
            pytest.skip(f"Chromium at {CHROMIUM} could not be started: {str(exc).strip().splitlines()[0]}")
        try:
            yield launched
        finally:
            launched.close()


def status_of(served: Served, finding_id: int) -> str:
    (view,) = served.store.list_findings(status="all", ids=[finding_id])
    return view.status


def test_review_by_clicking(served: Served, browser: Any) -> None:
    page = browser.new_page()
    page.goto(served.base + "/")
    assert page.get_by_role("heading", name=CHINESE_TITLE).is_visible()
    assert page.get_by_role("link", name=CHINESE_TITLE).first.is_visible()

    batch = served.ids["batch"]
    page.locator(f"#finding-{batch} button.accept").click()
    page.wait_for_url("**/?reviewed=1&as=accepted")
    assert page.get_by_role("status").inner_text() == "1 finding accepted."
    assert status_of(served, batch) == "accepted"
    assert page.locator(f"#finding-{batch}").count() == 0  # gone from the new findings

    # "all on this page" is the page's own script file: it runs under the CSP and ticks every box.
    page.locator("#select-all").check()
    boxes = page.locator('input[type="checkbox"][name="id"]')
    assert boxes.count() == 3 and all(boxes.nth(i).is_checked() for i in range(3))
    page.get_by_role("button", name="Dismiss ticked").click()
    page.wait_for_url("**/?reviewed=3&as=dismissed")
    assert [status_of(served, served.ids[name]) for name in ("company", "hostile", "total")] == ["dismissed"] * 3


def test_script_in_a_title_runs_nothing(served: Served, browser: Any) -> None:
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in ("/", f"/findings/{served.ids['hostile']}"):
        page.goto(served.base + path)
        page.wait_for_load_state("load")
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.get_by_text("<script>window.__pwned = 1;", exact=False).first.is_visible()  # shown as text
    assert dialogs == []
