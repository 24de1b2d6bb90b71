"""Build channel messages: pure functions from findings or a source's health to a :class:`ChannelMessage`.

    findings (StoredFinding) --story_groups--> one group per story --story_message--> ChannelMessage
    findings of a digest                                         --digest_message--> ChannelMessage
    SourceState over the threshold / back to work --health_down_message / health_up_message--> ChannelMessage

Idempotency keys (what a receiver drops repeats by; the same message always carries the same key):

    one finding                 <channel>:<finding key>                 policy-team:new_batch:4
    a story of several findings <channel>:story:<story id>:<hash>       policy-team:story:12:3fa2c1d0e9b8
    a digest                    <channel>:digest:<day>:<hash>           team-digest:digest:2024-01-18:0c1d...
    a source outage / recovery  <channel>:health:<source>:down|up:<outage start, UTC>

``<hash>`` is the first 12 hex digits of the SHA-1 of the message's finding keys, sorted and joined by
newlines, so the key names exactly the findings the message carries; each finding's own
``<channel>:<finding key>`` is listed in the text as well. Article text is untrusted: every piece is
made one bounded line without control characters (monitor.digest.clean), links are http(s) or dropped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Sequence

from monitor.digest.clean import ERROR_LIMIT, SUMMARY_LIMIT, TITLE_LIMIT, clean_text, safe_url
from monitor.records import FINDING_KINDS, Finding
from storage.queries import StoredFinding
from storage.records import SourceState

LABELS: dict[str, str] = {
    "new_batch": "New approval batch",
    "new_company": "Newly approved company",
    "new_total": "New cumulative total",
    "conflict": "Report that contradicts the dataset",
    "new_regulation_event": "Other regulation event",
    "new_filing_list": "New filing list from the regulator",
}
QUALIFIERS = {"more_than": "more than ", "about": "about ", "at_least": "at least ", "exact": ""}
MAX_FINDINGS = 25  # per message; a story with more says how many are left out (all are recorded as delivered)
PRODUCT = "AI approvals monitor"


@dataclass(frozen=True, slots=True)
class DeliveryItem:
    """What one delivery record stands for: a finding (its key and id) or a health announcement."""

    item: str  # the finding key, or health:<source>:down|up:<outage start>
    finding_id: int | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class ChannelMessage:
    """One message for one channel, as it is stored before sending and sent on every attempt."""

    channel: str
    key: str  # the idempotency key
    kind: str  # "story", "digest" or "health"
    title: str
    body: str
    items: tuple[DeliveryItem, ...]
    warning: bool = False  # a failing source: services that show a level show a warning


def key_hash(finding_keys: Sequence[str]) -> str:
    return hashlib.sha1("\n".join(sorted(finding_keys)).encode("utf-8")).hexdigest()[:12]


def story_of(view: StoredFinding) -> int | None:
    """The story a finding belongs to: its own, else its first clustered evidence's (as the digest does)."""
    if view.story is not None:
        return view.story
    return next((e.cluster for e in view.evidence if e.cluster is not None), None)


def _rank(view: StoredFinding) -> tuple[int, float, int]:
    kind = FINDING_KINDS.index(view.finding.kind) if view.finding.kind in FINDING_KINDS else len(FINDING_KINDS)
    return (kind, -view.confidence, view.id)


def story_groups(views: Sequence[StoredFinding]) -> list[list[StoredFinding]]:
    """One group per story (a finding without one is its own), the most important, surest finding first."""
    groups: dict[tuple[str, int], list[StoredFinding]] = {}
    for view in sorted(views, key=_rank):
        story = story_of(view)
        groups.setdefault(("story", story) if story is not None else ("single", view.id), []).append(view)
    return list(groups.values())


def value_text(finding: Finding) -> str:
    """The finding's value in words: "batch 4, 14 models, 2024-01-17", "total 346 (filed)", "Xiaomi"."""
    parts: list[str] = []
    if finding.company:
        parts.append(finding.company)
    if finding.batch is not None:
        parts.append(f"batch {finding.batch}")
    if finding.count is not None:
        parts.append(f"{QUALIFIERS.get(finding.count_qualifier or 'exact', '')}{finding.count} models")
    if finding.total is not None:
        parts.append(f"total {finding.total} ({finding.registry})")
    if finding.regulation:
        parts.append(finding.regulation)
    if finding.date is not None:
        parts.append(finding.date.isoformat())
    return clean_text(", ".join(parts), SUMMARY_LIMIT) or "-"


def _headline(views: Sequence[StoredFinding]) -> str:
    story = story_of(views[0])
    evidence = [e for v in views for e in v.evidence]
    lead = next((e for e in evidence if story is not None and e.cluster == story), evidence[0] if evidence else None)
    title = clean_text(lead.title, TITLE_LIMIT) if lead else ""
    return title or clean_text(views[0].finding.summary, TITLE_LIMIT) or "(untitled)"


