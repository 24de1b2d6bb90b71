"""Shapes of real reporting the rules read, one sentence or short article each (written here, in our own
words, after the shapes found on real pages and in the tuned case sets): what each one must give, and
what it must not."""

from __future__ import annotations

import datetime as dt

import pytest

from monitor.rules import AliasIndex, extract_mentions
from tests.rules.golden import load_default_rules

RULES = load_default_rules()
ALIASES = AliasIndex.build(
    [("Baidu", ["百度", "文心一言"]), ("ByteDance", ["字节跳动"]), ("SenseTime", ["商汤"]), ("MiniMax", []), ("Zhipu AI", []),
     ("Apple", []), ("Tencent", []), ("iFlytek", []), ("Alibaba", ["阿里巴巴"]), ("Shanghai AI Lab", ["Shanghai Artificial Intelligence Laboratory"])],
    regulations=[("Disney v. MiniMax", ["Walt Disney v. MiniMax"]),
                 ("California SB 53", ["Transparency in Frontier Artificial Intelligence Act"]),
                 ("Executive Order 14319", ["Preventing Woke AI in the Federal Government", "防止联邦政府使用“觉醒AI”"])])
PUBLISHED = dt.date(2026, 7, 1)


def read(text: str, title: str = "China's register of generative AI services grows") -> set[tuple]:
    found = extract_mentions(text, title=title, published=PUBLISHED, language=None, rules=RULES, aliases=ALIASES)
    out: set[tuple] = set()
    for m in found:
        if m.kind == "approval_batch":
            out.add(("batch", m.count, m.batch))
        elif m.kind == "cumulative_total":
            out.add(("total", m.total, m.count_qualifier))
        elif m.kind == "company_approval":
            out.add(("company", m.company))
        else:
            out.add(("event", m.regulation))
    return out


def test_a_qualified_total_after_bringing_the_number_to():
    got = read("Chinese regulators have approved 14 generative AI models in the fourth batch of approvals, "
               "bringing the number of approved models to more than 40.")
    assert got == {("batch", 14, 4), ("total", 40, "more_than")}


def test_a_timeline_of_dated_totals():
    got = read("Three years ago, regulators cleared the first batch of eight generative AI services.\n\n"
               "December 31, 2024: 302 filed services, 238 of them added during the year.\n\n"
               "December 31, 2025: 748, after 446 additions in twelve months.")
    assert {("total", 302, "exact"), ("total", 748, "exact"), ("batch", 8, 1)} <= got
    assert not any(kind == "total" and value in (238, 446) for kind, value, _ in got)


def test_a_series_of_totals_told_with_bare_numbers():
    got = read("The first complete list showed 117 filed services. By the August update that had become 188, "
               "and by November 252.")
    assert {("total", 117, "exact"), ("total", 188, "exact"), ("total", 252, "exact")} <= got


def test_growth_from_an_undated_start_is_no_total_but_from_a_dated_one_is():
    assert ("total", 8, "exact") not in read("The register grew from eight services to nearly a thousand.",
                                             title="Three years of China's AI register")
    got = read("Registrations of generative AI apps grew faster: from 435 at the start of the year to 731 after "
               "the August list.")
    assert {("total", 435, "exact"), ("total", 731, "exact")} <= got


@pytest.mark.parametrize("text", [
    "Apple faces a complex approval process for its AI features in China, and is in talks with Baidu.",
    "Apple and Alibaba have submitted the features for regulatory approval.",
    "A group of 20 security experts said the approval of AI chips would be reviewed.",
])
def test_pending_partner_and_other_counts_give_nothing(text: str):
    assert read(text, title="Apple's AI in China") == set()


def test_the_number_of_companies_behind_a_batch_is_not_a_batch():
    got = read("China approved 14 large language models from 13 enterprises on Friday.")
    assert ("batch", 14, None) in got and not any(value == 13 for _, value, _ in got)


def test_a_list_after_a_colon_right_after_the_approval_sentence():
    got = read("The first batch of generative AI services approved for filing includes eight companies, as follows:\n\n"
               "Three Shanghai-based institutions: SenseTime (SenseChat), MiniMax (ABAB) and Shanghai Artificial "
               "Intelligence Laboratory (InternLM).")
    assert {("company", "SenseTime"), ("company", "MiniMax"), ("company", "Shanghai AI Lab")} <= got


