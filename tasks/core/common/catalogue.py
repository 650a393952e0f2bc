"""The indicator catalogue: the shipped default, corrected by the 指标库 sheet of a targets workbook.

The default lives in tasks/lexicon/catalogue.csv. A manager adds aliases or whole indicators in
Excel; a bad row there never stops a run: it is skipped or kept as far as it makes sense, and a
clerk-readable message naming file, sheet and cell says what to fix.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache, update_wrapper
from typing import TYPE_CHECKING, TypeVar

from tasks.core.common.filetype import InputError
from tasks.core.common.lexicon import load_csv, load_yaml

if TYPE_CHECKING:  # only runs that use a workbook pay for openpyxl
    from tasks.core.common.xlsx import Book

DIRECTIONS = ("越大越好", "越小越好")
SHEET = "指标库"
COLUMNS = ("指标ID", "指标名称", "计量单位", "别名", "方向")
# Managers type aliases with whatever separator their keyboard gives them.
ALIAS_SPLIT = re.compile(r"[|｜、，,;；\n\r]+")


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    unit: str
    aliases: tuple[str, ...] = ()
    direction: str = "越大越好"
    units: tuple[str, ...] = ()  # measure words a figure of this indicator may carry

    def accepts(self, unit: str) -> bool:
        """True when a figure written with `unit` can measure this indicator."""
        return unit in (self.units or unit_family(self.unit))


@dataclass(frozen=True)
class Catalogue:
    indicators: tuple[Indicator, ...]

    def by_id(self) -> dict[str, Indicator]:
        return {i.id: i for i in self.indicators}

    def resolve(self, key: str) -> Indicator | None:
        """Find an indicator by its id or its name."""
        key = (key or "").strip()
        return next((i for i in self.indicators if key in (i.id, i.name)), None)


T = TypeVar("T")


def per_catalogue(build: Callable[[Catalogue], T]) -> Callable[[Catalogue], T]:
    """`build`, cached per catalogue: building is the slow part. A run names every report
    with one catalogue: that one is looked up by identity, since hashing a catalogue (every
    field of every indicator) for each report is not free; others by equality (8 kept)."""
    built = lru_cache(maxsize=8)(build)
    last: list[tuple[Catalogue, T]] = []

    def cached(catalogue: Catalogue) -> T:
        if last and last[0][0] is catalogue:
            return last[0][1]
        value = built(catalogue)
        last[:] = [(catalogue, value)]
        return value

    return update_wrapper(cached, build)


def unit_family(unit: str) -> tuple[str, ...]:
    """Measure words interchangeable with `unit` (人/名, 家/个, 万元 → 元 …).

    >>> unit_family("万元")
    ('元',)
    """
    families = load_yaml("indicator_rules.yaml")["unit_families"]
    return tuple(families.get(unit, [unit]))


def split_aliases(cell: object) -> tuple[str, ...]:
    """Aliases of one cell, whatever the separator, without blanks or repeats.

    >>> split_aliases("新建单建基层工会、组建工会 | 建会")
    ('新建单建基层工会', '组建工会', '建会')
    """
    parts = (p.strip() for p in ALIAS_SPLIT.split(str(cell or "")))
    return tuple(dict.fromkeys(p for p in parts if p))


def load_default_catalogue() -> Catalogue:
    return Catalogue(tuple(_indicator_from_row(r) for r in load_csv("catalogue.csv")))


def _indicator_from_row(row: dict) -> Indicator:
    return Indicator(
        id=row["指标ID"].strip(),
        name=row["指标名称"].strip(),
        unit=row["计量单位"].strip(),
        aliases=split_aliases(row["别名"]),
        direction=row["方向"].strip(),
        units=split_aliases(row.get("兼容单位")),
    )


def catalogue_from_book(name: str, book: Book | None) -> tuple[Catalogue, list[str]]:
    """The catalogue and the problems of the 指标库 sheet, as messages a clerk can act on.

    `name` is the targets workbook's file name, `book` that workbook parsed (None when there
    is none). A missing workbook or sheet means the default catalogue and no problem: not
    every office keeps its own indicators.
    """
    default = load_default_catalogue()
    if book is None:
        return default, []
    rows, letters, problems = _read_sheet(name, book)
    return _merge(default, rows, problems, _locator(name, letters))


def unopened_catalogue(name: str, exc: Exception) -> tuple[Catalogue, list[str]]:
    """The default catalogue, and why the workbook's own could not be used."""
    if isinstance(exc, InputError):  # a FIFO, a folder, no permission: already named
        return load_default_catalogue(), [f"{exc}；使用内置指标库"]
    why = (
        "没有读取权限"
        if isinstance(exc, PermissionError)
        else "文件损坏、已加密或不是 .xlsx 工作簿"
    )
    return load_default_catalogue(), [f"{name}: 无法打开目标工作簿（{why}），使用内置指标库"]


