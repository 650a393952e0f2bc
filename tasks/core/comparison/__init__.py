"""Comparison: ledger tables and targets become the scorecard tables.

In: the ledger's report versions and figures, the targets workbook (目标, 历史数据, 进度).
Out: `ScorecardTables` (总览, 计分卡, 缺失数据, 原文依据, 历年趋势, 建议目标) as pandas frames.
"""

from tasks.core.comparison.evidence import table_row
from tasks.core.comparison.tables import NothingSelected, ScorecardTables
from tasks.core.comparison.targets import TargetsData, targets_from_book

__all__ = [
    "NothingSelected",
    "ScorecardTables",
    "TargetsData",
    "table_row",
    "targets_from_book",
]
