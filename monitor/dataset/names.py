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
