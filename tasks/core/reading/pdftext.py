"""Text layer of a PDF rebuilt into the text of the report, from pdfplumber's layout analysis.

A PDF stores glyphs where they are drawn, not text. Word processors draw a quotation mark in
another font run than the hanzi around it and put a gap between hanzi and digits, so
extractors that follow the content stream (pypdf's default mode, pdfminer.six's text boxes)
give `“ ”两个维护`, `300 余场次` and lose figures. pdfplumber orders the characters of each
line by their position and returns every line with its box; layout.py undoes the wrapping
from the boxes. Ruled tables are read as tables: cells with their row and column headers.

Measured on PDFs made by LibreOffice from .docx (`python -m bench.pdf_layers`, BENCHMARKS.md):
share of the .txt's figures found — pypdf plain 0.00–0.79, pdfminer.six 0.00–0.79, pypdf
layout mode 0.65–0.97, pdfplumber 0.93–0.98 as it comes and 1.00 after the rebuild.
"""

from __future__ import annotations

import io

from tasks.core.reading.layout import (
    Line,
    join_wrapped,
    page_flow,
    table_lines,
    without_layout_spaces,
)
from tasks.core.reading.limits import check_pages, check_time


def pdf_lines(data: bytes) -> list[Line]:
    """Lines of every page in reading order, wrapped lines joined, tables as cells.

    Raises PermissionError when the PDF is encrypted with a password.
    """
    import pdfplumber  # loads pdfminer.six: only when a PDF is read
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    check_pages(claimed_pages(data))  # before any page tree is walked
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = pdf.pages
    except PDFPasswordIncorrect as exc:
        raise PermissionError("encrypted") from exc
    lines: list[Line] = []
    tables = 0
    with pdf:
        check_pages(len(pages))
        for page in pages:
            check_time()
            tables = _read_page(page, tables, lines)
    return join_wrapped(lines)


def pdf_text(data: bytes) -> str:
    """The rebuilt text alone (see `pdf_lines`)."""
    return "\n".join(line.text for line in pdf_lines(data))


def claimed_pages(data: bytes) -> int:
    """The page count the document's page tree states (0 when it states none or cannot be
    read): a damaged or hostile file may claim 100,000 pages, and walking them takes minutes."""
    import pypdf

    try:
        return int(pypdf.PdfReader(io.BytesIO(data)).trailer["/Root"]["/Pages"]["/Count"])
    except Exception:  # encrypted, damaged: the reader proper says what is wrong
        return 0


def _read_page(page, tables: int, out: list[Line]) -> int:
    """Append the lines of `page` to `out`; returns the number of tables read so far."""
    found = [t for t in page.find_tables() if len(t.rows) >= 2 and len(t.rows[0].cells) >= 2]
    boxes = [t.bbox for t in found]
    raw = [
        ln
        for ln in page.extract_text_lines(strip=True)
        if not any(_inside(ln, box) for box in boxes)
    ]
    flow = page_flow(raw)
    for table in found:
        grid = [[_cell_text(c) for c in row] for row in table.extract()]
        flow += [(table.bbox[1], line) for line in table_lines(grid, tables)]
        tables += 1
    flow.sort(key=lambda item: item[0])  # stable: a table's cells keep their order
    out.extend(line for _, line in flow)
    return tables


def _inside(line: dict, box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    middle = (line["top"] + line["bottom"]) / 2
    return top <= middle <= bottom and line["x0"] >= x0 - 1 and line["x1"] <= x1 + 1


def _cell_text(cell: str | None) -> str | None:
    if cell is None:
        return None
    return "\n".join(without_layout_spaces(part) for part in cell.splitlines())
