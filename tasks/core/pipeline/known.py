"""Which reports of a folder the ledger already holds, as they are now: two ledger queries for
the whole folder, and a file is read only when its size, mtime, inode or ctime changed since
it was last hashed (ledger/seen.py), or when the run asks for a full check."""

from __future__ import annotations

import hashlib
import os

from tasks.core.common.model import ReportMeta
from tasks.core.common.safetext import shown_name
from tasks.core.ledger.paths import ledger_name
from tasks.core.ledger.seen import file_signature, load_seen, load_version_ids, record_seen
from tasks.core.ledger.store import Ledger
from tasks.core.pipeline.ingest import IngestResult, read_report_file, version_key
from tasks.core.reading.decode import UnreadableReport


def known_versions(
    conn: Ledger,
    paths: list[str],
    overrides: list[ReportMeta | None],
    key: str,
    folder: str | None,
    full: bool = False,
) -> list[IngestResult | None]:
    """For each path, its "known" result when the ledger holds the file's present version
    analysed with this analysis `key`, else None; the signatures of files hashed are stored.

    `full`: hash every file, trusting no signature.
    """
    ids = load_version_ids(conn, key)
    if not ids:  # a first run (or new analysis code): no file can be known, none is hashed
        return [None] * len(paths)
    seen = {} if full else load_seen(conn)
    analysed = {name for name, _, _ in ids}  # no other file can be known: none is hashed
    out, hashed = [], []
    for path, override in zip(paths, overrides, strict=True):
        name = shown_name(ledger_name(path, folder))
        if name not in analysed:  # a first run or new file: reading hashes it (and records it)
            out.append(None)
            continue
        try:
            sig = file_signature(os.stat(path))
            last = seen.get(name)
            if last is not None and last[0] == sig:
                sha = last[1]
            else:
                sha = hashlib.sha256(read_report_file(path)).hexdigest()
                hashed.append((name, sig, sha))
        except (UnreadableReport, OSError):
            out.append(None)  # the per-report step reports it properly
            continue
        rid = ids.get((name, sha, version_key(key, override)))
        out.append(
            None if rid is None else IngestResult(str(shown_name(path)), "known", rid, sha256=sha)
        )
    record_seen(conn, hashed)
    return out
