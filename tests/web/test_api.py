"""The JSON API returns exactly what `monitor ... --format json` prints, a page at a time."""

from __future__ import annotations

import json

import httpx
from click.testing import CliRunner

from monitor.cli import cli
from tests.web.conftest import Served


def cli_json(served: Served, *args: str) -> object:
    result = CliRunner().invoke(cli, [*args, "--config", str(served.config_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def api(served: Served, path: str, **params: object) -> httpx.Response:
    response = httpx.get(served.base + path, params=params or None, timeout=10)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    return response


def test_api_equals_the_cli_json(served: Served) -> None:
    served.store.set_findings_status([served.ids["company"]], "dismissed")
    for status in ("new", "dismissed", "all"):
        assert api(served, "/api/findings", status=status, limit=500).json() == cli_json(served, "findings", "--status",
                                                                                          status)
    assert api(served, "/api/findings").json() == cli_json(served, "findings")  # the same default status
    assert api(served, "/api/findings", since="2024-01-30").json() == cli_json(served, "findings", "--since", "2024-01-30")
    assert api(served, "/api/sources").json() == cli_json(served, "sources")
    assert api(served, "/api/mentions", limit=500).json() == cli_json(served, "mentions")
    assert api(served, "/api/documents", limit=500).json() == cli_json(served, "documents")
    assert api(served, "/api/documents", source="reuters").json() == cli_json(served, "documents", "--source", "reuters")


def test_api_pages(served: Served) -> None:
    everything = api(served, "/api/findings", status="all").json()
    first = api(served, "/api/findings", status="all", limit=3)
    assert first.json() == everything[:3] and first.headers["x-total-count"] == "4"
    assert first.headers["link"] == '</api/findings?status=all&page=2&limit=3>; rel="next"'
    last = api(served, "/api/findings", status="all", limit=3, page=2)
    assert last.json() == everything[3:] and "link" not in last.headers
    assert api(served, "/api/findings", kind="new_total").json() == [f for f in everything if f["kind"] == "new_total"]
    documents = api(served, "/api/documents", limit=2)
    assert len(documents.json()) == 2 and 'rel="next"' in documents.headers["link"]


def test_api_errors_are_json(served: Served) -> None:
    bad = httpx.get(served.base + "/api/findings", params={"status": "maybe"})
    assert bad.status_code == 400 and "status must be one of" in bad.json()["error"]
    unknown = httpx.get(served.base + "/api/documents", params={"source": "nosuch"})
    assert unknown.status_code == 400 and "no source named 'nosuch'" in unknown.json()["error"]
    assert httpx.get(served.base + "/api/findings", params={"limit": "0"}).status_code == 400
