"""Bad inputs in the reports folder: each is named with a clear Chinese reason in the workbook,
the other reports are read as usual, and no input file is changed by the run."""

from __future__ import annotations

import io
import os
import random
import shutil
import stat
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.reliability import ROOT, SAMPLES, problems_listed, run_pipeline, tree_digest

GOOD = SAMPLES[0].read_bytes()
GOOD_TEXT = GOOD.decode("utf-8")
NO_FIGURES = "青川市某区总工会工作情况说明\n\n我会认真贯彻上级工会部署，扎实做好各项工作。\n"


def _docx_without_text() -> bytes:
    from docx import Document

    buf = io.BytesIO()
    Document().save(buf)
    return buf.getvalue()


def _zip_without_document() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "not a word file")
    return buf.getvalue()


def _pdf_without_text() -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.rect(100, 100, 200, 200, fill=1)  # a "scan": a picture, no text layer
    c.save()
    return buf.getvalue()


# (file name, bytes, what the message must say). Each file sits in the same folder as two good
# reports; the message must name the file.
BAD_REPORTS = [
    ("空文件.txt", b"", "文件是空的"),
    ("只有空白.txt", b" \r\n\t\n", "文件是空的"),
    ("二进制.txt", random.Random(1).randbytes(5000), "不是文本文件"),
    ("混合编码.txt", GOOD[:1500] + "新建工会组织12家".encode("gbk") * 30, "从第"),
    ("伪装的Word.docx", b"PK\x03\x04" + bytes(range(256)) * 8, "不是有效的 .docx"),
    ("压缩包改名.docx", _zip_without_document(), "不是有效的 .docx"),
    ("空白Word.docx", _docx_without_text(), "Word 文件中没有文字"),
    (
        "损坏.pdf",
        b"%PDF-1.7\n" + random.Random(2).randbytes(3000),
        "PDF",
    ),
    ("扫描件.pdf", _pdf_without_text(), "没有文字层"),
    ("旧版.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "另存为 .docx"),
    ("文档.wps", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "WPS"),
    ("没有数字.txt", NO_FIGURES.encode("utf-8"), "没有找到任何数字"),
]
# Report text that Excel would take for a formula, in a report that is otherwise fine.
FORMULA_DOC = "青川市临江区总工会2024年公式报告.txt"
FORMULA_TEXT = (
    '青川市临江区总工会2024年工作总结\n\n=HYPERLINK("http://x","点")全年新建工会组织35家。\n'
)
# Files that are not plain files: made by a function of the folder.
SPECIAL = {
    "管道.txt": "特殊文件",  # a FIFO: reading it would block the run forever
    "失效链接.txt": "文件不存在",  # a symlink to nothing
    "循环链接甲.txt": "循环",  # two symlinks pointing at each other
    "超大报告.txt": "文件过大",  # 50 MB, made at test time
}


def _make_special(folder: Path) -> None:
    os.mkfifo(folder / "管道.txt")
    (folder / "失效链接.txt").symlink_to(folder / "不存在.txt")
    (folder / "循环链接甲.txt").symlink_to(folder / "循环链接乙.txt")
    (folder / "循环链接乙.txt").symlink_to(folder / "循环链接甲.txt")
    with open(folder / "超大报告.txt", "wb") as fh:
        block = GOOD * (1024 * 1024 // len(GOOD) + 1)
        for _ in range(50):
            fh.write(block[: 1024 * 1024])
    # A folder named like a report is walked like any folder; the report inside is read.
    inner = folder / "像报告的文件夹.txt"
    inner.mkdir()
    shutil.copy(SAMPLES[1], inner / SAMPLES[1].name)
    # A directory symlink loop: walking it must end.
    (folder / "回到上级").symlink_to(folder, target_is_directory=True)


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("bad")
    reports = base / "reports"
    reports.mkdir()
    shutil.copy(SAMPLES[0], reports / SAMPLES[0].name)
    cut = GOOD.rstrip()[:-1]  # the last character's bytes cut short
    assert cut.decode("utf-8", errors="ignore") != cut.decode("utf-8", errors="replace")
    (reports / "截断的报告.txt").write_bytes(cut)
    for name, data, _ in BAD_REPORTS:
        (reports / name).write_bytes(data)
    (reports / FORMULA_DOC).write_text(FORMULA_TEXT, encoding="utf-8")
    _make_special(reports)
    targets = base / "targets.xlsx"
    shutil.copy(ROOT / "targets" / "targets.xlsx", targets)
    return reports, targets


@pytest.fixture(scope="module")
def bad_run(bad_folder, tmp_path_factory):
    reports, targets = bad_folder
    before = tree_digest(reports, targets)
    workbook = run_pipeline(reports, targets, tmp_path_factory.mktemp("out"))
    assert tree_digest(reports, targets) == before  # inputs byte-identical after the run
    return workbook, problems_listed(workbook)


@pytest.mark.e2e  # the run in a subprocess (bad_run)
@pytest.mark.parametrize(
    "name, fragment",
    [(n, f) for n, _, f in BAD_REPORTS] + list(SPECIAL.items()),
    ids=[n for n, _, _ in BAD_REPORTS] + list(SPECIAL),
)
def test_bad_report_is_listed_by_name_with_its_reason(bad_run, name, fragment):
    _, listed = bad_run
    lines = [line for line in listed.splitlines() if name in line]
    assert lines, f"{name} not listed in 缺失数据 or 说明:\n{listed[:3000]}"
    assert any(fragment in line for line in lines), lines


@pytest.mark.e2e
def test_good_reports_are_read_beside_the_bad_ones(bad_run):
    from openpyxl import load_workbook

    workbook, listed = bad_run
    wb = load_workbook(workbook, read_only=True)
    docs = {r[3] for r in wb["原文依据"].iter_rows(min_row=2, values_only=True)}
    assert SAMPLES[0].name in docs
    assert SAMPLES[1].name in docs  # inside the folder named like a report
    assert "截断的报告.txt" in docs  # cut short by one character: read, and the cut listed
    assert any("截断的报告.txt" in line and "末尾不完整" in line for line in listed.splitlines())
    assert "像报告的文件夹" not in listed


def test_fifo_does_not_block_and_nothing_is_read_twice(bad_folder):
    from tasks.core.pipeline.ingest import discover_reports

    found = discover_reports(bad_folder[0])
    assert len(found) == len(set(found))  # the directory loop is walked once
    assert not any("回到上级" in p for p in found)


@pytest.mark.e2e
def test_unreadable_file_is_named_without_read_permission(tmp_path):
    """Root reads any file: drop the capabilities that let it, to make chmod 000 bite."""
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("setpriv not available to drop root's read-anything capability")
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(SAMPLES[0], reports / SAMPLES[0].name)
    locked = reports / "没有权限.txt"
    locked.write_bytes(GOOD)
    locked.chmod(0)
    out = tmp_path / "out"
    caps = "-dac_override,-dac_read_search"
    cmd = [setpriv, f"--bounding-set={caps}", f"--inh-caps={caps}", "cat", str(locked)]
    if subprocess.run(cmd, capture_output=True).returncode == 0:
        pytest.skip("cannot make a file unreadable here")
    from tests.reliability import pipeline_command

    done = subprocess.run(
        [setpriv, f"--bounding-set={caps}", f"--inh-caps={caps}"]
        + pipeline_command(reports, ROOT / "targets" / "targets.xlsx", out),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    locked.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert done.returncode == 0, done.stderr[-2000:]
    listed = problems_listed(Path(done.stdout.strip().splitlines()[-1]))
    assert "没有权限.txt：无法读取，没有读取权限" in listed


@pytest.mark.e2e
def test_report_text_like_a_formula_stays_text_in_the_real_run(bad_run):
    from openpyxl import load_workbook

    wb = load_workbook(bad_run[0])
    cells = [row[9] for row in wb["原文依据"].iter_rows(min_row=2) if row[3].value == FORMULA_DOC]
    assert cells, "the figure of the formula-like report is listed"
    for cell in cells:
        assert cell.data_type != "f"
        assert "=HYPERLINK" in str(cell.value)
