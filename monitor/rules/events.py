"""Regulation events (orders, laws, declarations, lawsuits, rules) from one sentence.

Naming follows the scheme documented at the top of config/rules.toml: known name > named instrument
as written > 《title》 > "<plaintiff> v. <defendant>" > "<JUR> <instrument> on <topic>".
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Mapping

from monitor.records import Mention
from monitor.rules.aliases import AliasIndex
from monitor.rules.dates import MONTH_BEFORE_DAY, find_date, month_number, month_told
from monitor.rules.ruleset import RuleSet
from monitor.rules.sentence import PROPER_NAME, Sentence
from monitor.rules.terms import fold

_PARTY = PROPER_NAME
# "Getty Images et al v. Stability AI", "Getty Images, Inc., et al. v. Stability AI, Ltd."
_VERSUS = re.compile(rf"({_PARTY})(?:,?\s(?:Inc|Ltd|LLC|Corp|Co|PBC)\.?)?(?:,?\set\sal\.?)?,?\sv(?:s)?\.?\s({_PARTY})")
# "sued Chinese artificial intelligence company MiniMax", "sued ChatGPT maker OpenAI": the defendant after
# its description
_DESCRIBED = (r"(?:(?:the|its|a|an)\s)?(?:(?:[A-Z][\w-]*|[A-Z]\.(?:[A-Z]\.)+)\s){0,3}?(?:[a-z][\w-]*\s){0,4}?"
              r"(?:[Cc]ompany|[Ff]irm|[Ss]tart-?up|[Ss]tartup|[Dd]eveloper|[Mm]aker|[Pp]latform|group|[Ll]ab|unicorn|rival|"
              r"search\sengine|giant|chatbot|"  # "sued U.S. artificial intelligence-powered search engine Perplexity"
              r"[Gg]enerator|[Pp]rovider|[Cc]reator|outlets?|publishers?|newspapers?|news\ssites?)\s")
# "Walt Disney, Comcast's Universal and Warner Bros Discovery sued ...": the first plaintiff names the suit
_PLAINTIFFS_BEFORE = re.compile(rf"({_PARTY}(?:\s&\sCo\.?)?)(?:,\s(?:the\s|a\s)?[a-z][^,;]{{2,60}})?(?:,\s{_PARTY})*,?\s(?:and|&)\s(?:the\s)?$")
# ("News Corp's Dow Jones & Co., publisher of the Wall Street Journal, and the New York Post have sued": Dow Jones)
_PREVAILS_IN = re.compile(rf"({_PARTY})\s(?:largely\s|mostly\s|partly\s)?(?:prevails|prevailed|wins|won|loses|lost)\s"
                          rf"(?:in|over)\s({_PARTY})(?:[’']s)?\s(?:copyright\s|landmark\s)?(?:lawsuit|suit|case)\b")
# "GEMA wins against OpenAI in German music copyright lawsuit", "GEMA wins AI music copyright case against OpenAI": the
# winner first, the suit its own
_WINS_AGAINST = re.compile(rf"({_PARTY})\s(?:largely\s|mostly\s)?(?:wins|won|prevails|prevailed)\s"
                           rf"(?:(?:[\w-]+\s){{0,4}}?(?:case|suit|lawsuit|ruling)\s)?against\s(?:{_DESCRIBED})?({_PARTY})")
_FILED_AGAINST = re.compile(rf"({_PARTY})(?:\s\([^()]{{1,20}}\))?(?:,\s[^,;]{{2,90}},)?,?\s(?:have\s|has\s|had\s)?(?:jointly\s|also\s|now\s)?"
                            rf"(?:filed|brought|launched|lodged)\s"
                            rf"(?:a\s|an\s|its\sown\s|their\sown\s|a\sjoint\s)?(?:[\w-]+\s){{0,4}}?"
                            rf"(?:suit|lawsuit|case|complaint|action)(?:\sin\s(?:the\s)?[A-Z][^,;]{{3,80}}?)?"
                            rf"(?:\s(?:on\s)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday))?"
                            rf"\sagainst\s(?:{_DESCRIBED}|the\s)?({_PARTY})")  # (a court between: "filed a lawsuit in the … Court … against")
# "Anthropic agrees to pay $1.5 billion to settle authors' piracy lawsuit": the defendant settles, the plaintiff
# is named by the word before the possessive
_SETTLES = re.compile(rf"({_PARTY})\s(?:(?:has|have|had)\s)?(?:agree[sd]?\sto\s|will\s|is\sto\s|moves\sto\s)?"
                      rf"(?:pay\s[^;]{{0,40}}?\sto\s)?settle[sd]?\s(?:a\s|an\s|the\s)?(?:[\w-]+\s){{0,2}}?"
                      rf"(?:([A-Za-z][\w-]+?)(?:[’']s|(?<=s)[’'])\s(?:[\w-]+\s){{0,2}}?(?:lawsuit|suit|case|class\saction)"
                      rf"|(?:lawsuit|suit|case|class\saction)\s(?:brought\s|filed\s)?by\s(?:a\sgroup\sof\s)?"
                      rf"({_PARTY}|[a-z][\w-]+))")
# Anthropic同意支付15亿美元和解作家集体诉讼, Anthropic，同意拿出15亿美元与一群作家和解
_ZH_SETTLES = re.compile(r"(?<![A-Za-z0-9])([A-Za-z][A-Za-z0-9.]{1,19}|[\u4e00-\u9fff]{2,8}?(?=同意|将|已))[^。；A-Za-z]{0,40}?"
                         r"(?:和解([\u4e00-\u9fff]{2,4}?)(?:集体|群体)?(?:诉讼|官司)|与([\u4e00-\u9fff]{2,6}?)(?:达成)?和解)")
_ZH_SOME = re.compile(r"^(?:一群|一批|多名|多位|数名|[一二三四五六七八九十两数]+[名位])")
_SUIT_FROM = re.compile(rf"(?:lawsuit|suit|case|action)s?\s(?:(?:has\sbeen\s|have\sbeen\s|was\s|were\s)?(?:filed|brought)\s)?"
                        rf"(?:jointly\s)?(?:by|from)\s(?:{_DESCRIBED})?({_PARTY})")
_AGAINST = re.compile(rf"\bagainst\s(?:{_DESCRIBED})?({_PARTY})")
_SUED = re.compile(rf"({_PARTY})(?:\s\([^()]{{1,20}}\))?(?:,\s[^,;]{{2,60}},)?\s(?:has\s|have\s|had\s)?(?:sued|sues|[Ss]ue|[Ss]ues|is\ssuing|are\ssuing)\s"
                   rf"(?:{_DESCRIBED})?({_PARTY})")  # "Getty Images, one of the largest photo agencies, sued ..."
# "A group of six authors, including New York Times reporter John Carreyrou, sued xAI ...": a group named by the
# member the sentence names, as outlets name the suit after them
_GROUP_SUED = re.compile(rf"[^,;.]{{2,60}}?,\s(?:including|among\sthem|led\sby)\s(?:[\w-]+\s)*?({_PARTY}),\s"
                         rf"(?:has\s|have\s|had\s)?(?:sued\s|(?:filed|brought|launched|lodged)\s(?:a\s|an\s|the\s)?"
                         rf"(?:[\w-]+\s){{0,2}}?(?:suit|lawsuit|case|complaint|action)\sagainst\s)(?:{_DESCRIBED})?({_PARTY})")
_JOINS_IN_SUING = re.compile(rf"({_PARTY})\s(?:has\s|have\s|had\s)?(?:joins|joined|join)\s(?:[^;:]{{0,80}}?\sin\s"
                             rf"|the\s(?:list|ranks|growing\slist)\sof\s(?:[a-z]+\s){{0,2}})suing\s(?:{_DESCRIBED})?({_PARTY})")
_LEAD_PARTY_SUED = re.compile(rf"\s*(?:The\s)?({_PARTY})(?:\sof\s(?:America|the\sUnited\sStates|[A-Z][a-z]+))?\s(?:and|&)\s"
                              rf"[^;:]{{2,200}}?\s(?:have\s|has\s|had\s)?(?:sued|sue|sues)\s(?:{_DESCRIBED})?({_PARTY})")
# "Tremblay and Awad v.", "Silverman, Golden, Kadrey v.", "Alter, Sancton et al v.": the list before the last plaintiff
_PLAINTIFFS_LISTED = re.compile(rf"({_PARTY})(?:,\s{_PARTY})*,?\s(?:(?:and|&)\s)?$")
# "The author of Game of Thrones sued OpenAI": the maker of a work, described by it; not "the parents of Adam Raine
# sued", where the person named is the one the suit is named after
_OF_BEFORE = re.compile(r"\b(?:authors?|writers?|creators?|makers?|publishers?|owners?|directors?|producers?|developers?|"
                        r"stars?|singers?|artists?|composers?|illustrators?)\sof\s(?:[A-Z][\w'’-]*\s(?:of\s)?){0,3}$")
_MONTHS_AND_DAYS = frozenset({"january", "february", "march", "april", "may", "june", "july", "august", "september",
                              "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
                              "saturday", "sunday", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
                              "nov", "dec"})


def _not_a_party(raw: str) -> bool:
    """A month or weekday ("died in April sued OpenAI") or a number ("Doe 1 &2 v. GitHub") is no party's name."""
    name = raw.strip().rstrip(".,").lower()
    return (not name or name in _MONTHS_AND_DAYS or not any(ch.isalpha() for ch in name)
            or all(w in _DESCRIPTION_WORDS for w in name.split())  # "Yomiuri Shimbun Sues U.S. AI Firm": a description
            or name.split()[0] in _PREPOSITIONS  # "… Sues U.S. AI Firm Over Articles": the headline goes on
            or name.split()[0] in ("whose", "who", "which", "that"))  # "Sewell Setzer III, whose mother sued …"


_PREPOSITIONS = frozenset({"over", "for", "in", "on", "after", "amid", "with", "about", "against", "at", "by", "from",
                           "into", "to", "under", "as"})


# A plaintiff told before: "The company sued … Ross Intelligence"
_REFERRING_PARTY = re.compile(r"(?i)(?:the|this|that)\s(?:company|firm|group|publisher|agency|studio|label)|it|they|he|she")
# Words that describe a party without naming it: a headline's "U.S. AI Firm", "Chinese AI Startup"
_DESCRIPTION_WORDS = frozenset({"u.s", "u.s.", "us", "american", "chinese", "japanese", "korean", "european", "british",
                                "ai", "a.i.", "tech", "firm", "firms", "company", "companies", "startup", "start-up",
                                "giant", "developer", "maker", "search", "engine", "chatbot", "platform", "lab", "rival",
                                "big", "generative", "the", "major", "prominent", "leading", "top", "music", "record",
                                "label", "labels", "song", "songs", "generator", "generators", "platforms", "publishers",
                                "studios", "artists", "musicians", "authors", "writers", "newspapers", "outlets",
                                "news", "media", "three", "several"})


_COURT_NOUN = re.compile(r"\bcourt\b|法院")
_COURT_WORDS = re.compile(r"\bcourt\b|\bjudge\b|\bruling\b|\bruled\b|法院|法官|判决|裁定|裁决")
_GENERIC_PLAINTIFF_WORDS = re.compile(r"\b(?:authors|writers|novelists)\b|作家|作者")
_A_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
# "OpenAI was sued by The New York Times", "Midjourney has been taken to court by Disney": the plaintiff second
_SUED_BY = re.compile(rf"({_PARTY})(?:,\s[^,;]{{2,60}},)?\s(?:was|were|has\sbeen|have\sbeen|had\sbeen|is\sbeing|are\sbeing)\s"
                      rf"(?:sued|taken\sto\scourt)\sby\s(?:{_DESCRIBED})?({_PARTY})")
