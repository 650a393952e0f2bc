"""The files offices keep: .doc and .wps (through LibreOffice), text PDFs made by LibreOffice,
scanned PDFs and images (OCR), PDFs whose text layer is garbage, and tables.

The bar: the same report as .txt, .docx, .doc, .wps, a text PDF and a scan at 150 dpi gives
the same figure values; from a scan at least 95 % of them, and a value that is wrong or not
in the original is always marked 待核实 (needs_review).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tasks.core.common.catalogue import load_default_catalogue
from tasks.core.common.model import Figure
from tasks.core.pipeline.reports import read_report
from tasks.core.reading.decode import UnreadableReport, read_document
from tests import documents as make

FORMATS = Path(__file__).parent / "data" / "formats"
ORIGINAL = (FORMATS / "report-utf8.txt").read_text(encoding="utf-8")
CATALOGUE = load_default_catalogue()

# A completion table as offices attach it to a report (rows: indicators).
COMPLETION = [
    ["指标", "目标", "完成", "完成率"],
    ["新建工会组织", "40家", "42家", "105%"],
    ["新发展会员", "3000人", "3168人", "105.6%"],
    ["职工技能培训", "5000人次", "5200人次", "104%"],
    ["送温暖资金", "350万元", "386.5万元", "110.4%"],
]
COMPLETION_TEXT = [
    "江岸区总工会2024年工作总结",
    "一、目标任务完成情况",
    "全年各项目标任务全面完成，完成情况见下表。",
    "二、存在的不足",
    "服务新就业形态劳动者的手段还不多。",
]


def _values(figures: list[Figure]) -> Counter:
    return Counter((f.value, f.unit) for f in figures if f.value is not None)


def _report(tmp_path: Path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return read_report(path, CATALOGUE)


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> dict[str, bytes]:
    """The format fixture's .docx saved by LibreOffice as .doc and as PDF."""
    make.need_soffice()
    docx = (FORMATS / "report.docx").read_bytes()
    doc = make.convert(docx, ".docx", "doc")
    return {"doc": doc, "wps": doc, "pdf": make.convert(docx, ".docx", "pdf")}


@pytest.mark.e2e
@pytest.mark.parametrize("kind", ["doc", "wps", "pdf"])
def test_doc_wps_and_text_pdf_give_the_figures_of_the_txt(tmp_path, converted, kind) -> None:
    # A .wps file is most often a Word 97 binary document under another name (WPS saves it
    # so by default); a .doc renamed .wps is such a file.
    report = _report(tmp_path, f"临江区总工会2024年工作总结.{kind}", converted[kind])
    original = _report(tmp_path, "临江区总工会2024年工作总结.txt", ORIGINAL.encode())
    assert report.encoding == kind
    assert _values(report.figures) == _values(original.figures)
    assert report.meta == original.meta
    for f in report.figures:
        assert report.text[f.start : f.end] == f.text


@pytest.mark.e2e
def test_scanned_pdf_at_150_dpi_gives_the_figures_or_marks_them(tmp_path) -> None:
    make.need_cjk_font()
    report = _report(tmp_path, "扫描件.pdf", make.scanned_pdf(ORIGINAL, dpi=150))
    original = _report(tmp_path, "原文.txt", ORIGINAL.encode())
    assert report.encoding == "pdf-ocr"
    _assert_ocr_bar(report.figures, original.figures)


@pytest.mark.e2e
def test_pdf_with_a_garbage_text_layer_falls_back_to_ocr(tmp_path) -> None:
    make.need_cjk_font()
    data = make.pdf_with_garbage_layer(ORIGINAL)
    report = _report(tmp_path, "乱码.pdf", data)
    assert report.encoding == "pdf-ocr"
    _assert_ocr_bar(report.figures, _report(tmp_path, "原文.txt", ORIGINAL.encode()).figures)


@pytest.mark.e2e
def test_png_is_read_by_ocr_with_confidence(tmp_path) -> None:
    make.need_cjk_font()
    text = (
        "临江区总工会2024年工作总结\n全年新建工会组织42家，发展会员3168人，培训职工5200余人次。\n"
    )
    report = _report(tmp_path, "照片.png", make.png(text))
    assert report.encoding == "image-ocr"
    assert [(f.value, f.unit) for f in report.figures] == [(42, "家"), (3168, "人"), (5200, "人次")]
    for f in report.figures:
        assert f.source == "ocr" and 0 < f.ocr_confidence <= 1


