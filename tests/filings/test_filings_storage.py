"""Stored list rows are unique by (registry, filing number): re-reading is idempotent, a changed row an update."""

from __future__ import annotations

import dataclasses
import datetime as dt

from monitor.filings.normalise import entries_from_records
from storage import Store
from tests.filings.builders import releases

NOW = dt.datetime(2026, 9, 1, tzinfo=dt.timezone.utc)


def _save(store: Store, entries, url: str = "https://www.cac.gov.cn/download?id=1", *, now: dt.datetime = NOW):
    return store.save_filings(entries, source="cac", period="2024-08", announcement_url="https://www.cac.gov.cn/a.htm",
                              attachment_url=url, name="list.xlsx", file_format="xlsx", etag='"e1"',
                              last_modified=None, error=None, now=now)


def test_rereading_is_idempotent_and_a_changed_row_is_an_update(db_url: str) -> None:
    batch = next(b for b in releases() if b["period"] == "2024-08")
    entries = entries_from_records(batch["header"], batch["rows"])
    store = Store.open(db_url)
    try:
        assert _save(store, entries) == ["new"] * len(entries)
        assert _save(store, entries) == ["unchanged"] * len(entries)
        renamed = [dataclasses.replace(entries[0], service=entries[0].service + "（更名）"), *entries[1:]]
        later = NOW + dt.timedelta(days=60)
        assert _save(store, renamed, now=later) == ["updated"] + ["unchanged"] * (len(entries) - 1)
        stored = store.filings()
        assert len(stored) == len(entries)
        assert next(f for f in stored if f.entry.filing_number == entries[0].filing_number).entry.service.endswith("（更名）")
        # The same number under the other registry is another row.
        other = dataclasses.replace(entries[0], registry="registered" if entries[0].registry == "filed" else "filed")
        assert _save(store, [other], url="https://www.cac.gov.cn/download?id=2") == ["new"]
        assert len(store.filings()) == len(entries) + 1
        state = store.attachment_state("https://www.cac.gov.cn/download?id=1")
        assert state is not None and state.etag == '"e1"' and state.period == "2024-08"
        assert len(store.filings(registry="registered")) == 27 and len(store.filings(provider="百度")) == 0
    finally:
        store.close()