def test_traditional_text_keeps_newly_added():
    # OpenCC's Taiwan phrase table turns 新增 into 添加; the batch must stay a batch
    got = read("上一期（3、4月）新增備案為72款，本期多出48款。", title="網信辦公布生成式人工智慧備案名單")
    assert ("batch", 72, None) in got and not any(kind == "total" and value == 72 for kind, value, _ in got)


def test_a_company_announcement_headline_names_the_company():
    got = read("公司自主研发的拓天大模型已通过生成式人工智能服务备案。", title="拓尔思：拓天大模型通过生成式人工智能服务备案")
    assert ("company", "拓尔思") in got
    assert ("company", "报告") not in read("全国已有538款生成式人工智能服务完成备案。",
                                           title="报告：全国已有538款生成式人工智能服务完成备案")


def test_a_lawsuit_is_named_by_its_first_plaintiff_and_its_described_defendant():
    got = read("Walt Disney, Comcast's Universal and Warner Bros Discovery sued Chinese artificial intelligence "
               "company MiniMax on Tuesday.", title="Studios sue MiniMax")
    assert got == {("event", "Disney v. MiniMax")}


def test_one_instrument_named_twice_gives_one_event():
    got = read("Governor Gavin Newsom signed Senate Bill 53, the Transparency in Frontier Artificial Intelligence "
               "Act, on Monday.", title="California signs AI safety law")
    assert got == {("event", "California SB 53")}


@pytest.mark.parametrize("text", [
    "The order invokes the Defense Production Act to require reports from AI developers.",
    "1. Regulatory Framework: China's rules for AI services keep changing.",
])
def test_an_invoked_instrument_or_a_heading_is_no_event(text: str):
    assert not any(kind == "event" for kind, *_ in read(text, title="AI policy notes"))


def test_an_approval_of_something_else_approves_no_ai_service():
    assert read("The MIIT's approval of eSIM trials for China Mobile, China Unicom and China Telecom came on Friday.",
                title="Carriers get eSIM nod") == set()
    got = read("Tencent's Hunyuan and iFlytek's SparkDesk completed filing with the CAC last week.", title="Filing news")
    assert {("company", "Tencent"), ("company", "iFlytek")} <= got  # the regulator names the regime: no AI word needed


def test_another_domain_in_one_clause_does_not_silence_the_other():
    got = read("“文心一言”“智谱清言”等24个获准向公众开放的生成式人工智能大模型产品占全国近一半;"
               "高级别自动驾驶示范区实现160平方公里连片运行。", title="北京数字经济")
    assert ("company", "Baidu") in got


@pytest.mark.parametrize("text", [
    "Musk met top officials including Premier Li Qiang before the approval of AI models.",
    "中國互聯網管理局批准了一些公司在這一領域繼續前進，包括初創公司和主要科技公司。",
])
def test_people_and_kinds_of_company_are_not_companies(text: str):
    assert not any(kind == "company" for kind, *_ in read(text, title="China approves AI models"))


@pytest.mark.parametrize("text, title", [
    ("Sony and Warner's suit against Suno, filed in the Central District of California on June 11, is the first "
     "by major labels against an AI developer.", "Why the labels' AI lawsuit goes after the output"),
    ("The Act on the Promotion of AI-Related Technologies cleared the House of Councillors by a majority vote, "
     "with support from opposition parties including the Green Party of Japan and the Farmers' Union.",
     "Japan enacts its first AI law"),
])
def test_a_suit_filed_or_a_bill_cleared_is_no_filing_of_an_ai_service(text: str, title: str):
    assert not {m for m in read(text, title) if m[0] in ("batch", "company", "total")}


def test_joined_chinese_plaintiffs_name_the_suit_by_the_first_and_a_kind_of_company_is_no_defendant():
    # 迪士尼 goes by the name its suits have in English ([events.parties] of the rules file)
    assert ("event", "Disney v. MiniMax") in read("迪士尼联手环球影业起诉MiniMax，称其视频模型侵犯版权。", "好莱坞片商起诉AI公司")
    assert not read("这是好莱坞主要片商首次就生成式人工智能起诉AI企业。", "片商与AI公司的版权之争")


def test_a_pronoun_or_people_among_a_group_are_no_filers():
    got = read("Three Hangzhou models completed filing this week. They were among the 12 services cleared nationwide "
               "in the latest batch.\n\nIts founder, Zhou Lan, was among the entrepreneurs invited to meet the premier.")
    assert not {m for m in got if m[0] == "company"}


