"""Broken targets workbooks: every problem is named with file, sheet and cell, good rows are
kept, and a run with a broken workbook still writes a scorecard that lists the problem."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from tasks.core.common.catalogue import load_default_catalogue
from tasks.core.pipeline import load_catalogue_file, read_targets_file
from tests.reliability import ROOT, SAMPLES, problems_listed, run_pipeline, tree_digest

SAMPLE = ROOT / "targets" / "targets.xlsx"
HEADER = ["单位", "年度", "期间", "指标", "目标值"]
GOOD_ROW = ["青川市临江区总工会", 2024, "全年", "新建工会组织", 40]


def _sample(edit) -> callable:
    """A copy of the sample workbook changed by `edit(wb)`."""

    def make(path: Path) -> None:
        wb = load_workbook(SAMPLE)
        edit(wb)
        wb.save(path)

    return make


def _targets_rows(*rows) -> callable:
    def edit(wb):
        ws = wb["目标"]
        for r in rows:
            ws.append(r)

    return _sample(edit)


def _no_sheet(wb):
    del wb["目标"]


def _wrong_headers(wb):
    wb["目标"]["E1"] = "目标"  # 目标值 renamed


def _merged(wb):
    ws = wb["目标"]
    ws.append(["青川市云溪区总工会", 2030, "全年", "新建工会组织", 10])
    ws.append([None, 2030, "全年", "新发展会员", 100])
    ws.merge_cells(start_row=ws.max_row - 1, start_column=1, end_row=ws.max_row, end_column=1)


def _empty_sheet(wb):
    del wb["目标"]
    wb.create_sheet("目标", 0)


def _raw(data: bytes) -> callable:
    def make(path: Path) -> None:
        path.write_bytes(data)

    return make


def _truncated(path: Path) -> None:
    path.write_bytes(SAMPLE.read_bytes()[:3000])


# The password-protected case: Excel saves an encrypted workbook as an OLE compound file.
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4000
CASES = [
    ("missing-sheet", _sample(_no_sheet), "缺少工作表「目标」"),
    ("wrong-headers", _sample(_wrong_headers), "目标!1: 缺少列 目标值"),
    ("text-in-number", _targets_rows(GOOD_ROW[:4] + ["三十"]), '目标值 "三十" 不是数字'),
    ("text-in-year", _targets_rows(["青川市临江区总工会", "明年", "全年", "新建工会组织", 1]), "不是年份"),
    ("duplicate-rows", _targets_rows(GOOD_ROW, GOOD_ROW), "重复"),
    ("merged-cells", _sample(_merged), "合并单元格"),
    ("formula-no-value", _targets_rows(GOOD_ROW[:3] + ["新发展会员", "=1+1"]), "公式但没有计算结果"),
    ("unknown-indicator", _targets_rows(GOOD_ROW[:3] + ["不存在的指标", 1]), "不在指标库中"),
    ("bad-period", _targets_rows(GOOD_ROW[:2] + ["第五季度", "新建工会组织", 1]), "期间"),
    ("empty-sheet", _sample(_empty_sheet), "目标!1: 缺少列"),
    ("password-protected", _raw(OLE), "无法打开"),
    ("not-a-workbook", _raw("单位,年度\n".encode()), "无法打开"),
    ("truncated-file", _truncated, "无法打开"),
    ("empty-file", _raw(b""), "无法打开"),
]  # fmt: skip


@pytest.mark.parametrize("make, fragment", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_targets_workbook_names_file_and_place(tmp_path, make, fragment):
    path = tmp_path / "目标.xlsx"
    make(path)
    before = path.read_bytes()
    catalogue, catalogue_problems = load_catalogue_file(str(path))
    data = read_targets_file(path, catalogue)
    problems = data.problems + catalogue_problems
    assert any(fragment in p and "目标.xlsx" in p for p in problems), problems
    assert path.read_bytes() == before


def test_good_rows_survive_the_bad_ones(tmp_path):
    path = tmp_path / "targets.xlsx"
    _targets_rows(GOOD_ROW[:4] + ["三十"], GOOD_ROW, GOOD_ROW)(path)
    data = read_targets_file(path, load_default_catalogue())
    assert len(data.targets) == len(read_targets_file(SAMPLE, load_default_catalogue()).targets)


def test_directory_named_like_the_targets_workbook(tmp_path):
    folder = tmp_path / "targets.xlsx"
    folder.mkdir()
    data = read_targets_file(folder, load_default_catalogue())
    assert data.targets.empty and "targets.xlsx：这是一个文件夹" in data.problems[0]


@pytest.mark.e2e
def test_a_run_with_a_protected_workbook_still_writes_the_scorecard(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(SAMPLES[0], reports)
    targets = tmp_path / "targets.xlsx"
    targets.write_bytes(OLE)
    before = tree_digest(reports, targets)
    listed = problems_listed(run_pipeline(reports, targets, tmp_path / "out"))
    assert "targets.xlsx：无法打开" in listed
    assert tree_digest(reports, targets) == before


def test_workbook_without_any_sheet_we_know(tmp_path):
    path = tmp_path / "targets.xlsx"
    wb = Workbook()
    wb.active.title = "Sheet1"
    wb.save(path)
    data = read_targets_file(path, load_default_catalogue())
    assert any("缺少工作表「目标」" in p for p in data.problems)


# Issue 16: a stray far cell, a damaged sheet, a targets "file" that is no file.


def test_a_lone_cell_at_a1048576_is_one_cell_not_a_million_rows(tmp_path):
    path = tmp_path / "targets.xlsx"
    _sample(lambda wb: wb["目标"].cell(1048576, 1, "多余"))(path)
    catalogue = load_default_catalogue()
    data = read_targets_file(path, catalogue)
    assert len(data.targets) == len(read_targets_file(SAMPLE, catalogue).targets)
    assert any("目标!B1048576" in p for p in data.problems)  # the stray row named, not read


def _truncate_sheet(src: Path, dest: Path, title: str) -> None:
    """A copy of `src` whose sheet `title` has its XML cut in half (an interrupted copy)."""
    import zipfile

    part = f"xl/worksheets/sheet{load_workbook(src).sheetnames.index(title) + 1}.xml"
    with zipfile.ZipFile(src) as z, zipfile.ZipFile(dest, "w") as out:
        for info in z.infolist():
            data = z.read(info.filename)
            out.writestr(info, data[: len(data) // 2] if info.filename == part else data)


@pytest.mark.parametrize("title", ["目标", "指标库"])
def test_a_damaged_sheet_is_named_and_the_others_are_read(tmp_path, title):
    path = tmp_path / "targets.xlsx"
    _truncate_sheet(SAMPLE, path, title)
    catalogue, catalogue_problems = load_catalogue_file(str(path))
    data = read_targets_file(path, catalogue)
    problems = catalogue_problems + data.problems
    named = [p for p in problems if f"targets.xlsx 工作表「{title}」" in p]
    assert len(named) == 1 and "已损坏" in named[0], problems  # once, with file and sheet
    if title == "目标":
        assert data.targets.empty and not data.history.empty  # 历史数据 still read
    else:
        assert not data.targets.empty


def test_targets_that_are_a_fifo_are_refused_without_opening(tmp_path):
    from tasks.core.pipeline import load_inputs

    path = tmp_path / "targets.xlsx"
    os.mkfifo(path)
    data = read_targets_file(path, load_default_catalogue())  # would block for ever if opened
    assert data.targets.empty and "targets.xlsx：这是一个特殊文件（管道）" in data.problems[0]
    assert load_catalogue_file(str(path))[0] == load_default_catalogue()
    assert load_inputs(str(path)).sha256 == ""  # nothing hashed for 说明 either


def test_an_unreadable_targets_file_is_named_and_the_run_goes_on(tmp_path, monkeypatch):
    from tasks.core.pipeline import load_inputs

    path = tmp_path / "targets.xlsx"
    shutil.copy(SAMPLE, path)
    real = os.open

    def refuse(name, flags, *args, **kwargs):  # every input is opened by os.open (read_regular)
        if os.path.realpath(name) == os.path.realpath(path):
            raise PermissionError(13, "Permission denied", str(name))
        return real(name, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    inputs = load_inputs(str(path))
    assert inputs.sha256 == "" and inputs.targets.targets.empty
    assert "没有读取权限" in inputs.targets.problems[0]
    assert "没有读取权限" in inputs.catalogue_problems[0]
