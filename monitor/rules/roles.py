"""The role of each count in an approval sentence: a new batch, a running total, a local count, or none.

Reporting writes the same number shape for different facts: "approved 14 more models" (a batch),
"bringing the number of filed services to 252" (a total), "Beijing now has 105" (a local count),
"five of the eight" (a sub-count), "79 models were launched" (not an approval), "would pass 500"
(a projection). A count is read only when it is attached to what was approved: a count noun follows
it ("14 large language models", "99款", "11 firms"), or a total or batch cue leads to it ("to 538",
"past 40", "达346款", "a first batch of eight", "fourteen more"). Its role then comes from the cue
nearest to it inside its own clause, looking back first and then ahead; with no cue, from the verb
("have completed" reads as a total, "were cleared" as a batch; a Chinese headline count with no
batch word is a total).
"""

from __future__ import annotations

import datetime as dt
import re
import re._constants as _sre  # (the parser's opcodes, for _Ending)
import re._parser as _sre_parser
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator

from monitor.records import Registry
from monitor.rules.dates import bare_month_end, find_date, month_end
from monitor.rules.numbers import NOUN_PHRASE_ENDS, NUMBER_WORD_FAMILY, Count, NumberPatterns, Ordinal
from monitor.rules.sentence import SEMICOLON, Sentence
from monitor.rules.terms import fold

if TYPE_CHECKING:
    from monitor.rules.ruleset import CountNouns

BATCH, TOTAL, LOCAL = "batch", "total", "local"


class _Gated:
    """A pattern every match of which holds one of ``words``: a text without any of them is not searched (a few
    substring tests cost a fraction of a search that tries the pattern at every position of a sentence)."""

    def __init__(self, regex: str, words: tuple[str, ...]) -> None:
        self.pattern = regex
        self._regex = re.compile(regex)
        self._words = words

    def _may_match(self, text: str) -> bool:
        for word in self._words:
            if word in text:
                return True
        return False

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self._regex.search(text, pos, endpos) if self._may_match(text) else None

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        return self._regex.finditer(text, pos, endpos) if self._may_match(text) else iter(())


class _Ending:
    """A pattern whose every match ends the text ($ closes each alternative) and is at most ``width`` characters
    long, both read from the pattern itself: searched for over the text's last ``width`` characters only, where
    a search of the whole head before a count tried the pattern at each of its positions. (Its \\b and
    look-behinds still see the characters before; $ may also match before a final line break, hence one more.)"""

    def __init__(self, regex: str) -> None:
        self.pattern = regex
        self._regex = re.compile(regex)
        parsed = _sre_parser.parse(regex)
        if not _ends_text(parsed):
            raise ValueError(f"not every match of {regex!r} ends the text")
        self._back = parsed.getwidth()[1] + 1

    def search(self, text: str) -> re.Match[str] | None:
        return self._regex.search(text, max(0, len(text) - self._back))


def _ends_text(parsed: _sre_parser.SubPattern) -> bool:
    """Whether every match of a parsed pattern ends with $ (each alternative's, each group's last item)."""
    if not parsed.data:
        return False
    op, av = parsed.data[-1]
    if op is _sre.AT:
        return av is _sre.AT_END
    if op is _sre.BRANCH:
        return all(_ends_text(branch) for branch in av[1])
    if op is _sre.SUBPATTERN:
        return _ends_text(av[-1])
    return False


class _Lead:
    """Phrases that end the text before a count, compared word by word from the end (a dictionary look-up
    per length, where an anchored regex alternation was tried at every position: a quarter of a count's
    cost). Filler words may stand between the phrase and the count ("added another 14", "than the 302")."""

    def __init__(self, english: str, chinese: str = "", fillers: str = "", exclude: str = "") -> None:
        self._phrases = {tuple(p.split()) for p in english.split("|") if p}
        self._lengths = sorted({len(p) for p in self._phrases}, reverse=True)
        self._chinese = tuple(p for p in chinese.split("|") if p)
        self._fillers = [tuple(f.split()) for f in sorted(fillers.split("|"), key=len, reverse=True) if f]
        self._exclude = {tuple(p.split()) for p in exclude.split("|") if p}
        # Only a phrase or filler ending with the text's last word can match: a dictionary look-up on that word
        # rejects most heads before any tuple is built (fillers keep their order, longest first).
        self._last_words = {p[-1] for p in self._phrases}
        self._fillers_by_last: dict[str, list[tuple[str, ...]]] = {}
        for filler in self._fillers:
            self._fillers_by_last.setdefault(filler[-1], []).append(filler)

    def ends(self, head: str) -> bool:
        text = head.rstrip()
        if self._chinese and text.endswith(self._chinese):
            return True
        words = text[-80:].split()
        stripped = True
        while stripped and words:
            stripped = False
            for filler in self._fillers_by_last.get(words[-1], ()):
                if len(words) > len(filler) and tuple(words[-len(filler):]) == filler:
                    del words[-len(filler):]
                    stripped = True
                    break
        if not words or words[-1] not in self._last_words:
            return False
        for n in self._lengths:
            tail = tuple(words[-n:])
            if len(tail) == n and tail in self._phrases:
                return not any(tuple(words[-len(x):]) == x for x in self._exclude if len(words) >= len(x))
        return False


# Up to four words between a count and its noun ("14 generative artificial intelligence models"), none a
# word that ends the noun phrase ("14 of the", "389 billion parameters", "two years").
_NOUN_GAP = re.compile(rf"^(?:[\s-]+(?!(?:{'|'.join(sorted(NOUN_PHRASE_ENDS))})\b)[a-z0-9.'’()-]+){{0,4}}[\s-]?$")
_ZH_CLASSIFIER = re.compile(r"^[余多]?(?:款|个|家|项|件)")
_MORE_AFTER = re.compile(r"^\s(?:more|new|newly|additional|further)\b")
# "a 192-service increase since March": a period's growth, neither a batch nor the total
_INCREASE_AFTER = re.compile(r"^-?\s?(?:[a-z-]+\s)?(?:increase|rise|jump|gain)s?\b")
_ADDED_AFTER = re.compile(r"^\s(?:added|were added|newly filed|new filings|new entries|additions|newcomers|new additions)\b"
                          r"|^\s(?:of them|of which)\s(?:(?:are|were)\s)?(?:new|newly)\b"  # "611 in total, 73 of them new"
                          r"|^\s(?:[a-z-]+\s){1,2}(?:that were |which were )?added\s(?:in|during|between|over|since|on)\b")
_BATCH_AFTER = re.compile(r"^\s(?:in|of|from)\s(?:the|this|its|that)\s(?:[a-z]+\s){0,2}(?:batch|round|tranche|group|list)")
_TOTAL_AFTER = re.compile(r"^[^,;:.]{0,50}?\b(?:so far|to date|in total|altogether|in all|cumulatively)\b")
_PERFECT_AFTER = re.compile(r"^[^,;:]{0,70}?\b(?:have|has|had)\s(?:now\s|so far\s|already\s|by now\s)?"
                            r"(?:completed|been|passed|filed|registered|cleared|obtained|gone through|got through|done so)\b")
_ZH_PERFECT_AFTER = re.compile(r"^[\u4e00-\u9fffA-Za-z]{0,14}?(?:已|已经)")
_SUBCOUNT_AFTER = re.compile(r"^\s(?:of|out of)\s(?:the|them|these|those|which|its)\b|^\s(?:other|others)\b")
# Substrings every match of the pattern after them holds (tested first: most texts hold none, and are not searched)
_SUBCOUNT_WORDS = ("other", "remaining", "占", "包括")
_SUBCOUNT_BEFORE = re.compile(r"(?:\bthe other|\bthe remaining|\bremaining|\bother|占|包括)\s?$")
# "of which", "其中", "从地区看": every count after it in the sentence is a part of the one before ("从全国看" is the
# whole, not a part).
# (The leading look-aheads name every character a match can start with: most positions fail at one test.)
_PARTS = _Gated(r"(?=[其oa从型务品用])"
                r"(?:(?<!在)其中|\bof which\b|\bof them\b|\bamong them\b|从(?!全国|整体|总体|全网)[\u4e00-\u9fff]{1,8}看|[型务品用]中[，,]?[\u4e00-\u9fff]{0,8}$)",
                ("中", "从", "of which", "of them", "among them"))
_PART_GAP_EN = re.compile(r"^,?\s?(?:[a-z-]+\s){0,3}$")
_ZH_NOUN_NEXT = re.compile(r"^(?:[，。、；,;\s]|$|完成|通过|获|已|在|于|为|的|大模型|模型|生成式|人工智能|服务|应用|产品|企业|公司|算法)")
# A year's frame, said outright or by a year-end date: "截至2024年12月31日，共有302款……其中新增备案服务238款" is
# the year's 238, not the last list's.
_YEAR_FRAME = re.compile(r"年度|全年|过去一年|一年来|12月31日|年底|年末|\bthe whole year\b|\bfor the year\b|\bin the year\b|"
                         r"\bdecember 31\b|\b31 december\b|\bdec\. 31\b|\byear-end\b|\bend of (?:the year|20\d\d)\b")
_ORDINAL_CLAUSE = re.compile(r"^\s*(?:and\s)?the\s([a-z]+)\s*[,，]\s*$")
# A cue that leads straight to the count: "to 538", "past 40", "at 11", "达346款", "突破200款".
_FIGURE_WAS = "|".join([*(f"the {noun} {verb}" for noun in ("figure", "number", "count", "tally", "total")
                          for verb in ("was", "is", "stood at", "stands at", "had been", "reached")),
                        *(f"the {n} {noun} {verb}" for n in ("two", "three") for noun in ("figures", "numbers", "totals")
                          for verb in ("were", "are"))])
