"""build_digest: grouping, subject counts, health filter, chart, cleaning of untrusted text."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from tests.digest.digest_samples import DAY, NOW, hostile_items, sample_digest, sample_health, sample_items, sample_totals

from monitor.digest import Digest, DigestItem, SourceHealth, TotalPoint, build_digest
from monitor.digest.clean import ELLIPSIS, clean_text, safe_url
from monitor.records import Evidence, Finding


def _item(fid: int, kind: str, cluster: int | None = None, evidence: tuple[Evidence, ...] = ()) -> DigestItem:
    return DigestItem(finding_id=fid, finding=Finding(key=f"{kind}:{fid}", kind=kind, summary=f"finding {fid}"),  # type: ignore[arg-type]
                      evidence=evidence, story_cluster=cluster)


def _build(items: list[DigestItem], **overrides: object) -> Digest:
    args: dict[str, object] = dict(day=DAY, health=[], totals=[], digest_id=1, now=NOW)
    args.update(overrides)
    return build_digest(items, **args)  # type: ignore[arg-type]


def test_sections_follow_kind_importance_not_input_order() -> None:
    items = [_item(1, "new_regulation_event"), _item(2, "conflict"), _item(3, "new_total"),
             _item(4, "new_company"), _item(5, "new_batch")]
    digest = _build(items)
    assert [s.findings[0].kind for s in digest.sections] == ["new_batch", "new_company", "new_total", "conflict",
                                                             "new_regulation_event"]


def test_one_section_per_story_with_its_findings_of_every_kind() -> None:
    items = [_item(10, "new_company", cluster=3), _item(11, "new_company"), _item(12, "new_batch", cluster=3),
             _item(13, "new_company", cluster=9), _item(14, "new_total", cluster=3)]
    digest = _build(items)
    assert [(s.cluster, [f.finding_id for f in s.findings]) for s in digest.sections] == [
        (3, [12, 10, 14]), (None, [11]), (9, [13])]
    assert digest.counts == (("new_batch", 1), ("new_company", 3), ("new_total", 1))


def test_the_surest_finding_comes_first() -> None:
    unsure, sure = _item(1, "new_company"), _item(2, "new_company")
    digest = _build([dataclasses.replace(unsure, confidence=0.5), dataclasses.replace(sure, confidence=0.81)])
    assert [s.findings[0].finding_id for s in digest.sections] == [2, 1]


@pytest.mark.parametrize(("kinds", "expected"), [
    ([], "AI approvals monitor, 2024-01-29: nothing new"),
    (["new_batch", "new_company", "new_company", "new_company", "new_total"],
     "AI approvals monitor, 2024-01-29: 1 new batch, 3 new companies, 1 new total"),
    (["conflict", "conflict", "new_regulation_event", "new_batch", "new_batch"],
     "AI approvals monitor, 2024-01-29: 2 new batches, 2 conflicts, 1 new regulation event"),
])
def test_subject_counts_each_kind_with_plurals(kinds: list[str], expected: str) -> None:
    digest = _build([_item(i, kind) for i, kind in enumerate(kinds)])
    assert digest.subject == expected


def test_subject_never_carries_article_text() -> None:
    digest = _build(hostile_items())
    assert digest.subject == "AI approvals monitor, 2024-01-29: 1 new company"


def test_evidence_of_one_cluster_is_shown_once_with_all_sources() -> None:
    digest = sample_digest()
    batch = digest.sections[0].findings[0]
    assert batch.n_sources == 3
    clustered, single = digest.sections[0].evidence
    assert clustered.cluster == 7
    # Earliest first: the wire published an hour before the news site that copied it.
    assert [link.source for link in clustered.links] == ["example-wire", "example-news"]
    assert single.cluster is None and [link.source for link in single.links] == ["example-zh"]


def test_duplicate_evidence_rows_are_listed_once() -> None:
    ev = Evidence(url="https://a.example/x", title="t", source="a", published=NOW, snippet="s", cluster=1)
    digest = _build([_item(1, "new_batch", evidence=(ev, ev, dataclasses.replace(ev, source="b")))])
    (group,) = digest.sections[0].evidence
    assert [link.source for link in group.links] == ["a", "b"]


def test_only_sources_failing_a_day_or_more_are_shown() -> None:
    exactly_a_day = SourceHealth(name="edge", url="https://edge.example/", failing_since=NOW - dt.timedelta(days=1),
                                 consecutive_failures=4, last_error="boom", last_success=None)
    naive = SourceHealth(name="naive", url="https://naive.example/", failing_since=dt.datetime(2024, 1, 20),
                         consecutive_failures=40, last_error=None, last_success=None)
    digest = _build([], health=[*sample_health(), exactly_a_day, naive])
    shown = {s.name: s for s in digest.failing_sources}
    assert set(shown) == {"example-down", "edge", "naive"}
    assert shown["naive"].last_error == "(no error recorded)"


def test_chart_bars_are_proportional_and_chronological() -> None:
    digest = _build([], totals=list(reversed(sample_totals())))
    assert [(b.as_of.isoformat(), b.total, b.percent) for b in digest.chart] == [
        ("2023-08-31", 8, 15), ("2023-11-30", 25, 48), ("2024-01-28", 40, 77), ("2024-01-29", 52, 100)]
    assert digest.chart[-1].label == "reported"


def test_chart_keeps_the_latest_points_only() -> None:
    totals = [TotalPoint(as_of=dt.date(2023, 1, 1) + dt.timedelta(days=i), total=i, registry=None, source="dataset")
              for i in range(100)]
    chart = _build([], totals=totals).chart
    assert len(chart) == 24 and chart[-1].total == 99 and chart[0].total == 76


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        _build([], now=dt.datetime(2024, 1, 29, 8, 0))


def test_same_inputs_build_the_same_digest() -> None:
    assert sample_digest() == sample_digest()
    assert build_digest(list(reversed(sample_items())), day=DAY, health=sample_health(), totals=sample_totals(),
                        digest_id=42, now=NOW) == sample_digest()


def test_hostile_text_is_one_bounded_line_without_controls() -> None:
    (section,) = _build(hostile_items()).sections
    (finding,) = section.findings
    texts = [finding.summary, finding.dataset_fact or "", finding.quote, section.headline]
    for group in section.evidence:
        texts += [group.title, group.snippet] + [link.source for link in group.links]
    for text in texts:
        assert not any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in text), text[:80]
    assert len(section.evidence[0].title) <= 300
    assert len(finding.quote) == 600 and finding.quote.endswith(ELLIPSIS)
    assert section.evidence[1].title.endswith(ELLIPSIS)


@pytest.mark.parametrize(("url", "kept"), [
    ("https://example.com/a?b=1#c", True),
    ("http://example.com/", True),
    ("HTTPS://EXAMPLE.COM/", True),
    ("javascript:alert(1)", False),
    (" JaVaScRiPt:alert(1)", False),
    ("java\tscript:alert(1)", False),
    ("data:text/html,<script>alert(1)</script>", False),
    ("vbscript:msgbox(1)", False),
    ("//example.com/protocol-relative", False),
    ("/relative/path", False),
    ("https://exa mple.com/", False),
    ("https://example.com/\r\nX-Evil: 1", False),
    ("https://example.com/\u202egnp.exe", False),
    ("https:///no-host", False),
    ("", False),
    (None, False),
])
def test_safe_url_keeps_only_absolute_http_links(url: str | None, kept: bool) -> None:
    assert (safe_url(url) == (url.strip() if url else url)) if kept else safe_url(url) is None


def test_clean_text_truncates_at_a_space_near_the_limit() -> None:
    assert clean_text("alpha beta gamma delta", 12) == "alpha beta…"
    assert clean_text("alpha beta gamma delta", 13) == "alpha beta g…"  # no space near enough: hard cut
    assert clean_text("a\r\nb\x00c\u202ed", 50) == "a b cd"
    assert clean_text("x" * 10_000, 300) == "x" * 299 + ELLIPSIS
