"""The cells of the targets workbook as a clerk types them: years, numbers, texts, and the
problem of one bad cell (`BadCell`, naming its reference). Pure values: no workbook here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from openpyxl.utils import get_column_letter

_YEAR = re.compile(r"^\s*(\d{4})\s*年?\s*$")
_NUMBER = re.compile(r"^\s*[-+]?\d[\d,]*(\.\d+)?\s*$")


def text_of(value: object) -> str:
    return "" if value is None else str(value).strip()


def number_format(cell) -> str:
    fmt = "General" if cell is None else cell.number_format
    return str(fmt or "")


@dataclass(frozen=True)
class Cell:
    value: object
    ref: str

    @property
    def text(self) -> str:
        return text_of(self.value)


class BadCell(Exception):
    def __init__(self, ref: str, reason: str):
        super().__init__(reason)
        self.ref, self.reason = ref, reason


@cache
def letter(column: int) -> str:
    return get_column_letter(column)


def parse_year(v) -> int | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, int | float) and float(v).is_integer() and 1990 <= v <= 2100:
        return int(v)
    m = _YEAR.match(str(v or ""))
    return int(m.group(1)) if m else None


def parse_number(v) -> float | None:
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, int | float):
        return float(v)
    s = str(v)
    return float(s.replace(",", "")) if _NUMBER.match(s) else None