def test_two_dozen_is_twenty_four_and_closing_in_on_a_figure_is_no_total():
    assert ("total", 24, "about") in read("Hubei now has about two dozen models on the national generative AI "
                                          "register, and regulators expect more.", "Hubei's register")
    assert not {m for m in read("Regulators said the number of filed generative AI services is closing in on 2,000.",
                                "China's AI register closes in on 2,000") if m[0] == "total"}


def test_rows_of_a_table_of_filers_give_the_filer_of_the_first_cell_only():
    got = read("China's register of generative AI services now lists foreign names, all filed through local "
               "units.\n\nApple | on-device model; runs on Alibaba's Qwen | 2026\n\nTencent | Hunyuan assistant | 2024",
               "The foreign names on China's AI filing list")
    assert {("company", "Apple"), ("company", "Tencent")} <= got and ("company", "Alibaba") not in got


def test_app_filings_and_a_filing_still_required_are_no_filing_of_an_ai_service():
    assert not read("按照工信部的要求，新上线的App须先完成App备案，百度、腾讯等均已完成。", "App备案新规")
    assert not read("外资企业须由当地子公司出面办理生成式人工智能服务备案，苹果的方案仍需要通过备案后才能上线。",
                    "苹果AI入华仍待备案")


def test_a_list_whose_last_item_has_yet_to_launch_still_lists_and_a_week_s_additions_are_a_batch():
    got = read("Four generative AI models from Hangzhou companies have completed filing over the past week, the "
               "province's cyberspace office said.\n\nThe group is made up of a model from Alibaba; a chatbot from "
               "Tencent; and a model from iFlytek, whose new product has yet to launch.",
               "Four more Hangzhou chatbots get the nod")
    assert ("batch", 4, None) in got and ("total", 4, "exact") not in got
    assert {("company", "Alibaba"), ("company", "Tencent"), ("company", "iFlytek")} <= got


def test_out_of_a_national_figure_is_the_total_and_a_count_added_again_is_a_batch():
    got = read("Hubei now has 12 models that have completed the national generative AI filing, out of 188 across "
               "the country, a provincial official said.", "Hubei counts its filed models")
    assert ("total", 188, "exact") in got
    assert ("batch", 64, None) in read("內地生成式人工智慧服務名單再添64款備案。", "AI監管周記")


def test_a_law_firm_or_a_law_school_is_no_instrument():
    got = read("The generative AI filing procedure usually takes three to six months, according to a blog post by "
               "Fenwick Law Offices in March.", "How China's AI filing works")
    assert not {m for m in got if m[0] == "event"}


def test_a_titled_instrument_has_one_name_whichever_quotes_the_outlet_uses():
    simplified = read("国务院印发《关于深入实施“人工智能+”行动的意见》。", "国务院印发意见")
    traditional = read("國務院印發《關於深入實施「人工智能+」行動的意見》。", "國務院推出十年藍圖")
    assert simplified == traditional == {("event", "关于深入实施“人工智能+”行动的意见")}


def test_a_settled_lawsuit_is_a_lawsuit_event_named_by_its_parties():
    got = read("Stability AI has agreed to pay $40 million to settle artists' copyright lawsuit over its image models.",
               "Stability AI settles artists' suit")
    assert ("event", "Artists v. Stability AI") in got
    assert ("event", "Ziff Davis v. OpenAI") in read("OpenAI agreed to settle a lawsuit brought by Ziff Davis over AI "
                                                     "training.", "OpenAI settles with a publisher")
    assert ("event", "画家 v. Stability AI") in read("Stability同意支付4000万美元和解画家集体诉讼。", "Stability与画家和解")


def test_a_holiday_and_a_product_named_before_its_maker_are_no_filers():
    got = read("The second round, just before Christmas, cleared nine generative AI models, including one named "
               "Tianshu from Hikvision.", "China's AI filings, round by round")
    assert ("company", "Christmas") not in got and ("company", "Tianshu") not in got



def test_a_numbered_item_keeps_its_number_in_its_sentence():
    got = read("China's register of generative AI services grew by 137 filings at the end of the year. Here are "
               "the entries that caught our eye.\n1. Tencent. A model from its lab is on the list.\n2. Background. "
               "The list comes out every two months.", "Names worth noticing on China's AI filing list")
    assert ("company", "Tencent") in got and ("company", "Background") not in got


