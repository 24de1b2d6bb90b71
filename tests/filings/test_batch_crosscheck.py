"""A reported batch against a release's own newly filed entries: confirmed when the count fits and the
release covers the report's date; otherwise nothing at all (never a conflict: see
monitor/filings/crosscheck.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from monitor.dataset.model import KnownDataset
from monitor.filings.crosscheck import covered_days, cross_check
from monitor.filings.diff import counted
from monitor.filings.normalise import entries_from_records
from monitor.filings.records import FilingEntry
from monitor.records import CountQualifier, Finding
from tests.filings.builders import releases
from tests.filings.press import OUTLETS, UTC, digest, publish, report, setup
from tests.filings.test_filings_source import run
from tests.support.httpserver import TestServer


def _entries(period: str) -> list[FilingEntry]:
    batch = next(b for b in releases() if b["period"] == period)
    return entries_from_records(batch["header"], batch["rows"])


def _batch(count: int, qualifier: CountQualifier, day: dt.date | None) -> Finding:
    return Finding(key=f"new_batch:{day}:{count}", kind="new_batch", count=count, count_qualifier=qualifier, date=day,
                   summary=f"New batch reported: {count} models approved (no ordinal, about {day})")


def test_the_release_counts_its_own_filed_rows_over_the_days_it_covers() -> None:
    filed = counted(_entries("2026-08"), "filed")
    assert (len(filed), min(e.serial for e in filed), max(e.serial for e in filed)) == (117, 989, 1105)  # type: ignore
    # From its first new filing to the end of the month after its period.
    assert covered_days("2026-08", filed) == (dt.date(2026, 7, 13), dt.date(2026, 9, 30))
    assert covered_days("2025-12", [])[1] == dt.date(2026, 1, 31)


@pytest.mark.parametrize(("count", "qualifier", "day", "confirmed"), [
    (117, "exact", dt.date(2026, 9, 2), True),  # reported a few days after the list appeared
    (117, "exact", dt.date(2026, 8, 24), True),
    (116, "exact", dt.date(2026, 9, 2), False),  # an exact count is exact
    (124, "exact", dt.date(2026, 9, 2), False),  # 117 filed + 7 on-device rows, which the serials do not count
    (100, "more_than", dt.date(2026, 9, 2), True),
    (117, "more_than", dt.date(2026, 9, 2), False),  # more than 117 is 118 or more
    (117, "at_least", dt.date(2026, 9, 2), True),
    (120, "about", dt.date(2026, 9, 2), True),  # about 120 allows 108..132
    (117, "exact", dt.date(2026, 10, 1), False),  # after the month that follows the list
    (117, "exact", dt.date(2026, 7, 1), False),  # before its first filing: another release's batch
    (117, "exact", None, True),  # no date reported: the day it was reported stands in
])
def test_a_reported_batch_is_confirmed_only_by_a_fitting_count_over_a_covered_day(
        count: int, qualifier: CountQualifier, day: dt.date | None, confirmed: bool) -> None:
    earlier = [e for b in releases() if b["period"] < "2026-08" for e in entries_from_records(b["header"], b["rows"])]
    raised = cross_check("2026-08", _entries("2026-08"), earlier, KnownDataset(),
                         [(_batch(count, qualifier, day), dt.date(2026, 9, 3))])
    if not confirmed:
        assert raised == []  # nothing: no confirmation, and a batch is never a conflict
        return
    (only,) = raised
    assert only.finding == _batch(count, qualifier, day)  # the press finding's own key and values
    assert only.snippet.startswith("confirmed by the regulator's list of 2026-08: 117 newly filed, serials 989-1105 "
                                   "(last row: 1105 | 北京市 | 丰光无限 |")
    assert only.entry is not None and only.entry.serial == 1105


def test_a_provincial_list_never_confirms_a_national_batch() -> None:
    beijing = [e for e in _entries("2026-08") if e.locality == "北京市"]
    size = len(counted(beijing, "filed"))
    assert size > 0
    assert cross_check("2026-08", beijing, [], KnownDataset(),
                       [(_batch(size, "exact", dt.date(2026, 9, 2)), dt.date(2026, 9, 2))]) == []


def test_the_digest_shows_a_confirmed_batch_first_beside_its_count(server: TestServer, tmp_path: Path,
                                                                  db_url: str) -> None:
    path = setup(server, tmp_path, db_url, empty_dataset=False)
    fits, differs = _batch(117, "exact", dt.date(2026, 8, 29)), _batch(44, "exact", dt.date(2026, 8, 20))
    report(path, fits, published=dt.datetime(2026, 9, 1, tzinfo=UTC))
    for outlet in OUTLETS:  # three outlets agree on a batch the list does not show: surer, still press only
        report(path, differs, published=dt.datetime(2026, 8, 21, tzinfo=UTC), outlet=outlet)
    publish(server, "2026-08")
    _, _, findings = run(path)
    assert [ev.snippet.split(":")[0] for ev in findings[fits.key].evidence if ev.source == "cac"] == [
        "confirmed by the regulator's list of 2026-08"]
    assert not [ev for ev in findings[differs.key].evidence if ev.source == "cac"]
    assert not any(key.startswith("conflict:") for key in findings)
    assert findings[fits.key].confidence < findings[differs.key].confidence

    text = digest(path)
    assert text.index(fits.summary) < text.index(differs.summary)
    start = text.index(fits.summary) + len(fits.summary)
    assert text[start:].startswith(" Confirmed by the regulator's list of 2026-08: 117 newly filed, serials 989-1105 "
                                   "(last row: 1105 | 北京市 | 丰光无限 |")
