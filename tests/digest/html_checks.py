"""Inspect rendered digest HTML with a real parser, so checks see tags and attributes as a browser would."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

ACTIVE_TAGS = {"script", "style", "iframe", "object", "embed", "img", "form", "input", "link", "svg", "base", "frame"}


@dataclass
class HtmlFacts:
    tags: list[str] = field(default_factory=list)
    attrs: list[tuple[str, str, str | None]] = field(default_factory=list)  # (tag, name, value)
    hrefs: list[str] = field(default_factory=list)
    text: str = ""


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.facts = HtmlFacts()
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.facts.tags.append(tag)
        for name, value in attrs:
            self.facts.attrs.append((tag, name, value))
            if name in ("href", "src", "action", "formaction", "background"):
                self.facts.hrefs.append(value or "")

    def handle_data(self, data: str) -> None:
        self._text.append(data)


def parse_html(html: str) -> HtmlFacts:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    collector.facts.text = "".join(collector._text)
    return collector.facts


def assert_inert(html: str) -> HtmlFacts:
    """No active elements, no event handlers, only http(s) links; returns the facts for more checks."""
    facts = parse_html(html)
    active = sorted(set(facts.tags) & ACTIVE_TAGS)
    assert not active, f"active elements in digest HTML: {active}"
    handlers = [(tag, name) for tag, name, _ in facts.attrs if name.startswith("on")]
    assert not handlers, f"event-handler attributes in digest HTML: {handlers}"
    refresh = [value for _, name, value in facts.attrs if name == "http-equiv"]
    assert not refresh, f"http-equiv in digest HTML: {refresh}"
    bad_links = [h for h in facts.hrefs if not h.startswith(("http://", "https://"))]
    assert not bad_links, f"non-http(s) links in digest HTML: {bad_links}"
    return facts
