"""The volumes' 原文依据 rendered by a second process (workbook/offvolumes.py) give the volumes
byte for byte, and whatever goes wrong with that process, the sheets are rendered by the run."""

import zipfile
from pathlib import Path

import pandas as pd
import pytest

from tasks.core.pipeline import comparing
from tasks.core.workbook import offvolumes
from tasks.core.workbook.limits import ExcelLimits
from tasks.core.workbook.notes import RunInfo, notes_rows
from tasks.core.workbook.piecestore import STORE_NAME, PieceStore
from tasks.core.workbook.volumes import write_volumes

NOTES = notes_rows(RunInfo("2025-01-15T08:00:00", {}, []))
LIMITS = ExcelLimits(max_rows=100)  # the sample's 原文依据 in several volumes


@pytest.fixture(scope="module")
def sheets(ingested):
    ledger, run, targets = ingested
    return comparing.compare_batches(ledger, run, targets, batch_figures=1).sheets


def _write(sheets, folder: Path) -> dict[str, dict[str, bytes]]:
    """Every volume's parts but the time it was saved, and the pieces kept."""
    folder.mkdir(exist_ok=True)
    store = PieceStore(folder / STORE_NAME)
    try:
        write_volumes(sheets, NOTES, folder, pd.Timestamp(0), LIMITS, store)
    finally:
        store.close(prune=True)
    books = {}
    for path in sorted(folder.glob("*.xlsx")):
        with zipfile.ZipFile(path) as z:
            books[path.name] = {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}
    store = PieceStore(folder / STORE_NAME)
    books["pieces"] = dict(store._db.execute("SELECT key, data FROM pieces"))
    store.close(prune=False)
    return books


def _here(sheets, folder: Path, monkeypatch) -> dict:
    with monkeypatch.context() as m:
        m.setattr(offvolumes, "start", lambda *a: None)
        return _write(sheets, folder)


def test_the_second_process_gives_the_same_volumes_and_pieces(
    sheets, tmp_path, joined, monkeypatch
):
    expected = _here(sheets, tmp_path / "here", monkeypatch)
    assert not joined and len(expected) > 3
    got = _write(sheets, tmp_path / "there")
    assert got == expected
    volumes = len(expected) - 2  # the index and the pieces aside
    assert joined == ["原文依据"] * volumes
    joined.clear()
    for book in (tmp_path / "there").glob("*.xlsx"):
        book.unlink()
    assert _write(sheets, tmp_path / "there") == expected  # again, its pieces reused
    assert joined == ["原文依据"] * volumes


@pytest.mark.parametrize("how", ["killed", "fails at the second", "other table"])
def test_a_process_that_cannot_serve_leaves_the_sheets_to_the_run(
    sheets, tmp_path, joined, monkeypatch, how
):
    expected = _here(sheets, tmp_path / "here", monkeypatch)
    real = offvolumes.start

    def start(*args):
        done = real(*args)
        if how == "killed":
            done._proc.kill()
        elif how == "fails at the second":
            done._done[1] = done._done[0].__class__()
            done._done[1].set_result(None)  # as if the second volume failed there
        else:  # a volume's table is not the one it was given (a unit cut at the limit)
            done.groups = [[*units, "另一单位"] for units in done.groups]
        return done

    monkeypatch.setattr(offvolumes, "start", start)
    assert _write(sheets, tmp_path / "there") == expected
    assert joined == (["原文依据"] if how == "fails at the second" else [])