def test_a_title_with_a_word_changed_is_its_known_event_and_numbers_must_agree():
    aliases = AliasIndex.build([], regulations=[
        ("Japan AI Promotion Act", ["人工智能相关技术研究开发及应用推进法"]),
        ("Executive Order 14110", ["Executive Order 14110 on Safe, Secure, and Trustworthy AI"]),
        ("EU AI Act", ["Artificial Intelligence Act"])])
    assert aliases.known_event("人工智能相关技术研究开发及活用推进法") == "Japan AI Promotion Act"
    assert aliases.known_event("Executive Order 14179 on Safe, Secure, and Trustworthy AI") is None
    assert aliases.known_event("Colorado Artificial Intelligence Act") is None
    got = extract_mentions("日本国会28日通过《人工智能相关技术研究开发及活用推进法》。", title="日本首部AI专法",
                           published=PUBLISHED, language=None, rules=RULES, aliases=aliases)
    assert [m.regulation for m in got] == ["Japan AI Promotion Act"]


def test_as_of_a_month_this_year_dates_a_total_and_is_no_period():
    got = extract_mentions("As of April this year, there were 868 filed generative AI services and 530 registered "
                           "ones in China, according to the regulator's updates.", title="How China regulates AI",
                           published=PUBLISHED, language=None, rules=RULES, aliases=ALIASES)
    totals = {(m.total, m.registry) for m in got if m.kind == "cumulative_total"}
    assert totals == {(868, "filed"), (530, "registered")}
    assert not {m for m in read("So far this year, 75 generative AI services were added to the register.")
                if m[0] == "total"}  # a period's sum stays no total


def test_a_pronoun_or_a_negation_opens_no_chinese_name():
    got = read("生成式人工智能服务备案指南：它不是简单的“技术登记”，而是全流程的治理。荣耀宣布，其自研的“魔法大模型”已通过备案。",
               "生成式人工智能服务备案申请指南")
    assert not {m for m in got if m[0] == "company" and m[1].startswith(("它", "其"))}


def test_an_approval_still_to_be_obtained_approves_no_one():
    got = read("By requiring AI developers like Alibaba and Tencent to obtain approval for each new customer, the "
               "administration wants to watch who uses the most capable models.", "Who will control access to AI")
    assert not {m for m in got if m[0] == "company"}


@pytest.mark.parametrize("text, title", [
    ("Apple's AI rollout in China with Alibaba faces delays, reportedly because of pending regulatory approval.",
     "Apple AI launch in China delayed amid approval roadblocks"),
    ("While the regulator has approved over 300 domestic AI models, the Apple-Alibaba partnership has drawn "
     "heightened regulatory scrutiny.", "Apple and Alibaba AI plan is stalled, report says"),
])
def test_an_approval_held_back_approves_no_one(text: str, title: str):
    assert not {m for m in read(text, title) if m[0] == "company"}


def test_a_list_that_is_the_subject_of_a_negated_approval_is_negated():
    got = read("Some local media reported that other tech firms working on AI models, including Alibaba Group "
               "(9988.HK), have not received government approval.", "China lets firms launch AI chatbots")
    assert ("company", "Alibaba") not in got
    kept = read("The company was not part of the first round of eight services cleared on August 31, which included "
                "Baidu's Ernie Bot and SenseTime's chatbot.", "iFlytek opens its chatbot after clearing filing")
    assert {("company", "Baidu"), ("company", "SenseTime")} <= kept  # the list after it names the round's members


def test_a_chinese_case_name_x_su_y_an_names_the_suit_and_su_elsewhere_does_not():
    got = read("法官在Bartz诉Anthropic案中裁定训练属合理使用；另一名法官则在Kadrey诉Meta案中判Meta胜诉。",
               "美国两宗AI版权案先后宣判")
    assert {m for m in got if m[0] == "event"} == {("event", "Bartz v. Anthropic"), ("event", "Kadrey v. Meta")}
    assert not read("他告诉记者，用户的投诉案件已经增加。", "AI客服投诉增多")


def test_a_known_events_chinese_title_names_it_without_an_instrument_word():
    got = read("特朗普当天签署三项行政命令，其中一项题为《防止联邦政府使用「觉醒AI」》。", "特朗普签署AI行政命令")
    assert ("event", "Executive Order 14319") in got


