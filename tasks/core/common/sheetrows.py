"""The cells of one worksheet, read in one streaming pass over its XML.

Each cell reads as openpyxl's read-only values workbook shows it (`load_workbook(read_only=True,
data_only=True)`): numbers typed, dates by their number format, shared and inline strings,
booleans, errors as their text, a formula's saved result. openpyxl builds a dict and a
`ReadOnlyCell` for every cell, and parses an inline string through its descriptor classes:
with the rows' checks, 4.5–5 CPU-s for the 30,000 target rows of 10,000 reports (1.8–1.9
CPU-s now, the marks pass of xlsx.py and the checks included). Here a row's cells are read
from the parsed row element directly, and a cell is a small tuple: its value, its style and
where the number format of that style is looked up.

The unusual cases (rich text, a phonetic guide, a coordinate not of the common form) go
through openpyxl's own functions, so they read exactly as before.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from typing import IO, NamedTuple
from xml.etree import ElementTree

from openpyxl.cell.text import Text
from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
from openpyxl.utils.cell import column_index_from_string, coordinate_to_tuple
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.workbook import Workbook
from openpyxl.worksheet._reader import _cast_number

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _V, _IS, _T = (f"{_NS}{tag}" for tag in ("row", "v", "is", "t"))
_COORD = re.compile(r"([A-Z]{1,3})[1-9][0-9]*")  # "E7": the form every writer uses
_new = tuple.__new__  # a Cell without NamedTuple's Python-level __new__


class NumberFormats:
    """The number format of each cell style of a workbook, as openpyxl's cells give it."""

    def __init__(self, wb: Workbook) -> None:
        self._wb = wb
        self._known: dict[object, str] = {}

    def __call__(self, style: int) -> str:
        try:
            return self._known[style]
        except KeyError:
            fmt_id = self._wb._cell_styles[style].numFmtId
            if fmt_id < BUILTIN_FORMATS_MAX_SIZE:
                fmt = BUILTIN_FORMATS.get(fmt_id, "General")
            else:
                fmt = self._wb._number_formats[fmt_id - BUILTIN_FORMATS_MAX_SIZE]
            self._known[style] = fmt
            return fmt


class Cell(NamedTuple):
    """A cell's value and the number format of its style (looked up when asked for)."""

    value: object
    style: int
    formats: NumberFormats

    @property
    def number_format(self) -> str:
        return self.formats(self.style)


class SheetReader:
    """Reads the rows of a sheet's XML with a workbook's shared strings, styles and epoch."""

    def __init__(self, wb: Workbook, shared_strings: list[str]) -> None:
        self.strings, self.epoch = shared_strings, wb.epoch
        self.dates, self.durations = wb._date_formats, wb._timedelta_formats
        self.formats = NumberFormats(wb)
        self._columns: dict[str, int] = {}

    def rows(self, source: IO[bytes]) -> Iterator[tuple[int, dict[int, Cell]]]:
        """Every row element of the sheet, in order: its number and its cells by column
        (a later cell of the same column replaces an earlier one, as in openpyxl)."""
        number = 0
        cell = self._cell
        for _, element in ElementTree.iterparse(source):
            if element.tag != _ROW:
                continue
            number = _row_number(element.get("r"), number)
            cells: dict[int, Cell] = {}
            column = 0
            for c in element:
                ref = c.get("r")
                column = self._column(ref) if ref else column + 1
                cells[column] = cell(c)
            yield number, cells
            element.clear()

    def _column(self, ref: str) -> int:
        m = _COORD.fullmatch(ref)
        if m is None:  # "$A$1", "a1", "A01", or not a coordinate at all: openpyxl decides
            return coordinate_to_tuple(ref)[1]
        letters = m.group(1)
        try:
            return self._columns[letters]
        except KeyError:
            self._columns[letters] = column = column_index_from_string(letters)
            return column

    def _cell(self, c: ElementTree.Element) -> Cell:
        kind = c.get("t", "n")
        style = c.get("s", 0)
        if style:
            style = int(style)
        if kind == "inlineStr":
            child = c.find(_IS)
            value = None if child is None else _inline_text(child)
            return _new(Cell, (value, style, self.formats))
        value = c.findtext(_V) or None
        if value is None:
            pass
        elif kind == "n":
            value = _cast_number(value)
            if style in self.dates:
                value = self._date(value, style, c.get("r"))
        elif kind == "s":
            value = self.strings[int(value)]
        elif kind == "b":
            value = bool(int(value))
        elif kind == "d":
            value = from_ISO8601(value)
        return _new(Cell, (value, style, self.formats))

    def _date(self, value: float, style: int, ref: str | None) -> object:
        try:
            return from_excel(value, self.epoch, timedelta=style in self.durations)
        except (OverflowError, ValueError):
            warnings.warn(
                f"Cell {ref} is marked as a date but the serial value {value} is outside the "
                "limits for dates. The cell will be treated as an error.",
                stacklevel=2,
            )
            return "#VALUE!"


def _row_number(given: str | None, previous: int) -> int:
    """A row element's number: its `r`, else the one after the previous row's."""
    if given is None:
        return previous + 1
    try:
        return int(given)
    except ValueError:
        number = float(given)
        if not number.is_integer():
            raise ValueError(f"{given} is not a valid row number") from None
        return int(number)


def _inline_text(child: ElementTree.Element) -> str:
    """An inline string's text: one plain <t> read directly, anything else by openpyxl."""
    if not child.attrib and len(child) == 1 and child[0].tag == _T:
        return child[0].text or ""
    return Text.from_tree(child).content
