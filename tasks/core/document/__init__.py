"""Document: whose report, which year and period, what kind; its heading tree and plan parts.

In: text, file name and the office's `reports/manifest.csv` rows. Out: `ReportMeta`, each
figure's section and whether it is a plan rather than a result, and the date the report states
for itself (`stated_date`: its 落款 or a dated heading).
"""

from tasks.core.document.dates import stated_date
from tasks.core.document.manifest import lookup_manifest, parse_manifest

__all__ = ["lookup_manifest", "parse_manifest", "stated_date"]
