"""计分卡, 缺失数据 and 总览's counts made a batch of units at a time, handed out as parts.

At 100,000 reports 计分卡 has a row per key, over a million, and 缺失数据 hundreds of
thousands: made whole at the end of the comparison, with their working copies, they were
most of the run's peak. Every key holds its unit, so a batch of whole units (the batches of
`assemble.unit_batches`, in name order) decides its units' rows alone, once its targets,
历史数据 and reported periods are cut out for it: a batch takes every unit named after the
last batch's last unit up to its own last one (units with targets but no report included);
what is left after the last batch is taken by `finish`.

The rows go to two sinks (`append(rows, place)`, `done()`, as `workbook.parts.SpilledRows`)
with their place in the sheet: 计分卡 is sorted by status and year first, then by unit, so a
chunk of batches' rows is cut by (status, year) and each slice placed by (status, year,
chunk); 缺失数据 is grouped by kind, then batch order. Put in order of place, the parts are
the tables a comparison of all figures at once makes, row for row.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Protocol

import numpy as np
import pandas as pd

from tasks.core.common.catalogue import Catalogue
from tasks.core.common.frames import iter_rows
from tasks.core.comparison import missing, review
from tasks.core.comparison.compare import STATUS_ORDER, apply_history, scorecard_rows
from tasks.core.comparison.overview import target_stats
from tasks.core.comparison.tables import card_sheet, trend

CARD_ROWS = 100_000  # 计分卡 rows of the batches sorted together into one chunk
LOST_ROWS = 50_000  # 缺失数据 rows kept before they are handed out
# 缺失数据's kinds in the sheet's order; those made from all reports at the end are marked.
KINDS = ("占位符", "未提及", "待核实", "内容隐藏", "报告缺失", "单位不符", "数值冲突",
         "信息不全", "无法读取")  # fmt: skip
_COLUMNS = missing.MISSING_COLUMNS + ["_evidence_row"]


class Sink(Protocol):
    def append(self, rows: pd.DataFrame, place: tuple = ()) -> None: ...


class _ByUnitName:
    """A table's rows with a text 单位 in a stable order of unit; the others apart."""

    def __init__(self, df: pd.DataFrame, column: str) -> None:
        named = df[column].map(lambda u: isinstance(u, str)).to_numpy(bool)
        self.unnamed = df[~named]
        ordered = df[named].sort_values(column, kind="stable")
        self.df, self.keys = ordered, ordered[column].to_numpy(dtype=object)

    def between(self, lo: str | None, hi: str | None) -> pd.DataFrame:
        """Rows of units after `lo` up to `hi` (None: from the first, to the last and the
        rows of no named unit)."""
        a = 0 if lo is None else int(np.searchsorted(self.keys, lo, side="right"))
        if hi is not None:
            return self.df.iloc[a : int(np.searchsorted(self.keys, hi, side="right"))]
        rest = self.df.iloc[a:]
        return pd.concat([rest, self.unnamed]) if len(self.unnamed) else rest


