"""Document: whose report, which year and period, what kind; its heading tree and plan parts.

In: text, file name and the office's `reports/manifest.csv` rows. Out: `ReportMeta`, each
figure's section and whether it is a plan rather than a result.
"""

from tasks.core.document.manifest import lookup_manifest, parse_manifest

__all__ = ["lookup_manifest", "parse_manifest"]
