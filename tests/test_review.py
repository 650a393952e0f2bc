"""待核实 and 更正 (issue 19): a naming the product is not sure of is shown for checking, not
counted; a correction written once in the targets workbook decides every later run."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from tasks.core.pipeline import load_catalogue, read_targets_file
from tasks.core.workbook.template import write_targets_template
from tests.pipeline import run_pipeline

REPORT = "临江区总工会2025年工作总结.txt"
TEXT = (
    "临江区总工会2025年工作总结\n"
    "一、服务职工\n"
    "今年全区职工疗休养活动分6批开展，惠及职工336人。全年新建工会组织12家。\n"
)
TARGETS = [
    ["临江区总工会", 2025, "全年", "职工疗休养", 500],
    ["临江区总工会", 2025, "全年", "新建工会组织", 10],
]


def _run(tmp_path: Path, corrections=()) -> dict:
    reports = tmp_path / "reports"
    reports.mkdir(exist_ok=True)
    (reports / REPORT).write_text(TEXT, encoding="utf-8")
    targets = tmp_path / "targets.xlsx"
    write_targets_template(targets, load_catalogue(None), TARGETS, corrections=corrections)
    tables = run_pipeline(reports, targets, tmp_path / "ledger.sqlite")
    card = tables.sheets["计分卡"].set_index("指标")
    return {"card": card, "missing": tables.sheets["缺失数据"], "notes": tables.problems}


def test_a_low_confidence_naming_shows_as_to_check_with_its_sentence(tmp_path) -> None:
    out = _run(tmp_path)
    row = out["card"].loc["职工疗休养"]
    assert row["状态"] == "待核实"
    assert row["实际值"] == 336
    assert row["完成率"] is None or row["完成率"] != row["完成率"]  # not computed
    assert "待核实" in row["依据"] and row["_evidence_row"] > 1
    # listed in 缺失数据 as 待核实 with its sentence (linked), never as 未提及
    lost = out["missing"][out["missing"]["指标"] == "职工疗休养"]
    assert lost["类型"].tolist() == ["待核实"]
    assert (
        "336人 指标名称不确定" in lost["原文"].iloc[0] and "惠及职工336人" in lost["原文"].iloc[0]
    )
    assert lost["_evidence_row"].iloc[0] == row["_evidence_row"]
    assert out["card"].loc["新建工会组织", "状态"] == "完成"


def test_a_total_over_several_years_is_listed_to_check_with_why(tmp_path) -> None:
    # counts.py: a paragraph reviewing several years with 每年…累计 makes its checks a total
    # over the years: not counted, shown as 待核实 with what weighed it down
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / REPORT).write_text(
        "临江区总工会2025年工作总结\n"
        "近年来，区总工会持续关心职工健康。每年组织职工免费体检，累计体检职工2600余人次。\n",
        encoding="utf-8",
    )
    targets = tmp_path / "targets.xlsx"
    rows = [["临江区总工会", 2025, "全年", "职工体检", 1000]]
    write_targets_template(targets, load_catalogue(None), rows)
    tables = run_pipeline(reports, targets, tmp_path / "ledger.sqlite")
    card = tables.sheets["计分卡"].set_index("指标")
    assert card.loc["职工体检", "状态"] == "待核实"
    lost = tables.sheets["缺失数据"]
    said = lost[lost["指标"] == "职工体检"]["原文"].tolist()
    assert len(said) == 1 and said[0].startswith("2600余人次 可能是多年合计（近年来，每年，累计）")


def test_a_correction_changes_the_next_runs_scorecard(tmp_path) -> None:
    fix = [[REPORT, "惠及职工336人", "", "职工疗休养", ""]]
    out = _run(tmp_path, corrections=fix)
    row = out["card"].loc["职工疗休养"]
    assert row["状态"] == "未完成"
    assert row["完成率"] == pytest.approx(336 / 500)
    assert any("已应用更正" in n and "336人" in n for n in out["notes"])


def test_not_counted_takes_a_figure_out(tmp_path) -> None:
    out = _run(tmp_path, corrections=[[REPORT, "新建工会组织12家", "", "不计", ""]])
    assert out["card"].loc["新建工会组织", "状态"] == "缺失"


def test_bad_correction_rows_are_named_by_sheet_and_cell(tmp_path) -> None:
    path = tmp_path / "t.xlsx"
    rows = [["", "惠及职工336人", "", "职工疗休养"], [REPORT, "", "", "职工疗休养"]]
    rows += [[REPORT, "惠及职工336人", "", "不存在的指标"]]
    write_targets_template(path, load_catalogue(None), corrections=rows)
    data = read_targets_file(path, load_catalogue(None))
    assert data.corrections.empty
    assert any("更正!A2: 报告 为空" in p for p in data.problems)
    assert any("更正!A3: 原文 和 位置 都为空" in p for p in data.problems)
    assert any("更正!D4" in p and "不在指标库中" in p for p in data.problems)


def test_the_template_explains_the_corrections_sheet(tmp_path) -> None:
    path = tmp_path / "t.xlsx"
    write_targets_template(path, load_catalogue(None))
    wb = load_workbook(path)
    assert [c.value for c in wb["更正"][1]] == ["报告", "原文", "位置", "指标", "备注"]
    notes = " ".join(str(r[0].value) for r in wb["填写说明"].iter_rows())
    assert "更正：" in notes and "待核实" in notes


def test_a_figure_read_unsurely_by_ocr_is_listed_to_check_with_the_reason() -> None:
    import pandas as pd

    from tasks.core.comparison.missing import awaiting_review_rows

    card = pd.DataFrame(
        [
            ["临江区总工会", 2025, "全年", "职工疗休养", "待核实", 7],
            ["临江区总工会", 2025, "全年", "新建工会组织", "完成", 8],
        ],
        columns=["单位", "年度", "期间", "指标", "状态", "evidence_row"],
    )
    figs = pd.DataFrame(
        [
            [7, REPORT, "336人", "惠及职工336人。", "OCR 识别置信度 0.62 低于 0.90"],
            [8, REPORT, "12家", "新建工会组织12家。", None],
        ],
        columns=["evidence_row", "doc", "text", "sentence", "review_reason"],
    )
    rows = awaiting_review_rows(card, figs)
    assert [(r["指标"], r["类型"], r["_evidence_row"]) for r in rows] == [
        ("职工疗休养", "待核实", 7)
    ]
    assert rows[0]["原文"] == "336人 OCR 识别置信度 0.62 低于 0.90：惠及职工336人。"
