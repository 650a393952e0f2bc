"""The sample scorecard as a person sees it: LibreOffice prints every sheet without error.

Needs Debian's `libreoffice-calc-nogui` (or `libreoffice-calc`) and `poppler-utils`; skipped
with the reason when they are not installed.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tasks.core.workbook.layout import build_workbook
from tasks.core.workbook.notes import RunInfo, notes_rows
from tests.pipeline import run_pipeline

ROOT = Path(__file__).resolve().parents[1]
TABLES = ["总览", "计分卡", "缺失数据", "原文依据", "历年趋势", "建议目标"]

pytestmark = [
    pytest.mark.e2e,  # LibreOffice prints the workbook
    pytest.mark.skipif(
        shutil.which("soffice") is None,
        reason="soffice not on PATH: apt-get install libreoffice-calc-nogui fonts-noto-cjk",
    ),
    pytest.mark.skipif(
        shutil.which("pdftotext") is None,
        reason="pdftotext not on PATH: apt-get install poppler-utils",
    ),
]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("render")
    tables = run_pipeline(ROOT / "reports", ROOT / "targets" / "targets.xlsx", tmp / "l.sqlite")
    info = RunInfo("2026-11-21T08:00:00", {"年度": None}, [("reports/a.txt", "0" * 64)])
    book = tmp / "计分卡.xlsx"
    build_workbook(tables.sheets, notes_rows(info)).save(book)
    # A private profile: another soffice running on the machine must not hold ours.
    profile = f"-env:UserInstallation=file://{tmp / 'profile'}"
    cmd = ["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp), str(book)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    pdf = tmp / "计分卡.pdf"
    assert done.returncode == 0 and pdf.exists(), done.stderr
    pages = []
    n = int(re.search(r"Pages:\s+(\d+)", _run(["pdfinfo", str(pdf)])).group(1))
    for p in range(1, n + 1):
        pages.append(_run(["pdftotext", "-layout", "-f", str(p), "-l", str(p), str(pdf), "-"]))
    return load_workbook(book), pages


def _run(cmd: list[str]) -> str:
    return subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=120).stdout


def _pages_of(pages: list[str], sheet: str) -> list[str]:
    # The footer names the sheet on every page: "总览　第 1 页，共 N 页".
    return [p for p in pages if re.search(rf"{sheet}\s+第 \d+ 页", p)]


def test_every_sheet_is_printed_with_its_header(rendered):
    wb, pages = rendered
    for sheet in [*TABLES, "说明"]:
        own = _pages_of(pages, sheet)
        assert own, f"{sheet}: no page in the PDF"
        if sheet in TABLES:
            header = [c.value for c in wb[sheet][1] if c.value]
            for page in own:  # the header row repeats on every page
                squeezed = re.sub(r"\s+", "", page)
                assert all(str(h) in squeezed for h in header), (sheet, header)


def test_hidden_chart_data_is_not_printed(rendered):
    _, pages = rendered
    assert not _pages_of(pages, "图表数据")


def test_no_cell_is_too_narrow_for_its_number(rendered):
    _, pages = rendered
    assert not [p for p in pages if "###" in p]


def test_figures_and_sentences_are_readable(rendered):
    wb, pages = rendered
    text = re.sub(r"\s+", "", "".join(_pages_of(pages, "原文依据")))
    ws = wb["原文依据"]
    figures = [ws.cell(r, 6).value for r in range(2, ws.max_row + 1)]
    assert figures and all(str(f) in text for f in figures)
    overview = re.sub(r"\s+", "", "".join(_pages_of(pages, "总览")))
    assert "综合完成率" in overview and "%" in overview
