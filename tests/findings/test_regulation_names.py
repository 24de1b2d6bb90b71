"""Known regulation events under variant names raise nothing; other events still do (issue 16).

The names are our own, written as reporters vary a title: English paraphrases, Simplified and
Traditional Chinese, drafts, look-alike instruments of other fields or countries."""

from __future__ import annotations

import datetime as dt

import pytest

from monitor.config import load_config
from monitor.dataset import KnownDataset, load_dataset
from monitor.findings.diff import assess
from monitor.findings.regulation_match import MATCH_THRESHOLD, fuzzy_event, is_generic
from monitor.records import Mention

VARIANTS = {
    "interim measures on generative AI services": "Interim Measures for Generative AI Services",
    "Generative AI Interim Measures of China": "Interim Measures for Generative AI Services",
    "生成式人工智慧服務管理暫行辦法": "Interim Measures for Generative AI Services",
    "《生成式人工智能服务管理暂行办法》": "Interim Measures for Generative AI Services",
    "生成式人工智能服务管理暂行办法（征求意见稿）": "Interim Measures for Generative AI Services",
    "deep-synthesis provisions": "Deep Synthesis Provisions",
    "互聯網信息服務深度合成管理規定": "Deep Synthesis Provisions",
    "Provisions on Administration of Deep Synthesis Internet Information Services": "Deep Synthesis Provisions",
    "measures for labelling AI-generated content": "Measures for Labeling AI-Generated Content",
    "人工智慧生成合成內容標識辦法": "Measures for Labeling AI-Generated Content",
    "algorithmic recommendation rules": "Algorithm Recommendation Provisions",
    "Basic Security Requirements for Gen AI Services": "Basic Security Requirements for Generative AI Services",
    "歐盟人工智慧法案": "EU AI Act",
    "South Korea's AI Basic Act": "Korea AI Basic Act",
    "韓國人工智慧基本法": "Korea AI Basic Act",
    "Texas Responsible AI Governance Act": "Texas Responsible AI Governance Act",
}
OTHER_EVENTS = [
    "Measures for Security Assessment of Outbound Data Transfers", "Personal Information Protection Law",
    "Executive Order 14999", "Executive Order 14200", "Anti-Unfair Competition Law amendment",
    "Provisions on the Administration of Online Audio and Video Information Services", "数据出境安全评估办法",
    "反不正当竞争法修正案", "個人信息保護法", "Vietnam Digital Technology Industry Law", "UK AI Regulation Bill",
    "Utah Artificial Intelligence Policy Act", "人工智能法（草案）",
    "Interim Measures for the Management of Internet Religious Information Services", "互联网宗教信息服务管理办法",
]
GENERIC = ["China's Interim Measures", "Regulatory Measures", "rules on AI", "AI rules", "中国人工智能监管规定",
           "生成式人工智慧管理辦法"]


@pytest.fixture(scope="module")
def dataset() -> KnownDataset:
    return load_dataset(load_config(None).dataset)


def _event(name: str) -> Mention:
    return Mention(kind="regulation_event", rule="test", snippet=name, regulation=name)


@pytest.mark.parametrize("name,known", VARIANTS.items())
def test_a_variant_name_is_its_known_event(dataset: KnownDataset, name: str, known: str) -> None:
    assert dataset.regulation_event(name) is None or dataset.regulation_event(name).name == known
    event = fuzzy_event(name, dataset.regulation_events) or dataset.regulation_event(name)
    assert event is not None and event.name == known
    assert assess(_event(name), dataset, published=dt.date(2025, 1, 1)) is None


@pytest.mark.parametrize("name", OTHER_EVENTS)
def test_another_event_is_still_news(dataset: KnownDataset, name: str) -> None:
    finding = assess(_event(name), dataset, published=dt.date(2025, 1, 1))
    assert finding is not None and finding.kind == "new_regulation_event"


