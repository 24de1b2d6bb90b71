"""monitor.findings.agreement: the vote itself, without a database."""

from __future__ import annotations

import datetime as dt

from monitor.findings.agreement import Report, agree, confidence

T0 = dt.datetime(2024, 1, 20, tzinfo=dt.timezone.utc)


def _r(outlet: str, value: int, hours: int = 0, *, cluster: int | None = None, copies: int = 1) -> Report:
    return Report(outlet=outlet, value=value, summary=f"{value} from {outlet}", cluster=cluster,
                  published=T0 + dt.timedelta(hours=hours), copies=copies)


def test_each_outlet_votes_once_however_many_copies() -> None:
    result = agree([_r("mill", 40, 0, copies=50), _r("a", 14, 1), _r("b", 14, 2)])
    assert result is not None and (result.value, result.sources, result.agreeing) == (14, 3, 2)
    assert result.disputed == ((40, 1),) and result.summary == "14 from a"


def test_a_tie_goes_to_the_value_reported_first() -> None:
    result = agree([_r("b", 22, 5), _r("a", 40, 1)])
    assert result is not None and result.value == 40 and result.confidence == confidence(1, 2) == 0.25


def test_an_outlet_votes_for_its_own_majority() -> None:
    result = agree([_r("a", 14, 0), _r("a", 14, 1), _r("a", 346, 2), _r("b", 14, 3)])
    assert result is not None and (result.value, result.agreeing, result.disputed) == (14, 2, ())


def test_the_story_is_the_one_carrying_most_of_the_value() -> None:
    result = agree([_r("a", 14, 0, cluster=9), _r("b", 14, 1, cluster=3), _r("c", 14, 2, cluster=3),
                    _r("d", 99, 3, cluster=5, copies=10)])
    assert result is not None and result.story == 3


def test_no_reports_no_agreement() -> None:
    assert agree([]) is None
    assert confidence(1, 1) == 0.5 and confidence(2, 2) == 0.75 and confidence(0, 0) == 0.0
