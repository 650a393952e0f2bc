"""How the scorecard looks: fonts, fills, number formats, widths, row heights, print settings."""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
from openpyxl.cell import WriteOnlyCell
from openpyxl.formatting.rule import CellIsRule, DataBarRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from tasks.core.comparison.units import RATE_UNIT  # such values are fractions: 0.985 is 98.5%
from tasks.core.workbook.cells import RichText

# SimSun ships with every Chinese Windows (Excel, WPS); LibreOffice maps it to a CJK font.
# charset 134 (GB2312) is what Excel itself writes for it and makes it pick the font for Chinese.
FONT = "宋体"
GREEN, RED, LINK_BLUE = "007A33", "C00000", "0563C1"
STATUS_FILLS = {"完成": "C6EFCE", "未完成": "FFC7CE", "进度滞后": "FFEB9C", "缺失": "D9D9D9"}
# 总览's traffic light: a fill and a darker text of the same hue (Excel's good/neutral/bad).
LIGHT_FILLS = {"● 落后": "FFC7CE", "● 缺数": "FFEB9C", "● 达标": "C6EFCE"}
LIGHT_FONTS = {"● 落后": "9C0006", "● 缺数": "9C5700", "● 达标": "006100"}
_VALUE_FILLS = {"状态": STATUS_FILLS, "信号灯": LIGHT_FILLS}
PERCENT_COLUMNS = {"完成率", "同比增幅", "综合完成率"}
# Columns holding a value in the row's 计量单位 (a year column of 历年趋势 too).
VALUE_COLUMNS = {"目标值", "实际值", "上年同期", "数值", "建议目标值"}
POINTS = "个百分点"
# Widest a column grows before its text wraps; the others never wrap.
_WRAP_COLUMNS = {"原文": 60, "位置": 36, "限定": 16, "报告": 30, "单位": 30}
# LibreOffice never wraps a hyperlinked cell, so link columns get room for one line instead.
_WIDEST = {"依据": 60}
_CENTERED = {"年度", "期间", "计量单位", "状态", "类型", "信号灯"}
_SLACK = 1.15  # CJK glyphs run a little wider than two digits of the width unit
_LINE_HEIGHT = 15.0  # points per wrapped line of 11 pt CJK text
_WIDE_RANGES = [
    (0x1100, 0x115F),
    (0x2E80, 0xA4CF),
    (0xAC00, 0xD7A3),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFF60),
]
_WIDTH_BATCH = 5000  # texts measured at once: bounded memory (a text has < 32,768 characters)
_WIDE_TABLE = np.zeros(0x10000, dtype=bool)  # by code point: is it wide?
for _low, _high in _WIDE_RANGES:
    _WIDE_TABLE[_low : _high + 1] = True
_WIDE = re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in _WIDE_RANGES) + "]")
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

    def id(self, key: tuple, make: Callable[..., dict], *args) -> int:
        """The style id of the look `make(*args)` describes; `make` runs once per `key`."""
        sid = self._ids.get(key)
        if sid is None:
            cell = WriteOnlyCell(self._ws)
            for attr, value in make(*args).items():
                setattr(cell, attr, value)
            sid = self._ids[key] = cell.style_id
        return sid


_NUMBERS = frozenset((float, int))  # exact types: a bool is written as TRUE/FALSE, not a number
# Values whose shown text is their `str` and that a dict tells apart as they are shown (a
# marked sentence is its own key): numbers are not, 1 and 1.0 being one key.
_TEXTS = frozenset((str, RichText, type(None)))


def table_styles(
    cache: StyleCache, headers: list[str], columns: list[list], units: list, linked: dict
) -> list[list[int]]:
    """Style ids of the body cells, column by column.

    `units` is each row's 计量单位 (None where unknown); `linked` maps a column index to the
    rows whose cell links to the evidence.
    """
    styles = []
    for j, (header, values) in enumerate(zip(headers, columns, strict=True)):
        links = linked.get(j, ())
        statuses = _VALUE_FILLS.get(header, {})
        if values and not links and not statuses and _NUMBERS.isdisjoint(map(type, values)):
            # Texts only (most columns): one look for the whole column.
            look = ("General", "", False)
            styles.append([cache.id((header, *look), body_style, header, *look)] * len(values))
            continue
        known: dict[tuple, int] = {}  # a column has a handful of looks among its cells
        formats: dict[tuple, str] = {}  # a number's format depends on its unit and wholeness
        ids = []
        for i, v in enumerate(values):
            t = type(v)
            if t in _NUMBERS:
                shape = (units[i] or "", t is int or v.is_integer())
                fmt = formats.get(shape)
                if fmt is None:
                    fmt = formats[shape] = number_format(header, shape[0], 1 if shape[1] else 0.5)
            else:
                fmt = "General"
            look = (fmt, v if statuses and v in statuses else "", bool(links) and i in links)
            sid = known.get(look)
            if sid is None:
                sid = known[look] = cache.id((header, *look), body_style, header, *look)
            ids.append(sid)
        styles.append(ids)
    return styles


