"""One report's text → its figures, named and placed in sections. Pure; no Prefect."""

from __future__ import annotations

from tasks.core.common.catalogue import Catalogue
from tasks.core.common.model import Figure, ReportMeta, TableCell
from tasks.core.document.sections import assign_sections
from tasks.core.extraction.figures import extract_figures
from tasks.core.naming.indicators import name_figures
from tasks.core.pipeline.provenance import (
    bare_cell_figures,
    named_by_headers,
    stated_targets,
    with_table_headers,
    without_earlier_periods,
)
from tasks.core.reading.limits import check_time
from tasks.core.reading.texttables import text_table_cells


def analyse_text(
    doc: str,
    text: str,
    catalogue: Catalogue,
    meta: ReportMeta | None = None,
    cells: list[TableCell] | None = None,
) -> list[Figure]:
    """Extract every figure of a report, name its indicator and mark plan sections.

    `meta` is the report's final metadata (a manifest year or kind decides which sections
    are plans); without it, it is inferred from the text. `cells` are the spans of the
    document's table cells: a figure in one is named by the cell's headers. A text with no
    such spans may still hold tables as lines of "|"-separated cells (a stored web page).
    """
    check_time()  # between steps: a report past its time budget stops here
    cells = cells or text_table_cells(text)
    figures = bare_cell_figures(text, doc, cells, extract_figures(text, doc))
    figures = with_table_headers(figures, cells)
    check_time()
    figures = without_earlier_periods(
        named_by_headers(name_figures(text, figures, catalogue), catalogue)
    )
    check_time()
    return stated_targets(assign_sections(text, figures, meta))