_TOTAL_LEAD = _Lead(
    _FIGURE_WAS + "|pass|passes|passing|tops|crosses|crossed|counts|now counts|numbers|past|passed|reached|reach|topped|"
    "surpassed|exceeded|hit|at|become|became|closed at|showing|showed|shows|lists|listed|counted|compares with|"
    "now number|now numbers|now total|now totals|"
    "compared with|had|has|have|total|now|now has|stood at|stands at|tally of|count of|number of",
    chinese="达|达到|突破|已达|已有|升至|增至|增加到|增长到|扩容至|扩容到|扩至|为|数字是|总数是|数量是|总量是")
_BATCH_FILLERS = "another|a further|an additional|a total of|roughly|about|around|some|nearly|more than|over|just|only"
_BATCH_NOUNS_OF = "batch of|round of|tranche of|group of|wave of|set of"
_BATCH_ZH = "新增|又有|再有|本批|该批|这批|新一批|一批"
_BATCH_LEAD = _Lead(_BATCH_NOUNS_OF + "|list of|added|adds|adding|approved|cleared|approves|clears|greenlit|green-lit",
                    chinese=_BATCH_ZH, fillers=_BATCH_FILLERS)
_BATCH_NOUN_LEAD = _Lead(_BATCH_NOUNS_OF, chinese=_BATCH_ZH, fillers=_BATCH_FILLERS)
_BATCHES_AFTER = re.compile(r"^\s(?:more\s|new\s|additional\s|further\s|earlier\s|previous\s)?"
                            r"(?:batches|rounds|tranches|lists|groups|sets|updates)\b|^[余多]?批")
# "to N" is a total only after a word of growth or count ("bringing the number ... to 252"), not after an
# approval ("gives nod to 14 models").
_TO_TOTAL = re.compile(r"\b(?:bring\w*|brought|tak\w+|took|lift\w*|rais\w+|push\w*|number|total|tally|count|register|"
                       r"registry|list|ros\w+|risen|gr[eo]w\w*|increas\w+|climb\w*|jump\w*|swell\w*|expand\w*)\b"
                       r"[^,;]{0,60}\bto\s?$")
# A count's own qualifier, ending the text before it (the same words as numbers.qualifiers, and a few more).
_QUALIFIERS_EN = ("more than", "over", "above", "about", "around", "nearly", "almost", "roughly", "at least", "some",
                  "just over", "just under", "upwards of", "in excess of", "close to", "no fewer than", "no less than")
_QUALIFIERS_ZH = ("超过", "逾", "近", "约", "大约", "将近", "接近", "至少", "不少于")
_QUALIFIER_ENDS = _QUALIFIERS_EN + _QUALIFIERS_ZH
# (The leading look-ahead names every character a match can start with: most positions fail at one test.)
_QUALIFIER_TAIL = re.compile(rf"(?=[\smoanrsjuic超逾近约大将接至不])(?:(?:\s|^)(?:{'|'.join(_QUALIFIERS_EN)})$"
                             rf"|(?:{'|'.join(_QUALIFIERS_ZH)})$)")


def _may_hold(text: str, words: tuple[str, ...]) -> bool:
    for word in words:
        if word in text:
            return True
    return False


def _strip_qualifier(head: str) -> str:
    """The text before a count without the count's own qualifier: "stands at more than " -> "stands at "
    (the qualifier is the count's, read by numbers.py; the cues before it decide the role)."""
    stripped = head.rstrip()
    if not stripped.endswith(_QUALIFIER_ENDS):
        return head  # most heads: every match ends the text with one of the words
    # Every match ends the text and is at most 14 characters long: searched for over the last 40 characters
    # only (what .sub found over the whole head), since heads run to 90.
    m = _QUALIFIER_TAIL.search(stripped, max(0, len(stripped) - 40))
    return stripped[:m.start()] + " " if m is not None else head


_PAST_ENDS = ("above", "past", "beyond", "over", "through")


def _to_total(head: str, ends: tuple[str, ...] = ("to",)) -> bool:
    """"bringing the number ... to 252", "taking the number ... above 200" (``head``: the text before the
    count, its clause or wider)."""
    head = head.rstrip()
    if not head.endswith(ends):  # the cheap test first
        return False
    if ends != ("to",):
        head = head[:head.rfind(" ") + 1].rstrip() + " to"  # read "above 200" as "to 200" for the pattern
    return _TO_TOTAL.search(head[-90:] + " ") is not None


_AMONG_BEFORE = re.compile(r"\bamong\s(?:the\s)?(?:first\s)?$")
# "grew from eight services to nearly a thousand": the starting point of a growth, no fact of its own
# (Here and below, "x(?<=\bx)..." is "\bx...": a pattern whose every alternative opens with a letter is scanned for
# those letters, where one opening with \b or a look-ahead is tried at every position, ~3.5x the cost per character.)
_FROM_START = re.compile(r"(?:g(?<=\bg)r[eo]w\w*|r(?<=\br)os[ei]n?|r(?<=\br)ising|w(?<=\bw)ent|c(?<=\bc)limb\w*"
                         r"|i(?<=\bi)ncreas\w+|e(?<=\be)xpand\w*|j(?<=\bj)ump\w*|s(?<=\bs)well\w*|s(?<=\bs)urg\w*)"
                         r"\s(?:[a-z]+\s){0,2}from\s?$")
# "The Beijing start-up has three entries this time": a company's own count
# "a group of 20 security experts", "45 approved titles", "255 deep-synthesis algorithms": counts of other things
_OTHER_NOUN_AFTER = re.compile(r"^\s(?:[a-z-]+\s)?(?:experts|researchers|scientists|officials|lawmakers|engineers|analysts|"
                               r"journalists|students|countries|nations|titles|games|algorithms|patents|papers|cities|"
                               r"provinces|deals|contracts|cases|complaints)\b|^[余多]?(?:项|个)算法")
# "14 LLMs from 13 enterprises": the number of companies behind the batch
_FROM_BEFORE = _Ending(r"\bfrom\s$|来自$")
_COMPANIES_AFTER = re.compile(r"^\s(?:[a-z-]+\s)?(?:enterprises|companies|firms|developers|organi[sz]ations|institutions)\b"
                              r"|^[余多]?家")
_SUM_AFTER = re.compile(r"^[^,;:.]{0,30}?\b(?:in all|in total|altogether)\b")
# "from 435 at the start of the year to 731": a starting point with a date is the total on that date
_DATED_AFTER = re.compile(r"^\s(?:at the (?:start|end|beginning|close) of|in (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|"
                          r"by (?:the end of|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|as of|in (?:19|20)\d\d)")
_FOR_TOTAL_BEFORE = re.compile(r"\b(?:for|to|making|bringing (?:it|the total) to) a total of\s?$|\bfor a total\s?$")
_OWN_COUNT_BEFORE = re.compile(r"(?:s(?<=\bs)tart-?up|c(?<=\bc)ompany|f(?<=\bf)irm|g(?<=\bg)roup|d(?<=\bd)eveloper"
                               r"|m(?<=\bm)aker|l(?<=\bl)ab|i(?<=\bi)t|t(?<=\bt)he carmaker|t(?<=\bt)he bank)\s"
                               r"(?:now\s|also\s)?(?:has|had|got|gets|won|secured|filed)\s$")
_ATTRIBUTIVE_AFTER = re.compile(r"^\s(?:filed|registered)\s(?:[a-z-]+\s){0,2}(?:models?|services?|apps?|applications?|"
                                r"products?|features?|tools?|assistants?)\b")
# "was not part of the first round of eight services cleared": the subject is left out, the round happened
_MEMBERSHIP_NEGATED = re.compile(r"\s(?:part of|among|included in|in|on) the\b")
_ASIDE = re.compile(r"[,，]?\s?(?:including|such as|among them|like|包括|如)\b")
_ZH_SAME_DAY = re.compile(r"当天|当日|同日|当周")
# A count told as what has accumulated: "so far", "to date", or spread over several lists.
_SO_FAR = _Gated(r"s(?<=\bs)o far\b|t(?<=\bt)o date\b|t(?<=\bt)hus far\b|u(?<=\bu)p to now\b|u(?<=\bu)ntil now\b"
                 r"|迄今|至今|到目前为止",
                 ("so far", "to date", "thus far", "up to now", "until now", "迄今", "至今", "到目前为止"))
_IN_ROUNDS_AFTER = re.compile(r"^\s(?:[a-z-]+\s){0,3}(?:in|across|over)\s(?:the\s)?(?:two|three|four|five|six|seven|eight|"
                              r"nine|ten|\d+|several|multiple|successive)\s(?:batches|rounds|tranches|lists|updates)\b")
# The list itself released ("The latest list, released on Tuesday, adds 72"; "名单发布"): a publication, not
# the launch of the counted models.
_LIST_PUBLISHED = re.compile(r"\b(?:list|update|register|registry|figures|data|statistics)[,，]?\s(?:which was\s|that was\s|was\s|"
                             r"were\s)?$|(?:名单|清单|数据|信息)$"
                             # "up from 538 in the previous release": a release of the list, not of a product
                             r"|\b(?:the|its|this|that)\s(?:previous|prior|last|latest|most recent|new|next|same|earlier)\s$")
_DONE_SO = re.compile(r"^\s(?:[a-z-]+\s){0,4}(?:had|have|has)\s(?:now\s|already\s)?done so\b")
_FIRST_BEFORE = _Ending(r"\bfirst\s$")
# "748 services had completed filing and 435 had been registered": the second count's noun is the first's
_ELIDED_NOUN_VERB = re.compile(r"^\s(?:had|have|has|were)\s(?:been\s|now\s|also\s)?(?:registered|filed|approved|cleared)\b")
_FIRST_N_BEFORE = re.compile(r"\bthe first\s$|首批$")
# (Every alternative opens with a letter, \b read back from after it: the engine scans for the four letters.)
_EITHER_REGISTER = re.compile(r"备案(?:或者|或|和|及|与|/|、)登记|登记(?:或者|或|和|及|与|/|、)备案|"
                              r"f(?<=\bf)iled (?:or|and|/) registered\b|r(?<=\br)egistered (?:or|and) filed\b")
