"""Naming: each figure gets the indicator it measures, in the report's words and as a catalogue id.

In: text, its figures and the `Catalogue`. Out: the same figures with `subject` and `indicator`.
"""

from tasks.core.naming.indicators import name_figures
from tasks.core.naming.scoring import NAME_AT, REVIEW_BELOW

__all__ = ["NAME_AT", "REVIEW_BELOW", "name_figures"]
