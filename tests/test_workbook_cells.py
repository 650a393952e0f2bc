"""Every cell of the sample scorecard, read back with openpyxl, is the value of its table:
the streamed writer (cells without references, rows deflated apart and joined into the zip
member) loses, moves or changes nothing; marked figures and links land on the right cells."""

import math
import sqlite3
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText

from tasks.core.workbook import pieces
from tasks.core.workbook.layout import build_workbook
from tasks.core.workbook.notes import RunInfo, notes_rows
from tasks.core.workbook.piecestore import STORE_NAME, PieceStore, open_store
from tests.pipeline import run_pipeline

ROOT = Path(__file__).resolve().parents[1]
LINK_TEXT = "查看原文"


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cells")
    tables = run_pipeline(ROOT / "reports", ROOT / "targets" / "targets.xlsx", tmp / "l.sqlite")
    info = RunInfo("2025-01-15T08:00:00", {}, [("reports/a.txt", "ab" * 32)])
    path = tmp / "计分卡.xlsx"
    build_workbook(tables.sheets, notes_rows(info)).save(path)
    return tables.sheets, path, notes_rows(info)


def _expected(v):
    if v is None or v is pd.NA or v == "" or (isinstance(v, float) and math.isnan(v)):
        return None  # an empty text reads back as an empty cell, as openpyxl writes it
    if hasattr(v, "item"):
        v = v.item()
    return v


def _same(got, want) -> bool:
    if isinstance(want, float) and isinstance(got, int | float):
        return got == want or math.isclose(got, want, rel_tol=1e-15)
    return got == want


def test_every_cell_is_its_tables_value(written):
    sheets, path, _ = written
    wb = load_workbook(path, rich_text=True)
    evidence = sheets["原文依据"]
    evidence_rows = {int(i): n + 2 for n, i in enumerate(evidence["_id"])}
    checked = 0
    for name, df in sheets.items():
        ws = wb[name]
        visible = [c for c in df.columns if not str(c).startswith("_")]
        assert [c.value for c in ws[1]] == visible, name
        assert ws.max_row == len(df) + 1, name
        for i, row in enumerate(df.itertuples(index=False), start=2):
            record = dict(zip(df.columns, row, strict=True))
            for j, column in enumerate(visible, start=1):
                cell = ws.cell(i, j)
                want, got = _expected(record[column]), cell.value
                if isinstance(got, CellRichText):
                    # The figure's characters, and only they, are bold red.
                    s, e = int(record["_mark_start"]), int(record["_mark_end"])
                    bold = [b.text for b in got if not isinstance(b, str) and b.font.b]
                    assert bold == [want[s:e]], (name, i, column)
                    got = "".join(b if isinstance(b, str) else b.text for b in got)
                if cell.hyperlink is not None:
                    target = evidence_rows[int(record["_evidence_row"])]
                    assert cell.hyperlink.location == f"'原文依据'!A{target}", (name, i, column)
                    want = str(want) if want else LINK_TEXT
                assert _same(got, want), (name, i, column, got, want)
                checked += 1
    assert checked > 1000


def test_the_zip_members_are_whole(written):
    _, path, _ = written
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None  # every member's CRC-32 and length hold
        sheet = z.read("xl/worksheets/sheet4.xml")
    assert sheet.startswith(b"<worksheet") or sheet.startswith(b"<?xml")
    assert sheet.rstrip().endswith(b"</worksheet>")


def _value_and_link(c) -> tuple:
    """A cell's value (rich text as its runs) and the place it links to."""
    v = c.value
    if isinstance(v, CellRichText):
        v = [(b, None) if isinstance(b, str) else (b.text, b.font.b) for b in v]
    return v, c.hyperlink.location if c.hyperlink is not None else None


def _everything(path) -> dict:
    """Every cell of every sheet: value (rich text as its runs), and link."""
    out = {}
    for ws, c in _cells(path):
        v, link = _value_and_link(c)
        if v is not None or link:
            out[(ws.title, c.coordinate)] = (v, link)
    return out


def _cells(path):
    """(sheet, cell) for every cell of every sheet, rich text read as runs."""
    for ws in load_workbook(path, rich_text=True).worksheets:
        for row in ws.iter_rows():
            for c in row:
                yield ws, c


def _with_store(sheets, notes, store_path, out) -> tuple[int, int]:
    store = PieceStore(store_path)
    build_workbook(sheets, notes, store=store).save(out)
    store.close(prune=True)
    return store.rendered, store.reused


def test_kept_pieces_give_the_same_workbook(written, tmp_path):
    sheets, plain, notes = written
    want = _everything(plain)
    rendered, reused = _with_store(sheets, notes, tmp_path / "p.sqlite", tmp_path / "a.xlsx")
    assert rendered > 0 and reused == 0
    assert _everything(tmp_path / "a.xlsx") == want
    rendered, reused = _with_store(sheets, notes, tmp_path / "p.sqlite", tmp_path / "b.xlsx")
    assert rendered == 0 and reused > 0
    assert _everything(tmp_path / "b.xlsx") == want


