"""Human output of the CLI: tables, the progress bar, CSV. JSON shapes live in :mod:`monitor.views`."""

from __future__ import annotations

import csv
import io
import re
import sys
from typing import TYPE_CHECKING, Any, Sequence

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from monitor.config import MonitorConfig
from monitor.logging_setup import stderr_console
from monitor.records import Mention
from monitor.views import finding_summary, iso, outcome_json
from storage import SourceState, Store
from storage.queries import DocumentView, MentionView, StoredFinding
from storage.stories import StoryView

if TYPE_CHECKING:  # the pipeline pulls in every stage; commands that only read the database skip that import
    from monitor.run.analysis import AnalysisFiles
    from monitor.run.pipeline import RunReport


def console() -> Console:
    # Wide enough for URLs when piped; rich wraps cells rather than cutting them.
    return Console(width=None if sys.stdout.isatty() else 160, highlight=False, soft_wrap=False)


def run_with_progress(config: MonitorConfig, store: Store, *, names: list[str], show: bool,
                      files: AnalysisFiles | None = None) -> RunReport:
    from monitor.run.pipeline import run_once

    if not show:
        return run_once(config, store, names=names, files=files)
    with Progress(TextColumn("fetching"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
                  TimeElapsedColumn(), console=stderr_console(), transient=True) as progress:
        task = progress.add_task("", total=None)
        return run_once(config, store, names=names, files=files,
                        on_start=lambda n: progress.update(task, total=n),
                        progress=lambda outcome: progress.update(task, advance=1, description=outcome.source))


def report_json(report: RunReport) -> dict[str, Any]:
    outcomes = [outcome_json(o) for o in report.outcomes]
    return {"started": iso(report.started), "finished": iso(report.finished), "sources": outcomes,
            "totals": _totals(report),
            "analysis": {"documents": report.analysis.documents, "mentions": report.analysis.mentions,
                         "new_findings": report.analysis.new_findings},
            "exit_status": report.exit_status}


def _totals(report: RunReport) -> dict[str, int]:
    o = report.outcomes
    return {"sources": len(o), "failed": sum(x.status == "failed" for x in o), "new": sum(x.new for x in o),
            "updated": sum(x.updated for x in o), "unchanged": sum(x.unchanged for x in o)}


def print_run_report(report: RunReport) -> None:
    out = console()
    if not report.outcomes:
        out.print("No source is due. Name one with --source NAME to run it anyway; `monitor sources` shows when each is due.")
    else:
        table = Table("source", "status", "new", "updated", "unchanged", "seconds", "error / warning")
        for o in report.outcomes:
            note = o.error or "; ".join(o.warnings)
            table.add_row(o.source, o.status, str(o.new), str(o.updated), str(o.unchanged), f"{o.seconds:.2f}",
                          note[:200] + ("…" if len(note) > 200 else ""))
        out.print(table)
        t = _totals(report)
        out.print(f"{t['sources']} sources, {t['failed']} failed; documents: {t['new']} new, {t['updated']} updated, "
                  f"{t['unchanged']} unchanged")
        if report.all_failed:
            out.print("Every source failed (see the errors above).")
            if all(o.unreachable for o in report.outcomes if o.status == "failed"):
                # Only when nothing answered: after 404s or HTML pages the network is fine, the URLs are not.
                out.print("No server could be reached. Without network access, `monitor demo` runs the pipeline "
                          "on a bundled corpus served on 127.0.0.1.")
    a = report.analysis
    out.print(f"analysed {a.documents} documents: {a.mentions} mentions, {a.new_findings} new findings "
              f"({(report.finished - report.started).total_seconds():.1f} s)")


def print_sources(states: Sequence[SourceState], enabled: dict[str, bool]) -> None:
    table = Table("source", "kind", "status", "last success", "failures", "next due", "documents", "last error")
    for s in states:
        status = s.last_status or "never run"
        if not enabled.get(s.name, True):
            status += " (disabled)"
        table.add_row(s.name, s.kind, status, _when(s.last_success_at), str(s.consecutive_failures), _when(s.next_due_at),
                      str(s.documents_total), (s.last_error or "")[:120])
    console().print(table)


def print_documents(docs: Sequence[DocumentView]) -> None:
    table = Table("id", "published", "source", "lang", "cluster", "title")
    for d in docs:
        table.add_row(str(d.id), _when(d.published), d.source, d.language or "", str(d.cluster or ""), d.title[:100])
    console().print(table)
    console().print(f"{len(docs)} documents")


def print_mentions(rows: Sequence[MentionView]) -> None:
    table = Table("id", "kind", "what", "date", "source", "snippet")
    for v in rows:
        m = v.mention
        what = {"approval_batch": f"batch {m.batch or '?'}: {m.count} models ({m.count_qualifier})",
                "company_approval": f"{m.company}{'' if m.company_known else ' (unknown)'}",
                "cumulative_total": f"total {m.total} ({m.count_qualifier}, {m.registry or 'registry?'})",
                "regulation_event": f"{m.regulation} ({m.jurisdiction or '?'})"}.get(m.kind, m.kind)
        table.add_row(str(v.id), m.kind, what, iso(m.date) or "", v.document.source, snippet_around(m, 120))
    console().print(table)


def snippet_around(mention: Mention, width: int) -> str:
    """``width`` characters of the mention's sentence, centred on what was read (the count, total,
    company or regulation), so a long sentence does not lose the very number the row is about."""
    text = " ".join(mention.snippet.split())
    if len(text) <= width:
        return text
    at = next((i for i in (_position(text, v) for v in (mention.count, mention.total, mention.batch, mention.company,
                                                           mention.model, mention.regulation)) if i >= 0), 0)
    start = max(0, min(at - width // 2, len(text) - width))
    cut = text[start:start + width]
    return ("…" if start > 0 else "") + cut + ("…" if start + width < len(text) else "")


def _position(text: str, value: object) -> int:
    if value is None or value == "":
        return -1
    if isinstance(value, int):  # 14, not the 14 inside 2014
        found = re.search(rf"(?<![0-9]){value}(?![0-9])", text)
        return found.start() if found else -1
    return text.casefold().find(str(value).casefold())


def print_findings(rows: Sequence[StoredFinding]) -> None:
    table = Table("id", "status", "kind", "summary", "first seen")
    for v in rows:
        table.add_row(str(v.id), v.status, v.finding.kind, finding_summary(v), _when(v.first_seen))
    console().print(table)
    if not rows:
        console().print("No findings. `monitor findings --status all` shows reviewed ones too.")


def findings_csv(rows: Sequence[StoredFinding]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "key", "kind", "status", "summary", "first_seen", "company", "batch", "count", "total", "date",
                     "regulation", "sources", "urls"])
    for v in rows:
        f = v.finding
        writer.writerow([v.id, f.key, f.kind, v.status, finding_summary(v), iso(v.first_seen), f.company or "", f.batch or "",
                         f.count or "", f.total or "", iso(f.date) or "", f.regulation or "", v.source_count,
                         " ".join(e.url for e in v.evidence)])
    return buffer.getvalue()


def _when(value: Any) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value is not None else "-"


def print_clusters(docs: Sequence[DocumentView]) -> None:
    clusters: dict[int, list[DocumentView]] = {}
    for d in docs:
        clusters.setdefault(d.cluster if d.cluster is not None else -d.id, []).append(d)
    table = Table("story", "copies", "sources", "title")
    for key, members in sorted(clusters.items(), key=lambda item: -len(item[1])):
        table.add_row(str(abs(key)), str(len(members)), ", ".join(sorted({m.source for m in members})), members[0].title[:90])
    console().print(table)


def print_stories(stories: Sequence[StoryView]) -> None:
    table = Table("story", "reports", "first report", "last report", "headlines", "findings")
    for s in stories:
        headlines = "\n".join(f"[{language}] {title[:80]}" for language, title in s.headlines)
        table.add_row(str(s.id), f"{s.reports} ({len(s.sources)} sources)", _when(s.first_report.published),
                      _when(s.last_report.published), headlines, "\n".join(s.findings) or "-")
    console().print(table)
