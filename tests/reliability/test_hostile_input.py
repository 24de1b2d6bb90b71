"""Hostile feeds end to end: entity expansion, external entities, markup, CR/LF, huge fields, SSRF links, bad bytes.

Limits decided (and enforced by monitor.sources.feeds): a title is cut at 1000 characters, text and summary
at 200,000; control characters are dropped; CR and LF inside a title become spaces or a line break
in stored text and never a mail header. Links to loopback, private and metadata addresses are
refused unless the source sets allow_private_network, directly and after a redirect.
"""

from __future__ import annotations

import time

import lxml.html
from pathlib import Path

from sqlalchemy import select

from monitor.config import load_config
from monitor.run.pipeline import run_once
from monitor.sources.feeds import MAX_TEXT, MAX_TITLE
from storage import Store
from storage.models import DocumentRow
from tests.support.smtp import SmtpServer
from tests.outbox.support import AS_OF, XML, config_for
from tests.reliability.support import check_invariants, monitor, clean_env
from tests.support.configs import feed
from tests.support.httpserver import Response, TestServer

BATCH = ("Chinese regulators approved 14 generative AI models in the fourth batch, including models from "
         "Xiaomi, 4Paradigm and 01.AI.")
LAUGHS = ('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
          '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
          '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">'
          '<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">'
          '<!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;"><!ENTITY j "&i;&i;&i;&i;&i;&i;&i;&i;&i;&i;">]>'
          '<rss version="2.0"><channel><title>Laughs</title><item><title>Laugh &j;</title>'
          '<link>https://laughs.example.com/1</link><description>Quiet day &j;</description></item></channel></rss>')


def stored(db_url: str) -> list[DocumentRow]:
    store = Store.open(db_url)
    try:
        with store.session() as session:
            return list(session.scalars(select(DocumentRow)))
    finally:
        store.close()


def xxe(leak_url: str) -> str:
    return ('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY file SYSTEM "file:///etc/passwd">'
            f'<!ENTITY web SYSTEM "{leak_url}">]>'
            '<rss version="2.0"><channel><title>XXE</title><item><title>Secret &file; here</title>'
            '<link>https://xxe.example.com/1</link><description>Remote &web; there</description></item></channel></rss>')


def item(title: str, link: str, text: str, guid: str) -> str:
    return (f"<item><title>{title}</title><link>{link}</link><guid isPermaLink=\"false\">{guid}</guid>"
            f"<pubDate>Thu, 18 Jan 2024 10:00:00 +0000</pubDate><description>{text}</description></item>")


def channel(*items: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Hostile</title>'
            + "".join(items) + "</channel></rss>").encode()


def test_entity_expansion_and_external_entities_are_not_expanded_or_fetched(server: TestServer, tmp_path: Path,
                                                                           db_url: str) -> None:
    server.route("/laughs", Response(body=LAUGHS, content_type=XML))
    server.route("/xxe", Response(body=xxe(server.url("/leak")), content_type=XML))
    server.route("/leak", Response(body="LEAKED-THROUGH-ENTITY", content_type="text/plain"))
    config = config_for(tmp_path, db_url, [feed("laughs", server.url("/laughs")), feed("xxe", server.url("/xxe"))],
                        smtp_port=1)
    started = time.monotonic()
    result = monitor("run-once", "--config", str(config), "--json")
    assert time.monotonic() - started < 30 and result.returncode in (0, 1), result.stderr
    assert server.count("/leak") == 0, "an external entity made the parser fetch a URL"
    text = "".join(d.title + d.text + d.summary for d in stored(db_url))
    assert "root:" not in text and "LEAKED" not in text and "/bin/" not in text
    assert len(text) < 10_000, "entities were expanded"
    check_invariants(db_url, settled=True)


