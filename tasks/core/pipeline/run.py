"""One run of build-scorecard as steps, and the plain driver that calls them in order.

    open_inputs -> discover -> check_known -> read_one (each report) -> compare -> write_scorecard
                                                 finish_inputs (meanwhile) -^

The Prefect flows (flows/scorecard.py) call these same steps through thin tasks
(tasks/*_tasks.py), the reads concurrently; `build_run` calls them one after another, for the
bench and the tests. Nothing else strings the pipeline together.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path

from tasks.core.common.catalogue import Catalogue
from tasks.core.common.model import ReportMeta
from tasks.core.common.settings import SETTINGS
from tasks.core.comparison.tables import ScorecardTables
from tasks.core.document.manifest import lookup_manifest
from tasks.core.ledger.health import check_ledger_file, ledger_errors
from tasks.core.ledger.postgres import is_database_url, safe_label
from tasks.core.ledger.store import open_ledger
from tasks.core.pipeline.comparing import compare_batches as compare  # the run's comparison
from tasks.core.pipeline.ingest import (
    Analysed,
    IngestResult,
    IngestRun,
    analyse_file,
    analysis_key,
    find_reports,
    ingest_report,
    record_batch,
)
from tasks.core.pipeline.inputs import RunInputs, finish_inputs, open_inputs, read_manifest_file
from tasks.core.pipeline.known import known_versions
from tasks.core.workbook.files import remove_stale_temps, save_atomically
from tasks.core.workbook.layout import build_workbook
from tasks.core.workbook.limits import EXCEL, ExcelLimits, unit_groups
from tasks.core.workbook.notes import RunInfo, notes_rows
from tasks.core.workbook.output import save_scorecard
from tasks.core.workbook.piecestore import open_store
from tasks.core.workbook.volumes import write_volumes


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
class Discovery:
    """The report files of a folder, each with its manifest entry, and the manifest's problems."""

    folder: str  # the reports folder: the ledger names each report relative to it
    paths: list[str]
    overrides: list[ReportMeta | None]
    problems: list[str] = field(default_factory=list)


@dataclass
class ScorecardRun:
    """What a whole run yields: the reports ingested, the tables, the workbook written."""

    ingest: IngestRun
    tables: ScorecardTables
    workbook: Path


def discover(reports_dir: str) -> Discovery:
    """Every report file under `reports_dir` with its `manifest.csv` entry, if any; symlinks
    leading out of the folder are listed among the problems, never opened."""
    paths, skipped = find_reports(reports_dir)
    entries, problems = read_manifest_file(reports_dir)
    problems = problems + skipped
    overrides = [
        lookup_manifest(entries, Path(p).relative_to(reports_dir)) if entries else None
        for p in paths
    ]
    return Discovery(reports_dir, paths, overrides, problems)


def check_known(
    ledger: str, found: Discovery, key: str, full: bool = False
) -> list[IngestResult | None]:
    """For each report, its ledger record when unchanged since it was read, else None.

    A file whose size, mtime, inode and ctime are those it had when last hashed is not read
    again (ledger/seen.py); `full` hashes every file."""
    with ledger_errors(ledger):
        conn = open_ledger(ledger, found.folder)
        try:
            return known_versions(conn, found.paths, found.overrides, key, found.folder, full)
        finally:
            conn.close()


def prepare_ledger(ledger: str) -> list[str]:
    """A damaged or foreign ledger moved aside (the run rebuilds it); the lines saying so.

    Raises `ledger.LedgerError` when another program holds the ledger.
    A PostgreSQL ledger is the database's to look after.
    """
    return [] if is_database_url(ledger) else check_ledger_file(ledger)


def read_one(
    ledger: str,
    path: str,
    catalogue: Catalogue,
    key: str,
    override: ReportMeta | None,
    folder: str | None = None,
) -> IngestResult:
    """Read one report and record it in the ledger, unless this version is already there.

    `folder` is the reports folder the report was found in: the ledger names it relative to it.
    """
    with ledger_errors(ledger):
        conn = open_ledger(ledger, folder)
        try:
            return ingest_report(conn, path, catalogue, key, override, folder)
        finally:
            conn.close()


def gather(
    found: Discovery,
    known: list[IngestResult | None],
    read: dict[str, IngestResult],
    catalogue: Catalogue,
    catalogue_problems: list[str],
) -> IngestRun:
    """The ingest's outcome in discovery order: known reports from the ledger, the rest read."""
    results = [k or read[p] for p, k in zip(found.paths, known, strict=True)]
    return IngestRun(results, catalogue, catalogue_problems + found.problems)


def ingest_folder(
    reports_dir: str,
    ledger: str,
    catalogue: Catalogue,
    problems: list[str],
    workers: int = 1,
    full: bool = False,
    meanwhile: Callable[[], object] = lambda: None,
) -> IngestRun:
    """Every new or changed report under `reports_dir` recorded in the ledger, in sequence;
    with `workers` > 1 analysed by that many processes (no Prefect: the bench's baseline of
    the flow's parallelism) and recorded by this one, which calls `meanwhile` (the targets'
    parse) once the reports are handed out."""
    found, key = discover(reports_dir), analysis_key(catalogue)
    problems = problems + prepare_ledger(ledger)
    known = check_known(ledger, found, key, full)
    todo = [
        (p, o) for p, o, k in zip(found.paths, found.overrides, known, strict=True) if k is None
    ]
    if workers > 1:
        read = _read_in_processes(todo, ledger, catalogue, key, found.folder, workers, meanwhile)
    else:
        meanwhile()
        read = {p: read_one(ledger, p, catalogue, key, o, found.folder) for p, o in todo}
    return gather(found, known, read, catalogue, problems)


def _read_in_processes(
    todo: list,
    ledger: str,
    catalogue: Catalogue,
    key: str,
    folder: str,
    workers: int,
    meanwhile: Callable[[], object],
) -> dict[str, IngestResult]:
    from concurrent.futures import ProcessPoolExecutor

    paths, overrides = [p for p, _ in todo], [o for _, o in todo]
    chunk = max(1, min(SETTINGS.max_batch, -(-len(todo) // (4 * workers))))
    read: dict[str, IngestResult] = {}
    conn = open_ledger(ledger, folder)
    with ProcessPoolExecutor(workers) as pool:
        analysed = pool.map(
            analyse_file,
            paths,
            [catalogue] * len(todo),
            [key] * len(todo),
            overrides,
            [folder] * len(todo),
            chunksize=chunk,
        )
        try:
            meanwhile()  # every report is handed out: this process is free until they return
            batch: list[Analysed | IngestResult] = []
            for item in analysed:  # recorded a chunk at a time, as the flow records a task's
                batch.append(item)
                if len(batch) == chunk:
                    read.update((r.path, r) for r in record_batch(conn, batch))
                    batch = []
            read.update((r.path, r) for r in record_batch(conn, batch))
        finally:
            conn.close()
    return read


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
        if len(unit_groups(tables.sheets, limits)) > 1:
            path = write_volumes(tables.sheets, notes_rows(info), output_dir, now, limits, store)
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
