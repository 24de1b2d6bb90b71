"""Event clusters by lead facts (monitor/dedup/events.py): rewrites join, look-alike events stay apart."""

from __future__ import annotations

import datetime as dt

from monitor.dedup import StoryIndex, story_facts, story_signature
from monitor.dedup.events import JOIN_SCORE, LEAD_CHARS, BareLead, FactIndex, StoryFacts, apart, lead_end, same_event
from monitor.records import Mention
from monitor.rules.aliases import AliasIndex

DAY = dt.datetime(2025, 4, 8, 9, 0, tzinfo=dt.timezone.utc)


def facts(*counts: tuple[str, int], companies: tuple[str, ...] = (), regulations: tuple[str, ...] = (),
          headline: tuple[str, ...] = (), entities: tuple[str, ...] = (), numbers: tuple[int, ...] = ()) -> StoryFacts:
    return StoryFacts(frozenset(counts), frozenset(c.casefold() for c in companies),
                      frozenset(r.casefold() for r in regulations), frozenset(e.casefold() for e in entities),
                      frozenset(numbers), frozenset(h.casefold() for h in headline))


def joins(a: StoryFacts, b: StoryFacts) -> bool:
    return same_event(a, b) >= JOIN_SCORE and same_event(b, a) >= JOIN_SCORE


def total(n: int, snippet: str, registry: str = "filed") -> Mention:
    return Mention("cumulative_total", "test", snippet, total=n, registry=registry)  # type: ignore[arg-type]


def batch(n: int, snippet: str, ordinal: int | None = None) -> Mention:
    return Mention("approval_batch", "test", snippet, count=n, count_qualifier="exact", batch=ordinal)


def company(name: str, snippet: str) -> Mention:
    return Mention("company_approval", "test", snippet, company=name)


def regulation(name: str, snippet: str) -> Mention:
    return Mention("regulation_event", "test", snippet, regulation=name)


def test_only_the_headline_and_lead_give_facts() -> None:
    lead = "China said 346 generative AI services had completed filing by March 31."
    filler = "Background paragraph about the industry and its many products. " * 8
    recap = "A year earlier the total stood at 117, after the first list was published."
    text = f"{lead}\n\n{filler}\n\n{recap}"
    told = story_facts("346 AI services filed", text, [total(346, lead), total(117, recap)])
    assert told is not None
    assert told.counts == {("total:filed", 346)}
    assert lead_end("t", text) < len("t\n") + text.index(recap)
    assert story_facts("t", "nothing here", []) is None
    background = story_facts("t", text, [total(117, recap)])  # background alone: no lead fact, only words
    assert background is not None and not (background.counts or background.companies or background.regulations)
    assert {"#346", "generative", "filing"} <= background.terms and "#117" not in background.terms


def test_a_short_dateline_paragraph_does_not_end_the_lead() -> None:
    text = "BEIJING, April 8 (Xinhua) --\n\n" + "The regulator counted 346 services. " + "x " * LEAD_CHARS
    told = story_facts("Filings rise", text, [total(346, "The regulator counted 346 services.")])
    assert told is not None and told.counts == {("total:filed", 346)}


def test_one_total_told_in_english_and_chinese_is_one_event() -> None:
    english = facts(("total:filed", 346), companies=("DeepSeek",))
    chinese = facts(("total:filed", 346))
    assert joins(english, chinese)


def test_two_totals_a_quarter_apart_stay_apart_by_value_and_by_window() -> None:
    march, june = facts(("total:filed", 346), companies=("DeepSeek", "Baidu")), facts(("total:filed", 439),
                                                                                   companies=("DeepSeek", "Baidu"))
    assert same_event(march, june) == 0
    index = FactIndex()
    index.add(1, 1, march, DAY)
    assert index.match(facts(("total:filed", 346)), DAY + dt.timedelta(days=90)) is None  # same value, far apart
    assert index.match(facts(("total:filed", 346)), DAY + dt.timedelta(days=2)) == 1


def test_same_count_other_ordinal_is_another_batch() -> None:
    assert same_event(facts(("batch", 14), ("ordinal", 4)), facts(("batch", 14), ("ordinal", 5))) == 0
    assert joins(facts(("batch", 14), ("ordinal", 4)), facts(("batch", 14)))
    assert joins(facts(("batch", 14), ("ordinal", 4)), facts(("ordinal", 4), ("total:filed", 40)))


def test_two_provincial_groups_of_nine_in_one_week_with_other_companies_stay_apart() -> None:
    beijing = facts(("batch", 9), companies=("JD.com", "Kuaishou"))
    shanghai = facts(("batch", 9), companies=("Bilibili", "Xiaohongshu"))
    assert same_event(beijing, shanghai) == 0


def test_batch_sizes_that_differ_count_against_but_do_not_part_one_first_batch() -> None:
    eight = facts(("batch", 8), ("ordinal", 1), companies=("Baidu", "SenseTime", "Zhipu AI"))
    eleven = facts(("batch", 11), ("ordinal", 1), companies=("Baidu", "SenseTime"))
    assert joins(eight, eleven)
    assert not joins(facts(("batch", 8), companies=("Baidu",)), facts(("batch", 11), companies=("Baidu",)))


def test_single_company_filings_of_different_companies_stay_apart() -> None:
    alibaba = facts(companies=("Alibaba", "iFlytek", "Qihoo 360"), headline=("Alibaba",))
    tencent = facts(companies=("Tencent", "Alibaba", "Baidu"), headline=("Tencent",))  # recalls Alibaba's filing
    assert same_event(alibaba, tencent) == 0
    assert not joins(facts(companies=("Zhipu AI",)), facts(companies=("MiniMax",)))
    # a list that shares one leading firm with another list is not the same event
    assert not joins(facts(companies=("Baidu", "Xiaomi")), facts(companies=("Baidu", "Kuaishou", "JD.com")))
    assert joins(facts(companies=("Tesla", "Mercedes-Benz")), facts(companies=("Tesla", "Mercedes-Benz", "Volvo")))


def test_a_company_filing_whose_lead_recalls_the_first_batch_is_not_the_first_batch() -> None:
    first_batch = facts(("batch", 8), ("ordinal", 1), companies=("Baidu", "SenseTime", "Zhipu AI", "MiniMax"))
    iflytek = facts(("batch", 8), ("ordinal", 1), companies=("iFlytek", "Baidu", "SenseTime"), headline=("iFlytek",))
    assert same_event(iflytek, first_batch) == 0