# "Disney and Universal's suit against Midjourney", "Thomson Reuters' AI case against Ross": the first plaintiff,
# the defendant after "against"
_SUIT_OF = re.compile(rf"({_PARTY})(?:,\s{_PARTY})*(?:,?\s(?:and|&)\s{_PARTY})?(?:[’']s|(?<=s)[’'])\s(?:[\w-]+\s){{0,2}}?"
                      rf"(?:suit|lawsuit|case|complaint|action)\sagainst\s(?:{_DESCRIBED})?({_PARTY})")
# "Thomson Reuters' motion for summary judgment in its 2020 suit against Ross Intelligence", "Thomson Reuters wins its
# case against Ross": the suit is the party's
_ITS_SUIT = re.compile(rf"({_PARTY})(?:[’']s?\s[^.;]{{0,90}}?|\s(?:[a-z][\w-]*\s){{1,4}}?)\b(?:its|their)\s(?:(?:19|20)\d\d\s)?(?:[\w-]+\s)?"
                       rf"(?:suit|lawsuit|case|complaint)\sagainst\s(?:{_DESCRIBED})?({_PARTY})")
# "The Authors Guild has taken OpenAI to court", "took ChatGPT maker OpenAI to court"
_TOOK_TO_COURT = re.compile(rf"({_PARTY}),?\s(?:has\s|have\s|had\s|is\s|are\s)?(?:took|takes|take|taken|taking)\s"
                            rf"(?:{_DESCRIBED})?({_PARTY})\sto\scourt")
# "Two nonfiction authors sued OpenAI": a plaintiff written in lower case, named by its own words.
_SUED_PHRASE = re.compile(rf"(?:^|,\s)((?:[\w-]+\s){{1,4}}?)(?:has\s|have\s|had\s)?(?:sued|sues|is\ssuing)\s"
                          rf"(?:{_DESCRIBED})?({_PARTY})")
_GENERIC_INSTRUMENT = re.compile(r"(?:AI|A\.I\.|Artificial Intelligence)\s(?:Bill|Law|Rules|Regulation|Measures|Framework|Order)"
                                 r"|Rule of Law")
_ESTABLISHED_LAW = re.compile(r"(?i:digital millennium copyright act|\bdmca\b|general data protection regulation|\bgdpr\b|"
                             r"copyright act|copyright law|communications decency act|computer fraud and abuse act|"
                             r"lanham act|sherman act|clayton act|privacy act|"
                             # China's data laws, in force for years, cited beside AI rules
                             r"personal information protection law|\bpipl\b|data security law)|版权法|著作权法|"
                             r"反不正当竞争法|民法典|刑法|反垄断法|消费者权益保护法|商标法|专利法|个人信息保护法|数据安全法|"
                             # Hong Kong's ordinances of the 1990s, cited by its privacy commissioner
                             r"个人资料\(私隐\)条例|个人资料（私隐）条例|个人数据\(私隐\)条例|个人数据（私隐）条例|防止儿童色情条例")
_NOT_ONE_PLAINTIFF = re.compile(r"^(?:other|some|many|several|more|most|all|few)\b|\b(?:that|which|who)\s$", re.I)
_GENERIC_DEFENDANT = re.compile(r"\s(?:companies|firms|developers|makers|giants|platforms|labs)\b")
# 根据《…》: the instrument is cited as the basis of something else, not itself news.
_ZH_CITED = re.compile(r"(?:根据|依据|按照|依照|遵照|按|援引|援引的是|引用|依照的是|依据的是|落实|贯彻)$")  # (为贯彻落实《…》精神)
# 依据中国信通院联合60余家单位研制的《…》: the basis named at the head of its clause, the title at its end
# (鉴于政府在《…政策宣言》中表示: given what it said, a question's ground; 加快《…措施》落地: a policy carried out)
_ZH_CITED_CLAUSE = re.compile(r"鉴于[^，。；：,;]{0,10}$|(?:加快|推动|推进|促进)$|"
                              r"(?:根据|依据|依照|按照|参照)[^，。；：,;]{0,24}[的之]$"
                              # 为深入贯彻落实工信部等六部门《…》(…)和国家发改委等部门《…》等文件精神: the documents a local
                              # policy carries out, named at the head of its clause
                              r"|贯彻落实[^，。；：,;]{0,120}$")
_ZH_AI_WORD = re.compile(r"人工智能|生成式|生成合成|深度合成|算法|大模型|智能体|机器人|AI|ai")
# Titles of other regimes, whatever the sentence says of AI: 《上海市智能网联汽车道路测试管理办法(试行)》
_ZH_OTHER_REGIME_TITLE = re.compile(r"汽车|道路测试|自动驾驶|网联|无人机|医疗器械|药品|游戏|数据出境|出口管制")
_ZH_LIST_JOIN = re.compile(r"^\s?(?:、|及|和|与|以及)\s?$")
_IN_FORCE = frozenset({"took effect", "take effect", "takes effect", "entered into force", "enters into force",
                       "came into force", "comes into force", "实施", "施行", "生效"})
_ZH_BAD_PARTY = re.compile(r"在|通过|法院|已|多位|等|这是|首家|一家|这家|首次|生成式|人工智能|就|问题|机构|被$|^的")
_ZH_REFERS_BACK = re.compile(r"这|那|该|此|上述|其|两家|多家|数家|几家|对方|他们|它们")
_ZH_JOINED = re.compile(r"联手|联合|携手|以及|和|与|及|、")
# 好莱坞三大片商, 多名作家, 一批艺术家: a kind of plaintiff, as "Studios sue MiniMax" is; the story names them
_ZH_GENERIC_PLAINTIFF = re.compile(r"(?:片商|制片厂|电影公司|影业公司|作家|艺术家|画家|出版商|出版社|唱片公司|音乐人|媒体|报社|"
                                   r"创作者|演员|配音演员|用户|家长|巨头|唱片业|唱片三巨头|三大唱片公司)$")
# 三大影视集团, 多家出版社, 两名作家: parties counted, not named
_ZH_COUNTED_PARTY = re.compile(r"^[一二三四五六七八九十两数多几\d]+(?:大|家|名|位|个)")
_ZH_GENERIC_DEFENDANT = re.compile(r"企业|公司|厂商|行业|产业|巨头")
_UNDER = re.compile(r"\b(?:under|pursuant to|invok\w+|cit(?:es|ed|ing)|us(?:es|ed|ing)|in line with|in accordance with|"
                    r"compl\w+ with|required by|requirements of"
                    # "applying Section 5 of the Federal Trade Commission Act": a provision of a law cited
                    r"|\b(?i:section|sections|article|articles|title|chapter|part|§)\s?[\dIVXL]+[a-z]?(?:\(\w{1,4}\))*\s(?:of|under))"
                    r"(?: the)?\s$")
_SUMMIT_DECLARATION = re.compile(r"(?=[dsa峰宣声])(?:\b(?:declaration|statement|pledge)\b[^.;]{0,120}?\bsummit\b"
                                 r"|\bsummit\b[^.;]{0,120}?\b(?:declaration|statement)\b|峰会[^。；]{0,30}?(?:宣言|声明)"
                                 r"|(?:宣言|声明)[^。；]{0,30}?峰会)")
_NAME_GOES_ON_BEFORE = re.compile(r"(?:\([A-Z]{2,10}\)|\b[A-Z][\w-]*)\s(?:for|of|on|and|to)\s$")
_BILL_REF = re.compile(r"\b(Senate Bill|Assembly Bill|House Bill|SB|AB|HB|S\.B\.|A\.B\.|H\.B\.)\s?(\d{1,5})(?:-[A-Z])?\b")
_BILL_CHAMBER = {"SenateBill": "SB", "AssemblyBill": "AB", "HouseBill": "HB"}


def bill_code(chamber: str, number: str) -> str:
    """A state bill's short name from its chamber as written and its number: ("Senate Bill", "53") -> "SB 53"."""
    written = chamber.replace(".", "").replace(" ", "")
    return f"{_BILL_CHAMBER.get(written, written)} {number}"
_VETOED = re.compile(r"\bveto(?:es|ed|ing)?\b")
# Instruments of other regimes a headline may name beside AI ("Classification Guidelines for AI Medical Devices")
_OTHER_REGIME = re.compile(r"medical device|医疗器械|\bdrugs?\b|药品|autonomous driving|self-driving|robotaxi|自动驾驶|"
                           r"game licen|版号|export licen|出口许可")
_STATE_CODES = dict(zip(
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC "
    "SD TN TX UT VT VA WA WV WI WY".split(),
    ["Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware", "Florida", "Georgia",
     "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana", "Maine", "Maryland",
     "Massachusetts", "Michigan", "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska", "Nevada", "New Hampshire",
     "New Jersey", "New Mexico", "New York", "North Carolina", "North Dakota", "Ohio", "Oklahoma", "Oregon",
     "Pennsylvania", "Rhode Island", "South Carolina", "South Dakota", "Tennessee", "Texas", "Utah", "Vermont",
     "Virginia", "Washington", "West Virginia", "Wisconsin", "Wyoming"]))
_US_STATE = re.compile(rf"\b(?:{'|'.join(_STATE_CODES.values())})\b")
_PRODUCT_QUOTED = re.compile(r"\b(?:called|named|dubbed|branded|filed|registered|launched|released|model|app|tool|"
                             r"product|assistant|chatbot)\s[‘'“\"]$")
# Words that name no instrument of their own: "1. Regulatory Framework:", "the new Rules"
_GENERIC_NAME_WORDS = frozenset({"regulatory", "legal", "policy", "policies", "new", "national", "ai", "framework",
                                 "rules", "regulation", "regulations", "measures", "guidelines", "provisions", "law",
                                 "laws", "act", "order", "governance", "general", "basic", "key", "main", "current",
                                 "existing", "relevant", "draft", "final", "interim", "these", "those", "such",
                                 "executive", "presidential",
                                 # a headline's adjectives ("Strict Rules for Public AI Models")
                                 "strict", "stricter", "tough", "tougher", "sweeping", "landmark", "first", "comprehensive",
                                 # a law's own chapters ("Supplementary Provisions", "Transitional Provisions")
                                 "supplementary", "transitional", "miscellaneous", "penalty", "penal", "addenda",
                                 # a translation's head words before the title's own ("the Administrative Provisions on
                                 # the Recommendation of Algorithms …"): no name by themselves
                                 "administrative", "provisional", "temporary", "implementing", "detailed"})
# A year or a person's possessive names no instrument either: "2023 Executive Order", "Trump's Executive Order"
_GENERIC_NAME_WORD = re.compile(r"(?:19|20)\d\d|[a-z.-]+['’]s?")
_AMENDED = re.compile(r"\bamend(?:s|ed|ing|ment)?\b|\brevis(?:es|ed|ion|ing)\b|\bupdates?\b|修正|修改|修订|修訂")
_YEAR_TOLD = re.compile(r"\b(?:enacted|signed|issued|adopted|passed|released|published)\s"
                        # ("originally signed by former President Joe Biden in 2023": the signer between)
                        r"(?:(?:originally\s)?by\s(?:former\s)?(?:president\s)?(?:[a-z.]+\s){1,2})?"
                        r"(?:in|on)\s(?:[a-z]+\.?\s)?(?:\d{1,2},?\s)?((?:19|20)\d\d)\b")
