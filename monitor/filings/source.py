"""The ``filings`` source kind: an announcement page (or a listing of announcements) and its attachments.

One pass: the page is fetched with its stored validators (a 304 ends the pass); its attachment links
are found; every attachment is fetched in full once and conditionally afterwards (the regulator
updates the page in place, adding files, so old files answer 304 and only new ones are read); each is
parsed and its rows stored with its validators, one transaction per attachment. An attachment that
cannot be read (unsupported format, damaged, encrypted, too large) is named in the source's error and
kept without validators, so it is tried again; the other attachments of the page are processed all
the same. Each attachment is also stored as a document of kind ``filings`` (its rows as text), which
the findings of its release cite as evidence. A listing (``link_pattern`` / ``link_selector``) that
links no announcement today is read without error: a provincial office's news page carries a filing
announcement a few days a year.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import TYPE_CHECKING

from monitor.errors import FetchError, ParseError
from monitor.fetch.urls import canonical_url
from monitor.filings.discover import AttachmentLink, attachment_links
from monitor.filings.naming import attachment_name
from monitor.filings.parse import parse_attachment
from monitor.filings.records import AttachmentError, FilingEntry
from monitor.records import Document, SourceOutcome

if TYPE_CHECKING:
    from monitor.config import SourceConfig
    from monitor.fetch import Fetcher
    from storage import SourceState, Store

logger = logging.getLogger(__name__)
_PERIOD = re.compile(r"(20\d\d)\s*年\s*(\d{1,2})\s*月")
MAX_TEXT_ROWS = 5_000  # rows written into the attachment's document text


def release_period(name: str, entries: tuple[FilingEntry, ...], now: dt.datetime) -> str:
    """YYYY-MM of the release: from the file name ('（2026年8月）', '截至2024年3月'), else the latest
    filing date in it, else the fetch month."""
    match = _PERIOD.search(name)
    if match:
        return f"{int(match.group(1)):04d}-{int(match.group(2)):02d}"
    dates = [entry.filed_on for entry in entries if entry.filed_on]
    return f"{max(dates):%Y-%m}" if dates else f"{now:%Y-%m}"


async def collect_filings(source: SourceConfig, state: SourceState, fetcher: Fetcher, store: Store, *,
                          now: dt.datetime, access: object) -> SourceOutcome:
    from monitor import text as text_stage
    from monitor.sources.listing import find_article_links
    from storage import FetchSuccess

    page = await fetcher.get(source.url, etag=state.etag, last_modified=state.last_modified,
                             allow_private=access, headers=source.headers)
    if page.not_modified:
        store.record_not_modified([(source.name, now, source.interval)])
        return SourceOutcome(source=source.name, status="not_modified")
    html = text_stage.decode_html(page.body, page.content_type)
    announcements = [(page.url, html)]
    if source.link_pattern or source.link_selector:  # a listing: open the announcements it links to
        links = find_article_links(html, page.url, selector=source.link_selector, pattern=source.link_pattern)
        if not links:
            # A listing shows its latest news, and most days none of it is a filing announcement: nothing to
            # read is no failure. (An announcement page without attachments is one: the page changed.)
            store.save_documents([], now=now, success=FetchSuccess(source.name, source.interval, page.etag,
                                                                  page.last_modified, None))
            logger.info("no filing announcement on the listing", extra={"source": source.name})
            return SourceOutcome(source=source.name, status="ok")
        announcements = await _announcements(source, links, fetcher, access)
    found = [(announcement, link) for announcement, body in announcements for link in attachment_links(body, announcement)]
    if not found:
        raise ParseError("no attachment links found on the announcement page")
    errors: list[str] = []
    new = updated = unchanged = 0
    documents: list[Document] = []
    for announcement, link in found[: source.max_articles]:
        outcome = await _attachment(source, announcement, link, fetcher, store, now=now, access=access)
        if isinstance(outcome, str):
            errors.append(outcome)
            continue
        if outcome is None:
            continue
        statuses, document = outcome
        new += statuses.count("new")
        updated += statuses.count("updated")
        unchanged += statuses.count("unchanged")
        documents.append(document)
    error = "; ".join(errors)[:2000] or None
    store.save_documents(documents, now=now, success=FetchSuccess(source.name, source.interval, page.etag,
                                                                 page.last_modified, error))
    logger.info("filings source done", extra={"source": source.name, "n_new": new, "n_updated": updated})
    return SourceOutcome(source=source.name, status="ok", new=new, updated=updated, unchanged=unchanged,
                         warnings=tuple(errors))


async def _announcements(source: SourceConfig, links: list[str], fetcher: Fetcher,
                         access: object) -> list[tuple[str, str]]:
    from monitor import text as text_stage

    pages = []
    for link in links:
        try:
            result = await fetcher.get(link, allow_private=access, headers=source.headers,
                                       check_robots=source.respect_robots)
        except FetchError as exc:
            logger.warning("announcement failed: %s", exc, extra={"source": source.name, "url": link})
            continue
        pages.append((result.url, text_stage.decode_html(result.body, result.content_type)))
    return pages


async def _attachment(source: SourceConfig, announcement: str, link: AttachmentLink, fetcher: Fetcher, store: Store,
                      *, now: dt.datetime, access: object) -> tuple[list[str], Document] | str | None:
    """Statuses and the document of a read attachment; None when unchanged (304); an error message."""
    known = store.attachment_state(link.url)
    name = attachment_name(link.url, None, link.text)
    try:
        result = await fetcher.get(link.url, etag=known.etag if known else None,
                                   last_modified=known.last_modified if known else None,
                                   allow_private=access, headers=source.headers, check_robots=source.respect_robots)
        if result.not_modified:
            return None
        name = attachment_name(link.url, dict(result.headers), link.text)
        parsed = parse_attachment(result.body, name=name, content_type=result.content_type)
    except (FetchError, AttachmentError) as exc:
        message = str(exc) if isinstance(exc, AttachmentError) else f"attachment {name}: {exc}"
        logger.warning("attachment failed: %s", message, extra={"source": source.name, "url": link.url})
        store.save_filings([], source=source.name, period="", announcement_url=announcement, attachment_url=link.url,
                           name=name, file_format=None, etag=None, last_modified=None, error=message, now=now)
        return message
    period = release_period(name, parsed.entries, now)
    statuses = store.save_filings(parsed.entries, source=source.name, period=period, announcement_url=announcement,
                                  attachment_url=link.url, name=name, file_format=parsed.format, etag=result.etag,
                                  last_modified=result.last_modified, error=None, now=now)
    text = "\n".join(entry.as_text() for entry in parsed.entries[:MAX_TEXT_ROWS])
    document = Document(source=source.name, url=canonical_url(link.url), guid=canonical_url(link.url),
                        title=name, published=now, text=text, language="zh", published_from_source=False,
                        kind="filings")  # type: ignore[arg-type]
    return statuses, document
