"""What the feed farm's entries say: ordinary news, and about one entry in ten of approval reporting.

A feed farm whose entries never mention AI approvals measures fetching, not the product; one whose every
sentence is a heap of cue words ("approval model filing generative ...", the farm's first content, kept
as ``--content salad``) makes every sentence reach the rules' expensive path, which no real feed does.
So, as the project's guide asks, about one entry in ten carries English or Chinese approval reporting and
the rest is the ordinary news a monitored feed mostly carries, a share of it near misses (drug, game and
chip-export approvals, car software, chatbot launches) that the rules must read and reject.

* Approval reporting: the project's own labelled cases from real reporting (tests/data/extraction/tune,
  written in our own words), those with at least one expected mention, in the feed's language, each
  under its own title and publication date.
* Ordinary news: sentences from the templates below (written here, no outlet's text), slots filled from
  small lists, grouped into paragraphs to 1-3 KB like a real feed's teaser or full-text description.

Everything is drawn from a ``random.Random`` seeded per feed, so two runs and two clients see the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

CASES = Path(__file__).resolve().parent.parent / "tests" / "data" / "extraction" / "tune"
APPROVAL_SHARE = 0.1

EN_SENTENCES = (
    "{city} city council voted {n} to {m} on {weekday} to extend the {thing} programme for another year.",
    "Shares of {firm} rose {pct} per cent in early trading after the company reported quarterly revenue of {money}.",
    "The match between {team} and {team2} ended {a}-{b}, leaving {team} {ordinal} in the league.",
    "Forecasters expect up to {n} millimetres of rain in {city} over the weekend and have issued a yellow warning.",
    "{firm} said on {weekday} it would open a warehouse outside {city}, creating about {n} jobs.",
    "The central bank kept its benchmark rate at {pct} per cent, as most economists had expected.",
    "Hospitals in {city} reported {n} cases of seasonal influenza last week, up from {m} the week before.",
    "Drug regulators approved {firm}'s treatment for {disease} after a trial that enrolled {n} patients.",
    "The commerce ministry said exports of advanced chips to {n} more countries would now need a licence.",
    "{carmaker} pushed a software update to {n} vehicles to fix a faulty braking warning, the company said.",
    "{firm} launched a customer-service chatbot that it says can answer questions in {n} languages.",
    "Regulators approved {n} new online games this month, the publication administration said.",
    "Schools in {city} will reopen on {month} {d}, the education bureau said on {weekday}.",
    "A stretch of the ring road near {city} was closed for {n} hours after a lorry overturned.",
    "The museum in {city} will show {n} paintings lent by private collectors from {month}.",
    "Officials said the new bridge would cost {money} and take {n} years to build.",
    "{firm} named {person} as chief executive, with effect from {month} {d}.",
    "{airline} will add {n} weekly flights between {city} and {city2} from {month}.",
    "Retail sales grew {pct} per cent in {month} from a year earlier, the statistics office said.",
    "Police in {city} arrested {n} people suspected of running an online investment scam.",
    "The city marathon drew {n} runners, and {person} won the men's race in two hours and {m} minutes.",
    "Home prices fell in {n} of {m} large cities in {month}, official figures showed.",
    "{firm}'s new phone goes on sale on {month} {d} at a starting price of {money}.",
    "Researchers at {univ} said their battery design could charge an electric car in {n} minutes.",
    "A court in {city} jailed a former official for {n} years for taking bribes.",
    "Power demand hit a record during the heatwave, and {n} plants ran at full load, the grid operator said.",
    "Analysts said the results beat expectations, though margins narrowed for a {ordinal} straight quarter.",
    "The union said {n} workers would strike on {weekday} unless talks over pay resumed.",
    "Farmers in the north expect a harvest about {pct} per cent larger than last year's after steady rain.",
    "The ministry said it would publish draft guidelines on data security for public comment in {month}.",
)

ZH_SENTENCES = (
    "{zcity}市气象台发布暴雨黄色预警，预计未来{n}小时降雨量将达{m}毫米。",
    "{zfirm}发布第三季度财报，营收同比增长{pct}%，净利润为{n}亿元。",
    "{zcity}地铁{n}号线将于{month_n}月{d}日起延长运营时间。",
    "国家统计局数据显示，{month_n}月份社会消费品零售总额同比增长{pct}%。",
    "{zteam}主场以{a}比{b}战胜{zteam2}，积分升至联赛第{n}位。",
    "国家药监局批准{zfirm}的新药上市，这是该公司今年第{n}款获批的药品。",
    "{zcar}宣布向{n}万辆汽车推送软件升级，以修复仪表盘显示问题。",
    "{zcity}市教育局表示，今年秋季将新增{n}所中小学，提供学位{m}个。",
    "国家新闻出版署公布了{month_n}月份国产网络游戏审批信息，共{n}款游戏获批。",
    "商务部表示，将对部分高性能芯片出口实施许可管理，涉及{n}个国家和地区。",
    "{zfirm}推出智能客服助手，称其可支持{n}种语言。",
    "{zcity}至{zcity2}高铁将于{month_n}月{d}日开通，全程最快{n}小时。",
    "受寒潮影响，{zcity}最低气温将降至零下{n}摄氏度。",
    "{zcity}警方破获一起网络诈骗案，抓获犯罪嫌疑人{n}名。",
    "{zuniv}研究团队在新型电池材料方面取得进展，相关论文已在国际期刊发表。",
    "{zcity}博物馆将于{month_n}月推出特展，展出文物{n}件。",
    "{month_n}月份全国{n}个大中城市新建商品住宅价格环比下降。",
    "{zair}宣布自{month_n}月起每周增开{n}个{zcity}往返{zcity2}的航班。",
    "{zcity}市政府常务会议研究部署了老旧小区改造工作，今年计划改造{n}个小区。",
    "分析人士认为，{zfirm}的毛利率已连续{n}个季度下滑。",
    "{zcity}今年前{month_n}个月接待游客{n}万人次，同比增长{pct}%。",
    "据了解，{zfirm}将在{zcity}建设新的研发中心，预计投资{n}亿元。",
)

FILL = {
    "city": ("Leeds", "Lyon", "Osaka", "Denver", "Porto", "Gdansk", "Adelaide", "Busan", "Tampere", "Quito"),
    "city2": ("Madrid", "Seoul", "Dublin", "Calgary", "Vienna", "Nairobi", "Lisbon", "Perth"),
    "firm": ("Northwind Foods", "Harbor Logistics", "Bluegate Retail", "Alder Energy", "Kestrel Mining",
             "Pinecrest Insurance", "Orbis Telecom", "Lumen Paper"),
    "carmaker": ("Velora Motors", "Ardent Auto", "Corvex Cars", "Maple Mobility"),
    "airline": ("Skyline Air", "Coastal Airways", "Norda Air"),
    "team": ("Riverside United", "Eastfield Rovers", "Harbour City", "Northgate Athletic"),
    "team2": ("Westbrook Town", "Lakeside FC", "Hillcrest Wanderers"),
    "person": ("Maria Lindqvist", "Daniel Okafor", "Priya Raman", "Tomas Novak", "Aiko Mori"),
    "univ": ("Eastern Technical University", "the University of Marlow", "Kings Valley Institute"),
    "disease": ("asthma", "migraine", "psoriasis", "a rare blood disorder"),
    "thing": ("bus subsidy", "street lighting", "youth sports", "library hours"),
    "weekday": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"),
    "month": ("January", "March", "April", "June", "September", "October", "November"),
    "ordinal": ("third", "fourth", "fifth", "seventh"),
    "money": ("$1.2 billion", "€340 million", "$86 million", "£2.1 billion"),
    "zcity": ("杭州", "成都", "西安", "青岛", "长沙", "昆明", "厦门", "合肥"),
    "zcity2": ("重庆", "南宁", "贵阳", "福州", "济南"),
    "zfirm": ("华远食品", "东岭物流", "蓝港零售", "北辰能源", "天禾保险", "启明通信"),
    "zcar": ("远航汽车", "星驰汽车", "北岭新能源"),
    "zair": ("东岸航空", "云程航空"),
    "zteam": ("江城队", "海港队", "山城队"),
    "zteam2": ("泉城队", "古城队"),
    "zuniv": ("东部理工大学", "西江大学", "滨海科技学院"),
}


@dataclass(frozen=True, slots=True)
class Entry:
    title: str  # plain text
    html: str  # the entry's description / summary, HTML
    published: dt.datetime | None  # None: the farm's own date


@lru_cache(maxsize=1)
def approval_cases() -> dict[str, tuple[tuple[str, str, dt.datetime], ...]]:
    """Our labelled cases with at least one expected mention, by feed language ("en" or "zh")."""
    by_language: dict[str, list[tuple[str, str, dt.datetime]]] = {"en": [], "zh": []}
    for path in sorted(CASES.glob("*.json")):
        case = json.loads(path.read_text(encoding="utf-8"))
        if not case.get("expected_mentions"):
            continue
        language = "en" if case["lang"] == "en" else "zh"
        published = dt.datetime.fromisoformat(case["published"].replace("Z", "+00:00"))
        by_language[language].append((case["title"], case["text"], published))
    if not by_language["en"] or not by_language["zh"]:
        raise RuntimeError(f"no labelled approval cases under {CASES}: the farm's news content needs them")
    return {language: tuple(cases) for language, cases in by_language.items()}


def feed_language(index: int) -> str:
    """One feed in four is Chinese, as in a monitor that follows both presses."""
    return "zh" if index % 4 == 3 else "en"


def entry(rng: random.Random, language: str) -> Entry:
    if rng.random() < APPROVAL_SHARE:
        cases = approval_cases()[language]
        title, text, published = cases[rng.randrange(len(cases))]
        paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
        return Entry(title, "".join(f"<p>{escape(p)}</p>" for p in paragraphs), published)
    return _ordinary(rng, language)


def _ordinary(rng: random.Random, language: str) -> Entry:
    templates = EN_SENTENCES if language == "en" else ZH_SENTENCES
    target = rng.randint(1000, 3000)  # bytes of UTF-8, like the salad's 1-3 KB
    paragraphs: list[str] = []
    first = ""
    size = 0
    while size < target:
        sentences = [_fill(rng.choice(templates), rng) for _ in range(rng.randint(2, 4))]
        first = first or sentences[0]
        joiner = " " if language == "en" else ""
        paragraph = escape(joiner.join(sentences))
        if rng.random() < 0.3:
            paragraph = f'{paragraph} <a href="/topic/{rng.randrange(100)}">{"More" if language == "en" else "详情"}</a>'
        paragraphs.append(f"<p>{paragraph}</p>")
        size += len(paragraph.encode("utf-8"))
    return Entry(_headline(first, language), "".join(paragraphs), None)


def _fill(template: str, rng: random.Random) -> str:
    values = {key: rng.choice(choices) for key, choices in FILL.items()}
    values.update(n=rng.randint(2, 400), m=rng.randint(2, 90), pct=round(rng.uniform(0.5, 12.0), 1),
                  d=rng.randint(1, 28), a=rng.randint(0, 4), b=rng.randint(0, 4), month_n=rng.randint(1, 12))
    return template.format(**values)


def _headline(sentence: str, language: str) -> str:
    if language == "zh":
        return sentence.split("，")[0].rstrip("。")[:30]
    words = sentence.rstrip(".").split()
    return " ".join(words[:12])
