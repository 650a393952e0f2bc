"""The figures kept in the output folder for the next run's comparison: the tables read
through the cache are the ledger's, value by value and type by type, whatever the cache
holds (nothing, other reports, another ledger's, a damaged file)."""

import shutil
from datetime import datetime
from itertools import product
from pathlib import Path

import pandas as pd
import pytest

import tasks.core.pipeline.versions_cache as vc
from tasks.core.ledger import open_ledger
from tasks.core.ledger.store import load_versions
from tasks.core.pipeline import RunRequest, build_run
from tests.reliability import ROOT

TARGETS = ROOT / "targets" / "targets.xlsx"


def _ledger(tmp_path: Path, units: tuple[str, ...], name: str) -> tuple[str, list[int]]:
    reports = tmp_path / f"reports-{name}"
    for unit in units:
        shutil.copytree(ROOT / "reports" / unit, reports / unit)
    out = tmp_path / f"out-{name}"
    build_run(RunRequest(str(reports), str(TARGETS), str(out)), datetime.now())
    ledger = str(out / "ledger.sqlite")
    conn = open_ledger(ledger)
    try:
        ids = [r[0] for r in conn.execute("SELECT id FROM reports ORDER BY id")]
    finally:
        conn.close()
    return ledger, ids


def _load(ledger: str, ids: list[int], folder: Path | None) -> dict:
    conn = open_ledger(ledger)
    try:
        return vc.load_versions_kept(conn, ids, folder) if folder else load_versions(conn, ids)
    finally:
        conn.close()


def _same(got: dict, want: dict) -> None:
    assert set(got) == set(want)
    for name in want:
        pd.testing.assert_frame_equal(got[name], want[name], check_exact=True)


@pytest.fixture(scope="module")
def ledger(tmp_path_factory):
    return _ledger(tmp_path_factory.mktemp("kept"), ("临江区总工会", "云溪区总工会"), "a")


def test_kept_figures_are_the_ledgers_as_reports_come_and_go(ledger, tmp_path, monkeypatch):
    path, ids = ledger
    assert len(ids) >= 4
    fewer, folder = ids[:-2], tmp_path / "out"
    folder.mkdir()
    for wanted in (fewer, fewer, ids, ids, fewer, ids[1:]):
        _same(_load(path, wanted, folder), _load(path, wanted, None))
    assert (folder / vc.CACHE_NAME).exists()
    read = []
    real = vc.load_versions
    monkeypatch.setattr(
        vc, "load_versions", lambda c, i, tables=(): read.append(i) or real(c, i, tables)
    )
    _load(path, ids[1:], folder)  # all kept: only the reports' rows are read
    assert [len(i) for i in read] == [len(ids) - 1, 0]


def _reads(monkeypatch) -> list[list[int]]:
    """The report ids of each `load_versions` call the cache makes from now on."""
    read: list[list[int]] = []
    real = vc.load_versions
    monkeypatch.setattr(
        vc, "load_versions", lambda c, i, tables=(): read.append(list(i)) or real(c, i, tables)
    )
    return read


def test_reports_new_since_go_into_the_small_file_on_top(ledger, tmp_path, monkeypatch):
    path, ids = ledger
    folder = tmp_path / "out"
    folder.mkdir()
    main, delta = folder / vc.CACHE_NAME, folder / vc.DELTA_NAME
    _load(path, ids[:-1], folder)
    before = main.read_bytes()
    monkeypatch.setattr(vc, "_DELTA_SHARE", 1)  # one report is few enough to go on top
    _same(_load(path, ids, folder), _load(path, ids, None))
    assert main.read_bytes() == before and delta.exists()  # only the new report written
    stamp = delta.stat().st_mtime_ns
    read = _reads(monkeypatch)
    _same(_load(path, ids, folder), _load(path, ids, None))  # both files used, none written
    assert read[0] == ids and read[1] == []  # the reports' rows, then no figures
    assert delta.stat().st_mtime_ns == stamp and main.read_bytes() == before


def test_a_delta_too_large_is_folded_into_a_new_main_file(ledger, tmp_path, monkeypatch):
    path, ids = ledger
    folder = tmp_path / "out"
    folder.mkdir()
    main, delta = folder / vc.CACHE_NAME, folder / vc.DELTA_NAME
    _load(path, ids[:1], folder)
    before = main.read_bytes()
    monkeypatch.setattr(vc, "_DELTA_SHARE", 10**6)  # any new report is too many
    _same(_load(path, ids, folder), _load(path, ids, None))
    assert not delta.exists() and main.read_bytes() != before
    read = _reads(monkeypatch)
    _same(_load(path, ids, folder), _load(path, ids, None))
    assert read[1] == []  # every report in the new main file


