"""Counts ("14", "fourteen", "十四款", "more than 40", "四十余") and batch ordinals ("fourth", "4th", "第四批").

The regexes are built once per rule set from its word lists; none has nested unbounded quantifiers
and they only ever see one bounded sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence, Mapping

from monitor.records import CountQualifier
from monitor.rules.terms import is_word_char
from monitor.text.numerals import chinese_numeral

_CN_CHARS = "零〇一二两三四五六七八九十百千万"
# A number followed by one of these is a duration or a share, never a count of models.
# Between the two ends of a range ("between 180 and 200", "180-200", "180至200"); "from 40 to 117" is growth.
_RANGE_GAP = re.compile(r"\s?(?:-|–|~|～|至|到|\sto|\sand)\s?$")
_NOT_COUNT = re.compile(r"\s?(?:-|\s)?(?:months?|years?|weeks?|days?|hours?|per ?cent|percent|个月|年|月|日|号|天|周|%)")


# The term family (built by the rule set from its number and ordinal words) whose hit in a sentence,
# or a digit or Chinese numeral (MAY_HOLD_NUMBER), is needed before the count and ordinal regexes
# can find anything: most sentences have none, and those regexes were a quarter of the rules' cost.
NUMBER_WORD_FAMILY = "_number_word"
# Words that end the noun phrase after a count ("14 of the", "389 billion parameters", "two years"): a count
# noun is looked for only before them (ruleset.CountNouns, roles._NOUN_GAP).
NOUN_PHRASE_ENDS = frozenset("of in to for were was are is have has had that which by with from on at per and or "
                             "billion million thousand percent year years month months week weeks day days hour hours"
                             .split())
_DIGIT = re.compile(r"\d")
_CN_ANY = re.compile(rf"[{_CN_CHARS}]")
MAY_HOLD_NUMBER = re.compile(rf"[\d{_CN_CHARS}首]")  # \d: full-width digits count too


def parse_chinese_numeral(text: str) -> int | None:
    """十四 -> 14, 三百四十六 -> 346, 一万二千 -> 12000, 346 -> 346; None when not a numeral."""
    return chinese_numeral(text)


@dataclass(frozen=True, slots=True)
class Count:
    start: int
    end: int
    value: int
    qualifier: CountQualifier


@dataclass(frozen=True, slots=True)
class Ordinal:
    start: int
    end: int
    value: int


class NumberPatterns:
    """Compiled number and ordinal patterns for one rule set."""

    def __init__(self, number_words: Mapping[str, int], ordinal_words: Mapping[str, int],
                 before: Mapping[str, str], after: Mapping[str, str]) -> None:
        self._words = dict(number_words)
        self._before = sorted(before.items(), key=lambda kv: -len(kv[0]))
        self._before_ends = tuple(phrase for phrase, _ in self._before) or ("\0",)
        self._after = sorted(after.items(), key=lambda kv: -len(kv[0]))
        tens = [w for w, n in number_words.items() if 20 <= n <= 90 and n % 10 == 0]
        units = [w for w, n in number_words.items() if 1 <= n <= 9]
        others = sorted(number_words, key=len, reverse=True)
        alt = lambda ws: "|".join(re.escape(w) for w in sorted(ws, key=len, reverse=True)) or "(?!)"  # noqa: E731
        # Three patterns, run only where they can match (a number word, a Chinese numeral): one alternation
        # tried at every character cost a sixth of the rules' time on approval sentences.
        # (It opens with the digit itself, the look-behinds reading back from after it: the engine scans for a
        # digit instead of trying the pattern at every position after the first one.)
        self._digits = re.compile(
            r"(?P<d>\d(?<![A-Za-z0-9.]\d)(?<!\d,\d)(?<![A-Za-z]-\d)(?:\d{0,2}(?:,\d{3})+|\d{0,5}))(?![.,]?[A-Za-z0-9])")
        below_hundred = [w for w, n in number_words.items() if n < 100]
        tens_units = rf"(?:{alt(tens)})[- ](?:{alt(units)})"
        # "three hundred and forty-six": one number, not 3, 100 and 46
        hundreds = rf"(?:{alt(units)}) hundred(?:(?: and)? (?:{tens_units}|{alt(below_hundred)}))?"
        dozens = rf"(?:{alt(units)}) dozen" if "dozen" in number_words else "(?!)"  # "two dozen": 24
        self._worded = re.compile(rf"\b(?P<w>{hundreds}|{dozens}|{tens_units}|(?:{alt(others)}))\b")
        # (one numeral character, then up to seven more: a class first is scanned for, a repeat first is tried at
        # every position)
        self._chinese = re.compile(rf"(?P<c>[{_CN_CHARS}][{_CN_CHARS}]{{0,7}})(?=[余多]?[款个项家])")
        self._ordinal_words = dict(ordinal_words)
        # The leading look-ahead names every character a match can start with (an ordinal word's first letter,
        # a digit, 第, 首, batch/round/tranche): the engine rejects most positions with one test instead of
        # trying each alternative there (1.8x faster on an approval sentence); it matches what it did.
        firsts = "".join(re.escape(ch) for ch in sorted({w[0] for w in ordinal_words if w} | set("brt第首")))
        self._ordinal = re.compile(
            rf"(?=[{firsts}\d])"
            rf"(?:\b(?P<o>{alt(ordinal_words)}|\d{{1,3}}(?:st|nd|rd|th))\b(?=(?:[ -][a-z-]{{1,20}}){{0,2}} "
            r"(?:batch|tranche|round|group))"
            rf"|第(?P<z>[{_CN_CHARS}\d]{{1,6}})批(?!准)|(?P<f>首)批(?!准)"
            r"|\b(?:batch|round|tranche)\s(?P<n>\d{1,2})\b(?![.,:]?\d))"  # "Round 2, November 3.", "in batch 3"
        )
        # Every match above holds one of these (a batch noun after the ordinal or before the number, 批 in 第N批
        # and 首批): a sentence with none is not searched (most approval sentences count without an ordinal).
        self._ordinal_cues = ("批", "batch", "tranche", "round", "group")

    def is_number_word(self, term: str) -> bool:
        return term in self._words

    def counts(self, folded: str, words: bool | Sequence[int] = True) -> list[Count]:
        """Every count-like number in a folded sentence, with its qualifier; years and dates skipped.
        ``words``: the sentence may hold a number word, or where its number words start (the caller's term
        hits): the worded pattern is then tried at those offsets only, not at every word of the sentence."""
        found: list[Count] = []
        # (every match starts at a digit: found from the first one on, by a character-class scan)
        digit = _DIGIT.search(folded)
        matches = list(self._digits.finditer(folded, digit.start())) if digit is not None else []
        if words is True:
            matches += self._worded.finditer(folded)
        elif words:
            # Every match of the worded pattern starts with a number word, where the term automaton has a hit
            # (its word boundaries are those of \b or stricter), so trying it there finds what finditer finds.
            last_end = -1
            for start in sorted(words):
                if start >= last_end and (m := self._worded.match(folded, start)) is not None:
                    matches.append(m)
                    last_end = m.end()
        if not folded.isascii() and _CN_ANY.search(folded):  # (an ASCII text holds no Chinese numeral)
            matches += self._chinese.finditer(folded)
        if len(matches) > 1:
            matches.sort(key=lambda m: m.start())
        for m in matches:
            if m.lastgroup == "d":
                raw = m.group("d")
                if len(raw) == 4 and raw[:2] in ("19", "20"):
                    continue  # a year
                value = int(raw.replace(",", ""))
            elif m.lastgroup == "w":
                value = 0
                for part in re.split(r"[- ]", m.group("w")):
                    n = self._words.get(part, 0)
                    # "two hundred", "two dozen" multiply; "twenty-two" adds
                    value = max(value, 1) * n if n == 100 or part == "dozen" else value + n
            else:
                value = parse_chinese_numeral(m.group("c")) or 0
            if _NOT_COUNT.match(folded, m.end()) or folded[m.start() - 1:m.start()] in ("$", "第", "¥"):
                continue
            if _ORDINAL_NOUN_BEFORE.search(folded, max(0, m.start() - 9), m.start()):
                continue  # "round 2", "batch 3": an ordinal (ordinals() reads it), not a count
            if value <= 0:
                continue
            found.append(Count(m.start(), m.end(), value, self._qualifier(folded, m.start(), m.end())))
        return _merge_ranges(folded, found)

    def _qualifier(self, folded: str, start: int, end: int) -> CountQualifier:
        head = folded[max(0, start - 24):start].rstrip()
        if not head.endswith(self._before_ends):
            head = ""  # the common case, decided by one C-level call instead of a loop over every phrase
        for phrase, qual in self._before if head else ():
            if head.endswith(phrase):
                cut = len(head) - len(phrase)
                if not (is_word_char(phrase[0]) and cut > 0 and is_word_char(head[cut - 1])):
                    return qual  # type: ignore[return-value]
        tail = folded[end:end + 12]
        for phrase, qual in self._after:
            if tail.startswith(phrase):
                return qual  # type: ignore[return-value]
        return "exact"

    def ordinal_value(self, word: str) -> int | None:
        return self._ordinal_words.get(word.lower())

    def ordinals(self, folded: str) -> list[Ordinal]:
        for cue in self._ordinal_cues:
            if cue in folded:
                break
        else:
            return []
        found = []
        for m in self._ordinal.finditer(folded):
            if m.group("o"):
                word = m.group("o")
                value = self._ordinal_words.get(word) or (int(word[:-2]) if word[:-2].isdigit() else 0)
            elif m.group("f"):
                value = 1
            elif m.group("n"):
                value = int(m.group("n"))
            else:
                value = parse_chinese_numeral(m.group("z")) or 0
            if value > 0:
                found.append(Ordinal(m.start(), m.end(), value))
        return found


_ORDINAL_NOUN_BEFORE = re.compile(r"\b(?:batch|round|tranche)\s$")


def _merge_ranges(folded: str, counts: list[Count]) -> list[Count]:
    """A range counts once, as its lower end with "at least": the upper end is an estimate's ceiling."""
    out: list[Count] = []
    for count in counts:
        prev = out[-1] if out else None
        if prev is not None and prev.value < count.value and _RANGE_GAP.match(folded[prev.end:count.start]):
            gap = folded[prev.end:count.start].strip()
            head = folded[max(0, prev.start - 12):prev.start].rstrip()
            # "from 40 to 117" is growth, and so is "rose by 68 to 598" (a step, then where it ended)
            is_range = (head.endswith("between") if gap == "and"
                        else not head.endswith(("from", "从", "由", " by", " up")))
            if is_range:
                qualifier = prev.qualifier if prev.qualifier != "exact" else "at_least"
                out[-1] = Count(prev.start, count.end, prev.value, qualifier)
                continue
        out.append(count)
    return out
