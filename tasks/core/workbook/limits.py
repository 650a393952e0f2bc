"""Excel's limits, and a scorecard too large for one workbook split by unit so that no sheet
passes them. Limits are data: tests pass small ones instead of writing a million rows."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from tasks.core.workbook.parts import SpilledRows

UNIT = "单位"
NO_UNIT = ""  # rows of reports whose unit is unknown (unreadable files) form a group too


@dataclass(frozen=True)
class ExcelLimits:
    max_rows: int = 1_048_576  # rows of a sheet, the header row included
    max_cell_chars: int = 32_767  # characters of a cell

    @property
    def data_rows(self) -> int:
        return self.max_rows - 1


EXCEL = ExcelLimits()


@dataclass
class Volume:
    """One workbook's share of the scorecard: its units and its tables."""

    units: list[str]
    sheets: dict[str, pd.DataFrame]


def fits(sheets: dict[str, pd.DataFrame], limits: ExcelLimits) -> bool:
    return all(len(df) <= limits.data_rows for df in sheets.values())


def split_by_unit(sheets: dict[str, pd.DataFrame], limits: ExcelLimits = EXCEL) -> list[Volume]:
    """The tables as one volume when they fit, else as several, each holding whole units
    (in name order) and as many of them as fit. A unit too large alone for a sheet gets a
    volume of its own, cut at the limit with a row saying how many rows were left out."""
    if fits(sheets, limits):
        return [Volume(_units(sheets), sheets)]
    return [volume_of(sheets, units, limits) for units in unit_groups(sheets, limits)]


def unit_groups(sheets: dict[str, pd.DataFrame], limits: ExcelLimits = EXCEL) -> list[list[str]]:
    """The units of each volume `split_by_unit` makes, without making the volumes' tables:
    a run of 100,000 reports holds one volume's copy of its rows at a time, not all."""
    if fits(sheets, limits):
        return [_units(sheets)]
    sizes = {
        name: df.unit_counts()
        if isinstance(df, SpilledRows)
        else df[UNIT].fillna(NO_UNIT).value_counts()
        for name, df in sheets.items()
        if UNIT in df.columns
    }
    groups: list[list[str]] = []
    totals: dict[str, int] = {}
    for unit in _units(sheets):
        rows = {name: int(counts.get(unit, 0)) for name, counts in sizes.items()}
        if not groups or any(totals[n] + rows[n] > limits.data_rows for n in rows):
            groups.append([])
            totals = dict.fromkeys(rows, 0)
        groups[-1].append(unit)
        totals = {n: totals[n] + rows[n] for n in rows}
    return groups


def volume_of(
    sheets: dict[str, pd.DataFrame], units: list[str], limits: ExcelLimits = EXCEL
) -> Volume:
    """The volume of `units` (one group of `unit_groups`)."""
    return Volume(units, _only(sheets, units, limits))


def _units(sheets: dict[str, pd.DataFrame]) -> list[str]:
    found: set[str] = set()
    for df in sheets.values():
        if isinstance(df, SpilledRows):
            found.update(df.unit_counts().index)
        elif UNIT in df.columns:
            found.update(map(str, df[UNIT].fillna(NO_UNIT).unique()))  # each unit once
    return sorted(found)


def _only(
    sheets: dict[str, pd.DataFrame], units: list[str], limits: ExcelLimits
) -> dict[str, pd.DataFrame]:
    out = {}
    for name, df in sheets.items():
        if isinstance(df, SpilledRows):  # a large table, cut only when a unit passes the limit
            df = df.only(units)
            out[name] = df if len(df) <= limits.data_rows else cap_rows(df.frame(), limits)
            continue
        if UNIT in df.columns:
            df = df[df[UNIT].fillna(NO_UNIT).isin(units)].reset_index(drop=True)
        out[name] = cap_rows(df, limits)
    return out


def cap_rows(df: pd.DataFrame, limits: ExcelLimits) -> pd.DataFrame:
    """The table cut to fit a sheet, its last row saying how many rows were left out.

    >>> cap_rows(pd.DataFrame({"a": range(5)}), ExcelLimits(max_rows=4))["a"].tolist()
    [0, 1, '（其余 3 行超出 Excel 每张表 4 行的上限，未写出）']
    """
    if len(df) <= limits.data_rows:
        return df
    keep = limits.data_rows - 1
    note = f"（其余 {len(df) - keep} 行超出 Excel 每张表 {limits.max_rows:,} 行的上限，未写出）"
    first = df.columns[0]
    tail = pd.DataFrame({first: [note]}, columns=df.columns)
    return pd.concat([df.iloc[:keep].astype({first: object}), tail], ignore_index=True)
