from __future__ import annotations

import pytest

from tests.filings.builders import DATA


@pytest.fixture(autouse=True)
def _shared_data() -> None:
    if not (DATA / "genai_filing.json").is_file():
        pytest.skip("../shared/data/cac/genai_filing.json not present")
