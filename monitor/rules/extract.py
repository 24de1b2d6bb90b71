"""``extract_mentions``: one document's text -> mentions, sentence by sentence, within a time budget.

Order matters: teaser blocks are cut first (they are other stories), then sentences are split and
bounded, then each sentence is matched once by the term automaton and once by the alias automaton;
only sentences whose terms can fire a rule reach the regexes (the cheap prefilter that keeps the
rules at thousands of articles per second). Mentions of the same fact are merged per document.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
import time
from bisect import bisect_left
from collections import deque
from functools import cache, lru_cache
from typing import Callable

from monitor.dataset.names import title_words
from monitor.records import Mention
from monitor.rules.aliases import AliasIndex
from monitor.rules.approvals import AI_REGULATOR, approval_mentions, colon_list, is_bullet, opened_to_public, table_row
from monitor.rules.events import DRAFT_MARK, bill_code, event_mentions, first_us_state, state_of
from monitor.rules.roles import GENERIC_PLACES
from monitor.rules.ruleset import RuleSet
from monitor.rules.script import to_simplified
from monitor.rules.segment import cut_teasers, sentences
from monitor.rules.sentence import Sentence, semicolon_parts
from monitor.rules.terms import WORD_CHARS, Hit, fold, split_wildcards
from monitor.rules.triggers import APPROVAL_TRIGGERS, EVENT_TRIGGERS, FILING_WORDS, LIST_TRIGGERS, Marks

logger = logging.getLogger(__name__)

# "China's national register of generative AI services": the register itself, with AI, says filings
_REGISTER_NOUNS = frozenset({"register", "registry"})


_STORE = frozenset({"app store", "应用商店"})
_STORE_RANKING = re.compile(r".{0,8}?(?:榜|排行|排名|下载量|\bcharts?\b|\brankings?\b|\bdownloads?\b|\btop spot\b)")
_MODALS = frozenset({"could", "would", "will", "might"})
_MAY_HOLD_MODAL = re.compile(r"\b(?:could|would|will|might)\s(?:now\s|then\s|also\s)?(?:be|open|start|serve|go)\b")
_OF_USE = re.compile(r"\s(?:now\s|then\s|also\s)?(?:be\s(?:used|accessed|downloaded|offered|opened|available|rolled out)|"
                     r"open\b|start\s(?:serving|offering)|serve\b|go live\b)")


# An aside in parentheses that says what a company owns or makes: "ByteDance (owner of TikTok)", "(TikTok's parent)"
_COMPANY_ASIDE = re.compile(r"\s\((?:the\s|a\s|an\s)?(?:owner|parent(?:\scompany)?|maker|developer|operator|creator|"
                            r"publisher)\sof\s[^()\n]{1,40}\)|\s\((?:[\w.&-]+\s){0,2}[\w.&-]+['’]s\s(?:owner|parent"
                            r"(?:\scompany)?|maker|developer|operator)\)")


# "All three said their products had received government approval", "Both have completed the filing": the
# companies the sentence before named
_ALL_OF_THEM = re.compile(r"(?:all|both|the)\s(?:(two|three|four|five|six|\d{1,2})\s)?(?:of them\s|companies\s|firms\s)?"
                          r"(?:said\s(?:that\s)?(?:their|its|they)\s(?:[\w-]+\s){0,3}?)?(?:have|has|had|were|was)\s"
                          r"(?:now\s|also\s|all\s)?(?:been\s)?(?:received|won|gained|obtained|secured|got|gotten|completed|"
                          r"approved|cleared|filed)\b")
_SMALL_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def _referred_back(s: Sentence, before: str, aliases: AliasIndex) -> list[Mention]:
    """The companies of the sentence ``before`` when ``s`` opens by referring back to all of them."""
    m = _ALL_OF_THEM.match(s.folded)
    if m is None:
        return []
    named = list(dict.fromkeys((n.canonical, n.surface if n.kind == "model" else None)
                               for n in aliases.find(before, fold(before)) if n.kind != "regulation"))
    told = m.group(1)
    wanted = (2 if s.folded.startswith("both") else
              None if told is None else _SMALL_NUMBERS.get(told) or int(told))
    if len(named) < 2 or (wanted is not None and len(named) != wanted):
        return []
    return [Mention(kind="company_approval", rule="company.referred_back", snippet=s.raw, company=name, model=model,
                    company_known=True) for name, model in named]


def _cut(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` without ``spans`` (in order, apart)."""
    kept, at = [], 0
    for a, b in spans:
        kept.append(text[at:a])
        at = b
    kept.append(text[at:])
    return "".join(kept)


