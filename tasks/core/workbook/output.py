"""Saving the scorecard: a new timestamped workbook, checked, then the 最新 copy.

Nothing is written when the 最新 name is taken by something that cannot be replaced (a
folder), and every failure says in Chinese which file and what to do.
"""

from __future__ import annotations

import os
import shutil
import stat
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

from tasks.core.common.settings import SETTINGS
from tasks.core.workbook.files import output_error_message, save_atomically, save_new_file
from tasks.core.workbook.verify import BrokenWorkbook, check_workbook


class OutputError(Exception):
    """An output file could not be written; the message is for the clerk (Chinese)."""


def save_scorecard(
    wb: Workbook, output_dir: str | Path, now: datetime, latest: str | None = None
) -> Path:
    """Save `wb` as a new timestamped workbook in `output_dir`, checked before it gets its
    name; then copy it to `latest` (a file name in the same folder) when given."""
    folder = Path(output_dir)
    if latest:
        refuse_unreplaceable(folder / latest)
    try:
        stem = SETTINGS.workbook_stem
        path = save_new_file(lambda tmp: _save_checked(wb, tmp), folder, stem, ".xlsx", now)
        if latest:
            # Saving a large workbook takes seconds; the 最新 copy is a byte copy of it.
            save_atomically(lambda tmp: shutil.copyfile(path, tmp), folder / latest)
    except BrokenWorkbook as exc:
        raise OutputError(str(exc)) from exc
    except OSError as exc:
        raise OutputError(output_error_message(exc.filename or folder, exc)) from exc
    return path


def _save_checked(wb: Workbook, tmp: Path) -> None:
    wb.save(tmp)
    check_workbook(tmp, f"{SETTINGS.workbook_stem}工作簿", getattr(wb, "frames", None))


def refuse_unreplaceable(path: Path) -> None:
    """Raise `OutputError` when `path` exists and is not a file a rename can replace."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise OutputError(output_error_message(path, exc)) from exc
    if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
        kind = "文件夹" if stat.S_ISDIR(mode) else "特殊文件"
        raise OutputError(
            f"{path}：这是一个{kind}，占用了计分卡的文件名；请把它改名或移走后重新运行"
            "（本次没有写出任何工作簿）"
        )
