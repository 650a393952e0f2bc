"""A re-run trusts the ledger for files whose size, mtime, inode and ctime are unchanged, and
its workbook holds the same cells as a run from scratch that hashes every file (--full)."""

import os
import shutil
from datetime import datetime
from pathlib import Path

from openpyxl import load_workbook

import tasks.core.pipeline.known as known
import tasks.core.pipeline.versions_cache as versions_cache
from tasks.core.ledger import open_ledger
from tasks.core.ledger.seen import load_seen
from tasks.core.pipeline import RunRequest, build_run, discover, load_inputs
from tasks.core.pipeline.ingest import analysis_key
from tasks.core.pipeline.inputs_cache import CACHE_NAME
from tasks.core.pipeline.versions_cache import CACHE_NAME as VERSIONS_CACHE
from tasks.core.workbook.piecestore import STORE_NAME as PIECES
from tests.reliability import ROOT
from tests.test_workbook_cells import _looks

TARGETS = ROOT / "targets" / "targets.xlsx"
# Rows of 说明 that name this run's own time, folders and ledger.
RUN_ROWS = {"生成时间", "报告文件夹", "输出文件夹", "台账"}


def _reports(tmp_path: Path) -> Path:
    reports = tmp_path / "reports"
    for unit in ("临江区总工会", "云溪区总工会"):
        shutil.copytree(ROOT / "reports" / unit, reports / unit)
    return reports


def _cells(workbook: Path) -> dict[str, list[tuple]]:
    wb = load_workbook(workbook, read_only=True)
    try:
        sheets = {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}
    finally:
        wb.close()
    sheets["说明"] = [r for r in sheets["说明"] if not (r and r[0] in RUN_ROWS)]
    return sheets


def _run(reports: Path, output: Path, full: bool = False) -> Path:
    request = RunRequest(str(reports), str(TARGETS), str(output), full=full)
    return build_run(request, datetime.now()).workbook


def test_rerun_with_a_new_and_a_changed_report_equals_a_full_run(tmp_path):
    reports, out = _reports(tmp_path), tmp_path / "out"
    _run(reports, out)
    assert (out / CACHE_NAME).exists()  # the first run keeps the targets parse for the next
    # A new report, and one rewritten to the same size with its old mtime put back.
    shutil.copytree(ROOT / "reports" / "重工集团工会", reports / "重工集团工会")
    changed = next((reports / "云溪区总工会").glob("*2024年工作总结.txt"))
    before = changed.stat()
    text = changed.read_text("utf-8")
    changed.write_text(text.replace("1", "2", 3), "utf-8")
    os.utime(changed, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert changed.stat().st_size == before.st_size
    again = _run(reports, out)
    scratch = _run(reports, tmp_path / "scratch", full=True)
    assert _cells(again) == _cells(scratch)
    # From the kept figures and pieces: the same links and looks too (说明 aside: the
    # run's own time and folders; its other rows are compared above).
    assert {k: v for k, v in _looks(again).items() if k[0] != "说明"} == {
        k: v for k, v in _looks(scratch).items() if k[0] != "说明"
    }
    kept = [out / VERSIONS_CACHE, out / PIECES]
    assert all(p.exists() for p in kept)
    for p in kept:  # the caches deleted, or damaged: the same workbook
        p.write_bytes(b"damaged")
    assert _cells(_run(reports, out)) == _cells(scratch)
    for p in kept:
        p.unlink()
    assert _cells(_run(reports, out)) == _cells(scratch)


def test_a_rerun_through_the_kept_figures_of_new_reports_equals_a_full_run(tmp_path, monkeypatch):
    reports, out = _reports(tmp_path), tmp_path / "out"
    _run(reports, out)
    monkeypatch.setattr(versions_cache, "_DELTA_SHARE", 1)  # new reports go on top
    new = sorted((ROOT / "reports" / "重工集团工会").glob("*.txt"))
    (reports / "重工集团工会").mkdir()
    shutil.copy(new[0], reports / "重工集团工会")
    _run(reports, out)
    delta = out / versions_cache.DELTA_NAME
    assert delta.exists()
    shutil.copy(new[1], reports / "重工集团工会")
    again = _run(reports, out)  # the main file, the one on top, and one report read anew
    scratch = _run(reports, tmp_path / "scratch", full=True)
    assert _cells(again) == _cells(scratch)
    delta.write_bytes(b"damaged")
    assert _cells(_run(reports, out)) == _cells(scratch)


def test_a_first_run_hashes_no_file_before_reading_and_records_each_one_read(tmp_path, monkeypatch):
    reports, ledger = _reports(tmp_path), str(tmp_path / "ledger.sqlite")
    catalogue = load_inputs(str(TARGETS)).catalogue
    found, key = discover(str(reports)), analysis_key(catalogue)
    read: list[str] = []
    real = known.read_report_file
    monkeypatch.setattr(known, "read_report_file", lambda p: read.append(p) or real(p))
    conn = open_ledger(ledger, str(reports))
    try:  # an empty ledger knows no file: nothing to hash before the reading hashes it
        assert known.known_versions(conn, found.paths, found.overrides, key, found.folder) == [
            None
        ] * len(found.paths)
    finally:
        conn.close()
    assert read == []
    build_run(RunRequest(str(reports), str(TARGETS), str(tmp_path), ledger=ledger))
    conn = open_ledger(ledger, str(reports))
    try:  # the reading recorded each file's signature with the hash of the bytes it read
        seen = load_seen(conn)
        versions = {r[0]: r[1] for r in conn.execute("SELECT path, sha256 FROM reports")}
    finally:
        conn.close()
    assert seen and {name: sha for name, (_, sha) in seen.items()} == versions
    assert all(sig[0] > 0 for sig, _ in seen.values())  # the size is the file's


def test_unchanged_files_are_not_read_again_unless_full(tmp_path, monkeypatch):
    reports, ledger = _reports(tmp_path), str(tmp_path / "ledger.sqlite")
    build_run(RunRequest(str(reports), str(TARGETS), str(tmp_path), ledger=ledger))
    catalogue = load_inputs(str(TARGETS)).catalogue
    read: list[str] = []
    real = known.read_report_file
    monkeypatch.setattr(known, "read_report_file", lambda p: read.append(p) or real(p))
    found, key = discover(str(reports)), analysis_key(catalogue)

    def check(full: bool = False) -> list:
        conn = open_ledger(ledger, str(reports))
        try:
            return known.known_versions(conn, found.paths, found.overrides, key, found.folder, full)
        finally:
            conn.close()

    assert all(check()) and read == []
    touched = Path(found.paths[0])
    touched.write_bytes(touched.read_bytes())  # same bytes, new mtime: hashed, still known
    assert all(check()) and read == [found.paths[0]]
    read.clear()
    assert all(check(full=True)) and sorted(read) == sorted(found.paths)
