"""The whole of build-scorecard without Prefect: same core calls, same files written.

Benchmarks time it beside `scorecard run` (the ratio is Prefect's overhead), and the
reliability tests kill it at random points, since it makes the same ledger transactions and
atomic workbook writes as the flow.

    python -m bench.pipeline REPORTS TARGETS OUTPUT     # prints the workbook path
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from tasks.core.common import Catalogue, load_catalogue_with_problems
from tasks.core.comparison import ScorecardTables, build_scorecard, read_targets
from tasks.core.ledger import (
    LedgerError,
    check_ledger_file,
    ledger_errors,
    load_versions,
    open_ledger,
    reports_without_figures,
)
from tasks.core.pipeline import IngestRun, ingest_folder
from tasks.core.workbook import (
    OutputError,
    RunInfo,
    build_workbook,
    notes_rows,
    remove_stale_temps,
    run_inputs,
    save_scorecard,
)

LEDGER_NAME = "ledger.sqlite"
LATEST = "计分卡_最新.xlsx"


def ingest_and_compare(
    reports: str | Path,
    targets: str | Path,
    ledger: str | Path,
    catalogue: Catalogue,
    year: int | None = None,
    period: str | None = None,
) -> tuple[IngestRun, ScorecardTables]:
    """Read new reports into the ledger, then compare every report with the targets."""
    problems = check_ledger_file(ledger)
    with ledger_errors(ledger):
        conn = open_ledger(ledger)
        try:
            run = ingest_folder(conn, reports, catalogue)
            versions = load_versions(conn, run.report_ids)
        finally:
            conn.close()
    run.problems += problems
    tables = build_scorecard(
        versions, read_targets(targets, catalogue), catalogue, run.failures, year, period
    )
    tables.problems += reports_without_figures(versions)
    return run, tables


def run_pipeline(reports: str, targets: str, output: str) -> Path:
    """Ingest, compare and write the workbook as the flow does; return the workbook's path."""
    now = datetime.now()
    remove_stale_temps(output)  # half-written files of a run killed while saving
    ledger = str(Path(output) / LEDGER_NAME)
    catalogue, catalogue_problems = load_catalogue_with_problems(targets)
    run, tables = ingest_and_compare(reports, targets, ledger, catalogue)
    info = RunInfo(
        started=now.isoformat(timespec="seconds"),
        parameters={"报告文件夹": reports, "目标工作簿": targets, "输出文件夹": output},
        inputs=run_inputs(run.results, targets),
        problems=catalogue_problems
        + run.problems
        + tables.problems
        + [msg for _, msg in run.failures],  # each message names its file
        counts={"报告数": len(run.report_ids), "无法读取": len(run.failures)},
    )
    wb = build_workbook(tables.sheets, notes_rows(info))
    return save_scorecard(wb, output, now, LATEST)


if __name__ == "__main__":
    try:
        print(run_pipeline(*sys.argv[1:4]))
    except (LedgerError, OutputError) as exc:  # the clerk's message, as `scorecard run` gives it
        print(f"未能生成计分卡：{exc}", file=sys.stderr)
        sys.exit(1)