_BOTH_SUMMED = re.compile(r"\b(?:totaling|totalling|totaled|totalled|combined|together|a combined|in all)\s(?:of\s)?$"
                          r"|合计|加起来|总共")


def _told_both_registers(s: Sentence, roles: list[Role]) -> bool:
    """The sentence already gave a filed and a registered figure (the count after them sums both)."""
    registries = {_registry(s, r.count) for r in roles}
    return "filed" in registries and "registered" in registries


_FIRST_LISTED = re.compile(r"首次|首度|首设|首份名单|\bfor the first time\b|\bfirst[- ]ever\b|\bfirst list\b")
_MONTH_BEFORE = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s$")
_RECAP_BEFORE = _Lead("up from|compared with|compares with|compared to|against|than|out of", chinese="与|和|比|较",
                      fillers="the|about|around|roughly|just|only", exclude="more than|less than|fewer than|rather than")
_ZH_RECAP_AFTER = re.compile(r"^[余多]?(?:款|个|家|项)?(?:相比|相较|比|[\u4e00-\u9fff]{0,4}?(?:作比较|作对比|相比|相较))")
# A total right after a place's own group, told as where that group brings the count: the same place's total
_LOCAL_RUNNING_ON = re.compile(r"使得累计|累计|bringing (?:its|the city's|the province's|the) (?:total|tally|cumulative)")
# The list just published, told before a place's count ("最新公布的…信息中", "这次", "in the latest update")
_THIS_TIME_ZH = re.compile(r"这次|本期|此次|这一期")  # (said of the list: a group of it, wherever it is told)
_THIS_LIST = re.compile(_THIS_TIME_ZH.pattern + r"|最新(?:公布|发布|一期|一批)|\b(?:latest|newest|new) (?:list|update|round)\b"
                        r"|\bthis time\b")
_NATIONAL = re.compile(r"nationally|nationwide|national|全国|全网|china's|in china")
_LOCAL_LINK = re.compile(r"^(?:\s?(?:now|alone|itself|currently|already|city|municipality|province|'s|’s)\s?)*"
                         r"(?:\s(?:has|had|have|accounts? for|accounted for|is home to|hosts|counts|counted|lists|listed|leads with|ranks first with)\b"
                         r"|\s(?:to|above|past|beyond|over)\s?$"  # "the number of filed models in the city above 200"
                         r"|’s\b|'s\b|以|占|已有|有|已备案|共有|共|累计|的)")
_OF_PERIOD_WORDS = ("year", "month", "20")
_OF_PERIOD = re.compile(r"^\s(?:of|in|for)\s(?:the|this)\s(?:year|month)|^\s(?:of|in|for)\s20\d\d|^\s(?:this|last)\s(?:year|month)"
                        r"|^[^,.;]{0,80}?\b(?:for|of|in) (?:this|the) year\b")
_THIS_BATCH = re.compile(r"(?=[这本该此t])(?:这一?批|本批|该批|此批|\bthis (?:batch|round|tranche|group)|\bthe (?:batch|round|tranche)\b)")
_NOT_COUNTED = re.compile(r"^\s?(?:million|billion|thousand|trillion|users?|people|votes?|yuan|dollars?|employees|"
                          r"staff|positions|accounts|parameters|vehicles|cars|亿|万|元|人|名|辆|次|倍|个?月|日|年|天|周|小时)"
                          r"|^[余多]?款?另计|^\s?[-–~至到]\s?\d{1,2}\s?(?:个?月|日|年)"  # "3-4月", "端侧专区的7款另计" (counted apart from the total)
                          r"|^[余多]?项")  # "累计已超过3400项": algorithms, standards and rules are counted in 项, filed services never
_TOTAL_LATER = re.compile(r"(?=[btplr累总])(?:\b(?:bring|bringing|brings|brought|taking|takes|took|pushing|pushed|lifting|lifted|raising|"
                          r"raised)\b[^.;]{0,60}\b(?:to|past|above)\b|累计|总数)")
_THIS_TIME = re.compile(r"^[^,;.]{0,60}?\b(?:this time|this round|in this round|in the latest round|in this batch|"
                        r"in this update|in the update|in the latest update|"
                        # "Six large models from Jiangsu made it into the latest national list"
                        r"(?:made it|got|went) (?:into|onto|on) the (?:latest|newest|new|most recent) (?:[a-z-]+ )?list)\b")
_ON_REGISTER = re.compile(r"^[^,;]{0,50}?\bon (?:its|the|china's) (?:[a-z-]+ ){0,3}(?:register|registry|list)\b")
_PERIOD_RANGE = _Gated(r"(?=[\d一二三四五六七八九十月两同ibo])(?:\d{1,2}月?(?:上旬|中旬|下旬|初|底|末)?至\d{1,2}月|[一二三四五六七八九十]{1,2}月至|月间|两个月|同期|"
                       r"\b(?:in|over) the (?:two|past two|last two) months\b|\bbetween (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* and\b)",
                       ("月", "同期", "months", "between "))
# "48 services completed the filing in January and February": the list's two months, told in the count's own clause
# (not "137 services completed filing in November and December, taking the register to 748")
_MONTH_PAIR = _Gated(r"\b(?:in|during|over) (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* and "
                     r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b",
                     tuple(f"{m} and " for m in ("january", "february", "march", "april", "may", "june", "july", "august",
                                                  "september", "october", "november", "december")))
_MILESTONE_AFTER = re.compile(r"^[余多]?款?(?:关卡|关口|大关)|^\s(?:mark|milestone|threshold)\b")
_PERIOD_WORDS = ("20", "year", "全年", "今年以来", "months")
_PERIOD_AFTER = re.compile(r"^[^,;]{0,60}?\b(?:(?:in|during) (?:the whole of |all of )?20\d\d(?! list| update)|so far this year|"
                           r"year to date|during the year|"
                           # "China approves 40 models in six months": the months' sum, no one list (two months are one
                           # list's: "48 services were filed over the past two months")
                           r"(?:in|within|over) (?:the (?:first |past |last )?)?(?:three|four|five|six|seven|eight|nine|ten|"
                           r"eleven|twelve|[3-9]|1[0-2]) months(?! to)(?! ending)(?! of))\b"  # (not "the first three months of the year": a quarter's list)
                           r"|^[^，；]{0,12}?(?:全年|今年以来)")
_THIS_TIME_BEFORE = _Ending(r"(?:本次|此次|本期|这次|本轮)[\u4e00-\u9fff]{0,6}$")
_AS_OF_WORDS = ("截至", "截止", "as of", "as at", "the end of")
_AS_OF = _Gated(r"(?=[截ab])(?:截至|截止|\bas of\b|\bas at\b|\bby the end of\b|\bat the end of\b)", _AS_OF_WORDS)
_AS_OF_REGISTERED = _Gated(r"(?=[ba截])(?:\bby the (?:end of|same date)\b|\bas of\b|截至)",
                           ("by the end of", "by the same date", "as of", "截至"))
_PERFECT_BEFORE = _Ending(r"\b(?:has|have|had)\s(?:now\s|so far\s|already\s)?(?:completed|filed|registered|approved|cleared)\b[^,;]{0,40}$")
_ZH_ATTRIBUTIVE = _Ending(r"(?:完成备案|完成登记|已备案|已登记|获批)的[\u4e00-\u9fffA-Za-z]{0,16}(?:是|有|为|达|共)\s?$")
_CONSOLIDATED_LISTS = dt.date(2024, 4, 1)
# The first registrations (登记) of apps built on filed models the dataset holds are of late April 2024
_REGISTRATIONS_BEGAN = dt.date(2024, 4, 1)
_SERVICE_ITEMS = re.compile(r"^[余多]?项(?:[\u4e00-\u9fffA-Za-z]{0,10}?)(?:服务|大模型|模型|应用)")
_MODEL_BEFORE = re.compile(r"(?:大模型|模型|服务)\s?$")
_ANAPHORIC_COUNT = re.compile(r"(?:上述|前述|以上|上面|前面)\s?$|\b(?:aforementioned|above-mentioned)\s$")
_WHILE_BEFORE = re.compile(r"\b(?:while|whereas)\s$")
_PRONOUN_COUNT_AFTER = re.compile(r"^\s(?:were|are|was|have|had|all|both|each|also|said|say|says|received|got|won)\b")
_DIFFERENCE = re.compile(r"多出|多了|少了|(?<=年)多$|\bup by\s?$|\bdown by\s?$")
_ZH_NEW_BEFORE = re.compile(r"新(?:增|完成|获批|通过|备案)")  # "两个月内新完成备案的服务达120款", "新增备案为72款"
_ZH_NEW_AFTER = re.compile(r"^[余多]?[款个项]新(?:增)?(?:的[\u4e00-\u9fffA-Za-z]{0,12}?)?(?:备案|登记)")  # "6款新的…完成登记"
_ADD_LEAD = re.compile(r"a(?<=\ba)(?:dded|dds|dding)(?:\s(?:another|a further|an additional|roughly|about|around|some|nearly|"
                       r"more than|over|just|only))*\s?$")