def test_laws_and_lawsuits_join_reports_about_them_not_stories_that_name_them_as_background() -> None:
    suit = facts(regulations=("NYT v. OpenAI",))
    assert joins(suit, facts(regulations=("NYT v. OpenAI",)))
    assert same_event(suit, facts(regulations=("Interim Measures",))) == 0
    # a batch story that names the Interim Measures in its lead is not the Interim Measures story
    assert not joins(facts(("batch", 8), regulations=("Interim Measures",)), facts(regulations=("Interim Measures",)))
    # a Bletchley report that recalls the executive order of two days before
    order = facts(regulations=("Executive Order 14110",))
    bletchley = facts(regulations=("Bletchley Declaration", "Executive Order 14110"))
    assert not joins(order, bletchley)


def test_names_and_numbers_of_the_lead_add_to_rule_facts_but_do_not_join_alone() -> None:
    assert not joins(facts(companies=("Baidu",), entities=("ByteDance",), numbers=(538,)),
                     facts(companies=("Kuaishou",), entities=("ByteDance",), numbers=(538,)))
    assert joins(facts(companies=("Tesla",), entities=("ByteDance",), numbers=(611,)),
                 facts(companies=("Tesla",), entities=("ByteDance",), numbers=(611,)))


def test_a_rewrite_in_other_words_joins_through_the_index_and_a_near_copy_keeps_its_story() -> None:
    """And a template copy with another total (a near-duplicate by text) is refused by its facts."""
    english_lead = "China's internet regulator said 346 generative AI services had completed filing."
    english = (f"{english_lead}\n\n" + "The figure compares with 302 at the end of last year, officials said. " * 3)
    chinese_lead = "国家网信办表示，已有346款生成式人工智能服务完成备案。"
    chinese = chinese_lead + "\n\n" + "业内人士认为，备案数量持续增长，说明监管框架日趋成熟。" * 4
    index = StoryIndex()
    first = index.add(1, story_signature("346 AI services filed", english), published=DAY,
                      facts=story_facts("346 AI services filed", english, [total(346, english_lead)]))
    second = index.add(2, story_signature("备案达346款", chinese), published=DAY + dt.timedelta(hours=20),
                       facts=story_facts("备案达346款", chinese, [total(346, chinese_lead)]))
    unrelated = index.add(3, story_signature("备案达439款", chinese.replace("346", "439")),
                          published=DAY + dt.timedelta(days=1),
                          facts=story_facts("备案达439款", chinese.replace("346", "439"),
                                            [total(439, chinese_lead.replace("346", "439"))]))
    copy = index.add(4, story_signature("346 AI services filed", english), published=DAY + dt.timedelta(days=1))
    assert (first, second, unrelated, copy) == (1, 1, 3, 1)


def test_an_undated_report_is_not_matched_on_facts() -> None:
    index = FactIndex()
    index.add(1, 1, facts(("total:filed", 346)), DAY)
    assert index.match(facts(("total:filed", 346)), None) is None
    naive = dt.datetime(2025, 4, 8, 10, 0)
    assert index.match(facts(("total:filed", 346)), naive) is None


def test_a_report_that_matches_two_stories_joins_them_under_the_older_id() -> None:
    index = StoryIndex()
    english = facts(("ordinal", 1), companies=("Baidu",), regulations=("Interim Measures",))
    chinese = facts(companies=("Baidu", "SenseTime", "Zhipu AI", "MiniMax"))
    bridge = facts(("ordinal", 1), companies=("Baidu", "SenseTime", "Zhipu AI"), regulations=("Interim Measures",))
    assert index.add(1, story_signature("Ernie Bot opens", "Baidu opened its chatbot. " * 20), published=DAY,
                     facts=english) == 1
    assert index.add(2, story_signature("商汤智谱上线", "多家企业的大模型同日上线。" * 20), published=DAY,
                     facts=chinese) == 2
    assert index.take_merges() == {}
    assert index.add(3, story_signature("首批大模型", "首批大模型获准上线，百度商汤智谱在列。" * 20),
                     published=DAY + dt.timedelta(days=1), facts=bridge) == 1
    assert index.take_merges() == {2: 1}
    assert index.cluster_of(2) == 1


def test_a_fine_told_with_its_amount_joins_reports_the_rules_read_nothing_in() -> None:
    english = story_facts("Italy fines OpenAI 15 million euros over ChatGPT privacy breaches",
                          "Italy's privacy watchdog said on Friday it had fined OpenAI 15 million euros.", [])
    chinese = story_facts("意大利对OpenAI罚款1500万欧元", "意大利个人数据保护局宣布对OpenAI处以1500万欧元罚款。", [])
    traditional = story_facts("意國監管機構罰OpenAI 1,500萬歐元", "意大利個人數據保護局向ChatGPT開發商OpenAI開出罰單。", [])
    assert english is not None and chinese is not None and traditional is not None
    assert ("fine", "EUR:15000000") in english.counts and ("fine", "EUR:15000000") in traditional.counts
    assert joins(english, chinese) and joins(english, traditional)
    charged = story_facts("Italy Charges OpenAI USD15.6M over private data",
                          "Italy's data protection authority said it had charged OpenAI 15 million euros.", [])
    assert charged is not None and joins(english, charged)  # a regulator's charge of an amount is its fine
    other = story_facts("Italy fines Replika developer 5 million euros", "The Garante fined Luka Inc. 5 million euros.", [])
    assert other is not None and same_event(english, other) == 0  # another amount: another fine
    nameless = story_facts("Regulator fines a lender 15 million euros", "a bank was fined 15 million euros.", [])
    assert nameless is not None and not joins(english, nameless)  # an amount alone is not enough
    # no fine, no known name: no facts (an AI headline waits as a bare lead, see test_a_bare_report_...)
    assert type(story_facts("Italy's AI plan", "The government will spend 15 million euros on research.", [])) is BareLead


