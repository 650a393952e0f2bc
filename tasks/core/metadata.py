"""Whose report, which year and period, what kind (issue 5 replaces this minimal version)."""

from __future__ import annotations

import re

from tasks.core.model import ReportMeta

_YEAR = re.compile(r"(20\d\d)年")
_ORG = re.compile(r"([\u4e00-\u9fff]{2,20}?(?:总工会|工会))")


def infer_metadata(doc: str, text: str) -> ReportMeta:
    head = doc + "\n" + text[:300]
    year = _YEAR.search(head)
    org = _ORG.search(head)
    period = "上半年" if "上半年" in head else "全年"
    kind = "述职" if "述职" in head else "报告" if "全委会" in head else "总结"
    return ReportMeta(
        org.group(1) if org else None, int(year.group(1)) if year else None, period, kind
    )
