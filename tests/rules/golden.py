"""Golden cases for the rules: tests/data/rules/NNN_slug.txt beside NNN_slug.expected.json.

A case file starts with ``published: YYYY-MM-DD`` and ``language: xx`` lines, then a blank line, then
the text. An expected mention lists the kind and the fields that matter; an actual mention matches
it when every listed field is equal (dates compared as ISO strings).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import tomllib
from pathlib import Path
from typing import Any

from monitor.records import MENTION_KINDS, Mention
from monitor.rules import AliasIndex, RuleSet, extract_mentions, load_rules

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data" / "rules"
RULES_PATH = REPO / "config" / "rules.toml"
SHARED = REPO / ".." / "shared"


@dataclasses.dataclass(frozen=True)
class Case:
    name: str
    published: dt.date
    language: str
    text: str
    expected: list[dict[str, Any]]


def cases(folder: Path = DATA) -> list[Case]:
    """Every case in ``folder`` (the golden set by default; the held-out sets share the format)."""
    found = []
    for path in sorted(folder.glob("[0-9][0-9][0-9]_*.txt")):
        head, _, text = path.read_text(encoding="utf-8").partition("\n\n")
        meta = dict(line.split(": ", 1) for line in head.splitlines())
        expected = json.loads(path.with_name(path.stem + ".expected.json").read_text(encoding="utf-8"))
        found.append(Case(path.stem, dt.date.fromisoformat(meta["published"]), meta["language"], text,
                          expected["mentions"]))
    return found


def fixture_aliases() -> AliasIndex:
    raw = tomllib.loads((DATA / "aliases.toml").read_text(encoding="utf-8"))
    companies = raw["company"]
    return AliasIndex.build(
        [(c["name"], c.get("aliases", [])) for c in companies],
        models=[(c["name"], c.get("models", [])) for c in companies],
        regulations=[(r["name"], r.get("aliases", [])) for r in raw.get("regulation_event", [])],
    )


def run(case: Case, rules: RuleSet, aliases: AliasIndex) -> list[Mention]:
    return extract_mentions(case.text, published=case.published, language=case.language, rules=rules,
                            aliases=aliases, budget_seconds=5.0)


def as_plain(m: Mention) -> dict[str, Any]:
    out = {}
    for key, value in dataclasses.asdict(m).items():
        out[key] = value.isoformat() if isinstance(value, dt.date) else list(value) if isinstance(value, tuple) else value
    return out


def matches(expected: dict[str, Any], actual: dict[str, Any]) -> bool:
    return all(actual.get(k) == v for k, v in expected.items())


def pair(expected: list[dict[str, Any]], actual: list[Mention]) -> tuple[list[dict], list[dict], list[dict]]:
    """(matched expected, missed expected, unexpected actual), greedy one-to-one."""
    left = [as_plain(m) for m in actual]
    hit, missed = [], []
    for exp in expected:
        idx = next((i for i, act in enumerate(left) if matches(exp, act)), None)
        if idx is None:
            missed.append(exp)
        else:
            hit.append(exp)
            left.pop(idx)
    return hit, missed, left


def load_default_rules() -> RuleSet:
    return load_rules(RULES_PATH)


@dataclasses.dataclass(frozen=True)
class Score:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def score(all_cases: list[Case], rules: RuleSet, aliases: AliasIndex) -> tuple[dict[str, Score], list[str]]:
    """Per-kind scores and one line per miss or false positive (case name first)."""
    counts = {kind: [0, 0, 0] for kind in MENTION_KINDS}
    errors = []
    for case in all_cases:
        hit, missed, unexpected = pair(case.expected, run(case, rules, aliases))
        for exp in hit:
            counts[exp["kind"]][0] += 1
        for act in unexpected:
            counts[act["kind"]][1] += 1
            errors.append(f"{case.name}: unexpected {_short(act)}")
        for exp in missed:
            counts[exp["kind"]][2] += 1
            errors.append(f"{case.name}: missed {exp}")
    return {kind: Score(*c) for kind, c in counts.items()}, errors


def _short(actual: dict) -> dict:
    return {k: v for k, v in actual.items() if v not in (None, [], "") and k not in ("snippet", "company_known")}


def table(title: str, scores: dict[str, Score]) -> str:
    lines = [title, f"{'kind':<18} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>9} {'recall':>7}"]
    for kind, s in scores.items():
        lines.append(f"{kind:<18} {s.tp:>4} {s.fp:>4} {s.fn:>4} {s.precision:>9.3f} {s.recall:>7.3f}")
    return "\n".join(lines)
