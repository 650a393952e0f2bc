"""Reading report files: encodings, .docx, .pdf, and clear refusals for everything else."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tasks.core.document.metadata import infer_metadata
from tasks.core.extraction.figures import extract_figures
from tasks.core.reading.decode import UnreadableReport, decode_report

FORMATS = Path(__file__).parent / "data" / "formats"
ORIGINAL = FORMATS / "report-utf8.txt"
# The same hand-written report saved every way an office might (make_format_fixtures.py).
VARIANTS = {
    "report-utf8.txt": "utf-8",
    "report-utf8-bom.txt": "utf-8-sig",
    "report-gb18030.txt": "gb18030",
    "report-utf16.txt": "utf-16-le",
    "report-utf16le-nobom.txt": "utf-16-le",
    "report-utf16be-nobom.txt": "utf-16-be",
    "report.docx": "docx",
    "report.pdf": "pdf",
}
SAMPLE = "临江区总工会2024年工作总结\n全年新建工会组织42家，发展会员3168人，培训职工5200余人次。\n"


def _values(text: str) -> list:
    return [(f.value, f.unit) for f in extract_figures(text, "x")]


@pytest.mark.parametrize("name", VARIANTS)
def test_every_format_yields_the_figures_of_the_original(name: str) -> None:
    original = ORIGINAL.read_text(encoding="utf-8")
    text, encoding = decode_report((FORMATS / name).read_bytes(), name)
    assert encoding == VARIANTS[name]
    assert _values(text) == _values(original)
    assert len(_values(original)) >= 30
    assert infer_metadata("", text) == infer_metadata("", original)


@pytest.mark.parametrize("name", VARIANTS)
def test_offsets_index_the_decoded_text(name: str) -> None:
    text, _ = decode_report((FORMATS / name).read_bytes(), name)
    for f in extract_figures(text, name):
        assert text[f.start : f.end] == f.text


def test_bom_is_not_part_of_the_text() -> None:
    text, _ = decode_report((FORMATS / "report-utf8-bom.txt").read_bytes(), "a.txt")
    assert text == ORIGINAL.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "encoding, expected",
    [
        ("utf-8", "utf-8"),
        ("gbk", "gb18030"),
        ("gb18030", "gb18030"),
        ("utf-16", "utf-16-le"),
        ("utf-16-le", "utf-16-le"),
        ("utf-16-be", "utf-16-be"),
    ],
)
def test_text_encodings_are_detected(encoding: str, expected: str) -> None:
    assert decode_report(SAMPLE.encode(encoding), "报告.txt") == (SAMPLE, expected)


def test_gb18030_four_byte_characters() -> None:
    # A rare character in a name (here outside GBK: a four-byte sequence) is still read.
    text = SAMPLE + "劳模王𠀾同志带领班组完成技术革新项目十余项，获评市级先进集体。\n"
    assert decode_report(text.encode("gb18030"), "a.txt") == (text, "gb18030")


@pytest.mark.parametrize("encoding", ["big5", "shift_jis"])
def test_other_encodings_fail_loudly_instead_of_mojibake(encoding: str) -> None:
    text = "本會全年新建工會組織四十二家，發展會員三千餘人。職工技能培訓五千餘人次。" * 5
    if encoding == "shift_jis":
        text = "労働組合は今年、新たに四十二の組合を設立し、会員三千人を増やしました。" * 5
    with pytest.raises(UnreadableReport, match="无法确定文字编码"):
        decode_report(text.encode(encoding), "年度总结.txt")


def _docx(
    paragraphs: list[str], table: list[list[str]] | None = None, merge: bool = False
) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(paragraphs[0])
    if table:
        t = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                t.cell(r, c).text = value
        if merge:
            t.cell(0, 0).merge(t.cell(0, 1))
    for p in paragraphs[1:]:
        document.add_paragraph(p)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_paragraphs_and_table_cells_in_document_order() -> None:
    data = _docx(["前言", "结语"], [["指标", "数量"], ["新建工会", "12家"]])
    assert decode_report(data, "a.docx") == ("前言\n指标\n数量\n新建工会\n12家\n结语", "docx")


def test_docx_merged_cell_is_read_once() -> None:
    data = _docx(["前言"], [["合计发放慰问金38万元", ""], ["a", "b"]], merge=True)
    text, _ = decode_report(data, "a.docx")
    assert text.count("38万元") == 1


def _blank_pdf() -> bytes:
    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


@pytest.mark.parametrize(
    "name, data, message",
    [
        # Damaged legacy files: LibreOffice cannot convert them (or is missing); either way
        # the message names the file and its kind and says to save it as .docx.
        ("年度总结.doc", OLE, "年度总结.doc：Word 97-2003（.doc）文件"),
        ("年度总结.wps", OLE, "年度总结.wps：WPS（.wps）文件"),
        ("改了名.docx", OLE, "改了名.docx：Word 97-2003（.doc）文件"),
        ("空.txt", b"", "空.txt：文件是空的"),
        ("空白.txt", b" \r\n \n", "空白.txt：文件是空的"),
        ("图.txt", bytes(range(256)) * 8, "图.txt：不是文本文件"),
        (
            "扫描件.pdf",
            _blank_pdf(),
            "扫描件.pdf：PDF 没有文字层，文字识别（OCR）也没有读出文字",
        ),
        ("坏.pdf", b"%PDF-1.4\n garbage", "坏.pdf：PDF 文件已损坏"),
        ("坏.docx", b"PK\x03\x04 not a zip", "坏.docx：不是有效的 .docx 文件"),
        ("假.pdf", "正文".encode(), "假.pdf：不是有效的 PDF 文件"),
        ("照片.jpg", b"\xff\xd8\xff\xe0 jpeg", "照片.jpg：文件已损坏，无法做文字识别"),
        ("表.xlsx", b"PK\x03\x04", "表.xlsx：Excel 表格不是工作报告"),
        ("说明.odt", b"PK\x03\x04", "说明.odt：OpenDocument（.odt）文件"),
        (
            "数据.json",
            b"{}",
            "数据.json：不支持 .json 文件，请提供 .docx、.doc、.wps、.pdf、图片或 .txt 文本",
        ),
    ],
)
def test_unreadable_files_get_a_clear_message(name: str, data: bytes, message: str) -> None:
    with pytest.raises(UnreadableReport) as info:
        decode_report(data, name)
    assert str(info.value).startswith(message)


def test_docx_renamed_to_txt_is_still_read() -> None:
    data = _docx(["新建工会组织12家"])
    assert decode_report(data, "报告.txt") == ("新建工会组织12家", "docx")


def test_pdf_wrapped_lines_are_joined_but_paragraphs_and_headings_kept() -> None:
    from tasks.core.reading.layout import join_wrapped, page_flow

    full = "为全市困难职工发放慰问金和慰问品，合计金额达"  # a line as wide as the page

    def box(text: str, top: float, indent: float = 0.0) -> dict:
        x0 = 90 + indent
        width = sum(6 if c.isascii() else 12 for c in text)
        return {"text": text, "x0": x0, "x1": x0 + width, "top": top, "bottom": top + 12}

    boxes = [
        box("一、帮扶工作", 100),
        box(full, 120),
        box("386.5 万元，惠及职工 2150 户。", 140),
        box(full[:-1] + "。", 160),
        box("二、组织建设", 180),
        box(full, 200),
        box("新的一段从缩进开始。", 220, indent=24),
        box("3", 800),  # page number
    ]
    lines = join_wrapped([line for _, line in page_flow(boxes)])
    assert [line.text for line in lines] == [
        "一、帮扶工作",
        full + "386.5万元，惠及职工2150户。",
        full[:-1] + "。",
        "二、组织建设",
        full,
        "新的一段从缩进开始。",
    ]


def _numbered_docx() -> bytes:
    """Headings numbered by Word itself (一、 （一）), as offices' templates do."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(
        0,
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
            '<w:lvlText w:val="%1、"/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
            '<w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum>'
        ),
    )
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    )

    def add(text: str, level: int | None = None) -> None:
        p = document.add_paragraph(text)
        if level is not None:
            p._p.get_or_add_pPr().append(
                parse_xml(
                    f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'
                )
            )

    add("2024年工作总结")
    add("组织建设", 0)
    add("建会入会", 1)
    add("新建工会组织42家。")
    add("服务职工", 1)
    add("帮扶工作", 0)
    add("困难帮扶", 1)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_automatic_numbering_is_rendered() -> None:
    text, _ = decode_report(_numbered_docx(), "a.docx")
    assert text.split("\n") == [
        "2024年工作总结",
        "一、组织建设",
        "（一）建会入会",
        "新建工会组织42家。",
        "（二）服务职工",
        "二、帮扶工作",
        "（一）困难帮扶",
    ]
