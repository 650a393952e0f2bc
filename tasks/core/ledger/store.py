"""The ledger: every report version read, with its figures, kept for good.

A changed report is a new version (new SHA-256); the old one stays recorded. WAL mode and
one transaction per report (or per batch of reports) keep two overlapping runs safe. The
ledger is a SQLite file, or, named by a postgresql:// address, a PostgreSQL database
(ledger/postgres.py) run with the same SQL.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from tasks.core.common.frames import iter_rows
from tasks.core.common.model import Report
from tasks.core.ledger.health import BUSY_SECONDS
from tasks.core.ledger.migrations import ADDED_COLUMNS, SCHEMA, SCHEMA_VERSION, upgrade, version_of
from tasks.core.ledger.postgres import PostgresLedger, is_database_url, postgres_schema
from tasks.core.ledger.rows import FIGURE_COLUMNS, REPORT_COLUMNS, ReportRows, report_rows
from tasks.core.workbook.files import create_whole

Ledger = sqlite3.Connection | PostgresLedger
# Ids per query: PostgreSQL takes at most 65,535 parameters, SQLite builds may take fewer.
_IDS_PER_QUERY = 10_000
_READ_ROWS = 20_000  # rows of a query made into a frame at a time (`read_frame`)

# The figure columns the comparison reads: all but the section heading path (unused there, and
# a long text per figure: ~5 % of the time and memory of loading the figures).
COMPARED_COLUMNS = ", ".join(c for c in FIGURE_COLUMNS.split(", ") if c != "section")


def open_ledger(path: str | Path, reports_dir: str | None = None) -> Ledger:
    """Open (creating if needed) the ledger at `path` (a file or a postgresql:// address);
    with `reports_dir`, an older SQLite ledger's report paths are first made relative to that
    folder (`migrate_paths`; a PostgreSQL ledger has relative paths from its start).

    Two runs may open a new ledger at the same moment. Switching it to WAL needs the file to
    itself, and SQLite answers "database is locked" at once rather than waiting, so the
    switch (made only once: WAL mode persists) and the schema are retried briefly.
    """
    if is_database_url(path):
        return PostgresLedger(str(path), postgres_schema(SCHEMA, ADDED_COLUMNS), SCHEMA_VERSION)
    if not Path(path).exists():
        # Made whole beside its place, then linked there: a run killed meanwhile leaves no
        # ledger without its tables.
        create_whole(lambda new: _new_ledger(new, reports_dir), path)
    # A few seconds: a report's transaction takes milliseconds, so a longer wait means another
    # program holds the ledger, and the clerk should hear so rather than wait minutes.
    conn = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout={BUSY_SECONDS * 1000}")
    conn.execute("PRAGMA foreign_keys=ON")
    # In WAL mode NORMAL stays consistent through a killed process (only a power cut may lose
    # the last reports, which the next run reads again); FULL would fsync once per report.
    conn.execute("PRAGMA synchronous=NORMAL")
    # The stamp skips the schema script on every later open: it needs the write lock, so
    # concurrent report tasks each opening the ledger would queue behind one another.
    if version_of(conn) < SCHEMA_VERSION:
        if version_of(conn) == 0:
            _retry_locked(lambda: _use_wal(conn))
        _retry_locked(lambda: upgrade(conn, reports_dir))
    return conn


def _new_ledger(path: Path, reports_dir: str | None) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        _use_wal(conn)
        upgrade(conn, reports_dir)
    finally:
        conn.close()


def _use_wal(conn: sqlite3.Connection) -> None:
    if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        conn.execute("PRAGMA journal_mode=WAL")


def _retry_locked(step, attempts: int = 12) -> None:
    deadline = time.monotonic() + BUSY_SECONDS
    for i in range(attempts):
        try:
            step()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or i == attempts - 1 or time.monotonic() > deadline:
                raise
            time.sleep(0.02 * 2 ** min(i, 6))  # at most ~1.3 s apart, BUSY_SECONDS in all


def find_version(conn: Ledger, path: str, sha256: str, key: str) -> int | None:
    """The id of this exact report version analysed with this analysis key, if recorded."""
    row = conn.execute(
        "SELECT id FROM reports WHERE path=? AND sha256=? AND analysis_key=?", (path, sha256, key)
    ).fetchone()
    return row[0] if row else None


def record_report(conn: Ledger, report: Report, key: str, mtime: float, read_at: str) -> int:
    """Store one report version and its figures in a single transaction; return its id."""
    return record_rows(conn, [(report_rows(report), key, mtime)], read_at)[0]


def record_rows(
    conn: Ledger, versions: Sequence[tuple[ReportRows, str, float]], read_at: str
) -> list[int]:
    """Store report versions (rows, analysis key, mtime) in one transaction; their ids.

    A version another run recorded meanwhile keeps its id and is not stored twice. One
    transaction for a batch: a killed run loses the whole batch or none of it, and the next
    run reads what it lost again.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        ids = [_insert(conn, rows, key, mtime, read_at) for rows, key, mtime in versions]
        conn.execute("COMMIT")
        return ids
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _insert(conn: Ledger, rows: ReportRows, key: str, mtime: float, read_at: str) -> int:
    existing = find_version(conn, rows.path, rows.sha256, key)
    if existing is not None:  # another run recorded it meanwhile
        return existing
    rid = conn.execute(
        f"INSERT INTO reports (path, sha256, analysis_key, mtime, read_at, {REPORT_COLUMNS})"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
        (rows.path, rows.sha256, key, mtime, read_at, *rows.report),
    ).fetchone()[0]
    if rows.figures:
        conn.executemany(
            f"INSERT INTO figures ({FIGURE_COLUMNS}) VALUES ({','.join('?' * 24)})",
            [(rid, *r) for r in rows.figures],
        )
    if rows.hidden:
        conn.executemany(
            "INSERT INTO hidden VALUES (?,?,?,?,?,?)", [(rid, *r) for r in rows.hidden]
        )
    return rid


def load_versions(
    conn: Ledger, ids: list[int], tables: tuple[str, ...] = ("reports", "figures", "hidden")
) -> dict[str, pd.DataFrame]:
    """Reports, figures and hidden parts of the given report versions, as tables, in the
    same order from either database (only the `tables` named). Figures come with the
    columns the comparison reads (COMPARED_COLUMNS: not the section, a long text no sheet
    shows)."""
    ids = sorted(set(ids))
    chunks = [ids[i : i + _IDS_PER_QUERY] for i in range(0, len(ids), _IDS_PER_QUERY)] or [[]]
    q = {
        # first_seen: when the ledger first read these exact bytes, under any path. It
        # decides which copy is newest; a file's mtime does not (a stale copy can carry any).
        "reports": "SELECT r.*, s.first_seen FROM reports r JOIN (SELECT sha256,"
        " MIN(read_at) AS first_seen FROM reports GROUP BY sha256) s ON s.sha256 = r.sha256"
        " WHERE r.id IN ({}) ORDER BY r.id",
        "figures": f"SELECT {COMPARED_COLUMNS} FROM figures WHERE report_id IN ({{}})"
        ' ORDER BY report_id, start, "end"',
        "hidden": 'SELECT * FROM hidden WHERE report_id IN ({}) ORDER BY report_id, start, "end"',
    }
    out = {}
    for name in tables:
        sql = q[name]
        frames = [read_frame(conn, sql.format(",".join("?" * len(c)) or "NULL"), c) for c in chunks]
        out[name] = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
    return out


def figure_counts(conn: Ledger, ids: list[int]) -> dict[int, int]:
    """The number of figures of each of the report versions that has any."""
    ids = sorted(set(ids))
    out: dict[int, int] = {}
    for i in range(0, len(ids), _IDS_PER_QUERY):
        chunk = ids[i : i + _IDS_PER_QUERY]
        sql = "SELECT report_id, COUNT(*) FROM figures WHERE report_id IN ({}) GROUP BY report_id"
        out.update(conn.execute(sql.format(",".join("?" * len(chunk))), chunk).fetchall())
    return out


def read_frame(conn: Ledger, sql: str, params: list) -> pd.DataFrame:
    """The query's rows as `pd.read_sql_query` makes them, equal texts as one string object.

    SQLite hands out a new string for every cell: units, indicators, sections and the
    sentences that hold several figures repeat down the table, ~15 MB for 1,000 reports.
    The rows come _READ_ROWS at a time, each batch made a frame at once: the rows of a whole
    100,000-report ledger as Python tuples would take gigabytes, and leave the process's
    memory fragmented after they are gone.
    """
    cur = conn.execute(sql, params)
    columns = [d[0] for d in cur.description]
    seen: dict[str, str] = {}
    frames = []
    while True:
        # Row by row: each row's new strings are dropped before the next row comes.
        rows = [
            tuple(seen.setdefault(v, v) if type(v) is str else v for v in r)
            for r in cur.fetchmany(_READ_ROWS)
        ]
        if frames and not rows:
            break
        frames.append(pd.DataFrame.from_records(rows, columns=columns, coerce_float=True))
        if not rows:
            break
    return frames[0] if len(frames) == 1 else _joined(frames, columns)


def _joined(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    """The batches' frames as one, each column of the type one frame of all rows would have:
    a column whose batches were typed apart (a batch of nothing but NULLs) is typed anew."""
    out = {}
    for c in columns:
        parts = [f.pop(c) for f in frames]
        if len({p.dtype for p in parts}) == 1:
            out[c] = pd.concat(parts, ignore_index=True)
        else:
            values = [(v,) for p in parts for v in p.astype(object).tolist()]
            out[c] = pd.DataFrame.from_records(values, columns=[c], coerce_float=True)[c]
    return pd.DataFrame(out, columns=columns)


def reports_without_figures(tables: dict[str, pd.DataFrame]) -> list[str]:
    """A problem line for each report version in `tables` in which no figure was found:
    usually a cover letter, an empty template or the wrong file put in the folder."""
    reports, figures = tables["reports"], tables["figures"]
    have = set(figures["report_id"])
    return [
        f"{doc}：没有找到任何数字（请确认这是完整的工作报告）"
        for rid, doc in iter_rows(reports, "id", "doc")
        if rid not in have
    ]
