"""The sample scorecard as a person sees it: LibreOffice prints every sheet without error,
and every printed page, rendered to PNG, shows something.

Needs Debian's `libreoffice-calc-nogui` (or `libreoffice-calc`), `fonts-noto-cjk` and
`poppler-utils` (.ci/run installs them). Without them the tests skip with the reason on a
developer's machine, and fail where the environment variable CI is set: there the claim that
every sheet opens clean must really be checked.
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import Image, ImageStat

from tasks.core.workbook.layout import build_workbook
from tasks.core.workbook.notes import RunInfo, notes_rows
from tasks.core.workbook.piecestore import PieceStore
from tests.pipeline import run_pipeline

ROOT = Path(__file__).resolve().parents[1]
TABLES = ["总览", "计分卡", "缺失数据", "原文依据", "历年趋势", "建议目标"]

pytestmark = pytest.mark.e2e  # LibreOffice prints the workbook

TOOLS = {
    "soffice": "libreoffice-calc-nogui fonts-noto-cjk",
    "pdfinfo": "poppler-utils",
    "pdftotext": "poppler-utils",
    "pdftoppm": "poppler-utils",
}


def _require_tools() -> None:
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if not missing:
        return
    packages = " ".join(dict.fromkeys(TOOLS[t] for t in missing))
    reason = f"{', '.join(missing)} not on PATH: apt-get install --no-install-recommends {packages}"
    if os.environ.get("CI"):
        pytest.fail(f"CI is set, so the render tests must run: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    _require_tools()
    tmp = tmp_path_factory.mktemp("render")
    tables = run_pipeline(ROOT / "reports", ROOT / "targets" / "targets.xlsx", tmp / "l.sqlite")
    info = RunInfo("2026-11-21T08:00:00", {"年度": None}, [("reports/a.txt", "0" * 64)])
    book = tmp / "计分卡.xlsx"
    store = PieceStore(tmp / "pieces.sqlite")  # as a run writes it: 原文依据 in pieces
    build_workbook(tables.sheets, notes_rows(info), store=store).save(book)
    store.close(prune=True)
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
    # One PNG per page (pdftoppm names them page-01.png …), as a reader would see them.
    _run(["pdftoppm", "-png", "-r", "40", str(pdf), str(tmp / "page")])
    images = sorted(tmp.glob("page-*.png"))
    assert len(images) == n
    return load_workbook(book), pages, images


def _run(cmd: list[str]) -> str:
    return subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=120).stdout


def _pages_of(pages: list[str], sheet: str) -> list[str]:
    # The footer names the sheet on every page: "总览　第 1 页，共 N 页".
    return [p for p in pages if re.search(rf"{sheet}\s+第 \d+ 页", p)]


def test_every_sheet_is_printed_with_its_header(rendered):
    wb, pages, _ = rendered
    for sheet in [*TABLES, "说明"]:
        own = _pages_of(pages, sheet)
        assert own, f"{sheet}: no page in the PDF"
        if sheet in TABLES:
            header = [c.value for c in wb[sheet][1] if c.value]
            for page in own:  # the header row repeats on every page
                squeezed = re.sub(r"\s+", "", page)
                assert all(str(h) in squeezed for h in header), (sheet, header)


def test_hidden_chart_data_is_not_printed(rendered):
    _, pages, _ = rendered
    assert not _pages_of(pages, "图表数据")


def test_no_cell_is_too_narrow_for_its_number(rendered):
    _, pages, _ = rendered
    assert not [p for p in pages if "###" in p]


def test_figures_and_sentences_are_readable(rendered):
    wb, pages, _ = rendered
    text = re.sub(r"\s+", "", "".join(_pages_of(pages, "原文依据")))
    ws = wb["原文依据"]
    figures = [ws.cell(r, 6).value for r in range(2, ws.max_row + 1)]
    assert figures and all(str(f) in text for f in figures)
    overview = re.sub(r"\s+", "", "".join(_pages_of(pages, "总览")))
    assert "综合完成率" in overview and "%" in overview


def test_every_page_image_shows_something(rendered):
    """Not blank: enough dark pixels for a table (text, borders, fills), not a white page."""
    _, pages, images = rendered
    sheets = {re.search(r"(\S+)\s+第 \d+ 页", p).group(1) for p in pages if "页" in p}
    assert sheets >= {*TABLES, "说明"}
    for image in images:
        grey = Image.open(image).convert("L")
        inked = sum(grey.histogram()[:200])  # pixels clearly darker than the white page
        assert inked > 0.002 * grey.width * grey.height, f"{image.name} is blank"
        assert ImageStat.Stat(grey).stddev[0] > 5, f"{image.name} is one flat colour"
