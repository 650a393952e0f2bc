"""Writing the scorecard as one workbook, or, when it passes Excel's limits, as one workbook
per group of units plus an index workbook that links them (its path is the run's result)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd

from tasks.core.common.settings import SETTINGS
from tasks.core.workbook.files import save_new_file
from tasks.core.workbook.layout import INDEX_SHEET, build_workbook
from tasks.core.workbook.limits import EXCEL, ExcelLimits, Volume, cap_rows, split_by_unit
from tasks.core.workbook.notes import VOLUMES_HEADING
from tasks.core.workbook.pieces import PieceStore

INDEX_COLUMNS = ["分册", "工作簿", "单位数", "单位"]


def write_volumes(
    sheets: dict[str, pd.DataFrame],
    notes: list[list],
    folder: str | Path,
    now: datetime,
    limits: ExcelLimits = EXCEL,
    store: PieceStore | None = None,
) -> Path:
    """Write the run's workbook(s) into `folder`, never over an earlier file; return the
    workbook to open: the scorecard itself, or the index of its volumes. `store` keeps
    原文依据's pieces for the next run (`pieces`)."""
    volumes = split_by_unit(sheets, limits)
    if len(volumes) == 1:
        wb = build_workbook(volumes[0].sheets, notes, limits, store)
        return save_new_file(wb.save, folder, SETTINGS.workbook_stem, ".xlsx", now)
    n = len(volumes)
    names = []
    for i, volume in enumerate(volumes, start=1):
        note = notes + _volume_note(volume, i, n)
        wb = build_workbook(volume.sheets, note, limits, store)
        names.append(
            save_new_file(wb.save, folder, SETTINGS.workbook_stem, f"_分册{i}.xlsx", now).name
        )
    index = _index_table(volumes, names)
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


def _volume_note(volume: Volume, i: int, n: int) -> list[list]:
    units = "、".join(u or "（单位不明）" for u in volume.units)
    return [
        [],
        [VOLUMES_HEADING],
        ["", f"本次计分卡超过 Excel 的行数上限，已按单位分为 {n} 个工作簿，本工作簿是第 {i} 个；"
         "另有一个目录工作簿（文件名不带“分册”）列出全部分册。"],
        ["本分册的单位", units],
    ]  # fmt: skip


def _index_table(volumes: list[Volume], names: list[str]) -> pd.DataFrame:
    rows = [
        {
            "分册": i,
            "工作簿": name,
            "单位数": len(v.units),
            "单位": "、".join(u or "（单位不明）" for u in v.units),
        }
        for i, (v, name) in enumerate(zip(volumes, names, strict=True), start=1)
    ]
    return pd.DataFrame(rows, columns=INDEX_COLUMNS)
