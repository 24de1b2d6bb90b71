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
from array import array
from collections.abc import Iterable, Sequence, Sized

import numpy as np

from monitor.dedup.events import DEFAULT_EVENT_WINDOW, BareLead, BareWindow, FactIndex, StoryFacts, contradicts
from monitor.dedup.signature import NUM_PERM, Signature, parse_many

logger = logging.getLogger(__name__)

DEFAULT_THRESHOLD = 0.45
DEFAULT_WINDOW = dt.timedelta(days=30)
# A bucket holds the band shared by near-identical copies; past this many, a new copy still finds
# the earlier ones, so looking at more only makes every later add slower (a wire story on 200 sites).
BUCKET_CAP = 16
# Band keys of recent documents wait in a dict until there are this many, then move into the
# sorted arrays (see _Buckets).
MERGE_AT = 1 << 16
LOAD_CHUNK = 2048  # signatures turned into band keys at a time when loading from storage


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


def _stamp(when: dt.datetime | None) -> float:
    return when.timestamp() if when is not None and when.tzinfo is not None else math.nan


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
    8 bytes per key, and only the last ``MERGE_AT`` keys in a dict. Keys are 32-bit: among the
    1.6 million keys of 50,000 documents a lookup meets an unrelated key once in ~2,700, which costs
    one more candidate to verify, never a wrong match (candidates are scored exactly). A merge is a linear
    ``np.insert``, not a sort, and equal keys keep their insertion order, so the first
    ``BUCKET_CAP`` slots of a bucket are always its earliest documents.
    """

    def __init__(self) -> None:
        self._keys = np.zeros(0, dtype=np.uint32)
        self._slots = np.zeros(0, dtype=np.int32)
        self._recent: dict[int, int | list[int]] = {}
        # the (key, slot) pairs of _recent as they went in: merge reads them as arrays, no walk of the dict
        self._recent_keys = array("I")
        self._recent_slots = array("i")

    def __len__(self) -> int:
        return len(self._keys) + len(self._recent)

    def older_candidates(self, keys: np.ndarray, per_doc: int) -> list[set[int]]:
        """Slots in the sorted arrays for ``keys`` (documents x ``per_doc`` band keys, flattened), per document.

        One vectorised lookup for a whole batch: per document it cost more in numpy calls than the
        dict look-ups it replaces."""
        docs = len(keys) // per_doc if per_doc else 0
        if not len(self._keys) or not docs:
            return [set() for _ in range(docs)]
        lo = np.searchsorted(self._keys, keys, side="left")
        sizes = np.minimum(np.searchsorted(self._keys, keys, side="right") - lo, BUCKET_CAP)
        total = int(sizes.sum())
        if not total:
            return [set() for _ in range(docs)]
        # every bucket's positions lo..lo+size-1 in one vector, not a slice per bucket
        ends = np.cumsum(sizes)
        slots = self._slots[np.arange(total) + np.repeat(lo - ends + sizes, sizes)]
        per_doc_found = sizes.reshape(docs, per_doc).sum(axis=1)
        return [set(part.tolist()) for part in np.split(slots, np.cumsum(per_doc_found)[:-1])]

    def recent_candidates(self, keys: list[int], found: set[int]) -> set[int]:
        for hit in map(self._recent.get, keys):
            if hit is None:
                continue
            if type(hit) is int:
                found.add(hit)
            else:
                found.update(hit)
        return found

    def add(self, keys: list[int], slot: int) -> None:
        """Into the dict; the caller merges (never in the middle of a batch whose older candidates it holds)."""
        recent = self._recent
        stored = self._recent_keys
        for key, hit in zip(keys, map(recent.get, keys)):
            if hit is None:
                recent[key] = slot
            elif type(hit) is int:
                recent[key] = [hit, slot]
            elif len(hit) < BUCKET_CAP:
                hit.append(slot)
            else:
                continue
            stored.append(key)
        self._recent_slots.extend([slot] * (len(stored) - len(self._recent_slots)))

    def merge_if_full(self) -> None:
        if len(self._recent) >= MERGE_AT:
            self.merge()

    def insert_all(self, keys: np.ndarray, slots: np.ndarray) -> None:
        """Bulk insert (loading from storage): ``keys`` and ``slots`` of equal length, slots ascending."""
        self.merge()
        order = np.argsort(keys, kind="stable")
        self._insert(keys[order], slots[order].astype(np.int32))

    def merge(self) -> None:
        if not self._recent:
            return
        keys = np.frombuffer(self._recent_keys, dtype=np.uint32).copy()
        slots = np.frombuffer(self._recent_slots, dtype=np.int32).copy()
        self._recent = {}
        self._recent_keys, self._recent_slots = array("I"), array("i")
        order = np.lexsort((slots, keys))
        self._insert(keys[order], slots[order])

    def _insert(self, keys: np.ndarray, slots: np.ndarray) -> None:
        # side="right": a new slot goes after the older slots of the same key
        at = np.searchsorted(self._keys, keys, side="right")
        self._keys = np.insert(self._keys, at, keys)
        self._slots = np.insert(self._slots, at, slots)


class StoryIndex:
    """Story clusters; cluster ids are the doc id of the cluster's first document.

    A document joins the story of its best near-duplicate; failing that, when its lead facts are given
    (:func:`monitor.dedup.events.story_facts`), the story of a report of the same facts within
    ``event_window`` (:class:`monitor.dedup.events.FactIndex`); failing both, it starts its own. A report
    whose facts match two stories joins them: the older keeps its id (:meth:`take_merges` tells which).
    """

    def __init__(self, threshold: float = DEFAULT_THRESHOLD, *, window: dt.timedelta | None = DEFAULT_WINDOW,
                 event_window: dt.timedelta = DEFAULT_EVENT_WINDOW) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {threshold}")
        self.threshold = threshold
        self.window = window
        self.bands, self.rows = band_shape(threshold)
        salts = np.arange(self.bands, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        self._band_salt = salts
        self._row_mul = np.array([0xC2B2AE3D27D4EB4F + 2 * i for i in range(self.rows)], dtype=np.uint64)
        # The low 16 bits of each MinHash value: two different values agree there once in 65,536, so the
        # similarity estimate moves by ~0.002 of 128 at most, for half the memory of the full values.
        self._sigs = np.zeros((64, NUM_PERM), dtype=np.uint16)
        self._slot: dict[int, int] = {}
        self._doc = array("q")  # slot -> document id; arrays, not lists of int objects (8 bytes, not 40)
        self._cluster = array("q")  # slot -> cluster id
        self._numbers: list[tuple[int, ...]] = []  # sorted; a tuple holds them in a third of a frozenset's bytes
        self._published = array("d")  # POSIX seconds, NaN when unknown or naive (no basis for the window)
        self._by_fingerprint: dict[bytes, int] = {}
        self._buckets = _Buckets()
        self.events = FactIndex(event_window)
        self.bare = BareWindow()  # recent reports without facts, for a later report of their event (BareLead)
        self._bare_only: set[int] = set()  # stories of bare reports alone: the only ones a later report adopts
        self._merges: dict[int, int] = {}

    def __len__(self) -> int:
        return len(self._doc)

    def add(self, doc_id: int, sig: bytes, *, published: dt.datetime | None = None,
            facts: StoryFacts | BareLead | None = None) -> int:
        """Cluster id for doc_id: its best near-duplicate's cluster, else its event's, else doc_id itself."""
        return self.add_many([(doc_id, sig, published)], facts=[facts])[0]

    def add_many(self, docs: Sequence[tuple[int, bytes, dt.datetime | None]],
                 facts: Sequence[StoryFacts | BareLead | None] | None = None) -> list[int]:
        """Cluster ids for (doc_id, signature, published) in order, exactly as ``add`` one by one would give.

        ``facts``: each document's lead facts (or None), for the event match. A :class:`BareLead` (no facts) that
        near-duplicates put in no story joins the story of a bare report in the window it overlaps strongly, else
        starts its own and waits in the window; a later report that overlaps it strongly adopts its story, once,
        and only a story of bare reports alone (two stories with facts are merged by facts only).
        Band keys are computed for the whole batch at once and looked up in the sorted arrays once;
        each document is then matched in order, so a copy later in the batch finds an earlier one."""
        parsed, minhashes = parse_many([sig for _, sig, _ in docs])
        low = minhashes.astype(np.uint16)  # what the index keeps and compares (see _sigs)
        if facts is not None:
            self.events.observe(facts)
        keyed = [i for i, sig in enumerate(parsed) if not sig.tiny]
        band_keys = self._band_keys_of(minhashes if len(keyed) == len(parsed) else minhashes[keyed]) if keyed else \
            np.zeros((0, self.bands), dtype=np.uint32)
        older = self._buckets.older_candidates(band_keys.ravel(), self.bands)
        keys_of: dict[int, tuple[list[int], set[int]]] = {
            i: (row, found) for i, row, found in zip(keyed, band_keys.tolist(), older)}
        for i, ((doc_id, _, published), sig) in enumerate(zip(docs, parsed)):
            slot = self._slot.get(doc_id)
            if slot is None:
                keys, found = keys_of.get(i, ([], set()))
                told = facts[i] if facts is not None else None
                bare = None
                if type(told) is BareLead:
                    bare, told = told.facts(), None
                cluster = self._match(sig, keys, found, published, told, low[i])
                if cluster is None and told is not None:
                    stories = self.events.matches(told, published)
                    if stories:
                        cluster = stories[0]  # the oldest keeps its id; the report shows the others are the same
                        for absorbed in stories[1:]:
                            self._merge(absorbed, cluster)
                adopted = None
                if self.bare and (bare is not None or told is not None):
                    adopted, joined = self._bare_match(bare if bare is not None else told, published, cluster)
                    if cluster is None and bare is not None:
                        cluster, adopted = joined, None  # a bare rewrite joins its bare rewrite's story
                self._store(doc_id, sig, keys, doc_id if cluster is None else cluster, published, low[i])
                slot = self._slot[doc_id]
                if told is not None:
                    self.events.add(doc_id, self._cluster[slot], told, published)
                    self._bare_only.discard(self._cluster[slot])
                elif bare is not None:
                    self.bare.add(doc_id, bare, published, self.events)
                    if cluster is None:
                        self._bare_only.add(doc_id)
                if adopted is not None:
                    self._adopt(adopted, self._cluster[slot])
        self._buckets.merge_if_full()
        # read after the whole batch: a later report may have merged the story of an earlier one
        return [self._cluster[self._slot[doc_id]] for doc_id, _, _ in docs]

    def take_merges(self) -> dict[int, int]:
        """Stories merged since the last call: absorbed cluster id -> the id it now has (stored reports of the
        absorbed story must be relabelled too)."""
        merges, self._merges = self._merges, {}
        return merges

    def _bare_match(self, facts: StoryFacts, published: dt.datetime | None,
                    cluster: int | None) -> tuple[int | None, int | None]:
        """(a story of bare reports alone to adopt, the story of the best bare report overlapping ``facts``)."""
        joined = None
        for doc_id in self.bare.find(facts, published, self.events):
            story = self.cluster_of(doc_id)
            if story is None or story == cluster:
                continue
            if joined is None:
                joined = story
            if story in self._bare_only:
                return story, joined
        return None, joined

    def _adopt(self, bare_story: int, story: int) -> None:
        """A story of bare reports alone joins ``story`` (the older id kept, as a merge keeps it)."""
        still_bare = story in self._bare_only
        self._bare_only.discard(bare_story)
        self._bare_only.discard(story)
        keep, gone = min(bare_story, story), max(bare_story, story)
        self._merge(gone, keep)
        if still_bare:
            self._bare_only.add(keep)

    def _merge(self, absorbed: int, story: int) -> None:
        cluster = self._cluster
        for slot in range(len(cluster)):  # rare: a report that bridges two stories
            if cluster[slot] == absorbed:
                cluster[slot] = story
        self.events.relabel(absorbed, story)
        self._bare_only.discard(absorbed)
        for earlier, target in self._merges.items():
            if target == absorbed:
                self._merges[earlier] = story
        self._merges[absorbed] = story

    def load(self, rows: Iterable[tuple[int, bytes, int]]) -> None:
        """Rebuild from storage: (doc_id, signature, cluster_id), trusted as stored.

        Band keys of every loaded document are computed in one numpy pass and inserted at once."""
        first = len(self._doc)
        if isinstance(rows, Sized):  # one allocation for the signature matrix, not a growth per 1.5x
            self._reserve(first + len(rows))
        keys: list[np.ndarray] = []
        slots: list[int] = []
        full: list[np.ndarray] = []  # band keys come from the full 32-bit values, as add computes them

        def flush() -> None:
            if full:
                keys.append(self._band_keys_of(np.stack(full)))
                full.clear()

        for doc_id, sig, cluster_id in rows:
            if doc_id in self._slot:
                continue
            parsed = Signature.from_bytes(sig)
            self._store(doc_id, parsed, None, cluster_id, None)
            if not parsed.tiny:
                slots.append(self._slot[doc_id])
                full.append(parsed.minhash)
                if len(full) == LOAD_CHUNK:  # bounds the uint64 temporaries to a few MB
                    flush()
        flush()
        if slots:
            self._buckets.insert_all(np.concatenate(keys).ravel(), np.repeat(np.array(slots, dtype=np.int32), self.bands))

    def load_facts(self, rows: Iterable[tuple[int, int, StoryFacts | BareLead | None, dt.datetime | None]]) -> None:
        """Stored reports' lead facts: (doc_id, cluster_id, facts, published), oldest first. A stored bare report
        goes back into the bare window; its story is one of bare reports alone when it began with a bare report
        loaded here and no loaded report with facts is in it (its later reports are newer, so loaded too)."""
        bare_started: set[int] = set()
        with_facts: set[int] = set()
        for doc_id, cluster, told, published in rows:
            if type(told) is BareLead:
                self.bare.add(doc_id, told.facts(), published, self.events)
                if cluster == doc_id:
                    bare_started.add(cluster)
                continue
            self.events.observe((told,))
            self.events.add(doc_id, cluster, told, published)
            if told is not None:
                with_facts.add(cluster)
        self._bare_only |= bare_started - with_facts

    def cluster_of(self, doc_id: int) -> int | None:
        slot = self._slot.get(doc_id)
        return None if slot is None else self._cluster[slot]

    def reserve(self, documents: int) -> None:
        """Room for ``documents`` more without regrowing (a caller that knows its backlog: no 1.5x slack)."""
        self._reserve(len(self._doc) + documents)

    def _band_keys_of(self, minhashes: np.ndarray) -> np.ndarray:
        """Band keys (documents x bands, uint32) of a matrix of MinHash signatures (documents x NUM_PERM)."""
        bands = minhashes[:, : self.bands * self.rows].astype(np.uint64).reshape(len(minhashes), self.bands, self.rows)
        keys = (bands * self._row_mul).sum(axis=2, dtype=np.uint64) ^ self._band_salt
        return ((keys >> np.uint64(32)) ^ keys).astype(np.uint32)

    def _match(self, sig: Signature, keys: list[int], older: set[int], published: dt.datetime | None,
               told: StoryFacts | None = None, low: np.ndarray | None = None) -> int | None:
        """``older``: the candidates the sorted arrays gave for ``keys``; the recent dict adds its own here.
        ``told``: the document's lead facts; a candidate that leads with other counts is refused."""
        if not sig.empty:
            exact = self._by_fingerprint.get(sig.fingerprint)
            if exact is not None:
                return self._cluster[exact]
        found = self._buckets.recent_candidates(keys, older) if keys else older
        if not found:
            return None
        slots = np.fromiter(found, dtype=np.int64, count=len(found))
        if low is None:
            low = sig.minhash.astype(np.uint16)
        scores = np.count_nonzero(self._sigs.take(slots, axis=0) == low, axis=1)
        # Best first; ties go to the earliest document, so the result does not depend on set order.
        order = np.lexsort((slots, -scores))
        need = self.threshold * NUM_PERM
        stamp = _stamp(published)
        for i in order.tolist():
            if scores[i] < need:
                break
            slot = int(slots[i])
            if numbers_compatible(sig.numbers, frozenset(self._numbers[slot])) \
                    and self._within_window(stamp, self._published[slot]) \
                    and not self._told_otherwise(told, slot):
                return self._cluster[slot]
        return None

    def _told_otherwise(self, told: StoryFacts | None, slot: int) -> bool:
        if told is None or not told.counts:
            return False
        theirs = self.events.facts_of(self._doc[slot])
        return theirs is not None and contradicts(told, theirs)

    def _within_window(self, a: float, b: float) -> bool:
        if self.window is None or math.isnan(a) or math.isnan(b):
            return True
        return abs(a - b) <= self.window.total_seconds()

    def _reserve(self, rows: int) -> None:
        if rows > self._sigs.shape[0]:
            grown = np.zeros((rows, NUM_PERM), dtype=np.uint16)
            grown[:len(self._doc)] = self._sigs[:len(self._doc)]
            self._sigs = grown

    def _store(self, doc_id: int, sig: Signature, keys: list[int] | None, cluster: int,
               published: dt.datetime | None, low: np.ndarray | None = None) -> None:
        """``keys`` None: the caller inserts the band keys itself (load, in bulk)."""
        slot = len(self._doc)
        if slot == self._sigs.shape[0]:
            # 1.5x, not 2x: at 50,000 documents doubling left up to 25 MB of empty rows
            self._reserve(slot + max(slot // 2, 64))
        self._sigs[slot] = sig.minhash.astype(np.uint16) if low is None else low
        self._slot[doc_id] = slot
        self._doc.append(doc_id)
        self._cluster.append(cluster)
        self._numbers.append(tuple(sorted(sig.numbers)) if sig.numbers else ())
        self._published.append(_stamp(published))
        if not sig.empty:
            self._by_fingerprint.setdefault(sig.fingerprint, slot)
        if keys:
            self._buckets.add(keys, slot)
