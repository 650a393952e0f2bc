"""Naming the indicator of each figure (issue 4 replaces this minimal version)."""

from __future__ import annotations

from tasks.core.catalogue import Catalogue
from tasks.core.model import Figure


def name_figures(text: str, figures: list[Figure], catalogue: Catalogue) -> list[Figure]:
    out = []
    for f in figures:
        clause = text[max(0, f.start - 15) : f.start]
        hit = next((i.id for i in catalogue.indicators for a in i.aliases if a in clause), "")
        out.append(f.with_(indicator=hit))
    return out
