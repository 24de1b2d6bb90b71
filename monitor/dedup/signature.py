"""MinHash story signatures, computed with numpy and serialized to bytes.

Shingles are 3-grams over the token stream of :mod:`monitor.dedup.text`: three words of English,
three characters of Chinese, and either across a script change. The title is shingled only when
the body is short (feed entries with a summary), because copies of one wire story often rewrite
the headline while keeping the body; numbers are read from title and body.

Hashing is deterministic across processes and numpy versions: tokens get a polynomial hash over
their code points, shingles combine three token hashes, and each of the 128 permutations is a
multiply-shift hash whose constants come from sha256 of fixed strings (no ``hash()``, no RNG).

Serialized layout (little-endian), see :class:`Signature`::

    b"MH" version:u8 flags:u8 | n_shingles:u32 | fingerprint:16 bytes | n_numbers:u16 pad:u16
    | minhash: NUM_PERM x u32 | numbers: n_numbers x u32
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass
from typing import Iterable, Iterator, Sequence

import numpy as np

from monitor.dedup.numbers import numbers_many, numbers_of
from monitor.dedup.text import Tokens, mix64, tokenize, tokenize_many

NUM_PERM = 128
SHINGLE = 3
# Fewer distinct shingles than this: the text is too small for a similarity estimate to mean
# anything, so only the exact fingerprint may merge it.
MIN_SHINGLES = 12
# Body with fewer shingles than this gets the title's shingles too.
TITLE_BELOW = 40
_CHUNK = 4096  # shingles per numpy block, bounds memory on very long pages
# Characters per tokenizer scan in compute_many: past a few dozen documents the per-call overhead is
# paid off, and larger scans were slower (cache) and held more (200 2 KB documents at once: 18 MB).
_SCAN_CHARS = 65_536

_HEADER = struct.Struct("<2sBBI16sHH")
_MAGIC = b"MH"
_VERSION = 1
FLAG_TINY = 1
FLAG_EMPTY = 2
_EMPTY_HASH = 0xFFFFFFFF


def _constants(label: str, count: int, odd: bool) -> np.ndarray:
    out = []
    for i in range(count):
        value = int.from_bytes(hashlib.sha256(f"monitor.dedup/{label}/{i}".encode()).digest()[:8], "little")
        out.append(value | 1 if odd else value)
    arr = np.array(out, dtype=np.uint64)
    arr.flags.writeable = False
    return arr


_PERM_MUL = _constants("mul", NUM_PERM, odd=True)[:, None]
_MIX = _constants("mix", 2, odd=True)
_U64 = np.uint64
_S7, _S32 = _U64(7), _U64(32)


def _shingle_hashes(h: np.ndarray) -> np.ndarray:
    if h.size < SHINGLE:
        return h
    return mix64(h[:-2] * _MIX[0] + (h[1:-1] ^ (h[2:] >> _S7)) + h[2:] * _MIX[1])


def _minhash(shingles: np.ndarray) -> np.ndarray:
    # Multiply-shift: h_i(x) = (a_i * x mod 2**64) >> 32 with odd a_i; the shift is taken after
    # the reduction (the minimum's high bits are the minimum of the high bits), saving a pass.
    # Shingles are already mixed 64-bit values, so no additive term is needed.
    if 0 < shingles.size <= _CHUNK:  # the usual case: one block, no running minimum to merge into
        return ((shingles[None, :] * _PERM_MUL).min(axis=1) >> _S32).astype(np.uint32)
    out = np.full(NUM_PERM, _EMPTY_HASH, dtype=np.uint32)
    for lo in range(0, shingles.size, _CHUNK):
        block = shingles[None, lo : lo + _CHUNK] * _PERM_MUL
        np.minimum(out, (block.min(axis=1) >> _S32).astype(np.uint32), out=out)
    return out


@dataclass(frozen=True, slots=True, eq=False)  # eq on a numpy field would be ambiguous
class Signature:
    """A parsed signature: what :class:`~monitor.dedup.index.StoryIndex` compares."""

    minhash: np.ndarray  # NUM_PERM x uint32
    numbers: frozenset[int]
    n_shingles: int
    fingerprint: bytes  # first 16 bytes of content_fingerprint
    flags: int

    @property
    def tiny(self) -> bool:
        return bool(self.flags & FLAG_TINY)

    @property
    def empty(self) -> bool:
        return bool(self.flags & FLAG_EMPTY)

    def to_bytes(self) -> bytes:
        nums = sorted(self.numbers)
        head = _HEADER.pack(_MAGIC, _VERSION, self.flags, self.n_shingles, self.fingerprint, len(nums), 0)
        return head + self.minhash.astype("<u4").tobytes() + np.array(nums, dtype="<u4").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> Signature:
        if len(data) < _HEADER.size + 4 * NUM_PERM:
            raise ValueError(f"story signature too short: {len(data)} bytes")
        magic, version, flags, n_shingles, fp, n_numbers, _ = _HEADER.unpack_from(data)
        if magic != _MAGIC or version != _VERSION:
            raise ValueError(f"not a story signature (magic {magic!r}, version {version})")
        end = _HEADER.size + 4 * NUM_PERM
        if len(data) != end + 4 * n_numbers:
            raise ValueError(f"story signature length {len(data)} does not match its header")
        minhash = np.frombuffer(data, dtype="<u4", count=NUM_PERM, offset=_HEADER.size).astype(np.uint32)
        nums = np.frombuffer(data, dtype="<u4", count=n_numbers, offset=end)
        return cls(minhash, frozenset(nums.tolist()), n_shingles, fp, flags)


def parse_many(datas: Sequence[bytes]) -> tuple[list[Signature], np.ndarray]:
    """``[Signature.from_bytes(d) for d in datas]``, the same values, and their MinHash values as one matrix
    (documents x NUM_PERM, uint32; each signature's ``minhash`` is its row): one numpy pass for the batch,
    not three numpy calls per signature."""
    head, end = _HEADER.size, _HEADER.size + 4 * NUM_PERM
    out = []
    for data in datas:
        if len(data) < end:
            raise ValueError(f"story signature too short: {len(data)} bytes")
        magic, version, flags, n_shingles, fp, n_numbers, _ = _HEADER.unpack_from(data)
        if magic != _MAGIC or version != _VERSION:
            raise ValueError(f"not a story signature (magic {magic!r}, version {version})")
        if len(data) != end + 4 * n_numbers:
            raise ValueError(f"story signature length {len(data)} does not match its header")
        out.append((flags, n_shingles, fp, frozenset(struct.unpack_from(f"<{n_numbers}I", data, end))
                    if n_numbers else frozenset()))
    matrix = np.frombuffer(b"".join([data[head:end] for data in datas]), dtype="<u4").astype(np.uint32)
    matrix = matrix.reshape(len(datas), NUM_PERM)
    return [Signature(row, numbers, n_shingles, fp, flags)
            for row, (flags, n_shingles, fp, numbers) in zip(matrix, out)], matrix


def compute(title: str, text: str) -> Signature:
    """One document's signature: the reference that ``compute_many`` matches bit for bit."""
    toks = tokenize(text, title=title)
    shingles = _shingle_hashes(_selected(toks))
    return _signature(toks, shingles, _minhash(shingles))


def _selected(toks: Tokens) -> np.ndarray:
    """The token hashes that are shingled: the body's alone when it is long enough."""
    if toks.hashes.size - toks.n_title >= TITLE_BELOW + SHINGLE - 1:
        return toks.hashes[toks.n_title :]
    return toks.hashes


def _signature(toks: Tokens, shingles: np.ndarray, minhash: np.ndarray, nums: list[int] | None = None) -> Signature:
    flags = 0
    if shingles.size == 0:  # no tokens at all (one or two tokens are shingled as they are)
        flags |= FLAG_EMPTY | FLAG_TINY
    elif shingles.size < 4 * MIN_SHINGLES and np.unique(shingles).size < MIN_SHINGLES:
        # Longer texts with so few distinct shingles ("a a a a ...") are pathological and
        # harmless either way; the exact count is only paid where it decides.
        flags |= FLAG_TINY
    numbers = frozenset(numbers_of(toks) if nums is None else nums)
    return Signature(minhash, numbers, int(shingles.size), toks.fingerprint_digest()[:16], flags)


def compute_many(pairs: Sequence[tuple[str, str]]) -> list[Signature]:
    """``compute(title, text)`` for every pair, bit for bit, with the numpy calls paid per batch.

    Tokens come from one scan of several documents (``tokenize_many``), about ``_SCAN_CHARS`` at a
    time; the MinHash of several documents is taken over their shingles side by side, up to
    ``_CHUNK`` columns at a time, with one minimum per document (``np.minimum.reduceat``). A 2 KB
    document costs about two thirds as much as alone."""
    sizes = [len(title) + len(text) for title, text in pairs]
    # ASCII documents are scanned apart from the others: a scan of ASCII text skips the numpy passes for
    # CJK and astral characters, and one Chinese report (or a © in a footer) would cost them to its whole scan.
    ascii_only = [title.isascii() and text.isascii() for title, text in pairs]
    out: list[Signature | None] = [None] * len(pairs)
    for part in ([i for i, a in enumerate(ascii_only) if a], [i for i, a in enumerate(ascii_only) if not a]):
        for scan in _groups(part, sizes, _SCAN_CHARS):
            for i, signature in zip(scan, _compute_scan([pairs[i] for i in scan])):
                out[i] = signature
    return out  # type: ignore[return-value]


def _groups(indexes: Iterable[int], sizes: Sequence[int], limit: int) -> Iterator[list[int]]:
    """Runs of the indexes whose sizes add up to at most ``limit`` (an item larger than that alone)."""
    group: list[int] = []
    total = 0
    for i in indexes:
        if group and total + sizes[i] > limit:
            yield group
            group, total = [], 0
        group.append(i)
        total += sizes[i]
    if group:
        yield group


def _compute_scan(pairs: Sequence[tuple[str, str]]) -> list[Signature]:
    toks = tokenize_many(pairs)
    shingles = _shingles_many([_selected(t) for t in toks])
    sizes = [sh.size for sh in shingles]
    # No shingles, or more than one block: the single-document path, which handles both.
    minhashes = {i: _minhash(sh) for i, sh in enumerate(shingles) if not 0 < sh.size <= _CHUNK}
    for group in _groups((i for i in range(len(toks)) if i not in minhashes), sizes, _CHUNK):
        offsets = np.zeros(len(group), dtype=np.intp)
        np.cumsum([sizes[i] for i in group[:-1]], out=offsets[1:])
        columns = np.concatenate([shingles[i] for i in group])
        # the same values as _minhash, document by document: the minimum over its columns, then the shift
        lowest = np.minimum.reduceat(columns[None, :] * _PERM_MUL, offsets, axis=1) >> _S32
        minhashes.update(zip(group, np.ascontiguousarray(lowest.T, dtype=np.uint32)))
    nums = numbers_many(toks)
    return [_signature(t, shingles[i], minhashes[i], nums[i]) for i, t in enumerate(toks)]


def _shingles_many(selected: list[np.ndarray]) -> list[np.ndarray]:
    """``[_shingle_hashes(h) for h in selected]``, the same values, with the numpy calls paid once for the scan:
    over the token hashes side by side, each document's shingles are the ones that start in its own tokens and
    end there too (the two that start in its last two tokens span the next document and are left out)."""
    if len(selected) < 2:
        return [_shingle_hashes(h) for h in selected]
    sizes = [h.size for h in selected]
    joined = _shingle_hashes(np.concatenate(selected))
    out = []
    start = 0
    for h, size in zip(selected, sizes):
        out.append(joined[start:start + size - 2] if size >= SHINGLE else h)
        start += size
    return out


def story_signature(title: str, text: str) -> bytes:
    """MinHash signature of a story, serialized for storage beside the document."""
    return compute(title, text).to_bytes()


def story_signatures(pairs: Sequence[tuple[str, str]]) -> list[bytes]:
    """``story_signature`` for every (title, text) pair: the same bytes, computed as a batch."""
    return [signature.to_bytes() for signature in compute_many(pairs)]
