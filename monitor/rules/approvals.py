"""Approval batches, company approvals and cumulative totals from one sentence.

A sentence is read for approvals when it has an `approval` term, a `filed`/`registered` term with AI
context, or a `membership` term ("among the recipients", "名单") shortly after an approval sentence.
Nothing fires in a sentence with a `negative_domain` term (drugs, chips, car software, mergers, the
separate algorithm-filing regime) or in a keyword-stuffed line.

Every count in such a sentence gets a role before it becomes a mention (monitor/rules/roles.py): a
new batch ("approved 14 more", "新增99款", "the first batch of eight"), a running total ("bringing the
number to 252", "累计346款", "now has 988 filed services"), a local count ("Beijing has 105"), or
nothing (sub-counts, projections, counts of launches, parameters, a company's own models).
"""

from __future__ import annotations

import re

from monitor.records import Mention
from monitor.rules.companies import companies as find_companies
from monitor.rules.dates import find_date
from monitor.rules.numbers import MAY_HOLD_NUMBER, NUMBER_WORD_FAMILY
from monitor.rules.roles import BATCH, LOCAL, TOTAL, batch_ordinals, classify_counts
from monitor.rules.ruleset import RuleSet
from monitor.rules.sentence import Sentence


def approval_mentions(s: Sentence, rules: RuleSet, recent_approval: bool,
                      doc_ordinal: int | None = None, doc_filing: bool = False, ai_headline: bool = False) -> list[Mention]:
    fams = s.families
    if "negative_domain" in fams or _is_keyword_spam(s) or s.text.rstrip().endswith(_QUESTION_MARKS):
        return []  # a question ("Is Kimi approved?", "何时能完成备案？") reports nothing
    # An approval word with no AI in its sentence, before the article has said it is about filings, approves
    # something else ("MIIT's approval of eSIM trials for China Mobile")
    # (or a headline about AI: "China lets tech firms offer AI chatbots" then "11 firms had received approvals";
    # or 备案 naming two known filers: "此次通过备案的企业包括小米、第四范式和零一万物")
    has_approval = "approval" in fams and ("ai_context" in fams or doc_filing or recent_approval or ai_headline
                                           or AI_REGULATOR.search(s.folded) is not None
                                           or any(a.kind == "model" for a in s.aliases)
                                           or ("备案" in s.text and len({a.canonical for a in s.aliases
                                                                        if a.kind == "company"}) >= 2))
    # (in an article about the filings, "Registrations rose by 68 to 598" needs no AI word of its own)
    has_filing = bool(fams & {"filed", "registered"}) and ("ai_context" in fams or doc_filing)
    # A sentence of names after the approval sentence; not one about a lawsuit or a launch, whose lists
    # are of other things ("facing legal challenges, including a lawsuit from The New York Times").
    strong_list = bool(fams & {"membership", "batch"}) or any(h.term not in _WEAK_LISTS for h in s.of("enumeration"))
    # (every match of _COLON_LIST holds a colon; every one of _PRONOUN_LIST opens with T, 它, 这 or 其: tested first)
    colon = ":" in s.text or "：" in s.text
    feats = colon and _NOT_A_FILING_LIST.search(s.folded) is not None
    listed = (((recent_approval and not feats and (strong_list or (_COLON_LIST.search(s.text) if colon else None)))
               or (doc_filing and (bool(fams & {"register_ref", "batch"})
                                   or (s.text.startswith(_PRONOUN_FIRSTS) and _PRONOUN_LIST.match(s.text) is not None))))
              and "lawsuit" not in fams and not _launch_told(s))
    totals_told = doc_filing and bool(fams & {"total", "register_ref"})  # "By the August update that had become 188"
    row = table_row(s.text) if doc_filing else None
    if row is not None:  # "August 31, 2025 — 538": a table of the register's size, one row a line
        value = int(row.group("n").replace(",", ""))
        date = find_date(s.folded, [], rules.relative_dates, s.published)
        registered = row.group("noun") is not None and row.group("noun").startswith("registered")
        return [Mention(kind="cumulative_total", rule="total.table_row", snippet=s.raw, total=value,
                        count_qualifier="exact", registry="registered" if registered else "filed",
                        date=date or s.published)]
    pipe_row = _PIPE_ROW.match(s.text) if doc_filing and "|" in s.text else None
    bullet = doc_filing and (_BULLET.match(s.text) is not None or pipe_row is not None)
    listed = listed or bullet  # "The names I noticed first:" then "- Xiaomi again, ...", "• Hikvision, ..."
    heading = len(s.text) <= 60 and "batch" in fams and "ai_context" not in fams  # "1. Beijing's fourth batch."
    opened = (recent_approval or doc_filing) and ("launch" in fams or opened_to_public(s.folded))
    if not (has_approval or has_filing or listed or totals_told or heading or opened):
        return []  # most sentences stop here, before any regex runs
    numbers = rules.numbers
    with_numbers = NUMBER_WORD_FAMILY in fams or MAY_HOLD_NUMBER.search(s.folded) is not None
    ordinals = batch_ordinals(s, numbers.ordinals(s.folded)) if with_numbers else []
    # "Baidu, SenseTime, Baichuan, Zhipu AI and MiniMax launched their chatbots to the public" right after the
    # approval: the roll-out names the approved; its counts stay unread (models launched are no batch)
    rollout = (opened and "negation" not in fams  # (two names first: cheaper than the pattern, and rarer)
               and len({a.canonical for a in s.aliases if a.kind != "regulation"}) >= 2
               and (_PUBLIC_ROLLOUT.search(s.folded) is not None
                    # "After receiving government approval, four companies introduced their chatbots for public use."
                    # then "Baidu, Baichuan, SenseTime and Zhipu AI launched their chatbots ...": the four of them
                    or (recent_approval and _THEIR_LAUNCH.search(s.folded) is not None)))
    companies = find_companies(s) if has_approval or listed or has_filing or rollout else []
    if pipe_row is not None:  # the other cells tell products, base models and dates, not filers
        companies = [c for c in companies if c.start < pipe_row.end(1)]
    reads_counts = has_approval or has_filing or listed or totals_told
    roles = (classify_counts(s, numbers, ordinals, doc_ordinal, context_total=totals_told or listed,
                             count_nouns=rules.count_noun_after)
             if with_numbers and reads_counts else [])
    if not roles and not companies and not ordinals:
        return []  # nothing to date: find_date is the dearest step left, skip it
    date = find_date(s.folded, [(h.start, h.term) for h in s.of("relative_date")], rules.relative_dates, s.published)
    out: list[Mention] = []
    counted = {role.batch for role in roles if role.kind == BATCH}
    # "本月又有4款服务办结手续，全市累计在册88款": the batch of a sentence that counts a place's own total is that
    # place's too, unless the sentence also speaks of the whole country
    local_place = next((r.locality for r in roles if r.kind == LOCAL and r.locality), None)
    if local_place is not None and _NATIONAL.search(s.folded):
        local_place = None
    for o in ordinals:
        if o.value not in counted and (has_approval or listed or heading):
            # "... which described them as the fourth batch": the batch named without its count here;
            # extract.dedupe joins it to a count told elsewhere in the article, or drops it.
            out.append(Mention(kind="approval_batch", rule="batch.ordinal_only", snippet=s.raw, batch=o.value,
                               date=date, jurisdiction="CN"))
            counted.add(o.value)
    for role in roles:
        count = role.count
        if role.kind == TOTAL or role.kind == LOCAL:
            out.append(Mention(kind="cumulative_total", rule=f"total.{role.reason}", snippet=s.raw,
                               total=count.value, count_qualifier=count.qualifier, registry=role.registry,
                               date=role.as_of or date,  # the article's date is the fallback, after dedupe
                               jurisdiction=role.locality if role.kind == LOCAL else None))
        elif role.kind == BATCH and (has_approval or (listed and (ordinals or "batch" in fams))
                                     or ((has_filing or totals_told or bullet) and role.reason in _NEW_ENTRIES)):
            out.append(Mention(kind="approval_batch", rule=f"batch.{role.reason}", snippet=s.raw,
                               batch=role.batch, count=count.value, count_qualifier=count.qualifier, date=date,
                               jurisdiction=(role.locality or local_place or s.nearest_jurisdiction(count.start, count.end)
                                             or "CN"),
                               companies=tuple(c.name for c in companies)))
    batch = ordinals[0].value if len(ordinals) == 1 else None
    for c in companies:
        out.append(Mention(kind="company_approval", rule=c.rule, snippet=s.raw, company=c.name, model=c.model,
                           company_known=c.known, batch=batch, date=date))
    return out


