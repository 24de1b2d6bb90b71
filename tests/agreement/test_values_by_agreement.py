"""Issue 16: a finding's value is what most independent outlets report; keys that split and collide;
withdrawal; a one-outlet conflict waits. SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from monitor.config import load_config
from monitor.dataset import load_dataset
from monitor.delivery.outbox import preview
from monitor.findings.diff import assess
from monitor.records import Finding, Mention
from tests.agreement.support import NOW, add_document, analyse, batch, open_store


def test_a_spam_page_is_outvoted_and_shown_as_disputed(tmp_path: Path, db_url: str) -> None:
    outlets = ["spam", "wire", "daily", "tech", "policy", "asia"]
    _, store = open_store(tmp_path, db_url, outlets)
    try:
        # The keyword-spam page comes first: the old store kept the first value it saw.
        analyse(store, add_document(store, "spam", "a"), [batch("new_batch:4", 346, ordinal=4)])
        for outlet in outlets[1:]:
            analyse(store, add_document(store, outlet, "a"), [batch("new_batch:4", 14, ordinal=4)])
        (view,) = store.list_findings(status="all")
        assert view.finding.count == 14 and "14 models" in view.finding.summary
        assert view.sources == 6 and view.agreeing == 5 and view.disputed == "346 (1 source)"
        assert 0.75 < view.confidence < 0.9
    finally:
        store.close()


def test_copies_within_one_outlet_count_once(tmp_path: Path, db_url: str) -> None:
    _, store = open_store(tmp_path, db_url, ["mill", "wire", "daily"])
    try:
        for n in range(3):  # one outlet repeating its own wrong number on three pages
            analyse(store, add_document(store, "mill", f"copy-{n}"), [batch("new_batch:4", 40, ordinal=4)], cluster=7)
        for outlet in ("wire", "daily"):
            analyse(store, add_document(store, outlet, "a"), [batch("new_batch:4", 14, ordinal=4)])
        (view,) = store.list_findings(status="all")
        assert (view.finding.count, view.sources, view.agreeing, view.disputed) == (14, 3, 2, "40 (1 source)")
    finally:
        store.close()


def test_one_batch_by_ordinal_date_and_count_is_one_finding(tmp_path: Path, db_url: str) -> None:
    _, store = open_store(tmp_path, db_url, ["wire", "daily", "tech", "other"])
    try:
        analyse(store, add_document(store, "wire", "a"), [batch("new_batch:4", 14, ordinal=4, date=dt.date(2024, 1, 17))])
        analyse(store, add_document(store, "daily", "a"), [batch("new_batch:2024-01-22:14", 14, date=dt.date(2024, 1, 22))])
        analyse(store, add_document(store, "tech", "a"), [batch("new_batch:2024-01:14", 14, date=dt.date(2024, 1, 20))])
        # A batch of 14 two months later is another batch.
        analyse(store, add_document(store, "other", "a"), [batch("new_batch:2024-03-20:14", 14, date=dt.date(2024, 3, 20))])
        rows = store.list_findings(status="all")
        assert sorted(v.finding.key for v in rows) == ["new_batch:2024-03-20:14", "new_batch:4"]
        first = next(v for v in rows if v.finding.key == "new_batch:4")
        assert first.sources == 3 and len(first.evidence) == 3
    finally:
        store.close()


def test_a_dismissed_batch_is_not_raised_again_under_another_key(tmp_path: Path, db_url: str) -> None:
    _, store = open_store(tmp_path, db_url, ["wire", "daily"])
    try:
        analyse(store, add_document(store, "wire", "a"), [batch("new_batch:2024-01-22:14", 14, date=dt.date(2024, 1, 22))])
        (view,) = store.list_findings(status="all")
        store.set_finding_status(view.id, "dismissed")
        created = analyse(store, add_document(store, "daily", "a"), [batch("new_batch:4", 14, ordinal=4)])
        assert created == 0 and store.list_findings(status="new") == []
        (again,) = store.list_findings(status="all")
        assert again.status == "dismissed" and again.sources == 2
        # The stored batch now knows its ordinal: a later report by that ordinal is the same fact too.
        created = analyse(store, add_document(store, "wire", "b"), [batch("new_batch:4", 14, ordinal=4)])
        assert created == 0 and len(store.list_findings(status="all")) == 1
    finally:
        store.close()


def test_two_facts_on_one_date_keep_two_keys() -> None:
    dataset = load_dataset(load_config(None).dataset)
    day = dt.date(2031, 3, 5)
    increment = assess(Mention(kind="approval_batch", rule="t", snippet="44", count=44, count_qualifier="exact",
                               date=day), dataset, published=day)
    recap = assess(Mention(kind="approval_batch", rule="t", snippet="302", count=302, count_qualifier="exact",
                           date=day), dataset, published=day)
    assert increment is not None and recap is not None
    assert (increment.key, recap.key) == ("new_batch:2031-03-05:44", "new_batch:2031-03-05:302")


def test_a_finding_without_evidence_is_withdrawn_and_listed_once(tmp_path: Path, db_url: str) -> None:
    config, store = open_store(tmp_path, db_url, ["wire", "daily"])
    try:
        kept = add_document(store, "daily", "kept")
        analyse(store, kept, [batch("new_batch:5", 15, ordinal=5, date=dt.date(2024, 3, 1))])
        doc = add_document(store, "wire", "a")
        analyse(store, doc, [batch("new_batch:4", 14, ordinal=4)])
        sent = store.create_digest(day=NOW.date(), now=NOW)
        assert sent is not None and len(sent.finding_ids) == 2
        store.mark_digest_sent(sent.id, now=NOW, subject="s", message_id="<m>")

        analyse(store, doc, [], now=NOW + dt.timedelta(hours=1))  # reprocessed: the document no longer says so
        assert [v.finding.key for v in store.list_findings(status="withdrawn")] == ["new_batch:4"]
        assert [v.finding.key for v in store.list_findings(status="new")] == ["new_batch:5"]
        text = preview(config, store, now=NOW + dt.timedelta(hours=2), fmt="text")
        assert "== Withdrawn: evidence gone after reprocessing (1) ==" in text and "14 models" in text
        assert "1 withdrawn" in text.splitlines()[0]
        notice = store.create_digest(day=NOW.date(), now=NOW + dt.timedelta(hours=2))
        assert notice is not None and notice.finding_ids == () and len(notice.withdrawn_ids) == 1
        assert store.digest(notice.id).withdrawn_ids == notice.withdrawn_ids  # rebuilt alike from the outbox
        assert store.create_digest(day=NOW.date(), now=NOW + dt.timedelta(hours=3)) is None  # once
    finally:
        store.close()


def test_an_unsent_finding_withdrawn_is_simply_no_news(tmp_path: Path, db_url: str) -> None:
    _, store = open_store(tmp_path, db_url, ["wire"])
    try:
        doc = add_document(store, "wire", "a")
        analyse(store, doc, [batch("new_batch:4", 14, ordinal=4)])
        analyse(store, doc, [])
        assert store.create_digest(day=NOW.date(), now=NOW) is None
        (view,) = store.list_findings(status="all")
        assert view.withdrawn_at is not None and view.sources == 0
        analyse(store, doc, [batch("new_batch:4", 14, ordinal=4)])  # evidence back: the finding is back
        assert store.list_findings(status="withdrawn") == [] and len(store.list_findings(status="new")) == 1
    finally:
        store.close()


def _conflict(count: int) -> Finding:
    return Finding(key="conflict:batch:1:count", kind="conflict", summary=f"batch 1 reported with {count} models",
                   batch=1, count=count, count_qualifier="exact", date=dt.date(2023, 8, 31), dataset_fact="batch 1 of 8")


def test_a_conflict_needs_independent_reports_that_agree(tmp_path: Path, db_url: str) -> None:
    _, store = open_store(tmp_path, db_url, ["a", "b", "c", "d"])
    try:
        analyse(store, add_document(store, "a", "x"), [_conflict(188)])
        analyse(store, add_document(store, "b", "x"), [_conflict(22)])
        assert store.unassigned_finding_ids() == []  # three outlets, three numbers: no conflict yet
        analyse(store, add_document(store, "c", "x"), [_conflict(40)])
        analyse(store, add_document(store, "d", "x"), [_conflict(22)])
        (view,) = store.list_findings(status="all")
        assert view.finding.count == 22 and view.agreeing == 2 and "188 (1 source)" in (view.disputed or "")
        assert store.unassigned_finding_ids() == [view.id]
    finally:
        store.close()