# Background reports of the same week, so that the index's word weights know which words every filing
# story has ("generative", "services", "filing") and which are rare ("Galaxybot", "homework").
BACKGROUND = [
    ("Beijing says ten more generative AI services completed filing",
     "Beijing's cyberspace office said ten generative AI services from firms in the capital completed the "
     "filing procedure this week, including services from Meituan and Kuaishou."),
    ("Shanghai adds generative AI services to its filing list",
     "Shanghai's cyberspace office said generative AI services from several firms completed filing, "
     "including a model from Bilibili and a customer service assistant from a local bank."),
    ("More generative AI services complete filing as regulators speed up",
     "Regulators said generative AI services are completing the filing procedure faster this year, with "
     "more services from banks, carmakers and hospitals among those filed."),
]


def _index_with_background(index: StoryIndex, start: int = 100) -> None:
    for n, (title, text) in enumerate(BACKGROUND):
        told = story_facts(title, text, [company("Meituan", text)])
        index.add(start + n, story_signature(title, text), published=DAY, facts=told)


def test_two_rewrites_in_one_language_that_the_rules_read_differently_join_by_their_rarer_words() -> None:
    first_lead = ("Guangzhou Jimu Weilai, the company behind the Zuoyebang homework app, said its Galaxybot model "
                  "completed the generative AI filing in Guangdong on Friday.")
    second_lead = ("The Galaxybot model of Zuoyebang, the homework helper used by millions of pupils, has cleared "
                   "Guangdong's generative AI filing, the Guangzhou company said.")
    first = story_facts("Zuoyebang's Galaxybot clears generative AI filing", first_lead,
                        [batch(1, first_lead)])
    second = story_facts("Homework app maker gets nod for Galaxybot model", second_lead,
                         [company("Zuoyebang", second_lead)])
    assert first is not None and second is not None and not joins(first, second)  # the rules' facts alone
    index = StoryIndex()
    index.events.observe([first, second])  # one batch: its words weigh by the whole batch
    _index_with_background(index)
    a = index.add(1, story_signature("Zuoyebang's Galaxybot clears generative AI filing", first_lead),
                  published=DAY, facts=first)
    b = index.add(2, story_signature("Homework app maker gets nod for Galaxybot model", second_lead),
                  published=DAY + dt.timedelta(hours=5), facts=second)
    assert a == b == 1


def test_shared_domain_words_do_not_join_other_events() -> None:
    index = StoryIndex()
    _index_with_background(index)
    # another city's filing list the same week, told in the words of the Shanghai notice: other firms
    lead = ("Hangzhou's cyberspace office said generative AI services from several firms completed filing this "
            "week, including a model from NetEase and one from a local hospital.")
    told = story_facts("Hangzhou adds generative AI services to its filing list", lead, [company("NetEase", lead)])
    assert index.add(9, story_signature("Hangzhou adds generative AI services to its filing list", lead),
                     published=DAY + dt.timedelta(hours=3), facts=told) == 9


def test_a_chinese_and_an_english_report_join_when_they_share_rare_names_as_well_as_a_company() -> None:
    english_lead = ("Tesla's xBot customer assistant was registered by Shanghai's cyberspace office on Tuesday, "
                    "the first generative AI service of a foreign carmaker in China; Volvo's assistant followed.")
    chinese_lead = "上海市网信办周二登记了特斯拉的xBot客服助手，这是外资车企的生成式人工智能服务首次完成登记。"
    aliases = AliasIndex.build([("Tesla", ["特斯拉"]), ("Volvo", ["沃尔沃"])])
    english = story_facts("Tesla's xBot becomes first foreign carmaker AI service registered in China",
                          english_lead, [company("Tesla", english_lead)], aliases)
    chinese = story_facts("特斯拉xBot完成生成式人工智能服务登记", chinese_lead, [company("Tesla", chinese_lead)], aliases)
    assert english is not None and chinese is not None and chinese.chinese and not english.chinese
    assert not joins(english, chinese)  # one company alone is not enough
    index = FactIndex()
    index.observe([english, chinese])
    index.add(1, 1, english, DAY)
    assert index.match(chinese, DAY + dt.timedelta(hours=8)) == 1  # Tesla and xBot, the rarer name
    one_name = story_facts("特斯拉完成生成式人工智能服务登记", "上海市网信办登记了特斯拉的客服助手。",
                           [company("Tesla", "上海市网信办登记了特斯拉的客服助手。")], aliases)
    index.observe([one_name])
    assert index.match(one_name, DAY + dt.timedelta(hours=8)) is None  # Tesla alone


def test_headlines_about_two_companies_and_a_law_story_beside_a_filing_list_stay_apart() -> None:
    alibaba = facts(("total:filed", 11), companies=("Alibaba", "iFlytek"), entities=("Tencent",), headline=("Alibaba",))
    tencent = facts(companies=("Tencent", "Alibaba"), headline=("Tencent",))
    assert apart(alibaba, tencent)  # each lead names the other; each headline is about its own filing
    law = StoryFacts(frozenset(), frozenset(), frozenset({"labelling measures"}), frozenset(), frozenset(),
                     frozenset(), frozenset({"labelling measures"}))
    filing_list = facts(("batch", 125), ("total:filed", 538), regulations=("labelling measures",))
    assert apart(law, filing_list)
    deepseek = facts(("total:filed", 346), companies=("DeepSeek", "Baidu"), headline=("DeepSeek",))
    plain = facts(("total:filed", 346))
    assert not apart(deepseek, plain) and joins(deepseek, plain)  # one total: DeepSeek is the angle, not the news


def test_an_order_is_read_whichever_verb_and_country_the_headline_uses() -> None:
    english = story_facts("South Korea halts new Replika downloads over privacy lapses",
                          "South Korea's privacy regulator suspended new downloads of the Replika app on Monday.", [])
    chinese = story_facts("韩国暂时禁用Replika 个人信息委：整改后方可恢复",
                          "韩国个人信息保护委员会周一宣布暂停Replika应用的新下载。", [])
    assert english is not None and chinese is not None
    assert ("order", "replika@kr") in english.counts and ("order", "replika@kr") in chinese.counts


