"""A table too large to hold, kept a part at a time in a temporary file until it is written.

原文依据 has a row per figure: a run of 100,000 reports makes millions, about a gigabyte as
pandas tables. The comparison hands its rows over a batch of units at a time
(`comparison.assemble`); `SpilledRows` writes each part to an unnamed temporary file (gone
with the process, reachable by no other program) and keeps in memory only what the writer
asks of the whole table: its length, each unit's rows, the rows' 原文依据 ids and the first
计量单位 of each 指标. The sheet is then written a part at a time (`pieces.write_parts`).
计分卡 and 缺失数据 are kept the same way, their parts handed over out of the sheet's order
(a batch of units gives rows of every status or kind): each part comes with its place
(`append(rows, place)`), and `done` puts the parts in order of place.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

UNIT = "单位"
NO_UNIT = ""  # as limits.NO_UNIT: rows of reports whose unit is unknown
# The most rows a part holds: the batch of all reports of unknown unit (compared together)
# gave 原文依据 a part of 134,000 rows at 100,000 reports, read back whole by the writer.
PART_ROWS = 20_000


@dataclass
class _Part:
    offset: int  # where its bytes start in the file
    rows: int
    runs: list[tuple[str, int, int]]  # (unit, first row, end) of each unit's rows
    ids: np.ndarray  # the rows' `_id`
    pairs: pd.DataFrame = field(repr=False)  # first (单位, 指标, 计量单位) of each unit
    links: np.ndarray = field(repr=False)  # the 原文依据 ids the rows link to (`_evidence_row`)
    place: tuple = ()  # where the part goes in the table (parts of equal place: as appended)


_NO_IDS = np.zeros(0, dtype=np.int64)


class SpilledRows:
    """A table's rows part by part (`append`, then `done`); the units' rows are contiguous,
    as in 原文依据 (by unit). `only(units)` is the same table of some units' rows."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 - open while the table lives
        self._parts: list[_Part] = []
        self._empty: pd.DataFrame | None = None  # no rows, the table's columns and types
        self._units: set[str] | None = None  # all (None) or only these units' rows

    def append(self, rows: pd.DataFrame, place: tuple = ()) -> None:
        """Keep `rows`; a part with a `place` goes where its place sorts among the others.
        Rows beyond PART_ROWS are kept as several parts, in order: a part is read back whole."""
        if self._empty is None:
            self._empty = rows.iloc[:0]
        for a in range(0, len(rows), PART_ROWS):
            self._keep(rows.iloc[a : a + PART_ROWS] if len(rows) > PART_ROWS else rows, place)

    def _keep(self, rows: pd.DataFrame, place: tuple) -> None:
        self._file.seek(0, 2)
        offset = self._file.tell()
        pickle.dump(rows, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        units = rows[UNIT].fillna(NO_UNIT).astype(str).tolist() if UNIT in rows else []
        runs, start = [], 0
        for i in range(1, len(units) + 1):
            if i == len(units) or units[i] != units[start]:
                runs.append((units[start], start, i))
                start = i
        ids = rows["_id"].to_numpy() if "_id" in rows else np.zeros(0, dtype=np.int64)
        pairs = pd.DataFrame(columns=[UNIT, "指标", "计量单位"])
        if {"指标", "计量单位"} <= set(rows.columns):
            pairs = rows[["指标", "计量单位"]].assign(**{UNIT: units or NO_UNIT}).dropna()
            pairs = pairs.drop_duplicates([UNIT, "指标"])
        links = np.zeros(0, dtype=np.int64)
        if "_evidence_row" in rows:
            found = pd.to_numeric(rows["_evidence_row"], errors="coerce").dropna()
            links = np.trunc(found.to_numpy(np.float64)).astype(np.int64)
        self._parts.append(_Part(offset, len(rows), runs, ids, pairs, links, place))

    def done(self) -> SpilledRows:
        """The table, its parts in order of place."""
        self._parts.sort(key=lambda part: part.place)  # stable: equal places as appended
        return self

    @property
    def columns(self) -> pd.Index:
        return self._empty.columns if self._empty is not None else pd.Index([])

    def __contains__(self, column: object) -> bool:
        return column in self.columns

    def __len__(self) -> int:
        return sum(b - a for _, _, a, b in self._runs())

    def _runs(self) -> Iterator[tuple[int, str, int, int]]:
        for n, part in enumerate(self._parts):
            for unit, a, b in part.runs:
                if self._units is None or unit in self._units:
                    yield n, unit, a, b

    def only(self, units: list[str]) -> SpilledRows:
        """The rows of `units` (as limits names them: NO_UNIT for an unknown unit)."""
        out = SpilledRows.__new__(SpilledRows)
        out._file, out._parts, out._empty = self._file, self._parts, self._empty
        out._units = set(units) if self._units is None else self._units & set(units)
        return out

    def is_cut_of(self, whole: SpilledRows, units: list[str]) -> bool:
        """Whether this is `whole.only(units)`: the same kept parts, those units' rows."""
        return self._parts is whole._parts and self._units == set(units)

    def where(self) -> tuple[int, list[_Part], pd.DataFrame | None]:
        """What another process needs to read this table's parts itself: the file's
        descriptor and, per part, only where it is (`reopened` takes them)."""
        bare = [replace(p, ids=_NO_IDS, pairs=None, links=_NO_IDS) for p in self._parts]
        return self._file.fileno(), bare, self._empty

    @staticmethod
    def reopened(file, parts: list[_Part], empty: pd.DataFrame | None) -> SpilledRows:
        """The table of `where`, read through `file` (the same file, its own offset)."""
        out = SpilledRows.__new__(SpilledRows)
        out._file, out._parts, out._empty, out._units = file, parts, empty, None
        return out

    def unit_counts(self) -> pd.Series:
        counts: dict[str, int] = {}
        for _, unit, a, b in self._runs():
            counts[unit] = counts.get(unit, 0) + b - a
        return pd.Series(counts, dtype=np.int64)

    def ids(self) -> np.ndarray:
        """The rows' `_id`, in order."""
        got = [self._parts[n].ids[a:b] for n, _, a, b in self._runs()]
        return np.concatenate(got) if got else np.zeros(0, dtype=np.int64)

    def linked(self) -> np.ndarray:
        """The 原文依据 ids the rows link to, each once, in order (an array: at 100,000
        reports a set of them took ~100 MB while each volume was written)."""
        links = [part.links for part in self._parts]
        return np.unique(np.concatenate(links)) if links else np.zeros(0, dtype=np.int64)

    def first_units(self) -> pd.DataFrame:
        """(指标, 计量单位) of the rows with both, each 指标's first, in row order."""
        pairs = [p.pairs for p in self._parts if len(p.pairs)]
        if not pairs:
            return pd.DataFrame(columns=["指标", "计量单位"])
        joined = pd.concat(pairs, ignore_index=True)
        if self._units is not None:
            joined = joined[joined[UNIT].isin(self._units)]
        return joined[["指标", "计量单位"]].drop_duplicates("指标")

    def parts(self, which: set[int] | None = None) -> Iterator[pd.DataFrame]:
        """The rows a part at a time, each numbered from 0; with `which`, only those parts
        (by their number among all the parts, from 0), the others not read."""
        wanted: dict[int, list[tuple[int, int]]] = {}
        for n, _, a, b in self._runs():
            wanted.setdefault(n, []).append((a, b))
        for k, (n, runs) in enumerate(wanted.items()):
            if which is not None and k not in which:
                continue
            part = self._parts[n]
            self._file.seek(part.offset)
            rows = pickle.load(self._file)  # written by this process, to an unnamed file
            if runs != [(0, part.rows)]:
                rows = rows.iloc[np.r_[tuple(slice(a, b) for a, b in runs)]]
            yield rows.reset_index(drop=True)

    def frame(self) -> pd.DataFrame:
        """All the rows as one table."""
        got = list(self.parts())
        if not got:
            return self._empty if self._empty is not None else pd.DataFrame()
        return got[0] if len(got) == 1 else pd.concat(got, ignore_index=True)