_NATIONAL = re.compile(r"全国|国家|national|nationwide|china|country")
# Batch cues strong enough without an approval verb: "the update carried sixty-four new entries",
# "the August list added 124 filed services".
_NEW_ENTRIES = frozenset({"more", "batch_lead", "this_time", "batch_after"})
# "Beijing supplies five of them: Baidu, ByteDance, ...", "业者分别为：A、B、C": a list after a colon (not a
# speaker's "A:" or "Q:").
# "listed the capital's achievements of the past year: ByteDance's Doubao model catching up with …": a list of
# feats, not of filers
_NOT_A_FILING_LIST = re.compile(r"\b(?:achievements?|highlights?|breakthroughs?|milestones?|successes)\b[^:：]{0,30}[:：]|"
                                r"(?:成就|成果|亮点|突破)[^:：]{0,12}[:：]")
_COLON_LIST = re.compile(r"^.{4,80}?[:：]\s?[^,，、;；]{1,40}[,，、][^,，、;；]{1,40}?(?:[,，、和及与]|\sand\s)")
_TABLE_ROW = re.compile(r"^\s*(?:[A-Z][a-z]{2,8}\.? (?:\d{1,2}, )?(?:19|20)\d\d|(?:19|20)\d\d(?:年\d{1,2}月(?:\d{1,2}日)?|-\d\d(?:-\d\d)?))"
                        r"\s*[—–:：|-]\s*(?P<n>\d{1,3}(?:,\d{3})+|\d{2,6})(?:款|个)?"
                        r"\s*(?:\(|（|$|[,;，；。]|\.(?:\s|$)|(?P<noun>(?:filed|registered)?\s?(?:generative ai )?(?:services|models|entries)\b))")
