"""Opening a workbook a person made (the targets workbook) without letting it stop a run.

The file is refused by type before it is opened (a FIFO would block for ever), read once,
and every worksheet part is parsed as XML first: a sheet cut short (`unclosed token`) is
replaced by an empty one and named, so the good sheets still count. Cells are then taken
by their real extent: a stray value at A1048576 is one cell, not a million rows.
"""

from __future__ import annotations

import io
import posixpath
import xml.parsers.expat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from tasks.core.common.filetype import not_a_file

_EMPTY_SHEET = (
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b"<sheetData/></worksheet>"
)
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


@dataclass
class CheckedBook:
    """The workbook's bytes with damaged sheets emptied, or why it cannot be used at all."""

    data: bytes | None
    problem: str | None = None  # the whole file is unusable (named, with what to do)
    damaged: dict[str, str] = field(default_factory=dict)  # sheet title → what is wrong


def check_xlsx(path: str | Path) -> CheckedBook:
    """Read the workbook at `path`, empty its damaged sheets, and say what was found."""
    path = Path(path)
    name = path.name
    try:
        kind = not_a_file(path)
        if kind is not None:
            return CheckedBook(None, f"{name}：这是一个{kind}，不是目标工作簿，已忽略")
        data = path.read_bytes()
    except OSError as exc:
        from tasks.core.reading.decode import os_error_message

        return CheckedBook(None, os_error_message(name, exc))
    try:
        return _empty_damaged(data)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, xml.parsers.expat.ExpatError):
        return CheckedBook(
            None, f"{name}：无法打开（文件损坏、已加密或不是 .xlsx），请在 Excel 中打开并另存后再试"
        )


def _empty_damaged(data: bytes) -> CheckedBook:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheets = _sheet_parts(z)
        damaged = {}
        for part, title in sheets.items():
            reason = _xml_error(z, part)
            if reason is not None:
                damaged[title] = reason
        if not damaged:
            return CheckedBook(data)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
            for info in z.infolist():
                bad = sheets.get(info.filename) in damaged
                copy.writestr(info, _EMPTY_SHEET if bad else z.read(info.filename))
    return CheckedBook(out.getvalue(), damaged=damaged)


def _sheet_parts(z: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part name → sheet title, from xl/workbook.xml and its relationships."""
    book = ElementTree.fromstring(z.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    out = {}
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"), "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        out[posixpath.normpath(part)] = sheet.get("name", "")
    return out


def _xml_error(z: zipfile.ZipFile, part: str) -> str | None:
    parser = xml.parsers.expat.ParserCreate()
    try:
        with z.open(part) as member:
            while chunk := member.read(1 << 20):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except KeyError:
        return "工作表内容缺失"
    except xml.parsers.expat.ExpatError as exc:
        return f"工作表内容已损坏（XML 第{exc.lineno}行第{exc.offset}列处不完整或有错）"
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        return f"工作表内容已损坏（{type(exc).__name__}）"
    return None


def present_rows(ws, min_row: int = 1) -> list[int]:
    """Numbers of the rows of a (not read-only) worksheet that hold a value, in order.

    `ws.max_row` is the row of the farthest cell ever touched, and asking for a cell
    creates it: walking 2..max_row past one stray value at A1048576 took 62 s and 3.3 GB.
    """
    cells = ws._cells  # openpyxl 3.1 keeps the cells that exist by (row, column)
    return sorted({r for (r, _), c in cells.items() if r >= min_row and c.value is not None})
