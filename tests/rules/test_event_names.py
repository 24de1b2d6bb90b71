"""Which known event a regulation mention names: amendments of a known law, laws cited as a basis, drafts near
a law in force, and short names an article defines for an instrument it named in full."""

from __future__ import annotations

import datetime as dt
import functools

from monitor.rules import AliasIndex, extract_mentions
from tests.rules.golden import load_default_rules

RULES = load_default_rules()
LAWS = [("Cybersecurity Law", ["网络安全法", "網絡安全法"]), ("Cybersecurity Law amendment", []),
        ("Data Security Law", ["数据安全法", "數據安全法"])]
INDEX = AliasIndex.build([], regulations=LAWS, event_dates=[
    ("Cybersecurity Law amendment", "CN", "law", dt.date(2025, 10, 28), dt.date(2026, 1, 1))])


@functools.lru_cache(maxsize=1)
def _bundled_index() -> AliasIndex:
    """The bundled dataset's names, read once for the tests that need them."""
    from monitor.dataset import load_dataset
    from monitor.run.reading import alias_index
    from tests.rules.golden import REPO

    return alias_index(load_dataset(REPO / "config/known/dataset.toml"))


def events(text: str, published: dt.date, title: str = "", language: str = "en") -> set[str | None]:
    found = extract_mentions(text, title=title, published=published, language=language, rules=RULES, aliases=INDEX)
    return {m.regulation for m in found if m.kind == "regulation_event"}


def test_an_amended_known_law_is_its_amendment_when_the_dataset_knows_one():
    day = dt.date(2025, 10, 28)
    assert events("An amendment to China's Cybersecurity Law was approved on Tuesday, adding articles on AI.",
                  day) == {"Cybersecurity Law amendment"}
    assert events("China revises Cybersecurity Law to cover artificial intelligence.", day) == {
        "Cybersecurity Law amendment"}
    assert events("全国人大常委会表决通过关于修改网络安全法的决定，人工智能首次写入。", day, language="zh") == {
        "Cybersecurity Law amendment"}
    # no amendment told: the law itself (known: background raises nothing)
    assert events("Platforms must keep logs under the Cybersecurity Law and its AI provisions.", day) == {
        "Cybersecurity Law"}
    assert events("The Data Security Law was amended to cover AI training data.", day) == {"Data Security Law"}


def test_known_laws_cited_as_a_basis_are_not_news():
    text = "網信辦援引的是《網絡安全法》、《數據安全法》，要求平台下架相關人工智能應用。"
    assert events(text, dt.date(2025, 11, 3), language="zh") == set()


def test_a_draft_near_a_law_in_force_is_not_that_law():
    assert events("Beijing drafts rules for AI companions, with reminders every two hours for minors.",
                  dt.date(2025, 12, 27)) == {"CN rules on AI"}


def test_a_defined_short_name_is_the_instrument_named_in_full():
    text = ("The Measures for Labeling AI-Generated Content (hereinafter referred to as the Identification Measures) "
            "took effect on September 1.\n\nThe Identification Measures refine labelling duties for AI platforms.")
    got = events(text, dt.date(2025, 9, 3))
    assert "Identification Measures" not in got and got
    ordered = ('The President signed the Safe Models Order (the "Model Order") on Monday.\n\n'
               "The Model Order takes effect for all AI developers in 90 days.")
    assert "Model Order" not in events(ordered, dt.date(2027, 3, 4))


def test_a_name_two_places_laws_share_is_the_law_of_the_place_told_beside_it():
    shared = ["AI Basic Act", "人工智能基本法"]
    index = AliasIndex.build([], regulations=[("Korea AI Basic Act", ["Korean AI Basic Act", *shared]),
                                              ("Taiwan AI Basic Act", ["Taiwan's AI Basic Act", *shared])],
                             event_dates=[("Korea AI Basic Act", "KR", "law", dt.date(2024, 12, 26)),
                                          ("Taiwan AI Basic Act", "TW", "law", dt.date(2025, 12, 23))])

    def told(text: str, language: str) -> set[str | None]:
        found = extract_mentions(text, published=dt.date(2026, 1, 10), language=language, rules=RULES, aliases=index)
        return {m.regulation for m in found if m.kind == "regulation_event"}

    assert told("台灣方面，立法院去年底三讀通過《人工智慧基本法》，並未建立事前備案制度。", "zh") == {"Taiwan AI Basic Act"}
    assert told("Taiwan's Legislative Yuan passed the AI Basic Act on December 23.", "en") == {"Taiwan AI Basic Act"}
    assert told("韩国国会通过《人工智能基本法》，将于2026年1月施行。", "zh") == {"Korea AI Basic Act"}
    # no place told: the name's first claimant, as before
    assert told("The AI Basic Act requires labels on generated content.", "en") == {"Korea AI Basic Act"}
    assert index.event_in_place("AI Basic Act", "JP") is None
    assert index.event_in_place("Korean AI Basic Act", "TW") is None


