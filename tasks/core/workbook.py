"""Laying out the scorecard tables as the Excel workbook managers open.

Every number is stored as a number; every text from a report is stored as plain text,
never as a formula; each 计分卡 row links to the sentence its value came from.
"""

from __future__ import annotations

import math
import re

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment, PatternFill
from openpyxl.worksheet.hyperlink import Hyperlink

from tasks.core import charts, notes, style

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CHART_DATA = "图表数据"  # hidden: what the 总览 chart plots, sorted
SHEET_ORDER = ["总览", "计分卡", "缺失数据", "原文依据", "历年趋势", "说明", "建议目标"]
_RED = InlineFont(b=True, color=style.RED, rFont=style.FONT, charset=134, sz=11)
_NOTE_ALIGN = Alignment(horizontal="left", vertical="top", wrap_text=True)
_PLAIN = InlineFont(rFont=style.FONT, charset=134, sz=11)


def clean_text(value: str) -> str:
    """Report text made safe for a cell: control characters removed.

    >>> clean_text("a\\x07b")
    'ab'
    """
    return _CONTROL.sub("", value)


def build_workbook(sheets: dict[str, pd.DataFrame], notes_rows: list[list]) -> Workbook:
    """The scorecard workbook; `notes_rows` are the rows of the 说明 sheet."""
    wb = Workbook()
    wb.remove(wb.active)
    cache = style.StyleCache()
    evidence_rows = _evidence_positions(sheets.get("原文依据"))
    units = _indicator_units(sheets)
    data = wb.create_sheet(CHART_DATA)  # must exist before a chart can point at it
    data.sheet_state = "hidden"
    for name in SHEET_ORDER:
        if name == "说明":
            _write_notes(wb.create_sheet(name), notes_rows, cache)
        elif name in sheets:
            ws = wb.create_sheet(name)
            df = sheets[name].reset_index(drop=True)
            width = _write_table(ws, df, evidence_rows)
            style.finish_sheet(ws, cache, units)
            if name == "总览" and "综合完成率" in df:
                charts.add_overview_chart(ws, data, df, width + 2)
            elif name == "历年趋势" and "指标" in df:
                charts.add_trend_charts(ws, df, _core_indicators(sheets, df), width + 2)
    if data.max_row > 1:
        wb.move_sheet(data, len(wb.sheetnames) - 1)  # last, after the sheets of interface.md
    else:
        wb.remove(data)
    wb.active = 0
    return wb


def _core_indicators(sheets: dict, trend: pd.DataFrame) -> list[str]:
    """Indicators with a target somewhere, in 计分卡 order; every indicator when none has one."""
    card = sheets.get("计分卡")
    if card is not None and "目标值" in card and card["目标值"].notna().any():
        return list(dict.fromkeys(card.loc[card["目标值"].notna(), "指标"]))
    return list(dict.fromkeys(trend["指标"]))


def _indicator_units(sheets: dict) -> dict[str, str]:
    """计量单位 per indicator, for 历年趋势 whose rows carry no unit column."""
    units: dict[str, str] = {}
    for name in ("原文依据", "计分卡"):
        df = sheets.get(name)
        if df is not None and {"指标", "计量单位"} <= set(df.columns):
            pairs = df[["指标", "计量单位"]].dropna().drop_duplicates("指标")
            units.update(zip(pairs["指标"], pairs["计量单位"], strict=True))
    return units


def _evidence_positions(evidence: pd.DataFrame | None) -> dict[int, int]:
    if evidence is None or "_id" not in evidence:
        return {}
    return {int(i): n + 2 for n, i in enumerate(evidence["_id"]) if pd.notna(i)}


