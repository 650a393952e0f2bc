"""Analysis on a Dask cluster: a real LocalCluster with two worker processes; `scorecard run
--dask ADDRESS` gives the same workbook cells as the embedded default. Batching is pure and
tested here too."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tasks.core.common import SETTINGS
from tasks.ingest_tasks import batch_sizes

ROOT = Path(__file__).resolve().parents[1]


def test_batches_are_one_report_each_for_a_few_and_large_for_thousands():
    assert [batch_sizes(n, workers=2) for n in (1, 3, 8)] == [[1], [1] * 3, [1] * 8]
    for n in (200, 2_000, 10_000, 100_000):
        sizes = batch_sizes(n, workers=2)
        assert sum(sizes) == n and max(sizes) <= SETTINGS.largest_batch
        assert sizes == sorted(sizes, reverse=True)  # small tasks last: the workers end together
    cold = batch_sizes(10_000, workers=2)
    assert cold[0] == SETTINGS.largest_batch and max(cold[-3:]) <= SETTINGS.max_batch
    assert len(cold) < 10_000 / SETTINGS.max_batch  # fewer tasks than equal batches would be


def test_a_report_the_program_fails_on_fails_alone_in_its_batch(tmp_path, monkeypatch):
    import tasks.ingest_tasks as ingest_tasks
    from tasks.core.pipeline import Analysed, load_catalogue

    folder = tmp_path / "reports"
    folder.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (folder / name).write_text("东港区总工会2025年工作总结\n全年新建工会组织42家。\n", "utf-8")
    real = ingest_tasks.analyse_file

    def flaky(path, *args):
        if path.endswith("b.txt"):
            raise ZeroDivisionError("division by zero")
        return real(path, *args)

    monkeypatch.setattr(ingest_tasks, "analyse_file", flaky)
    paths = [str(folder / n) for n in ("a.txt", "b.txt", "c.txt")]
    out = ingest_tasks.unpack_batch(
        ingest_tasks.read_batch_task.fn(
            paths, [None] * 3, load_catalogue(None), "key", str(folder), "1-3"
        )
    )
    assert [type(r).__name__ for r in out] == ["Analysed", "IngestResult", "Analysed"]
    assert out[1].status == "failed" and out[1].message.startswith("b.txt：分析时出错")
    assert isinstance(out[0], Analysed) and out[0].report.path == "a.txt"


def _cells(path: str) -> dict[str, list]:
    wb = load_workbook(path)
    return {
        ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets if ws.title != "说明"
    }


def _run(out: Path, *extra: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "flows", "run", "--output", str(out), *extra],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip().splitlines()[-1]


@pytest.mark.e2e
def test_a_run_on_a_dask_cluster_gives_the_same_workbook(tmp_path):
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2,
            processes=True,
            threads_per_worker=1,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        Client(cluster) as client,
    ):
        on_dask = _run(tmp_path / "dask", "--dask", cluster.scheduler_address)
        # The reading ran on the cluster's workers, not in the run's own process.
        tasks = client.run_on_scheduler(
            lambda dask_scheduler: len(dask_scheduler.task_prefixes)  # type: ignore[misc]
        )
        assert tasks > 0
    embedded = _run(tmp_path / "embedded")
    assert _cells(on_dask) == _cells(embedded)
    notes = {r[0]: r[1] for r in load_workbook(on_dask)["说明"].iter_rows(values_only=True) if r}
    assert notes["分析"].startswith("tcp://127.0.0.1:")
