"""The daily digest: build it from pending findings, render it (text + HTML), mail it over SMTP.

    items, health, totals --build_digest--> Digest --render_text/render_html--> str
    Digest --build_message--> EmailMessage --send_message--> SMTP server (or DeliveryError)

Each step is pure except the last; the outbox (the caller) decides what is pending and marks a
digest sent only after :func:`send_message` returns.
"""

from .build import build_digest
from .message import build_message
from .records import (
    ChartBar,
    Digest,
    DigestItem,
    EvidenceGroup,
    FailingSource,
    FindingView,
    RegulatorNote,
    SourceHealth,
    SourceLink,
    StorySection,
    TotalPoint,
    WithdrawnView,
)
from .render import render_html, render_text
from .send import SmtpSettings, send_message

__all__ = [
    "ChartBar",
    "Digest",
    "DigestItem",
    "EvidenceGroup",
    "FailingSource",
    "FindingView",
    "RegulatorNote",
    "SmtpSettings",
    "SourceHealth",
    "SourceLink",
    "StorySection",
    "TotalPoint",
    "WithdrawnView",
    "build_digest",
    "build_message",
    "render_html",
    "render_text",
    "send_message",
]