def value_fills(header: str) -> dict[str, str]:
    """The fill of each value a column is coloured by (状态, 信号灯); empty for the others."""
    return _VALUE_FILLS.get(header, {})


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
            wrap_text=header in _WRAP_COLUMNS,
        ),
    }
    if status:
        style["fill"] = PatternFill("solid", fgColor=_VALUE_FILLS[header][status])
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
        need = max(widest * _SLACK + 2, display_width(h) * _SLACK + 4, 8)
        width = round(min(need, _WRAP_COLUMNS.get(h, _WIDEST.get(h, 40))), 1)
        ws.column_dimensions[get_column_letter(i + 1)].width = width
        widths.append(width)
    return widths


def row_heights(headers: list[str], columns: list[list], widths: list[float]) -> dict[int, float]:
    """Heights of the sheet rows with wrapped text: LibreOffice does not grow them on its own."""
    most = np.ones(len(columns[0]) if columns else 0, dtype=np.int64)
    for h, values, width in zip(headers, columns, widths, strict=True):
        if h not in _WRAP_COLUMNS:
            continue
        # Generous: lines break at word and path boundaries, not at the exact width.
        if _TEXTS.issuperset(map(type, values)):  # each distinct text measured once
            texts = [v for v in dict.fromkeys(values) if v is not None]
            lines = _lines(list(map(str, texts)), width).tolist()
            of = dict(zip(texts, lines, strict=True))
            of[None] = 1
            counts = np.fromiter(map(of.__getitem__, values), np.int64, len(values))
            np.maximum(most, counts, out=most)
            continue
        present = [i for i, v in enumerate(values) if v is not None]
        lines = _lines([str(values[i]) for i in present], width)
        at = np.asarray(present, dtype=np.int64)
        most[at] = np.maximum(most[at], lines)
    tall = np.flatnonzero(most > 1)
    return {
        r + 2: n * _LINE_HEIGHT + 2 for r, n in zip(tall.tolist(), most[tall].tolist(), strict=True)
    }


def _lines(texts: list[str], width: float) -> np.ndarray:
    return np.ceil(display_widths(texts) * _SLACK / max(width - 2, 1)).astype(np.int64)


def display_widths(texts: list[str]) -> np.ndarray:
    """`display_width` of each text, counted a few thousand texts at a time.

    >>> display_widths(["完成率ab", "", "a\u3000"]).tolist()
    [8, 0, 3]
    """
    parts = [_widths(texts[i : i + _WIDTH_BATCH]) for i in range(0, len(texts), _WIDTH_BATCH)]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def _widths(texts: list[str]) -> np.ndarray:
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    # One code point per character (a lone surrogate from a file name too).
    codes = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype="<u4")
    wide = _WIDE_TABLE[np.minimum(codes, np.uint32(0xFFFF))]  # no wide character past U+FFFF
    counted = np.concatenate(([0], np.cumsum(wide, dtype=np.int32)))  # < 2^31: a batch
    ends = np.cumsum(lengths)
    return lengths + counted[ends] - counted[ends - lengths]


def _conditional_formats(ws, headers: list[str], last_row: int, falls_good) -> None:
    if last_row < 2:
        return

    def cells(name: str, rows=None) -> str:
        col = get_column_letter(headers.index(name) + 1)
        spans = _spans(range(2, last_row + 1) if rows is None else rows)
        return " ".join(f"{col}{a}:{col}{b}" for a, b in spans)

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
            for op, colour in ((good, GREEN), (bad, RED)):
                rule = CellIsRule(operator=op, formula=["0"], font=Font(color=colour, bold=True))
                ws.conditional_formatting.add(cells("同比增减", sorted(rows)), rule)


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
