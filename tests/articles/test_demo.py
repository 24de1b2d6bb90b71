"""`monitor demo` end to end: its page source stores the regulator's articles, and stories are grouped."""

from __future__ import annotations

from click.testing import CliRunner

from monitor.cli import cli


def table_rows(output: str, header: str) -> list[list[str]]:
    """Cells of the rich table whose header row starts with ``header`` (one line per row)."""
    rows: list[list[str]] = []
    inside = False
    for line in output.splitlines():
        if "│" in line or "┃" in line:
            cells = [cell.strip() for cell in line.replace("┃", "│").split("│")[1:-1]]
            if cells and cells[0] == header:
                inside, rows = True, []
            elif inside:
                rows.append(cells)
        elif inside and line.startswith("└"):
            return rows
    return rows


def test_demo_shows_the_page_source_and_a_story_with_several_copies() -> None:
    result = CliRunner().invoke(cli, ["demo"])
    assert result.exit_code == 0, result.output
    sources = {cells[0]: cells for cells in table_rows(result.output, "source")}
    assert sources["demo-regulator"][1:3] == ["ok", "2"], result.output  # status, new
    assert all(cells[1] == "ok" for cells in sources.values())
    stories = table_rows(result.output, "story")
    assert stories, result.output
    copies = {int(cells[1]) for cells in stories}
    assert max(copies) >= 2
    widest = max(stories, key=lambda cells: int(cells[1]))
    assert len(widest[2].split(", ")) >= 2  # one story, shown once, with each of its sources
    assert "demo-regulator" in {source for cells in stories for source in cells[2].split(", ")}
