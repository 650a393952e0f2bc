"""The scorecard tables built a batch of units at a time.

A run of 100,000 reports holds millions of figures: compared all at once, the figures, their
joined, corrected and sorted copies and the 原文依据 rows made from them took gigabytes. Every
comparison key holds its unit, so the figures of some units decide those units' values and
rows alone. `Comparison` first takes what is worked out over all reports (which copy of a
report is current, each report's unit as the targets name it, the folder 位置 is relative to),
then the figures a batch of whole units at a time (`unit_batches`: in the order of 原文依据,
units by name, reports of an unknown unit last): each batch's 原文依据 rows are handed back
to be written and dropped, and only the small results are kept (actual values, 缺失数据 rows,
candidates for 待核实, suggestions). `finish` puts them together as one comparison of all
figures would: the same tables, row for row.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from tasks.core.common.catalogue import Catalogue
from tasks.core.common.frames import iter_rows
from tasks.core.comparison import missing, review
from tasks.core.comparison.byunit import ByUnit, Sink
from tasks.core.comparison.compare import actual_values, apply_history, scorecard_rows
from tasks.core.comparison.evidence import evidence_table, join_figures
from tasks.core.comparison.orgs import align_orgs
from tasks.core.comparison.overview import overview
from tasks.core.comparison.stated import stated_target_problems
from tasks.core.comparison.tables import (
    SUGGEST_COLUMNS,
    NothingSelected,
    ScorecardTables,
    card_sheet,
    filtered,
    nothing_message,
    only_units,
    suggestion_rows,
    trend,
)
from tasks.core.comparison.targets import TargetsData
from tasks.core.comparison.versions import version_order

EVIDENCE = "原文依据"
_DETAILS = ["evidence_row", "doc", "text", "sentence", "review_reason"]  # of a 待核实 figure


class Comparison:
    """The comparison of a run's reports, fed the figures a batch of units at a time (`add`,
    in the order of `unit_batches`), then `finish`ed with the 原文依据 rows the batches gave."""

    def __init__(
        self,
        reports: pd.DataFrame,
        hidden: pd.DataFrame,
        targets: TargetsData,
        catalogue: Catalogue,
        failures: Iterable[tuple[str, str]] = (),
        year: int | None = None,
        period: str | None = None,
        pace: dict[str, float] | None = None,
        units: list[str] | None = None,
    ) -> None:
        self.reports, self.hidden = aligned(reports, targets), hidden
        self.targets, self.catalogue, self.failures = targets, catalogue, list(failures)
        self.year, self.period, self.pace = year, period, pace
        self.units = units or []  # only these units' rows (单位 filter)
        self.versions = version_order(self.reports)
        self.where: dict[str, str] | None = None  # 位置's short paths, of all reports
        self.rows = 0  # 原文依据 rows of the batches so far (the next batch's first row)
        self.kept = 0  # of them, those the filters keep
        self.values: list[pd.DataFrame] = []  # actual values per key, before 历史数据
        self.lost: dict[str, list[dict]] = {"占位符": [], "单位不符": [], "数值冲突": []}
        self.suggested: list[dict] = []
        self.stated: set[tuple] = set()  # (org, year, period, indicator) a figure states
        self.stated_problems: list[str] = []
        self.first: dict[tuple, tuple] = {}  # candidates for 待核实 (review.first_candidates)
        self.details: list[pd.DataFrame] = []  # their figures' texts
        self.hits: list[list[list]] = []  # per batch with figures, what each correction hit
        self.by_unit: ByUnit | None = None  # 计分卡 and 缺失数据 made by batch (`spill`)

    def spill(self, card_rows: Sink, lost_rows: Sink) -> None:
        """Make 计分卡 and 缺失数据 with each batch and hand them to these sinks (as
        `workbook.parts.SpilledRows` takes them); `finish` gives the sinks as the sheets."""
        pace = {**self.targets.pace, **(self.pace or {})}
        sinks = (card_rows, lost_rows)
        self.by_unit = ByUnit(self.reports, self.targets, self.catalogue, pace, self._chosen, sinks)

    def add(self, figures: pd.DataFrame) -> pd.DataFrame:
        """Compare the figures of a batch of whole units; their 原文依据 rows, filtered."""
        figs = join_figures(self.reports, figures, first_row=self.rows + 2)
        figs, hits = review.correct(figs, self.targets.corrections)
        if not figs.empty:
            self.hits.append(hits)
        figs = review.hold_for_review(figs)
        table, mismatched, conflicts = actual_values(figs, self.catalogue, self.versions)
        placeholders = missing.placeholder_rows(figs, self.catalogue)
        first = review.first_candidates(figs)
        details = None
        if first:  # each key holds its unit: no batch has another's
            rows = figs[figs["evidence_row"].isin([c[5] for c in first.values()])]
            details = rows[[c for c in _DETAILS if c in rows]]
        stated = set(iter_rows(figs, "org", "year", "period", "indicator"))
        if self.by_unit is not None:
            found = {"占位符": placeholders, "单位不符": mismatched, "数值冲突": conflicts}
            found |= {"first": first, "details": details, "stated": stated}
            self.by_unit.add(figs, table, found)
        else:
            if len(table) or not self.values:
                self.values.append(table)
            self.lost["占位符"] += placeholders
            self.lost["单位不符"] += mismatched
            self.lost["数值冲突"] += conflicts
            self.first.update(first)
            if details is not None:
                self.details.append(details)
            self.stated.update(stated)
        self.suggested += suggestion_rows(figs, self.catalogue)
        self.stated_problems += stated_target_problems(figs, self.targets.targets, self.catalogue)
        evidence = evidence_table(figs, self.catalogue, self.where)
        self.rows += len(figs)
        evidence = self._chosen({EVIDENCE: evidence})[EVIDENCE]
        self.kept += len(evidence)
        return evidence

    def finish(self, evidence: object) -> ScorecardTables:
        """The tables, 原文依据 being `evidence` (the batches' rows, as the writer takes them)."""
        if self.by_unit is not None:
            return self._finish_spilled(evidence)
        targets, catalogue, reports = self.targets, self.catalogue, self.reports
        values, self.values = _joined(self.values), []  # each batch's table gone once joined
        actuals = apply_history(values, targets.history)
        del values
        have = set(iter_rows(reports, "org", "year", "period"))
        card = scorecard_rows(
            targets.targets, actuals, have, catalogue, {**targets.pace, **(self.pace or {})}
        )
        years = trend(actuals, catalogue)
        del actuals  # a row per key: at 100,000 reports a million, held no longer than needed
        card = review.mark_candidates(card, self.first, catalogue)
        details = _joined(self.details) if self.details else pd.DataFrame(columns=_DETAILS)
        lost = (
            self.lost["占位符"]
            + missing.unmentioned_rows(card, self.stated, reports)
            + missing.awaiting_review_rows(card, details)
            + missing.hidden_rows(self.hidden, reports)
            + missing.absent_report_rows(card, reports, targets.history)
            + self.lost["单位不符"]
            + self.lost["数值冲突"]
            + missing.incomplete_meta_rows(reports)
            + missing.unreadable_rows(self.failures)
        )
        self.stated = set()  # a key per figure's (unit, period, indicator): only 未提及 asks
        summary = overview(card, reports)
        sheet = card_sheet(card)
        del card  # its working copy: a million rows at 100,000 reports, as 计分卡 itself
        sheets = {
            "总览": summary,
            "计分卡": sheet,
            "缺失数据": pd.DataFrame(lost, columns=missing.MISSING_COLUMNS + ["_evidence_row"]),
            "历年趋势": years,
            "建议目标": pd.DataFrame(self.suggested, columns=SUGGEST_COLUMNS),
        }
        return self._tables(self._chosen(sheets), evidence, sheets["总览"])

    def _finish_spilled(self, evidence: object) -> ScorecardTables:
        made, reports = self.by_unit, self.reports
        made.finish(
            missing.hidden_rows(self.hidden, reports),
            missing.incomplete_meta_rows(reports),
            missing.unreadable_rows(self.failures),
        )
        self.by_unit = None
        sheets = {
            "总览": overview(None, reports, made.stats),
            "历年趋势": made.trend(),
            "建议目标": pd.DataFrame(self.suggested, columns=SUGGEST_COLUMNS),
        }
        chosen = self._chosen(sheets)
        chosen |= {"计分卡": made.card_rows.done(), "缺失数据": made.lost_rows.done()}
        return self._tables(chosen, evidence, sheets["总览"], made.shown)

    def _tables(
        self, chosen: dict, evidence: object, overview_all: pd.DataFrame, shown: int | None = None
    ) -> ScorecardTables:
        """The sheets in the workbook's order, with the problems of the comparison."""
        targets, catalogue = self.targets, self.catalogue
        chosen = (
            {k: chosen[k] for k in ("总览", "计分卡", "缺失数据")}
            | {EVIDENCE: evidence}
            | {k: chosen[k] for k in ("历年趋势", "建议目标")}
        )
        asked = self.year is not None or self.period or self.units
        shown = len(chosen["计分卡"]) if shown is None else shown
        if asked and chosen["总览"].empty and not shown and not self.kept:
            raise NothingSelected(nothing_message(overview_all, self.year, self.period, self.units))
        corrected = targets.corrections
        applied = review.correction_notes(corrected, self.hits, catalogue) if self.hits else []
        problems = list(targets.problems) + applied + self.stated_problems
        return ScorecardTables(chosen, problems, self.versions.notes)

    def _chosen(self, sheets: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
        return only_units(filtered(sheets, self.year, self.period), self.units)


def unit_batches(reports: pd.DataFrame, counts: dict[int, int], most: int) -> list[list[int]]:
    """The ids of the reports with figures (`counts`: figures per report id) in batches of
    whole units, in name order, of at most `most` figures unless a unit alone has more; the
    reports whose unit is unknown come last, together (in 原文依据 they follow every unit).
    `reports` as `Comparison.reports` has them (units as the targets name them)."""
    by_unit: dict[str, list[int]] = {}
    unknown: list[int] = []
    for rid, org in iter_rows(reports, "id", "org"):
        if counts.get(rid):
            (by_unit.setdefault(org, []) if isinstance(org, str) else unknown).append(rid)
    batches: list[list[int]] = []
    size = 0
    for org in sorted(by_unit):
        n = sum(counts[r] for r in by_unit[org])
        if not batches or size + n > most:
            batches.append([])
            size = 0
        batches[-1] += by_unit[org]
        size += n
    return batches + ([unknown] if unknown else [])


def aligned(reports: pd.DataFrame, targets: TargetsData) -> pd.DataFrame:
    """Reports with their org named as in the targets workbook when it plainly is that unit."""
    known = set(targets.targets["单位"]) | set(targets.history["单位"])
    mapping = align_orgs(reports["org"].dropna().unique(), known)
    return reports.assign(org=reports["org"].map(lambda o: mapping.get(o, o)))


def _joined(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The batches' tables as one; the empty ones left out (they would type columns apart)."""
    full = [f for f in frames if len(f)] or frames[:1]
    return full[0] if len(full) == 1 else pd.concat(full, ignore_index=True)
