"""Near-duplicate story clustering: one wire story on many sites is shown once, with every source.

    content_fingerprint(title, text) -> str     exact-duplicate key (sha256 hex of normalized text)
    story_signature(title, text) -> bytes       MinHash signature, stored beside the document
    StoryIndex(threshold).add(doc_id, sig)      cluster id: best near-duplicate's cluster, else doc_id
    StoryIndex.load(rows)                       rebuild from stored (doc_id, sig, cluster_id)

Choices, with the figures behind them (fixture set tests/data/clusters, benchmark
benchmarks/bench_cluster.py; see the report in those files for the latest numbers):

* Shingles: 3-grams of tokens, a token being a word (Latin) or one CJK character, so Chinese
  gets character trigrams, English word trigrams and mixed text both. The body alone is
  shingled when it has >= 40 tokens: copies rewrite headlines, bodies survive.
* Normalization: NFKC, casefold, punctuation/symbols dropped, whitespace collapsed.
* 128 permutations, multiply-shift hashing in numpy with constants from sha256 of fixed strings:
  deterministic across processes, no ``hash()``.
* Threshold: estimated Jaccard >= 0.5 (LSH banding derived from it, see ``band_shape``).
* Against false merges of same-topic stories ("fourth batch of 14" vs "fifth batch of 20"):
  numbers (digits, English ordinals, Chinese numerals after 第 or before a counter) are kept in
  the signature and a candidate is refused when both documents hold numbers the other lacks
  beyond edit noise (``numbers_compatible``), and when the two publication dates are more than
  30 days apart.
* Tiny texts (< 12 distinct shingles) merge only on the exact fingerprint; empty texts never.
"""

from monitor.dedup.index import DEFAULT_THRESHOLD, StoryIndex, numbers_compatible
from monitor.dedup.signature import Signature, story_signature
from monitor.dedup.text import content_fingerprint

__all__ = [
    "DEFAULT_THRESHOLD",
    "Signature",
    "StoryIndex",
    "content_fingerprint",
    "numbers_compatible",
    "story_signature",
]
