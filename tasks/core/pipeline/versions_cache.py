"""The figures of the last run's reports kept beside its outputs, to be read back at once.

The comparison reads every report version's figures from the ledger, a Python object per
cell (10,000 reports: 243,000 figures, 5.6 million cells, about 3 s), although a re-run
with one new report needs the rows of the run before and that report's. Here they are kept
column by column in a NumPy file in the output folder: numbers as arrays, texts as codes
into one list of distinct texts, read back in a fraction of a second; only the reports not
kept are read from the ledger. Reports new since the file was written are kept in a second,
small file on top of it (DELTA_NAME, naming the main file it belongs to), so that a re-run
with one new report does not write the whole file again (0.5-0.7 s at 10,000 reports); once
the newer and the departed reports' rows pass a quarter of the main file's, both are written
as one main file again.

A kept report is used only while the ledger holds it as it was (id, path, checksum,
analysis key, time read: its figures are written once, with its row, and never changed),
so a ledger replaced, rebuilt or migrated since is read afresh. The file is never unpickled
(nothing in a folder is run as code); damaged, foreign or of another format it is ignored
and written again. The tables are those `ledger.load_versions` gives, value by value and
type by type: where a column's type cannot be told without reading it all (whole numbers
stored as REAL, say), everything is read from the ledger (tests/test_versions_cache.py).
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
import zipfile
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from tasks.core.ledger.migrations import SCHEMA_VERSION
from tasks.core.ledger.store import Ledger, load_versions
from tasks.core.pipeline.ahead import take

CACHE_NAME = ".scorecard-ledger-frames.npz"
DELTA_NAME = ".scorecard-ledger-frames-new.npz"  # the reports kept since CACHE_NAME was
_FORMAT = 2
_KEPT = ("figures", "hidden")  # the large tables; the reports are read from the ledger
_IDENTITY = ["id", "path", "sha256", "analysis_key", "read_at"]  # a version's rows for good
_CHUNK = 20_000  # distinct texts encoded at once
_DELTA_SHARE = 4  # the delta is folded in once its rows and the stale ones pass 1/4 of the main


class _Kept(NamedTuple):
    meta: dict
    reports: dict[int, list]  # the identity of each report kept
    tables: dict[str, pd.DataFrame]


def load_versions_kept(conn: Ledger, ids: list[int], folder: str | Path | None) -> dict:
    """`ledger.load_versions(conn, ids)`, the figures of the reports kept in `folder` taken
    from there; the tables are kept there for the next run when they changed."""
    if not folder:
        return load_versions(conn, ids)
    main_path, delta_path = Path(folder) / CACHE_NAME, Path(folder) / DELTA_NAME
    reports = load_versions(conn, ids, tables=("reports",))["reports"]
    identity = _identity(reports)
    main = take(read_kept, main_path)  # read while the run's server starts (ahead.py)
    delta = take(read_kept, delta_path) if main is not None else None
    if delta is not None and delta.meta.get("main") != _token(main):
        delta = None  # written on top of another main file (or one of an older format)
    kept = [k for k in (main, delta) if k is not None]
    usable = _usable({i: r for k in kept for i, r in k.reports.items()}, identity)
    fresh = sorted(set(identity) - usable)
    tables = {"reports": reports}
    if usable:
        new = load_versions(conn, fresh, tables=_KEPT)
        for name in _KEPT:
            combined = _combine([k.tables[name] for k in kept], new[name], usable)
            if combined is None:  # a column's type is not known without the whole table
                usable, fresh = set(), sorted(identity)
                break
            tables[name] = combined
    if not usable:
        tables.update(load_versions(conn, fresh, tables=_KEPT))
    if fresh or main is None or sum(len(k.reports) for k in kept) != len(usable):
        _keep(main_path, delta_path, main if usable else None, identity, tables)
    return tables


def _keep(main_path: Path, delta_path: Path, main: _Kept | None, identity: dict, tables: dict):
    """The tables kept for the next run: the reports `main` does not hold in the delta file
    on top of it while they (and the main file's reports no longer wanted) are few, else
    everything in a new main file."""
    if main is not None and _token(main):
        kept = main.tables["figures"]
        on_top = sorted(set(identity) - set(main.reports))
        extra = _rows(tables["figures"], on_top) + _rows(kept, set(main.reports) - set(identity))
        if extra * _DELTA_SHARE <= len(kept):
            parts = {n: tables[n][tables[n]["report_id"].isin(on_top)] for n in _KEPT}
            ids = {i: identity[i] for i in on_top}
            _write(delta_path, ids, parts, {"main": _token(main)})
            return
    if _write(main_path, identity, {n: tables[n] for n in _KEPT}, {"token": uuid.uuid4().hex}):
        with contextlib.suppress(OSError):
            delta_path.unlink(missing_ok=True)  # it belongs to the main file replaced


def _token(main: _Kept | None) -> str | None:
    """What names a main file (its delta names it too); None for a file without one."""
    token = main.meta.get("token") if main is not None else None
    return token if isinstance(token, str) and token else None


def _rows(figures: pd.DataFrame, ids) -> int:
    return int(figures["report_id"].isin(list(ids)).sum()) if ids else 0


def _identity(reports: pd.DataFrame) -> dict[int, list]:
    rows = reports[_IDENTITY].astype(object).where(reports[_IDENTITY].notna(), None)
    return {int(r[0]): [str(v) if v is not None else None for v in r] for r in rows.values}


def _usable(kept: dict[int, list], identity: dict[int, list]) -> set[int]:
    """The wanted reports kept as the ledger holds them; none when the ledger has changed
    under a kept id (replaced, rebuilt): the file belongs to another history."""
    if any(identity.get(i, row) != row for i, row in kept.items()):
        return set()
    return set(kept) & set(identity)


def _combine(kept: list[pd.DataFrame], new: pd.DataFrame, usable: set[int]) -> pd.DataFrame | None:
    """The kept rows of the `usable` reports (the files' reports apart) and the rows read
    anew, in the ledger's order (by report, then position) and with the column types one
    query would have given; None when a type cannot be told from the parts."""
    names = kept[0].columns if kept else new.columns
    kept = [k[k["report_id"].isin(usable)] for k in kept]
    parts = [p for p in (*kept, new) if len(p)]
    if not parts:
        return new  # no rows: the ledger's empty table
    columns = {}
    for c in names:
        dtype = _joint_type([p[c] for p in parts])
        if dtype is None:
            return None
        columns[c] = pd.concat([_as(p[c], dtype) for p in parts], ignore_index=True)
    out = pd.DataFrame(columns, columns=names)
    if len(parts) > 1:  # each part is in order; reports apart
        out = out.sort_values("report_id", kind="stable", ignore_index=True)
    return out


def _joint_type(parts: list[pd.Series]) -> object | None:
    """The type `read_frame` (`DataFrame.from_records`) gives a column of all these parts'
    values: int64 for integers, float64 for numbers with an empty cell or a fraction, str
    for texts, object when all are empty; None when the parts' types cannot tell."""
    kinds: set[str] = set()
    for s in parts:
        if s.dtype == np.int64:
            kinds.add("int")
            continue
        na = s.isna().to_numpy()  # once: a text column's is costly (243,000 rows: 15 ms)
        present = not bool(na.all())
        if s.dtype == np.float64 or isinstance(s.dtype, pd.StringDtype):
            if present:
                kinds.add("float" if s.dtype == np.float64 else "str")
        elif s.dtype != object or present:
            return None  # mixed values
        if bool(na.any()):
            kinds.add("none")
    if kinds <= {"none"}:
        return object
    if kinds == {"int"}:
        return np.int64
    if kinds <= {"str", "none"}:
        return "str"
    if not kinds <= {"int", "float", "none"}:
        return None
    if "none" not in kinds and _whole(parts):
        return None  # whole numbers only, in a float column: REAL or INTEGER in the ledger?
    return np.float64


def _whole(parts: list[pd.Series]) -> bool:
    return all(
        s.dtype != np.float64 or bool((s.to_numpy() == np.floor(s.to_numpy())).all()) for s in parts
    )


def _as(s: pd.Series, dtype) -> pd.Series:
    if s.dtype == dtype or (dtype == "str" and isinstance(s.dtype, pd.StringDtype)):
        return s.reset_index(drop=True)
    if s.dtype == object:  # all empty
        return pd.Series([None] * len(s), dtype=dtype)
    return s.astype(dtype).reset_index(drop=True)


# The file: meta (JSON as bytes) and, per table and column, its arrays.


def read_kept(path: Path) -> _Kept | None:
    """The tables kept in the file at `path`; None when absent, damaged or foreign."""
    try:
        if not zipfile.is_zipfile(path):  # np.load would read a lone array, too
            return None
        with np.load(path, allow_pickle=False) as z:
            meta = json.loads(bytes(z["meta"]).decode("utf-8"))
            if meta.get("format") != _FORMAT or meta.get("schema") != SCHEMA_VERSION:
                return None
            kept = {int(r[0]): list(r) for r in meta["reports"]}
            tables = {name: _frame(z, name, meta["tables"][name]) for name in _KEPT}
        return _Kept(meta, kept, tables)
    except (OSError, EOFError, ValueError, KeyError, TypeError, IndexError, zipfile.BadZipFile):
        return None  # damaged or foreign: read from the ledger and written again


def _frame(z, table: str, columns: list[list]) -> pd.DataFrame:
    data = {}
    for name, kind, n in columns:
        key = f"{table}.{name}"
        if kind == "none":
            data[name] = pd.Series([None] * n, dtype=object)
        elif kind == "str":
            values = []
            for i, count in enumerate(z[key + ".counts"].tolist()):  # texts a chunk at a time
                text = bytes(z[f"{key}.text{i}"]).decode("utf-8", "surrogatepass")
                lengths = z[f"{key}.lengths{i}"]
                if len(lengths) != count or int(lengths.sum()) != len(text):
                    raise ValueError("texts of another length")
                ends = np.cumsum(lengths).tolist()
                values += [text[a:b] for a, b in zip([0, *ends[:-1]], ends, strict=True)]
            codes = z[key + ".codes"]
            if len(codes) != n or len(codes) and not -1 <= codes.min() <= codes.max() < len(values):
                raise ValueError("codes out of range")
            data[name] = pd.Series(np.array([*values, None], dtype=object)[codes], dtype="str")
        else:
            values = z[key]
            if values.dtype.str != kind or len(values) != n:
                raise ValueError("column of another type or length")
            data[name] = pd.Series(values)
    return pd.DataFrame(data, columns=[c[0] for c in columns])


class _NotKept(Exception):
    """A column holds values of mixed types: the tables are not kept."""


def _write(
    path: Path, identity: dict[int, list], tables: dict[str, pd.DataFrame], extra: dict
) -> bool:
    """Keep the tables under the reports' identities (`extra` in the file's meta),
    atomically, a column at a time (a province's figures are hundreds of MB: never all
    encoded at once); True when written. A table with a column that cannot be kept, or a
    folder that cannot be written, leaves the run as it is."""
    from tasks.core.workbook.files import save_atomically

    try:
        if os.path.isdir(path.parent):
            save_atomically(lambda tmp: _save(tmp, identity, tables, extra), path)
            return True
    except (OSError, _NotKept):
        pass
    return False


def _save(tmp: Path, identity: dict[int, list], tables: dict[str, pd.DataFrame], extra: dict):
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:

        def put(name: str, array: np.ndarray) -> None:
            with archive.open(name + ".npy", "w", force_zip64=True) as f:
                np.lib.format.write_array(f, np.ascontiguousarray(array), allow_pickle=False)

        columns: dict[str, list] = {}
        for name in _KEPT:
            columns[name] = []
            for c in tables[name].columns:
                kind = _column(put, f"{name}.{c}", tables[name][c])
                columns[name].append([c, kind, len(tables[name])])
        meta = {"format": _FORMAT, "schema": SCHEMA_VERSION, "tables": columns, **extra}
        meta["reports"] = list(identity.values())
        put("meta", np.frombuffer(json.dumps(meta, ensure_ascii=False).encode(), np.uint8))


def _column(put, key: str, s: pd.Series) -> str:
    if s.dtype in (np.int64, np.float64):
        put(key, s.to_numpy())
        return s.dtype.str
    if isinstance(s.dtype, pd.StringDtype):
        codes, uniques = pd.factorize(s, use_na_sentinel=True)
        put(key + ".codes", codes.astype(np.int32))
        counts = []
        for i, start in enumerate(range(0, len(uniques), _CHUNK)):
            texts = [str(u) for u in uniques[start : start + _CHUNK]]
            put(f"{key}.lengths{i}", np.fromiter(map(len, texts), np.int64, len(texts)))
            data = "".join(texts).encode("utf-8", "surrogatepass")
            put(f"{key}.text{i}", np.frombuffer(data, np.uint8))
            counts.append(len(texts))
        put(key + ".counts", np.array(counts, dtype=np.int64))
        return "str"
    if s.dtype == object and not s.notna().any():
        return "none"
    raise _NotKept(key)