def test_orders_against_one_product_by_two_countries_the_same_week_are_two_stories() -> None:
    # Italy's block of DeepSeek and Taiwan's and Australia's bans days later: one product, three orders
    aliases = AliasIndex.build([("DeepSeek", ["深度求索"])])
    italy = story_facts("Italy Blocks Chinese AI Model Over Privacy Concerns",
                        "Italy's data protection authority has blocked DeepSeek, the Chinese chatbot, over privacy.", [],
                        aliases)
    italy_zh = story_facts("意大利監管機構稱已封鎖DeepSeek", "意大利數據保護機構表示，已下令封鎖DeepSeek聊天機器人。", [],
                           aliases)
    australia = story_facts("Australia joins Italy, Ireland in banning DeepSeek over security concerns",
                            "Australia has banned DeepSeek from all government devices.", [], aliases)
    taiwan = story_facts("行政院宣布公務機關全面禁用DeepSeek AI服務", "行政院今天宣布，公務機關全面禁用DeepSeek。", [], aliases)
    assert italy is not None and italy_zh is not None and australia is not None and taiwan is not None
    assert ("order", "deepseek@it") in italy.counts  # (its product named by the lead, its headline being Title Case)
    assert joins(italy, italy_zh)
    assert not joins(italy, australia) and not joins(italy, taiwan) and not joins(australia, taiwan)


def test_the_deep_synthesis_law_taking_effect_is_a_law_story_not_the_algorithm_register() -> None:
    aliases = AliasIndex.build([("Deep Synthesis Provisions", ["互联网信息服务深度合成管理规定", "deep synthesis rules"])])
    zh_title = "《互联网信息服务深度合成管理规定》今起施行 “换脸”须取得单独同意"
    zh_lead = "《互联网信息服务深度合成管理规定》今天起施行，提供人脸生成等服务须取得单独同意。"
    en_title = "China's rules on deepfakes take effect, requiring labels and consent"
    en_lead = "China's deep synthesis rules, which cover deepfakes, took effect on Tuesday."
    chinese = story_facts(zh_title, zh_lead, [regulation("Deep Synthesis Provisions", zh_title)], aliases)
    english = story_facts(en_title, en_lead, [regulation("Deep Synthesis Provisions", en_lead)], aliases)
    assert chinese is not None and english is not None
    assert not chinese.other_register and not english.other_register
    assert joins(chinese, english)
    # a list of the register is the register's story, whatever law its headline names
    listing = story_facts("第十四批境内深度合成服务算法备案信息公布", "国家网信办公布第十四批深度合成服务算法备案信息。",
                          [regulation("Deep Synthesis Provisions", "国家网信办公布第十四批深度合成服务算法备案信息。")],
                          aliases)
    assert listing is not None and listing.other_register and apart(listing, chinese)
    batch_title = "CAC publishes 14th batch of deep synthesis filings"
    assert story_facts(batch_title, "The list names 300 algorithms.", [total(611, "The list names 300 algorithms.")],
                       aliases).other_register


def test_an_ordinal_list_in_the_headline_joins_an_english_and_a_chinese_report_of_that_list() -> None:
    zh_title, zh_lead = "第十四批境内深度合成服务算法备案信息公布", "国家网信办依据《深度合成管理规定》公布备案信息。"
    en_title = "CAC publishes 14th deep-synthesis algorithm list a day after AI model tally"
    en_lead = "The list is separate from the register of generative AI services, which reached 611."
    chinese = story_facts(zh_title, zh_lead, [regulation("Deep Synthesis Provisions", zh_lead)])
    english = story_facts(en_title, en_lead, [total(611, en_lead)])
    assert chinese is not None and english is not None
    assert ("ordinal", 14) in chinese.counts and ("ordinal", 14) in english.counts
    assert joins(chinese, english)
    fifteenth = story_facts("CAC publishes fifteenth deep-synthesis algorithm list", en_lead, [total(611, en_lead)])
    assert fifteenth is not None and apart(english, fifteenth)  # another list of the register
    # a "first" names no list, and the rules' own ordinal stands
    assert story_facts("China grants first approvals", en_lead, [total(611, en_lead)]).counts == {("total:filed", 611)}
    fourth = story_facts("第四批生成式人工智能服务备案", "第五批14款。", [batch(14, "第五批14款。", 5)])
    assert fourth is not None and {kind for kind, _ in fourth.counts} == {"batch", "ordinal"} and ("ordinal", 5) in fourth.counts


def test_a_lawsuit_the_dataset_does_not_know_is_named_by_its_parties_and_other_suits_stay_apart() -> None:
    aliases = AliasIndex.build([("Disney v. Midjourney", ["迪士尼诉Midjourney案"]),
                                ("New York Times v. OpenAI", ["纽约时报诉OpenAI案"])])
    wbd = "Warner Bros. Discovery v. Midjourney"
    en_title = "Warner Bros. Discovery sues Midjourney over Superman, Batman and Scooby-Doo images"
    en_lead = "Warner Bros. Discovery sued Midjourney on Thursday in federal court in Los Angeles."
    zh_title = "华纳兄弟探索起诉Midjourney 指其生成超人、蝙蝠侠等角色图像"
    zh_lead = "继迪士尼和环球影业之后，华纳兄弟探索公司9月4日也起诉Midjourney。"
    english = story_facts(en_title, en_lead, [regulation(wbd, en_title)], aliases)
    chinese = story_facts(zh_title, zh_lead, [regulation(wbd, zh_title), regulation("Disney v. Midjourney", zh_lead)],
                          aliases)
    assert english is not None and chinese is not None
    assert english.regulations == {wbd.casefold()} and chinese.headline_laws == {wbd.casefold()}
    assert joins(english, chinese)
    disney_title = "Disney and Universal take Midjourney to court over AI copies of their characters"
    disney = story_facts(disney_title, "The studios sued Midjourney in Los Angeles.",
                         [regulation("Disney v. Midjourney", disney_title)], aliases)
    assert disney is not None and apart(chinese, disney) and apart(english, disney)  # the June suit it recalls
    # parties told the other way round are the known suit; a name as written and words around "v." are not suits
    reversed_parties = story_facts("纽约时报起诉OpenAI", "OpenAI表示意外。", [regulation("OpenAI v. New York Times", "OpenAI表示意外。")],
                                   aliases)
    assert reversed_parties is not None and reversed_parties.regulations == {"new york times v. openai"}
    for written in ("管理办法", "工智能的训练数据问题 v. 相关企业"):
        told = story_facts("新规发布", "新规发布。", [regulation(written, "新规发布。")], aliases)
        assert told is not None and not told.regulations


