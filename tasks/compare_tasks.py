"""Prefect tasks for targets and comparison (thin wrappers over tasks.core)."""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from tasks.core.common import Catalogue, load_catalogue_with_problems
from tasks.core.comparison import ScorecardTables, TargetsData, build_scorecard, read_targets
from tasks.core.ledger import ledger_errors, load_versions, open_ledger, reports_without_figures


@task(name="load-catalogue", cache_policy=NO_CACHE)
def load_catalogue_task(targets_path: str) -> tuple[Catalogue, list[str]]:
    catalogue, problems = load_catalogue_with_problems(targets_path)
    for problem in problems:
        get_run_logger().warning(problem)
    get_run_logger().info("指标库共 %d 个指标", len(catalogue.indicators))
    return catalogue, problems


@task(name="load-targets", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def load_targets_task(targets_path: str, catalogue: Catalogue) -> TargetsData:
    data = read_targets(targets_path, catalogue)
    log = get_run_logger()
    log.info("读取目标 %d 行、历史数据 %d 行", len(data.targets), len(data.history))
    for problem in data.problems:
        log.warning(problem)
    return data


@task(name="compare-to-targets", cache_policy=NO_CACHE)
def compare_task(
    ledger_path: str,
    report_ids: list[int],
    targets: TargetsData,
    catalogue: Catalogue,
    failures: list[tuple[str, str]],
    year: int | None,
    period: str | None,
    units: list[str] | None = None,
) -> ScorecardTables:
    with ledger_errors(ledger_path):
        conn = open_ledger(ledger_path)
        try:
            tables = load_versions(conn, report_ids)
        finally:
            conn.close()
    result = build_scorecard(tables, targets, catalogue, failures, year, period, units=units)
    result.problems += reports_without_figures(tables)
    get_run_logger().info(
        "计分卡 %d 行，缺失数据 %d 行", len(result.sheets["计分卡"]), len(result.sheets["缺失数据"])
    )
    return result
