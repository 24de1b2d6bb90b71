"""Media RSS captions kept apart from an entry's own description, in feedparser's output.

feedparser reads ``<media:description>`` (the caption of an item's photo or video) as one more
``<description>``: the first description-like element of an item becomes its ``summary`` and the
next its ``content``, so an item with a caption gets the caption as its content (caption after the
description) or as its summary (caption first), and nothing in the result tells which is which. A
news feed whose items carry a photo then hands the caption over as the longer text.

:func:`install` gives feedparser handlers of its own for that element (feedparser dispatches
``<media:description>`` to the ``_start_media_description`` / ``_end_media_description`` methods
of its Media RSS namespace class, the extension point it has for elements), so the captions land
under their own key, ``media_descriptions``: a list (an item with a gallery has one per picture) of
``{"type", "value"}`` like feedparser's ``content``, the type "text/plain" (Media RSS's default) or
"text/html". ``summary`` and ``content`` then hold the item's own text. Both of feedparser's
parsers (strict and loose) dispatch through that class.
"""

from __future__ import annotations

from typing import Any

from feedparser.namespaces import mediarss


def _start_media_description(self: Any, attrs_d: dict[str, str]) -> None:
    self.push_content("media_description", attrs_d, "text/plain", self.infeed or self.inentry or self.insource)


def _end_media_description(self: Any) -> None:
    if self.pop_content("media_description") is None:
        return  # not the element that is open (broken nesting): nothing was read
    # pop() left the value and its type in media_description_detail (the last caption only): keep each
    context = self._get_context()
    detail = context.get("media_description_detail")
    if detail is not None and detail.get("value"):
        context.setdefault("media_descriptions", []).append({"type": detail.get("type"), "value": detail["value"]})


def install() -> None:
    mediarss.Namespace._start_media_description = _start_media_description  # type: ignore[attr-defined]
    mediarss.Namespace._end_media_description = _end_media_description  # type: ignore[attr-defined]
