"""send_message against a real aiosmtpd server on 127.0.0.1: delivery, hostile input, faults, TLS."""

from __future__ import annotations

import email.policy
import logging
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from aiosmtpd.smtp import AuthResult
from tests.digest.digest_samples import DAY, NOW, hostile_items, sample_digest, sample_items
from tests.digest.html_checks import assert_inert
from tests.support.smtp import HOST, RecordingHandler, SmtpServer, TlsFiles, accept_login, closed_port, smtp_server

from monitor.digest import SmtpSettings, build_digest, build_message, send_message
from monitor.errors import DeliveryError

SENDER = "monitor@example.org"
RECIPIENTS = ["analyst@example.org", "second@example.org"]
PASSWORD = "Sw0rdf1sh-do-not-leak"


def _message(digest: Any = None) -> Any:
    return build_message(digest or sample_digest(), SENDER, RECIPIENTS, domain="example.org")


def _settings(server: SmtpServer, security: str = "plain", **kw: Any) -> SmtpSettings:
    return SmtpSettings(host=server.host, port=server.port, security=security, timeout=5.0, **kw)  # type: ignore[arg-type]


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_digest_arrives_as_multipart_alternative_with_every_finding_and_link(smtp: SmtpServer) -> None:
    send_message(_message(), _settings(smtp), password=None)
    (received,) = smtp.received
    assert received.rcpt_tos == tuple(RECIPIENTS) and received.mail_from == SENDER
    msg = received.message
    assert msg.get_content_type() == "multipart/alternative"
    assert msg["Message-ID"] == "<digest-42-2024-01-29@example.org>"
    text, html = msg.get_body(("plain",)).get_content(), msg.get_body(("html",)).get_content()
    facts = assert_inert(html)
    for item in sample_items():
        assert _flat(item.finding.summary) in _flat(text) and _flat(item.finding.summary) in _flat(facts.text)
        for ev in item.evidence:
            assert ev.url in text.split() and ev.url in facts.hrefs


def test_hostile_titles_arrive_escaped_and_harmless(smtp: SmtpServer) -> None:
    digest = build_digest(hostile_items(), day=DAY, health=[], totals=[], digest_id=9, now=NOW)
    send_message(_message(digest), _settings(smtp), password=None)
    (received,) = smtp.received
    # The CRLF + "Bcc:" in the title neither became a header nor an envelope recipient.
    assert received.rcpt_tos == tuple(RECIPIENTS)
    msg = received.message
    assert msg["Bcc"] is None and msg["X-Evil"] is None
    assert max(len(line) for line in received.content.splitlines()) <= 998
    assert len(received.content) < 60_000  # the 100 KB line was truncated, not shipped
    html = msg.get_body(("html",)).get_content()
    facts = assert_inert(html)
    assert "<script" not in html.lower() and "<script>alert(1)</script>" in facts.text
    text = msg.get_body(("plain",)).get_content()
    # Dropped links are named as withheld, never printed; the markup in snippets stays plain text.
    assert "javascript:alert(5)" not in text and "data:text/html" not in text
    assert text.count("link withheld") == 3


def test_connection_refused_is_temporary() -> None:
    settings = SmtpSettings(host=HOST, port=closed_port(), security="plain", timeout=5.0)
    with pytest.raises(DeliveryError, match="refused the connection") as info:
        send_message(_message(), settings, password=None)
    assert info.value.permanent is False


def test_server_that_never_greets_times_out_as_temporary() -> None:
    # Listening but never accepting: the TCP handshake completes in the backlog, no banner comes.
    with socket.socket() as listener:
        listener.bind((HOST, 0))
        listener.listen(1)
        settings = SmtpSettings(host=HOST, port=listener.getsockname()[1], security="plain", timeout=0.3)
        with pytest.raises(DeliveryError, match="did not answer in time") as info:
            send_message(_message(), settings, password=None)
    assert info.value.permanent is False


@pytest.mark.parametrize(("handler", "permanent"), [
    (RecordingHandler(rcpt_reply="451 4.3.2 try again later"), False),
    (RecordingHandler(data_reply="451 4.3.0 queue full"), False),
    (RecordingHandler(rcpt_reply="554 5.7.1 relay denied"), True),
    (RecordingHandler(data_reply="554 5.6.0 message rejected"), True),
], ids=["451-rcpt", "451-data", "554-rcpt", "554-data"])
def test_smtp_replies_map_to_temporary_or_permanent(handler: RecordingHandler, permanent: bool) -> None:
    with smtp_server(handler) as server:
        with pytest.raises(DeliveryError) as info:
            send_message(_message(), _settings(server), password=None)
    assert info.value.permanent is permanent
    assert ("554" if permanent else "451") in str(info.value)
    assert isinstance(info.value.__cause__, Exception)
    assert not server.received


