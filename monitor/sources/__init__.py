"""Sources: what a fetched feed or listing page says, as records; no network, no database.

    in:  the body and headers of a fetched feed or listing page (:class:`monitor.records.FetchResult`)
    out: :class:`monitor.records.Document` records (one per feed entry, in a :class:`feeds.ParsedFeed`),
         or the article URLs of a listing page, which the collector fetches (monitor.run.collect)

    feeds.py      feed bytes -> ParsedFeed (feedparser at the boundary); entry values as plain text
    feedsax.py    the SAX driver feeds.py gives feedparser: expat with buffered character data
    feedmedia.py  Media RSS captions kept apart from an entry's own text
    listing.py    a listing page -> article links (selector, pattern or heuristics)

Article pages themselves are read by :mod:`monitor.text` (decoding, main text, language), and the
regulator's filing lists by :mod:`monitor.filings`. Nothing is imported here: feed-parse workers
unpickle ``feeds.parse_feed`` and must import that module alone.
"""