def test_a_summits_declaration_is_the_one_the_dataset_dates_around_the_article():
    index = AliasIndex.build([], regulations=[("Bletchley Declaration", []), ("Paris AI Action Summit declaration", [])],
                             event_dates=[("Bletchley Declaration", "INT", "declaration", dt.date(2023, 11, 1)),
                                          ("Paris AI Action Summit declaration", "INT", "declaration",
                                           dt.date(2025, 2, 11))])

    def told(text: str, on: dt.date, language: str = "en") -> set[tuple[str | None, str | None]]:
        found = extract_mentions(text, published=on, language=language, rules=RULES, aliases=index)
        return {(m.regulation, m.jurisdiction) for m in found if m.kind == "regulation_event"}

    paris = {("Paris AI Action Summit declaration", "INT")}
    text = ("Fifty-eight countries signed a declaration calling for open, inclusive and ethical artificial "
            "intelligence at an AI summit in Paris on Tuesday, but the US and the UK did not.")
    assert told(text, dt.date(2025, 2, 11)) == paris
    assert told("US and UK decline to sign AI summit declaration in Paris", dt.date(2025, 2, 12)) == paris
    assert told("巴黎人工智能行动峰会闭幕，61个国家签署了人工智能声明。", dt.date(2025, 2, 12), "zh") == paris
    # no known summit declaration around the article: nothing, not a declaration of no name
    assert told(text, dt.date(2026, 2, 20)) == set()


def test_an_article_that_places_a_shared_name_names_it_so_throughout():
    shared = ["AI Basic Act", "人工智能基本法", "AI基本法"]
    index = AliasIndex.build([], regulations=[("Korea AI Basic Act", shared), ("Taiwan AI Basic Act", shared)],
                             event_dates=[("Korea AI Basic Act", "KR", "law", dt.date(2024, 12, 26)),
                                          ("Taiwan AI Basic Act", "TW", "law", dt.date(2025, 12, 23))])
    found = extract_mentions("立院會23日三讀通過《人工智慧基本法》，行政院須成立國家人工智慧戰略特別委員會。",
                             title="AI基本法三讀 獎勵發展AI也設警語", published=dt.date(2025, 12, 23), language="zh",
                             rules=RULES, aliases=index)
    assert {m.regulation for m in found if m.kind == "regulation_event"} == {"Taiwan AI Basic Act"}


def test_drafted_measures_are_the_known_proposal_around_the_article_never_the_law_in_force():
    index = AliasIndex.build([], regulations=[("Interim Measures for Generative AI Services", []),
                                              ("Interim Measures for Anthropomorphic AI Interaction Services", [])],
                             event_dates=[("Interim Measures for Generative AI Services", "CN", "rules",
                                           dt.date(2023, 7, 13), dt.date(2023, 8, 15)),
                                          ("Interim Measures for Anthropomorphic AI Interaction Services", "CN",
                                           "proposed rule", dt.date(2025, 12, 27))])

    def told(text: str, on: dt.date) -> set[str | None]:
        found = extract_mentions(text, published=on, language="en", rules=RULES, aliases=index)
        return {m.regulation for m in found if m.kind == "regulation_event"}

    text = ("The Cyberspace Administration of China on Dec. 27 published draft interim measures for 'anthropomorphic' "
            "AI interaction services, chatbots that simulate a personality.")
    assert told(text, dt.date(2026, 1, 5)) == {"Interim Measures for Anthropomorphic AI Interaction Services"}
    # a draft of 2023 is no law in force of 2023, nor the proposal of 2025
    assert "Interim Measures for Generative AI Services" not in told(text, dt.date(2023, 7, 20))


