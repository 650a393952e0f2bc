"""The scorecard workbook read back with openpyxl: values, formats, fills, links, rich text."""

import pandas as pd
import pytest
from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from bench.bench_stages import evidence_rows
from tasks.core.common.catalogue import load_default_catalogue
from tasks.core.workbook.layout import CHART_DATA, build_workbook
from tasks.core.workbook.notes import RunInfo, notes_rows
from tasks.core.workbook.style import FONT, GREEN, RED, STATUS_FILLS, display_width, number_format
from tasks.core.workbook.template import write_targets_template
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
        "信号灯",
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
    ws = workbook["缺失数据"]
    lost = _rows(ws)
    n, ph = next((n, r) for n, r in enumerate(lost, start=2) if r["类型"] == "占位符")
    assert "职工书屋建成x家" in str(ph["原文"])
    link = ws.cell(n, 6).hyperlink  # 类型: LibreOffice would not wrap a linked sentence
    assert link is not None and link.location.startswith("'原文依据'!A")
    target = int(link.location.split("!A")[1])
    assert workbook["原文依据"].cell(target, 6).value == "x家"


def test_notes_sheet_has_inputs_and_legend(workbook):
    ws = workbook["说明"]
    values = [c.value for row in ws.iter_rows() for c in row if c.value]
    assert "ab" * 32 in values and "进度滞后" in values and "生成时间" in values
    first = {c.value: c for c in ws["A"] if c.value}
    for status, colour in STATUS_FILLS.items():
        assert first[status].fill.fgColor.rgb.endswith(colour), status
    assert first["▲ 增加"].font.color.rgb.endswith(GREEN)
    assert first["▼ 减少"].font.color.rgb.endswith(RED)
    assert first["原文中的红色粗体"].font.b


def test_number_formats(workbook):
    card = workbook["计分卡"]
    head = [c.value for c in card[1]]
    col = {h: i + 1 for i, h in enumerate(head)}
    rows = {card.cell(r, 4).value: r for r in range(2, card.max_row + 1)}
    r = rows["新建工会组织"]
    assert card.cell(r, col["年度"]).number_format == "0"
    assert card.cell(r, col["目标值"]).number_format == "#,##0"
    assert (
        card.cell(r, col["同比增幅"]).value is None
        or card.cell(r, col["同比增幅"]).number_format == "0.0%"
    )
    overview = workbook["总览"]
    assert (
        overview.cell(2, 10).number_format == "0.0%"
        and overview.cell(2, 5).number_format == "#,##0"
    )
    evidence = workbook["原文依据"]
    money = next(r for r in range(2, evidence.max_row + 1) if evidence.cell(r, 8).value == "万元")
    assert evidence.cell(money, 7).number_format == "#,##0.00"


@pytest.mark.parametrize(
    ("column", "unit", "value", "want"),
    [
        ("实际值", "家", 42, "#,##0"),
        ("实际值", "%", 0.985, "0.0#%"),  # a rate is a fraction, never rounded to 99 %
        ("2024", "%", 0.92, "0.0#%"),  # a year column of 历年趋势
        ("同比增减", "%", 2.0, '"▲"0.0#" 个百分点";"▼"0.0#" 个百分点";"0 个百分点"'),
        ("目标值", "万元", 150, "#,##0.00"),
        ("完成率", "家", 1.05, "0.0%"),
        ("综合完成率", "", 0.9, "0.0%"),
        ("年度", "", 2025, "0"),
        ("同比增减", "人", -40, '"▲"#,##0;"▼"#,##0;0'),
        ("同比增减", "万元", 3.5, '"▲"#,##0.00;"▼"#,##0.00;0'),
    ],
)
def test_number_format_table(column, unit, value, want):
    assert number_format(column, unit, value) == want


def test_look_of_every_table_sheet(workbook):
    for name in ("总览", "计分卡", "缺失数据", "原文依据", "历年趋势", "建议目标"):
        ws = workbook[name]
        header = ws[1]
        assert all(c.font.b and c.fill.fgColor.rgb.endswith("1F4E78") for c in header), name
        assert all(c.font.name == FONT for c in header), name
        assert ws.freeze_panes == "A2", name
        last = header[-1].column_letter
        assert ws.auto_filter.ref in (None, "") or ws.auto_filter.ref.startswith(f"A1:{last}")
        for c in header:
            # Wide enough for the header text and its filter button.
            width = ws.column_dimensions[c.column_letter].width
            assert width >= display_width(str(c.value)) + 2, (name, c.value, width)
        setup = ws.page_setup
        assert setup.orientation == "landscape", name
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), name
        assert ws.sheet_properties.pageSetUpPr.fitToPage, name
        assert ws.print_title_rows == "$1:$1", name


