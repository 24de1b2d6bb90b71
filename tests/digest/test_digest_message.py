"""build_message: MIME structure, deterministic identity, headers that take no untrusted text."""

from __future__ import annotations

import email.policy
from email.parser import BytesParser

import pytest
from tests.digest.digest_samples import DAY, NOW, hostile_items, sample_digest

from monitor.digest import build_digest, build_message

SENDER = "monitor@example.org"
RECIPIENTS = ["analyst@example.org", "second@example.org"]


def test_message_is_multipart_alternative_text_then_html() -> None:
    msg = build_message(sample_digest(), SENDER, RECIPIENTS, domain="example.org")
    assert msg.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in msg.iter_parts()] == ["text/plain", "text/html"]
    assert all(part.get_content_charset() == "utf-8" for part in msg.iter_parts())


def test_message_id_date_and_subject_are_deterministic() -> None:
    first = build_message(sample_digest(), SENDER, RECIPIENTS, domain="example.org")
    again = build_message(sample_digest(), SENDER, RECIPIENTS, domain="example.org")
    assert first["Message-ID"] == again["Message-ID"] == "<digest-42-2024-01-29@example.org>"
    assert first["Date"] == "Mon, 29 Jan 2024 08:00:00 +0800"
    assert first["Subject"] == "AI approvals monitor, 2024-01-29: 1 new batch, 1 new company, 1 new total"
    assert first["To"] == "analyst@example.org, second@example.org"
    assert first.get_body(("plain",)).get_content() == again.get_body(("plain",)).get_content()


def test_hostile_digest_adds_no_header_and_keeps_lines_bounded() -> None:
    digest = build_digest(hostile_items(), day=DAY, health=[], totals=[], digest_id=9, now=NOW)
    raw = build_message(digest, SENDER, RECIPIENTS, domain="example.org").as_bytes()
    parsed = BytesParser(policy=email.policy.default).parsebytes(raw)
    assert sorted(parsed.keys()) == sorted(["Subject", "From", "To", "Date", "Message-ID", "Auto-Submitted",
                                            "X-Monitor-Digest", "MIME-Version", "Content-Type"])
    assert max(len(line) for line in raw.splitlines()) <= 998
    assert b"<script" not in parsed.get_body(("html",)).get_content().encode()


@pytest.mark.parametrize(("sender", "recipient"), [
    ("monitor@example.org\r\nBcc: evil@example.com", "a@example.org"),
    ("monitor@example.org", "a@example.org\nBcc: evil@example.com"),
    # Would become two envelope recipients, since smtplib reads them from the To header.
    ("monitor@example.org", "a@example.org Cc: evil@example.com"),
    ("monitor@example.org", "a@example.org, evil@example.com"),
    ("monitor@example.org", "no-at-sign"),
])
def test_config_values_that_smuggle_addresses_are_refused(sender: str, recipient: str) -> None:
    with pytest.raises(ValueError, match="single mail address"):
        build_message(sample_digest(), sender, [recipient], domain="example.org")


def test_display_names_are_kept() -> None:
    msg = build_message(sample_digest(), "Monitor Bot <monitor@example.org>", ["a@example.org"], domain="example.org")
    assert msg["From"] == "Monitor Bot <monitor@example.org>"


@pytest.mark.parametrize("domain", ["", "exa mple.org", "example.org>\r\nBcc: x@y", "-bad.org", "a@b"])
def test_message_id_domain_is_validated(domain: str) -> None:
    with pytest.raises(ValueError, match="domain"):
        build_message(sample_digest(), SENDER, RECIPIENTS, domain=domain)


def test_recipients_are_required() -> None:
    with pytest.raises(ValueError, match="recipient"):
        build_message(sample_digest(), SENDER, [], domain="example.org")