_YEAR_BEFORE = re.compile(r"\b((?:19|20)\d\d)(?:['’]s)?\s$")
# An instrument's own title, quoted right after a generic mention of it: an executive order 'entitled "Ensuring a
# National Policy Framework for Artificial Intelligence"', an Executive Order on "…"
# The rest of a title after its instrument word: " for Generative Artificial Intelligence Service"
_TITLE_TAIL = re.compile(r"\s(?:for|on|of)\s(?:the\s)?[A-Z][\w-]*(?:,?\s(?:(?:of|and|for|on|the|in|to)\s)*[A-Z][\w-]*){1,9}")
# A quoted whole title the article gives an instrument: 'known as the "Act on Promotion of Research, Development,
# and Application of AI-Related Technologies"'
_KNOWN_AS_TITLE = re.compile(r"\b(?:known as|called|titled|entitled|named|formally|issue[sd]?|release[sd]?|publishe[sd]|"
                             r"unveil(?:s|ed)?)\s(?:the\s)?[“\"]([A-Z][^”\"]{20,160}?)[,.]?[”\"]")
_QUOTED_TITLE = re.compile(r"[,]?\s(?:entitled|titled|called|named|on)\s[“\"]([A-Z][^”\"]{10,120}?)[,.]?[”\"]")
# 《…名单》, 《…清单》, 《…公告》: a list or a notice of one, not an instrument; 《办法》, 以下简称《标识办法》: a short form
_ZH_NOT_INSTRUMENT = re.compile(r"名单|清单|公告|目录$")
_ZH_SHORT_FORM = re.compile(r"简称\s?$|称\s?$")
_ZH_SUED = re.compile(r"(?:《([^《》]{1,20})》|([\u4e00-\u9fffA-Za-z0-9.]{2,10}))(?:(?<![一二三四五六七八九十两几多数0-9])起诉(?![书状讼过])|状告)了?([A-Za-z0-9.]{2,20}|[\u4e00-\u9fff]{2,8})")
_LIST_NUMBER = re.compile(r"\d{1,2}[.)]")
_NOT_INSTRUMENT_AFTER = re.compile(r"\s(?:Offices?|Firms?|School|Schools|Review|Group|Partners?|LLP|Centre|Center|"
                                   # a person's title ("Data Protection, AI and Digital Regulation Partner James Clark")
                                   r"Lead|Leads|Director|Head|Counsel|Team|Practice|Manager|Officer|Specialist|Consultant|"
                                   r"Institute|Society|Clinic|Library|Journal|Firm's|Professor)\b")
_PERSON_TITLES_BEFORE_NAME = frozenset({"governor", "gov", "senator", "sen", "rep", "representative", "president",
                                        "mayor", "minister", "chairman", "judge", "justice"})
_NAME_CUT_AT_COMMA = re.compile(r"(?:\b[A-Z][\w-]*,\s)+$")
_ZH_QUOTES = str.maketrans({"「": "“", "」": "”", "『": "‘", "』": "’"})
# Verbs of a Title-Case headline: the instrument's name is what follows ("Biden Signs Executive Order")
_ZH_CITED_BEFORE_UNNAMED = re.compile(r"(?:根据|依据|按照|依照|遵照)[^，。；]{0,28}$")
# ("59 AI-related regulations", not "on December 10 adopted the Law on AI")
_COUNTED_BEFORE = re.compile(r"\b(?!(?:19|20)\d\d\b)\d[\d,]*\s(?:(?!(?:the|a|an|its|their)\b)(?![a-z]+ed\b)[a-z-]+\s){0,2}$")
# (not a year: "revoked a 2023 executive order")


def _counted_before(folded: str, at: int) -> bool:
    """A count of instruments just before one: "introduced 59 AI-related regulations"; not a day of a month ("Trump's
    Dec. 11 executive order")."""
    m = _COUNTED_BEFORE.search(folded, max(0, at - 24), at)
    return m is not None and not MONTH_BEFORE_DAY.search(folded, max(0, m.start() - 12), m.start())
_NO_SUCH = re.compile(r"\b(?:no|nor|without|never|lacks?|lacking|absence of)\s(?:[a-z-]+\s){0,2}$")
_COMMITTEE_STAGE = re.compile(r"\b(?:out of|through|in) (?:a |the |another |its )?(?:second |first |[a-z]+ )?(?:[a-z]+ ){0,3}"
                              r"committees?\b|\bcrossed (?:chambers|over)\b|\b(?:first|second) reading\b")
_PENDING_AFTER = re.compile(r"(?:,[^,]{1,60},)?\s(?:would(?! have)|will|could|aims to|seeks to|is expected to|proposes to)\b")
_HEADING_NOUN_AFTER = re.compile(r"\s(?:[A-Z][a-z]+(?:tion|ment|ance|ence|sis)|Tracker|Update|Updates|Review|Roundup|Briefing|"
                                 r"Guide|Overview|Summary|Watch|Timeline|Explainer|Basics|Primer|Outlook|Checklist)\b")
_ORGANISATION_WORDS = frozenset({"institute", "center", "centre", "academy", "school", "university", "association",
                                 "committee", "bureau", "department", "administration", "commission", "ministry", "office",
                                 "agency", "council", "society", "foundation", "laboratory", "lab"})
_HEADING_VERB_AFTER = re.compile(r"\s(?:Meets|Faces|Gets|Takes|Hits|Needs|Goes|Comes|Makes|Turns|Puts|Leaves|Sets|Shows|"
                                 r"Looks|Tackles|Confronts|Struggles|Catches|Enters)\b")
_RULING_SUBJECTS = frozenset({"judge", "court", "justice", "justices", "jury", "panel", "tribunal", "regulator", "watchdog",
                              "commission", "board", "ftc", "agency"})
_HEADLINE_VERBS = frozenset({"signs", "signed", "passes", "passed", "approves", "approved", "adopts", "adopted",
                             "unveils", "unveiled", "enacts", "enacted", "issues", "issued", "publishes", "releases",
                             "finalizes", "finalises", "proposes", "introduces", "vetoes", "vetoed", "blocks", "delays",
                             "repeals", "revokes", "rescinds", "announces", "launches", "backs", "clears", "sues",
                             "nixes", "nixed", "kills", "killed", "axes", "axed", "scraps", "scrapped", "rejects",
                             "rejected", "spikes", "shelves", "shelved",
                             # a plural subject's verb ("28 Countries Sign Declaration on AI") and the ones that tell
                             # rules being applied ("China Implements Strict Rules for Public AI Models")
                             "sign", "pass", "approve", "adopt", "unveil", "enact", "issue", "publish", "release",
                             "propose", "introduce", "endorse", "endorses", "endorsed", "implements", "implement",
                             "implemented", "tightens", "tighten", "rolls", "roll", "agree", "agrees", "back",
                             "rewrites", "rewrite", "writes", "drafts", "sets", "updates", "overhauls", "weighs",
                             "mulls", "eyes", "readies", "considers", "plans", "eases", "loosens",
                             "finalized", "finalised", "finalize", "finalise", "solicits", "seeks", "mean", "means",
                             "does", "do", "is", "are", "releases", "released", "published", "announced"})
_ZH_TITLE = re.compile(r"《([^《》\n]{2,60})》")
# Words that end in 法 and name no law: an algorithm (“源启大模型文本生成算法”), a method, a way of doing
_ZH_NOT_LAW_END = re.compile(r"(?:算法|方法|做法|说法|手法|想法|看法|语法|疗法|技法|写法|玩法|用法|打法|演算法)$")
# A title still to be written: 必须制定「…」, 将研拟「…」; 「…」研议进度, 「…」草案的拟定
_ZH_PLANNED_BEFORE = re.compile(r"(?:必须|须|应|将|拟|要|正|正在|研拟|研议|规划|着手|计划)(?:制定|订定|研拟|研议|草拟|起草|拟订|规划)$")
_ZH_PLANNED_AFTER = re.compile(r"(?:草案)?(?:的)?(?:研议|研拟|草拟|起草|拟定|拟订)|(?:的)?(?:制定|规划)(?:进度|中|工作|阶段)")
_ZH_QUOTED = re.compile(r"[「“]([^「」“”《》，。；\n]{8,60})[」”]")
DRAFT_MARK = re.compile(r"[（(](?:草案|征求意见稿|试行|修订草案|送审稿|修正)[)）]$|(?:草案|征求意见稿)$")
_AND_CO = re.compile(r"\s&\sCo\.?$")  # "Dow Jones & Co.": the firm, by its name
_LEADING = frozenset({"the", "a", "an", "in", "into", "onto", "to", "on", "at", "as", "based", "according", "its", "this",
                      "that", "under", "after", "with",
                      "while", "and", "but", "by", "from", "both", "their", "his", "her",
                      # a headline's description before the name ("Publisher Ziff Davis sues OpenAI")
                      "publisher", "newspaper", "broadcaster", "studio", "author", "authors", "artist", "artists",
                      "startup", "start-up", "developer", "chatbot", "company", "firm", "giant", "maker", "outlet"})
_ZH_TIME = re.compile(r"^(?:此前|日前|近日|据悉|已经|已|曾|今年|去年|美国|此外)+")


def _zh_background_titles(text: str) -> list[tuple[int, int]]:
    """Titles listed and closed by 等 ("在《个人信息保护法》《网络安全法》和《数据安全法》等法律规定外"): laws named as
    the ground already covered, not news."""
    if "等" not in text or "《" not in text:
        return []
    spans: list[tuple[int, int]] = []
    run: list[tuple[int, int]] = []
    for m in _ZH_TITLE.finditer(text):
        if run and not (text[run[-1][1]:m.start()] == "" or _ZH_LIST_JOIN.match(text[run[-1][1]:m.start()])):
            run = []
        run.append(m.span())
        if text.startswith("等", m.end()) and len(run) >= 2:
            spans.extend(run)
    return spans


_CORPORATE_SUFFIXES = frozenset({"limited", "ltd", "inc", "incorporated", "llc", "corp", "corporation", "plc", "gmbh",
                                 "co", "lp", "llp", "company"})
_GENERIC_PLAINTIFFS = frozenset({"studios", "authors", "artists", "writers", "publishers", "newspapers", "news outlets",
                                 "musicians", "creators", "companies", "firms", "media", "media groups", "labels",
                                 "record labels", "photographers", "actors", "voice actors", "illustrators", "comedians",
                                 "novelists", "parents", "families", "users", "states", "a group"})
# Capitalised joining words of a Title-Case headline, where a party's name ends
_HEADLINE_JOINS = frozenset({"Over", "In", "For", "After", "Amid", "With", "As", "At", "On", "To", "From", "Against",
                             "Alleging", "Accusing", "Claiming", "Seeking", "Citing", "Says", "Said", "Claims"})
# "unveiled policy ideas that include rules for testing AI systems": rules as the content of something else, not an
# instrument of their own
_CONTENT_OF = re.compile(r"\b(?:that|which)\s(?:include|includes|included|contain|contains|cover|covers)\s(?:[a-z-]+\s){0,2}$")
_ANAPHORIC = re.compile(r"\b(?:these|those|such|the same|said)\s(?:[a-z-]+\s)?$")


