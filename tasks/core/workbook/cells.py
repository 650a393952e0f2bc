"""Cells as SpreadsheetML text, written as openpyxl writes them.

Values go out as openpyxl writes them: numbers as "%.16g", text as inline strings with
leading/trailing spaces preserved, a marked sentence as rich text. Cells carry no `r`
reference: a cell without one is the next cell of its row (ECMA-376 Part 1, 18.3.1.4), which
Excel, LibreOffice and openpyxl all read so; the rendering then needs no row number per cell,
and a column's repeated values (units, names, years) are rendered once.
"""

from __future__ import annotations

import math
import re
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
    if _SPECIAL.search(text) is None:  # nearly every text: nothing to replace
        return text
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


# What `escape` changes: markup, carriage returns, and what `xml_safe` replaces.
_NOT_PLAIN = "&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
_SPECIAL = re.compile(f"[{_NOT_PLAIN}]")


def _t(text: str, preserve: bool) -> str:
    if preserve:
        return f'<t xml:space="preserve">{escape(text)}</t>'
    return f"<t>{escape(text)}</t>"


def _inline(text: str) -> str:
    # openpyxl preserves spaces when the text differs from its stripped self.
    return f' t="inlineStr"><is>{_t(text, text.strip() is not text)}</is></c>'


# <rPr> per font object, the font kept so that its id is never reused: runs share a few fonts.
_FONTS: dict[int, tuple[InlineFont, str]] = {}


def _rpr(font: InlineFont) -> str:
    cached = _FONTS.get(id(font))
    if cached is None:
        cached = _FONTS[id(font)] = (font, tostring(font.to_tree(tagname="rPr")).decode())
    return cached[1]


def _run(part: str, rpr: str) -> str:
    stripped = part.strip()
    preserve = stripped is not part and bool(stripped)
    if preserve:
        return f'<r>{rpr}<t xml:space="preserve">{escape(part)}</t></r>'
    return f"<r>{rpr}<t>{escape(part)}</t></r>"


def _rich(v: RichText) -> str:
    t, s, e = v.text, v.start, v.end
    around = _rpr(v.around)
    h, m, r = t[:s], t[s:e], t[e:]
    # Most sentences: nothing to escape, no run starting or ending with a space (strip()
    # gives back the very text it was given when there is nothing to strip).
    if _SPECIAL.search(t) is None and h.strip() is h and m.strip() is m and r.strip() is r:
        head = f"<r>{around}<t>{h}</t></r>" if h else ""
        tail = f"<r>{around}<t>{r}</t></r>" if r else ""
        return f' t="inlineStr"><is>{head}<r>{_rpr(v.font)}<t>{m}</t></r>{tail}</is></c>'
    head = _run(h, around) if h else ""
    tail = _run(r, around) if r else ""
    return f' t="inlineStr"><is>{head}{_run(m, _rpr(v.font))}{tail}</is></c>'


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


def row_cells(values: Sequence, styles: Sequence[int | None]) -> bytes:
    """One row's cells, UTF-8."""
    return "".join(_opening(s) + tail(v) for v, s in zip(values, styles, strict=True)).encode()


_NUMBERS = frozenset((float, int, type(None)))  # exact types: bool is written apart
_TEXT = frozenset((str,))


def column_cells(values: Sequence, styles: Sequence[int | None]) -> list[bytes]:
    """The cells of one column, UTF-8; each (value, style) pair is rendered once.

    A column's repeated values (units, names, years, formats) are rendered and encoded once
    and shared; its unique texts (sentences, places) once each. Values are told apart by
    exact type where equal values are written otherwise: a `CellError` equal to a text, a
    bool equal to 1 or 0, -0.0 equal to 0.0.
    """
    first = styles[0] if len(styles) else None
    if styles.count(first) == len(styles):
        return _tails(values, _opening(first))
    openings = {s: _opening(s).encode() for s in set(styles)}
    heads = list(map(openings.__getitem__, styles))
    return list(map(bytes.__add__, heads, _tails(values, "")))


def _tails(values: Sequence, opening: str) -> list[bytes]:
    """`opening` and each value's `tail`, UTF-8."""
    kinds = set(map(type, values))
    texts: dict[str, bytes] = {}
    if kinds <= _TEXT:
        get = texts.get

        def text(v: str) -> bytes:
            cell = texts[v] = _text_cell(opening, v)
            return cell

        return [get(v) or text(v) for v in values]
    if kinds <= _NUMBERS:
        # 1 and 1.0 are written alike; the zeros are not (0 and -0.0), so they are not cached.
        cells = {v: (opening + tail(v)).encode() for v in dict.fromkeys(values) if v != 0}
        get = cells.get
        return [get(v) or (opening + tail(v)).encode() for v in values]
    out = []
    append = out.append
    for v in values:
        t = type(v)
        if t is RichText:  # a marked sentence: unique
            append((opening + _rich(v)).encode())
        elif t is str:
            cell = texts.get(v)
            if cell is None:
                cell = texts[v] = _text_cell(opening, v)
            append(cell)
        else:
            append((opening + tail(v)).encode())
    return out


def _text_cell(opening: str, v: str) -> bytes:
    if not v:
        return (opening + ' t="inlineStr"></c>').encode()
    text = v if _SPECIAL.search(v) is None else escape(v)  # most texts: nothing to escape
    if v.strip() is v:  # nothing stripped: the very text comes back
        return f'{opening} t="inlineStr"><is><t>{text}</t></is></c>'.encode()
    return f'{opening} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'.encode()
