"""The `monitor` command line (docs/contracts.md section 5).

Library errors become exit statuses here and nowhere else: ConfigError -> 2 (bad usage or config),
StorageError and a run where every due source failed -> 1. Commands are thin: they load the
config, open the store and call one function of the library.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, TypeVar

import click

from monitor.config import MonitorConfig, load_config
from monitor.errors import ConfigError, MonitorError, NotFoundError, StorageError, UsageError
from monitor.output import console, print_documents, print_findings, print_mentions, print_run_report, print_sources
from monitor.views import document_json, finding_json, mention_json, send_report_json, source_json
from storage import Store

F = TypeVar("F", bound=Callable[..., Any])
logger = logging.getLogger("monitor")


class Env:
    """What every command needs, loaded once and only when asked for."""

    def __init__(self, config_path: str | None, db_url: str | None) -> None:
        self.config_path, self.db_url = config_path, db_url
        self._config: MonitorConfig | None = None
        self._store: Store | None = None
        self._replay_from: str | None = None  # the live database an --as-of run copies and leaves alone

    @property
    def config(self) -> MonitorConfig:
        if self._config is None:
            self._config = load_config(self.config_path, database_url=self.db_url)
        return self._config

    @property
    def store(self) -> Store:
        """The database, created when missing: for the commands that write (run-once, daemon, db upgrade)."""
        if self._store is None:
            self._store = Store.open(self.config.database_url)
            if self._replay_from is not None:
                self._fill_replay(self._store)
        return self._store

    def _fill_replay(self, scratch: Store) -> None:
        from storage.replay import copy_for_replay

        if missing_sqlite_file(self._replay_from or "") is not None:
            return  # no live database yet: the replay starts empty
        live = Store.open(self._replay_from or "", migrate=False)
        try:
            copied = copy_for_replay(live, scratch)
        finally:
            live.close()
        click.echo(f"replay: {copied} documents copied from {live.url_for_display} into {scratch.url_for_display}; "
                   "mentions and findings of this run are written there, the live database is untouched", err=True)

    @property
    def existing_store(self) -> Store:
        """The database, which must exist already: for the commands that read or review it. A mistyped
        --db path would otherwise become a new, empty database that shows nothing, with exit status 0."""
        if self._replay_from is not None:
            return self.store  # the replay's scratch database, made from the live one
        missing = missing_sqlite_file(self.config.database_url)
        if missing is not None:
            raise ConfigError(f"no database at {missing}; check the path, or create it with `monitor run-once` "
                              "or `monitor db upgrade`", key="--db" if self.db_url else "database_url")
        return self.store

    def check_source_names(self, names: Iterable[str]) -> None:
        """Every name must be a source of the config or of the database: a typo must not do nothing quietly."""
        known = {s.name for s in self.config.sources} | {s.name for s in self.existing_store.source_states()}
        unknown = [name for name in names if name not in known]
        if unknown:
            raise ConfigError(f"no source named {unknown[0]!r}; known: {', '.join(sorted(known)) or 'none'}",
                              key="--source")

    def replay(self, as_of: dt.datetime | None, replay_db: Path | None = None, *, require_live: bool = False) -> None:
        """--as-of: compare against the dataset as it was known on that date, in a scratch database (a new
        SQLite file, ``replay_db`` or one in the temp directory) that no digest, review or export reads."""
        if as_of is None:
            if replay_db is not None:
                raise ConfigError("--replay-db names where a replay writes; give it with --as-of", key="--replay-db")
            return
        import tempfile

        missing = missing_sqlite_file(self.config.database_url)
        if require_live and missing is not None:
            raise ConfigError(f"no database at {missing} to replay", key="--db" if self.db_url else "database_url")
        if replay_db is None:
            handle, name = tempfile.mkstemp(prefix=f"monitor-replay-{as_of:%Y-%m-%d}-", suffix=".db")
            os.close(handle)
            os.unlink(name)  # a fresh path: the store creates the file and its schema
            replay_db = Path(name)
        elif replay_db.exists():
            raise ConfigError(f"{replay_db} exists; a replay writes into a new database", key="--replay-db")
        live = self.config.database_url
        self._config = self.config.model_copy(update={"dataset_as_of": as_of.date(),
                                                      "database_url": f"sqlite:///{replay_db}"})
        self._replay_from = live

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


def missing_sqlite_file(url: str) -> Path | None:
    """The SQLite file a URL names when that file does not exist; None for other databases."""
    prefix = "sqlite:///"
    if not url.startswith(prefix):
        return None
    path = url[len(prefix):].split("?", 1)[0]
    if not path or path == ":memory:" or Path(path).exists():
        return None
    return Path(path)


def common_options(func: F) -> F:
    """--config and --db on every command, as the contract says."""

    @click.option("--config", "config_path", type=click.Path(dir_okay=False), envvar="MONITOR_CONFIG",
                  help="Config file (default: $MONITOR_CONFIG, else the bundled config/monitor.toml).")
    @click.option("--db", "db_url", metavar="URL", help="Database URL; beats $MONITOR_DATABASE_URL and the config file.")
    @click.option("-v", "--verbose", count=True, help="More log output on stderr (-vv for debug); also before the command.")
    @functools.wraps(func)
    def wrapper(config_path: str | None, db_url: str | None, verbose: int, **kwargs: Any) -> Any:
        if verbose:
            _setup_logging(verbose + click.get_current_context().find_root().params.get("verbose", 0))
        env = Env(config_path, db_url)
        try:
            with errors_as_exit_codes():
                return func(env, **kwargs)
        finally:
            env.close()

    return wrapper  # type: ignore[return-value]


@contextlib.contextmanager
def errors_as_exit_codes() -> Iterator[None]:
    """The project's errors as one stderr line and an exit code: 2 for config, 1 for the rest."""
    try:
        yield
    except ConfigError as exc:
        click.echo(f"monitor: config error: {exc}", err=True)
        sys.exit(2)
    except UsageError as exc:
        click.echo(f"monitor: {exc}", err=True)
        sys.exit(2)
    except StorageError as exc:
        click.echo(f"monitor: database error: {exc}", err=True)
        sys.exit(1)
    except MonitorError as exc:
        click.echo(f"monitor: {exc}", err=True)
        sys.exit(1)


