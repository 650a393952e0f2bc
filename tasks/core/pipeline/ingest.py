"""Finding report files and recording each one in the ledger (one unit of work per report)."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cache
from importlib import resources
from pathlib import Path

from tasks.core.common.catalogue import Catalogue
from tasks.core.common.filetype import (
    InputError,
    inside,
    listed_in,
    listed_path,
    read_regular,
)
from tasks.core.common.model import ReportMeta
from tasks.core.common.safetext import shown_name
from tasks.core.common.settings import SETTINGS
from tasks.core.ledger.paths import ledger_name
from tasks.core.ledger.rows import ReportRows, report_rows
from tasks.core.ledger.seen import Signature, file_signature, record_seen
from tasks.core.ledger.store import Ledger, find_version, record_rows
from tasks.core.pipeline.reports import read_report
from tasks.core.reading.decode import UnreadableReport, os_error_message

REPORT_SUFFIXES = {".txt", ".docx", ".pdf", ".doc", ".wps", ".rtf", ".odt"}
REPORT_SUFFIXES |= {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp"}  # photos and scans: OCR
_SKIP_NAMES = {"manifest.csv", "readme.md"}


@dataclass(frozen=True)
class IngestResult:
    path: str  # as found (the ledger names it relative to the reports folder)
    status: str  # "new", "known" or "failed"
    report_id: int | None = None
    message: str = ""
    sha256: str = ""  # of the bytes read, so 说明 lists the version that was analysed


@dataclass
class IngestRun:
    """What ingesting a folder yields: each report's result, the catalogue used, the problems."""

    results: list[IngestResult]
    catalogue: Catalogue
    problems: list[str] = field(default_factory=list)  # 指标库 and manifest problems

    @property
    def report_ids(self) -> list[int]:
        return [r.report_id for r in self.results if r.report_id is not None]

    @property
    def failures(self) -> list[tuple[str, str]]:
        return [(Path(r.path).name, r.message) for r in self.results if r.status == "failed"]


def discover_reports(folder: str | Path) -> list[str]:
    """Report files under `folder`, any depth, sorted; symlink loops and temp files skipped."""
    return find_reports(folder)[0]


def find_reports(folder: str | Path) -> tuple[list[str], list[str]]:
    """Report files under `folder` and the problems of what was skipped.

    Symlinks are followed only while they stay inside the folder: one to /etc/passwd or to
    another office's share is listed (with where it points) and never opened. The order is
    `os.walk`'s (a folder's files sorted, then its subfolders sorted, each in turn).
    """
    out: list[str] = []
    skipped: list[str] = []
    top = os.path.realpath(folder)
    _list_folder(str(folder), top, folder, top, out, skipped, set())
    return out, skipped


def _list_folder(
    root: str, real: str, folder: str | Path, top: str, out: list, skipped: list, seen: set
) -> None:
    """One folder's reports, then its subfolders'; `real` is the folder's real path. A folder
    or file reached without a symlink lies where its parent does: only symlinks are resolved
    (100,000 reports in 20,000 folders: one `lstat` per file, a `realpath` per symlink)."""
    if real in seen:  # a symlink loop would walk forever
        return
    seen.add(real)
    try:
        with os.scandir(root) as it:
            entries = list(it)
    except OSError:  # unreadable folder: skipped, as os.walk does
        return
    dirs, files = [], []
    for entry in entries:
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        (dirs if is_dir else files).append(entry)
    for entry in sorted(files, key=_name):
        name = entry.name
        if name.startswith((".", "~$")) or name.lower() in _SKIP_NAMES:
            continue
        if os.path.splitext(name)[1].lower() not in REPORT_SUFFIXES:
            continue
        full = os.path.join(root, name)
        # Which file was listed: checked at reading. Most files are no symlinks, and
        # their folder is inside: one lstat each (10,000 files: 0.5 s less).
        listed = listed_in(real, full)
        if listed is not None:
            out.append(listed)
        elif inside(full, top):
            out.append(listed_path(full))
        else:
            skipped.append(_outside(folder, full))
    kept = []
    for entry in sorted((d for d in dirs if not d.name.startswith(".")), key=_name):
        path = os.path.join(root, entry.name)
        if not _is_link(entry):
            kept.append((path, os.path.join(real, entry.name)))
        elif inside(path, top):
            kept.append((path, os.path.realpath(path)))
        else:
            skipped.append(_outside(folder, path))
    for path, sub_real in kept:
        _list_folder(path, sub_real, folder, top, out, skipped, seen)


def _name(entry: os.DirEntry) -> str:
    return entry.name


def _is_link(entry: os.DirEntry) -> bool:
    try:
        return entry.is_symlink()
    except OSError:
        return True  # resolved the careful way


def _outside(folder: str | Path, link: str) -> str:
    where = shown_name(os.path.relpath(link, folder))
    target = shown_name(os.path.realpath(link))
    return (
        f"{where}：快捷方式（符号链接）指向报告文件夹以外的 {target}，未读取；"
        "如需计入，请把文件复制到报告文件夹中"
    )


@cache
def code_fingerprint() -> str:
    """Changes whenever the analysing code or a lexicon changes, so old results are redone."""
    h = hashlib.sha256()
    for package in ("tasks.core", "tasks.lexicon"):
        for name, data in _package_files(resources.files(package)):
            h.update(name.encode() + data)
    return h.hexdigest()[:16]


