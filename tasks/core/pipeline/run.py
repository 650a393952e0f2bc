"""One run of build-scorecard as steps, and the plain driver that calls them in order.

    open_inputs -> discover -> check_known -> read_one (each report) -> compare -> write_scorecard
                                                 finish_inputs (meanwhile) -^

The ingest side (listing the reports, checking and filling the ledger) is ingesting.py, the
comparison comparing.py; here are the run's request, its output side (the 说明 sheet's
account, the workbook written) and `build_run`. The Prefect flows (flows/scorecard.py) call
these same steps through thin tasks (tasks/*_tasks.py), the reads concurrently; `build_run`
calls them one after another, for the bench and the tests. Nothing else strings the pipeline
together.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path

from tasks.core.common.settings import SETTINGS
from tasks.core.comparison.tables import ScorecardTables
from tasks.core.ledger.postgres import safe_label
from tasks.core.pipeline.comparing import compare_batches as compare  # the run's comparison
from tasks.core.pipeline.ingest import IngestRun
from tasks.core.pipeline.ingesting import (  # the steps, for the driver and the bench
    Discovery,
    check_known,
    discover,
    gather,
    ingest_folder,
    prepare_ledger,
    read_one,
)
from tasks.core.pipeline.inputs import RunInputs, drop_targets, finish_inputs, open_inputs
from tasks.core.workbook.files import remove_stale_temps, save_atomically
from tasks.core.workbook.layout import build_workbook
from tasks.core.workbook.limits import EXCEL, ExcelLimits, unit_groups
from tasks.core.workbook.notes import RunInfo, notes_rows
from tasks.core.workbook.output import save_scorecard
from tasks.core.workbook.piecestore import open_store
from tasks.core.workbook.volumes import write_volumes

__all__ = [
    "Discovery",
    "RunRequest",
    "ScorecardRun",
    "build_run",
    "check_known",
    "compare",
    "discover",
    "gather",
    "ingest_and_compare",
    "ingest_folder",
    "make_output_folder",
    "prepare_ledger",
    "read_one",
    "run_info",
    "write_scorecard",
]


@dataclass(frozen=True)
class RunRequest:
    """What one run reads, where it writes, and which part of the scorecard it keeps."""

    reports_dir: str
    targets: str
    output_dir: str = "output"
    year: int | None = None
    period: str | None = None
    units: tuple[str, ...] = ()
    ledger: str = ""  # empty: the ledger in the output folder
    dask: str = ""  # the Dask scheduler analysing the reports; empty: this machine
    full: bool = False  # hash every report file, trusting no unchanged size and mtime

    @property
    def is_full(self) -> bool:
        """No 年度, 期间 or 单位 filter: the run's workbook is the 最新 one."""
        return self.year is None and not self.period and not self.units

    @property
    def ledger_path(self) -> str:
        return self.ledger or str(Path(self.output_dir) / SETTINGS.ledger_name)


@dataclass
class ScorecardRun:
    """What a whole run yields: the reports ingested, the tables, the workbook written."""

    ingest: IngestRun
    tables: ScorecardTables
    workbook: Path


def run_info(
    request: RunRequest, run: IngestRun, tables: ScorecardTables, inputs: RunInputs, now: datetime
) -> RunInfo:
    """The 说明 sheet's account of the run: parameters, inputs with checksums, problems."""
    reports = [(r.path, r.sha256) for r in run.results if r.status != "failed"]
    return RunInfo(
        started=now.isoformat(timespec="seconds"),
        parameters={
            "报告文件夹": request.reports_dir,
            "目标工作簿": request.targets,
            "输出文件夹": request.output_dir,
            "年度": request.year or "全部",
            "期间": request.period or "全部",
            "单位": "、".join(request.units) or "全部",
            "台账": safe_label(request.ledger_path),
            "分析": request.dask or "本机",
        },
        inputs=reports + ([(inputs.path, inputs.sha256)] if inputs.sha256 else []),
        # each failure's message names its file
        problems=run.problems + tables.problems + [msg for _, msg in run.failures],
        versions=tables.versions,
        counts={"报告数": len(run.report_ids), "无法读取": len(run.failures)},
    )


def write_scorecard(
    tables: ScorecardTables,
    info: RunInfo,
    output_dir: str,
    now: datetime,
    latest: bool = True,
    limits: ExcelLimits = EXCEL,
    reuse: bool = True,
) -> Path:
    """A new timestamped workbook (never replacing an earlier one), checked before it gets
    its name, and, when `latest` (a full run, no filter), the 最新 copy: it always means all
    units and periods. `workbook.OutputError` names what went wrong. A scorecard past
    Excel's `limits` is written as volumes by unit, and the path is that of their index.
    原文依据's rows rendered by earlier runs are reused unless `reuse` is False (`--full`);
    a full run forgets the pieces it did not use."""
    store = open_store(output_dir)
    elsewhere = tables.rendering  # 原文依据 being rendered by a second process, if it is
    if store is not None and not reuse:
        store.forget_all()
        if elsewhere is not None:
            elsewhere.reuse = False
    try:
        groups = unit_groups(tables.sheets, limits)
        if len(groups) > 1:
            notes = notes_rows(info)
            path = write_volumes(tables.sheets, notes, output_dir, now, limits, store, groups)
            if latest:
                target = Path(output_dir) / SETTINGS.latest_name
                save_atomically(lambda tmp: shutil.copyfile(path, tmp), target)
            return path
        wb = build_workbook(tables.sheets, notes_rows(info), limits, store, elsewhere)
        return save_scorecard(wb, output_dir, now, SETTINGS.latest_name if latest else None)
    finally:
        if elsewhere is not None:
            elsewhere.close()
        if store is not None:
            store.close(prune=latest)


def ingest_and_compare(
    request: RunRequest, inputs: RunInputs | None = None, workers: int = 1
) -> tuple[IngestRun, ScorecardTables]:
    """Read new reports into the ledger, then compare every report with the targets; the
    targets are parsed while the reports are analysed."""
    inputs = inputs or open_inputs(request.targets, request.output_dir)
    run = ingest_folder(
        request.reports_dir,
        request.ledger_path,
        inputs.catalogue,
        inputs.catalogue_problems,
        workers,
        request.full,
        partial(finish_inputs, inputs, request.output_dir),
    )
    tables = compare(
        request.ledger_path,
        run,
        finish_inputs(inputs, request.output_dir),  # parsed meanwhile
        request.year,
        request.period,
        request.units,
        request.output_dir,
    )
    return run, tables


def build_run(request: RunRequest, now: datetime | None = None, workers: int = 1) -> ScorecardRun:
    """The whole of build-scorecard without Prefect: ingest, compare, write the workbook;
    `workers` processes analyse the reports."""
    now = now or datetime.now()
    remove_stale_temps(request.output_dir)  # half-written files of a run killed while saving
    make_output_folder(request.output_dir)
    inputs = open_inputs(request.targets, request.output_dir)
    run, tables = ingest_and_compare(request, inputs, workers)
    drop_targets(inputs)  # compared: not needed to write the workbook
    info = run_info(request, run, tables, inputs, now)
    workbook = write_scorecard(
        tables, info, request.output_dir, now, request.is_full, reuse=not request.full
    )
    return ScorecardRun(run, tables, workbook)


def make_output_folder(output_dir: str) -> None:
    """The run's output folder, made at its start: the targets' parse is kept there as soon as
    it is done. A folder that cannot be made is left to the writing of the workbook to report."""
    with contextlib.suppress(OSError):
        os.makedirs(output_dir, exist_ok=True)
