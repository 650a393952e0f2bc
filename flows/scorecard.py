"""The two Prefect flows: ingest-reports (read new reports into the ledger) and
build-scorecard (ingest, compare, write the workbook, publish). Wiring only.

No `from __future__ import annotations` here: served runs validate parameters from the
real annotations.
"""

import os
from datetime import datetime
from pathlib import Path

from prefect import flow, get_run_logger

from flows.allowed import PathNotAllowed, check_allowed
from flows.params import IngestParams, ScorecardParams
from tasks.compare_tasks import compare_task, load_catalogue_task, load_targets_task
from tasks.core.ledger import safe_label
from tasks.core.pipeline import IngestRun, analysis_key
from tasks.core.workbook import RunInfo, run_inputs
from tasks.ingest_tasks import (
    check_ledger_task,
    dask_address,
    discover_reports_task,
    manifest_override,
    quiet_read_logs,
    read_and_record,
)
from tasks.publish_tasks import publish_artifacts_task, write_workbook_task

LEDGER_NAME = "ledger.sqlite"
LEDGER_ENV = "SCORECARD_LEDGER"  # setting: the ledger when a run names none


# Reading runs on the task runner tasks.ingest_tasks.analysis_runner picks for the run.
@flow(name="ingest-reports")
def ingest_reports(params: IngestParams = IngestParams()) -> IngestRun:  # noqa: B008
    """Read every new or changed report in the reports folder and record it in the ledger.

    Args:
        params: 报告文件夹、目标工作簿（指标库）和台账文件
    """
    ledger = ledger_target(params.ledger, "output")
    _refuse_outside(
        {"报告文件夹": params.reports_dir, "目标工作簿": params.targets, "台账文件": ledger}
    )
    catalogue, catalogue_problems = load_catalogue_task(params.targets)
    paths, manifest, manifest_problems = discover_reports_task(params.reports_dir)
    key = analysis_key(catalogue)
    overrides = [manifest_override(manifest, params.reports_dir, p) for p in paths]
    known = check_ledger_task(paths, ledger, key, overrides)
    quiet_read_logs()
    todo = [(p, o) for p, o, k in zip(paths, overrides, known, strict=True) if k is None]
    read = read_and_record(todo, ledger, catalogue, key, dask_address(params.dask))
    results = [k or read[p] for p, k in zip(paths, known, strict=True)]
    return IngestRun(results, catalogue, catalogue_problems + manifest_problems)


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
    ledger = ledger_target(p.ledger, p.output_dir)
    run = ingest_reports(
        IngestParams(reports_dir=p.reports_dir, targets=p.targets, ledger=ledger, dask=p.dask)
    )
    target_data = load_targets_task(p.targets, run.catalogue)
    period = p.period or None
    tables = compare_task(
        ledger, run.report_ids, target_data, run.catalogue, run.failures, p.year, period, p.units
    )
    info = RunInfo(
        started=now.isoformat(timespec="seconds"),
        parameters={
            "报告文件夹": p.reports_dir,
            "目标工作簿": p.targets,
            "输出文件夹": p.output_dir,
            "年度": p.year or "全部",
            "期间": period or "全部",
            "单位": "、".join(p.units) or "全部",
            "台账": safe_label(ledger),
            "分析": dask_address(p.dask) or "本机",
        },
        inputs=run_inputs(run.results, p.targets),
        problems=run.problems + tables.problems + [msg for _, msg in run.failures],
        counts={"报告数": len(run.report_ids), "无法读取": len(run.failures)},
    )
    workbook = write_workbook_task(tables, info, p.output_dir, now)
    publish_artifacts_task(tables, workbook, run.failures)
    return workbook


def ledger_target(given: str, output_dir: str) -> str:
    """The ledger a run uses: the one it names (a file or a postgresql:// address), else the
    SCORECARD_LEDGER setting, else ledger.sqlite in the output folder."""
    return given or os.environ.get(LEDGER_ENV, "") or str(Path(output_dir) / LEDGER_NAME)


def _refuse_outside(paths: dict[str, str]) -> None:
    """A served run naming a path outside the allowed folders fails here, before any file is
    opened, with the reason in its log."""
    try:
        check_allowed(paths)
    except PathNotAllowed as exc:
        get_run_logger().error("%s", exc)
        raise
