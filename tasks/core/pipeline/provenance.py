"""Where a figure was read from: a table cell (its row and column headers) or a line read by
OCR (its confidence). Pure: the spans come from reading, the figures from extraction.

A figure in a table cell is named by its headers (the row says which indicator, the column
whether it is a target or a result) rather than by the words around it, which in a table
are only the neighbouring cells. A figure read by OCR from a line of low confidence is
marked `needs_review`: the comparison lists it as 待核实 and gives it no 完成率.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Final

from tasks.core.common.catalogue import Catalogue
from tasks.core.common.lexicon import load_yaml
from tasks.core.common.model import Figure, OcrLine, TableCell
from tasks.core.extraction import extract_figures
from tasks.core.naming.indicators import name_figures

OCR_REVIEW_BELOW: Final[float] = load_yaml("reading.yaml")["ocr_review_below"]
COMPLETION_COLUMNS: Final[dict[str, list[str]]] = load_yaml("reading.yaml")["completion_columns"]
UNIT_HEADERS: Final[list[str]] = load_yaml("reading.yaml")["unit_columns"]
EARLIER_HEADERS: Final[frozenset[str]] = frozenset(load_yaml("reading.yaml")["earlier_columns"])
_YEAR_HEADER: Final = re.compile(r"((?:19|20)\d{2})\s*年")
_BARE_NUMBER: Final = re.compile(r"\d{1,12}(?:\.\d+)?")
_HEADER_UNIT: Final = re.compile(r"[（(]\s*([^（）()]{1,4}?)\s*[）)]\s*$")


def with_table_headers(figures: list[Figure], cells: list[TableCell]) -> list[Figure]:
    """Figures inside a table cell get its row and column headers."""
    out = []
    for f, covering in _covered(figures, cells):
        cell = covering[0] if len(covering) == 1 and covering[0].end >= f.end else None
        if cell is not None and (cell.row_header or cell.column_header):
            f = f.with_(table_row=cell.row_header, table_column=cell.column_header)
        out.append(f)
    return out


def bare_cell_figures(
    text: str, doc: str, cells: list[TableCell], figures: list[Figure]
) -> list[Figure]:
    """`figures` and the bare numbers of table cells (40, 386.5) whose unit the table gives
    elsewhere: in the row header (新建工会组织（家）) or in the row's 单位 column."""
    if not cells:
        return figures
    taken = {(c.start, c.end) for f, cover in _covered(figures, cells) for c in cover}
    units = {
        (c.table, c.row): text[c.start : c.end].strip()
        for c in cells
        if c.column_header.strip() in UNIT_HEADERS
    }
    inherited = _breakdown_units(cells)
    added = []
    for c in cells:
        number = text[c.start : c.end].strip()
        if (c.start, c.end) in taken or not c.row_header or not _BARE_NUMBER.fullmatch(number):
            continue
        unit = (
            units.get((c.table, c.row))
            or _unit_in(c.row_header)
            or _unit_in(c.column_header)
            or inherited.get((c.table, c.row), "")
        )
        read = extract_figures(f"{number}{unit}", doc) if unit else []
        if len(read) == 1 and read[0].end == len(number) + len(unit) and read[0].value is not None:
            start = c.start + text[c.start : c.end].index(number)
            added.append(read[0].with_(start=start, end=start + len(number), text=number))
    return sorted(figures + added, key=lambda f: (f.start, f.end)) if added else figures


def _breakdown_units(cells: list[TableCell]) -> dict[tuple[int, int], str]:
    """(table, row) → the unit a row with none of its own takes from the row it breaks down.

    A statistical table states the unit once, in the row of the total (基层工会数（个）), and
    lists the parts below it: a row opening with 其中 and the rows that go on with its list
    (其中：内资企业 | 港澳台商投资企业 | 外商投资企业) count in the same unit. Any other row
    without a unit of its own takes none.
    """
    out: dict[tuple[int, int], str] = {}
    last: dict[int, tuple[int, str, bool]] = {}  # table → (row, unit in force, in a list of parts)
    for c in cells:
        row, unit, listing = last.get(c.table, (-1, "", False))
        if not c.row_header or row == c.row:
            continue  # a header cell, or a row already looked at
        own = _unit_in(c.row_header)
        if own:
            last[c.table] = (c.row, own, False)
            continue
        part = c.row_header.lstrip().startswith("其中") or listing
        if part and unit:
            out[(c.table, c.row)] = unit
        last[c.table] = (c.row, unit if part else "", part)
    return out


