"""Workbook: the scorecard tables become the Excel workbook managers open, and the run summary.

In: `ScorecardTables` and the run's `RunInfo`. Out: an openpyxl workbook (written atomically,
never over an earlier run's file; split by unit into volumes and an index workbook when it
passes Excel's limits), the 说明 rows, the Prefect summary, the targets template.
"""

from tasks.core.workbook.files import remove_stale_temps, save_atomically, save_new_file
from tasks.core.workbook.layout import build_workbook
from tasks.core.workbook.limits import EXCEL, ExcelLimits, split_by_unit
from tasks.core.workbook.notes import RunInfo, notes_rows
from tasks.core.workbook.output import OutputError, save_scorecard
from tasks.core.workbook.piecestore import PieceStore, open_store
from tasks.core.workbook.summary import overview_description, overview_records, summary_markdown
from tasks.core.workbook.template import write_targets_template
from tasks.core.workbook.volumes import write_volumes

__all__ = [
    "EXCEL",
    "ExcelLimits",
    "OutputError",
    "PieceStore",
    "RunInfo",
    "build_workbook",
    "notes_rows",
    "open_store",
    "overview_description",
    "overview_records",
    "remove_stale_temps",
    "save_atomically",
    "save_new_file",
    "split_by_unit",
    "save_scorecard",
    "summary_markdown",
    "write_targets_template",
    "write_volumes",
]
