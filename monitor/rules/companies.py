"""Company names in one approval sentence: known aliases, plus raw names where the wording says "company".

Unknown names are what users most need to see, so they come from several shapes of sentence:
- after an `enumeration` term: "including Xiaomi, 4Paradigm and 01.AI", "包括小米、第四范式和零一万物";
- a subject list before "among": "StepFun and Lingxi Dynamics were among the companies whose ...";
- a Chinese name between a company noun and "developed": "初创公司深言智能开发的大模型";
- a Chinese name before a role: "阶跃星辰创始人表示".
A raw name that overlaps a rule term (备案, 新增, a count ...) is wording, not a name.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from monitor.rules.sentence import PROPER_NAME, Sentence, semicolon_parts
from monitor.rules.terms import fold

# A list item: a name, optionally behind "a chatbot from" / "one from" / "models by" ("a chatbot from Moonshot AI").
_NAME = re.compile(rf"(?:(?:an?\s|the\s|two\s)?(?:[a-z-]+\s){{0,2}}(?:chatbots?|models?|assistants?|apps?|services?|"
                   rf"products?|tools?|ones?)\s(?:(?:named|called)\s[‘'“\"]?[A-Z][\w-]*[’'”\"]?\s)?(?:from|by|of)\s)?(?:the\s)?({PROPER_NAME})")
# "smartphone maker ", "short-video platform ", "AI company ": lower-case words before a list item's name.
_DESCRIPTOR = re.compile(r"(?:(?:a|an|the)\s)?(?:[a-z][\w-]*\s){1,3}(?=[A-Z0-9])")
# What may follow a list item's name before the separator: "'s KwaiYii model", ", the chatbot company spun out of X".
_ITEM_TAIL = re.compile(r"(?:[’']s\s[\w-]+(?:\s[a-z][\w-]*){0,2}|(?:\s[a-z][\w-]*){1,2}(?=,|\sand\s)|,\s(?:the|a|an)\s[^,;.]{3,120}(?=,))")
_ZH_ORG_SUFFIX = re.compile(r"(?:公司|科技|智能|集团|研究院|研究所|实验室|大学|学院|银行|证券|网络|信息|技术|数据|软件|"
                            r"传媒|控股|股份|汽车|医疗|教育|云|AI|ai)$")
# A legal entity as written: "苏州衡语智能科技有限公司", "上海人工智能实验室".
_ZH_LEGAL = re.compile(r"(?:^|[，。；：、”\"“\s和及与的])((?:[\u4e00-\u9fff]|（[\u4e00-\u9fff]{2,4}）){4,24}?"
                       r"(?:股份有限公司|有限责任公司|有限公司|研究院|研究所|实验室))")
# "Du Xiaoman, the consumer-finance company spun off from Baidu, also completed the filing": a name (or a
# list of names) opening the sentence as the subject of an approval verb, appositives allowed.
_SUBJECT_VERB = re.compile(r"(?:[’']s)?(?:\s\([^()]{1,30}\))?(?:\s[“\"‘'][^”\"’']{1,40}[”\"’'])?(?:\s[a-z][\w-]*){0,3}(?:\s[A-Z][\w-]*){0,3}(?:,\s[^,;]{3,90}){0,2},?\s"
                           r"(?:(?:announced|said|says|confirmed|reported|disclosed) that\s(?:its|their|the)\s(?:[A-Za-z][\w-]*\s){0,4}?)?"
                           r"(?:[a-z]+\s){0,6}?(?:also\s|now\s|has\s|have\s|had\s|said\s|says\s|each\s|both\s)*"
                           r"(?:completed|won|received|obtained|got|passed|secured|cleared|made|had|has|have|joined|"
                           r"gained|earned|is|are|was|were|clear|clears|win|wins|get|gets|pass|passes|receive|"
                           r"receives|join|joins|make|makes|said|say)\b")
# "Game publisher Kingnet Network filed a model called Zhimeng", "Shuzhilian filed two industrial models": a filer's
# own filing, told with its object (not "OpenAI filed a motion")
_FILED_A_MODEL = re.compile(r"(?:[’']s)?(?:,\s[^,;]{3,90}){0,2},?\s(?:also\s|has\s|have\s|had\s)?(?:filed|registered|added|files|"
                            r"registers|adds)\s(?:(?:a|an|the|its|their|two|three|four|five|another|one|several|\d+)\s"
                            r"(?:[\w'’-]+\s){0,5}?(?:models?|chatbots?|assistants?|services?|apps?|tools?|versions?)\b"
                            # "filed its Jiliang GPT on July 13", "registered AiCare, an assistant for …": a product by name
                            r"|(?:its\s|their\s)?[A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*){0,2}(?=,|\s(?:on|in|with|through|via|at)\s|\.|$))")
_POSSESSIVE_NAME = re.compile(r"[’']s\s([A-Z][\w.&-]*(?:\s[A-Z][\w.&-]*){0,3})(?=\s(?:has|have|had|filed|registered|added|was|is|also)\b)")
_DESCRIBED_SUBJECT = re.compile(r"(?:,\s|\band\s|\bwhile\s)(?:[a-z][\w-]*\s){0,4}?(?:company|firm|maker|developer|start-?up|"
                                r"group|platform|operator|provider|giant|retailer|bank|brokerage|insurer)\s(?=[A-Z])")
_NEXT_CLAUSE_SUBJECT = re.compile(r"(?:,\sand|;)\s(?=[A-Z])")
_LEAD_DESCRIPTOR = re.compile(r"^[A-Z][a-z][\w-]*(?:-based)?(?:\s(?!(?:says|said|has|have|is|was|announced|reported|"
                              r"confirmed|its|their)\b)[a-z][\w-]*){1,2}\s(?=[A-Z0-9])")
# A dateline before the sentence's subject: "HANGZHOU, China — ", "BEIJING, Aug 31 (Reuters) - "
_DATELINE = re.compile(r"^[A-Z]{3,}(?:[ ,][A-Za-z.]+){0,3}(?:\s\([^)]{1,40}\))?\s(?:—|--|-|–)\s")
# "Zeekr, Geely's premium electric-car brand, has completed ...": the owner of the one approved
_OWNERS_UNIT = re.compile(r"[’']s\s(?:[\w-]+\s){0,3}(?:brand|unit|subsidiary|arm|affiliate|division|spin-?off)\b")
_IS_ANOTHER_ROLE = re.compile(r"\s(?:is|was|are|were)\s(?:also\s)?(?:the|a|an|its)\s(?:[a-z-]+\s)?"
                              r"(?:owner|parent|investor|backer|shareholder|partner|rival|customer|supplier)\b")
_BACKED = re.compile(r"-(?:backed|owned|led|funded|affiliated)\b")
# "Apple approved my AI writing app", "Google has cleared the app": the company approves something of another's
_APPROVES_OTHERS = re.compile(r"\s(?:has\s|had\s)?(?:approved|approves|cleared|clears|rejected|rejects|blocked|blocks)\s"
                              r"(?:my|our|your|their|his|her|the|an?|\w+['’]s)\s(?:[\w-]+\s){0,3}?(?:apps?|applications?|update|listing)\b")
# Any of the three right after a name: one match, not three, after each alias of an approval sentence
_ANOTHER_ROLE_AFTER = re.compile("|".join(f"(?:{p.pattern})" for p in (_BACKED, _OWNERS_UNIT, _IS_ANOTHER_ROLE,
                                                                        _APPROVES_OTHERS)))
_BULLET_ITEM = re.compile(r"^\s*(?:[-•·*▪►]|\d{1,2}[.)])\s(?:an?\s|the\s)?")
_ORG_APPOSITIVE = re.compile(r"(?:[’']s\s[\w-]+)?(?:,\s(?:the|a|an)\s[^,]{0,50}?\b(?:maker|company|firm|start-?up|startup|developer|"
                             r"group|university|institute|laboratory|lab|provider|platform|bank|operator|brokerage)\b"
                             r"|(?:\sin\s[A-Z]\w+)?,?\swith\s(?:its|a|an)\s)")
_ORG_HEAD = re.compile(r"\b(?:Technology|Technologies|Tech|Information|Software|Network|Networks|Intelligence|Intelligent|"
                       r"Robotics|Media|Culture|Digital|Cloud|Group|Bank|Institute|University|Hospital|Holdings|Labs?|"
                       r"Corporation|Co|Ltd)\.?$")
_REPORTER = re.compile(r"\s(?:reported|reports|said|says|wrote|noted|added|according)\b")
_OWN_CLAIM = re.compile(r"\s(?:said|says|announced|confirmed)(?:\s(?:on\s)?[A-Z]?[a-z]+)?(?:\sthat)?\s(?:its|their)\s"
                        r"(?:[\w.-]+\s){0,3}?(?:models?|chatbots?|assistants?|services?|apps?|products?|llms?|LLMs?)\b")
_OWNER_WORD = re.compile(r"\s(?:owner|parent|maker|developer|operator|creator)\s")
_MONTH_NAME = re.compile(r"^(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:\s\d|$)"
                         r"|(?:mon|tues|wednes|thurs|fri|satur|sun)day$)", re.I)
_AMONG_HEAD = re.compile(r"^among\s[^,;]{0,80}?\s(?:are|were|is|was)\s")
_SEP = re.compile(r",?\s(?:and|or)\s|,\s?(?:as well as\s|and\s)?|\sas well as\s|\s?[、和及与]\s?|\s?以及\s?")
_BASED = re.compile(r"^[A-Z][\w-]*-based\s")
_VERB_NEXT = re.compile(r"(?:also\s|now\s)?(?:has|have|had|is|are|was|were|will|said|says|completed|filed|registered|won|"
                        r"received|obtained|got|passed|secured|joined)\s")
_AMONG = re.compile(r"\s(?:were|are|was|is)\s(?:also\s)?among\b")
_AMONG_PEOPLE = re.compile(r"\s(?:the\s)?(?:[a-z-]+\s)?(?:entrepreneurs|executives|founders|people|guests|speakers|"
                           r"attendees|participants|delegates|leaders|bosses|billionaires|officials|experts|investors)\b")
_ZH_END = re.compile(r"[，。；,;：:!?！？()（）]|等")
_ZH_SPLIT = re.compile(r"以及|[、和及与]")
_ZH_TRIM = re.compile(r"(?:的|在|已|均|都|也|获|通过|完成|旗下|推出|研发|等).*$")
_ZH_NAME = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9.]{2,12}$")
_ZH_DEVELOPER = re.compile(r"(?:初创公司|创业公司|科技公司|企业|公司|独角兽)([\u4e00-\u9fffA-Za-z0-9]{2,8}?)"
                           r"(?:开发|研发|推出|打造|自研)的")
_ZH_OWNER = re.compile(r"(?:^|[，。；：、”\"“\s和及与]|[，、]有)([\u4e00-\u9fffA-Za-z0-9]{2,14}?)(?:公司|集团)?(?:的|旗下的?)[“\"《「『]")
_ZH_ROLE = re.compile(r"(?:^|[，。；：、”\"“\s])([\u4e00-\u9fffA-Za-z0-9]{2,8}?)(?:公司)?"
                      r"(?:联合创始人|创始人|首席执行官|CEO|董事长|总裁|发言人)")
# Enumerators that also start ordinary clauses ("其中北京占比最高"): only a real list counts after them.
_NOT_ZH_NAMES = frozenset({"自主", "独立", "联合", "共同", "自行", "面向企业客户", "面向企业", "国家", "同一主体名下",
                           "同一主体", "该公司", "这家公司", "该企业",
                           # a list of kinds of staff or work: 涵盖技术、法务、业务等核心人员
                           "技术", "法务", "业务", "运营", "产品", "研发", "市场", "销售", "合规", "安全"})
_ZH_WEAK_ENUM = frozenset({"其中", "如"})
_WORDING = frozenset({"approval", "batch", "model", "total", "sum", "increment", "period", "filed", "registered",
                      "negation", "relative_date"})
_NOT_NAMES = frozenset({"agi", "asi", "gpu", "gpus", "api", "apis", "ceo", "cto", "ipo", "saas",
                        "ai", "llm", "llms", "the", "a", "an", "it", "its", "gpt", "cac", "china", "beijing",
                        "shanghai", "chinese", "us", "u.s", "eu", "uk", "models", "中国", "北京", "上海",
                        # nationalities open descriptions ("the German software group SAP"), never a filer's name
                        "german", "french", "american", "japanese", "korean", "south korean", "british", "swedish",
                        "italian", "dutch", "swiss", "european", "taiwanese", "indian", "canadian", "foreign",
                        # days of the calendar a list pattern can take for a name ("just before Christmas, cleared
                        # nine models")
                        "christmas", "easter", "new year", "new year's", "lunar new year", "chinese new year",
                        "spring festival", "national day", "golden week", "thanksgiving", "mid-autumn festival",
                        "dragon boat festival", "labour day", "labor day", "singles' day", "black friday",
                        # adverbs that open a sentence before its count ("Nationwide, 117 services had been filed")
                        "nationwide", "overall", "altogether", "meanwhile", "separately", "elsewhere", "globally",
                        "domestically", "additionally", "however", "moreover", "furthermore", "together", "combined",
                        "collectively", "locally", "currently", "previously", "earlier", "later", "today",
                        "yesterday", "recently", "nationally", "in total", "in all", "so far", "to date",
                        # Chinese adverbs and adjectives an owner pattern can take for a name ("真正的“不予备案”较少见")
                        "真正", "所谓", "一般", "通常", "正式", "最终", "实际", "同样", "其他", "相关", "有关", "上述",
                        "这些", "那些", "所有", "全部", "部分", "多数", "少数", "个别", "真正意义上",
                        # a brief's labels ("- Summary: Chang'an Automobile has announced …")
                        "summary", "background", "update", "note", "context", "analysis", "takeaway", "takeaways",
                        "key points", "key takeaways", "what happened", "why it matters", "bottom line", "outlook",
                        # an explainer's bullet labels ("- Process: submit filing materials …", "- Register: …")
                        "process", "register", "registration", "filing", "requirements", "requirement", "scope",
                        "timeline", "deadline", "procedure", "steps", "step", "documents", "materials", "penalties",
                        "exemptions", "obligations", "status", "result", "results", "definition", "example", "tip",
                        "who", "what", "when", "how", "why", "where", "risk", "risks", "cost", "costs", "fees"})

# Sectors listed where names would be ("新上榜的模型来自教育、金融、医疗、工业等垂直领域"), and the openings of
# a clause or a headline that a list pattern can take for a name ("在30日举行", "近期爆红", "First Chinese").
_ZH_SECTORS = frozenset({"教育", "金融", "医疗", "工业", "政务", "文旅", "交通", "能源", "制造", "农业", "法律", "游戏",
                         "电商", "零售", "汽车", "传媒", "广告", "营销", "客服", "办公", "科研", "城市", "物流", "安全"})
# ... and pronouns and negations, which open a clause, never a name ("它不是简单的技术登记")
_ZH_CLAUSE_OPENING = re.compile(r"^(?:在|于|近期|最近|日前|近日|此前|目前|今年|去年|它|他|她|我们|你们|我|你|这|那|其|已|两者|不少|许多|有一"
                                r"|面向|针对|用于|基于|服务于|专为)"
                                r"|[0-9]+日|不是|并非|没有|都(?:被|在|是|已|有)|[被把]|是[银医高企公]|已从|已经|最初|当中|之中")
_EN_NOT_NAME_OPENING = re.compile(r"^(?:First|Second|Third|New|Latest|Other|More|Several|Some|Many|Most|All|Both)\s")


def _not_a_name(raw: str) -> bool:
    core = raw.removesuffix("行业").removesuffix("领域")
    return (core in _ZH_SECTORS or bool(_ZH_CLAUSE_OPENING.search(raw)) or bool(_EN_NOT_NAME_OPENING.match(raw))
            or fold(raw) in _NOT_NAMES or bool(_ORIGIN_ADJECTIVE.search(raw)) or bool(_ZH_NOT_A_NAME.search(raw)))


_ZH_REFERENCE = re.compile(r"^由?该(台|公司|集团|院|所|行|中心|大学)")


def _named_before(text: str, start: int, head: str) -> tuple[int, str] | None:
    """The last organisation before ``start`` whose name ends in ``head`` (台: 苏州市广播电视总台)."""
    found = None
    for m in re.finditer(rf"[\u4e00-\u9fff]{{2,14}}?{head}(?![\u4e00-\u9fff]{{0,1}}{head})", text[:start]):
        found = m
    if found is None:
        return None
    name = found.group()
    while (lead := _ZH_NAME_LEAD.match(name)) is not None and lead.end() < len(name):
        name = name[lead.end():]  # 记者从苏州市广播电视总台: past 记者, then past 从
    return (found.end() - len(name), name) if len(name) > len(head) + 1 else None


_ZH_NAME_LEAD = re.compile(r"^.*?(?:从|在|据|向|由|对|与|和|经|记者|获悉|消息)")  # (read off one at a time)


# A language ("藏语、老挝语大模型相继完成备案"), a demonstrative or a verb of the sentence ("江苏这次交出的“成绩单”"):
# words of a clause, never a filer's name
_ZH_NOT_A_NAME = re.compile(r"^[\u4e00-\u9fff]{1,3}语$|这次|此次|本次|这一|那些|交出|公布了|发布了"
                            # an analyst's advice and a scene ("建议关注政务、教育等场景中已完成备案…的标的"), a maker
                            # told by reference ("由该台自主研发的“周到大模型”")
                            r"|建议|关注|场景|^由|该台|该公司|该集团|该院|自主研发"
                            # a use of the tools, in a list of them ("获准许的用途，例如起草、总结资讯等")
                            r"|^(?:总结|起草|撰写|翻译|润色|改写|校对|检索|搜索|摘要|问答|编程|绘图)")


# "Shanghai-built models", "Beijing-based start-ups": where something comes from, not who filed it
_ORIGIN_ADJECTIVE = re.compile(r"-(?:built|based|developed|made|designed|listed|owned|run|born|grown|headquartered|trained|"
                               # ... and what something is made with ("an AI-enhanced search system")
                               r"enhanced|powered|driven|enabled|assisted|generated|native|related|focused|first)$")


def _person_or_authority(text: str, raw: str, end: int) -> bool:
    """"US President Joe Biden", "Joseph Tsai, Alibaba's chairperson": a person; "the Cyberspace Administration of
    China", a ministry: the state that regulates, never a filer (unless the name is a unit that serves, such as
    a ministry's information centre)."""
    words = [w.lower().rstrip(".") for w in raw.split()[:2]]
    if any(w in _PERSON_TITLES for w in words) or _PERSON_APPOSITION.match(text, end):
        return True
    return bool(_AUTHORITY.search(raw)) and not _SERVING_UNIT.search(raw)


