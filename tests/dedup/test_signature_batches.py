"""A batch of signatures is the same bytes as each signature computed alone (analysis uses batches)."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.dedup import story_signature, story_signatures
from monitor.dedup.signature import _CHUNK, _SCAN_CHARS

DATA = Path(__file__).resolve().parents[1] / "data" / "clusters"

# Characters that exercise every tokenizer class: ASCII words and digits, punctuation, Latin with
# accents, CJK, kana, hangul, full-width forms (NFKC), astral letters and emoji, the U+0130 capital.
ALPHABET = "ab ,.12\n\téÉİ你好第四批款かナ한글ＡＢ１２𝔘𝔫😀-"
texts = st.text(alphabet=ALPHABET, max_size=300)


def alone(pairs: list[tuple[str, str]]) -> list[bytes]:
    return [story_signature(title, text) for title, text in pairs]


def test_the_fixture_stories_in_one_batch_and_in_batches_of_every_size_are_the_same_bytes() -> None:
    docs = [json.loads(path.read_text(encoding="utf-8")) for path in sorted(DATA.glob("doc-*.json"))]
    pairs = [(d["title"], d["text"]) for d in docs]
    pairs += [("", ""), ("title only", ""), ("", "x"), ("", "a " * 30), ("", " ".join(f"w{i}" for i in range(_CHUNK + 10)))] * 3
    assert sum(len(title) + len(text) for title, text in pairs) > _SCAN_CHARS  # more than one scan in a batch
    expected = alone(pairs)
    for size in (1, 2, 3, 7, len(pairs)):
        assert [sig for start in range(0, len(pairs), size) for sig in story_signatures(pairs[start:start + size])] == expected
    assert story_signatures([]) == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(texts, texts), min_size=1, max_size=8))
def test_any_batch_is_the_same_bytes_as_its_documents_alone(pairs: list[tuple[str, str]]) -> None:
    assert story_signatures(pairs) == alone(pairs)
