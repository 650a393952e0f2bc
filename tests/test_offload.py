"""原文依据 rendered by a second process (workbook/offload.py) gives the workbook byte for byte,
and whatever goes wrong with that process, the sheet is rendered by the run itself."""

import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from tasks.core.pipeline import comparing, write_scorecard
from tasks.core.workbook import offload, pieces, style
from tasks.core.workbook.layout import build_workbook
from tasks.core.workbook.limits import EXCEL
from tasks.core.workbook.notes import RunInfo, notes_rows
from tasks.core.workbook.piecestore import STORE_NAME, PieceStore
from tasks.core.workbook.streambook import StreamedWorkbook, add_sheet

INFO = RunInfo("2025-01-15T08:00:00", {}, [])
NOTES = notes_rows(INFO)
LIMIT = EXCEL.max_cell_chars


@pytest.fixture(scope="module")
def sheets(ingested):
    ledger, run, targets = ingested
    return comparing.compare_batches(ledger, run, targets).sheets


def _members(path: Path) -> dict[str, bytes]:
    """Every part of the workbook but the time it was saved."""
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


def _stored(folder: Path) -> dict[str, int]:
    store = PieceStore(folder / STORE_NAME)
    try:
        return dict(store._db.execute("SELECT key, crc FROM pieces"))
    finally:
        store.close(prune=False)


def _write(sheets, folder: Path, elsewhere=None, name="计分卡.xlsx") -> tuple[int, int]:
    store = PieceStore(folder / STORE_NAME)
    build_workbook(sheets, NOTES, store=store, elsewhere=elsewhere).save(folder / name)
    store.close(prune=True)
    return store.rendered, store.reused


def _sent(sheets, folder: Path) -> offload.Offload:
    elsewhere = offload.Offload(folder)
    elsewhere.send(sheets["原文依据"], LIMIT)
    return elsewhere


def test_the_second_process_gives_the_same_workbook_and_pieces(sheets, tmp_path, joined):
    here, there = tmp_path / "here", tmp_path / "there"
    here.mkdir(), there.mkdir()
    assert _write(sheets, here)[1] == 0
    assert joined == []
    rendered, reused = _write(sheets, there, _sent(sheets, there))
    assert joined == ["原文依据"]
    assert rendered > 0 and reused == 0
    assert _members(there / "计分卡.xlsx") == _members(here / "计分卡.xlsx")
    assert _stored(there) == _stored(here)
    # The next run: the process takes every piece of 原文依据 from the store.
    again, kept = _write(sheets, there, _sent(sheets, there), "again.xlsx")
    assert joined == ["原文依据"] * 2
    assert again == 0 and kept == rendered
    assert _members(there / "again.xlsx") == _members(here / "计分卡.xlsx")


def _taken(elsewhere: offload.Offload, table, looks=None):
    if looks is None:
        cache = style.StyleCache(add_sheet(StreamedWorkbook(), "x"))
        headers = [str(c) for c in table.columns if not str(c).startswith("_")]
        looks = (*pieces.register_looks(cache, headers), LIMIT)
    return elsewhere.take(table, looks)


def test_what_the_process_rendered_is_used_only_for_its_own_table(sheets, tmp_path):
    evidence = sheets["原文依据"]
    assert isinstance(_taken(_sent(sheets, tmp_path), evidence), offload.Rendered)
    # Another table (a copy, a part of it), other looks, another cell limit: rendered here.
    assert _taken(_sent(sheets, tmp_path), evidence.copy()) is None
    assert _taken(_sent(sheets, tmp_path), evidence, (1, 2, 3)) is None
    elsewhere = offload.Offload(tmp_path)
    elsewhere.send(evidence, LIMIT - 1)
    assert _taken(elsewhere, evidence) is None
    # Nothing sent: nothing to take, and the process is ended.
    idle = offload.Offload(tmp_path)
    assert _taken(idle, evidence) is None
    assert idle._proc is None


def test_a_process_that_died_leaves_the_sheet_to_the_run(sheets, tmp_path, joined):
    elsewhere = _sent(sheets, tmp_path)
    elsewhere._proc.kill()
    assert _taken(elsewhere, sheets["原文依据"]) is None
    here, there = tmp_path / "here", tmp_path / "there"
    here.mkdir(), there.mkdir()
    _write(sheets, here)
    dead = offload.Offload(there)
    dead._proc.kill()
    dead.send(sheets["原文依据"], LIMIT)
    _write(sheets, there, dead)
    assert joined == []
    assert _members(there / "计分卡.xlsx") == _members(here / "计分卡.xlsx")


def test_a_full_run_does_not_take_pieces_the_process_read_from_the_store(sheets, tmp_path):
    _write(sheets, tmp_path)  # an earlier run kept every piece
    elsewhere = _sent(sheets, tmp_path)
    elsewhere.reuse = False  # as write_scorecard(reuse=False) says after emptying the store
    assert _taken(elsewhere, sheets["原文依据"]) is None
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    elsewhere = _sent(sheets, fresh)
    elsewhere.reuse = False  # nothing was kept: every piece is new, and used
    assert isinstance(_taken(elsewhere, sheets["原文依据"]), offload.Rendered)


def test_a_look_not_registered_beforehand_leaves_the_sheet_to_the_run(sheets, monkeypatch):
    # Its style id would depend on the looks the other sheets registered before it.
    assert offload.render(sheets["原文依据"], ":memory:", LIMIT) is not None
    monkeypatch.setattr(pieces, "register_looks", lambda cache, h: (style.header_style(cache),))
    assert offload.render(sheets["原文依据"], ":memory:", LIMIT) is None


def test_the_comparison_starts_the_process_for_many_figures(ingested, tmp_path, monkeypatch):
    ledger, run, targets = ingested
    plain = comparing.compare_batches(ledger, run, targets, cache_dir=str(tmp_path / "a"))
    assert plain.rendering is None  # a few hundred figures: rendered faster than a start
    monkeypatch.setattr(offload, "OFFLOAD_FIGURES", 1)
    tables = comparing.compare_batches(ledger, run, targets, cache_dir=str(tmp_path / "b"))
    assert isinstance(tables.rendering, offload.Offload)
    assert tables.rendering.table is tables.sheets["原文依据"]
    now = datetime(2025, 1, 15, 8)
    a = write_scorecard(plain, INFO, str(tmp_path / "a"), now)
    b = write_scorecard(tables, INFO, str(tmp_path / "b"), now)
    assert tables.rendering._proc is None  # ended once used
    assert _members(b) == _members(a)


def test_closing_while_the_table_is_still_being_sent_raises_nothing(sheets, tmp_path, monkeypatch):
    import threading

    raised = []
    monkeypatch.setattr(threading, "excepthook", raised.append)
    for _ in range(5):  # the sender may or may not have finished before the close
        unused = offload.Offload(tmp_path)
        unused.send(sheets["原文依据"], LIMIT)
        unused.close()  # as `take` does for another table
        unused._sender.join(timeout=30)
        assert not unused._sender.is_alive()
    assert raised == []
