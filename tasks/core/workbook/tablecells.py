"""The cells of a table's rows as the workbook writes them: values, style ids, row heights.

`cells_of` gives the `render` that `pieces.write_pieces` calls for some rows of a table; the
cells depend only on the rows, the column widths and the looks registered in the style cache,
so a process that registered the same looks renders the same cells (offload.py).
"""

from __future__ import annotations

import pandas as pd
from openpyxl.cell.text import InlineFont

from tasks.core.workbook import cellvalues, looks, style

_RED = InlineFont(b=True, color=style.RED, rFont=style.FONT, charset=134, sz=11)
_PLAIN = InlineFont(rFont=style.FONT, charset=134, sz=11)
_LINK_TEXT = "查看原文"


def cells_of(visible, headers, cache, units, max_chars: int, link_col: int | None):
    """`render` of `pieces.write_pieces`: the cells of some rows of the table."""

    def cells(rows: pd.DataFrame, widths: list[float] | None) -> tuple:
        columns, linked = table_columns(rows, visible, max_chars, link_col)
        if widths is None:
            return columns, None, None
        return (columns, *table_looks(rows, headers, columns, cache, units, linked, widths))

    return cells


def table_columns(
    df: pd.DataFrame, visible: list, max_chars: int, link_col: int | None
) -> tuple[list[list], dict[int, set[int]]]:
    """The cell values column by column, and the rows of each column that link to 原文依据
    (`link_col`, where the rows' `_linked` say so)."""
    columns = [cellvalues.column_values(df[c], max_chars) for c in visible]
    if "原文" in visible and "_mark_start" in df:
        cellvalues.mark_figures(columns[visible.index("原文")], df, _RED, _PLAIN)
    if link_col is None:
        return columns, {}
    values, linked = columns[link_col], set()
    for i, link in enumerate(df["_linked"].tolist()):
        if link:
            # Always text, even where openpyxl would have made an error value of it.
            values[i] = str(values[i]) if values[i] else _LINK_TEXT
            linked.add(i)
    return columns, {link_col: linked}


def table_looks(
    df: pd.DataFrame,
    headers: list[str],
    columns: list[list],
    cache: style.StyleCache,
    units: dict[str, str],
    linked: dict,
    widths: list[float],
) -> tuple[list[list[int]], dict[int, float]]:
    """Style ids of the cells, and the heights of the rows that need them."""
    if "计量单位" in headers:
        row_units = columns[headers.index("计量单位")]
    elif "指标" in headers:
        row_units = [units.get(v) for v in columns[headers.index("指标")]]
    else:
        row_units = [None] * len(df)
    return (
        looks.table_styles(cache, headers, columns, row_units, linked),
        looks.row_heights(headers, columns, widths),
    )
