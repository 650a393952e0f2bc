"""The bar of issue 16: a hostile reports folder and targets file still give a workbook that
opens, with every problem listed and nothing outside the folder read."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.hostile import expanding_docx, many_page_pdf
from tests.reliability import ROOT, SAMPLES, pipeline_command, problems_listed, tree_digest

GOOD = SAMPLES[0].read_bytes().decode("utf-8")
GBK_NAME = "青川市东湖区总工会2024年工作总结.txt".encode("gbk")
SECRET = "青川市外单位总工会2024年工作总结\n全年新建工会组织777家。\n"


def _folder(base: Path) -> tuple[Path, Path, Path]:
    """Reports, targets and a folder outside them that must never be read."""
    outside = base / "outside"
    outside.mkdir()
    (outside / "外单位.txt").write_text(SECRET)
    (outside / "子目录").mkdir()
    (outside / "子目录" / "外单位二.txt").write_text(SECRET)
    os.mkfifo(outside / "管道.txt")  # opening it would hang the run: proof it is not opened
    reports = base / "reports"
    reports.mkdir()
    shutil.copy(SAMPLES[0], reports / SAMPLES[0].name)
    (reports / "带FFFF的报告.txt").write_text(
        GOOD.replace("。", "\uffff。", 3).replace("\n", "\ufffe\n", 2)
    )
    with open(os.path.join(os.fsencode(reports), GBK_NAME), "wb") as fh:  # a bytes name
        fh.write(SAMPLES[1].read_bytes())
    (reports / "膨胀.docx").write_bytes(expanding_docx(10 * 1024 * 1024))
    (reports / "十万页.pdf").write_bytes(many_page_pdf(100_000))
    (reports / "外部链接.txt").symlink_to(outside / "外单位.txt")
    (reports / "外部管道.txt").symlink_to(outside / "管道.txt")
    (reports / "外部文件夹").symlink_to(outside / "子目录", target_is_directory=True)
    (reports / "manifest.csv").write_text(
        "文件,单位,年度,期间\n带FFFF的报告.txt,青川市\x07东湖区\x1b总工会,2024,全年\n"
    )
    targets = base / "targets.xlsx"
    wb = load_workbook(ROOT / "targets" / "targets.xlsx")
    wb["目标"].append(["青川市东湖区总工会", 2024, "全年", "新建工会组织", 30])
    wb["目标"]["A1048576"] = "多余的单元格"
    wb.save(targets)
    return reports, targets, outside


EXPECTED = {
    "膨胀.docx": "解压后过大",
    "十万页.pdf": "页数过多",
    "外部链接.txt": "报告文件夹以外",
    "外部管道.txt": "报告文件夹以外",
    "外部文件夹": "报告文件夹以外",
    "manifest.csv 第2行": "控制字符",
    "目标!B1048576": "不是年份",
}


def _check(workbook: Path, reports: Path, outside: Path) -> None:
    for book in (workbook, workbook.parent / "计分卡_最新.xlsx"):
        load_workbook(book).close()  # not read-only: every part and chart is parsed
    listed = problems_listed(workbook)
    for where, why in EXPECTED.items():
        lines = [ln for ln in listed.splitlines() if where in ln]
        assert any(why in ln for ln in lines), (where, lines, listed[:3000])
    wb = load_workbook(workbook, read_only=True)
    docs = {r[3] for r in wb["原文依据"].iter_rows(min_row=2, values_only=True)}
    units = {r[0] for r in wb["总览"].iter_rows(min_row=2, values_only=True)}
    wb.close()
    assert "带FFFF的报告.txt" in docs and SAMPLES[0].name in docs
    gbk = [d for d in docs if d and "\\x" in d]
    assert len(gbk) == 1 and gbk[0].endswith(".txt")  # read, its name shown escaped
    assert "青川市东湖区总工会" in units  # the manifest's control characters dropped
    assert not any(d and "外单位" in d for d in docs)  # nothing outside the folder read
    assert "777" not in listed
    assert not list(workbook.parent.glob(".~scorecard-*"))


def _dead_run_temp(out: Path) -> Path:
    from tasks.core.workbook.files import _HOST, TEMP_PREFIX

    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)  # fmt: skip
    out.mkdir(parents=True, exist_ok=True)
    temp = out / f"{TEMP_PREFIX}{_HOST}-{int(done.stdout)}-killed.xlsx"
    temp.write_bytes(b"PK half a workbook")
    return temp


def test_hostile_folder_still_gives_a_workbook_that_opens(tmp_path):
    reports, targets, outside = _folder(tmp_path)
    before = tree_digest(reports, targets)
    out = tmp_path / "out"
    _dead_run_temp(out)
    # The timeout guards against a hang (an outside FIFO opened); it is not a performance bar.
    done = subprocess.run(pipeline_command(reports, targets, out), cwd=ROOT, capture_output=True, text=True, timeout=240)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    _check(Path(done.stdout.strip().splitlines()[-1]), reports, outside)
    assert tree_digest(reports, targets) == before  # inputs untouched


@pytest.mark.e2e
def test_hostile_folder_through_scorecard_run(tmp_path):
    reports, targets, outside = _folder(tmp_path)
    out = tmp_path / "out"
    _dead_run_temp(out)
    cmd = [sys.executable, "-m", "flows", "run", "--reports", str(reports), "--targets", str(targets), "--output", str(out)]  # fmt: skip
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    _check(Path(done.stdout.strip().splitlines()[-1]), reports, outside)


@pytest.mark.parametrize("make", ["fifo", "directory"])
def test_manifest_that_is_no_file_is_refused_by_type(tmp_path, make):
    from tasks.core.pipeline import read_manifest_file

    path = tmp_path / "manifest.csv"
    os.mkfifo(path) if make == "fifo" else path.mkdir()
    entries, problems = read_manifest_file(tmp_path)  # a FIFO opened would block for ever
    kind = "管道" if make == "fifo" else "文件夹"
    assert (
        entries == {} and problems[0].startswith("manifest.csv：这是一个") and kind in problems[0]
    )