def as_of_option(func: F) -> F:
    func = click.option("--replay-db", "replay_db", type=click.Path(dir_okay=False, path_type=Path),
                        help="With --as-of: the new SQLite file the replay writes (default: one in the temp directory).")(func)
    return click.option(
        "--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]),
        help="Replay history: compare with the dataset as known on this date (beats dataset_as_of in the config), "
             "in a scratch copy of the database; the live one is left untouched.")(func)  # type: ignore[return-value]


def emit_json(rows: Iterable[dict[str, Any]] | dict[str, Any]) -> None:
    payload = rows if isinstance(rows, dict) else list(rows)
    click.echo(json.dumps(payload, ensure_ascii=False, indent=2))


def _setup_logging(verbose: int) -> None:
    """Log lines on stderr with the shared key=value fields; left alone when the host process (a test
    harness, an application embedding monitor) configured logging already. Called for ``monitor -v``
    and again for ``monitor COMMAND -v``: the second call replaces only a handler of our own."""
    from monitor.logging_setup import configure

    handlers = logging.getLogger().handlers
    if not handlers or (verbose and all(getattr(h, "monitor_handler", False) for h in handlers)):
        configure(max(logging.WARNING - 10 * verbose, logging.DEBUG))


class _SummarisedInTable(logging.Filter):
    """Drops the per-source failure warnings while run-once prints its table, which shows each once."""

    def filter(self, record: logging.LogRecord) -> bool:
        from monitor.run.collect import SOURCE_FAILED

        return record.msg != SOURCE_FAILED


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", count=True, help="More log output on stderr (-vv for debug).")
@click.version_option(package_name="monitor")
def cli(verbose: int) -> None:
    """Monitor news for AI-regulation updates: China's generative-AI filing batches, approved companies,
    running totals, and other regulation events."""
    _setup_logging(verbose)