_PERSON_APPOSITION = re.compile(r",\s(?:the\s|its\s)?(?:[A-Z][\w.&-]*\s){0,3}?(?:[A-Z][\w.&-]*['’]s\s)?(?:[a-z-]+\s)?"
                                r"(?:co-?founder|founder|chief|ceo|chair(?:man|woman|person)?|president|"
                                r"spokes(?:man|woman|person)|executive|director|minister|secretary|professor|analyst)\b")
_AUTHORITY = re.compile(r"\b(?:Cyberspace|Administration|Ministry|Commission|Bureau|Authority|Authorities|Agency|"
                        r"Regulators?|State Council|Government|Congress|Parliament|Senate|Court|"
                        # regulators by their acronyms ("MeitY has advised the companies to add a pop-up")
                        r"MeitY|MIIT|NDRC|SAMR|NMPA|FTC|SEC|FCC|CAC|ICO|CNIL|PIPC|Garante|Ofcom|"
                        r"AI Office)\b")  # (the EU's AI Office enforces the AI Act; it files nothing)
_SERVING_UNIT = re.compile(r"\b(?:Cent(?:er|re)|Institute|University|Hospital|Company|Co|Ltd|Group|Corporation|Bank|"
                           r"Publishing|Press|Television|Radio|Media|Library|Museum)\b")


