"""The rules file: validation errors name file, key and allowed values; a user-added term takes effect."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from monitor.errors import ConfigError
from monitor.rules import AliasIndex, extract_mentions, load_rules
from tests.rules.golden import RULES_PATH

DEFAULT = RULES_PATH.read_text(encoding="utf-8")


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_default_rules_load():
    rules = load_rules(RULES_PATH)
    assert "approval" in rules.terms and rules.jurisdictions["CN"]
    assert rules.qualifiers_before["more than"] == "more_than"


def test_unknown_top_level_key_names_file_key_and_allowed(tmp_path):
    path = _write(tmp_path, DEFAULT + "\n[term]\napproval = ['ok']\n")
    with pytest.raises(ConfigError) as info:
        load_rules(path)
    assert info.value.path == str(path) and info.value.key == "term"
    assert "allowed" in str(info.value) and "terms" in str(info.value)


def test_unknown_term_family_is_an_error(tmp_path):
    path = _write(tmp_path, DEFAULT.replace("[terms]\n", "[terms]\naprovals = ['x']\n"))
    with pytest.raises(ConfigError) as info:
        load_rules(path)
    assert info.value.key == "terms.aprovals" and "approval" in str(info.value)


@pytest.mark.parametrize("old,new,key", [
    ("max_sentence_chars = 600", "max_sentence_chars = 'long'", "settings.max_sentence_chars"),
    ('"today" = ["day", 0]', '"today" = ["fortnight", 0]', 'relative_dates."today"'),
    ("[numbers.qualifiers.about]", "[numbers.qualifiers.roughly]", "numbers.qualifiers.roughly"),
    ('label = "cloud providers"', "label = 3", "topic[0].label"),
    ("not_before = 2024-01-29", 'not_before = "2024-01-29"', "known_event[0].not_before"),
    ('jurisdiction = "US"\n', 'jurisdiction = "America"\n', "known_event[0].jurisdiction"),
    ('"Disney" = ["Walt Disney",', '"Disney" = [3, "Walt Disney",', 'events.parties."Disney"'),
])
def test_bad_values_name_their_key(tmp_path, old, new, key):
    assert old in DEFAULT
    with pytest.raises(ConfigError) as info:
        load_rules(_write(tmp_path, DEFAULT.replace(old, new, 1)))
    assert info.value.key == key


def test_bad_toml_and_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_rules(_write(tmp_path, "[terms\n"))
    with pytest.raises(ConfigError, match="cannot read"):
        load_rules(tmp_path / "absent.toml")


def test_a_user_added_approval_term_fires(tmp_path):
    text = "The CAC rubber-stamped 9 AI models in a new batch."
    aliases = AliasIndex.build([])
    kwargs = dict(published=dt.date(2024, 5, 1), language="en", aliases=aliases)
    assert extract_mentions(text, rules=load_rules(RULES_PATH), **kwargs) == []
    extended = load_rules(_write(tmp_path, DEFAULT.replace('approval = ["approv*",', 'approval = ["rubber-stamp*", "approv*",')))
    found = extract_mentions(text, rules=extended, **kwargs)
    assert [(m.kind, m.count) for m in found] == [("approval_batch", 9)]