@cli.command("run-once")
@common_options
@click.option("--source", "sources", multiple=True, metavar="NAME", help="Only this source (repeatable); runs even when not due.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
@as_of_option
def run_once_command(env: Env, sources: tuple[str, ...], as_json: bool, as_of: dt.datetime | None,
                     replay_db: Path | None) -> None:
    """Fetch every due source once, store what is new, analyse it, and report."""
    from monitor.output import run_with_progress
    from monitor.run.analysis import load_analysis_files

    env.replay(as_of, replay_db)
    files = load_analysis_files(env.config)  # a bad rules or dataset file stops here, before anything is written
    import monitor.run.pipeline  # noqa: F401  (imported now so that the freeze below covers it)

    # Modules, rules and the dataset live as long as the process: out of the collector's generations,
    # the full collections that a run of 50,000 entries triggers do not scan them again and again.
    gc.freeze()
    if logging.getLogger().getEffectiveLevel() > logging.INFO:  # -v shows each failure as it happens too
        for handler in logging.getLogger().handlers:
            if getattr(handler, "monitor_handler", False):  # not a host's handlers (a test harness, say)
                handler.addFilter(_SummarisedInTable())
    report = run_with_progress(env.config, env.store, names=list(sources), show=not as_json and sys.stderr.isatty(),
                               files=files)
    if as_json:
        from monitor.output import report_json

        emit_json(report_json(report))
    else:
        print_run_report(report)
        if as_of is not None:
            console().print(f"replay written to {env.store.url_for_display}; the live database is untouched",
                            markup=False, soft_wrap=True)
    sys.exit(report.exit_status)


@cli.command("sources")
@common_options
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def sources_command(env: Env, fmt: str) -> None:
    """Health of every source: last success, failures, last error, next due."""
    enabled = {s.name: s.enabled for s in env.config.sources}
    states = [s for s in env.existing_store.sync_sources(env.config.sources) if s.name in enabled]
    if fmt == "json":
        emit_json(source_json(s, enabled=enabled[s.name]) for s in states)
    else:
        from monitor.run.daemon import daemon_status

        from monitor.delivery.outbox import refusal_lines

        print_sources(states, enabled)
        console().print(daemon_status(env.store.heartbeat()))
        for line in refusal_lines(env.store.open_refusals()):  # recipients still without their digest
            console().print(line, markup=False)


@cli.command("documents")
@common_options
@click.option("--source", "sources", multiple=True, metavar="NAME", help="Only documents of this source (repeatable).")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Only documents published on or after this date.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def documents_command(env: Env, sources: tuple[str, ...], since: dt.datetime | None, fmt: str) -> None:
    """What was stored and extracted."""
    env.check_source_names(sources)
    docs = env.existing_store.list_documents(sources=sources, since=since.date() if since else None)
    if fmt == "json":
        emit_json(document_json(d) for d in docs)
    else:
        print_documents(docs)


@cli.command("mentions")
@common_options
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Only mentions in documents published on or after this date.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def mentions_command(env: Env, since: dt.datetime | None, fmt: str) -> None:
    """What the rules read: batches, company approvals, totals, regulation events."""
    rows = env.existing_store.list_mentions(since=since.date() if since else None)
    if fmt == "json":
        emit_json(mention_json(m) for m in rows)
    else:
        print_mentions(rows)


@cli.command("stories")
@common_options
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Only stories reported on or after this date.")
@click.option("--min-reports", type=click.IntRange(min=1), default=2, show_default=True,
              help="Only stories told by at least this many reports.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def stories_command(env: Env, since: dt.datetime | None, min_reports: int, fmt: str) -> None:
    """Events as stories: every report of one event (rewrites, other languages) under one id."""
    from monitor.output import print_stories
    from monitor.views import story_json

    rows = env.existing_store.list_stories(since=since.date() if since else None, min_reports=min_reports)
    if fmt == "json":
        emit_json(story_json(s) for s in rows)
    else:
        print_stories(rows)


@cli.command("findings")
@common_options
@click.option("--status", type=click.Choice(["new", "accepted", "dismissed", "withdrawn", "all"]), default="new",
              show_default=True, help="Review status; 'withdrawn': findings whose evidence reprocessing removed.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Only findings first seen on or after this date.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
def findings_command(env: Env, status: str, since: dt.datetime | None, fmt: str) -> None:
    """What changed in the world compared with the known dataset."""
    rows = env.existing_store.list_findings(status=status, since=since.date() if since else None)
    if fmt == "json":
        emit_json(finding_json(f) for f in rows)
    elif fmt == "csv":
        from monitor.output import findings_csv

        click.echo(findings_csv(rows), nl=False)
    else:
        print_findings(rows)


@cli.command("filings")
@common_options
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Only rows filed on or after this date.")
@click.option("--provider", metavar="TEXT", help="Only rows whose provider (legal entity) contains TEXT.")
@click.option("--registry", type=click.Choice(["filed", "registered"]), help="Filed (备案) or registered (登记) only.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
def filings_command(env: Env, since: dt.datetime | None, provider: str | None, registry: str | None, fmt: str) -> None:
    """Rows of the regulator's filing lists read by 'filings' sources."""
    from monitor.filings.views import filing_json, filings_csv, print_filings
    from monitor.findings.known import load_known

    dataset = load_known(env.config.dataset, env.config.dataset_as_of)
    stored = env.existing_store.filings(since=since.date() if since else None, provider=provider, registry=registry)
    rows = [filing_json(filing, dataset) for filing in stored]
    if fmt == "json":
        emit_json(rows)
    elif fmt == "csv":
        click.echo(filings_csv(rows), nl=False)
    else:
        print_filings(rows)


@cli.command("reprocess")
@common_options
@click.option("--source", default=None, metavar="NAME", help="Only documents of this source.")
@click.option("--json", "as_json", is_flag=True, help="Print what was reprocessed as one JSON object.")
@as_of_option
def reprocess_command(env: Env, source: str | None, as_json: bool, as_of: dt.datetime | None,
                      replay_db: Path | None) -> None:
    """Run the rules and the diff again over stored documents (after a rules or dataset change)."""
    from monitor.run.analysis import analyse_pending, load_analysis_files
    from monitor.run.pipeline import utcnow

    env.replay(as_of, replay_db, require_live=True)
    if source is not None:
        env.check_source_names([source])
    files = load_analysis_files(env.config)
    marked = env.existing_store.mark_all_for_reprocessing(source=source)
    summary = analyse_pending(env.store, env.config, now=utcnow(), files=files)
    if as_json:
        emit_json({"marked": marked, "documents": summary.documents, "mentions": summary.mentions,
                   "new_findings": summary.new_findings, "source": source,
                   "replay_db": env.store.url_for_display if as_of is not None else None})
        return
    console().print(f"reprocessed {summary.documents} of {marked} documents: {summary.mentions} mentions, "
                    f"{summary.new_findings} new findings")
    if as_of is not None:
        console().print(f"replay written to {env.store.url_for_display}; the live database is untouched", markup=False,
                        soft_wrap=True)


@cli.group("db")
def db_group() -> None:
    """Database schema."""


@db_group.command("upgrade")
@common_options
@click.option("--json", "as_json", is_flag=True, help="Print the revisions before and after as one JSON object.")
def db_upgrade_command(env: Env, as_json: bool) -> None:
    """Apply pending migrations (run-once and the daemon also do this on start)."""
    from storage.engine import current_revision, upgrade

    store = Store.open(env.config.database_url, migrate=False)
    try:
        before = current_revision(store.engine)
        upgrade(store.engine)
        after = current_revision(store.engine)
    finally:
        store.close()
    if as_json:
        emit_json({"database": store.url_for_display, "revision_before": before, "revision": after,
                   "upgraded": before != after})
    else:
        console().print(f"database at {store.url_for_display} is up to date")


@cli.group("dataset")
def dataset_group() -> None:
    """Review findings into the known dataset, and export it."""


def _review(env: Env, finding_ids: tuple[int, ...], status: str, as_json: bool) -> None:
    """Every id reviewed in one transaction; an unknown id changes nothing (NotFoundError: exit 2)."""
    try:
        result = env.existing_store.set_findings_status(finding_ids, status)
    except NotFoundError as exc:
        raise NotFoundError(f"{exc}; `monitor findings --status all` lists them") from None
    if as_json:
        emit_json({"status": result.status, "changed": list(result.changed),
                   "findings": [finding_json(view) for view in result.findings]})
        return
    for view in result.findings:
        was = "" if view.id in result.changed else " (already)"
        console().print(f"finding {view.id} ({view.finding.key}) is now {view.status}{was}: {view.finding.summary}",
                        markup=False)


_REVIEW_JSON = click.option("--json", "as_json", is_flag=True,
                            help='Print {"status", "changed": [ids], "findings": [...]} as one JSON object.')


@dataset_group.command("accept")
@common_options
@click.argument("finding_ids", metavar="ID...", type=int, nargs=-1, required=True)
@_REVIEW_JSON
def dataset_accept_command(env: Env, finding_ids: tuple[int, ...], as_json: bool) -> None:
    """The findings are true: their facts join the dataset (in the database) and never alert again.
    Several ids are reviewed together; one unknown id changes none."""
    _review(env, finding_ids, "accepted", as_json)


@dataset_group.command("dismiss")
@common_options
@click.argument("finding_ids", metavar="ID...", type=int, nargs=-1, required=True)
@_REVIEW_JSON
def dataset_dismiss_command(env: Env, finding_ids: tuple[int, ...], as_json: bool) -> None:
    """The findings are wrong or irrelevant: the same keys are never raised again.
    Several ids are reviewed together; one unknown id changes none."""
    _review(env, finding_ids, "dismissed", as_json)


@dataset_group.command("export")
@common_options
@click.option("--output", type=click.Path(dir_okay=False, writable=True), help="Write to this file instead of stdout.")
def dataset_export_command(env: Env, output: str | None) -> None:
    """The dataset file plus every accepted fact, in the dataset file's format."""
    from monitor.dataset import load_dataset

    dataset = load_dataset(env.config.dataset).with_facts(env.existing_store.accepted_findings())
    text = dataset.to_toml(env.config.dataset)
    if output:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text)
        console().print(f"wrote {output}")
    else:
        click.echo(text, nl=False)


def main() -> None:
    cli(prog_name="monitor")


@cli.command("demo")
@click.option("--keep", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
              help="Keep the demo's database and config in DIR (created; nothing in it is overwritten).")
@click.option("--config", "config_path", hidden=True)
@click.option("--db", "db_url", hidden=True)
def demo_command(keep: Path | None, config_path: str | None, db_url: str | None) -> None:
    """Offline: serve the bundled demo corpus on 127.0.0.1, run the pipeline on it, show what it found."""
    from monitor.demo import DEMO_AS_OF, demo_environment
    from monitor.output import print_clusters, run_with_progress

    if config_path or db_url:
        click.echo("monitor: the demo writes its own config and database; `monitor demo --keep DIR` keeps them "
                   "in DIR for the other commands (--config DIR/monitor.toml)", err=True)
        sys.exit(2)
    with errors_as_exit_codes(), demo_environment(keep) as path:
        env = Env(str(path), None)
        try:
            out = console()
            out.print(f"[bold]monitor demo[/bold]: the bundled corpus served on 127.0.0.1, dataset as of {DEMO_AS_OF}")
            report = run_with_progress(env.config, env.store, names=[], show=False)
            print_run_report(report)
            out.print("\n[bold]Stories[/bold] (syndicated copies grouped into one cluster)")
            print_clusters(env.store.list_documents())
            out.print("\n[bold]Findings[/bold] (what is new against the dataset)")
            print_findings(env.store.list_findings(status="all"))
        finally:
            env.close()
    if keep is not None:
        console().print(f"\nKept in {keep}: go on with `monitor findings --config {keep / 'monitor.toml'}`, "
                        "`monitor digest preview`, `monitor documents` ... with the same --config.")


@cli.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=".", required=False)
def init_command(directory: Path) -> None:
    """Write a starter config into DIRECTORY (default: here): monitor.toml with the bundled sources and a
    database beside it, and copies of the rules and dataset to edit. Nothing is overwritten."""
    from monitor.starter import write_starter

    try:
        path = write_starter(directory)
    except ConfigError as exc:
        click.echo(f"monitor: {exc}", err=True)
        sys.exit(2)
    console().print(f"wrote {path} and the rules and dataset beside it; run `monitor run-once --config {path}` "
                    "(or set MONITOR_CONFIG)")


# -- digest and daemon (docs/contracts.md section 5) -------------------------------------------------


@cli.group("digest")
def digest_group() -> None:
    """The daily e-mail: preview it, or send what is pending now."""


@digest_group.command("preview")
@common_options
@click.option("--format", "fmt", type=click.Choice(["text", "html"]), default="text", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, writable=True), help="Write to this file instead of stdout.")
def digest_preview_command(env: Env, fmt: str, output: str | None) -> None:
    """Render what `monitor digest send` would mail now; writes nothing to the outbox."""
    from pathlib import Path

    from monitor.delivery.outbox import preview
    from monitor.run.pipeline import utcnow

    rendered = preview(env.config, env.existing_store, now=utcnow(), fmt=fmt)  # type: ignore[arg-type]
    if output:
        Path(output).write_text(rendered, encoding="utf-8")
        click.echo(f"digest preview written to {output}", err=True)
    else:
        click.echo(rendered, nl=not rendered.endswith("\n"))


@digest_group.command("send")
@common_options
@click.option("--json", "as_json", is_flag=True, help="Print what was sent (and what failed) as one JSON object.")
def digest_send_command(env: Env, as_json: bool) -> None:
    """Send pending digests, then one for the findings in no digest yet. Exit 1 when a send failed."""
    from monitor.delivery.outbox import send_digests

    if any(c.when == "digest" for c in env.config.channels):  # the [[channel]]s with when = "digest"
        from monitor.channels.outbox import deliver

        for attempt in deliver(env.config, env.existing_store, digest=True).attempts:  # stderr: stdout may be JSON
            click.echo(f"channel {attempt.channel}: " + ("sent" if attempt.error is None else f"not sent ({attempt.error})")
                       + f" {attempt.key}", err=True)
    report = send_digests(env.config, env.existing_store)
    if as_json:
        emit_json(send_report_json(report))
        sys.exit(report.exit_status)
    for sent in report.sent:
        click.echo(f"sent digest {sent.digest_id} ({sent.n_findings} findings) {sent.message_id}: {sent.subject}")
    if report.skipped_empty:
        click.echo("nothing new: no digest sent (set digest.send_empty = true for a 'nothing new' mail)")
    if report.error:
        click.echo(f"monitor: digest not sent, it stays pending and is retried: {report.error}", err=True)
    for retry in report.retried:
        if retry.reply is None:
            click.echo(f"sent digest {retry.digest_id} to {retry.recipient}, who was refused before")
    for line in report.refusals:
        click.echo(f"monitor: {line}", err=True)
    sys.exit(report.exit_status)


@cli.command("channels")
@common_options
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def channels_command(env: Env, fmt: str) -> None:
    """Alert channels and the e-mail digest: pending, sent and failed deliveries, last error, last success."""
    from monitor.channels.status import channel_statuses, print_statuses, status_json

    statuses = channel_statuses(env.config, env.existing_store)
    if fmt == "json":
        emit_json(status_json(s) for s in statuses)
    else:
        print_statuses(statuses)


@cli.command("serve")
@common_options
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback needs MONITOR_WEB_TOKEN.")
@click.option("--port", type=click.IntRange(0, 65535), default=8080, show_default=True, help="Port (0: any free one).")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Processes serving the port: one uses one core (a page renders under the GIL).")
def serve_command(env: Env, host: str, port: int, workers: int) -> None:
    """The web view until Ctrl-C: findings to review (accept / dismiss), sources, filings, totals, JSON API.
    With MONITOR_WEB_TOKEN set, every request must carry it (Authorization: Bearer, or ?token= once)."""
    from monitor.logging_setup import configure
    from monitor.web import check_bind, serve, web_token

    token = web_token()
    check_bind(host, token)  # before the database is opened: a refusal costs nothing
    if not logging.getLogger().handlers:
        configure(logging.WARNING)  # request lines (logger monitor.web.guard) with -v
    serve(env.config, env.existing_store, host=host, port=port, token=token, workers=workers)


@cli.command("health")
@common_options
def health_command(env: Env) -> None:
    """Exit 0 when a monitor daemon on this host keeps its heartbeat on this database, else 1
    (the container healthcheck of docker-compose.yml)."""
    import socket

    from monitor.run.daemon import STALE_AFTER, daemon_status
    from monitor.run.pipeline import utcnow

    beat = env.existing_store.heartbeat()
    click.echo(daemon_status(beat))
    # The database may be shared with daemons elsewhere: only this host's daemon makes this host healthy.
    here = beat is not None and beat.holder.rsplit(":", 1)[0] == socket.gethostname()
    fresh = beat is not None and utcnow() - beat.heartbeat_at <= STALE_AFTER
    sys.exit(0 if here and fresh else 1)


@cli.command("daemon")
@common_options
@click.option("--time-scale", type=click.FloatRange(min=0.001), default=1.0, hidden=True,
              help="Multiply source intervals (tests).")
@click.option("--heartbeat-every", type=click.FloatRange(min=0.1), default=30.0, hidden=True, help="Seconds (tests).")
@click.option("--digest-every", type=click.FloatRange(min=0.1), default=None, hidden=True,
              help="Send the digest every N seconds instead of daily (tests).")
@click.option("--channels-every", type=click.FloatRange(min=0.1), default=30.0, hidden=True,
              help="Seconds between retries of due channel messages (tests).")
def daemon_command(env: Env, time_scale: float, heartbeat_every: float, digest_every: float | None,
                   channels_every: float) -> None:
    """Poll every source on its interval and send the digest daily, until SIGTERM or SIGINT."""
    import signal
    import threading

    from monitor.logging_setup import configure
    from monitor.run.daemon import Daemon, Timing

    configure(min(logging.getLogger().level, logging.INFO) or logging.INFO)
    stop = threading.Event()

    def _stop(signum: int, _frame: object) -> None:
        logger.info("signal %s: stopping after the running jobs", signal.Signals(signum).name)
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    timing = Timing(time_scale=time_scale, heartbeat_every=heartbeat_every, digest_every=digest_every,
                    channels_every=channels_every)
    daemon = Daemon(env.config, env.store, timing=timing)
    daemon.run_until(stop)
