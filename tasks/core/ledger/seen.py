"""What a re-run needs to skip unchanged reports without reading them, in two queries.

`seen_files` keeps, per report file (by its ledger name), the size, mtime (ns), inode and ctime
(ns) it had when it was last hashed, with that hash. A file whose four are all unchanged is
taken to hold the same bytes: saving a file changes its mtime (and ctime, which no program can
set back), and replacing it by another changes its inode or ctime. A run asked for a full
check (`scorecard run --full`) hashes every file regardless.
"""

from __future__ import annotations

from collections.abc import Iterable

Signature = tuple[int, int, int, int]  # size, mtime_ns, inode, ctime_ns


def file_signature(st) -> Signature:
    """The four facts of an `os.stat` result that change whenever the file's bytes do."""
    return (st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)


def load_seen(conn) -> dict[str, tuple[Signature, str]]:
    """Ledger name -> (signature when last hashed, that SHA-256), for every file seen."""
    rows = conn.execute("SELECT path, size, mtime_ns, inode, ctime_ns, sha256 FROM seen_files")
    return {r[0]: ((r[1], r[2], r[3], r[4]), r[5]) for r in rows}


def record_seen(conn, seen: Iterable[tuple[str, Signature, str]]) -> None:
    """Store (ledger name, signature, SHA-256) of files just hashed, in one transaction."""
    rows = [(name, *sig, sha) for name, sig, sha in seen]
    if not rows:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.executemany(
            "INSERT INTO seen_files (path, size, mtime_ns, inode, ctime_ns, sha256)"
            " VALUES (?,?,?,?,?,?) ON CONFLICT (path) DO UPDATE SET size=excluded.size,"
            " mtime_ns=excluded.mtime_ns, inode=excluded.inode, ctime_ns=excluded.ctime_ns,"
            " sha256=excluded.sha256",
            rows,
        )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def load_version_ids(conn, key: str) -> dict[tuple[str, str, str], int]:
    """(ledger name, SHA-256, version key) -> report id of every version analysed with the
    analysis `key` (a manifest row adds a suffix to it: pipeline.version_key)."""
    rows = conn.execute(
        "SELECT path, sha256, analysis_key, id FROM reports"
        " WHERE analysis_key = ? OR analysis_key LIKE ?",
        (key, key + "-%"),
    )
    return {(r[0], r[1], r[2]): r[3] for r in rows}
