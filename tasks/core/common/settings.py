"""Run parameters as typed values, from one table: tasks/lexicon/run_settings.yaml."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from tasks.core.common.lexicon import load_yaml


@dataclass(frozen=True)
class RunSettings:
    ledger_name: str  # the ledger's file name in the output folder
    workbook_stem: str  # each run's workbook: <stem>_<timestamp>.xlsx
    latest_name: str  # the copy of the newest workbook
    max_report_bytes: int  # larger report files are skipped with a message
    analysis_workers: int  # worker processes analysing reports
    max_batch: int  # reports per Prefect task at the end of a run (and per plain-pipeline chunk)
    largest_batch: int  # reports per Prefect task at most (the first tasks of a large run)
    few_reports: int  # fewer new reports than this are read by threads of the run's process
    stale_temp_seconds: int  # a killed run's temporary file older than this is removed
    pace: Mapping[str, float]  # period -> share of the annual target due by its end


def load_run_settings(name: str = "run_settings.yaml") -> RunSettings:
    """The settings in tasks/lexicon/<name>; a missing or wrong-typed value raises."""
    raw = load_yaml(name)
    settings = RunSettings(
        ledger_name=str(raw["ledger_name"]),
        workbook_stem=str(raw["workbook_stem"]),
        latest_name=str(raw["latest_name"]),
        max_report_bytes=_positive(raw, "max_report_mb") * 1024 * 1024,
        analysis_workers=_positive(raw, "analysis_workers"),
        max_batch=_positive(raw, "max_batch"),
        largest_batch=_positive(raw, "largest_batch"),
        few_reports=_positive(raw, "few_reports"),
        stale_temp_seconds=_positive(raw, "stale_temp_hours") * 3600,
        pace=MappingProxyType({str(k): float(v) for k, v in raw["pace"].items()}),
    )
    if not all(0 < share <= 1 for share in settings.pace.values()):
        raise ValueError(f"{name}: pace shares must lie in (0, 1]")
    return settings


def _positive(raw: dict, key: str) -> int:
    value = raw[key]
    if not isinstance(value, int) or value <= 0:
        raise ValueError(f"run_settings.yaml: {key} must be a positive integer, not {value!r}")
    return value


SETTINGS = load_run_settings()
