"""render_text / render_html: golden text, complete content in both parts, inert HTML."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tests.digest.digest_samples import DAY, NOW, hostile_items, sample_digest, sample_items
from tests.digest.html_checks import assert_inert, parse_html

from monitor.digest import build_digest, render_html, render_text

EXPECTED_TXT = Path(__file__).resolve().parents[1] / "data" / "digest" / "expected.txt"
# To update after an intended change, from the repo root, then review the diff by eye:
#   .venv/bin/python -c "import sys; sys.path.insert(0, 'tests/digest'); from digest_samples import sample_digest;
#   from monitor.digest import render_text; open('tests/data/digest/expected.txt', 'w').write(render_text(sample_digest()))"


def test_text_part_matches_the_golden_file() -> None:
    assert render_text(sample_digest()) == EXPECTED_TXT.read_text(encoding="utf-8")


def _input_links() -> set[str]:
    # From the inputs, not the built digest, so a link lost while building is caught.
    return {ev.url for item in sample_items() for ev in item.evidence}


def test_both_parts_hold_every_finding_summary_fact_and_link() -> None:
    digest = sample_digest()
    text, facts = render_text(digest), parse_html(render_html(digest))
    assert len(_input_links()) == 4
    for item in sample_items():
        for part in (text, facts.text):
            assert item.finding.summary in " ".join(part.split())
            if item.finding.dataset_fact:
                assert item.finding.dataset_fact in " ".join(part.split())
    for url in _input_links():
        assert url in text.split()
        assert url in facts.hrefs
    assert "example-down" in text and "HTTP 503 from down.example.com" in facts.text
    assert "example-flaky" not in text and "example-flaky" not in facts.text


def test_html_uses_inline_styles_only_and_draws_the_chart_with_tables() -> None:
    html = render_html(sample_digest())
    facts = assert_inert(html)
    assert "style" not in facts.tags and "img" not in facts.tags and "class" not in {n for _, n, _ in facts.attrs}
    bar_widths = [value for tag, name, value in facts.attrs if tag == "td" and name == "width" and value
                  and value.endswith("%") and value != "100%"]
    assert bar_widths == ["15%", "48%", "77%"]  # the fourth bar is the tallest: 100%
    for label in ("2023-08-31", "2024-01-29", "52", "reported"):
        assert label in facts.text


def test_text_part_lists_the_chart_as_lines() -> None:
    text = render_text(sample_digest())
    assert "2024-01-29      52  ####################  (reported)" in text.splitlines()


def test_hostile_article_text_arrives_inert_in_html() -> None:
    digest = build_digest(hostile_items(), day=DAY, health=[], totals=[], digest_id=2, now=NOW)
    html = render_html(digest)
    facts = assert_inert(html)
    assert "<script" not in html.lower() and "<iframe" not in html.lower()
    # Shown as text, so a reader sees what the source tried.
    assert "<script>alert(1)</script>" in facts.text
    assert facts.hrefs == ["https://hostile.example.com/a"]
    assert html.count("link withheld") == 3


def test_hostile_article_text_is_bounded_in_the_text_part() -> None:
    digest = build_digest(hostile_items(), day=DAY, health=[], totals=[], digest_id=2, now=NOW)
    text = render_text(digest)
    assert max(len(line) for line in text.splitlines()) <= 100
    assert "javascript:alert(5)" not in text and "Bcc: evil@example.com" in text
    assert len(text) < 5_000
    assert "\r" not in text and "\x00" not in text and "\x1b" not in text


def test_nothing_new_digest_renders() -> None:
    digest = build_digest([], day=DAY, health=[], totals=[], digest_id=3, now=NOW)
    text, html = render_text(digest), render_html(digest)
    assert text.startswith("AI approvals monitor, 2024-01-29: nothing new\n")
    assert "Nothing new since the last digest." in text
    assert "Nothing new since the last digest." in parse_html(html).text
    assert_inert(html)


@pytest.mark.skipif(shutil.which("chromium") is None and not Path("/usr/bin/chromium").exists(),
                    reason="headless Chromium not installed (/usr/bin/chromium)")
def test_html_renders_in_headless_chromium(tmp_path: Path) -> None:  # pragma: no cover - needs chromium
    import subprocess

    page = tmp_path / "digest.html"
    page.write_text(render_html(sample_digest()), encoding="utf-8")
    shot = tmp_path / "shot.png"
    subprocess.run(["/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", f"--screenshot={shot}",
                    "--window-size=800,1200", page.as_uri()], check=True, capture_output=True, timeout=60)
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 10_000  # a blank page compresses to far less


def test_chinese_prose_wraps_by_display_width() -> None:
    from monitor.digest.render import wrap

    lines = wrap("又有十二款生成式人工智能服务完成备案。" * 8, 4).splitlines()
    assert len(lines) > 3 and all(len(line) <= 4 + 38 for line in lines)
