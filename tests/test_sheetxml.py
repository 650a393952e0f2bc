"""Streamed sheets read back exactly as the cells openpyxl writes itself: values, types, looks."""

import zipfile

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.xml.functions import tostring

from tasks.core.workbook.sheetxml import CellError, RichText, escape
from tasks.core.workbook.streambook import StreamedWorkbook, add_sheet
from tasks.core.workbook.style import StyleCache

PLAIN = InlineFont(rFont="宋体", charset=134, sz=11)
RED = InlineFont(rFont="宋体", charset=134, sz=11, b=True, color="C00000")
VALUES = [
    "plain",
    " leading",
    "trailing ",
    "   ",
    "a&b<c>d\"'",
    "两行\r\n文本",
    "tab\there",
    "",
    None,
    0,
    -7,
    2**53 + 1,
    1.05,
    0.1 + 0.2,
    1e-300,
    -2.5e300,
    True,
    False,
    float("nan"),
    float("inf"),
    "#N/A",
    "=1+1 新建",
]
RUNS = [(" 全年新建 ", PLAIN), ("42家", RED), ("，会员 ", PLAIN)]
MARKED = RichText(" 全年新建 42家，会员 ", 6, 9, RED, PLAIN)  # the same runs


def _look() -> dict:
    return {
        "font": Font(name="宋体", charset=134, size=11, bold=True, color="FFFFFF"),
        "fill": PatternFill("solid", fgColor="1F4E78"),
        "border": Border(top=Side(style="thin", color="BFBFBF")),
        "alignment": Alignment(horizontal="center", vertical="top", wrap_text=True),
        "number_format": "#,##0.0#",
    }


def _openpyxl_book(path):
    """The reference: the same cells through openpyxl's own Cell objects."""
    wb = Workbook()
    ws = wb.active
    ws.title = "表"
    for j, v in enumerate(VALUES, start=1):
        cell = ws.cell(1, j, v)
        if isinstance(v, str) and v.startswith("="):
            cell.data_type = "s"
        for attr, value in _look().items():
            setattr(cell, attr, value)
    ws.cell(2, 1).value = CellRichText([TextBlock(f, t) for t, f in RUNS])
    ws.cell(2, 2, "查看原文").hyperlink = Hyperlink(ref="B2", location="'表'!A1")
    ws.row_dimensions[2].height = 32
    ws.column_dimensions["A"].width = 22.5
    ws.freeze_panes = "A2"
    wb.save(path)


def _streamed_book(path, saves=1):
    wb = Workbook(write_only=True)
    ws = add_sheet(wb, "表")
    look = StyleCache(ws).id(("look",), _look)
    values = [CellError(v) if v == "#N/A" else v for v in VALUES]
    ws.append_row(values, [look] * len(values))
    ws.append_columns([[MARKED], ["查看原文"]], [[None], [None]], {2: 32})
    ws.add_link(2, 2, "'表'!A1")
    ws.column_dimensions["A"].width = 22.5
    ws.freeze_panes = "A2"
    for _ in range(saves):
        wb.save(path)


def _xml(obj) -> bytes:
    return tostring(obj.to_tree())


def _cells(path) -> list:
    ws = load_workbook(path, rich_text=True)["表"]
    out = []
    for row in ws.iter_rows(min_row=1, max_row=2, max_col=len(VALUES)):
        for c in row:
            value = c.value
            if isinstance(value, CellRichText):
                value = [(b.text, _xml(b.font)) for b in value]
            look = (c.number_format, _xml(c.font), _xml(c.fill), _xml(c.border), _xml(c.alignment))
            link = c.hyperlink.location if c.hyperlink else None
            out.append((c.coordinate, value, c.data_type, look, link))
    layout = (
        ws.row_dimensions[2].height,
        ws.column_dimensions["A"].width,
        ws.freeze_panes,
        ws.calculate_dimension(),
    )
    return [*out, layout]


def test_streamed_cells_read_back_as_openpyxl_cells(tmp_path):
    _openpyxl_book(tmp_path / "ref.xlsx")
    _streamed_book(tmp_path / "new.xlsx")
    ref, new = _cells(tmp_path / "ref.xlsx"), _cells(tmp_path / "new.xlsx")
    assert len(ref) == len(new)
    for want, got in zip(ref, new, strict=True):
        assert got == want


def test_saved_twice_the_same_cells(tmp_path):
    _streamed_book(tmp_path / "once.xlsx")
    _streamed_book(tmp_path / "twice.xlsx", saves=2)
    assert _cells(tmp_path / "once.xlsx") == _cells(tmp_path / "twice.xlsx")
    with zipfile.ZipFile(tmp_path / "twice.xlsx") as z:
        assert b"<dimension" in z.read("xl/worksheets/sheet1.xml")


def test_only_what_a_cell_can_hold(tmp_path):
    wb = Workbook(write_only=True)
    ws = add_sheet(wb, "表")
    with pytest.raises(TypeError):
        ws.append_row([object()], [None])
    with pytest.raises(TypeError):
        ws.append(["x"])  # openpyxl's own rows would be lost
    with pytest.raises(ValueError):
        add_sheet(Workbook(), "表")


def test_escape_keeps_markup_out():
    assert escape("<t>&amp;</t>") == "&lt;t&gt;&amp;amp;&lt;/t&gt;"


@pytest.mark.parametrize(
    ("text", "start", "end", "runs"),
    [
        ("42家，会员", 0, 3, [("42家", "red"), ("，会员", "plain")]),
        ("全年新建42", 4, 6, [("全年新建", "plain"), ("42", "red")]),
        ("全年新建42", 0, 6, [("全年新建42", "red")]),
        ("全年新建42", 2, 4, [("全年", "plain"), ("新建", "red"), ("42", "plain")]),
    ],
)
def test_marked_text_runs(text, start, end, runs):
    fonts = {"red": RED, "plain": PLAIN}
    marked = RichText(text, start, end, RED, PLAIN)
    assert str(marked) == text
    assert marked.runs == [(t, fonts[f]) for t, f in runs]


@pytest.mark.parametrize(("start", "end"), [(2, 2), (-1, 2), (3, 9)])
def test_marked_text_needs_characters_to_mark(start, end):
    with pytest.raises(ValueError):
        RichText("全年新建42", start, end, RED, PLAIN)


def test_streamed_workbook_saves_compressed_and_reads_back(tmp_path):
    wb = StreamedWorkbook()
    add_sheet(wb, "表").append_row(["文字", 12.5], [None, None])
    wb.save(tmp_path / "a.xlsx")
    with zipfile.ZipFile(tmp_path / "a.xlsx") as z:
        assert {i.compress_type for i in z.infolist()} == {zipfile.ZIP_DEFLATED}
    ws = load_workbook(tmp_path / "a.xlsx")["表"]
    assert [c.value for c in ws[1]] == ["文字", 12.5]
    StreamedWorkbook().save(tmp_path / "empty.xlsx")  # no sheet: one is added, as openpyxl does
    assert load_workbook(tmp_path / "empty.xlsx").sheetnames
