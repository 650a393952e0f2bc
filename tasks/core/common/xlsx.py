"""An .xlsx workbook held as bytes: read once at the edge, parsed here for every sheet reader.

The targets workbook feeds the catalogue (指标库) and the targets (目标, 历史数据, 进度); both
read the same `Book`: one openpyxl workbook of saved values, and the cells whose formula has
no saved result (a workbook written by a program and never opened in Excel), which a values
workbook cannot tell from empty cells.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

from openpyxl import Workbook, load_workbook

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


@dataclass
class Book:
    """A parsed workbook: its saved values, and per sheet the formula cells with no result."""

    values: Workbook
    unsaved_formulas: dict[str, set[str]]  # sheet title -> cell references ("E7")


def open_book(data: bytes) -> Book:
    """Parse the bytes of an .xlsx; raises what openpyxl or zipfile raise on a bad file."""
    values = load_workbook(io.BytesIO(data), data_only=True)
    return Book(values, formulas_without_result(data))


def formulas_without_result(data: bytes) -> dict[str, set[str]]:
    """For each sheet, the cells holding a formula but no saved value."""
    out: dict[str, set[str]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for title, part in _sheet_parts(zf).items():
            if part not in zf.namelist():
                continue
            refs = set()
            for _, cell in ElementTree.iterparse(zf.open(part)):
                if cell.tag != f"{_MAIN}c":
                    continue
                value = cell.find(f"{_MAIN}v")
                if cell.find(f"{_MAIN}f") is not None and (value is None or not value.text):
                    refs.add(cell.get("r"))
                cell.clear()
            out[title] = refs
    return out


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