def test_a_member_states_law_is_its_own_not_the_blocs():
    index = AliasIndex.build([], regulations=[("EU AI Act", ["AI Act"]), ("Italy AI law", ["Italy's AI law"])],
                             event_dates=[("EU AI Act", "EU", "law", dt.date(2024, 8, 1), None),
                                          ("Italy AI law", "IT", "law", dt.date(2025, 9, 17), None)])
    day = dt.date(2025, 9, 17)

    def told(text: str, title: str = "") -> set[str | None]:
        found = extract_mentions(text, title=title, published=day, language="en", rules=RULES, aliases=index)
        return {m.regulation for m in found if m.kind == "regulation_event"}

    # "EU country" places no law in the EU; the headline's unnamed law is the one the dataset knows of Italy on its
    # day, and stays beside the EU's AI Act that the story names as background
    assert told("Italy's parliament gave its final approval on Wednesday, making the country the first in the bloc "
                "with AI rules of its own beside the EU's AI Act.",
                title="Italy becomes first EU country to pass a national AI law") == {"Italy AI law", "EU AI Act"}
    # "approved in a third and final reading": a law's passage
    assert told("The text is a framework law on artificial intelligence that the Italian Senate approved in a third "
                "and final reading on Sept. 17.") == {"Italy AI law"}


def test_the_bundled_dataset_knows_texas_law_by_its_chinese_title():
    index = _bundled_index()
    text = ("美國科技業近年大舉南移，德州也交出自己的AI規則。州長艾波特22日簽署《德州負責任人工智慧治理法》，"
            "明年元旦生效。\n\n法案由州檢察長統一執法，沒有私人訴權，業者收到通知後有60天可改正。"
            "在台美商人士表示，與科羅拉多相比，德州版本對企業負擔較輕。")
    found = extract_mentions(text, title="德州AI治理法上路倒數　業者：比科州寬鬆", published=dt.date(2025, 6, 25),
                             language="zh", rules=RULES, aliases=index)
    assert {m.regulation for m in found if m.kind == "regulation_event"} == {"Texas Responsible AI Governance Act"}


def test_a_known_event_read_from_its_facts_is_not_another_countrys_instrument():
    index = _bundled_index()

    def told(text: str, title: str) -> set[str | None]:
        found = extract_mentions(text, title=title, published=dt.date(2026, 3, 12), language="en", rules=RULES,
                                 aliases=index)
        return {m.regulation for m in found if m.kind == "regulation_event"}

    labels = "Companies that fail to label AI-generated material would face fines under the draft rules."
    # Spain's draft law on labels is Spain's, not China's labelling measures
    assert "Measures for Labeling AI-Generated Content" not in told(
        f"Spain's Council of Ministers approved a draft law on Tuesday. {labels}", "Spain moves to fine unlabelled AI content")
    # the same facts in a report about China are China's measures
    assert "Measures for Labeling AI-Generated Content" in told(
        f"China's internet regulator said the rules take effect on Sept. 1. {labels}", "China to require labels on AI content")


def test_a_name_owned_by_another_place_is_not_the_known_event_of_that_name():
    index = _bundled_index()
    text = ("Notable examples include Colorado's comprehensive AI Act, California's multiple laws, and Utah's AI "
            "consumer protection legislation.")
    found = extract_mentions(text, title="", published=dt.date(2025, 12, 19), language="en", rules=RULES, aliases=index)
    assert "EU AI Act" not in {m.regulation for m in found}
    found = extract_mentions("The EU's AI Act entered into force on Thursday.", title="", published=dt.date(2024, 8, 1),
                             language="en", rules=RULES, aliases=index)
    assert "EU AI Act" in {m.regulation for m in found}


def test_a_states_unnamed_ai_legislation_is_that_states_known_law():
    index = _bundled_index()
    found = extract_mentions("New York has become the second state to regulate frontier AI models.",
                             title="New York Governor Signs Sweeping AI Legislation", published=dt.date(2025, 12, 23),
                             language="en", rules=RULES, aliases=index)
    assert {(m.regulation, m.jurisdiction) for m in found if m.kind == "regulation_event"} == {
        ("New York RAISE Act", "US-NY")}
    # a suit told with a state where writers' other suits are pending stays the known suit (the state is in the US)
    text = ("Seventeen authors have joined the Authors Guild in suing OpenAI, accusing the ChatGPT maker of copying "
            "their novels. Several similar suits by writers are already pending in California.")
    found = extract_mentions(text, title="Novelists take OpenAI to court", published=dt.date(2023, 9, 20),
                             language="en", rules=RULES, aliases=index)
    assert "Authors Guild v. OpenAI" in {m.regulation for m in found}


def test_known_events_told_beside_other_countries_stay_known():
    index = _bundled_index()

    def told(text: str, published: dt.date) -> set[str | None]:
        found = extract_mentions(text, title="", published=published, language="en", rules=RULES, aliases=index)
        return {m.regulation for m in found if m.kind == "regulation_event"}

    # a suit names a court, rarely its country: Canadian outlets' own suit does not make the Times' suit foreign
    assert "New York Times v. OpenAI" in told(
        "The New York Times sued OpenAI in federal court in Manhattan. Canadian news outlets filed their own case "
        "in Ontario a year later.", dt.date(2024, 12, 1))
    # France is in the EU: a French minister on Europe's AI law still tells the EU's act
    assert "EU AI Act" in told("The European Union's AI law takes effect in August, a French minister said.",
                               dt.date(2024, 7, 20))


