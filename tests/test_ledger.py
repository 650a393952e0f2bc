"""The SQLite ledger: versions kept, changed reports superseding, overlapping writers."""

import sqlite3
import threading
from dataclasses import replace

import pandas as pd

from tasks.core.common.catalogue import load_default_catalogue
from tasks.core.ledger.migrations import SCHEMA, SCHEMA_VERSION
from tasks.core.ledger.store import load_versions, open_ledger, read_frame
from tasks.core.pipeline.ingest import analysis_key, discover_reports, ingest_report
from tasks.core.workbook.template import write_targets_template
from tests.pipeline import run_pipeline

CATALOGUE = load_default_catalogue()
KEY = analysis_key(CATALOGUE)
TEXT = "青川市东港区总工会2025年工作总结\n一、主要工作\n全年新建工会组织{n}家，新发展会员2800人。\n"


def _report(folder, n: int, name: str = "r.txt"):
    path = folder / name
    path.write_text(TEXT.format(n=n), encoding="utf-8")
    return str(path)


def test_same_version_is_read_once(tmp_path):
    path = _report(tmp_path, 42)
    conn = open_ledger(tmp_path / "l.sqlite")
    first = ingest_report(conn, path, CATALOGUE, KEY)
    again = ingest_report(conn, path, CATALOGUE, KEY)
    assert (first.status, again.status) == ("new", "known") and first.report_id == again.report_id
    assert conn.execute("SELECT journal_mode FROM pragma_journal_mode").fetchone()[0] == "wal"


