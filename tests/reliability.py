"""Helpers of the reliability tests: checksums of input folders, workbook problem lists,
and the pipeline run in a child process (the way the kill and concurrency tests need it)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "reports").rglob("*.txt"))


def tree_digest(*roots: Path) -> dict[str, str]:
    """SHA-256 of every regular file under the roots (or of the root file itself)."""
    out = {}
    for root in roots:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if _regular(p))
        for p in files:
            out[str(p)] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def _regular(p: Path) -> bool:
    try:
        return p.is_file() and not p.is_symlink() and os.access(p, os.R_OK)
    except OSError:  # a symlink loop
        return False


def problems_listed(workbook: Path) -> str:
    """Everything the workbook says went wrong: 缺失数据 rows and 说明's 问题 section."""
    wb = load_workbook(workbook, read_only=True)
    lines = [
        " ".join(str(v) for v in row if v is not None)
        for row in wb["缺失数据"].iter_rows(min_row=2, values_only=True)
    ]
    notes = [r for r in wb["说明"].iter_rows(values_only=True)]
    start = next(i for i, r in enumerate(notes) if r and r[0] == "问题")
    lines += [" ".join(str(v) for v in r if v is not None) for r in notes[start + 1 :]]
    wb.close()
    return "\n".join(lines)


def pipeline_command(reports: Path, targets: Path, output: Path) -> list[str]:
    return [sys.executable, "-m", "bench.pipeline", str(reports), str(targets), str(output)]


def run_pipeline(reports: Path, targets: Path, output: Path, timeout: float = 300) -> Path:
    """The Prefect-free pipeline in a child process; returns the workbook it wrote."""
    done = subprocess.run(
        pipeline_command(reports, targets, output),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return Path(done.stdout.strip().splitlines()[-1])


def ledger_ok(path: Path) -> None:
    """The ledger is intact and every report row is whole (no version recorded twice)."""
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        dupes = conn.execute(
            "SELECT COUNT(*) FROM (SELECT 1 FROM reports GROUP BY path, sha256, analysis_key"
            " HAVING COUNT(*) > 1)"
        ).fetchone()[0]
        assert dupes == 0
        orphans = conn.execute(
            "SELECT COUNT(*) FROM figures WHERE report_id NOT IN (SELECT id FROM reports)"
        ).fetchone()[0]
        assert orphans == 0
    finally:
        conn.close()
