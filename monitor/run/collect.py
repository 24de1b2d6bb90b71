"""One source, one pass: fetch, parse, fetch article pages where needed, store documents.

Order matters: the listing or feed is fetched with the stored validators first, because a 304
ends the pass with no parsing at all; article pages are fetched only for URLs not stored yet, so
a re-run costs one request per source; documents and the source's new validators are stored in
one transaction per source at the end, so a crash never leaves half of a source's entries written,
nor validators advanced without their entries (the next run simply fetches again).

Failures of the source itself are recorded on its row and returned as an outcome, never raised:
one broken source never stops the run. Failures of single article pages are warnings.

Politeness for article pages (links that come from third-party content): a :class:`HostThrottle`
spaces the starts of article requests to one host by ``ARTICLE_DELAY`` seconds (one throttle per
run, shared by every source, so two sources on one site do not double its load); the Fetcher's
per-host slots (``fetch.per_host``, 1 to 2) bound how many run at once; the Fetcher refuses private
addresses on every redirect hop and honours robots.txt (unless ``respect_robots = false``).
``allow_private_network`` allows the source's own host, ``allow_private_hosts`` the hosts and networks it
names: a private feed's links and redirects to anywhere else on the network stay refused. The listing or feed request itself is not delayed: one per interval.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import logging
import time
from typing import Awaitable, Callable, TypeVar

from monitor.config import FetchSettings, SourceConfig
from monitor.errors import BlockedURLError, FetchError, MonitorError, ParseError, StorageError
from monitor.fetch import Fetcher
from monitor.fetch.robots import HostThrottle
from monitor.records import Document, FetchResult, SourceOutcome
from monitor.sources.feeds import ParsedFeed, parse_feed
# The text package loads its parts on first use: trafilatura and bs4 (listing, extract) are for
# page sources only, and a run of feeds alone should not pay their import time.
from monitor import text as text_stage
from monitor.fetch.urls import NEVER_ALLOWED, PrivateAccess, canonical_url
from monitor.run.writer import GroupWriter
from storage import FetchSuccess, SourceState, Store

logger = logging.getLogger(__name__)

FeedParser = Callable[..., Awaitable[ParsedFeed]]
_T = TypeVar("_T")

# Seconds between the starts of two article requests to one host when the caller passes no throttle
# (run_sources passes one built from the config's fetch.article_delay). One second is the common
# crawler courtesy; a site's Crawl-delay is not read (it is rare on news sites and often absurd).
ARTICLE_DELAY = 1.0


async def parse_inline(*args: object, **kwargs: object) -> ParsedFeed:
    return parse_feed(*args, **kwargs)  # type: ignore[arg-type]


async def collect_source(source: SourceConfig, state: SourceState, fetcher: Fetcher, store: Store, *,
                         settings: FetchSettings, now: dt.datetime, parse: FeedParser = parse_inline,
                         throttle: HostThrottle | None = None,
                         writer: GroupWriter | None = None) -> SourceOutcome:
    """One pass over ``source``. ``throttle`` spaces article requests per host; pass one per run.

    ``writer`` (one thread, shared by a run) stores the documents and the 304s, several sources per
    transaction, so the event loop goes on fetching and handing feeds to the parse pool while SQLite
    writes and syncs (monitor.run.writer); without one, this source's writes happen here."""
    started = time.monotonic()
    articles = _Articles(source, fetcher, throttle or HostThrottle(ARTICLE_DELAY), now)
    try:
        outcome = await _collect(source, state, fetcher, store, articles, now=now, parse=parse,
                                 writer=writer)
    except StorageError:
        raise  # the database is everyone's problem, not this source's
    except (FetchError, ParseError) as exc:
        return _failed(source, store, exc, now=now, settings=settings, started=started)
    except Exception as exc:  # a bug must not stop the other sources; the traceback goes to the log
        logger.exception("unexpected error", extra={"source": source.name})
        return _failed(source, store, MonitorError(f"internal error: {type(exc).__name__}: {exc}"), now=now,
                       settings=settings, started=started)
    return dataclasses.replace(outcome, seconds=round(time.monotonic() - started, 3))


# The run report's table shows each failed source once; the CLI keeps this line for -v (see monitor.cli).
SOURCE_FAILED = "source failed: %s"
PRIVATE_NETWORK_HINT = "; set allow_private_network = true on this source if it is meant to be on a private network"