def _write_table(ws, df: pd.DataFrame, evidence_rows: dict[int, int]) -> int:
    """Rows appended whole (fast), then the few cells that need more: text, marks, links."""
    visible = [c for c in df.columns if not str(c).startswith("_")]
    ws.append(visible)
    columns = [[_value(v) for v in df[c].tolist()] for c in visible]
    for row in zip(*columns, strict=True):
        ws.append(row)
    for j, values in enumerate(columns, start=1):
        for i, v in enumerate(values, start=2):
            if isinstance(v, str) and v.startswith("="):
                ws.cell(i, j).data_type = "s"  # openpyxl reads a leading = as a formula
    if "原文" in visible and "_mark_start" in df:
        _mark_figures(ws, visible.index("原文") + 1, df)
    # 缺失数据 links its 类型 cell: LibreOffice would not wrap a linked sentence.
    link_col = "依据" if "依据" in visible else "类型" if ws.title == "缺失数据" else None
    if link_col and "_evidence_row" in df:
        col = visible.index(link_col) + 1
        for i, target in enumerate(df["_evidence_row"].tolist(), start=2):
            if _present(target) and int(target) in evidence_rows:
                _link(ws.cell(i, col), evidence_rows[int(target)])
    return len(visible)


def _present(v) -> bool:
    return not (v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)))


def _value(v):
    if not _present(v):
        return None
    if isinstance(v, str):
        return clean_text(v)
    if hasattr(v, "item"):  # numpy scalars
        v = v.item()
    if isinstance(v, float) and math.isinf(v):
        return None
    return v


def _mark_figures(ws, col: int, df: pd.DataFrame) -> None:
    """The figure's characters in bold red inside its sentence (rich text)."""
    marks = zip(df["_mark_start"].tolist(), df["_mark_end"].tolist(), strict=True)
    for i, (s, e) in enumerate(marks, start=2):
        cell = ws.cell(i, col)
        text = cell.value
        if not isinstance(text, str) or not (_present(s) and _present(e)):
            continue
        s, e = int(s), int(e)
        if not 0 <= s < e <= len(text):
            continue
        parts = [
            TextBlock(_PLAIN, text[:s]) if s else None,
            TextBlock(_RED, text[s:e]),
            TextBlock(_PLAIN, text[e:]) if e < len(text) else None,
        ]
        cell.value = CellRichText([p for p in parts if p is not None])


def _link(cell, row: int) -> None:
    if not cell.value:
        cell.value = "查看原文"
    cell.data_type = "s"
    # An internal link needs `location`; a bare "#Sheet!A1" target is written as an external URL.
    cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'原文依据'!A{row}")


def _write_notes(ws, rows: list[list], cache: style.StyleCache) -> None:
    legend = False
    for r, values in enumerate(rows, start=1):
        for j, v in enumerate(values, start=1):
            cell = ws.cell(r, j, clean_text(v) if isinstance(v, str) else v)
            if isinstance(v, str):
                cell.data_type = "s"
            cache.apply(cell, ("note",), _note_style)
        head = values[0] if values else None
        if head in notes.HEADINGS:
            legend = head == notes.LEGEND_HEADING
            ws.cell(r, 1).font = style.font(bold=True, size=12)
        elif legend and head:
            _legend_sample(ws.cell(r, 1), head)
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 80
    ws.column_dimensions["C"].width = 70
    style.set_print(ws)


def _note_style() -> dict:
    # Left-aligned numbers too: the sheet reads as a list, not a table.
    return {"font": style.font(), "alignment": _NOTE_ALIGN}


def _legend_sample(cell, label: str) -> None:
    """The legend's first column looks like what it explains."""
    if label in style.STATUS_FILLS:
        cell.fill = PatternFill("solid", fgColor=style.STATUS_FILLS[label])
    mark = notes.LEGEND_MARKS.get(label)
    if mark in ("up", "down", "figure"):
        cell.font = style.font(bold=True, color=style.GREEN if mark == "up" else style.RED)
    elif mark == "link":
        cell.font = style.font(color=style.LINK_BLUE, underline="single")
    elif mark == "bar":
        cell.fill = PatternFill("solid", fgColor="BDD7EE")