def test_changed_report_supersedes_and_both_versions_stay(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    _report(reports, 42)
    targets = tmp_path / "t.xlsx"
    write_targets_template(
        targets, CATALOGUE, [["青川市东港区总工会", 2025, "全年", "新建工会组织", 40]]
    )
    ledger = tmp_path / "l.sqlite"
    before = run_pipeline(reports, targets, ledger).sheets["计分卡"]
    _report(reports, 38)
    after = run_pipeline(reports, targets, ledger).sheets["计分卡"]
    assert before.loc[before["指标"] == "新建工会组织", "实际值"].item() == 42
    assert after.loc[after["指标"] == "新建工会组织", "实际值"].item() == 38
    conn = sqlite3.connect(ledger)
    assert conn.execute("SELECT count(*) FROM reports").fetchone()[0] == 2
    values = conn.execute(
        "SELECT value FROM figures WHERE text LIKE '%家' ORDER BY report_id"
    ).fetchall()
    assert [v[0] for v in values] == [42, 38]


def test_two_writers_at_once_keep_the_ledger_consistent(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    for i in range(12):
        _report(reports, 30 + i, f"r{i:02}.txt")
    ledger = tmp_path / "l.sqlite"
    errors = []

    def run():
        conn = None
        try:  # opening is part of it: both open the new ledger at once
            conn = open_ledger(ledger)
            for p in discover_reports(reports):
                ingest_report(conn, p, CATALOGUE, KEY)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            if conn is not None:
                conn.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    conn = open_ledger(ledger)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM reports").fetchone()[0] == 12
    ids = [r[0] for r in conn.execute("SELECT id FROM reports")]
    tables = load_versions(conn, ids)
    assert len(tables["figures"]) == 24 and tables["figures"]["report_id"].nunique() == 12


def test_many_runs_opening_a_new_ledger_at_once(tmp_path):
    """SQLite refuses the switch to WAL at once while another connection holds the file."""
    for round_ in range(5):
        ledger = tmp_path / f"new{round_}.sqlite"
        errors, start = [], threading.Barrier(6)

        def run(ledger=ledger, errors=errors, start=start):
            try:
                start.wait()
                conn = open_ledger(ledger)
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("COMMIT")
                conn.close()
            except Exception as exc:  # pragma: no cover - reported below
                errors.append(exc)

        threads = [threading.Thread(target=run) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors, errors


def test_tables_read_as_pandas_reads_them_with_repeated_texts_shared(tmp_path):
    """read_frame must give what pd.read_sql_query gives (values and dtypes), only with
    one string object per distinct text."""
    conn = sqlite3.connect(tmp_path / "t.sqlite")
    conn.execute("CREATE TABLE t (i INTEGER, r REAL, s TEXT, m, n TEXT)")
    rows = [
        (1, 1.0, "万元", 1, None),
        (2, None, "万元", 1.0, None),
        (3, 2.5, None, "1", None),
        (4, 35.0, "个", b"x", None),
    ]
    conn.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?)", rows)
    for sql, params in (("SELECT * FROM t", []), ("SELECT * FROM t WHERE i > ?", [9])):
        got = read_frame(conn, sql, params)
        pd.testing.assert_frame_equal(got, pd.read_sql_query(sql, conn, params=params))
    got = read_frame(conn, "SELECT * FROM t", [])
    assert got["s"][0] is got["s"][1]
    assert list(got["m"]) == [1, 1.0, "1", b"x"]  # 1 and 1.0 not merged into one value
    assert [type(v) for v in got["m"][:2]] == [int, float]


def _count(ledger) -> int:
    conn = sqlite3.connect(ledger)
    try:
        return conn.execute("SELECT count(*) FROM reports").fetchone()[0]
    finally:
        conn.close()


def test_a_report_is_one_report_whatever_path_named_its_folder(tmp_path, monkeypatch):
    """The CLI names the folder `reports`, serve by its full path: the second run finds
    every report in the ledger and reads none again."""
    import importlib

    ingest_module = importlib.import_module("tasks.core.pipeline.ingest")
    from tasks.core.pipeline.run import ingest_folder

    reports = tmp_path / "reports"
    (reports / "东港区").mkdir(parents=True)
    for i in range(3):
        _report(reports / "东港区", 40 + i, f"r{i}.txt")
    ledger = tmp_path / "output" / "ledger.sqlite"
    monkeypatch.chdir(tmp_path)
    cli = ingest_folder("reports", "output/ledger.sqlite", CATALOGUE, []).results  # as the CLI
    assert {r.status for r in cli} == {"new"}

    reads = []
    monkeypatch.setattr(ingest_module, "read_report", lambda *a, **k: reads.append(a) or 1 / 0)
    monkeypatch.chdir("/")  # as `scorecard serve` started elsewhere names them
    served = ingest_folder(str(reports), str(ledger), CATALOGUE, []).results
    conn = open_ledger(ledger, str(reports))
    assert {r.status for r in served} == {"known"} and not reads
    assert [r.report_id for r in served] == [r.report_id for r in cli]
    paths = [p for (p,) in conn.execute("SELECT path FROM reports ORDER BY path")]
    assert paths == ["东港区/r0.txt", "东港区/r1.txt", "东港区/r2.txt"]
    conn.close()


def _old_ledger(ledger, rows: list[tuple[str, str]]) -> None:
    """A version-1 ledger (as written before paths were relative) holding `rows` of
    (path, sha256), each with one figure."""
    conn = sqlite3.connect(ledger)
    conn.executescript(SCHEMA + "PRAGMA user_version=1;")
    for i, (path, sha) in enumerate(rows):
        conn.execute(
            "INSERT INTO reports (path, doc, sha256, analysis_key, read_at) VALUES (?,?,?,?,?)",
            (path, path.rsplit("/", 1)[-1], sha, KEY, f"2026-01-0{i + 1}T08:00:00"),
        )
        conn.execute("INSERT INTO figures (report_id, value) VALUES (last_insert_rowid(), ?)", (i,))
    conn.commit()
    conn.close()


def test_an_old_ledger_is_migrated_in_place_without_duplicates(tmp_path, monkeypatch):
    reports = tmp_path / "reports"
    (reports / "a").mkdir(parents=True)
    (reports / "a" / "x.txt").write_text("x", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    ledger = tmp_path / "ledger.sqlite"
    _old_ledger(
        ledger,
        [
            ("reports/a/x.txt", "s1"),  # the CLI, run from the project folder
            (f"{reports}/a/x.txt", "s1"),  # serve: the same version again
            (f"{reports}/a/x.txt", "s2"),  # serve: a later version
            ("/elsewhere/y.txt", "s3"),  # outside the folder: left alone
        ],
    )
    conn = open_ledger(ledger, str(reports))
    got = conn.execute("SELECT id, path, sha256 FROM reports ORDER BY id").fetchall()
    assert got == [(1, "a/x.txt", "s1"), (3, "a/x.txt", "s2"), (4, "/elsewhere/y.txt", "s3")]
    figures = conn.execute("SELECT report_id, value FROM figures ORDER BY report_id").fetchall()
    assert figures == [(1, 0), (3, 2), (4, 3)]  # the oldest copy kept, with its figures
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()

    # Opened from elsewhere with the folder's full path, the stored names stay as they are.
    monkeypatch.chdir("/")
    conn = open_ledger(ledger, str(reports))
    assert conn.execute("SELECT count(*) FROM reports").fetchone()[0] == 3
    conn.close()


def test_an_old_ledger_waits_for_its_reports_folder(tmp_path):
    """Opened without a reports folder (by the comparison), an old ledger is not stamped
    migrated; the next ingest migrates it."""
    ledger = tmp_path / "ledger.sqlite"
    _old_ledger(ledger, [(f"{tmp_path}/reports/x.txt", "s1")])
    conn = open_ledger(ledger)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()
    conn = open_ledger(ledger, str(tmp_path / "reports"))
    assert conn.execute("SELECT path FROM reports").fetchone()[0] == "x.txt"
    conn.close()


def test_a_ledger_of_schema_1_gains_the_naming_columns(tmp_path):
    path = tmp_path / "old.sqlite"
    old = sqlite3.connect(path)
    old.executescript(f"{SCHEMA}PRAGMA user_version=1;")
    old.close()
    conn = open_ledger(path, str(tmp_path))
    columns = {r[1] for r in conn.execute("PRAGMA table_info(figures)")}
    assert {"confidence", "evidence", "candidate"} <= columns
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def _rows(ledger) -> dict[str, list[tuple]]:
    """Every table of a ledger, row by row, but when each report was read."""
    conn = sqlite3.connect(ledger)
    out = {}
    for table in ("reports", "figures", "hidden"):
        cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] != "read_at"]
        names = ",".join(f'"{c}"' for c in cols)
        out[table] = conn.execute(f"SELECT {names} FROM {table} ORDER BY rowid").fetchall()
    conn.close()
    return out


def test_reports_recorded_a_batch_at_a_time_fill_the_ledger_as_one_at_a_time(tmp_path):
    """Workers hand back the ledger's rows and a batch is recorded in one transaction: the
    ledger holds what recording each `Report` on its own wrote (sentences, lines, hidden)."""
    from tasks.core.ledger.store import record_report
    from tasks.core.pipeline.reports import read_report
    from tasks.core.pipeline.run import ingest_folder

    reports = tmp_path / "reports"
    reports.mkdir()
    for i in range(5):  # a hidden part and a figure past the first line
        text = TEXT.format(n=40 + i) + f"第二行\n慰问困难职工{300 + i}户。此处隐藏120字\n"
        (reports / f"r{i}.txt").write_text(text, encoding="utf-8")
    batched = tmp_path / "batched.sqlite"
    ingest_folder(str(reports), str(batched), CATALOGUE, [], workers=2)
    single = tmp_path / "single.sqlite"
    conn = open_ledger(single, str(reports))
    for i in range(5):
        path = reports / f"r{i}.txt"
        report = replace(read_report(path, CATALOGUE), path=path.name)
        record_report(conn, report, KEY, path.stat().st_mtime, "now")
    conn.close()
    got, want = _rows(batched), _rows(single)
    assert len(want["figures"]) >= 10 and want["hidden"] and got == want


def test_a_batch_keeps_a_version_recorded_meanwhile_and_lists_a_failed_report(tmp_path):
    """A batch is recorded in one transaction: a version another run recorded meanwhile
    keeps its id and its figures once, the others get theirs under their own ids, and a
    report that could not be read comes back failed, alone, and writes nothing."""
    from tasks.core.pipeline.ingest import analyse_file, record_analysed, record_batch

    reports = tmp_path / "reports"
    reports.mkdir()
    paths = [_report(reports, 40 + i, f"r{i}.txt") for i in range(3)]
    (reports / "坏.txt").write_bytes(b"")  # empty: unreadable
    batch = [analyse_file(p, CATALOGUE, KEY, None, str(reports)) for p in paths]
    batch.insert(1, analyse_file(str(reports / "坏.txt"), CATALOGUE, KEY, None, str(reports)))
    conn = open_ledger(tmp_path / "l.sqlite", str(reports))
    early = record_analysed(conn, batch[2])  # r1, recorded by "another run" first
    results = record_batch(conn, batch)
    assert [r.status for r in results] == ["new", "failed", "new", "new"]
    assert "坏.txt" in results[1].message and results[1].report_id is None
    assert results[2].report_id == early.report_id
    rows = conn.execute(
        "SELECT r.path, COUNT(f.rowid) FROM reports r LEFT JOIN figures f ON f.report_id = r.id"
        " GROUP BY r.id ORDER BY r.id"
    ).fetchall()
    conn.close()
    assert rows == [("r1.txt", 2), ("r0.txt", 2), ("r2.txt", 2)]