def test_the_bodys_date_of_the_event_the_headline_tells_wins():
    found = extract_mentions('President Donald Trump signed the "Take It Down Act" into law on May 19, 2025, in a Rose '
                             'Garden ceremony, aiming to curb the spread of AI-generated deepfakes.',
                             title="President Trump signs Take It Down Act, addressing nonconsensual deepfakes",
                             published=dt.date(2025, 5, 21), language="en", rules=RULES, aliases=INDEX)
    assert {(m.regulation, m.date) for m in found if m.kind == "regulation_event"} == {
        ("Take It Down Act", dt.date(2025, 5, 19))}
    # told only by the headline: the day it was published
    found = extract_mentions("Platforms will have 48 hours to remove such images.",
                             title="President Trump signs Take It Down Act, addressing nonconsensual deepfakes",
                             published=dt.date(2025, 5, 21), language="en", rules=RULES, aliases=INDEX)
    assert {(m.regulation, m.date) for m in found if m.kind == "regulation_event"} == {
        ("Take It Down Act", dt.date(2025, 5, 21))}


def test_a_bare_ai_act_beside_another_place_is_that_places_act():
    index = _bundled_index()

    def told(text: str, title: str, published: dt.date) -> set[str | None]:
        found = extract_mentions(text, title=title, published=published, language="en", rules=RULES, aliases=index)
        return {m.regulation for m in found if m.kind == "regulation_event"}

    assert told("Governor Jared Polis signed the delay in a special session.", "Colorado Delays Its AI Act to June 30",
                dt.date(2025, 8, 29)) == {"Colorado AI Act"}
    assert told("The law requires large developers to publish safety frameworks.",
                "Gov. Newsom signs Transparency in Frontier AI Act", dt.date(2025, 9, 30)) == {"California SB 53"}


def test_a_states_unnamed_law_is_its_one_known_law_whenever_passed():
    index = _bundled_index()
    found = extract_mentions("Colorado lawmakers will return for a special session this month to address issues with "
                             "its landmark AI law set to take effect in 2026.", title="State AI laws in 2025",
                             published=dt.date(2025, 8, 8), language="en", rules=RULES, aliases=index)
    assert {m.regulation for m in found if m.kind == "regulation_event"} == {"Colorado AI Act"}


def _bundled_events(text: str, published: dt.date, title: str = "") -> set[str | None]:
    found = extract_mentions(text, title=title, published=published, language="en", rules=RULES,
                             aliases=_bundled_index())
    return {m.regulation for m in found if m.kind == "regulation_event"}


def test_a_presidents_unnamed_order_is_the_one_he_had_signed_by_then():
    # two presidents in one sentence: the signer's order
    assert _bundled_events("On Monday, President Donald Trump announced the revocation of an executive order originally "
                           "signed by former President Joe Biden in 2023 on the risks of artificial intelligence.",
                           dt.date(2025, 1, 21)) == {"Executive Order 14110"}
    # an article of 2024 cannot mean Biden's order of January 2025
    assert _bundled_events("Just like Beijing's AI approval mechanism, US President Joe Biden issued an executive order "
                           "last year to ensure AI is kept in check.", dt.date(2024, 1, 29)) == {"Executive Order 14110"}
    # "last week" reads as the week's first day; the order signed a day later is still the one meant
    assert _bundled_events("Biden signed another executive order last week to meet the energy needs of AI data centres.",
                           dt.date(2025, 1, 21)) == {"Executive Order 14141"}


def test_an_english_title_is_known_with_ai_spelled_either_way():
    assert _bundled_events("The Safe and Secure Innovation for Frontier AI Models Act would have required safety tests "
                           "of the largest AI models.", dt.date(2024, 10, 1)) == {"California SB 1047 veto"}


def test_a_defendant_described_by_its_city_and_trade_is_named():
    assert _bundled_events("Disney and Universal have filed a lawsuit against San Francisco-based AI company "
                           "Midjourney, accusing it of copyright infringement.", dt.date(2025, 6, 12)) == {
        "Disney v. Midjourney"}


def test_a_chinese_executive_order_by_its_long_word_is_the_known_one_of_its_days():
    found = extract_mentions("美国总统特朗普11日签署一项行政命令，将人工智能的监管权集中于联邦层级。", title="",
                             published=dt.date(2025, 12, 12), language="zh", rules=RULES, aliases=_bundled_index())
    assert {m.regulation for m in found if m.kind == "regulation_event"} == {"Executive Order 14365"}


