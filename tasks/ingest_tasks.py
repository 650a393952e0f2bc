"""Prefect tasks for finding and reading reports (thin wrappers over tasks.core.pipeline).

Reports are read in batches: they keep Prefect's cost per task (~11 ms of CPU) a small share
of the work; a handful of new reports still gets a task each, a cold run of thousands gets
tasks of up to SETTINGS.max_batch. The analysis runs through a Prefect task runner
(tasks/analysis_runner.py): threads of this process for a few reports, else worker processes
on this machine, or the workers of a Dask cluster. Workers only read and analyse;
this process records each report in the ledger, so a SQLite ledger is never written by two
processes of one run.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Iterator
from itertools import accumulate
from pathlib import Path
from typing import TypeVar

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from tasks.analysis_runner import analysis_runner, stop_worker_server
from tasks.core.common import SETTINGS, Catalogue, ReportMeta, shown_name
from tasks.core.ledger import open_ledger
from tasks.core.pipeline import (
    Analysed,
    Discovery,
    IngestResult,
    analyse_file,
    check_known,
    discover,
    pack_batch,
    prepare_ledger,
    record_batch,
    unpack_batch,
)
from tasks.core.pipeline.ahead import take

DASK_ENV = "SCORECARD_DASK"  # setting: the Dask scheduler when a run names none
F = TypeVar("F")


@task(name="discover-reports", cache_policy=NO_CACHE)
def discover_reports_task(folder: str) -> Discovery:
    """Report files, each with its manifest entry, and the manifest's problems (listed ahead
    while a temporary server started, if so: tasks.core.pipeline.ahead)."""
    found = take(discover, folder)
    log = get_run_logger()
    log.info("在 %s 找到 %d 个报告文件", folder, len(found.paths))
    for problem in found.problems:
        log.warning(problem)
    return found


@task(name="check-ledger", cache_policy=NO_CACHE)
def check_ledger_task(
    ledger_path: str, found: Discovery, key: str, full: bool = False
) -> tuple[list[IngestResult | None], list[str]]:
    """For each report, its ledger record when unchanged since it was read, else None; and
    the ledger's problems (a damaged one is moved aside and rebuilt). `full`: hash every
    file, even one whose size, mtime, inode and ctime are unchanged."""
    log = get_run_logger()
    problems = take(prepare_ledger, ledger_path)
    for problem in problems:
        log.warning(problem)
    known = take(check_known, ledger_path, found, key, full)
    n = sum(k is not None for k in known)
    log.info("%d 个报告未变化，沿用台账；%d 个需要读取", n, len(known) - n)
    return known, problems


READ_TASK = "read-reports"


class _QuietReads(logging.Filter):
    """Drops Prefect's "Finished in state Completed()" line of each read-reports task.

    Task states still show in the UI, failures are still logged, and read_and_record logs
    the progress and each report that could not be read.
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


# Not retried: what fails reading a report fails again; a report's own problems come back
# as its result, and a program error on one report as that report's failure.
@task(name=READ_TASK, cache_policy=NO_CACHE, task_run_name="read-reports-{label}")
def read_batch_task(
    paths: list[str],
    overrides: list[ReportMeta | None],
    catalogue: Catalogue,
    key: str,
    folder: str,
    label: str,
) -> bytes:
    """Read and analyse a batch of reports (no ledger: the flow records what comes back),
    the results packed (`unpack_batch` gives the list of Analysed and IngestResult back).

    A report that fails, even on an error of the program, fails alone: it comes back as a
    "failed" result naming it, and the rest of the batch goes on.
    """
    out: list[Analysed | IngestResult] = []
    for path, override in zip(paths, overrides, strict=True):
        try:
            out.append(take(analyse_file, path, catalogue, key, override, folder))
        except Exception as exc:  # one report's bug must not sink its batch
            name = Path(path).name
            out.append(IngestResult(path, "failed", message=f"{name}：分析时出错（{exc!r}）"))
    return pack_batch(out)


