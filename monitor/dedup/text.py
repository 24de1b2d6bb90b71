"""Text normalization shared by the exact fingerprint and the MinHash signature.

Normalizing means: NFKC (folds full-width/half-width forms and compatibility characters),
casefold, punctuation and symbols dropped, whitespace collapsed. The result is a token stream:
a run of letters/digits is one token, a CJK/kana/hangul character is one token, so Chinese needs
no word segmenter and mixed text needs no language detection.

The tokenizer works on the code points as a numpy array (a class table lookup, then run
boundaries) rather than with ``re``: on 2-3 KB of English a single ``re.findall`` pass costs
70-120 us, the whole numpy tokenizer about 40 us, and it hashes the tokens in the same pass.
"""

from __future__ import annotations

import hashlib
import re
import struct
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple, Sequence

import numpy as np

SEP, WORD, CJK, ASTRAL = 0, 1, 2, 3
_CJK_RANGES = ((0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xAC00, 0xD7AF))


def _class_table() -> np.ndarray:
    table = np.array([WORD if chr(c).isalnum() else SEP for c in range(0x10000)] + [ASTRAL], dtype=np.uint8)
    for lo, hi in _CJK_RANGES:
        table[lo : hi + 1] = CJK
    table.flags.writeable = False
    return table


_CLASS = _class_table()
_POW = np.cumprod(np.concatenate((np.ones(1, np.uint64), np.full(255, 0x100000001B3, np.uint64))), dtype=np.uint64)
_POW.flags.writeable = False
_LEN_MUL = np.uint64(0x9E3779B97F4A7C15)
_M1, _M2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)
_U64 = np.uint64
_S30, _S27, _S31 = _U64(30), _U64(27), _U64(31)


def mix64(x: np.ndarray) -> np.ndarray:
    """splitmix64 finalizer on arrays: spreads polynomial sums over all 64 bits."""
    x = (x ^ (x >> _S30)) * _M1
    x = (x ^ (x >> _S27)) * _M2
    return x ^ (x >> _S31)


@dataclass(frozen=True, slots=True, eq=False)
class Tokens:
    """A normalized title + text as token hashes; the first ``n_title`` tokens are the title's."""

    text: str  # the normalized text
    codes: np.ndarray  # code points of ``text``, uint32
    kept: np.ndarray  # code points of the token characters only, uint32
    heads: np.ndarray  # index in ``kept`` where each token starts
    starts: np.ndarray  # index in ``text`` where each token starts
    hashes: np.ndarray  # one uint64 per token, deterministic
    has_cjk: bool
    n_title: int = 0

    def __len__(self) -> int:
        return int(self.hashes.size)

    def fingerprint(self) -> str:
        """sha256 over the token characters and boundaries: the text with single spaces, in effect."""
        return self.fingerprint_digest().hex()

    def fingerprint_digest(self) -> bytes:
        digest = hashlib.sha256(struct.pack("<q", self.n_title))
        # copy=False: on little-endian machines the arrays already have these layouts
        digest.update(self.kept.astype("<u4", copy=False).tobytes())
        digest.update(self.heads.astype("<i8", copy=False).tobytes())
        return digest.digest()

    def strings(self) -> list[str]:
        """The tokens as strings (tests and debugging; the hot path keeps only hashes)."""
        chars = self.kept.astype("<u4").tobytes().decode("utf-32-le", "surrogatepass")
        bounds = self.heads.tolist() + [len(chars)]
        return [chars[a:b] for a, b in zip(bounds, bounds[1:])]


def normalize(text: str) -> str:
    """NFKC + casefold; the common first step of everything below."""
    if text.isascii():  # ASCII is NFKC already, and casefold is lower there; the common case, 3x cheaper
        return text.lower()
    if not unicodedata.is_normalized("NFKC", text):
        text = _nfkc(text)
    return text.casefold()


# ASCII and CJK unified ideographs are starters that NFKC keeps and that compose with nothing before them
# (canonical class 0, NFKC_QC=Yes): a text can be normalized piecewise, cut before any of them. Only the
# runs of other characters need unicodedata (with the character before each run, which a combining mark
# may compose with): a Chinese report's full-width punctuation, not its 2,000 ideographs.
_NOT_INERT = re.compile(r"[^\x00-\x7f\u4e00-\u9fff]+")