def test_a_known_name_finds_the_other_languages_report_that_names_it_as_its_filed_company() -> None:
    aliases = AliasIndex.build([("Tencent", ["腾讯"]), ("Baidu", ["百度"]), ("Alibaba", ["阿里"])])
    zh_lead = "腾讯在深圳正式推出混元大模型，参数规模超过千亿，已接入腾讯50多个业务，企业可通过API调用。与百度、阿里不同。有媒体报道称，腾讯也在首批通过备案的企业之列。"
    chinese = story_facts("腾讯混元大模型正式亮相 已接入50多个业务", zh_lead, [company("Tencent", zh_lead)], aliases)
    en_lead = ("Tencent on Thursday launched its Hunyuan model through its cloud unit, joining Baidu and Alibaba; it "
               "said more than 50 products, among them meeting software, documents and advertising, use the API.")
    cleared = "Chinese media have reported that Tencent was among about 11 companies whose models were cleared."
    en_text = f"{en_lead}\n\n{'Background on the summit and the model. ' * 10}\n\n{cleared}"
    english = story_facts("Tencent unveils Hunyuan AI model and opens it to business customers", en_text,
                          [company("Tencent", cleared)], aliases)  # the rules read a filing, far down
    assert chinese is not None and english is not None and "tencent" in chinese.companies
    # Tencent in other reports of the week (so it weighs as common), and an old feature in the same words, out of
    # the window, that makes the English lead's rarest terms all words
    others = [story_facts(f"Tencent earnings {n}", "Tencent reported 50 products and an API; Baidu and Alibaba too.",
                          [company("Tencent", "Tencent reported")], aliases) for n in range(4)]
    old_words = story_facts("Hunyuan cloud unit products", "Hunyuan model launched cloud unit joining products among "
                            "meeting software documents advertising thursday unveils business customers opens API.",
                            [company("Tencent", "Hunyuan model")], aliases)
    index = FactIndex()
    index.observe([chinese, english, old_words, *others])
    index.add(1, 1, old_words, DAY - dt.timedelta(days=30))
    for n, told in enumerate(others, start=10):
        if told is not None:
            index.add(n, n, told, DAY - dt.timedelta(days=20))
    index.add(2, 2, chinese, DAY)
    assert index.match(english, DAY + dt.timedelta(hours=2)) == 2


def test_a_report_the_rules_read_nothing_in_joins_one_story_by_the_known_names_and_words_of_its_lead() -> None:
    aliases = AliasIndex.build([("Tencent", ["腾讯", "騰訊"]), ("Alibaba", ["阿里巴巴"])])
    filed_lead = ("腾讯在深圳推出混元大模型，参数规模超过千亿，预训练数据超过2万亿个token，已接入腾讯会议、腾讯文档等50多个业务，"
                  "企业客户可以通过腾讯云调用。有媒体报道称，腾讯也在首批通过备案的企业之列。")
    filed = story_facts("腾讯混元大模型正式亮相", filed_lead, [company("Tencent", filed_lead)], aliases)
    launch_lead = ("騰訊昨日在深圳推出自家研發的混元大模型，參數量逾千億，預訓練數據超過2萬億個token，"
                   "已接入騰訊會議、騰訊文檔等50多項業務，企業客戶可透過騰訊雲調用。")
    launch = story_facts("騰訊混元大模型登場　企業可經騰訊雲調用", launch_lead, [], aliases)
    assert filed is not None and launch is not None and launch.weak and launch.headline == {"tencent"}
    assert type(story_facts("混元大模型登场", launch_lead, [], aliases)) is BareLead  # no known name in the headline
    index = StoryIndex()
    index.events.observe([filed, launch])
    _index_with_background(index)
    assert index.add(1, story_signature("腾讯混元大模型正式亮相", filed_lead), published=DAY, facts=filed) == 1
    assert index.add(2, story_signature("騰訊混元大模型登場", launch_lead), published=DAY + dt.timedelta(hours=20),
                     facts=launch) == 1
    # a report about another company's model stays apart, and weak facts never merge two stories
    other = story_facts("阿里巴巴通义千问登场", "阿里巴巴推出通义千问大模型。", [], aliases)
    assert other is not None and apart(other, launch)
    both = FactIndex()
    named = facts(entities=("Tencent", "Alibaba"), numbers=(50, 120))
    both.add(1, 1, named, DAY)
    both.add(2, 2, named, DAY)
    weak = StoryFacts(frozenset(), frozenset(), frozenset(), named.entities, named.numbers, weak=True)
    assert same_event(weak, named) >= JOIN_SCORE and both.matches(weak, DAY) == [1]


def test_a_list_ordinal_in_a_headline_the_rules_read_nothing_in_joins_the_other_languages_report_of_that_list() -> None:
    zh_title = "第十四批境内深度合成服务算法备案信息公布"
    zh_lead = "国家网信办日前对外公布第十四批境内深度合成服务算法备案信息，相关单位可登录系统查询。"
    en_title = "CAC publishes 14th deep-synthesis algorithm list a day after AI model tally"
    en_lead = "The list is separate from the register of generative AI services, which reached 611."
    chinese = story_facts(zh_title, zh_lead, [])  # the rules read nothing: no law, no count
    english = story_facts(en_title, en_lead, [total(611, en_lead), regulation("Deep Synthesis Provisions", en_lead)])
    assert chinese is not None and english is not None
    assert chinese.weak and chinese.counts == {("ordinal", 14)} and chinese.other_register
    index = FactIndex()
    index.observe([english, chinese])
    index.add(1, 1, english, DAY)
    assert index.matches(chinese, DAY + dt.timedelta(hours=8)) == [1]
    # another list of the register stays apart; a 14th list of anything else gives no facts
    fifteenth = story_facts("第十五批境内深度合成服务算法备案信息公布", zh_lead, [])
    assert fifteenth is not None and apart(fifteenth, english)
    assert story_facts("第十四批国家级非物质文化遗产代表性项目名录公布", "文化和旅游部公布名录。", []) is None
    assert story_facts("Council publishes 14th list of protected buildings", "The list names 300 buildings.", []) is None


