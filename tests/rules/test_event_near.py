"""An unnamed instrument ("new rules", "the executive order") names the one known event of its place and kind
issued or taking effect around the article's date, and nothing when none or several fit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from monitor.dataset import load_dataset
from monitor.rules import AliasIndex, extract_mentions
from monitor.run.reading import alias_index
from tests.rules.golden import load_default_rules

RULES = load_default_rules()
EVENTS = [("Interim Measures for Generative AI Services", "CN", "rules", dt.date(2023, 7, 13), dt.date(2023, 8, 15)),
          ("Deep Synthesis Provisions", "CN", "rules", dt.date(2022, 11, 25), dt.date(2023, 1, 10)),
          ("Executive Order 14148", "US", "order", dt.date(2025, 1, 20), None),
          ("Executive Order 14179", "US", "order", dt.date(2025, 1, 23), None)]
INDEX = AliasIndex.build([("Baidu", ["百度"])], event_dates=EVENTS)
RULES_TEXT = ("Chinese companies offering ChatGPT-style chatbots to the public will need to pass security reviews "
              "under new rules issued by Beijing, state media reported.")


def events(text: str, published: dt.date, aliases: AliasIndex = INDEX) -> set[str | None]:
    found = extract_mentions(text, published=published, language="en", rules=RULES, aliases=aliases)
    return {m.regulation for m in found if m.kind == "regulation_event"}


def test_new_rules_in_the_weeks_after_a_known_issue_are_that_event():
    assert events(RULES_TEXT, dt.date(2023, 7, 14)) == {"Interim Measures for Generative AI Services"}
    assert events(RULES_TEXT, dt.date(2023, 8, 20)) == {"Interim Measures for Generative AI Services"}  # in force


def test_new_rules_far_from_any_known_event_keep_their_generic_name():
    assert events(RULES_TEXT, dt.date(2024, 6, 1)) == {"CN rules on AI"}
    assert events(RULES_TEXT, dt.date(2023, 7, 1)) == {"CN rules on AI"}  # before the issue: another draft


def test_two_fitting_events_name_neither():
    assert INDEX.event_near("US", "executive order", dt.date(2025, 1, 25)) is None
    assert INDEX.event_near("US", "executive order", dt.date(2025, 1, 21)) == "Executive Order 14148"
    assert INDEX.event_near("US", "law", dt.date(2025, 1, 21)) is None  # an order is no law
    assert INDEX.event_near("CN", "white paper", dt.date(2023, 7, 14)) is None


def test_the_bundled_dataset_gives_each_event_its_effective_date():
    dataset = load_dataset(Path(__file__).resolve().parents[2] / "config/known/dataset.toml")
    dates = {name: (issued, effective) for name, _, _, issued, effective in dataset.regulation_dates()}
    assert dates["Interim Measures for Generative AI Services"] == (dt.date(2023, 7, 13), dt.date(2023, 8, 15))
    assert dates["Executive Order 14110"][1] is None
    assert events(RULES_TEXT, dt.date(2023, 7, 20), alias_index(dataset)) == {"Interim Measures for Generative AI Services"}
    # the order against state AI laws (December 2025), told the ways its reports told it
    told = ["President Trump signed an executive order on Thursday aimed at overriding state AI laws.",
            'On Dec. 11, 2025, the President issued an executive order entitled "Ensuring A National Policy '
            'Framework for Artificial Intelligence," aimed at state AI rules.']
    for text in told:
        assert events(text, dt.date(2025, 12, 12), alias_index(dataset)) == {"Executive Order 14365"}
    # a Taiwan outlet's name for California's SB 53, in Traditional script
    taiwan = "美國加州州長紐森29日簽署參議院第53號法案（SB 53），即《前沿人工智慧透明度法》，要求前沿模型開發商公開安全框架。"
    found = extract_mentions(taiwan, published=dt.date(2025, 9, 30), language="zh", rules=RULES,
                             aliases=alias_index(dataset))
    assert {m.regulation for m in found if m.kind == "regulation_event"} == {"California SB 53"}


def test_an_order_told_by_its_president_is_the_us_order_of_its_days():
    index = AliasIndex.build([], event_dates=[("Executive Order 14110", "US", "order", dt.date(2023, 10, 30), None)])
    text = "Biden's order directs federal agencies to write standards for testing powerful AI systems before release."
    assert events(text, dt.date(2023, 11, 2), index) == {"Executive Order 14110"}
    # two years on, an order is a new one, raised as news rather than taken for the known order
    assert events("President Trump signed an executive order on Thursday aimed at overriding state AI laws.",
                  dt.date(2025, 12, 12), index) == {"US executive order on AI"}


def test_rules_entering_into_force_in_their_days_are_the_known_event():
    index = AliasIndex.build([], event_dates=[("EU AI Act entry into force", "EU", "law", dt.date(2024, 8, 1), None)])
    text = "The EU's landmark artificial intelligence rules entered into force on Thursday."
    assert events(text, dt.date(2024, 8, 2), index) == {"EU AI Act entry into force"}
    assert events(text, dt.date(2026, 1, 8), index) == set()  # background: no event of its days


def test_a_year_before_an_unnamed_order_names_that_years_one_known_order():
    index = AliasIndex.build([], event_dates=[("Executive Order 14110", "US", "order", dt.date(2023, 10, 30), None),
                                              *EVENTS[2:]])
    text = "Within days of taking office, President Trump revoked a 2023 executive order on AI signed by Biden."
    assert events(text, dt.date(2025, 12, 12), index) == {"Executive Order 14110"}
    assert index.event_in_year("US", "executive order", 2025) is None  # two orders of 2025: neither
    assert index.event_in_year("US", "executive order", 2024) is None


def test_an_orders_quoted_title_is_its_name_and_a_bare_executive_order_is_none():
    text = ('On March 3, 2027, the President signed an executive order titled "Promoting Open Model Exports," '
            "directing Commerce to review licensing.")
    assert events(text, dt.date(2027, 3, 4)) == {"Promoting Open Model Exports"}
    titled = 'On March 3, 2027, President Smith signed an Executive Order on "Promoting Open Model Exports".'
    assert events(titled, dt.date(2027, 3, 4)) == {"Promoting Open Model Exports"}
    # "Trump's Executive Order", "a 2023 Executive Order": a president's or a year's order has no name of its own
    headline = "Trump's Executive Order Aims to Streamline AI Regulations Nationwide"
    found = extract_mentions("The order was signed in the Oval Office.", title=headline, published=dt.date(2027, 3, 4),
                             language="en", rules=RULES, aliases=INDEX)
    assert "Trump's Executive Order" not in {m.regulation for m in found}


def test_two_known_names_in_apposition_are_the_one_matched_on_more_text():
    index = AliasIndex.build([], regulations=[("EU AI Act", ["AI Act"]), ("Colorado AI Act", [])])
    text = ("Colorado's enactment of its Consumer Protections in Interactions with AI Act (the \"Colorado AI Act\") "
            "in 2024 set off a wave of state AI laws.")
    assert events(text, dt.date(2025, 12, 12), index) == {"Colorado AI Act"}


def test_a_stated_effective_date_anchors_an_unnamed_instrument_and_these_rules_are_not_another():
    text = ("These chatbot releases coincided with new Chinese regulations for generative AI, effective from "
            "August 15.")
    assert events(text, dt.date(2023, 9, 12)) == {"Interim Measures for Generative AI Services"}
    later = "Chinese authorities clarified that these regulations would not apply to AI still in development."
    assert events(later, dt.date(2023, 9, 12)) == set()


def test_a_new_presidents_order_on_ai_safety_is_news_with_the_bundled_dataset():
    # the rules name an unnamed order "US executive order on AI safety"; that name must not be an alias of
    # Executive Order 14110, or every later order on AI safety would be taken for it
    dataset = load_dataset(Path(__file__).resolve().parents[2] / "config/known/dataset.toml")
    found = events("President Smith signed an executive order on AI safety testing on Tuesday.",
                   dt.date(2027, 2, 10), alias_index(dataset))
    assert found and "Executive Order 14110" not in found


def test_chinas_later_rules_on_generative_ai_are_news_and_a_final_text_beside_its_draft_is_the_known_one():
    dataset = alias_index(load_dataset(Path(__file__).resolve().parents[2] / "config/known/dataset.toml"))
    later = "China published new rules for generative AI on Thursday, covering training data and minors."
    assert events(later, dt.date(2027, 5, 14), dataset) == {"CN rules on generative AI"}
    final = ("BEIJING, July 13 - China published final rules for generative artificial intelligence on Thursday, "
             "dropping some of the demands floated in an April draft.")
    assert events(final, dt.date(2023, 7, 13), dataset) == {"Interim Measures for Generative AI Services"}


def test_an_unnamed_order_told_with_the_year_it_was_signed_is_that_years_known_order():
    index = AliasIndex.build([], event_dates=[("Executive Order 14110", "US", "order", dt.date(2023, 10, 30), None)])
    assert events("The US executive order on AI was signed in October 2023 by President Biden.", dt.date(2024, 12, 27),
                  index) == {"Executive Order 14110"}


def test_a_presidents_unnamed_order_is_the_one_known_order_of_his_term():
    index = AliasIndex.build([], event_dates=[("Executive Order 14110", "US", "order", dt.date(2023, 10, 30), None),
                                              *EVENTS[2:]])
    text = "Commerce issued the rule under Biden's executive order on AI safety."
    assert events(text, dt.date(2025, 6, 1), index) == {"Executive Order 14110"}
    # two orders of Trump's term are known: his unnamed order names neither
    assert events("Trump signed an executive order on AI on Thursday.", dt.date(2025, 6, 1), index) == {
        "US executive order on AI"}


def test_japans_and_koreas_unnamed_laws_are_their_known_laws_of_the_days():
    dataset = alias_index(load_dataset(Path(__file__).resolve().parents[2] / "config/known/dataset.toml"))
    assert events("Japan enacts law to promote AI development while addressing risks.", dt.date(2025, 5, 28),
                  dataset) == {"Japan AI Promotion Act"}
    assert events("Japan passes its first AI law.", dt.date(2025, 6, 2), dataset) == {"Japan AI Promotion Act"}
