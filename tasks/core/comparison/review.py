"""待核实 and 更正: namings the product is not sure of, and namings the office corrected.

- A figure named with a confidence below REVIEW_BELOW does not feed 实际值; its indicator
  becomes its `candidate`.
- A target indicator with no actual but a candidate figure in a report of the period shows
  that figure in 计分卡 as 待核实 (value shown, 依据 linking to its sentence), not as 缺失.
- The 更正 sheet of the targets workbook (报告, 原文 or 位置, 指标 or 不计) overrides the naming of
  the figures it points to, on every run; each applied correction is listed in 说明.
"""

from __future__ import annotations

import re
from pathlib import PurePath

import pandas as pd

from tasks.core.common.catalogue import Catalogue
from tasks.core.common.frames import iter_rows
from tasks.core.comparison.units import convert
from tasks.core.naming import REVIEW_BELOW

REVIEW = "待核实"
NOT_COUNTED = "不计"
CORRECTION_COLUMNS = ["报告", "原文", "位置", "indicator", "cell"]
_KEY = ("org", "year", "period", "candidate")
_LINE = re.compile(r"^\s*第?\s*(\d+)\s*行?\s*$")


def empty_corrections() -> pd.DataFrame:
    return pd.DataFrame(columns=CORRECTION_COLUMNS)


def correct(figs: pd.DataFrame, corrections: pd.DataFrame) -> tuple[pd.DataFrame, list[list]]:
    """Figures with the corrections applied and, per correction, the texts of the figures it
    hit (`correction_notes` says so once the figures of every unit have been seen)."""
    if corrections.empty or figs.empty:
        return figs, [[] for _ in range(len(corrections))]
    figs, hits = figs.copy(), []
    for doc, text, place, indicator in iter_rows(corrections, *CORRECTION_COLUMNS[:4]):
        hit = _pointed_to(figs, doc, text, place)
        hits.append(figs.loc[hit, "text"].astype(str).tolist())
        if not hit.any():
            continue
        figs.loc[hit, "indicator"] = indicator
        figs.loc[hit, "candidate"] = ""
        figs.loc[hit, "confidence"] = 1.0
        figs.loc[hit, "evidence"] = "更正"
    return figs, hits


def correction_notes(
    corrections: pd.DataFrame, hits: list[list[list]], catalogue: Catalogue
) -> list[str]:
    """One line per correction for 说明, from what it hit in each part of the figures."""
    by_id, notes = catalogue.by_id(), []
    rows = iter_rows(corrections, *CORRECTION_COLUMNS)
    for n, (doc, text, place, indicator, cell) in enumerate(rows):
        texts = [t for part in hits for t in part[n]]
        what = f"「{text}」" if text else f"第{place}行"
        if not texts:
            notes.append(f"更正 {cell}：在报告 {doc} 中找不到{what}的数字，未应用")
            continue
        name = by_id[indicator].name if indicator in by_id else NOT_COUNTED
        notes.append(f"已应用更正 {cell}：{doc} {what} 中的 {'、'.join(texts)} → {name}")
    return notes


def _pointed_to(figs: pd.DataFrame, doc: str, text: str, place: str) -> pd.Series:
    """The figures of report `doc` a correction points to: those whose text the fragment
    holds in a sentence holding it (or every figure of such a sentence when the fragment
    holds none), else those on line `place`."""
    name = PurePath(str(doc)).name
    in_doc = figs["doc"].astype(str).map(lambda d: PurePath(d).name == name)
    if text:
        sentence = in_doc & figs["sentence"].fillna("").str.contains(text, regex=False)
        own = sentence & figs["text"].astype(str).map(lambda t: t in text)
        return own if own.any() else sentence
    line = _LINE.match(str(place))
    return in_doc & (figs["line"] == int(line.group(1))) if line else in_doc & False


def hold_for_review(figs: pd.DataFrame) -> pd.DataFrame:
    """Figures named with low confidence, or read unsurely (`needs_review`: a low OCR
    confidence), keep their indicator only as a candidate."""
    if figs.empty or ("confidence" not in figs and "needs_review" not in figs):
        return figs
    unsure = pd.to_numeric(figs.get("confidence"), errors="coerce") < REVIEW_BELOW
    if "needs_review" in figs:
        unsure = unsure | (pd.to_numeric(figs["needs_review"], errors="coerce").fillna(0) == 1)
    low = (figs["indicator"].fillna("") != "") & unsure
    if not low.any():
        return figs
    # Two new columns on a frame sharing the others (a whole copy of the figures held twice
    # their pointers: ~6 MB per 1,000 reports).
    candidate = figs["candidate"].where(~low, figs["indicator"]) if "candidate" in figs else None
    if candidate is None:
        candidate = figs["indicator"].where(low)
    return figs.assign(candidate=candidate, indicator=figs["indicator"].where(~low, ""))


def first_candidates(figs: pd.DataFrame) -> dict[tuple, tuple]:
    """The earliest candidate figure of each unit, period and indicator, by (org, year,
    period, candidate): (value, unit, doc, line, text, evidence_row)."""
    if "candidate" not in figs:
        return {}
    cands = figs[
        (figs["indicator"].fillna("") == "")
        & (figs["candidate"].fillna("") != "")
        & ~figs["kind"].isin(("plan", "target"))
        & (figs["placeholder"] == 0)
        & figs["value"].notna()
    ].sort_values("start", kind="stable")
    first: dict[tuple, tuple] = {}
    for row in iter_rows(cands, *_KEY, "value", "unit", "doc", "line", "text", "evidence_row"):
        first.setdefault(row[:4], row[4:])
    return first


def mark_candidates(
    card: pd.DataFrame, first: dict[tuple, tuple], catalogue: Catalogue
) -> pd.DataFrame:
    """Target rows with no actual but a candidate figure (`first_candidates`, of every unit):
    状态 待核实, the value shown."""
    if card.empty:
        return card
    by_id = catalogue.by_id()
    wanted = card[card["目标值"].notna() & card["实际值"].isna()]
    keys = iter_rows(wanted, "单位", "年度", "期间", "indicator")
    hits = [(i, k, first[k]) for i, k in zip(wanted.index, keys, strict=True) if k in first]
    if not hits:
        return card
    card = card.copy()
    for i, key, (value, unit, doc, line, text, evidence_row) in hits:
        ind = by_id.get(key[3])
        card.loc[i, "实际值"] = convert(value, unit, ind.unit) if ind else None
        card.loc[i, "状态"] = REVIEW
        card.loc[i, "来源"] = f"{REVIEW}：{doc} 第{int(line)}行 {text}"
        card.loc[i, "evidence_row"] = evidence_row
    return card


def reviewed_keys(card: pd.DataFrame) -> set:
    """Keys shown as 待核实: not 未提及."""
    rows = card[card["状态"] == REVIEW]
    return set(iter_rows(rows, "单位", "年度", "期间", "indicator"))
