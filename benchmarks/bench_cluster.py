"""Clusters generated documents through story_signatures + StoryIndex.add_many and prints figures.

    .venv/bin/python benchmarks/bench_cluster.py [--docs 50000] [--stories 3000] [--zh 0.15] [--facts 0.1]

Documents are generated (seeded): each story is a set of paragraphs over a shared vocabulary of
pseudo-words (or common Han characters for Chinese stories) with story-specific numbers; each
copy keeps, drops and reorders paragraphs, changes the headline and adds a site footer. Stories are
spread over two years, their copies within three days. A share of stories (``--facts``, one in ten
as in a feed where one entry in ten reports approvals) carries approval facts: a count, an ordinal or
a total and one to three companies, told in a sentence of the lead (of the tail in one copy in five),
and a third of their copies are rewrites: new text altogether that shares only those facts, which only
the fact-based path can join. The fact path is on: each document's mentions go through story_facts
and add_many(facts=...), as analysis runs them. Reports documents/s for signature + facts + add, peak
memory, and the pairwise precision/recall of the clusters against the generated story labels: of every
document, of the near-verbatim copies alone (rewrites left out; their recall rises with the copies per
story, since a copy that shares too little with one earlier copy joins through another: more documents,
higher recall), and of the documents with facts. Also times datasketch's own MinHash on a sample for
comparison.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import sys
import time
import tracemalloc
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from monitor.dedup import StoryIndex, story_facts, story_signature, story_signatures  # noqa: E402
from monitor.dedup.text import tokens  # noqa: E402
from monitor.records import Mention  # noqa: E402
from monitor.text.numerals import chinese_numeral  # noqa: E402

COMPANIES = [f"Company{n:02d}" for n in range(40)]


def _bundled_aliases():
    """The bundled dataset's alias index: story_facts looks its names up in every lead, as analysis does."""
    from monitor.dataset import load_dataset
    from monitor.run.reading import alias_index

    return alias_index(load_dataset(Path(__file__).resolve().parents[1] / "config/known/dataset.toml"))


ALIASES = _bundled_aliases()
chinese_numeral("十四")  # cn2an loads on first use (0.3 s); a run loads it once, with the rules
EPOCH = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
# (id, title, text, story, published, mentions, rewrite): a rewrite is new text that shares only its story's facts
Doc = tuple[int, str, str, int, dt.datetime, tuple[Mention, ...], bool]

HAN = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
FOOTERS_EN = ["Reporting by {n}; Editing by {m}", "© 2024 {n} News. All rights reserved.", "Subscribe for daily updates."]
FOOTERS_ZH = ["（责任编辑：{n}）", "来源：{n}科技网", "本文转载自其他媒体，如有侵权请联系删除。"]


def make_story(rng: random.Random, vocab: list[str], zh: bool) -> tuple[str, list[str]]:
    nums = [str(rng.randint(2, 999)) for _ in range(4)]
    paras = []
    for _ in range(rng.randint(6, 9)):
        if zh:
            chars = rng.choices(HAN, k=rng.randint(70, 110))
            chars.insert(rng.randint(0, len(chars)), rng.choice(nums) + "款")
            paras.append("".join(chars) + "。")
        else:
            words = rng.choices(vocab, k=rng.randint(40, 60))
            words.insert(rng.randint(0, len(words)), rng.choice(nums))
            paras.append(" ".join(words).capitalize() + ".")
    title = "".join(rng.choices(HAN, k=12)) if zh else " ".join(rng.choices(vocab, k=8)).title()
    return title, paras


def make_copy(rng: random.Random, vocab: list[str], title: str, paras: list[str], zh: bool) -> tuple[str, str]:
    keep = [p for p in paras if rng.random() > 0.12] or paras[:1]
    if rng.random() < 0.3:  # move a paragraph
        keep.insert(rng.randint(0, len(keep) - 1), keep.pop())
    footer = rng.choice(FOOTERS_ZH if zh else FOOTERS_EN).format(n=rng.choice(vocab), m=rng.choice(vocab))
    if rng.random() < 0.5:
        title = "".join(rng.choices(HAN, k=10)) if zh else " ".join(rng.choices(vocab, k=7)).title()
    return title, "\n\n".join(keep + [footer])


def make_facts(rng: random.Random, zh: bool) -> list[tuple[str, Mention]]:
    """An approval story's facts: the sentence that tells each, and the mention the rules read from it."""
    count, companies = rng.randint(2, 999), rng.sample(COMPANIES, rng.randint(1, 3))
    told = []
    if rng.random() < 0.5:
        sentence = f"监管部门批准{count}款大模型。" if zh else f"Regulators approved {count} models."
        told.append((sentence, Mention("approval_batch", "bench", sentence, count=count, count_qualifier="exact")))
    else:
        sentence = f"累计{count}款完成备案。" if zh else f"The total reached {count} services."
        told.append((sentence, Mention("cumulative_total", "bench", sentence, total=count, registry="filed")))
    for company in companies:
        sentence = f"{company}在列。" if zh else f"{company} was among them."
        told.append((sentence, Mention("company_approval", "bench", sentence, company=company)))
    return told


