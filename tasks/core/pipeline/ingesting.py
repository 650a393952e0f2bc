"""The ingest side of a run: the reports folder listed, checked against the ledger, and its
new or changed reports read into it.

    discover -> prepare_ledger -> check_known -> read_one (each new report) -> gather

`ingest_folder` calls these in sequence (or reads in processes), for `build_run`, the bench
and the tests; the Prefect flows call the same steps through thin tasks (tasks/ingest_tasks.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tasks.core.common.catalogue import Catalogue
from tasks.core.common.model import ReportMeta
from tasks.core.common.settings import SETTINGS
from tasks.core.document.manifest import lookup_manifest
from tasks.core.ledger.health import check_ledger_file, ledger_errors
from tasks.core.ledger.postgres import is_database_url
from tasks.core.ledger.store import open_ledger
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
from tasks.core.pipeline.inputs import read_manifest_file
from tasks.core.pipeline.known import known_versions


@dataclass
class Discovery:
    """The report files of a folder, each with its manifest entry, and the manifest's problems."""

    folder: str  # the reports folder: the ledger names each report relative to it
    paths: list[str]
    overrides: list[ReportMeta | None]
    problems: list[str] = field(default_factory=list)

    def unread(self, known: list[IngestResult | None]) -> list[tuple[str, ReportMeta | None]]:
        """The reports to read (`known`: `check_known`'s answer), with their manifest entry."""
        pairs = zip(self.paths, self.overrides, known, strict=True)
        return [(p, o) for p, o, k in pairs if k is None]


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
    todo = found.unread(known)
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
