"""The targets workbook read row by row (`Book.rows`): the rows that hold something, in order,
with what a fully loaded openpyxl workbook would show in each cell."""

import io

from openpyxl import Workbook

from tasks.core.common.xlsx import open_book


def _book(fill) -> bytes:
    wb = Workbook()
    fill(wb.active)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _values(book, title="Sheet", **kw) -> list:
    return [
        (r, {c: cell.value for c, cell in cells.items()}) for r, cells in book.rows(title, **kw)
    ]


def test_rows_that_hold_values_in_order():
    def fill(ws):
        ws.append(["单位", "目标值"])
        ws.append(["甲", 3])
        ws.cell(2, 5).number_format = "0.0"  # a formatted but empty cell: nothing to read
        ws.cell(9, 2, 95).number_format = "0%"
        ws.cell(1_048_576, 1, "杂")  # a stray value far down: one row, not a million

    book = open_book(_book(fill))
    got = _values(book)
    assert [r for r, _ in got] == [1, 2, 9, 1_048_576]
    assert got[1] == (2, {1: "甲", 2: 3, 5: None})
    assert dict(book.rows("Sheet", 9))[9][2].number_format == "0%"
    assert [r for r, _ in book.rows("Sheet", 3)] == [9, 1_048_576]


def test_merged_cells_but_the_first_read_empty_and_unsaved_formulas_count():
    def fill(ws):
        ws.append(["单位", "目标值"])
        ws.append(["甲", 1])
        ws.append(["乙", 2])
        ws.merge_cells("A2:A3")
        ws["B5"] = "=1+1"  # no saved result: a values workbook shows it empty

    book = open_book(_book(fill))
    assert [m.coord for m in book.marks("Sheet").merged] == ["A2:A3"]
    assert _values(book, min_row=2) == [(2, {1: "甲", 2: 1}), (3, {2: 2})]
    assert book.marks("Sheet").unsaved == {"B5"}
    got = _values(book, min_row=4, refs=book.marks("Sheet").unsaved)
    assert got == [(5, {2: None})]
