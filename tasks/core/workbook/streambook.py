"""The write-only workbook whose streamed sheets (sheetxml.py) are saved as compressed parts.

At the save each `StreamedSheet`'s frame (openpyxl's XML without the rows) is compressed and
its rows, deflated while they were appended, are joined in as they are (`deflate.write_member`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.writer.excel import ExcelWriter

from tasks.core.workbook.deflate import LEVEL, write_member
from tasks.core.workbook.sheetxml import StreamedSheet


class StreamedWorkbook(Workbook):
    """A write-only workbook for streamed sheets, compressed lighter than openpyxl does.

    zlib's default level spent 0.7 s on a 1,000-report scorecard; level 3 takes 0.4 s for a
    file a sixth larger. After a save, `frames` holds each streamed sheet's XML without its
    rows (what `verify.check_workbook` parses in place of the whole member).
    """

    def __init__(self) -> None:
        super().__init__(write_only=True)
        self.frames: dict[str, bytes] = {}

    def save(self, filename) -> None:
        # As openpyxl's Workbook.save and save_workbook, with the sheets' parts joined.
        if not self.worksheets:
            self.create_sheet()
        archive = ZipFile(filename, "w", ZIP_DEFLATED, allowZip64=True, compresslevel=LEVEL)
        self.properties.modified = datetime.now(UTC).replace(tzinfo=None)
        self.frames = {}
        _StreamedWriter(self, archive).save()


class _StreamedWriter(ExcelWriter):
    def write_worksheet(self, ws) -> None:
        if not isinstance(ws, StreamedSheet):
            super().write_worksheet(ws)
            return
        ws._drawing = SpreadsheetDrawing()  # as ExcelWriter.write_worksheet
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        xml, parts, writer = ws.frame()
        ws._rels = writer._rels
        name = ws.path[1:]
        write_member(self._archive, name, parts)
        self.workbook.frames[name] = xml
        self.manifest.append(ws)


def add_sheet(wb: Workbook, title: str) -> StreamedSheet:
    """A new last sheet of the write-only `wb`."""
    if not wb.write_only:
        raise ValueError("streamed sheets need Workbook(write_only=True)")
    ws = StreamedSheet(wb, title)
    wb._add_sheet(ws)
    return ws