def test_a_lead_that_recaps_other_suits_gives_way_to_the_suit_the_next_paragraph_tells() -> None:
    aliases = AliasIndex.build([("Disney v. Midjourney", ["迪士尼诉Midjourney案"]), ("Authors v. OpenAI", []),
                                ("Getty Images v. Stability AI", [])])
    recap = ("For two years the fight over generative AI and copyright has been waged by writers and photographers. "
             "Authors sued OpenAI over books; Getty Images took Stability AI to court in Delaware and London over "
             "photos; news publishers went after the chatbots over articles. The big film studios, owners of the most "
             "valuable characters on earth, stayed out of the courtroom.")
    news = "That changed this week. Disney and Universal's suit against Midjourney is the first by major studios."
    text = f"{recap}\n\n{news}\n\nThe complaint dwells on what the service produces."
    told = [regulation("Authors v. OpenAI", "Authors sued OpenAI over books"),
            regulation("Getty Images v. Stability AI", "Getty Images took Stability AI to court"),
            regulation("Disney v. Midjourney", "Disney and Universal's suit against Midjourney")]
    analysis = story_facts("Why Hollywood's first AI lawsuit goes after the output", text, told, aliases)
    disney_title = "Disney and Universal take Midjourney to court over AI copies of their characters"
    disney = story_facts(disney_title, "The studios sued Midjourney in Los Angeles.",
                         [regulation("Disney v. Midjourney", disney_title)], aliases)
    assert analysis is not None and disney is not None
    assert analysis.regulations == {"disney v. midjourney"} and joins(analysis, disney)
    # a headline that names a suit keeps its lead's; one law in the lead is no recap
    named = story_facts("Getty's suit against Stability AI goes to trial", text, [
        regulation("Getty Images v. Stability AI", "Getty's suit against Stability AI"), *told], aliases)
    assert named is not None and "disney v. midjourney" not in named.regulations
    one = ("For two years the fight over generative AI and copyright has been waged by photographers: Getty Images "
           "took Stability AI to court in Delaware and London over photos, and the big film studios stayed out. "
           "Their lawyers watched the photo agency's case from a distance, and their executives spoke of licensing deals "
           "rather than of lawsuits, at least in public, for most of that time.")
    single = story_facts("Why Hollywood's first AI lawsuit goes after the output", f"{one}\n\n{news}", told[1:], aliases)
    assert single is not None and single.regulations == {"getty images v. stability ai"}
    # the suits a lead recalls count whether or not their plaintiffs have names ("Authors sued OpenAI")
    nameless = story_facts("Why Hollywood's first AI lawsuit goes after the output", text, told[1:], aliases)
    assert nameless is not None and nameless.regulations == {"disney v. midjourney"}


BARE_TITLE = "China targets 70% uptake of AI agents and smart devices by 2027"
BARE_LEAD = ("China's cabinet unveiled a plan to weave artificial intelligence through the economy, setting a goal for "
             "smart devices and AI agents to reach more than 70% penetration by 2027 and more than 90% by 2030, and "
             "naming six areas for action: science, industry, consumption, livelihoods, governance and cooperation.")
REWRITE_TITLE = "State Council issues 'AI Plus' opinions with penetration targets"
REWRITE_LEAD = ("The State Council's opinions on the 'AI Plus' initiative set penetration targets for smart devices and "
                "AI agents of above 70% by 2027 and above 90% by 2030, with six areas for action from science and "
                "industry to consumption, livelihoods, governance and international cooperation.")


def _bare_index() -> StoryIndex:
    index = StoryIndex()
    _index_with_background(index)
    return index


def test_a_bare_report_that_came_first_joins_the_story_a_later_rewrite_with_facts_starts() -> None:
    bare = story_facts(BARE_TITLE, BARE_LEAD, [])
    assert type(bare) is BareLead  # the rules read nothing and the headline names nothing known: no facts
    assert story_facts("Regulator approves 31 new drugs", "The drug agency approved 31 innovative drugs.", []) is None
    told = story_facts(REWRITE_TITLE, REWRITE_LEAD, [regulation("AI Plus opinions", REWRITE_LEAD)])
    assert isinstance(told, StoryFacts)
    index = _bare_index()
    index.events.observe([told])
    assert index.add(1, story_signature(BARE_TITLE, BARE_LEAD), published=DAY, facts=bare) == 1  # its own story
    assert index.add(2, story_signature(REWRITE_TITLE, REWRITE_LEAD), published=DAY + dt.timedelta(days=2),
                     facts=told) == 1
    assert index.cluster_of(1) == index.cluster_of(2) == 1 and index.take_merges() == {2: 1}
    # another bare rewrite of it, later still, joins that one story and merges nothing
    again = story_facts("Beijing wants AI agents in 70% of devices by 2027", BARE_LEAD.replace("cabinet", "government"), [])
    assert index.add(3, story_signature("x", "y"), published=DAY + dt.timedelta(days=2, hours=3), facts=again) == 1


def test_a_bare_report_joins_one_story_and_never_merges_two_stories_with_facts() -> None:
    index = _bare_index()
    bare = story_facts(BARE_TITLE, BARE_LEAD, [])
    told = story_facts(REWRITE_TITLE, REWRITE_LEAD, [regulation("AI Plus opinions", REWRITE_LEAD)])
    other_title = "Cabinet's 'AI Plus' plan: six areas, 70% by 2027"
    other = story_facts(other_title, REWRITE_LEAD, [regulation("Another law", REWRITE_LEAD)])
    assert isinstance(told, StoryFacts) and isinstance(other, StoryFacts) and apart(told, other)
    index.events.observe([told, other])
    index.add(1, story_signature(BARE_TITLE, BARE_LEAD), published=DAY, facts=bare)
    index.add(2, story_signature(REWRITE_TITLE, REWRITE_LEAD), published=DAY + dt.timedelta(hours=5), facts=told)
    # a story with facts kept apart from the first, whose lead the bare report matches as well: it stays apart
    assert index.bare.find(other, DAY + dt.timedelta(hours=6), index.events) == [1]
    third = index.add(3, story_signature(other_title, "z" * 40), published=DAY + dt.timedelta(hours=6), facts=other)
    assert index.cluster_of(1) == index.cluster_of(2) == 1 and third == 3


def test_a_bare_look_alike_with_other_numbers_or_outside_the_window_stays_apart() -> None:
    index = _bare_index()
    told = story_facts(REWRITE_TITLE, REWRITE_LEAD, [regulation("AI Plus opinions", REWRITE_LEAD)])
    index.events.observe([told])
    # next year's targets, told in the same words: both leads state numbers, none the same
    later, later_title = (t.replace("70%", "75%").replace("90%", "95%") for t in (BARE_LEAD, BARE_TITLE))
    index.add(1, story_signature(later_title, later), published=DAY, facts=story_facts(later_title, later, []))
    # the same plan's bare report, but older than the window (BARE_SPAN) by the time the rewrite comes
    index.add(4, story_signature("t", "u" * 40), published=DAY - dt.timedelta(days=4),
              facts=story_facts(BARE_TITLE, BARE_LEAD, []))
    assert index.add(2, story_signature(REWRITE_TITLE, REWRITE_LEAD), published=DAY + dt.timedelta(hours=5),
                     facts=told) == 2
    assert index.cluster_of(1) == 1 and index.cluster_of(4) == 4


