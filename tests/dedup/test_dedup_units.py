"""Unit behaviour of the fingerprint, the signature bytes and StoryIndex."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from monitor.dedup import Signature, StoryIndex, content_fingerprint, numbers_compatible, story_signature
from monitor.dedup.numbers import numbers

DATA = Path(__file__).resolve().parents[1] / "data" / "clusters"
REPO = Path(__file__).resolve().parents[2]


def fixture(name: str) -> dict:
    return json.loads(next(DATA.glob(f"doc-{name}-*.json")).read_text(encoding="utf-8"))


BATCH4 = fixture("01")
BJ = fixture("20")


def test_fingerprint_ignores_case_whitespace_punctuation_and_width() -> None:
    title, text = "China approves 14 AI models", "The CAC approved 14 models, including Xiaomi's MiLM.\n\nMore soon."
    base = content_fingerprint(title, text)
    assert content_fingerprint("CHINA  approves 14 ai MODELS!", "the cac approved 14 models including xiaomi s milm more soon") == base
    assert content_fingerprint("Ｃｈｉｎａ approves １４ ＡＩ models", text.replace(",", "，").replace("\n", " \t ")) == base
    assert content_fingerprint(title, text.replace("14", "15")) != base


def test_fingerprint_folds_chinese_full_width_and_spacing() -> None:
    text = "北京市又有12款生成式人工智能服务完成备案，累计已达105款。"
    spaced = "北京市 又有 １２ 款 生成式人工智能服务完成备案, 累计已达 １０５ 款."
    assert content_fingerprint("标题", text) == content_fingerprint("标题", spaced)
    assert content_fingerprint("标题", text) != content_fingerprint("标题", text.replace("北京", "上海"))


def test_signature_round_trips_through_bytes() -> None:
    sig = story_signature(BATCH4["title"], BATCH4["text"])
    parsed = Signature.from_bytes(sig)
    assert parsed.to_bytes() == sig
    assert parsed.minhash.shape == (128,)
    assert {4, 14, 40} <= parsed.numbers
    assert not parsed.tiny and parsed.n_shingles > 200
    assert story_signature(BATCH4["title"], BATCH4["text"]) == sig


def test_signature_is_the_same_in_another_process_with_another_hash_seed() -> None:
    code = ("import sys, json; from monitor.dedup import story_signature; d = json.load(open(sys.argv[1], encoding='utf-8'));"
            "print(story_signature(d['title'], d['text']).hex())")
    path = next(DATA.glob("doc-20-*.json"))
    outs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run([sys.executable, "-c", code, str(path)], env=env, cwd=REPO, capture_output=True, text=True, timeout=60)
        assert run.returncode == 0, run.stderr
        outs.add(run.stdout.strip())
    assert outs == {story_signature(BJ["title"], BJ["text"]).hex()}


@pytest.mark.parametrize("bad", [b"", b"MH", b"XX" + bytes(600), story_signature("a", "b c d")[:-1]])
def test_corrupt_signature_is_refused(bad: bytes) -> None:
    with pytest.raises(ValueError):
        StoryIndex().add(1, bad)


def test_threshold_must_be_a_fraction() -> None:
    with pytest.raises(ValueError):
        StoryIndex(threshold=0)


def test_numbers_read_digits_ordinals_and_chinese_numerals() -> None:
    assert numbers("the fourth batch of 14 models, 1,200 firms; tel 01012345678") == [4, 14, 1200]
    assert numbers("第四批共十四款，累计四十余款，三百零二款") == [4, 14, 40, 302]
    assert numbers("统一部署，万一出现问题，一个一个来") == []
    assert numbers("一批企业，第一批，十一款") == [1, 11]


def test_number_check_refuses_a_template_story_with_other_numbers() -> None:
    fifth = (BATCH4["text"].replace("fourth batch of 14", "fifth batch of 20").replace("Jan 17", "March 28")
             .replace("Jan 18", "March 29").replace("more than 40", "more than 60"))
    a, b = Signature.from_bytes(story_signature("", BATCH4["text"])), Signature.from_bytes(story_signature("", fifth))
    assert (a.minhash == b.minhash).mean() > 0.7  # the text alone would merge them
    assert not numbers_compatible(a.numbers, b.numbers)
    index = StoryIndex()
    assert index.add(1, a.to_bytes()) == 1
    assert index.add(2, b.to_bytes()) == 2


def test_copy_with_footer_year_and_dropped_paragraph_still_merges() -> None:
    paras = BATCH4["text"].split("\n\n")
    copy = "\n\n".join(paras[:-2] + ["© 2025 Example Wire. Call 010-6688 for licensing."])
    index = StoryIndex()
    assert index.add(10, story_signature(BATCH4["title"], BATCH4["text"])) == 10
    assert index.add(11, story_signature("Another headline", copy)) == 10


def test_load_then_add_gives_the_same_clusters() -> None:
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(DATA.glob("doc-*.json"))]
    sigs = {d["id"]: story_signature(d["title"], d["text"]) for d in docs}
    full = StoryIndex()
    expected = {i: full.add(i, s) for i, s in sigs.items()}
    half = len(docs) // 2
    first_ids = [d["id"] for d in docs[::2]]  # every story has members on both sides
    restored = StoryIndex()
    restored.load((i, sigs[i], expected[i]) for i in first_ids)
    got = {i: restored.add(i, sigs[i]) for i in sigs if i not in first_ids}
    assert got == {i: expected[i] for i in got}
    assert len(restored) == len(docs) and half > 0


def test_adding_the_same_id_twice_is_stable() -> None:
    index = StoryIndex()
    sig = story_signature(BJ["title"], BJ["text"])
    assert index.add(5, sig) == 5
    assert index.add(6, sig) == 5
    assert index.add(6, sig) == 5
    assert index.add(6, story_signature("other", "entirely different words " * 20)) == 5
    assert len(index) == 2


def test_empty_and_tiny_texts_do_not_crash_or_merge() -> None:
    index = StoryIndex()
    empties = [index.add(i, story_signature("", "")) for i in range(1, 4)]
    assert empties == [1, 2, 3]
    tiny = ["Hello", "AI news", "World", "批准", "14", "Hello world again"]
    got = [index.add(10 + i, story_signature("", t)) for i, t in enumerate(tiny)]
    assert got == [10 + i for i in range(len(tiny))]
    # ...only the exact fingerprint merges a tiny text.
    assert index.add(30, story_signature("", "hello!")) == 10
    assert Signature.from_bytes(story_signature("", "Hello")).tiny


def test_tiny_text_does_not_join_a_long_story_that_contains_it() -> None:
    index = StoryIndex()
    assert index.add(1, story_signature(BATCH4["title"], BATCH4["text"])) == 1
    assert index.add(2, story_signature("", BATCH4["text"][:40])) == 2


def test_window_keeps_reruns_far_apart_in_time_separate() -> None:
    paras = BATCH4["text"].split("\n\n")
    day = dt.datetime(2024, 1, 18, tzinfo=dt.timezone.utc)
    index = StoryIndex()
    index.add(1, story_signature("", BATCH4["text"]), published=day)
    assert index.add(2, story_signature("", "\n\n".join(paras[1:])), published=day + dt.timedelta(days=2)) == 1
    assert index.add(3, story_signature("", "\n\n".join(paras[:-1])), published=day + dt.timedelta(days=200)) == 3
    # An exact copy is the same content whenever it appears.
    assert index.add(4, story_signature("", BATCH4["text"]), published=day + dt.timedelta(days=200)) == 1
    timeless = StoryIndex(window=None)
    timeless.add(1, story_signature("", BATCH4["text"]), published=day)
    assert timeless.add(3, story_signature("", "\n\n".join(paras[:-1])), published=day + dt.timedelta(days=200)) == 1


def test_minhash_estimates_jaccard_of_known_sets() -> None:
    # Word sets with a known Jaccard index: the share of equal MinHash values must track it.
    from monitor.dedup.signature import _minhash, _shingle_hashes
    from monitor.dedup.text import tokenize

    for true_j in (0.2, 0.5, 0.8):
        shared = round(1000 * 2 * true_j / (1 + true_j))
        a = [f"w{i}" for i in range(1000)]
        b = a[:shared] + [f"v{i}" for i in range(1000 - shared)]
        ha = _minhash(_shingle_hashes(tokenize(" ".join(a)).hashes))
        hb = _minhash(_shingle_hashes(tokenize(" ".join(b)).hashes))
        estimate = float((ha == hb).mean())
        shingles_a = {tuple(a[i : i + 3]) for i in range(998)}
        shingles_b = {tuple(b[i : i + 3]) for i in range(998)}
        exact = len(shingles_a & shingles_b) / len(shingles_a | shingles_b)
        assert abs(estimate - exact) < 0.12, (true_j, exact, estimate)


@pytest.mark.parametrize("merge_at", [1, 7, 1 << 16])
def test_clusters_do_not_depend_on_when_band_keys_move_to_the_sorted_arrays(monkeypatch, merge_at: int) -> None:
    """Recent band keys live in a dict until MERGE_AT, older ones in sorted arrays: same clusters either way."""
    import monitor.dedup.index as index_module

    docs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(DATA.glob("doc-*.json"))]
    sigs = [(d["id"], story_signature(d["title"], d["text"])) for d in docs]
    reference = StoryIndex()
    expected = {i: reference.add(i, s) for i, s in sigs}
    monkeypatch.setattr(index_module, "MERGE_AT", merge_at)
    index = StoryIndex()
    assert {i: index.add(i, s) for i, s in sigs} == expected
    assert len(set(expected.values())) < len(expected)  # the fixture has real clusters to find


def test_a_story_copied_more_often_than_a_bucket_holds_stays_one_cluster(monkeypatch) -> None:
    import monitor.dedup.index as index_module

    monkeypatch.setattr(index_module, "MERGE_AT", 5)
    base = BATCH4
    index = StoryIndex()
    clusters = {index.add(n, story_signature(base["title"], f"{base['text']} Reported by desk {n} of site {n * 7}."))
                for n in range(3 * index_module.BUCKET_CAP)}
    assert clusters == {0}


def test_add_many_gives_what_add_one_by_one_gives_across_merges(monkeypatch) -> None:
    """Batches hold their older candidates while they add: a merge must wait for the batch's end."""
    import random

    import monitor.dedup.index as index_module

    docs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(DATA.glob("doc-*.json"))]
    items = [(d["id"], story_signature(d["title"], d["text"]), None) for d in docs] * 2  # re-adds are stable
    random.Random(3).shuffle(items)
    one_by_one = StoryIndex()
    expected = [one_by_one.add(i, s) for i, s, _ in items]
    monkeypatch.setattr(index_module, "MERGE_AT", 40)
    batched = StoryIndex()
    got = [c for start in range(0, len(items), 7) for c in batched.add_many(items[start:start + 7])]
    assert got == expected