_LABEL_TOTAL = re.compile(r"(?:so far|to date|in total|total|cumulative|累计|总数|合计)[^:：\n]{0,30}[:：]$")
_LABEL_BATCH = re.compile(r"(?:newly|new|added|additions|新增)[^:：\n]{0,30}[:：]$")
_ZH_RECAP_LEAD = re.compile(r"(?:较|相较于?|比起?)[\u4e00-\u9fff\d年月日底末的公布]{0,12}$")
# Commas and semicolons only, not the sentence's clause bounds (Sentence.clause_index), which also cut at
# conjunctions and at spaces between Chinese phrases: the two rules below were measured with this mark, and the
# clause bounds read one held-out headline differently (江苏…98款 登记…90个), so changing it is a rules change of its own
_CLAUSE_MARK = re.compile(r"[，,；;]")
_NOT_A_TALLY_BEFORE = re.compile(r"\b(?:(?:grew|rose|increased|climbed|jumped|expanded)\sby|top)\s$")
_ZH_PREVIOUS_LIST = re.compile(r"(?:上一期|上期|上一批|上批|前一期)的?$")
_ZH_FROM_BEFORE = re.compile(r"(?:由|从)(?:[\u4e00-\u9fff]{1,6}的)?$")
_ZH_RISES_TO = re.compile(r"^[余多]?[款个项]?(?:增至|增加到|增加至|增长到|增长至|升至|上升至|提升至|跃升至|扩大到|扩大至|扩容至|增到)")  # 由538款增至…
_TO_FROM = re.compile(r"t(?<=\bt)o\s[\d,]+(?:\s[a-z]+){0,3}\sfrom\s?$")  # "to 252 from 188": the earlier total
_WIDE_END = re.compile(r"[,;:，；。]")  # a clause's end, parentheses kept inside ("14 models (LLM) for public use last week")
_SUM_LEAD = re.compile(r"\b(?:a total of|in total|altogether)\s?$")
_REGISTER_AFTER = re.compile(r"^\s(?:on the (?:register|registry|list)|filed\b|registered\b)")
_VOTES = _Ending(r"\bvotes?\s(?:to|against)\s$")
_ZH_SUM_BEFORE = _Ending(r"共\s?$")
_ZH_ALREADY_BEFORE = _Ending(r"已\s?$|已经\s?$")
# A capitalised name right before "registered" or "filed" and the count: the subject files its own products
_NAMED_FILER_BEFORE = re.compile(r"(?:^|[,;:]\s|\.\s)((?:[A-Z]|[a-z](?=[A-Z]))[\w.&'’-]*(?:\s[A-Z][\w.&'’-]*){0,3})\s"
                                 r"(?:has\s|have\s|had\s|also\s|now\s)?(?:registered|filed)\s$")
_NOT_FILERS = frozenset({"The", "It", "They", "Regulators", "Authorities", "Officials", "Provinces", "Companies",
                         "Developers", "Firms", "Chinese", "China", "Beijing", "Shanghai"})
_POSSESSIVE_BEFORE = _Ending(r"\b(?:its|their|his|her)\s$|旗下$")
_CJK_ONLY = re.compile(r"[\u4e00-\u9fff]*")
_CJK_SHORT_GAP = re.compile(r"[\u4e00-\u9fff\s]{0,14}")
_SMALL = 2  # a "batch" of one or two is a company's own models ("won clearance for two models")
_EVENT_TIME = re.compile(r"(?=[iloty])(?:\bin the (?:first|past|last) (?:two|three|four|six|\w+) months\b|\blatest (?:list|update|batch|round)\b"
                         r"|\bon (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|\b(?:last|this) week\b"
                         r"|\bon (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d|\byesterday\b|\btoday\b"
                         r"|\b(?:on|in) (?:a single|one) day\b|\bon the same day\b)")
_ZH_FILED_BEFORE = re.compile(r"已(?:完成)?(?:备案|登记)|已有|已达")
_OTHER_PLACE = re.compile(r"\bmore than any other (?:chinese )?(?:city|province|region)|\bthe most of any (?:city|province)|"
                          r"居全国首位|全国第一|位居全国")
_YEAR_MONTH = re.compile(r"((?:19|20)\d\d)\s?年\s?(\d{1,2})\s?月(?!\s?\d)")
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True, slots=True)
class Role:
    count: Count
    kind: str  # BATCH, TOTAL or LOCAL
    reason: str  # the rule name's second part ("total.<reason>")
    batch: int | None = None
    registry: Registry | None = None
    locality: str | None = None
    as_of: dt.date | None = None


def batch_ordinals(s: Sentence, ordinals: list[Ordinal]) -> list[Ordinal]:
    """Ordinals that number a batch: not "the first batch of approvals this year" (the year's first)."""
    out = []
    for o in ordinals:
        after = s.folded[o.end:o.end + 90].split(" batch", 1)[-1].split(" round", 1)[-1]
        if not (_may_hold(after, _OF_PERIOD_WORDS) and _OF_PERIOD.match(after)):
            out.append(o)
    return out


# A few days' or a week's additions, told in the perfect ("have completed filing over the past week"), are a
# batch; a year's are a period's aggregate, and "said this week" dates the report, not the filings.
_RECENT_WINDOW = re.compile(r"\b(?:over|in|during|within) the (?:past|last) (?:week|fortnight|few days|"
                            r"(?:two|three|four|five|six|seven|ten|\d{1,2}) days|two weeks)\b")