def batch_sizes(n: int, workers: int | None = None) -> list[int]:
    """Reports per task for `n` reports, in the order submitted: a handful (up to four per
    worker) get a task each; more, a task each for about 1/(workers + 1) of what is left,
    at most SETTINGS.largest_batch and at least SETTINGS.max_batch (or a quarter of each
    worker's share, when smaller). Early tasks are large, so a cold run has few tasks and
    Prefect's cost per task (about 0.16 s of CPU on a worker process: its context and
    settings rebuilt, its states; 0.1 s more in the run and its server) stays small;
    the last are small, so the workers finish together.

    >>> batch_sizes(5, workers=2)
    [1, 1, 1, 1, 1]
    >>> batch_sizes(40, workers=2)
    [14, 9, 6, 5, 5, 1]
    >>> batch_sizes(10_000, workers=2)
    [1500, 1500, 1500, 1500, 1334, 889, 593, 395, 263, 200, 200, 126]
    """
    workers = workers or SETTINGS.analysis_workers
    if n <= 4 * workers:
        return [1] * n
    smallest = min(SETTINGS.max_batch, -(-n // (4 * workers)))
    sizes: list[int] = []
    left = n
    while left:
        size = min(left, max(smallest, min(SETTINGS.largest_batch, -(-left // (workers + 1)))))
        sizes.append(size)
        left -= size
    return sizes


def handed_over(futures: list[F]) -> Iterator[F]:
    """Each of `futures` in the order given, emptying the list as it goes: once the caller
    moves on to the next, nothing here still holds the last one.

    A finished Prefect future keeps its final state, the task's result inside (from the
    process pool also that result pickled), for as long as the future lives; Prefect's
    `as_completed` keeps every future until the last one is done, so a run held every
    report's ledger rows until the reading ended (about 31 KB per report).
    In the order submitted, not as completed: the batches are submitted largest first and
    the workers take them in that order, so at most a batch per worker waits here.

    >>> items = ["a", "b"]
    >>> list(handed_over(items)), items
    (['a', 'b'], [])
    """
    queue = deque(futures)
    futures.clear()
    while queue:
        yield queue.popleft()


def dask_address(given: str) -> str:
    """The Dask scheduler of a run: the one it names, else the setting, else none."""
    return given or os.environ.get(DASK_ENV, "")


def read_and_record(
    found: Discovery,
    known: list[IngestResult | None],
    ledger: str,
    catalogue: Catalogue,
    key: str,
    dask: str = "",
    steps: int = 10,
) -> dict[str, IngestResult]:
    """Read the reports not `known` in batches and record each new one in the ledger as its
    batch comes back; log progress about every tenth, and each unreadable report."""
    todo = found.unread(known)
    log, total = get_run_logger(), len(todo)
    sizes = batch_sizes(total)
    starts = list(accumulate(sizes, initial=0))[:-1]
    batches = [todo[start : start + size] for start, size in zip(starts, sizes, strict=True)]
    every = max(1, -(-total // steps))
    results: dict[str, IngestResult] = {}
    with analysis_runner(total, dask) as runner:
        futures = [
            runner.submit(
                read_batch_task,
                {
                    "paths": [p for p, _ in batch],
                    "overrides": [o for _, o in batch],
                    # Not quote()d: the Dask runner would hand workers the quote itself;
                    # with batches, walking the catalogue once per task costs little.
                    "catalogue": catalogue,
                    "key": key,
                    "folder": found.folder,
                    "label": f"{start + 1}-{start + len(batch)}",
                },
            )
            for start, batch in zip(starts, batches, strict=True)
        ]
        conn = open_ledger(ledger, found.folder)
        try:
            for future in handed_over(futures):
                before = len(results)
                for result in record_batch(conn, unpack_batch(future.result())):
                    results[result.path] = result
                    if result.status == "failed":
                        log.warning("无法读取 %s：%s", shown_name(result.path), result.message)
                if len(results) // every != before // every or len(results) == total:
                    log.info("已读取 %d/%d 个报告", len(results), total)
        finally:
            conn.close()
    if total:
        new = sum(r.status == "new" for r in results.values())
        log.info(
            "读取完毕：%d 个报告记入台账，%d 个无法读取（%d 批，每批最多 %d 个）",
            new,
            total - new,
            len(batches),
            max(sizes),
        )
    stop_worker_server()  # started early for the reading: the rest of the run needs no worker
    return results