# A president's term names his orders: "Biden's executive order on AI" is the one the dataset has from his term
_TERMS = (("biden", dt.date(2021, 1, 20), dt.date(2025, 1, 19)), ("obama", dt.date(2009, 1, 20), dt.date(2017, 1, 19)),
          ("trump", dt.date(2025, 1, 20), dt.date(2029, 1, 19)))


def _presidents_order(term: tuple[dt.date, dt.date] | None, label: str, jur: str | None,
                      aliases: AliasIndex) -> str | None:
    if label != "executive order" or jur != "US" or term is None:
        return None
    return aliases.event_between(jur, label, *term)


def _president_term(s: Sentence) -> tuple[dt.date, dt.date] | None:
    """The term of the one president the sentence names (the signer, when it names two: "Trump announced the
    revocation of an executive order originally signed by former President Joe Biden in 2023"), up to the article's
    date (an article cannot mean an order signed after it was published: "Biden issued an executive order last year",
    in 2024, is not his order of January 2025)."""
    named = [(name, first, last) for name, first, last in _TERMS if name in s.folded]
    if len(named) > 1 and (signer := _SIGNED_BY.search(s.folded)) is not None:
        named = [n for n in named if n[0] == signer.group(1)]
    if len(named) != 1:
        return None
    _, first, last = named[0]
    return first, min(last, s.published) if s.published else last


_SIGNED_BY = re.compile(r"(?:signed|issued|enacted)\s(?:[a-z]+\s){0,2}by\s(?:former\s)?(?:president\s)?(?:[a-z.]+\s)?(biden|trump|obama)")


_SIGNING = ("sign", "pass", "veto", "enact", "adopt")


def _long_ago(s: Sentence, rules: RuleSet) -> bool:
    """The sentence dates what it tells half a year or more before the article (a day, or a month of a year:
    2023年11月, "November 2023"): an instrument of then, not news."""
    if s.published is None:
        return False
    told = _stated_date(s, rules) or month_told(s.folded)
    return told is not None and (s.published - told).days > 180


_MONTH_ADJECTIVE = re.compile(r"\b(january|february|march|april|may|june|july|august|september|october|november|"
                              r"december)(?:['’]s)?\s(?:[a-z-]+\s){0,2}$")


def _months_before(s: Sentence, start: int) -> int:
    """How many months before the article a month named right before an instrument is ("a December executive
    order", "last March's rules"): the latest such month on or before the article's; 0 when none is named."""
    if s.published is None:
        return 0
    m = _MONTH_ADJECTIVE.search(s.folded, max(0, start - 30), start)
    if m is None:
        return 0
    return (s.published.month - month_number(m.group(1))) % 12


def _not_another_day(known: str | None, stated: dt.date | None, aliases: AliasIndex) -> str | None:
    """``known`` unless the sentence dates its act a week or more away from the known event's date: "Newsom on
    Monday [13 October] signed a law regulating AI chatbots" is not SB 53, signed on 29 September."""
    if known is None or stated is None:
        return known
    issued = aliases.issued_on(known)
    return known if issued is None or abs((stated - issued).days) <= 6 else None


_WEEKDAY_OR_TODAY = re.compile(r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday)\b")


def _day_told(s: Sentence, rules: RuleSet) -> dt.date | None:
    """The date the sentence tells, the article's own day included when a weekday or "today" tells it."""
    found = find_date(s.folded, [(h.start, h.term) for h in s.of("relative_date")], rules.relative_dates, s.published)
    return found if found != s.published or _WEEKDAY_OR_TODAY.search(s.folded) else None


def _stated_date(s: Sentence, rules: RuleSet) -> dt.date | None:
    found = find_date(s.folded, [(h.start, h.term) for h in s.of("relative_date")], rules.relative_dates, s.published)
    return found if found != s.published else None


_ISSUER_REGULATOR = re.compile(r"\b(?:regulators?|watchdogs?|cyberspace administration|ministry|agency)\b|网信")


def _names_an_instrument(title: str, rules: RuleSet) -> bool:
    """A Chinese title (a draft's mark set aside) that ends in an instrument word and is no algorithm or method:
    《…管理暂行办法（征求意见稿）》, not 《…训练方法》 or “…文本生成算法”."""
    core = DRAFT_MARK.sub("", title)
    return core.endswith(tuple(rules.instrument_names_zh)) and not _ZH_NOT_LAW_END.search(core)


def _possessive_stripped(word: str) -> str:
    """"china's" -> "china"; a plural keeps its "s" ("measures")."""
    return re.sub(r"['’]s?$", "", word)


_PLACES_COUNTED = re.compile(r"\b(?:all|every|\d+)\s(?:u\.s\.\s|us\s)?(?:states|countries|provinces)\b|各州|\d+个(?:州|国家|省)")
_INDUSTRY_REPORT = re.compile(r"产业|发展|市场|研究|行业|industry|development|market|research")
# Words before "Act" or "Order" that make it a verb: "Congress Must Act Now", "Lawmakers Finally Act"
_BEFORE_THE_VERB = frozenset({"must", "should", "will", "to", "can", "may", "could", "would", "shall", "cannot", "needs",
                              "need", "ought", "didn't", "won't", "can't", "finally", "now"})
_ARTICLE_CITED_AFTER = re.compile(r"[》」』]?\s?第[一二三四五六七八九十百零〇两\d]+[条條款章]")
_GENERIC_ALIASES = frozenset({"ai act", "ai law", "artificial intelligence act", "artificial intelligence law"})
# Capitalised title words right before a generic name: "Transparency in Frontier [Artificial Intelligence Act]",
# "Responsible [AI Act]"; the EU's own ("the EU [AI Act]", "European Union's") and a sentence's first word aside
_TITLE_WORDS_BEFORE = re.compile(r"(?<![.!?:]\s)(?<!^)\b((?:[A-Z][\w'’-]*\s(?:(?:in|of|for|and|on|the|to)\s)?){1,6})$")
_NOT_OWN_TITLE_WORDS = frozenset({"the", "eu", "eu's", "eu’s", "european", "union", "union's", "union’s", "europe's",
                                  "europe’s", "new", "its", "this", "landmark", "comprehensive"})


def _own_title_words(text: str, start: int, places: Mapping[str, str]) -> bool:
    """Capitalised words of a title of its own stand right before a generic name ("the Transparency in Frontier
    Artificial Intelligence Act"): that act, not the known one of the generic name. Not in a title-case headline,
    and not a place, which owns the name instead."""
    head = _TITLE_WORDS_BEFORE.search(text, max(0, start - 80), start)
    if head is None or head.start(1) == 0:
        return False
    words = text.split()
    if sum(w[:1].isupper() for w in words) > 0.6 * len(words):
        return False  # a headline in title case ("Colorado Delays Its AI Act to June 30"): every word is capitalised
    own = {w.lower() for w in head.group(1).split() if w[:1].isupper()} - _NOT_OWN_TITLE_WORDS
    # a place before the name is its owner ("Colorado's", "the Colorado AI Act"): read where places are
    return bool(own) and first_us_state(head.group(1)) is None and not any(w in places for w in own)


# A place that owns the name right after it: "Colorado's comprehensive AI Act", "Japan's new AI law"
_OWNER_PLACE = re.compile(r"\b([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)['’]s\s(?:[a-z][\w-]*\s){0,3}$")
def _other_place(owner: str, event: str, aliases: AliasIndex, rules: RuleSet) -> bool:
    """Is ``owner`` (a place's name before "'s") another place than the known event's own?"""
    place = aliases.place_of(event)
    if place is None:
        return False
    state = first_us_state(owner)
    if state is not None and state == owner:
        return not place.startswith("US-")  # (a state's act: not a federal or foreign one; its own stays)
    code = rules.place_codes.get(fold(owner))
    return code is not None and code != place


