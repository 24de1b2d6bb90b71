"""Loading dataset files: the format of docs/contracts.md section 4, includes, merging, and clear errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from monitor.dataset import Batch, Company, load_dataset
from monitor.errors import ConfigError

MALFORMED = Path(__file__).resolve().parents[1] / "data" / "dataset" / "malformed"
CASES = sorted(p for p in MALFORMED.glob("*.toml") if p.read_text(encoding="utf-8").startswith("# expect:"))


def test_design_example_loads(tmp_path: Path) -> None:
    path = tmp_path / "dataset.toml"
    path.write_text(
        '[[company]]\nname = "Xiaomi"\naliases = ["Xiaomi Corp", "小米"]\nmodels = ["MiLM"]\napproved = true\n\n'
        '[[batch]]\nordinal = 4\ndate = 2024-01-17\ncount = 14\njurisdiction = "CN"\ncompanies = ["Xiaomi"]\n\n'
        '[[total]]\nas_of = 2024-01-28\ncount = 40\nqualifier = "more_than"\nregistry = "filed"\n\n'
        '[[regulation_event]]\nname = "Bletchley Declaration"\ndate = 2023-11-01\n', encoding="utf-8")
    ds = load_dataset(path)
    assert ds.companies == (Company("Xiaomi", ("Xiaomi Corp", "小米"), ("MiLM",), True),)
    assert ds.batches == (Batch(dt.date(2024, 1, 17), 4, 14, "exact", "CN", ("Xiaomi",)),)
    assert ds.totals[0].qualifier == "more_than" and ds.totals[0].registry == "filed"
    assert ds.company("xiaomi corp") is ds.company("MILM") is ds.companies[0]
    assert ds.regulation_event("bletchley  DECLARATION") is ds.regulation_events[0]


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_malformed_file_names_file_entry_and_field(case: Path) -> None:
    expected_key = case.read_text(encoding="utf-8").splitlines()[0].removeprefix("# expect:").strip()
    with pytest.raises(ConfigError) as caught:
        load_dataset(case)
    assert caught.value.path == str(case)
    assert caught.value.key == expected_key
    assert str(case) in str(caught.value) and expected_key in str(caught.value)


def test_malformed_cases_are_all_there() -> None:
    assert len(CASES) >= 10


def test_error_says_what_is_allowed() -> None:
    with pytest.raises(ConfigError, match="'exact', 'more_than', 'about', 'at_least'"):
        load_dataset(MALFORMED / "bad_qualifier.toml")
    with pytest.raises(ConfigError, match=r"allowed: name, aliases, models, approved"):
        load_dataset(MALFORMED / "unknown_key.toml")
    with pytest.raises(ConfigError, match=r"\('Acme AI'\)"):
        load_dataset(MALFORMED / "wrong_type.toml")


def test_missing_file_and_broken_toml(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_dataset(tmp_path / "absent.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("[[company]\nname = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML") as caught:
        load_dataset(broken)
    assert caught.value.path == str(broken)


def test_include_cycle_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text('include = ["b.toml"]\n', encoding="utf-8")
    (tmp_path / "b.toml").write_text('include = ["a.toml"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="include cycle"):
        load_dataset(tmp_path / "a.toml")


def test_duplicate_across_files_names_both(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text('include = ["b.toml"]\n[[regulation_event]]\nname = "AI Act"\ndate = 2021-04-21\n',
                                     encoding="utf-8")
    (tmp_path / "b.toml").write_text('[[regulation_event]]\nname = "ai  act"\ndate = 2024-08-01\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="already defined at .*b.toml: regulation_event\\[0\\]") as caught:
        load_dataset(tmp_path / "a.toml")
    assert caught.value.path == str(tmp_path / "a.toml") and caught.value.key == "regulation_event[0].name"


def test_includes_merge_curated_aliases_into_generated_entries(tmp_path: Path) -> None:
    (tmp_path / "generated.toml").write_text(
        '[[company]]\nname = "北京晨光智算科技有限公司"\nmodels = ["晨光大模型"]\napproved = true\n'
        'registry = "filed"\nfirst_filed = 2023-08-31\n\n'
        '[[company]]\nname = "Dawnlight AI"\naliases = ["晨光智算（上海）有限公司"]\nmodels = ["晨光写作"]\n'
        'approved = true\nregistry = "registered"\nfirst_registered = 2023-11-03\n', encoding="utf-8")
    (tmp_path / "curated.toml").write_text(
        '[[company]]\nname = "dawnlight ai"\naliases = ["晨光智算", "北京晨光智算科技有限公司"]\n', encoding="utf-8")
    (tmp_path / "main.toml").write_text('include = ["generated.toml", "curated.toml"]\n', encoding="utf-8")
    ds = load_dataset(tmp_path / "main.toml")
    assert len(ds.companies) == 1
    company = ds.companies[0]
    assert company.name == "Dawnlight AI" and company.approved
    assert company.registry == "filed" and company.first_filed == dt.date(2023, 8, 31)
    assert company.first_registered == dt.date(2023, 11, 3)
    assert set(company.aliases) == {"晨光智算（上海）有限公司", "晨光智算", "北京晨光智算科技有限公司"}
    assert set(company.models) == {"晨光大模型", "晨光写作"}


def test_as_of_uses_filing_and_registration_dates(tmp_path: Path) -> None:
    path = tmp_path / "d.toml"
    path.write_text(
        '[[company]]\nname = "Lake Data"\napproved = true\nregistry = "filed"\n'
        'first_registered = 2024-03-01\nfirst_filed = 2025-01-10\n\n'
        '[[company]]\nname = "Undated Curated"\napproved = true\n', encoding="utf-8")
    before = load_dataset(path, as_of=dt.date(2024, 1, 1)).company("Lake Data")
    middle = load_dataset(path, as_of=dt.date(2024, 6, 1)).company("Lake Data")
    after = load_dataset(path, as_of=dt.date(2025, 6, 1)).company("Lake Data")
    assert before is not None and (before.approved, before.registry) == (False, None)
    assert middle is not None and (middle.approved, middle.registry) == (True, "registered")
    assert after is not None and (after.approved, after.registry) == (True, "filed")
    undated = load_dataset(path, as_of=dt.date(2000, 1, 1)).company("Undated Curated")
    assert undated is not None and undated.approved