def extract_mentions(
    text: str,
    *,
    title: str = "",
    published: dt.date | None,
    language: str | None,
    rules: RuleSet,
    aliases: AliasIndex,
    budget_seconds: float = 1.0,
) -> list[Mention]:
    """Mentions in ``title`` + ``text``; stops (with a warning) once ``budget_seconds`` are spent.

    ``language`` is a hint only: both English and Chinese patterns run on every sentence, since
    articles mix them ("Ernie Bot（文心一言）").
    """
    started = time.monotonic()
    deadline = started + budget_seconds
    if isinstance(published, dt.datetime):
        published = published.date()
    # Converted first, so that Traditional teaser headings (相關閱讀) are cut like Simplified ones; the
    # conversion keeps every offset, so the original text gives the snippets.
    head = f"{title.strip()}\n" if title.strip() else ""
    title_end = len(head)
    # One conversion for headline and body: a Traditional headline alone may hold too few of the characters
    # that tell the script (史力加、迷你兵團…入稟告Midjourney), and would be read unconverted.
    simplified = to_simplified(head + text)
    whole = head + text
    if "(" in simplified:
        # "11 firms, including ByteDance (owner of TikTok) and Tencent Holdings, had received approvals": an aside
        # that says whose a company is neither ends the list nor names another party; read as if not written
        asides = [m.span() for m in _COMPANY_ASIDE.finditer(simplified, title_end)]  # (the headline keeps its length)
        if asides:
            simplified, whole = _cut(simplified, asides), _cut(whole, asides)
    body = cut_teasers(simplified[title_end:], rules.cutoff_markers)
    original = whole[:title_end + len(body)]
    doc = simplified[:title_end] + body
    found: list[Mention] = []
    recent: deque[bool] = deque(maxlen=max(rules.window, 1))
    doc_ordinal: int | None = None  # the batch the article named last ("这一批" refers back to it)
    doc_filing = False
    other_regime = False  # the headline tells another regime's approvals (games, drugs, algorithms), not AI's
    # The headline is about AI, or the article has named the regulator: an approval word later needs no AI
    # word of its own
    ai_headline = False
    sentence_of: list[int] = []  # the sentence each found mention came from, for joining ordinals
    title_sentences = 0  # how many of the sentences are the headline's
    folded_doc = fold(doc)
    # Where a sentence may need reading (triggers.py): the rest are counted, not read
    # (one pass finds both the rules' marks and the known regulations' names: with_names)
    marked = Marks(rules.sentence_scan.with_names(aliases.regulation_keys), None, aliases.longest, folded_doc)
    spans = sentences(doc, rules.max_sentence_chars)  # lazy: a long document stops at the budget, not before
    pending: list[tuple[int, int]] = []  # a sentence's clauses still to read, the next one last
    index = -1
    windowed = rules.window > 0
    doc_chars = len(doc)
    monotonic = time.monotonic
    # Once the article is about filings every unread sentence is asked whether it is a table row or a bullet; where
    # the document holds "19", "20" or "|" is found once then (_table_marks), so that most sentences are told apart
    # without a copy of their text: none of those in it, and no bullet mark, digit or space first.
    table_starts: list[int] = []
    table_ends: list[int] = []
    last_span: tuple[int, int] | None = None
    headline_undated: set[str | None] = set()  # events the headline tells without a date of its own
    while True:
        span = pending.pop() if pending else next(spans, None)
        if span is None:
            break
        start, end = span
        previous, last_span = last_span, span
        if monotonic() > deadline:
            logger.warning("rules budget exceeded; document cut short",
                           extra={"title": title[:80], "seconds": round(time.monotonic() - started, 3),
                                  "offset": start, "chars": len(doc)})
            break
        tabular = None  # whether the sentence is a table row or a bullet: asked once, when it matters
        if (not marked(start, end)
                and not (windowed and True in recent  # (recent holds bools: any(recent), without a call)
                         and (start < title_end or not _quiet_after_approval(folded_doc[start:end], rules)))
                and not (start > 0 and folded_doc[start - 1] in WORD_CHARS)  # cut inside a word
                and not (end < doc_chars and folded_doc[end] in WORD_CHARS)
                and not (doc_filing
                         and ((k := bisect_left(table_starts, start)) < len(table_starts) and table_ends[k] <= end
                              or (first := doc[start]) in _BULLET_MARKS or first.isdigit() or first.isspace())
                         and (tabular := _tabular(doc[start:end])))):
            # Nothing here can fire a rule; what reading it would change is only the sentence count, the
            # window of recent approval sentences and a headline's AI flag.
            index += 1
            recent.append(False)
            if start < title_end:
                ai_headline = False
                # (a headline of another regime's approvals fires no rule of its own, but says what the body's are)
                head_hits = rules.matcher.find(doc[start:end], folded_doc[start:end])
                other_regime = other_regime or _other_regime(head_hits, folded_doc[start:end])
            continue
        chunk = doc[start:end]
        folded = fold(chunk)
        hits = rules.matcher.find(chunk, folded)
        families = {h.family for h in hits}
        # (cheap tests first: most sentences hold neither a modal before a verb of use nor a store)
        if "negation" in families and "-" in folded and any(
                h.family == "negation" and h.start > 0 and folded[h.start - 1] == "-" for h in hits):
            # "the most consumer-facing of the newcomers": the second half of a compound adjective negates nothing
            hits = [h for h in hits if not (h.family == "negation" and h.start > 0 and folded[h.start - 1] == "-")]
            families = {h.family for h in hits}
        if "negation" in families and _MAY_HOLD_MODAL.search(folded) is not None:
            # "had completed the filing ... and could now be used by the general public": a modal of the service's
            # use after its approval, not a speculative approval
            hits = [h for h in hits if not (h.family == "negation" and h.term in _MODALS
                                            and _OF_USE.match(folded, h.end))]
            families = {h.family for h in hits}
        if "negative_domain" in families and ("store" in folded or "商店" in folded):
            # "文心一言App一度登上苹果应用商店免费榜榜首", "topped the App Store chart": a ranking, not a store's approval
            hits = [h for h in hits if not (h.term in _STORE and _STORE_RANKING.match(folded, h.end))]
            families = {h.family for h in hits}
        early_names = None
        if "negative_domain" in families:
            # a company's own name is no domain: "Volvo Cars", "Baidu Apollo Go" (the name, not cars or robotaxis)
            early_names = aliases.find(chunk, folded)
            named = [(n.start, n.end) for n in early_names if n.kind != "regulation"]
            # ... nor a word that describes a company ("Xiaomi's electric-vehicle unit filed an assistant", "EV
            # maker Xpeng"): what the company makes, not what was approved
            hits = [h for h in hits if not (h.family == "negative_domain" and (
                any(a <= h.start and h.end <= b for a, b in named) or _DESCRIBES_A_COMPANY.match(folded, h.end)))]
            families = {h.family for h in hits}
        if "negative_domain" in families:
            clauses = semicolon_parts(chunk)
            if len(clauses) > 1:
                # "…24个获准上线的大模型；自动驾驶测试里程…": the driving clause must not silence the filing clause
                pending.extend((start + a, start + b) for a, b in reversed(clauses))
                continue
        index += 1
        if start < title_end:
            title_sentences = index + 1
        recent_approval = windowed and True in recent
        is_filing = "negative_domain" not in families and (
            "approval" in families or ("ai_context" in families and (
                bool(families & FILING_WORDS)
                or ("register_ref" in families and any(h.term in _REGISTER_NOUNS for h in hits)))))
        recent.append(is_filing)
        if start < title_end:
            ai_headline = "ai_context" in families and "negative_domain" not in families
            # "China approves 184 games in November", "Deep-synthesis algorithm filings pass 3,800": a headline of
            # another regime's approvals, with no AI in it; the body's approvals with no AI of their own are that
            # regime's ("cleared 145 domestic titles and 11 imports, including Astro Bot")
            other_regime = other_regime or _other_regime(hits, folded)
        elif (not ai_headline and "negative_domain" not in families
              and ("cac" in folded or "cyberspace" in folded or "网信" in folded)  # (its words, before its pattern)
              and AI_REGULATOR.search(folded)):
            ai_headline = True  # the article has named the AI register's regulator (CAC, 网信办)
        # The article is about filings once one sentence says so with AI in it: later lists and running
        # totals told without an approval word ("Other names include ...", "The year closed at 302") count.
        if not doc_filing and is_filing and "ai_context" in families and "negation" not in families:
            doc_filing = True
            table_starts, table_ends = _table_marks(doc)
        names = early_names if early_names is not None else aliases.find(chunk, folded)
        reads_approvals = (bool(families & APPROVAL_TRIGGERS)
                           or (doc_filing and (tabular if tabular is not None else _tabular(chunk)))
                           or ((recent_approval or doc_filing) and bool(families & LIST_TRIGGERS))
                           or (recent_approval and colon_list(chunk, [n.start for n in names]))
                           or ((recent_approval or doc_filing)  # a public roll-out
                               and ("launch" in families or opened_to_public(folded)))
                           or (doc_filing and "total" in families))
        if other_regime and start >= title_end and not (_ai_of_its_own(hits) and _GENERATIVE_AI.search(folded)):
            # (under such a headline only generative AI's own words make an approval AI's: "Caption Health's AI-guided
            # cardiac ultrasound … was cleared" is the FDA's)
            reads_approvals = False
        reads_events = (bool(families & EVENT_TRIGGERS) or "v." in chunk or "《" in chunk or "诉" in chunk
                        or (not families.isdisjoint(rules.event_families)
                            and any(families.issuperset(e.families) for e in rules.known_events)))
        reads_events = reads_events or any(m.kind == "regulation" for m in names)
        if not (reads_approvals or reads_events):
            continue
        s = Sentence(chunk, folded, hits, names, published, raw=original[start:end], families=frozenset(families))
        if reads_approvals:
            batch_mentions = approval_mentions(s, rules, recent_approval, doc_ordinal, doc_filing, ai_headline)
            if (previous is not None and is_filing and "negation" not in families and start >= title_end
                    and not any(m.kind == "company_approval" for m in batch_mentions)):
                batch_mentions += _referred_back(s, doc[previous[0]:previous[1]], aliases)
            found.extend(batch_mentions)
            sentence_of.extend([index] * len(batch_mentions))
            if not is_filing and any(m.kind == "company_approval" for m in batch_mentions):
                recent[-1] = True  # a list sentence carries the approval on to the next ("Shanghai supplies three: ...")
            doc_ordinal = next((m.batch for m in batch_mentions if m.batch is not None), doc_ordinal)
        if reads_events:
            events = event_mentions(s, rules, aliases, headline=start < title_end)
            if start < title_end and published is not None:
                # an event reported in a headline happened about when it was published ("China finalises
                # labelling rules for AI-generated content"): the headline states no date of its own; the body's
                # date of the same event wins ("signed the Take It Down Act into law on May 19"), so it is set
                # after the mentions are merged
                headline_undated.update(m.regulation for m in events if m.date is None)
            found.extend(events)
            sentence_of.extend([index] * len(events))
    found = _drop_headline_generics(found, sentence_of, title_sentences, aliases)
    found = _drop_headline_names(found, sentence_of, title_sentences, aliases, doc[title_end:])
    found = _drop_short_forms(found, sentence_of, doc)
    # the whole document's term hits, found once if a step below needs them (most documents: none does)
    doc_hits = cache(lambda: rules.matcher.find(doc, folded_doc))
    found = _name_generic_places(found, doc, doc_hits)
    found = _one_name_per_law(_name_bills(found, doc))
    found = _foreign_facts(found, sentence_of, doc_hits, aliases)
    found = _one_of_namesakes(found, aliases)
    found = _one_name_for_drafts(found)
    found = _known_by_pinyin(found, aliases)
    return [dataclasses.replace(m, date=published) if m.date is None and (
                m.kind == "cumulative_total" or (m.kind == "regulation_event" and m.regulation in headline_undated))
            else m for m in dedupe(_join_ordinals(found, sentence_of, published))]


