"""The known dataset as typed, frozen records, and the look-ups the diff needs.

A company is *known approved* when it holds a filing (备案, ``registry = "filed"``) or only a
registration (登记, ``registry = "registered"``: an app or feature built on someone else's filed
model). Both keep ``approved = true`` so that an article saying the company was filed/registered
does not raise ``new_company``; code that counts model makers filters on ``registry == "filed"``.

``as_of`` replays history: a company whose first dates lie after it is kept (its aliases still
name it for the rules) but is not approved; batches, totals and regulation events dated after it
are dropped. Entries without a date are always known.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from monitor.dataset.names import PLACES, another_title, event_key, norm, tokens
from monitor.records import CountQualifier, Registry

if TYPE_CHECKING:
    from monitor.records import Finding

logger = logging.getLogger(__name__)

# A surface name handed to the alias matcher must not fire on everyday text. Curated aliases (the
# curator vouches for them): ASCII names need three characters and must not be a common word, CJK
# names two characters. Model names as filed with the regulator ("如意", "曹植", "智能客服") are often
# ordinary words, so they need one character more, and a model name two companies share is dropped.
_COMMON_WORDS = frozenset(
    "ai yi spark moonshot chat smart star magic baize tiangong copilot assistant honor".split()
)
_ASCII = re.compile(r"^[\x00-\x7f]+$")


_GENERIC_MODEL_END = re.compile(r"(?:助手|助理|客服|大模型|模型|平台|系统|服务|问答|写作|翻译)$")


def usable_surface(name: str, *, model: bool = False) -> bool:
    text = name.strip()
    extra = 1 if model else 0
    if _ASCII.match(text):
        if model and re.fullmatch(r"[A-Z]?[a-z]+", text):
            return False  # a filed model called "Change" or "Knows" would fire on every English text
        return len(text) >= 3 + extra and text.casefold() not in _COMMON_WORDS and not text.isdigit()
    if model and len(text) <= 5 and _GENERIC_MODEL_END.search(text):
        return False  # a filed model called 旅行助手 or 智能客服 would fire on every article that names the kind
    return len(text) >= 2 + extra


@dataclass(frozen=True, slots=True)
class Company:
    name: str
    aliases: tuple[str, ...] = ()
    models: tuple[str, ...] = ()
    approved: bool = False
    first_filed: dt.date | None = None  # first 备案 (filing) date
    registry: Registry | None = None  # "filed" when it holds a 备案, "registered" when only 登记
    first_registered: dt.date | None = None  # first 登记 (registration) date
    note: str | None = None

    def surfaces(self) -> tuple[str, ...]:
        return (self.name, *self.aliases, *self.models)

    def known_by(self, as_of: dt.date) -> Company:
        """The company as it stood on ``as_of``: filing status only from dates on or before it."""
        if self.first_filed is None and self.first_registered is None:
            return self
        filed = self.first_filed if self.first_filed and self.first_filed <= as_of else None
        registered = (
            self.first_registered if self.first_registered and self.first_registered <= as_of else None
        )
        registry: Registry | None = "filed" if filed else ("registered" if registered else None)
        return replace(
            self, approved=registry is not None, first_filed=filed, first_registered=registered, registry=registry
        )


@dataclass(frozen=True, slots=True)
class Batch:
    date: dt.date
    ordinal: int | None = None  # a media label ("fourth batch"), not an official number
    count: int | None = None
    qualifier: CountQualifier = "exact"
    jurisdiction: str = "CN"
    companies: tuple[str, ...] = ()
    note: str | None = None

    def label(self) -> str:
        head = f"batch {self.ordinal}" if self.ordinal is not None else "batch"
        size = f" of {describe_count(self.count, self.qualifier)} models" if self.count is not None else ""
        return f"{head}{size} ({self.date.isoformat()})"


@dataclass(frozen=True, slots=True)
class Total:
    as_of: dt.date
    count: int
    qualifier: CountQualifier = "exact"
    registry: Registry | None = None
    note: str | None = None


_EFFECTIVE = re.compile(r"\beffective (\d{4}-\d{2}-\d{2})\b")


@dataclass(frozen=True, slots=True)
class RegulationEvent:
    name: str
    date: dt.date
    aliases: tuple[str, ...] = ()
    jurisdiction: str | None = None
    kind: str | None = None
    note: str | None = None


def describe_count(count: int, qualifier: CountQualifier | None) -> str:
    prefix = {"more_than": "more than ", "about": "about ", "at_least": "at least "}.get(qualifier or "", "")
    return f"{prefix}{count}"


def lower_bound(count: int, qualifier: CountQualifier | None) -> int:
    """The smallest value a reported count allows: "more than 40" is at least 41."""
    return count + 1 if qualifier == "more_than" else count


@dataclass(frozen=True)
class KnownDataset:
    companies: tuple[Company, ...] = ()
    batches: tuple[Batch, ...] = ()
    totals: tuple[Total, ...] = ()
    regulation_events: tuple[RegulationEvent, ...] = ()
    as_of: dt.date | None = None
    _by_surface: dict[str, Company] = field(default_factory=dict, init=False, repr=False, compare=False)
    # Event names and aliases, normalised once: the diff looks events up for every mention.
    _event_keys: dict[str, RegulationEvent] = field(default_factory=dict, init=False, repr=False, compare=False)
    _event_tokens: list[tuple[frozenset[str], RegulationEvent]] = field(default_factory=list, init=False, repr=False,
                                                                        compare=False)
    # A reported name -> the known event it names (or None), filled by monitor.findings.regulation_match: the
    # same names come back in report after report, and each fuzzy match scores every known name.
    event_matches: dict[str, RegulationEvent | None] = field(default_factory=dict, init=False, repr=False,
                                                             compare=False)

    def __post_init__(self) -> None:
        for event in self.regulation_events:
            for surface in (event.name, *event.aliases):
                self._event_keys.setdefault(event_key(surface), event)
                needed = tokens(surface)
                if len(needed) >= 3:
                    self._event_tokens.append((frozenset(needed), event))
        index: dict[str, Company] = {}
        # Canonical names first, so an entity's own name wins over another entity's model name.
        for company in self.companies:
            index.setdefault(norm(company.name), company)
        for company in self.companies:
            for surface in (*company.aliases, *company.models):
                index.setdefault(norm(surface), company)
        self._by_surface.update(index)

    def limited_to(self, as_of: dt.date | None) -> KnownDataset:
        if as_of is None:
            return self
        return KnownDataset(
            companies=tuple(c.known_by(as_of) for c in self.companies),
            batches=tuple(b for b in self.batches if b.date <= as_of),
            totals=tuple(t for t in self.totals if t.as_of <= as_of),
            regulation_events=tuple(e for e in self.regulation_events if e.date <= as_of),
            as_of=as_of,
        )

    def alias_entries(self) -> list[tuple[str, list[str]]]:
        """(canonical name, surface names) for the rules' alias index; generic names left out."""
        return [(name, names) for name, names, _ in self._surfaces()]

    def model_entries(self) -> list[tuple[str, list[str]]]:
        """(canonical name, model names as filed) for ``AliasIndex.build(models=...)``: the names in the
        regulator's lists that no curated alias repeats, matched more strictly than a company's names."""
        return [(name, models) for name, _, models in self._surfaces() if models]

    def _surfaces(self) -> list[tuple[str, list[str], list[str]]]:
        owners: dict[str, set[str]] = {}
        for company in self.companies:
            for surface in company.surfaces():
                owners.setdefault(norm(surface), set()).add(company.name)
        entries = []
        for company in self.companies:
            seen: dict[str, str] = {}
            for surface in (company.name, *company.aliases):
                if usable_surface(surface):
                    seen.setdefault(norm(surface), surface)
            models: dict[str, str] = {}
            for surface in company.models:
                if usable_surface(surface, model=True) and len(owners[norm(surface)]) == 1 and norm(surface) not in seen:
                    models.setdefault(norm(surface), surface)
            entries.append((company.name, list(seen.values()), list(models.values())))
        return entries

    def regulation_dates(self) -> list[tuple[str, str | None, str | None, dt.date, dt.date | None]]:
        """Each known event's jurisdiction, kind and dates (issued; in force, when its note says
        "effective YYYY-MM-DD") for ``AliasIndex.build(event_dates=...)``: (name, jurisdiction, kind, issued,
        effective)."""
        out = []
        for e in self.regulation_events:
            effective = _EFFECTIVE.search(e.note or "")
            out.append((e.name, e.jurisdiction, e.kind, e.date,
                        dt.date.fromisoformat(effective.group(1)) if effective else None))
        return out

    def regulation_entries(self) -> list[tuple[str, list[str]]]:
        """(event name, aliases) for ``AliasIndex.build(regulations=...)``, so the rules name a known
        event by the dataset's name."""
        return [(e.name, [v for a in e.aliases if usable_surface(a) for v in _ai_spellings(a)] + _order_in_chinese(e.name))
                for e in self.regulation_events]

    def company(self, name: str) -> Company | None:
        """The company whose name, alias or model is ``name`` (case-insensitive, normalised)."""
        return self._by_surface.get(norm(name))

    def batch(self, ordinal: int) -> Batch | None:
        return next((b for b in self.batches if b.ordinal == ordinal), None)

    def latest_batch(self) -> Batch | None:
        return max(self.batches, key=lambda b: b.date, default=None)

    def regulation_event(self, name: str) -> RegulationEvent | None:
        """Exact match on name or alias (normalised, stopwords dropped: "the AI Act"), else an alias of three or more content words
        whose words all occur in ``name`` (so "executive order to monitor AI models trained on cloud
        service providers" finds the alias "executive order cloud providers")."""
        event = self._event_keys.get(event_key(name))
        if event is not None:
            return event
        words = tokens(name)
        # a place the alias does not name makes it another event: "Utah Artificial Intelligence Policy Act" holds
        # every word of the EU's "Artificial Intelligence Act" alias
        places = words & PLACES
        last = norm(name).rsplit(" ", 1)[-1]
        return next((event for needed, event in self._event_tokens
                     if needed <= words and places <= needed and not another_title(words, needed, last)), None)

    def with_facts(self, facts: Iterable[Finding]) -> KnownDataset:
        from monitor.dataset.overlay import apply_facts

        return apply_facts(self, facts)

    def to_toml(self, base_path: Path | None = None) -> str:
        from monitor.dataset.export import dump_dataset

        return dump_dataset(self, base_path=base_path)


_ARTIFICIAL_INTELLIGENCE = re.compile(r"\bArtificial Intelligence\b", re.IGNORECASE)
_AI_WORD = re.compile(r"\bAI\b")


def _ai_spellings(alias: str) -> list[str]:
    """An English title as outlets spell it both ways: "Safe and Secure Innovation for Frontier Artificial
    Intelligence Models Act" is also written "... Frontier AI Models Act", and the other way round."""
    if _ARTIFICIAL_INTELLIGENCE.search(alias):
        return [alias, _ARTIFICIAL_INTELLIGENCE.sub("AI", alias)]
    if _AI_WORD.search(alias) and len(alias.split()) >= 3:
        return [alias, _AI_WORD.sub("Artificial Intelligence", alias)]
    return [alias]


_ORDER_NUMBER = re.compile(r"^Executive Order (\d{5})$")


def _order_in_chinese(name: str) -> list[str]:
    """"Executive Order 14179" as Chinese reporting numbers it: 第14179号行政命令 (Traditional text is read converted)."""
    m = _ORDER_NUMBER.match(name)
    return [f"第{m.group(1)}号行政命令", f"第{m.group(1)}号行政令"] if m else []
