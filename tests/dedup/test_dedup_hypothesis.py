"""story_signature, content_fingerprint and StoryIndex.add never raise on arbitrary text."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.dedup import Signature, StoryIndex, content_fingerprint, story_signature

# Arbitrary unicode, plus text built from the pieces the parsers look at (digits, separators,
# Chinese numerals and counters, ordinals, full-width forms) so those paths are reached often.
PIECES = st.sampled_from(
    ["1", "14", "1,200", "3.5", "2024-01-17", "0123456789", "第", "十四", "四十余", "一", "批", "款", "万", "fourth",
     "batch", " ", "\n", "，", "。", "Ｆｕｌｌ", "中", "AI", "_", "\u0301", "\U0001f600", "\x00", "٣", "①"]
)
TEXT = st.one_of(st.text(max_size=400), st.lists(PIECES, max_size=200).map("".join))


@settings(max_examples=200, deadline=None)
@given(title=TEXT, text=TEXT)
def test_signature_and_fingerprint_never_raise(title: str, text: str) -> None:
    sig = story_signature(title, text)
    assert Signature.from_bytes(sig).to_bytes() == sig
    assert len(content_fingerprint(title, text)) == 64


@settings(max_examples=100, deadline=None)
@given(docs=st.lists(st.tuples(TEXT, TEXT, st.none() | st.datetimes(timezones=st.just(dt.timezone.utc))), max_size=12))
def test_index_add_never_raises_and_returns_a_member_id(docs: list[tuple[str, str, dt.datetime | None]]) -> None:
    index = StoryIndex()
    for doc_id, (title, text, published) in enumerate(docs, start=1):
        cluster = index.add(doc_id, story_signature(title, text), published=published)
        assert 1 <= cluster <= doc_id
        assert index.add(doc_id, story_signature(title, text)) == cluster
