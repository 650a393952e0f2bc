"""Worksheets whose cells are written as XML text, a few hundred thousand cells a second.

openpyxl spends 15-30 µs on every cell it saves (a Cell object, a style lookup, an lxml
element), about 12 s for the 470,000 cells of a 1,000-report scorecard. Here a cell is one
formatted string; everything around the cells (widths, views, filters, conditional formats,
links, print setup, charts) is still openpyxl's own writing, and the rows are spliced into
the empty <sheetData> it leaves. Values are written as openpyxl writes them: numbers as
"%.16g", text as inline strings, leading/trailing spaces preserved.
"""

from __future__ import annotations

import math
import os
import shutil
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from io import BytesIO
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell.text import InlineFont
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet._writer import WorksheetWriter, create_temporary_file
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.writer.excel import ExcelWriter
from openpyxl.xml.functions import tostring

from tasks.core.common.safetext import xml_safe

_EMPTY_ROWS = b"<sheetData></sheetData>"  # what openpyxl writes for a sheet without cells
_CHUNK = 2000  # rows formatted at once
MAX_TEXT = 32767  # Excel's limit of characters in a cell
CUT_MARK = "……（超出 Excel 单元格字数上限，其后已截断）"


def clean_text(value: str, limit: int = MAX_TEXT) -> str:
    """Report text made safe for a cell: characters XML refuses replaced; a text longer than
    `limit` is cut so that it ends, within the limit, with the visible CUT_MARK.

    >>> clean_text("a\\x07b")
    'a b'
    >>> clean_text("一二三四五六七八九十" * 4, limit=30)
    '一二三四……（超出 Excel 单元格字数上限，其后已截断）'
    """
    text = xml_safe(value)
    if len(text) <= limit:
        return text
    return text[: max(limit - len(CUT_MARK), 0)] + CUT_MARK[:limit]


class RichText:
    """A text whose characters start:end are in `font` and the rest in `around`.

    Kept as the text itself and two positions, the runs cut only as the cell is written:
    50,000 marked sentences held as runs of their own took ~25 MB. `str()` gives the text.
    """

    __slots__ = ("text", "start", "end", "font", "around")

    def __init__(self, text: str, start: int, end: int, font: InlineFont, around: InlineFont):
        if not 0 <= start < end <= len(text):
            raise ValueError(f"no characters {start}:{end} in a text of {len(text)}")
        self.text, self.start, self.end, self.font, self.around = text, start, end, font, around

    def __str__(self) -> str:
        return self.text

    @property
    def runs(self) -> list[tuple[str, InlineFont]]:
        t, s, e = self.text, self.start, self.end
        runs = [(t[s:e], self.font)]
        if s:
            runs.insert(0, (t[:s], self.around))
        if e < len(t):
            runs.append((t[e:], self.around))
        return runs


class CellError(str):
    """Text that openpyxl would store as an error value (#N/A, #DIV/0! ...)."""


class StreamedSheet(WriteOnlyWorksheet):
    """A write-only worksheet filled with `append_row`/`append_columns`, savable any number of times.

    Rows are kept as XML text until the workbook is saved; the sheet's other settings can be
    changed in any order until then.
    """

    def __init__(self, parent: Workbook, title: str) -> None:
        super().__init__(parent, title)
        # Rows go to disk as they come: kept as text, 470k cells took ~150 MB until the save.
        self._body = tempfile.TemporaryFile()  # noqa: SIM115 (open as long as the sheet)
        self._links: list[Hyperlink] = []
        self._last_row = 0
        self._last_col = 0

    @property
    def closed(self) -> bool:
        return False  # never: each save writes the sheet afresh from the kept rows

    @property
    def last_row(self) -> int:
        return self._last_row

    def calculate_dimension(self) -> str:
        """The used range, as openpyxl writes it in <dimension>."""
        return f"A1:{get_column_letter(max(self._last_col, 1))}{max(self._last_row, 1)}"

    def add_link(self, row: int, col: int, location: str) -> None:
        """An internal link (`location` like "'Sheet'!A5") on an appended cell."""
        self._links.append(Hyperlink(ref=f"{get_column_letter(col)}{row}", location=location))

    def add_file_link(self, row: int, col: int, target: str) -> None:
        """A link to another file (`target`, relative to this workbook's folder)."""
        self._links.append(Hyperlink(ref=f"{get_column_letter(col)}{row}", target=target))

    def append(self, row) -> None:
        raise TypeError("a StreamedSheet takes its rows through append_row or append_columns")

    def append_row(self, values: Sequence, styles: Sequence[int | None]) -> None:
        """One row; `styles` holds a cell style id (openpyxl's `cell.style_id`) or None per value."""
        row = self._last_row + 1
        cells = [
            _cell(f"{get_column_letter(j)}{row}", v, s)
            for j, (v, s) in enumerate(zip(values, styles, strict=True), start=1)
        ]
        if cells:
            self._body.write(f'<row r="{row}">{"".join(cells)}</row>'.encode())
        self._last_row = row
        self._last_col = max(self._last_col, len(cells))

    def append_columns(
        self, columns: Sequence[Sequence], styles: Sequence[Sequence[int | None]], heights: dict
    ) -> None:
        """Rows given column by column (all columns as long), with style ids likewise.

        `heights` maps a sheet row number to its height in points.
        """
        first = self._last_row + 1
        n = len(columns[0]) if columns else 0
        letters = [get_column_letter(j) for j in range(1, len(columns) + 1)]
        for lo in range(0, n, _CHUNK):  # a chunk of rows at a time, never the whole sheet
            hi = min(lo + _CHUNK, n)
            cells = [
                _column(letter, first + lo, values[lo:hi], ids[lo:hi])
                for letter, values, ids in zip(letters, columns, styles, strict=True)
            ]
            rows = []
            for r, row in enumerate(zip(*cells, strict=True), start=first + lo):
                h = heights.get(r)
                attrs = f' ht="{h:.16g}" customHeight="1"' if h is not None else ""
                rows.append(f'<row r="{r}"{attrs}>{"".join(row)}</row>')
            self._body.write("".join(rows).encode())
        self._last_row += n
        self._last_col = max(self._last_col, len(columns))

    def close(self) -> None:
        """Write the sheet to a temporary file for the workbook writer (called on each save)."""
        writer = WorksheetWriter(self, out=BytesIO())
        self._hyperlinks = list(self._links)  # the writer has just emptied the list
        writer.write()
        head, found, tail = writer.out.getvalue().partition(_EMPTY_ROWS)
        if not found:
            raise RuntimeError(f"openpyxl wrote no empty <sheetData> for {self.title!r}")
        path = create_temporary_file()
        with open(path, "wb") as out:
            out.write(head + b"<sheetData>")
            self._body.seek(0)
            shutil.copyfileobj(self._body, out)
            self._body.seek(0, os.SEEK_END)  # later rows still go at the end
            out.write(b"</sheetData>" + tail)
        writer.out = path
        self._writer = writer


