"""Event clusters: reports of one event joined by the facts they report, whatever their wording or language.

    story_facts(title, text, mentions, aliases) -> StoryFacts | None   the facts a report leads with
    same_event(a, b) -> float                       joined at JOIN_SCORE or more; 0 when a fact disagrees
    FactIndex(window).matches(facts, published) -> [cluster, ...]   the stories it matches, oldest first
    FactIndex.add(doc_id, cluster, facts, published)

Real syndication is rewriting: five reports of one batch share 8-22 % of their word trigrams, far below
any near-duplicate threshold, and an English and a Chinese report share none. What they share is what
the rules read from them: the batch of 14, the fourth batch, the total of 346 filed, the companies named,
the law or lawsuit. So a document that the MinHash index (:mod:`monitor.dedup.index`) puts in no
existing story is matched here on those facts, within ``window`` of a report that states them.

Only the facts a report *leads with* count: those read from its headline or its opening paragraphs
(:data:`LEAD_CHARS`). A report of the Daily News suit recalls the New York Times suit further down, a
Bletchley report recalls the US executive order signed two days before, a batch story recalls last
year's total: background like that must not join stories. Shared facts add up to a score
(:func:`same_event`: a count of 10 or more or an ordinal 3, a count under 10 2, a company 1.5, a known law
3 between reports about laws and 1 otherwise, a known name or a number of the lead 0.5 and 1) and two
reports are one event at :data:`JOIN_SCORE`; some disagreements part them whatever else they share
(another ordinal, totals with no value in common, company lists with none in common, other laws, a
headline about a company the other lead does not name, headlines that tell other steps of one law or case:
passed and in force, settled and refused by the judge). The weights were set on the story set's tune
split (tests/data/stories) and measured on its held-out split.

Rewrites the rules read differently (one outlet leads with the batch of 14, another with three of its
companies) still share words: the lead's rarer words in one language, its names and numbers across two.
So the score also gets the word overlap of the two leads (:class:`FactIndex`: terms weighted by inverse
document frequency among the reports the index has seen, so "generative" and 备案 weigh little), and a
report with no shared fact key finds candidates by its rarest shared terms. Words only add: they never
join reports whose facts keep them apart (:func:`apart`), nor two reports naming different filed
companies (two provinces' notices follow one template), and they join a report to one story only: a
report that matches two stories merges them only by facts. On the story set's first two rounds this took
recall from 0.79 to 0.85 (tune, 91 articles) and 0.44 to 0.48 (held-out, 47) at precision 1.000; round 3
(laws and lawsuits, whose reports the rules mostly read nothing in) did not move.

The same facts also veto a near-duplicate match: a template copy of the March total story with only its
numbers changed is MinHash-close to it, but a report that leads with another total is another event
(:func:`contradicts`).

Costs: a fact key's entries are kept newest last and at most ``PER_KEY`` of them are looked at, so a
company named in every filing story does not make matching linear in the archive.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from itertools import islice, repeat
from typing import Iterable, Sequence

from monitor.records import Mention
from monitor.rules.aliases import AliasIndex
from monitor.rules.script import to_simplified
from monitor.rules.terms import fold
from monitor.text.numerals import chinese_numeral

# Six days: a weekly round-up still joins the week's story (five missed them on the story set's tune split)
DEFAULT_EVENT_WINDOW = dt.timedelta(days=6)
# The headline and the opening of the body: where a report states its news. Counted in characters of
# the body after the headline; a paragraph that starts inside the budget counts whole (datelines and
# one-sentence leads are short, the paragraph after them still carries the news).
LEAD_CHARS = 320
PER_KEY = 64
# Weights of shared lead facts, and the score that joins two reports: one shared count of 10 or more,
# one known law (lawsuit, order), three companies, or smaller facts that add up (see same_event).
COUNT_WEIGHT = 3.0  # an ordinal, a batch size or a total of 10 or more: the same in two leads within days
SMALL_COUNT_WEIGHT = 2.0  # a count under 10: a common number, one more fact needed
FINE_WEIGHT = 2.5  # a fine of the same amount: one shared name more (OpenAI, Replika) makes it one event
BATCH_SIZE_DISAGREES = 1.0  # outlets count one batch differently (8 firms, or 11 with the institutes)
COMPANY_WEIGHT = 1.5
REGULATION_WEIGHT = 3.0  # a known law in the leads of two reports about laws
BACKGROUND_LAW_WEIGHT = 1.0  # ... of reports that also tell counts or companies
ENTITY_WEIGHT = 0.5
NUMBER_WEIGHT = 1.0
JOIN_SCORE = 3.0
# Word overlap of two leads (cosine of their terms weighted by rarity, 0-1) times this adds to the score:
# two rewrites in one language that the rules read different facts in (one the batch, one its companies)
# share their rarer words. Set on the story set's tune split; see FactIndex.
WORDS_WEIGHT = 20.0
# Across languages two leads share only names and numbers: the share of the Chinese lead's (its Latin-script
# words, known names, numbers), weighted by rarity, found in the English one, times this, when two or more
# distinct names or numbers are shared (one name, "Baidu", is in every other story).
ANCHORS_WEIGHT = 5.0
# A report the rules read nothing in and whose headline names nothing known (BareLead) waits in a window of
# recent such reports (BareWindow: BARE_SPAN back from the newest, BARE_SIZE at most) for a later report of its
# event to find it: one language, the cosine of the two leads' weighted terms at least BARE_COSINE with
# BARE_TERMS terms or more in common (and a number in common when both leads state numbers); two languages,
# two or more names or numbers at the anchors' score (ANCHORS_WEIGHT times the share at JOIN_SCORE). Set on
# the story set's tune split: a bare lead's best cosine with another story's report was 0.09, with its own
# story's rewrites 0.17-0.29; reports with facts of different stories reach 0.36 (two totals' stories), which
# their facts part and a bare report has none to, so the bar stays over the bare leads' background by 2x.
BARE_SPAN = dt.timedelta(days=3)
BARE_SIZE = 4096
BARE_COSINE = 0.25
BARE_TERMS = 8
WORD_CANDIDATES = 12  # a report's rarest terms looked up for candidates that share no fact key
INDEXED_TERMS = 24  # a report's rarest terms it is found by (and its names and numbers)
PER_TERM = 16  # the newest reports looked at per term

Fact = tuple[str, str | int]


@dataclass(frozen=True, slots=True)
class StoryFacts:
    counts: frozenset[Fact]  # ("batch", 14), ("ordinal", 4), ("total:filed", 346), ("total:registered", 263)
    companies: frozenset[str]  # reported as filed
    regulations: frozenset[str]  # laws, orders, lawsuits the rules read
    # Known names the lead mentions in any role (the dataset's aliases: OpenAI, 微软 -> Microsoft), and the
    # numbers it states: what an English and a Chinese report of one event share beyond the rules' facts.
    entities: frozenset[str] = frozenset()
    numbers: frozenset[int] = frozenset()
    headline: frozenset[str] = frozenset()  # companies reported as filed in the headline itself
    headline_laws: frozenset[str] = frozenset()  # known laws, orders and lawsuits the headline names
    # The headline is about another register (deep-synthesis algorithms), which may quote the generative-AI
    # total as background: never the same event as a report about that total.
    other_register: bool = False
    # The lead's words (English words, Chinese character pairs), known names and numbers: what two rewrites
    # in one language share when the rules read different facts in them (see lead_terms, FactIndex)
    terms: frozenset[str] = frozenset()
    chinese: bool = False  # the lead is in Chinese (its terms are character pairs, not words)
    # Read from a report the rules read nothing in, by the known names of its lead (see _named_facts): it joins
    # one story by its words and names, never two stories into one
    weak: bool = False
    # What the headline says was done to the law or suit it tells (signed, in force, sued, settled, ruled, ...):
    # two steps of one law or case days apart ("Anthropic agrees to pay $1.5 billion", "Judge refuses to approve
    # Anthropic's settlement") share every fact but the step (see headline_steps)
    steps: frozenset[str] = frozenset()

    def keys(self) -> Iterable[Fact]:
        """The keys a report is indexed and looked up by: the rules' facts. Names and numbers of the lead
        only add to a score (a report that shares nothing else cannot reach it), so they find candidates
        only for a report without rule facts; indexing by them cost a third of the fact path's time."""
        yield from self.counts
        for company in self.companies:
            yield ("company", company)
        for name in self.regulations:
            yield ("regulation", name)
        if not (self.counts or self.companies or self.regulations):
            for name in self.entities:
                yield ("entity", name)
            for number in self.numbers:
                yield ("number", number)


