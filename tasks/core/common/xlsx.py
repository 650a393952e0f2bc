"""An .xlsx workbook held as bytes: read once at the edge, parsed here for every sheet reader.

The targets workbook feeds the catalogue (指标库) and the targets (目标, 历史数据, 进度); both
read the same `Book`: one openpyxl workbook of saved values, and the cells whose formula has
no saved result (a workbook written by a program and never opened in Excel), which a values
workbook cannot tell from empty cells.

The workbook is opened read-only and its sheets are read row by row (`Book.rows`): a fully
loaded workbook keeps an object per cell, ~3 KB per target row (1 GB for the 300,000 target
rows of 100,000 reports), and the memory stays with the process after the parse.
"""

from __future__ import annotations

import io
import posixpath
import re
import xml.parsers.expat
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree import ElementTree

from openpyxl import Workbook, load_workbook
from openpyxl.cell.read_only import ReadOnlyCell
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.worksheet.cell_range import CellRange

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
# A formula element, with or without a namespace prefix (<f>, <f t="shared" …/>, <x:f>).
_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_MERGE = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?mergeCell\s[^>]*?\bref="([^"]+)"')


@dataclass
class Book:
    """A parsed workbook: its saved values, and per sheet the formula cells with no result."""

    values: Workbook  # read-only: a sheet's cells come from `rows`
    unsaved_formulas: dict[str, set[str]]  # sheet title -> cell references ("E7")
    damaged: dict[str, str] = field(default_factory=dict)  # sheet title -> what is wrong
    merged: dict[str, list[CellRange]] = field(default_factory=dict)  # sheet title -> ranges

    def rows(
        self, title: str, min_row: int = 1, refs: set[str] = frozenset()
    ) -> Iterator[tuple[int, dict[int, ReadOnlyCell]]]:
        """The rows of sheet `title` from `min_row` on that hold a value (or one of the cells
        `refs`), in order, each as its number and its cells by column number.

        A merged range's cells but the top-left one read as empty, as openpyxl leaves them.
        Only the rows the sheet's XML has are read: a stray value at A1048576 is one row, not
        a million (asking a loaded sheet for its cells up to `max_row` took 62 s and 3.3 GB).
        """
        from openpyxl.utils.cell import coordinate_from_string

        wb, ws = self.values, self.values[title]
        extra = {r for r in (coordinate_from_string(ref)[1] for ref in refs) if r >= min_row}
        covered = [(m.min_row, m.max_row, m.min_col, m.max_col) for m in self.merged.get(title, [])]
        with ws._get_source() as src:  # the XML as openpyxl's read-only sheets parse it
            parser = WorkSheetParser(
                src,
                ws._shared_strings,
                data_only=wb.data_only,
                epoch=wb.epoch,
                date_formats=wb._date_formats,
                timedelta_formats=wb._timedelta_formats,
            )
            for r, found in parser.parse():
                if r < min_row:
                    continue
                cells = {
                    c["column"]: ReadOnlyCell(ws, **c)
                    for c in found
                    if not covered or not _inside_merge(r, c["column"], covered)
                }
                if r in extra or any(c.value is not None for c in cells.values()):
                    yield r, cells


def _inside_merge(r: int, c: int, ranges: list[tuple[int, int, int, int]]) -> bool:
    """Whether (r, c) is a cell of a merged range other than its top-left one."""
    return any(r0 <= r <= r1 and c0 <= c <= c1 and (r, c) != (r0, c0) for r0, r1, c0, c1 in ranges)


def open_book(data: bytes) -> Book:
    """Parse the bytes of an .xlsx; raises what openpyxl or zipfile raise on a bad file.

    A sheet whose XML is damaged (cut short by an interrupted copy) is read as empty and
    named in `damaged`, so the other sheets still count.
    """
    data, damaged = empty_damaged_sheets(data)
    values = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    unsaved, merged = sheet_marks(data)
    return Book(values, unsaved, damaged, merged)


def sheet_marks(data: bytes) -> tuple[dict[str, set[str]], dict[str, list[CellRange]]]:
    """For each sheet, in one read of its XML: the cells holding a formula but no saved
    value, and its merged ranges in the order the XML lists them."""
    unsaved: dict[str, set[str]] = {}
    merged: dict[str, list[CellRange]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = set(zf.namelist())
        for title, part in _sheet_parts(zf).items():
            if part in names:
                raw = zf.read(part)
                merged[title] = [CellRange(m.decode()) for m in _MERGE.findall(raw)]
                unsaved[title] = _formulas_without_result(raw)
    return unsaved, merged


def _formulas_without_result(raw: bytes) -> set[str]:
    refs: set[str] = set()
    if not _FORMULA.search(raw):  # most sheets hold no formula: no XML parse needed
        return refs
    for _, cell in ElementTree.iterparse(io.BytesIO(raw)):
        if cell.tag != f"{_MAIN}c":
            continue
        value = cell.find(f"{_MAIN}v")
        if cell.find(f"{_MAIN}f") is not None and (value is None or not value.text):
            refs.add(cell.get("r"))
        cell.clear()
    return refs


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title -> its part in the archive (xl/worksheets/sheet1.xml)."""
    book = ElementTree.fromstring(zf.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels.iter(_PKG_REL)}
    out = {}
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(_REL), "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        out[sheet.get("name")] = posixpath.normpath(part)
    return out


_EMPTY_SHEET = (
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b"<sheetData/></worksheet>"
)


def empty_damaged_sheets(data: bytes) -> tuple[bytes, dict[str, str]]:
    """The workbook with each sheet whose XML does not parse replaced by an empty sheet, and
    for each such sheet what is wrong. A package that is not an .xlsx at all is returned as
    it is (openpyxl then says why)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            parts = _sheet_parts(zf)
            names = set(zf.namelist())
            damaged = {t: r for t, p in parts.items() if (r := _xml_error(zf, p, names))}
            if not damaged:
                return data, {}
            bad = {parts[t] for t in damaged}
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
                for info in zf.infolist():
                    body = _EMPTY_SHEET if info.filename in bad else zf.read(info.filename)
                    copy.writestr(info, body)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError):
        return data, {}
    return out.getvalue(), damaged


def _xml_error(zf: zipfile.ZipFile, part: str, names: set[str]) -> str | None:
    """Why the sheet part does not parse, in the clerk's words; None when it does."""
    if part not in names:
        return None  # openpyxl reports a missing part itself
    parser = xml.parsers.expat.ParserCreate()
    try:
        with zf.open(part) as member:
            while chunk := member.read(1 << 20):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except xml.parsers.expat.ExpatError as exc:
        return f"工作表内容已损坏（XML 第{exc.lineno}行第{exc.offset}列处不完整或有错）"
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        return f"工作表内容已损坏（{type(exc).__name__}）"
    return None
