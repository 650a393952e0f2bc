"""The scorecard tables (总览, 计分卡, 缺失数据, 原文依据, 历年趋势, 建议目标) and the sheets
made from the comparison's results (assemble.py puts them together).

Output: plain DataFrames keyed by sheet name; the workbook writer only lays them out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from tasks.core.common.catalogue import Catalogue
from tasks.core.common.frames import iter_rows
from tasks.core.comparison.compare import STATUS_ORDER
from tasks.core.comparison.units import as_fraction, convert, is_rate

CARD_COLUMNS = [
    "单位",
    "年度",
    "期间",
    "指标",
    "计量单位",
    "目标值",
    "实际值",
    "完成率",
    "上年同期",
    "同比增减",
    "同比增幅",
    "状态",
    "依据",
]
# Columns of 计分卡 holding a value in the indicator's unit: fractions for a rate.
_VALUE_COLUMNS = ["目标值", "实际值", "上年同期"]
SUGGEST_COLUMNS = ["单位", "年度", "指标", "建议目标值", "计量单位", "报告", "原文"]


@dataclass
class ScorecardTables:
    sheets: dict[str, pd.DataFrame]
    problems: list[str] = field(default_factory=list)
    versions: list[str] = field(default_factory=list)  # which copy of a report was taken, why
    # A second process rendering 原文依据 for the workbook (workbook.offload.Offload), or None.
    rendering: Any = field(default=None, repr=False, compare=False)


class NothingSelected(ValueError):
    """The run's filters (年度, 期间, 单位) select no report, target or figure."""


def nothing_message(overview_all: pd.DataFrame, year, period, units: list[str]) -> str:
    asked = [f"年度 {year}" if year is not None else "", f"期间 {period}" if period else ""]
    asked.append(f"单位 {'、'.join(units)}" if units else "")
    known = "、".join(sorted(set(overview_all["单位"].dropna().astype(str)))) or "无"
    years = "、".join(str(int(y)) for y in sorted(set(overview_all["年度"].dropna()))) or "无"
    return (
        f"筛选条件（{'，'.join(a for a in asked if a)}）没有选中任何报告、目标或数字，"
        f"未生成计分卡。现有单位：{known}；现有年度：{years}"
    )


def card_sheet(card: pd.DataFrame) -> pd.DataFrame:
    """The 计分卡 sheet: rates as fractions (同比增减 stays in 个百分点), rows in order of what
    needs action (STATUS_ORDER), within a status the latest year first."""
    # The order from the sort keys alone, then one copy of the sheet's columns taken in it:
    # a copy of the whole card, sorted, was two more million-row tables at 100,000 reports.
    rank = {s: n for n, s in enumerate(STATUS_ORDER)}
    keys = pd.DataFrame(
        {
            "_rank": card["状态"].map(rank).fillna(len(rank)),
            "_year": -pd.to_numeric(card["年度"], errors="coerce"),
            "单位": card["单位"],
            "期间": card["期间"],
            "_order": card["_order"],
        }
    ).reset_index(drop=True)
    order = keys.sort_values(list(keys.columns), kind="stable").index.to_numpy()
    del keys
    made = {"依据": card["来源"].fillna(""), "_evidence_row": card["evidence_row"]}
    made |= {c: as_fraction(card[c], card["计量单位"]) for c in _VALUE_COLUMNS}
    columns = CARD_COLUMNS + ["_evidence_row", "_pace", "_direction"]
    sheet = pd.DataFrame({c: made[c] if c in made else card[c] for c in columns})
    return sheet.take(order).reset_index(drop=True)


def selected_nothing(sheets: dict[str, pd.DataFrame]) -> bool:
    """Whether a filtered run kept no unit's period, no scorecard row and no figure."""
    return all(sheets[name].empty for name in ("总览", "计分卡", "原文依据"))


def trend(actuals: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """Every known annual value per unit and indicator, one column per year; rows by unit,
    then in catalogue order; rates as fractions."""
    annual = actuals[actuals["期间"] == "全年"]
    if annual.empty:
        return pd.DataFrame(columns=["单位", "指标", "计量单位"])
    by_id = catalogue.by_id()
    order = {i.id: n for n, i in enumerate(catalogue.indicators)}
    wide = annual.pivot_table(
        index=["单位", "indicator"], columns="年度", values="实际值", aggfunc="first"
    ).reset_index()
    wide.columns = [str(c) for c in wide.columns]
    years = [c for c in wide.columns if c.isdigit()]
    units = wide["indicator"].map(lambda i: by_id[i].unit if i in by_id else "")
    for year in years:
        wide[year] = as_fraction(wide[year], units)
    wide.insert(1, "指标", wide["indicator"].map(lambda i: by_id[i].name if i in by_id else i))
    wide.insert(2, "计量单位", units)
    wide["_order"] = wide["indicator"].map(order).fillna(len(order))
    wide = wide.sort_values(["单位", "_order"], kind="stable").reset_index(drop=True)
    return wide.drop(columns=["indicator", "_order"])


def suggestion_rows(figs: pd.DataFrame, catalogue: Catalogue) -> list[dict]:
    """建议目标: plan figures with an indicator, offered as next period's targets."""
    by_id = catalogue.by_id()
    plan = figs[
        (figs["kind"] == "plan") & (figs["indicator"].fillna("") != "") & figs["value"].notna()
    ]
    rows = []
    columns = ("indicator", "value", "unit", "year", "period", "org", "doc", "sentence")
    for indicator, value, unit, year, period, org, doc, sentence in iter_rows(plan, *columns):
        ind = by_id.get(indicator)
        value = convert(value, unit, ind.unit) if ind else None
        if ind is None or value is None:
            continue
        year = year + 1 if period == "全年" and pd.notna(year) else year
        rows.append(
            {
                "单位": org,
                "年度": year,
                "指标": ind.name,
                "建议目标值": value / 100 if is_rate(ind.unit) else value,
                "计量单位": ind.unit,
                "报告": doc,
                "原文": sentence,
            }
        )
    return rows


def filtered(sheets: dict[str, pd.DataFrame], year, period) -> dict[str, pd.DataFrame]:
    if year is None and period is None:
        return sheets
    out = {}
    for name, df in sheets.items():
        keep = pd.Series(True, index=df.index)
        if year is not None and "年度" in df.columns and name != "历年趋势":
            keep &= (df["年度"] == year) | df["年度"].isna()
        if period is not None and "期间" in df.columns:
            keep &= (df["期间"] == period) | df["期间"].isna()
        out[name] = df[keep].reset_index(drop=True)
    return out


def only_units(sheets: dict[str, pd.DataFrame], units: list[str]) -> dict[str, pd.DataFrame]:
    """Rows of the chosen units; a typed part (临江区) matches the full name. Rows with no unit
    (an unreadable report) stay, since they may belong to a chosen unit."""
    wanted = [u.strip() for u in units if u.strip()]
    if not wanted:
        return sheets
    out = {}
    for name, df in sheets.items():
        if "单位" not in df.columns:
            out[name] = df
            continue
        unit = df["单位"].fillna("").astype(str)
        keep = (unit == "") | unit.map(lambda u: any(w in u for w in wanted))
        out[name] = df[keep].reset_index(drop=True)
    return out