@dataclass(frozen=True, slots=True)
class BareLead:
    """A report the rules read nothing in whose headline names nothing the dataset knows, but whose headline or
    lead reads as AI or regulation news (:data:`_AI_NEWS`). It has no facts: it is never in the FactIndex and
    never joins or merges stories with facts by itself. It waits in the :class:`BareWindow` for a later report of
    its event (with facts, or another bare rewrite) to find it by strong overlap of the leads; it then joins that
    one story. Its terms are read only then (:meth:`facts`), not for every report."""

    lead: str  # headline, line break, lead (as written)
    title_end: int

    def facts(self) -> StoryFacts:
        lead = to_simplified(self.lead)
        numbers = lead_numbers(lead)
        return StoryFacts(frozenset(), frozenset(), frozenset(), frozenset(), numbers,
                          terms=lead_terms(lead, frozenset(), numbers),
                          chinese=bool(_HAN_RUN.search(lead[:self.title_end])), weak=True)


# AI or regulation news by its words (a bare report without them, a drug approval, is not kept for later): a few
# substrings first (most of a feed has none; an ASCII lead is looked at for the English ones only: 1 us a lead on
# bench_cluster's corpus, 3 for all of them), then the word bounds for "AI"
_AI_NEWS = re.compile(r"\bAI\b|(?i:artificial intelligence|chatbot|generative|algorithm)|人工智能|大模型|生成式|算法|深度合成")
_AI_HINTS_EN = ("AI", "rtificial intelligence", "hatbot", "enerative", "lgorithm")
AI_HINTS = _AI_HINTS_EN + ("人工智能", "大模型", "生成式", "算法", "深度合成")


def _looks_ai(lead: str) -> bool:
    hints = _AI_HINTS_EN if lead.isascii() else AI_HINTS
    for hint in hints:
        if hint in lead:
            return bool(_AI_NEWS.search(lead))
    return False


def lead_end(title: str, text: str) -> int:
    """Offset in ``title + "\\n" + text`` where the lead ends: the paragraph holding body character LEAD_CHARS."""
    head = len(title.strip()) + 1 if title.strip() else 0
    if len(text) <= LEAD_CHARS:
        return head + len(text)
    cut = text.find("\n", LEAD_CHARS)
    return head + (len(text) if cut < 0 else cut)


def story_facts(title: str, text: str, mentions: Sequence[Mention],
                aliases: AliasIndex | None = None) -> StoryFacts | BareLead | None:
    """The facts of ``mentions`` read from the headline or the lead, with the lead's known names (through
    ``aliases``) and numbers; a :class:`BareLead` for a report the rules read nothing in whose headline names
    nothing known but whose lead reads as AI or regulation news; None for the rest (not news of this kind)."""
    if not mentions:  # most documents: a fine told with its amount, an order, or a known name give them facts
        head = title.strip()
        lead = f"{head}\n{text[:lead_end('', text)]}" if head else text[:lead_end('', text)]
        if _may_tell_penalty(lead):
            found = _penalty_facts(to_simplified(lead), aliases)
            if found is not None:
                return found
        listed = _listed_facts(lead, len(head)) if head else None
        if listed is not None:
            return listed
        if aliases is None or not head or not aliases.find(head, fold(head)):
            # the headline names nothing the dataset knows: a later report of its event may still find it
            return BareLead(lead, len(head)) if head and _looks_ai(lead) else None
        return _named_facts(to_simplified(lead), len(head), aliases)
    whole = f"{title.strip()}\n{text}" if title.strip() else text
    end = lead_end(title, text)
    facts = _lead_facts(mentions, whole, end, len(title.strip()), aliases)
    if not any(facts[:3]) and len(whole) > end and aliases is not None and title.strip():
        # A lead that tells a side of the story ("Volkswagen showed off its voice assistant on Monday. A day later
        # it was Tesla's turn ...") and no fact: the paragraph after it tells the news when its facts are the
        # headline's (Tesla, a number); else it is background (a recap of an earlier total)
        further = _next_paragraph_end(whole, end)
        more = _lead_facts(mentions, whole, further, len(title.strip()), aliases)
        head = to_simplified(title.strip())
        named = {m.canonical.casefold() for m in aliases.find(head, fold(head))}
        # (a suit one of whose parties the headline names: "… Fair Use in Anthropic Copyright Case" over "ruled Monday
        # in Bartz v. Anthropic")
        parties = {party for name in more[2] if " v. " in name for party in name.split(" v. ")}
        if (named & (more[1] | more[2])
                or any(re.search(rf"\b{re.escape(party)}\b", head.casefold()) for party in parties)
                or lead_numbers(head) & {value for _, value in more[0] if isinstance(value, int)}):
            end, facts = further, more
    counts, companies, regulations, headline, headline_laws = facts
    title_end = len(title.strip())
    lead = to_simplified(whole[:end])
    entities = frozenset(m.canonical.casefold() for m in aliases.find(lead, fold(lead))) if aliases is not None else frozenset()
    numbers = lead_numbers(lead)
    if not (counts or companies or regulations or entities):
        # no fact in the lead, but the rules read the report as news of this kind: its words can still
        # join its rewrites (a lawsuit or a law the dataset does not know yet)
        return _penalty_facts(lead, aliases) or StoryFacts(frozenset(), frozenset(), frozenset(), frozenset(), numbers,
                                                  terms=lead_terms(lead, frozenset(), numbers),
                                                  chinese=bool(_HAN_RUN.search(lead[:title_end])))
    head = lead[:title_end]  # the headline, already in Simplified script
    other_register = bool(_OTHER_REGISTER.search(head)) and not _GENERATIVE.search(head)
    if not any(kind == "ordinal" for kind, _ in counts):
        ordinal = headline_ordinal(head)
        if ordinal is not None:
            counts.add(("ordinal", ordinal))
    return StoryFacts(frozenset(counts), frozenset(companies), frozenset(regulations), entities, numbers,
                      frozenset(headline), frozenset(headline_laws), other_register,
                      lead_terms(lead, entities, numbers), bool(_HAN_RUN.search(head)),
                      steps=headline_steps(head) if regulations else frozenset())