_REGIME_WORDS = frozenset({"approval", "filed", "registered"})
_GENERATIVE_AI = re.compile(r"generative|large (?:language )?models?|\bllms?\b|chatbot|大模型|生成式|备案|登记")
_PERMITS = re.compile(r"\b(?:permits?|licen[cs]es?|grants?)\b|许可|牌照|版号")  # "China grants first Level-3 … permits"


def _other_regime(hits: list[Hit], folded: str) -> bool:
    families = {h.family for h in hits}
    return ("negative_domain" in families and not _ai_of_its_own(hits)
            and (bool(families & _REGIME_WORDS) or _PERMITS.search(folded) is not None))


def _ai_of_its_own(hits: list[Hit]) -> bool:
    """An AI word outside the other regime's own words: not the "algorithm" of "algorithm filings", 算法 of 算法备案."""
    # (an AI word right before the other regime's, as its modifier, is that regime's too: "AI Medical Devices")
    negative = [(max(0, h.start - 4), h.end) for h in hits if h.family == "negative_domain"]
    return any(h.family == "ai_context" and not h.term.startswith(("algorithm", "算法", "演算法"))
               and h.term not in _CAR_OR_AI  # ("BAIC's Arcfox model is cleared for up to 80 km per hour")
               and not any(a <= h.start and h.end <= b for a, b in negative) for h in hits)


