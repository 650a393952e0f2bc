"""A report's identity in the ledger: its path relative to the reports folder.

`scorecard run` names the folder `reports`, `scorecard serve` names it by its full path and a
worker by the path of a share; the same file is one report to all of them. Ledgers written
before this rule (schema version 1) hold the paths as given; `migrate_paths` rewrites them
once, the first time a run opens the ledger knowing its reports folder.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import PurePath, PurePosixPath

PATHS_VERSION = 2  # PRAGMA user_version from which report paths are relative to the folder


def ledger_name(path: str, folder: str | None) -> str:
    """The ledger's name for the report at `path` found in `folder`: the path relative to the
    folder with `/` separators, or the path itself when it lies outside (or no folder given).

    >>> ledger_name("reports/临江区/a.txt", "reports")
    '临江区/a.txt'
    >>> ledger_name("/srv/计分卡/reports/临江区/a.txt", "/srv/计分卡/reports/")
    '临江区/a.txt'
    >>> ledger_name("/elsewhere/a.txt", "/srv/reports")
    '/elsewhere/a.txt'
    """
    if folder is None:
        return path
    rel = _relative(os.path.abspath(path), os.path.abspath(folder))
    return rel if rel is not None else path


def _relative(path: str, folder: str) -> str | None:
    """`path` relative to `folder` (posix), if it lies inside; both lexically absolute."""
    try:
        rel = os.path.relpath(path, folder)
    except ValueError:  # another drive on Windows
        return None
    if rel == os.curdir or rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return None
    return PurePath(rel).as_posix()


def stored_name(stored: str, folder: str) -> str | None:
    """The relative name of a path stored by an older version, if it lies in `folder`.

    Tried in turn: an absolute path under the folder (as given or with links resolved); a
    path relative to the working folder (the CLI's `reports/...`) that lies under it; a
    relative path whose leading folders are the reports folder's last ones, when that file is
    there (the CLI run from the project folder, the ledger now opened from elsewhere).
    """
    roots = {os.path.abspath(folder), os.path.realpath(folder)}
    if os.path.isabs(stored):
        candidates = [stored, os.path.realpath(stored)]
    else:
        candidates = [os.path.abspath(stored)]
    for candidate in candidates:
        for root in roots:
            rel = _relative(os.path.normpath(candidate), root)
            if rel is not None:
                return rel
    if not os.path.isabs(stored):
        parts = PurePath(os.path.normpath(stored)).parts
        tail = PurePath(os.path.abspath(folder)).parts
        for n in range(len(parts) - 1, 0, -1):
            if tuple(parts[:n]) == tuple(tail[-n:]):
                rest = PurePosixPath(*parts[n:])
                if os.path.isfile(os.path.join(folder, *rest.parts)):
                    return str(rest)
    return None


def migrate_paths(conn: sqlite3.Connection, folder: str) -> int:
    """Rewrite a version-1 ledger's report paths relative to `folder`; merge the versions
    that become exact duplicates (same path, SHA-256 and analysis key), keeping the oldest.

    Paths outside the folder stay as they are; nothing but duplicate versions (whose figures
    the kept version holds as well) is removed. Returns the number of rows rewritten or
    merged; 0 when the ledger is already migrated.
    """
    if _version(conn) >= PATHS_VERSION:
        return 0
    conn.execute("BEGIN IMMEDIATE")
    try:
        if _version(conn) >= PATHS_VERSION:  # another run migrated it meanwhile
            conn.execute("COMMIT")
            return 0
        changed = _rewrite(conn, folder)
        conn.execute(f"PRAGMA user_version={PATHS_VERSION}")
        conn.execute("COMMIT")
        return changed
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def _rewrite(conn: sqlite3.Connection, folder: str) -> int:
    rows = conn.execute("SELECT id, path, sha256, analysis_key FROM reports ORDER BY id")
    keep: dict[tuple[str, str, str], int] = {}
    renames: list[tuple[str, int]] = []
    drops: list[int] = []
    for rid, path, sha, key in rows.fetchall():
        name = stored_name(path, folder) or path
        ident = (name, sha, key)
        if ident in keep:
            drops.append(rid)
            continue
        keep[ident] = rid
        if name != path:
            renames.append((name, rid))
    for table in ("figures", "hidden"):
        conn.executemany(f"DELETE FROM {table} WHERE report_id=?", [(r,) for r in drops])
    conn.executemany("DELETE FROM reports WHERE id=?", [(r,) for r in drops])
    # Through a placeholder name first: renamed in place, one row could take a name another
    # row still holds until its own rename, and UNIQUE (path, sha256, analysis_key) checks
    # every single step.
    conn.executemany(
        "UPDATE reports SET path='<migrating>' || id WHERE id=?", [(r,) for _, r in renames]
    )
    conn.executemany("UPDATE reports SET path=? WHERE id=?", renames)
    return len(renames) + len(drops)