# The steps of a law's or a case's life a headline tells, each by its verbs in English and Chinese. A headline may
# tell two ("Newsom signs SB 53, which takes effect in January"); one that tells none is no evidence either way.
_STEPS = {
    # passed, signed, enacted, issued: the instrument adopted (outlets tell one passage as 通过, 出台 or "enacts")
    "adopted": re.compile(r"\bsign(?:s|ed|ing)?\b|\bpass(?:es|ed)?\b|\benact(?:s|ed|ing)?\b|\bbecomes? law\b|"
                          r"\badopt(?:s|ed)?\b|\bissue[sd]?\b|\bunveil(?:s|ed)?\b|\bfinali[sz]e[sd]?\b|"
                          r"\breleas(?:es|ed)\b|\blaunch(?:es|ed)\b|签署|签发|通过|过关|颁布|印发|出台|发布"),
    "in_force": re.compile(r"\btak(?:es|ing)? effect\b|\btook effect\b|\bin(?:to)? force\b|\bcomes? into effect\b|"
                           r"\bkicks? in\b|\bnow appl(?:y|ies)\b|\bstart(?:s)? to apply\b|施行|生效|正式实施|起实施|开始实施|上路"),
    "draft": re.compile(r"\bdraft\b|\bproposes\b|\bproposal\b|\bproposed (?:[a-z-]+ ){0,2}(?:law|bill|rules?|regulations?|act|"
                       r"ban|framework|measures)\b|\bconsultation\b|征求意见|草案"),
    "sued": re.compile(r"\bsu(?:es|ed|ing)\b|\blawsuits?\b|\bsuits?\b|\bfiles? suit\b|起诉|状告|提起诉讼"),
    "settled": re.compile(r"\bsettle(?:s|d|ments?)?\b|\bagrees? to pay\b|和解|同意支付|同意赔偿|平息"),
    # a court's decision, whichever way it goes: "judge rules", "rejects fair use", "refuses to approve the settlement"
    "decided": re.compile(r"\b(?:judge|court)s? (?:rules|ruled|finds|found|sides)\b|\bruling\b|\bverdict\b|\bfair use\b|"
                          r"\breject(?:s|ed)?\b|\bden(?:ies|ied)\b|\brefuse[sd]?\b|\bputs? [^.]{0,30}on hold\b|"
                          r"\bpreliminary approval\b|\bapprov(?:es|ed)\b(?=[^.]{0,40}\bsettlement)|"
                          r"\bjudge['’]s approval\b|获初步批准|获法院批准|"
                          # the outcome told from a side: "Getty loses UK case", "Anthropic wins fair-use ruling"
                          r"\b(?:wins?|won|loses?|lost|prevails?|prevailed)\b|\bsides? with\b|\bsided with\b|"
                          r"\bdismiss(?:es|ed)?\b|\bthrows? out\b|\bthrew out\b|\bliable\b|宣判|判赔|判令|"
                          r"判决|裁定|胜诉|败诉|告赢|一审|二审|驳回|拒绝|暂缓"),
    "vetoed": re.compile(r"\bveto(?:es|ed)?\b|否决"),
}


# A step told by its noun only ("the settlement", "a lawsuit") is what a verb acts on when the headline has one: "judge
# rejects $1.5 billion settlement" is the refusal, "Disney settles its lawsuit" the settlement
_STEP_NOUNS = {"sued": re.compile(r"\blawsuits?\b|\bsuits?\b|诉讼"), "settled": re.compile(r"\bsettlements?\b|和解"),
               "decided": re.compile(r"\bruling\b|\bverdict\b|\bfair use\b"), "draft": re.compile(r"\bdraft\b|草案")}


def headline_steps(head: str) -> frozenset[str]:
    """The steps (keys of :data:`_STEPS`) a headline, in Simplified script, tells of the law or case it names."""
    folded = head.casefold()
    told = {step for step, pattern in _STEPS.items() if pattern.search(folded)}
    nouns = {step for step in told if step in _STEP_NOUNS
             and not _STEPS[step].search(_STEP_NOUNS[step].sub(" ", folded))}
    return frozenset(told - nouns if told - nouns else told)


def _lead_facts(mentions: Sequence[Mention], whole: str, end: int, title_end: int,
                aliases: AliasIndex | None) -> tuple[set[Fact], set[str], set[str], set[str], set[str]]:
    """Counts, companies, laws and suits the rules read before ``end``, and those of the headline."""
    counts: set[Fact] = set()
    companies: set[str] = set()
    regulations: set[str] = set()
    headline: set[str] = set()
    headline_laws: set[str] = set()
    after: list[str] = []  # laws and suits of the paragraph after the lead (see below)
    after_end = -1
    for m in mentions:
        where = whole.find(m.snippet[:60].strip()) if m.snippet else -1
        if not 0 <= where < end:
            if where >= end and m.kind == "regulation_event" and m.regulation:
                if after_end < 0:
                    after_end = _next_paragraph_end(whole, end)
                if where < after_end:
                    name = m.regulation if aliases is None or aliases.canonical(m.regulation) else _lawsuit(m.regulation, aliases)
                    if name is not None:
                        after.append(name.casefold())
            continue
        if m.kind == "approval_batch":
            if m.count is not None:
                counts.add(("batch", m.count))
            if m.batch is not None:
                counts.add(("ordinal", m.batch))
        elif m.kind == "cumulative_total" and m.total is not None:
            counts.add((f"total:{m.registry or 'filed'}", m.total))
        elif m.kind == "company_approval" and m.company and m.company_known:
            companies.add(m.company.casefold())
            if where < title_end:
                headline.add(m.company.casefold())
        elif m.kind == "regulation_event" and m.regulation:
            name = m.regulation if aliases is None or aliases.canonical(m.regulation) else _lawsuit(m.regulation, aliases)
            if name is None:
                continue  # a known event or a lawsuit by its parties: a name as written ("办法") matches nothing
            regulations.add(name.casefold())
            if where < title_end:
                headline_laws.add(name.casefold())
    # (a suit of plaintiffs of no name counts too: "Authors sued OpenAI and Anthropic over books; The New York Times
    # went after OpenAI ...; Getty Images took Stability AI to court")
    recalled = max(len(regulations), len(_SUIT_TOLD.findall(whole, title_end, end)))
    if recalled >= 2 and regulations and not headline_laws and after and not regulations.issuperset(after):
        # A lead that recalls two or more laws or suits its headline does not name is a recap ("Authors sued OpenAI
        # ...; the Times went after OpenAI ...; Getty took Stability AI to court"): the news is the law or suit the
        # next paragraph names ("That changed this week. Disney and Universal's suit against Midjourney ...")
        regulations = set(after) - regulations
    return counts, companies, regulations, headline, headline_laws


_SUIT_TOLD = re.compile(r"\b(?:sued|sues|went after|took [^.;]{1,40}? to court|filed suit|brought suit)\b")


def _next_paragraph_end(whole: str, end: int) -> int:
    """Where the paragraph after the lead (which ends at ``end``) ends."""
    start = end
    while start < len(whole) and whole[start] in "\n\r \t\u3000":
        start += 1
    cut = whole.find("\n", start)
    return len(whole) if cut < 0 else cut


_PARTIES = re.compile(r"(?P<a>[A-Z][\x20-\x7e]*?) v\. (?P<b>[A-Z][\x20-\x7e]*)")


def _lawsuit(name: str, aliases: AliasIndex) -> str | None:
    """A lawsuit the dataset does not know, named by its parties as the rules name suits in both languages
    ("Warner Bros. Discovery v. Midjourney", from 华纳兄弟探索起诉Midjourney too): the parties identify the suit.
    Parties told the other way round are the known suit ("OpenAI v. New York Times"). None for anything else
    (an unknown law's name as written, or parties that are not names)."""
    m = _PARTIES.fullmatch(name.strip())
    if m is None:
        return None
    return aliases.canonical(f"{m.group('b')} v. {m.group('a')}") or name


# Words every report has, whatever its story; the index's document frequencies weigh the rest (a word
# in every filing story, such as "generative", weighs little once a few stories are in).
_STOP_WORDS = frozenset("""
a about above after again against all also am an and any are as at be been before being below between both
but by can could did do does doing down during each few for from further had has have having he her here
hers him his how i if in into is it its itself just me more most my no nor not now of off on once only or
other our ours out over own same she should so some such than that the their theirs them then there these
they this those through to too under until up very was we were what when where which while who whom why
will with would you your yours said says say new one two three four five six seven eight nine ten
first second third last next week month year years day days monday tuesday wednesday thursday friday
saturday sunday january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec according told report reported reports reporting
""".split())
_ANCHOR_START = frozenset("@#abcdefghijklmnopqrstuvwxyz0123456789")
_WORD = re.compile(r"[a-z][a-z0-9]+|[0-9]+[a-z][a-z0-9]*")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