_CAR_OR_AI = frozenset({"model", "models", "模型", "车型"})


def _known_by_pinyin(found: list[Mention], aliases: AliasIndex) -> list[Mention]:
    """An unknown filer whose English name spells a known company's Chinese name is that company ("Quwan" is
    广州趣丸网络科技有限公司): not a new filer."""
    out = []
    for m in found:
        if m.kind == "company_approval" and not m.company_known and m.company and m.company.isascii():
            known = aliases.romanised(m.company)
            if known is not None:
                m = dataclasses.replace(m, company=known, company_known=True)
        out.append(m)
    return out


def _quiet_after_approval(folded: str, rules: RuleSet) -> bool:
    """Whether reading an unmarked sentence right after an approval sentence would change nothing: it is read
    there for a list of names after a colon, a roll-out (a `launch` term, "opened to the public") or the
    semicolon clauses a negative domain parts, and this one has no colon, semicolon, launch term or opening
    to the public (substring tests, a superset of what the matcher and those tests find)."""
    if ":" in folded or "：" in folded or ";" in folded or "；" in folded:
        return False
    if "开放" in folded or "public" in folded or "available" in folded:  # opened_to_public's own first test
        return False
    return not any(key in folded for key in _term_keys(rules.terms.get("launch", ())))


@lru_cache(maxsize=8)
def _term_keys(terms: tuple[str, ...]) -> tuple[str, ...]:
    """The folded strings a family's terms match, as TermMatcher reads them (a prefix term without its "*")."""
    return tuple(fold(split_wildcards(t)[0]) for t in terms)


