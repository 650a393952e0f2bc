"""Writing output files so that a reader of an earlier file is never disturbed."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from tasks.core.common.settings import SETTINGS

_TEMP_PREFIX = ".~scorecard-"


def _write_temp(write: Callable[[Path], None], folder: Path, suffix: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(folder)
    fd, tmp = tempfile.mkstemp(prefix=_TEMP_PREFIX, suffix=suffix, dir=folder)
    os.close(fd)
    try:
        write(Path(tmp))
    except BaseException:
        os.unlink(tmp)
        raise
    return Path(tmp)


def remove_stale_temps(folder: Path, now: float | None = None) -> list[Path]:
    """Delete temporary files of killed runs older than the stale_temp_hours setting; return them."""
    now = time.time() if now is None else now
    removed = []
    for p in folder.glob(_TEMP_PREFIX + "*"):
        try:
            if now - p.stat().st_mtime > SETTINGS.stale_temp_seconds:
                p.unlink()
                removed.append(p)
        except OSError:  # another run removed it first
            continue
    return removed


def save_atomically(write: Callable[[Path], None], path: str | Path) -> Path:
    """Call `write(tmp)` on a temporary file beside `path`, then rename it over `path`.

    The rename is atomic on one file system, so nobody ever sees a half-written file.
    """
    path = Path(path)
    tmp = _write_temp(write, path.parent, path.suffix)
    os.replace(tmp, path)
    return path


def save_new_file(
    write: Callable[[Path], None], folder: str | Path, stem: str, suffix: str, now: datetime
) -> Path:
    """Write a new timestamped file in `folder`, never replacing an existing one.

    A hard link fails when the name exists, so two runs in the same second both keep
    their own file instead of one silently replacing the other.
    """
    folder = Path(folder)
    tmp = _write_temp(write, folder, suffix)
    try:
        for n in range(1, 1000):
            name = timestamped_name(stem, suffix, now, n)
            try:
                os.link(tmp, folder / name)
                return folder / name
            except FileExistsError:
                continue
        raise FileExistsError(f"{folder}: 同一时刻的输出文件过多")
    finally:
        os.unlink(tmp)


def timestamped_name(stem: str, suffix: str, now: datetime, n: int = 1) -> str:
    """
    >>> timestamped_name("计分卡", ".xlsx", datetime(2025, 1, 15, 8, 0, 0))
    '计分卡_20250115-080000.xlsx'
    >>> timestamped_name("计分卡", ".xlsx", datetime(2025, 1, 15, 8, 0, 0), 2)
    '计分卡_20250115-080000_2.xlsx'
    """
    base = f"{stem}_{now:%Y%m%d-%H%M%S}"
    return f"{base}{suffix}" if n == 1 else f"{base}_{n}{suffix}"