def classify_counts(s: Sentence, numbers: NumberPatterns, ordinals: list[Ordinal],
                    doc_ordinal: int | None = None, context_total: bool = False,
                    count_nouns: CountNouns | None = None) -> list[Role]:
    """Roles of the sentence's counts; ``doc_ordinal`` is the batch ordinal the article named last,
    for "这一批共有14款" / "this batch" with no ordinal of its own. ``ordinals`` are those batch_ordinals
    kept (the caller has them already: not filtered a second time here)."""
    folded = s.folded
    verbs = [v for v in s.of("approval", "launch", "filed", "registered")
             if not (v.family == "launch" and _LIST_PUBLISHED.search(folded, max(0, v.start - 24), v.start))]
    word_starts = [h.start for h in s.of(NUMBER_WORD_FAMILY) if numbers.is_number_word(h.term)]
    counts = [c for c in numbers.counts(folded, words=word_starts) if not _is_date_part(folded, c)]
    roles: list[Role] = []
    bare: list[Count] = []  # counts with no noun or cue of their own, for the series pass below
    for count in counts:
        lo, hi = s.clause_span(count.start)
        head, tail = _strip_qualifier(folded[lo:count.start]), folded[count.end:hi]
        if not head.strip() and lo > 0 and folded[lo - 1] in ":：":
            label = folded[max(0, lo - 60):lo]
            if _LABEL_BATCH.search(label) and not _LABEL_TOTAL.search(label):
                roles.append(Role(count, BATCH, "labelled_batch", registry=_registry(s, count)))
                continue  # "Newly filed services, July-August: 99"
            if _LABEL_TOTAL.search(label):
                roles.append(Role(count, TOTAL, "labelled_total", registry=_registry(s, count)))
                continue  # "Registered so far: 26.", "Previous total (June update): 439"
        # "bringing the number ... to more than 40", looked for past the clause (across a colon)
        wider = folded[max(0, count.start - 90):count.start]
        grows_to = _to_total(_strip_qualifier(wider)) or _to_total(wider, _PAST_ENDS)
        if not _attached(s, count, head, tail, grows_to, count_nouns) or _OTHER_NOUN_AFTER.match(tail):
            if _BARE_AFTER.match(tail):
                bare.append(count)
            continue
        if _FROM_BEFORE.search(head) and _COMPANIES_AFTER.match(tail):
            continue
        if _FROM_START.search(head[-40:]) and not _DATED_AFTER.match(tail):
            continue
        if (_SUBCOUNT_AFTER.match(tail) and not _ADDED_AFTER.match(tail)) or (_may_hold(head[-12:], _SUBCOUNT_WORDS) and _SUBCOUNT_BEFORE.search(head[-12:])):
            continue
        if _is_part(folded, count) and (
                not any(lo <= h.start < count.start for h in s.of("increment")) or _YEAR_FRAME.search(folded)):
            continue  # "本期共新增170款，其中93款……", "…共有302款，其中新增备案服务238款" (2024年度): parts of a count
        if _in_period(s, count, ordinals):
            continue  # "so far this year, 75 services", "今年以来新增80个": neither a batch nor the total
        if _owned_by_company(s, count, head):
            continue  # "Huawei's two models", "华为两款大模型": a company's own count
        if _ANAPHORIC_COUNT.search(head[-6:]) or (head.endswith(("the ", "these ", "those ", "all "))
                                                   and _PRONOUN_COUNT_AFTER.match(tail)):
            # "登记不计入上述13款", "the aforementioned 13", "The three were approved on Nov. 1", "All three said
            # their products had received government approval": referred back to
            continue
        if _DIFFERENCE.search(head[-8:]):
            continue  # "本期多出48款", "up by 48": the difference between two lists, not a list
        if _VOTES.search(head) or any(a.start <= count.start and count.end <= a.end for a in s.aliases):
            continue  # "by 523 votes to 46", the 360 of "Qihoo 360"
        if any(lo <= h.start < hi and not _MEMBERSHIP_NEGATED.match(s.folded, h.end) for h in s.of("negation")):
            continue  # "两批次共17款大模型正在备案流程中": pending, not filed
        if any(lo <= h.start < count.start or count.start - 30 <= h.start < count.start for h in s.of("projection")):
            continue  # "would pass 500", "我个人预计，到年底总数会突破七百款"
        if _MILESTONE_AFTER.match(tail):
            continue  # "总数首度站上600款关卡", "the 1,000 mark": a round milestone, not the count
        if _INCREASE_AFTER.match(tail):
            continue
        if _may_hold(tail, _PERIOD_WORDS) and _PERIOD_AFTER.match(tail):
            continue  # "364 services have been filed in 2026 so far": a year's increment, neither fact
        _, after_next = s.clause_span(hi)
        if _ASIDE.match(folded, hi, after_next):
            _, after_next = s.clause_span(after_next)  # "11 firms, including ByteDance and Tencent, had received"
        # "must complete a filing ... before launch, and by June 439 services had done so": "done so" repeats the
        # filing, not the launch between them
        earlier = [v for v in verbs if v.end <= lo and not (v.family == "launch" and _DONE_SO.match(tail))]
        near = ([v for v in verbs if lo <= v.start < hi] or earlier[-1:]
                or [v for v in verbs if hi <= v.start < after_next])
        if not near and (_BATCH_LEAD.ends(head) or _TOTAL_LEAD.ends(head) or _to_total(head)):
            near = verbs  # "The first batch of eight, including ..., was cleared on August 31"
        # Told without an approval word: only about the register itself ("the August update ... had become 188"),
        # not any "As of 2022, China possessed 130 LLMs".
        told_on = not near and context_total and bool(s.of("register_ref", "batch") or ordinals
                                                      or (s.of("total") and (_TOTAL_LEAD.ends(head)
                                                                             or _to_total(head)))
                                                      or _MORE_AFTER.match(tail) or _ADDED_AFTER.match(tail))
        nearest = min(near, key=lambda h: abs(h.start - count.start), default=None)
        if (nearest is not None and nearest.start >= hi
                and any(hi <= h.start < nearest.start for h in s.of("negation"))):
            continue  # "Two more groups, 17 models in all, are going through the filing process": its verb is pending
        if tail.startswith("家") and not any(lo <= v.start < hi for v in verbs if v.family != "launch"):
            continue  # "约170家大模型企业": companies counted for another reason
        if not told_on and (nearest is None or nearest.family == "launch"):
            continue  # "79 large language models were launched" is not an approval
        prev = roles[-1] if roles else None
        if (prev is not None and prev.kind in (BATCH, TOTAL) and _coordinated(s, prev.count, count)
                and not _ADDED_AFTER.match(tail)):  # not "302 filed AI services, 238 of them new"
            kind, reason = prev.kind, "coordinated"  # "adds 64 filed services and 31 registered apps"
        else:
            kind, reason = _role(s, count, head, tail, lo, hi, ordinals, grows_to)
            if (kind == TOTAL and reason == "subject_count" and _WHILE_BEFORE.search(s.folded, max(0, lo - 10), count.start)
                    and any(r.kind == BATCH for r in roles)):
                # "the update added 48 filed services, taking the register to 796, while 46 apps were registered":
                # the same update's other group
                kind, reason = BATCH, "parallel_increment"
        if kind is None:
            continue
        if (kind == BATCH and reason == "subject_in_batch"
                and _ALSO_HAS_BEFORE.search(folded, max(0, count.start - 6), count.start)
                and not any(h.start < count.start for h in s.of("increment"))):
            # "陕西已有5款大模型通过国家备案 另有7款应用完成登记": 另有 tells what else there is, a standing figure (but
            # "本期新增备案137款，另有129款应用完成登记" is the same list's other group)
            kind, reason = TOTAL, "also_has"
        if reason in ("subject_count", "count_with_approval") and _BARE_PAPERWORK.match(tail):
            continue  # "Forty-eight filings and 46 registrations.": counted as filings only with a cue of their own
        if reason == "subject_count" and _NOT_A_TALLY_BEFORE.search(folded, max(0, count.start - 16), count.start):
            continue  # "the ledger grew by 133 entries and now runs to 731": the growth; "Top 10 approved chatbots": a rank
        if told_on and reason in ("count_with_approval", "subject_count", "subject_in_batch", "increment"):
            continue  # with no approval word, only a count with a cue of its own is read
        # ("By the August update that had become 188", "首批名单共有8款大模型")
        if count.value <= _SMALL and not (kind == BATCH and any(lo <= o.start < hi for o in ordinals)):
            continue  # "快手有两款…过关", "one more model": a company's models, never a running total
        locality = _locality(s, count, lo)
        if (locality is None and kind == TOTAL and prev is not None and prev.locality is not None
                and (_ALSO_HAS_BEFORE.search(folded, max(0, count.start - 6), count.start)
                     or (_LOCAL_RUNNING_ON.search(folded, prev.count.end, count.start)
                         and not _NATIONAL.search(folded, prev.count.end, count.start)))):
            # "上海市已有6款新的服务完成登记，使得累计完成登记的服务数量达到74款": the place's own register goes on; and
            # "甘肃已有6款大模型通过国家备案 另有9款应用完成登记": what else the place has, whatever national procedure
            # its first figure went through
            locality = prev.locality
        if kind == TOTAL and ((locality is not None and reason in ("subject_count", "perfect")
                               and _THIS_LIST.search(folded, 0, count.start))
                              or (reason == "subject_count" and (_THIS_TIME_ZH.search(folded, 0, count.start)
                                                                 or head.endswith("等")))):
            # "在国家网信办最新公布的备案信息中，我省有6款服务榜上有名", "江苏这次交出的成绩单是：18款服务完成备案": the
            # place's group of the new list, not its running total; "A、B、C等11款应用完成登记": the group listed
            kind, reason = BATCH, "local_group"
        if locality is not None and kind == TOTAL:
            kind, reason = LOCAL, "local_count"  # a local batch stays a batch, with its place as jurisdiction
        batch = None
        if kind == BATCH:
            batch = (_ordinal_for(count, ordinals, lo, hi, counts) or _ordinal_clause_before(s, lo, numbers)
                     or (1 if _FIRST_BEFORE.search(head) else None)
                     or (_single_after(count, ordinals, counts))
                     or (doc_ordinal if _THIS_BATCH.search(folded) else None))
        registry = _registry(s, count)
        if _EITHER_REGISTER.search(folded, count.end, hi):
            continue  # "554個大模型已備案或登記": filed and registered together, a figure neither register holds
        if (_BOTH_SUMMED.search(folded, max(0, count.start - 16), count.start)
                and _told_both_registers(s, roles)):
            continue  # "538 service filings and 263 application registrations, totaling 801": the two added up
        if (kind == BATCH and not batch and locality is None and registry == "registered"
                and _FIRST_LISTED.search(folded, max([c.end for c in counts if c.end <= count.start], default=0), hi)):
            # The first list to carry registrations ("首次列出26款完成登记的应用", "for the first time, 26 apps
            # were registered") holds every registration there is: the register's total, not a batch.
            kind, reason = TOTAL, "first_registered"
        # A province's own registrations (登记 is provincial) stay local; a province's filed group is how the
        # national lists were first reported ("北京第四批14款", "北京市新增十四款大模型通过备案").
        # Since the national register's consolidated lists (April 2024), a province's or city's own group is its
        # local announcement ("上海新增12项获批服务"), never a national batch.
        local_batch = kind == BATCH and not batch and (
            registry == "registered" or (locality is not None and s.published is not None
                                         and s.published >= _CONSOLIDATED_LISTS)
            # (at any date, a count that is a place's share of the country's: "…24个…占全国近一半")
            or (locality is not None and _SHARE_OF_COUNTRY.search(folded, count.end, count.end + 60) is not None))
        if local_batch and locality is None:
            # "上海市网信办：新增6款生成式人工智能服务完成登记": the office that tells its own registrations is the place
            opener = next((h for h in s.of("locality") if h.end <= count.start
                           and fold(s.text[h.start:h.end]) not in GENERIC_PLACES), None)
            if opener is not None and not _NATIONAL.search(folded, opener.end, count.start):
                locality = s.text[opener.start:opener.end]
        if local_batch and locality is None and registry == "registered" and _registered_in_own_clause(s, count):
            # "a further 49 apps that call filed models were registered": registrations (登记, apps built on
            # filed models, recorded by provincial offices) are no filing batch, and with no place told, no
            # place's either
            continue
        roles.append(Role(count, kind, reason, batch=batch, registry=registry,
                          locality=locality if kind == LOCAL or local_batch else None,
                          as_of=_as_of(s, count, counts) if kind in (TOTAL, LOCAL) else None))
    if len(roles) > 1:
        # "more than 300 large models have completed registrations, and about 200 companies have": beside a
        # count of the services themselves, a count of their makers is neither the batch nor the total
        makers = [r for r in roles if _MAKERS_AFTER.match(folded, r.count.end)]
        if makers and any(_SERVICES_AFTER.match(folded, r.count.end) for r in roles):
            roles = [r for r in roles if r not in makers]
    return roles + _series(s, roles, bare)


_SERVICES_AFTER = re.compile(r"\s?(?:[a-z-]+\s){0,3}?(?:models?|services?|llms?|apps?|applications|products|features|"
                             r"chatbots)\b|[余多]?[款个]")
_MAKERS_AFTER = re.compile(r"\s?(?:[a-z-]+\s)?(?:companies|firms|enterprises|developers|providers|makers)\b|[余多]?家")


# The words two coordinated counts may have between them: "64 filed services and 31 registered apps",
# "达122款 登记31款", "总数为188款，登记仅26款", "新增备案93款、登记77款": the second count shares the first's
# role. Any cue of its own between them (an increment, a total, a period, "after") gives it a role of its own.
_COORDINATED_EN = re.compile(r"^\s(?:[a-z][a-z-]*\s){0,4}?(?:and|&)\s$|^\s(?:[a-z][a-z-]*\s){0,4}?[a-z-]*,\s(?:and\s)?$")
# ("…达796款，登记的应用或功能则有481款": the other register's figure of the same date)
_ALSO_HAS_BEFORE = re.compile(r"(?:另有|此外还有)\s?$")
_COORDINATED_ZH = re.compile(r"^[余多]?[款个项家]?[\u4e00-\u9fff]{0,8}?[，、\s]?(?:和|及|以及)?(?:完成)?(?:登记|备案)"
                             r"(?:[\u4e00-\u9fff]{0,4}?|的[\u4e00-\u9fff]{0,6}?则(?:有|为))$"
                             # "已有5款大模型通过国家备案 另有7款应用完成登记": the other register's figure, told beside it
                             r"|^[余多]?[款个项家]?[\u4e00-\u9fff]{0,10}?(?:登记|备案)[，,；;、\s]?(?:另有|此外还有|还有)$")