def event_mentions(s: Sentence, rules: RuleSet, aliases: AliasIndex, headline: bool = False) -> list[Mention]:
    """Regulation events the sentence reports; ``headline`` when it is the article's title."""
    fams = s.families
    found: list[tuple[str, str, int, int]] = []  # (name, rule, start, end)
    pending_named = False  # a named bill the sentence tells still in committee
    # 援引《网络安全法》、《数据安全法》: titles cited as the basis of something else are not the news
    cited_titles = ([m.span() for m in _ZH_TITLE.finditer(s.text)
                     if _ZH_CITED.search(s.text[max(0, m.start() - 5):m.start()])] if "《" in s.text else [])
    cited_titles += _zh_background_titles(s.text)
    if cited_titles:
        for m in _ZH_TITLE.finditer(s.text):
            if m.start() > cited_titles[-1][1] and _ZH_LIST_JOIN.match(s.text[cited_titles[-1][1]:m.start()]):
                cited_titles.append(m.span())
    regulations = [m for m in s.aliases if m.kind == "regulation"]
    for m in s.aliases:
        if m.kind == "regulation":
            if any(a <= m.start and m.end <= b for a, b in cited_titles):
                continue
            if any(o.canonical != m.canonical and o.start <= m.start and m.end <= o.end and o.end - o.start > m.end - m.start
                   for o in regulations):
                continue  # "the AI Act Omnibus": the longer known name, not the "AI Act" inside it
            if (_ZH_CITED_BEFORE_UNNAMED.search(s.folded, max(0, m.start - 30), m.start)
                    and not any(h.start >= m.end for h in s.of("event_action"))):
                continue  # 按照…管理办法征求意见稿，向公众提供此类服务前需进行安全评估: the basis of something else
            name = m.canonical
            # "立法院三读通过《人工智能基本法》": of two places' laws of one name, the one of the place told nearest
            name = aliases.event_in_place(m.surface, s.nearest_jurisdiction(m.start, m.end)) or name
            owner = _OWNER_PLACE.search(s.text, max(0, m.start - 40), m.start)
            if owner is not None and _other_place(owner.group(1), name, aliases, rules):
                # "Colorado's comprehensive AI Act": that state's act (the dataset's "Colorado AI Act" when it knows
                # one of the owner's name), not the EU's of the name "AI Act"
                own = aliases.canonical(f"{owner.group(1)} {m.surface}")
                if own is not None:
                    found.append((own, "event.known_name", owner.start(1), m.end))
                continue
            if fold(m.surface) in _GENERIC_ALIASES and _own_title_words(s.text, m.start, rules.place_codes):
                continue  # "the Transparency in Frontier Artificial Intelligence Act": another act's title ends so
            if fold(m.surface) in _GENERIC_ALIASES and (place := aliases.place_of(name)) is not None:
                # "Colorado Delays Its AI Act to June 30": a bare "AI Act" in a sentence that names another place and
                # not the event's own is that place's act
                told = [h for h in s.hits if h.family.startswith("jur:") and h.family != "jur:-"]
                if told and not any(h.family[4:].split("-")[0] == place for h in told):
                    own = next((o for h in told if (o := aliases.canonical(f"{s.text[h.start:h.end]} {m.surface}"))), None)
                    if own is not None:
                        found.append((own, "event.known_name", m.start, m.end))
                    continue
            if _AMENDED.search(s.folded, max(0, m.start - 40), min(len(s.folded), m.end + 40)):
                # "an amendment to China's Cybersecurity Law was approved": the amendment, when the dataset
                # knows it as an event of its own
                name = aliases.canonical(f"{name} amendment") or name
            found.append((name, "event.known_name", m.start, m.end))
    if fams & rules.event_families:
        # 根据《…暂行办法》: a title cited as the basis of something else, its words are not the news either
        basis = [m.span() for m in _ZH_TITLE.finditer(s.text)
                 if _ZH_CITED.search(s.text[max(0, m.start() - 5):m.start()])] if "《" in s.text else []
        for event in rules.known_events:
            groups = event.families
            if event.not_before is not None and s.published is not None and s.published < event.not_before:
                continue  # told before the event existed: another instrument with the same facts
            if fams.issuperset(groups) and not any(name == event.name for name, *_ in found):
                spans = [h for h in s.hits if h.family in groups]
                if any(a <= h.start and h.end <= b for h in spans for a, b in basis):
                    continue
                others = [(m.start, m.end) for m in regulations if m.canonical != event.name]
                if others and any(all(any(a <= h.start and h.end <= b for a, b in others) for h in spans if h.family == g)
                                  for g in groups):
                    continue  # "the AI Act Omnibus": a group told only inside another known event's name is not told
                if "jur:-" in fams:
                    # "Italy becomes the first EU country to pass an AI law": a group told only inside a member's
                    # words ("EU country") is not told
                    members = [(h.start, h.end) for h in s.hits if h.family == "jur:-"]
                    if any(all(any(a <= h.start and h.end <= b for a, b in members) for h in spans if h.family == g)
                           for g in groups):
                        continue
                told = {h.family[4:].split("-")[0] for h in s.hits if h.family.startswith("jur:") and h.family != "jur:-"}
                place = event.jurisdiction or aliases.place_of(event.name)
                if told and place not in (None, "INT") and place.split("-")[0] not in told:
                    # "Spain's Council of Ministers approved a draft law … fined for failing to label AI-generated
                    # content": another country's instrument with the known one's facts
                    continue
                found.append((event.name, "event.known_facts", min(h.start for h in spans), max(h.end for h in spans)))
    ai = "ai_context" in fams
    if not (ai or "lawsuit" in fams or "unnamed_instrument" in fams or "《" in s.text or " v" in s.text or found
            or "诉" in s.text):
        return []  # only a known event's terms ("the company's cloud business"), and not all of one event's groups
    if ai and rules.named_instrument is not None and _instrument_word(rules.instrument_names).search(s.text):
        question = s.text.rstrip().endswith(("?", "？"))
        acted = "event_action" in fams or "veto" in s.folded
        other_regime = _OTHER_REGIME.search(s.folded) is not None
        for m in rules.named_instrument.finditer(s.text):
            words = m.group(1).split()
            while words and (words[0].lower() in _LEADING or _LIST_NUMBER.fullmatch(words[0])):
                words.pop(0)  # "the", "1." of a numbered heading
            verb = max((i for i, w in enumerate(words) if w.lower() in _HEADLINE_VERBS), default=-1)
            if verb >= 0:
                words = words[verb + 1:]  # "Japan Lower House Passes AI Promotion Bill": a headline's verb
                while words and words[0].lower() in _LEADING:
                    words.pop(0)  # "… While Beijing Rewrites the Rules": no name left
            if words and words[0].lower().endswith("ing"):
                continue  # "Building Innovation Through Regulation": a headline's phrase, not an instrument
            if m.group(2) == "Rules" and words and words[-1].lower() in _RULING_SUBJECTS:
                continue  # "Federal Judge Rules AI Training Is Fair Use": the judge's verb, not an instrument
            if m.group(2) in ("Act", "Order") and words and words[-1].lower() in _BEFORE_THE_VERB:
                continue  # "Congress Must Act Now to Regulate Artificial Intelligence": the verb "act"
            start = m.start()
            if (cut := _NAME_CUT_AT_COMMA.search(s.text, max(0, start - 40), start)) is not None:
                start = cut.start()  # "the Copyright, Designs and Patents Act": one name with a comma in it
            if _UNDER.search(s.text, max(0, start - 20), start):
                continue  # "using powers under the Defense Production Act": cited, not news
            if _NAME_GOES_ON_BEFORE.search(s.text, max(0, start - 30), start):
                continue  # "Leading Ethical AI Development (LEAD) for Kids Act": the tail of a longer name
            if _PRODUCT_QUOTED.search(s.text, max(0, start - 24), start):
                continue  # "filed a model called 'Xinghuo Law'", "filed 'Xinzhi Law'": a product's name
            if ((_HEADING_VERB_AFTER.match(s.text, m.end()) or _HEADING_NOUN_AFTER.match(s.text, m.end())
                 or any(w.lower() in _ORGANISATION_WORDS for w in words))
                    and aliases.known_event(" ".join([*words, m.group(2)])) is None):
                # "Europe's Copyright Framework Meets Generative AI", "State AI Law Evaluation": a heading's words;
                # "Institute of Cyber and Artificial Intelligence Rule of Law", "State Administration for Market
                # Regulation": a body's name, not an instrument
                continue
            if _NOT_INSTRUMENT_AFTER.match(s.text, m.end()) or (
                    m.group(2) == "Bill" and words and words[-1].rstrip(".").lower() in _PERSON_TITLES_BEFORE_NAME):
                continue  # "a blog post by AllBright Law Offices", "Stanford Law School", "Governor Bill Lee"
            if not m.group(3) and all(_possessive_stripped(w.lower()) in _GENERIC_NAME_WORDS
                                      or _GENERIC_NAME_WORD.fullmatch(w.lower()) for w in [*words, m.group(2)]):
                # "Regulatory Framework", "the New Rules", "Trump's Executive Order": no name of its own, unless
                # its title is quoted after it
                if (title := _QUOTED_TITLE.match(s.text, m.end())) and not _known_overlap(found, m.start(), m.end()):
                    name = title.group(1).strip()
                    found.append((aliases.known_event(name) or name, "event.named_instrument", m.start(), title.end()))
                elif ((tail := _TITLE_TAIL.match(s.text, m.end())) is not None
                      and (known := aliases.known_event(" ".join([*words, m.group(2)]) + tail.group())) is not None
                      and not _known_overlap(found, m.start(), m.end())):
                    # "the Interim Administrative Measures for Generative Artificial Intelligence Service": head words
                    # that name nothing, and a whole title that names a known event
                    found.append((known, "event.named_instrument", m.start(), tail.end()))
                continue
            if words and not _known_overlap(found, m.start(), m.end()):
                name = " ".join([*words, m.group(2)] + ([m.group(3)] if m.group(3) else []))
                known = aliases.known_event(name)
                if known is None and (tail := _TITLE_TAIL.match(s.text, m.end())) is not None:
                    # "Interim Administrative Measures for Generative Artificial Intelligence Service": the known
                    # event by its whole title, when the title's head alone names none
                    known = aliases.known_event(f"{name}{tail.group()}")
                if known is None and (question or other_regime):
                    # "What Does 'Filing' Mean Under China's AI Rules?": a question names no new instrument; "China
                    # Finalized Classification Guidelines for AI Medical Devices": another regime's
                    continue
                if known is None and any(m.start() - 30 <= h.start < m.start() for h in s.of("projection")):
                    continue  # "Trump Says He Will Issue AI 'One Rulebook' Order": one still to come
                if known is None and _COMMITTEE_STAGE.search(s.folded, m.end()):
                    # "Florida's AI Bill of Rights inched forward, passing … out of the Senate Appropriations Committee":
                    # a bill on its way, not a law (nor is the sentence's unnamed "AI legislation" then)
                    pending_named = True
                    continue
                if known is None and not headline and (not acted or _long_ago(s, rules)):
                    # "The new law sits alongside Illinois' 2020 Artificial Intelligence Video Interview Act": an
                    # instrument the dataset does not know, named in a body sentence that tells nothing done to it
                    # (signed, passed, issued, proposed, in force, vetoed), is background, not news
                    continue
                found.append((known or name, "event.named_instrument", m.start(), m.end()))
    if ai and not found and ("“" in s.text or '"' in s.text):
        for m in _KNOWN_AS_TITLE.finditer(s.text):
            known = aliases.known_event(m.group(1))
            if known is not None:  # (a known event only: a quoted title of no known event is left to the rules above)
                found.append((known, "event.titled_instrument", m.start(1), m.end(1)))
    cited: list[tuple[int, int]] = []
    background = _zh_background_titles(s.text)
    for m in _ZH_TITLE.finditer(s.text) if "《" in s.text else ():  # (every title opens with 《: most sentences, none)
        title = m.group(1).strip()
        if (m.span() in background or _ZH_CITED.search(s.text[max(0, m.start() - 5):m.start()])
                or _ZH_CITED_CLAUSE.search(s.text, max(0, m.start() - 130), m.start())
                # 《算法推荐规定》第十七条以及《个人信息保护法》…: an article of it cited as the ground of something
                or _ARTICLE_CITED_AFTER.match(s.text, m.end())
                # (titles side by side, 《个人信息保护法》《…规范》, are a list too)
                or (cited and (cited[-1][1] == m.start() or _ZH_LIST_JOIN.match(s.text[cited[-1][1]:m.start()])))
                # "是依据《…规定》，《…规定》中所指的…": the basis named again, still the basis
                or any(s.text[a:b] == m.group(0) for a, b in cited)):
            article = _ARTICLE_CITED_AFTER.match(s.text, m.end())
            # 援引《网络安全法》、《数据安全法》: the basis, not the news (with the article it cites, so that the titles
            # listed after it are read as cited too)
            cited.append((m.start(), article.end() if article else m.end()))
            continue
        if (len(title) <= 4 or _ZH_NOT_INSTRUMENT.search(title)
                or _ZH_SHORT_FORM.search(s.text[max(0, m.start() - 6):m.start()])):
            continue  # 《办法》, 以下简称《标识办法》, 《…算法备案清单》
        if _known_overlap(found, m.start(), m.end()):
            continue
        # one name whichever quotes the outlet uses: 「人工智能+」 (Traditional script) is “人工智能+”
        title = title.translate(_ZH_QUOTES)
        known = aliases.known_event(title)
        if known is None and (not _ZH_AI_WORD.search(title) or _ZH_OTHER_REGIME_TITLE.search(title)):
            # 《数据出境安全评估办法》9月1日起施行, 修订了《出口管制条例》, 越南国会通过《人工智能法》并修订《知识产权法》: a
            # title with no word of AI is another matter's, whatever the sentence's AI
            continue
        if known is None and _long_ago(s, rules):
            continue  # 广东省2023年11月印发《…实施意见》, in a 2025 article: background, not news
        if known is not None or _names_an_instrument(title, rules):
            # the instrument word ends the title (《…训练方法说明》 is no law), a draft's mark set aside
            # a known event's title counts without an instrument word: 《防止联邦政府使用“觉醒AI”》 (an order)
            found.append((known or title, "event.titled_instrument", m.start(), m.end()))
    if "「" in s.text or "“" in s.text:
        # Taiwan and Hong Kong outlets quote a title in 「」 where the mainland uses 《》: 网信办起草「人工智能拟人化
        # 互动服务管理暂行办法（征求意见稿）」. Only a long quote that ends in an instrument word is a title.
        for m in _ZH_QUOTED.finditer(s.text):
            title = m.group(1).strip()
            if (len(DRAFT_MARK.sub("", title)) < 8 or _known_overlap(found, m.start(), m.end())
                    or _ZH_CITED.search(s.text[max(0, m.start() - 5):m.start()])
                    or _ZH_SHORT_FORM.search(s.text[max(0, m.start() - 6):m.start()])  # (以下简称「…」)
                    or not _names_an_instrument(title, rules)):
                continue
            if _ARTICLE_CITED_AFTER.match(s.text, m.end()):
                continue  # 《…规范》第五条也提出了…: an article of it cited as the ground of something, not news of it
            known = aliases.known_event(title)
            if known is None and (_ZH_PLANNED_BEFORE.search(s.folded, max(0, m.start() - 8), m.start())
                                  or _ZH_PLANNED_AFTER.match(s.folded, m.end()) or _long_ago(s, rules)):
                continue  # 数位发展部必须制定「…指引」, 「…指引」研议进度: a guideline still to be written, not issued
            found.append((known or title, "event.titled_instrument", m.start(), m.end()))
    if ai and ("B " in s.text or "Bill " in s.text or "B." in s.text) and ("event_action" in fams or "veto" in s.folded):
        # "Governor Gavin Newsom has signed SB 243", "vetoed AB 1064": a state bill by its number, named with the
        # state the sentence tells (the dataset's name when it knows the bill)
        for m in _BILL_REF.finditer(s.text):
            if _known_overlap(found, m.start(), m.end()):
                continue
            if _PENDING_AFTER.match(s.text, m.end()):
                continue  # "SB 300 would strengthen existing laws regarding chatbots": a bill still pending
            number = bill_code(m.group(1), m.group(2))
            # the state told before the number, else after it ("Virginia Governor Glenn Youngkin vetoed HB 2094, a bill
            # modelled on the Colorado AI Act": Virginia's)
            states = list(_US_STATE.finditer(s.text))
            state = (max((st for st in states if st.end() <= m.start()), key=lambda st: st.start(), default=None)
                     or min(states, key=lambda st: abs(st.start() - m.start()), default=None))
            name = f"{state.group()} {number}" if state else number
            if _VETOED.search(s.text, max(0, m.start() - 40), m.start()):
                name += " veto"  # "vetoed SB 1047": the veto is the event
            found.append((aliases.canonical(name) or aliases.canonical(number) or name, "event.bill_number",
                          m.start(), m.end()))
    if ("lawsuit" in fams or " v. " in s.text or " vs. " in s.text or "诉" in s.text) and not any(
            rule == "event.known_facts" for _, rule, *_ in found):
        # "Walt Disney v. MiniMax" -> the dataset's "Disney v. MiniMax" when it knows the suit
        found.extend((aliases.canonical(name) or name, rule, start, end) for name, rule, start, end in _lawsuits(s, aliases, rules.parties))
    unnamed = [h for h in s.of("unnamed_instrument") if not any(a <= h.start and h.end <= b for a, b in cited)]
    if unnamed and (pending_named or _NO_SUCH.search(s.folded, max(0, unnamed[0].start - 24), unnamed[0].start)
                    or _ZH_CITED_BEFORE_UNNAMED.search(s.folded, max(0, unnamed[0].start - 30), unnamed[0].start)
                    # "introduced 59 AI-related regulations": a count of instruments, a statistic
                    or _counted_before(s.folded, unnamed[0].start)
                    # "Trump says he will sign an order": one still to come (a projection just before it)
                    or any(unnamed[0].start - 30 <= h.start < unnamed[0].start for h in s.of("projection"))
                    # 《2022年北京人工智能产业发展白皮书》, "an industry development white paper": a survey of a trade,
                    # not a government's policy paper
                    or (rules.unnamed_instruments[unnamed[0].term] == "white paper"
                        and _INDUSTRY_REPORT.search(s.folded, max(0, unnamed[0].start - 30), unnamed[0].end))
                    # "all 50 states … considered AI legislation, and 38 states enacted about 100 measures": a statistic
                    # of many places' instruments, not one
                    or _PLACES_COUNTED.search(s.folded, 0, unnamed[0].start)):
        # "no specific AI legislation has been introduced in the UK": none, not one; 按照网信办4月发布的…管理办法: the
        # basis of something else, background
        unnamed = []
    if not found and ai and unnamed and "event_action" in fams and not _ANAPHORIC.search(
            s.folded, max(0, unnamed[0].start - 12), unnamed[0].start) and not _CONTENT_OF.search(
            s.folded, max(0, unnamed[0].start - 30), unnamed[0].start):
        # ("these regulations wouldn't apply to …": the instrument the article already told, not another)
        hit = unnamed[0]
        label = rules.unnamed_instruments[hit.term]
        # an executive order with no place named is the US president's ("Biden's order directs agencies ...")
        jur = s.nearest_jurisdiction(hit.start, hit.end) or ("US" if label == "executive order" else None)
        if jur == "US" and label in ("law", "bill") and "governor" in s.folded:
            # "California Governor Gavin Newsom signed a law regulating AI chatbots, defying a push from the White
            # House": a governor signs the state's law, whatever federal body the sentence names nearer
            jur = next((h.family[4:] for h in s.hits if h.family.startswith("jur:US-")), jur)
        actions = {h.term for h in s.of("event_action")}
        title = _QUOTED_TITLE.match(s.text, hit.end)  # an executive order titled "…": the order's own name
        name = title.group(1).strip() if title else f"{jur + ' ' if jur else ''}{label} on {_topic(s, hit.end, rules)}"
        # "China's interim rules for generative AI" -> the dataset's name when it lists this one, or the one
        # known event of its place and kind issued or taking effect around the article's date
        year = (_YEAR_BEFORE.search(s.folded, max(0, hit.start - 8), hit.start)
                or _YEAR_TOLD.search(s.folded, hit.end))  # "… enacted in October 2023"
        # "a 2023 executive order on AI": the year names the order when the dataset has one of that year
        # drafted or proposed just before the instrument ("Beijing drafts rules", "proposed rules"); not "final rules
        # ... dropping demands floated in an April draft"
        drafted = any(h.term.startswith(("draft", "propos", "征求意见", "起草")) and hit.start - 30 <= h.start < hit.start
                      for h in s.of("event_action")) or "征求意见" in s.text[hit.end:hit.end + 20]
        term = _president_term(s)
        # the day a signing or a vote the sentence tells happened on ("Newsom on Monday signed a law ..."): an
        # instrument signed on another day than a known one's is another instrument
        signed_on = (_day_told(s, rules) if any(h.term.startswith(_SIGNING) for h in s.of("event_action"))
                     else None)
        if label == "rules" and (jur == "CN" or _ISSUER_REGULATOR.search(s.folded) is not None):
            # China's "new rules", or rules a regulator released, are its regulator's measures, never the law a
            # legislature passed near that date ("the cyberspace regulator released rules on labelling" is not the
            # Cybersecurity Law's amendment of the same weeks); the EU's or a state's "AI rules" may be its AI law
            label = "regulations"
        known = aliases.canonical(name) or (aliases.known_event(name) if title else None) or (
            # "Beijing drafts rules for AI companions": a new proposal, not the law in force nearby; the one known
            # proposal of its place around the article's date when the dataset has it
            aliases.event_near(jur, "draft", s.published) if drafted
            else aliases.event_in_year(jur, label, int(year.group(1))) if year
            else _presidents_order(term, label, jur, aliases)
            or _not_another_day(aliases.event_near(jur, label, s.published, within=term), signed_on, aliases)
            or _not_another_day(aliases.event_near(jur, label, _stated_date(s, rules), told=True, within=term),
                                signed_on, aliases)
            # "Colorado lawmakers will return to address issues with its landmark AI law": a state's one known law of
            # the kind, whenever it was passed (a state passes few; California's several stay apart)
            or (_not_another_day(aliases.event_between(jur, label, dt.date(2000, 1, 1), s.published),
                                 signed_on, aliases)
                if jur is not None and "-" in jur and s.published is not None and not drafted else None))
        # (the sentence's own date anchors the instrument too: "new Chinese regulations, effective from August 15",
        # in an article weeks later)
        if _months_before(s, hit.start) > 2:
            pass  # "A December executive order directed ...", in a June opinion piece: a recap of then, not news
        elif not actions <= _IN_FORCE and (known is not None or jur is not None or headline or title):
            # a body's rules of no place and no known name ("the introduction of regulations requiring
            # approval") are background; a headline's ("Governor signs AI law") is the story's news
            found.append((known or name, "event.unnamed_instrument", hit.start, hit.end))
        elif known is not None:  # "the EU's AI rules entered into force on Thursday", in the days it did
            found.append((known, "event.unnamed_instrument", hit.start, hit.end))
        # else "since new rules took effect": background, not an event
    if not found and ai and s.published is not None and (m := _SUMMIT_DECLARATION.search(s.folded)) is not None:
        # "58 countries signed a declaration at an AI summit in Paris on Tuesday": the one summit declaration the
        # dataset dates around the article (none known then: nothing, rather than a declaration of no name)
        known = aliases.event_near("INT", "declaration", s.published)
        if known is not None:
            found.append((known, "event.summit_declaration", m.start(), m.end()))
    if found and any(rule == "event.named_instrument" for _, rule, _, _ in found):
        # "Brazil's Senate passed AI Bill PL 2338/2023": "AI Bill" alone names nothing
        found = [f for f in found if not (f[1] == "event.named_instrument" and _GENERIC_INSTRUMENT.fullmatch(f[0]))]
    if found and any(rule in ("event.named_instrument", "event.titled_instrument") for _, rule, _, _ in found):
        # "violating the Digital Millennium Copyright Act", "违反《美国版权法》": a law of long standing cited in an AI
        # story is its ground, not AI-regulation news (unless the dataset knows it)
        found = [f for f in found if not (f[1] in ("event.named_instrument", "event.titled_instrument")
                                          and aliases.canonical(f[0]) is None and _ESTABLISHED_LAW.search(f[0]))]
    if len(found) > 1:  # (one name is never another's apposition)
        found = _drop_appositions(s.text, found)
    if not found:
        return []
    date = find_date(s.folded, [(h.start, h.term) for h in s.of("relative_date")], rules.relative_dates, s.published)
    return [Mention(kind="regulation_event", rule=rule, snippet=s.raw, regulation=name, date=date,
                    jurisdiction=(None if rule.startswith("event.lawsuit") else "INT" if rule == "event.summit_declaration"
                                  else _known_place(name, aliases) or _place_in_label(name, rule)
                                  or s.nearest_jurisdiction(start, end)))
            for name, rule, start, end in found]


