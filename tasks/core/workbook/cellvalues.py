"""A table's columns as cell values: texts cut to Excel's limit (each distinct text once),
numbers as Python numbers, blanks as None, marked figures as rich text; whole columns of
numbers and positions converted by numpy rather than value by value."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.cell.text import InlineFont

from tasks.core.workbook.sheetxml import CellError, RichText, cut_text


def _present(v) -> bool:
    return not (v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)))


def column_values(column: pd.Series, max_chars: int) -> list:
    """The cell values of a table column (`_values`), whole columns of numbers at once."""
    kind = column.dtype.kind if isinstance(column.dtype, np.dtype) else ""
    if kind in "iu" and kind:
        return column.tolist()
    if kind == "f":
        floats = column.to_numpy()
        finite = np.isfinite(floats)
        if finite.all():
            return floats.tolist()
        out = floats.astype(object)  # Python floats
        out[~finite] = None
        return out.tolist()
    # Through numpy: a pandas text column's tolist() goes item by item through Python.
    return _values(column.to_numpy(dtype=object).tolist(), max_chars)


def _values(column: list, max_chars: int) -> list:
    """Cell values of a column; repeated texts are cleaned once."""
    texts: dict[str, str] = {}
    out = []
    for v in column:
        t = type(v)
        if t is str:
            text = texts.get(v)
            if text is None:
                text = texts[v] = _value(v, max_chars)
            out.append(text)
        elif t is float:  # most of the numbers: no NaN or infinity in a cell
            out.append(v if math.isfinite(v) else None)
        elif t is int or v is None:
            out.append(v)
        else:
            out.append(_value(v, max_chars))
    return out


def _value(v, max_chars: int):
    if not _present(v):
        return None
    if isinstance(v, str):
        v = cut_text(v, max_chars)  # the cell writer replaces what XML refuses
        # openpyxl took these texts for error values (#N/A ...); the workbook keeps them so.
        return CellError(v) if v in ERROR_CODES else v
    if hasattr(v, "item"):  # numpy scalars
        v = v.item()
    if isinstance(v, float) and math.isinf(v):
        return None
    return v


def mark_figures(texts: list, df: pd.DataFrame, font: InlineFont, around: InlineFont) -> None:
    """The figure's characters (`_mark_start`:`_mark_end`) in `font` inside its sentence."""
    starts, ends = (_positions(df[c]) for c in ("_mark_start", "_mark_end"))
    lengths = np.fromiter((len(t) if isinstance(t, str) else -1 for t in texts), np.int64)
    marked = (starts >= 0) & (starts < ends) & (ends <= lengths)  # never for a missing mark
    at = np.flatnonzero(marked)
    for i, s, e in zip(at.tolist(), starts[at].tolist(), ends[at].tolist(), strict=True):
        texts[i] = RichText(texts[i], s, e, font, around)


def whole_numbers(column: pd.Series) -> list[int | None]:
    """The column's numbers as `int`s (truncated, as `int` does), None where missing."""
    if isinstance(column.dtype, np.dtype) and column.dtype.kind in "iu":
        return column.tolist()
    values, present = whole_array(column)
    out = values.astype(object)
    out[~present] = None
    return out.tolist()


def whole_array(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """`whole_numbers` as arrays: the numbers as int64 (0 where missing) and where present."""
    if isinstance(column.dtype, np.dtype) and column.dtype.kind in "iu":
        return column.to_numpy(np.int64), np.ones(len(column), dtype=bool)
    floats = column.to_numpy(np.float64, na_value=np.nan)
    missing = np.isnan(floats)
    return np.trunc(np.where(missing, 0, floats)).astype(np.int64), ~missing


def _positions(column: pd.Series) -> np.ndarray:
    """Character positions as integers (truncated, as `int` does), -1 where missing."""
    if isinstance(column.dtype, np.dtype) and column.dtype.kind in "iu":
        return column.to_numpy(np.int64)
    floats = column.to_numpy(np.float64, na_value=np.nan)
    return np.where(np.isnan(floats), -1, np.trunc(np.nan_to_num(floats, nan=-1))).astype(np.int64)