class Company(NamedTuple):
    name: str
    model: str | None
    known: bool
    rule: str
    start: int


_SEMICOLON = re.compile(r"[；;]")
_LIST_OPENER = re.compile(r"^\s*(?:among them|including|such as|like|notably|in particular|namely|其中|包括|如)")


# An institution's name goes on past "of": "Dalian Institute of Chemical Physics", "Ministry of Water Resources"
_INSTITUTION_HEAD = re.compile(r"\b(?:Institute|University|Academy|Ministry|Centre|Center|Bureau|Administration|School|"
                               r"College|Laborator(?:y|ies)|Department|Office|Commission|Council|Society|Association)$")
_PLACE_IN_NAME = re.compile(r"\s\((?:Beijing|Shanghai|Shenzhen|Guangzhou|Hangzhou|Suzhou|Nanjing|Wuhan|Chengdu|Tianjin|"
                            r"Chongqing|Xiamen|Hefei|Xi'an|Qingdao|Jinan|Changsha|Zhengzhou|Fuzhou|Shenyang|Dalian|China)\)"
                            r"(?:\s[A-Z][\w&'’-]*){1,4}")
_OF_NAME = re.compile(r"\sof\s(?:the\s)?[A-Z][\w&'’-]*(?:\s(?:and\s)?[A-Z][\w&'’-]*){0,4}")


_PRODUCT_NAMED = re.compile(r"(?:n(?<=\bn)amed|c(?<=\bc)alled|d(?<=\bd)ubbed|b(?<=\bb)randed)\s$")  # (\b read back: scanned for)


# "投资建议：建议关注…的厂商，如科大讯飞、金山办公": a broker's picks, not filers
_ADVICE = re.compile(r"建议关注|投资建议|推荐关注|受益标的|相关标的")  # (not "Stocks to watch: … on China's AI register")