def tell(rng: random.Random, title: str, text: str, facts: list[tuple[str, Mention]]) -> tuple[str, tuple[Mention, ...]]:
    """The text with the facts' sentences in its lead (in its tail for one copy in five), and the mentions."""
    paras = text.split("\n\n")
    where = 0 if rng.random() < 0.8 else len(paras) - 1
    kept = [(sentence, m) for sentence, m in facts if rng.random() < 0.85] or facts[:1]
    paras[where] = " ".join(sentence for sentence, _ in kept) + " " + paras[where]
    return "\n\n".join(paras), tuple(m for _, m in kept)


def generate(n_docs: int, n_stories: int, zh_share: float, seed: int, fact_share: float = 0.1) -> list[Doc]:
    rng = random.Random(seed)
    syll = ["ka", "lo", "mi", "ne", "su", "ta", "ri", "po", "de", "an", "or", "el", "us", "ix", "ve", "ba"]
    vocab = sorted({"".join(rng.choices(syll, k=rng.randint(1, 4))) for _ in range(8000)})
    stories = [(s, rng.random() < zh_share) for s in range(n_stories)]
    bases = {s: make_story(rng, vocab, zh) for s, zh in stories}
    days = {s: rng.uniform(0, 730) for s, _ in stories}
    facts = {s: make_facts(rng, zh) for s, zh in stories if rng.random() < fact_share}
    docs = []
    for doc_id in range(1, n_docs + 1):
        s, zh = stories[rng.randrange(n_stories)]
        base = bases[s]
        rewrite = s in facts and rng.random() < 0.33
        if rewrite:  # other words, same facts
            base = make_story(rng, vocab, rng.random() < 0.5)
        title, text = make_copy(rng, vocab, *base, zh)
        mentions: tuple[Mention, ...] = ()
        if s in facts:
            text, mentions = tell(rng, title, text, facts[s])
        published = EPOCH + dt.timedelta(days=days[s] + rng.uniform(0, 3))
        docs.append((doc_id, title, text, s, published, mentions, rewrite))
    return docs


