"""What a list row becomes, and the one error an attachment can raise."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from monitor.errors import ParseError

FilingRegistry = Literal["filed", "registered"]


class AttachmentError(ParseError):
    """An attachment that cannot be read: unsupported format, damaged, encrypted, too large.

    The message names the file, so the source's error says which attachment of the page failed."""

    def __init__(self, message: str, *, name: str | None = None) -> None:
        self.name = name
        super().__init__(f"attachment {name}: {message}" if name else message)


@dataclass(frozen=True, slots=True)
class FilingEntry:
    """One row of a regulator's list: a filed (备案) model or a registered (登记) app or feature."""

    registry: FilingRegistry
    service: str  # model name (filed) or application / feature name (registered)
    provider: str  # the legal entity as printed (北京百度网讯科技有限公司)
    filing_number: str
    locality: str  # province, or 国资委 for central state-owned enterprises
    filed_on: dt.date | None
    serial: int | None = None  # 序号 as printed; filed and registered are numbered apart
    late: bool = False  # 补登: a late registration
    scenario: str | None = None  # 适用场景 of on-device ("edge") models
    row_number: int = 0  # 1-based position among the attachment's data rows

    def as_text(self) -> str:
        """The row as one line, for evidence and logs."""
        date = self.filed_on.isoformat() if self.filed_on else "?"
        return " | ".join(str(part) for part in (self.serial or "", self.locality, self.service, self.provider,
                                                   self.filing_number, date))


@dataclass(frozen=True, slots=True)
class ParsedAttachment:
    name: str  # file name, from Content-Disposition or the link
    format: str  # xlsx, xls, docx, pdf, csv
    entries: tuple[FilingEntry, ...] = field(default_factory=tuple)
