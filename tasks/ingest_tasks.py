"""Prefect tasks for finding and reading reports (thin wrappers over tasks.core.pipeline)."""

from __future__ import annotations

import logging

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture, as_completed

from tasks.core.common import Catalogue, ReportMeta, shown_name
from tasks.core.pipeline import (
    Discovery,
    IngestResult,
    check_known,
    discover,
    prepare_ledger,
    read_one,
)


@task(name="discover-reports", cache_policy=NO_CACHE)
def discover_reports_task(folder: str) -> Discovery:
    """Report files, each with its manifest entry, and the manifest's problems."""
    found = discover(folder)
    log = get_run_logger()
    log.info("在 %s 找到 %d 个报告文件", folder, len(found.paths))
    for problem in found.problems:
        log.warning(problem)
    return found


@task(name="check-ledger", cache_policy=NO_CACHE)
def check_ledger_task(
    ledger_path: str, found: Discovery, key: str
) -> tuple[list[IngestResult | None], list[str]]:
    """For each report, its ledger record when unchanged since it was read, else None; and
    the ledger's problems (a damaged one is moved aside and rebuilt)."""
    log = get_run_logger()
    problems = prepare_ledger(ledger_path)
    for problem in problems:
        log.warning(problem)
    known = check_known(ledger_path, found, key)
    n = sum(k is not None for k in known)
    log.info("%d 个报告未变化，沿用台账；%d 个需要读取", n, len(known) - n)
    return known, problems


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


def _read_task_name() -> str:
    """The task run's name: its report's path, escaped when the name is not UTF-8 (the
    server stores names as JSON, which has no room for a GBK file name's raw bytes)."""
    from prefect.runtime import task_run

    return f"{READ_TASK}-{shown_name(task_run.parameters['path'])}"


# Not retried: what fails reading a report fails again, and a held ledger would make each
# retry wait again (a storm of waits); a report's own problems come back as its result.
@task(name=READ_TASK, cache_policy=NO_CACHE, task_run_name=_read_task_name)
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
        get_run_logger().warning("无法读取 %s：%s", shown_name(path), result.message)
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
