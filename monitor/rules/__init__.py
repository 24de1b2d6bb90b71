"""Extraction rules: documents' text -> mentions (docs/contracts.md, section 3).

    rules = load_rules(Path("config/rules.toml"))
    aliases = AliasIndex.build([("Baidu", ["百度", "Ernie Bot"])])
    mentions = extract_mentions(text, published=date, language="en", rules=rules, aliases=aliases)

The names load lazily (PEP 562): the extraction modules compile some hundred patterns when imported (about a
tenth of a second), which a run that reads nothing new (a warm run-once, most daemon jobs) never needs, while it
still loads and checks the rules file (``load_rules``) before it writes anything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from monitor.lazy import lazy_exports

if TYPE_CHECKING:
    from monitor.rules.aliases import AliasIndex, AliasMatch
    from monitor.rules.extract import extract_mentions
    from monitor.rules.ruleset import RuleSet, load_rules

__all__ = ["AliasIndex", "AliasMatch", "RuleSet", "extract_mentions", "load_rules"]
_HOME = {"AliasIndex": "aliases", "AliasMatch": "aliases", "extract_mentions": "extract", "RuleSet": "ruleset",
         "load_rules": "ruleset"}
__getattr__, __dir__ = lazy_exports(__name__, _HOME, __all__)