def companies(s: Sentence) -> list[Company]:
    """Every company the sentence reports as approved: known aliases first seen first, then raw names in
    text order; none in a clause that negates the approval or names the company in another role."""
    if ("建议" in s.text or "标的" in s.text) and _ADVICE.search(s.folded):
        return []
    found: dict[str, tuple[int, str | None, bool, str]] = {}
    for m in s.aliases:
        if m.kind == "regulation" or _ANOTHER_ROLE_AFTER.match(s.folded, m.end):
            continue  # "Huawei-backed brands", "Alibaba is the owner of the Post": the company in another role
        if m.end - m.start == 2 and _inside_cjk_word(s.text, m.start, m.end):
            continue  # 海信 inside 蓝海信息, 百度 inside 一百度: a short name in the middle of another word
        model = m.surface if m.kind == "model" else None
        if model and _owner_named(s, m.start, m.canonical):
            continue  # 小米科技的「小米澎湃影像」: the text says whose model it is; its filing entity stays unnamed
        prev = found.get(m.canonical)
        if prev is None or (prev[1] is None and model):
            found[m.canonical] = (prev[0] if prev else m.start, model, True, "company.alias_in_approval_context")
    for start, raw, rule in [*_enumerated(s), *_subjects(s), *_zh_described(s), *_lists_with_known(s),
                             *_zh_subject_list(s), *_made_by(s)]:
        end = start + len(raw)
        if _INSTITUTION_HEAD.search(raw) and (tail := _OF_NAME.match(s.text, end)) is not None:
            raw, end = raw + tail.group(), tail.end()  # "the Dalian Institute of Chemical Physics": one name
        elif raw.isascii() and (tail := _PLACE_IN_NAME.match(s.text, end)) is not None:
            raw, end = raw + tail.group(), tail.end()  # "Yuyao (Beijing) Technology": a legal name's place inside it
        if _PRODUCT_NAMED.search(s.text, max(0, start - 12), start):
            continue  # "an industry model named Guanlan from Hikvision": the product, its maker named after it
        if any(a.start < end and start < a.end for a in s.aliases) or _is_wording(s, start, end):
            continue
        if _POSSESSIVE_AT.match(s.text, end) and any(a.start == end + 3 and a.kind == "company" for a in s.aliases):
            continue  # "Kai-Fu Lee's 01.AI": the known company after the possessive is the filer, not its founder
        if rule == "company.described_unknown" and _quotes_other(s, raw, end):
            continue  # 马蜂窝的“马蜂窝AI助手” (a known filer's product), 语料来源说明的“备案” (a procedure)
        if (ref := _ZH_REFERENCE.match(raw)) is not None and (named := _named_before(s.text, start, ref.group(1))):
            start, raw = named  # "记者从苏州市广播电视总台获悉，由该台自主研发的…": 该台 is the station named before
            end = start + len(raw)
        if raw in _NOT_ZH_NAMES or raw.endswith(("名下", "旗下", "之下", "名单", "其中", "名单中", "列表中", "清单中")) \
                or raw.startswith(("名单", "清单")) or _not_a_name(raw) or _person_or_authority(s.text, raw, end) \
                or any(h.start <= start and end <= h.end for h in s.hits
                       if h.family == "locality" or h.family.startswith("jur:")):
            continue  # "provinces such as Shanxi", "自主研发", "来自教育、金融、医疗等领域"
        if rule == "company.described_unknown" and (lead := _ZH_DESCRIPTOR_LEAD.match(raw)) is not None:
            start, raw = start + lead.end(), raw[lead.end():]  # 网络文学平台中文在线 -> 中文在线
            end = start + len(raw)
        found.setdefault(s.raw[start:end] if len(s.raw) == len(s.text) else raw, (start, None, False, rule))
    if not found:
        return []
    blocked = _blocked_positions(s)
    # "其中，vivo于近日宣布了…；华为不断迭代盘古大模型…；火山引擎还与OPPO、小米等成立联盟": a sentence that is on the list
    # only by its opener ("among them", after the list's sentence) and tells no filing of its own: its names after
    # the first semicolon are in clauses of their own, about something else
    semicolon = _SEMICOLON.search(s.text) if _LIST_OPENER.match(s.folded) else None
    first_clause_end = (semicolon.start() if semicolon and not s.of("approval", "filed", "registered")
                        else len(s.text))
    out = []
    for name, (start, model, known, rule) in sorted(found.items(), key=lambda kv: kv[1][0]):
        if blocked(start) or start > first_clause_end:
            continue
        out.append(Company(name, model, known, rule, start))
    return out


# Characters that may stand right beside a short Chinese name without making one word with it
_ZH_FUNCTION_BEFORE = frozenset("与和及、的在由对向给为被将把从跟同让是有，。；：（(“\"「『《 如像包括含等及其也")
_ZH_FUNCTION_AFTER = frozenset("的、等和及与也已均都在完成通过旗下推出发布，。；：）)”\"」』》 公集科旗智云大模等于将正还又")


def _inside_cjk_word(text: str, start: int, end: int) -> bool:
    """A two-character name with word characters on both sides that may not stand beside a name:
    海信 in 蓝海信息."""
    if start == 0 or end >= len(text):
        return False
    before, after = text[start - 1], text[end]
    return ("\u4e00" <= before <= "\u9fff" and "\u4e00" <= after <= "\u9fff"
            and before not in _ZH_FUNCTION_BEFORE and after not in _ZH_FUNCTION_AFTER)


_OWNER_GAP = re.compile(r"^\s?(?:的|['’]s)\s?[“\"「『]?$")


def _owner_named(s: Sentence, start: int, canonical: str) -> bool:
    """Another company's name stands right before this model with a possessive ("Xiaomi's", 小米的)."""
    return any(a.kind == "company" and a.canonical != canonical and 0 <= start - a.end <= 4
               and _OWNER_GAP.match(s.folded[a.end:start]) for a in s.aliases)


# A descriptor written before a Chinese name: 网络文学平台 (中文在线), 图书公司 (果麦文化), 资安业者 (奇安信)
_ZH_DESCRIPTOR_LEAD = re.compile(r"^[\u4e00-\u9fff]{2,8}?(?:平台|公司|企业|厂商|品牌|业者|服务商|开发商|运营商|制造商|巨头)"
                                 r"(?=[\u4e00-\u9fffA-Za-z]{2,}$)")


_PROCEDURE_QUOTED = re.compile(r"[的下]?[“\"《「『](?:备案|登记|许可|安全评估|审批|双新评估)")


def _quotes_other(s: Sentence, raw: str, end: int) -> bool:
    """The quoted name after "X的" is a procedure, or a product the dataset knows whose maker it names by X
    (马蜂窝的“马蜂窝AI助手”: the maker is reported under the dataset's name already). Not when the dataset's
    maker is another company: 平安证券的“平安智能助手” is the broker's, whatever the dataset says."""
    if _PROCEDURE_QUOTED.match(s.text, end):
        return True
    name = fold(raw)
    return any(a.kind != "regulation" and end < a.start <= end + 4
               and (fold(a.surface).startswith(name) or name in fold(a.canonical)) for a in s.aliases)


def _never(pos: int) -> bool:
    return False


_NEVER = _never


_APPOSITION = re.compile(r"[\s,]*(?:the|a|an)\s")


def _launched_parts(s: Sentence) -> list[tuple[int, int]]:
    """Parts of the sentence between semicolons that tell a launch and no approval ("…獲准上線；騰訊「混元」則於上周
    亮相"): the companies there were shown, not approved."""
    parts = semicolon_parts(s.folded)
    if len(parts) < 2:
        return []
    out = []
    for a, b in parts:
        hits = [h.family for h in s.hits if a <= h.start < b]
        if "launch" in hits and not {"approval", "filed", "registered", "membership", "negation"} & set(hits):
            out.append((a, b))
    return out


def _list_goes_on(folded: str, start: int) -> bool:
    """The clause at ``start`` carries on the list before it: after a comma or a bracket, not after a semicolon,
    and not as the next item of an outer list (", and speech-technology firm Unisound" after "Xiaoice, the
    company spun out of Microsoft")."""
    sep = folded[:start].rstrip()[-1:]
    return sep in "()（）、" or (sep in ",，" and _NEXT_ITEM.match(folded, start) is None)