def test_drop_after_data_is_temporary() -> None:
    with smtp_server(RecordingHandler(drop_after_data=True)) as server:
        with pytest.raises(DeliveryError, match="closed the connection") as info:
            send_message(_message(), _settings(server), password=None)
    assert info.value.permanent is False


def test_partly_refused_recipients_still_count_as_delivered(caplog: pytest.LogCaptureFixture) -> None:
    # Raising here would make the outbox resend to the recipient who already has the digest.
    with smtp_server(RecordingHandler(refuse_rcpt=("second@example.org",))) as server:
        refused = send_message(_message(), _settings(server), password=None)
    (received,) = server.received
    assert received.rcpt_tos == ("analyst@example.org",)
    assert refused == {"second@example.org": "550 5.1.1 no such user"}  # for the outbox to record and retry
    assert any("second@example.org: 550" in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)


def test_login_then_delivery() -> None:
    with smtp_server(authenticator=accept_login("digest", PASSWORD)) as server:
        send_message(_message(), _settings(server, username="digest"), password=PASSWORD)
    (received,) = server.received
    assert received.authenticated


def test_failed_login_never_shows_the_password(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with smtp_server(authenticator=accept_login("digest", "the-right-one")) as server:
        with pytest.raises(DeliveryError) as info:
            send_message(_message(), _settings(server, username="digest"), password=PASSWORD)
    assert info.value.permanent is True and "535" in str(info.value)
    assert PASSWORD not in str(info.value) and PASSWORD not in repr(info.value)
    assert PASSWORD not in repr(info.value.__cause__)
    assert PASSWORD not in caplog.text
    assert any(r.name.startswith("monitor.") for r in caplog.records)  # we did log the failure
    assert not server.received


def _echoing_rejector(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
    # A hostile or buggy server that quotes the credentials back in its error reply.
    password = auth_data.password.decode()
    return AuthResult(success=False, handled=False, message=f"535 5.7.8 wrong password {password}")


def test_password_echoed_by_the_server_is_scrubbed(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with smtp_server(authenticator=_echoing_rejector) as server:
        with pytest.raises(DeliveryError) as info:
            send_message(_message(), _settings(server, username="digest"), password=PASSWORD)
    assert "wrong password ********" in str(info.value)
    assert PASSWORD not in str(info.value) and info.value.__cause__ is None
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("monitor"))
    assert ours and PASSWORD not in ours


def test_username_without_password_fails_before_connecting(smtp: SmtpServer) -> None:
    with pytest.raises(DeliveryError, match="MONITOR_SMTP_PASSWORD") as info:
        send_message(_message(), _settings(smtp, username="digest"), password=None)
    assert info.value.permanent is True


def test_starttls_to_a_server_without_it_is_permanent(smtp: SmtpServer) -> None:
    with pytest.raises(DeliveryError, match="does not support") as info:
        send_message(_message(), _settings(smtp, "starttls"), password=None)
    assert info.value.permanent is True and not smtp.received


@pytest.fixture(params=["starttls", "ssl"])
def tls_server(request: pytest.FixtureRequest, tls_files: TlsFiles) -> Iterator[tuple[str, SmtpServer]]:
    with smtp_server(mode=request.param, tls=tls_files, authenticator=accept_login("digest", PASSWORD)) as server:
        yield request.param, server


def test_tls_delivery_with_login(tls_server: tuple[str, SmtpServer]) -> None:
    security, server = tls_server
    send_message(_message(), _settings(server, security, username="digest", tls_verify=False), password=PASSWORD)
    (received,) = server.received
    assert received.tls and received.authenticated
    assert received.message.get_content_type() == "multipart/alternative"


def test_tls_with_untrusted_certificate_is_permanent(tls_server: tuple[str, SmtpServer]) -> None:
    security, server = tls_server
    with pytest.raises(DeliveryError, match="certificate") as info:
        send_message(_message(), _settings(server, security, username="digest"), password=PASSWORD)
    assert info.value.permanent is True and PASSWORD not in str(info.value)
    assert not server.received


def test_received_message_parses_cleanly(smtp: SmtpServer) -> None:
    send_message(_message(), _settings(smtp), password=None)
    msg = smtp.received[0].message
    assert not msg.defects and all(not part.defects for part in msg.walk())
    assert msg.policy == email.policy.default


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"security": "tls"}, "security must be one of"),
    ({"port": 0}, "port"),
    ({"timeout": 0}, "timeout"),
])
def test_settings_are_validated(kwargs: dict[str, Any], match: str) -> None:
    base: dict[str, Any] = {"host": HOST, "port": 25, "security": "plain"}
    with pytest.raises(ValueError, match=match):
        SmtpSettings(**{**base, **kwargs})
