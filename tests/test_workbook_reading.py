"""The sample scorecard read as a manager reads it (issue 15): who is behind comes first,
rates are percentages, colours follow each indicator's direction, 说明 is legible."""

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from tasks.core.comparison import NothingSelected
from tasks.core.workbook import (
    build_workbook,
    notes_rows,
    overview_description,
    overview_records,
    summary_markdown,
)
from tasks.core.workbook.notes import RunInfo
from tasks.core.workbook.style import GREEN, RED
from tests.pipeline import run_pipeline

ROOT = Path(__file__).resolve().parents[1]
ACTION_ORDER = ["未完成", "进度滞后", "缺失", "待核实", "完成", "无目标"]
SHA = "0123456789abcdef" * 4


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("reading")
    tables = run_pipeline(ROOT / "reports", ROOT / "targets" / "targets.xlsx", tmp / "l.sqlite")
    info = RunInfo("2026-12-03T18:41:43", {"年度": "全部"}, [("reports/a.txt", SHA)])
    path = tmp / "计分卡.xlsx"
    build_workbook(tables.sheets, notes_rows(info)).save(path)
    return tables, load_workbook(path)


def _rows(ws) -> list[dict]:
    head = [c.value for c in ws[1]]
    return [dict(zip(head, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]


def test_scorecard_reads_from_what_needs_action(sample):
    rows = _rows(sample[1]["计分卡"])
    states = [r["状态"] for r in rows]
    assert states[0] != "无目标" and states[0] == "未完成"
    ranks = [ACTION_ORDER.index(s) for s in states]
    assert ranks == sorted(ranks), "未完成, 进度滞后, 缺失, 待核实, 完成, then 无目标"


def test_overview_has_a_light_per_period_and_no_empty_periods(sample):
    rows = _rows(sample[1]["总览"])
    assert rows and all(r["报告数"] or r["有目标指标"] for r in rows)
    assert {r["信号灯"] for r in rows} >= {"● 落后", "● 缺数", "○ 无目标"}
    latest = max(r["年度"] for r in rows)
    assert rows[0]["年度"] == latest and rows[0]["信号灯"] == "● 落后"
    ws = sample[1]["总览"]
    assert ws.cell(2, 4).fill.fgColor.rgb.endswith("FFC7CE")


def test_overview_chart_axis_starts_near_the_lowest_rate(sample):
    chart = sample[1]["总览"]._charts[0]
    rates = [r for r in sample[0].sheets["总览"]["综合完成率"].dropna()]
    low = chart.y_axis.scaling.min
    assert 0 < low <= min(rates) and min(rates) - low <= 0.1


def test_rates_are_fractions_shown_as_percent(sample):
    ws = sample[1]["计分卡"]
    head = [c.value for c in ws[1]]
    rates = [n for n, r in enumerate(_rows(ws), start=2) if r["计量单位"] == "%" and r["实际值"]]
    assert rates
    for n in rates:
        value = ws.cell(n, head.index("实际值") + 1)
        assert 0 < value.value <= 1 and value.number_format.endswith("%")
        assert ws.cell(n, head.index("同比增幅") + 1).value is None
    evidence = _rows(sample[1]["原文依据"])
    assert all(0 < r["数值"] <= 1 for r in evidence if r["计量单位"] == "%")


def test_change_colours_follow_the_direction(sample):
    ws = sample[1]["计分卡"]
    head = [c.value for c in ws[1]]
    col = chr(ord("A") + head.index("同比增减"))
    disputes = [n for n, r in enumerate(_rows(ws), start=2) if r["指标"] == "劳动争议案件"]
    fall = next(
        n
        for n in disputes
        if ws[f"{col}{n}"].value is not None and ws[f"{col}{n}"].value < 0  # 46 → 39
    )
    colours = {}
    for cf in ws.conditional_formatting:
        for cells in cf.sqref.ranges:
            if (
                cells.min_col == head.index("同比增减") + 1
                and cells.min_row <= fall <= cells.max_row
            ):
                for rule in cf.rules:
                    colours[rule.operator] = rule.dxf.font.color.rgb
    assert colours["lessThan"].endswith(GREEN) and colours["greaterThan"].endswith(RED)


def test_trend_has_units_and_catalogue_order(sample):
    trend = sample[0].sheets["历年趋势"]
    assert list(trend.columns[:3]) == ["单位", "指标", "计量单位"]
    assert list(trend["单位"]) == sorted(trend["单位"])
    first = trend[trend["单位"] == trend["单位"].iloc[0]]["指标"].tolist()
    assert first[:2] == ["新建工会组织", "新发展会员"]
    rate = trend[trend["计量单位"] == "%"]
    assert not rate.empty and (rate["2024"].dropna() <= 1).all()


def test_notes_time_is_readable_and_hashes_do_not_wrap(sample):
    ws = sample[1]["说明"]
    cells = {c.value: c for row in ws.iter_rows() for c in row if c.value}
    assert "2026-12-03 18:41:43" in cells
    assert not cells[SHA].alignment.wrap_text
    assert ws.column_dimensions[cells[SHA].column_letter].width >= 70


def test_artifacts_round_as_the_workbook():
    overview = pd.DataFrame(
        [{"单位": "甲", "年度": 2024, "期间": "全年", "未完成": 1, "缺失": 0, "综合完成率": 0.975}]
    )
    assert overview_records(overview)[0]["综合完成率"] == "97.5%"
    card = pd.DataFrame(columns=["状态", "完成率"])
    text = summary_markdown(
        {"总览": overview, "计分卡": card, "缺失数据": pd.DataFrame(columns=["类型"])}, "x", []
    )
    assert "97.5%" in text and "98%" not in text


def test_filters_that_select_nothing_stop_the_run(tmp_path):
    with pytest.raises(NothingSelected, match="没有选中") as err:
        run_pipeline(
            ROOT / "reports", ROOT / "targets" / "targets.xlsx", tmp_path / "l.sqlite", year=2031
        )
    assert "年度 2031" in str(err.value)


def test_overview_artifact_lists_the_first_rows_and_says_so():
    overview = pd.DataFrame(
        [{"单位": f"单位{i}", "年度": 2024, "期间": "全年", "综合完成率": 0.5} for i in range(5)]
    )
    rows = overview_records(overview, limit=3)
    assert [r["单位"] for r in rows] == ["单位0", "单位1", "单位2"]
    assert "共 5 行" in overview_description(overview, limit=3)
    assert "共" not in overview_description(overview, limit=5)