def _tabular(chunk: str) -> bool:
    # Asked of every sentence once an article is about filings: a table row holds a year (19xx, 20xx), a bullet
    # opens with its mark or number, a pipe row has a "|"; most sentences have none (substring tests first).
    if "20" not in chunk and "19" not in chunk and "|" not in chunk:
        first = chunk[:1]
        if first.isspace():
            first = chunk.lstrip()[:1]
        if not first or not (first in _BULLET_MARKS or first.isdigit()):
            return False
    return table_row(chunk) is not None or is_bullet(chunk)


_BULLET_MARKS = "-•·*▪►"  # approvals._BULLET's marks


def _table_marks(doc: str) -> tuple[list[int], list[int]]:
    """Where each "19", "20" and "|" of ``doc`` starts and ends, in order of start (the ends are then in order
    too): a span holds one when the first one starting in it ends in it."""
    found = []
    for mark in ("19", "20", "|"):
        at = doc.find(mark)
        while at >= 0:
            found.append((at, at + len(mark)))
            at = doc.find(mark, at + 1)
    found.sort()
    return [a for a, _ in found], [b for _, b in found]


def _keep(found: list[Mention], sentence_of: list[int], keep: list[bool]) -> list[Mention]:
    """The mentions ``keep`` marks, ``sentence_of`` cut to match in place (it stays beside the mentions for
    _join_ordinals)."""
    sentence_of[:] = [n for n, k in zip(sentence_of, keep) if k]
    return [m for m, k in zip(found, keep) if k]


def _drop_headline_names(found: list[Mention], sentence_of: list[int], title_sentences: int, aliases: AliasIndex,
                         body: str) -> list[Mention]:
    """"South Korea National Assembly Passes New AI Bill", "Trump Signs Executive Order to Limit State-Level AI
    Regulation" over a story whose body names the known act or order of that place: the headline's Title-Case
    phrase is that event told in a headline's words, not another one. A name the body repeats stays ("Newsom signs
    SB 243" over a story that tells SB 243 and recalls SB 53)."""
    heads = [i for i, m in enumerate(found) if m.kind == "regulation_event" and m.rule == "event.named_instrument"
             and sentence_of[i] < title_sentences and aliases.canonical(m.regulation or "") is None]
    if not heads:
        return found
    known_places = {m.jurisdiction for i, m in enumerate(found) if m.kind == "regulation_event"
                    and sentence_of[i] >= title_sentences and aliases.canonical(m.regulation or "") is not None}
    # ("Governor Youngkin Nixes Virginia AI Bill" over a body that tells Virginia's HB 2094: a bill the body names by
    # its number is the headline's too)
    # (or by a place's unnamed law: "Vietnam AI Law 2026" over a body that tells Vietnam's law on AI, one law under
    # the name every report of it gets)
    bill_places = {m.jurisdiction for i, m in enumerate(found) if m.kind == "regulation_event"
                   and sentence_of[i] >= title_sentences and m.rule in ("event.bill_number", "event.unnamed_instrument")}
    folded_body = fold(body)
    # (a headline that names no place: the body's known event of any place)
    drop = {i for i in heads if (found[i].jurisdiction in known_places or (found[i].jurisdiction is None and known_places)
                                 or (state_of(found[i].regulation or "") or found[i].jurisdiction) in bill_places)
            and fold(found[i].regulation or "") not in folded_body}
    return _keep(found, sentence_of, [i not in drop for i in range(len(found))]) if drop else found


_PLURAL_RULES = re.compile(r"\s(?:regulations|rules)\son\s")


def _drop_headline_generics(found: list[Mention], sentence_of: list[int], title_sentences: int,
                            aliases: AliasIndex) -> list[Mention]:
    """"Texas governor signs pared-back AI law" over a story that names the Texas Responsible AI Governance
    Act: the headline's unnamed instrument is the named one, told vaguely; keep only the name. One the dataset
    knows by its place and date stays ("Italy becomes first EU country to pass a national AI law", over a story
    that names the EU's AI Act as its background)."""
    named = {m.jurisdiction for m in found if m.kind == "regulation_event" and m.rule != "event.unnamed_instrument"}
    if not named:
        return found
    # ... and in the body, "regulations" or "rules" of no name, of the place whose named law the story tells ("other
    # states have passed AI-related regulations" beside California's SB 53): the named one is the story's (an unnamed
    # order or law stays: another instrument of the place)
    keep = [not (m.rule == "event.unnamed_instrument" and aliases.canonical(m.regulation or "") is None
                 and (sentence_of[i] < title_sentences
                      or (m.jurisdiction is not None and m.jurisdiction in named and _PLURAL_RULES.search(m.regulation or ""))))
            for i, m in enumerate(found)]
    return _keep(found, sentence_of, keep)