def _saved(wb, tmp_path):
    """The workbook as a reader sees it: build_workbook's sheets cannot be read back."""
    wb.save(tmp_path / "book.xlsx")
    return load_workbook(tmp_path / "book.xlsx", rich_text=True)


def test_wrapped_sentences_get_tall_rows(tmp_path):
    # LibreOffice does not grow rows on its own: the writer sets heights for wrapped text.
    long = "开展“建会入会百日攻坚”行动，对全区新设立企业逐一摸排、上门服务，" * 3
    evidence = pd.DataFrame({"单位": ["甲", "乙"], "原文": [long, "新建工会组织42家。"]})
    ws = _saved(build_workbook({"原文依据": evidence}, []), tmp_path)["原文依据"]
    assert ws.cell(2, 2).alignment.wrap_text
    assert ws.row_dimensions[2].height >= 45 and ws.row_dimensions[3].height is None


def test_trend_charts_one_per_core_indicator_beside_the_table():
    trend = pd.DataFrame(
        {
            "单位": ["甲", "乙", "甲", "甲"],
            "指标": ["新建工会组织", "新建工会组织", "新发展会员", "职工书屋"],
            "2023": [30.0, 20.0, None, 5.0],
            "2024": [35.0, None, 3000.0, 6.0],
            "2025": [42.0, 24.0, 3500.0, None],
        }
    )
    card = pd.DataFrame({"指标": ["新建工会组织", "新发展会员"], "目标值": [40, 3000]})
    wb = build_workbook({"计分卡": card, "历年趋势": trend}, [])
    charts = wb["历年趋势"]._charts
    # 职工书屋 has no target: not a core indicator here.
    assert len(charts) == 2
    assert [len(c.series) for c in charts] == [2, 1]
    # Anchored as "G3" before saving: to the right of the five table columns, below the header.
    cols = [column_index_from_string(coordinate_from_string(c.anchor)[0]) for c in charts]
    assert min(cols) > trend.shape[1]


def test_completion_data_bars_and_arrows(workbook):
    card = workbook["计分卡"]
    rules = {str(cf.sqref): [r.type for r in cf.rules] for cf in card.conditional_formatting}
    assert any(k.startswith("H2:") and "dataBar" in v for k, v in rules.items())
    arrows = next(v for k, v in rules.items() if k.startswith("J2:"))
    assert arrows.count("cellIs") == 2


def test_charts_beside_the_tables(workbook):
    overview = workbook["总览"]
    assert len(overview._charts) == 1
    anchor = overview._charts[0].anchor._from
    assert anchor.col >= overview.max_column  # beside the table, never over it
    assert workbook.sheetnames[-1] == CHART_DATA
    assert workbook[CHART_DATA].sheet_state == "hidden"


def test_sentence_starting_with_a_sign_stays_text(tmp_path):
    sentences = ["=1+1 新建工会组织2家", "+1 新建", "-1 新建", "@SUM(A1) 新建", '=HYPERLINK("x")']
    sheets = {
        "原文依据": pd.DataFrame(
            {"单位": "甲", "原文": sentences, "_mark_start": 0, "_mark_end": 2, "_id": range(5)}
        ),
        "缺失数据": pd.DataFrame({"单位": sentences, "类型": "占位符", "原文": sentences}),
    }
    wb = _saved(build_workbook(sheets, [["=cmd", "+x"]]), tmp_path)
    assert [c.value for c in wb["缺失数据"]["A"][1:]] == sentences
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)


def test_big_table_is_written_whole(tmp_path):
    """Many 原文依据 rows (the cached styles and XML cells of the fast path); the time it takes
    is measured by bench/bench_stages.py."""
    n = 3_000
    build_workbook({"原文依据": evidence_rows(n)}, []).save(tmp_path / "big.xlsx")
    ws = load_workbook(tmp_path / "big.xlsx", read_only=True)["原文依据"]
    assert ws.max_row == n + 1
    rows = list(ws.iter_rows(min_row=n + 1, values_only=True))
    assert rows[0][:3] == ("青川市东港区总工会", 2025, "全年")


def test_evidence_rows_lookup_keeps_last_row_of_an_id():
    """The linked 原文依据 rows are looked up as a dict built in row order would: an id that
    appears twice gets its last row; a missing or unknown id gets none (-1)."""
    import numpy as np

    from tasks.core.workbook.layout import EvidenceRows

    rows = EvidenceRows(np.array([7, 3, 7, 5]), np.array([2, 3, 4, 5]))
    keys = np.array([7, 3, 9, 5, 0])
    present = np.array([True, True, True, True, False])
    assert rows.find(keys, present).tolist() == [4, 3, -1, 5, -1]
    none = EvidenceRows(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
    assert none.find(keys, present).tolist() == [-1] * 5