def lead_terms(lead: str, entities: frozenset[str] = frozenset(), numbers: frozenset[int] = frozenset()) -> frozenset[str]:
    """Terms of a lead (Simplified script) for the word-overlap match: English words of three letters or more
    (lower-cased, a plural -s dropped, common words left out), every pair of adjacent Chinese characters,
    known names (``@name``, any language) and numbers over 31 (``#n``)."""
    lowered = lead.lower()
    terms: set[str] = set()
    for word in _WORD.findall(lowered):
        if len(word) < 3 or word in _STOP_WORDS:
            continue
        terms.add(word[:-1] if word.endswith("s") and len(word) > 4 and not word.endswith("ss") else word)
    for run in _HAN_RUN.findall(lead):
        terms.update(run[i:i + 2] for i in range(len(run) - 1))
    terms.update(f"@{name}" for name in entities)
    terms.update(f"#{n}" for n in numbers)
    return frozenset(map(sys.intern, terms))  # one string per term across the index's reports


# A regulator's fine, told with its amount: what an English and a Chinese report of one penalty share
# when the rules read nothing in either ("Italy fines OpenAI 15 million euros", 意大利对OpenAI罚款1500万欧元).
# ("Italy Charges OpenAI USD15.6M": a regulator's charge of an amount is its fine)
_PENALTY = re.compile(r"\b(?:fine[sd]?|fining|penalt(?:y|ies)|penali[sz]ed|ordered to pay|charge[sd]?)\b|[罚罰]", re.I)
_MONEY = re.compile(
    r"(?P<c1>€|\$|£|EUR|USD|US\$)\s?(?P<n1>\d[\d,]*(?:\.\d+)?)\s?(?P<m1>million|billion|mn|bn|m)?\b"
    r"|(?P<n2>\d[\d,]*(?:\.\d+)?)\s?(?P<m2>million|billion|mn|bn|m)?\s?(?P<c2>euros?|dollars?|pounds?|yuan)\b"
    r"|(?P<n3>\d[\d,]*(?:\.\d+)?)\s?(?P<m3>万|亿)?\s?(?P<c3>欧元|美元|英镑|港元|元)", re.I)
_SCALE = {"million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12, "万": 1e4, "亿": 1e8,
          "万亿": 1e12}
_CURRENCY = {"€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR", "欧元": "EUR", "$": "USD", "usd": "USD",
             "us$": "USD", "dollar": "USD", "dollars": "USD", "美元": "USD", "£": "GBP", "pound": "GBP",
             "pounds": "GBP", "英镑": "GBP", "yuan": "CNY", "元": "CNY", "港元": "HKD"}
# Names in Latin script, which a Chinese report keeps as written: OpenAI, ChatGPT, Garante, Replika.
_LATIN_NAME = re.compile(r"(?<![A-Za-z0-9])[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*(?![A-Za-z0-9])")  # CJK beside it too


def _may_tell_penalty(lead: str) -> bool:
    """A substring test first: the regex (case-insensitive, word bounds) cost 12 us a lead, this 1."""
    if "罚" in lead or "罰" in lead:
        return True
    lowered = lead.lower()
    if ("fine" in lowered or "fining" in lowered or "penal" in lowered or "ordered to pay" in lowered
            or "charge" in lowered) and _PENALTY.search(lead):
        return True
    return _may_tell_order(lead)


def _may_tell_order(lead: str) -> bool:
    """An order in the headline or the first sentence after it, where a regulator's order is told (substrings
    first: most leads have none of these words, and the regexes cost microseconds a lead)."""
    return _order_in(lead[:_ORDER_REACH])


def _order_in(head: str) -> bool:
    if not head.isascii() and _ZH_ORDERS.search(head):
        return True
    lowered = head.lower()
    if "order" in lowered and _ORDERED_TO_STOP.search(lowered):
        return True
    return (" ban" in lowered or "block" in lowered or "suspend" in lowered or "halt" in lowered) and bool(
        _ORDER_VERB.search(lowered))


_ORDER_REACH = 240  # characters of headline and lead an order is looked for in


def _penalty_facts(lead: str, aliases: AliasIndex | None = None) -> StoryFacts | None:
    """A fine and its amount in the lead (kind ``fine``, value ``CUR:amount``), with the lead's Latin-script
    names; else a regulator's order against a product the headline names in Latin script (kind ``order``,
    value the name: "Italy's privacy watchdog orders block on DeepSeek chatbot", 意大利下令限制DeepSeek…);
    None when the lead tells neither."""
    if not _PENALTY.search(lead):
        return _order_facts(lead, aliases)
    amounts: set[Fact] = set()
    for m in _MONEY.finditer(lead):
        number = m.group("n1") or m.group("n2") or m.group("n3")
        scale = (m.group("m1") or m.group("m2") or m.group("m3") or "").lower()
        currency = _CURRENCY.get((m.group("c1") or m.group("c2") or m.group("c3") or "").lower())
        if currency is None:
            continue
        value = float(number.replace(",", "")) * _SCALE.get(scale, 1)
        if value >= 1000:
            amounts.add(("fine", f"{currency}:{round(value)}"))
    if not amounts:
        return _order_facts(lead, aliases)
    names = frozenset(n.casefold() for n in _LATIN_NAME.findall(lead) if len(n) > 2) - _COMMON_WORDS
    order = _order_facts(lead, aliases)  # an order the headline tells, beside an earlier fine its lead recalls
    return StoryFacts(frozenset(amounts) | (order.counts if order else frozenset()), frozenset(), frozenset(), names,
                      frozenset())


_ORDERED_TO_STOP = re.compile(r"\border(?:s|ed)?\b[^.\n]{0,60}?\b(?:stop|halt|suspend|block|cease|limit|restrict)")
_ORDER_VERB = re.compile(r"\b(?:block(?:s|ed)?|ban(?:s|ned)?|suspend(?:s|ed)?|halt(?:s|ed)?)\b")
_ZH_ORDERS = re.compile("下令|封锁|封鎖|叫停|暂停|暫停|禁止|禁用|封禁|屏蔽|下架")


def _order_facts(lead: str, aliases: AliasIndex | None = None) -> StoryFacts | None:
    title = lead.split("\n", 1)[0]
    if not _order_in(lead[:_ORDER_REACH]):
        return None
    # the product ordered against: a name the dataset knows in the headline, else the headline's Latin names, else
    # a known name of the lead ("Italy Blocks Chinese AI Model Over Privacy Concerns" over a lead naming DeepSeek)
    known = (frozenset(m.canonical.casefold() for m in aliases.find(title, fold(title)) if m.kind != "regulation")
             if aliases is not None else frozenset())
    targets = known or frozenset(n.casefold() for n in _LATIN_NAME.findall(title) if len(n) > 2) - _COMMON_WORDS - _PLACE_WORDS
    if (not targets or len(targets) > 2) and aliases is not None:
        head = lead[:_ORDER_REACH]
        targets = frozenset(m.canonical.casefold() for m in aliases.find(head, fold(head)) if m.kind != "regulation")
    if not targets or len(targets) > 2:
        return None  # the headline names no product, or a list of them (a round-up)
    names = frozenset(n.casefold() for n in _LATIN_NAME.findall(lead) if len(n) > 2) - _COMMON_WORDS
    # whose order: the place the headline names first, else the lead's (Italy's block of DeepSeek, Taiwan's ban and
    # Australia's, the same week, are three orders); a report that names no place keeps the product alone
    place = _order_place(title) or _order_place(lead[:_ORDER_REACH])
    return StoryFacts(frozenset(("order", f"{t}@{place}" if place else t) for t in targets), frozenset(), frozenset(),
                      names, frozenset())