# "December 31, 2025: 748, after 446 additions", "June 29, 2026: 598 registered apps": a timeline line


# The regulator or a filed product in the sentence says which approval it is, with no AI word
# ("Tencent's Hunyuan and iFlytek's SparkDesk completed filing with the CAC last week")
AI_REGULATOR = re.compile(r"c(?<=\bc)ac\b|cyberspace|网信")  # (\b read back after the "c": the engine scans for c and 网)


def colon_list(text: str, name_starts: list[int]) -> bool:
    """"Three Shanghai-based institutions: SenseTime (...), MiniMax (...), and ...": two known names or more
    in a list after a colon near the start."""
    colon = max(text.find(":", 0, 80), text.find("：", 0, 80))
    return colon >= 0 and sum(start > colon for start in name_starts) >= 2 and _COLON_LIST.search(text) is not None


# "They include the Tiangong model from Kunlun Tech, ...": a list that points back at the services just counted
_PRONOUN_FIRSTS = ("T", "它", "这", "其")  # the first character of every match below
_PRONOUN_LIST = re.compile(r"^(?:They|These|Those|The others?|The rest)\s(?:include|included|are|were|comprise)\b"
                           r"|^(?:它们|这些|其余)(?:包括|是|分别是|分别为)")
# Opened to the public without a launch word: "百度文心一言、商汤商量等率先宣布面向公众开放"
_OPENED_TO_PUBLIC = re.compile(r"(?=[面向oa])(?:面向(?:公众|全民|社会)开放|向(?:公众|全民|社会)开放|\bopen(?:ed)? (?:up )?to the (?:general )?public\b|"
                              r"\bavailable to (?:everyone|all users|the public)\b)")
