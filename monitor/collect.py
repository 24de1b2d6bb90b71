"""One source, one pass: fetch, parse, fetch article pages where needed, store documents.

Order matters: the listing or feed is fetched with the stored validators first, because a 304
ends the pass with no parsing at all; article pages are fetched only for URLs not stored yet, so
a re-run costs one request per source; documents are stored in one transaction per source at the
end, so a crash never leaves half of a source's entries written with the validators already
advanced (the next run simply fetches again).

Failures of the source itself are recorded on its row and returned as an outcome, never raised:
one broken source never stops the run. Failures of single article pages are warnings.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import logging
import time
from typing import Awaitable, Callable, Sequence

from monitor.config import FetchSettings, SourceConfig
from monitor.errors import FetchError, MonitorError, ParseError, StorageError
from monitor.feeds import ParsedFeed, parse_feed
from monitor.fetch import Fetcher
from monitor.listing import find_article_links
from monitor.records import Document, FetchResult, SourceOutcome
from monitor.text import decode_html, detect_language, extract_article
from monitor.urls import canonical_url
from storage import SourceState, Store

logger = logging.getLogger(__name__)

FeedParser = Callable[..., Awaitable[ParsedFeed]]


async def parse_inline(*args: object, **kwargs: object) -> ParsedFeed:
    return parse_feed(*args, **kwargs)  # type: ignore[arg-type]


async def collect_source(source: SourceConfig, state: SourceState, fetcher: Fetcher, store: Store, *,
                         settings: FetchSettings, now: dt.datetime, parse: FeedParser = parse_inline) -> SourceOutcome:
    started = time.monotonic()
    try:
        outcome = await _collect(source, state, fetcher, store, now=now, parse=parse)
    except StorageError:
        raise  # the database is everyone's problem, not this source's
    except (FetchError, ParseError) as exc:
        return _failed(source, store, exc, now=now, settings=settings, started=started)
    except Exception as exc:  # a bug must not stop the other sources; the traceback goes to the log
        logger.exception("unexpected error", extra={"source": source.name})
        return _failed(source, store, MonitorError(f"internal error: {type(exc).__name__}: {exc}"), now=now,
                       settings=settings, started=started)
    return dataclasses.replace(outcome, seconds=round(time.monotonic() - started, 3))


def _failed(source: SourceConfig, store: Store, exc: MonitorError, *, now: dt.datetime, settings: FetchSettings,
            started: float) -> SourceOutcome:
    message = str(exc) or type(exc).__name__
    store.record_failure(source.name, now=now, interval=source.interval, error=message, max_backoff=settings.max_backoff,
                         retry_after=getattr(exc, "retry_after", None))
    logger.warning("source failed: %s", message, extra={"source": source.name, "url": source.url})
    return SourceOutcome(source=source.name, status="failed", error=message, seconds=round(time.monotonic() - started, 3))


async def _collect(source: SourceConfig, state: SourceState, fetcher: Fetcher, store: Store, *, now: dt.datetime,
                   parse: FeedParser) -> SourceOutcome:
    result = await fetcher.get(source.url, etag=state.etag, last_modified=state.last_modified,
                               allow_private=source.allow_private_network, headers=source.headers)
    if result.not_modified:
        store.record_success(source.name, now=now, interval=source.interval, status="not_modified",
                             etag=result.etag, last_modified=result.last_modified)
        return SourceOutcome(source=source.name, status="not_modified")
    warnings: list[str] = []
    if source.kind == "feed":
        parsed = await parse(result.url, result.body, result.headers, source=source.name, fetched_at=now,
                             language_hint=source.language)
        documents = list(parsed.documents)
        if parsed.warning:
            warnings.append(parsed.warning)
        if source.full_text:
            documents = await _with_full_text(source, documents, fetcher, store, now, warnings)
    else:
        documents = await _articles_from_listing(source, result, fetcher, store, now, warnings)
    statuses = store.save_documents(documents, now=now)
    counts = {status: statuses.count(status) for status in ("new", "updated", "unchanged")}
    warning = "; ".join(warnings)[:2000] or None
    store.record_success(source.name, now=now, interval=source.interval, status="ok", etag=result.etag,
                         last_modified=result.last_modified, new_documents=counts["new"], warning=warning)
    logger.info("source done", extra={"source": source.name, "n_new": counts["new"], "n_updated": counts["updated"]})
    return SourceOutcome(source=source.name, status="ok", new=counts["new"], updated=counts["updated"],
                         unchanged=counts["unchanged"], warnings=tuple(warnings))


async def _articles_from_listing(source: SourceConfig, listing: FetchResult, fetcher: Fetcher, store: Store,
                                 now: dt.datetime, warnings: list[str]) -> list[Document]:
    html = decode_html(listing.body, listing.content_type)
    if not html.strip():
        raise ParseError("empty response body: the listing page is empty")
    links = find_article_links(html, listing.url, selector=source.link_selector, pattern=source.link_pattern)
    if not links:
        raise ParseError("no article links found on the listing page (check link_selector / link_pattern)")
    known = store.known_urls(links)
    fresh = [url for url in links if url not in known][: source.max_articles]
    pages = await asyncio.gather(*(_article(source, url, fetcher, now, warnings) for url in fresh))
    return [page for page in pages if page is not None]


async def _with_full_text(source: SourceConfig, entries: list[Document], fetcher: Fetcher, store: Store,
                          now: dt.datetime, warnings: list[str]) -> list[Document]:
    """Replace the teaser of each not-yet-stored entry with its article page's text."""
    known = store.known_urls([entry.url for entry in entries])
    fresh = [entry for entry in entries if entry.url not in known][: source.max_articles]
    pages = await asyncio.gather(*(_article(source, entry.url, fetcher, now, warnings, entry) for entry in fresh))
    replaced = {entry.url: page for entry, page in zip(fresh, pages) if page is not None}
    return [replaced.get(entry.url, entry) for entry in entries]


async def _article(source: SourceConfig, url: str, fetcher: Fetcher, now: dt.datetime, warnings: list[str],
                   entry: Document | None = None) -> Document | None:
    try:
        result = await fetcher.get(url, allow_private=source.allow_private_network, headers=source.headers,
                                   check_robots=source.respect_robots)
    except FetchError as exc:
        warnings.append(f"article {url}: {exc}")
        return None
    html = decode_html(result.body, result.content_type)
    article = extract_article(html, result.url, title_selector=source.title_selector,
                              date_selector=source.date_selector, body_selector=source.body_selector)
    if not article.text and entry is None:
        warnings.append(f"article {url}: no article text found")
        return None
    published = article.published
    if published is not None and published.tzinfo is None:
        published = published.replace(tzinfo=dt.timezone.utc)  # a page date without zone: read as UTC
    published = published or (entry.published if entry else None)
    title = article.title or (entry.title if entry else "")
    text = article.text or (entry.text if entry else "")
    return Document(source=source.name, url=canonical_url(url), guid=entry.guid if entry else canonical_url(url),
                    title=title, published=published or now, text=text, summary=entry.summary if entry else "",
                    language=article.language or detect_language(text) or source.language,
                    published_from_source=published is not None, kind="article")


def due_sources(sources: Sequence[SourceConfig], states: dict[str, SourceState], now: dt.datetime) -> list[SourceConfig]:
    return [s for s in sources if s.enabled and ((state := states.get(s.name)) is None or state.next_due_at is None
                                                   or state.next_due_at <= now)]