_NEXT_ITEM = re.compile(r"\s*(?:and|or)\s")


_LISTS_MEMBERS = re.compile(r"\b(?:which|that|list|lists|batch|round|group|register|roster|tranche|ones|cohort)\b")


_ZH_RIVALS = re.compile(r"与([^，。；与]{2,30}?)(?:等(?:公司|企业|对手))?(?:公开|正面|直接|同台)?(?:竞争|抗衡|角逐|较量|竞逐)")


def _blocked_positions(s: Sentence):
    """A test for positions whose company is not approved here: in a clause with a `negation` term
    ("was not among", "still waiting", "尚未", "未见"), in a list that opens right after such a clause
    ("missing from the group, among them Alibaba"), or right after a `not_approved_party` phrase
    ("spun off from Baidu", "a round led by Alibaba", "rival Tencent"). When every approval word of
    the sentence stands in negated clauses, the whole sentence is negated."""
    launched_only = _launched_parts(s) if s.of("launch") else []
    if not s.of("negation") and not s.of("not_approved_party"):
        if launched_only:
            return lambda pos: any(a <= pos < b for a, b in launched_only)
        return _NEVER  # most approval sentences: nothing to block, no clauses to compute
    bounds = s.clause_bounds()
    clause = s.clause_index
    negated = {clause(h.start) for h in s.of("negation")}
    for i in sorted(negated):
        if i + 1 < len(bounds) - 1 and _LIST_OPENER.match(s.folded[bounds[i + 1]:bounds[i + 1] + 16]):
            negated.add(i + 1)
        # "other firms, including Alibaba Group (9988.HK), have not received approval": the list is the subject
        # (a short clause between, such as a ticker, is passed over)
        j = i - 1
        while j > 0 and bounds[j + 1] - bounds[j] <= 12:
            j -= 1
        if j >= 0 and _LIST_OPENER.match(s.folded[bounds[j]:bounds[j] + 16]):
            negated.update(range(j, i))
    # (an "include" counts only when it lists a batch's or a list's members: "the first round …, which included
    # Baidu" does, "Apple Intelligence includes ChatGPT integration, but OpenAI's models have not been approved" does
    # not, and that sentence is negated whole)
    approvals = [clause(h.start) for h in s.of("approval", "membership")
                 if not h.term.startswith("includ") or _LISTS_MEMBERS.search(s.folded, max(0, h.start - 40), h.start)]
    whole = bool(negated) and all(c in negated for c in approvals)
    # (not a compound's first half: "a customer-service model from Xiaoduo" names no customer)
    parties = [(h.end, clause(h.start)) for h in s.of("not_approved_party") if s.folded[h.end:h.end + 1] != "-"]
    # ... and into an apposition that follows its clause ("similar to ChatGPT, the chatbot developed by OpenAI")
    # or the short items of a list it opens ("home to SenseTime, MiniMax and a cluster of start-ups")
    # (a Chinese membership verb is the clause's approval: 爱奇艺、优酷也都已有产品进入名单; English ones such as
    # "among them" are too weak for it)
    approval_clauses = {clause(h.start) for h in s.of("approval", "filed", "registered", "membership")
                        if h.family != "membership" or not h.term.isascii()}
    for _, c in list(parties):
        j = c + 1
        while j < len(bounds) - 1 and j not in approval_clauses and _list_goes_on(s.folded, bounds[j]) and (
                _APPOSITION.match(s.folded, bounds[j]) or bounds[j + 1] - bounds[j] <= 40
                or s.folded[:bounds[j]].rstrip()[-1:] in "(（"):  # a bracket belongs to what it follows
            parties.append((bounds[j], j))
            j += 1
    approved_after = [(h.start, clause(h.start)) for h in s.of("approval")]
    # 可以与OpenAI和微软等公司公开竞争: the rivals between 与 and 竞争, named before the word that says so
    rivals = [m.span(1) for m in _ZH_RIVALS.finditer(s.text)] if "与" in s.text else []

    def blocked(pos: int) -> bool:
        if whole or clause(pos) in negated or any(a <= pos < b for a, b in launched_only):
            return True
        if any(a <= pos < b for a, b in rivals):
            return True
        # "a round led by Alibaba", "partners including OPPO, ..., and Zhejiang University", "spun off from
        # Baidu": a company after such a phrase, in its clause, is named in that other role, unless the
        # clause then says it was approved ("months after rivals Baidu and Alibaba won similar clearance").
        c = clause(pos)
        return any(end <= pos and c == pc for end, pc in parties) and not any(
            start > pos and ac == c for start, ac in approved_after)

    return blocked


def _is_wording(s: Sentence, start: int, end: int) -> bool:
    return any(h.start < end and start < h.end for h in s.hits if h.family in _WORDING)


def _chain_at(s: Sentence, pos: int) -> tuple[list[tuple[int, str]], int]:
    """``_chain(s.text, pos)``, chained once per sentence and offset: "including Xiaomi, 4Paradigm and 01.AI" is
    read from Xiaomi both as an enumeration and as a list with a known name. (Callers do not change the list.)"""
    key = ("chain", pos)
    found = s.memo.get(key)
    if found is None:
        found = s.memo[key] = _chain(s.text, pos)
    return found  # type: ignore[return-value]


def _chain(text: str, pos: int) -> tuple[list[tuple[int, str]], int]:
    """Title-case names from ``pos`` joined by commas, "and", "as well as"; and where the list ends.

    An item may carry a lower-case descriptor before it ("smartphone maker Xiaomi", "video site
    Bilibili") and an appositive after it ("Xiaoice, the chatbot company spun out of Microsoft,")."""
    items = []
    end = pos
    while True:
        lead = _DESCRIPTOR.match(text, pos)
        m = _NAME.match(text, lead.end() if lead else pos) or _NAME.match(text, pos)
        if m is None:
            break
        end = m.end()
        raw = m.group(1).rstrip(".")
        start = m.start(1)
        based = _BASED.match(raw)
        if based:
            raw, start = raw[based.end():], start + based.end()
        product = _PRODUCT_FROM.match(text, m.end())
        if product:  # "the Tiangong model from Kunlun Tech": the maker after "from" is the item
            nxt = _NAME.match(text, product.end())
            if nxt is None:
                break
            m, raw, start = nxt, nxt.group(1).rstrip("."), nxt.start(1)
            end = m.end()
        owner = _OWNER_WORD.match(text, m.end())
        if owner:  # "TikTok owner ByteDance": the name after the role word is the company
            nxt = _NAME.match(text, owner.end())
            if nxt is None:
                break
            m, raw, start = nxt, nxt.group(1).rstrip("."), nxt.start(1)
            end = m.end()
        if _REPORTER.match(text, m.end()) and (items or not _OWN_CLAIM.match(text, m.end())):
            break  # "..., the Securities Times reported": the source, not a list item
        # (but "Lingxin Intelligence said its Xiaotian model had been approved": the speaker tells of its own)
        possessive = _POSSESSIVE_S.search(raw)
        raw = raw[:possessive.start()].strip() if possessive else raw.strip()
        if possessive and _PERSON_AFTER.match(text, start + possessive.end()):
            raw = ""  # "Sogou founder's Baichuan": Sogou describes the founder, Baichuan is the company
        if raw.lower().endswith("-based") or (raw and _PERSON_AFTER.match(text, start + len(raw))):
            raw = ""  # "US-based", "Sogou founder Wang Xiaochuan"
        if raw and raw.split()[0].lower().rstrip(".") in _PERSON_TITLES:
            raw = ""  # "officials including Premier Li Qiang"
        if raw and fold(raw) not in _NOT_NAMES and not _MONTH_NAME.match(raw) and not raw.replace(",", "").isdigit():
            items.append((start, raw))
        after = m.end()
        tail = _ITEM_TAIL.match(text, after)
        if tail:
            after = tail.end()
        sep = _SEP.match(text, after)
        if sep is None or _VERB_NEXT.match(text, sep.end()):
            break  # ("Chengdu Koala Youran Technology, a computer-vision developer, has completed …": the list's verb)
        pos = sep.end()
    return items, end


