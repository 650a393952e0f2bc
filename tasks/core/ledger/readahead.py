"""The figures of a run's batches read from a SQLite ledger by a second process, a batch ahead.

Beyond KEEP_FIGURES (pipeline/comparing.py) a run reads its figures from the ledger a batch of
units at a time, and everything after the reading runs on one core: at 100,000 reports about
a third of the comparison's CPU time went to SQLite handing out the rows and pandas making
frames of them. `ReadAhead` starts a plain Python process that opens the ledger, reads the
batches in order exactly as `store.load_versions` reads them here and hands each frame over
pickled (unpickling one costs a twentieth of reading it) while this process compares the
batch before; the pipe holds it back a batch or so ahead, so its memory stays that of a batch.

Nothing depends on the process: if it cannot be started, fails or dies, the batch it did not
hand over and all later ones are read here, the same way (same query, same frame).
"""

from __future__ import annotations

import contextlib
import pickle
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator

import pandas as pd

from tasks.core.common import children
from tasks.core.ledger.health import BUSY_SECONDS
from tasks.core.ledger.postgres import is_database_url
from tasks.core.ledger.store import Ledger, load_versions


class ReadAhead:
    """The figures of `batches` (lists of report ids) of the ledger at `path`, read by a
    second process (`frames`); `close` ends it."""

    def __init__(self, path: str, batches: list[list[int]]) -> None:
        self.batches = batches
        self._proc: subprocess.Popen | None = None
        if is_database_url(path) or len(batches) < 2:
            return
        with contextlib.suppress(OSError):
            self._proc = children.spawn(__name__)
            data = pickle.dumps((path, batches), protocol=pickle.HIGHEST_PROTOCOL)
            # on a thread: the process reads its request only once it has imported pandas
            threading.Thread(target=self._send, args=(data,), daemon=True).start()

    def _send(self, data: bytes) -> None:
        proc = self._proc
        with contextlib.suppress(OSError, ValueError, AttributeError):  # ended or closed
            proc.stdin.write(data)
            proc.stdin.close()

    def frames(self, conn: Ledger) -> Iterator[pd.DataFrame]:
        """Each batch's figures, in order: from the process while it gives them, else read
        here through `conn`."""
        for i, batch in enumerate(self.batches, start=1):
            got = self._take()
            if i == len(self.batches):
                self.close()  # nothing more to come: its memory back before the last batch
            yield got if got is not None else load_versions(conn, batch, ("figures",))["figures"]

    def _take(self) -> pd.DataFrame | None:
        if self._proc is None:
            return None
        try:
            got = pickle.load(self._proc.stdout)  # written by our own child process
        except Exception:  # noqa: BLE001 - it died: this batch and the rest are read here
            got = None
        if not isinstance(got, pd.DataFrame):
            self.close()
            return None
        return got

    def close(self) -> None:
        """End the process (done, or its frames are no longer wanted)."""
        proc, self._proc = self._proc, None
        if proc is not None:
            children.end(proc)

    def __enter__(self) -> ReadAhead:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def serve() -> None:
    """The second process: read (ledger path, batches) from stdin, write each batch's figures
    to stdout; on a failure, a None and nothing more (the parent reads the rest)."""
    out = sys.stdout.buffer
    try:
        path, batches = pickle.load(sys.stdin.buffer)  # from our parent process
        conn = sqlite3.connect(path, timeout=BUSY_SECONDS)
    except Exception:  # noqa: BLE001 - the parent reads every batch itself
        pickle.dump(None, out)
        return
    try:
        for batch in batches:
            frame = load_versions(conn, batch, ("figures",))["figures"]
            pickle.dump(frame, out, protocol=pickle.HIGHEST_PROTOCOL)
            out.flush()
            del frame
    except BrokenPipeError:  # the parent closed: it wants no more
        return
    except Exception:  # noqa: BLE001 - the parent reads the rest itself
        with contextlib.suppress(OSError):
            pickle.dump(None, out)
    finally:
        conn.close()
