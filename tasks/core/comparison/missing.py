"""The 缺失数据 table: every figure a manager must chase, with the sentence it sits in."""

from __future__ import annotations

import pandas as pd

from tasks.core.common.catalogue import Catalogue
from tasks.core.common.frames import iter_rows

MISSING_COLUMNS = ["单位", "年度", "期间", "报告", "指标", "类型", "原文"]


def placeholder_rows(figs: pd.DataFrame, catalogue: Catalogue) -> list[dict]:
    """占位符: every redacted achievement figure (x个, XX万元)."""
    names = {i.id: i.name for i in catalogue.indicators}
    rows = []
    ph = figs[(figs["placeholder"] == 1) & ~figs["kind"].isin(("plan", "target"))]
    columns = ("indicator", "subject", "org", "year", "period", "doc", "sentence", "evidence_row")
    for indicator, subject, org, year, period, doc, sentence, row in iter_rows(ph, *columns):
        what = names.get(indicator) or (f"（{subject}）" if subject else "")
        rows.append(
            {
                "单位": org,
                "年度": year,
                "期间": period,
                "报告": doc,
                "指标": what,
                "类型": "占位符",
                "原文": sentence,
                "_evidence_row": row,
            }
        )
    return rows


def unmentioned_rows(
    card: pd.DataFrame,
    stated: set[tuple],
    reports: pd.DataFrame | None = None,
    found: dict[tuple, str] | None = None,
) -> list[dict]:
    """未提及: a targeted indicator no report of the period states (placeholders aside);
    `stated`: the (org, year, period, indicator) of every figure; `found`: the reports'
    `docs_by_period`, if worked out already."""
    found = docs_by_period(reports) if found is None else found
    rows = []
    wanted = card[card["目标值"].notna() & card["实际值"].isna() & (card["状态"] != "待核实")]
    for org, year, period, indicator, name in iter_rows(
        wanted, "单位", "年度", "期间", "indicator", "指标"
    ):
        key = (org, year, period)
        if key not in found or (*key, indicator) in stated:
            continue
        rows.append(
            {
                "单位": org,
                "年度": year,
                "期间": period,
                "报告": found[key],
                "指标": name,
                "类型": "未提及",
                "原文": "本期报告中没有该指标的数字",
            }
        )
    return rows


def awaiting_review_rows(card: pd.DataFrame, figs: pd.DataFrame) -> list[dict]:
    """待核实: a targeted indicator whose only figure awaits a person's check (named unsurely,
    or read by OCR with low confidence). 计分卡 shows the value without counting it; the row
    here says why and links to the figure's sentence, so it is checked, not forgotten."""
    held = card[card["状态"] == "待核实"]
    if held.empty:
        return []
    by_row = figs.set_index("evidence_row")
    rows = []
    for org, year, period, name, row in iter_rows(
        held, "单位", "年度", "期间", "指标", "evidence_row"
    ):
        f = by_row.loc[row]
        rows.append(
            {
                "单位": org,
                "年度": year,
                "期间": period,
                "报告": f["doc"],
                "指标": name,
                "类型": "待核实",
                "原文": f"{_why_unsure(f)}：{f['sentence']}",
                "_evidence_row": row,
            }
        )
    return rows


def _why_unsure(f: pd.Series) -> str:
    reason = f.get("review_reason")
    if isinstance(reason, str) and reason:
        return f"{f['text']} {reason}"
    return f"{f['text']} 指标名称不确定"


def docs_by_period(reports: pd.DataFrame) -> dict[tuple, str]:
    """The report names of each (unit, year, period) known in full, joined in name order."""
    docs: dict[tuple, list[str]] = {}
    for org, year, period, doc in iter_rows(reports, "org", "year", "period", "doc"):
        key = (org, year, period)
        if not any(pd.isna(k) for k in key):
            docs.setdefault(key, []).append(doc)
    return {key: "、".join(sorted(names)) for key, names in docs.items()}


def hidden_rows(hidden: pd.DataFrame, reports: pd.DataFrame) -> list[dict]:
    """内容隐藏: each hidden or cut part of a report."""
    merged = hidden.merge(reports.rename(columns={"id": "report_id"}), on="report_id")
    return [
        {
            "单位": h["org"],
            "年度": h["year"],
            "期间": h["period"],
            "报告": h["doc"],
            "指标": "",
            "类型": "内容隐藏",
            "原文": f"第{h['line']}行起内容被隐藏或截断（{h['marker']}），其中的数字无法读取：{h['sentence']}",
        }
        for _, h in merged.iterrows()
    ]


def absent_report_rows(
    card: pd.DataFrame,
    reports: pd.DataFrame | None = None,
    history: pd.DataFrame | None = None,
    have: set[tuple] | None = None,
) -> list[dict]:
    """报告缺失: a unit with targets for a period but neither a report nor history rows
    (`have`: the (unit, year, period) of both, if worked out already)."""
    if have is None:
        have = set(iter_rows(reports, "org", "year", "period"))
        have |= set(iter_rows(history, "单位", "年度", "期间"))
    targeted = card[card["目标值"].notna()][["单位", "年度", "期间"]].drop_duplicates()
    return [
        {
            "单位": org,
            "年度": year,
            "期间": period,
            "报告": "",
            "指标": "",
            "类型": "报告缺失",
            "原文": "该单位本期有目标，但没有收到报告",
        }
        for org, year, period in iter_rows(targeted, "单位", "年度", "期间")
        if (org, year, period) not in have
    ]


def incomplete_meta_rows(reports: pd.DataFrame) -> list[dict]:
    """Reports whose unit, year or period could not be inferred need a manifest row."""
    rows = []
    meta = reports[["org", "year", "period"]]
    for _, r in reports[meta.isna().any(axis=1)].iterrows():  # the few with a gap
        gaps = [
            n
            for n, col in (("单位", "org"), ("年度", "year"), ("期间", "period"))
            if pd.isna(r[col])
        ]
        if gaps:
            rows.append(
                {
                    "单位": r["org"],
                    "年度": r["year"],
                    "期间": r["period"],
                    "报告": r["doc"],
                    "指标": "",
                    "类型": "信息不全",
                    "原文": f"无法判断{'、'.join(gaps)}，请在 reports/manifest.csv 中为该文件补一行",
                }
            )
    return rows


def unreadable_rows(failures: list[tuple[str, str]]) -> list[dict]:
    """Reports that could not be read at all."""
    return [
        {
            "单位": None,
            "年度": None,
            "期间": None,
            "报告": doc,
            "指标": "",
            "类型": "无法读取",
            "原文": message,
        }
        for doc, message in failures
    ]
