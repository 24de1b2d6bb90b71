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

from monitor.records import Mention
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


def cases() -> list[Case]:
    found = []
    for path in sorted(DATA.glob("[0-9][0-9][0-9]_*.txt")):
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