def test_pieces_rendered_a_few_at_a_time_give_the_same_workbook(written, tmp_path, monkeypatch):
    # A large sheet's new pieces are worked out in batches of rows, never all at once.
    monkeypatch.setattr(pieces, "PIECE_REPORTS", 2)
    monkeypatch.setattr(pieces, "RENDER_ROWS", 40)
    sheets, plain, notes = written
    batches = []
    real = pieces._Rendered._render_from
    monkeypatch.setattr(
        pieces._Rendered, "_render_from", lambda self, i: batches.append(i) or real(self, i)
    )
    rendered, reused = _with_store(sheets, notes, tmp_path / "p.sqlite", tmp_path / "a.xlsx")
    assert reused == 0 and len(batches) > 2 and rendered > len(batches)
    assert _everything(tmp_path / "a.xlsx") == _everything(plain)


def test_a_changed_report_is_rendered_again_alone(written, tmp_path, monkeypatch):
    monkeypatch.setattr(pieces, "PIECE_REPORTS", 2)  # the sample has a few dozen reports
    sheets, _, notes = written
    _with_store(sheets, notes, tmp_path / "p.sqlite", tmp_path / "a.xlsx")
    evidence = sheets["原文依据"].copy()
    last = evidence["报告"].iloc[-1]
    changed = evidence["报告"] == last
    evidence.loc[changed, "限定"] = "改过的限定"
    evidence = pd.concat([evidence.iloc[:3], evidence.iloc[5:]], ignore_index=True)  # two gone
    edited = {**sheets, "原文依据": evidence}
    edited = {k: v for k, v in edited.items() if k != "计分卡"}  # its links point at old rows
    build_workbook(edited, notes).save(tmp_path / "plain.xlsx")
    rendered, reused = _with_store(edited, notes, tmp_path / "p.sqlite", tmp_path / "b.xlsx")
    assert 1 <= rendered <= 2 and reused >= 1
    assert _everything(tmp_path / "b.xlsx") == _everything(tmp_path / "plain.xlsx")


def test_a_damaged_piece_is_rendered_again(written, tmp_path):
    sheets, plain, notes = written
    _with_store(sheets, notes, tmp_path / "p.sqlite", tmp_path / "a.xlsx")
    with sqlite3.connect(tmp_path / "p.sqlite") as db:
        (key, data) = db.execute("SELECT key, data FROM pieces LIMIT 1").fetchone()
        damaged = data[:10] + bytes([data[10] ^ 0xFF]) + data[11:]
        db.execute("UPDATE pieces SET data = ? WHERE key = ?", (damaged, key))
    rendered, reused = _with_store(sheets, notes, tmp_path / "p.sqlite", tmp_path / "b.xlsx")
    assert rendered == 1
    assert _everything(tmp_path / "b.xlsx") == _everything(plain)


def test_no_store_where_none_can_be_made(tmp_path):
    (tmp_path / STORE_NAME).mkdir()  # a folder in the way: the run renders everything
    assert open_store(tmp_path) is None


def _looks(path) -> dict:
    """Every cell's value, link and look (number format, fill, font colour, bold, underline)."""
    out = {}
    for ws, c in _cells(path):
        v, link = _value_and_link(c)
        font = (c.font.color.rgb if c.font.color else None, c.font.b, c.font.u)
        look = (c.number_format, c.fill.fgColor.rgb, font, c.alignment.wrap_text)
        out[(ws.title, c.coordinate)] = (v, link, look)
        if (ws.title, "heights") not in out:
            out[(ws.title, "heights")] = {r: d.height for r, d in ws.row_dimensions.items()}
    return out


def test_scorecard_and_trend_in_kept_pieces_keep_values_links_and_looks(
    written, tmp_path, monkeypatch
):
    monkeypatch.setattr(pieces, "PIECE_REPORTS", 2)  # the sample has a dozen units
    sheets, plain, notes = written
    assert sheets["计分卡"]["状态"].isin(["完成", "未完成"]).any()  # coloured cells
    rendered, reused = _with_store(sheets, notes, tmp_path / "p.sqlite", tmp_path / "a.xlsx")
    assert _looks(tmp_path / "a.xlsx") == _looks(plain)
    # One unit's rows change: a status (its fill), a value, a link gone.
    card = sheets["计分卡"].copy()
    unit = card["单位"] == card["单位"].iloc[-1]
    first = card.index[unit & card["_evidence_row"].notna()][0]
    card.loc[unit, "状态"] = "未完成"
    card.loc[first, "_evidence_row"] = None
    card.loc[first, "实际值"] = 12345.5
    edited = {**sheets, "计分卡": card}
    build_workbook(edited, notes).save(tmp_path / "plain.xlsx")
    again, kept = _with_store(edited, notes, tmp_path / "p.sqlite", tmp_path / "b.xlsx")
    # Its rows lie in several blocks of 计分卡 (sorted by status first): a few pieces each.
    assert 1 <= again <= rendered // 2 and kept == rendered - again
    got, want = _looks(tmp_path / "b.xlsx"), _looks(tmp_path / "plain.xlsx")
    assert got == want
    assert got != _looks(plain)  # the change shows
