"""Targets a report states itself, in a 目标任务完成情况表, beside the targets workbook's.

A figure of kind "target" (the target column of a completion table, see
pipeline/provenance.py) never counts as a result. Where the workbook sets a target for the
same unit, year, period and indicator, the two are compared; a difference is listed among
the problems on 说明, naming the report, so the office can tell which is right.
"""

from __future__ import annotations

import pandas as pd

from tasks.core.common.catalogue import Catalogue
from tasks.core.common.frames import iter_rows
from tasks.core.comparison.units import convert


def stated_target_problems(
    figs: pd.DataFrame, targets: pd.DataFrame, catalogue: Catalogue
) -> list[str]:
    """One line per stated target that differs from the workbook's, or that the workbook
    lacks (`figs` as evidence.join_figures gives them; `targets` the 目标 sheet's rows)."""
    if "kind" not in figs:
        return []
    stated = figs[(figs["kind"] == "target") & figs["value"].notna()]
    stated = stated[stated["indicator"].fillna("") != ""]
    if stated.empty:
        return []
    by_id = catalogue.by_id()
    book = {
        (org, year, period, ind): value
        for org, year, period, ind, value in iter_rows(
            targets, "单位", "年度", "期间", "indicator", "目标值"
        )
    }
    out = []
    rows = iter_rows(stated, "doc", "org", "year", "period", "indicator", "value", "unit", "text")
    for doc, org, year, period, indicator, value, unit, text in rows:
        ind = by_id.get(indicator)
        if ind is None:
            continue
        own = convert(value, unit, ind.unit)
        where = f"{doc}：{org or '（单位未知）'} {_year(year)}{period or ''} {ind.name}"
        workbook = book.get((org, _year(year), period, indicator))
        if workbook is None or pd.isna(workbook):
            out.append(f"{where}：报告所列目标 {text}，目标工作簿中没有这一目标")
        elif own is None or abs(float(own) - float(workbook)) > 1e-6 * max(abs(workbook), 1):
            out.append(
                f"{where}：报告所列目标 {text} 与目标工作簿的 {_num(workbook)}{ind.unit} 不一致，"
                "请核对"
            )
    return out


def _year(year) -> int | None:
    return int(year) if year is not None and pd.notna(year) else None


def _num(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)
