"""Scenario tables: tiny reports + targets → 计分卡 rows, through the real pipeline (no Prefect)."""

import math

import pytest

from tasks.core.common.catalogue import load_default_catalogue
from tasks.core.workbook.template import write_targets_template
from tests.case_tables import case_params
from tests.pipeline import run_pipeline


def _same(a, b) -> bool:
    if b is None:
        return a is None or (isinstance(a, float) and math.isnan(a))
    if isinstance(b, int | float):
        return a is not None and math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    return a == b


@pytest.mark.parametrize("case", case_params("scenarios.yaml"))
def test_scenario(case, tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    for name, text in case["reports"].items():
        (reports / name).write_text(text, encoding="utf-8")
    targets = tmp_path / "targets.xlsx"
    write_targets_template(
        targets, load_default_catalogue(), case.get("targets", []), case.get("history", [])
    )
    sheets = run_pipeline(reports, targets, tmp_path / "ledger.sqlite").sheets
    card = sheets["计分卡"].to_dict("records")
    for want in case["expect"]:
        rows = [
            r
            for r in card
            if all(_same(r[k], v) for k, v in want.items() if k in ("单位", "年度", "期间", "指标"))
        ]
        rows = [r for r in rows if want.get("期间") or r["期间"] == "全年" or "期间" not in want]
        assert rows, f"no 计分卡 row for {want}; rows: {card}"
        row = rows[0]
        for k, v in want.items():
            assert _same(row[k], v), f"{want['指标']} {k}: got {row[k]!r}, want {v!r}"
    lost = sheets["缺失数据"].to_dict("records")
    for want in case["missing"]:
        assert any(all(r[k] == v for k, v in want.items()) for r in lost), f"{want} not in {lost}"
    assert len(lost) == len(case["missing"]) or not case["missing"] and not lost, lost