def test_markup_crlf_huge_fields_and_bad_bytes_end_as_bounded_plain_text_and_a_clean_digest(
        server: TestServer, smtp: SmtpServer, tmp_path: Path, db_url: str) -> None:
    hostile = ("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"
               "&lt;style&gt;body{display:none}&lt;/style&gt;&amp;lt;b onmouseover=alert(3)&amp;gt;Fourth batch cleared")
    body = channel(
        item(hostile, "https://wire.example.org/1", BATCH + " &lt;a href=\"javascript:alert(4)\"&gt;more&lt;/a&gt;", "h1"),
        item("Line one\r\nBcc: victim@example.com\r\nSubject: pwned", "https://wire.example.org/2", BATCH, "h2"),
        item("T" * 50_000, "https://wire.example.org/3", "word " * 100_000, "h3"),
    ).replace(b"Line one", b"Line\x01\x07\x1b one\xff\xfe")
    server.route("/hostile", Response(body=body, content_type=XML))
    config = config_for(tmp_path, db_url, [feed("hostile", server.url("/hostile"))], smtp_port=smtp.port)
    env = clean_env()
    assert monitor("run-once", "--config", str(config), env=env).returncode == 0
    sent = monitor("digest", "send", "--config", str(config), env=env)
    assert sent.returncode == 0, sent.stderr

    documents = {d.url: d for d in stored(db_url)}
    assert len(documents) == 3
    for d in documents.values():
        assert len(d.title) <= MAX_TITLE and len(d.text) <= MAX_TEXT and len(d.summary) <= MAX_TEXT
        assert not any(ord(ch) < 32 and ch not in "\n" for ch in d.title + d.text), d.url
    assert "\r" not in documents["https://wire.example.org/2"].title
    [received] = smtp.received
    msg = received.message
    html = msg.get_body(preferencelist=("html",)).get_content()  # type: ignore[union-attr]
    # Markup, not text: the escaped words may appear as text ("&lt;script&gt;"), never as elements or attributes.
    tree = lxml.html.document_fromstring(html)
    assert not tree.xpath("//script|//img|//iframe|//object|//embed"), "hostile element in the digest"
    assert len(tree.xpath("//style")) <= 1 and "display:none" not in "".join(tree.xpath("//style/text()"))
    attributes = [(el.tag, name) for el in tree.iter() if isinstance(el.tag, str) for name in el.attrib]
    assert not [a for a in attributes if a[1].lower().startswith("on")], attributes
    assert not [h for h in tree.xpath("//@href") if not h.startswith(("http://", "https://", "mailto:", "#"))]
    assert "alert(1)" in tree.text_content() or "Fourth batch cleared" in tree.text_content()
    assert msg["Bcc"] is None and "pwned" not in str(msg["Subject"]) and received.rcpt_tos == ("analyst@example.org",)
    assert max(len(line) for line in received.content.split(b"\n")) <= 998
    check_invariants(db_url, settled=True, all_digested=True)


def test_article_links_to_internal_addresses_are_refused_directly_and_by_redirect(server: TestServer, tmp_path: Path,
                                                                                 db_url: str) -> None:
    public = "http://93.184.216.34"  # a public address: the policy lets it through; the transport brings it here
    secret = server.url("/secret")
    links = [secret, "http://10.1.2.3/internal", "http://169.254.169.254/latest/meta-data/", "http://[::1]/x",
             f"{public}/bounce"]
    server.route("/feed.xml", Response(body=channel(*(item(f"Story {n}", link, BATCH, f"s{n}") for n, link in enumerate(links))),
                                       content_type=XML))
    server.route("/bounce", Response.redirect(secret))
    server.route("/secret", Response(body="<html><body><p>internal admin page</p></body></html>", content_type="text/html"))
    path = config_for(tmp_path, db_url, [feed("ssrf", f"{public}/feed.xml", full_text=True, allow_private_network=False,
                                              respect_robots=False)], smtp_port=1)
    config = load_config(path)
    store = Store.open(db_url)
    try:
        report = run_once(config, store, transport=server.transport(), article_delay=0.0)
        [outcome] = report.outcomes
        documents = store.list_documents()
    finally:
        store.close()
    assert outcome.status == "ok" and outcome.new == len(links)
    assert server.count("/secret") == 0 and server.count("/bounce") == 1
    refused = " ".join(outcome.warnings)
    for words in ("loopback", "private", "cloud metadata", "redirect to"):
        assert words in refused, (words, refused)
    assert all("internal admin page" not in d.text for d in documents)  # the teasers were kept
    check_invariants(db_url, settled=True)

    # Control: the same loopback link on a source that allows the private network is fetched.
    allowed = config_for(tmp_path, db_url, [feed("lan", server.url("/lan.xml"), full_text=True, respect_robots=False)],
                         smtp_port=1)
    server.route("/lan.xml", Response(body=channel(item("LAN story", server.url("/lan-page"), BATCH, "lan")),
                                      content_type=XML))
    server.route("/lan-page", Response(body="<html><body><p>internal admin page</p></body></html>", content_type="text/html"))
    store = Store.open(db_url)
    try:
        run_once(load_config(allowed), store, article_delay=0.0)
    finally:
        store.close()
    assert server.count("/lan-page") == 1 and server.count("/secret") == 0