def _name_generic_places(found: list[Mention], doc: str, doc_hits: Callable[[], list[Hit]]) -> list[Mention]:
    """"我市已备案105款" in a Beijing government release, "the city now has 115" in a Shanghai story: the
    sentence only says "the city"; the place is the one the article named last before it (else first after)."""
    if not any(m.jurisdiction is not None and fold(m.jurisdiction) in GENERIC_PLACES for m in found):
        return found
    places = [(h.start, doc[h.start:h.end]) for h in doc_hits()
              if h.family == "locality" and fold(doc[h.start:h.end]) not in GENERIC_PLACES]
    if not places:
        return found
    out = []
    for m in found:
        if m.jurisdiction is not None and fold(m.jurisdiction) in GENERIC_PLACES:
            at = doc.find(m.snippet[:40]) if m.snippet else -1
            before = [name for pos, name in places if 0 <= at and pos < at]
            m = dataclasses.replace(m, jurisdiction=before[-1] if before else places[0][1])
        out.append(m)
    return out


# A short name an article defines for an instrument it named in full: '(hereinafter referred to as the
# Identification Measures)', '(the "Order")'. Later uses of it are that instrument again, not another one.
_SHORT_FORM = re.compile(r"(?:hereinafter|hereafter)(?:\s(?:referred to|called|known))?(?:\sas)?\s(?:the\s)?[“\"]?(?:the\s)?"
                         r"([A-Z][\w-]*(?:\s[A-Z][\w-]*){0,3})"
                         r"|\((?:the\s)?[“\"](?:the\s)?([A-Z][^”\"()]{2,40})[”\"]\)")


def _one_name_for_drafts(found: list[Mention]) -> list[Mention]:
    """"《人工智能法》已列入立法计划 … 《人工智能法(草案)》将由国务院起草": one law told with and without its draft
    mark is one event; the article's name without the mark names it."""
    names = {m.regulation for m in found if m.kind == "regulation_event" and m.regulation}
    if len(names) < 2:
        return found
    plain = {name: DRAFT_MARK.sub("", name).strip() for name in names}
    return [dataclasses.replace(m, regulation=plain[m.regulation])
            if m.regulation in plain and plain[m.regulation] != m.regulation and plain[m.regulation] in names else m
            for m in found]


def _one_of_namesakes(found: list[Mention], aliases: AliasIndex) -> list[Mention]:
    """A headline's 《人工智慧基本法》 in an article whose body places that law in Taiwan is Taiwan's, not the
    name's first meaning (Korea's): of two known events of one name, the one the article places."""
    placed = {m.regulation for m in found if m.kind == "regulation_event" and m.regulation and m.jurisdiction
              and aliases.namesakes(m.regulation)}
    if len(placed) != 1:
        return found
    (chosen,) = placed
    others = aliases.namesakes(chosen)
    return [dataclasses.replace(m, regulation=chosen) if m.kind == "regulation_event" and m.regulation in others
            and m.jurisdiction is None else m for m in found]


_EU_MEMBERS = frozenset({"FR", "DE", "IT", "ES"})


def _foreign_facts(found: list[Mention], sentence_of: list[int], doc_hits: Callable[[], list[Hit]],
                   aliases: AliasIndex) -> list[Mention]:
    """A known event read from its facts alone ("synthetic content must carry a visible label": China's labelling
    measures) in an article that never names the event's place but names another country's (India's rules, Spain's
    draft law) is that country's instrument, not the known one."""
    # (not suits: a suit's report names a court, rarely its country, and often other countries' suits)
    facts = [m for m in found if m.rule == "event.known_facts" and m.regulation and " v. " not in m.regulation]
    if not facts:
        return found
    places = {h.family[4:] for h in doc_hits() if h.family.startswith("jur:")} - {"-"}
    countries = {p.split("-")[0] for p in places}  # (a US state's place is in the US)
    if countries & _EU_MEMBERS:
        countries.add("EU")  # (France's or Germany's reports of the EU's AI Act)
    foreign = {m.regulation for m in facts if (place := aliases.place_of(m.regulation or "")) not in (None, "INT")
               and place not in places and place.split("-")[0] not in countries and countries - {"US", "EU", "INT"}}
    if not foreign:
        return found
    return _keep(found, sentence_of, [not (m.rule == "event.known_facts" and m.regulation in foreign) for m in found])


_BARE_BILL = re.compile(r"^(?:SB|AB|HB) \d+(?: veto)?$")
# a bill apposed to the title after it: "Senate Bill 53, the Transparency in Frontier …"
_BILL_BEFORE_TITLE = r"\b(Senate Bill|Assembly Bill|House Bill|SB|AB|HB)\s?(\d{1,5}),\s(?:the\s)?"
_SPELLED_BILL = re.compile(r"(Senate Bill|Assembly Bill|House Bill) (\d{1,5})")
_NUMBER_OF_BILL = re.compile(r"\b((?:SB|AB|HB) \d+)$")


def _bill_number(name: str) -> str | None:
    """"California SB 53" -> "SB 53"."""
    m = _NUMBER_OF_BILL.search(name)
    return m.group(1) if m else None


