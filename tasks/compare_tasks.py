"""Prefect tasks for targets and comparison (thin wrappers over tasks.core.pipeline)."""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from tasks.core.common import Catalogue
from tasks.core.comparison import ScorecardTables, TargetsData
from tasks.core.pipeline import (
    IngestRun,
    RunInputs,
    compare,
    finish_inputs,
    load_catalogue_file,
    open_inputs,
)
from tasks.core.pipeline.ahead import take


def _log_catalogue(catalogue: Catalogue, problems: list[str]) -> None:
    for problem in problems:
        get_run_logger().warning(problem)
    get_run_logger().info("指标库共 %d 个指标", len(catalogue.indicators))


@task(name="load-catalogue", cache_policy=NO_CACHE)
def load_catalogue_task(targets_path: str) -> tuple[Catalogue, list[str]]:
    catalogue, problems = load_catalogue_file(targets_path)
    _log_catalogue(catalogue, problems)
    return catalogue, problems


@task(name="open-targets", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def open_targets_task(targets_path: str, cache_dir: str | None = None) -> RunInputs:
    """The targets workbook read and its catalogue parsed; its targets come from the cache
    in `cache_dir` (the output folder) while the workbook is unchanged, else from
    `finish_targets_task`."""
    inputs = take(open_inputs, targets_path, cache_dir)
    _log_catalogue(inputs.catalogue, inputs.catalogue_problems)
    return inputs


@task(name="load-targets", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def finish_targets_task(inputs: RunInputs, cache_dir: str | None = None) -> TargetsData:
    """The targets, history, pace and corrections of the workbook `open_targets_task`
    opened, parsed now unless known; a new parse is kept in `cache_dir`."""
    data = finish_inputs(inputs, cache_dir)
    log = get_run_logger()
    log.info("读取目标 %d 行、历史数据 %d 行", len(data.targets), len(data.history))
    for problem in data.problems:
        log.warning(problem)
    return data


@task(name="compare-to-targets", cache_policy=NO_CACHE)
def compare_task(
    ledger_path: str,
    run: IngestRun,
    targets: TargetsData,
    year: int | None,
    period: str | None,
    units: list[str] | None = None,
    cache_dir: str | None = None,
) -> ScorecardTables:
    result = compare(ledger_path, run, targets, year, period, units or (), cache_dir)
    get_run_logger().info(
        "计分卡 %d 行，缺失数据 %d 行", len(result.sheets["计分卡"]), len(result.sheets["缺失数据"])
    )
    return result