def _package_files(folder, prefix: str = "") -> list[tuple[str, bytes]]:
    """(relative name, bytes) of the code and data files under `folder`, subpackages included."""
    out = []
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.is_dir() and not entry.name.startswith((".", "__")):
            out += _package_files(entry, f"{prefix}{entry.name}/")
        elif entry.name.endswith((".py", ".yaml", ".csv", ".txt")):
            out.append((prefix + entry.name, entry.read_bytes()))
    return out


def analysis_key(catalogue: Catalogue) -> str:
    """The extractor's version for this catalogue: code fingerprint + catalogue contents."""
    cat = hashlib.sha256(repr(catalogue).encode("utf-8")).hexdigest()[:8]
    return f"{code_fingerprint()}-{cat}"


def ingest_report(
    conn: Ledger,
    path: str,
    catalogue: Catalogue,
    key: str,
    override: ReportMeta | None = None,
    folder: str | None = None,
) -> IngestResult:
    """Read and record one report unless this exact version is already in the ledger:
    `find_known`, else `analyse_file` then `record_analysed` (one place for each step).

    The ledger names the report by its path relative to `folder`, the reports folder it was
    found in (`ledger_name`). The bytes analysed are the bytes hashed (`analyse_file` reads
    the file once), so a report saved again while the run reads it is never recorded under
    the other version's checksum.
    """
    known = find_known(conn, path, key, override, folder)
    if known is not None:
        return known
    analysed = analyse_file(path, catalogue, key, override, folder)
    return record_analysed(conn, analysed) if isinstance(analysed, Analysed) else analysed


@dataclass(frozen=True)
class Analysed:
    """A report read and analysed but not yet recorded: what a worker process hands back.

    The report comes as the ledger's rows (built in the worker), not as a `Report`: the
    process recording it only inserts them."""

    found_as: str  # the path the report was found at (its IngestResult's path)
    report: ReportRows  # its path is the ledger's name for it
    key: str  # the report's version key (analysis key and manifest row)
    mtime: float
    signature: Signature | None = None  # the file's when read (ledger/seen.py)


def analyse_file(
    path: str,
    catalogue: Catalogue,
    key: str,
    override: ReportMeta | None = None,
    folder: str | None = None,
) -> Analysed | IngestResult:
    """Read and analyse one report without the ledger; a "failed" result when unreadable.

    Workers in other processes (or on other machines) run this; the flow records what they
    return (`record_analysed`), so only one process writes the ledger.
    """
    try:
        st = os.stat(path)
        data = read_report_file(path)
        report = read_report(path, catalogue, override, data=data)
    except UnreadableReport as exc:
        return IngestResult(str(path), "failed", message=str(exc))
    except OSError as exc:
        return IngestResult(
            str(path), "failed", message=os_error_message(shown_name(Path(path).name), exc)
        )
    # Results stay keyed by the path as found; the ledger stores a name SQLite can encode.
    rows = report_rows(replace(report, path=shown_name(ledger_name(path, folder))))
    return Analysed(str(path), rows, version_key(key, override), st.st_mtime, file_signature(st))


def record_analysed(conn: Ledger, analysed: Analysed) -> IngestResult:
    """Record a report analysed by `analyse_file` (once, however many runs record it)."""
    return record_batch(conn, [analysed])[0]


def record_batch(conn: Ledger, batch: list[Analysed | IngestResult]) -> list[IngestResult]:
    """The results of a batch `analyse_file` handed back, its analysed reports recorded in
    one transaction (the failed ones are their own result)."""
    analysed = [a for a in batch if isinstance(a, Analysed)]
    recorded: dict[int, IngestResult] = {}
    if analysed:
        now = datetime.now().isoformat(timespec="seconds")
        ids = record_rows(conn, [(a.report, a.key, a.mtime) for a in analysed], now)
        # The bytes just hashed: a re-run trusts them while the file's signature holds.
        record_seen(
            conn, [(a.report.path, a.signature, a.report.sha256) for a in analysed if a.signature]
        )
        recorded = {
            id(a): IngestResult(a.found_as, "new", rid, sha256=a.report.sha256)
            for a, rid in zip(analysed, ids, strict=True)
        }
    return [recorded[id(a)] if isinstance(a, Analysed) else a for a in batch]


def version_key(key: str, override: ReportMeta | None) -> str:
    """The analysis key of one report: a manifest row changes its metadata, so it counts."""
    if override is None:
        return key
    return f"{key}-{hashlib.sha256(repr(override).encode()).hexdigest()[:8]}"


def find_known(
    conn: Ledger,
    path: str,
    key: str,
    override: ReportMeta | None = None,
    folder: str | None = None,
) -> IngestResult | None:
    """The ledger's record of the file as it is now, if this version was already analysed.

    Only hashes the file, so a re-run can skip unchanged reports before any per-report work.
    """
    try:
        sha = hashlib.sha256(read_report_file(path)).hexdigest()
    except (UnreadableReport, OSError):
        return None  # the per-report step reports it properly
    name = shown_name(ledger_name(path, folder))
    rid = find_version(conn, name, sha, version_key(key, override))
    return (
        IngestResult(str(shown_name(path)), "known", rid, sha256=sha) if rid is not None else None
    )


def read_report_file(path: str) -> bytes:
    """The bytes of a regular file of sensible size; anything else is an UnreadableReport.

    A FIFO or device named like a report would block the run forever on read; a file swapped
    for a symlink (or a FIFO) after the folder was listed is refused (`read_regular`).
    """
    try:
        return read_regular(path, shown_name(Path(path).name), SETTINGS.max_report_bytes)
    except InputError as exc:
        raise UnreadableReport(str(exc)) from exc
