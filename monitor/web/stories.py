"""One page of findings grouped by the story that carries them, as the digest groups its sections.

    group_by_story(views) -> [StoryGroup]   groups in the order their first finding comes in ``views``

A finding's story is the cluster the store chose for it (``StoredFinding.story``: the one carrying most
of its value's reports), else the cluster of its first clustered evidence, else none: a group of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Hashable, Sequence

from storage.queries import StoredFinding


@dataclass(frozen=True, slots=True)
class StoryGroup:
    story: int | None
    headline: str  # the title of the story's earliest report among the evidence, raw (the template cleans it)
    findings: tuple[StoredFinding, ...]


def story_of(view: StoredFinding) -> int | None:
    if view.story is not None:
        return view.story
    return next((e.cluster for e in view.evidence if e.cluster is not None), None)


def _headline(story: int | None, members: Sequence[StoredFinding]) -> str:
    evidence = [e for view in members for e in view.evidence]
    lead = next((e for e in evidence if story is not None and e.cluster == story), evidence[0] if evidence else None)
    return lead.title if lead is not None and lead.title else members[0].finding.summary


def group_by_story(views: Sequence[StoredFinding]) -> list[StoryGroup]:
    stories: dict[Hashable, list[StoredFinding]] = {}
    for view in views:
        story = story_of(view)
        stories.setdefault(("story", story) if story is not None else ("single", view.id), []).append(view)
    groups = []
    for key, members in stories.items():
        story = key[1] if key[0] == "story" else None
        groups.append(StoryGroup(story, _headline(story, members), tuple(members)))  # type: ignore[arg-type]
    return groups
