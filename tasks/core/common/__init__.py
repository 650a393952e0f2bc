"""What every stage shares: result types, lexicon loading, the indicator catalogue.

In: the data files of `tasks/lexicon/` (and a targets workbook's 指标库 sheet for the catalogue).
Out: `Figure`, `Report`, `ReportMeta` and other plain types; `Catalogue`.
"""

from tasks.core.common.catalogue import (
    Catalogue,
    load_catalogue,
    load_catalogue_with_problems,
    load_default_catalogue,
)
from tasks.core.common.model import PERIODS, ReportMeta
from tasks.core.common.safetext import shown_name, xml_safe

__all__ = [
    "PERIODS",
    "Catalogue",
    "ReportMeta",
    "load_catalogue",
    "load_catalogue_with_problems",
    "load_default_catalogue",
    "shown_name",
    "xml_safe",
]
