"""Cut teaser blocks and split text into bounded sentences (as offsets into the text).

Sentence ends: ``. ! ?`` followed by white space (English), ``。！？`` (Chinese) and line breaks.
A period after a known abbreviation ("U.S.", "Corp.", "v.") or inside a name ("01.AI") does not end a
sentence. Sentences longer than ``max_chars`` are cut (at a comma or space near the limit) so that
no pattern ever sees an unbounded string.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

# One character class (the regex engine skips ahead to it); "." "!" "?" end a sentence only before white space.
# The line breaks right after an end are taken with it: a paragraph's "。\n\n" is one candidate, not three
# (the sentence is stripped of them, and each break alone would only have closed an empty one).
_END = re.compile(r"[.!?。！？\n](?:\n+|(?<=[A-Za-z]{5}\.)(?=\s|\Z)|(?<=[!?])(?=\s|\Z)|(?<=[。！？\n])|(?<=\.)(?=\s|\Z)(?P<check>))")
# Which candidates end a sentence is decided in the pattern (it still opens with the one character class, so
# the engine scans for its characters): a mark with line breaks after it; a "." after five ASCII letters
# ("quarter."), which makes _LAST_WORD's word five letters or more, longer than any abbreviation or initials;
# "!" or "?" before white space (or the end); a Chinese mark or a line break. Only a "." before white space
# after anything else (group "check") is read in Python: a numbered item's number, an abbreviation, initials.
# A mark before anything else (".AI", "4.5") is no candidate at all: it ended nothing and moved no start.
# The same without the Chinese marks, for an ASCII text (which cannot hold them): a byte-map test per character
# where the class with them is a two-level look-up.
_END_ASCII = re.compile(_END.pattern.replace("。！？", ""))
# An ASCII text without "!" or "?" (most English articles): the periods are found with a pattern that opens with
# the period itself (a literal the engine finds ~10x faster than a character of a class), with _END's
# alternatives for it, and the runs of line breaks apart: merged in text order, they are _END's candidates (a run
# right after a period is that period's candidate, taken with it).
_PERIOD_END = re.compile(r"\.(?:\n+|(?<=[A-Za-z]{5}\.)(?=\s|\Z)|(?=\s|\Z)(?P<check>))")
_LINE_BREAKS = re.compile(r"\n\n*")  # (not \n+: a repeat first is tried at every position)


def _period_ends(text: str) -> Iterator[tuple[int, int | None]]:
    """(end, lastindex) of _END_ASCII's matches in an ASCII text without "!" or "?", in order."""
    runs = _LINE_BREAKS.finditer(text)
    run = next(runs, None)
    for m in _PERIOD_END.finditer(text):
        at = m.start()
        while run is not None and run.start() < at:
            if text[run.start() - 1:run.start()] != ".":
                yield run.end(), None
            run = next(runs, None)
        yield m.end(), m.lastindex
    while run is not None:
        if text[run.start() - 1:run.start()] != ".":
            yield run.end(), None
        run = next(runs, None)
_ABBREVIATIONS = frozenset({
    "u.s", "u.k", "v", "vs", "bros", "corp", "inc", "co", "ltd", "mr", "ms", "dr", "no", "st", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "e.g", "i.e", "gov", "a.i", "p.m", "a.m", "al",
})
_LAST_WORD = re.compile(r"(?<![A-Za-z])([A-Za-z][A-Za-z.]{0,5})$")
_INITIALS = re.compile(r"(?:[A-Z]\.){0,2}[A-Z]")
_SOFT_BREAK = ("，", ",", "；", ";", "、", " ")


_TEASER_JOINERS = (":", "：", "|", "»", "▶", "·")
# A line of search terms: "#AI大模型# #备案#", or several fragments of a few words each ("Baidu approved AI
# model. Alibaba approved AI. Is Kimi approved?").
_HASHTAG = re.compile(r"#[^#\s]{1,20}#|(?:^|\s)#\w+")
_FRAGMENT = re.compile(r"[^.?!。？！]+[.?!。？！]?")


