"""monitor.run.writer: saves queued behind a busy writer are committed together, and one bad source
in a group fails alone, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
from pathlib import Path

import pytest

from monitor.config import load_config
from monitor.errors import StorageError
from monitor.records import Document
from monitor.run.writer import GroupWriter
from storage import FetchSuccess, Store
from tests.support.configs import feed, write_config

NOW = dt.datetime(2024, 3, 1, 12, 0, tzinfo=dt.timezone.utc)
SOURCES = [f"s{n}" for n in range(10)]


def documents(source: str, count: int = 3) -> list[Document]:
    return [Document(source=source, url=f"https://{source}.example.com/{i}", guid=f"{source}-{i}",
                     title=f"Story {i} of {source}", published=NOW, text=f"Text {i} of {source}.") for i in range(count)]


def success(source: str) -> FetchSuccess:
    return FetchSuccess(source, dt.timedelta(minutes=30), f'"etag-{source}"', None)


@pytest.fixture
def store(db_url: str, tmp_path: Path):
    config = load_config(write_config(tmp_path, db_url, [feed(name, f"http://127.0.0.1/{name}") for name in SOURCES]))
    opened = Store.open(config.database_url)
    opened.sync_sources(config.sources)
    yield opened
    opened.close()


def hold_first_save(store: Store, monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, list[int]]:
    """The writer's first save waits until the test releases it, so the next ones queue behind it;
    the real save runs afterwards. Returns the release event and the sizes of the groups written."""
    release, groups = threading.Event(), []
    real_save, real_group = store.save_documents, store.save_sources

    def save_documents(*args, **kwargs):
        if not groups:
            assert release.wait(30)
        groups.append(1)
        return real_save(*args, **kwargs)

    def save_sources(saves):
        groups.append(len(saves))
        return real_group(saves)

    monkeypatch.setattr(store, "save_documents", save_documents)
    monkeypatch.setattr(store, "save_sources", save_sources)
    return release, groups


def test_saves_queued_behind_a_busy_writer_are_committed_together(store: Store, monkeypatch) -> None:
    release, groups = hold_first_save(store, monkeypatch)

    async def run() -> list[list[str]]:
        writer = GroupWriter(store)
        try:
            first = asyncio.ensure_future(writer.save(documents("s0"), now=NOW, success=success("s0")))
            await asyncio.sleep(0.2)  # the writer has taken s0 and waits
            rest = [asyncio.ensure_future(writer.save(documents(name), now=NOW, success=success(name)))
                    for name in SOURCES[1:]]
            await asyncio.sleep(0.2)
            release.set()
            return list(await asyncio.gather(first, *rest))
        finally:
            writer.close()

    statuses = asyncio.run(run())
    assert groups == [1, 9]
    assert statuses == [["new"] * 3] * 10
    assert len(store.list_documents()) == 30
    states = {state.name: state for state in store.source_states()}
    assert all(states[name].etag == f'"etag-{name}"' and states[name].last_success_at for name in SOURCES)


def test_a_bad_source_in_a_group_fails_alone(store: Store, monkeypatch) -> None:
    release, groups = hold_first_save(store, monkeypatch)

    async def run() -> list[object]:
        writer = GroupWriter(store)
        try:
            first = asyncio.ensure_future(writer.save(documents("s0"), now=NOW, success=success("s0")))
            await asyncio.sleep(0.2)
            saves = [writer.save(documents(name), now=NOW, success=success(name)) for name in ("s1", "s2")]
            # a fetch recorded for a source the database does not know: this save raises
            saves.append(writer.save(documents("s3"), now=NOW, success=success("gone")))
            saves.append(writer.save(documents("s4"), now=NOW, success=success("s4")))
            pending = [asyncio.ensure_future(save) for save in saves]
            await asyncio.sleep(0.2)
            release.set()
            return list(await asyncio.gather(first, *pending, return_exceptions=True))
        finally:
            writer.close()

    results = asyncio.run(run())
    assert groups[:2] == [1, 4]  # s0 alone, then s1-s4 together, which failed ...
    assert groups[2:] == [1, 1, 1, 1]  # ... and were saved again one by one
    assert isinstance(results[3], LookupError) and "gone" in str(results[3])
    assert [r for i, r in enumerate(results) if i != 3] == [["new"] * 3] * 4
    stored = {d.source for d in store.list_documents()}
    assert stored == {"s0", "s1", "s2", "s4"}  # s3's entries rolled back with its failed fetch record


def test_304s_wait_for_the_writer_and_a_failed_batch_is_raised_by_close(store: Store) -> None:
    """The event loop only queues a 304; the writer records it, and a database fault reaches the run."""
    from sqlalchemy import text

    configs = source_configs()

    async def queue_checks(writer: GroupWriter) -> None:
        for source in configs[:3]:
            writer.not_modified(source, NOW)

    writer = GroupWriter(store)
    asyncio.run(queue_checks(writer))
    writer.close()
    states = {state.name: state for state in store.source_states()}
    assert [states[name].last_status for name in SOURCES[:3]] == ["not_modified"] * 3
    assert states[SOURCES[3]].last_status is None

    writer = GroupWriter(store)
    asyncio.run(queue_checks(writer))
    with store.engine.begin() as connection:  # the table the batch writes to is gone when it runs
        connection.execute(text("ALTER TABLE sources RENAME TO sources_gone"))
    try:
        # raised by close(), not lost on the writer thread
        with pytest.raises(StorageError, match=r"sources"):
            writer.close()
    finally:
        with store.engine.begin() as connection:
            connection.execute(text("ALTER TABLE sources_gone RENAME TO sources"))


def source_configs() -> list:
    from monitor.config import SourceConfig

    return [SourceConfig(name=name, kind="feed", url=f"http://127.0.0.1/{name}", interval="30m",
                         allow_private_network=True) for name in SOURCES]
