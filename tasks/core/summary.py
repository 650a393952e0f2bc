"""What a run publishes besides the workbook: the 总览 table and a short markdown summary."""

from __future__ import annotations

import math

import pandas as pd

_TOP = 10


def overview_records(overview: pd.DataFrame) -> list[dict]:
    """总览 rows as JSON-safe dicts (NaN → None, 综合完成率 as a percentage text)."""
    rows = []
    for r in overview.to_dict("records"):
        rate = r.get("综合完成率")
        r["综合完成率"] = (
            "" if rate is None or (isinstance(rate, float) and math.isnan(rate)) else f"{rate:.1%}"
        )
        rows.append(
            {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in r.items()}
        )
    return rows


def summary_markdown(
    sheets: dict[str, pd.DataFrame], workbook: str, failures: list[tuple[str, str]]
) -> str:
    """Units behind target, the largest gaps, missing figures, hidden content, unread reports."""
    card, lost = sheets["计分卡"], sheets["缺失数据"]
    lines = [f"# 工会工作计分卡\n\n工作簿：`{workbook}`\n"]
    behind = card[card["状态"].isin(["未完成", "进度滞后"])].sort_values("完成率")
    lines.append(f"## 未达目标（{len(behind)} 项，完成率最低的 {min(len(behind), _TOP)} 项）\n")
    lines += [
        f"- {r.单位} {r.年度}{r.期间} {r.指标}：{_num(r.实际值)} / 目标 {_num(r.目标值)}"
        f"（{r.完成率:.0%}，{r.状态}）"
        for r in behind.head(_TOP).itertuples()
    ] or ["- 无"]
    for kind in ("占位符", "未提及", "内容隐藏", "报告缺失"):
        rows = lost[lost["类型"] == kind]
        lines.append(f"\n## {kind}（{len(rows)} 项）\n")
        lines += [
            f"- {r.单位 or ''} {r.年度 if pd.notna(r.年度) else ''}{r.期间 or ''} {r.报告} {r.指标}"
            for r in rows.head(_TOP).itertuples()
        ] or ["- 无"]
    lines.append(f"\n## 无法读取的报告（{len(failures)} 个）\n")
    lines += [f"- {doc}：{msg}" for doc, msg in failures] or ["- 无"]
    return "\n".join(lines) + "\n"


def _num(v) -> str:
    return "—" if v is None or pd.isna(v) else f"{v:,.2f}".rstrip("0").rstrip(".")