def _failed(source: SourceConfig, store: Store, exc: MonitorError, *, now: dt.datetime, settings: FetchSettings,
            started: float) -> SourceOutcome:
    message = str(exc) or type(exc).__name__
    if (isinstance(exc, BlockedURLError) and "private address" in message and not source.allow_private_network
            and not any(never in message for never in NEVER_ALLOWED)):
        message += PRIVATE_NETWORK_HINT  # the refusal alone does not say how to allow a source on a LAN
    store.record_failure(source.name, now=now, interval=source.interval, error=message, max_backoff=settings.max_backoff,
                         retry_after=getattr(exc, "retry_after", None))
    logger.warning(SOURCE_FAILED, message, extra={"source": source.name, "url": source.url})
    # A FetchError without an HTTP status (not a refusal or an oversized body) is a transport failure.
    unreachable = type(exc) is FetchError and exc.status is None
    return SourceOutcome(source=source.name, status="failed", error=message, seconds=round(time.monotonic() - started, 3),
                         unreachable=unreachable)


async def _collect(source: SourceConfig, state: SourceState, fetcher: Fetcher, store: Store, articles: _Articles, *,
                   now: dt.datetime, parse: FeedParser, writer: GroupWriter | None) -> SourceOutcome:
    if source.kind == "filings":  # the regulator's lists: attachments parsed into rows (monitor.filings)
        from monitor.filings.source import collect_filings

        return await collect_filings(source, state, fetcher, store, now=now, access=private_access(source))
    result = await fetcher.get(source.url, etag=state.etag, last_modified=state.last_modified,
                               allow_private=private_access(source), headers=source.headers)
    if result.not_modified:
        if writer is not None:
            writer.not_modified(source, now)
        else:
            store.record_not_modified([(source.name, now, source.interval)])
        return SourceOutcome(source=source.name, status="not_modified")
    warnings = articles.warnings
    if source.kind == "feed":
        parsed = await parse(result.url, result.body, result.headers, source=source.name, fetched_at=now,
                             language_hint=source.language)
        documents = list(parsed.documents)
        if parsed.warning:
            warnings.append(parsed.warning)
        if source.full_text:
            documents = await _with_full_text(source, documents, store, articles)
    else:
        documents = await _articles_from_listing(source, result, store, articles)
    documents = [_one_line_title(document) for document in documents]
    warning = "; ".join(warnings)[:2000] or None
    # When max_articles left new links for later, forget the validators: a 304 next time would
    # otherwise hide those links until the page changes.
    etag, last_modified = (None, None) if articles.deferred else (result.etag, result.last_modified)
    success = FetchSuccess(source.name, source.interval, etag, last_modified, warning)
    if writer is not None:
        statuses = await writer.save(documents, now=now, success=success)
    else:
        statuses = store.save_documents(documents, now=now, success=success)
    counts = {status: statuses.count(status) for status in ("new", "updated", "unchanged")}
    logger.info("source done", extra={"source": source.name, "n_new": counts["new"], "n_updated": counts["updated"]})
    return SourceOutcome(source=source.name, status="ok", new=counts["new"], updated=counts["updated"],
                         unchanged=counts["unchanged"], warnings=tuple(warnings))


async def _articles_from_listing(source: SourceConfig, listing: FetchResult, store: Store,
                                 articles: _Articles) -> list[Document]:
    from monitor.sources.listing import find_article_links  # see the import of text_stage

    html = text_stage.decode_html(listing.body, listing.content_type)
    if not html.strip():
        raise ParseError("empty response body: the listing page is empty")
    links = find_article_links(html, listing.url, selector=source.link_selector, pattern=source.link_pattern)
    if not links:
        raise ParseError("no article links found on the listing page (check link_selector / link_pattern)")
    # The store holds canonical URLs; the listing has them as written (tracking parameters, an
    # upper-case host). Compare canonical forms, fetch the URL as written, once per canonical URL.
    by_canonical: dict[str, str] = {}
    for url in links:
        try:
            by_canonical.setdefault(canonical_url(url), url)
        except ValueError:  # a port out of range and the like: not a link we can fetch
            articles.warnings.append(f"article {url}: not a valid URL")
    known = store.known_urls(list(by_canonical))
    fresh = articles.cap([url for key, url in by_canonical.items() if key not in known])
    logger.info("listing links", extra={"source": source.name, "n_links": len(links), "n_new": len(fresh)})
    pages = await asyncio.gather(*(articles.fetch(url) for url in fresh))
    return [page for page in pages if page is not None]


