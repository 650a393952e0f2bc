"""Lines of a document put together into its text, with table cells and OCR lines kept as spans.

Every reader (.docx, PDF text layer, OCR) hands over `Line`s in reading order. A line may be
a table cell (it then knows its row and column header) or text read by OCR (it then knows
the OCR's confidence). `assemble` joins them with "\\n" and returns the spans into the joined
text, so a figure found later at some offset can be told which cell or which OCR line it is in.

Page layout (PDF text layer, OCR boxes): `page_flow` turns the boxed lines of one page into
lines that know whether they wrap, and `join_wrapped` glues a wrapped line to the next one (a
line that reaches the right margin continues on the next line unless that one is indented
or a heading). Page numbers are dropped; spaces between hanzi and digits are layout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tasks.core.common.model import OcrLine, TableCell

_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–]\s*\d{1,4}\s*[-—–]|\d{1,4}|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?)\s*$"
)
# A new heading always starts a new line, however full the line before it.
_HEADING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[、.．](?!\d))"
)
_CJK = r"\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’"
# A space beside a hanzi (or full-width punctuation) is layout, never part of Chinese text.
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}])[ \u00a0]+|[ \u00a0]+(?=[{_CJK}])")
# A line ending this close to the right margin (in line heights) is a wrapped line: a line
# breaks up to two characters early when a closing mark may not start the next one.
_MARGIN_SLACK = 2.5
# A line starting this far right of the left margin (in line heights) is indented.
_INDENT = 0.8


@dataclass
class Line:
    """One line of a document.

    `cell` = (table, row, column, row header, column header) for a table cell; `ocr` =
    (length, confidence) of each stretch read by OCR, in order, empty for other text.
    """

    text: str
    cell: tuple[int, int, int, str, str] | None = None
    ocr: list[tuple[int, float]] = field(default_factory=list)
    starts_paragraph: bool = False
    wraps: bool = False  # reaches the right margin: continues on the next line


@dataclass
class Assembled:
    """A document's text and the spans of its table cells and OCR lines."""

    text: str
    cells: list[TableCell] = field(default_factory=list)
    ocr_lines: list[OcrLine] = field(default_factory=list)


def assemble(lines: list[Line]) -> Assembled:
    """Join `lines` with newlines, keeping where each cell and OCR line landed."""
    out = Assembled("")
    pieces: list[str] = []
    at = 0
    for line in lines:
        end = at + len(line.text)
        if line.cell is not None:
            table, row, col, row_header, col_header = line.cell
            out.cells.append(TableCell(at, end, table, row, col, row_header, col_header))
        piece = at
        for length, confidence in line.ocr:
            out.ocr_lines.append(OcrLine(piece, piece + length, round(confidence, 3)))
            piece += length
        pieces.append(line.text)
        at = end + 1
    out.text = "\n".join(pieces)
    return out


def table_lines(grid: list[list[str | None]], table: int) -> list[Line]:
    """A table's cells row by row, each a line that knows its row and column header.

    `grid[r][c]` is a cell's text, None where a merged cell continues (read once). The first
    row holds the column headers and the first column the row headers, as in the tables of
    work reports (指标 | 目标 | 完成 | 完成率); a header cell has no headers of its own.
    """
    header = [(c or "").strip() for c in grid[0]] if grid else []
    lines: list[Line] = []
    for r, row in enumerate(grid):
        row_header = _first_text(row)
        for c, cell in enumerate(row):
            if cell is None:
                continue
            for part in cell.splitlines() or [""]:
                if r == 0 or c == 0:
                    lines.append(Line(part, (table, r, c, "", "")))
                else:
                    column = header[c] if c < len(header) else ""
                    lines.append(Line(part, (table, r, c, row_header, column)))
    return lines


def _first_text(row: list[str | None]) -> str:
    return next(((c or "").strip() for c in row if c is not None), "")


def without_layout_spaces(text: str) -> str:
    """
    >>> without_layout_spaces("举办 300 余场次， 覆盖 6000 余人 Word 文档")
    '举办300余场次，覆盖6000余人Word文档'
    """
    return _CJK_SPACE.sub("", text.strip())


def page_flow(boxes: list[dict], ocr: bool = False) -> list[tuple[float, Line]]:
    """(top, line) of one page's lines from their boxes (text, x0, x1, top, bottom; for OCR
    also pieces: (length, confidence) of each stretch of the text), page numbers dropped, each marked as wrapping or starting a
    paragraph."""
    boxes = [b for b in boxes if b["text"].strip()]
    while boxes and _PAGE_NUMBER.match(boxes[-1]["text"]):
        boxes.pop()
    while boxes and _PAGE_NUMBER.match(boxes[0]["text"]):
        boxes.pop(0)
    left = min((b["x0"] for b in boxes), default=0.0)
    right = max((b["x1"] for b in boxes), default=0.0)
    lines = []
    for b in boxes:
        size = max(b["bottom"] - b["top"], 1.0)
        text = without_layout_spaces(b["text"])
        line = Line(
            text,
            ocr=list(b["pieces"]) if ocr else [],
            starts_paragraph=b["x0"] - left > _INDENT * size,
            wraps=right - b["x1"] < _MARGIN_SLACK * size,
        )
        lines.append((b["top"], line))
    return lines


def join_wrapped(lines: list[Line]) -> list[Line]:
    """`lines` with each wrapped line glued to the line after it (pages already in order)."""
    out: list[Line] = []
    for line in lines:
        prev = out[-1] if out else None
        if prev is not None and prev.wraps and _continues(prev, line):
            glued = _glue(prev.text, line.text)
            ocr = prev.ocr + line.ocr
            if len(glued) > len(prev.text) + len(line.text) and prev.ocr:  # a space went in
                ocr[len(prev.ocr) - 1] = (prev.ocr[-1][0] + 1, prev.ocr[-1][1])
            out[-1] = Line(glued, ocr=ocr, wraps=line.wraps)
        else:
            out.append(line)
    return out


def _continues(prev: Line, line: Line) -> bool:
    return (
        prev.cell is None
        and line.cell is None
        and not line.starts_paragraph
        and not _HEADING.match(line.text)
    )


def _glue(left: str, right: str) -> str:
    if left[-1:].isascii() and left[-1:].isalpha() and right[:1].isascii() and right[:1].isalpha():
        return left + " " + right
    return left + right