def _read_sheet(name: str, book: Book) -> tuple[list[tuple[int, dict]], dict[str, str], list[str]]:
    """Rows of the 指标库 sheet as (row number, {column: value}), column letters, problems."""
    from openpyxl.utils import get_column_letter

    if SHEET not in book.sheetnames:
        return [], {}, []
    if damaged := book.damaged(SHEET):
        return [], {}, [f"{name} 工作表「{SHEET}」：{damaged}，使用内置指标库"]
    # By the rows that hold values: a stray cell at A1048576 is one row, not a million.
    cells = dict(book.rows(SHEET))
    width = max((max(row) for row in cells.values() if row), default=0)
    rows = {
        r: [row[c].value if c in row else None for c in range(1, width + 1)]
        for r, row in cells.items()
    }
    if not rows:
        return [], {}, []
    header = [str(c).strip() if c is not None else "" for c in rows.pop(1, [])]
    missing = [c for c in ("指标ID", "指标名称") if c not in header]
    if missing:
        return [], {}, [f"{name} {SHEET}!A1: 缺少列 {'、'.join(missing)}，已忽略该工作表"]
    out = []
    for n, values in rows.items():
        row = {h: v for h, v in zip(header, values, strict=False) if h}
        if any(v not in (None, "") for v in row.values()):
            out.append((n, row))
    letters = {h: get_column_letter(i) for i, h in enumerate(header, start=1) if h}
    return out, letters, []


def _merge(
    default: Catalogue, rows: list[tuple[int, dict]], problems: list[str], where
) -> tuple[Catalogue, list[str]]:
    by_id = default.by_id()
    order = [i.id for i in default.indicators]
    for n, row in rows:
        ind, row_problems = _apply_row(by_id, n, row, where)
        problems += row_problems
        if ind is not None:
            if ind.id not in by_id:
                order.append(ind.id)
            by_id[ind.id] = ind
    return Catalogue(tuple(by_id[i] for i in order)), problems


def _cell(row: dict, column: str) -> str:
    value = row.get(column)
    return "" if value is None else str(value).strip()


def _locator(file_name: str, letters: dict[str, str]):
    """A function naming the cell of a column in a row: `targets.xlsx 指标库!E7`."""

    def where(n: int, column: str) -> str:
        letter = letters.get(column) or "ABCDE"[COLUMNS.index(column)]
        return f"{file_name} {SHEET}!{letter}{n}"

    return where


def _apply_row(by_id: dict[str, Indicator], n: int, row: dict, where):
    """The indicator row `n` defines or corrects, and the problems it has."""
    ind_id, name = _cell(row, "指标ID"), _cell(row, "指标名称")
    problems: list[str] = []
    if not ind_id:
        return None, [f"{where(n, '指标ID')}: 指标ID 为空，已忽略该行（指标名称 {name or '空'}）"]
    base = by_id.get(ind_id)
    unit = _cell(row, "计量单位") or (base.unit if base else "")
    direction = _cell(row, "方向") or (base.direction if base else "越大越好")
    if direction not in DIRECTIONS:
        problems.append(f'{where(n, "方向")}: 方向 "{direction}" 应为 越大越好 或 越小越好')
        direction = base.direction if base else "越大越好"
    if base is None and not name:
        problems.append(f"{where(n, '指标名称')}: 新指标 {ind_id} 缺少指标名称，已忽略该行")
        return None, problems
    if base is None and not unit:
        problems.append(f"{where(n, '计量单位')}: 新指标 {ind_id} 缺少计量单位，已忽略该行")
        return None, problems
    aliases = split_aliases(row.get("别名"))
    if base is None:
        return Indicator(ind_id, name, unit, aliases, direction, unit_family(unit)), problems
    units = base.units if unit == base.unit else unit_family(unit)
    merged = tuple(dict.fromkeys(base.aliases + aliases))
    return replace(
        base,
        name=name or base.name,
        unit=unit,
        aliases=merged,
        direction=direction,
        units=units,
    ), problems
