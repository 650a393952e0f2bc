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
    found += _unruled_tables(page, [t.bbox for t in found])
    boxes = [t.bbox for t in found]
    raw = [
        ln
        for ln in page.extract_text_lines(strip=True)
        if not any(_inside(ln, box) for box in boxes)
    ]
    flow = page_flow(raw)
    for table in found:
        grid = [[_cell_text(c) for c in row] for row in table.extract()]
        grid = [row for row in grid if any(c and c.strip() for c in row)]
        flow += [(table.bbox[1], line) for line in table_lines(grid, tables)]
        tables += 1
    flow.sort(key=lambda item: item[0])  # stable: a table's cells keep their order
    out.extend(line for _, line in flow)
    return tables


# An unruled table: at least this many rows of words in at least two columns that line up,
# the words of a row standing apart by at least a character's width (text in a paragraph
# stands a fraction of one apart where spaces are laid out, beside digits).
TABLE_ROWS = 3
_TEXT_TABLE = {"vertical_strategy": "text", "horizontal_strategy": "text"}


def _unruled_tables(page, ruled: list[tuple]) -> list:
    """Tables without ruling lines on `page`, outside the `ruled` tables' boxes."""
    words = [w for w in page.extract_words() if not any(_inside(w, box) for box in ruled)]
    tables = []
    for run in _column_runs(_word_rows(words)):
        flat = [w for row in run for w in row]
        box = (
            min(w["x0"] for w in flat) - 1,
            min(w["top"] for w in flat) - 1,
            max(w["x1"] for w in flat) + 1,
            max(w["bottom"] for w in flat) + 1,
        )
        box = _within(box, page.bbox)
        for table in page.crop(box).find_tables(_TEXT_TABLE):
            if len(table.rows) >= 2 and len(table.rows[0].cells) >= 2:
                tables.append(table)
    return tables


def _word_rows(words: list[dict]) -> list[list[dict]]:
    """Words grouped into printed lines (a word whose middle lies within a line's height is
    on it), each left to right, lines top to bottom."""
    rows: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (w["top"] + w["bottom"]) / 2):
        middle = (w["top"] + w["bottom"]) / 2
        if rows and rows[-1][0]["top"] <= middle <= rows[-1][0]["bottom"]:
            rows[-1].append(w)
        else:
            rows.append([w])
    return [sorted(row, key=lambda w: w["x0"]) for row in rows]


def _column_runs(rows: list[list[dict]]) -> list[list[list[dict]]]:
    """Stretches of consecutive rows of words standing apart whose columns line up."""
    runs, run = [], []
    for row in rows + [[]]:
        if _apart(row):
            run.append(row)
            continue
        if len(run) >= TABLE_ROWS and _aligned_columns(run) >= 2:
            runs.append(run)
        run = []
    return runs


def _apart(row: list[dict]) -> bool:
    if len(row) < 2:
        return False
    size = max(w["bottom"] - w["top"] for w in row)
    return all(b["x0"] - a["x1"] >= size for a, b in zip(row, row[1:], strict=False))


def _aligned_columns(run: list[list[dict]], slack: float = 2.0) -> int:
    """How many columns line up (by left edge, right edge or middle) in TABLE_ROWS rows."""
    best = 0
    for edge in (
        lambda w: w["x0"],
        lambda w: w["x1"],
        lambda w: (w["x0"] + w["x1"]) / 2,
    ):
        spots = sorted(edge(w) for row in run for w in row)
        columns, group = 0, [spots[0]]
        for x in spots[1:] + [float("inf")]:
            if x - group[-1] <= slack:
                group.append(x)
                continue
            columns += len(group) >= TABLE_ROWS
            group = [x]
        best = max(best, columns)
    return best


def _within(box: tuple, page: tuple) -> tuple:
    return (max(box[0], page[0]), max(box[1], page[1]), min(box[2], page[2]), min(box[3], page[3]))


def _inside(line: dict, box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    middle = (line["top"] + line["bottom"]) / 2
    return top <= middle <= bottom and line["x0"] >= x0 - 1 and line["x1"] <= x1 + 1


def _cell_text(cell: str | None) -> str | None:
    if cell is None:
        return None
    return "\n".join(without_layout_spaces(part) for part in cell.splitlines())
