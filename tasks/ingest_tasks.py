"""Prefect tasks for finding and reading reports (thin wrappers over tasks.core).

Reports are read in batches: they keep Prefect's cost per task (~11 ms of CPU) a small share of the work: a handful of
new reports still gets a task each, a cold run of thousands gets tasks of up to MAX_BATCH.
The analysis runs through a Prefect task runner: threads in this process for a few reports
(starting worker processes costs seconds), else worker processes on this machine, or the
workers of a Dask cluster. Workers only read and analyse; this process records each report
in the ledger, so a SQLite ledger is never written by two processes of one run.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner, ThreadPoolTaskRunner

from tasks.core.common import Catalogue, ReportMeta
from tasks.core.document import lookup_manifest, read_manifest
from tasks.core.ledger import open_ledger
from tasks.core.pipeline import (
    Analysed,
    IngestResult,
    analyse_file,
    discover_reports,
    find_known,
    record_analysed,
)


@task(name="discover-reports", cache_policy=NO_CACHE)
def discover_reports_task(folder: str) -> tuple[list[str], dict[str, ReportMeta], list[str]]:
    """Report files, the manifest's entries and the manifest's problems."""
    paths = discover_reports(folder)
    entries, problems = read_manifest(Path(folder) / "manifest.csv")
    get_run_logger().info("在 %s 找到 %d 个报告文件", folder, len(paths))
    return paths, entries, problems


def manifest_override(entries: dict[str, ReportMeta], folder: str, path: str) -> ReportMeta | None:
    return lookup_manifest(entries, Path(path).relative_to(folder)) if entries else None


@task(name="check-ledger", cache_policy=NO_CACHE)
def check_ledger_task(
    paths: list[str], ledger_path: str, key: str, overrides: list[ReportMeta | None]
) -> list[IngestResult | None]:
    """For each report, its ledger record when unchanged since it was read, else None."""
    conn = open_ledger(ledger_path)
    try:
        known = [find_known(conn, p, key, o) for p, o in zip(paths, overrides, strict=True)]
    finally:
        conn.close()
    n = sum(k is not None for k in known)
    get_run_logger().info("%d 个报告未变化，沿用台账；%d 个需要读取", n, len(paths) - n)
    return known


READ_TASK = "read-reports"


class _QuietReads(logging.Filter):
    """Drops Prefect's "Finished in state Completed()" line of each read-reports task.

    Task states still show in the UI, failures are still logged, and read_and_record logs
    what happened to the reports of each batch.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not (
            record.levelno == logging.INFO
            and getattr(record, "task_name", None) == READ_TASK
            and str(record.msg).startswith("Finished in state Completed")
        )


_QUIET_READS = _QuietReads()


def quiet_read_logs() -> None:
    """Install the filter on Prefect's task-run logger (once)."""
    logger = logging.getLogger("prefect.task_runs")
    if _QUIET_READS not in logger.filters:
        logger.addFilter(_QUIET_READS)


@task(
    name=READ_TASK,
    retries=1,
    retry_delay_seconds=1,
    cache_policy=NO_CACHE,
    task_run_name="read-reports-{label}",
)
def read_batch_task(
    paths: list[str],
    overrides: list[ReportMeta | None],
    catalogue: Catalogue,
    key: str,
    label: str,
) -> list[Analysed | IngestResult]:
    """Read and analyse a batch of reports (no ledger: the flow records what comes back).

    A report that fails, even on an error of the program, fails alone: it comes back as a
    "failed" result naming it, and the rest of the batch goes on.
    """
    out: list[Analysed | IngestResult] = []
    for path, override in zip(paths, overrides, strict=True):
        try:
            out.append(analyse_file(path, catalogue, key, override))
        except Exception as exc:  # noqa: BLE001 - one report's bug must not sink its batch
            name = Path(path).name
            out.append(IngestResult(path, "failed", message=f"{name}：分析时出错（{exc!r}）"))
    return out


DASK_ENV = "SCORECARD_DASK"  # setting: the Dask scheduler a run names none
WORKERS = 2  # processes on this machine: the machine has two cores
MAX_BATCH = 200
# Fewer reports than this are read by threads of the flow's own process.
FEW_REPORTS = 16


def batch_size(n: int, workers: int = WORKERS) -> int:
    """Reports per task: about four tasks per worker, between 1 and MAX_BATCH.

    >>> [batch_size(n) for n in (1, 5, 40, 1000, 10000, 100000)]
    [1, 1, 5, 125, 200, 200]
    """
    return max(1, min(MAX_BATCH, -(-n // (4 * workers))))


def dask_address(given: str) -> str:
    """The Dask scheduler of a run: the one it names, else the setting, else none."""
    return given or os.environ.get(DASK_ENV, "")


@contextmanager
def analysis_runner(n: int, dask: str = "") -> Iterator[TaskRunner]:
    """The task runner for reading `n` reports (see the module's docstring)."""
    if dask:
        from prefect_dask import DaskTaskRunner  # only a cluster run needs it

        runner: TaskRunner = DaskTaskRunner(address=dask)
    elif n < FEW_REPORTS:
        runner = ThreadPoolTaskRunner(max_workers=WORKERS)
    else:
        runner = ProcessPoolTaskRunner(max_workers=WORKERS)
    with runner:
        yield runner


def read_and_record(
    todo: list[tuple[str, ReportMeta | None]],
    ledger: str,
    catalogue: Catalogue,
    key: str,
    dask: str = "",
    steps: int = 10,
) -> dict[str, IngestResult]:
    """Read the reports of `todo` in batches and record each new one in the ledger as its
    batch comes back; log progress about every tenth, and each unreadable report."""
    log, total = get_run_logger(), len(todo)
    size = batch_size(total)
    batches = [todo[i : i + size] for i in range(0, total, size)]
    every = max(1, -(-total // steps))
    results: dict[str, IngestResult] = {}
    with analysis_runner(total, dask) as runner:
        futures = [
            runner.submit(
                read_batch_task,
                {
                    "paths": [p for p, _ in batch],
                    "overrides": [o for _, o in batch],
                    # Not quote()d: the Dask runner hands workers the quote itself. With
                    # batches, walking the catalogue once per task costs little.
                    "catalogue": catalogue,
                    "key": key,
                    "label": f"{i * size + 1}-{i * size + len(batch)}",
                },
            )
            for i, batch in enumerate(batches)
        ]
        conn = open_ledger(ledger)
        try:
            for future in as_completed(futures):
                before = len(results)
                for item in future.result():
                    result = _record(conn, item)
                    results[result.path] = result
                    if result.status == "failed":
                        log.warning("无法读取 %s：%s", result.path, result.message)
                done = len(results)
                if done // every != before // every or done == total:
                    log.info("已读取 %d/%d 个报告", done, total)
        finally:
            conn.close()
    new = sum(r.status == "new" for r in results.values())
    log.info(
        "读取完毕：%d 个报告记入台账，%d 个无法读取（每批最多 %d 个，共 %d 批）",
        new,
        total - new,
        size,
        len(batches),
    )
    return results


def _record(conn, item: Analysed | IngestResult) -> IngestResult:
    if isinstance(item, Analysed):
        return record_analysed(conn, item)
    return item
