"""Prefect tasks for finding and reading reports (thin wrappers over tasks.core)."""

from __future__ import annotations

from pathlib import Path

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from tasks.core.catalogue import Catalogue
from tasks.core.ingest import IngestResult, discover_reports, find_known, ingest_report
from tasks.core.ledger import open_ledger
from tasks.core.manifest import lookup_manifest, read_manifest
from tasks.core.model import ReportMeta


@task(name="discover-reports", cache_policy=NO_CACHE)
def discover_reports_task(folder: str) -> tuple[list[str], dict[str, ReportMeta], list[str]]:
    """Report files, the manifest's entries and the manifest's problems."""
    paths = discover_reports(folder)
    entries, problems = read_manifest(Path(folder) / "manifest.csv")
    get_run_logger().info("在 %s 找到 %d 个报告文件", folder, len(paths))
    return paths, entries, problems


def manifest_override(entries: dict[str, ReportMeta], folder: str, path: str) -> ReportMeta | None:
    return lookup_manifest(entries, Path(path).relative_to(folder)) if entries else None


@task(name="check-ledger", cache_policy=NO_CACHE)
def check_ledger_task(
    paths: list[str], ledger_path: str, key: str, overrides: list[ReportMeta | None]
) -> list[IngestResult | None]:
    """For each report, its ledger record when unchanged since it was read, else None."""
    conn = open_ledger(ledger_path)
    try:
        known = [find_known(conn, p, key, o) for p, o in zip(paths, overrides, strict=True)]
    finally:
        conn.close()
    n = sum(k is not None for k in known)
    get_run_logger().info("%d 个报告未变化，沿用台账；%d 个需要读取", n, len(paths) - n)
    return known


@task(
    name="read-report",
    retries=2,
    retry_delay_seconds=1,
    cache_policy=NO_CACHE,
    task_run_name="read-report-{path}",
)
def read_report_task(
    path: str, ledger_path: str, catalogue: Catalogue, key: str, override: ReportMeta | None
) -> IngestResult:
    """Read one report and record it in the ledger, unless this version is already there."""
    conn = open_ledger(ledger_path)
    try:
        result = ingest_report(conn, path, catalogue, key, override)
    finally:
        conn.close()
    log = get_run_logger()
    if result.status == "failed":
        log.warning("无法读取 %s：%s", path, result.message)
    else:
        log.info("%s %s", "已读取" if result.status == "new" else "未变化，沿用台账", path)
    return result