def test_plaintiffs_of_no_name_are_the_defendants_one_known_suit():
    day = dt.date(2025, 9, 6)
    assert _bundled_events("Anthropic has agreed to a $1.5 billion settlement in a class-action lawsuit brought by "
                           "authors who say their books were used to train its chatbot.", day) == {"Bartz v. Anthropic"}
    found = extract_mentions("Anthropic同意支付15亿美元，与一群作家达成集体诉讼和解。", title="", published=day,
                             language="zh", rules=RULES, aliases=_bundled_index())
    assert {m.regulation for m in found if m.kind == "regulation_event"} == {"Bartz v. Anthropic"}
    # several defendants, or one with several known suits: no one suit is meant
    found = extract_mentions("此前，作家、新闻机构和唱片公司已先后对OpenAI、Anthropic、Suno等AI企业提起多起诉讼。", title="",
                             published=day, language="zh", rules=RULES, aliases=_bundled_index())
    assert "Bartz v. Anthropic" not in {m.regulation for m in found}
    assert "Bartz v. Anthropic" not in _bundled_events("A group of authors filed a class action against OpenAI.", day)


def test_one_who_joins_others_in_suing_brings_its_own_suit():
    day = dt.date(2025, 9, 4)
    assert _bundled_events("Warner Bros. Discovery has joined Disney and Universal in suing AI company Midjourney "
                           "for copyright infringement.", day) == {"Warner Bros. Discovery v. Midjourney"}
    assert _bundled_events("Warner Bros. Discovery joins the list of companies suing Midjourney AI.", day) == {
        "Warner Bros. Discovery v. Midjourney"}


def test_a_hyphenated_party_with_its_initials_and_an_aside_sues():
    assert _bundled_events("Back in 2020, Thomson-Reuters (TR), the parent company of the Westlaw legal research "
                           "service, sued Ross Intelligence, a competitor, for copyright infringement.",
                           dt.date(2025, 2, 12)) == {"Thomson Reuters v. Ross Intelligence"}


def test_a_suit_the_dataset_knows_by_its_winner_its_court_or_its_two_parties():
    day = dt.date(2025, 11, 12)
    assert _bundled_events("GEMA wins against OpenAI in German music copyright lawsuit", day) == {"GEMA v. OpenAI"}
    # a court of a place, and the defendant's one suit known there (OpenAI has many elsewhere)
    assert _bundled_events("In a world-first ruling, a German court found OpenAI guilty of copyright infringement for "
                           "training ChatGPT on song lyrics.", day) == {"GEMA v. OpenAI"}
    # both parties named in a sentence about a suit, whichever words join them
    found = extract_mentions("德国慕尼黑法院就OpenAI与德国音乐版权协会GEMA之间的版权纠纷作出裁决，认定OpenAI构成侵权。", title="",
                             published=day, language="zh", rules=RULES, aliases=_bundled_index())
    assert {m.regulation for m in found if m.kind == "regulation_event"} == {"GEMA v. OpenAI"}
    # a court with no place: OpenAI's many suits name none
    assert "GEMA v. OpenAI" not in _bundled_events("A court found OpenAI liable for copyright infringement.", day)


def test_an_unnamed_order_of_the_day_is_that_days_order_of_its_president():
    # 14148 (20 January 2025) and 14179 (23 January) are both Trump's and both near: the one of the day is meant
    assert _bundled_events("President Donald Trump signed an executive order on developing artificial intelligence "
                           "free from ideological bias on Thursday.", dt.date(2025, 1, 23)) == {"Executive Order 14179"}
    # ... but never another president's: Biden's order of the week before, not Trump's of the day before
    assert _bundled_events("Biden signed another executive order last week to meet the energy needs of AI data centres.",
                           dt.date(2025, 1, 21)) == {"Executive Order 14141"}


def test_a_member_told_by_its_place_in_the_eu_passes_its_own_law():
    day = dt.date(2025, 9, 18)
    assert "Italy AI law" in _bundled_events("Italy first in EU to pass AI law, mandates parental consent for users "
                                             "under 14", day)
    assert "Italy AI law" in _bundled_events("Italy's parliament on Wednesday passed a new law on artificial "
                                             "intelligence and became the first country in the European Union to bring "
                                             "in AI rules.", day)


def test_a_state_bill_number_without_its_session_is_the_known_act():
    assert _bundled_events("Colorado's Senate Bill 205, signed on Friday, requires developers of high-risk AI systems "
                           "to guard against algorithmic discrimination.", dt.date(2024, 5, 20)) == {"Colorado AI Act"}