_POSSESSIVE_S = re.compile(r"[’']s\b")
_POSSESSIVE_AT = re.compile(r"[’']s\s")
_PRODUCT_FROM = re.compile(r"\s(?:[a-z-]+\s){0,2}(?:model|chatbot|assistant|app|service|agent|tool)s?\s(?:from|by)\s")
_PERSON_TITLES = frozenset({"premier", "president", "minister", "vice", "governor", "chairman", "chairwoman", "secretary",
                            "mr", "ms", "mrs", "dr", "professor", "senator", "ambassador", "chancellor",
                            # "officially filed by Sen. Tom Leek": a lawmaker files bills, not models
                            "sen", "rep", "gov", "assemblymember", "assemblyman", "assemblywoman", "congressman",
                            "congresswoman", "delegate", "judge", "justice"})  # ("Judge Vince Chhabria cleared …")
# 初创公司, 主要科技公司, 多家企业: a kind of company, not one
_ZH_GENERIC_ORG = re.compile(r"^(?:主要|大型|初创|头部|部分|一些|多家|其他|国内|国外|海外|相关|中小|各大|民营|国有)*"
                             r"(?:科技|互联网|人工智能|AI|大模型|平台)?(?:公司|企业|厂商|机构)$")
_PERSON_AFTER = re.compile(r"\s?(?:co-?)?(?:founder|chief|ceo|chairman|president|executive|alumnus|veteran)(?:[’']s)?\b")


# "'Zhezhe', a tourism and culture model from Zhejiang Digital Culture and Tourism Development, filed on Sept. 11": a
# product's appositive that names its maker, in a sentence that tells a filing
_MODEL_FROM = re.compile(rf",\s(?:an?|the)\s(?:[\w-]+\s){{0,5}}?(?:model|chatbot|assistant|app)\s(?:from|by|of)\s(?:the\s)?"
                         rf"({PROPER_NAME}(?:\s(?:and|&)\s{PROPER_NAME})?)(?=,)")


def _made_by(s: Sentence) -> list[tuple[int, str, str]]:
    if ", a" not in s.text and ", the" not in s.text:
        return []
    return [(m.start(1), m.group(1), "company.made_by_unknown") for m in _MODEL_FROM.finditer(s.text)
            if any(h.start >= m.end() and h.start - m.end() <= 40 for h in s.of("approval", "filed", "registered"))]


def _enumerated(s: Sentence) -> list[tuple[int, str, str]]:
    items: list[tuple[int, str, str]] = []
    for hit in s.of("enumeration"):
        if hit.term.isascii():
            pos = hit.end
            colon = s.text.find(": ", pos, pos + 50)
            if colon >= 0:
                pos = colon + 2  # "come from well-known consumer platforms: video site Bilibili, ..."
            while pos < len(s.text) and s.text[pos] == " ":
                pos += 1
            chain = _chain_at(s, pos)[0]
            if hit.term in ("such as", "like"):
                # "algorithms such as those behind OpenAI's ChatGPT, Google's Bard": products named as examples, their
                # makers no filers
                chain = [(start, raw) for start, raw in chain if not _POSSESSIVE_AT.match(s.text, start + len(raw))]
            items.extend((start, raw, "company.enumeration_unknown") for start, raw in chain)
            continue
        end = _ZH_END.search(s.text, hit.end)
        segment = s.text[hit.end:end.start() if end else len(s.text)]
        parts = _ZH_SPLIT.split(segment)
        if hit.term in _ZH_WEAK_ENUM and len(parts) < 2:
            continue
        seg_start = hit.end
        known_in_list = any(seg_start <= a.start < seg_start + len(segment) for a in s.aliases)
        for part in parts:
            name = _ZH_TRIM.sub("", part.strip())
            # A list of names with a known company in it, or a name that reads as an organisation:
            # "比如模型的主要用途、适用场景和安全措施" is a list of nouns, not of companies.
            if (_ZH_NAME.match(name) and fold(name) not in _NOT_NAMES and not _ZH_GENERIC_ORG.match(name)
                    and (known_in_list or _ZH_ORG_SUFFIX.search(name))):
                items.append((hit.end + segment.find(name), name, "company.enumeration_unknown"))
    return items


# A clause whose subject is a list of filers: "长沙智能制造研究总院、华自科技等也有模型完成备案",
# "星辰数智、蓝海信息和云帆科技等企业的模型也已完成备案"
_ZH_SUBJECT_LIST = re.compile(
    r"(?:^|[，。；：,;:])\s?(?:其后|此后|随后|之后|另外|此外|同时)?\s?((?:[\u4e00-\u9fffA-Za-z0-9]{2,14}[、和及与]){1,8}"
    r"[\u4e00-\u9fffA-Za-z0-9]{2,14}?)等?(?:(?:(?!等)[\u4e00-\u9fff]){2}(?=公司|企业))?(?:企业|公司|单位|机构)?(?:的(?:大?模型|产品|服务|应用))?(?:也|均|都|亦|已|经|有){0,4}(?:模型|大模型|产品)?"
    r"(?:(?:先后|陆续|相继)?(?:完成|通过)了?(?:国家|国家网信办)?(?:备案|登记)|(?:陆续|相继|随后|也)(?:跟进|入列|在列|上榜)"
    r"|(?:进入|登上|入选|出现在)(?:备案|登记)?(?:名单|清单))")


# products, places and dates are listed the same way: 小米的AI搜索、浏览器AI和AI写作三项功能在北京, 陆3、4月
# the openings of a clause that has no filer for its subject: 该公司, 此外, 本期, 湖南又有2款
_ZH_NOT_ONE = re.compile(r"^(?:该|这|此|其|本|另|同|今|去|当|全|各|多|首|湖南|北京|上海|广东|浙江|江苏|福建|四川|山东|"
                         r"湖北|河南|安徽|重庆|天津)|(?:公司|企业|平台|机构|单位|品牌|厂商|业者)$")
_ZH_NOT_LIST_NAME = re.compile(r"的|在|\d|[今去明]年|[本上下]月|功能|应用$|产品$|服务$|项")


# One filer as a clause's subject, with its own count: "运动品牌安踏也有一款应用在福建完成登记"
_ZH_SUBJECT_ONE = re.compile(
    r"(?:^|[，。；：,;:])\s?([\u4e00-\u9fffA-Za-z0-9]{2,16}?)(?:也|又|还|亦)有(?:一|两|二|三|\d{1,2})款"
    r"(?:[\u4e00-\u9fffA-Za-z]{0,8}?)(?:模型|大模型|应用|产品|服务|功能)[^，。；]{0,12}?(?:完成|通过)了?(?:备案|登记)")