def test_a_headlines_unnamed_law_is_the_law_the_story_names():
    story = "Governor Greg Abbott signed the Texas Responsible Artificial Intelligence Governance Act on Sunday."
    named = read(story, "Texas governor signs pared-back AI law")
    assert ("event", "Texas Responsible Artificial Intelligence Governance Act") in named
    assert not any(m[0] == "event" and "law on" in m[1] for m in named)
    # with nothing named in the story, the headline's law is what there is
    assert any(m[0] == "event" for m in read("Lawmakers voted 30 to 1.", "Texas governor signs pared-back AI law"))


def test_a_suit_told_as_the_plaintiffs_suit_against_the_defendant():
    got = read("Disney and Universal's suit against Midjourney, filed on June 11, is the first by major studios.",
               "Why Hollywood's first AI lawsuit is different")
    assert ("event", "Disney v. Midjourney") in got


def test_a_traditional_headline_is_read_converted_with_its_body():
    # the headline alone holds too few Traditional-only characters to tell its script
    body = "兩家片廠指，這是荷里活大片廠首次就生成式AI控告AI公司，對方沒有理會。"
    assert ("event", "Disney v. Midjourney") in read(body, "史力加被AI照辦煮碗　迪士尼環球入稟告Midjourney")


def test_a_known_event_told_by_its_facts_not_before_it_existed():
    text = "The regulations also require AI-generated pictures and video to carry labels."
    when = {day: extract_mentions(text, title="New rules for chatbots", published=day, language="en", rules=RULES,
                                  aliases=ALIASES)
            for day in (dt.date(2023, 7, 14), dt.date(2025, 3, 20))}
    assert not any(m.regulation == "Measures for Labeling AI-Generated Content" for m in when[dt.date(2023, 7, 14)])
    assert any(m.regulation == "Measures for Labeling AI-Generated Content" for m in when[dt.date(2025, 3, 20)])


def test_a_company_in_talks_or_under_an_analysts_estimates_is_no_filer():
    got = read("Alibaba's Qwen models completed filing with the CAC in the latest batch. Alibaba chairman Joe Tsai "
               "confirmed on Thursday that the group is working with Apple to bring AI features to iPhones.")
    assert got == {("company", "Alibaba")}  # not Apple (a partner), nor Joe Tsai (a chairman)
    got = read("China's regulator approved 14 more generative AI models this week. We keep our estimates for Tencent "
               "(Buy, TP HK$720) and Kuaishou (Hold) unchanged; our capex assumptions include the cost of the filing.")
    assert got == {("batch", 14, None)}


def test_a_title_case_headline_names_what_follows_its_verb_and_no_gerund_phrase():
    got = read("The bill now goes to the upper house.", "Japan Lower House Passes AI Promotion Bill")
    assert {m for m in got if m[0] == "event"} == {("event", "AI Promotion Bill")}
    assert not read("Experts weighed in on AI.", "Building Innovation Through Regulation")


def test_a_latin_litigant_right_after_chinese_words_is_still_named():
    assert ("event", "New York Times v. Perplexity") in read("纽约时报起诉美国AI搜索公司Perplexity，指其未经授权使用报道。",
                                                             "纽时起诉AI搜索公司")


def test_a_company_told_as_the_owner_or_rival_of_another_is_no_filer():
    got = read("Zhipu AI's model completed the CAC filing this week, as did two others. "
               "Alibaba is the owner of the South China Morning Post, which first reported the list.")
    assert ("company", "Alibaba") not in got and ("company", "Zhipu AI") in got


def test_a_headline_of_another_regimes_permits_makes_the_bodys_approvals_that_regimes():
    # car permits, game licences, the deep-synthesis algorithm register: "model" alone is a car's model here
    text = ("China on Monday approved two electric sedans with Level-3 automated driving for use on public roads.\n\n"
            "BAIC's Arcfox model is cleared for up to 80 km per hour on specified expressway sections in Beijing.")
    assert read(text, title="China grants first Level-3 autonomous driving permits to two sedans") == set()
    games = "In September the regulator cleared 145 domestic titles and 11 imports, including Astro Bot and Split Fiction."
    assert read(games, title="China approves 184 games in November") == set()
    # the same sentence under a headline about AI filings is read
    assert ("company", "Astro Bot") in read(games.replace("domestic titles", "generative AI services"),
                                            title="China clears 145 generative AI services")


def test_under_a_headline_of_device_approvals_an_ai_device_cleared_is_no_filing():
    text = ("Caption Health's AI-guided cardiac ultrasound, which lets non-experts capture heart images, was cleared "
            "through this route in 2020.")
    assert read(text, title="How the FDA Approves AI Medical Devices") == set()