def _name_bills(found: list[Mention], doc: str) -> list[Mention]:
    """A state bill told by its number alone ("AB 56 was also passed") is a bill of the state the article names
    first ("California Governor Gavin Newsom signed SB 243 …"); a bill whose veto the article tells is that veto."""
    # "signed House Bill 149": a bill by its chamber and number, whichever rule read it
    found = [dataclasses.replace(m, rule="event.bill_number", regulation=bill_code(*spelled.groups()))
             if m.rule == "event.named_instrument" and m.regulation and (spelled := _SPELLED_BILL.fullmatch(m.regulation))
             else m for m in found]
    bills = [m for m in found if m.rule == "event.bill_number" and m.regulation]
    titles = [m for m in found if m.rule == "event.named_instrument" and m.regulation
              and ("Bill " in m.snippet or "B " in m.snippet)]
    if not bills and not titles:
        return found
    state = first_us_state(" ".join(m.regulation for m in bills if m.regulation)) or first_us_state(doc)
    def named(regulation: str) -> str:
        return f"{state} {regulation}" if state and _BARE_BILL.match(regulation) else regulation

    # "Newsom signs SB 53" beside "signed Senate Bill 53, the Transparency in Frontier Artificial Intelligence Act":
    # a title told as a state bill's apposition names that bill, and the bill's mentions by number take the title
    # (as the sentence itself does, events._drop_appositions), so that one article tells one event, under the name
    # of the articles that give the title alone
    titled_bills = {}
    for m in titles:
        apposed = re.search(_BILL_BEFORE_TITLE + re.escape(m.regulation), m.snippet)
        if apposed:
            titled_bills[bill_code(*apposed.groups())] = m.regulation
    if titled_bills:
        place = state_of(f"{state} ") if state else None
        retitled = []
        for m in found:
            number = _bill_number(m.regulation) if m.rule == "event.bill_number" and m.regulation else None
            if number in titled_bills:  # (not a veto: "… SB 1047 veto" ends in no number)
                m = dataclasses.replace(m, rule="event.named_instrument", regulation=titled_bills[number],
                                        jurisdiction=m.jurisdiction or place)
            elif (m.rule == "event.named_instrument" and m.regulation in titled_bills.values() and m.jurisdiction is None
                  and place):
                m = dataclasses.replace(m, jurisdiction=place)  # the bill's state is its title's place
            retitled.append(m)
        found = retitled
        bills = [m for m in found if m.rule == "event.bill_number" and m.regulation]
    if not bills:
        return found

    vetoed = {named(m.regulation)[:-len(" veto")] for m in bills if m.regulation.endswith(" veto")}
    out = []
    for m in found:
        if m.rule == "event.bill_number" and m.regulation:
            name = named(m.regulation)
            m = dataclasses.replace(m, regulation=f"{name} veto" if name in vetoed else name)
        out.append(m)
    return out


_TITLE_ENDS = frozenset({"law", "act", "bill", "statute"})


def _title_words(name: str) -> frozenset[str]:
    """A title's own words, its kind ("Law", "Act") aside: "Texas AI Governance Law" -> texas, ai, governance."""
    return title_words(name) - _TITLE_ENDS


def _one_name_per_law(found: list[Mention]) -> list[Mention]:
    """One state law an article names three ways is one event: a headline's short form whose words are all in the
    full title of the same place ("Texas AI Governance Law" for the Texas Responsible AI Governance Act), and the one
    bill number of that state it tells ("The signing of HB 149 ...") when it names that one title only."""
    titles = {(m.regulation, m.jurisdiction) for m in found
              if m.rule == "event.named_instrument" and m.regulation and m.jurisdiction and m.regulation.isascii()}
    if not titles:
        return found
    full: dict[str, str] = {}
    for name, place in titles:
        words = _title_words(name)
        longer = [other for other, where in titles if where == place and other != name
                  and len(words) >= 2 and words < _title_words(other)]
        if len(longer) == 1:
            full[name] = longer[0]
    kept = {(full.get(name, name), place) for name, place in titles}
    bills = {m.regulation for m in found if m.rule == "event.bill_number" and m.regulation
             and not m.regulation.endswith(" veto")}
    for bill in bills:
        place = state_of(bill)
        same_place = [name for name, where in kept if where == place]
        if place and len(same_place) == 1 and sum(state_of(b) == place for b in bills) == 1:
            full[bill] = same_place[0]
    if not full:
        return found
    return [dataclasses.replace(m, rule="event.named_instrument", regulation=full[m.regulation],
                                jurisdiction=m.jurisdiction or state_of(m.regulation))
            if m.kind == "regulation_event" and m.regulation in full else m for m in found]


def _drop_short_forms(found: list[Mention], sentence_of: list[int], doc: str) -> list[Mention]:
    if (("(" not in doc or ('("' not in doc and "(“" not in doc and "(the " not in doc))  # (one scan, most articles)
            and "hereinafter" not in doc and "hereafter" not in doc):
        return found
    defined = {(m.group(1) or m.group(2)).strip().lower() for m in _SHORT_FORM.finditer(doc)}
    return _keep(found, sentence_of, [not (m.rule == "event.named_instrument" and (m.regulation or "").lower() in defined)
                                      for m in found])