def _zh_subject_list(s: Sentence) -> list[tuple[int, str, str]]:
    if "备案" not in s.text and "登记" not in s.text:
        return []
    items: list[tuple[int, str, str]] = []
    text = s.text
    # (Substring tests first, each implied by its pattern: every match of _ZH_SUBJECT_ONE holds 有 and 款; every one
    # of _ZH_SUBJECT_LIST a separator of its list and 完成, 通过, 跟进, 入列, 在列, 上榜, 名单 or 清单. Most sentences
    # lack them and are not searched: both patterns are tried at every position.)
    one = "有" in text and "款" in text
    for m in _ZH_SUBJECT_ONE.finditer(text) if one else ():
        name = m.group(1)
        if (lead := _ZH_DESCRIPTOR_LEAD.match(name)) is not None:
            name = name[lead.end():]  # 运动品牌安踏 -> 安踏
        if (_ZH_NAME.match(name) and fold(name) not in _NOT_NAMES and not _ZH_GENERIC_ORG.match(name)
                and not _not_a_name(name) and not _ZH_NOT_LIST_NAME.search(name) and not _ZH_NOT_ONE.search(name)):
            items.append((s.text.find(name, m.start(1)), name, "company.zh_subject_list"))
    listed = (("、" in text or "和" in text or "及" in text or "与" in text)
              and ("完成" in text or "通过" in text or "跟进" in text or "入列" in text or "在列" in text or "上榜" in text
                   or "名单" in text or "清单" in text))
    for m in _ZH_SUBJECT_LIST.finditer(text) if listed else ():
        pos = m.start(1)
        if any(_ZH_NOT_LIST_NAME.search(part) for part in _ZH_SPLIT.split(m.group(1))):
            continue  # one product or place in the list makes it a list of those
        for part in _ZH_SPLIT.split(m.group(1)):
            name = part.strip()
            if (lead := _ZH_DESCRIPTOR_LEAD.match(name)) is not None:
                name = name[lead.end():]  # 设计平台稿定 -> 稿定
            if (_ZH_NAME.match(name) and fold(name) not in _NOT_NAMES and not _ZH_GENERIC_ORG.match(name)
                    and not _not_a_name(name) and not _ZH_NOT_LIST_NAME.search(name)):
                items.append((s.text.find(name, pos), name, "company.zh_subject_list"))
    return items


def _lists_with_known(s: Sentence) -> list[tuple[int, str, str]]:
    """"... and iQiyi, Hanvon Technology, Yinxiang Biji, Zhaopin and Qidian Xingyu have one each": the names
    that follow a known one in its list are filers too, whether the dataset knows them or not."""
    items: list[tuple[int, str, str]] = []
    covered = -1
    for m in s.aliases:
        if m.kind == "regulation" or m.start < covered or not s.text[m.start:m.end].isascii():
            continue
        names, end = _chain_at(s, m.start)
        covered = end
        if len(names) >= 3:  # a list, not a pair told in passing ("Xiaomi and its rival")
            starts = {a.start for a in s.aliases}
            items.extend((start, raw, "company.listed_with_known") for start, raw in names[1:]
                         if not _owner_of_next(s.text, start + len(raw), starts))
    return items


_OWNER_S = re.compile(r"[’']s\s")


def _owner_of_next(text: str, end: int, starts: set[int]) -> bool:
    """"Kai-Fu Lee's 01.AI": the name owns the known one after it, which is the list's item."""
    owner = _OWNER_S.match(text[end:end + 3])
    return owner is not None and end + owner.end() in starts


_PERSON_ROLE = re.compile(r",\s(?:the\s)?(?:[a-z-]+\s){0,2}(?:chief|head|director|engineer|spokesperson|spokesman|"
                          r"spokeswoman|ceo|founder|chairman|chairwoman|president|official|analyst|professor|minister|"
                          r"deputy|secretary|partner|lawyer|researcher)\b")
_STARTERS = frozenset({"no.", "no", "yes", "yes.", "by", "as", "at", "in", "on", "of", "for", "from", "with", "after", "before", "since", "until",
                       "during", "between", "through", "throughout", "within", "across", "among", "amid", "per",
                       "the", "a", "an", "more", "most", "some", "many", "all", "both", "each", "regulators", "officials",
                       "authorities", "analysts", "investors", "companies", "firms", "developers", "models", "services",
                       "china", "chinese", "beijing", "shanghai", "this", "that", "these", "those", "it", "they", "we",
                       "nearly", "about", "around", "over", "under", "only", "just", "another", "other", "local",
                       "state", "national", "provincial", "new", "latest", "and", "but", "so", "also", "then", "now",
                       "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                       "dozens", "several", "further", "furthermore", "moreover", "additionally", "lastly", "finally",
                       "meanwhile", "however", "separately", "similarly", "likewise", "still", "yet",
                       "western", "eastern", "foreign", "overseas", "rival"}) | _PERSON_TITLES


_TITLE_BEFORE = re.compile(r"\b(?:chairman|chairwoman|chair|founder|co-founder|ceo|chief executive|president|"
                           r"spokesman|spokeswoman|spokesperson|analyst|minister|director|engineer)\s$", re.IGNORECASE)


_NUMBER_WORDS = frozenset("two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
                          "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred "
                          "dozens several".split())


_PRODUCT_APPOSED = re.compile(r"\b(?:model|chatbot|assistant|app|product)s?,\s$", re.IGNORECASE)
_OWNED_BEFORE = re.compile(r"\b(?:its|their|our|his|her)\s$", re.IGNORECASE)


def _plausible_subject(text: str, start: int, raw: str, described: bool) -> bool:
    """A sentence-opening capitalised word is a name only when it reads as one: "Regulators have now
    approved", "By the end of March", "346 services" open sentences without naming a company."""
    first = raw.split()[0].lower()
    if _TITLE_BEFORE.search(text, max(0, start - 24), start):
        return False  # "Alibaba chairman Joe Tsai confirmed ...": a person, by the title before the name
    if (_OWNED_BEFORE.search(text, max(0, start - 8), start) or first in ("its", "their", "our", "his", "her")
            or _PRODUCT_APPOSED.search(text, max(0, start - 14), start)):  # "Its first model, Tonghui, was in …"
        return False  # "Mobvoi said its Sequence Monkey model had been granted approval": the maker's product
    if (raw.replace(",", "").isdigit() or first in _STARTERS or first.endswith("ly") or "generative" in first
            or first.startswith("non-") or first in _NUMBER_WORDS):
        return False  # (and "Fourteen Shanghai models clear ...": a count, then a place)
    if _PERSON_ROLE.match(text, start + len(raw)) or (start == 0 and first.endswith(("ions", "ers")) and " " not in raw):
        return False  # "Yang Haijun, chief engineer, ...", "Registrations, the lighter track, ..."
    if described or start > 0 or " " in raw or any(ch.isupper() or ch.isdigit() or ch == "." for ch in raw[1:]):
        return True
    return text[start + len(raw):start + len(raw) + 2] == ", "  # "Zhihu, the Q&A platform, ..."


