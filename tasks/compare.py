"""Prefect tasks for targets and comparison (thin wrappers over tasks.core)."""

from __future__ import annotations

import pandas as pd
from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from tasks.core.catalogue import Catalogue, load_catalogue
from tasks.core.ledger import load_versions, open_ledger
from tasks.core.scorecard import ScorecardTables, build_scorecard
from tasks.core.targets import TargetsData, read_targets


@task(name="load-catalogue", cache_policy=NO_CACHE)
def load_catalogue_task(targets_path: str) -> tuple[Catalogue, list[str]]:
    catalogue, problems = load_catalogue(targets_path), []  # TODO(issue 4): sheet problems
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
    conn = open_ledger(ledger_path)
    try:
        tables = load_versions(conn, report_ids)
    finally:
        conn.close()
    result = build_scorecard(tables, targets, catalogue, failures, year, period)
    if units:
        result = ScorecardTables(_only_units(result.sheets, units), result.problems)
    get_run_logger().info(
        "计分卡 %d 行，缺失数据 %d 行", len(result.sheets["计分卡"]), len(result.sheets["缺失数据"])
    )
    return result


def _only_units(sheets: dict[str, pd.DataFrame], units: list[str]) -> dict[str, pd.DataFrame]:
    """Rows of the chosen units; a typed part (临江区) matches the full name. Rows with no unit
    (an unreadable report) stay, since they may belong to a chosen unit."""
    wanted = [u.strip() for u in units if u.strip()]
    out = {}
    for name, df in sheets.items():
        if "单位" not in df.columns or not wanted:
            out[name] = df
            continue
        unit = df["单位"].fillna("").astype(str)
        keep = (unit == "") | unit.map(lambda u: any(w in u for w in wanted))
        out[name] = df[keep].reset_index(drop=True)
    return out
