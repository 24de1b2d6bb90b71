"""Approval batches, company approvals and cumulative totals from one sentence.

An approval context is an `approval` term in the sentence, or a `batch` term (or "第X批") with an
approval term in the previous ``window`` sentences ("In the first tranche, Alibaba and Baidu were
among the recipients."). Nothing fires in a sentence with a `negative_domain` term (drugs, chips,
car software, mergers, the separate algorithm-filing regime).
"""

from __future__ import annotations

import re

from monitor.records import Mention
from monitor.rules.dates import find_date
from monitor.rules.numbers import Count, NumberPatterns
from monitor.rules.ruleset import RuleSet
from monitor.rules.sentence import Sentence
from monitor.rules.terms import Hit, fold

_NAME = re.compile(r"(?:the\s)?([A-Z0-9][\w.&'’-]{0,30}(?:\s[A-Z0-9][\w.&'’-]{0,30}){0,4})")
_SEP = re.compile(r",?\s(?:and|or)\s|,\s?|\s?[、和及与]\s?|\s?以及\s?")
_ZH_END = re.compile(r"[，。；,;：:!?！？()（）]|等")
_ZH_SPLIT = re.compile(r"以及|[、和及与]")
_ZH_TRIM = re.compile(r"(?:的|在|已|均|都|也|获|通过|完成|旗下|推出|研发|等).*$")
_ZH_NAME = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9.]{2,12}$")
_NOT_NAMES = frozenset({"ai", "llm", "llms", "the", "a", "an", "it", "its", "gpt", "cac", "china", "beijing",
                        "shanghai", "chinese", "us", "u.s", "eu", "uk", "models", "中国", "北京", "上海"})
_PUNCT_GAP = frozenset(",，、;；:：()（）")
_MAX_GAP = 40


def approval_mentions(s: Sentence, rules: RuleSet, recent_approval: bool) -> list[Mention]:
    fams = s.families
    if "negative_domain" in fams:
        return []
    numbers = rules.numbers
    ordinals = numbers.ordinals(s.folded)
    has_approval = "approval" in fams
    if not (has_approval or (recent_approval and ("batch" in fams or ordinals))):
        return []
    date = find_date(s.folded, [(h.start, h.term) for h in s.of("relative_date")], rules.relative_dates, s.published)
    batch = ordinals[0].value if ordinals else None
    companies = _companies(s)
    out: list[Mention] = []
    if has_approval:
        anchors = [Hit(o.start, o.end, "batch", "ordinal") for o in ordinals] + s.of("batch", "total")
        for count in _attached_counts(s, numbers):
            kind = _classify(count, anchors)
            if kind == "cumulative_total":
                out.append(Mention(kind="cumulative_total", rule="total.count_with_approval", snippet=s.text,
                                   total=count.value, count_qualifier=count.qualifier,
                                   registry=_registry(s, count), date=date or s.published))
            else:
                out.append(Mention(kind="approval_batch", rule="batch.count_with_approval", snippet=s.text,
                                   batch=batch, count=count.value, count_qualifier=count.qualifier, date=date,
                                   jurisdiction=s.nearest_jurisdiction(count.start, count.end) or "CN",
                                   companies=tuple(name for name, *_ in companies)))
    if "negation" not in fams:
        for name, model, known, rule in companies:
            out.append(Mention(kind="company_approval", rule=rule, snippet=s.text, company=name, model=model,
                               company_known=known, batch=batch, date=date))
    return out


def _attached_counts(s: Sentence, numbers: NumberPatterns) -> list[Count]:
    """Counts that belong to a model noun ("14 AI models", "14款大模型") or follow a total phrase."""
    models = s.of("model")
    totals = s.of("total")
    verbs = s.of("approval", "launch")
    found = []
    for count in numbers.counts(s.folded):
        attached = any(_clean_gap(s.folded[count.end:m.start]) for m in models if m.start >= count.end)
        attached = attached or any(_clean_gap(s.folded[t.end:count.start]) for t in totals if t.end <= count.start)
        if not attached or not verbs:
            continue
        nearest = min(verbs, key=lambda h: abs(h.start - count.start))
        if nearest.family == "launch":
            continue  # "79 large language models were launched" is not an approval
        found.append(count)
    return found


def _clean_gap(gap: str) -> bool:
    if len(gap) > _MAX_GAP or any(ch in _PUNCT_GAP or ch.isdigit() for ch in gap):
        return False
    return gap.count(" ") <= 4 and not gap.startswith(" of ")


def _classify(count: Count, anchors: list[Hit]) -> str:
    before = [h for h in anchors if h.end <= count.start]
    if before:
        nearest = max(before, key=lambda h: h.end)
    else:
        after = [h for h in anchors if h.start >= count.end]
        nearest = min(after, key=lambda h: h.start) if after else None
    if nearest is not None:
        return "cumulative_total" if nearest.family == "total" else "approval_batch"
    return "approval_batch" if count.qualifier == "exact" else "cumulative_total"


def _registry(s: Sentence, count: Count) -> str | None:
    hits = s.of("filed", "registered")
    after = [h for h in hits if h.start >= count.end]
    pick = min(after, key=lambda h: h.start) if after else (max(hits, key=lambda h: h.end) if hits else None)
    if pick is None:
        return None
    return "filed" if pick.family == "filed" else "registered"


def _companies(s: Sentence) -> list[tuple[str, str | None, bool, str]]:
    """(name, model, known, rule) for every company in the sentence, known aliases first seen first."""
    found: dict[str, tuple[int, str | None, bool, str]] = {}
    for m in s.aliases:
        if m.kind == "regulation":
            continue
        model = m.surface if m.kind == "model" else None
        prev = found.get(m.canonical)
        if prev is None or (prev[1] is None and model):
            found[m.canonical] = (prev[0] if prev else m.start, model, True, "company.alias_in_approval_context")
    for start, raw in _enumerated(s):
        if any(a.start < start + len(raw) and start < a.end for a in s.aliases):
            continue
        found.setdefault(raw, (start, None, False, "company.enumeration_unknown"))
    ordered = sorted(found.items(), key=lambda kv: kv[1][0])
    return [(name, model, known, rule) for name, (_, model, known, rule) in ordered]


def _enumerated(s: Sentence) -> list[tuple[int, str]]:
    items: list[tuple[int, str]] = []
    for hit in s.of("enumeration"):
        if hit.term.isascii():
            pos = hit.end
            while pos < len(s.text) and s.text[pos] == " ":
                pos += 1
            while (m := _NAME.match(s.text, pos)) is not None:
                raw = m.group(1).rstrip(".")
                if fold(raw) not in _NOT_NAMES:
                    items.append((m.start(1), raw))
                sep = _SEP.match(s.text, m.end())
                if sep is None:
                    break
                pos = sep.end()
        else:
            end = _ZH_END.search(s.text, hit.end)
            segment = s.text[hit.end:end.start() if end else len(s.text)]
            offset = hit.end
            for part in _ZH_SPLIT.split(segment):
                name = _ZH_TRIM.sub("", part.strip())
                if _ZH_NAME.match(name) and fold(name) not in _NOT_NAMES:
                    items.append((offset + segment.find(name), name))
    return items