def _order_place(text: str) -> str | None:
    m = _ORDER_PLACE.search(text)
    return _PLACE_CODES[m.group().casefold()] if m else None


# Places whose regulators order products blocked or banned, by the words reports name them with (the product's own
# country, China, is not the orderer's: "Chinese chatbot DeepSeek blocked in Italy")
_PLACE_CODES = {
    **dict.fromkeys(["italy", "italian", "意大利", "义大利"], "it"),
    **dict.fromkeys(["south korea", "korea", "korean", "韩国", "南韩"], "kr"),
    **dict.fromkeys(["taiwan", "taiwanese", "台湾", "行政院", "数发部", "数位发展部", "卓揆"], "tw"),
    **dict.fromkeys(["australia", "australian", "澳大利亚", "澳洲"], "au"),
    **dict.fromkeys(["japan", "japanese", "日本"], "jp"),
    **dict.fromkeys(["germany", "german", "德国"], "de"),
    **dict.fromkeys(["france", "french", "法国"], "fr"),
    **dict.fromkeys(["ireland", "irish", "爱尔兰"], "ie"),
    **dict.fromkeys(["netherlands", "dutch", "荷兰"], "nl"),
    **dict.fromkeys(["belgium", "比利时"], "be"),
    **dict.fromkeys(["india", "indian", "印度"], "in"),
    **dict.fromkeys(["united states", "u.s.", "american", "美国", "texas", "德州", "new york", "纽约", "virginia"], "us"),
    **dict.fromkeys(["united kingdom", "britain", "british", "uk", "英国"], "uk"),
    **dict.fromkeys(["canada", "canadian", "加拿大"], "ca"),
    **dict.fromkeys(["european union", "eu", "欧盟"], "eu"),
    **dict.fromkeys(["russia", "russian", "俄罗斯"], "ru"),
}
_ORDER_PLACE = re.compile(r"(?i)(?<![A-Za-z])(?:" + "|".join(re.escape(k) for k in sorted(_PLACE_CODES, key=len, reverse=True))
                          + r")(?![A-Za-z])")
_PLACE_WORDS = frozenset(k for k in _PLACE_CODES if k.isascii())


# Capitalised words that open English sentences and name nothing.
_COMMON_WORDS = frozenset({"the", "this", "that", "these", "its", "his", "her", "their", "on", "in", "at", "for",
                           "after", "before", "beyond", "but", "and", "a", "an", "it", "he", "she", "they", "we",
                           "italy", "italian", "china", "chinese", "europe", "european", "eu", "us", "u.s",
                           # places and peoples: a regulator's country is not the product it orders against
                           "south", "north", "korea", "korean", "japan", "japanese", "taiwan", "taiwanese",
                           "france", "french", "germany", "german", "britain", "british", "uk", "america",
                           "american", "ireland", "irish", "spain", "spanish", "netherlands", "dutch", "india",
                           "indian", "canada", "canadian", "australia", "australian", "brazil", "brazilian",
                           "russia", "russian", "hong", "kong", "singapore", "vietnam", "indonesia",
                           "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "inc",
                           # the regulator that orders, by its titles ("AI, Privacy Guarantor blocks DeepSeek")
                           "privacy", "guarantor", "garante", "watchdog", "regulator", "regulators", "authority",
                           "data", "protection", "agency", "commission", "commissioner", "ministry", "government"})


_DIGITS = re.compile(r"(?<![0-9.,A-Za-z])[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|(?<![0-9.,A-Za-z])[0-9]+(?![0-9]|[.,][0-9])")
_HAN_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百千]{2,}")


def lead_numbers(lead: str) -> frozenset[int]:
    """Whole numbers over 31 the lead states, years left out: not days of the month (a recap of "August
    31" is in every filing story) nor the small counts every story has. Digits glued to a Latin letter are
    part of a name (Company35, H800), not a number the lead states: the name is already a company or a word,
    and counting it again as a number joined two stories that named one company (bench_cluster)."""
    found: set[int] = set()
    for match in _DIGITS.finditer(lead):
        value = int(match.group().replace(",", ""))
        if value > 31 and not 1990 <= value <= 2100:
            found.add(value)
    for match in _HAN_NUMERAL.finditer(lead):
        value = chinese_numeral(match.group())
        if value is not None and value > 31:
            found.add(value)
    for match in _SCALED.finditer(lead):
        # "$1.5 billion" and "15亿美元" are one sum, "100 billion parameters" and "千亿参数" one size: the whole
        # amount, whichever way the outlet writes it
        figure = match.group(1)
        value = float(figure.replace(",", "")) if figure[0].isdigit() else chinese_numeral(figure)
        if value:
            found.add(round(value * _SCALE[match.group(2).lower()]))
    return frozenset(found)


_SCALED = re.compile(r"(?<![0-9.,A-Za-z])([0-9]+(?:\.[0-9]+)?|[一两二三四五六七八九十百千]{1,4})\s?"
                     r"(trillion|billion|bn|million|mn|万亿|亿|万)(?![A-Za-z]|亿)", re.I)


_ORDINAL_WORDS = {word: n for n, word in enumerate(
    "second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth fifteenth "
    "sixteenth seventeenth eighteenth nineteenth twentieth".split(), start=2)}
_LIST_ORDINAL = re.compile(
    r"\b(?:(?P<n>\d{1,3})(?:st|nd|rd|th)|(?P<w>" + "|".join(_ORDINAL_WORDS) + r"))\b"
    r"[^.;:,\n]{0,40}?\b(?:lists?|batch(?:es)?|rounds?|tranches?)\b"
    r"|第(?P<zh>[0-9]{1,3}|[一二三四五六七八九十百]{1,4})[批期]", re.I)


def headline_ordinal(head: str) -> int | None:
    """The ordinal of a list or batch the headline names ("14th deep-synthesis algorithm list", 第十四批), from
    the second on (a "first" is in every headline about a first anything); None when it names none or two.
    The rules read the ordinals of generative-AI batches; this gives other registers' lists theirs."""
    found: set[int] = set()
    for m in _LIST_ORDINAL.finditer(head):
        if m.group("n"):
            value: int | None = int(m.group("n"))
        elif m.group("w"):
            value = _ORDINAL_WORDS[m.group("w").lower()]
        else:
            value = chinese_numeral(m.group("zh"))
        if value is not None and value >= 2:
            found.add(value)
    return found.pop() if len(found) == 1 else None


def _count_kinds(counts: frozenset[Fact]) -> dict[str, set[str | int]]:
    kinds: dict[str, set[str | int]] = defaultdict(set)
    for kind, value in counts:
        kinds[kind].add(value)
    return kinds


# The headline is about the deep-synthesis (algorithm) register: a list, a filing or a batch of it. The
# Deep Synthesis Provisions taking effect are a law's story ("深度合成管理规定今起施行", "China's rules on
# deepfakes take effect"), not the register's: the topic alone does not make a headline the register's.
_REGISTER_WORD = r"(?:lists?|filings?|registers?|registry|batch|备案|清单|名单|首批|批次|第[^批]{1,4}批)"
def _named_facts(lead: str, title_end: int, aliases: AliasIndex) -> StoryFacts | None:
    """Weak facts of a report the rules read nothing in whose headline names a known company, product, law or
    regulator (Tencent's model launch the day after, told as a product story: no filing, no count): its lead's
    names, numbers and words, so that it can join the story its rewrites in the rules' terms started. The
    caller looks for a name in the headline first (a few microseconds; the whole lead cost 6 us a report on
    bench_cluster's corpus, where no report names one)."""
    found = aliases.find(lead, fold(lead))
    if not found:
        return None
    entities = frozenset(m.canonical.casefold() for m in found)
    headline = frozenset(m.canonical.casefold() for m in found if m.start < title_end and m.kind == "company")
    numbers = lead_numbers(lead)
    return StoryFacts(frozenset(), frozenset(), frozenset(), entities, numbers, headline,
                      terms=lead_terms(lead, entities, numbers), chinese=bool(_HAN_RUN.search(lead[:title_end])),
                      weak=True)


