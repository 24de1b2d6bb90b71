"""What a regulator's list says of a press finding, written into evidence and read back by the digest.

The verdict travels in the snippet of the list's evidence (a document of kind ``filings``), as
``"<confirmed|contradicted> by the regulator's list of <YYYY-MM>: <the list row, or its count and last
row>"``: no column or migration is needed, and the evidence reads as a sentence wherever it is shown
(``monitor findings``, the JSON output). The cross-check writes it and the digest reads it here only,
so the two cannot drift apart. Only evidence from a list document is read this way: a press sentence
that happens to start with these words is never taken for the regulator's verdict.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Verdict = Literal["confirmed", "contradicted"]
_PHRASE = "by the regulator's list of"
_SNIPPET = re.compile(rf"^(confirmed|contradicted) {_PHRASE} (\d{{4}}-\d{{2}}): (.+)$", re.DOTALL)


@dataclass(frozen=True, slots=True)
class ListVerdict:
    verdict: Verdict
    period: str  # YYYY-MM of the release
    row: str  # the list row, or the list's count and its last row

    @property
    def label(self) -> str:
        """The mark the digest puts beside the finding: "confirmed by the regulator's list of 2026-08"."""
        return f"{self.verdict} {_PHRASE} {self.period}"


def verdict_snippet(verdict: Verdict, period: str, row: str) -> str:
    return f"{verdict} {_PHRASE} {period}: {row}"


def read_verdict(snippet: str) -> ListVerdict | None:
    match = _SNIPPET.match(snippet.strip())
    if match is None:
        return None
    return ListVerdict(match.group(1), match.group(2), match.group(3))  # type: ignore[arg-type]


__all__ = ["ListVerdict", "Verdict", "read_verdict", "verdict_snippet"]