async def _with_full_text(source: SourceConfig, entries: list[Document], store: Store,
                          articles: _Articles) -> list[Document]:
    """Replace the teaser of each not-yet-stored entry with its article page's text.

    New entries past ``max_articles`` are left for the next run rather than stored as teasers: once
    stored, an entry is known and its page would never be fetched.
    """
    known = store.known_urls([entry.url for entry in entries])
    new = [entry for entry in entries if entry.url not in known]
    fresh = articles.cap(new)
    pages = await asyncio.gather(*(articles.fetch(entry.url, entry) for entry in fresh))
    replaced = {entry.url: page for entry, page in zip(fresh, pages) if page is not None}
    later = {entry.url for entry in new[len(fresh):]}
    return [replaced.get(entry.url, entry) for entry in entries if entry.url not in later]


def _one_line_title(document: Document) -> Document:
    """The document with its title on one line: every run of whitespace (line breaks too) one space.

    Here, where feed entries and article pages meet, rather than in each reader: a title is a table
    cell, a digest heading and part of mail, and a break in it split rows or tried to start a header."""
    title = " ".join(document.title.split())
    return document if title == document.title else dataclasses.replace(document, title=title)


def private_access(source: SourceConfig) -> PrivateAccess | bool:
    """The private hosts ``source``'s fetches may reach (False: public addresses only)."""
    if not (source.allow_private_network or source.allow_private_hosts):
        return False
    return PrivateAccess.for_source(source.url if source.allow_private_network else None, source.allow_private_hosts)


class _Articles:
    """Fetches and extracts the article pages of one source; refusals and failures become warnings."""

    def __init__(self, source: SourceConfig, fetcher: Fetcher, throttle: HostThrottle, now: dt.datetime) -> None:
        self.access = private_access(source)
        self.source = source
        self.fetcher = fetcher
        self.throttle = throttle
        self.now = now
        self.warnings: list[str] = []
        self.deferred = 0  # new links left for a later run by max_articles

    def cap(self, new: list[_T]) -> list[_T]:
        """The first ``max_articles`` of the new links; the rest wait for the next run."""
        self.deferred = max(0, len(new) - self.source.max_articles)
        if self.deferred:
            logger.info("max_articles reached, %d left for the next run", self.deferred,
                        extra={"source": self.source.name})
        return new[: self.source.max_articles]

    async def fetch(self, url: str, entry: Document | None = None) -> Document | None:
        source = self.source
        try:
            # The Fetcher checks the address first, then robots.txt, then every redirect hop; a
            # refused URL costs its delay slot, which is cheaper than checking twice.
            await self.throttle.wait(url)
            result = await self.fetcher.get(url, allow_private=self.access, headers=source.headers,
                                            check_robots=source.respect_robots)
        except FetchError as exc:
            logger.warning("article refused or failed: %s", exc, extra={"source": source.name, "url": url})
            self.warnings.append(f"article {url}: {exc}")
            return None
        return self._document(url, result, entry)

    def _document(self, url: str, result: FetchResult, entry: Document | None) -> Document | None:
        source = self.source
        html = text_stage.decode_html(result.body, result.content_type)
        article = text_stage.extract_article(html, result.url, title_selector=source.title_selector,
                                  date_selector=source.date_selector, body_selector=source.body_selector)
        if not article.text and entry is None:
            self.warnings.append(f"article {url}: no article text found")
            return None
        published = article.published
        if published is not None and published.tzinfo is None:
            published = published.replace(tzinfo=dt.timezone.utc)  # a page date without zone: read as UTC
        published = published or (entry.published if entry else None)
        title = article.title or (entry.title if entry else "")
        text = article.text or (entry.text if entry else "")
        return Document(source=source.name, url=canonical_url(url), guid=entry.guid if entry else canonical_url(url),
                        title=title, published=published or self.now, text=text,
                        summary=(entry.summary or entry.text) if entry else "",  # the teaser the page replaces
                        language=article.language or text_stage.detect_language(text) or source.language,
                        published_from_source=published is not None, kind="article")

