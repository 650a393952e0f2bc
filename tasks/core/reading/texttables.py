"""Tables that a web page's text keeps as lines of cells between bars (指标 | 2010年 | 2009年).

Stored pages and copied statistics flatten an HTML table into one line per row, its cells
separated by "|". Such a table is read as the .docx reader reads one (layout.table_lines): the
first row of two or more cells holds the column headers, the first cell of every later row its
row header, and every cell is a span of the text as given, so a bare number in a cell takes
its unit from its headers (provenance.bare_cell_figures) and its indicator from them
(provenance.named_by_headers). Pure: text in, spans out.
"""

from __future__ import annotations

import re
from typing import Final

from tasks.core.common.model import TableCell

_BAR: Final = re.compile(r"[|｜]")
_BAR_LINE: Final = re.compile(r"^[^\n|｜]*[|｜][^\n]*$", re.M)
# A table has at least this many lines of cells, its header included: a single line with
# bars is a page's byline or a link bar (2025-11-19 | 宣网部 | 点击量:487).
_MIN_ROWS: Final = 3


def text_table_cells(text: str, first_table: int = 0) -> list[TableCell]:
    """The cells of every table of `text` written as lines of "|"-separated cells."""
    if "|" not in text and "｜" not in text:
        return []  # most reports: no bar at all
    cells: list[TableCell] = []
    table = first_table
    for run in _runs_of_rows(text):
        found = _table_cells(text, run, table)
        if found:
            cells += found
            table += 1
    return cells


def _runs_of_rows(text: str) -> list[list[list[tuple[int, int]]]]:
    """Runs of consecutive lines holding a bar, each line as its cells' (start, end) spans
    (stripped; an empty cell keeps its place as an empty span). The lines are found by one
    scan of the text: a report's few bars sit in a link bar or two."""
    runs: list[list[list[tuple[int, int]]]] = []
    run: list[list[tuple[int, int]]] = []
    last_end = -2
    for m in _BAR_LINE.finditer(text):
        if m.start() != last_end + 1 and run:  # not the line right after the last one
            runs.append(run)
            run = []
        run.append(_cells_of(m.group(), m.start()))
        last_end = m.end()
    if run:
        runs.append(run)
    return [r for r in runs if len(r) >= _MIN_ROWS]


def _cells_of(line: str, at: int) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for m in [*_BAR.finditer(line), None]:
        end = m.start() if m else len(line)
        piece = line[start:end]
        lead = len(piece) - len(piece.lstrip())
        spans.append((at + start + lead, at + start + len(piece.rstrip())))
        start = m.end() if m else end
    while spans and spans[-1][0] >= spans[-1][1]:
        spans.pop()  # the bar closing a row (… | 9683 |) opens no cell
    return spans


def _table_cells(text: str, run: list[list[tuple[int, int]]], table: int) -> list[TableCell]:
    """A run's cells: rows before the header (a title: 表15—4 工会组织基本情况 | ||) are text;
    the header is the first row with two cells or more."""
    full = [r for r, row in enumerate(run) if sum(1 for s, e in row if e > s) >= 2]
    if len(full) < _MIN_ROWS:
        return []
    top = full[0]
    header = [text[s:e] for s, e in run[top]]
    out: list[TableCell] = []
    for r, row in enumerate(run[top:]):
        row_header = ""
        for c, (s, e) in enumerate(row):
            if e <= s:
                continue
            if r == 0 or c == 0:
                out.append(TableCell(s, e, table, r, c, "", ""))
                continue
            row_header = row_header or text[row[0][0] : row[0][1]]
            column = header[c] if c < len(header) else ""
            out.append(TableCell(s, e, table, r, c, row_header, column))
    return out