def _subjects(s: Sentence) -> list[tuple[int, str, str]]:
    """"A, B and C were among the companies ...": the list that opens the sentence; the inverse,
    "Among the newly approved models are A and B"; and a subject list before an approval verb in its
    clause ("Cybersecurity company ThreatBook and video-technology provider XinYi Tech also had industry
    models approved")."""
    among = _AMONG.search(s.text) if "among" in s.text else None  # (most sentences: no search)
    if among is not None and _AMONG_PEOPLE.match(s.text, among.end()):
        return []  # "Its founder, Wang Xingxing, was among the entrepreneurs invited ...": people, not filers
    bullet = _BULLET_ITEM.match(s.text)
    if bullet is not None:  # "- Xiaomi again, this time ...", "• Hikvision, the Hangzhou camera maker, ..."
        names, _ = _chain_at(s, bullet.end())
        # Only a name the item itself calls an organisation: "Hikvision, the Hangzhou camera maker, with ...",
        # "Southeast University in Nanjing, with a legal model"; not "Big platforms have ..." or "January-February:".
        items = [(start, raw, "company.bullet_unknown") for start, raw in names[:1]
                 if _ORG_APPOSITIVE.match(s.text, start + len(raw))
                 # "- Didi: registered a driver-assistant app in March", "- Gosuncn Technology: filed its GoMo model"
                 or (s.text.startswith(": ", start + len(raw)) and s.text[start + len(raw) + 2:][:1].isalpha()
                     and not _MONTH_NAME.match(raw.split("-")[0].lower()) and not s.of("negation")
                     and any(h.start > start for h in s.of("approval", "filed", "registered")))
                 # "- Wuhan Xunfang Information Technology: 'Jiaoxue Youfang' teaching model, April 20.", under a list
                 # of filings: a name that reads as a firm's, before a colon or an aside
                 or (_ORG_HEAD.search(raw) is not None and s.text.startswith((": ", " (", " - ", " – "), start + len(raw))
                     and not s.of("negation"))]
        if items:
            return items
        # else the item is a sentence of its own: "- Full Truck Alliance's Jiangsu Manyun unit filed a freight model"
        # is read as its subject and verb would be without the mark
    opening = bullet.end() if bullet is not None else 0
    head_list = _AMONG_HEAD.match(s.folded)
    if head_list is not None:
        return [(start, raw, "company.subject_unknown") for start, raw in _chain_at(s, head_list.end())[0]]
    first = s.text[opening:opening + 1]
    if first.isupper() and first.isascii() or first.isdigit():  # (a dateline may come first)
        # "Consumer-electronics maker Hisense and carmaker Geely have each completed ...": a capitalised
        # descriptor may open the sentence before the first name.
        dateline = _DATELINE.match(s.text)
        found: list[tuple[int, str, str]] = []
        # the sentence's subject, and a coordinated clause's ("…, and Rock AI, a developer of Yan models, had a
        # second model approved")
        begins = [dateline.end() if dateline else opening, *(m.end() for m in _NEXT_CLAUSE_SUBJECT.finditer(s.text))]
        if "filed" in s.text or "registered" in s.text or "listed" in s.text:
            # "…, and interior-design software company Manycore filed a spatial-intelligence model": a subject after
            # its lower-case description, later in the sentence
            begins += [m.end() for m in _DESCRIBED_SUBJECT.finditer(s.text) if m.start() > 0]
        for begin in begins:
            lead = _LEAD_DESCRIPTOR.match(s.text[begin:])
            names, end = _chain_at(s, begin + (lead.end() if lead else 0))
            owned = _POSSESSIVE_NAME.match(s.text, names[0][0] + len(names[0][1])) if len(names) == 1 else None
            if owned is not None:  # "Taiwan's ASUS has a model filed": ASUS, not Taiwan
                names, end = [(owned.start(1), owned.group(1))], owned.end(1)
            names = [(start, raw) for start, raw in names if _plausible_subject(s.text, start, raw, lead is not None)]
            filed_one = _FILED_A_MODEL.match(s.text, end) if names else None
            if names and (filed_one or _SUBJECT_VERB.match(s.text, end)):
                clause_end = min([i for i in (s.text.find(";", end), s.text.find(". ", end), s.text.find(", and ", end))
                                  if i >= 0] or [len(s.text)])
                # ("PowerChina Huadong Engineering, the state-owned dam designer, added an engineering model": in an
                # approval sentence, the filer's own verb of filing is enough)
                if filed_one is not None or any(end <= h.start < clause_end for h in s.of(
                        "approval", "filed", "registered", "register_ref", "membership")):
                    found.extend((start, raw, "company.subject_unknown") for start, raw in names)
        if found:
            return found
    if among is None:
        return []
    head = s.text[:among.start()]
    names, end = _chain(head, 0)
    # The list must be the whole subject, or be followed by an appositive: "Lingxi, a startup from X,".
    if head[end:] and not head[end:].startswith(", "):
        return []
    # "They were among the eight services ...": a pronoun stands for names told before, not a name
    return [(start, raw, "company.subject_unknown") for start, raw in names
            if _plausible_subject(head, start, raw, False)]


# "拓尔思：拓天大模型通过生成式人工智能服务备案": a company's own announcement headline, the name before the colon
_ZH_SPEAKER_HEADLINE = re.compile(r"^([\u4e00-\u9fffA-Za-z0-9]{2,8})[：:](?=[^：:。、\d]{0,20}?(?:大模型|模型|[”」》])"
                                  r"(?:已经?|正式|顺利|成功)?(?:通过|完成|获得?)[^，。]{0,12}(?:备案|登记))")
_ZH_NOT_SPEAKER_WORDS = re.compile(r"显示|报告|名单|称|表示|透露|消息|结论|盘点|按|导读|说明|数字|官方|记者|网信")
_ZH_NOT_SPEAKERS = frozenset({"网信办", "国家网信办", "快讯", "独家", "重磅", "观察", "解读", "深度", "最新", "早报", "晚报",
                              "公告", "新闻", "消息", "记者", "聚焦", "关注", "盘点", "揭秘", "官方", "权威发布", "热点",
                              "要闻", "速递", "一图看懂", "注意", "提醒", "划重点", "专家", "分析", "评论"})
_ZH_OTHER_VERB = re.compile(r"梳理|统计|分析|发布了?|表示|指出|认为|介绍|报告|称|透露|宣布|调查|研究")
_ZH_CLAUSE_BREAK = re.compile(r"[，。；：,;]")
_ZH_PATTERNS = ((_ZH_DEVELOPER, ("开发", "研发", "推出", "打造", "自研")),
                (_ZH_ROLE, ("创始人", "首席执行官", "CEO", "董事长", "总裁", "发言人")),
                (_ZH_OWNER, ("的“", '的"', "的《", "旗下“", "旗下的“", "的「", "旗下「", "旗下的「", "的『")),
                (_ZH_LEGAL, ("公司", "研究院", "研究所", "实验室")))


def _zh_described(s: Sentence) -> list[tuple[int, str, str]]:
    if s.text.isascii():
        return []
    found = []
    text = s.text
    for pattern, needles in _ZH_PATTERNS:
        if not any(n in text for n in needles):
            continue  # each pattern needs a word of its own; most sentences have none (cheap test first)
        for m in pattern.finditer(text):
            name = m.group(1)
            if pattern is _ZH_OWNER and name.endswith(("有限", "有限责任", "股份有限")) and text.startswith("公司", m.end(1)):
                name += "公司"  # "太原市智慧文旅有限公司的“晋游助手”": the legal name whole, not "…有限"
            if fold(name) in _NOT_NAMES:
                continue
            if pattern is _ZH_LEGAL and not _files_after(s, m.end(1)):
                continue  # "南都大数据研究院梳理了…已备案数据": an entity doing something else
            found.append((m.start(1), name, "company.described_unknown"))
    speaker = _ZH_SPEAKER_HEADLINE.match(text) if ("：" in text or ":" in text) else None
    if (speaker and speaker.group(1) not in _ZH_NOT_SPEAKERS and not _ZH_NOT_SPEAKER_WORDS.search(speaker.group(1)) and fold(speaker.group(1)) not in _NOT_NAMES
            and not any(h.start < speaker.end(1) for h in s.of("locality"))
            and not any(a.start < speaker.end(1) for a in s.aliases)):
        found.append((0, speaker.group(1), "company.speaker_headline"))
    return found


def _files_after(s: Sentence, end: int) -> bool:
    """An approval word follows the entity in its clause, with no other verb of its own before it."""
    for h in s.of("approval"):
        if end <= h.start <= end + 40:
            between = s.text[end:h.start]
            return not _ZH_OTHER_VERB.search(between) and not _ZH_CLAUSE_BREAK.search(between)
    return False
