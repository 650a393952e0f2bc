"""原文依据 rendered by a second process while this one compares and writes the other sheets.

原文依据 is most of the workbook: one row per figure, about two thirds of the writing's CPU
time at 10,000 reports. Comparing and writing run on one core; the other is idle once the
reports are read. So when a run has many figures, the comparison starts a plain Python
process (`start`: it imports only the workbook code, while the figures are being read) and,
as soon as 原文依据's rows are made, hands them over (`send`). The process renders the table
in pieces exactly as `pieces.write_pieces` would here (same looks, registered first in a
fresh workbook, so the same style ids; pieces kept by earlier runs read from the piece store,
without writing to it) and sends back the pieces' compressed bytes in order. The workbook
writer joins them in (`take`, `join`) and stores the new pieces itself.

Nothing depends on the process: if it fails, if the table it got is not the one written, or
if a cell needed a look not registered beforehand (its style id would then depend on the
order of the sheets), the sheet is rendered here as before, with the same bytes.
"""

from __future__ import annotations

import contextlib
import pickle
import sqlite3
import subprocess
import sys
import threading
import zlib
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from tasks.core.common import children
from tasks.core.workbook import pieces, style, tablecells
from tasks.core.workbook.deflate import deflate_alone
from tasks.core.workbook.piecestore import STORE_NAME, PieceStore
from tasks.core.workbook.sheetxml import piece_rows
from tasks.core.workbook.streambook import StreamedWorkbook, add_sheet

OFFLOAD_FIGURES = 20_000  # fewer render in about what starting the process costs (~1 CPU-s)


@dataclass
class Rendered:
    """A table's pieces rendered by the second process, in order."""

    looks: tuple  # the style ids and cell limit they were rendered with
    widths: dict[str, float]  # column letter -> width
    pieces: list[tuple[int, int, bytes, int, int]]  # (rows, columns, data, crc, size)
    new: list[tuple] = field(default_factory=list)  # `PieceStore.put` arguments
    used: list[str] = field(default_factory=list)  # keys of every piece
    reused: int = 0


class Offload:
    """The second process: `send` it a table, `take` what it rendered (None: render here)."""

    def __init__(self, folder: str | Path) -> None:
        self.store_path = str(Path(folder) / STORE_NAME)
        self.table: pd.DataFrame | None = None
        self.reuse = True  # False: pieces read from the store are not to be used (--full)
        self._sender: threading.Thread | None = None
        self._proc: subprocess.Popen | None = children.spawn(__name__)

    def send(self, table: pd.DataFrame, limit: int) -> None:
        """Hand over 原文依据's rows; pickled here, written on a thread while the process reads."""
        if self._proc is None or self.table is not None:
            return
        self.table = table
        data = pickle.dumps((table, self.store_path, limit), protocol=pickle.HIGHEST_PROTOCOL)
        # the thread holds the process itself: `close` may drop it from self meanwhile
        self._sender = threading.Thread(target=_write, args=(self._proc, data), daemon=True)
        self._sender.start()

    def take(self, table: object, looks: tuple) -> Rendered | None:
        """What the process rendered of `table` with `looks`; None when it is not usable."""
        if self._proc is None or self.table is None or table is not self.table:
            self.close()
            return None
        try:
            self._sender.join()
            done = pickle.load(self._proc.stdout)  # written by our own child process
        except Exception:  # it died: the sheet is rendered here
            done = None
        self.close()
        if not isinstance(done, Rendered) or done.looks != looks:
            return None
        return done if self.reuse or not done.reused else None

    def close(self) -> None:
        """End the process (it has nothing more to do, or its work will not be used)."""
        proc, self._proc = self._proc, None
        if proc is not None:
            children.end(proc)


def _write(proc: subprocess.Popen, data: bytes) -> None:
    with contextlib.suppress(OSError, ValueError):  # the process ended, or was closed
        proc.stdin.write(data)  # type: ignore[union-attr]
        proc.stdin.close()  # type: ignore[union-attr]