_LABEL_PLACE = re.compile(r"^([A-Z]{2,3}(?:-[A-Z]{2})?)\s")


def state_of(name: str) -> str | None:
    """The US state a name opens with, as its place code: "Virginia HB 2094 veto" -> US-VA."""
    code = next((code for code, state in _STATE_CODES.items() if name.startswith(f"{state} ")), None)
    return f"US-{code}" if code else None


def _place_in_label(name: str, rule: str) -> str | None:
    """The place an unnamed instrument's label was given ("US-CA law on AI"): the one its sentence was read for;
    a state bill's, by the state its name opens with ("Virginia HB 2094 veto", whatever state the sentence
    names nearer)."""
    if rule == "event.bill_number":
        return state_of(name)
    m = _LABEL_PLACE.match(name) if rule == "event.unnamed_instrument" else None
    return m.group(1) if m else None


def _known_place(name: str, aliases: AliasIndex) -> str | None:
    """A known event's own place ("the Trump administration's 'America's AI Action Plan', and the EU's AI Act": the
    plan is the US's, whatever place is told nearest); none for a name two places' events share, whose place the
    article tells (extract.py: _one_of_namesakes)."""
    return None if aliases.namesakes(name) else aliases.place_of(name)


@lru_cache(maxsize=8)
def _instrument_word(words: tuple[str, ...]) -> re.Pattern[str]:
    """Any instrument word as written: every match of the rules' named_instrument pattern (built from the same
    words) ends in one, and most sentences with AI in them hold none (this test first, a literal scan)."""
    return re.compile("|".join(re.escape(w) for w in words) or "(?!)")


