"""Writing output files so that a reader of an earlier file is never disturbed."""

from __future__ import annotations

import contextlib
import errno
import os
import socket
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from tasks.core.common.settings import SETTINGS

TEMP_PREFIX = ".~scorecard-"
# A temporary file's name carries the host and process that write it
# (`.~scorecard-<host>-<pid>-<random>.xlsx`): one whose process is gone on this host is a
# killed run's and goes at once. Another host's (a shared folder) or an unmarked one goes
# once it is older than the stale_temp_hours setting (saving takes seconds).
_HOST = socket.gethostname().replace("-", "_")[:40] or "host"


def _write_temp(write: Callable[[Path], None], folder: Path, suffix: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(folder)
    prefix = f"{TEMP_PREFIX}{_HOST}-{os.getpid()}-"
    fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=folder)
    os.close(fd)
    try:
        write(Path(tmp))
        # mkstemp makes the file 0600; the output gets what any file of the user gets.
        os.chmod(tmp, 0o666 & ~current_umask())
    except BaseException:
        _unlink_quietly(Path(tmp))
        raise
    return Path(tmp)


def current_umask() -> int:
    """The process's umask, read without changing it where the system allows."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # elsewhere: set and restore at once
    os.umask(mask)
    return mask


def _unlink_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def remove_stale_temps(folder: str | Path, now: float | None = None) -> list[Path]:
    """Delete temporary files of killed runs; return them.

    A file of a process of this host that no longer runs goes at once; any other one once
    it is older than the stale_temp_hours setting.
    """
    now = time.time() if now is None else now
    removed = []
    for p in Path(folder).glob(TEMP_PREFIX + "*"):
        try:
            if _writer_gone(p.name) or now - p.lstat().st_mtime > SETTINGS.stale_temp_seconds:
                p.unlink()
                removed.append(p)
        except OSError:  # another run removed it first, or it is a folder: not ours
            continue
    return removed


def _writer_gone(name: str) -> bool:
    """True when `name` is a temporary file of a process of this host that has ended.

    >>> _writer_gone(f"{TEMP_PREFIX}{_HOST}-{os.getpid()}-abc.xlsx")
    False
    >>> _writer_gone(f"{TEMP_PREFIX}elsewhere-1-abc.xlsx")
    False
    """
    parts = name[len(TEMP_PREFIX) :].split("-")
    if len(parts) < 3 or parts[0] != _HOST or not parts[1].isdigit():
        return False
    try:
        os.kill(int(parts[1]), 0)
    except ProcessLookupError:
        return True
    except OSError:  # alive, another user's
        return False
    return False


def save_atomically(write: Callable[[Path], None], path: str | Path) -> Path:
    """Call `write(tmp)` on a temporary file beside `path`, then rename it over `path`.

    The rename is atomic on one file system, so nobody ever sees a half-written file.
    """
    path = Path(path)
    tmp = _write_temp(write, path.parent, path.suffix)
    try:
        os.replace(tmp, path)
    except BaseException:
        _unlink_quietly(tmp)
        raise
    return path


def create_whole(write: Callable[[Path], None], path: str | Path) -> None:
    """Create `path` by `write(tmp)` on a temporary file beside it, then a hard link: a process
    killed meanwhile leaves nothing half-made under the name, and when another process created
    it first, theirs is kept and this one dropped."""
    path = Path(path)
    tmp = _write_temp(write, path.parent, path.suffix)
    try:
        with contextlib.suppress(FileExistsError):
            os.link(tmp, path)
    finally:
        _unlink_quietly(tmp)


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
        raise FileExistsError(
            errno.EEXIST, f"{folder}：同一时刻的输出文件过多（已有 999 个），请稍后再运行"
        )
    finally:
        _unlink_quietly(tmp)


def timestamped_name(stem: str, suffix: str, now: datetime, n: int = 1) -> str:
    """
    >>> timestamped_name("计分卡", ".xlsx", datetime(2025, 1, 15, 8, 0, 0))
    '计分卡_20250115-080000.xlsx'
    >>> timestamped_name("计分卡", ".xlsx", datetime(2025, 1, 15, 8, 0, 0), 2)
    '计分卡_20250115-080000_2.xlsx'
    """
    base = f"{stem}_{now:%Y%m%d-%H%M%S}"
    return f"{base}{suffix}" if n == 1 else f"{base}_{n}{suffix}"


_OUTPUT_ERRORS = {
    errno.ENOSPC: "磁盘已满，请清理磁盘空间后重新运行",
    errno.EDQUOT: "磁盘配额已用完，请清理空间后重新运行",
    errno.EROFS: "输出文件夹所在的磁盘是只读的，请换一个可写的输出文件夹（--output）",
    errno.EACCES: "没有写入权限，请换一个输出文件夹（--output）或请管理员开放写入权限",
    errno.EPERM: "没有写入权限，请换一个输出文件夹（--output）或请管理员开放写入权限",
    errno.EISDIR: "同名的文件夹占用了这个文件名，请把该文件夹改名或移走",
    errno.ENOTDIR: "路径中有一段不是文件夹，请检查输出文件夹（--output）",
    errno.EEXIST: "文件已存在且无法替换，请检查输出文件夹",
    errno.EIO: "磁盘或网络共享写入出错，请稍后再试",
}


def output_error_message(path: str | Path, exc: OSError) -> str:
    """Why an output file could not be written, in the clerk's words, naming the file.

    >>> output_error_message("output/计分卡.xlsx", OSError(28, "No space left on device"))
    'output/计分卡.xlsx：无法写入，磁盘已满，请清理磁盘空间后重新运行'
    """
    reason = _OUTPUT_ERRORS.get(exc.errno or 0) or f"{exc.strerror or exc}，请检查输出文件夹"
    return f"{path}：无法写入，{reason}"
