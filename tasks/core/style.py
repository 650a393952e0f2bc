"""How the scorecard looks: fonts, fills, number formats, widths, row heights, print settings."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from copy import copy

from openpyxl.formatting.rule import CellIsRule, DataBarRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

# SimSun ships with every Chinese Windows (Excel, WPS); LibreOffice maps it to a CJK font.
# charset 134 (GB2312) is what Excel itself writes for it and makes it pick the font for Chinese.
FONT = "宋体"
GREEN, RED, LINK_BLUE = "007A33", "C00000", "0563C1"
STATUS_FILLS = {"完成": "C6EFCE", "未完成": "FFC7CE", "进度滞后": "FFEB9C", "缺失": "D9D9D9"}
PERCENT_COLUMNS = {"完成率", "同比增幅", "综合完成率"}
# Widest a column grows before its text wraps; the others never wrap.
_WRAP_COLUMNS = {"原文": 60, "位置": 36, "限定": 16, "报告": 30, "单位": 30}
# LibreOffice never wraps a hyperlinked cell, so link columns get room for one line instead.
_WIDEST = {"依据": 60}
_CENTERED = {"年度", "期间", "计量单位", "状态", "类型"}
_SLACK = 1.15  # CJK glyphs run a little wider than two digits of the width unit
_LINE_HEIGHT = 15.0  # points per wrapped line of 11 pt CJK text
_WIDE = re.compile(
    r"[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60]"
)
_HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
_THIN = Side(style="thin", color="BFBFBF")
_BORDER = Border(top=_THIN, bottom=_THIN, left=_THIN, right=_THIN)


def font(**kw) -> Font:
    return Font(**{"name": FONT, "charset": 134, "size": 11, **kw})


def display_width(text: str) -> int:
    """Columns a text takes on screen: CJK characters are two wide.

    >>> display_width("完成率ab")
    8
    """
    return len(text) + len(_WIDE.findall(text))


def number_format(column: str, unit: str, value: float = 0) -> str:
    """Excel number format of a value in `column` measured in `unit`.

    >>> number_format("实际值", "万元", 180), number_format("实际值", "%", 98.5)
    ('#,##0.00', '#,##0.0#')
    """
    if column in PERCENT_COLUMNS:
        return "0.0%"
    if column == "年度":
        return "0"
    whole = float(value).is_integer()
    base = "#,##0.00" if unit == "万元" else "#,##0" if whole else "#,##0.0#"
    if column == "同比增减":
        # Colours come from conditional formatting: [Color10] renders grey in LibreOffice.
        return f'"▲"{base};"▼"{base};0'
    return base


class StyleCache:
    """Finished cell styles, built once per distinct look and copied onto each cell.

    Setting Font/Border/Alignment objects cell by cell makes openpyxl hash them every time
    (a minute for 5,000 rows); copying a finished style array is a constant-time copy.
    Valid for one workbook only: the arrays index that workbook's style tables.
    """

    def __init__(self) -> None:
        self._arrays: dict[tuple, object] = {}

    def apply(self, cell, key: tuple, make: Callable[..., dict], *args) -> None:
        """Give `cell` the look `make(*args)` describes; `make` runs once per `key`."""
        arr = self._arrays.get(key)
        if arr is None:
            for attr, value in make(*args).items():
                setattr(cell, attr, value)
            self._arrays[key] = copy(cell._style)
        else:
            cell._style = copy(arr)


def finish_sheet(
    ws, cache: StyleCache, units: dict[str, str] | None = None, last_col: int | None = None
) -> None:
    """Header, formats, fills, widths, heights, filters, frozen panes and print setup.

    `units` gives the 计量单位 of an indicator for sheets without that column (历年趋势);
    `last_col` is the table's last column when charts' data sit to its right.
    """
    headers = [str(c.value) for c in ws[1]][:last_col]
    for c in ws[1][: len(headers)]:
        cache.apply(c, ("header",), _header_style)
    _format_body(ws, cache, headers, units or {})
    widths = _fit_widths(ws, headers)
    _fit_heights(ws, headers, widths)
    _conditional_formats(ws, headers)
    ws.freeze_panes = "A2"
    if ws.max_row > 1:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{ws.max_row}"
    set_print(ws)


def set_print(ws) -> None:
    """Landscape, one page wide, the header row on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.oddFooter.center.text = "&A　第 &P 页，共 &N 页"


