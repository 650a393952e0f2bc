"""What a run publishes besides the workbook: the 总览 table and a short markdown summary."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from tasks.core.comparison.units import RATE_UNIT

_TOP = 10
# 缺失数据 kinds grouped as the summary's readers ask about them: figures to chase, hidden text.
_MISSING_KINDS = ("占位符", "未提及", "待核实", "报告缺失")
_HIDDEN_KIND = "内容隐藏"
_BEHIND_COLUMNS = ["单位", "年度", "期间", "指标", "实际值", "目标值", "完成率", "状态", "计量单位"]
# As the workbook shows them (number format 0.0%): 97.5 % stays 97.5 %, never 98 %.
_PERCENT = ".1%"


# The 总览 table artifact lists this many rows (those behind come first); a province's
# 100,000 rows would cost the Prefect server ~400 MB and no reader scrolls them in the UI.
ARTIFACT_ROWS = 1000


def overview_records(overview: pd.DataFrame, limit: int = ARTIFACT_ROWS) -> list[dict]:
    """The first `limit` 总览 rows as JSON-safe dicts (NaN → None, 综合完成率 as a
    percentage text)."""
    rows = []
    for r in overview.head(limit).to_dict("records"):
        r["综合完成率"] = _pct(r.get("综合完成率"), _PERCENT)
        rows.append(
            {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in r.items()}
        )
    return rows


def overview_description(overview: pd.DataFrame, limit: int = ARTIFACT_ROWS) -> str:
    """The 总览 artifact's description, saying when it lists only the first rows.

    >>> overview_description(pd.DataFrame({"单位": range(3)}), limit=2)
    '总览：各单位各期间的目标完成情况（共 3 行，这里列出前 2 行，全部见工作簿）'
    """
    text = "总览：各单位各期间的目标完成情况"
    if len(overview) > limit:
        text += f"（共 {len(overview)} 行，这里列出前 {limit} 行，全部见工作簿）"
    return text


def summary_markdown(
    sheets: dict[str, pd.DataFrame], workbook: str, failures: list[tuple[str, str]]
) -> str:
    """Workbook path, units behind target, largest gaps, missing figures, hidden content,
    unread reports — each list capped, with a pointer to the sheet holding the rest.

    >>> empty = {"总览": pd.DataFrame(columns=["单位", "年度", "期间", "未完成", "缺失", "综合完成率"]),
    ...          "计分卡": pd.DataFrame(columns=["状态", "完成率"]),
    ...          "缺失数据": pd.DataFrame(columns=["类型"])}
    >>> "工作簿：`out/计分卡.xlsx`" in summary_markdown(empty, "out/计分卡.xlsx", [])
    True
    """
    overview, card, lost = sheets["总览"], sheets["计分卡"], sheets["缺失数据"]
    lines = [f"# 工会工作计分卡\n\n工作簿：`{workbook}`\n"]
    behind_units = overview[overview["未完成"].fillna(0) > 0]
    lines += _section("未达目标的单位", len(behind_units), "总览")
    lines += [
        f"- {r.单位} {_period(r)}：未完成 {r.未完成} 项，缺失 {r.缺失} 项，"
        f"综合完成率 {_pct(r.综合完成率, _PERCENT) or '—'}"
        for r in behind_units.head(_TOP).itertuples()
    ] or ["- 无"]
    behind, count = _lowest(card, lambda t: t["状态"].isin(["未完成", "进度滞后"]), "完成率")
    lines += _section("差距最大的指标", count, "计分卡")
    lines += [
        f"- {r.单位} {_period(r)} {r.指标}：{_num(r.实际值, r)} / 目标 {_num(r.目标值, r)}"
        f"（{_pct(r.完成率, _PERCENT) or '—'}，{r.状态}）"
        for r in behind.itertuples()
    ] or ["- 无"]
    missing, count = _picked(lost, lambda t: t["类型"].isin(_MISSING_KINDS), head=_TOP)
    lines += _section("缺失的数字", count, "缺失数据")
    lines += [_lost_line(r) for r in missing.itertuples()] or ["- 无"]
    hidden, count = _picked(lost, lambda t: t["类型"] == _HIDDEN_KIND, head=_TOP)
    lines += _section("内容被隐藏的报告", count, "缺失数据")
    lines += [_lost_line(r) for r in hidden.itertuples()] or ["- 无"]
    lines.append(f"\n## 无法读取的报告（{len(failures)} 个）\n")
    lines += [f"- {doc}：{msg}" for doc, msg in failures] or ["- 无"]
    return "\n".join(lines) + "\n"


def _picked(table, keep, columns: list[str] | None = None, head: int | None = None):
    """(rows of `table` that `keep` picks: their `columns`, the first `head` of them; how
    many it picks). `table` is a DataFrame or a table kept in parts (`parts.SpilledRows`):
    a part at a time, only the rows and columns asked for are held."""
    whole = isinstance(table, pd.DataFrame)
    parts = [table] if whole else [pd.DataFrame(columns=table.columns), *table.parts()]
    got, count = [], 0
    for part in parts:
        rows = part[keep(part)]
        count += len(rows)
        rows = rows if columns is None else rows[[c for c in columns if c in rows]]
        if head is None or sum(map(len, got)) < head:
            got.append(rows if head is None else rows.head(head))
    got = [g for g in got if len(g)] or got[:1]
    out = got[0] if len(got) == 1 else pd.concat(got, ignore_index=True)
    return (out if head is None else out.head(head)), count


def _lowest(table, keep, by: str) -> tuple[pd.DataFrame, int]:
    """(the first _TOP of the rows `keep` picks from `table` when all of them are sorted by
    `by`, as `sort_values` sorts them (missing last): their _BEHIND_COLUMNS; how many it
    picks). Of all the rows picked only `by` is held, and the parts of the chosen rows are
    read again: at 100,000 reports 计分卡's rows behind target, whole, took ~220 MB while
    the summary was made, the run's peak."""
    whole = isinstance(table, pd.DataFrame)
    picked, keys = [], []
    for part in [table] if whole else table.parts():
        rows = np.flatnonzero(keep(part).to_numpy(dtype=bool))
        picked.append(rows)
        keys.append(part[by].iloc[rows])
    got = [k for k in keys if len(k)]
    if not got:
        return pd.DataFrame(columns=_BEHIND_COLUMNS), 0
    order = pd.concat(got, ignore_index=True).sort_values(kind="quicksort").index[:_TOP]
    # the chosen rows' (part, row), from their places among all the rows picked
    ends = np.cumsum([len(p) for p in picked])
    at = np.searchsorted(ends, order.to_numpy(), side="right")
    starts = ends - [len(p) for p in picked]
    chosen = {int(k): {} for k in at}
    for k, place in zip(at.tolist(), order.tolist(), strict=True):
        chosen[k][place] = int(picked[k][place - starts[k]])
    parts = [table] if whole else table.parts(set(chosen))
    rows = {place: part.iloc[[row]] for k, part in zip(sorted(chosen), parts, strict=True)
            for place, row in chosen[k].items()}  # fmt: skip
    out = pd.concat([rows[place] for place in order.tolist()])
    return out[[c for c in _BEHIND_COLUMNS if c in out]], sum(map(len, picked))


