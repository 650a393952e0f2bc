"""The ledger in PostgreSQL: a real server started from the machine's binaries; the same
records as the embedded SQLite ledger, and a run gives the same workbook cells."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tasks.core.ledger import load_versions, open_ledger
from tasks.core.pipeline import ingest_folder, load_catalogue
from tests.pgserver import postgres_server

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[1]
# Differ by nature between two ledgers: when each report was read and the file's mtime.
WHEN = ["read_at", "mtime", "first_seen"]


@pytest.fixture(scope="module")
def pg_url():
    with postgres_server() as url:
        yield url


def _ingest(target) -> dict:
    catalogue = load_catalogue(str(ROOT / "targets" / "targets.xlsx"))
    run = ingest_folder(str(ROOT / "reports"), str(target), catalogue, [])
    again = ingest_folder(str(ROOT / "reports"), str(target), catalogue, [])
    assert {r.status for r in again.results} <= {"known", "failed"}  # a re-run finds them all
    conn = open_ledger(target)
    try:
        return load_versions(conn, run.report_ids)
    finally:
        conn.close()


def test_the_postgresql_ledger_holds_what_the_sqlite_one_holds(pg_url, tmp_path):
    embedded, shared = _ingest(tmp_path / "ledger.sqlite"), _ingest(pg_url)
    for name in ("reports", "figures", "hidden"):
        a, b = embedded[name], shared[name]
        a, b = (df.drop(columns=[c for c in WHEN if c in df]) for df in (a, b))
        assert list(a.columns) == list(b.columns), name
        assert (
            a.astype(object).where(a.notna(), None).values.tolist()
            == b.astype(object).where(b.notna(), None).values.tolist()
        ), name
    assert len(shared["figures"]) > 100


def _cells(path: str) -> dict[str, list]:
    wb = load_workbook(path)
    return {
        ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets if ws.title != "说明"
    }


def test_a_run_with_the_ledger_in_postgresql_gives_the_same_workbook(pg_url, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    paths = []
    for extra in ([], ["--ledger", pg_url.replace("/postgres", "/scorecard_run")]):
        if extra:  # a database of its own, so the first test's records do not count
            subprocess.run(
                [sys.executable, "-c", f"import psycopg; psycopg.connect({pg_url!r}, "
                 "autocommit=True).execute('CREATE DATABASE scorecard_run')"],
                check=True,
            )  # fmt: skip
        out = tmp_path / ("pg" if extra else "sqlite")
        done = subprocess.run(
            [sys.executable, "-m", "flows", "run", "--output", str(out), *extra],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        paths.append(done.stdout.strip().splitlines()[-1])
    assert not (tmp_path / "pg" / "ledger.sqlite").exists()
    assert _cells(paths[0]) == _cells(paths[1])


def test_figures_read_from_postgresql_a_unit_at_a_time_give_the_same_tables(pg_url):
    import pandas as pd

    from tasks.core.pipeline import comparing, load_inputs

    inputs = load_inputs(str(ROOT / "targets" / "targets.xlsx"), None)
    run = ingest_folder(str(ROOT / "reports"), pg_url, inputs.catalogue, [])
    one, tiny = (
        comparing.compare_batches(pg_url, run, inputs.targets, batch_figures=n) for n in (10**9, 1)
    )
    for name, want in one.sheets.items():
        got = tiny.sheets[name]
        got = got if isinstance(got, pd.DataFrame) else got.frame()
        pd.testing.assert_frame_equal(want, got, check_exact=True)
    assert (one.problems, one.versions) == (tiny.problems, tiny.versions)