_NOT_COORDINATED = re.compile(r"\b(?:total|added|adds|more|new|newly|after|before|to|from|so far|now|including)\b"
                              r"|累计|总数|合计|新增|增至|达到|升至|至此|目前|此前|其中|包括")
_OWN_CUES = frozenset({"increment", "batch", "total", "sum", "period", "negation", "projection", "launch", "membership"})


def _coordinated(s: Sentence, prev: Count, count: Count) -> bool:
    gap = s.folded[prev.end:count.start]
    if (count.qualifier != "exact" or not (_COORDINATED_EN.match(gap) or _COORDINATED_ZH.match(gap))
            or _NOT_COORDINATED.search(gap)):
        return False
    return not any(prev.end <= h.start < count.start and h.family in _OWN_CUES for h in s.hits)


# "By the August update that had become 188, and by November 252", "105 by the end of 2024 and 236 now":
# a total's series goes on with bare numbers, each a total of its own date
_AS_OF_AFTER = re.compile(r"^\s(?:by the end of|at the end of|as of|as at)\s(?:the\s)?(?:(?:19|20)\d\d|[a-z]+\.?\s\d)")
_BARE_AFTER = re.compile(r"^\s?(?:[,.;，。；]|$|\s(?:by|in|at|as of)\s|\s(?:and|now|then|today)\b)")
_SERIES_GAP = re.compile(r"^(?:\s(?:by|at|as of|in)\s[^,;.]{0,25}?)?[^.;:?!]{0,6}?(?:,|\band\b)\s(?:and\s)?(?:(?:by|in|at|as of)\s(?:the\s(?:end|close)\sof\s)?"
                         r"[a-z]+\.?(?:\s\d{1,2})?(?:,?\s(?:19|20)\d\d)?\s)?$")


def _series(s: Sentence, roles: list[Role], bare: list[Count]) -> list[Role]:
    out: list[Role] = []
    totals = sorted((r for r in roles if r.kind == TOTAL), key=lambda r: r.count.start)
    for count in bare:
        before = [r for r in totals + out if r.count.end <= count.start]
        if not before:
            continue
        last = max(before, key=lambda r: r.count.end)
        if count.end - last.count.end > 80 or not _SERIES_GAP.match(s.folded[last.count.end:count.start]):
            continue
        after = s.folded[count.end:count.end + 24]
        when = (s.published if re.match(r"\s(?:now|today)\b", after)
                else find_date(s.folded[last.count.end:count.end + 24], [], {}, s.published))
        out.append(Role(count, TOTAL, "series", registry=last.registry, as_of=when))
    return out


def _is_part(folded: str, count: Count) -> bool:
    """After 其中, "of which" or a breakdown cue: a part of the count before. 其中 reaches to its clause's
    semicolon ("其中2024年新增238款；完成登记的为105款": the 105 is a total of its own); a breakdown by type
    ("已备案模型中文本模型164款……；按研发方式分……") runs on."""
    for m in _PARTS.finditer(folded, 0, count.start):
        gap = folded[m.end():count.start]
        if m.group() == "其中":
            if "；" not in gap and ";" not in gap:
                return True
        elif m.group()[0] in "oa":
            # "of which 93", "Of them, roughly 93": the count follows the cue; not "Baidu among them, bringing
            # the total to 538", where the cue closes a list of names and a clause of its own follows
            if _PART_GAP_EN.match(gap):
                return True
        else:
            return True
    return False


def _is_date_part(folded: str, count: Count) -> bool:
    """"as of March 31", "on Aug. 15": a day of a month, not a count."""
    return count.value <= 31 and bool(_MONTH_BEFORE.search(folded[max(0, count.start - 12):count.start]))  # not "by November 252"


_BARE_PAPERWORK = re.compile(r"^\s(?:filings|registrations)\b")
_A_RATE = re.compile(r"^\s(?:[\w-]+\s){1,3}?(?:a|per|each|every)\s(?:day|week|month|quarter|year)\b"
                     r"(?!\s(?:earlier|ago|before|after|later|on))")  # ("302 services a year earlier": a recap)


def _attached(s: Sentence, count: Count, head: str, tail: str, grows_to: bool,
              count_nouns: CountNouns | None = None) -> bool:
    """Is the count a number of approved things (and not of days, yuan, parameters or batches)?"""
    if _SERVICE_ITEMS.match(tail) or (tail.lstrip("余多").startswith("项") and _MODEL_BEFORE.search(head[-6:])):
        return True  # "新增了12项服务", "全国共备案大模型346项": 项 counting services, not algorithms
    if _NOT_COUNTED.match(tail) or _BATCHES_AFTER.match(tail):
        return False  # "389 billion parameters", "two more batches": not a count of approved services
    if _A_RATE.match(tail):
        return False  # "roughly 35 filings a month": a pace, not a count
    zh = _ZH_CLASSIFIER.match(tail)
    if zh:
        return zh.group().endswith("款") or bool(_ZH_NOUN_NEXT.match(tail[zh.end():]))
    if count_nouns is not None and count_nouns.match(tail):
        return True  # "14 generative AI services", "11 firms"
    for noun in s.of("model"):
        if noun.start >= count.end and noun.start - count.end <= 60:
            if _NOUN_GAP.match(s.folded[count.end:noun.start]):
                return True
        if _CJK.match(noun.term[:1]) and noun.end <= count.start and noun.term != "款":
            gap = s.folded[noun.end:count.start]
            if len(gap) <= 8 and _CJK_ONLY.fullmatch(gap):
                return True  # "大模型已近200个", "备案的服务为N个" is caught by the classifier above
    if _SUM_AFTER.match(tail) and s.of("batch") and any(n.end <= count.start for n in s.of("model")):
        return True  # "approved its fourth batch of generative AI models on Friday, 14 in all": of those models
    if (_BATCH_AFTER.match(tail) or _REGISTER_AFTER.match(tail) or _ADDED_AFTER.match(tail)
            or _AS_OF_AFTER.match(tail) or _ELIDED_NOUN_VERB.match(tail)):
        return True
    return bool(_TOTAL_LEAD.ends(head) or grows_to or _BATCH_LEAD.ends(head)
                or _RECAP_BEFORE.ends(head) or _FOR_TOTAL_BEFORE.search(head[-30:])
                or (head.endswith("from ") and _DATED_AFTER.match(tail))
                or _TO_FROM.search(head) is not None)  # "to 252 from 188": the count of the same things


def _owned_by_company(s: Sentence, count: Count, head: str) -> bool:
    for a in s.aliases:
        if a.kind != "regulation" and 0 <= count.start - a.end <= 4:
            gap = s.folded[a.end:count.start]
            if gap.strip() in ("", "'s", "’s", "的", "旗下", "有"):
                return True
    if ("registered" in head or "filed" in head) and (m := _NAMED_FILER_BEFORE.search(s.text, 0, count.start)):
        # "SoYoung registered three products on the same day": the company's own, not a list of the regulator
        if not any(h.start < m.end(1) and m.start(1) < h.end for h in s.hits
                   if h.family == "locality" or h.family.startswith("jur:")) and m.group(1) not in _NOT_FILERS:
            return True
    return bool(_POSSESSIVE_BEFORE.search(head) or _OWN_COUNT_BEFORE.search(head[-40:]) or head.endswith("系列"))
    # "“天玄”系列三款模型": a company's own series


