"""The JSON shapes of docs/contracts.md section 6, and the rows of the human tables, in one place."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from monitor.records import Evidence, SourceOutcome
from storage import SourceState
from storage.queries import DocumentView, MentionView, StoredFinding
from storage.stories import StoryView

if TYPE_CHECKING:
    from monitor.delivery.outbox import OutboxReport


def iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def evidence_json(e: Evidence) -> dict[str, Any]:
    return {"url": e.url, "title": e.title, "source": e.source, "published": iso(e.published), "snippet": e.snippet}


def document_json(d: DocumentView) -> dict[str, Any]:
    return {"id": d.id, "url": d.url, "title": d.title, "source": d.source, "published": iso(d.published),
            "language": d.language, "text": d.text, "cluster": d.cluster}


def mention_json(v: MentionView) -> dict[str, Any]:
    m = v.mention
    return {"id": v.id, "kind": m.kind, "company": m.company, "model": m.model, "batch": m.batch, "count": m.count,
            "count_qualifier": m.count_qualifier, "total": m.total, "registry": m.registry, "date": iso(m.date),
            "jurisdiction": m.jurisdiction, "regulation": m.regulation,
            "companies": list(m.companies) if m.companies else None, "snippet": m.snippet, "rule": m.rule,
            "document": {"url": v.document.url, "title": v.document.title, "source": v.document.source,
                         "published": iso(v.document.published)}}


def finding_summary(v: StoredFinding) -> str:
    """The stored summary plus the evidence count, which only the store knows."""
    n = v.source_count
    return f"{v.finding.summary}, {n} source{'s' if n != 1 else ''}" if n else v.finding.summary


def finding_json(v: StoredFinding) -> dict[str, Any]:
    f = v.finding
    return {"id": v.id, "key": f.key, "kind": f.kind, "summary": finding_summary(v), "status": v.status,
            "first_seen": iso(v.first_seen), "company": f.company, "batch": f.batch, "count": f.count,
            "count_qualifier": f.count_qualifier, "total": f.total, "date": iso(f.date), "regulation": f.regulation,
            "dataset_fact": f.dataset_fact, "sources": v.source_count, "agreeing": v.agreeing,
            "confidence": v.confidence, "disputed": v.disputed, "story": v.story,
            "withdrawn": iso(v.withdrawn_at), "evidence": [evidence_json(e) for e in v.evidence]}


def story_json(s: StoryView) -> dict[str, Any]:
    return {"id": s.id, "headlines": dict(s.headlines), "reports": s.reports, "sources": list(s.sources),
            "first_report": evidence_json(s.first_report), "last_report": evidence_json(s.last_report),
            "findings": list(s.findings)}


def outcome_json(o: SourceOutcome) -> dict[str, Any]:
    return {"source": o.source, "status": o.status, "new": o.new, "updated": o.updated, "unchanged": o.unchanged,
            "seconds": o.seconds, "error": o.error, "warnings": list(o.warnings)}


def source_json(s: SourceState, *, enabled: bool | None = None) -> dict[str, Any]:
    return {"name": s.name, "kind": s.kind, "url": s.url, "enabled": enabled, "last_status": s.last_status,
            "last_attempt": iso(s.last_attempt_at), "last_success": iso(s.last_success_at),
            "failing_since": iso(s.failing_since), "consecutive_failures": s.consecutive_failures,
            "last_error": s.last_error, "next_due": iso(s.next_due_at), "documents": s.documents_total}


def send_report_json(r: OutboxReport) -> dict[str, Any]:
    """`monitor digest send --json`: each digest sent, each earlier-refused recipient retried, the error."""
    return {"sent": [{"digest_id": d.digest_id, "message_id": d.message_id, "subject": d.subject,
                      "findings": d.n_findings, "refused": [{"recipient": who, "reply": reply} for who, reply in d.refused]}
                     for d in r.sent],
            "retried": [{"digest_id": t.digest_id, "recipient": t.recipient, "delivered": t.reply is None,
                         "reply": t.reply, "attempts": t.attempts} for t in r.retried],
            "skipped_empty": r.skipped_empty, "error": r.error, "exit_status": r.exit_status}
