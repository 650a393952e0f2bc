"""The looks of a table's cells worked out a whole column at a time: the style id of each
cell and the height of each row (`layout` renders the cells, `style` says what each look is)."""

from __future__ import annotations

import numpy as np

from tasks.core.workbook.cells import RichText
from tasks.core.workbook.style import (
    LINE_HEIGHT,
    SLACK,
    VALUE_FILLS,
    WIDE_RANGES,
    WRAP_COLUMNS,
    StyleCache,
    body_style,
    number_format,
)

_WIDTH_BATCH = 5000  # texts measured at once: bounded memory (a text has < 32,768 characters)
_WIDE_TABLE = np.zeros(0x10000, dtype=bool)  # by code point: is it wide?
for _low, _high in WIDE_RANGES:
    _WIDE_TABLE[_low : _high + 1] = True

_NUMBERS = frozenset((float, int))  # exact types: a bool is written as TRUE/FALSE, not a number
# Values whose shown text is their `str` and that a dict tells apart as they are shown (a
# marked sentence is its own key): numbers are not, 1 and 1.0 being one key.
_TEXTS = frozenset((str, RichText, type(None)))
_NUMBERS_OR_NONE = frozenset((float, int, type(None)))


def table_styles(
    cache: StyleCache, headers: list[str], columns: list[list], units: list, linked: dict
) -> list[list[int]]:
    """Style ids of the body cells, column by column.

    `units` is each row's 计量单位 (None where unknown); `linked` maps a column index to the
    rows whose cell links to the evidence.
    """
    styles = []
    shapes = _UnitCodes(units)
    for j, (header, values) in enumerate(zip(headers, columns, strict=True)):
        links = linked.get(j, ())
        statuses = VALUE_FILLS.get(header, {})
        kinds = set(map(type, values))
        if values and not links and not statuses and _NUMBERS.isdisjoint(kinds):
            # Texts only (most columns): one look for the whole column.
            look = ("General", "", False)
            styles.append([cache.id((header, *look), body_style, header, *look)] * len(values))
            continue
        if not links and not statuses and kinds <= _NUMBERS_OR_NONE:
            ids = _number_looks(cache, header, values, shapes)
            if ids is not None:
                styles.append(ids)
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


class _UnitCodes:
    """Each row's 计量单位 as a small integer, worked out once per table when first needed."""

    def __init__(self, units: list) -> None:
        self._units, self._codes = units, None
        self.names: list = []

    @property
    def codes(self) -> np.ndarray:
        if self._codes is None:
            known: dict = {}
            for u in self._units:
                known.setdefault(u or "", len(known))
            self.names = list(known)
            self._codes = np.fromiter(
                (known[u or ""] for u in self._units), np.int64, len(self._units)
            )
        return self._codes


def _number_looks(
    cache: StyleCache, header: str, values: list, shapes: _UnitCodes
) -> list[int] | None:
    """`table_styles` of a column of numbers and blanks, a whole column at once: a number's
    format depends on its row's unit and on whether it is whole. None: numbers too large."""
    try:
        numbers = np.array(values, dtype=np.float64)  # None becomes NaN
    except OverflowError:
        return None
    blank = np.fromiter((v is None for v in values), bool, len(values))
    whole = np.isfinite(numbers) & (np.floor(numbers) == numbers)
    shape = np.where(blank, 0, np.where(whole, 1, 2))  # as float.is_integer: not NaN, not inf
    combined = shapes.codes * 3 + shape
    found, first, at = np.unique(combined, return_index=True, return_inverse=True)
    ids = np.zeros(len(found), dtype=np.int64)
    for k in np.argsort(first).tolist():  # looks new to the workbook: in order of appearance
        unit, kind = shapes.names[found[k] // 3], found[k] % 3
        fmt = "General" if kind == 0 else number_format(header, unit, 1 if kind == 1 else 0.5)
        ids[k] = cache.id((header, fmt, "", False), body_style, header, fmt, "", False)
    return ids[at].tolist()


def row_heights(headers: list[str], columns: list[list], widths: list[float]) -> dict[int, float]:
    """Heights of the sheet rows with wrapped text: LibreOffice does not grow them on its own."""
    most = np.ones(len(columns[0]) if columns else 0, dtype=np.int64)
    for h, values, width in zip(headers, columns, widths, strict=True):
        if h not in WRAP_COLUMNS:
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
        r + 2: n * LINE_HEIGHT + 2 for r, n in zip(tall.tolist(), most[tall].tolist(), strict=True)
    }


def _lines(texts: list[str], width: float) -> np.ndarray:
    return np.ceil(display_widths(texts) * SLACK / max(width - 2, 1)).astype(np.int64)


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
