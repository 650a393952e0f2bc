"""Comparison: actual values per 单位 × 年度 × 期间 × 指标, against targets and the year before.

Pure pandas over plain tables; no Prefect, no files.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tasks.core.common.catalogue import Catalogue
from tasks.core.common.frames import iter_rows, per_value
from tasks.core.common.settings import SETTINGS
from tasks.core.comparison.units import convert, is_rate
from tasks.core.comparison.versions import Versions

KEY = ["单位", "年度", "期间", "indicator"]
# 计分卡 reads from what needs action to what does not; 待核实 (an uncertain naming) is
# checked after the figures that are plainly behind or missing, 无目标 rows come last.
STATUS_ORDER = ("未完成", "进度滞后", "缺失", "待核实", "完成", "无目标")
# The unit's own summary or congress report outranks a personal duty report.
KIND_RANK = {"总结": 0, "报告": 0, "计划": 1, "述职": 2}
# Figure kinds that are not results: plans (下一步) and targets a report states in its table.
NOT_ACHIEVED = ("plan", "target")
# The figures' columns the actual values are worked out from: only these are copied (the
# figures table has twice as many; copying, sorting and deduplicating them took a second).
_ACTUAL_COLUMNS = ["org", "year", "period", "indicator", "value", "unit", "text", "sentence"]
_ACTUAL_COLUMNS += ["doc", "report_id", "report_kind", "subject", "start", "line", "evidence_row"]


def actual_values(
    figs: pd.DataFrame, catalogue: Catalogue, versions: Versions
) -> tuple[pd.DataFrame, list[dict], list[dict]]:
    """The reports' actual values per key (KEY + 实际值, evidence_row, 来源), before 历史数据,
    and the 缺失数据 rows: 单位不符 (in the figures' order), 数值冲突 (by key). Every key
    holds its unit: the figures of some units give those units' values and rows."""
    by_id = catalogue.by_id()
    keep = (
        ~figs["kind"].isin(NOT_ACHIEVED)
        & (figs["indicator"].fillna("") != "")
        & (figs["placeholder"] == 0)
        & figs["value"].notna()
        & figs["org"].notna()
        & figs["year"].notna()
        & figs["period"].notna()
    )
    usable = figs.loc[keep, [c for c in figs.columns if c in _ACTUAL_COLUMNS]]
    issues, values = [], []
    # Column by column: a dict per figure (or iterrows) over 25 000 figures took seconds.
    for i, (indicator, value, unit) in enumerate(iter_rows(usable, "indicator", "value", "unit")):
        ind = by_id.get(indicator)
        v = convert(value, unit, ind.unit) if ind else None
        if ind and v is None:
            f = usable.iloc[i]
            issues.append(
                _issue(
                    f,
                    ind.name,
                    "单位不符",
                    f"{f['text']} 的单位与指标库的 {ind.unit} 不相容，未参与比较：{f['sentence']}",
                )
            )
        values.append(v)
    usable["实际值"] = values
    usable = _per_report(usable[usable["实际值"].notna()])
    usable["_rank"] = usable["report_kind"].map(KIND_RANK).fillna(1)
    # The newest report: by the date copies of one report state for themselves, else the
    # one whose contents the ledger saw last; never the file's mtime (versions.py).
    usable["_current"] = usable["report_id"].map(versions.order)
    usable = usable.sort_values(["_rank", "_current", "start"])
    usable = usable.rename(columns={"org": "单位", "year": "年度", "period": "期间"})
    # The keys told apart once (every key column is known here), as in _per_report.
    codes = usable.groupby(KEY, sort=False).ngroup().to_numpy()
    chosen = usable[~pd.Series(codes).duplicated().to_numpy()]
    # Only keys with differing values are conflicts; find them in one pass, then look at those.
    rounded = pd.Series(usable["实际值"].round(6).to_numpy())
    distinct = rounded.groupby(codes).transform("nunique").to_numpy()
    # Plain rows: a groupby over the wide table built a frame per group (~14 ms each).
    groups: dict[tuple, list[tuple]] = {}
    columns = ("实际值", "doc", "text", "report_kind", "report_id")
    for row in iter_rows(usable[distinct > 1], *KEY, *columns):
        groups.setdefault(row[:4], []).append(row[4:])
    conflicts = [_conflict(key, groups[key], by_id, versions.why) for key in sorted(groups)]
    source = (
        chosen["doc"] + " 第" + chosen["line"].astype(int).astype(str) + "行" + chosen["_parts"]
    )
    table = chosen[KEY + ["实际值", "evidence_row"]].assign(来源=source)
    return table, issues, conflicts


def _per_report(usable: pd.DataFrame) -> pd.DataFrame:
    """One value per report and key: distinct figures of an indicator add up.

    Breakdowns of a total carry no indicator (the naming step sees to that), so what is
    left in one report are separate contributions (驿站 of several kinds, 体检 of several
    groups). The same figure restated for the same subject counts once.
    """
    keys = ["org", "year", "period", "indicator", "report_id"]
    usable = usable.sort_values("start")
    # The keys told apart once (a number per key, in order of its first figure): every
    # later step groups by that number, not by the five columns again (~0.5 s at 10,000).
    # A figure restated (same key, value and subject) counts once; a key's first figure
    # always stays, so the numbers go in the same order after dropping the others.
    codes = usable.groupby(keys, sort=False).ngroup().to_numpy()
    again = usable[["实际值", "subject"]].assign(_key=codes).duplicated().to_numpy()
    usable, codes = usable[~again], codes[~again]
    lead = ~pd.Series(codes).duplicated().to_numpy()  # each key's first figure
    first = usable[lead]
    first = first[keys + [c for c in first.columns if c not in keys]].reset_index(drop=True)
    at = codes[lead]  # the key of each row of `first`
    sums = pd.Series(usable["实际值"].to_numpy()).groupby(codes).sum().to_numpy()
    first["实际值"] = sums[at] if len(at) else first["实际值"].astype(float)
    count = np.bincount(codes, minlength=len(at))
    # Most keys have one figure, whose text `first` already holds: join only the others.
    # In plain Python: a groupby's "+".join ran Python per group through pandas (~1 s).
    several = count[codes] > 1
    if several.any():
        parts: dict[int, list[str]] = {}
        for code, text in zip(
            codes[several].tolist(), usable.loc[several, "text"].tolist(), strict=True
        ):
            parts.setdefault(code, []).append(text)  # in order of start
        first["text"] = [
            "+".join(parts[k]) if k in parts else t
            for k, t in zip(at.tolist(), first["text"].tolist(), strict=True)
        ]
    parts_words = [f"（{n} 处合计）" if n > 1 else "" for n in count[at].tolist()]
    first["_parts"] = pd.Series(parts_words, index=first.index)  # typed as it was when empty
    return first


def apply_history(table: pd.DataFrame, history: pd.DataFrame) -> pd.DataFrame:
    """The reports' actual values with 历史数据's rows first: a history row wins its key."""
    if history.empty:
        return table.reset_index(drop=True)
    hist = history.assign(evidence_row=None, 来源="历史数据：" + history["来源"].fillna(""))
    hist = hist[KEY + ["实际值", "evidence_row", "来源"]]
    merged = pd.concat([hist, table], ignore_index=True)
    merged["年度"] = merged["年度"].astype(int)
    return merged.drop_duplicates(KEY, keep="first").reset_index(drop=True)


def _issue(f, indicator: str, kind: str, text: str) -> dict:
    return {
        "单位": f["org"],
        "年度": f["year"],
        "期间": f["period"],
        "报告": f["doc"],
        "指标": indicator,
        "类型": kind,
        "原文": text,
    }


def _conflict(key: tuple, values: list[tuple], by_id, why: dict[int, str]) -> dict:
    """The 数值冲突 row of a key from its (实际值, doc, text, kind, report id) in ranked order."""
    (value, doc, text, kind, report_id), rest = values[0], values[1:]
    others = "；".join(f"{v:g}（{d}：{t}）" for v, d, t, _, _ in rest)
    # Why this copy, when another value comes from a copy of the same report (the key holds
    # unit, year and period; the kind is the rest): 说明 lists every such choice.
    copies = any(k == kind for _, _, _, k, _ in rest)
    reason = why.get(int(report_id), "") if copies else ""
    reason = f"；{reason}" if reason else ""
    return {
        "单位": key[0],
        "年度": key[1],
        "期间": key[2],
        "报告": doc,
        "指标": by_id[key[3]].name,
        "类型": "数值冲突",
        "原文": f"采用 {value:g}（{doc}：{text}{reason}）；另有 {others}",
    }


def scorecard_rows(
    targets: pd.DataFrame,
    actuals: pd.DataFrame,
    periods_with_reports: set,
    catalogue: Catalogue,
    pace: dict[str, float] | None = None,
) -> pd.DataFrame:
    """One row per key with a target or an actual, with rates, last year and status."""
    pace = {**SETTINGS.pace, **(pace or {})}
    rows = _targets_for_periods(targets, periods_with_reports)
    keys = pd.concat([rows[KEY], actuals[KEY]]).drop_duplicates()
    out = keys.merge(rows, on=KEY, how="left").merge(actuals, on=KEY, how="left")
    last = actuals[KEY + ["实际值"]].rename(columns={"实际值": "上年同期"})
    last = last.assign(年度=last["年度"] + 1)
    out = out.merge(last, on=KEY, how="left")
    by_id = catalogue.by_id()
    out["指标"] = per_value(out["indicator"], lambda i: by_id[i].name if i in by_id else i)
    out["计量单位"] = per_value(out["indicator"], lambda i: by_id[i].unit if i in by_id else "")
    # Pace applies only to an annual target borrowed by a part-year row; a target set for
    # the period itself is due in full by the period's end.
    period_pace = out["期间"].map(pace).fillna(1.0)
    out["_pace"] = period_pace.where(out["_borrowed"].fillna(False).astype(bool), 1.0)
    out["完成率"] = _rates(out, by_id)
    out["_direction"] = per_value(
        out["indicator"], lambda i: by_id[i].direction if i in by_id else "越大越好"
    )
    # A rate's change is its difference in 个百分点 (values are in %); a relative change
    # of a rate (92 % over 90 % = +2.2 %) is not what anyone means by it.
    out["同比增减"] = out["实际值"] - out["上年同期"]
    out["同比增幅"] = _relative_change(out)
    out["状态"] = _statuses(out)
    order = {i.id: n for n, i in enumerate(catalogue.indicators)}
    out["_order"] = out["indicator"].map(order).fillna(len(order))
    # Within a unit's period, the indicators with targets come first: they are what a
    # manager reads; figures without targets follow for reference.
    out["_untargeted"] = out["目标值"].isna()
    keys = ["单位", "年度", "期间", "_untargeted", "_order"]
    return out.sort_values(keys).reset_index(drop=True)


def _relative_change(out: pd.DataFrame) -> pd.Series | list:
    """同比增幅: 同比增减 / 上年同期 where both are known, 上年同期 is not 0 and the unit is not
    a rate; else empty. Whole columns at once when both are floats (a row loop with
    `pd.notna` on each value took a second at 10,000 reports), the same values either way."""
    change, last = out["同比增减"], out["上年同期"]
    if not (change.dtype == np.float64 and last.dtype == np.float64):
        return [
            d / p if pd.notna(d) and pd.notna(p) and p and not is_rate(u) else None
            for d, p, u in iter_rows(out, "同比增减", "上年同期", "计量单位")
        ]
    d, p = change.to_numpy(), last.to_numpy()
    ok = ~np.isnan(d) & ~np.isnan(p) & (p != 0)
    ok &= ~per_value(out["计量单位"], is_rate).to_numpy(dtype=bool)
    if not ok.any():  # as the loop gives it: no value, a column of None
        return [None] * len(out)
    with np.errstate(all="ignore"):
        return pd.Series(np.where(ok, d / np.where(ok, p, 1.0), np.nan), index=out.index)


def _targets_for_periods(targets: pd.DataFrame, periods_with_reports: set) -> pd.DataFrame:
    """Targets per key; a part-year period with a report borrows the annual target."""
    own = targets[KEY + ["目标值"]].assign(_borrowed=False)
    annual = own[own["期间"] == "全年"]
    borrowed = []
    for org, year, period in periods_with_reports:
        if period == "全年":
            continue
        rows = annual[(annual["单位"] == org) & (annual["年度"] == year)]
        borrowed.append(rows.assign(期间=period, _borrowed=True))
    out = pd.concat([own, *borrowed], ignore_index=True)
    return out.drop_duplicates(KEY, keep="first")


def _rates(out: pd.DataFrame, by_id) -> pd.Series:
    """实际值 / 目标值, or 目标值 / 实际值 where fewer is better; empty when either is unknown or 0."""
    t, a = out["目标值"].astype(float), out["实际值"].astype(float)
    smaller = per_value(out["indicator"], lambda i: i in by_id and by_id[i].direction == "越小越好")
    rate = (a / t).where(~smaller, t / a)
    ok = t.notna() & a.notna() & (t != 0) & ((a != 0) | ~smaller)
    return rate.astype(object).where(ok, None)


def _statuses(out: pd.DataFrame) -> pd.Series:
    rate = pd.to_numeric(out["完成率"], errors="coerce")
    part_year = out["_pace"] < 1
    done = rate >= out["_pace"].where(part_year, 1.0) - 1e-9
    status = pd.Series("未完成", index=out.index, dtype=object)
    status[part_year] = "进度滞后"
    status[done] = "完成"
    status[rate.isna()] = "缺失"
    status[out["目标值"].isna()] = "无目标"
    return status