_LIST_HINTS = ("第", "list", "batch", "round", "tranche")
_REGISTER_HEADLINE = re.compile(rf"{_REGISTER_WORD}", re.I)


def _listed_facts(lead: str, title_end: int) -> StoryFacts | None:
    """Weak facts of a report the rules read nothing in whose headline names a register's list or batch by its
    ordinal (第十四批境内深度合成服务算法备案信息公布: the rules stopped reading the law it cites as its basis):
    the ordinal, the register, the lead's words, so that it joins the report of that list in the other
    language, which has the rules' facts. Only a headline about the algorithm register or a generative-AI filing
    counts (a 14th list of anything else is not news of this kind); a substring test first."""
    head = lead[:title_end]
    lowered = head.lower()
    if not any(hint in lowered for hint in _LIST_HINTS):
        return None
    head = to_simplified(head)
    other_register = bool(_OTHER_REGISTER.search(head))
    if not other_register and not (_GENERATIVE.search(head) and _REGISTER_HEADLINE.search(head)):
        return None
    ordinal = headline_ordinal(head)
    if ordinal is None:
        return None
    lead = to_simplified(lead)
    numbers = lead_numbers(lead)
    return StoryFacts(frozenset({("ordinal", ordinal)}), frozenset(), frozenset(), frozenset(), numbers,
                      other_register=other_register and not _GENERATIVE.search(head),
                      terms=lead_terms(lead, frozenset(), numbers), chinese=bool(_HAN_RUN.search(head)), weak=True)


_OTHER_REGISTER = re.compile(r"algorithm (?:list|filing|register)|算法备案|算法清单"
                             rf"|(?:deep[- ]synthesis|深度合成).*{_REGISTER_WORD}|{_REGISTER_WORD}.*(?:deep[- ]synthesis|深度合成)",
                             re.I)
_GENERATIVE = re.compile(r"generative ai|large (?:language )?models?|生成式|大模型", re.I)


def same_event(a: StoryFacts, b: StoryFacts) -> float:
    """How strongly two reports' lead facts say one event; they are joined at :data:`JOIN_SCORE` or more.

    Some disagreements keep reports apart whatever else they share: other ordinals ("the fourth batch of
    14" and "the fifth batch of 14"), totals with no value in common (the March and the June total), two
    lists of companies with none in common, two different laws, headlines about different laws or lawsuits
    (Warner Bros.' suit against Midjourney, its lead recalling Disney's), a headline about a company the other lead
    does not name (Alibaba's filing and Tencent's two days later, each recapping the other; iFlytek's
    filing, whose lead recalls the first batch). Batch sizes that differ
    only count against ("eight firms" in one outlet, "11 companies" in another); a first batch's size that the
    other report tells as a total counts as shared (the first eight, "eight cleared so far"). A law weighs fully only
    between reports about laws: a filing story names the Interim Measures as background. Known names and
    numbers of the lead add what the rules did not read."""
    if apart(a, b):
        return 0.0
    kinds_a, kinds_b = _count_kinds(a.counts), _count_kinds(b.counts)
    score = 0.0
    for kind in kinds_a.keys() & kinds_b.keys():
        shared = kinds_a[kind] & kinds_b[kind]
        if not shared:
            score -= BATCH_SIZE_DISAGREES  # only batch sizes get here: other kinds that differ are apart
        for value in shared:
            if kind in ("fine", "order"):
                score += FINE_WEIGHT
            else:
                score += SMALL_COUNT_WEIGHT if kind != "ordinal" and value < 10 else COUNT_WEIGHT
    first_batch = _first_batch_as_total(kinds_a, kinds_b) | _first_batch_as_total(kinds_b, kinds_a)
    for value in first_batch:
        score += SMALL_COUNT_WEIGHT if isinstance(value, int) and value < 10 else COUNT_WEIGHT
    common = a.companies & b.companies
    if a.regulations and b.regulations:
        laws = len(a.regulations & b.regulations)
        # (or both headlines name the shared law, whatever counts a lead recalls: "陆AI生成内容标识办法今起施行")
        about_laws = (not (a.counts or b.counts or a.companies or b.companies)
                      or bool(a.headline_laws & b.headline_laws & a.regulations & b.regulations))
        weight = REGULATION_WEIGHT if about_laws else BACKGROUND_LAW_WEIGHT
        # a law one lead names and the other does not speaks against: a Bletchley report that recalls the
        # executive order of two days before is not the executive order's story; unless a headline names
        # the shared law ("Korea passes AI Basic Act, the second after the EU's")
        about_shared = bool((a.headline_laws | b.headline_laws) & a.regulations & b.regulations)
        extra = 0 if about_shared else max(len(a.regulations), len(b.regulations)) - laws
        score += laws * weight - extra * weight / 2
    score += min(len(common), 3) * COMPANY_WEIGHT
    named = ((a.entities | a.companies) & (b.entities | b.companies)) - common - a.regulations - b.regulations
    score += min(len(named), 2) * ENTITY_WEIGHT
    counted = {value for _, value in a.counts & b.counts if isinstance(value, int)} | first_batch
    shared_numbers = (a.numbers & b.numbers) - counted
    score += min(len(shared_numbers), 2) * NUMBER_WEIGHT
    # a large figure of three significant digits or more in both leads (515 million users, 5.15亿) is as telling as a
    # count the rules read; round ones (1 billion, 15亿) are not
    if any(n >= 1_000_000 and len(str(n).rstrip("0")) >= 3 for n in shared_numbers):
        score += COUNT_WEIGHT - NUMBER_WEIGHT
    return score


def _first_batch_as_total(batch: dict[str, set[str | int]], total: dict[str, set[str | int]]) -> set[str | int]:
    """Sizes of a first batch (no later ordinal told) that the other report tells as a total: the first list's
    eight firms are the eight "cleared so far" of a rewrite the rules read as a total."""
    if not batch.get("batch") or any(isinstance(n, int) and n > 1 for n in batch.get("ordinal", ())) \
            or "batch" in total:
        return set()
    totals = set().union(*(values for kind, values in total.items() if kind.startswith("total:")))
    return batch["batch"] & totals


def apart(a: StoryFacts, b: StoryFacts) -> bool:
    """Facts that keep two reports apart whatever else they share (see :func:`same_event`)."""
    if a.other_register != b.other_register:
        return True
    if (_headline_elsewhere(a, b) or _headline_elsewhere(b, a)) and not _same_total(a, b):
        return True  # unless both lead with one running total: "346 services filed, DeepSeek among them"
    if a.headline and b.headline and not a.headline & b.headline:
        return True  # Alibaba's Tongyi filed, and Tencent's Hunyuan two days later: each lead names both
    if _law_story(a) != _law_story(b) and (a.counts or b.counts) and not a.headline_laws & b.headline_laws:
        # the labelling rules take effect; a filing list, published that week, names them (but two headlines that
        # name one law tell that law, whatever counts one lead recalls: "陆AI生成内容标识办法今起施行 … 已有490余款")
        return True
    if _disagreeing_kinds(a, b) - {"batch"}:
        return True  # another ordinal, another total, another fine (batch sizes only count against)
    if len(a.companies) >= 2 and len(b.companies) >= 2 and not a.companies & b.companies \
            and not any(isinstance(n, int) and n >= 10 for _, n in a.counts & b.counts):
        # Beijing's nine (JD, Kuaishou) and Shanghai's nine (Bilibili, Xiaohongshu) that week; but outlets name
        # different members of one batch of 14 (Xiaomi and 01.AI in one, two security firms in another)
        return True
    if a.headline_laws and b.headline_laws and not a.headline_laws & b.headline_laws:
        return True  # Warner Bros.' suit against Midjourney, whose lead recalls Disney's suit of June
    if a.steps and b.steps and not a.steps & b.steps:
        return True  # the settlement, and the judge's refusal to approve it three days later
    # the US executive order and the Bletchley declaration, two days apart
    return bool(a.regulations and b.regulations and not a.regulations & b.regulations)