def _role(s: Sentence, count: Count, head: str, tail: str, lo: int, hi: int,
          ordinals: list[Ordinal], grows_to: bool = False) -> tuple[str | None, str]:
    """(kind, reason): the nearest cue before the count in its clause, then cues after it, then the verb."""
    if (_MORE_AFTER.match(tail) or _ADDED_AFTER.match(tail) or _ZH_NEW_AFTER.match(tail) or _ADD_LEAD.search(head[-40:])
            or _ZH_NEW_BEFORE.search(head)):
        return BATCH, "more"  # "14 more", "72 added", "73款新备案", "adds about fifty AI services", "approved fourteen more"
    if _AS_OF_AFTER.match(tail):
        return TOTAL, "as_of"  # "105 by the end of 2024", "748 as of December 31"
    clause_batch_cue = (any(lo <= h.start < hi for h in s.hits if h.family in ("batch", "increment"))
                        or any(lo <= o.start < hi for o in ordinals))
    if _IN_ROUNDS_AFTER.match(tail) or (_SO_FAR.search(s.folded, lo, hi) and not any(
            lo <= o.start < hi for o in ordinals)):
        return TOTAL, "so_far"  # "So far, China has approved 22 such models", "has approved 117 so far"
    if _AS_OF.search(s.folded, 0, count.start) and not clause_batch_cue and not _MORE_AFTER.match(tail):
        return TOTAL, "as_of"  # "截至2024年12月31日，共有302款…完成备案"
    if _ON_REGISTER.match(tail):
        return TOTAL, "on_register"  # "748 generative AI services on its national filing register"
    if (_ZH_ATTRIBUTIVE.search(head) or "全国" in head) and not clause_batch_cue:
        return TOTAL, "national_count"  # "同期全国完成备案的服务共有748款"
    if "同期" in head[-16:] and _ZH_RECAP_LEAD.search(head[-16:]):
        return TOTAL, "recap"  # "备案总量439款,较2024年同期197款比增长约123%": the year before's total, not a period's group
    if (_PERIOD_RANGE.search(s.folded, 0, hi) or _MONTH_PAIR.search(s.folded, lo, hi)) and not any(
            h.family == "total" for h in s.hits if lo <= h.start < count.start):
        return BATCH, "period_increment"  # "今年3月至4月间，共有72款", "in the two months to April"
    if _THIS_TIME.match(tail) or _THIS_TIME_BEFORE.search(head):
        return BATCH, "this_time"  # "Roughly fifty services were cleared this time", "本次新增"
    if _AS_OF_REGISTERED.search(s.folded) and any(h.family == "increment" for h in s.hits
                                                  if lo <= h.start < count.start) and any(
            count.end <= h.start < hi for h in s.of("registered")) and not _TOTAL_LATER.search(s.folded, hi):
        # "A further 105 apps had been registered by the end of the year"; not when a running total follows
        # ("截至3月14日，北京市又有34款…完成登记，全市累计…达到46款": 34 were added)
        return TOTAL, "registered_by_date"
    wide = s.folded[count.end:_WIDE_END.search(s.folded + ",", count.end).start()]
    if _SUM_LEAD.search(head[-16:]) and (_EVENT_TIME.search(wide) or " recently " in wide):
        return BATCH, "sum_dated"  # "granted approvals to a total of 14 models last week"
    if _ZH_SAME_DAY.search(head):
        return BATCH, "same_day"  # "7月18日当天北京地区共有11款…完成备案": that day's group
    if _FOR_TOTAL_BEFORE.search(head[-30:]):
        return TOTAL, "sum_total"  # "120 added, ..., for a total of 988"
    if _ZH_SUM_BEFORE.search(head):
        return _sum_role(s, ordinals)
    if _ZH_PREVIOUS_LIST.search(head[-12:]):
        return BATCH, "previous_list"  # "较上一期的99款有所回落": the last list's group, not a total
    if (_RECAP_BEFORE.ends(head) or _ZH_RECAP_AFTER.match(tail) or _TO_FROM.search(head)
            or _ZH_RECAP_LEAD.search(head[-16:]) or (_ZH_FROM_BEFORE.search(head[-10:]) and _ZH_RISES_TO.match(tail))):
        return TOTAL, "recap"  # "up from 868", "compared with 117", "与去年底的302款相比", "从年初的302款增至611款"
    if _TOTAL_LEAD.ends(head) or grows_to:
        return TOTAL, "total_lead"
    if head.endswith("from ") and _DATED_AFTER.match(tail):
        return TOTAL, "recap"  # "grew from 435 at the start of the year to 731"
    if _FIRST_N_BEFORE.search(head[-12:]) and count.qualifier == "exact":
        return BATCH, "first_n"  # "let the first eight chatbots go public": the first batch, of eight
    if _AMONG_BEFORE.search(head[-20:]):
        return BATCH, "among"  # "Xiaomi among 14 firms cleared": one of a group of 14
    if _BATCH_NOUN_LEAD.ends(head):
        return BATCH, "batch_lead"  # "a first batch of eight", "新增14款"
    if count.qualifier != "exact" and not clause_batch_cue:
        return TOTAL, "estimate"  # "China approves over 40 AI models": a batch is counted exactly
    if _BATCH_LEAD.ends(head):
        return BATCH, "batch_lead"
    cues = [(h.end, h.family) for h in s.hits
            if lo <= h.start and h.end <= count.start and h.family in ("batch", "increment", "total", "sum")]
    cues += [(o.end, "batch") for o in ordinals if lo <= o.start and o.end <= count.start]
    if cues:
        _, family = max(cues)
        if family == "sum":
            return _sum_role(s, ordinals)
        return (TOTAL, "total_cue") if family == "total" else (BATCH, "batch_cue")
    if _MORE_AFTER.match(tail) or _BATCH_AFTER.match(tail):
        return BATCH, "batch_after"
    if any(count.end <= o.start < hi for o in ordinals):
        return BATCH, "ordinal_after"
    if any(count.end <= h.start < min(hi, count.end + 30) for h in s.hits if h.family in ("batch", "increment")):
        return BATCH, "batch_after"
    if _TOTAL_AFTER.match(tail):
        if _SUM_AFTER.match(tail):
            return _sum_role(s, ordinals)  # "When the fourth round came through, fourteen models in all"
        return TOTAL, "total_after"
    if _RECENT_WINDOW.search(s.folded, lo, hi):
        return BATCH, "recent_window"  # "five models have completed filing over the past week": those added
    if _PERFECT_AFTER.match(tail) or _ZH_PERFECT_AFTER.match(tail) or _ZH_ALREADY_BEFORE.search(head):
        return TOTAL, "perfect"
    if (count.qualifier == "exact" and _TOTAL_LATER.search(s.folded, count.end)
            and any(lo <= v.end <= count.start and count.start - v.end <= 12 for v in s.of("approval", "filed"))):
        # "China's regulator filed a record 137 services in its list, bringing the total to 748": the verb's own
        # count, before the total it brings, is the increment, whoever's the subject
        return BATCH, "verb_increment"
    if _NATIONAL.search(head) or _ZH_FILED_BEFORE.search(head) or _PERFECT_BEFORE.search(head):
        return TOTAL, "national_count"
    if _ZH_ATTRIBUTIVE.search(head) or _AS_OF.search(s.folded, 0, count.start):
        return TOTAL, "as_of"  # "截至…，完成备案的服务有302款", "as of March 31, ... 117 services"
    if count.qualifier != "exact" and not clause_batch_cue:
        return TOTAL, "estimate"  # "more than 40 models", "近200款": a batch is counted exactly
    # (not "Roughly 70 services were cleared in the latest batch": the clause says whose count it is)
    if _ATTRIBUTIVE_AFTER.match(tail) and not clause_batch_cue:
        return TOTAL, "attributive"  # "132 filed models and 73 registered apps": what the register holds
    verbs_before = any(lo <= v.end <= count.start for v in s.of("approval", "filed", "registered"))
    if verbs_before:
        return BATCH, "count_with_approval"  # "approved 14 large language models"
    if _TOTAL_LATER.search(s.folded, count.end) or _EVENT_TIME.search(s.folded):
        return BATCH, "increment"  # "22 services completed the filing last month, bringing the total to 117", "... on Wednesday"
    if ordinals or any(h.family in ("batch", "increment") for h in s.hits):
        return BATCH, "subject_in_batch"  # "Nine models completed the filing ... the third batch"
    return TOTAL, "subject_count"  # "346 generative AI services filed", "全国188款大模型完成备案"


def _sum_role(s: Sentence, ordinals: list[Ordinal]) -> tuple[str, str]:
    """"共14款", "a total of 14": the batch's sum where the sentence names a batch, else the register's."""
    has_batch = bool(ordinals) or any(h.family in ("batch", "increment") for h in s.hits)
    return (BATCH, "sum_in_batch") if has_batch else (TOTAL, "sum")


def _in_period(s: Sentence, count: Count, ordinals: list[Ordinal]) -> bool:
    for period in s.of("period"):
        if period.end > count.start:
            continue
        if _AS_OF_PERIOD.search(s.folded, max(0, period.start - 24), period.start):
            continue  # "As of April this year, there were 868 ...": the date of a total, not a period's sum
        anchors = [h for h in s.hits if h.family in ("batch", "total", "sum") and period.end <= h.start < count.start]
        if not anchors and not any(period.end <= o.start < count.start for o in ordinals):
            return True
    return False


_AS_OF_PERIOD = re.compile(r"\b(?:as of|as at|by|at the end of|by the end of)\s(?:[a-z]+\s){0,2}$|截至[^，,。]{0,8}$")


def _ordinal_for(count: Count, ordinals: list[Ordinal], lo: int, hi: int, counts: list[Count]) -> int | None:
    """The batch's ordinal: one in the count's own clause, else the one nearest before it with no other
    count between ("第三批共二十五款": 3; "累计六十余个…第三批共二十五款": the 60 gets none)."""
    inside = [o for o in ordinals if lo <= o.start < hi]
    if inside:
        return min(inside, key=lambda o: abs(o.start - count.start)).value
    before = [o for o in ordinals if o.end <= count.start]
    if not before:
        return None
    last = max(before, key=lambda o: o.end)
    if any(last.end <= c.start < count.start for c in counts):
        return None
    return last.value


def _single_after(count: Count, ordinals: list[Ordinal], counts: list[Count]) -> int | None:
    """"approved 14 models last week, ..., which described them as the fourth batch": one ordinal after
    the only count of the sentence."""
    after = [o for o in ordinals if o.start >= count.end]
    return after[0].value if len(after) == 1 and len(ordinals) == 1 and len(counts) == 1 else None


def _ordinal_clause_before(s: Sentence, lo: int, numbers: NumberPatterns) -> int | None:
    """"the fourth, fourteen Beijing models": an ordinal standing alone in the clause before the count."""
    starts = [b for b in s.clause_bounds() if b < lo]
    for back in (1, 2):  # "the fourth, in January, brought fourteen ..."
        if len(starts) < back:
            return None
        m = _ORDINAL_CLAUSE.match(s.folded[starts[-back]:starts[-back + 1] if back > 1 else lo])
        if m:
            return numbers.ordinal_value(m.group(1))
        if back == 1 and lo - starts[-1] > 0 and len(starts) >= 2 and starts[-1] - starts[-2] > 20:
            return None
    return None


_SHARE_BEFORE = re.compile(r"\d\s(?:of|out of)\s(?:the\s)?$")


def _locality(s: Sentence, count: Count, lo: int) -> str | None:
    """"Beijing now has 105", "上海占34款", "北京以105款居全国首位": the count belongs to a province or city
    (named by the sentence's place when it only says "the city", "全市")."""
    if _SHARE_BEFORE.search(s.folded, max(0, count.start - 16), count.start):
        return None  # "Beijing accounted for 20 of the 73 newly filed services": the place's is the share
    place = _place(s, count, lo)
    if place is not None and fold(place) in GENERIC_PLACES:
        named = [h for h in s.of("locality") if fold(s.text[h.start:h.end]) not in GENERIC_PLACES]
        if named:
            return s.text[named[0].start:named[0].end]
    return place


