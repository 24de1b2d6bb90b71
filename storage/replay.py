"""Backtests in a scratch database: the live one's sources and documents, copied unanalysed.

An ``--as-of`` run compares stored news with the dataset as it was on a past day. Its mentions and
findings are true of that day, not of today: written into the live database they stayed "new" and
went out in the next digest. So the replay works on a copy; the live database is only read.
"""

from __future__ import annotations

from sqlalchemy import insert, select

from storage.filings import FilingAttachmentRow, FilingRow
from storage.models import DocumentRow, SourceRow
from storage.store import Store

CHUNK = 1000


def copy_for_replay(live: Store, scratch: Store) -> int:
    """Copy every source and document of ``live`` into the empty ``scratch``, to be analysed afresh there;
    returns the number of documents. Documents keep their ids, so both databases name them alike."""
    sources, documents = SourceRow.__table__, DocumentRow.__table__
    fresh = {"signature": None, "cluster_id": None, "processed_at": None}
    copied = 0
    with live.session() as reading, scratch.session() as writing, writing.begin():
        rows = [dict(row._mapping) for row in reading.execute(select(sources))]
        if rows:
            writing.execute(insert(sources), rows)
        last = 0
        while True:
            chunk = [dict(row._mapping) | fresh for row in reading.execute(
                select(documents).where(documents.c.id > last).order_by(documents.c.id).limit(CHUNK))]
            if not chunk:
                break
            writing.execute(insert(documents), chunk)
            copied += len(chunk)
            last = chunk[-1]["id"]
        # The regulator's list rows and attachments as read: their documents, copied unanalysed above, are
        # diffed again from them (monitor/filings/findings.py).
        for table in (FilingAttachmentRow.__table__, FilingRow.__table__):
            rows = [dict(row._mapping) for row in reading.execute(select(table))]
            if rows:
                writing.execute(insert(table), rows)
    return copied