def _finding_lines(channel: str, view: StoredFinding, *, own_key: bool) -> list[str]:
    f = view.finding
    sources = sorted({clean_text(e.source, 100) for e in view.evidence if e.source})
    n_sources = view.source_count
    lines = [f"* {LABELS.get(f.kind, f.kind)}: {clean_text(f.summary, SUMMARY_LIMIT) or clean_text(f.key, 200)}",
             f"  value: {value_text(f)}"]
    if view.disputed:
        lines.append(f"  disputed: {clean_text(view.disputed, SUMMARY_LIMIT)}")
    lines.append(f"  confidence {view.confidence:.2f}, {n_sources} source{'s' if n_sources != 1 else ''}"
                 + (f": {', '.join(sources)}" if sources else ""))
    link = next((url for e in view.evidence if (url := safe_url(e.url))), None)
    if link:
        lines.append(f"  {link}")
    if own_key:
        lines.append(f"  key: {channel}:{f.key}")
    return lines


def _listed(channel: str, views: Sequence[StoredFinding], *, own_keys: bool) -> list[str]:
    lines: list[str] = []
    for view in views[:MAX_FINDINGS]:
        lines += _finding_lines(channel, view, own_key=own_keys)
    if len(views) > MAX_FINDINGS:
        lines.append(f"... and {len(views) - MAX_FINDINGS} more findings: `monitor findings` lists them")
    return lines


def _items(views: Sequence[StoredFinding]) -> tuple[DeliveryItem, ...]:
    return tuple(DeliveryItem(item=v.finding.key, finding_id=v.id) for v in views)


def story_message(channel: str, views: Sequence[StoredFinding]) -> ChannelMessage:
    """One story's findings (a group of :func:`story_groups`) as one message."""
    if not views:
        raise ValueError("a story message needs at least one finding")
    keys = [v.finding.key for v in views]
    story = story_of(views[0])
    key = f"{channel}:{keys[0]}" if len(views) == 1 else f"{channel}:story:{story if story is not None else 'none'}:{key_hash(keys)}"
    headline = _headline(views)
    title = headline if len(views) == 1 else f"{headline} ({len(views)} findings)"
    body = "\n".join(_listed(channel, views, own_keys=len(views) > 1) + ["", f"idempotency key: {key}"])
    return ChannelMessage(channel=channel, key=key, kind="story", title=title, body=body, items=_items(views))


def digest_message(channel: str, views: Sequence[StoredFinding], *, day: dt.date) -> ChannelMessage:
    """Every finding of a digest in one message, a section per story."""
    if not views:
        raise ValueError("a digest message needs at least one finding")
    keys = [v.finding.key for v in views]
    key = f"{channel}:digest:{day.isoformat()}:{key_hash(keys)}"
    lines: list[str] = []
    shown = 0
    for group in story_groups(views):
        if shown >= MAX_FINDINGS:
            lines.append(f"... and {len(views) - shown} more findings: `monitor findings` lists them")
            break
        lines += [f"## {_headline(group)}"] + _listed(channel, group[:MAX_FINDINGS - shown], own_keys=True) + [""]
        shown += len(group[:MAX_FINDINGS - shown])
    title = f"{PRODUCT}, {day.isoformat()}: {len(views)} new finding{'s' if len(views) != 1 else ''}"
    body = "\n".join(lines + [f"idempotency key: {key}"])
    return ChannelMessage(channel=channel, key=key, kind="digest", title=title, body=body, items=_items(views))


def outage_stamp(failing_since: dt.datetime) -> str:
    """An outage's identity: when it started, UTC, to the second."""
    return failing_since.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def health_item(source: str, state: str, stamp: str) -> str:
    return f"health:{source}:{state}:{stamp}"


def _when(value: dt.datetime | None) -> str:
    return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC") if value else "never"


def health_down_message(channel: str, state: SourceState) -> ChannelMessage:
    """A source failing run after run (its ``failing_since`` names the outage)."""
    if state.failing_since is None:
        raise ValueError(f"source {state.name} is not failing")
    item = health_item(state.name, "down", outage_stamp(state.failing_since))
    key = f"{channel}:{item}"
    name = clean_text(state.name, 100)
    body = "\n".join([
        f"Source {name} has failed {state.consecutive_failures} runs in a row, since {_when(state.failing_since)}.",
        f"url: {safe_url(state.url) or '-'}",
        f"last error: {clean_text(state.last_error, ERROR_LIMIT) or '-'}",
        f"last success: {_when(state.last_success_at)}",
        "Until it recovers its news is missed; `monitor sources` shows every source's health.",
        "",
        f"idempotency key: {key}",
    ])
    return ChannelMessage(channel=channel, key=key, kind="health", title=f"{PRODUCT}: source {name} is failing",
                          body=body, items=(DeliveryItem(item=item, source=state.name),), warning=True)


def health_up_message(channel: str, source: str, stamp: str, state: SourceState | None) -> ChannelMessage:
    """The recovery of the outage announced as ``stamp``."""
    item = health_item(source, "up", stamp)
    key = f"{channel}:{item}"
    name = clean_text(source, 100)
    since = dt.datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.timezone.utc)
    last = state.last_success_at if state is not None else None
    body = "\n".join([
        f"Source {name} works again (last success {_when(last)}); it had been failing since {_when(since)}.",
        "",
        f"idempotency key: {key}",
    ])
    return ChannelMessage(channel=channel, key=key, kind="health", title=f"{PRODUCT}: source {name} recovered",
                          body=body, items=(DeliveryItem(item=item, source=source),))
