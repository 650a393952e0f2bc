"""The 总览 table: one row per unit and period, with a traffic light, counts and a rate.

It answers "who is behind" in one screen: the periods behind come first within each year
(latest year on top), and periods with neither a report nor a target are left out.
"""

from __future__ import annotations

import pandas as pd

OVERVIEW_COLUMNS = [
    "单位",
    "年度",
    "期间",
    "信号灯",
    "报告数",
    "有目标指标",
    "完成",
    "未完成",
    "缺失",
    "综合完成率",
]
# The light of a unit's period, worst first: something behind target, figures still to
# chase (missing or to be checked), everything done, nothing to measure against.
LIGHTS = ("● 落后", "● 缺数", "● 达标", "○ 无目标")


def overview(
    card: pd.DataFrame | None, reports: pd.DataFrame, stats: dict[tuple, tuple] | None = None
) -> pd.DataFrame:
    """总览 from 计分卡 (`card`), or from its `target_stats` when they were counted by batch."""
    size = reports.groupby(["org", "year", "period"]).size()
    # A dict: `Series.get` on the grouped MultiIndex cost a lookup of ~0.1 ms per key.
    counts = dict(zip(size.index, size.tolist(), strict=True))
    stats = target_stats(card) if stats is None else stats
    keys = set(counts) | set(stats)
    rows = []
    for key in keys:
        n, done, behind, missing, check, rate_sum, rated = stats.get(key, (0,) * 5 + (0.0, 0))
        reported = int(counts.get(key, 0))
        if not (reported or n):
            continue  # a year known only from 历史数据: nothing to act on
        rows.append(
            {
                "单位": key[0],
                "年度": key[1],
                "期间": key[2],
                "信号灯": light(int(n), int(behind), int(missing) + int(check)),
                "报告数": reported,
                "有目标指标": int(n),
                "完成": int(done),
                "未完成": int(behind),
                "缺失": int(missing),
                "综合完成率": rate_sum / rated if rated else None,
            }
        )
    out = pd.DataFrame(rows, columns=OVERVIEW_COLUMNS)
    if out.empty:
        return out
    rank = out["信号灯"].map(LIGHTS.index)
    out = out.assign(_year=-out["年度"].astype(int), _light=rank, _name=out["单位"].astype(str))
    keys = ["_year", "_light", "综合完成率", "_name", "期间"]
    return out.sort_values(keys, na_position="last", kind="stable")[OVERVIEW_COLUMNS].reset_index(
        drop=True
    )


def light(with_target: int, behind: int, to_chase: int) -> str:
    """
    >>> light(6, 2, 0), light(6, 0, 1), light(6, 0, 0), light(0, 0, 0)
    ('● 落后', '● 缺数', '● 达标', '○ 无目标')
    """
    if not with_target:
        return LIGHTS[3]
    return LIGHTS[0] if behind else LIGHTS[1] if to_chase else LIGHTS[2]


def target_stats(card: pd.DataFrame) -> dict[tuple, tuple]:
    """Per 单位×年度×期间, over rows with a target: count, 完成, 未完成, 缺失, 待核实, and the
    sum and count of completion rates (each taken against the period's pace, capped at 100%).

    Column-wise: a boolean mask over the whole card per key took seconds at 1 000 reports.
    """
    t = card[card["目标值"].notna()]
    state = t["状态"]
    parts = pd.DataFrame(
        {
            "done": state.eq("完成"),
            "behind": state.isin(["未完成", "进度滞后"]),
            "missing": state.eq("缺失"),
            "check": state.eq("待核实"),
            "rate": (pd.to_numeric(t["完成率"], errors="coerce") / t["_pace"]).clip(upper=1.0),
        }
    )
    grouped = parts.groupby([t["单位"], t["年度"], t["期间"]])
    agg = grouped.agg(
        n=("done", "size"),
        done=("done", "sum"),
        behind=("behind", "sum"),
        missing=("missing", "sum"),
        check=("check", "sum"),
        rate_sum=("rate", "sum"),
        rated=("rate", "count"),
    )
    return dict(zip(agg.index, agg.itertuples(index=False, name=None), strict=True))