def _assert_ocr_bar(read: list[Figure], original: list[Figure]) -> None:
    want = _values(original)
    got = _values(read)
    found = sum((want & got).values())
    assert found >= 0.95 * sum(want.values()), (want - got, got - want)
    wrong = got - want
    for f in read:
        assert f.source == "ocr" and f.ocr_confidence is not None
        if wrong[(f.value, f.unit)] > 0 and not f.needs_review:
            pytest.fail(f"{f.text} read by OCR is not in the original and not marked 待核实")


def test_completion_table_in_docx_gives_each_rows_indicator_target_and_result(tmp_path) -> None:
    data = make.docx_bytes(COMPLETION_TEXT, COMPLETION, at=2)
    report = _report(tmp_path, "江岸区总工会2024年工作总结.docx", data)
    rows = {}
    for f in report.figures:
        rows.setdefault(f.table_row, {})[f.table_column] = f
    assert set(rows) == {r[0] for r in COMPLETION[1:]}
    expected = {
        "新建工会组织": ("new_union_orgs", 40, 42),
        "新发展会员": ("new_members", 3000, 3168),
        "职工技能培训": ("skills_training", 5000, 5200),
        "送温暖资金": ("relief_funds", 3_500_000, 3_865_000),
    }
    for row, (indicator, target, result) in expected.items():
        cells = rows[row]
        assert (cells["目标"].indicator, cells["目标"].kind, cells["目标"].value) == (
            indicator,
            "target",
            target,
        )
        assert (cells["完成"].indicator, cells["完成"].kind, cells["完成"].value) == (
            indicator,
            "achievement",
            result,
        )
        assert cells["完成"].subject == row
        assert cells["完成率"].indicator == ""  # a rate of the row, not its result


def test_stated_target_differing_from_the_workbook_is_listed() -> None:
    import pandas as pd

    from tasks.core.comparison.stated import stated_target_problems

    figs = pd.DataFrame(
        [
            ("报告.docx", "江岸区总工会", 2024, "全年", "new_union_orgs", 40, "家", "40家"),
            ("报告.docx", "江岸区总工会", 2024, "全年", "new_members", 3000, "人", "3000人"),
        ],
        columns=["doc", "org", "year", "period", "indicator", "value", "unit", "text"],
    ).assign(kind="target")
    targets = pd.DataFrame(
        [("江岸区总工会", 2024, "全年", "new_union_orgs", 45.0)],
        columns=["单位", "年度", "期间", "indicator", "目标值"],
    )
    problems = stated_target_problems(figs, targets, CATALOGUE)
    assert len(problems) == 2
    assert "报告所列目标 40家 与目标工作簿的 45" in problems[0]
    assert problems[0].startswith("报告.docx：江岸区总工会 2024全年")
    assert "目标工作簿中没有这一目标" in problems[1]


@pytest.mark.e2e
@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
def test_table_in_a_text_pdf_keeps_its_headers(tmp_path, ruled) -> None:
    # Unruled: no line is drawn; the columns line up in four rows and more, and only that
    # stretch is read as a table (the paragraphs around it stay text).
    make.need_soffice()
    data = make.docx_bytes(COMPLETION_TEXT, COMPLETION, at=2, ruled=ruled)
    pdf = make.convert(data, ".docx", "pdf")
    report = _report(tmp_path, "江岸区总工会2024年工作总结.pdf", pdf)
    document, _ = read_document(pdf, "江岸区总工会2024年工作总结.pdf")
    in_cells = {document.text[c.start : c.end] for c in document.cells}
    assert not in_cells & set(COMPLETION_TEXT)
    assert {row[0] for row in COMPLETION} <= in_cells
    results = {f.table_row: f for f in report.figures if f.table_column == "完成"}
    assert {row: (f.indicator, f.value) for row, f in results.items()} == {
        "新建工会组织": ("new_union_orgs", 42),
        "新发展会员": ("new_members", 3168),
        "职工技能培训": ("skills_training", 5200),
        "送温暖资金": ("relief_funds", 3_865_000),
    }


def test_doc_without_libreoffice_says_what_to_do(monkeypatch) -> None:
    monkeypatch.setenv("SCORECARD_SOFFICE", "no-such-soffice-here")
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    with pytest.raises(UnreadableReport) as info:
        read_document(ole, "年度总结.wps")
    message = str(info.value)
    assert message.startswith("年度总结.wps：WPS（.wps）文件需要 LibreOffice")
    assert "请安装 LibreOffice" in message and "另存为 .docx" in message


