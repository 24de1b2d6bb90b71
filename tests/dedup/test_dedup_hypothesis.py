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


# Characters that compose or reorder under NFKC (combining marks, Hangul jamo, kana voicing marks, Indic vowel
# signs), full-width and compatibility forms, beside the ASCII and ideographs the piecewise NFKC cuts before.
NFKC_PIECES = st.sampled_from(
    ["e", "A", " ", "\n", "1", "中", "一", "\u9fff", "\u0301", "\u0308", "\u0327", "\u0323", "\u0345", "\u05b0",
     "\u0591", "\uff0c", "\uff08", "\u3002", "\u1100", "\u1161", "\u11a8", "\uac00", "\u212b", "\u2460", "\ufb01",
     "\u0b47", "\u0b3e", "\u3099", "\u304b", "\uff76", "\uff9e", "\u1e9b", "\u0f73", "\u0fb2", "\u0f80", "\U0001d400",
     "\u3400", "\uf900", "\u00c5", "\u0041\u030a"]
)


@settings(max_examples=500, deadline=None)
@given(text=st.one_of(st.text(max_size=60), st.lists(NFKC_PIECES, max_size=40).map("".join)))
def test_piecewise_nfkc_is_nfkc(text: str) -> None:
    import unicodedata

    from monitor.dedup.text import _nfkc

    assert _nfkc(text) == unicodedata.normalize("NFKC", text)
