"""MinHash story signatures, computed with numpy and serialized to bytes.

Shingles are 3-grams over the token stream of :mod:`monitor.dedup.text`: three words of English,
three characters of Chinese, and either across a script change. The title is shingled only when
the body is short (feed entries with a summary), because copies of one wire story often rewrite
the headline while keeping the body; numbers are read from title and body.

Hashing is deterministic across processes and numpy versions: tokens get a polynomial hash over
their code points, shingles combine three token hashes, and each of the 128 permutations is a
multiply-add-shift hash whose constants come from sha256 of fixed strings (no ``hash()``, no RNG).

Serialized layout (little-endian), see :class:`Signature`::

    b"MH" version:u8 flags:u8 | n_shingles:u32 | fingerprint:16 bytes | n_numbers:u16 pad:u16
    | minhash: NUM_PERM x u32 | numbers: n_numbers x u32
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass

import numpy as np

from monitor.dedup.text import fingerprint_tokens, normalize, numbers, tokens

NUM_PERM = 128
SHINGLE = 3
# Fewer distinct shingles than this: the text is too small for a similarity estimate to mean
# anything, so only the exact fingerprint may merge it.
MIN_SHINGLES = 12
# Body with fewer shingles than this gets the title's shingles too.
TITLE_BELOW = 40
_CHUNK = 4096  # shingles per numpy block, bounds memory on very long pages

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
_PERM_ADD = _constants("add", NUM_PERM, odd=False)[:, None]
_MIX = _constants("mix", 4, odd=True)
_POW = np.cumprod(np.concatenate((np.ones(1, np.uint64), np.full(255, 0x100000001B3, np.uint64))), dtype=np.uint64)
_POW.flags.writeable = False
_U64 = np.uint64


def _finalize(x: np.ndarray) -> np.ndarray:
    """splitmix64 finalizer on arrays: spreads polynomial sums over all 64 bits."""
    x = (x ^ (x >> _U64(30))) * _MIX[0]
    x = (x ^ (x >> _U64(27))) * _MIX[1]
    return x ^ (x >> _U64(31))


def _token_hashes(toks: list[str]) -> np.ndarray:
    lens = np.fromiter(map(len, toks), dtype=np.int64, count=len(toks))
    cps = np.frombuffer("".join(toks).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    starts = np.cumsum(lens) - lens
    offset = np.minimum(np.arange(cps.size) - np.repeat(starts, lens), _POW.size - 1)
    sums = np.add.reduceat(cps * _POW[offset], starts)
    return _finalize(sums ^ (lens.astype(np.uint64) * _MIX[2]))


def _shingle_hashes(toks: list[str]) -> np.ndarray:
    h = _token_hashes(toks)
    if h.size < SHINGLE:
        return h
    mixed = h[:-2] * _MIX[3] + (h[1:-1] ^ (h[2:] >> _U64(7)))
    return np.unique(_finalize(mixed + (h[2:] * _MIX[2])))


def _minhash(shingles: np.ndarray) -> np.ndarray:
    # h_i(x) = (a_i * x + b_i) mod 2**64; the minimum's high 32 bits are the minimum of the
    # high 32 bits (multiply-add-shift), so shifting after the reduction saves a full pass.
    out = np.full(NUM_PERM, _EMPTY_HASH, dtype=np.uint32)
    for lo in range(0, shingles.size, _CHUNK):
        block = shingles[None, lo : lo + _CHUNK] * _PERM_MUL
        block += _PERM_ADD
        np.minimum(out, (block.min(axis=1) >> _U64(32)).astype(np.uint32), out=out)
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


def compute(title: str, text: str) -> Signature:
    norm_title, norm_text = normalize(title), normalize(text)
    head, body = tokens(norm_title, normalized=True), tokens(norm_text, normalized=True)
    toks = body if len(body) >= TITLE_BELOW + SHINGLE - 1 else head + body
    shingles = _shingle_hashes(toks) if toks else np.empty(0, dtype=np.uint64)
    flags = 0
    if not toks:
        flags |= FLAG_EMPTY | FLAG_TINY
    elif shingles.size < MIN_SHINGLES:
        flags |= FLAG_TINY
    fp = bytes.fromhex(fingerprint_tokens(head, body))[:16]
    nums = frozenset(numbers(norm_title + "\n" + norm_text, normalized=True))
    return Signature(_minhash(shingles), nums, int(shingles.size), fp, flags)


def story_signature(title: str, text: str) -> bytes:
    """MinHash signature of a story, serialized for storage beside the document."""
    return compute(title, text).to_bytes()
