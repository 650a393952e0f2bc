"""How the scorecard looks: fonts, fills, number formats, widths, row heights, print settings."""

from __future__ import annotations

import re
from collections.abc import Callable

from openpyxl.cell import WriteOnlyCell
from openpyxl.formatting.formatting import ConditionalFormatting
from openpyxl.formatting.rule import CellIsRule, DataBarRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import MultiCellRange
from openpyxl.worksheet.worksheet import Worksheet

from tasks.core.comparison.units import RATE_UNIT  # such values are fractions: 0.985 is 98.5%

# SimSun ships with every Chinese Windows (Excel, WPS); LibreOffice maps it to a CJK font.
# charset 134 (GB2312) is what Excel itself writes for it and makes it pick the font for Chinese.
FONT = "宋体"
GREEN, RED, LINK_BLUE = "007A33", "C00000", "0563C1"
STATUS_FILLS = {"完成": "C6EFCE", "未完成": "FFC7CE", "进度滞后": "FFEB9C", "缺失": "D9D9D9"}
# 总览's traffic light: a fill and a darker text of the same hue (Excel's good/neutral/bad).
LIGHT_FILLS = {"● 落后": "FFC7CE", "● 缺数": "FFEB9C", "● 达标": "C6EFCE"}
LIGHT_FONTS = {"● 落后": "9C0006", "● 缺数": "9C5700", "● 达标": "006100"}
VALUE_FILLS = {"状态": STATUS_FILLS, "信号灯": LIGHT_FILLS}
PERCENT_COLUMNS = {"完成率", "同比增幅", "综合完成率"}
# Columns holding a value in the row's 计量单位 (a year column of 历年趋势 too).
VALUE_COLUMNS = {"目标值", "实际值", "上年同期", "数值", "建议目标值"}
POINTS = "个百分点"
# Widest a column grows before its text wraps; the others never wrap.
WRAP_COLUMNS = {"原文": 60, "位置": 36, "限定": 16, "报告": 30, "单位": 30}
# LibreOffice never wraps a hyperlinked cell, so link columns get room for one line instead.
_WIDEST = {"依据": 60}
_CENTERED = {"年度", "期间", "计量单位", "状态", "类型", "信号灯"}
SLACK = 1.15  # CJK glyphs run a little wider than two digits of the width unit
LINE_HEIGHT = 15.0  # points per wrapped line of 11 pt CJK text
WIDE_RANGES = [
    (0x1100, 0x115F),
    (0x2E80, 0xA4CF),
    (0xAC00, 0xD7A3),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFF60),
]
_WIDE = re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in WIDE_RANGES) + "]")
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
    # Counting what a substitution removed is faster than collecting the matches.
    return 2 * len(text) - len(_WIDE.sub("", text))


def number_format(column: str, unit: str, value: float = 0) -> str:
    """Excel number format of a value in `column` measured in `unit`.

    >>> number_format("实际值", "万元", 180), number_format("实际值", "%", 0.985)
    ('#,##0.00', '0.0#%')
    >>> number_format("同比增减", "%", 2.0)
    '"▲"0.0#" 个百分点";"▼"0.0#" 个百分点";"0 个百分点"'
    """
    if column in PERCENT_COLUMNS:
        return "0.0%"
    if column == "年度":
        return "0"
    if unit == RATE_UNIT:
        if column == "同比增减":  # a rate's change, in percentage points
            return f'"▲"0.0#" {POINTS}";"▼"0.0#" {POINTS}";"0 {POINTS}"'
        if column in VALUE_COLUMNS or column.isdigit():
            return "0.0#%"
    whole = float(value).is_integer()
    base = "#,##0.00" if unit == "万元" else "#,##0" if whole else "#,##0.0#"
    if column == "同比增减":
        # Colours come from conditional formatting: [Color10] renders grey in LibreOffice.
        return f'"▲"{base};"▼"{base};0'
    return base


class StyleCache:
    """Cell style ids of one workbook, each look built once.

    A look is registered through a throwaway cell: openpyxl then files its font, fill,
    border, alignment and number format exactly as for a cell of the sheet.
    """

    def __init__(self, ws) -> None:
        self._ws = ws  # any sheet of the workbook
        self._ids: dict[tuple, int] = {}

    def __len__(self) -> int:
        """Looks registered so far."""
        return len(self._ids)

    def id(self, key: tuple, make: Callable[..., dict], *args) -> int:
        """The style id of the look `make(*args)` describes; `make` runs once per `key`."""
        sid = self._ids.get(key)
        if sid is None:
            cell = WriteOnlyCell(self._ws)
            for attr, value in make(*args).items():
                setattr(cell, attr, value)
            sid = self._ids[key] = cell.style_id
        return sid


def value_fills(header: str) -> dict[str, str]:
    """The fill of each value a column is coloured by (状态, 信号灯); empty for the others."""
    return VALUE_FILLS.get(header, {})