def _nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, normalizing only the runs that can change (a full pass over
    700 characters of Chinese cost 200 us; its punctuation alone, 30)."""
    pieces = []
    last = 0
    for run in _NOT_INERT.finditer(text):
        start = run.start() - 1 if run.start() else 0  # the previous character: inert, never inside a run
        pieces.append(text[last:start])
        pieces.append(unicodedata.normalize("NFKC", text[start:run.end()]))
        last = run.end()
    pieces.append(text[last:])
    return "".join(pieces)


def tokenize(text: str, *, title: str = "") -> Tokens:
    """Normalize and tokenize ``title`` and ``text`` in one numpy pass."""
    norm_title, norm = _normalized(title, text)
    scan = _scan(norm)
    n_title = int(np.searchsorted(scan.starts, len(norm_title))) if norm_title else 0
    return Tokens(norm, scan.codes, scan.kept_codes, scan.heads, scan.starts, scan.hashes, scan.cjk.size > 0, n_title)


def tokenize_many(pairs: Sequence[tuple[str, str]]) -> list[Tokens]:
    """``tokenize(text, title=title)`` for every (title, text) pair: the same Tokens, one scan for all.

    Each numpy call costs about a microsecond whatever its size, and a 2 KB text needs twenty of
    them: over a batch of documents joined by a separator (no token spans one), the calls are paid
    once and each document's Tokens are slices of the batch's arrays, offsets made relative."""
    if not pairs:
        return []
    titles, norms = zip(*(_normalized(title, text) for title, text in pairs))
    scan = _scan("\n".join(norms))
    sizes = np.fromiter(map(len, norms), dtype=np.int64, count=len(norms))
    c0 = np.zeros(len(norms), dtype=np.int64)
    np.cumsum(sizes[:-1] + 1, out=c0[1:])  # each document starts after the previous one and its separator
    t0 = np.searchsorted(scan.starts, c0)
    t1 = np.searchsorted(scan.starts, c0 + sizes)
    k0 = np.searchsorted(scan.kept, c0)
    k1 = np.searchsorted(scan.kept, c0 + sizes)
    per_doc = t1 - t0
    heads = scan.heads - np.repeat(k0, per_doc)
    starts = scan.starts - np.repeat(c0, per_doc)
    # tokens before the end of the title (none for a document without one: nothing starts before it)
    n_titles = np.searchsorted(scan.starts, c0 + np.fromiter(map(len, titles), dtype=np.int64, count=len(titles))) - t0
    cjk_counts = np.searchsorted(scan.cjk, c0 + sizes) - np.searchsorted(scan.cjk, c0)
    out = []
    for norm, a, b, ka, kb, ca, cjk, n_title in zip(norms, t0.tolist(), t1.tolist(), k0.tolist(), k1.tolist(),
                                                     c0.tolist(), cjk_counts.tolist(), n_titles.tolist()):
        out.append(Tokens(norm, scan.codes[ca:ca + len(norm)], scan.kept_codes[ka:kb], heads[a:b], starts[a:b],
                          scan.hashes[a:b], cjk > 0, n_title))
    return out


def _normalized(title: str, text: str) -> tuple[str, str]:
    """The normalized title, and the text tokenized for it: the title, a line break, the body."""
    norm_title = normalize(title)
    return norm_title, norm_title + "\n" + normalize(text) if norm_title else normalize(text)


class _Scan(NamedTuple):
    codes: np.ndarray  # code points, uint32
    kept: np.ndarray  # positions of token characters
    kept_codes: np.ndarray
    heads: np.ndarray  # index in ``kept`` where each token starts
    starts: np.ndarray  # position where each token starts
    hashes: np.ndarray
    cjk: np.ndarray  # positions of CJK characters


_NO_POSITIONS = np.empty(0, dtype=np.int64)
_NO_POSITIONS.flags.writeable = False


def _scan(norm: str) -> _Scan:
    # ``array.take(indexes)``, not ``array[indexes]``: the same values, and numpy's fancy indexing costs several
    # times the instructions per element of take's plain loop (a fifth of the scan's, counted by callgrind)
    codes = np.frombuffer(norm.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    # Each numpy call costs ~1 us of overhead on a 2-3 KB text, so ASCII (no CJK, no astral) skips the
    # calls that only matter elsewhere.
    ascii_only = norm.isascii()
    if ascii_only:
        cls = _CLASS.take(codes)
    else:
        cls = _CLASS.take(np.minimum(codes, 0x10000))
        astral = np.flatnonzero(cls == ASTRAL)
        if astral.size:  # outside the BMP: rare, look each one up
            for i in astral.tolist():
                cls[i] = WORD if norm[i].isalnum() else SEP
    word = cls == WORD
    first = word.copy()  # a word character after a non-word one, or any CJK character
    first[1:] &= ~word[:-1]
    cjk_at = _NO_POSITIONS
    if not ascii_only:
        cjk = cls == CJK
        cjk_at = np.flatnonzero(cjk)
        if cjk_at.size:
            first |= cjk
    kept = np.flatnonzero(cls)  # SEP is 0; WORD and CJK are kept
    if kept.size == 0:
        return _Scan(codes, kept, codes.take(kept), _NO_POSITIONS, _NO_POSITIONS, _NO_POSITIONS.astype(np.uint64), cjk_at)
    kept_codes = codes.take(kept)
    heads = np.flatnonzero(first.take(kept))
    lens = np.empty_like(heads)
    lens[:-1] = heads[1:] - heads[:-1]
    lens[-1] = kept.size - heads[-1]
    offset = np.minimum(np.arange(kept.size) - np.repeat(heads, lens), _POW.size - 1)
    sums = np.add.reduceat(kept_codes.astype(np.uint64) * _POW.take(offset), heads)
    hashes = mix64(sums ^ (lens.astype(np.uint64) * _LEN_MUL))
    return _Scan(codes, kept, kept_codes, heads, kept[heads], hashes, cjk_at)


def tokens(text: str) -> list[str]:
    return tokenize(text).strings()


def content_fingerprint(title: str, text: str) -> str:
    """Exact-duplicate key: sha256 hex of the normalized title and text.

    Equal for copies that differ only in case, whitespace, punctuation or full-width forms.
    """
    return tokenize(text, title=title).fingerprint()