def _section(title: str, count: int, sheet: str) -> list[str]:
    more = f"，以下为前 {_TOP} 项，其余见工作簿“{sheet}”表" if count > _TOP else ""
    return [f"\n## {title}（{count} 项{more}）\n"]


def _lost_line(r) -> str:
    what = f"{_text(r.指标)}（{r.类型}）" if _text(r.指标) else r.类型
    parts = (_text(r.单位), _period(r), _text(r.报告), what)
    return "- " + " ".join(x for x in parts if x)


def _period(r) -> str:
    year = "" if r.年度 is None or pd.isna(r.年度) else f"{int(r.年度)}年"
    return f"{year}{_text(r.期间)}"


def _text(v) -> str:
    return "" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)


def _pct(v, fmt: str) -> str:
    return "" if v is None or (isinstance(v, float) and math.isnan(v)) else format(v, fmt)


def _num(v, row=None) -> str:
    """A value as the workbook shows it: a rate (计量单位 %) as a percentage.

    >>> _num(1234.5), _num(0.985, pd.Series({"计量单位": "%"}))
    ('1,234.5', '98.5%')
    """
    if v is None or pd.isna(v):
        return "—"
    if getattr(row, "计量单位", None) == RATE_UNIT:
        return f"{v * 100:,.2f}".rstrip("0").rstrip(".") + "%"
    return f"{v:,.2f}".rstrip("0").rstrip(".")
