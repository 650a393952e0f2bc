"""The two Prefect flows: ingest-reports (read new reports into the ledger) and
build-scorecard (ingest, compare, write the workbook, publish). Wiring only.

No `from __future__ import annotations` here: served runs validate parameters from the
real annotations.
"""

from datetime import datetime
from pathlib import Path

from prefect import flow
from prefect.task_runners import ThreadPoolTaskRunner

from tasks.compare import compare_task, load_catalogue_task, load_targets_task
from tasks.core.ingest import IngestResult, analysis_key, sha256_of
from tasks.core.notes import RunInfo
from tasks.ingest import discover_reports_task, manifest_override, read_report_task
from tasks.publish import publish_artifacts_task, write_workbook_task

LEDGER_NAME = "ledger.sqlite"


@flow(name="ingest-reports", task_runner=ThreadPoolTaskRunner(max_workers=4))
def ingest_reports(
    reports_dir: str = "reports", targets: str = "targets/targets.xlsx", ledger: str = ""
) -> list[IngestResult]:
    """Read every new or changed report in `reports_dir` and record it in the ledger."""
    ledger = ledger or str(Path("output") / LEDGER_NAME)
    catalogue, _ = load_catalogue_task(targets)
    paths, manifest, _ = discover_reports_task(reports_dir)
    key = analysis_key(catalogue)
    futures = [
        read_report_task.submit(
            p, ledger, catalogue, key, manifest_override(manifest, reports_dir, p)
        )
        for p in paths
    ]
    return [f.result() for f in futures]


@flow(name="build-scorecard")
def build_scorecard(
    reports_dir: str = "reports",
    targets: str = "targets/targets.xlsx",
    output_dir: str = "output",
    year: int | None = None,
    period: str | None = None,
) -> str:
    """Ingest reports, compare with targets and prior years, write the scorecard workbook."""
    now = datetime.now()
    ledger = str(Path(output_dir) / LEDGER_NAME)
    results = ingest_reports(reports_dir, targets, ledger)
    catalogue, catalogue_problems = load_catalogue_task(targets)
    _, _, manifest_problems = discover_reports_task(reports_dir)
    target_data = load_targets_task(targets, catalogue)
    failures = [(Path(r.path).name, r.message) for r in results if r.status == "failed"]
    ids = [r.report_id for r in results if r.report_id is not None]
    tables = compare_task(ledger, ids, target_data, catalogue, failures, year, period)
    info = RunInfo(
        started=now.isoformat(timespec="seconds"),
        parameters={
            "报告文件夹": reports_dir,
            "目标工作簿": targets,
            "输出文件夹": output_dir,
            "年度": year or "全部",
            "期间": period or "全部",
            "台账": ledger,
        },
        inputs=[(r.path, sha256_of(r.path)) for r in results if r.status != "failed"]
        + ([(targets, sha256_of(targets))] if Path(targets).is_file() else []),
        problems=catalogue_problems
        + manifest_problems
        + tables.problems
        + [f"{doc}：{msg}" for doc, msg in failures],
        counts={"报告数": len(ids), "无法读取": len(failures)},
    )
    workbook = write_workbook_task(tables, info, output_dir, now)
    publish_artifacts_task(tables, workbook, failures)
    return workbook
