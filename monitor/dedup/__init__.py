"""Near-duplicate story clustering: one wire story on many sites is shown once, with every source.

    content_fingerprint(title, text) -> str     exact-duplicate key (sha256 hex of normalized text)
    story_signature(title, text) -> bytes       MinHash signature, stored beside the document
    story_signatures([(title, text)]) -> [bytes]   the same for a batch, at about two thirds of the cost
    StoryIndex(threshold).add(doc_id, sig)      cluster id: best near-duplicate's cluster, else doc_id
    StoryIndex.add_many([(doc_id, sig, published)])   the same for a batch, band keys looked up at once
    StoryIndex.load(rows)                       rebuild from stored (doc_id, sig, cluster_id)
    story_facts(title, text, mentions)          the facts a report leads with, for the event match
    StoryIndex.add_many(docs, facts=[...])      near-duplicate first, else the same facts within days
                                                (monitor/dedup/events.py: rewrites and other languages)

Choices, with the figures behind them (fixture set tests/data/clusters: 33 hand-written documents,
10 stories, 8 of them in 3-5 edited copies; benchmark benchmarks/bench_cluster.py):

* Shingles: 3-grams of tokens, a token being a word (Latin) or one CJK character, so Chinese
  gets character trigrams, English word trigrams and mixed text both. The body alone is
  shingled when it has >= 42 tokens: copies rewrite headlines, bodies survive.
* Normalization: NFKC, casefold, punctuation/symbols dropped, whitespace collapsed; done on the
  code points in numpy (one ``re`` pass over 3 KB of English costs 70-120 us, more than the MinHash).
* 128 permutations, multiply-shift hashing in numpy with constants from sha256 of fixed strings:
  deterministic across processes (tested with two PYTHONHASHSEEDs), no ``hash()``. datasketch's
  MinHash.update_batch ran at ~1,500 documents/s here; our whole signature (tokens, numbers,
  fingerprint, MinHash) at ~5,200 per CPU second.
* Threshold: estimated Jaccard >= 0.45. On the fixtures, copies of one story are >= 0.49 (the
  worst: a Chinese copy with a dropped paragraph, reordering and an ICP footer vs a trimmed one);
  different stories are <= 0.38 (Beijing vs Shanghai filing notices sharing two background
  paragraphs). At 0.5, recall drops to 0.915 for some insertion orders; at 0.35-0.45 it is 1.0
  for all of 200 shuffled orders, precision 1.0.
* Against false merges of same-topic stories ("fourth batch of 14" vs "fifth batch of 20"):
  numbers (digits, English ordinals, Chinese numerals after 第 or before a counter) are kept in
  the signature, and a candidate is refused when both documents hold numbers the other lacks
  beyond edit noise (``numbers_compatible``). With the check, the most similar different-story
  pair that remains is at 0.10; a template copy of the fourth-batch story with only its numbers
  changed (estimated Jaccard > 0.7) stays apart (tests/dedup). Candidates published more than
  30 days apart are refused too (exact copies excepted).
* Tiny texts (< 12 distinct shingles) merge only on the exact fingerprint; empty texts never.
* Cost: ~90 us per signature alone, ~57 in batches of 200 (2 KB English feed entries, one CPU;
  ``story_signatures``), and ~80 us per document added in batches of 200 (CPU time, 2.6 KB
  documents, 15% Chinese). Memory: ~1 KB per indexed document (16 bits of each MinHash value, band
  keys in sorted arrays), against ~4 KB when band keys lived in a dict (benchmarks/bench_cluster.py).
"""

from monitor.dedup.events import FactIndex, StoryFacts, same_event, story_facts
from monitor.dedup.index import DEFAULT_THRESHOLD, StoryIndex, numbers_compatible
from monitor.dedup.signature import Signature, story_signature, story_signatures
from monitor.dedup.text import content_fingerprint

__all__ = [
    "DEFAULT_THRESHOLD",
    "FactIndex",
    "Signature",
    "StoryFacts",
    "StoryIndex",
    "content_fingerprint",
    "numbers_compatible",
    "same_event",
    "story_facts",
    "story_signature",
    "story_signatures",
]
