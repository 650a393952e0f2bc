"""Writing the scorecard as one workbook, or, when it passes Excel's limits, as one workbook
per group of units plus an index workbook that links them (its path is the run's result)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd

from tasks.core.common.memory import give_back
from tasks.core.common.settings import SETTINGS
from tasks.core.workbook import offvolumes
from tasks.core.workbook.files import save_new_file
from tasks.core.workbook.layout import INDEX_SHEET, build_workbook
from tasks.core.workbook.limits import (
    EXCEL,
    ExcelLimits,
    cap_rows,
    fits,
    unit_groups,
    volume_of,
)
from tasks.core.workbook.notes import VOLUMES_HEADING
from tasks.core.workbook.piecestore import PieceStore

INDEX_COLUMNS = ["分册", "工作簿", "单位数", "单位"]


def write_volumes(
    sheets: dict[str, pd.DataFrame],
    notes: list[list],
    folder: str | Path,
    now: datetime,
    limits: ExcelLimits = EXCEL,
    store: PieceStore | None = None,
    groups: list[list[str]] | None = None,
) -> Path:
    """Write the run's workbook(s) into `folder`, never over an earlier file; return the
    workbook to open: the scorecard itself, or the index of its volumes. `store` keeps
    原文依据's pieces for the next run (`pieces`). The volumes' tables are cut out one at a
    time: only one volume's copy of its rows is held while it is written. `groups`: the
    volumes' units (`unit_groups`), when the caller has them already."""
    groups = groups or unit_groups(sheets, limits)
    if len(groups) == 1:
        one = sheets if fits(sheets, limits) else volume_of(sheets, groups[0], limits).sheets
        wb = build_workbook(one, notes, limits, store)
        return save_new_file(wb.save, folder, SETTINGS.workbook_stem, ".xlsx", now)
    n = len(groups)
    names = []
    # 原文依据 of every volume rendered by a second process meanwhile (with a piece store)
    elsewhere = offvolumes.start(sheets, groups, folder, limits.max_cell_chars) if store else None
    try:
        for i, units in enumerate(groups, start=1):
            note = notes + _volume_note(units, i, n)
            volume = volume_of(sheets, units, limits).sheets
            there = elsewhere.volume(i - 1) if elsewhere is not None else None
            wb = build_workbook(volume, note, limits, store, there)
            del volume
            names.append(
                save_new_file(wb.save, folder, SETTINGS.workbook_stem, f"_分册{i}.xlsx", now).name
            )
            del wb  # its rows: the next volume's are cut out only now
            give_back()  # and their pages, which malloc would keep in holes between live blocks
    finally:
        if elsewhere is not None:
            elsewhere.close()
    index = _index_table(groups, names)
    overview = {"总览": cap_rows(sheets["总览"], limits)} if "总览" in sheets else {}
    note = notes + [
        [],
        [VOLUMES_HEADING],
        ["", f"计分卡超过 Excel 每张表 {limits.max_rows:,} 行的上限，已按单位分为 {n} 个工作簿；"
         "本工作簿是目录，点击 目录 表中的文件名打开各分册（分册与本文件须在同一文件夹）。"],
    ]  # fmt: skip
    wb = build_workbook({INDEX_SHEET: index, **overview}, note, limits)
    ws, col = wb[INDEX_SHEET], INDEX_COLUMNS.index("工作簿") + 1
    for row, name in enumerate(names, start=2):
        ws.add_file_link(row, col, name)
    return save_new_file(wb.save, folder, SETTINGS.workbook_stem, ".xlsx", now)


def _volume_note(units: list[str], i: int, n: int) -> list[list]:
    names = "、".join(u or "（单位不明）" for u in units)
    return [
        [],
        [VOLUMES_HEADING],
        ["", f"本次计分卡超过 Excel 的行数上限，已按单位分为 {n} 个工作簿，本工作簿是第 {i} 个；"
         "另有一个目录工作簿（文件名不带“分册”）列出全部分册。"],
        ["本分册的单位", names],
    ]  # fmt: skip


def _index_table(groups: list[list[str]], names: list[str]) -> pd.DataFrame:
    rows = [
        {
            "分册": i,
            "工作簿": name,
            "单位数": len(units),
            "单位": "、".join(u or "（单位不明）" for u in units),
        }
        for i, (units, name) in enumerate(zip(groups, names, strict=True), start=1)
    ]
    return pd.DataFrame(rows, columns=INDEX_COLUMNS)
