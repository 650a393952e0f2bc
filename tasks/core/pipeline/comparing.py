"""The run's comparison, reading the ledger's figures a batch of units at a time.

The reports (one row each) are read whole; the figures, a run's largest table by far, are
read for a batch of whole units at a time (`assemble.unit_batches`, at most BATCH_FIGURES
figures unless one unit has more; read a batch ahead by a second process, `ledger.readahead`),
compared, and dropped once their 原文依据 rows are made;
the rows of 原文依据, 计分卡 and 缺失数据 are kept out of memory until written
(`workbook.parts.SpilledRows`, `comparison.byunit`).
While all figures together are few (KEEP_FIGURES), a run with an output folder reads them
at once through the folder's copy (versions_cache.py: a re-run reads back the last run's
figures in a fraction of the time) and compares them as one batch: they are in memory
already, and one batch takes less CPU than many (about 15–25 % at 10,000 reports).
"""

from __future__ import annotations

import pandas as pd

from tasks.core.common.memory import give_back
from tasks.core.comparison.assemble import Comparison, unit_batches
from tasks.core.comparison.evidence import short_paths
from tasks.core.comparison.tables import ScorecardTables
from tasks.core.comparison.targets import TargetsData
from tasks.core.ledger.health import ledger_errors
from tasks.core.ledger.readahead import ReadAhead
from tasks.core.ledger.store import (
    figure_counts,
    load_versions,
    open_ledger,
    reports_without_figures,
)
from tasks.core.pipeline.ahead import drop
from tasks.core.pipeline.ingest import IngestRun
from tasks.core.pipeline.versions_cache import load_versions_kept, read_kept
from tasks.core.workbook import offload
from tasks.core.workbook.limits import EXCEL
from tasks.core.workbook.parts import SpilledRows

BATCH_FIGURES = 20_000  # figures compared at a time (whole units: a large unit has more)
KEEP_FIGURES = 400_000  # up to this many figures in all, kept in and read from the output folder


def compare_batches(
    ledger: str,
    run: IngestRun,
    targets: TargetsData,
    year: int | None = None,
    period: str | None = None,
    units: list[str] | tuple[str, ...] = (),
    cache_dir: str | None = None,
    batch_figures: int = BATCH_FIGURES,
) -> ScorecardTables:
    """`run.compare`: the scorecard tables of the run's reports, their figures compared
    `batch_figures` at a time. The 原文依据 rows of several batches are kept out of memory
    until written (`workbook.parts.SpilledRows`); those of one batch are one table, which a
    second process starts rendering for the workbook at once (`workbook.offload`) when it
    is large: the tables' `rendering`."""
    started: list[offload.Offload] = []
    try:
        out = _compare(ledger, run, targets, year, period, units, cache_dir, batch_figures, started)
    except BaseException:
        for rendering in started:
            rendering.close()
        raise
    out.rendering = started[0] if started else None
    return out


def _compare(
    ledger, run, targets, year, period, units, cache_dir, batch_figures, started: list
) -> ScorecardTables:
    with ledger_errors(ledger):
        conn = open_ledger(ledger)
        try:
            ids = run.report_ids
            counts = figure_counts(conn, ids)
            total = sum(counts.values())
            kept = cache_dir and total <= KEEP_FIGURES
            # started now: it imports the workbook code while the figures are read
            rendering = offload.start(cache_dir, total) if kept else None
            started += [rendering] if rendering is not None else []
            tables = load_versions_kept(conn, ids, cache_dir) if kept else None
            if not kept:
                drop(read_kept)  # figures too many to keep: a file read ahead is not used
            if tables is None:
                tables = load_versions(conn, ids, ("reports", "hidden"))
            reports = tables["reports"]
            comparison = Comparison(
                reports, tables["hidden"], targets, run.catalogue, run.failures,
                year, period, units=list(units),
            )  # fmt: skip
            with_figures = comparison.reports["id"].isin(list(counts))
            comparison.where = short_paths(comparison.reports.loc[with_figures, "path"])
            figures = tables.pop("figures", None)
            if figures is not None:  # all in memory already: one batch costs least CPU
                rows = _Frames()
                rows.append(comparison.add(figures))
                del figures
                if rendering is not None:
                    rendering.send(rows.rows, EXCEL.max_cell_chars)
            else:
                batches = unit_batches(comparison.reports, counts, batch_figures) or [[]]
                rows = SpilledRows() if len(batches) > 1 else _Frames()
                if len(batches) > 1:  # 计分卡 and 缺失数据 too, made and kept by batch
                    comparison.spill(SpilledRows(), SpilledRows())
                with ReadAhead(ledger, batches) as ahead:  # a second process reads them
                    for part in ahead.frames(conn):
                        rows.append(comparison.add(part))
                        del part
                        give_back()  # the batch's copies, freed in holes malloc would keep
        finally:
            conn.close()
    out = comparison.finish(rows.done())
    have = pd.DataFrame({"report_id": list(counts)})
    out.problems += reports_without_figures({"reports": reports, "figures": have})
    del comparison, tables, reports
    give_back()
    return out


class _Frames:
    """原文依据's rows of one batch, as the table."""

    def __init__(self) -> None:
        self.rows: pd.DataFrame | None = None

    def append(self, rows: pd.DataFrame) -> None:
        self.rows = rows

    def done(self) -> pd.DataFrame | None:
        return self.rows
