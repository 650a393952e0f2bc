"""Tables written in pieces that the next run reuses: a re-run renders only what changed.

原文依据 is most of the workbook (one row per figure: 293 of the 415 MB of sheet XML of a
10,000-report scorecard), 计分卡 most of the rest; 历年趋势 is written the same way
(IN_PIECES). A table's rows are cut into pieces of a few dozen reports (units) each; a piece
is rendered without row numbers (`StreamedSheet.append_piece`: a row without `r` is the row
after the last, so a piece is the same wherever it falls), deflated on its own and kept in a
small SQLite file beside the workbooks, under the SHA-256 of everything its XML depends on:
the rows' values and marks, the column headers and widths, the style ids of the sheet's
looks and the cell limit. The next run joins a kept piece into the zip member as it is
(`deflate`), and renders and keeps only the pieces whose key is new.

Piece boundaries depend on the reports' own content (a piece ends before a report whose
hash is divisible by PIECE_REPORTS), so one new report changes one piece, not every later one.
The file is only a cache: unreadable or locked, the sheet is rendered whole.
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future

import numpy as np
import pandas as pd

from tasks.core.comparison.units import RATE_UNIT
from tasks.core.workbook import style
from tasks.core.workbook.piecestore import PieceStore
from tasks.core.workbook.sheetxml import StreamedSheet

EVIDENCE = "原文依据"
# The sheets written in pieces, 原文依据 first (its looks are registered first).
IN_PIECES = (EVIDENCE, "计分卡", "历年趋势")
LINKED = "依据"  # 计分卡's column linking to 原文依据
VERSION = b"pieces 1"  # change when the cells, looks or heights of a table are made otherwise
PIECE_REPORTS = 32  # reports a piece holds, on average
PIECE_ROWS = 4000  # rows after which a piece ends at the next report
RENDER_ROWS = 50_000  # rows of new pieces whose cells are worked out together
_ROW_COLUMNS = ["_mark_start", "_mark_end", "_linked"]
_WIDTH_ROWS = 299  # rows the column widths are fitted to (style.fit_widths)


def register_looks(cache: style.StyleCache, headers: list[str]) -> tuple[int, ...]:
    """Every look a cell of a table with these headers can take, registered before any
    sheet is written so that their style ids are the same from run to run; returns the ids
    (part of each piece's key). The looks of 原文依据 come first, in the order of the first
    version of this file: its kept pieces stay valid."""
    ids = [style.header_style(cache)]
    for h in headers:
        formats = {"General"} | {
            style.number_format(h, unit, v) for unit in (RATE_UNIT, "万元", "") for v in (1, 0.5)
        }
        looks = [(fmt, "", False) for fmt in sorted(formats)]
        # Texts only: a status filled in its colour, a link to the evidence.
        looks += [("General", status, False) for status in sorted(style.value_fills(h))]
        looks += [("General", "", True)] if h == LINKED else []
        ids += [cache.id((h, *look), style.body_style, h, *look) for look in looks]
    return tuple(ids)


def write_pieces(
    ws: StreamedSheet,
    df: pd.DataFrame,
    looks: tuple,
    store: PieceStore,
    render: Callable[[pd.DataFrame, list[float] | None], tuple],
) -> None:
    """A table's rows into `ws` (its header row written), piece by piece, kept pieces
    reused from `store`.

    `looks` are the sheet's style ids (`register_looks`) and anything else the cells depend
    on besides their rows; `render(rows, widths)` gives, for a sub-table, the values, style
    ids and row heights of its cells as the whole table would have them (ids and heights
    only when `widths` are given). Besides the visible columns, a row's cells may depend on
    its hidden `_ROW_COLUMNS` (the figure's place in 原文, whether the row links to 原文依据).
    """
    write_parts(ws, [df], looks, store, render)


def write_parts(
    ws: StreamedSheet,
    parts: Iterable[pd.DataFrame],
    looks: tuple,
    store: PieceStore,
    render: Callable[[pd.DataFrame, list[float] | None], tuple],
) -> None:
    """`write_pieces` of the table made of `parts` (whole reports each), taken one at a time:
    the pieces are those of the whole table, a piece reaching into the next part held back
    until that part comes."""
    parts = iter(parts)
    df, visible, widths = _first_rows(ws, parts, render)
    if df is None:
        return
    context = hashlib.sha256(repr((VERSION, visible, widths, looks)).encode())
    marked = [c for c in _ROW_COLUMNS if c in df]
    waiting: deque[tuple[str, int, Future]] = deque()
    while df is not None:
        more = next(parts, None)
        pieces = _pieces(df)
        done = pieces if more is None else pieces[:-1]  # the last may go on in `more`
        _write_pieces(
            ws, df, done, (context, visible + marked, widths, looks), store, render, waiting
        )
        if more is not None:
            rest = df.iloc[pieces[-1][0] :]
            df = pd.concat([rest, more], ignore_index=True) if len(rest) else more
        else:
            df = None
    while waiting:
        _keep(store, waiting.popleft(), len(visible))


def _first_rows(ws: StreamedSheet, parts: Iterator[pd.DataFrame], render) -> tuple:
    """(the first parts, joined until they hold the rows the column widths are fitted to;
    the visible columns; the widths, set on `ws`), or Nones for a table of no part."""
    df = next(parts, None)
    if df is None:
        return None, None, None
    while len(df) < _WIDTH_ROWS and (more := next(parts, None)) is not None:
        df = pd.concat([df, more], ignore_index=True)
    visible = [c for c in df.columns if not str(c).startswith("_")]
    return df, visible, style.fit_widths(ws, visible, render(df.iloc[:_WIDTH_ROWS], None)[0])


def append_parts(
    ws: StreamedSheet,
    parts: Iterable[pd.DataFrame],
    render: Callable[[pd.DataFrame, list[float] | None], tuple],
) -> None:
    """The rows of the table made of `parts` into `ws` (its header row written), a part at a
    time, with no piece store: the cells, widths and heights of the whole table."""
    parts = iter(parts)
    df, visible, widths = _first_rows(ws, parts, render)
    if df is None:
        return
    while df is not None:
        columns, ids, heights = render(df, widths)
        shift = ws.last_row - 1  # `render` numbers the rows from sheet row 2
        ws.append_columns(columns, ids, {r + shift: h for r, h in heights.items()})
        df = next(parts, None)


def _write_pieces(ws, df, pieces, how, store, render, waiting) -> None:
    context, hashed, widths, looks = how
    visible = [c for c in hashed if not str(c).startswith("_")]
    hashes = pd.util.hash_pandas_object(df[hashed], index=False).to_numpy()
    keys = []
    for a, b in pieces:
        key = context.copy()
        key.update(hashes[a:b].tobytes())
        keys.append(key.hexdigest())
    kept = store.known(list(dict.fromkeys(keys)))
    missing = [(a, b) for (a, b), k in zip(pieces, keys, strict=True) if k not in kept]
    new = _Rendered(df, missing, widths, render)
    allowed = set(looks)
    for (a, b), key in zip(pieces, keys, strict=True):
        piece = store.get(key) if key in kept else None
        if piece is not None:
            ws.append_deflated(*piece)
            store.reused += 1
            continue
        if (a, b) in new:
            columns, ids, heights = new.take(a, b)
        else:  # kept a moment ago, removed by another run since
            columns, ids, heights = _Rendered(df, [(a, b)], widths, render).take(a, b)
        future = ws.append_piece(columns, ids, heights)
        store.rendered += 1
        # A look registered after this sheet's would have an id that depends on the run.
        if allowed.issuperset(i for column in ids for i in column):
            waiting.append((key, b - a, future))
        while waiting and waiting[0][2].done():
            _keep(store, waiting.popleft(), len(visible))


def _keep(store: PieceStore, entry: tuple[str, int, Future], columns: int) -> None:
    key, n, future = entry
    store.put(key, n, columns, future.result())


def prepare(
    sheets: dict[str, pd.DataFrame], cache: style.StyleCache, store: PieceStore | None, limit: int
) -> tuple[PieceStore, dict[str, tuple]] | None:
    """The piece store and, by sheet, the looks of the sheets whose rows go in kept pieces
    (IN_PIECES): their cells must depend on nothing but their own rows (units in the row;
    a link to 原文依据 only as the row's `_linked`, the links themselves written apart)."""
    if store is None:
        return None
    looks = {}
    for name in IN_PIECES:
        df = sheets.get(name)
        if df is not None and "计量单位" in df and (name != EVIDENCE or LINKED not in df):
            headers = [str(c) for c in df.columns if not str(c).startswith("_")]
            looks[name] = (*register_looks(cache, headers), limit)
    return (store, looks) if looks else None


class _Rendered:
    """Values, style ids and heights of the pieces to render, worked out a batch of pieces at
    a time (up to RENDER_ROWS rows: the cells of a whole 100,000-report sheet at once would be
    gigabytes) and handed out piece by piece. A cell depends only on its row, the widths and
    the sheet's looks, so the batches give the cells the whole table would."""

    def __init__(self, df: pd.DataFrame, missing: list, widths: list[float], render) -> None:
        self.df, self.widths, self.render = df, widths, render
        self.missing = missing
        self.at = {piece: i for i, piece in enumerate(missing)}  # every piece to render
        self.starts: dict[tuple[int, int], int] = {}  # those of the batch at hand
        self.columns, self.ids, self.heights = [], [], {}

    def __contains__(self, piece: tuple[int, int]) -> bool:
        return piece in self.at

    def _render_from(self, i: int) -> None:
        self.starts, n = {}, 0
        for a, b in self.missing[i:]:
            if n and n + b - a > RENDER_ROWS:
                break
            self.starts[(a, b)], n = n, n + b - a
        at = np.r_[tuple(slice(a, b) for a, b in self.starts)]
        whole = n == len(self.df)
        rows = self.df if whole else self.df.iloc[at]
        self.columns, self.ids, self.heights = self.render(rows, self.widths)

    def take(self, a: int, b: int) -> tuple[list, list, list]:
        if (a, b) not in self.starts:
            self._render_from(self.at[(a, b)])
        start = self.starts.pop((a, b))
        end = start + b - a
        return (
            [c[start:end] for c in self.columns],
            [s[start:end] for s in self.ids],
            [self.heights.get(r + 2) for r in range(start, end)],
        )


def _pieces(df: pd.DataFrame) -> list[tuple[int, int]]:
    """Row ranges of the pieces: whole reports, cut where the report's hash says."""
    n = len(df)
    names = [c for c in ("单位", "报告") if c in df]
    if not names or n == 0:
        return [(a, min(a + PIECE_ROWS, n)) for a in range(0, n, PIECE_ROWS)]
    reports = pd.util.hash_pandas_object(df[names], index=False).to_numpy()
    starts = np.flatnonzero(np.concatenate(([True], reports[1:] != reports[:-1])))
    out, a = [], 0
    for s in starts[1:].tolist():
        if reports[s] % PIECE_REPORTS == 0 or s - a >= PIECE_ROWS:
            out.append((a, s))
            a = s
    out.append((a, n))
    return out