def test_a_headline_phrase_over_a_body_that_names_the_known_event_is_that_event():
    found = extract_mentions("President Trump on Thursday signed an executive order to stop states from regulating AI, "
                             "the order the White House published as Executive Order 14365.",
                             title="Trump Signs Executive Order to Limit State-Level AI Regulation",
                             published=dt.date(2025, 12, 12), language="en", rules=RULES, aliases=_bundled_index())
    assert {m.regulation for m in found if m.kind == "regulation_event"} == {"Executive Order 14365"}
    # a name the body repeats stays: the headline's new act is the story's
    found = extract_mentions("Governor Newsom signed the Companion Chatbot Safety Act on Monday; last year he signed SB 53.",
                             title="Newsom Signs Companion Chatbot Safety Act", published=dt.date(2025, 10, 14),
                             language="en", rules=RULES, aliases=_bundled_index())
    assert "Companion Chatbot Safety Act" in {m.regulation for m in found}


def test_rules_a_regulator_releases_are_never_the_law_passed_near_that_date():
    # The Cybersecurity Law's amendment was passed on 28 October 2025: "rules" of China, or a regulator's, within
    # the weeks after it are measures of their own, not that law (they were read as it before).
    day = dt.date(2025, 11, 10)
    assert "Cybersecurity Law amendment" not in events(
        "China's cyberspace regulator on Friday released rules requiring AI chatbots to protect minors.", day)
    assert "Cybersecurity Law amendment" not in events(
        "The Cyberspace Administration of China published draft rules on Tuesday for AI services used by minors.", day,
        title="China drafts rules for AI and minors")
    # a law is still the law: "China's new AI law" in those weeks is the amendment
    assert events("China's new AI law was passed by the legislature on Tuesday.", dt.date(2025, 10, 30)) == {
        "Cybersecurity Law amendment"}


def _bundled_regulations(text: str, published: dt.date, title: str = "", language: str = "en") -> list:
    found = extract_mentions(text, title=title, published=published, language=language, rules=RULES,
                             aliases=_bundled_index())
    return [(m.regulation, m.jurisdiction) for m in found if m.kind == "regulation_event"]


def test_a_law_a_governor_signed_on_another_day_than_the_known_one_is_another_law():
    # SB 53 was signed on 29 September 2025; the companion-chatbot law a fortnight later is not it, and a governor's
    # law is the state's even when the sentence names the White House nearer
    text = ("California Governor Gavin Newsom on Monday signed into law a first-of-its-kind law regulating AI "
            "companion chatbots, defying a push from the White House to leave AI rules to Washington.")
    assert _bundled_regulations(text, dt.date(2025, 10, 13)) == [("US-CA law on AI", "US-CA")]
    # told on SB 53's own day, the same words are SB 53
    assert _bundled_regulations(text.replace("companion chatbots", "frontier models"), dt.date(2025, 9, 29)) == [
        ("California SB 53", "US-CA")]


def test_known_events_by_a_chinese_title_around_an_acronym_and_by_a_longer_name():
    assert _bundled_regulations("紐約州的《RAISE法案》直接針對大型模型開發者，已由州長簽署。", dt.date(2025, 12, 22),
                           language="zh") == [("New York RAISE Act", "US-NY")]
    assert _bundled_regulations("The Council of the EU gave final approval on June 29 to the AI Act Omnibus, delaying "
                           "high-risk obligations.", dt.date(2026, 6, 30)) == [("EU Digital Omnibus on AI", "EU")]


def test_a_federal_judges_ruling_for_a_defendant_with_one_known_suit_is_that_suit():
    day = dt.date(2025, 6, 25)
    for text in ("In the first copyright ruling for the AI industry, a federal judge on Tuesday sided with Anthropic "
                 "in a closely watched case.",
                 "Judge William Alsup of the U.S. District Court for the Northern District of California ruled that "
                 "some of Anthropic's uses of books were fair use.",
                 "三藩市聯邦法官周二裁定，人工智能公司Anthropic以受版權保護的書籍訓練AI模型屬合理使用。"):
        assert ("Bartz v. Anthropic", None) in _bundled_regulations(text, day, language="zh" if "法官" in text else "en")
    # a state court's suit of a named company against the same defendant is not the authors' federal suit
    assert not _bundled_regulations("該公司6月已在加州法院控告Anthropic違反使用條款擷取內容。", day, language="zh")
    # a company's own defence is no ruling
    assert not _bundled_regulations("OpenAI said its use of public data was grounded in fair use.", day)


