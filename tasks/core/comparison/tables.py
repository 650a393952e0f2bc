"""Assembling the scorecard tables (总览, 计分卡, 缺失数据, 原文依据, 历年趋势, 建议目标).

Input: the ledger's tables for the reports of this run, the targets and the catalogue.
Output: plain DataFrames keyed by sheet name; the workbook writer only lays them out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from tasks.core.common.catalogue import Catalogue
from tasks.core.common.frames import iter_rows
from tasks.core.comparison import missing, review
from tasks.core.comparison.compare import resolve_actuals, scorecard_rows
from tasks.core.comparison.evidence import evidence_table, join_figures
from tasks.core.comparison.orgs import align_orgs
from tasks.core.comparison.targets import TargetsData
from tasks.core.comparison.units import convert

OVERVIEW_COLUMNS = [
    "单位",
    "年度",
    "期间",
    "报告数",
    "有目标指标",
    "完成",
    "未完成",
    "缺失",
    "综合完成率",
]
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
SUGGEST_COLUMNS = ["单位", "年度", "指标", "建议目标值", "计量单位", "报告", "原文"]


@dataclass
class ScorecardTables:
    sheets: dict[str, pd.DataFrame]
    problems: list[str] = field(default_factory=list)


def build_scorecard(
    ledger: dict[str, pd.DataFrame],
    targets: TargetsData,
    catalogue: Catalogue,
    failures: list[tuple[str, str]] = (),
    year: int | None = None,
    period: str | None = None,
    pace: dict[str, float] | None = None,
    units: list[str] | None = None,
) -> ScorecardTables:
    """All scorecard tables for the reports in `ledger` (see ledger.load_versions)."""
    reports, hidden = _aligned(ledger["reports"], targets), ledger["hidden"]
    figs = join_figures(reports, ledger["figures"])
    figs, applied = review.apply_corrections(figs, targets.corrections, catalogue)
    figs = review.hold_for_review(figs)
    actuals = resolve_actuals(figs, targets.history, catalogue)
    have = set(iter_rows(reports, "org", "year", "period"))
    card = scorecard_rows(
        targets.targets, actuals.table, have, catalogue, {**targets.pace, **(pace or {})}
    )
    card = review.mark_for_review(card, figs, catalogue)
    lost = (
        missing.placeholder_rows(figs, catalogue)
        + missing.unmentioned_rows(card, figs, reports)
        + missing.hidden_rows(hidden, reports)
        + missing.absent_report_rows(card, reports, targets.history)
        + actuals.issues
        + missing.incomplete_meta_rows(reports)
        + missing.unreadable_rows(list(failures))
    )
    sheets = {
        "总览": overview(card, reports),
        "计分卡": _card_sheet(card),
        "缺失数据": pd.DataFrame(lost, columns=missing.MISSING_COLUMNS + ["_evidence_row"]),
        "原文依据": evidence_table(figs, catalogue),
        "历年趋势": trend(actuals.table, catalogue),
        "建议目标": suggestions(figs, catalogue),
    }
    sheets = _only_units(_filtered(sheets, year, period), units or [])
    return ScorecardTables(sheets, list(targets.problems) + applied)


def _aligned(reports: pd.DataFrame, targets: TargetsData) -> pd.DataFrame:
    """Reports with their org named as in the targets workbook when it plainly is that unit."""
    known = set(targets.targets["单位"]) | set(targets.history["单位"])
    mapping = align_orgs(reports["org"].dropna().unique(), known)
    return reports.assign(org=reports["org"].map(lambda o: mapping.get(o, o)))


def _card_sheet(card: pd.DataFrame) -> pd.DataFrame:
    card = card.copy()
    card["依据"] = card["来源"].fillna("")
    card["_evidence_row"] = card["evidence_row"]
    return card[CARD_COLUMNS + ["_evidence_row", "_pace"]]


def overview(card: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    counts = reports.groupby(["org", "year", "period"]).size()
    stats = _target_stats(card)
    keys = set(counts.index) | set(iter_rows(card, "单位", "年度", "期间"))
    rows = []
    for key in sorted(keys, key=lambda k: tuple(str(x) for x in k)):
        n, done, behind, missing, rate_sum, rated = stats.get(key, (0, 0, 0, 0, 0.0, 0))
        rows.append(
            {
                "单位": key[0],
                "年度": key[1],
                "期间": key[2],
                "报告数": int(counts.get(key, 0)),
                "有目标指标": int(n),
                "完成": int(done),
                "未完成": int(behind),
                "缺失": int(missing),
                "综合完成率": rate_sum / rated if rated else None,
            }
        )
    return pd.DataFrame(rows, columns=OVERVIEW_COLUMNS)


def _target_stats(card: pd.DataFrame) -> dict[tuple, tuple]:
    """Per 单位×年度×期间, over rows with a target: count, 完成, 未完成, 缺失, and the sum and
    count of completion rates (each taken against the period's pace, capped at 100%).

    Column-wise: a boolean mask over the whole card per key took seconds at 1 000 reports.
    """
    t = card[card["目标值"].notna()]
    state = t["状态"]
    parts = pd.DataFrame(
        {
            "done": state.eq("完成"),
            "behind": state.isin(["未完成", "进度滞后"]),
            "missing": state.eq("缺失"),
            "rate": (t["完成率"] / t["_pace"]).clip(upper=1.0),
        }
    )
    grouped = parts.groupby([t["单位"], t["年度"], t["期间"]])
    agg = grouped.agg(
        n=("done", "size"),
        done=("done", "sum"),
        behind=("behind", "sum"),
        missing=("missing", "sum"),
        rate_sum=("rate", "sum"),
        rated=("rate", "count"),
    )
    return dict(zip(agg.index, agg.itertuples(index=False, name=None), strict=True))


def trend(actuals: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """Every known annual value per unit and indicator, one column per year."""
    annual = actuals[actuals["期间"] == "全年"]
    if annual.empty:
        return pd.DataFrame(columns=["单位", "指标"])
    names = {i.id: i.name for i in catalogue.indicators}
    wide = annual.pivot_table(
        index=["单位", "indicator"], columns="年度", values="实际值", aggfunc="first"
    ).reset_index()
    wide.insert(1, "指标", wide["indicator"].map(names))
    wide = wide.drop(columns="indicator")
    wide.columns = [str(c) for c in wide.columns]
    return wide


def suggestions(figs: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """Plan figures with an indicator, offered as next period's targets."""
    by_id = catalogue.by_id()
    plan = figs[
        (figs["kind"] == "plan") & (figs["indicator"].fillna("") != "") & figs["value"].notna()
    ]
    rows = []
    for _, f in plan.iterrows():
        ind = by_id.get(f["indicator"])
        value = convert(f["value"], f["unit"], ind.unit) if ind else None
        if ind is None or value is None:
            continue
        year = f["year"] + 1 if f["period"] == "全年" and pd.notna(f["year"]) else f["year"]
        rows.append(
            {
                "单位": f["org"],
                "年度": year,
                "指标": ind.name,
                "建议目标值": value,
                "计量单位": ind.unit,
                "报告": f["doc"],
                "原文": f["sentence"],
            }
        )
    return pd.DataFrame(rows, columns=SUGGEST_COLUMNS)


def _filtered(sheets: dict[str, pd.DataFrame], year, period) -> dict[str, pd.DataFrame]:
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


def _only_units(sheets: dict[str, pd.DataFrame], units: list[str]) -> dict[str, pd.DataFrame]:
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
