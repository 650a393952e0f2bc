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
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.hyperlink import Hyperlink

from tasks.core import style

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SHEET_ORDER = ["总览", "计分卡", "缺失数据", "原文依据", "历年趋势", "说明", "建议目标"]


def clean_text(value: str) -> str:
    """Report text made safe for a cell: control characters removed.

    >>> clean_text("a\\x07b")
    'ab'
    """
    return _CONTROL.sub("", value)


def build_workbook(sheets: dict[str, pd.DataFrame], notes: list[list]) -> Workbook:
    """The scorecard workbook; `notes` are the rows of the 说明 sheet."""
    wb = Workbook()
    wb.remove(wb.active)
    evidence_rows = _evidence_positions(sheets.get("原文依据"))
    for name in SHEET_ORDER:
        if name == "说明":
            _write_notes(wb.create_sheet(name), notes)
        elif name in sheets:
            ws = wb.create_sheet(name)
            _write_table(ws, sheets[name], evidence_rows)
            style.finish_sheet(ws, name)
    return wb


def _evidence_positions(evidence: pd.DataFrame | None) -> dict[int, int]:
    if evidence is None or "_id" not in evidence:
        return {}
    return {int(i): n + 2 for n, i in enumerate(evidence["_id"]) if pd.notna(i)}


def _write_table(ws, df: pd.DataFrame, evidence_rows: dict[int, int]) -> None:
    visible = [c for c in df.columns if not str(c).startswith("_")]
    ws.append(visible)
    for n, (_, row) in enumerate(df.iterrows(), start=2):
        for col, name in enumerate(visible, start=1):
            _set(ws.cell(n, col), row[name], name)
        if "_mark_start" in df.columns and "原文" in visible:
            _bold_figure(ws.cell(n, visible.index("原文") + 1), row)
        link_col = "依据" if "依据" in visible else "原文" if ws.title == "缺失数据" else None
        target = row.get("_evidence_row")
        if link_col and pd.notna(target) and int(target) in evidence_rows:
            _link(
                ws.cell(n, visible.index(link_col) + 1), evidence_rows[int(target)], row[link_col]
            )


def _set(cell, value, column: str) -> None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return
    if isinstance(value, str):
        cell.value = clean_text(value)
        cell.data_type = "s"  # never a formula, even when the text starts with = + - @
        return
    if hasattr(value, "item"):
        value = value.item()
    cell.value = value


def _bold_figure(cell, row) -> None:
    text = clean_text(str(row["原文"] or ""))
    s, e = row["_mark_start"], row["_mark_end"]
    if pd.isna(s) or not (0 <= s < e <= len(text)):
        return
    s, e = int(s), int(e)
    red = InlineFont(b=True, color="C00000", rFont=style.FONT)
    plain = InlineFont(rFont=style.FONT)
    parts = [
        TextBlock(plain, text[:s]) if s else None,
        TextBlock(red, text[s:e]),
        TextBlock(plain, text[e:]) if e < len(text) else None,
    ]
    cell.value = CellRichText([p for p in parts if p is not None])


def _link(cell, row: int, label) -> None:
    cell.value = clean_text(str(label or "")) or "查看原文"
    cell.data_type = "s"
    # An internal link needs `location`; a bare "#Sheet!A1" target is written as an external URL.
    cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'原文依据'!A{row}")
    cell.font = Font(name=style.FONT, color="0563C1", underline="single")


def _write_notes(ws, notes: list[list]) -> None:
    for row in notes:
        ws.append([clean_text(str(v)) if isinstance(v, str) else v for v in row])
        for c in ws[ws.max_row]:
            if isinstance(c.value, str):
                c.data_type = "s"
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 90
    ws.column_dimensions["C"].width = 70
    for row in ws.iter_rows():
        for c in row:
            c.font = Font(name=style.FONT, bold=c.column == 1 and c.value in style.NOTE_HEADINGS)
            c.alignment = Alignment(wrap_text=True, vertical="top")
    for label, fill in style.STATUS_FILLS.items():
        for row in ws.iter_rows(min_col=1, max_col=1):
            if row[0].value == label:
                row[0].fill = PatternFill("solid", fgColor=fill)
