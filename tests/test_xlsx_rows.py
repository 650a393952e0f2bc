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


def _with_raw_rows(data: bytes, rows: str) -> bytes:
    """The workbook with `rows` (sheet XML) added at the end of its first sheet's data."""
    import zipfile

    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as dest:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = body.replace(b"</sheetData>", rows.encode() + b"</sheetData>")
            dest.writestr(info, body)
    return out.getvalue()


def test_every_kind_of_cell_reads_as_openpyxl_reads_it():
    import datetime as dt

    from openpyxl import load_workbook
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    def fill(ws):
        ws.append(["单位", 2024, 2024.5, True, dt.datetime(2024, 5, 1), dt.date(2024, 1, 2)])
        ws.append([dt.time(12, 30), dt.timedelta(hours=30), " 留 空 ", "a&<b>", -1.5e3])
        ws.append([CellRichText("富", TextBlock(InlineFont(b=True), "文本")), 0.95])
        ws.cell(3, 2).number_format = "0%"

    rows = (
        '<row r="4"><c r="A4" t="e"><v>#N/A</v></c><c r="B4" t="str"><v>公式文字</v></c>'
        '<c r="C4" t="d"><v>2024-03-01T00:00:00</v></c><c r="D4" t="b"><v>0</v></c>'
        '<c r="E4" t="inlineStr"><is><r><t>甲</t></r><rPh sb="0" eb="1"><t>jia</t></rPh></is></c>'
        '<c r="F4"><f>1+1</f><v>2</v></c><c r="G4"><v></v></c></row>'
        '<row><c t="inlineStr"><is><t xml:space="preserve"> 无坐标 </t></is></c><c><v>7</v></c></row>'
        '<row r="7"><c r="B7"><v>8</v></c><c r="c7" t="inlineStr"><is/></c></row>'
    )
    data = _with_raw_rows(_book(fill), rows)
    ws = load_workbook(io.BytesIO(data), read_only=True, data_only=True)["Sheet"]
    ws.reset_dimensions()  # the rows added past the sheet's recorded dimension too
    want = {
        (c.row, c.column): (c.value, c.number_format)
        for row in ws.iter_rows()
        for c in row
        if getattr(c, "value", None) is not None
    }
    got = {
        (r, n): (c.value, c.number_format)
        for r, cells in open_book(data).rows("Sheet")
        for n, c in cells.items()
        if c.value is not None
    }
    assert got == want
    assert len(got) == 23  # every cell above that holds a value (an empty <is/> reads "")