def test_low_ocr_confidence_needs_review() -> None:
    from tasks.core.common.model import OcrLine
    from tasks.core.pipeline.provenance import with_ocr_confidence

    figures = [
        Figure("a.png", 2, 5, "42家", 42, "家"),
        Figure("a.png", 12, 17, "3168人", 3168, "人"),
    ]
    marked = with_ocr_confidence(figures, [OcrLine(0, 10, 0.99), OcrLine(11, 20, 0.62)])
    assert [(f.source, f.ocr_confidence, f.needs_review) for f in marked] == [
        ("ocr", 0.99, False),
        ("ocr", 0.62, True),
    ]
    assert marked[1].review_reason == "OCR 识别置信度 0.62 低于 0.90"


def test_bare_numbers_in_a_table_take_the_unit_the_table_gives(tmp_path) -> None:
    table = [
        ["指标", "单位", "目标", "完成", "完成率"],
        ["新建工会组织", "家", "40", "42", "105%"],
        ["送温暖资金（万元）", "", "350", "386.5", "110.4%"],
    ]
    report = _report(
        tmp_path, "江岸区总工会2024年工作总结.docx", make.docx_bytes(COMPLETION_TEXT, table, at=2)
    )
    got = {
        (f.table_row, f.table_column): (f.indicator, f.kind, f.value, f.unit)
        for f in report.figures
    }
    assert got[("新建工会组织", "目标")] == ("new_union_orgs", "target", 40, "家")
    assert got[("新建工会组织", "完成")] == ("new_union_orgs", "achievement", 42, "家")
    assert got[("送温暖资金（万元）", "完成")] == ("relief_funds", "achievement", 3_865_000, "元")
    for f in report.figures:
        assert report.text[f.start : f.end] == f.text


def test_figure_read_unsurely_is_held_for_review_not_counted() -> None:
    import pandas as pd

    from tasks.core.comparison.review import hold_for_review

    figs = pd.DataFrame(
        {
            "indicator": ["new_members", "new_members"],
            "needs_review": [1, 0],
            "confidence": [0.9, 0.9],
        }
    ).assign(candidate="")
    held = hold_for_review(figs)
    assert list(held["indicator"]) == ["", "new_members"]
    assert list(held["candidate"]) == ["new_members", ""]


def _word(x0: float, x1: float, top: float, text: str = "字") -> dict:
    return {"x0": x0, "x1": x1, "top": top, "bottom": top + 11, "text": text}


def test_only_rows_standing_apart_in_aligned_columns_make_an_unruled_table() -> None:
    from tasks.core.reading.pdftext import _column_runs, _word_rows

    # paragraph lines: a layout space beside digits (3 pt) is no column gap
    text = [_word(90, 150, y) for y in (100, 115, 130)]
    text += [_word(153, 170, y) for y in (100, 115, 130)]
    text += [_word(173, 519, y) for y in (100, 115, 130)]
    assert _column_runs(_word_rows(text)) == []
    # three rows of two columns far apart, lined up by their left edges: a table
    grid = [_word(90, 150, y) for y in (200, 225, 250)] + [
        _word(198, 198 + w, y) for y, w in ((200, 22), (225, 40), (250, 30))
    ]
    assert [len(run) for run in _column_runs(_word_rows(text + grid))] == [3]
    # two such rows only: not enough to tell a table
    assert _column_runs(_word_rows(grid[:2] + grid[3:5])) == []


@pytest.mark.e2e
def test_a_real_report_scanned_at_150_dpi_meets_the_ocr_bar(tmp_path) -> None:
    # Seed 004 (84 values over four pages) was the report short of the bar: 94 % before
    # issue 18's second pass. Every report is measured by `python -m bench.scans`.
    from bench.quality import find_shared
    from bench.scans import measure

    make.need_cjk_font()
    seeds = find_shared() / "seeds" if find_shared() else None
    found = sorted(seeds.glob("004_*.txt")) if seeds else []
    if not found:
        pytest.skip("../shared/seeds not found")
    m = measure(found[0], CATALOGUE, tmp_path)
    assert m["found"] >= 0.95 * m["values"], m["missed"]
    assert m["unmarked"] == [], "read wrongly by OCR and not marked 待核实"
