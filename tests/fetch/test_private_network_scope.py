"""`allow_private_network` allows the source's own host, not the whole private network (issue 20, point 3).

A feed on 127.0.0.1 (a real local server) whose entries link to the same host, to another name of this
machine (``localhost``), to the cloud-metadata address, to a 10.x host, and to a page on its own host
that redirects to ``localhost``. Before, the flag turned every check off and all of them were fetched.
Now only its own host is; the rest are refused with a reason, and ``allow_private_hosts`` names more.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.config import load_config
from monitor.errors import ConfigError
from monitor.run.pipeline import run_once
from storage import Store
from tests.outbox.support import rss
from tests.support.configs import feed, write_config
from tests.support.httpserver import Response, TestServer

XML = "application/rss+xml"
PAGE = "<html><body><article><p>{}</p></article></body></html>"
TEXT = "Regulators published a notice about generative AI services."


def serve_lan(server: TestServer, feed_path: str, links: list[str]) -> None:
    items = [(f"g{n}", link, f"Story {n}", TEXT) for n, link in enumerate(links)]
    server.route(feed_path, Response(body=rss(*items), content_type=XML))


def run(config_path: Path, db_url: str) -> list[str]:
    store = Store.open(db_url)
    try:
        report = run_once(load_config(config_path), store, article_delay=0.0)
    finally:
        store.close()
    (outcome,) = report.outcomes
    assert outcome.status == "ok", outcome
    return list(outcome.warnings)


def test_a_private_source_reaches_its_own_host_and_nothing_else_unnamed(server: TestServer, tmp_path: Path,
                                                                        db_url: str) -> None:
    other_name = f"http://localhost:{server.port}"  # this machine too, but not the host the user named
    server.route("/own-page", Response(body=PAGE.format("own host page"), content_type="text/html"))
    server.route("/secret", Response(body=PAGE.format("internal admin page"), content_type="text/html"))
    server.route("/bounce", Response.redirect(f"{other_name}/secret"))
    serve_lan(server, "/lan.xml", [server.url("/own-page"), f"{other_name}/secret",
                                   "http://169.254.169.254/latest/meta-data/", "http://10.1.2.3/internal",
                                   server.url("/bounce")])
    config = write_config(tmp_path, db_url, [feed("lan", server.url("/lan.xml"), full_text=True,
                                                  respect_robots=False)])
    warnings = " ".join(run(config, db_url))
    assert server.count("/own-page") == 1
    assert server.count("/bounce") == 1 and server.count("/secret") == 0, warnings
    assert "cloud metadata" in warnings and "10.1.2.3 refused (private" in warnings
    assert "redirect to a private address" in warnings
    assert "name it in allow_private_hosts" in warnings


def test_hosts_and_networks_named_in_allow_private_hosts_are_reached(server: TestServer, tmp_path: Path,
                                                                    db_url: str) -> None:
    server.route("/named", Response(body=PAGE.format("named host page"), content_type="text/html"))
    serve_lan(server, "/lan.xml", [f"http://localhost:{server.port}/named"])
    config = write_config(tmp_path, db_url, [feed("lan", server.url("/lan.xml"), full_text=True, respect_robots=False,
                                                  allow_private_hosts=["localhost", "10.0.0.0/8"])])
    run(config, db_url)
    assert server.count("/named") == 1


@pytest.mark.parametrize("entry", ["169.254.169.254", "169.254.0.0/16", "fe80::/64", "not a host!"])
def test_allow_private_hosts_refuses_what_can_never_be_allowed(tmp_path: Path, entry: str) -> None:
    config = write_config(tmp_path, f"sqlite:///{tmp_path / 'm.db'}", [
        feed("lan", "http://127.0.0.1:9/lan.xml", allow_private_hosts=[entry])])
    with pytest.raises(ConfigError, match="allow_private_hosts"):
        load_config(config)
