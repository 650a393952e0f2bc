"""The file beside the workbooks that keeps rendered pieces of tables for the next run.

A piece (pieces.py) is kept under the SHA-256 of everything its XML depends on, deflated on
its own, with its row and column counts and CRC. The file is only a cache: unreadable or
locked, it reads as empty and the sheet is rendered whole.
"""

from __future__ import annotations

import contextlib
import sqlite3
import zlib
from pathlib import Path

STORE_NAME = ".scorecard-pieces.sqlite"  # in the output folder
_COMMIT_EVERY = 16  # new pieces per transaction


class PieceStore:
    """Rendered pieces of earlier runs, by key; `close(prune=True)` forgets unused ones.

    Only a cache: a failing query (a locked or damaged file) reads as "not kept", a piece
    whose bytes no longer match their CRC is not used, and a piece another run removed
    meanwhile is rendered again. New pieces are committed a few at a time, so that another
    run writing into the same folder never waits long for the file.
    """

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        if read_only:  # raises sqlite3.Error when there is no such file
            self._db = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
        else:
            self._db = sqlite3.connect(path, timeout=10)
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS pieces (key TEXT PRIMARY KEY, rows INTEGER,"
                " columns INTEGER, size INTEGER, crc INTEGER, data BLOB, stored_crc INTEGER)"
            )
        self._used: set[str] = set()
        self._uncommitted = 0
        self.reused = self.rendered = 0

    def known(self, keys: list[str]) -> set[str]:
        """Those of `keys` that are kept (and so used by this run)."""
        self._used.update(keys)
        found: set[str] = set()
        try:
            for i in range(0, len(keys), 500):
                batch = keys[i : i + 500]
                query = f"SELECT key FROM pieces WHERE key IN ({','.join('?' * len(batch))})"
                found.update(k for (k,) in self._db.execute(query, batch))
        except sqlite3.Error:
            return set()
        return found

    def use(self, keys: list[str]) -> None:
        """Count `keys` as used by this run (kept by `close(prune=True)`)."""
        self._used.update(keys)

    def get(self, key: str) -> tuple[int, int, bytes, int, int] | None:
        """(rows, columns, data, crc, size) for `StreamedSheet.append_deflated`."""
        try:
            found = self._db.execute(
                "SELECT rows, columns, data, crc, size, stored_crc FROM pieces WHERE key = ?",
                (key,),
            ).fetchone()
        except sqlite3.Error:
            return None
        if found is None or zlib.crc32(found[2]) != found[5]:
            return None
        return found[:5]

    def put(self, key: str, rows: int, columns: int, piece: tuple[bytes, int, int]) -> None:
        data, crc, size = piece
        with contextlib.suppress(sqlite3.Error):
            self._db.execute(
                "INSERT OR REPLACE INTO pieces VALUES (?, ?, ?, ?, ?, ?, ?)",
                (key, rows, columns, size, crc, data, zlib.crc32(data)),
            )
            self._uncommitted += 1
            if self._uncommitted >= _COMMIT_EVERY:
                self._db.commit()
                self._uncommitted = 0

    def forget_all(self) -> None:
        """Render everything anew (a --full run)."""
        with contextlib.suppress(sqlite3.Error):
            self._db.execute("DELETE FROM pieces")
            self._db.commit()

    def close(self, prune: bool) -> None:
        """Keep what was stored; with `prune`, drop the pieces this run did not use."""
        try:
            if prune:
                self._db.execute("CREATE TEMP TABLE used (key TEXT PRIMARY KEY)")
                self._db.executemany("INSERT INTO used VALUES (?)", ((k,) for k in self._used))
                self._db.execute("DELETE FROM pieces WHERE key NOT IN (SELECT key FROM used)")
            self._db.commit()
        except sqlite3.Error:
            pass
        finally:
            self._db.close()


def open_store(folder: str | Path) -> PieceStore | None:
    """The piece store of an output folder; None (render everything) when it cannot be used."""
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
        return PieceStore(Path(folder) / STORE_NAME)
    except (sqlite3.Error, OSError):
        return None