class ByUnit:
    """The comparison's per-batch tables (`Comparison.spill`)."""

    def __init__(self, reports, targets, catalogue: Catalogue, pace: dict, chosen, sinks) -> None:
        self.catalogue, self.pace, self.chosen = catalogue, pace, chosen
        self.card_rows, self.lost_rows = sinks
        self.targets = _ByUnitName(targets.targets, "单位")
        self.history = _ByUnitName(targets.history, "单位")
        self.periods: dict[str, set] = {}  # each unit's reported periods
        for key in iter_rows(reports, "org", "year", "period"):
            self.periods.setdefault(key[0], set()).add(key)
        self.named = sorted(u for u in self.periods if isinstance(u, str))
        self.whole_years = not targets.history.empty  # 历史数据 makes every 年度 whole
        self.found = missing.docs_by_period(reports)  # 未提及's report names
        self.have = set(iter_rows(reports, "org", "year", "period"))  # 报告缺失: a report or
        self.have |= set(iter_rows(targets.history, "单位", "年度", "期间"))  # 历史数据
        self.upto: str | None = None  # the last unit of the batches so far
        self.first = True  # no batch yet
        self.empty: pd.DataFrame | None = None  # the actual values' columns, no row
        self.cards: list[pd.DataFrame] = []  # cards of the chunk at hand
        self.chunks = 0
        self.lost: dict[str, list[dict]] = {kind: [] for kind in KINDS}
        self.flushed = 0
        self.stats: dict[tuple, tuple] = {}  # 总览's counts per unit's period
        self.years: list[pd.DataFrame] = []  # 历年趋势 per batch
        self.shown = 0  # 计分卡 rows the filters keep

    def add(self, figs: pd.DataFrame, values: pd.DataFrame, found: dict) -> None:
        """A batch: its figures, their actual values, and what else they gave (`found`:
        占位符, 单位不符, 数值冲突 rows; 待核实 candidates and their figures; stated keys)."""
        if self.empty is None:
            self.empty = values.iloc[:0]
        for kind in ("占位符", "单位不符", "数值冲突"):
            self.lost[kind] += found[kind]
        names = [o for o in figs["org"].unique().tolist() if isinstance(o, str)]
        if names:  # the batch of reports of no known unit gives no key
            last = max(names)
            self._units(self.upto, last, values, found)
            self.upto, self.first = last, False
        self._spill_lost(LOST_ROWS)

    def finish(self, hidden: list[dict], incomplete: list[dict], unread: list[dict]) -> None:
        """The units after the last batch's, then the rows made from all reports."""
        empty = self.empty if self.empty is not None else pd.DataFrame()
        none = {"first": {}, "details": None, "stated": set()}
        self._units(None if self.first else self.upto, None, empty, none)
        self._spill_card()
        self.lost["内容隐藏"] += hidden
        self.lost["信息不全"] += incomplete
        self.lost["无法读取"] += unread
        self._spill_lost(0)

    def trend(self) -> pd.DataFrame:
        """历年趋势 of all batches, its year columns in order."""
        years = [y for y in self.years if len(y)] or self.years[:1]
        if len(years) == 1:
            return years[0]
        out = pd.concat(years, ignore_index=True)
        numbered = sorted(c for c in out.columns if c not in ("单位", "指标", "计量单位"))
        return out[["单位", "指标", "计量单位", *numbered]]

    def _units(self, lo: str | None, hi: str | None, values: pd.DataFrame, found: dict) -> None:
        """The rows of the units after `lo` up to `hi`; `values` their actual values."""
        catalogue = self.catalogue
        history = self.history.between(lo, hi)
        actuals = apply_history(values, history)
        if self.whole_years and history.empty:  # as with all of 历史数据 (apply_history)
            actuals["年度"] = actuals["年度"].astype(int)
        periods = set()
        a = 0 if lo is None else bisect_right(self.named, lo)
        b = len(self.named) if hi is None else bisect_right(self.named, hi)
        for unit in self.named[a:b]:
            periods |= self.periods[unit]
        card = scorecard_rows(self.targets.between(lo, hi), actuals, periods, catalogue, self.pace)
        self.years.append(trend(actuals, catalogue))
        del actuals
        card = review.mark_candidates(card, found["first"], catalogue)
        details = found["details"]
        self.lost["未提及"] += missing.unmentioned_rows(card, found["stated"], found=self.found)
        if details is not None:
            self.lost["待核实"] += missing.awaiting_review_rows(card, details)
        self.lost["报告缺失"] += missing.absent_report_rows(card, have=self.have)
        self.stats.update(target_stats(card))
        self.cards.append(card)
        if sum(len(c) for c in self.cards) >= CARD_ROWS:
            self._spill_card()

    def _spill_card(self) -> None:
        """The chunk's cards as 计分卡 rows, a slice per (status, year)."""
        cards = [c for c in self.cards if len(c)]
        self.cards = []
        if not cards:
            return
        sheet = card_sheet(cards[0] if len(cards) == 1 else pd.concat(cards, ignore_index=True))
        del cards
        sheet = self.chosen({"计分卡": sheet})["计分卡"]
        self.shown += len(sheet)
        rank = {s: n for n, s in enumerate(STATUS_ORDER)}
        ranks = sheet["状态"].map(rank).fillna(len(rank)).to_numpy(np.float64)
        years = -pd.to_numeric(sheet["年度"], errors="coerce").to_numpy(np.float64)
        same_year = (years[1:] == years[:-1]) | (np.isnan(years[1:]) & np.isnan(years[:-1]))
        cuts = np.flatnonzero((ranks[1:] != ranks[:-1]) | ~same_year) + 1
        bounds = [0, *cuts.tolist(), len(sheet)]
        for a, b in zip(bounds, bounds[1:], strict=False):
            year = years[a]
            place = (ranks[a], bool(np.isnan(year)), 0.0 if np.isnan(year) else year, self.chunks)
            self.card_rows.append(sheet.iloc[a:b].reset_index(drop=True), place)
        self.chunks += 1

    def _spill_lost(self, most: int) -> None:
        """The 缺失数据 rows kept, by kind, once more than `most`."""
        if sum(len(rows) for rows in self.lost.values()) <= most:
            return
        for n, kind in enumerate(KINDS):
            if self.lost[kind]:
                rows = pd.DataFrame(self.lost[kind], columns=_COLUMNS)
                self.lost_rows.append(
                    self.chosen({"缺失数据": rows})["缺失数据"], (n, self.flushed)
                )
                self.lost[kind] = []
        self.flushed += 1
