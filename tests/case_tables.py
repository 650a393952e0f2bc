"""The one loader of the case tables in tests/cases/*.yaml.

Each table is a list of rows; a row with `xfail: reason` is a known failure, run as a strict
xfail so that fixing it is noticed. A row is identified by its `name`, else by its table and
its number (1-based).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

CASES_DIR = Path(__file__).parent / "cases"


def load_table(name: str) -> list[dict]:
    """The rows of tests/cases/<name>."""
    return yaml.safe_load((CASES_DIR / name).read_text(encoding="utf-8"))


def tables(pattern: str) -> list[str]:
    """The names of the case tables matching `pattern` (figures_*.yaml), sorted."""
    return sorted(p.name for p in CASES_DIR.glob(pattern))


def case_params(*names: str) -> list:
    """Every row of the named tables as one pytest parameter (the row itself)."""
    out = []
    for name in names:
        stem = Path(name).stem
        for n, row in enumerate(load_table(name), start=1):
            marks = (
                [pytest.mark.xfail(reason=row["xfail"], strict=True)] if row.get("xfail") else []
            )
            out.append(pytest.param(row, id=str(row.get("name") or f"{stem}-{n}"), marks=marks))
    return out
