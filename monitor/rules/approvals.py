"""Approval batches, company approvals and cumulative totals from one sentence.

An approval context is an `approval` term in the sentence, or a `batch` term (or "第X批") with an
approval term in the previous ``window`` sentences ("In the first tranche, Alibaba and Baidu were
among the recipients."). A running total may also stand in a sentence that only says what the
register holds ("added 75 services to its list of filed models, bringing the total to 192"): a
`filed`/`registered` term with AI context. Nothing fires in a sentence with a `negative_domain` term
(drugs, chips, car software, mergers, app stores, the separate algorithm-filing regime).
"""

from __future__ import annotations

import re

from monitor.records import Mention
from monitor.rules.companies import companies as find_companies
from monitor.rules.dates import find_date
from monitor.rules.numbers import MAY_HOLD_NUMBER, NUMBER_WORD_FAMILY, Count, NumberPatterns
from monitor.rules.ruleset import RuleSet
from monitor.rules.sentence import Sentence
from monitor.rules.terms import Hit

_PUNCT_GAP = frozenset(",，、;；:：()（）")
_CLAUSE_END = re.compile(r"[,，;；:：]")
_MAX_GAP = 40
# "the number of models cleared for public use to more than 40": a long gap that ends in "to".
_LONG_TO_GAP = re.compile(r"^[^,;:()\d]{0,70}\sto\s[a-z ]{0,20}$")
_CJK_GAP = re.compile(r"^[\u4e00-\u9fff]{0,8}$")
_ANCHORS = ("batch", "total", "sum", "increment")


def approval_mentions(s: Sentence, rules: RuleSet, recent_approval: bool) -> list[Mention]:
    fams = s.families
    if "negative_domain" in fams:
        return []
    numbers = rules.numbers
    has_approval = "approval" in fams
    has_filing = bool(fams & {"filed", "registered"}) and "ai_context" in fams
    if not (has_approval or has_filing or recent_approval):
        return []  # most sentences stop here, before any regex runs
    with_numbers = NUMBER_WORD_FAMILY in fams or MAY_HOLD_NUMBER.search(s.folded) is not None
    ordinals = numbers.ordinals(s.folded) if with_numbers else []
    if not (has_approval or has_filing or "batch" in fams or ordinals):
        return []
    batch = ordinals[0].value if ordinals else None
    companies = find_companies(s) if has_approval or recent_approval else []
    counts = _attached_counts(s, numbers) if with_numbers and (has_approval or has_filing) else []
    if not counts and (not companies or "negation" in fams):
        return []  # nothing to date: find_date is the dearest step left, skip it
    date = find_date(s.folded, [(h.start, h.term) for h in s.of("relative_date")], rules.relative_dates, s.published)
    out: list[Mention] = []
    if has_approval or has_filing:
        anchors = [Hit(o.start, o.end, "batch", "ordinal") for o in ordinals] + s.of(*_ANCHORS)
        names_batch = any(a.family in ("batch", "increment") for a in anchors)
        for count in counts:
            if _in_period(count, s, anchors):
                continue  # "so far this year, 75 services": neither a batch nor the running total
            kind = _classify(s, count, anchors, names_batch)
            if kind == "approval_batch" and not has_approval:
                continue
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
    """Counts that belong to a model noun ("14 AI models", "14款大模型", "大模型已近200个") or follow a
    total or increment phrase ("a total of 117", "新增备案22个", "the number of ... to more than 40")."""
    models = s.of("model")
    totals = s.of("total", "sum", "increment")
    verbs = s.of("approval", "launch", "filed", "registered")
    found = []
    for count in numbers.counts(s.folded):
        attached = any(_clean_gap(s.folded[count.end:m.start]) for m in models if m.start >= count.end)
        attached = attached or any(_CJK_GAP.match(s.folded[m.end:count.start]) for m in models
                                   if m.end <= count.start and m.term != "款")
        attached = attached or any(_clean_gap(s.folded[t.end:count.start])
                                   or (t.family == "total" and _LONG_TO_GAP.match(s.folded[t.end:count.start]))
                                   for t in totals if t.end <= count.start)
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


def _classify(s: Sentence, count: Count, anchors: list[Hit], names_batch: bool) -> str:
    """The nearest anchor before the count decides; else one after it in the same clause ("14 models in
    the fourth batch"), never across a comma ("新增8款……，累计已达24款" is two facts)."""
    before = [h for h in anchors if h.end <= count.start]
    if before:
        nearest: Hit | None = max(before, key=lambda h: h.end)
    else:
        after = [h for h in anchors if h.start >= count.end and h.start - count.end <= 2 * _MAX_GAP
                 and not _CLAUSE_END.search(s.folded, count.end, h.start)]
        nearest = min(after, key=lambda h: h.start) if after else None
    if nearest is None:
        return "approval_batch" if count.qualifier == "exact" else "cumulative_total"
    if nearest.family == "sum":
        return "approval_batch" if names_batch else "cumulative_total"
    return "cumulative_total" if nearest.family == "total" else "approval_batch"


def _in_period(count: Count, s: Sentence, anchors: list[Hit]) -> bool:
    for period in s.of("period"):
        if period.end > count.start:
            continue
        between = [a for a in anchors if a.family != "increment" and a.start >= period.end and a.end <= count.start]
        if not between:
            return True
    return False


def _registry(s: Sentence, count: Count) -> str | None:
    hits = s.of("filed", "registered")
    after = [h for h in hits if h.start >= count.end]
    pick = min(after, key=lambda h: h.start) if after else (max(hits, key=lambda h: h.end) if hits else None)
    if pick is None:
        return None
    return "filed" if pick.family == "filed" else "registered"
