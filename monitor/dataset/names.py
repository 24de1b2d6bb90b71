"""Name normalisation shared by the dataset, the diff and the finding keys.

``slug`` makes the stable part of a finding key: NFKC, case-folded, runs of anything that is not a
letter, digit, ``.`` or ``-`` become one ``-``. CJK characters are letters, so a Chinese legal entity
keeps its own slug (``北京零一万物科技有限公司``), and ``01.AI`` stays ``01.ai`` rather than ``01-ai``.

``norm`` is the comparison form of a surface name (company alias, regulation name): NFKC,
case-folded, punctuation and quotes dropped, whitespace collapsed.
"""

from __future__ import annotations

import re
import unicodedata

_SLUG_JUNK = re.compile(r"[^\w.\-]+", re.UNICODE)
_NORM_JUNK = re.compile(r"[^\w]+", re.UNICODE)

# Words that carry no identity in a regulation name: "the lawsuit from the New York Times" and
# "New York Times lawsuit" must compare equal as token sets.
STOPWORDS = frozenset(
    "a an the of on to from for by in at and against with about over its their s".split()
)


def slug(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).casefold().strip()
    text = _SLUG_JUNK.sub("-", text)
    text = re.sub(r"-{2,}", "-", text)
    return text.strip("-.")


def norm(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).casefold().replace("_", " ")
    text = text.replace("’", "").replace("'", "")
    return " ".join(_NORM_JUNK.sub(" ", text).split())


def event_key(name: str) -> str:
    """``norm`` without stopwords, in order: "the AI Act" and "AI Act" compare equal."""
    return " ".join(t for t in norm(name).split() if t not in STOPWORDS)


# Places that legislate on AI, as they appear in event names: a name with one its alias lacks is another event.
PLACES = frozenset({
    "alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut", "delaware", "florida",
    "georgia", "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas", "kentucky", "louisiana", "maine",
    "maryland", "massachusetts", "michigan", "minnesota", "mississippi", "missouri", "montana", "nebraska",
    "nevada", "ohio", "oklahoma", "oregon", "pennsylvania", "tennessee", "texas", "utah", "vermont",
    "virginia", "wisconsin", "wyoming", "york",
    "korea", "korean", "japan", "japanese", "brazil", "brazilian", "canada", "canadian", "india", "indian", "uk",
    "britain", "british", "italy", "italian", "france", "french", "germany", "german", "spain", "spanish",
    "vietnam", "singapore", "australia", "australian", "taiwan", "hong", "kong",
})


def tokens(name: str) -> frozenset[str]:
    """Content tokens of a name, for the token-subset match of regulation events."""
    return frozenset(t for t in norm(name).split() if t not in STOPWORDS)


# Words a statute's title may carry beside a known act's alias and still be that act ("the EU's landmark
# Artificial Intelligence Act"); any other word makes it another act ("Utah Artificial Intelligence *Policy* Act",
# Virginia's "High-Risk Artificial Intelligence *Developer and Deployer* Act").
_TITLE_DESCRIPTORS = frozenset({"eu", "eus", "european", "union", "bloc", "blocs", "landmark", "new", "s"})
_TITLE_ENDS = frozenset({"act", "law", "bill", "ordinance"})


def another_title(name_tokens: frozenset[str], alias_tokens: frozenset[str], last_word: str) -> bool:
    """Is ``name`` a statute's own title (it ends in Act, Law, Bill) with a word that ``alias`` lacks?"""
    return last_word in _TITLE_ENDS and not (name_tokens - alias_tokens) <= _TITLE_DESCRIPTORS


def title_words(name: str) -> frozenset[str]:
    """A Latin title's content words, plural and British spellings folded ("Services" = "service",
    "Utilisation" = "utilization")."""
    out = set()
    for word in norm(name).split():
        if word in STOPWORDS:
            continue
        word = word.replace("isation", "ization")
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        out.add(word)
    return frozenset(out)


class TitleMatcher:
    """Known events by a long title written another way: a law firm's "Interim Administrative Measures for
    Generative Artificial Intelligence Service", a "Research, Development, and Application" for "Utilisation".

    Each title's words weigh by how rare they are among the known titles (inverse document frequency): a
    match needs most of the weight of both titles in common, so "Provisions on the Administration of Online
    Audio and Video Information Services" (common words shared, its own rare ones not) is not the Deep
    Synthesis Provisions. Five content words or more on both sides; numbers must agree."""

    MIN_WORDS = 5
    # Measured on the bundled dataset's titles (tests/findings/test_regulation_names.py): rewrites of a known title
    # share 0.72 or more of the weight both ways, other instruments' titles at most 0.53; the threshold sits between.
    COVERAGE = 0.65
    MARGIN = 0.1

    def __init__(self, titles: "Iterable[tuple[str, str]]") -> None:
        import math

        self._titles = [(title_words(surface), canonical) for surface, canonical in titles
                        if not _CJK.search(surface)]
        by_event: dict[str, set[str]] = {}
        for words, canonical in self._titles:
            by_event.setdefault(canonical, set()).update(words)
        documents = len(by_event) or 1
        counts: dict[str, int] = {}
        for words in by_event.values():
            for word in words:
                counts[word] = counts.get(word, 0) + 1
        self._idf = {word: math.log((documents + 1) / (count + 0.5)) for word, count in counts.items()}
        self._unseen = math.log((documents + 1) / 0.5)
        self._titles = [(words, canonical) for words, canonical in self._titles
                        if len(words) >= self.MIN_WORDS and not words & _SUIT_MARKS]

    def _weight(self, words: "Iterable[str]") -> float:
        return sum(self._idf.get(word, self._unseen) for word in words)

    def match(self, name: str) -> str | None:
        if _CJK.search(name):
            return None
        words = title_words(name)
        if len(words) < self.MIN_WORDS or words & _SUIT_MARKS:
            return None  # (a suit is its two parties, never most of another suit's words: NYT v. Perplexity)
        digits = {w for w in words if w.isdigit()}
        best: dict[str, float] = {}
        own = self._weight(words)
        for known, canonical in self._titles:
            if digits != {w for w in known if w.isdigit()}:
                continue
            common = self._weight(words & known)
            coverage = min(common / own, common / self._weight(known))
            if coverage >= self.COVERAGE and coverage > best.get(canonical, 0.0):
                best[canonical] = coverage
        ranked = sorted(best.items(), key=lambda item: -item[1])
        # the best event, when no other comes near it (two events' titles sharing most words name neither)
        if ranked and (len(ranked) == 1 or ranked[0][1] - ranked[1][1] >= self.MARGIN):
            return ranked[0][0]
        return None


_CJK = re.compile(r"[\u3400-\u9fff]")
_SUIT_MARKS = frozenset({"v", "vs"})
