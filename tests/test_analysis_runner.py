"""The analysis on Prefect's process pool, its workers forked from the worker server: a real
(temporary) Prefect server, a flow run of enough reports to use the pool."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from prefect import task
from prefect.cache_policies import NO_CACHE

from tasks.analysis_runner import (
    ForkedProcessPoolTaskRunner,
    expect_worker_processes,
    forkserver_available,
    start_worker_server,
    stop_worker_server,
)
from tasks.core.common import SETTINGS
from tests.reliability import ROOT

pytestmark = pytest.mark.e2e  # a real (temporary) Prefect server and whole runs


@pytest.fixture(scope="module")
def prefect_harness():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@task(cache_policy=NO_CACHE)
def where_am_i() -> tuple[int, int, bool]:
    """This worker's process, its parent, and whether the analysis and Prefect's collections
    were loaded before it (by the worker server)."""
    preloaded = {"tasks.core.pipeline", "tasks.worker_preload"} <= set(sys.modules)
    return os.getpid(), os.getppid(), preloaded


def test_pool_workers_are_forked_from_the_worker_server(prefect_harness):
    from multiprocessing import forkserver

    with ForkedProcessPoolTaskRunner(max_workers=2) as runner:
        got = [runner.submit(where_am_i, {}).result() for _ in range(4)]
        server = forkserver._forkserver._forkserver_pid
    pids, parents, imported = zip(*got, strict=True)
    assert os.getpid() not in pids  # the tasks ran in worker processes
    if forkserver_available():
        assert set(parents) == {server}
        assert all(imported)  # imported once by the server, not by each worker


def test_the_worker_preload_loads_prefects_collections():
    """What the worker server imports last leaves Prefect's collections loaded, so that a
    worker's first task finds them loaded (a fresh interpreter: this one may have them), and
    what it imported frozen out of the garbage collector's walks."""
    code = (
        "import gc\n"
        "import prefect._internal.plugins.collections as c\n"
        "assert c._collections is None and gc.get_freeze_count() == 0\n"
        "import tasks.worker_preload\n"
        "print(sorted(c._collections), gc.get_freeze_count())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "prefect_dask" in out.stdout
    assert int(out.stdout.split()[-1]) > 50_000  # Prefect's modules, frozen


def test_the_worker_server_ends_after_the_reading_and_starts_again():
    from multiprocessing import forkserver

    if not forkserver_available():
        pytest.skip("no forkserver on this system")
    start_worker_server()
    server = forkserver._forkserver._forkserver_pid
    assert server is not None and os.path.exists(f"/proc/{server}")
    stop_worker_server()
    assert forkserver._forkserver._forkserver_pid is None
    assert not os.path.exists(f"/proc/{server}")  # gone, its memory with it
    start_worker_server()
    assert forkserver._forkserver._forkserver_pid not in (None, server)
    stop_worker_server()


def test_workers_start_early_only_on_a_first_run_of_many_reports(tmp_path):
    ledger = tmp_path / "ledger.sqlite"
    many = SETTINGS.few_reports
    assert expect_worker_processes(many, str(ledger))
    assert not expect_worker_processes(many - 1, str(ledger))
    assert not expect_worker_processes(many, str(ledger), dask="tcp://127.0.0.1:8786")
    ledger.write_bytes(b"")  # a re-run: most reports are known
    assert not expect_worker_processes(many, str(ledger))


def _cells(path: str) -> dict[str, list]:
    wb = load_workbook(path)
    return {
        ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets if ws.title != "说明"
    }


def test_a_run_on_the_process_pool_writes_what_the_plain_pipeline_does(prefect_harness, tmp_path):
    """Enough reports for the pool (and batches of several), one of them unreadable: it is
    listed alone, and every cell agrees with the plain pipeline's workbook."""
    from bench import corpus
    from flows.params import ScorecardParams
    from flows.scorecard import build_scorecard
    from tasks.core.pipeline import RunRequest, build_run

    corpus.generate(tmp_path / "c", SETTINGS.few_reports + 14)
    reports, targets = tmp_path / "c" / "reports", tmp_path / "c" / "targets.xlsx"
    (reports / "坏文件.docx").write_bytes(b"not a zip file")
    out = tmp_path / "flow"
    path = build_scorecard(
        ScorecardParams(reports_dir=str(reports), targets=str(targets), output_dir=str(out))
    )
    plain = build_run(RunRequest(str(reports), str(targets), str(tmp_path / "plain"))).workbook
    assert _cells(path) == _cells(str(plain))
    notes = [c for r in load_workbook(path)["说明"].iter_rows(values_only=True) for c in r if c]
    assert [n for n in notes if "坏文件.docx" in str(n)] == [
        "坏文件.docx：不是有效的 .docx 文件（可能已损坏或只是改了扩展名）"
    ]
    assert Path(path).parent == out
    if forkserver_available():
        from multiprocessing import forkserver

        assert forkserver._forkserver._forkserver_pid is None  # ended once the reports were read