def test_a_damaged_delta_or_one_on_another_main_file_is_not_used(ledger, tmp_path, monkeypatch):
    path, ids = ledger
    folder = tmp_path / "out"
    folder.mkdir()
    main, delta = folder / vc.CACHE_NAME, folder / vc.DELTA_NAME
    monkeypatch.setattr(vc, "_DELTA_SHARE", 1)
    _load(path, ids[:-1], folder)
    _load(path, ids, folder)
    good = delta.read_bytes()
    for damage in (b"", b"not a zip", good[:-100]):
        delta.write_bytes(damage)
        _same(_load(path, ids, folder), _load(path, ids, None))
        assert delta.read_bytes() != damage  # written again
    main.unlink()  # a new main file (another token) under the old delta
    _load(path, ids[:-1], folder)
    delta.write_bytes(good)
    read = _reads(monkeypatch)
    _same(_load(path, ids, folder), _load(path, ids, None))
    assert read[1] == [ids[-1]]  # the old delta's report read from the ledger


def test_a_main_file_without_a_name_is_written_anew_before_a_delta_goes_on_it(
    ledger, tmp_path, monkeypatch
):
    path, ids = ledger
    folder = tmp_path / "out"
    folder.mkdir()
    main, delta = folder / vc.CACHE_NAME, folder / vc.DELTA_NAME
    monkeypatch.setattr(vc, "_DELTA_SHARE", 1)
    monkeypatch.setattr(vc.uuid, "uuid4", lambda: type("U", (), {"hex": ""})())  # no token
    _load(path, ids[:-1], folder)
    before = main.read_bytes()
    monkeypatch.undo()
    monkeypatch.setattr(vc, "_DELTA_SHARE", 1)
    _same(_load(path, ids, folder), _load(path, ids, None))
    assert main.read_bytes() != before and not delta.exists()
    _same(_load(path, ids[:-1] + ids[-1:], folder), _load(path, ids, None))


def test_another_ledgers_or_a_damaged_file_is_not_used(ledger, tmp_path):
    path, ids = ledger
    other, other_ids = _ledger(tmp_path, ("重工集团工会",), "b")  # ids from 1 again
    folder = tmp_path / "out"
    folder.mkdir()
    _load(path, ids, folder)
    _same(_load(other, other_ids, folder), _load(other, other_ids, None))
    for damage in (b"", b"not a zip", (folder / vc.CACHE_NAME).read_bytes()[:-100]):
        (folder / vc.CACHE_NAME).write_bytes(damage)
        _same(_load(path, ids, folder), _load(path, ids, None))
    _same(_load(path, ids, folder), _load(path, ids, None))  # written again, used


VALUES = {
    "ints": [1, 2],
    "ints and empty": [3, None],
    "fractions": [0.5, 1.5],
    "fractions and empty": [0.25, None],
    "whole floats": [2.0, 3.0],
    "empty": [None, None],
    "texts": ["甲", "乙"],
    "texts and empty": ["丙", None],
}


@pytest.mark.parametrize("a,b", list(product(VALUES, VALUES)))
def test_a_column_gets_the_type_one_query_gives(a, b):
    """Two reports' values of one column, kept and read anew: the joined column is what
    `DataFrame.from_records` makes of all the values, or the cache is not used (None)."""
    rows = [(1, v) for v in VALUES[a]] + [(2, v) for v in VALUES[b]]

    def frame(rows):
        return pd.DataFrame.from_records(rows, columns=["report_id", "x"], coerce_float=True)

    got = vc._combine([frame(rows[:2])], frame(rows[2:]), {1})
    mixed = {a, b} & {"texts", "texts and empty"} and {a, b} - {"texts", "texts and empty", "empty"}
    if got is None:
        # Only where the types cannot tell: whole numbers of a float column, texts and numbers.
        assert mixed or {a, b} <= {"ints", "whole floats"}
        return
    assert not mixed
    pd.testing.assert_frame_equal(got, frame(rows), check_exact=True)


def test_a_column_of_mixed_values_is_not_kept(tmp_path):
    path = tmp_path / vc.CACHE_NAME
    figures = pd.DataFrame({"report_id": [1, 2], "x": ["甲", 3]})  # a text and a number
    hidden = pd.DataFrame({"report_id": pd.Series([], dtype=object)})
    assert not vc._write(path, {1: ["1"], 2: ["2"]}, {"figures": figures, "hidden": hidden}, {})
    assert not path.exists() and not list(tmp_path.iterdir())  # no half-written file either
