"""`monitor channels`: each channel's outbox as a record, a JSON object or a table row.

    config + store --channel_statuses--> [ChannelStatus] --status_json / print_statuses--> stdout

Counts are delivery records (one per finding, or per health announcement, and channel): pending
(waiting for its first attempt or a retry), sent, failed (given up). The URL shown is the one
written in the config with ``${VAR}`` names left as they are: never an expanded secret. The
``[digest]`` e-mail is listed as the channel ``email-digest``: its findings by digest state, pending
counting those in no digest yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Sequence

from monitor.channels.config import EMAIL_DIGEST, masked_url
from monitor.config import MonitorConfig
from storage import Store


@dataclass(frozen=True, slots=True)
class ChannelStatus:
    name: str
    url: str  # masked
    when: str
    health_alerts: bool
    pending: int
    sent: int
    failed: int
    last_error: str | None
    last_success: dt.datetime | None
    next_retry: dt.datetime | None


def channel_statuses(config: MonitorConfig, store: Store) -> list[ChannelStatus]:
    """The e-mail digest first, then every [[channel]] in config order."""
    d = config.digest
    email = store.email_digest_counts(EMAIL_DIGEST)
    pending = email.pending + len(store.unassigned_finding_ids())  # in a pending digest, or in none yet
    rows = [ChannelStatus(EMAIL_DIGEST, f"smtp://{d.smtp_host}:{d.smtp_port} to {len(d.recipients)} recipient"
                          f"{'s' if len(d.recipients) != 1 else ''}", "digest", False, pending, email.sent,
                          email.failed, email.last_error, email.last_success, None)]
    counts = {c.channel: c for c in store.channel_counts([c.name for c in config.channels])}
    for channel in config.channels:
        c = counts[channel.name]
        rows.append(ChannelStatus(channel.name, masked_url(channel.url), channel.when, channel.health_alerts, c.pending,
                                  c.sent, c.failed, c.last_error, c.last_success, c.next_attempt))
    return rows


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def status_json(status: ChannelStatus) -> dict[str, Any]:
    return {"name": status.name, "url": status.url, "when": status.when, "health_alerts": status.health_alerts,
            "pending": status.pending, "sent": status.sent, "failed": status.failed, "last_error": status.last_error,
            "last_success": _iso(status.last_success), "next_retry": _iso(status.next_retry)}


def _when(value: dt.datetime | None) -> str:
    return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S") if value else "-"


def print_statuses(statuses: Sequence[ChannelStatus]) -> None:
    from rich.table import Table

    from monitor.output import console

    table = Table("channel", "when")
    # Whole, never cut with an ellipsis; other columns wrap first.
    table.add_column("url", overflow="fold", min_width=min(max((len(s.url) for s in statuses), default=3), 80))
    for column in ("pending", "sent", "failed", "last success", "next retry", "last error"):
        table.add_column(column)
    for s in statuses:
        table.add_row(s.name, s.when + (" +health" if s.health_alerts else ""), s.url, str(s.pending), str(s.sent),
                      str(s.failed), _when(s.last_success), _when(s.next_retry), (s.last_error or "")[:160])
    console().print(table)
