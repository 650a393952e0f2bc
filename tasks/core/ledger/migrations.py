"""The ledger's schema and the steps from each older version to the current one.

`PRAGMA user_version` says which steps a ledger has had:

    1  the tables below as first written
    2  report paths relative to the reports folder (tasks/core/ledger/paths.py); this step
       needs the folder, so a version-1 ledger opened without one waits for the next ingest
    3  figures gain how sure their naming is: confidence, evidence, candidate
    4  figures gain how they were read: source (text/ocr), ocr_confidence, needs_review and
       review_reason (a low OCR confidence), table_row and table_column (a table cell's headers)
    5  reports gain stated_date: the date a report states for itself (its 落款 or a dated
       heading, ISO), which decides between copies of the same report (comparison/versions.py)

A new ledger is created at the current version. Added columns are nullable, so rows recorded
before stay valid; every step is idempotent (a column is added only when missing), so two runs
opening an old ledger at once cannot do a step twice.
"""

from __future__ import annotations

import sqlite3

from tasks.core.ledger.paths import PATHS_VERSION, migrate_paths

SCHEMA = """
CREATE TABLE IF NOT EXISTS reports (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL, doc TEXT NOT NULL, sha256 TEXT NOT NULL, analysis_key TEXT NOT NULL,
    org TEXT, year INTEGER, period TEXT, kind TEXT, meta_source TEXT,
    encoding TEXT, chars INTEGER, mtime REAL, read_at TEXT NOT NULL,
    UNIQUE (path, sha256, analysis_key)
);
CREATE TABLE IF NOT EXISTS figures (
    report_id INTEGER NOT NULL REFERENCES reports(id),
    start INTEGER, "end" INTEGER, text TEXT, value REAL, unit TEXT, qualifier TEXT,
    placeholder INTEGER, subject TEXT, indicator TEXT, section TEXT, kind TEXT,
    sentence TEXT, sentence_start INTEGER, line INTEGER
);
CREATE TABLE IF NOT EXISTS hidden (
    report_id INTEGER NOT NULL REFERENCES reports(id),
    start INTEGER, "end" INTEGER, marker TEXT, sentence TEXT, line INTEGER
);
CREATE INDEX IF NOT EXISTS figures_report ON figures(report_id);
CREATE INDEX IF NOT EXISTS hidden_report ON hidden(report_id);
"""

# Columns added after version 2, by the version that adds them.
ADDED_COLUMNS: dict[int, list[tuple[str, str, str]]] = {
    3: [("figures", "confidence", "REAL"), ("figures", "evidence", "TEXT")]
    + [("figures", "candidate", "TEXT")],
    4: [("figures", "source", "TEXT"), ("figures", "ocr_confidence", "REAL")]
    + [("figures", "needs_review", "INTEGER"), ("figures", "review_reason", "TEXT")]
    + [("figures", "table_row", "TEXT"), ("figures", "table_column", "TEXT")],
    5: [("reports", "stated_date", "TEXT")],
}
SCHEMA_VERSION = max([PATHS_VERSION, *ADDED_COLUMNS])


def version_of(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def upgrade(conn: sqlite3.Connection, reports_dir: str | None) -> None:
    """Bring the ledger to SCHEMA_VERSION, as far as it can go without `reports_dir`."""
    version = version_of(conn)
    if version == 0:
        _in_transaction(conn, lambda: _create(conn))
        return
    if version < PATHS_VERSION:
        if reports_dir is None:
            return  # the path step needs the folder; the next ingest brings it
        migrate_paths(conn, reports_dir)
    if version_of(conn) < SCHEMA_VERSION:
        _in_transaction(conn, lambda: _add_columns(conn))


def _create(conn: sqlite3.Connection) -> None:
    if version_of(conn) == 0:  # another run may have created it meanwhile
        # statement by statement: executescript would commit the open transaction first
        for statement in filter(str.strip, SCHEMA.split(";")):
            conn.execute(statement)
        _add_columns(conn)


def _add_columns(conn: sqlite3.Connection) -> None:
    for version in sorted(ADDED_COLUMNS):
        for table, column, kind in ADDED_COLUMNS[version]:
            have = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
            if column not in have:
                conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")


def _in_transaction(conn: sqlite3.Connection, step) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        step()
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
