"""The scorecard workbook read back with openpyxl: values, formats, fills, links, rich text."""

import pytest
from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText

from tasks.core.catalogue import load_default_catalogue
from tasks.core.notes import RunInfo, notes_rows
from tasks.core.template import write_targets_template
from tasks.core.workbook import build_workbook
from tests.pipeline import run_pipeline

REPORT = """青川市东港区总工会2025年工作总结
一、主要工作
全年新建工会组织42家，新发展会员2800人，筹措送温暖资金180万元。
=SUM(A1:A9)开展普法宣传活动12场。
+1 @x -2 \x07职工书屋建成x家。
"""


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wb")
    (tmp / "reports").mkdir()
    (tmp / "reports" / "r.txt").write_text(REPORT, encoding="utf-8")
    targets = tmp / "targets.xlsx"
    write_targets_template(
        targets,
        load_default_catalogue(),
        [
            ["青川市东港区总工会", 2025, "全年", "新建工会组织", 40],
            ["青川市东港区总工会", 2025, "全年", "新发展会员", 3500],
            ["青川市东港区总工会", 2025, "全年", "送温暖资金", 150],
            ["青川市东港区总工会", 2025, "全年", "职工书屋", 3],
        ],
    )
    tables = run_pipeline(tmp / "reports", targets, tmp / "ledger.sqlite")
    info = RunInfo("2025-01-15T08:00:00", {"年度": 2025}, [("reports/r.txt", "ab" * 32)])
    path = tmp / "out.xlsx"
    build_workbook(tables.sheets, notes_rows(info)).save(path)
    return load_workbook(path, rich_text=True)


def _rows(ws) -> list[dict]:
    head = [c.value for c in ws[1]]
    return [dict(zip(head, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]


def test_sheets_and_headers(workbook):
    assert workbook.sheetnames[:6] == ["总览", "计分卡", "缺失数据", "原文依据", "历年趋势", "说明"]
    assert [c.value for c in workbook["计分卡"][1]] == [
        "单位",
        "年度",
        "期间",
        "指标",
        "计量单位",
        "目标值",
        "实际值",
        "完成率",
        "上年同期",
        "同比增减",
        "同比增幅",
        "状态",
        "依据",
    ]
    assert [c.value for c in workbook["总览"][1]] == [
        "单位",
        "年度",
        "期间",
        "报告数",
        "有目标指标",
        "完成",
        "未完成",
        "缺失",
        "综合完成率",
    ]


def test_scorecard_values_formats_and_fills(workbook):
    ws = workbook["计分卡"]
    rows = {r["指标"]: (n, r) for n, r in enumerate(_rows(ws), start=2)}
    n, orgs = rows["新建工会组织"]
    assert (orgs["目标值"], orgs["实际值"], orgs["状态"]) == (40, 42, "完成")
    assert ws.cell(n, 8).number_format == "0.0%" and ws.cell(n, 8).value == pytest.approx(1.05)
    assert ws.cell(n, 12).fill.fgColor.rgb.endswith("C6EFCE")
    n, money = rows["送温暖资金"]
    assert money["计量单位"] == "万元" and money["实际值"] == pytest.approx(180)
    assert ws.cell(n, 7).number_format == "#,##0.00"
    n, members = rows["新发展会员"]
    assert members["状态"] == "未完成" and ws.cell(n, 12).fill.fgColor.rgb.endswith("FFC7CE")
    n, books = rows["职工书屋"]
    assert books["状态"] == "缺失" and ws.cell(n, 12).fill.fgColor.rgb.endswith("D9D9D9")
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$1:$1"


def test_basis_links_to_the_sentence(workbook):
    card, evidence = workbook["计分卡"], workbook["原文依据"]
    row = next(r for r in range(2, card.max_row + 1) if card.cell(r, 4).value == "新建工会组织")
    link = card.cell(row, 13).hyperlink
    assert link is not None and link.location.startswith("'原文依据'!A")
    target = int(link.location.split("!A")[1])
    assert evidence.cell(target, 6).value == "42家"
    sentence = evidence.cell(target, 10).value
    assert isinstance(sentence, CellRichText)
    bold = [b for b in sentence if not isinstance(b, str) and b.font.b]
    assert [b.text for b in bold] == ["42家"] and bold[0].font.color.rgb.endswith("C00000")


def test_report_text_never_becomes_a_formula(workbook):
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", f"{ws.title}!{c.coordinate} became a formula: {c.value}"
    texts = [str(c.value) for c in workbook["原文依据"]["J"]]
    assert any(t.startswith("=SUM(A1:A9)") for t in texts)
    assert not any("\x07" in t for t in texts)


def test_missing_sheet_lists_placeholder_with_sentence(workbook):
    lost = _rows(workbook["缺失数据"])
    ph = [r for r in lost if r["类型"] == "占位符"]
    assert ph and "职工书屋建成x家" in str(ph[0]["原文"])


def test_notes_sheet_has_inputs_and_legend(workbook):
    values = [c.value for row in workbook["说明"].iter_rows() for c in row if c.value]
    assert "ab" * 32 in values and "进度滞后" in values and "生成时间" in values
