"""Extraction rules: documents' text -> mentions (docs/contracts.md, section 3).

    rules = load_rules(Path("config/rules.toml"))
    aliases = AliasIndex.build([("Baidu", ["百度", "Ernie Bot"])])
    mentions = extract_mentions(text, published=date, language="en", rules=rules, aliases=aliases)
"""

from monitor.rules.aliases import AliasIndex, AliasMatch
from monitor.rules.extract import extract_mentions
from monitor.rules.ruleset import RuleSet, load_rules

__all__ = ["AliasIndex", "AliasMatch", "RuleSet", "extract_mentions", "load_rules"]