def start(folder: str | Path | None, figures: int) -> Offload | None:
    """The second process for a run with `figures` figures writing into `folder`, when it
    is worth one."""
    if not folder or figures < OFFLOAD_FIGURES:
        return None
    try:
        return Offload(folder)
    except OSError:
        return None


def join(ws, done: Rendered, store: PieceStore) -> None:
    """The pieces the process rendered, into `ws` (its header row written); the new ones
    kept in `store`, all of them marked as used."""
    for letter, width in done.widths.items():
        ws.column_dimensions[letter].width = width
    for piece in done.pieces:
        ws.append_deflated(*piece)
    store.use(done.used)
    for args in done.new:
        store.put(*args)
    store.reused += done.reused
    store.rendered += len(done.pieces) - done.reused


def serve() -> None:
    """The second process: read one table from stdin, write what `render` gives to stdout."""
    try:
        table, store_path, limit = pickle.load(sys.stdin.buffer)  # from our parent process
        done = render(table, store_path, limit)
    except Exception:  # the parent renders the sheet itself
        done = None
    pickle.dump(done, sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)
    sys.stdout.buffer.flush()


def render(table: pd.DataFrame, store_path: str, limit: int) -> Rendered | None:
    """原文依据 in pieces as `layout.build_workbook` writes it; None when the table does not
    go in pieces or a cell needs a look of its own."""
    if "计量单位" not in table or pieces.LINKED in table:
        return None
    df = table.reset_index(drop=True)
    visible = [c for c in df.columns if not str(c).startswith("_")]
    headers = [str(c) for c in visible]
    cache = style.StyleCache(add_sheet(StreamedWorkbook(), pieces.EVIDENCE))
    looks = (*pieces.register_looks(cache, headers), limit)
    registered = len(cache)
    sheet, store = _Recorder(), _Recording(store_path)
    try:
        cells = tablecells.cells_of(visible, headers, cache, {}, limit, None)
        pieces.write_pieces(sheet, df, looks, store, cells)
    finally:
        store.close(prune=False)
    if len(cache) != registered:
        return None
    return Rendered(looks, sheet.widths, sheet.pieces, store.new, store.keys, store.reused)


class _Recorder:
    """Stands in for the `StreamedSheet` of `pieces.write_pieces`: keeps the pieces."""

    def __init__(self) -> None:
        self.column_dimensions = _Widths()
        self.pieces: list[tuple[int, int, bytes, int, int]] = []

    @property
    def widths(self) -> dict[str, float]:
        return dict(self.column_dimensions)

    def append_deflated(self, rows: int, columns: int, data: bytes, crc: int, size: int) -> None:
        self.pieces.append((rows, columns, data, crc, size))

    def append_piece(self, columns: list, styles: list, heights: list) -> Future:
        xml = piece_rows(columns, styles, heights)
        piece = deflate_alone(xml), zlib.crc32(xml), len(xml)
        self.pieces.append((len(columns[0]) if columns else 0, len(columns), *piece))
        future: Future = Future()
        future.set_result(piece)
        return future


class _Widths(dict):
    """`ws.column_dimensions` as `style.fit_widths` sets it: letter -> width."""

    def __getitem__(self, letter: str) -> _Width:
        return _Width(self, letter)


class _Width:
    def __init__(self, widths: _Widths, letter: str) -> None:
        self._widths, self._letter = widths, letter

    def __setattr__(self, name: str, value: object) -> None:
        if name == "width":
            self._widths[self._letter] = value
        else:
            super().__setattr__(name, value)


class _Recording(PieceStore):
    """The piece store read only: new pieces are handed back to be stored by the writer."""

    def __init__(self, path: str) -> None:
        try:
            super().__init__(path, read_only=True)
        except sqlite3.Error:  # no store yet: every piece is new
            super().__init__(":memory:")
        self.new: list[tuple] = []
        self.keys: list[str] = []

    def known(self, keys: list[str]) -> set[str]:
        self.keys += keys
        return super().known(keys)

    def put(self, key: str, rows: int, columns: int, piece: tuple[bytes, int, int]) -> None:
        self.new.append((key, rows, columns, piece))