def pairwise(labels: list[int], clusters: list[int]) -> tuple[float, float]:
    def pairs(counter: Counter) -> int:
        return sum(c * (c - 1) // 2 for c in counter.values())

    both = pairs(Counter(zip(labels, clusters)))
    predicted, actual = pairs(Counter(clusters)), pairs(Counter(labels))
    return (both / predicted if predicted else 1.0), (both / actual if actual else 1.0)


def figures(docs: list[Doc], clusters: list[int]) -> dict[str, tuple[float, float]]:
    """Pairwise (precision, recall) of the clusters: of every document; of the near-verbatim copies alone (the
    rewrites left out), and of those among stories without facts (MinHash's path alone); of the documents with
    facts, rewrites included (the fact path's figure)."""
    parts = {
        "all": range(len(docs)),
        "copies": [i for i, d in enumerate(docs) if not d[6]],
        "copies, no facts": [i for i, d in enumerate(docs) if not d[6] and not d[5]],
        "with facts": [i for i, d in enumerate(docs) if d[5]],
    }
    return {name: pairwise([docs[i][3] for i in chosen], [clusters[i] for i in chosen]) for name, chosen in parts.items()}


def datasketch_rate(docs: list[Doc]) -> float:
    from datasketch import MinHash

    start = time.perf_counter()
    for _, title, text, *_ in docs:
        toks = tokens(text)
        shingles = {" ".join(toks[i : i + 3]).encode() for i in range(len(toks) - 2)}
        m = MinHash(num_perm=128)
        m.update_batch(list(shingles))
    return len(docs) / (time.perf_counter() - start)


def _signatures(batch: list[tuple[str, str]]) -> list[bytes]:
    return story_signatures(batch)


def pooled_rate(docs: list[Doc], workers: int) -> tuple[float, list[int]]:
    """Clustering spread over processes: signatures in worker processes, index.add_many per batch of 200
    in the main process, in document order. Wall documents/s, clusters.

    What the clustering can do on every core. `monitor run-once` no longer spends its workers this way:
    they run the rules, and the main process computes signatures beside them (monitor/run/reading.py),
    which keeps numpy out of the workers; there clustering runs at the one-core rate above."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    batches = [docs[i:i + 200] for i in range(0, len(docs), 200)]
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        list(pool.map(_signatures, [[("warm", "up")]] * workers))  # start-up is not clustering
        index, clusters = StoryIndex(), []
        start = time.perf_counter()
        for batch, sigs in zip(batches, pool.map(_signatures, ([(t, x) for _, t, x, *_ in b] for b in batches))):
            clusters.extend(index.add_many([(d[0], sig, d[4]) for d, sig in zip(batch, sigs)],
                                           facts=[story_facts(d[1], d[2], d[5], ALIASES) for d in batch]))
        rate = len(docs) / (time.perf_counter() - start)
        return rate, final_clusters(index, docs)


def final_clusters(index: StoryIndex, docs: list[Doc]) -> list[int]:
    """Each document's story at the end: a later report that shows two stories are one merges them, and analysis
    relabels the stored reports of the absorbed story (``take_merges``); the ids add_many returned for earlier
    batches are not relabelled."""
    return [index.cluster_of(d[0]) for d in docs]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=50_000)
    parser.add_argument("--stories", type=int, default=3_000)
    parser.add_argument("--zh", type=float, default=0.15, help="share of Chinese stories")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--facts", type=float, default=0.1, help="share of stories that report approval facts")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="processes for signatures in the pooled measurement")
    args = parser.parse_args()

    docs = generate(args.docs, args.stories, args.zh, args.seed, args.facts)
    size = sum(len(d[1].encode()) + len(d[2].encode()) for d in docs) / len(docs)
    print(f"generated {len(docs):,} documents, {args.stories:,} stories, mean {size:,.0f} bytes UTF-8; "
          f"{sum(1 for d in docs if d[5]):,} documents report approval facts")
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    index = StoryIndex()
    clusters = []
    sig_time = add_time = fact_time = 0.0
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for start in range(0, len(docs), 200):  # batches of 200, as monitor.run.analysis adds them
        batch = docs[start:start + 200]
        t0 = time.perf_counter()
        sigs = story_signatures([(d[1], d[2]) for d in batch])  # batched, as analysis does
        t1 = time.perf_counter()
        told = [story_facts(d[1], d[2], d[5], ALIASES) for d in batch]
        t2 = time.perf_counter()
        clusters.extend(index.add_many([(d[0], sig, d[4]) for d, sig in zip(batch, sigs)], facts=told))
        add_time += time.perf_counter() - t2
        fact_time += t2 - t1
        sig_time += t1 - t0
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    merged = sum(a != b for a, b in zip(clusters, final_clusters(index, docs)))
    clusters = final_clusters(index, docs)
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"signature: {sig_time * 1e6 / len(docs):7.1f} us/doc   facts: {fact_time * 1e6 / len(docs):5.1f} us/doc   "
          f"add: {add_time * 1e6 / len(docs):6.1f} us/doc (wall)")
    print(f"throughput (signature + add): {len(docs) / wall:,.0f} documents/s wall, "
          f"{len(docs) / cpu:,.0f} documents/s per CPU second  (target >= 5,000; load average now "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    print(f"peak RSS: {rss_after:,.0f} MiB (after generating the corpus: {rss_before:,.0f} MiB)")

    # Index memory alone, measured by tracemalloc on a rebuild from stored signatures.
    sample = docs[:10_000]
    sigs = [(d[0], story_signature(d[1], d[2]), c) for d, c in zip(sample, clusters)]
    told = [(d[0], c, story_facts(d[1], d[2], d[5], ALIASES), d[4]) for d, c in zip(sample, clusters)]
    tracemalloc.start()
    loaded = StoryIndex()
    loaded.load(sigs)
    loaded.load_facts(told)
    held, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    reporting = sum(1 for t in told if t[2] is not None)
    sig_bytes = sum(len(s) for _, s, _ in sigs) / len(sigs)
    print(f"index memory: {held / len(sigs):,.0f} bytes/document held, {peak / len(sigs):,.0f} at the peak of "
          f"loading (10,000 loaded, {reporting:,} with facts, their facts included); signature {sig_bytes:,.0f} bytes")

    if args.workers > 1:
        rate, pooled = pooled_rate(docs, args.workers)
        same = "same clusters" if pooled == clusters else "CLUSTERS DIFFER"
        print(f"pooled ({args.workers} signature workers + index in the main process): "
              f"{rate:,.0f} documents/s wall ({same})")

    scored = figures(docs, clusters)
    (precision, recall), (p_copy, r_copy), (p_bare, r_bare), (p_told, r_told) = scored.values()
    print(f"clusters: {len(set(clusters)):,} for {len({d[3] for d in docs}):,} stories ({merged:,} documents relabelled "
          f"by later merges); pairwise precision {precision:.4f}, recall {recall:.4f} (every document, rewrites included)")
    print(f"near-verbatim copies ({sum(1 for d in docs if not d[6]):,} documents, the "
          f"{sum(1 for d in docs if d[6]):,} rewrites left out): precision {p_copy:.4f}, recall {r_copy:.4f}; "
          f"of stories without facts (MinHash alone) {p_bare:.4f} / {r_bare:.4f}")
    print(f"among documents with facts (rewrites included): precision {p_told:.4f}, recall {r_told:.4f}")
    sample = docs[:1000]
    try:
        rate = f"{datasketch_rate(sample):,.0f} documents/s"
    except ImportError:  # datasketch is in the `bench` extra only; the figures above stand without it
        rate = "not installed (pip install -e '.[bench]')"
    print(f"datasketch MinHash(128).update_batch, shingling only, for comparison: {rate}")


if __name__ == "__main__":
    main()
