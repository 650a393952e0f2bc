"""Workbooks at any size: with small limits injected, the scorecard of the sample reports is
split by unit into volumes plus an index workbook, no sheet passes the row limit and long
texts are cut with a visible mark."""

from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tasks.core.workbook import ExcelLimits, notes_rows, split_by_unit, write_volumes
from tasks.core.workbook.notes import RunInfo
from tasks.core.workbook.sheetxml import CUT_MARK
from tests.pipeline import run_pipeline

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 1, 15, 8, 0, 0)


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("limits")
    return run_pipeline(ROOT / "reports", ROOT / "targets" / "targets.xlsx", tmp / "ledger.sqlite")


def _notes() -> list[list]:
    return notes_rows(RunInfo("2026-01-15T08:00:00", {"年度": "全部"}, []))


def _cells(path: Path, sheet: str) -> list[tuple]:
    return list(load_workbook(path)[sheet].iter_rows(min_row=2, values_only=True))


def test_a_scorecard_past_the_row_limit_is_split_by_unit_with_an_index(tables, tmp_path):
    sheets = tables.sheets
    per_unit = max(
        int(df["单位"].value_counts().max()) for df in sheets.values() if "单位" in df and len(df)
    )
    limits = ExcelLimits(max_rows=per_unit + 1, max_cell_chars=90)
    whole = write_volumes(sheets, _notes(), tmp_path / "whole", NOW)
    index = write_volumes(sheets, _notes(), tmp_path / "split", NOW, limits)

    volumes = sorted((tmp_path / "split").glob("计分卡_*_分册*.xlsx"))
    assert index.name == "计分卡_20260115-080000.xlsx" and len(volumes) >= 2
    for path in [index, *volumes]:
        for ws in load_workbook(path).worksheets:
            assert ws.max_row <= limits.max_rows, (path.name, ws.title)
            for row in ws.iter_rows(values_only=True):
                for v in row:
                    assert not isinstance(v, str) or len(v) <= limits.max_cell_chars, v

    # Each unit's rows are in exactly one volume; together they are the whole scorecard.
    units = [{r[0] for r in _cells(v, "计分卡")} for v in volumes]
    assert sum(len(u) for u in units) == len(set().union(*units))
    full = _cells(whole, "计分卡")
    assert sorted(r[:12] for v in volumes for r in _cells(v, "计分卡")) == sorted(
        r[:12] for r in full
    )
    # A long sentence is cut, and shows it.
    evidence = [r for v in volumes for r in _cells(v, "原文依据")]
    assert any(isinstance(v, str) and v.endswith(CUT_MARK) for r in evidence for v in r)

    # The index links every volume and its 说明 says the scorecard was split.
    wb = load_workbook(index)
    assert wb.sheetnames[0] == "目录"
    links = [c.hyperlink.target for c in wb["目录"]["B"][1:]]
    assert links == [v.name for v in volumes]
    notes = " ".join(str(c) for row in wb["说明"].iter_rows(values_only=True) for c in row if c)
    assert f"已按单位分为 {len(volumes)} 个工作簿" in notes
    first = " ".join(
        str(c) for row in load_workbook(volumes[0])["说明"].iter_rows(values_only=True) for c in row
    )
    assert "本工作簿是第 1 个" in first and "本分册的单位" in first


def test_a_unit_too_large_alone_is_cut_with_a_row_saying_so(tables):
    limits = ExcelLimits(max_rows=5)
    volumes = split_by_unit(tables.sheets, limits)
    assert len(volumes) == len({u for v in volumes for u in v.units})  # a volume per unit
    for v in volumes:
        for df in v.sheets.values():
            assert len(df) <= 4
        cut = v.sheets["原文依据"].iloc[-1, 0]
        assert "行超出 Excel 每张表 5 行的上限" in cut


def test_a_scorecard_within_the_limits_stays_one_workbook(tables, tmp_path):
    path = write_volumes(tables.sheets, _notes(), tmp_path, NOW)
    assert [p.name for p in tmp_path.iterdir()] == [path.name]
    assert load_workbook(path).sheetnames[0] == "总览"