def test_a_known_event_by_a_whole_title_a_law_firm_or_a_translation_gives_it():
    assert _bundled_regulations(
        "On July 13, 2023, the Cyberspace Administration of China issued its final version of the Interim "
        "Administrative Measures for Generative Artificial Intelligence Service, which take effect on August 15.",
        dt.date(2023, 7, 20)) == [("Interim Measures for Generative AI Services", "CN")]
    assert _bundled_regulations(
        "Japan's House of Councillors passed the country's first law dedicated to artificial intelligence. The "
        "legislation, known as the \u201cAct on Promotion of Research, Development, and Application of AI-Related "
        "Technologies,\u201d is meant to foster AI.", dt.date(2025, 5, 29))[-1] == ("Japan AI Promotion Act", "JP")


def test_a_headlines_generic_bill_is_the_bill_its_body_names_by_number():
    text = ("Virginia Governor Glenn Youngkin on Monday vetoed HB 2094, a bill modelled on Colorado's AI law that would "
            "have regulated high-risk artificial intelligence systems.")
    assert _bundled_regulations(text, dt.date(2025, 3, 25), title="Governor Youngkin Nixes Virginia AI Bill") == [
        ("Virginia HB 2094 veto", "US-VA")]


def test_a_known_bill_by_its_number_written_with_a_thousands_comma():
    assert _bundled_regulations("Based on Bill 2,338/2023, the text regulates the development and use of AI systems.",
                                dt.date(2024, 12, 11)) == [("Brazil AI bill", "BR")]


def test_a_guideline_still_to_be_written_is_no_event():
    day = dt.date(2026, 3, 5)
    assert not _bundled_regulations("在AI風險治理方面，數位發展部必須制定「AI風險分類框架指引」，作為各部會管理AI應用的依據。", day,
                                    language="zh")
    assert not _bundled_regulations("國科會表示，「公務機關使用生成式AI參考指引」草案的擬定，需通盤考量資料保護與治理。", day,
                                    language="zh")
    assert [name for name, _ in _bundled_regulations("數位發展部今天發布「AI風險分類框架指引」，供各部會管理AI應用。", day,
                                                     language="zh")] == ["AI风险分类框架指引"]


def test_a_title_a_question_gives_as_its_ground_is_no_event():
    # a legislator's question: "given the government said in its policy statement that …, how will it …?"
    assert not _bundled_regulations("（四）鑑於政府在《香港促進數據流通及保障數據安全的政策宣言》中表示，會研究修訂私隱條例，"
                                    "政府如何在保護個人資料和促進生成式AI技術發展之間取得平衡？", dt.date(2025, 3, 5),
                                    language="zh")


def test_a_known_rule_named_as_the_basis_of_something_else_is_background():
    assert not _bundled_regulations("按照网信办4月发布的生成式人工智能服务管理办法征求意见稿，向公众提供此类服务前需进行安全评估，"
                                    "公司在招股书中也将监管审批列为风险因素之一。", dt.date(2023, 6, 1), language="zh")


def test_a_courts_ruling_against_a_defendant_with_one_known_suit_in_the_courts_country():
    day = dt.date(2025, 11, 12)
    # GEMA's is OpenAI's one known German suit; the court's place, not the defendant's ("美國…公司OpenAI"), decides
    assert ("GEMA v. OpenAI", None) in _bundled_regulations(
        "德國法院今天裁定美國人工智慧(AI)公司OpenAI，未取得授權而使用歌曲歌詞訓練其模型，違反德國著作權法。", day, language="zh")
    assert ("GEMA v. OpenAI", None) in _bundled_regulations(
        "Munich, Germany — In a ruling that reverberates across the creative industries, a Munich Regional Court has "
        "declared OpenAI liable for using protected song lyrics to train its models.", day)
    # ("across" names no Ross Intelligence: a litigant's Latin spelling is matched as a word)


def test_a_member_state_of_the_european_union_passes_its_own_law_and_other_titles_of_known_acts():
    assert ("Italy AI law", "IT") in _bundled_regulations(
        "Italy became the first member state of the European Union to adopt a comprehensive national law on "
        "artificial intelligence on September 17, 2025.", dt.date(2025, 10, 15))
    assert _bundled_regulations("Law No. 132/2025 entered into force on October 10, 2025.", dt.date(2025, 10, 15)) == [
        ("Italy AI law", "IT")]
    assert _bundled_regulations("The National Assembly approved the revisions on December 30, establishing the Artificial "
                                "Intelligence Development and Trust-Based Ecosystem Act as the country's core AI statute.",
                                dt.date(2026, 1, 5))[0][0] == "Korea AI Basic Act"