_SHARE_OF_COUNTRY = re.compile(r"占全国|占全国总数|居全国|全国占比|of the national total|share of the country")
GENERIC_PLACES = frozenset({"the city", "the province", "the municipality", "全市", "本市", "该市", "我市", "全省", "本省",
                             "我省", "该省", "辖区", "全区", "我区"})


def _place(s: Sentence, count: Count, lo: int) -> str | None:
    local = [h for h in s.of("locality") if lo <= h.start and h.end <= count.start]
    if not local:
        after = next((h for h in s.of("locality") if count.end <= h.start <= count.end + 60
                      and s.folded.endswith(("in ", "in the "), 0, h.start)
                      and not _CLAUSE_MARK.search(s.folded, count.end, h.start)), None)
        if after is not None:  # "one of 158 AI-powered tools registered in the city": that place's count
            return s.text[after.start:after.end]
        if s.of("locality") and _OTHER_PLACE.search(s.folded):
            first = s.of("locality")[0]  # "With 115 services now registered - more than any other city - Shanghai ..."
            return s.text[first.start:first.end]
        if _SHARE_OF_COUNTRY.search(s.folded, count.end, count.end + 60):
            # "…等24个获准向公众开放的大模型产品占全国近一半": a place's share of the country; which place, the article said
            # before (the generic place is named from the document)
            return "全市"
        return None
    opener = min(local, key=lambda h: h.start)
    if opener.start - lo <= 2 and not _NATIONAL.search(s.folded[opener.end:count.start]):
        return s.text[opener.start:opener.end]  # "Shanghai said it had now completed the filing of 115"
    place = max(local, key=lambda h: h.end)
    between = s.folded[place.end:count.start]
    if _NATIONAL.search(between) or len(between) > 40:
        return None
    if not _LOCAL_LINK.search(between[:20]) and not _CJK_SHORT_GAP.fullmatch(between):
        return None
    return s.text[place.start:place.end]


_AS_OF_DATE = _Gated(_AS_OF.pattern + r"|(?=[ab])(?:\bby the (?:start|beginning) of\b|\bat the (?:start|beginning) of\b)",
                     _AS_OF_WORDS + ("the start of", "the beginning of"))


def _as_of(s: Sentence, count: Count, counts: list[Count]) -> dt.date | None:
    """The date a total is stated for: "as of March 31", "截至2024年12月31日", "by the end of 2024". A date
    phrase right after a count is that count's ("611 by the start of November, up from 538 at the end of
    August"); one that opens the sentence is every count's."""
    def owner(m: re.Match[str]) -> Count | None:
        before = [c for c in counts if c.end <= m.start()]
        last = max(before, key=lambda c: c.end, default=None)
        return last if last is not None and m.start() - last.end <= 40 else None

    matches = list(_AS_OF_DATE.finditer(s.folded))
    ordered = [m for m in matches if owner(m) is count] + [m for m in matches if owner(m) is None]
    for m in ordered:
        window = s.folded[m.start():m.end() + 40]
        found = find_date(window, [], {}, s.published)
        if found is not None:
            return found
        if (last := bare_month_end(s.folded, m.end(), s.published)) is not None:
            return last  # "as of April this year": the month's last day
        month = _YEAR_MONTH.search(window)
        if month:  # "截至2025年3月": the month's last day
            year, mon = int(month.group(1)), int(month.group(2))
            if 1 <= mon <= 12:
                return month_end(year, mon)
    opening = _OPENING_MONTH.match(s.folded)
    if opening and not matches:  # "2024年8月，中国已备案上线的大模型超过190个": the month the count is told for
        year, mon = int(opening.group(1)), int(opening.group(2))
        if 1 <= mon <= 12 and (s.published is None or dt.date(year, mon, 1) <= s.published):
            return month_end(year, mon)
    year_told = _OPENING_YEAR.match(s.folded)
    told = int(year_told.group(1) or year_told.group(2)) if year_told else None
    if told is not None and not matches and s.published is not None and told < s.published.year:
        return dt.date(told, 12, 31)  # "2024年共有105款…完成了登记", told in January 2025: the year's end
    return None


# A year alone that opens the sentence ("据统计，2024年共有105款", "In 2024, 105 apps were registered"), not a month of it
_OPENING_YEAR = re.compile(r"\s?(?:据统计|数据显示|统计显示)?[，,]?\s?((?:19|20)\d\d)\s?年(?:度|全年)?(?![\d\s]*[\d一二三四五六七八九十]+\s?月)"
                           r"|\s?(?:in|during|throughout|over) ((?:19|20)\d\d)\s?,")
_OPENING_MONTH = re.compile(r"\s?((?:19|20)\d\d)\s?年\s?(\d{1,2})\s?月(?:底|末)?\s?[，,]")
_OWN_REGISTER = re.compile(r"\s(?:new\s|more\s|additional\s|further\s|newly\s)?(filed|registered)\s(?:[a-z-]+\s){0,3}?"
                           r"(?:models?|services?|llms?|apps?|applications?|features?|products?|chatbots?)\b")
_NEXT_COUNT = re.compile(r"[\d一二三四五六七八九十百千两](?:(?<=\d)|[一二三四五六七八九十百千两]*[余多]?[款个项家])")  # (class first)
_OPENS_COUNT = re.compile(r"^\s?(?:仅|为|共|有|达|只有)?\s?$")


_ATTRIBUTE_OF_NOUN = re.compile(r"\s(?:large\s|ai\s|generative\s|base\s)?(?:models?|services?|llms?)\b")


def _registered_in_own_clause(s: Sentence, count: Count) -> bool:
    """The count's own clause registers it: "a further 49 apps that call filed models were registered", "registered
    nine AI apps"; not "本期名单共188款，其中…完成登记的应用68款", where the register word is another clause's."""
    if _OWN_REGISTER.match(s.folded, count.end):
        return True
    clause = _CLAUSE_MARK.search(s.folded, count.end)
    end = clause.start() if clause else len(s.folded)
    after = [h for h in s.of("filed", "registered") if count.end <= h.start < end
             and not (h.family == "filed" and _ATTRIBUTE_OF_NOUN.match(s.folded, h.end))]
    if after:
        return after[0].family == "registered"
    before = [h for h in s.of("filed", "registered") if h.end <= count.start and count.start - h.end <= 16
              and _CLAUSE_MARK.search(s.folded, h.end, count.start) is None]
    return bool(before) and before[-1].family == "registered"


def _registry(s: Sentence, count: Count) -> Registry | None:
    """The register word nearest after the count, unless it opens the next count ("备案总数为188款，登记仅26款":
    登记 is the 26's), else the last one before it."""
    hits = s.of("filed", "registered")
    own = _OWN_REGISTER.match(s.folded, count.end)
    if own is not None:
        # "adds 64 filed services and 31 registered apps": the register word the count's own noun carries
        return "filed" if own.group(1) == "filed" else "registered"
    next_count = _NEXT_COUNT.search(s.folded, count.end)
    # Not past a semicolon: "累计已达170款；名单首次单列登记类别" leaves the 170 with the sentence's 备案.
    stop = SEMICOLON.search(s.folded, count.end)
    after = [h for h in hits if h.start >= count.end and (stop is None or h.start < stop.start())
             and not (next_count is not None and h.end <= next_count.start()
                      and _OPENS_COUNT.match(s.folded[h.end:next_count.start()]) is not None
                      and any(b.end <= count.start for b in hits))]
    if len(after) > 1:  # "306 apps built on already-filed models had been registered": the verb, not the attribute
        after = [h for h in after if not _ATTRIBUTE_OF_NOUN.match(s.folded, h.end)] or after
    before = [h for h in hits if h.end <= count.start]
    if after and next_count is not None:
        # "累计1,105款，完成登记的应用累计731款": a register word in the next clause, before that clause's count, is its
        after = [h for h in after if not (h.end <= next_count.start() and _CLAUSE_MARK.search(s.folded, count.end, h.start)
                                          and not _CLAUSE_MARK.search(s.folded, h.end, next_count.start()))]
    if after and before and next_count is not None and all(h.start >= next_count.end() for h in after):
        # "cleared 117 through its filing process, taking the register to 1,105, while 133 more apps were
        # registered": a register word past another count is that count's; the one before is this count's
        after = []
    if len(before) > 1 and not (not after and _CLAUSE_MARK.search(s.folded, before[-1].end, count.start) is None):
        # "Registrations, the track for apps built on filed models, ...: 26": the subject, not the attribute;
        # but in the count's own clause the nearest word is its own ("taking the number of filed services to 252")
        before = [h for h in before if not _ATTRIBUTE_OF_NOUN.match(s.folded, h.end)] or before
    pick = (min(after, key=lambda h: h.start) if after else max(before or hits, key=lambda h: h.end) if hits else None)
    if pick is None:
        return None
    if (pick.family == "registered" and pick.term.isascii() and _SERVICES_NOUN.match(s.folded, count.end)
            and not _REGISTERED_THINGS.search(s.folded)):
        # "868 generative AI services have completed mandatory registration": English reporting's loose word for
        # the services' filing; the register of that name holds apps and features, filed locally
        return "filed"
    if pick.family == "registered" and pick.term.isascii() and s.published is not None and s.published < _REGISTRATIONS_BEGAN:
        # "Eight generative AI applications have registered with China's cyberspace authority" (August 2023): before
        # the lists carried registrations (登记) at all, English reporting's "registered" is the filing
        return "filed"
    return "filed" if pick.family == "filed" else "registered"


_SERVICES_NOUN = re.compile(r"\s(?:[a-z()-]+\s){0,5}?(?:services|models|llms)\b")
_REGISTERED_THINGS = re.compile(r"\b(?:apps?|applications?|features?|functions?|local|provincial|province|provinces)\b"
                                r"|\bcall(?:s|ing)?\b|\bapi\b")
