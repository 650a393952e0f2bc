"""What `scorecard run` does while its temporary Prefect server starts (flows/tempserver.py).

The server needs about five seconds of the other core before it answers; the run's own
process has imported the flow sooner and would only wait. It spends the wait on what the
flow would do first once the server answers: the first steps of build-scorecard, whose
tasks take the results (tasks.core.pipeline.ahead): the report files listed (and, on a
first run of many reports, the worker server of the analysis started: it imports Prefect
and the analysis meanwhile, see tasks/analysis_runner.py), the modules Prefect imports on a
flow's first call, the ledger prepared, the targets workbook opened with its catalogue (its
targets too when its parse is in the cache: a re-run; otherwise they are parsed in the flow
while the reports are analysed), the ledger's check of every report and, on a re-run, the
analysis of its few new reports (recorded by the flow) and the last run's figures read
back from the output folder (the comparison's first step). Nothing is done
ahead for a run the flow will refuse (a path outside the allowed folders).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from importlib import import_module
from pathlib import Path

from flows.allowed import PathNotAllowed, check_allowed
from flows.params import ScorecardParams
from flows.scorecard import ledger_setting
from tasks.analysis_runner import expect_worker_processes, start_worker_server
from tasks.core.common import SETTINGS, Catalogue
from tasks.core.pipeline import (
    Discovery,
    IngestResult,
    RunRequest,
    analyse_file,
    analysis_key,
    check_known,
    discover,
    open_inputs,
    prepare_ledger,
)
from tasks.core.pipeline.ahead import do_ahead, forget
from tasks.core.pipeline.versions_cache import CACHE_NAME, DELTA_NAME, read_kept
from tasks.ingest_tasks import dask_address

# Imported by Prefect 3.9 on a flow's first call (its engines, the run graph, and FastAPI's
# JSON encoder for the parameters): about 0.45 s of CPU once the server answers.
FLOW_CALL_MODULES = (
    "prefect.flow_engine",
    "prefect.task_engine",
    "prefect.utilities.visualization",
    "fastapi.encoders",
)


@contextmanager
def head_start(p: ScorecardParams, server_starting: bool) -> Iterator[None]:
    """For the block that waits for the server and runs build-scorecard with parameters
    `p`: its first steps done ahead while the server is starting; what no task took is
    dropped at the end."""
    try:
        if server_starting:
            _ahead(p)
        yield
    finally:
        forget()


def _ahead(p: ScorecardParams) -> None:
    try:
        check_allowed(
            {"报告文件夹": p.reports_dir, "目标工作簿": p.targets, "输出文件夹": p.output_dir}
        )
    except PathNotAllowed:
        return  # the flow refuses the run and says why
    request = RunRequest(p.reports_dir, p.targets, p.output_dir, ledger=ledger_setting(p.ledger))
    ledger = request.ledger_path
    found = do_ahead(discover, p.reports_dir)
    # Judged before the ledger is checked (which creates it): the flow, finding a ledger
    # then, would start the workers only when it reads, seconds later.
    if found is not None and expect_worker_processes(
        len(found.paths), ledger, dask_address(p.dask)
    ):
        start_worker_server()  # imports on a core the run leaves idle while it waits
    for name in FLOW_CALL_MODULES:
        with suppress(ImportError):  # another Prefect version: imported when needed
            import_module(name)
    problems = do_ahead(prepare_ledger, ledger)
    if found is None or problems is None:
        return
    inputs = do_ahead(open_inputs, p.targets, p.output_dir)
    if inputs is None:
        return
    key = analysis_key(inputs.catalogue)
    known = do_ahead(check_known, ledger, found, key, p.full)
    if known is not None:
        _read_ahead(p, found, known, inputs.catalogue, key)


def _read_ahead(
    p: ScorecardParams,
    found: Discovery,
    known: list[IngestResult | None],
    catalogue: Catalogue,
    key: str,
) -> None:
    """A re-run's new reports analysed, when few enough for the run's own threads (the
    flow records them; nothing is written here), and the last run's figures read back from
    the output folder (versions_cache.py)."""
    todo = found.unread(known)
    if len(todo) == len(known):
        return  # a first run (or every report changed): nothing kept yet, many to read
    if len(todo) < SETTINGS.few_reports and not dask_address(p.dask):
        for path, override in todo:
            do_ahead(analyse_file, path, catalogue, key, override, found.folder)
    for name in (CACHE_NAME, DELTA_NAME):
        do_ahead(read_kept, Path(p.output_dir) / name)