# (The leading look-ahead names every character a match can start with: most positions fail at one test.)
_PUBLIC_ROLLOUT = re.compile(r"(?=[tpfa向面正对])(?:\bto the (?:general )?(?:public|masses)\b|\bpublicly\b|\bpublic launch|\bfor public use\b|"
                             r"\bavailable to (?:the public|all users|consumers)\b|向公众|面向公众|正式上线|对外开放|向社会开放)")


def opened_to_public(folded: str) -> bool:
    """"率先宣布面向公众开放", "opened to the public" (substring tests first: most sentences say neither)."""
    return (("开放" in folded or "public" in folded or "available" in folded)
            and _OPENED_TO_PUBLIC.search(folded) is not None)


def table_row(text: str) -> re.Match[str] | None:
    if "20" not in text and "19" not in text:
        return None  # every row holds a year, 19xx or 20xx (a substring test before the pattern)
    return _TABLE_ROW.match(text)


_THEIR_LAUNCH = re.compile(r"\b(?:launched|released|rolled out|opened) (?:their|its) (?:ai |own )?"
                           r"(?:chatbots?|bots?|models?|services?|apps?|assistants?)\b")


def _launch_told(s: Sentence) -> bool:
    """A launch word outside a negated clause: "a start-up that has yet to release a product" launches nothing."""
    if "launch" not in s.families:
        return False
    negated = {s.clause_index(h.start) for h in s.of("negation")}
    return any(s.clause_index(h.start) not in negated for h in s.of("launch"))


def is_bullet(text: str) -> bool:
    return _BULLET.match(text) is not None or ("|" in text and _PIPE_ROW.match(text) is not None)


_BULLET = re.compile(r"^\s*(?:[-•·*▪►]|\d{1,2}[.)])\s")
# "Tesla | customer-service bot | November 2025": a row of a table of filers, the filer in its first cell
_PIPE_ROW = re.compile(r"^\s*\|?\s*([^|\n]{2,60}?)\s*\|[^|\n]+\|")
# "like Google and Meta", "such as ...", "如": examples, not the approved list, unless an approval word stands by
_WEAK_LISTS = frozenset({"like", "such as", "如"})
_QUESTION_MARKS = ("?", "？")  # ending the sentence, white space aside (was the pattern [?？]\s*$, searched)
_ITEM = re.compile(r"[^,，、;；|/]+")


_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")


def _is_keyword_spam(s: Sentence) -> bool:
    """A line of search terms or tags: "Top searches: Baidu Ernie approved, Alibaba Qwen approved, ..."
    or "关键词：备案 网信办 百度 阿里": names and approval words with no sentence around them."""
    if any(h.start <= 2 for h in s.of("spam_marker")):
        return True
    if len(s.aliases) < 3 or len(s.of("approval")) < 4:
        return False  # (four items with an approval word need four approval hits)
    items = [(m.start(), m.end()) for m in _ITEM.finditer(s.folded)]
    with_approval = {i for h in s.of("approval") for i, (a, b) in enumerate(items) if a <= h.start < b}
    # a tag is a few words: 40 characters of English, 16 of Chinese (a 30-character Chinese clause is reporting:
    # "网络文学平台中文在线的“中文逍遥”大模型于2024年5月13日完成备案")
    limit = 16 if _CJK_CHAR.search(s.folded) else 40
    short = [b - a for a, b in items if b - a <= limit]
    return len(with_approval) >= 4 and len(with_approval) * 5 >= len(items) * 3 and len(short) * 4 >= len(items) * 3
