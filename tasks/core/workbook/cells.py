"""Cells as SpreadsheetML text, written as openpyxl writes them.

Values go out as openpyxl writes them: numbers as "%.16g", text as inline strings with
leading/trailing spaces preserved, a marked sentence as rich text. Cells carry no `r`
reference: a cell without one is the next cell of its row (ECMA-376 Part 1, 18.3.1.4), which
Excel, LibreOffice and openpyxl all read so; the rendering then needs no row number per cell,
and a column's repeated values (units, names, years) are rendered once.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from openpyxl.cell.text import InlineFont
from openpyxl.xml.functions import tostring

from tasks.core.common.safetext import xml_safe

MAX_TEXT = 32767  # Excel's limit of characters in a cell
CUT_MARK = "……（超出 Excel 单元格字数上限，其后已截断）"


def clean_text(value: str, limit: int = MAX_TEXT) -> str:
    """Report text made safe for a cell: characters XML refuses replaced; a text longer than
    `limit` is cut so that it ends, within the limit, with the visible CUT_MARK.

    >>> clean_text("a\\x07b")
    'a b'
    >>> clean_text("一二三四五六七八九十" * 4, limit=30)
    '一二三四……（超出 Excel 单元格字数上限，其后已截断）'
    """
    return cut_text(xml_safe(value), limit)


def cut_text(text: str, limit: int = MAX_TEXT) -> str:
    """`clean_text` without the character check, for texts the cell writer escapes (which
    replaces those characters one for one, so the lengths are the same)."""
    if len(text) <= limit:
        return text
    return text[: max(limit - len(CUT_MARK), 0)] + CUT_MARK[:limit]


class RichText:
    """A text whose characters start:end are in `font` and the rest in `around`.

    Kept as the text itself and two positions, the runs cut only as the cell is written:
    50,000 marked sentences held as runs of their own took ~25 MB. `str()` gives the text.
    """

    __slots__ = ("text", "start", "end", "font", "around")

    def __init__(self, text: str, start: int, end: int, font: InlineFont, around: InlineFont):
        if not 0 <= start < end <= len(text):
            raise ValueError(f"no characters {start}:{end} in a text of {len(text)}")
        self.text, self.start, self.end, self.font, self.around = text, start, end, font, around

    def __str__(self) -> str:
        return self.text

    @property
    def runs(self) -> list[tuple[str, InlineFont]]:
        t, s, e = self.text, self.start, self.end
        runs = [(t[s:e], self.font)]
        if s:
            runs.insert(0, (t[:s], self.around))
        if e < len(t):
            runs.append((t[e:], self.around))
        return runs


class CellError(str):
    """Text that openpyxl would store as an error value (#N/A, #DIV/0! ...)."""


def escape(text: str) -> str:
    """Text as XML character data, with carriage returns kept as lxml keeps them.

    >>> escape("a<b & c>\\r")
    'a&lt;b &amp; c&gt;&#13;'
    """
    text = xml_safe(text)  # the last line of defence: a workbook that opens, whatever came
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


def _t(text: str, preserve: bool) -> str:
    if preserve:
        return f'<t xml:space="preserve">{escape(text)}</t>'
    return f"<t>{escape(text)}</t>"


def _inline(text: str) -> str:
    # openpyxl preserves spaces when the text differs from its stripped self.
    return f' t="inlineStr"><is>{_t(text, text != text.strip())}</is></c>'


# <rPr> per font object, the font kept so that its id is never reused: runs share a few fonts.
_FONTS: dict[int, tuple[InlineFont, str]] = {}


def _rpr(font: InlineFont) -> str:
    cached = _FONTS.get(id(font))
    if cached is None:
        cached = _FONTS[id(font)] = (font, tostring(font.to_tree(tagname="rPr")).decode())
    return cached[1]


def _run(part: str, rpr: str) -> str:
    stripped = part.strip()
    return f"<r>{rpr}{_t(part, bool(stripped) and part != stripped)}</r>"


def _rich(v: RichText) -> str:
    t, s, e = v.text, v.start, v.end
    around = _rpr(v.around)
    head = _run(t[:s], around) if s else ""
    tail = _run(t[e:], around) if e < len(t) else ""
    return f' t="inlineStr"><is>{head}{_run(t[s:e], _rpr(v.font))}{tail}</is></c>'


def tail(v) -> str:
    """The cell's XML after `<c` and its style: its type and value."""
    if v is None:
        return "/>"
    t = type(v)
    if t is str:
        return _inline(v) if v else ' t="inlineStr"></c>'
    if t is int or (t is float and math.isfinite(v)):
        return f' t="n"><v>{v:.16g}</v></c>'
    if t is float:  # NaN and infinities: openpyxl writes an empty value
        return ' t="n"><v></v></c>'
    if t is bool:
        return f' t="b"><v>{int(v)}</v></c>'
    if t is RichText:
        return _rich(v)
    if t is CellError:
        return f' t="e"><v>{escape(v)}</v></c>'
    if isinstance(v, str):  # a str subclass (a listed path): its text
        return tail(str(v))
    raise TypeError(f"cannot write {v!r} ({t.__name__}) to a cell")


def _opening(style: int | None) -> str:
    return "<c" if style is None else f'<c s="{style}"'


def row_cells(values: Sequence, styles: Sequence[int | None]) -> str:
    """One row's cells."""
    return "".join(_opening(s) + tail(v) for v, s in zip(values, styles, strict=True))


def column_cells(values: Sequence, styles: Sequence[int | None]) -> list[str]:
    """The cells of one column; each (value, style) pair is rendered once.

    Texts are looked up by exact type (a `CellError` equal to a text is written apart);
    numbers are cached apart from texts: 1 and 1.0 are written alike, a bool (equal to 1 or
    0) is never looked up, and -0.0 is kept apart from 0.0.
    """
    if len(set(styles)) == 1:
        return _one_look_cells(values, styles[0])
    texts: dict[tuple, str] = {}
    out = []
    append = out.append
    for v, s in zip(values, styles, strict=True):
        t = type(v)
        if t is str or (t is float and v) or t is int:
            key = (t is str, v, s)
            cell = texts.get(key)
            if cell is None:
                cell = texts[key] = _opening(s) + tail(v)
            append(cell)
        else:
            append(_opening(s) + tail(v))
    return out


def _one_look_cells(values: Sequence, style: int | None) -> list[str]:
    opening = _opening(style)
    texts: dict[str, str] = {}
    numbers: dict[float, str] = {}

    def text(v: str) -> str:
        cell = texts[v] = opening + tail(v)
        return cell

    def other(v) -> str:
        t = type(v)
        if (t is float and v) or t is int:
            cell = numbers.get(v)
            if cell is None:
                cell = numbers[v] = opening + tail(v)
            return cell
        return opening + tail(v)

    get = texts.get
    return [(get(v) or text(v)) if type(v) is str else other(v) for v in values]