@pytest.mark.parametrize("name", GENERIC)
def test_a_generic_reference_raises_nothing(dataset: KnownDataset, name: str) -> None:
    assert is_generic(name)
    assert assess(_event(name), dataset, published=dt.date(2025, 1, 1)) is None


@pytest.mark.parametrize("name", ["European Union Artificial Intelligence Act",
                                  "the EU's landmark Artificial Intelligence Act"])
def test_a_known_act_described_is_still_that_act(dataset: KnownDataset, name: str) -> None:
    assert assess(_event(name), dataset, published=dt.date(2025, 1, 1)) is None


# A known act's whole alias inside another act's title, with no place named (Utah's and Virginia's acts): the
# first scores 88.5 against "Artificial Intelligence Act", above the threshold, so the title's own word decides.
@pytest.mark.parametrize("name", ["Artificial Intelligence Policy Act",
                                  "High-Risk Artificial Intelligence Developer and Deployer Act"])
def test_a_title_with_a_word_of_its_own_is_another_act(dataset: KnownDataset, name: str) -> None:
    finding = assess(_event(name), dataset, published=dt.date(2025, 1, 1))
    assert finding is not None and finding.kind == "new_regulation_event"


def test_the_threshold_separates_the_measured_names(dataset: KnownDataset) -> None:
    from rapidfuzz import process

    from monitor.findings.regulation_match import _choices, normalise, score

    names, _ = _choices(tuple(dataset.regulation_events))
    best = {name: process.extractOne(normalise(name), names, scorer=score)[1] for name in [*VARIANTS, *OTHER_EVENTS]}
    assert min(best[n] for n in VARIANTS) >= MATCH_THRESHOLD
    unguarded = [n for n in OTHER_EVENTS if not any(ch.isdigit() for ch in n)]
    assert max(best[n] for n in unguarded) < MATCH_THRESHOLD


def test_a_name_is_matched_once_per_dataset(dataset: KnownDataset, monkeypatch: pytest.MonkeyPatch) -> None:
    from monitor.findings import regulation_match

    calls: list[str] = []
    real = regulation_match.fuzzy_event

    def counted(name, events):  # noqa: ANN001, ANN202
        calls.append(name)
        return real(name, events)

    monkeypatch.setattr(regulation_match, "fuzzy_event", counted)
    first = regulation_match.known_event("Interim Measure for Generativ AI Services", dataset)
    again = regulation_match.known_event("Interim Measure for Generativ AI Services", dataset)
    assert first is not None and again is first and len(calls) == 1  # the same name in the next report: no rescoring


# Long titles written another way (a translation's other words), matched by the weight of the words both share
LONG_VARIANTS = {
    "Interim Administrative Measures for Generative Artificial Intelligence Service":
        "Interim Measures for Generative AI Services",
    "Act on Promotion of Research, Development, and Application of AI-Related Technologies": "Japan AI Promotion Act",
    "Provisions on the Administration of Algorithmic Recommendation in Internet Information Services":
        "Algorithm Recommendation Provisions",
    "Framework Act on the Development of Artificial Intelligence and the Creation of a Foundation of Trust":
        "Korea AI Basic Act",
}
# Other instruments whose titles share a known title's common words, and another suit of a known plaintiff
LONG_OTHERS = ["Provisions on the Administration of Online Audio and Video Information Services",
               "Measures for the Administration of Internet Information Services",
               "Interim Measures for the Administration of Security Assessment of Generative AI",
               "New York Times v. Perplexity AI Inc"]


@pytest.mark.parametrize(("name", "known"), LONG_VARIANTS.items())
def test_a_long_title_written_another_way_is_its_known_event(dataset: KnownDataset, name: str, known: str) -> None:
    assert fuzzy_event(name, dataset.regulation_events).name == known
    assert assess(_event(name), dataset, published=dt.date(2025, 1, 1)) is None


@pytest.mark.parametrize("name", LONG_OTHERS)
def test_a_long_title_of_another_instrument_is_news(dataset: KnownDataset, name: str) -> None:
    assert fuzzy_event(name, dataset.regulation_events) is None
