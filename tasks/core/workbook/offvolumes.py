"""原文依据 of every volume rendered by a second process while this one writes the other sheets.

A scorecard split into volumes (volumes.py, beyond Excel's rows: 100,000 reports) was written
on one core after the comparison, 原文依据 most of it. As `offload` does for one workbook,
`VolumesOffload` starts a plain Python process when the volumes' units are known and hands it
the spilled 原文依据 (`parts.SpilledRows`: the process opens the same unnamed temporary file
through /proc, its own offset, and reads the parts itself) with each volume's units. It renders
each volume's 原文依据 in pieces exactly as `pieces.write_parts` would here, in a fresh workbook
whose looks are registered first (the same style ids), writes the pieces' compressed bytes
into a second unnamed file of this process and sends back, per volume, where they are. The
volume's writer takes them (`take`, through `Volume.take`) and joins them in as `offload.join`.

Nothing depends on the process: if it cannot be started (no /proc), fails, dies, or a volume's
table or looks are not the ones it rendered, the sheet is rendered here, the same bytes, and
the process is ended (it must not read the spilled file while this process does).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import subprocess
import sys
import tempfile
import threading
import zlib
from concurrent.futures import Future
from pathlib import Path

from tasks.core.common import children
from tasks.core.workbook import offload, pieces, style, tablecells
from tasks.core.workbook.deflate import deflate_alone
from tasks.core.workbook.parts import SpilledRows
from tasks.core.workbook.piecestore import STORE_NAME
from tasks.core.workbook.sheetxml import piece_rows
from tasks.core.workbook.streambook import StreamedWorkbook, add_sheet


class VolumesOffload:
    """The second process rendering the volumes' 原文依据 (`groups`: each volume's units)."""

    def __init__(self, table: SpilledRows, groups: list[list[str]], folder, limit: int) -> None:
        self.table, self.groups = table, groups
        self._out = tempfile.TemporaryFile()  # noqa: SIM115 - the pieces, while they are joined
        self._done: list[Future] = [Future() for _ in groups]
        self._next = 0  # the volume to take next
        rows_fd, parts, empty = table.where()
        fds = (rows_fd, self._out.fileno())
        request = (parts, empty, groups, fds, str(Path(folder) / STORE_NAME), limit)
        self._proc: subprocess.Popen | None = children.spawn(__name__, pass_fds=fds)
        data = pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL)
        threading.Thread(target=self._talk, args=(self._proc, data), daemon=True).start()

    def _talk(self, proc: subprocess.Popen, data: bytes) -> None:
        """Send the request, then take each volume's answer as it comes (the process is never
        held back by a full pipe)."""
        got: list = []
        with contextlib.suppress(Exception):  # ended or closed: the volumes left get None
            proc.stdin.write(data)
            proc.stdin.close()
            while len(got) < len(self._done):
                got.append(pickle.load(proc.stdout))  # written by our own child process
                self._done[len(got) - 1].set_result(got[-1])
        for future in self._done[len(got) :]:
            future.set_result(None)

    def volume(self, i: int) -> Volume:
        """What `build_workbook` takes as `elsewhere` for volume `i` (from 0, in order)."""
        return Volume(self, i)

    def _take(self, i: int, table: object, looks: tuple) -> offload.Rendered | None:
        ok = self._proc is not None and i == self._next and isinstance(table, SpilledRows)
        ok = ok and table.is_cut_of(self.table, self.groups[i])
        self._next += 1
        done = self._done[i].result() if ok else None
        if not isinstance(done, offload.Rendered) or done.looks != looks:
            self.close()  # it must not read the spilled rows while they are read here
            return None
        done.pieces = _Stored(done.pieces, self._read)  # read as they are joined
        new = [(k, r, c, at, crc, n) for k, r, c, (at, crc, n) in done.new]
        done.new = ((k, r, c, (self._read(at), crc, n)) for k, r, c, at, crc, n in new)
        return done

    def _read(self, at: tuple[int, int]) -> bytes:
        return os.pread(self._out.fileno(), at[1], at[0])

    def close(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            children.end(proc)
        with contextlib.suppress(OSError):
            self._out.close()


class Volume:
    def __init__(self, owner: VolumesOffload, i: int) -> None:
        self.owner, self.i = owner, i

    def take(self, table: object, looks: tuple) -> offload.Rendered | None:
        return self.owner._take(self.i, table, looks)


def start(sheets: dict, groups: list[list[str]], folder, limit: int) -> VolumesOffload | None:
    """The second process for volumes of `groups`, when 原文依据 is spilled and split."""
    table = sheets.get(pieces.EVIDENCE)
    if not isinstance(table, SpilledRows) or len(groups) < 2 or folder is None:
        return None
    try:
        return VolumesOffload(table, groups, folder, limit)
    except (OSError, ValueError):
        return None


def serve() -> None:
    """The second process: read the request from stdin, render each volume's 原文依据, its
    pieces into the parent's file, what they are (or None) to stdout."""
    out = sys.stdout.buffer
    try:
        parts, empty, groups, (rows_fd, out_fd), store_path, limit = pickle.load(sys.stdin.buffer)
        # its own offset in the parent's spilled file, and in the file for the pieces
        rows = open(f"/proc/self/fd/{rows_fd}", "rb")  # noqa: SIM115
        table = SpilledRows.reopened(rows, parts, empty)
        pieces_file = open(f"/proc/self/fd/{out_fd}", "r+b")  # noqa: SIM115
    except Exception:  # noqa: BLE001 - the parent renders every volume itself
        return
    for units in groups:
        try:
            done = _render(table.only(units), store_path, limit, pieces_file)
        except Exception:  # noqa: BLE001 - this volume and the rest: the parent's
            done = None
        pickle.dump(done, out, protocol=pickle.HIGHEST_PROTOCOL)
        out.flush()
        if done is None:
            return


