"""In-memory LSH index that assigns each new document to a story cluster.

Candidates come only from LSH buckets (banding of the MinHash signature), so adding a document
costs a few dict look-ups, never a scan. A candidate is accepted when:

1. its Jaccard estimate (share of equal MinHash values) is >= ``threshold``;
2. the two number sets are compatible (:func:`numbers_compatible`);
3. when both publication dates are known, they are at most ``window`` apart.

Exact copies (same content fingerprint) merge before any of this. A text with fewer than
``MIN_SHINGLES`` shingles never enters the LSH buckets and merges by fingerprint only; an empty
text merges with nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections.abc import Iterable

import numpy as np

from monitor.dedup.signature import NUM_PERM, Signature

logger = logging.getLogger(__name__)

DEFAULT_THRESHOLD = 0.45
DEFAULT_WINDOW = dt.timedelta(days=30)
# A bucket holds the band shared by near-identical copies; past this many, a new copy still finds
# the earlier ones, so looking at more only makes every later add slower (a wire story on 200 sites).
BUCKET_CAP = 16
# Band keys of recent documents wait in a dict until there are this many, then move into the
# sorted arrays (see _Buckets).
MERGE_AT = 1 << 16


def numbers_compatible(a: frozenset[int], b: frozenset[int]) -> bool:
    """False when both sides hold numbers the other lacks, beyond edit noise.

    A copy that drops a paragraph loses numbers (one side is nearly a subset); a copy with a site
    footer gains a year or two. A different story on the same topic both loses and gains: the
    fourth batch of 14 has {4, 14, 17} where the fifth batch of 20 has {5, 20, 28}.
    """
    if not a or not b:
        return True
    only = min(len(a - b), len(b - a))
    return only <= max(1, min(len(a), len(b)) // 5)


def band_shape(threshold: float, num_perm: int = NUM_PERM) -> tuple[int, int]:
    """(bands, rows) whose S-curve puts the threshold at ~0.85 recall and cuts noise below it.

    Candidates are verified exactly, so a missed pair costs more than a spare candidate.
    """
    best = (num_perm, 1)
    best_cost = math.inf
    for rows in range(1, num_perm + 1):
        bands = num_perm // rows
        recall_at_t = 1 - (1 - threshold**rows) ** bands
        noise = 1 - (1 - (threshold / 2) ** rows) ** bands
        cost = 4 * abs(recall_at_t - 0.85) + noise
        if cost < best_cost:
            best, best_cost = (bands, rows), cost
    return best


class _Buckets:
    """Band key -> slots of the documents with that band, in insertion order.

    Most keys belong to one document (32 per document). As a dict that cost ~3.5 KB per document
    (a 50,000-entry cold run held 180 MB of it); here older keys live in two sorted numpy arrays,
    12 bytes per key, and only the last ``MERGE_AT`` keys in a dict. A merge is a linear
    ``np.insert``, not a sort, and equal keys keep their insertion order, so the first
    ``BUCKET_CAP`` slots of a bucket are always its earliest documents.
    """

    def __init__(self) -> None:
        self._keys = np.zeros(0, dtype=np.uint64)
        self._slots = np.zeros(0, dtype=np.int32)
        self._recent: dict[int, int | list[int]] = {}

    def __len__(self) -> int:
        return len(self._keys) + len(self._recent)

    def candidates(self, keys: list[int]) -> set[int]:
        found: set[int] = set()
        if len(self._keys):
            wanted = np.array(keys, dtype=np.uint64)
            lo = np.searchsorted(self._keys, wanted, side="left")
            present = self._keys[np.minimum(lo, len(self._keys) - 1)] == wanted  # most keys: no bucket yet
            for i in np.flatnonzero(present).tolist():
                start = int(lo[i])
                stop = min(int(np.searchsorted(self._keys, wanted[i], side="right")), start + BUCKET_CAP)
                found.update(self._slots[start:stop].tolist())
        for hit in map(self._recent.get, keys):
            if hit is None:
                continue
            if type(hit) is int:
                found.add(hit)
            else:
                found.update(hit)
        return found

    def add(self, keys: list[int], slot: int) -> None:
        recent = self._recent
        for key, hit in zip(keys, map(recent.get, keys)):
            if hit is None:
                recent[key] = slot
            elif type(hit) is int:
                recent[key] = [hit, slot]
            elif len(hit) < BUCKET_CAP:
                hit.append(slot)
        if len(recent) >= MERGE_AT:
            self.merge()

    def add_many(self, keys: np.ndarray, slots: np.ndarray) -> None:
        """Bulk insert (loading from storage): ``keys`` and ``slots`` of equal length, slots ascending."""
        self.merge()
        order = np.argsort(keys, kind="stable")
        self._insert(keys[order], slots[order].astype(np.int32))

    def merge(self) -> None:
        if not self._recent:
            return
        pairs = [(key, slot) for key, hit in self._recent.items()
                 for slot in ((hit,) if type(hit) is int else hit)]
        self._recent = {}
        keys = np.fromiter((k for k, _ in pairs), dtype=np.uint64, count=len(pairs))
        slots = np.fromiter((v for _, v in pairs), dtype=np.int32, count=len(pairs))
        order = np.lexsort((slots, keys))
        self._insert(keys[order], slots[order])

    def _insert(self, keys: np.ndarray, slots: np.ndarray) -> None:
        # side="right": a new slot goes after the older slots of the same key
        at = np.searchsorted(self._keys, keys, side="right")
        self._keys = np.insert(self._keys, at, keys)
        self._slots = np.insert(self._slots, at, slots)


class StoryIndex:
    """Near-duplicate story clusters; cluster ids are the doc id of the cluster's first document."""

    def __init__(self, threshold: float = DEFAULT_THRESHOLD, *, window: dt.timedelta | None = DEFAULT_WINDOW) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {threshold}")
        self.threshold = threshold
        self.window = window
        self.bands, self.rows = band_shape(threshold)
        salts = np.arange(self.bands, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        self._band_salt = salts
        self._row_mul = np.array([0xC2B2AE3D27D4EB4F + 2 * i for i in range(self.rows)], dtype=np.uint64)
        self._sigs = np.zeros((64, NUM_PERM), dtype=np.uint32)
        self._slot: dict[int, int] = {}
        self._doc: list[int] = []
        self._cluster: list[int] = []
        self._numbers: list[frozenset[int]] = []
        self._published: list[dt.datetime | None] = []
        self._tiny: list[bool] = []  # too few shingles: no band keys (see _band_keys)
        self._by_fingerprint: dict[bytes, int] = {}
        self._buckets = _Buckets()

    def __len__(self) -> int:
        return len(self._doc)

    def add(self, doc_id: int, sig: bytes, *, published: dt.datetime | None = None) -> int:
        """Cluster id for doc_id: its best near-duplicate's cluster, else doc_id itself."""
        slot = self._slot.get(doc_id)
        if slot is not None:
            return self._cluster[slot]
        parsed = Signature.from_bytes(sig)
        keys = self._band_keys(parsed)
        cluster = self._match(parsed, keys, published)
        self._store(doc_id, parsed, keys, doc_id if cluster is None else cluster, published)
        return self._cluster[self._slot[doc_id]]

    def load(self, rows: Iterable[tuple[int, bytes, int]]) -> None:
        """Rebuild from storage: (doc_id, signature, cluster_id), trusted as stored.

        Band keys of every loaded document are computed in one numpy pass and inserted at once."""
        first = len(self._doc)
        for doc_id, sig, cluster_id in rows:
            if doc_id not in self._slot:
                self._store(doc_id, Signature.from_bytes(sig), None, cluster_id, None)
        slots = np.array([slot for slot in range(first, len(self._doc)) if not self._tiny[slot]], dtype=np.int64)
        if not len(slots):
            return
        bands = self._sigs[slots, : self.bands * self.rows].astype(np.uint64).reshape(len(slots), self.bands, self.rows)
        keys = (bands * self._row_mul).sum(axis=2, dtype=np.uint64) ^ self._band_salt
        self._buckets.add_many(keys.ravel(), np.repeat(slots, self.bands))

    def cluster_of(self, doc_id: int) -> int | None:
        slot = self._slot.get(doc_id)
        return None if slot is None else self._cluster[slot]

    def _band_keys(self, sig: Signature) -> list[int]:
        if sig.tiny:
            return []
        bands = sig.minhash[: self.bands * self.rows].astype(np.uint64).reshape(self.bands, self.rows)
        return ((bands * self._row_mul).sum(axis=1, dtype=np.uint64) ^ self._band_salt).tolist()

    def _match(self, sig: Signature, keys: list[int], published: dt.datetime | None) -> int | None:
        if not sig.empty:
            exact = self._by_fingerprint.get(sig.fingerprint)
            if exact is not None:
                return self._cluster[exact]
        found = self._buckets.candidates(keys) if keys else set()
        if not found:
            return None
        slots = np.fromiter(found, dtype=np.int64, count=len(found))
        scores = np.count_nonzero(self._sigs[slots] == sig.minhash, axis=1)
        # Best first; ties go to the earliest document, so the result does not depend on set order.
        order = np.lexsort((slots, -scores))
        need = self.threshold * NUM_PERM
        for i in order.tolist():
            if scores[i] < need:
                break
            slot = int(slots[i])
            if numbers_compatible(sig.numbers, self._numbers[slot]) and self._within_window(published, self._published[slot]):
                return self._cluster[slot]
        return None

    def _within_window(self, a: dt.datetime | None, b: dt.datetime | None) -> bool:
        if self.window is None or a is None or b is None:
            return True
        try:
            return abs(a - b) <= self.window
        except TypeError:  # naive vs aware: no basis to refuse
            return True

    def _store(self, doc_id: int, sig: Signature, keys: list[int] | None, cluster: int,
               published: dt.datetime | None) -> None:
        """``keys`` None: the caller inserts the band keys itself (load, in bulk)."""
        slot = len(self._doc)
        if slot == self._sigs.shape[0]:
            # 1.5x, not 2x: at 50,000 documents doubling left up to 25 MB of empty rows
            grown = np.zeros((slot + max(slot // 2, 64), NUM_PERM), dtype=np.uint32)
            grown[:slot] = self._sigs
            self._sigs = grown
        self._sigs[slot] = sig.minhash
        self._slot[doc_id] = slot
        self._doc.append(doc_id)
        self._cluster.append(cluster)
        self._numbers.append(sig.numbers)
        self._published.append(published)
        if not sig.empty:
            self._by_fingerprint.setdefault(sig.fingerprint, slot)
        self._tiny.append(sig.tiny)
        if keys:
            self._buckets.add(keys, slot)
