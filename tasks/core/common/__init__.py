"""What every stage shares: result types, lexicon loading, the indicator catalogue.

In: the data files of `tasks/lexicon/` (and for the catalogue a targets workbook's 指标库
sheet, parsed from its bytes).
Out: `Figure`, `Report`, `ReportMeta` and other plain types; `Catalogue`.
"""

from tasks.core.common.catalogue import (
    Catalogue,
    catalogue_from_book,
    load_default_catalogue,
)
from tasks.core.common.model import PERIODS, ReportMeta

__all__ = [
    "PERIODS",
    "Catalogue",
    "ReportMeta",
    "catalogue_from_book",
    "load_default_catalogue",
]