def _render(table: SpilledRows, store_path: str, limit: int, into) -> offload.Rendered | None:
    """The volume's 原文依据 as `layout._write_table` writes a spilled table in pieces."""
    visible = [c for c in table.columns if not str(c).startswith("_")]
    headers = [str(c) for c in visible]
    if "计量单位" not in headers or pieces.LINKED in headers or "_direction" in table:
        return None
    cache = style.StyleCache(add_sheet(StreamedWorkbook(), pieces.EVIDENCE))
    looks = (*pieces.register_looks(cache, headers), limit)
    registered = len(cache)
    sheet, store = _FileRecorder(into), offload._Recording(store_path)
    try:
        cells = tablecells.cells_of(visible, headers, cache, {}, limit, None)
        pieces.write_parts(sheet, table.parts(), looks, store, cells)
    finally:
        store.close(prune=False)
    if len(cache) != registered:
        return None
    into.flush()
    return offload.Rendered(looks, sheet.widths, sheet.pieces, store.new, store.keys, store.reused)


class _FileRecorder(offload._Recorder):
    """The pieces written into a file as they come: (rows, columns, (offset, length), crc,
    size); a new piece's future gives ((offset, length), crc, size), as it is then stored."""

    def __init__(self, into) -> None:
        super().__init__()
        self.into = into

    def append_deflated(self, rows: int, columns: int, data: bytes, crc: int, size: int) -> None:
        self.pieces.append((rows, columns, self._write(data), crc, size))

    def append_piece(self, columns: list, ids: list, heights: list) -> Future:
        xml = piece_rows(columns, ids, heights)
        at = self._write(deflate_alone(xml))
        rows = len(columns[0]) if columns else 0
        self.pieces.append((rows, len(columns), at, zlib.crc32(xml), len(xml)))
        future: Future = Future()
        future.set_result((at, zlib.crc32(xml), len(xml)))
        return future

    def _write(self, data: bytes) -> tuple[int, int]:
        at = self.into.tell()
        self.into.write(data)
        return at, len(data)


class _Stored:
    """Pieces as `offload.join` takes them, each read from the file only when joined."""

    def __init__(self, items: list, read) -> None:
        self.items, self.read = items, read

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self):
        for rows, columns, at, crc, size in self.items:
            yield rows, columns, self.read(at), crc, size