class StreamedWorkbook(Workbook):
    """A write-only workbook for streamed sheets, compressed lighter than openpyxl does.

    zlib's default level spent 0.7 s on a 1,000-report scorecard; level 3 takes 0.4 s for a
    file a sixth larger (4.5 MB instead of 3.8 MB).
    """

    def __init__(self) -> None:
        super().__init__(write_only=True)

    def save(self, filename) -> None:
        # As openpyxl's Workbook.save and save_workbook, with the compression level chosen.
        if not self.worksheets:
            self.create_sheet()
        archive = ZipFile(filename, "w", ZIP_DEFLATED, allowZip64=True, compresslevel=3)
        self.properties.modified = datetime.now(UTC).replace(tzinfo=None)
        ExcelWriter(self, archive).save()


def add_sheet(wb: Workbook, title: str) -> StreamedSheet:
    """A new last sheet of the write-only `wb`."""
    if not wb.write_only:
        raise ValueError("streamed sheets need Workbook(write_only=True)")
    ws = StreamedSheet(wb, title)
    wb._add_sheet(ws)
    return ws


def escape(text: str) -> str:
    """Text as XML character data, with carriage returns kept as lxml keeps them.

    >>> escape("a<b & c>\\r")
    'a&lt;b &amp; c&gt;&#13;'
    """
    text = xml_safe(text)  # the last line of defence: a workbook that opens, whatever came
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


def _t(text: str, preserve: bool) -> str:
    space = ' xml:space="preserve"' if preserve else ""
    return f"<t{space}>{escape(text)}</t>"


def _inline(text: str) -> str:
    # openpyxl preserves spaces when the text differs from its stripped self.
    return f'" t="inlineStr"><is>{_t(text, text != text.strip())}</is></c>'


# <rPr> per font object, the font kept so that its id is never reused: runs share a few fonts.
_FONTS: dict[int, tuple[InlineFont, str]] = {}


def _rich(text: RichText) -> str:
    runs = []
    for part, font in text.runs:
        cached = _FONTS.get(id(font))
        if cached is None:
            cached = _FONTS[id(font)] = (font, tostring(font.to_tree(tagname="rPr")).decode())
        stripped = part.strip()
        runs.append(f"<r>{cached[1]}{_t(part, bool(stripped) and part != stripped)}</r>")
    return f'" t="inlineStr"><is>{"".join(runs)}</is></c>'


def _tail(v) -> str:
    """The cell's XML after `<c r=".." s="..`: its type and value."""
    if v is None:
        return '"/>'
    t = type(v)
    if t is str:
        return _inline(v) if v else '" t="inlineStr"></c>'
    if t is int or (t is float and math.isfinite(v)):
        return f'" t="n"><v>{v:.16g}</v></c>'
    if t is float:  # NaN and infinities: openpyxl writes an empty value
        return '" t="n"><v></v></c>'
    if t is bool:
        return f'" t="b"><v>{int(v)}</v></c>'
    if t is RichText:
        return _rich(v)
    if t is CellError:
        return f'" t="e"><v>{escape(v)}</v></c>'
    if isinstance(v, str):  # a str subclass (a listed path): its text
        return _tail(str(v))
    raise TypeError(f"cannot write {v!r} ({t.__name__}) to a cell")


def _cell(ref: str, v, style: int | None) -> str:
    s = f'" s="{style}' if style is not None else ""
    return f'<c r="{ref}{s}{_tail(v)}'


def _column(letter: str, first: int, values: Sequence, styles: Sequence[int | None]) -> list[str]:
    """The cells of one column; repeated texts (units, names, reports) are escaped once."""
    texts: dict[str, str] = {}
    looks: dict[int | None, str] = {None: ""}
    out = []
    for r, (v, s) in enumerate(zip(values, styles, strict=True), start=first):
        t = type(v)
        if t is str:
            tail = texts.get(v)
            if tail is None:
                tail = texts[v] = _tail(v)
        elif t is float and math.isfinite(v):
            tail = f'" t="n"><v>{v:.16g}</v></c>'
        else:
            tail = _tail(v)
        look = looks.get(s)
        if look is None:
            look = looks[s] = f'" s="{s}'
        out.append(f'<c r="{letter}{r}{look}{tail}')
    return out