_BILL_NUMBER = re.compile(r"^(?:(?:Senate|Assembly|House) Bill|[SAH]\.?B\.?|HB|SB|AB)\s?\d+$")
_APPOSITION = re.compile(r"^\s?(?:,|\(|（)\s?(?:(?:also |better |commonly |usually )?(?:known|called|referred to) as |or |the |a |so-called "
                         r"|(?:以下)?[简簡][称稱]|[又下][称稱]|即)*[“\"《「]?$")  # (the text as written: 簡稱 too)


def _drop_appositions(text: str, found: list[tuple[str, str, int, int]]) -> list[tuple[str, str, int, int]]:
    """"Senate Bill 53, the Transparency in Frontier Artificial Intelligence Act", "the Responsible AI Safety and
    Education Act, known as the RAISE Act": one instrument named twice; the dataset's name wins, else the shorter."""
    ordered = sorted(found, key=lambda f: f[2])
    dropped: set[int] = set()
    for i in range(len(ordered) - 1):
        a, b = ordered[i], ordered[i + 1]
        if a[3] <= b[2] and _APPOSITION.match(text[a[3]:b[2]]):
            known = [k for k, f in ((i, a), (i + 1, b)) if f[1].startswith("event.known")]
            if len(known) == 2:  # two known names for one thing: the one matched on more of the text is meant
                keep = i if a[3] - a[2] >= b[3] - b[2] else i + 1  # ("…with AI Act (the "Colorado AI Act")")
            elif len(known) == 1:
                keep = known[0]
            elif a[0].endswith(" veto") or b[0].endswith(" veto"):
                keep = i if a[0].endswith(" veto") else i + 1  # "vetoed AB 1064, the so-called LEAD for Kids Act": the veto
            elif _BILL_NUMBER.match(a[0]) and not _BILL_NUMBER.match(b[0]):
                keep = i + 1  # "Senate Bill 942, the California AI Transparency Act": the Act's name says more
            elif _BILL_NUMBER.match(b[0]) and not _BILL_NUMBER.match(a[0]):
                keep = i
            else:
                keep = i if len(a[0]) <= len(b[0]) else i + 1
            dropped.add(i + 1 if keep == i else i)
    return [f for k, f in enumerate(ordered) if k not in dropped]


def first_us_state(text: str) -> str | None:
    m = _US_STATE.search(text)
    return m.group() if m else None