def _unit_in(header: str) -> str:
    """
    >>> _unit_in("送温暖资金（万元）"), _unit_in("新建工会组织(家)"), _unit_in("完成")
    ('万元', '家', '')
    """
    m = _HEADER_UNIT.search(header)
    return m.group(1).strip() if m else ""


def without_earlier_periods(figures: list[Figure]) -> list[Figure]:
    """A table figure in a column of an earlier period (上年同期; 2022年 beside 2023年 in the
    same row) is that period's number: it names no indicator of the report, so it is never
    added to the year's result."""
    in_columns = [f for f in figures if f.table_column]
    if not in_columns:
        return figures  # most reports: no table at all
    latest: dict[str, int] = {}  # the latest year of a row's results (a plan's year is later)
    for f in in_columns:
        if not any(word in f.table_column for word in COMPLETION_COLUMNS["target"]):
            latest[f.table_row] = max(_header_year(f.table_column), latest.get(f.table_row, 0))
    out = []
    for f in figures:
        if f.indicator and f.table_column:
            year = _header_year(f.table_column)
            earlier = _bare_header(f.table_column) in EARLIER_HEADERS
            if earlier or (year and year < latest.get(f.table_row, 0)):
                f = f.unnamed()
        out.append(f)
    return out


def _header_year(header: str) -> int:
    m = _YEAR_HEADER.search(header) if header else None
    return int(m.group(1)) if m else 0


def stated_targets(figures: list[Figure]) -> list[Figure]:
    """A figure in the target column of a completion table (目标 | 完成 | 完成率) is the target
    the report states, not a result: kind "target" (shown beside the workbook's target)."""
    return [
        f.with_(kind="target")
        if f.kind == "achievement" and _column_role(f.table_column) == "target"
        else f
        for f in figures
    ]


def named_by_headers(figures: list[Figure], catalogue: Catalogue) -> list[Figure]:
    """A table figure's indicator and subject from its headers, where they name one.

    The headers are read as naming reads a sentence: "列头：行头" followed by the figure
    (完成数：新建工会组织42家), so the catalogue's words and rules apply unchanged.
    """
    out = []
    for f in figures:
        if f.table_row:
            head = f"{f.table_column}：{f.table_row}" if f.table_column else f.table_row
            probe = f.with_(start=len(head), end=len(head) + len(f.text))
            (named,) = name_figures(head + f.text, [probe], catalogue)
            if named.indicator:
                f = f.with_(indicator=named.indicator, subject=f.table_row)
        out.append(f)
    return out


def with_ocr_confidence(
    figures: list[Figure], lines: list[OcrLine], review_below: float = OCR_REVIEW_BELOW
) -> list[Figure]:
    """Figures read by OCR carry the lowest confidence of their characters (the spans of
    `lines`); below `review_below` they need a person's check."""
    out = []
    for f, covering in _covered(figures, lines):
        if covering:
            confidence = min(ln.confidence for ln in covering)
            f = f.with_(source="ocr", ocr_confidence=confidence)
            if confidence < review_below:
                f = f.with_(
                    needs_review=True,
                    review_reason=f"OCR 识别置信度 {confidence:.2f} 低于 {review_below:.2f}",
                )
        out.append(f)
    return out


def _column_role(header: str) -> str:
    """ "target", "result" or "rate" for a completion table's column header, else "".

    >>> _column_role("年度目标"), _column_role("完成数"), _column_role("完成率"), _column_role("备注")
    ('target', 'result', 'rate', '')
    """
    if not header:  # most figures: in no table
        return _NO_HEADER_ROLE
    return _role_of(_bare_header(header))


def _bare_header(header: str) -> str:
    """A column header without spaces, line breaks and its unit in brackets (完成数（家）)."""
    return header.replace(" ", "").replace("\n", "").split("（")[0].split("(")[0]


def _role_of(name: str) -> str:
    for role in ("rate", "target", "result"):
        if name in COMPLETION_COLUMNS[role]:
            return role
    return ""


_NO_HEADER_ROLE: Final = _role_of("")


def _covered(figures: list[Figure], spans: list) -> list[tuple[Figure, list]]:
    """Each figure with the spans (sorted by start, disjoint) it overlaps."""
    starts = [s.start for s in spans]
    out = []
    for f in figures:
        i = max(bisect_right(starts, f.start) - 1, 0)
        covering = []
        while i < len(spans) and spans[i].start < f.end:
            if spans[i].end > f.start:
                covering.append(spans[i])
            i += 1
        out.append((f, covering))
    return out
