"""Laying out the scorecard tables as the Excel workbook managers open.

Every number is stored as a number; every text from a report is stored as plain text,
never as a formula; each 计分卡 row links to the sentence its value came from.

The workbook is write-only and its sheets are `sheetxml.StreamedSheet`s, whose cells go out
as XML text: 1,000 reports' scorecard builds and saves in about 2.5 s instead of 18 s.
`build_workbook(...).save(path)` works as for any openpyxl workbook, any number of times;
the cells cannot be read back before saving.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, PatternFill

from tasks.core.common.frames import iter_rows
from tasks.core.workbook import (
    charts,
    evidencelinks,
    notes,
    offload,
    offvolumes,
    pieces,
    style,
    tablecells,
)
from tasks.core.workbook.evidencelinks import EvidenceRows, add_links, link_column
from tasks.core.workbook.limits import EXCEL, ExcelLimits
from tasks.core.workbook.parts import SpilledRows
from tasks.core.workbook.pieces import EVIDENCE
from tasks.core.workbook.piecestore import PieceStore
from tasks.core.workbook.sheetxml import StreamedSheet, clean_text
from tasks.core.workbook.streambook import StreamedWorkbook, add_sheet

CHART_DATA = "图表数据"  # hidden: what the 总览 chart plots, sorted
INDEX_SHEET = "目录"  # first sheet of the index workbook of a scorecard split into volumes
SHEET_ORDER = [
    INDEX_SHEET,
    "总览",
    "计分卡",
    "缺失数据",
    "原文依据",
    "历年趋势",
    "说明",
    "建议目标",
]
_NOTE_ALIGN = Alignment(horizontal="left", vertical="top", wrap_text=True)


def build_workbook(
    sheets: dict[str, pd.DataFrame],
    notes_rows: list[list],
    limits: ExcelLimits = EXCEL,
    store: PieceStore | None = None,
    elsewhere: offload.Offload | offvolumes.Volume | None = None,
) -> Workbook:
    """The scorecard workbook; `notes_rows` are the rows of the 说明 sheet.

    Longer texts than `limits` allows in a cell are cut with a visible mark; the tables must
    already fit its rows (`limits.split_by_unit`). With a `store`, 原文依据 reuses the
    pieces an earlier run rendered (`pieces`), and takes those that the process `elsewhere`
    rendered of it, if they are usable (`offload`).
    """
    wb = StreamedWorkbook()
    data = add_sheet(wb, CHART_DATA)  # must exist before a chart can point at it
    data.sheet_state = "hidden"
    cache = style.StyleCache(data)
    kept = pieces.prepare(sheets, cache, store, limits.max_cell_chars)  # their looks first
    evidence_rows = evidencelinks.evidence_rows(sheets)
    units = _indicator_units(sheets)
    charted = False
    for name in SHEET_ORDER:
        if name == "说明":
            _write_notes(add_sheet(wb, name), notes_rows, cache, limits.max_cell_chars)
        elif name in sheets:
            ws = add_sheet(wb, name)
            df = sheets[name]
            in_pieces = (kept[0], kept[1][name]) if kept and name in kept[1] else None
            rendered = None
            if name == EVIDENCE and elsewhere is not None and in_pieces is not None:
                rendered = elsewhere.take(df, in_pieces[1])
            df = df if isinstance(df, SpilledRows) else df.reset_index(drop=True)
            width = _write_table(
                ws, df, evidence_rows, cache, units, limits.max_cell_chars, in_pieces, rendered
            )
            if name == "总览" and "综合完成率" in df:
                percent = cache.id(("chart data",), lambda: {"number_format": "0.0%"})
                charted = charts.add_overview_chart(ws, data, df, width + 2, percent)
            elif name == "历年趋势" and "指标" in df:
                charts.add_trend_charts(ws, df, _core_indicators(sheets, df), width + 2, units)
    if charted:
        wb.move_sheet(CHART_DATA, len(wb.sheetnames) - 1)  # last, after the sheets of interface.md
    else:
        wb.remove(data)
    wb.active = 0
    return wb


def _core_indicators(sheets: dict, trend: pd.DataFrame) -> list[str]:
    """Indicators with a target somewhere, in 计分卡 order; every indicator when none has one."""
    card = sheets.get("计分卡")
    if card is not None and "目标值" in card:
        parts = card.parts() if isinstance(card, SpilledRows) else [card]
        targeted = dict.fromkeys(n for p in parts for n in p.loc[p["目标值"].notna(), "指标"])
        if targeted:
            return list(targeted)
    return list(dict.fromkeys(trend["指标"]))


def _indicator_units(sheets: dict) -> dict[str, str]:
    """计量单位 per indicator, for sheets whose rows carry no unit column (and the charts)."""
    units: dict[str, str] = {}
    for name in ("原文依据", "计分卡", "历年趋势"):
        df = sheets.get(name)
        if isinstance(df, SpilledRows):
            units.update(iter_rows(df.first_units(), "指标", "计量单位"))
        elif df is not None and {"指标", "计量单位"} <= set(df.columns):
            pairs = df[["指标", "计量单位"]].dropna().drop_duplicates("指标")
            units.update(iter_rows(pairs, "指标", "计量单位"))
    return units


def _write_table(
    ws: StreamedSheet,
    df: pd.DataFrame,
    evidence_rows: EvidenceRows,
    cache: style.StyleCache,
    units: dict[str, str],
    max_chars: int,
    kept: tuple[PieceStore, tuple] | None = None,
    rendered: offload.Rendered | None = None,
) -> int:
    """The table with its look; returns its number of columns. With `kept` (a piece store
    and the sheet's looks) the rows go through `pieces.write_pieces`, or are the pieces
    `rendered` by another process."""
    visible = [c for c in df.columns if not str(c).startswith("_")]
    headers = [str(c) for c in visible]
    ws.append_row(visible, [style.header_style(cache)] * len(visible))
    link_col = link_column(ws.title, visible, df)
    if isinstance(df, SpilledRows):  # a part at a time
        cells = tablecells.cells_of(visible, headers, cache, units, max_chars, link_col)
        falls_good: list[int] = []
        rows = _linked_parts(ws, df, link_col, evidence_rows, falls_good)
        if kept is not None and rendered is not None:  # 原文依据: no links, no 越小越好
            offload.join(ws, rendered, kept[0])
        elif kept is not None:
            pieces.write_parts(ws, rows, kept[1], kept[0], cells)
        else:
            pieces.append_parts(ws, rows, cells)
        style.finish_sheet(ws, headers, ws.last_row, falls_good)
        return len(visible)
    if link_col is not None:  # the links of the whole table; each row knows if it has one
        df = df.assign(_linked=add_links(ws, link_col, df, evidence_rows))

    cells = tablecells.cells_of(visible, headers, cache, units, max_chars, link_col)
    if kept is not None and rendered is not None:
        offload.join(ws, rendered, kept[0])
    elif kept is not None:
        pieces.write_pieces(ws, df, kept[1], kept[0], cells)
    else:
        columns, linked = tablecells.table_columns(df, visible, max_chars, link_col)
        widths = style.fit_widths(ws, headers, columns)
        ws.append_columns(
            columns, *tablecells.table_looks(df, headers, columns, cache, units, linked, widths)
        )
    falls_good = []
    if "_direction" in df:
        falls_good = [i + 2 for i, d in enumerate(df["_direction"].tolist()) if d == "越小越好"]
    style.finish_sheet(ws, headers, ws.last_row, falls_good)
    return len(visible)


def _linked_parts(ws, df: SpilledRows, link_col, evidence_rows: EvidenceRows, falls_good: list):
    """The table's parts, each row with its `_linked` when a column links to 原文依据 (the
    links added as the parts are taken); the sheet rows of 越小越好 go into `falls_good`."""
    first = 2
    for part in df.parts():
        if link_col is not None:
            part = part.assign(_linked=add_links(ws, link_col, part, evidence_rows, first))
        if "_direction" in part:
            falls_good += (
                np.flatnonzero(part["_direction"].to_numpy() == "越小越好") + first
            ).tolist()
        first += len(part)
        yield part


def _write_notes(
    ws: StreamedSheet, rows: list[list], cache: style.StyleCache, max_chars: int
) -> None:
    section = None
    for values in rows:
        styles = [cache.id(("note",), _note_style)] * len(values)
        head = values[0] if values else None
        if head in notes.HEADINGS:
            section = head
            styles[0] = cache.id(("note", "heading"), _heading_style)
        elif section == notes.LEGEND_HEADING and head:
            styles[0] = cache.id(("note", "legend", head), _legend_style, head)
        elif section == notes.INPUTS_HEADING and len(values) > 2:
            # A SHA-256 on one line, whole: wrapped it cannot be compared by eye or copied.
            styles[2] = cache.id(("note", "hash"), _hash_style)
        ws.append_row(
            [clean_text(v, max_chars) if isinstance(v, str) else v for v in values], styles
        )
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 80
    ws.column_dimensions["C"].width = 82
    style.set_print(ws)


def _note_style() -> dict:
    # Left-aligned numbers too: the sheet reads as a list, not a table.
    return {"font": style.font(), "alignment": _NOTE_ALIGN}


def _hash_style() -> dict:
    return {"font": style.font(), "alignment": Alignment(horizontal="left", vertical="top")}


def _heading_style() -> dict:
    return {**_note_style(), "font": style.font(bold=True, size=12)}


def _legend_style(label: str) -> dict:
    """The legend's first column looks like what it explains."""
    look = _note_style()
    if label in style.STATUS_FILLS:
        look["fill"] = PatternFill("solid", fgColor=style.STATUS_FILLS[label])
    if label in style.LIGHT_FILLS:
        look["fill"] = PatternFill("solid", fgColor=style.LIGHT_FILLS[label])
        look["font"] = style.font(bold=True, color=style.LIGHT_FONTS[label])
    mark = notes.LEGEND_MARKS.get(label)
    if mark in ("up", "down", "figure"):
        look["font"] = style.font(bold=True, color=style.GREEN if mark == "up" else style.RED)
    elif mark == "link":
        look["font"] = style.font(color=style.LINK_BLUE, underline="single")
    elif mark == "bar":
        look["fill"] = PatternFill("solid", fgColor="BDD7EE")
    return look
