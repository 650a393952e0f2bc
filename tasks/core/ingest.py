"""Finding report files and recording each one in the ledger (one unit of work per report)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib import resources
from pathlib import Path

from tasks.core.catalogue import Catalogue
from tasks.core.ledger import find_version, record_report
from tasks.core.model import ReportMeta
from tasks.core.reading import UnreadableReport
from tasks.core.reports import read_report

REPORT_SUFFIXES = {".txt", ".docx", ".pdf", ".doc", ".wps", ".rtf", ".odt"}
_SKIP_NAMES = {"manifest.csv", "readme.md"}


@dataclass(frozen=True)
class IngestResult:
    path: str
    status: str  # "new", "known" or "failed"
    report_id: int | None = None
    message: str = ""


def discover_reports(folder: str | Path) -> list[str]:
    """Report files under `folder`, any depth, sorted; symlink loops and temp files skipped."""
    out, seen = [], set()
    for root, dirs, files in os.walk(folder, followlinks=True):
        real = os.path.realpath(root)
        if real in seen:  # a symlink loop would walk forever
            dirs[:] = []
            continue
        seen.add(real)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith((".", "~$")) or name.lower() in _SKIP_NAMES:
                continue
            if Path(name).suffix.lower() in REPORT_SUFFIXES:
                out.append(os.path.join(root, name))
    return out


@cache
def code_fingerprint() -> str:
    """Changes whenever the analysing code or a lexicon changes, so old results are redone."""
    h = hashlib.sha256()
    for package in ("tasks.core", "tasks.lexicon"):
        for entry in sorted(resources.files(package).iterdir(), key=lambda p: p.name):
            if entry.name.endswith((".py", ".yaml", ".csv", ".txt")):
                h.update(entry.name.encode() + entry.read_bytes())
    return h.hexdigest()[:16]


def analysis_key(catalogue: Catalogue) -> str:
    """The extractor's version for this catalogue: code fingerprint + catalogue contents."""
    cat = hashlib.sha256(repr(catalogue).encode("utf-8")).hexdigest()[:8]
    return f"{code_fingerprint()}-{cat}"


def sha256_of(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def ingest_report(
    conn: sqlite3.Connection,
    path: str,
    catalogue: Catalogue,
    key: str,
    override: ReportMeta | None = None,
) -> IngestResult:
    """Read and record one report unless this exact version is already in the ledger."""
    if override is not None:  # a manifest row changes the metadata, so it is part of the key
        key = f"{key}-{hashlib.sha256(repr(override).encode()).hexdigest()[:8]}"
    try:
        known = find_version(conn, path, sha256_of(path), key)
        if known is not None:
            return IngestResult(path, "known", known)
        report = read_report(path, catalogue, override)
    except UnreadableReport as exc:
        return IngestResult(path, "failed", message=str(exc))
    except OSError as exc:
        return IngestResult(
            path, "failed", message=f"{Path(path).name}：无法读取（{exc.strerror or exc}）"
        )
    now = datetime.now().isoformat(timespec="seconds")
    rid = record_report(conn, report, key, os.path.getmtime(path), now)
    return IngestResult(path, "new", rid)
