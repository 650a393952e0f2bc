"""The comparison a batch of units at a time gives the tables and the workbook of one batch."""

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from tasks.core.comparison.assemble import unit_batches
from tasks.core.pipeline import comparing
from tasks.core.workbook import parts, pieces
from tasks.core.workbook.layout import build_workbook
from tasks.core.workbook.limits import ExcelLimits
from tasks.core.workbook.notes import RunInfo, notes_rows
from tasks.core.workbook.parts import SpilledRows
from tasks.core.workbook.piecestore import PieceStore
from tasks.core.workbook.summary import summary_markdown
from tasks.core.workbook.volumes import write_volumes

NOTES = notes_rows(RunInfo("2025-01-15T08:00:00", {}, []))


def _tables(ingested, batch_figures: int, **filters):
    ledger, run, targets = ingested
    return comparing.compare_batches(ledger, run, targets, batch_figures=batch_figures, **filters)


def _cells(path: Path) -> dict:
    return {
        ws.title: [tuple(c.value for c in row) for row in ws.iter_rows()]
        for ws in load_workbook(path, rich_text=True).worksheets
    }


@pytest.mark.parametrize(
    "filters", [{}, {"year": 2024}, {"units": ("临江区",)}, {"period": "全年"}]
)
def test_one_unit_at_a_time_gives_the_tables_of_one_batch(ingested, filters):
    one, tiny = _tables(ingested, 10**9, **filters), _tables(ingested, 1, **filters)
    assert list(one.sheets) == list(tiny.sheets)
    for name in ("原文依据", "计分卡", "缺失数据"):  # kept out of memory till written
        assert isinstance(tiny.sheets[name], SpilledRows)
    for name in one.sheets:
        got = tiny.sheets[name]
        got = got.frame() if isinstance(got, SpilledRows) else got
        pd.testing.assert_frame_equal(one.sheets[name], got, check_exact=True)
    assert (one.problems, one.versions) == (tiny.problems, tiny.versions)
    assert len(one.sheets["原文依据"]) > 100 or filters


@pytest.mark.parametrize("kept", [False, True])
def test_one_unit_at_a_time_gives_the_workbook_of_one_batch(ingested, tmp_path, kept):
    paths = []
    for n in (10**9, 1):
        path = tmp_path / f"{n}.xlsx"
        store = PieceStore(tmp_path / f"{n}.sqlite") if kept else None
        build_workbook(_tables(ingested, n).sheets, NOTES, store=store).save(path)
        paths.append(path)
    assert _cells(paths[0]) == _cells(paths[1])


def test_pieces_reaching_across_parts_are_those_of_the_whole_table(ingested, tmp_path, monkeypatch):
    monkeypatch.setattr(pieces, "PIECE_REPORTS", 3)
    monkeypatch.setattr(pieces, "PIECE_ROWS", 7)
    keys = []
    for n in (10**9, 1):
        store = PieceStore(tmp_path / f"{n}.sqlite")
        build_workbook(_tables(ingested, n).sheets, NOTES, store=store).save(tmp_path / "a.xlsx")
        keys.append(set(store._used))
        store.close(prune=False)
    assert keys[0] == keys[1] and len(keys[0]) > 20


def test_a_batch_kept_as_several_parts_changes_nothing(ingested, tmp_path, monkeypatch):
    """A batch's rows kept as several parts (beyond PART_ROWS) give the tables, the workbook's
    cells and pieces and the summary of one part a batch."""
    got = []
    for part_rows in (10**9, 2):
        monkeypatch.setattr(parts, "PART_ROWS", part_rows)
        tables = _tables(ingested, 1)
        store = PieceStore(tmp_path / f"{part_rows}.sqlite")
        path = tmp_path / f"{part_rows}.xlsx"
        build_workbook(tables.sheets, NOTES, store=store).save(path)
        evidence, card = tables.sheets["原文依据"], tables.sheets["计分卡"]
        text = summary_markdown(tables.sheets, "a.xlsx", [])
        got.append((len(evidence._parts), evidence.frame(), card.frame(), _cells(path), text))
        got[-1] += (set(store._used),)
        store.close(prune=False)
    (n0, *tables0), (n1, *tables1) = got
    assert n1 > n0 > 1
    for a, b in zip(tables0[:2], tables1[:2], strict=True):
        pd.testing.assert_frame_equal(a, b, check_exact=True)
    assert tables0[2:] == tables1[2:] and len(tables0[-1]) > 5


def test_volumes_of_batches_are_the_volumes_of_one_batch(ingested, tmp_path):
    limits = ExcelLimits(max_rows=100)  # the sample's 原文依据 in several volumes
    cells = []
    for n in (10**9, 1):
        out = tmp_path / str(n)
        index = write_volumes(_tables(ingested, n).sheets, NOTES, out, pd.Timestamp(0), limits)
        books = sorted(out.glob("*.xlsx"))
        assert len(books) > 2 and index in books
        cells.append([_cells(b) for b in books])
    assert cells[0] == cells[1]


def test_the_summary_of_batches_is_that_of_one_batch(ingested):
    one, tiny = _tables(ingested, 10**9), _tables(ingested, 1)
    assert isinstance(tiny.sheets["计分卡"], SpilledRows)
    text = summary_markdown(one.sheets, "a.xlsx", [])
    assert summary_markdown(tiny.sheets, "a.xlsx", []) == text
    assert "差距最大的指标（0 项" not in text and "缺失的数字（0 项" not in text


def test_batches_hold_whole_units_in_name_order_and_unknown_units_last():
    reports = pd.DataFrame({"id": [1, 2, 3, 4, 5, 6], "org": ["乙", "甲", None, "乙", "丙", "丁"]})
    counts = {1: 3, 2: 5, 3: 1, 4: 4, 5: 2}  # report 6 has no figure
    assert unit_batches(reports, counts, 7) == [[5], [1, 4], [2], [3]]
    assert unit_batches(reports, counts, 10**6) == [[5, 1, 4, 2], [3]]
    assert unit_batches(reports, {}, 7) == []