def _header_style() -> dict:
    return {
        "font": font(bold=True, color="FFFFFF"),
        "fill": _HEADER_FILL,
        "border": _BORDER,
        "alignment": Alignment(horizontal="center", vertical="center", wrap_text=True),
    }


def _body_style(header: str, fmt: str, status: str, link: bool) -> dict:
    style = {
        "font": font(color=LINK_BLUE, underline="single") if link else font(),
        "border": _BORDER,
        "number_format": fmt,
        "alignment": Alignment(
            horizontal="center" if header in _CENTERED else None,
            vertical="top",
            wrap_text=header in _WRAP_COLUMNS,
        ),
    }
    if status:
        style["fill"] = PatternFill("solid", fgColor=STATUS_FILLS[status])
    return style


def _format_body(ws, cache: StyleCache, headers: list[str], units: dict[str, str]) -> None:
    unit_col = headers.index("计量单位") if "计量单位" in headers else None
    name_col = headers.index("指标") if "指标" in headers and unit_col is None else None
    width = len(headers)
    for row in ws.iter_rows(min_row=2, max_col=width):
        unit = row[unit_col].value if unit_col is not None else None
        if name_col is not None:
            unit = units.get(row[name_col].value)
        for header, c in zip(headers, row, strict=True):
            v = c.value
            number = isinstance(v, int | float) and not isinstance(v, bool)
            fmt = number_format(header, unit or "", v) if number else "General"
            status = v if header == "状态" and v in STATUS_FILLS else ""
            link = c.hyperlink is not None
            cache.apply(c, (header, fmt, status, link), _body_style, header, fmt, status, link)


def _fit_widths(ws, headers: list[str]) -> list[float]:
    """Widths from the header and the first few hundred rows: enough to see the shape."""
    widths = []
    sample = list(ws.iter_rows(min_row=2, max_row=min(ws.max_row, 300), values_only=True))
    for i, h in enumerate(headers):
        widest = max(
            (display_width(_shown(r[i], h)) for r in sample if r[i] is not None), default=0
        )
        # The header needs room for its filter button.
        need = max(widest * _SLACK + 2, display_width(h) * _SLACK + 4, 8)
        width = round(min(need, _WRAP_COLUMNS.get(h, _WIDEST.get(h, 40))), 1)
        ws.column_dimensions[get_column_letter(i + 1)].width = width
        widths.append(width)
    return widths


def _fit_heights(ws, headers: list[str], widths: list[float]) -> None:
    """Explicit heights for rows with wrapped text: LibreOffice does not grow them on its own."""
    lines = [1] * (ws.max_row + 1)
    for i, h in enumerate(headers):
        if h not in _WRAP_COLUMNS:
            continue
        cells = next(ws.iter_cols(min_col=i + 1, max_col=i + 1, min_row=2, values_only=True), ())
        seen: dict[str, int] = {}  # units, reports and sentences repeat down a column
        for r, value in enumerate(cells, start=2):
            if value is not None:
                text = str(value)
                n = seen.get(text) or seen.setdefault(text, _lines(text, widths[i]))
                lines[r] = max(lines[r], n)
    for r, n in enumerate(lines):
        if n > 1:
            ws.row_dimensions[r].height = n * _LINE_HEIGHT + 2


def _lines(value, width: float) -> int:
    # Generous: lines break at word and path boundaries, not at the exact width.
    return max(1, math.ceil(display_width(str(value)) * _SLACK / max(width - 2, 1)))


def _conditional_formats(ws, headers: list[str]) -> None:
    if ws.max_row < 2:
        return

    def cells(name: str) -> str:
        col = get_column_letter(headers.index(name) + 1)
        return f"{col}2:{col}{ws.max_row}"

    if "完成率" in headers:
        bar = DataBarRule(
            start_type="num", start_value=0, end_type="num", end_value=1, color="5B9BD5"
        )
        ws.conditional_formatting.add(cells("完成率"), bar)
    if "同比增减" in headers:
        for op, colour in (("greaterThan", GREEN), ("lessThan", RED)):
            rule = CellIsRule(operator=op, formula=["0"], font=Font(color=colour, bold=True))
            ws.conditional_formatting.add(cells("同比增减"), rule)


def _shown(v, header: str) -> str:
    if isinstance(v, float):
        return f"{v:.1%}" if header in PERCENT_COLUMNS else f"{v:,.2f}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)
