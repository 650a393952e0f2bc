"""Reading the targets workbook: every bad row named by file, sheet and cell, the rest kept."""

from pathlib import Path

import pytest
from openpyxl import load_workbook

from tasks.core.common.catalogue import load_default_catalogue
from tasks.core.pipeline import read_targets_file
from tasks.core.workbook.template import write_targets_template
from tests.case_tables import case_params

CATALOGUE = load_default_catalogue()


def _workbook(tmp_path: Path, rows: list) -> Path:
    path = tmp_path / "targets.xlsx"
    write_targets_template(path, CATALOGUE, rows)
    return path


@pytest.mark.parametrize("case", case_params("targets.yaml"))
def test_target_rows(case, tmp_path):
    data = read_targets_file(_workbook(tmp_path, case["rows"]), CATALOGUE)
    assert len(data.problems) == len(case["problems"]), data.problems
    for expected, got in zip(case["problems"], data.problems, strict=True):
        assert got.startswith("targets.xlsx ") and expected in got
    assert data.targets.values.tolist() == case["kept"]


def test_missing_workbook_is_a_problem_not_a_crash(tmp_path):
    data = read_targets_file(tmp_path / "nope.xlsx", CATALOGUE)
    assert data.targets.empty and "找不到目标工作簿" in data.problems[0]


def test_not_an_xlsx(tmp_path):
    path = tmp_path / "targets.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0 encrypted or old excel")
    data = read_targets_file(path, CATALOGUE)
    assert data.targets.empty and "无法打开" in data.problems[0]


def test_missing_sheet_and_missing_column(tmp_path):
    path = _workbook(tmp_path, [])
    wb = load_workbook(path)
    del wb["目标"]
    wb["历史数据"].delete_cols(5)  # 实际值
    wb.save(path)
    problems = read_targets_file(path, CATALOGUE).problems
    assert any("缺少工作表「目标」" in p for p in problems)
    assert any("历史数据!1: 缺少列 实际值" in p for p in problems)


def test_merged_cells_and_formula_without_value(tmp_path):
    path = _workbook(
        tmp_path,
        [
            ["临江区总工会", 2025, "全年", "新建工会组织", 40],
            ["临江区总工会", 2025, "全年", "新发展会员", 3000],
            ["云溪区总工会", 2025, "全年", "新建工会组织", "=20*2"],
            ["云溪区总工会", 2025, "全年", "新发展会员", 1000],
        ],
    )
    wb = load_workbook(path)
    wb["目标"].merge_cells("A2:A3")
    wb.save(path)  # openpyxl keeps no cached value for the formula
    data = read_targets_file(path, CATALOGUE)
    assert any("目标!A2:A3: 合并单元格" in p for p in data.problems)
    assert any("目标!E4: 目标值 是公式但没有计算结果" in p for p in data.problems)
    assert data.targets.values.tolist() == [["云溪区总工会", 2025, "全年", "new_members", 1000.0]]


def test_history_rows_with_source(tmp_path):
    path = tmp_path / "targets.xlsx"
    write_targets_template(
        path, CATALOGUE, [], [["临江区总工会", 2022, "全年", "新发展会员", 2400, "统计年报"]]
    )
    data = read_targets_file(path, CATALOGUE)
    assert data.history.values.tolist() == [
        ["临江区总工会", 2022, "全年", "new_members", 2400.0, "统计年报"]
    ]


def test_template_has_catalogue_and_drop_down_lists(tmp_path):
    path = _workbook(tmp_path, [])
    wb = load_workbook(path)
    assert wb.sheetnames[:3] == ["目标", "指标库", "历史数据"]
    names = [r[1] for r in wb["指标库"].iter_rows(min_row=2, values_only=True)]
    assert names == [i.name for i in CATALOGUE.indicators]
    lists = {str(dv.sqref): dv.formula1 for dv in wb["目标"].data_validations.dataValidation}
    assert any("全年" in f for f in lists.values())
    assert any("指标库" in f for f in lists.values())


def test_pace_sheet_is_read_and_validated(tmp_path):
    path = _workbook(tmp_path, [])
    wb = load_workbook(path)
    ws = wb["进度"]
    assert [c.value for c in ws[1]] == ["期间", "应完成比例"]
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
    rows["上半年"][1].value = 0.45
    rows["前三季度"][1].value = "80"  # a clerk typing a percentage
    ws.append(["季度末", 0.3])
    wb.save(path)
    data = read_targets_file(path, CATALOGUE)
    assert data.pace["上半年"] == 0.45 and data.pace["前三季度"] == 0.8
    assert any("进度!A" in p and "季度末" in p for p in data.problems)


def test_a_run_reads_the_targets_workbook_once(tmp_path, monkeypatch):
    """Catalogue, targets and the checksum in 说明 all come from one read of the file."""
    import builtins
    import io
    import os
    import shutil

    from tasks.core.pipeline import RunRequest, build_run

    root = Path(__file__).resolve().parents[1]
    targets, reports = tmp_path / "targets.xlsx", tmp_path / "reports"
    shutil.copy(root / "targets" / "targets.xlsx", targets)
    reports.mkdir()
    shutil.copy(next((root / "reports").rglob("*.txt")), reports)
    opened, real_open = [], io.open

    def counting_open(file, *args, **kwargs):
        opened.append(os.path.realpath(file) if isinstance(file, str | Path) else str(file))
        return real_open(file, *args, **kwargs)

    def counting_os_open(file, *args, **kwargs):  # how inputs are read (read_regular)
        opened.append(os.path.realpath(file))
        return real_os_open(file, *args, **kwargs)

    real_os_open = os.open
    monkeypatch.setattr(io, "open", counting_open)
    monkeypatch.setattr(builtins, "open", counting_open)
    monkeypatch.setattr(os, "open", counting_os_open)
    build_run(RunRequest(str(reports), str(targets), str(tmp_path / "out")))
    assert opened.count(os.path.realpath(targets)) == 1