def _law_story(facts: StoryFacts) -> bool:
    """The headline names a known law, order or lawsuit, and the lead tells no filing counts."""
    return bool(facts.headline_laws) and not facts.counts


def _disagreeing_kinds(a: StoryFacts, b: StoryFacts) -> set[str]:
    """The count kinds both leads tell with no value in common ("batch": 14 and 20; "total:filed": 302 and 346)."""
    if not (a.counts and b.counts):
        return set()
    kinds_a, kinds_b = _count_kinds(a.counts), _count_kinds(b.counts)
    return {kind for kind in kinds_a.keys() & kinds_b.keys() if not kinds_a[kind] & kinds_b[kind]}


def _same_total(a: StoryFacts, b: StoryFacts) -> bool:
    return any(kind.startswith("total:") for kind, _ in a.counts & b.counts)


def _headline_elsewhere(a: StoryFacts, b: StoryFacts) -> bool:
    """``a``'s headline is about a company ``b``'s lead does not name: iFlytek's filing is not the story of
    the first batch that its lead recalls, nor Tencent's of Alibaba's two days before."""
    return bool(a.headline) and not a.headline & (b.companies | b.entities)


def contradicts(a: StoryFacts, b: StoryFacts) -> bool:
    """Both lead with counts of one kind and none agree: a template copy that reports another batch or total."""
    return not a.counts & b.counts and bool(_disagreeing_kinds(a, b))


def _stamp(when: dt.datetime | None) -> float:
    return when.timestamp() if when is not None and when.tzinfo is not None else math.nan


class FactIndex:
    """Lead facts of stored reports by fact key, for the reports that near-duplicate matching left alone.

    Candidates are the reports that share a fact key and, failing a join by facts, those that share one
    of the report's rarest lead terms; each is scored by :func:`same_event` plus the word overlap of the
    two leads (:data:`WORDS_WEIGHT` times the cosine of their terms, each weighted by its inverse document
    frequency among the reports this index has seen: a word in every filing story weighs little)."""

    def __init__(self, window: dt.timedelta = DEFAULT_EVENT_WINDOW) -> None:
        self.window = window.total_seconds()
        self._entries: dict[Fact, list[int]] = defaultdict(list)  # fact key -> entry numbers, oldest first
        self._by_term: dict[str, list[int]] = defaultdict(list)  # lead term -> entry numbers, oldest first
        # the words a Chinese lead keeps in Latin script (OpenAI, ChatGPT, Copilot) -> its entry numbers, every one
        # of them: an English report finds the Chinese reports of its event by them (see matches)
        self._by_latin: dict[str, list[int]] = defaultdict(list)
        self._df: dict[str, int] = defaultdict(int)  # lead term -> reports seen with it
        self._seen = 0
        self._last_norm: tuple[StoryFacts | None, float] = (None, 0.0)
        self._cluster: list[int] = []
        self._doc: list[int] = []
        self._facts: list[StoryFacts] = []
        self._published: list[float] = []
        self._norms: list[float] = []  # each report's term weights' norm, as the weights were when it was added
        self._entry_of: dict[int, int] = {}
        self._members: dict[int, list[int]] = {}  # cluster -> its entries, for relabel

    def __len__(self) -> int:
        return len(self._doc)

    def observe(self, told: Iterable[StoryFacts | None]) -> None:
        """Count the reports' lead terms into the document frequencies (a batch before it is matched, so
        that its first reports are weighed by the whole batch, and stored reports as they are loaded)."""
        df = self._df
        for facts in told:
            if facts is None or type(facts) is BareLead:
                continue
            self._seen += 1
            for term in facts.terms:
                df[term] += 1

    def _weight(self, term: str) -> float:
        return math.log(1.0 + max(self._seen, 1) / max(self._df.get(term, 0), 1))

    def _squared_weights(self, terms: Iterable[str]) -> dict[str, float]:
        """``{t: self._weight(t) ** 2}`` for ``terms``, in their order, without a method call per term."""
        seen, df, log = max(self._seen, 1), self._df.get, math.log
        return {t: log(1.0 + seen / max(df(t, 0), 1)) ** 2 for t in terms}

    def _norm(self, terms: frozenset[str]) -> float:
        return math.sqrt(sum(self._squared_weights(terms).values()))

    def _anchor_share(self, a: StoryFacts, b: StoryFacts) -> float:
        chinese, other = (a, b) if a.chinese else (b, a)
        anchors = {t for t in chinese.terms if t[0] in _ANCHOR_START}
        shared = anchors & other.terms
        if len({t.lstrip("@") for t in shared}) < 2:
            return 0.0
        return sum(self._weight(t) ** 2 for t in shared) / sum(self._weight(t) ** 2 for t in anchors)

    def matches(self, facts: StoryFacts | None, published: dt.datetime | None) -> list[int]:
        """The stories (cluster ids, oldest first) of every report within the window whose facts say the same
        event: more than one when a report bridges two stories (an English and a Chinese one it both matches)."""
        stamp = _stamp(published)
        if facts is None or math.isnan(stamp):
            return []  # an undated report has no window to be matched in
        seen: set[int] = set()
        found: set[int] = set()  # stories matched by facts alone
        by_words: dict[int, float] = {}  # stories matched with the words' help, and the best score
        weights = self._squared_weights(facts.terms)
        norm = math.sqrt(sum(weights.values()))
        self._last_norm = (facts, norm)  # add() of the same report, next, at the same counts
        top_weight = max(weights.values(), default=0.0)  # a shared term weighs at most the query's heaviest

        def consider(entry: int) -> None:
            if entry in seen:
                return
            seen.add(entry)
            if self._cluster[entry] in found or not abs(self._published[entry] - stamp) <= self.window:
                return
            theirs = self._facts[entry]
            if apart(facts, theirs):
                return
            score = same_event(facts, theirs)
            if score >= JOIN_SCORE and not (facts.weak or theirs.weak):
                found.add(self._cluster[entry])
                return
            # words add to the facts, never against them: not to reports that count one thing differently, nor
            # to two that name filed companies, none the same (two provinces' notices follow one template)
            if score < JOIN_SCORE and norm and self._norms[entry] and not _disagreeing_kinds(facts, theirs) and not (
                    facts.companies and theirs.companies and facts.companies.isdisjoint(theirs.companies)):
                if facts.chinese == theirs.chinese:
                    common = facts.terms & theirs.terms
                    # what the shared terms must weigh to join; no term weighs more than the rarest can
                    needed = (JOIN_SCORE - score) * norm * self._norms[entry] / WORDS_WEIGHT
                    if len(common) * top_weight >= needed:
                        score += WORDS_WEIGHT * sum(weights[t] for t in common) / (norm * self._norms[entry])
                else:
                    score += ANCHORS_WEIGHT * self._anchor_share(facts, theirs)
            cluster = self._cluster[entry]
            if score >= JOIN_SCORE and score > by_words.get(cluster, 0.0):
                by_words[cluster] = score

        for key in facts.keys():
            for entry in self._entries.get(key, ())[-PER_KEY:]:
                consider(entry)
        if facts.terms:
            # a term only this report has (counted by observe) finds nothing; names and numbers find
            # the other language's reports
            df = self._df
            # (frequency, term) pairs sort as the key (frequency, term) would: terms are distinct
            shared = [(n, t) for n, t in zip(map(df.get, facts.terms, repeat(0)), facts.terms) if n > 1]
            shared.sort()
            rarest = [t for _, t in shared[:WORD_CANDIDATES]]
            anchors = [t for _, t in shared if t[0] in _ANCHOR_START]
            # and every known name it shares (few a lead): an English lead's rarest anchors are all words, and
            # Tencent, named in the other language's lead as its filed company, is in more reports than they
            names = [t for _, t in shared if t[0] == "@"]
            for term in dict.fromkeys(rarest + anchors[:WORD_CANDIDATES] + names):
                for entry in self._by_term.get(term, ())[-PER_TERM:]:
                    consider(entry)
            if not facts.chinese and self._by_latin:
                # a Chinese report is indexed under its rarest terms, character pairs: an English lead's rarest
                # words are rarely among them; its names and products are the Latin words the other keeps
                by_latin = self._by_latin
                for term in facts.terms:
                    held = by_latin.get(term)
                    if held is not None:
                        for entry in held[-PER_TERM:]:
                            consider(entry)
        if found:
            return sorted(found)
        # Words join a report to one story, the likeliest; only facts join two stories into one (words that
        # bridged two stories merged totals that disagree on the generated corpus of bench_cluster)
        return [max(by_words, key=lambda c: (by_words[c], -c))] if by_words else []

    def match(self, facts: StoryFacts | None, published: dt.datetime | None) -> int | None:
        """The oldest story a report of the same facts belongs to, within the window."""
        found = self.matches(facts, published)
        return found[0] if found else None

    def relabel(self, absorbed: int, story: int) -> None:
        """Every report of story ``absorbed`` now belongs to ``story`` (two stories found to be one)."""
        for entry in self._members.pop(absorbed, []):
            self._cluster[entry] = story
            self._members.setdefault(story, []).append(entry)

    def facts_of(self, doc_id: int) -> StoryFacts | None:
        entry = self._entry_of.get(doc_id)
        return None if entry is None else self._facts[entry]

    def add(self, doc_id: int, cluster: int, facts: StoryFacts | None, published: dt.datetime | None) -> None:
        stamp = _stamp(published)
        if facts is None or math.isnan(stamp):
            return
        entry = len(self._doc)
        self._entry_of[doc_id] = entry
        self._members.setdefault(cluster, []).append(entry)
        self._doc.append(doc_id)
        self._cluster.append(cluster)
        self._facts.append(facts)
        self._published.append(stamp)
        for key in facts.keys():
            self._entries[key].append(entry)
        last, norm = self._last_norm
        self._norms.append(norm if last is facts else self._norm(facts.terms))
        # indexed under its rarer terms only (a term most reports have finds nothing worth scoring)
        df = self._df
        for _, term in sorted(zip(map(df.get, facts.terms, repeat(0)), facts.terms))[:INDEXED_TERMS]:
            self._by_term[term].append(entry)
        for term in facts.terms:
            if term[0] in "@#":
                self._by_term[term].append(entry)
            elif facts.chinese and term[0] in _ANCHOR_START:
                self._by_latin[term].append(entry)


