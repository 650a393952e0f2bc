"""Worksheets whose cells are written as XML text, about a million cells a second.

openpyxl spends 15-30 µs on every cell it saves (a Cell object, a style lookup, an lxml
element). Here a column's cells are rendered as strings (`cells.column_cells`), a chunk of
rows at a time, and deflated on a background thread as they come (`deflate.DeflatedStream`);
everything around the cells (widths, views, filters, conditional formats, print setup,
charts) is still openpyxl's own writing, the "frame" into whose empty <sheetData> the
compressed rows are joined at the save. Internal links are streamed the same way.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from concurrent.futures import Future
from io import BytesIO
from itertools import chain, repeat

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet._writer import WorksheetWriter, create_temporary_file
from openpyxl.worksheet.hyperlink import Hyperlink

from tasks.core.workbook.cells import (
    CUT_MARK,
    MAX_TEXT,
    CellError,
    RichText,
    clean_text,
    column_cells,
    cut_text,
    escape,
    row_cells,
)
from tasks.core.workbook.deflate import DeflatedStream

__all__ = [
    "CUT_MARK",
    "MAX_TEXT",
    "CellError",
    "RichText",
    "StreamedSheet",
    "clean_text",
    "cut_text",
    "escape",
]

_EMPTY_ROWS = b"<sheetData></sheetData>"  # what openpyxl writes for a sheet without cells
_CHUNK = 2000  # rows rendered at once
_LINK_BATCH = 5000  # internal links rendered at once
_ROW_BATCH = 500  # rows of append_row compressed at once
# A placeholder link: where openpyxl writes it, the streamed internal links go.
_LINK_MARK = "_scorecard_links_"
_MARK_XML = f'<hyperlink ref="A1" location="{_LINK_MARK}"/>'.encode()


def _attribute(text: str) -> str:
    """Text as an XML attribute value in double quotes, escaped as lxml escapes it."""
    text = escape(text).replace('"', "&quot;")
    return text.replace("\n", "&#10;").replace("\t", "&#09;")


class StreamedSheet(WriteOnlyWorksheet):
    """A write-only worksheet filled with `append_row`/`append_columns`, savable any number of times.

    Rows are deflated to a temporary file as they come; the sheet's other settings can be
    changed in any order until the save.
    """

    def __init__(self, parent: Workbook, title: str) -> None:
        super().__init__(parent, title)
        self._body = DeflatedStream()
        self._links = DeflatedStream()  # internal links as <hyperlink/> elements
        self._new_links: list[str] = []  # not yet in _links
        self._link_count = 0
        self._file_links: list[tuple[str, str]] = []  # (cell, target): rare, openpyxl's
        self._rows: list[bytes] = []  # rows of append_row not yet in _body
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
        ref = f"{get_column_letter(col)}{row}"
        self._new_links.append(f'<hyperlink ref="{ref}" location="{_attribute(location)}"/>')
        self._link_count += 1
        if len(self._new_links) >= _LINK_BATCH:
            self._flush_links()

    def add_links_to(self, col: int, rows: list[int], sheet: str, targets: list[int]) -> None:
        """Links on cells of column `col` in `rows`, each to column A of its `targets` row of
        `sheet` (many at once: `add_link` one by one)."""
        letter = get_column_letter(col)
        where = _attribute(f"'{sheet}'!A")
        for i in range(0, len(rows), _LINK_BATCH):
            self._new_links.extend(
                f'<hyperlink ref="{letter}{r}" location="{where}{t}"/>'
                for r, t in zip(
                    rows[i : i + _LINK_BATCH], targets[i : i + _LINK_BATCH], strict=True
                )
            )
            self._flush_links()
        self._link_count += len(rows)

    def add_file_link(self, row: int, col: int, target: str) -> None:
        """A link to another file (`target`, relative to this workbook's folder)."""
        self._file_links.append((f"{get_column_letter(col)}{row}", target))

    def append(self, row) -> None:
        raise TypeError("a StreamedSheet takes its rows through append_row or append_columns")

    def append_row(self, values: Sequence, styles: Sequence[int | None]) -> None:
        """One row; `styles` holds a cell style id (openpyxl's `cell.style_id`) or None per value."""
        row = self._last_row + 1
        if values:
            self._rows.append(b'<row r="%d">%b</row>' % (row, row_cells(values, styles)))
            if len(self._rows) >= _ROW_BATCH:
                self._flush_rows()
        self._last_row = row
        self._last_col = max(self._last_col, len(values))

    def append_columns(
        self, columns: Sequence[Sequence], styles: Sequence[Sequence[int | None]], heights: dict
    ) -> None:
        """Rows given column by column (all columns as long), with style ids likewise.

        `heights` maps a sheet row number to its height in points.
        """
        self._flush_rows()
        first = self._last_row + 1
        n = len(columns[0]) if columns else 0
        for lo in range(first, first + n, _CHUNK):  # a chunk of rows at a time
            hi = min(lo + _CHUNK, first + n)
            cells = [
                column_cells(values[lo - first : hi - first], ids[lo - first : hi - first])
                for values, ids in zip(columns, styles, strict=True)
            ]
            starts = [_row_start(r, heights.get(r)) for r in range(lo, hi)]
            rows = zip(starts, *cells, repeat(b"</row>"))
            self._body.write(b"".join(chain.from_iterable(rows)))
        self._last_row += n
        self._last_col = max(self._last_col, len(columns))

    def append_piece(
        self, columns: Sequence[Sequence], styles: Sequence[Sequence[int | None]], heights: list
    ) -> Future:
        """Rows as `append_columns` takes them, but without row numbers (each row is the one
        after the last) and deflated on their own, so that a later run can reuse them where
        they then fall: the future gives `(data, crc, size)` for `append_deflated`.

        `heights` holds each row's height in points, or None.
        """
        self._flush_rows()
        n = len(columns[0]) if columns else 0
        future = self._body.deflate_apart(piece_rows(columns, styles, heights))
        self._last_row += n
        self._last_col = max(self._last_col, len(columns))
        return future

    def append_deflated(self, rows: int, columns: int, data: bytes, crc: int, size: int) -> None:
        """`rows` rows of `columns` cells kept from `append_piece`."""
        self._flush_rows()
        self._body.append_deflated(data, crc, size)
        self._last_row += rows
        self._last_col = max(self._last_col, columns)

    def frame(self) -> tuple[bytes, list[bytes | DeflatedStream], WorksheetWriter]:
        """openpyxl's XML of the sheet with the rows left out, and the member's parts: the
        frame around the rows and links, the rows and links themselves (sealed)."""
        self._flush_rows()
        self._flush_links()
        writer = WorksheetWriter(self, out=BytesIO())
        # The writer has just emptied the list; openpyxl writes the links to other files.
        marks = [Hyperlink(ref="A1", location=_LINK_MARK)] if self._link_count else []
        files = [Hyperlink(ref=ref, target=target) for ref, target in self._file_links]
        self._hyperlinks = marks + files
        writer.write()
        xml = writer.out.getvalue()
        head, found, tail = xml.partition(_EMPTY_ROWS)
        if not found:
            raise RuntimeError(f"openpyxl wrote no empty <sheetData> for {self.title!r}")
        self._body.seal()
        parts: list[bytes | DeflatedStream] = [head + b"<sheetData>", self._body]
        if self._link_count:
            before, found, after = tail.partition(_MARK_XML)
            if not found:
                raise RuntimeError(f"openpyxl wrote no link placeholder for {self.title!r}")
            self._links.seal()
            parts += [b"</sheetData>" + before, self._links, after]
        else:
            parts.append(b"</sheetData>" + tail)
        return xml, parts, writer

    def close(self) -> None:
        """Write the sheet to a temporary file for openpyxl's own workbook writer (a plain
        write-only `Workbook` saving it; `StreamedWorkbook` joins the compressed parts)."""
        _, parts, writer = self.frame()
        path = create_temporary_file()
        with open(path, "wb") as out:
            for part in parts:
                if isinstance(part, DeflatedStream):
                    part.copy_to(_Inflating(out))
                else:
                    out.write(part)
        writer.out = path
        self._writer = writer

    def _flush_rows(self) -> None:
        if self._rows:
            self._body.write(b"".join(self._rows))
            self._rows = []

    def _flush_links(self) -> None:
        if self._new_links:
            self._links.write("".join(self._new_links).encode())
            self._new_links = []


def piece_rows(
    columns: Sequence[Sequence], styles: Sequence[Sequence[int | None]], heights: list
) -> bytes:
    """The XML of rows without row numbers (`StreamedSheet.append_piece`)."""
    cells = [column_cells(values, ids) for values, ids in zip(columns, styles, strict=True)]
    starts = list(map({h: _row_start(None, h) for h in set(heights)}.__getitem__, heights))
    return b"".join(chain.from_iterable(zip(starts, *cells, repeat(b"</row>"))))


def _row_start(row: int | None, height: float | None) -> bytes:
    number = "" if row is None else f' r="{row}"'
    if height is None:
        return f"<row{number}>".encode()
    return f'<row{number} ht="{height:.16g}" customHeight="1">'.encode()


class _Inflating:
    """A file object that writes what it is given, decompressed, into `out`."""

    def __init__(self, out) -> None:
        self._out, self._zip = out, zlib.decompressobj(-15)

    def write(self, data: bytes) -> None:
        self._out.write(self._zip.decompress(data))
