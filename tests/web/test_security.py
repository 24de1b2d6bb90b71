"""Safe by default: loopback unless a token is set, the token on every request, CSRF and origin checks on
reviews, hostile text escaped, security headers on every answer, no token in a page or a log line."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from monitor.cli import cli
from monitor.errors import ConfigError
from monitor.web.guard import CONTENT_SECURITY_POLICY, SESSION_COOKIE
from monitor.web.server import check_bind, is_loopback, web_token
from tests.web.conftest import Served
from tests.web.support import SCRIPT_TITLE, running_server

TOKEN = "s3cret-token-for-the-tests-0123456789"


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF field in the page"
    return match.group(1)


def statuses(served: Served) -> dict[int, str]:
    return {v.id: v.status for v in served.store.list_findings(status="all")}


def test_security_headers_on_every_answer(served: Served) -> None:
    for path in ("/", "/api/findings", "/static/monitor.js", "/findings/99999", "/?kind=bad", "/nowhere"):
        response = httpx.get(served.base + path)
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY, path
        assert "script-src 'self'" in CONTENT_SECURITY_POLICY and "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
        assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
        assert response.headers["x-content-type-options"] == "nosniff", path
        assert response.headers["x-frame-options"] == "DENY", path
    assert httpx.get(served.base + "/").headers["cache-control"] == "no-store"


def test_hostile_titles_are_escaped(served: Served) -> None:
    for path in ("/", f"/findings/{served.ids['hostile']}", "/?kind=new_company"):
        html = httpx.get(served.base + path).text
        assert "&lt;script&gt;window.__pwned = 1;" in html
        assert SCRIPT_TITLE not in html and "<b>Evil</b>" not in html
        # The one script element is the page's own file: nothing inline.
        assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/monitor.js" defer>']
    hostile = next(f for f in httpx.get(served.base + "/api/findings").json() if f["id"] == served.ids["hostile"])
    assert hostile["evidence"][0]["title"] == SCRIPT_TITLE  # JSON carries the data as it is; the page escapes it


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.10", "monitor.example.org"])
def test_serve_refuses_other_addresses_without_a_token(host: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--host", host, "--port", "1", "--db", f"sqlite:///{tmp_path}/none.db"])
    assert result.exit_code == 2
    assert "MONITOR_WEB_TOKEN" in result.stderr and "not a loopback address" in result.stderr
    assert not (tmp_path / "none.db").exists()  # refused before the database was even opened


def test_bind_rules() -> None:
    assert all(is_loopback(h) for h in ("127.0.0.1", "127.8.9.1", "::1", "[::1]", "localhost"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "::", "10.0.0.1", "example.org"))
    check_bind("127.0.0.1", None)
    check_bind("0.0.0.0", TOKEN)  # with a token anywhere is allowed
    with pytest.raises(ConfigError, match="--host"):
        check_bind("0.0.0.0", None)
    assert web_token({}) is None and web_token({"MONITOR_WEB_TOKEN": "  "}) is None
    assert web_token({"MONITOR_WEB_TOKEN": TOKEN}) == TOKEN
    with pytest.raises(ConfigError, match="at least 16"):
        web_token({"MONITOR_WEB_TOKEN": "short"})


def test_serve_refuses_a_short_token(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MONITOR_WEB_TOKEN", "tiny-secret")
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--db", f"sqlite:///{tmp_path}/none.db"])
    assert result.exit_code == 2 and "at least 16" in result.stderr and "tiny-secret" not in result.output


def test_every_request_needs_the_token(served: Served, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="monitor.web")
    with running_server(served.config, served.store, token=TOKEN) as base:
        refused = httpx.get(base + "/api/findings")
        assert refused.status_code == 401 and refused.headers["www-authenticate"].startswith("Bearer")
        assert refused.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert httpx.get(base + "/api/findings", headers={"Authorization": "Bearer wrong-token-0123456789"}).status_code == 401
        assert httpx.get(base + "/api/findings", params={"token": "wrong"}).status_code == 401
        assert httpx.get(base + "/api/findings", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
        # A browser without the cookie is sent to the login form; the stylesheet is public.
        login = httpx.get(base + "/sources", headers={"Accept": "text/html"})
        assert login.status_code == 303 and login.headers["location"] == "/login?next=%2Fsources"
        assert httpx.get(base + "/static/monitor.css").status_code == 200

        # ?token= once: the cookie is set and the page shown again without the token in its URL.
        with httpx.Client(base_url=base) as browser:
            first = browser.get("/", params={"token": TOKEN, "status": "all"})
            assert first.status_code == 303 and first.headers["location"] == "/?status=all"
            cookie = browser.cookies[SESSION_COOKIE]
            assert TOKEN not in cookie and "HttpOnly" in first.headers["set-cookie"]
            page = browser.get("/?status=all")
            assert page.status_code == 200 and TOKEN not in page.text
        # The login form does the same without a URL.
        with httpx.Client(base_url=base) as browser:
            assert browser.post("/login", data={"token": "nope", "next": "/"}).status_code == 401
            signed_in = browser.post("/login", data={"token": TOKEN, "next": "/sources"})
            assert signed_in.status_code == 303 and signed_in.headers["location"] == "/sources"
            assert browser.get("/sources").status_code == 200
    logged = "\n".join(record.getMessage() + str(record.__dict__) for record in caplog.records)
    assert "/api/findings" in logged and TOKEN not in logged and "wrong" not in logged


def test_review_needs_the_csrf_token_and_our_origin(served: Served) -> None:
    ids = served.ids
    with httpx.Client(base_url=served.base) as browser:
        token = csrf_of(browser.get("/").text)
        wanted = {"action": "accept", "id": [str(ids["batch"]), str(ids["total"])], "next": "/?status=new"}
        for form, headers in [(wanted, {}),  # no token
                              ({**wanted, "csrf_token": token + "x"}, {}),
                              ({**wanted, "csrf_token": "forged.0000"}, {})]:
            assert browser.post("/review", data=form, headers=headers).status_code == 403
        assert set(statuses(served).values()) == {"new"}
        # The right token from another site's page: refused on its Origin before the form is read.
        evil = browser.post("/review", data={**wanted, "csrf_token": token}, headers={"Origin": "http://evil.example"})
        assert evil.status_code == 403 and set(statuses(served).values()) == {"new"}
        done = browser.post("/review", data={**wanted, "csrf_token": token}, headers={"Origin": served.base})
        assert done.status_code == 303 and done.headers["location"] == "/?status=new&reviewed=2&as=accepted"
    after = statuses(served)
    assert after[ids["batch"]] == after[ids["total"]] == "accepted" and after[ids["company"]] == "new"
    # A cookie with its form copy but not our signature (planted by another site) is refused too.
    planted = httpx.post(served.base + "/review", data={**wanted, "csrf_token": "abc.def"}, cookies={"monitor_csrf": "abc.def"})
    assert planted.status_code == 403


def test_review_one_button_many_boxes_and_unknown_ids(served: Served) -> None:
    ids = served.ids
    with httpx.Client(base_url=served.base) as browser:
        token = csrf_of(browser.get("/").text)
        one = browser.post("/review", data={"csrf_token": token, "only": f"dismiss:{ids['hostile']}",
                                            "id": [str(ids["batch"])], "next": "//evil.example/"})
        assert one.status_code == 303 and one.headers["location"] == "/?reviewed=1&as=dismissed"  # next stays local
        assert statuses(served)[ids["hostile"]] == "dismissed" and statuses(served)[ids["batch"]] == "new"
        unknown = browser.post("/review", data={"csrf_token": token, "action": "accept",
                                                "id": [str(ids["batch"]), "99999"]})
        assert unknown.status_code == 404 and "99999" in unknown.text and "nothing was changed" in unknown.text
        assert statuses(served)[ids["batch"]] == "new"
        empty = browser.post("/review", data={"csrf_token": token, "action": "accept"})
        assert empty.status_code == 400 and "no finding ticked" in empty.text
        assert "1 finding dismissed." in browser.get(one.headers["location"]).text


def test_other_host_names_are_refused_without_a_token(served: Served) -> None:
    """A page on another site that resolves its name to 127.0.0.1 (DNS rebinding) reads nothing."""
    port = served.base.rsplit(":", 1)[1]
    assert httpx.get(served.base + "/api/findings", headers={"Host": f"evil.example:{port}"}).status_code == 400
    assert httpx.get(served.base + "/api/findings", headers={"Host": f"localhost:{port}"}).status_code == 200