def cut_teasers(text: str, markers: tuple[str, ...]) -> str:
    """Drop teaser blocks and keyword lines, keeping every other offset where it was.

    A line that is only a teaser heading ("Explore more", "相关阅读：") cuts everything after it; a line that
    starts with one and goes on ("Related: Eight chatbots get ... | Baidu says ...") is blanked, and so is
    a line of hashtags or of word-salad fragments. The marker must open the line, so a sentence such as
    "Related to this, ..." is kept."""
    if not markers:
        return text
    opener, firsts = _openers(markers), _first_letters(markers)
    out: list[str] = []
    changed = False
    for line in text.splitlines(keepends=True):
        stripped = line.strip().lstrip("【[〔（(").strip()
        # (a marker's first letter first: the line's, lower-cased alone, is its lower-cased start's)
        found = (opener.match(stripped[:48].lower())
                 if stripped and (firsts is None or stripped[:1].lower()[:1] in firsts) else None)
        if found is not None:
            bare = stripped.lower().rstrip(":：").rstrip("】]〕）)").rstrip(":：")
            after = stripped[found.end():found.end() + 1]
            if bare in markers or (len(bare) <= 40 and after in _TEASER_JOINERS):
                return "".join(out)
            if after in _TEASER_JOINERS:
                out.append(_blank(line))
                changed = True
                continue
        # (without a "#", _is_keyword_line wants three ". " or more, one per 40 characters at least: counted once)
        dots = -1 if "#" in stripped else stripped.count(". ")
        if (dots < 0 or (dots >= 3 and dots * 40 >= len(stripped))) and _is_keyword_line(stripped):
            out.append(_blank(line))
            changed = True
            continue
        out.append(line)
    return "".join(out) if changed else text


@lru_cache(maxsize=8)
def _openers(markers: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(m) for m in sorted(markers, key=len, reverse=True))
    return re.compile(rf"(?:{alternatives})")  # matched against the line's lower-cased start


@lru_cache(maxsize=8)
def _first_letters(markers: tuple[str, ...]) -> frozenset[str] | None:
    """The letters a marker can start with; None when one is empty (it matches any line's start)."""
    return None if not all(markers) else frozenset(m[0] for m in markers)


def _blank(line: str) -> str:
    return " " * len(line.rstrip("\r\n")) + line[len(line.rstrip("\r\n")):]


def _is_keyword_line(line: str) -> bool:
    if len(line) > 1000:
        return False  # keyword lines are short; a long line is prose (and must not cost a full scan here)
    if "#" in line and len(_HASHTAG.findall(line)) >= 3:
        return True
    if line.count(". ") * 40 < len(line) or not line.isascii():
        return False  # long sentences are prose; word counts mean nothing in unspaced scripts
    fragments = [f for f in _FRAGMENT.findall(line) if f.strip()]
    if len(fragments) < 4 or any(len(f.split()) > 14 for f in fragments):
        return False
    return sum(1 for f in fragments if len(f.split()) <= 6) * 4 >= len(fragments) * 3


def sentences(text: str, max_chars: int) -> Iterator[tuple[int, int]]:
    """Sentence spans ``(start, end)``, stripped of surrounding white space, none longer than max_chars.

    A generator, so that the caller's time budget also bounds the splitting of a huge text.
    """
    start = 0
    if text.isascii() and "!" not in text and "?" not in text:
        candidates = _period_ends(text)
    else:
        candidates = ((m.end(), m.lastindex) for m in (_END_ASCII if text.isascii() else _END).finditer(text))
    for end, check in candidates:
        if check is not None:  # a "." before white space, not after five letters
            if end - start <= 5 and text[start:end - 1].strip().isdigit():
                continue  # "1. Duolingo. ...": a numbered item's number, not a sentence of its own
            word = _LAST_WORD.search(text, max(start, end - 8), end - 1)
            if word and (word.group(1).lower().rstrip(".") in _ABBREVIATIONS or _INITIALS.fullmatch(word.group(1))):
                continue  # "U.S.", and a person's initials: "George R.R. Martin", "Sidney H. Stein"
        if end - start <= max_chars:  # nearly every sentence: _bounded's first case, without a generator call
            seg = text[start:end]
            core = seg.strip()
            if core:
                first = start + len(seg) - len(seg.lstrip())
                yield (first, first + len(core))
        else:
            yield from _bounded(text, start, end, max_chars)
        start = end
    yield from _bounded(text, start, len(text), max_chars)


def _bounded(text: str, start: int, end: int, max_chars: int) -> Iterator[tuple[int, int]]:
    if end - start <= max_chars:  # nearly every sentence: strip with str methods, not a loop per character
        seg = text[start:end]
        core = seg.strip()
        if core:
            start += len(seg) - len(seg.lstrip())
            yield (start, start + len(core))
        return
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > max_chars:
        cut = start + max_chars
        floor = start + max_chars // 2
        best = max(text.rfind(ch, floor, cut) for ch in _SOFT_BREAK)
        if best > floor:
            cut = best + 1
        yield (start, cut)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        yield (start, end)