def header_style(cache: StyleCache) -> int:
    return cache.id(("header",), _header_style)


def finish_sheet(ws, headers: list[str], last_row: int, falls_good: list[int] = ()) -> None:
    """Conditional formats, filters, frozen header and print setup of a table sheet.

    `falls_good` are the sheet rows of 越小越好 indicators, where a fall is coloured green.
    """
    _conditional_formats(ws, headers, last_row, falls_good)
    ws.freeze_panes = "A2"
    if last_row > 1:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{last_row}"
    set_print(ws)


def set_print(ws) -> None:
    """Landscape, one page wide, the header row on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
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


def body_style(header: str, fmt: str, status: str, link: bool) -> dict:
    style = {
        "font": font(color=LINK_BLUE, underline="single") if link else font(),
        "border": _BORDER,
        "number_format": fmt,
        "alignment": Alignment(
            horizontal="center" if header in _CENTERED else None,
            vertical="top",
            wrap_text=header in WRAP_COLUMNS,
        ),
    }
    if status:
        style["fill"] = PatternFill("solid", fgColor=VALUE_FILLS[header][status])
        if status in LIGHT_FONTS:
            style["font"] = font(bold=True, color=LIGHT_FONTS[status])
    return style


def fit_widths(ws, headers: list[str], columns: list[list]) -> list[float]:
    """Widths from the header and the first few hundred rows: enough to see the shape."""
    widths = []
    for i, (h, values) in enumerate(zip(headers, columns, strict=True)):
        widest = max(
            (display_width(_shown(v, h)) for v in values[:299] if v is not None), default=0
        )
        # The header needs room for its filter button.
        need = max(widest * SLACK + 2, display_width(h) * SLACK + 4, 8)
        width = round(min(need, WRAP_COLUMNS.get(h, _WIDEST.get(h, 40))), 1)
        ws.column_dimensions[get_column_letter(i + 1)].width = width
        widths.append(width)
    return widths


def _conditional_formats(ws, headers: list[str], last_row: int, falls_good) -> None:
    if last_row < 2:
        return

    def cells(name: str, rows=None) -> ConditionalFormatting:
        col = get_column_letter(headers.index(name) + 1)
        spans = _spans(range(2, last_row + 1) if rows is None else rows)
        text = " ".join(f"{col}{a}:{col}{b}" if a < b else f"{col}{a}" for a, b in spans)
        return ConditionalFormatting(Spans(text))

    if "完成率" in headers:
        bar = DataBarRule(
            start_type="num", start_value=0, end_type="num", end_value=1, color="5B9BD5"
        )
        ws.conditional_formatting.add(cells("完成率"), bar)
    if "同比增减" in headers:
        # Green is a change for the better: a rise, or a fall where fewer is better.
        falls = set(falls_good)
        rises = [r for r in range(2, last_row + 1) if r not in falls]
        for rows, good, bad in (
            (rises, "greaterThan", "lessThan"),
            (falls, "lessThan", "greaterThan"),
        ):
            if not rows:
                continue
            where = cells("同比增减", sorted(rows))
            for op, colour in ((good, GREEN), (bad, RED)):
                rule = CellIsRule(operator=op, formula=["0"], font=Font(color=colour, bold=True))
                ws.conditional_formatting.add(where, rule)


class Spans(MultiCellRange):
    """A column's runs of rows as openpyxl writes them (`A2:A4 A7:A7`, in row order), kept as
    the text: openpyxl parses such a string into a CellRange per run (checked attribute by
    attribute) and sorts and joins them again whenever it hashes the formatting: a second at
    10,000 reports, for the same text (tests/test_compare_fast_paths.py)."""

    def __init__(self, text: str) -> None:
        self._text = text

    @property
    def ranges(self) -> set:  # only if openpyxl looks inside (it does not to write it)
        return set(MultiCellRange(self._text).ranges)

    def __str__(self) -> str:
        return self._text

    def __hash__(self) -> int:
        return hash(self._text)

    def __eq__(self, other: object) -> bool:
        return str(self) == str(other) if isinstance(other, MultiCellRange) else other == self._text


def _spans(rows) -> list[tuple[int, int]]:
    """Runs of consecutive rows.

    >>> _spans([2, 3, 4, 7, 9, 10])
    [(2, 4), (7, 7), (9, 10)]
    """
    spans: list[list[int]] = []
    for r in rows:
        if spans and r == spans[-1][1] + 1:
            spans[-1][1] = r
        else:
            spans.append([r, r])
    return [(a, b) for a, b in spans]


def _shown(v, header: str) -> str:
    if isinstance(v, float):
        if header == "同比增减":  # room for the arrow and 个百分点
            return f"▲{v:,.2f} {POINTS}"
        return f"{v:.1%}" if header in PERCENT_COLUMNS else f"{v:,.2f}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)
