"""Charts beside the tables: 综合完成率 by unit on 总览, each core indicator over the years.

Charts sit to the right of their table (never over it), from row 3 down: row 1 is repeated
on every printed page and would carry a sliver of a chart along. They read their data from
cells, so they follow any correction a manager types into the sheet.
"""

from __future__ import annotations

import math

import pandas as pd
from openpyxl.chart import BarChart, LineChart, Reference, Series
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.series import SeriesLabel
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break

from tasks.core.common.frames import iter_rows
from tasks.core.common.safetext import xml_safe
from tasks.core.comparison.units import RATE_UNIT
from tasks.core.workbook.sheetxml import clean_text

MAX_TREND_CHARTS = 12
MAX_BARS = 40  # the most behind; the table beside the chart lists every unit
MAX_SERIES = 10  # more lines than this on one chart cannot be told apart
_CM_PER_ROW = 0.53  # a default 15 pt row
_TREND_SIZE = (16.0, 7.0)  # width, height in cm
_CHARTS_PER_PAGE = 2  # fits a landscape A4 page at any fit-to-width scale


def add_overview_chart(ws, data, overview: pd.DataFrame, first_col: int, percent: int) -> bool:
    """Bars of the latest year's 综合完成率 beside 总览, the most behind on top.

    The bars read a sorted copy on the hidden, empty sheet `data` (a `StreamedSheet`): 总览
    itself stays one clean table for scripts that read it. `percent` is the style id of the
    copied rates. Returns whether a chart was added.
    """
    rated = overview[overview["综合完成率"].notna()]
    if rated.empty:
        return False
    year = int(max(rated["年度"]))
    # Highest first: a bar chart draws its first row at the bottom, so the most behind is on top.
    latest = rated[rated["年度"] == year].sort_values("综合完成率", ascending=False, kind="stable")
    labels = [u if p == "全年" else f"{u}（{p}）" for u, p in iter_rows(latest, "单位", "期间")]
    rates = [float(r) for r in latest["综合完成率"]]
    data.append_row([f"{year}年 单位", "综合完成率"], [None, None])
    for label, rate in zip(labels, rates, strict=True):
        # The labels on the bars follow the rate cells' format.
        data.append_row(
            [clean_text(label) if isinstance(label, str) else label, rate], [None, percent]
        )
    n = min(len(labels), MAX_BARS)
    first, last = 2 + len(labels) - n, 1 + len(labels)  # the n most behind are the last rows
    chart = BarChart()
    chart.type, chart.style, chart.legend = "bar", 10, None
    few = f"最低的{n}个" if len(labels) > n else "由低到高"
    chart.title = f"{year}年 各单位综合完成率（{few}）"
    chart.add_data(Reference(data, min_col=2, min_row=first, max_row=last))
    chart.series[0].tx = SeriesLabel(v="综合完成率")
    chart.set_categories(Reference(data, min_col=1, min_row=first, max_row=last))
    chart.varyColors, chart.gapWidth = False, 60
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = rate_axis(rates)
    chart.y_axis.number_format = "0%"
    chart.y_axis.majorGridlines = None
    # Every flag spelled out: LibreOffice shows the names too when they are left unset.
    chart.dataLabels = DataLabelList(
        showVal=True,
        showCatName=False,
        showSerName=False,
        showLegendKey=False,
        showPercent=False,
        showLeaderLines=False,
        numFmt="0.0%",
        dLblPos="inEnd",
    )
    _show_axes(chart)
    chart.width, chart.height = 16.0, max(6.0, 0.7 * n + 3)
    ws.add_chart(chart, f"{get_column_letter(first_col)}3")
    return True


def rate_axis(rates: list[float]) -> tuple[float, float]:
    """Axis bounds that tell the units apart: from a little below the lowest rate.

    Rates of 94–99 % on a 0–100 % axis look all the same; from 85 % they do not.

    >>> rate_axis([0.94, 0.99]), rate_axis([0.3, 1.0]), rate_axis([1.0, 1.0])
    ((0.85, 1.0), (0.25, 1.0), (0.9, 1.0))
    """
    low = math.floor(min(rates) * 20 + 1e-9) / 20 - 0.05  # a 5 % step below the lowest
    high = max(1.0, math.ceil(max(rates) * 10 - 1e-9) / 10)
    return round(max(0.0, min(low, high - 0.1)), 2), high


def add_trend_charts(
    ws, trend: pd.DataFrame, core: list[str], first_col: int, units: dict[str, str] | None = None
) -> int:
    """A line chart per core indicator that some unit reports in two or more years.

    Returns the number of charts added.
    """
    years = [i for i, c in enumerate(trend.columns) if str(c).isdigit()]
    if len(years) < 2:
        return 0
    known = trend[[trend.columns[i] for i in years]].notna().sum(axis=1) >= 2
    charted = 0
    for name in core:
        rows = [int(r) for r in trend.index[known & (trend["指标"] == name)]]
        if not rows or charted == MAX_TREND_CHARTS:
            continue
        chart = _line_chart(ws, trend, name, rows, (years[0] + 1, years[-1] + 1))
        if (units or {}).get(name) == RATE_UNIT:
            chart.y_axis.number_format = "0%"  # a rate is a fraction
        rows_per_chart = math.ceil(_TREND_SIZE[1] / _CM_PER_ROW) + 3
        ws.add_chart(chart, f"{get_column_letter(first_col)}{3 + charted * rows_per_chart}")
        charted += 1
        if charted % _CHARTS_PER_PAGE == 0:
            # A page break between charts, so that printing never cuts one in half.
            # Mid-gap, so that a row's rounding never leaves a sliver of a chart on a page.
            ws.row_breaks.append(Break(id=charted * rows_per_chart))
    return charted


def _line_chart(ws, trend: pd.DataFrame, name: str, rows: list[int], cols: tuple[int, int]):
    chart = LineChart()
    shown = rows[:MAX_SERIES]
    more = f"（前{MAX_SERIES}个单位）" if len(rows) > MAX_SERIES else ""
    chart.title = xml_safe(f"{name} 历年实际值{more}")  # names come from the 指标库 sheet
    for r in shown:
        # DataFrame row r is sheet row r + 2 (row 1 is the header).
        values = Reference(ws, min_col=cols[0], max_col=cols[1], min_row=r + 2)
        series = Series(values, title=xml_safe(str(trend.at[r, "单位"])))
        series.marker.symbol = "circle"
        series.smooth = False
        chart.series.append(series)
    chart.set_categories(Reference(ws, min_col=cols[0], max_col=cols[1], min_row=1))
    chart.display_blanks = "span"  # a year without a figure is bridged, not dropped to zero
    chart.y_axis.number_format = "#,##0"
    chart.legend.position = "b"
    _show_axes(chart)
    chart.width, chart.height = _TREND_SIZE
    return chart


def _show_axes(chart) -> None:
    # openpyxl 3.1 leaves `delete` unset, which Excel reads as "axis hidden".
    chart.x_axis.delete = False
    chart.y_axis.delete = False
