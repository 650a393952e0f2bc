"""One report's text → its figures, named and placed in sections. Pure; no Prefect."""

from __future__ import annotations

from tasks.core.common.catalogue import Catalogue
from tasks.core.common.model import Figure, ReportMeta
from tasks.core.document.sections import assign_sections
from tasks.core.extraction.figures import extract_figures
from tasks.core.naming.indicators import name_figures
from tasks.core.reading.limits import check_time


def analyse_text(
    doc: str, text: str, catalogue: Catalogue, meta: ReportMeta | None = None
) -> list[Figure]:
    """Extract every figure of a report, name its indicator and mark plan sections.

    `meta` is the report's final metadata (a manifest year or kind decides which sections
    are plans); without it, it is inferred from the text.
    """
    check_time()  # between steps: a report past its time budget stops here
    figures = extract_figures(text, doc)
    check_time()
    figures = name_figures(text, figures, catalogue)
    check_time()
    return assign_sections(text, figures, meta)
