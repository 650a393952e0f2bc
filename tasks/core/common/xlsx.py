"""An .xlsx workbook held as bytes: read once at the edge, parsed here for every sheet reader.

The targets workbook feeds the catalogue (指标库) and the targets (目标, 历史数据, 进度, 更正);
both read the same `Book`. Opening it parses only what the whole workbook shares (sheet names,
styles, shared strings, through openpyxl's read-only loader); each sheet is looked at when it
is first asked for, so the catalogue is ready before the 目标 sheet's 30,000 rows are read
(pipeline/inputs.py reads those while the reports are analysed).

A sheet is read in two passes over its XML: one in C that finds whether it is damaged (cut
short by an interrupted copy), its merged ranges and its formulas without a saved value (which
a values workbook cannot tell from empty cells); then its rows, streamed (`Book.rows`,
common/sheetrows.py): no sheet is held whole, as cell objects or as a tree.
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

from openpyxl import load_workbook
from openpyxl.worksheet.cell_range import CellRange

from tasks.core.common.sheetrows import Cell, SheetReader

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
# A formula element, with or without a namespace prefix (<f>, <f t="shared" …/>, <x:f>).
_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_MERGE = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?mergeCell\s[^>]*?\bref="([^"]+)"')


@dataclass
class SheetMarks:
    """What one read of a sheet's XML finds before its rows are read."""

    damaged: str | None = None  # what is wrong, in the clerk's words; None: it parses
    unsaved: set[str] = field(default_factory=set)  # formula cells without a result ("E7")
    merged: list[CellRange] = field(default_factory=list)  # in the order the XML lists them


class Book:
    """A parsed workbook: its sheet names, and each sheet's marks and rows on demand."""

    def __init__(self, data: bytes) -> None:
        self._zip = zipfile.ZipFile(io.BytesIO(data))
        self._parts = _sheet_parts(self._zip)
        self._values = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        self.sheetnames: list[str] = self._values.sheetnames
        self._marks: dict[str, SheetMarks] = {}
        self._reader: SheetReader | None = None

    def marks(self, title: str) -> SheetMarks:
        """The damage, merged ranges and unsaved formulas of sheet `title` (read once)."""
        if title not in self._marks:
            self._marks[title] = _sheet_marks(self._zip, self._parts.get(title))
        return self._marks[title]

    def damaged(self, title: str) -> str | None:
        return self.marks(title).damaged

    def rows(
        self, title: str, min_row: int = 1, refs: set[str] = frozenset()
    ) -> Iterator[tuple[int, dict[int, Cell]]]:
        """The rows of sheet `title` from `min_row` on that hold a value (or one of the cells
        `refs`), in order, each as its number and its cells by column number. A damaged
        sheet has none.

        A merged range's cells but the top-left one read as empty, as openpyxl leaves them.
        Only the rows the sheet's XML has are read: a stray value at A1048576 is one row, not
        a million (asking a loaded sheet for its cells up to `max_row` took 62 s and 3.3 GB).
        """
        from openpyxl.utils.cell import coordinate_from_string

        marks = self.marks(title)
        if marks.damaged:
            return
        extra = {r for r in (coordinate_from_string(ref)[1] for ref in refs) if r >= min_row}
        covered = [(m.min_row, m.max_row, m.min_col, m.max_col) for m in marks.merged]
        ws = self._values[title]
        if self._reader is None:
            self._reader = SheetReader(self._values, ws._shared_strings)
        with ws._get_source() as src:  # the sheet's XML, as openpyxl's own reader opens it
            for r, cells in self._reader.rows(src):
                if r < min_row:
                    continue
                if covered:
                    cells = {c: v for c, v in cells.items() if not _inside_merge(r, c, covered)}
                if r in extra or any(c.value is not None for c in cells.values()):
                    yield r, cells


def _inside_merge(r: int, c: int, ranges: list[tuple[int, int, int, int]]) -> bool:
    """Whether (r, c) is a cell of a merged range other than its top-left one."""
    return any(r0 <= r <= r1 and c0 <= c <= c1 and (r, c) != (r0, c0) for r0, r1, c0, c1 in ranges)


def open_book(data: bytes) -> Book:
    """Parse the bytes of an .xlsx; raises what openpyxl or zipfile raise on a bad file.

    A sheet whose XML is damaged is read as empty and named by `Book.damaged`, so the other
    sheets still count. openpyxl's loader reads the head of every sheet (its dimension):
    when that fails, the damaged sheets are first replaced by empty ones.
    """
    try:
        return Book(data)
    except Exception:
        repaired, damaged = empty_damaged_sheets(data)
        if not damaged:
            raise
    book = Book(repaired)
    book._marks.update((title, SheetMarks(reason)) for title, reason in damaged.items())
    return book


def _sheet_marks(zf: zipfile.ZipFile, part: str | None) -> SheetMarks:
    if part is None or part not in zf.NameToInfo:
        return SheetMarks()  # openpyxl reports a missing part itself
    try:
        raw = zf.read(part)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        return SheetMarks(f"工作表内容已损坏（{type(exc).__name__}）")
    damaged = _xml_error(raw)
    if damaged:
        return SheetMarks(damaged)
    merged = [CellRange(m.decode()) for m in _MERGE.findall(raw)]
    return SheetMarks(None, _formulas_without_result(raw), merged)


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
            damaged = {t: m.damaged for t, p in parts.items() if (m := _sheet_marks(zf, p)).damaged}
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


def _xml_error(raw: bytes) -> str | None:
    """Why the sheet's XML does not parse, in the clerk's words; None when it does."""
    parser = xml.parsers.expat.ParserCreate()
    try:
        parser.Parse(raw, True)
    except xml.parsers.expat.ExpatError as exc:
        return f"工作表内容已损坏（XML 第{exc.lineno}行第{exc.offset}列处不完整或有错）"
    return None
