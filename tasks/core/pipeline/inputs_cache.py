"""The parsed targets workbook kept beside the run's outputs, keyed by the file's content.

Parsing 3 万 rows of targets with openpyxl and validating each takes seconds; a re-run with
the same workbook takes them from here instead. The key is the SHA-256 of the workbook's
bytes (computed for 说明 anyway) and the code fingerprint (code and lexicons: a change there
may change what a row means). Everything the parse yields is kept, the problems with bad rows
too, so a run from the cache says exactly what a fresh parse says.

The cache is plain JSON (never pickle: nothing read from a folder is ever run as code), written
atomically; a damaged, foreign or stale cache is ignored and written again.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd

from tasks.core.common.catalogue import Catalogue, Indicator
from tasks.core.comparison.targets import TargetsData

CACHE_NAME = ".scorecard-targets-cache.json"
_FORMAT = 1


def cache_key(sha256: str, name: str) -> str:
    """The key of a workbook's parse: its checksum, the version of the code parsing it, and
    the file name its messages give."""
    from tasks.core.pipeline.ingest import code_fingerprint

    return f"{code_fingerprint()}-{sha256}-{name}"


def read_cached(folder: str | Path, key: str) -> tuple[Catalogue, list[str], TargetsData] | None:
    """The catalogue, its problems and the targets parsed under `key`; None when the folder
    holds no usable cache for it (none, another key, damaged)."""
    try:
        with open(Path(folder) / CACHE_NAME, encoding="utf-8") as f:
            doc = json.load(f)
        if doc.get("format") != _FORMAT or doc.get("key") != key:
            return None
        catalogue = Catalogue(tuple(_indicator(i) for i in doc["catalogue"]))
        t = doc["targets"]
        targets = TargetsData(
            _frame(t["targets"]),
            _frame(t["history"]),
            [str(p) for p in t["problems"]],
            {str(k): float(v) for k, v in t["pace"].items()},
            _frame(t["corrections"]),
        )
        return catalogue, [str(p) for p in doc["catalogue_problems"]], targets
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None  # damaged or foreign: parsed afresh and written again


def write_cached(
    folder: str | Path,
    key: str,
    catalogue: Catalogue,
    catalogue_problems: list[str],
    targets: TargetsData,
) -> None:
    """Keep the parse under `key`, replacing the folder's cache atomically; a folder that
    cannot be written leaves the run as it is (the cache only saves time)."""
    from tasks.core.workbook.files import save_atomically

    doc = {
        "format": _FORMAT,
        "key": key,
        "catalogue": [_indicator_fields(i) for i in catalogue.indicators],
        "catalogue_problems": catalogue_problems,
        "targets": {
            "targets": _rows(targets.targets),
            "history": _rows(targets.history),
            "problems": targets.problems,
            "pace": targets.pace,
            "corrections": _rows(targets.corrections),
        },
    }
    text = json.dumps(doc, ensure_ascii=False)
    try:
        if not os.path.isdir(folder):
            return  # the run creates its output folder when it writes the workbook
        save_atomically(
            lambda tmp: tmp.write_text(text, encoding="utf-8"), Path(folder) / CACHE_NAME
        )
    except OSError:
        return


def _indicator_fields(i: Indicator) -> dict:
    return {
        "id": i.id,
        "name": i.name,
        "unit": i.unit,
        "aliases": list(i.aliases),
        "direction": i.direction,
        "units": list(i.units),
    }


def _indicator(d: dict) -> Indicator:
    return Indicator(
        str(d["id"]),
        str(d["name"]),
        str(d["unit"]),
        tuple(str(a) for a in d["aliases"]),
        str(d["direction"]),
        tuple(str(u) for u in d["units"]),
    )


def _rows(frame: pd.DataFrame) -> dict:
    """A frame as its columns, their dtypes and its rows of plain values."""
    return {
        "columns": [str(c) for c in frame.columns],
        "dtypes": [str(t) for t in frame.dtypes],
        "rows": frame.astype(object).where(frame.notna(), None).values.tolist(),
    }


def _frame(d: dict) -> pd.DataFrame:
    columns, dtypes = d["columns"], d["dtypes"]
    frame = pd.DataFrame(d["rows"], columns=columns)
    if len(frame.columns) != len(dtypes):
        raise ValueError("columns and dtypes differ")
    return frame.astype(dict(zip(columns, dtypes, strict=True)))
