"""Typed, frozen records passed between the stages of the pipeline.

A stage takes and returns these, never a FeedParserDict, a soup or a database row:

    Source (config.SourceConfig) -> FetchResult -> Document -> Mention -> Finding -> Digest

``Source`` is the validated config object :class:`monitor.config.SourceConfig`; the digest records
live beside the digest code (:mod:`monitor.digest`), since only that stage reads them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal, Mapping

MentionKind = Literal["approval_batch", "company_approval", "cumulative_total", "regulation_event"]
FindingKind = Literal["new_batch", "new_company", "new_total", "conflict", "new_regulation_event", "new_filing_list"]
CountQualifier = Literal["exact", "more_than", "about", "at_least"]
Registry = Literal["filed", "registered"]

MENTION_KINDS: tuple[str, ...] = ("approval_batch", "company_approval", "cumulative_total", "regulation_event")
# In order of importance (the digest sorts and counts by it): a release of the regulator's list leads.
FINDING_KINDS: tuple[str, ...] = ("new_filing_list", "new_batch", "new_company", "new_total", "conflict",
                                  "new_regulation_event")
COUNT_QUALIFIERS: tuple[str, ...] = ("exact", "more_than", "about", "at_least")


@dataclass(frozen=True, slots=True)
class FetchResult:
    """One HTTP exchange as the fetcher saw it, after redirects and decompression.

    ``not_modified`` is True for a 304 answer to a conditional GET; ``body`` is then empty and the
    caller must not parse anything.
    """

    url: str  # the final URL, after redirects
    status: int
    body: bytes
    headers: Mapping[str, str]  # lower-cased names
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    elapsed: float = 0.0

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


@dataclass(frozen=True, slots=True)
class Document:
    """One news item: a feed entry or an article page, reduced to plain text.

    ``url`` is canonical (see :func:`monitor.fetch.urls.canonical_url`); ``guid`` is the feed's id, or the
    canonical URL when the feed has none. ``published`` is always timezone-aware; when the source
    gave no date it is the fetch time and ``published_from_source`` is False. ``summary`` is the
    entry's own summary when ``text`` is something else (its full content, its article page), and
    empty when the summary is the text: most feed entries carry only a summary, and keeping it
    twice doubled the bytes every stored entry costs.
    """

    source: str
    url: str
    guid: str
    title: str
    published: dt.datetime
    text: str
    summary: str = ""
    language: str | None = None
    published_from_source: bool = True
    kind: Literal["entry", "article"] = "entry"


@dataclass(frozen=True, slots=True)
class Mention:
    """Something the rules read in one sentence of one document (docs/contracts.md section 3).

    Fields that do not apply to the kind are None. ``company`` is the canonical name when an alias
    matched, otherwise the raw name as written (``company_known`` tells which).
    """

    kind: MentionKind
    rule: str
    snippet: str
    company: str | None = None
    company_known: bool = True
    model: str | None = None
    batch: int | None = None
    count: int | None = None
    count_qualifier: CountQualifier | None = None
    total: int | None = None
    registry: Registry | None = None
    date: dt.date | None = None
    jurisdiction: str | None = None
    regulation: str | None = None
    companies: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Finding:
    """A change in the world, raised from one or more mentions, identified by a stable ``key``.

    The same key from another document or another run adds evidence to the stored finding
    instead of creating a second one. ``dataset_fact`` says what the known dataset holds that the
    report differs from (None when the dataset holds nothing related).
    """

    key: str
    kind: FindingKind
    summary: str
    company: str | None = None
    batch: int | None = None
    count: int | None = None
    count_qualifier: CountQualifier | None = None
    total: int | None = None
    date: dt.date | None = None
    regulation: str | None = None
    dataset_fact: str | None = None

    @property
    def registry(self) -> Registry:
        """A ``new_total`` finding's registry, which only its key carries (:func:`total_key`)."""
        return "registered" if self.key.startswith("new_total:registered:") else "filed"


def total_key(total: int, registry: str | None) -> str:
    """A ``new_total`` finding's key: ``new_total:<n>`` for filed (or unlabelled) totals,
    ``new_total:registered:<n>`` for 登记 totals; one fact whatever the qualifier or wording."""
    return f"new_total:registered:{total}" if registry == "registered" else f"new_total:{total}"


@dataclass(frozen=True, slots=True)
class Evidence:
    """A document that supports a finding, as the digest and ``monitor findings`` show it."""

    url: str
    title: str
    source: str
    published: dt.datetime | None
    snippet: str
    cluster: int | None = None


@dataclass(frozen=True, slots=True)
class SourceOutcome:
    """What one run did with one source; the run report is a list of these."""

    source: str
    status: Literal["ok", "not_modified", "failed", "skipped"]
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    seconds: float = 0.0
    error: str | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)
    # The failure is one no server answered (DNS, connect, timeout), as on a machine without network;
    # not an HTTP status, a refusal or a body that is no feed.
    unreachable: bool = False