class BareWindow:
    """Recent reports without facts (:class:`BareLead`), for a later report of their event to find: at most
    ``size`` of them, and none more than ``span`` older than the newest. Each is found by its rarest terms and its
    names and numbers (PER_TERM newest per term looked at), so a look-up costs what a word match costs in the
    FactIndex, whatever the window holds. The terms are weighed by the FactIndex's document frequencies, which
    bare reports do not count into (a feed's other news would move every fact report's weights)."""

    def __init__(self, span: dt.timedelta = BARE_SPAN, size: int = BARE_SIZE) -> None:
        self.span = span.total_seconds()
        self.size = size
        # doc id -> (published, facts, norm, indexed terms), oldest added first
        self._entries: dict[int, tuple[float, StoryFacts, float, list[str]]] = {}
        self._by_term: dict[str, dict[int, None]] = {}
        self._newest = -math.inf

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, doc_id: int) -> bool:
        return doc_id in self._entries

    def add(self, doc_id: int, facts: StoryFacts, published: dt.datetime | None, events: FactIndex) -> None:
        stamp = _stamp(published)
        if math.isnan(stamp) or not facts.terms or stamp < self._newest - self.span:
            return
        df = events._df
        indexed = [t for _, t in sorted(zip(map(df.get, facts.terms, repeat(0)), facts.terms))[:INDEXED_TERMS]]
        indexed += [t for t in facts.terms if t[0] in "@#" and t not in indexed]
        self.remove(doc_id)
        self._entries[doc_id] = (stamp, facts, events._norm(facts.terms), indexed)
        for term in indexed:
            self._by_term.setdefault(term, {})[doc_id] = None
        self._newest = max(self._newest, stamp)
        for oldest in list(self._entries):  # oldest first: stop at the first one still inside both bounds
            if len(self._entries) <= self.size and self._entries[oldest][0] >= self._newest - self.span:
                break
            self.remove(oldest)

    def remove(self, doc_id: int) -> None:
        entry = self._entries.pop(doc_id, None)
        if entry is None:
            return
        for term in entry[3]:
            holders = self._by_term.get(term)
            if holders is not None:
                holders.pop(doc_id, None)
                if not holders:
                    del self._by_term[term]

    def find(self, facts: StoryFacts, published: dt.datetime | None, events: FactIndex) -> list[int]:
        """Bare reports within the span whose lead overlaps ``facts``' strongly (see BARE_COSINE), best first."""
        stamp = _stamp(published)
        if math.isnan(stamp) or not self._entries or not facts.terms:
            return []
        df, by_term = events._df, self._by_term
        shared = sorted((df.get(t, 0), t) for t in facts.terms if t in by_term)
        if not shared:
            return []
        weights = events._squared_weights(facts.terms)
        norm = math.sqrt(sum(weights.values()))
        numbers = {t for t in facts.terms if t[0] == "#"}
        terms = [t for _, t in shared[:WORD_CANDIDATES]] + [t for _, t in shared if t[0] in _ANCHOR_START][:WORD_CANDIDATES]
        found: dict[int, float] = {}
        for term in dict.fromkeys(terms):
            for doc_id in islice(reversed(by_term[term]), PER_TERM):
                if doc_id in found:
                    continue
                found[doc_id] = 0.0
                when, theirs, their_norm, _ = self._entries[doc_id]
                if not abs(when - stamp) <= self.span or not norm or not their_norm:
                    continue
                if facts.chinese == theirs.chinese:
                    common = facts.terms & theirs.terms
                    if len(common) < BARE_TERMS:
                        continue
                    their_numbers = {t for t in theirs.terms if t[0] == "#"}
                    if numbers and their_numbers and not numbers & their_numbers:
                        continue  # both state numbers, none the same: next quarter's total, another fine
                    score = sum(weights[t] for t in common) / (norm * their_norm)
                    if score >= BARE_COSINE:
                        found[doc_id] = score
                else:
                    share = events._anchor_share(facts, theirs)
                    if ANCHORS_WEIGHT * share >= JOIN_SCORE:
                        found[doc_id] = share
        return sorted((d for d, score in found.items() if score), key=lambda d: (-found[d], d))


__all__ = ["BareLead", "BareWindow", "DEFAULT_EVENT_WINDOW", "FactIndex", "StoryFacts", "apart", "contradicts", "lead_terms", "lead_end", "same_event", "story_facts"]
