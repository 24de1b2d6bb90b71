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


def test_a_batch_parsed_at_once_is_each_signature_parsed_alone() -> None:
    import numpy as np
    import pytest

    from monitor.dedup.signature import Signature, parse_many

    pairs = [("第四批生成式人工智能服务备案", "国家网信办公布第四批14款。" * 20), ("", ""), ("Tiny", "a b"),
             ("Batch of 14 and 346 filed", "The fourth batch of 14 takes the total to 346 services. " * 30)]
    datas = story_signatures(pairs)
    parsed, matrix = parse_many(datas)
    assert matrix.shape == (len(datas), 128) and matrix.dtype == np.uint32
    for one, data, row in zip(parsed, datas, matrix):
        alone = Signature.from_bytes(data)
        assert (one.numbers, one.n_shingles, one.fingerprint, one.flags) == (
            alone.numbers, alone.n_shingles, alone.fingerprint, alone.flags)
        assert np.array_equal(one.minhash, alone.minhash) and np.array_equal(row, alone.minhash)
        assert one.to_bytes() == data
    assert parse_many([])[1].shape == (0, 128)
    with pytest.raises(ValueError):
        parse_many([datas[0][:-4] if len(datas[0]) > 600 else datas[0] + b"\0\0\0\0"])
