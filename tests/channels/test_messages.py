"""Channel messages from findings and source health: one per story, stable keys, hostile text made harmless."""

from __future__ import annotations

import datetime as dt

from monitor.channels.messages import (
    digest_message,
    health_down_message,
    health_up_message,
    key_hash,
    outage_stamp,
    story_groups,
    story_message,
)
from monitor.records import Evidence
from storage.queries import StoredFinding
from storage.records import SourceState
from tests.channels.support import batch, company

T = dt.datetime(2024, 1, 18, 10, 0, tzinfo=dt.timezone.utc)


def view(finding_id: int, finding, *, story: int | None, title: str = "Fourth batch cleared",
         url: str = "https://news.example.com/a", confidence: float = 0.5) -> StoredFinding:
    evidence = (Evidence(url, title, "wire", T, "Regulators approved 14 models.", story),)
    return StoredFinding(finding_id, finding, "new", T, evidence, sources=1, agreeing=1, confidence=confidence,
                       story=story)


def test_findings_are_grouped_per_story_and_a_finding_without_one_is_its_own() -> None:
    views = [view(1, batch(4), story=7), view(2, company("Xiaomi"), story=7), view(3, company("Zhipu"), story=None),
             view(4, batch(5), story=8)]
    groups = story_groups(views)
    assert sorted(sorted(v.id for v in g) for g in groups) == [[1, 2], [3], [4]]


def test_keys_name_the_channel_and_the_findings() -> None:
    single = story_message("team", [view(3, company("Zhipu"), story=None)])
    assert single.key == "team:new_company:zhipu"
    story = story_message("team", [view(1, batch(4), story=7), view(2, company("Xiaomi"), story=7)])
    assert story.key == f"team:story:7:{key_hash(['new_batch:4', 'new_company:xiaomi'])}"
    assert story.key == story_message("team", [view(2, company("Xiaomi"), story=7), view(1, batch(4), story=7)]).key
    # Each finding's own key is in the text, and the message's key closes it.
    assert "key: team:new_batch:4" in story.body and "key: team:new_company:xiaomi" in story.body
    assert story.body.endswith(f"idempotency key: {story.key}")
    assert [i.item for i in story.items] == ["new_batch:4", "new_company:xiaomi"]


def test_a_story_message_has_title_summary_value_sources_confidence_and_link() -> None:
    message = story_message("team", [view(1, batch(4), story=7, confidence=0.75)])
    assert message.title == "Fourth batch cleared"
    assert "New approval batch: New batch reported: 14 models approved" in message.body
    assert "value: batch 4, 14 models, 2024-01-17" in message.body
    assert "confidence 0.75, 1 source: wire" in message.body
    assert "https://news.example.com/a" in message.body


def test_hostile_article_text_becomes_one_bounded_line_and_bad_links_are_dropped() -> None:
    hostile = "<script>alert(1)</script> Cleared\r\nBcc: evil@example.com\u202e " + "long " * 400
    message = story_message("team", [view(1, batch(4), story=7, title=hostile, url="javascript:alert(1)")])
    assert "\r" not in message.title and "\n" not in message.title and "\u202e" not in message.title
    assert len(message.title) <= 300
    assert "javascript:" not in message.body


def test_a_digest_message_holds_every_finding_under_its_story() -> None:
    views = [view(1, batch(4), story=7), view(2, company("Xiaomi"), story=7), view(3, batch(5), story=8,
                                                                                   title="Fifth batch")]
    message = digest_message("daily", views, day=dt.date(2024, 1, 18))
    assert message.key.startswith("daily:digest:2024-01-18:") and len(message.items) == 3
    assert "## Fourth batch cleared" in message.body and "## Fifth batch" in message.body
    assert "3 new findings" in message.title


def test_health_messages_name_the_outage_they_announce() -> None:
    since = dt.datetime(2024, 1, 18, 6, 30, 5, tzinfo=dt.timezone.utc)
    state = SourceState("wire", "feed", "https://wire.example.org/feed.xml", None, None, T, None, since, 4,
                        "HTTP 503 from wire.example.org", "failed", None, 0)
    down = health_down_message("ops", state)
    assert down.key == "ops:health:wire:down:20240118T063005Z" and down.warning
    assert "failed 4 runs in a row" in down.body and "HTTP 503" in down.body
    up = health_up_message("ops", "wire", outage_stamp(since), None)
    assert up.key == "ops:health:wire:up:20240118T063005Z" and "works again" in up.body and not up.warning
