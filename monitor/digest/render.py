"""Render a :class:`Digest` to plain text and to HTML with inline CSS, from Jinja2 templates.

Autoescaping is on for every template but the ``.txt`` one: titles and snippets come from
articles and are untrusted, and the HTML part must show ``<script>`` as text, never run it.
Styles are inline attributes only, since mail clients strip ``<style>`` blocks and images.
"""

from __future__ import annotations

import datetime as dt
import functools
import textwrap
import unicodedata

import jinja2

from .records import Digest

TEXT_WIDTH = 76


def when(value: dt.datetime | dt.date | None, missing: str = "undated") -> str:
    """A date as ISO, a datetime to the minute with its UTC offset, or ``missing``."""
    if value is None:
        return missing
    if isinstance(value, dt.datetime):
        # isoformat, not strftime: a tenth of the web view's findings page went to strftime.
        text = value.isoformat(" ", "minutes")  # "2024-01-25 08:00", then "+08:00" when aware
        stamp, offset = text[:16], text[16:22]
        if value.tzinfo is None or not offset:
            return stamp
        return f"{stamp} UTC" if offset == "+00:00" else f"{stamp} UTC{offset}"
    return value.isoformat()


def wrap(text: str, indent: int, first: str | None = None) -> str:
    """Wrap prose for the text part. Over-long words are broken too (a 600-char token or a CJK
    sentence without spaces would otherwise make one huge line); links sit on their own lines,
    outside this filter, so they are never broken."""
    prefix = " " * indent
    # textwrap counts characters; Chinese characters take two columns each.
    wide = sum(1 for ch in text if unicodedata.east_asian_width(ch) in "WF")
    width = TEXT_WIDTH if wide * 2 < len(text) else TEXT_WIDTH // 2 + indent
    return textwrap.fill(text, width=width, initial_indent=first if first is not None else prefix,
                         subsequent_indent=prefix, break_long_words=True, break_on_hyphens=False)


@functools.lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("monitor.digest", "templates"),
        # Everything is escaped unless it is the plain-text template; default True so a new
        # template (or a string template) is safe before anyone thinks about it.
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), disabled_extensions=("txt",),
                                            default_for_string=True, default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["when"] = when
    env.filters["wrap"] = wrap
    return env


def render_text(digest: Digest) -> str:
    """The plain-text part: every finding with its summary, dataset fact, sources and links."""
    return _environment().get_template("digest.txt").render(digest=digest)


def render_html(digest: Digest) -> str:
    """The HTML part: a complete page with inline CSS, a table-drawn chart, no images or scripts."""
    return _environment().get_template("digest.html").render(digest=digest)
