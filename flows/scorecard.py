"""The two Prefect flows: ingest-reports (read new reports into the ledger) and
build-scorecard (ingest, compare, write the workbook, publish). Wiring only: each task wraps
a step of tasks.core.pipeline, and `tasks.core.pipeline.build_run` is the same sequence
without Prefect.

No `from __future__ import annotations` here: served runs validate parameters from the
real annotations.
"""

from datetime import datetime

from prefect import flow
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from flows.params import IngestParams, ScorecardParams
from tasks.compare_tasks import compare_task, load_catalogue_task, load_targets_task
from tasks.core.common import SETTINGS, Catalogue
from tasks.core.pipeline import IngestRun, RunRequest, analysis_key, gather, run_info
from tasks.ingest_tasks import (
    check_ledger_task,
    collect_reads,
    discover_reports_task,
    quiet_read_logs,
    read_report_task,
)
from tasks.publish_tasks import publish_artifacts_task, write_workbook_task


def _read_threads() -> ThreadPoolTaskRunner:
    """Reports are read SETTINGS.read_threads at a time (run_settings.yaml says why)."""
    return ThreadPoolTaskRunner(max_workers=SETTINGS.read_threads)


def _ingest(reports_dir: str, ledger: str, catalogue: Catalogue, problems: list[str]) -> IngestRun:
    """pipeline.ingest_folder through tasks: one read-report task per new or changed report."""
    found = discover_reports_task(reports_dir)
    key = analysis_key(catalogue)
    known = check_ledger_task(ledger, found, key)
    quiet_read_logs()
    # quote: Prefect would otherwise walk the whole catalogue for every report's task.
    futures = {
        p: read_report_task.submit(p, ledger, quote(catalogue), key, o, found.folder)
        for p, o, k in zip(found.paths, found.overrides, known, strict=True)
        if k is None
    }
    return gather(found, known, collect_reads(futures), catalogue, problems)


@flow(name="ingest-reports", task_runner=_read_threads())
def ingest_reports(params: IngestParams = IngestParams()) -> IngestRun:  # noqa: B008
    """Read every new or changed report in the reports folder and record it in the ledger.

    Args:
        params: 报告文件夹、目标工作簿（指标库）和台账文件
    """
    request = RunRequest(params.reports_dir, params.targets, ledger=params.ledger)
    catalogue, problems = load_catalogue_task(params.targets)
    return _ingest(params.reports_dir, request.ledger_path, catalogue, problems)


@flow(name="build-scorecard", task_runner=_read_threads())
def build_scorecard(params: ScorecardParams = ScorecardParams()) -> str:  # noqa: B008
    """Ingest reports, compare with targets and prior years, write the scorecard workbook.

    Args:
        params: 报告文件夹、目标工作簿、输出文件夹，以及只看的年度、期间和单位
    """
    p, now = params, datetime.now()
    request = RunRequest(
        p.reports_dir, p.targets, p.output_dir, p.year, p.period or None, tuple(p.units)
    )
    inputs = load_targets_task(p.targets)
    ledger = request.ledger_path
    run = _ingest(p.reports_dir, ledger, inputs.catalogue, inputs.catalogue_problems)
    tables = compare_task(
        ledger, quote(run), inputs.targets, request.year, request.period, list(request.units)
    )
    info = run_info(request, run, tables, inputs, now)
    workbook = write_workbook_task(tables, info, p.output_dir, now, latest=request.is_full)
    publish_artifacts_task(tables, workbook, run.failures)
    return workbook
