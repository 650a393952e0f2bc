"""Prefect tasks that write the workbook and publish the run's artifacts."""

from __future__ import annotations

from datetime import datetime

from prefect import get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE

from tasks.core.comparison import ScorecardTables
from tasks.core.pipeline import write_scorecard
from tasks.core.workbook import (
    RunInfo,
    overview_description,
    overview_records,
    summary_markdown,
)


# Not retried: a second attempt would write a second dated workbook, and what fails here
# (a full disk, a folder named like the workbook) fails again.
@task(name="write-scorecard", cache_policy=NO_CACHE)
def write_workbook_task(
    tables: ScorecardTables,
    info: RunInfo,
    output_dir: str,
    now: datetime,
    latest: bool = True,
    reuse: bool = True,
) -> str:
    """A new timestamped workbook (never replacing an earlier one) and, for a full run
    (`latest`: no 年度, 期间 or 单位 filter), the 最新 copy: it always means all units.
    `reuse`: 原文依据 pieces of unchanged reports kept from earlier runs (not with --full)."""
    path = write_scorecard(tables, info, output_dir, now, latest=latest, reuse=reuse)
    get_run_logger().info("计分卡已写入 %s", path)
    return str(path)


@task(name="publish-artifacts", cache_policy=NO_CACHE)
def publish_artifacts_task(tables: ScorecardTables, workbook: str, failures: list) -> None:
    create_table_artifact(
        overview_records(tables.sheets["总览"]),
        key="scorecard-overview",
        description=overview_description(tables.sheets["总览"]),
    )
    create_markdown_artifact(
        summary_markdown(tables.sheets, workbook, failures),
        key="scorecard-summary",
        description="未达目标、缺失数字和工作簿路径",
    )
