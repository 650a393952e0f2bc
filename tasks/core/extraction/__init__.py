"""Extraction: a report's text becomes its figures (spec/figures.md).

In: text. Out: `Figure`s with value, unit, qualifier (余/近/约 …) and exact character offsets;
placeholders (`x个`, `XX万元`) kept as figures without a value. Years, ordinals, slogans and
thresholds are turned down here.
"""

from tasks.core.extraction.figures import extract_figures

__all__ = ["extract_figures"]
