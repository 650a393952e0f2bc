"""How the scorecard looks: fonts, fills, number formats, widths, print settings."""

from __future__ import annotations

import unicodedata

from openpyxl.formatting.rule import DataBarRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

# SimSun ships with every Chinese Windows (Excel, WPS) and maps to a CJK font in LibreOffice.
FONT = "宋体"
STATUS_FILLS = {"完成": "C6EFCE", "未完成": "FFC7CE", "进度滞后": "FFEB9C", "缺失": "D9D9D9"}
NOTE_HEADINGS = {"运行信息", "输入文件", "状态说明", "颜色说明", "问题", "计算规则"}
_HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
_HEADER_FONT = Font(name=FONT, bold=True, color="FFFFFF")
_THIN = Side(style="thin", color="BFBFBF")
_WRAP_COLUMNS = {"原文": 70, "位置": 40, "依据": 24, "限定": 18, "报告": 30, "单位": 24}
PERCENT_COLUMNS = {"完成率", "同比增幅", "综合完成率"}
VALUE_COLUMNS = {"目标值", "实际值", "上年同期", "数值", "建议目标值"}


def display_width(text: str) -> int:
    """Columns a text takes on screen: CJK characters are two wide.

    >>> display_width("完成率ab")
    8
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def number_format(column: str, unit: str) -> str:
    if column in PERCENT_COLUMNS:
        return "0.0%"
    if column == "年度" or column.isdigit():
        return "0" if column == "年度" else "#,##0.##"
    money = unit == "万元"
    base = "#,##0.00" if money else "#,##0"
    if column == "同比增减":
        return f'[Color10]"▲"{base};[Red]"▼"{base};0'
    return base


def finish_sheet(ws, name: str) -> None:
    """Header, widths, formats, fills, filters, frozen panes and print setup."""
    headers = [c.value for c in ws[1]]
    unit_col = headers.index("计量单位") + 1 if "计量单位" in headers else None
    for row in ws.iter_rows(min_row=2):
        unit = ws.cell(row[0].row, unit_col).value if unit_col else ""
        for c in row:
            _format_cell(c, headers[c.column - 1], unit or "")
    for c in ws[1]:
        c.font, c.fill = _HEADER_FONT, _HEADER_FILL
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    _fit_widths(ws, headers)
    if "完成率" in headers and ws.max_row > 1:
        col = get_column_letter(headers.index("完成率") + 1)
        ws.conditional_formatting.add(
            f"{col}2:{col}{ws.max_row}",
            DataBarRule(
                start_type="num", start_value=0, end_type="num", end_value=1, color="5B9BD5"
            ),
        )
    ws.freeze_panes = "A2"
    if ws.max_row > 1:
        ws.auto_filter.ref = ws.dimensions
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"


def _format_cell(c, header: str, unit: str) -> None:
    if isinstance(c.value, int | float) and not isinstance(c.value, bool):
        c.number_format = number_format(str(header), unit)
    if c.hyperlink is None:
        c.font = Font(name=FONT)
    c.border = Border(top=_THIN, bottom=_THIN, left=_THIN, right=_THIN)
    wrap = header in _WRAP_COLUMNS
    c.alignment = Alignment(wrap_text=wrap, vertical="top")
    if header == "状态" and c.value in STATUS_FILLS:
        c.fill = PatternFill("solid", fgColor=STATUS_FILLS[c.value])


def _fit_widths(ws, headers: list) -> None:
    for i, h in enumerate(headers, start=1):
        cells = [ws.cell(r, i).value for r in range(1, min(ws.max_row, 300) + 1)]
        widest = max((display_width(_shown(v)) for v in cells if v is not None), default=6)
        cap = _WRAP_COLUMNS.get(h, 40)
        ws.column_dimensions[get_column_letter(i)].width = max(8, min(widest + 2, cap))


def _shown(v) -> str:
    if isinstance(v, float):
        return f"{v:,.2f}"
    return str(v)
