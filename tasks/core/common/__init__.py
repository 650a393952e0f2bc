"""What every stage shares: result types, lexicon loading, the indicator catalogue.

In: the data files of `tasks/lexicon/` (and for the catalogue a targets workbook's 指标库
sheet, parsed from its bytes).
Out: `Figure`, `Report`, `ReportMeta` and other plain types; `Catalogue`; the run parameters
(`SETTINGS`, from tasks/lexicon/run_settings.yaml).
"""

from tasks.core.common.catalogue import (
    Catalogue,
    catalogue_from_book,
    load_default_catalogue,
)
from tasks.core.common.model import PERIODS, ReportMeta
from tasks.core.common.safetext import shown_name, xml_safe
from tasks.core.common.settings import SETTINGS, RunSettings

__all__ = [
    "PERIODS",
    "SETTINGS",
    "Catalogue",
    "ReportMeta",
    "RunSettings",
    "catalogue_from_book",
    "load_default_catalogue",
    "shown_name",
    "xml_safe",
]