_LATEST = re.compile(r"\b(?:latest|most recent|newest|recent)\b|最新|最近|本批|这批|新一批")


# The national first batch was cleared on 31 August 2023; a count reported after this is not it.
_FIRST_BATCH_NEWS_UNTIL = dt.date(2023, 9, 30)


def _join_ordinals(mentions: list[Mention], sentence_of: list[int], published: dt.date | None = None) -> list[Mention]:
    """An article that names one batch by its ordinal in one sentence ("It marks the fourth batch") and by its
    count in another ("granted approvals to 14 models last week") reports one batch: join them when the
    article has one unnumbered count and an ordinal-only mention within two sentences of it (the nearest).
    Ordinal-only mentions are dropped either way (a batch is reported with its size)."""
    if not any(m.kind == "approval_batch" for m in mentions):
        return mentions
    ordinal_only = [(sentence_of[i], m.batch) for i, m in enumerate(mentions)
                    if m.kind == "approval_batch" and m.count is None]
    counted = [(sentence_of[i], m) for i, m in enumerate(mentions) if m.kind == "approval_batch" and m.count is not None]
    unnumbered = [(i, m) for i, m in counted if m.batch is None]
    numbered = {m.batch for _, m in counted if m.batch is not None}
    out = [m for m in mentions if not (m.kind == "approval_batch" and m.count is None)]
    if len({(m.count, m.count_qualifier) for _, m in unnumbered}) != 1:
        return out
    where = min(i for i, _ in unnumbered)
    near = sorted((abs(i - where), ordinal) for i, ordinal in ordinal_only
                  if ordinal not in numbered and abs(i - where) <= 2)
    if not near:
        return out
    ordinal = near[0][1]
    later = any(_LATEST.search(m.snippet.lower()) or m.rule in ("batch.more", "batch.increment") for _, m in unnumbered)
    if ordinal == 1 and (later or (published is not None and published > _FIRST_BATCH_NEWS_UNTIL)):
        # "In the most recent batch, 14 ..." is not "the first tranche" told nearby, nor is a count reported
        # long after the first batch ("approved 14 models last week ... the first tranche, in August")
        return out
    return [dataclasses.replace(m, batch=ordinal) if m.kind == "approval_batch" and m.batch is None else m
            for m in out]


def dedupe(mentions: list[Mention]) -> list[Mention]:
    """One mention per fact and document, keeping the first sentence and the richest fields.

    A company approval without a batch is dropped when the same company is also mentioned with one;
    the same holds for a batch count without an ordinal.
    """
    kept: dict[tuple, Mention] = {}
    for m in mentions:
        key = _key(m)
        if key not in kept:
            kept[key] = m
            continue
        if kept[key].model is None and m.model is not None:
            kept[key] = dataclasses.replace(kept[key], model=m.model)
        if (m.kind == "cumulative_total" and kept[key].jurisdiction is None and m.jurisdiction is not None
                and m.rule == "total.local_count"):
            # "joining 158 registered AI tools", then "one of 158 tools registered in the city": that place's count
            kept[key] = dataclasses.replace(kept[key], jurisdiction=m.jurisdiction, rule=m.rule)
        if kept[key].date is None and m.date is not None:
            # "346 services filed" (headline) then "... as of March 31": the total carries its stated date
            kept[key] = dataclasses.replace(kept[key], date=m.date)
    with_batch = {(m.kind, m.company, m.count) for m in kept.values() if m.batch is not None}
    batch_sizes = {(m.count, m.jurisdiction) for m in kept.values() if m.kind == "approval_batch"}
    return [m for m in kept.values()
            if (m.kind not in ("company_approval", "approval_batch") or m.batch is not None
                or (m.kind, m.company, m.count) not in with_batch)
            and not (m.kind == "cumulative_total" and (m.total, m.jurisdiction) in batch_sizes
                     and not _TOTAL_WORDS.search(m.snippet))]


# "我省9款服务通过国家备案" (headline: the province's group in the new list), then "我省共有9款…通过国家备案": one
# number, one fact, the group; a total is told as one ("累计", "so far", "total")
_DESCRIBES_A_COMPANY = re.compile(r"[\w-]*\s(?:[\w-]+\s)?(?:maker|makers|unit|arm|company|firm|group|brand|subsidiary|"
                                  r"division|business|giant|manufacturer|start-?up|platform)\b")
_TOTAL_WORDS = re.compile(r"累计|截至|总数|合计|目前|至今|(?i:total|so far|to date|cumulative|as of)")


def _key(m: Mention) -> tuple:
    if m.kind == "company_approval":
        return (m.kind, m.company, m.batch)
    if m.kind == "approval_batch":
        return (m.kind, m.count, m.count_qualifier, m.batch)
    if m.kind == "cumulative_total":
        return (m.kind, m.total, m.count_qualifier, m.registry)
    return (m.kind, (m.regulation or "").casefold())
