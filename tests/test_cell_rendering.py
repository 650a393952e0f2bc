"""The whole-column shortcuts of the cell writer give, cell for cell, what rendering each value
on its own gives: the XML of each cell (texts escaped and spaces kept, numbers, zeros of either
sign, booleans, error values, marked sentences), the style id of each cell (registered in the
same order) and the height of each row."""

import math

import pytest
from openpyxl import Workbook
from openpyxl.cell.text import InlineFont

from tasks.core.workbook import looks
from tasks.core.workbook.cells import (
    CellError,
    RichText,
    _opening,
    _rich,
    _rpr,
    _run,
    column_cells,
    tail,
)
from tasks.core.workbook.style import SLACK, StyleCache, body_style, display_width, number_format

PLAIN = InlineFont(rFont="宋体", charset=134, sz=11)
RED = InlineFont(rFont="宋体", charset=134, sz=11, b=True, color="C00000")
TEXTS = ["新建42家", "", " 前后有空格 ", "a&b<c>", "两行\r\n文本", "响铃\x07", "\ud800孤", "\u3000全角",
         "新建42家", "tab\t", "#N/A"]  # fmt: skip
NUMBERS = [0, 0.0, -0.0, 1, 1.0, 2.5, -7, 2**53 + 1, 1e-300, None, 1.0, float("nan"), 0]
MARKED = [
    RichText("全年新建42家，会员", 4, 7, RED, PLAIN),
    RichText(" 全年新建 42家，会员 ", 6, 9, RED, PLAIN),
    RichText("a&b 42<家>", 4, 6, RED, PLAIN),
    RichText("42家", 0, 3, RED, PLAIN),
    RichText("新建 42", 3, 5, RED, PLAIN),
]
MIXED = [*MARKED, "新建", CellError("#N/A"), "#N/A", True, 1, False, 0, -0.0, None, "新建"]


def _one_by_one(values, styles) -> list[bytes]:
    return [(_opening(s) + tail(v)).encode() for v, s in zip(values, styles, strict=True)]


@pytest.mark.parametrize(
    "values", [TEXTS, NUMBERS, MARKED, MIXED], ids=["texts", "numbers", "marked", "mixed"]
)
@pytest.mark.parametrize("looks_of", ["one", "none", "several"])
def test_column_cells_are_the_cells_one_by_one(values, looks_of):
    styles = {"one": [3] * len(values), "none": [None] * len(values)}.get(looks_of)
    styles = styles or [(None, 1, 2)[i % 3] for i in range(len(values))]
    assert column_cells(values, styles) == _one_by_one(values, styles)


def test_marked_sentence_is_its_runs():
    for v in MARKED:
        runs = "".join(_run(part, _rpr(font)) for part, font in v.runs)
        assert _rich(v) == f' t="inlineStr"><is>{runs}</is></c>'
    assert "xml:space" in _rich(MARKED[1]) and "&amp;" in _rich(MARKED[2])


def _number_styles_one_by_one(cache, header, values, units) -> list[int]:
    ids = []
    for v, unit in zip(values, units, strict=True):
        if type(v) in (float, int):
            fmt = number_format(header, unit or "", 1 if type(v) is int or v.is_integer() else 0.5)
        else:
            fmt = "General"
        ids.append(cache.id((header, fmt, "", False), body_style, header, fmt, "", False))
    return ids


@pytest.mark.parametrize("header", ["实际值", "完成率", "同比增减", "2024"])
def test_number_looks_are_the_looks_one_by_one(header):
    values = [2.5, None, 3.0, 7, float("inf"), 0.985, -0.0, float("nan"), 12.0, None]
    units = ["万元", "人", "%", "%", None, "%", "人", "万元", "人", "家"]
    fast = looks.table_styles(StyleCache(Workbook().active), [header], [values], units, {})[0]
    slow = _number_styles_one_by_one(StyleCache(Workbook().active), header, values, units)
    assert fast == slow  # the same ids: the same looks, registered in the same order
    assert len(set(fast)) >= 2  # numbers and blanks look apart


def test_row_heights_measure_each_text():
    texts = ["短", "很长的一句话" * 12, None, "很长的一句话" * 12, MARKED[0], "a" * 200]
    places = ["甲/乙.txt 第1行"] * 5 + [None]
    widths = [30.0, 20.0]
    got = looks.row_heights(["原文", "位置"], [texts, places], widths)
    want = {}
    for r, row in enumerate(zip(texts, places, strict=True)):
        lines = [
            math.ceil(display_width(str(v)) * SLACK / (w - 2))
            for v, w in zip(row, widths, strict=True)
            if v is not None
        ]
        if max(lines, default=1) > 1:
            want[r + 2] = max(lines) * 15.0 + 2
    assert got == want and len(got) == 3