def test_the_bare_window_is_bounded_by_time_and_by_count() -> None:
    from monitor.dedup.events import BareWindow

    events = FactIndex()
    window = BareWindow(span=dt.timedelta(days=3), size=5)
    lead = story_facts(BARE_TITLE, BARE_LEAD, [])
    assert type(lead) is BareLead
    for n in range(8):
        window.add(n, lead.facts(), DAY + dt.timedelta(hours=n), events)
    assert len(window) == 5 and 2 not in window and 3 in window  # the oldest go first
    window.add(9, lead.facts(), DAY + dt.timedelta(days=3, hours=6, minutes=30), events)
    assert len(window) == 2 and 7 in window and 6 not in window  # more than three days older than the newest
    assert window.find(lead.facts(), DAY + dt.timedelta(days=3, hours=8), events) == [9]  # 7: too old for this one
    assert sum(len(held) for held in window._by_term.values()) == 2 * len(window._entries[9][3])


def test_digits_of_a_name_are_not_a_number_the_lead_states() -> None:
    from monitor.dedup.events import lead_numbers

    assert lead_numbers("Regulators approved 157 models. Company35 was among them; H800 chips, 1,200 firms") == {157, 1200}
    assert lead_numbers("累计346款完成备案，Company35在列") == {346}
    # two reports of other events within days that name one company: the name counts once, as the company
    batch_lead = "Regulators approved 157 models. Company35 was among them."
    total_lead = "The total reached 606 services. Company35 was among them."
    a = story_facts("t", batch_lead, [batch(157, batch_lead), company("Company35", "Company35 was among them.")])
    b = story_facts("t", total_lead, [total(606, total_lead), company("Company35", "Company35 was among them.")])
    assert isinstance(a, StoryFacts) and isinstance(b, StoryFacts)
    assert 35 not in a.numbers and "#35" not in b.terms
    assert same_event(a, b) == 1.5


def test_a_first_batch_joins_a_rewrite_that_tells_its_size_as_a_total() -> None:
    law = "interim measures for generative ai services"
    # 首批八家大模型通过备案 (the rules read a first batch of 8) and "eight firms cleared so far" (a total of 8)
    first = facts(("batch", 8), ("ordinal", 1), companies=("Baidu",), regulations=(law,), entities=("Baidu", law))
    cleared = facts(("total:filed", 8), regulations=(law,), entities=("Baidu", "SenseTime"))
    assert joins(first, cleared)
    # a later batch of 14 is not a total of 14, nor is a batch a total when both tell their batch
    assert same_event(facts(("batch", 14), ("ordinal", 4)), facts(("total:filed", 14))) == 0.0
    assert same_event(facts(("batch", 14)), facts(("batch", 20), ("total:filed", 14))) < JOIN_SCORE


def test_outlets_that_name_different_members_of_one_large_batch_join() -> None:
    one = facts(("batch", 14), ("ordinal", 4), ("total:filed", 40), companies=("01.AI", "4Paradigm", "Xiaomi"))
    other = facts(("batch", 14), companies=("Frontis.AI", "ThreatBook"))
    assert not apart(one, other) and joins(one, other)
    # two cities' notices that week, nine firms each, none the same: still apart
    beijing = facts(("batch", 9), companies=("JD.com", "Kuaishou"))
    shanghai = facts(("batch", 9), companies=("Bilibili", "Xiaohongshu"))
    assert apart(beijing, shanghai)


def test_an_english_report_finds_a_chinese_one_by_the_latin_names_it_keeps() -> None:
    # a Chinese lead is indexed under its rarest terms, character pairs; the names it keeps in Latin script are
    # what an English rewrite shares with it (a suit the rules name in Chinese only, an analysis they read nothing in)
    pairs = frozenset(f"{chr(0x4E00 + 2 * n)}{chr(0x4E01 + 2 * n)}" for n in range(40))
    names = frozenset({"openai", "chatgpt", "copilot"})
    chinese = StoryFacts(frozenset(), frozenset(), frozenset({"new york times v. openai"}), frozenset(), frozenset(),
                         terms=pairs | names, chinese=True)
    english = StoryFacts(frozenset(), frozenset(), frozenset(), frozenset(), frozenset({69}),
                         terms=frozenset(f"word{n}" for n in range(40)) | names | {"#69"})
    index = FactIndex()
    index.observe([chinese, english])
    index.add(1, 1, chinese, DAY)
    assert index.matches(english, DAY + dt.timedelta(days=1)) == [1]


def test_a_lead_that_tells_a_side_of_the_story_gives_way_to_the_next_paragraph() -> None:
    # "Volkswagen showed its voice assistant on Monday ... A day later it was Tesla's turn": the news, and its
    # facts, are in the second paragraph; the third paragraph's recap stays out
    side = ("Foreign carmakers want their cars to talk like Chinese ones. On Monday Volkswagen showed a voice "
            "assistant built with Chinese partners. A day later it was another carmaker's turn. " * 3)
    news = "Shanghai's cyberspace office listed Tesla's voice model among filed services, taking the city to 158."
    recap = "Shanghai had 128 filed services at the end of 2025."
    text = f"{side}\n\n{news}\n\n{recap}"
    aliases = AliasIndex.build([("Tesla", ["特斯拉"]), ("Volkswagen", ["大众"])])
    mentions = [company("Tesla", news), total(158, news), total(128, recap)]
    told = story_facts("After Volkswagen's talking car, Tesla's voice model clears its filing", text, mentions, aliases)
    assert isinstance(told, StoryFacts)
    assert told.counts == {("total:filed", 158)} and told.companies == {"tesla"}
    # the next paragraph's facts are not the headline's: background, as before
    other = story_facts("Carmakers race to make their cars talk", text, mentions, aliases)
    assert isinstance(other, StoryFacts) and not (other.counts or other.companies)
    lead_told = story_facts("Tesla's voice model clears its filing", f"{news}\n\n{side}\n\n{recap}", mentions, aliases)
    assert isinstance(lead_told, StoryFacts) and lead_told.counts == {("total:filed", 158)}  # a lead with facts keeps to itself


