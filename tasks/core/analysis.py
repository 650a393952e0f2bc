"""One report's text → its figures, named and placed in sections. Pure; no Prefect."""

from __future__ import annotations

from tasks.core.catalogue import Catalogue
from tasks.core.figures import extract_figures
from tasks.core.indicators import name_figures
from tasks.core.model import Figure
from tasks.core.sections import assign_sections


def analyse_text(doc: str, text: str, catalogue: Catalogue) -> list[Figure]:
    """Extract every figure of a report, name its indicator and mark plan sections."""
    figures = extract_figures(text, doc)
    figures = name_figures(text, figures, catalogue)
    return assign_sections(text, figures)
