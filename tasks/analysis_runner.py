"""The Prefect task runner that analyses a run's reports, and its worker processes.

A few reports are read by threads of the run's own process (starting worker processes costs
seconds); more by Prefect's process pool (`ProcessPoolTaskRunner`) on this machine, or by the
workers of a Dask cluster.

Prefect's process pool starts each worker as a fresh Python ("spawn"), which then imports
Prefect and the analysis: about 4 s of CPU per worker, measured, and the first batch waits for
it. Here the pool's workers are forked from one server process ("forkserver") that imported
all that once, and `start_worker_server` starts that server early, while the run is still
reading its targets workbook on the other core. The server is a fresh process with one thread,
so forking it is safe (forking the run's own process, with Prefect's threads, is not). Where
there is no forkserver (Windows) the pool spawns its workers, as Prefect does by default.
Once the reports are read, `stop_worker_server` ends the server.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any

import prefect.task_runners
from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner, ThreadPoolTaskRunner

from tasks.core.common import SETTINGS
from tasks.core.ledger import is_database_url

# What each worker needs before its first task, imported once by the worker server: the
# module of the read-reports task (and with it the analysis), Prefect's task engine, the
# pool's own worker functions and Prefect's collections (tasks/worker_preload.py).
WORKER_MODULES = [
    "tasks.ingest_tasks",
    "prefect.task_engine",
    "prefect.task_runners",
    "tasks.worker_preload",
]
FORKSERVER = "forkserver"


def forkserver_available() -> bool:
    return FORKSERVER in multiprocessing.get_all_start_methods()


def start_worker_server() -> None:
    """Start the server the analysis workers are forked from, if it is not running yet.

    Returns at once: the server imports WORKER_MODULES on its own while this process goes on.
    It ends by itself when this process does.
    """
    if not forkserver_available():
        return
    context = multiprocessing.get_context(FORKSERVER)
    context.set_forkserver_preload(WORKER_MODULES)
    from multiprocessing import forkserver

    forkserver.ensure_running()


def stop_worker_server() -> None:
    """Stop the worker server once the run has read its reports: it holds the analysis and
    Prefect, imported (~150 MB), through the comparison and the writing, which need neither,
    and a run of 100,000 reports peaks there. The next run that reads starts it again."""
    if forkserver_available():
        from multiprocessing import forkserver

        forkserver._forkserver._stop()  # what the standard library's own tests call


class _ForkserverMultiprocessing:
    """Stands in for the `multiprocessing` module inside prefect.task_runners while a pool
    starts: the start method it asks for ("spawn") becomes the forkserver."""

    def __init__(self, module: ModuleType) -> None:
        self._module = module

    def get_context(self, method: str | None = None) -> Any:
        return self._module.get_context(FORKSERVER)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._module, name)


class ForkedProcessPoolTaskRunner(ProcessPoolTaskRunner):
    """Prefect's process pool with its workers forked from the worker server
    (`start_worker_server`) instead of spawned: everything else is Prefect's own (task runs,
    states, logs and events forwarded from the workers, cancellation)."""

    def __enter__(self) -> ForkedProcessPoolTaskRunner:
        if not forkserver_available():
            return super().__enter__()
        start_worker_server()
        module = prefect.task_runners.multiprocessing
        prefect.task_runners.multiprocessing = _ForkserverMultiprocessing(module)  # type: ignore[assignment]
        try:
            return super().__enter__()
        finally:
            prefect.task_runners.multiprocessing = module


@contextmanager
def analysis_runner(n: int, dask: str = "") -> Iterator[TaskRunner]:
    """The task runner for reading `n` reports (see the module's docstring)."""
    if dask:
        from prefect_dask import DaskTaskRunner  # only a cluster run needs it

        runner: TaskRunner = DaskTaskRunner(address=dask)
    elif n < SETTINGS.few_reports:
        runner = ThreadPoolTaskRunner(max_workers=SETTINGS.analysis_workers)
    else:
        runner = ForkedProcessPoolTaskRunner(max_workers=SETTINGS.analysis_workers)
    with runner:
        yield runner


def expect_worker_processes(report_files: int, ledger: str, dask: str = "") -> bool:
    """Whether a run is likely to read enough reports to need the worker processes, judged
    before it knows which reports are new: at least SETTINGS.few_reports report files and no
    ledger file yet (a first run). Only a guess for starting the workers early: a run that
    turns out to need them starts them when it reads."""
    if dask or is_database_url(ledger) or report_files < SETTINGS.few_reports:
        return False
    return not os.path.exists(ledger)