def test_a_sum_or_a_size_is_one_number_whichever_way_it_is_written():
    from monitor.dedup.events import lead_numbers

    assert 1_500_000_000 in lead_numbers("Anthropic to pay $1.5bn in copyright settlement")
    assert 1_500_000_000 in lead_numbers("Anthropic同意支付15亿美元与作家和解")
    assert 1_500_000_000 in lead_numbers("Anthropic agrees to a $1.5 billion settlement")
    assert 100_000_000_000 in lead_numbers("Hunyuan has more than 100 billion parameters")
    assert 100_000_000_000 in lead_numbers("混元大模型参数规模超过千亿")
    assert 20_000 not in lead_numbers("预训练语料超过2万亿tokens")  # 万亿 is a trillion, not ten thousand


def test_two_headlines_about_one_law_join_whatever_counts_one_lead_recalls() -> None:
    law = StoryFacts(frozenset(), frozenset(), frozenset({"labelling measures"}), frozenset(), frozenset(),
                     frozenset(), frozenset({"labelling measures"}))
    # "陆AI生成内容标识办法今起施行", its lead recalling the 490 filed and 240 registered services
    law_with_totals = StoryFacts(frozenset({("total:filed", 490), ("total:registered", 240)}), frozenset(),
                                 frozenset({"labelling measures"}), frozenset(), frozenset({490}), frozenset(),
                                 frozenset({"labelling measures"}))
    assert not apart(law, law_with_totals) and joins(law, law_with_totals)
    # a filing list whose lead names the law stays apart (its headline names no law)
    filing_list = facts(("batch", 125), ("total:filed", 538), regulations=("labelling measures",))
    assert apart(law, filing_list)


def test_a_telling_large_figure_in_both_leads_joins_a_report_in_each_language() -> None:
    english = StoryFacts(frozenset(), frozenset(), frozenset(), frozenset(), frozenset({515_000_000, 266_000_000}))
    chinese = StoryFacts(frozenset({("total:filed", 538), ("total:registered", 263)}), frozenset(), frozenset(),
                         frozenset(), frozenset({515_000_000, 266_000_000, 538}))
    assert joins(english, chinese)  # 5.15亿 users and 2.66亿 in one lead, 515 million and 266 million in the other
    round_sums = StoryFacts(frozenset(), frozenset(), frozenset(), frozenset(), frozenset({1_000_000_000, 2_000_000}))
    assert not joins(round_sums, StoryFacts(frozenset(), frozenset(), frozenset(), frozenset(),
                                            frozenset({1_000_000_000, 2_000_000})))


def test_an_order_headline_that_names_its_regulator_by_title_names_one_product() -> None:
    facts = story_facts("AI, Privacy Guarantor blocks DeepSeek",
                        "Italy's privacy guarantor ordered DeepSeek to stop processing Italian users' data.", [])
    assert facts is not None and facts.counts == {("order", "deepseek@it")}  # (the place from the lead)


def test_a_suit_the_next_paragraph_names_joins_when_the_headline_names_one_of_its_parties() -> None:
    # "Federal Judge Rules AI Training Is Fair Use in Anthropic Copyright Case": the lead describes the ruling, the
    # next paragraph names the suit; a party in the headline makes the suit the news, not background
    lead = ("A federal judge has issued a mixed pre-trial ruling in one of the first big copyright cases over AI "
            "training, finding that training on bought books is fair use while keeping pirated copies is not. " * 2)
    news = "Judge William Alsup ruled on Monday in Bartz v. Anthropic that the training was transformative."
    text = f"{lead}\n\n{news}"
    mentions = [regulation("Bartz v. Anthropic", news)]
    aliases = AliasIndex.build([], regulations=[("Bartz v. Anthropic", [])])
    told = story_facts("Federal Judge Rules AI Training Is Fair Use in Anthropic Copyright Case", text, mentions, aliases)
    assert isinstance(told, StoryFacts) and told.regulations == {"bartz v. anthropic"}
    # a headline that names neither party leaves the next paragraph's suit as background
    other = story_facts("Judges weigh how copyright applies to AI training", text, mentions, aliases)
    assert isinstance(other, StoryFacts) and not other.regulations


def test_two_steps_of_one_case_or_law_stay_apart_and_rewrites_of_one_step_join() -> None:
    """The settlement and the judge's refusal to approve it three days later share the suit and the amount; their
    headlines tell different steps. A headline that tells no step is no evidence either way."""
    from monitor.dedup.events import headline_steps

    aliases = AliasIndex.build([("Bartz v. Anthropic", [])], regulations=[("Bartz v. Anthropic", ["Bartz v. Anthropic"])])

    def read(title: str, lead: str) -> StoryFacts:
        found = story_facts(title, lead, [regulation("Bartz v. Anthropic", lead)], aliases)
        assert isinstance(found, StoryFacts)
        return found

    settled = read("Anthropic agrees to pay authors $1.5 billion to settle copyright suit",
                   "Anthropic will pay $1.5 billion to end Bartz v. Anthropic, the authors' class action.")
    settled_zh = read("Anthropic同意支付15亿美元 与作家达成和解",
                      "Anthropic同意支付15亿美元，了结Bartz v. Anthropic集体诉讼。")
    refused = read("Judge rejects Anthropic's $1.5 billion settlement for now",
                   "The judge in Bartz v. Anthropic declined to approve the $1.5 billion deal on Monday.")
    no_step = read("What the Anthropic deal means for authors",
                   "Bartz v. Anthropic ended with a $1.5 billion deal, the largest of its kind.")
    assert settled.steps == settled_zh.steps == {"settled"} and refused.steps == {"decided"} and not no_step.steps
    assert apart(settled, refused) and apart(settled_zh, refused)
    assert not apart(settled, settled_zh) and not apart(no_step, refused) and not apart(no_step, settled)
    assert headline_steps("Korea's AI Basic Act passes National Assembly") == {"adopted"}
    assert headline_steps("Korea's AI Basic Act takes effect") == {"in_force"}
    assert headline_steps("Newsom signs SB 53, which takes effect in January") == {"adopted", "in_force"}