def _known_overlap(found: list[tuple[str, str, int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for _, _, s, e in found)


def _topic(s: Sentence, after: int, rules: RuleSet) -> str:
    hits = [h for h in s.hits if h.family.startswith("topic:")]
    later = [h for h in hits if h.start >= after]
    pick = (later or hits or [None])[0]
    return rules.topics[int(pick.family[6:])].label if pick else "AI"


def _suit(plaintiff: str, defendant: str, aliases: AliasIndex, parties: Mapping[str, str]) -> str:
    """A suit by its parties' names as written: "<first plaintiff> v. <defendant>", each as the dataset or the rules'
    [events.parties] call it."""
    return f"{_party(plaintiff, aliases, parties)} v. {_party(defendant, aliases, parties)}"


def _party(raw: str, aliases: AliasIndex, parties: Mapping[str, str]) -> str:
    if (state := _STATE_CODES.get(raw.strip().rstrip(".,").replace(".", ""))) is not None:
        return state  # "PA v. Character.AI" is Pennsylvania's suit, however the outlet abbreviates it
    words = _AND_CO.sub("", raw.strip()).rstrip(".,").split()
    if (known := aliases.canonical(" ".join(words)) or parties.get(fold(" ".join(words)))) is not None:
        return known  # "Authors Guild" as a whole, before "authors" is taken for a headline's description
    while len(words) > 1 and (words[0].lower() in _LEADING or words[0].lower().endswith("-based")
                              or words[0].endswith(("'s", "’s"))):
        words.pop(0)  # "the", "Seattle-based", "China's MiniMax"
    owner = max((i for i, w in enumerate(words[:-1]) if w.endswith(("'s", "’s"))), default=None)
    if owner is not None:
        words = words[owner + 1:]  # "News Corp's Dow Jones": the unit that sues, not its owner
    cut = next((i for i, w in enumerate(words) if i > 0 and w in _HEADLINE_JOINS), None)
    if cut is not None:
        words = words[:cut]  # a Title-Case headline's "Midjourney Over Copyrighted Character Use"
    while len(words) > 1 and words[-1].rstrip(".,").lower() in _CORPORATE_SUFFIXES:
        words.pop()  # "Stability AI Limited", "OpenAI Inc."
    full = " ".join(words)
    for cut in range(len(words) - 1 if not (aliases.canonical(full) or parties.get(fold(full))) else 0, 0, -1):
        # "OpenAI Survives Dismissal": a known party, then a headline's words
        head = " ".join(words[:cut])
        if aliases.canonical(head) or parties.get(fold(head)):
            words = words[:cut]
            break
    name = " ".join(words)
    name = re.sub(r"[’']s$", "", name)
    return aliases.canonical(name) or parties.get(fold(name)) or name


def _lawsuits(s: Sentence, aliases: AliasIndex, parties: Mapping[str, str]) -> list[tuple[str, str, int, int]]:
    text = s.text
    out: list[tuple[str, str, int, int]] = []
    for m in _VERSUS.finditer(text):
        # "Tremblay and Awad v. OpenAI", "Silverman, Golden, Kadrey v. OpenAI": the first plaintiff names the case
        first = _PLAINTIFFS_LISTED.search(text, max(0, m.start(1) - 120), m.start(1))
        plaintiff = first.group(1) if first else m.group(1)
        if _not_a_party(plaintiff) or _not_a_party(m.group(2)):
            continue  # "Doe 1 &2 v. GitHub": a number is no party's name
        out.append((_suit(plaintiff, m.group(2), aliases, parties), "event.lawsuit_versus",
                    first.start(1) if first else m.start(), m.end()))
    if out:
        return out
    if (m := _JOINS_IN_SUING.search(text)) is not None and not _not_a_party(m.group(1)):
        # "Warner Bros. Discovery has joined Disney and Universal in suing AI company Midjourney", "… joins the list of
        # companies suing Midjourney": the one who joins, its own suit
        return [(_suit(m.group(1), m.group(2), aliases, parties),
                 "event.lawsuit_sued", m.start(1), m.end())]
    if (m := _LEAD_PARTY_SUED.match(text)) is not None and not _not_a_party(m.group(1)):
        # "The Authors Guild of America and 17 well-known authors, including …, sued … OpenAI": the party that opens
        # the sentence names the suit, whoever the list after it names
        return [(_suit(m.group(1), m.group(2), aliases, parties),
                 "event.lawsuit_sued", m.start(1), m.end())]
    for m in sorted([*_SUED.finditer(text), *_FILED_AGAINST.finditer(text), *_TOOK_TO_COURT.finditer(text),
                     *_SUIT_OF.finditer(text)], key=lambda m: m.start()):
        first = _PLAINTIFFS_BEFORE.search(text, 0, m.start(1))
        plaintiff = first.group(1) if first else m.group(1)
        if plaintiff.strip().lower() in _GENERIC_PLAINTIFFS:
            continue  # "Studios sue MiniMax", "Authors Sue OpenAI": a kind of plaintiff; the story names them
        if _not_a_party(plaintiff) or _not_a_party(m.group(2)) or (
                first is None and _OF_BEFORE.search(text, max(0, m.start(1) - 60), m.start(1))):
            # "… who died by suicide in April sued OpenAI": a month; "The author of Game of Thrones sued OpenAI":
            # the name describes the plaintiff, it is not the party
            continue
        out.append((_suit(plaintiff, m.group(2), aliases, parties),
                    "event.lawsuit_sued", first.start() if first else m.start(), m.end()))

    def told(m: re.Match[str], plaintiff: int, defendant: int, start: int) -> None:
        """The suit a match names, unless a side names no party ("The record companies filed their lawsuit")."""
        if not (_not_a_party(m.group(plaintiff)) or _not_a_party(m.group(defendant))):
            out.append((_suit(m.group(plaintiff), m.group(defendant), aliases, parties), "event.lawsuit_sued",
                        start, m.end()))

    if not out:
        for m in _GROUP_SUED.finditer(text):
            if s.published is not None and any(int(y) < s.published.year for y in _A_YEAR.findall(text, m.end())):
                continue  # "Authors, including John Grisham, sued OpenAI in 2023": the suit of that year, background
            told(m, 1, 2, m.start(1))
    if not out:
        for m in _ITS_SUIT.finditer(text):
            told(m, 1, 2, m.start())
    for m in _WINS_AGAINST.finditer(text):
        told(m, 1, 2, m.start())
    for m in _PREVAILS_IN.finditer(text):  # "Stability AI largely prevails in Getty Images lawsuit": the plaintiff's suit
        told(m, 2, 1, m.start())
    for m in _SUED_BY.finditer(text):
        told(m, 2, 1, m.start())
    if out:
        return out
    m = _SUED_PHRASE.search(text)
    if m and _REFERRING_PARTY.fullmatch(m.group(1).strip()) and (
            known := aliases.only_suit_against(_party(m.group(2), aliases, parties))) is not None:
        # "The company sued the now-defunct legal research firm Ross Intelligence in 2020": the plaintiff told before;
        # the defendant's one known suit
        return [(known, "event.lawsuit_known_defendant", m.start(1), m.end())]
    if (m and not _NOT_ONE_PLAINTIFF.search(m.group(1)) and not _GENERIC_DEFENDANT.match(text, m.end(2))
            and not _not_a_party(m.group(1))):
        # ("Other news publishers that have sued AI companies": publishers in general, no suit of its own)
        return [(_suit(m.group(1), m.group(2), aliases, parties), "event.lawsuit_sued",
                 m.start(1), m.end())]
    m = _SUIT_FROM.search(text)
    if m:
        plaintiff = _party(m.group(1), aliases, parties)
        against = _AGAINST.search(text, m.end())
        defendant = _party(against.group(1), aliases, parties) if against else _other_company(s, m.start(1), m.end(1))
        if defendant and defendant != plaintiff:
            return [(f"{plaintiff} v. {defendant}", "event.lawsuit_from", m.start(), m.end())]
    m = _SETTLES.search(text)
    if m:
        plaintiff = _party(m.group(2) or m.group(3), aliases, parties)
        return [(f"{plaintiff[:1].upper()}{plaintiff[1:]} v. {_party(m.group(1), aliases, parties)}", "event.lawsuit_settled",
                 m.start(), m.end())]
    m = _ZH_SETTLES.search(text)
    if m and "诉" in text:
        plaintiff = _ZH_SOME.sub("", m.group(2) or m.group(3))
        defendant = _ZH_TIME.sub("", m.group(1))
        if len(defendant) >= 2 and len(plaintiff) >= 2 and not _ZH_BAD_PARTY.search(plaintiff + defendant):
            return [(f"{plaintiff} v. {_party(defendant, aliases, parties)}", "event.lawsuit_settled", m.start(), m.end())]
    generic = _GENERIC_PLAINTIFF_WORDS.search(s.folded)
    court = _COURT_WORDS.search(s.folded) if generic is None else None
    if generic is not None or court is not None:
        # "Anthropic has agreed to a $1.5 billion settlement in a class action brought by authors", "Anthropic同意支付
        # 15亿美元与作家和解": plaintiffs of no name, the defendant's one suit the dataset knows; "the Munich Regional Court
        # found OpenAI guilty", 德国法院裁定OpenAI…: a court of a place, the defendant's one suit known there
        places = frozenset(h.family[4:] for h in s.hits if h.family.startswith("jur:") and h.family != "jur:-")
        # the court's own place when one stands right before a court word (德国法院今天裁定美国人工智能公司OpenAI: the
        # German court's, not the defendant's country)
        courts = [m.start() for m in _COURT_NOUN.finditer(s.folded)] if court is not None else []
        own = frozenset(h.family[4:] for h in s.hits if h.family.startswith("jur:") and h.family != "jur:-"
                        and any(0 <= at - h.end <= 18 for at in courts))
        places = own or places
        named = _parties_named(s, parties)
        suits = {suit for name in named
                 if (suit := aliases.only_suit_against(name, places if generic is None else frozenset())) is not None}
        # (one party named: "作家、新闻机构和唱片公司已先后对OpenAI、Anthropic、Suno等AI企业提起多起诉讼" is many suits)
        if len(suits) == 1 and len(named) == 1 and (generic is not None or places):
            at = generic or court
            return [(suits.pop(), "event.lawsuit_known_defendant", at.start(), at.end())]
    if len(named := _parties_named(s, parties)) >= 2:
        # "德国慕尼黑法院就OpenAI与德国音乐版权协会GEMA之间的版权纠纷作出裁决": both parties of a suit the dataset knows, in
        # a sentence about a suit, whichever words join them
        known = {suit for plaintiff in named for defendant in named if plaintiff != defendant
                 and (suit := aliases.canonical(f"{plaintiff} v. {defendant}")) is not None}
        if len(known) == 1:
            return [(known.pop(), "event.lawsuit_known_parties", 0, len(text))]
    cases = _zh_cases(s, aliases, parties) if "诉" in text else []
    if cases:
        return cases
    zh = _zh_lawsuit(s, aliases, parties)
    if zh is not None:
        return [zh]
    m = _ZH_SUED.search(text)
    if m and (_ZH_GENERIC_DEFENDANT.match(text, m.end(3)) or _ZH_REFERS_BACK.match(m.group(3))):
        # 起诉AI企业: a kind of company, not a party ("the first studios to sue AI firms"); 起诉这两家公司: the
        # parties the article named before, not a name
        m = None
    if m:
        # the first of joined plaintiffs names the suit, as in English ("迪士尼联手环球影业起诉…": Disney v. …)
        plaintiff = m.group(1) or _ZH_JOINED.split(_ZH_TIME.sub("", m.group(2)), maxsplit=1)[0]
        if (len(plaintiff) >= 2 and not _ZH_BAD_PARTY.search(plaintiff) and not _ZH_GENERIC_PLAINTIFF.search(plaintiff)
                and not _ZH_COUNTED_PARTY.match(plaintiff)):
            return [(_suit(plaintiff, m.group(3), aliases, parties), "event.lawsuit_zh",
                     m.start(), m.end())]
    return out


# "Bartz诉Anthropic案", "纽约时报诉OpenAI案": a case by its parties' names, as Chinese reporting names suits
_ZH_CASE = re.compile(r"([A-Za-z][A-Za-z0-9.&'’-]{0,30}(?:\s[A-Za-z][A-Za-z0-9.&'’-]{0,30}){0,3}|[\u4e00-\u9fff]{2,12})"
                      r"\s?诉\s?([A-Za-z][A-Za-z0-9.&'’-]{0,30}(?:\s[A-Za-z][A-Za-z0-9.&'’-]{0,30}){0,3}"
                      r"|[\u4e00-\u9fff]{2,12}?)(?:等)?案")
# 起诉, 控告, 将…告上法庭, 提起版权诉讼, 入禀 (Hong Kong): the verbs of a Chinese suit
_ZH_SUE_VERB = re.compile(r"(?<![一二三四五六七八九十两几多数0-9])起诉(?![书状讼过])|控告|状告|告上法庭|提告|入禀|告赢|(?:提起|提出|发起)[^，。；、]{0,8}?诉讼")
_ZH_PASSIVE = re.compile(r"(?:被|遭)([^，。；]{2,40}?)(?:联合|共同|一同|一起|分别)?$")
# "对MiniMax提起版权诉讼", "向法院控告…" (a court there is where, not whom)
_ZH_AGAINST = re.compile(r"(?:对(?![决话手比于此外象应抗标照待])|向(?![来前外上下往]))([^，。；对向]{2,30}?)(?:联合|共同)?$")
_ZH_TAKE = re.compile(r"将([^，。；]{2,30}?)告上法庭")
_ZH_ACCUSES = re.compile(r"指控|控告|起诉")
_ZH_COURT = re.compile(r"法院|法庭|法官")
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9.&'’\- ]{1,30}[A-Za-z0-9.]|[A-Za-z]{2}")


def _parties_named(s: Sentence, parties: Mapping[str, str]) -> set[str]:
    """Every party the sentence names: companies the dataset knows and litigants of the rules' [events.parties]."""
    named = {m.canonical for m in s.aliases if m.kind != "regulation"}
    # (a Latin spelling as a word: "Ross" is not in "across")
    return named | {name for spelling, name in parties.items() if spelling in s.folded and (
        not spelling.isascii() or re.search(rf"(?<![a-z0-9]){re.escape(spelling)}(?![a-z0-9])", s.folded))}


def _zh_lawsuit(s: Sentence, aliases: AliasIndex, parties: Mapping[str, str]) -> tuple[str, str, int, int] | None:
    """A Chinese sentence's suit as "<first plaintiff> v. <defendant>": the plaintiffs before the verb (after
    被/遭 when passive), the defendant after it, after 对/向 or 将, or after 指控 in the next clause; each party
    the first name the dataset or the rules' [events.parties] know in its part, else its Latin name."""
    text = s.text
    verb = _ZH_SUE_VERB.search(text)
    if verb is None or not re.search(r"[\u4e00-\u9fff]", text[max(0, verb.start() - 2):verb.end()]):
        return None
    before, after_at = text[:verb.start()], verb.end()
    clause_start = max(before.rfind(p) for p in "，。；") + 1
    readings: list[tuple[tuple[int, int], tuple[int, int]]] = []  # (plaintiff part, defendant part), likeliest first
    if (take := _ZH_TAKE.search(text, clause_start)) is not None:
        readings.append(((0, take.start()), take.span(1)))
    if (passive := _ZH_PASSIVE.search(before, clause_start)) is not None:
        readings.append((passive.span(1), (clause_start, passive.start())))
    if (against := _ZH_AGAINST.search(before, clause_start)) is not None and not _ZH_COURT.search(against.group(1)):
        readings.append(((0, against.start()), against.span(1)))
    # the active reading: the defendant after the verb ("提起诉讼，指控…MiniMax…": after 指控)
    end = min((i for i in (text.find(p, after_at) for p in "，。；") if i >= 0), default=len(text))
    defendant_part: tuple[int, int] | None = (after_at, end)
    if end - after_at < 2:
        accuses = _ZH_ACCUSES.search(text, end)
        if accuses is None:
            defendant_part = None
        else:
            end2 = min((i for i in (text.find(p, accuses.end()) for p in "，。；") if i >= 0), default=len(text))
            defendant_part = (accuses.end(), end2)
    if defendant_part is not None:
        # (not the party after 对/向 as a plaintiff: "…对OpenAI提起七起诉讼，指控ChatGPT…" has OpenAI as defendant;
        # a 对 that names no party is another word's: 米老鼠对决AI？迪士尼、环球联手控告Midjourney)
        named_against = against is not None and _zh_party(s, against.span(1), aliases, parties) is not None
        readings.append(((0, against.start() if named_against else verb.start()), defendant_part))
    for plaintiff_part, defendant_part in readings:
        # the first reading whose two parties both resolve: "史力加、迷你兵团被AI照办煮碗　迪士尼环球入禀告
        # Midjourney" reads no defendant before 被, and is active
        plaintiff = _zh_party(s, plaintiff_part, aliases, parties)
        defendant = _zh_party(s, defendant_part, aliases, parties)
        if plaintiff and defendant and plaintiff != defendant:
            return (f"{plaintiff} v. {defendant}", "event.lawsuit_zh", min(plaintiff_part[0], defendant_part[0]),
                    verb.end())
    return None


def _zh_cases(s: Sentence, aliases: AliasIndex, parties: Mapping[str, str]) -> list[tuple[str, str, int, int]]:
    """"在Bartz诉Anthropic案中": the case named by its parties; a Chinese party only when the dataset or the
    rules know its name (a run of Chinese before 诉 holds more than the name: 在纽约时报诉…)."""
    out = []
    for m in _ZH_CASE.finditer(s.text):
        names = []
        for group in (1, 2):
            raw = m.group(group)
            if raw.isascii():
                names.append(_party(raw, aliases, parties))
                continue
            # the longest known name that ends the run before 诉 (or starts the one after it)
            lo, hi = m.span(group)
            known = _zh_party(s, (lo, hi), aliases, parties, at_end=group == 1)
            names.append(known)
        if all(names) and names[0] != names[1]:
            out.append((f"{names[0]} v. {names[1]}", "event.lawsuit_zh", m.start(), m.end()))
    return out


def _latin_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _zh_party(s: Sentence, part: tuple[int, int], aliases: AliasIndex, parties: Mapping[str, str],
              at_end: bool = False) -> str | None:
    """The first party named in ``s.text[part]`` (with ``at_end``, the one that ends it): a name the dataset
    or the rules know, else a Latin name."""
    lo, hi = part
    folded = s.folded[lo:hi]
    found = [(m.start, -(m.end - m.start), m.canonical, m.end) for m in s.aliases
             if m.kind != "regulation" and lo <= m.start and m.end <= hi]
    for spelling, name in parties.items():
        at = folded.rfind(spelling) if at_end else folded.find(spelling)
        if at < 0:
            continue
        if spelling.isascii() and (_latin_letter(folded[at - 1:at]) or _latin_letter(folded[at + len(spelling):at + len(spelling) + 1])):
            continue  # a Latin spelling is a word of its own ("meta", not in "metaverse"; "起诉Meta" is fine)
        found.append((lo + at, -len(spelling), name, lo + at + len(spelling)))
    if at_end:
        found = [f for f in found if f[3] == hi]
        return min(found)[2] if found else None
    if found:
        return min(found)[2]
    latin = _LATIN_NAME.search(s.text, lo, hi)
    if latin is None or (latin.group(0).isupper() and len(latin.group(0)) < 3):
        return None  # no Latin name, or only "AI"
    return _party(latin.group(0), aliases, parties)


def _other_company(s: Sentence, start: int, end: int) -> str | None:
    for m in s.aliases:
        if m.kind != "regulation" and not (m.start < end and start < m.end):
            return m.canonical
    return None
