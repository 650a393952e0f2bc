"""Prefect tasks for finding and reading reports (thin wrappers over tasks.core.pipeline)."""

from __future__ import annotations

import logging

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture, as_completed

from tasks.core.common import Catalogue, ReportMeta
from tasks.core.pipeline import Discovery, IngestResult, check_known, discover, read_one


@task(name="discover-reports", cache_policy=NO_CACHE)
def discover_reports_task(folder: str) -> Discovery:
    """Report files, each with its manifest entry, and the manifest's problems."""
    found = discover(folder)
    get_run_logger().info("在 %s 找到 %d 个报告文件", folder, len(found.paths))
    return found


@task(name="check-ledger", cache_policy=NO_CACHE)
def check_ledger_task(ledger_path: str, found: Discovery, key: str) -> list[IngestResult | None]:
    """For each report, its ledger record when unchanged since it was read, else None."""
    known = check_known(ledger_path, found, key)
    n = sum(k is not None for k in known)
    get_run_logger().info("%d 个报告未变化，沿用台账；%d 个需要读取", n, len(known) - n)
    return known


READ_TASK = "read-report"


class _QuietReads(logging.Filter):
    """Drops Prefect's "Finished in state Completed()" line of each read-report task.

    On a thousand reports those lines took a tenth of the reading time (console and server
    both format and store them); task states still show in the UI, failures are still
    logged, and collect_reads logs the progress.
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
    retries=2,
    retry_delay_seconds=1,
    cache_policy=NO_CACHE,
    task_run_name="read-report-{path}",
)
def read_report_task(
    path: str,
    ledger_path: str,
    catalogue: Catalogue,
    key: str,
    override: ReportMeta | None,
    folder: str,
) -> IngestResult:
    """Read one report and record it in the ledger, unless this version is already there."""
    result = read_one(ledger_path, path, catalogue, key, override, folder)
    if result.status == "failed":
        get_run_logger().warning("无法读取 %s：%s", path, result.message)
    return result


def collect_reads(futures: dict[str, PrefectFuture], steps: int = 10) -> dict[str, IngestResult]:
    """Wait for the read-report tasks, logging progress about every tenth of them.

    Prefect already logs each task's end; a line of our own per report would double the log
    (and the server's work storing it) without telling the reader more.
    """
    log, total = get_run_logger(), len(futures)
    every = max(1, -(-total // steps))
    results: dict[str, IngestResult] = {}
    by_future = {id(f): p for p, f in futures.items()}
    for done, future in enumerate(as_completed(list(futures.values())), start=1):
        results[by_future[id(future)]] = future.result()
        if done % every == 0 or done == total:
            log.info("已读取 %d/%d 个报告", done, total)
    return results
