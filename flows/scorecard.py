"""The two Prefect flows: ingest-reports (read new reports into the ledger) and
build-scorecard (ingest, compare, write the workbook, publish). Wiring only: each task wraps
a step of tasks.core.pipeline, and `tasks.core.pipeline.build_run` is the same sequence
without Prefect.

No `from __future__ import annotations` here: served runs validate parameters from the
real annotations.
"""

import os
from datetime import datetime

from prefect import flow, get_run_logger
from prefect.utilities.annotations import quote

from flows.allowed import PathNotAllowed, check_allowed
from flows.params import IngestParams, ScorecardParams
from tasks.analysis_runner import expect_worker_processes, start_worker_server
from tasks.compare_tasks import (
    compare_task,
    finish_targets_task,
    load_catalogue_task,
    open_targets_task,
)
from tasks.core.common import Catalogue
from tasks.core.pipeline import (
    Discovery,
    IngestRun,
    RunRequest,
    analysis_key,
    drop_targets,
    gather,
    make_output_folder,
    run_info,
)
from tasks.core.workbook import remove_stale_temps
from tasks.ingest_tasks import (
    check_ledger_task,
    dask_address,
    discover_reports_task,
    quiet_read_logs,
    read_and_record,
)
from tasks.publish_tasks import publish_artifacts_task, write_workbook_task

LEDGER_ENV = "SCORECARD_LEDGER"  # setting: the ledger when a run names none


def _discover(reports_dir: str, ledger: str, dask: str) -> Discovery:
    """The report files, found before the targets are read: on a first run of many reports
    the analysis workers start now and import on the other core meanwhile."""
    found = discover_reports_task(reports_dir)
    if expect_worker_processes(len(found.paths), ledger, dask):
        start_worker_server()
    return found


def _ingest(
    found: Discovery,
    ledger: str,
    catalogue: Catalogue,
    problems: list[str],
    dask: str,
    full: bool = False,
) -> IngestRun:
    """pipeline.ingest_folder through tasks: the new or changed reports read in batches on
    the task runner tasks.analysis_runner picks, recorded by this process."""
    key = analysis_key(catalogue)
    # quote(found): Prefect would walk its 10,000 paths twice for futures (0.4 s of CPU)
    known, ledger_problems = check_ledger_task(ledger, quote(found), key, full)
    quiet_read_logs()
    read = read_and_record(found, known, ledger, catalogue, key, dask)
    return gather(found, known, read, catalogue, problems + ledger_problems)


def ledger_setting(given: str) -> str:
    """The ledger a run names (a file or a postgresql:// address), else the SCORECARD_LEDGER
    setting; empty means ledger.sqlite in the output folder."""
    return given or os.environ.get(LEDGER_ENV, "")


def _refuse_outside(paths: dict[str, str]) -> None:
    """A served run naming a path outside the allowed folders fails here, before any file is
    opened, with the reason in its log."""
    try:
        check_allowed(paths)
    except PathNotAllowed as exc:
        get_run_logger().error("%s", exc)
        raise


@flow(name="ingest-reports")
def ingest_reports(params: IngestParams = IngestParams()) -> IngestRun:  # noqa: B008
    """Read every new or changed report in the reports folder and record it in the ledger.

    Args:
        params: 报告文件夹、目标工作簿（指标库）和台账文件
    """
    request = RunRequest(params.reports_dir, params.targets, ledger=ledger_setting(params.ledger))
    _refuse_outside(
        {
            "报告文件夹": params.reports_dir,
            "目标工作簿": params.targets,
            "台账文件": request.ledger_path,
        }
    )
    dask = dask_address(params.dask)
    found = _discover(params.reports_dir, request.ledger_path, dask)
    catalogue, problems = load_catalogue_task(params.targets)
    return _ingest(found, request.ledger_path, catalogue, problems, dask, params.full)


@flow(name="build-scorecard")
def build_scorecard(params: ScorecardParams = ScorecardParams()) -> str:  # noqa: B008
    """Ingest reports, compare with targets and prior years, write the scorecard workbook.

    Args:
        params: 报告文件夹、目标工作簿、输出文件夹，以及只看的年度、期间和单位
    """
    p, now = params, datetime.now()
    _refuse_outside(
        {"报告文件夹": p.reports_dir, "目标工作簿": p.targets, "输出文件夹": p.output_dir}
    )
    remove_stale_temps(p.output_dir)  # half-written files of a run killed while saving
    make_output_folder(p.output_dir)  # the targets' parse is kept there once done
    request = RunRequest(
        p.reports_dir,
        p.targets,
        p.output_dir,
        p.year,
        p.period or None,
        tuple(p.units),
        ledger=ledger_setting(p.ledger),
        dask=dask_address(p.dask),
    )
    ledger = request.ledger_path
    found = _discover(p.reports_dir, ledger, request.dask)
    inputs = open_targets_task(p.targets, p.output_dir)
    # The target rows are parsed on a thread of this process while the workers analyse.
    targets = finish_targets_task.submit(quote(inputs), p.output_dir)
    run = _ingest(found, ledger, inputs.catalogue, inputs.catalogue_problems, request.dask, p.full)
    tables = compare_task(
        ledger,
        quote(run),
        targets.result(),
        request.year,
        request.period,
        list(request.units),
        cache_dir=p.output_dir,
    )
    del targets  # the future's state holds the parsed targets: compared, not written
    drop_targets(inputs)
    info = run_info(request, run, tables, inputs, now)
    # quote(info): its inputs list every report, which Prefect would walk twice for futures
    workbook = write_workbook_task(
        tables, quote(info), p.output_dir, now, latest=request.is_full, reuse=not p.full
    )
    publish_artifacts_task(tables, workbook, run.failures)
    return workbook