def test_a_headlines_title_for_a_law_its_body_tells_unnamed_is_that_law():
    text = "Vietnam's National Assembly on December 10 adopted the Law on Artificial Intelligence, the first of its kind."
    found = _bundled_regulations(text, dt.date(2026, 3, 26), title="Vietnam AI Law 2026: a guide for businesses")
    assert found == [("VN law on AI", "VN")]


def test_a_bill_still_in_committee_is_no_law():
    day = dt.date(2026, 2, 23)
    assert not _bundled_regulations("Ohio's AI Bill of Rights inched forward, passing unanimously out of the Senate "
                                    "Finance Committee on Tuesday.", day)
    assert not _bundled_regulations("Canada's first attempt at AI legislation, the Artificial Intelligence and Data Act, "
                                    "stalled in committee after the prime minister resigned.", day)


def test_a_state_bill_told_by_number_and_by_title_is_one_event_under_its_title():
    """"Newsom signs SB 53" over "signed Senate Bill 53, the Transparency in Frontier Artificial Intelligence Act":
    one event, and not the EU AI Act for the "Artificial Intelligence Act" that ends the title."""
    found = extract_mentions("SACRAMENTO - California Governor Gavin Newsom signed Senate Bill 53, the Transparency in Frontier Artificial "
                             "Intelligence Act, into law on Monday.", title="Newsom signs SB 53 on frontier AI",
                             published=dt.date(2025, 9, 29), language="en", rules=RULES, aliases=AliasIndex.build([]))
    assert {(m.regulation, m.jurisdiction) for m in found if m.kind == "regulation_event"} == {
        ("Transparency in Frontier Artificial Intelligence Act", "US-CA")}


def test_a_model_named_after_a_common_word_is_the_word_before_a_shape_suffix():
    """A filed model called 金字塔 ("pyramid"): "呈金字塔型格局" is the shape, not the filer."""
    index = _bundled_index()
    found = extract_mentions("截至今年6月底，全国完成备案的大模型已达439款，分布在47个城市，呈“金字塔型”格局。",
                             title="上半年大模型备案情况", published=dt.date(2025, 7, 20), language="zh", rules=RULES,
                             aliases=index)
    assert [m.kind for m in found] == ["cumulative_total"]
    found = extract_mentions("果麦文化的“金字塔”大模型完成备案。", title="", published=dt.date(2025, 7, 20), language="zh",
                             rules=RULES, aliases=index)
    assert any(m.kind == "company_approval" for m in found)


def test_names_in_clauses_after_among_them_are_not_filers_when_the_sentence_files_nothing():
    """"其中，vivo宣布…；华为不断迭代盘古大模型…；火山引擎还与OPPO、荣耀、三星等厂商宣布成立…联盟", after a sentence about a
    list: the clauses after the first semicolon are about something else."""
    text = ("北京市新增19款已完成备案的生成式人工智能服务名单，小米的模型也在其中。\n\n"
            "其中,vivo于近日宣布了其在AI多模态大模型上的进展;华为不断迭代盘古大模型,并将其引入到手机、汽车端;"
            "在近日举办的相关活动上,火山引擎还与OPPO、荣耀、三星等厂商宣布成立智能终端大模型联盟。")
    found = extract_mentions(text, title="小米大模型动态", published=dt.date(2024, 5, 20), language="zh", rules=RULES,
                             aliases=_bundled_index())
    assert {m.company for m in found if m.kind == "company_approval"} == {"Xiaomi", "vivo"}


def test_another_countrys_instrument_with_a_known_events_facts_is_not_that_event():
    """Spain's draft law fining companies that fail to label AI-generated content, days before China's labelling
    measures were issued: not China's measures (the rules tell the known event's place, `jurisdiction = "CN"`)."""
    text = ("Spain's Council of Ministers has approved a draft law that could see artificial intelligence companies fined "
            "up to 35 million euros for failing to label AI-generated content correctly.")
    found = extract_mentions(text, title="Spain approves bill to fine companies for unlabelled AI content",
                             published=dt.date(2025, 3, 12), language="en", rules=RULES, aliases=AliasIndex.build([]))
    assert "Measures for Labeling AI-Generated Content" not in {m.regulation for m in found}
    found = extract_mentions("China's new rules require labels on AI-generated content from September 1.",
                             title="China issues AI labelling rules", published=dt.date(2025, 3, 15), language="en",
                             rules=RULES, aliases=AliasIndex.build([]))
    assert "Measures for Labeling AI-Generated Content" in {m.regulation for m in found}
