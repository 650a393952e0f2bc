"""What kind of thing a path is, asked before it is opened.

Opening a FIFO blocks until someone writes to it (forever, in a run); a device can yield
endless bytes; a folder cannot be read as a file. Every input (reports, manifest.csv, the
targets workbook) is asked here first, and anything but a regular file is refused by name.
"""

from __future__ import annotations

import os
import stat

_KINDS = (
    (stat.S_ISDIR, "文件夹"),
    (stat.S_ISFIFO, "特殊文件（管道）"),
    (stat.S_ISSOCK, "特殊文件（套接字）"),
    (stat.S_ISCHR, "特殊文件（设备）"),
    (stat.S_ISBLK, "特殊文件（设备）"),
)


class InputError(Exception):
    """An input that is there but cannot be read; the message names it (Chinese)."""


def special_kind(mode: int) -> str | None:
    """None for a regular file; else what it is, in the clerk's words.

    >>> special_kind(stat.S_IFIFO | 0o644), special_kind(stat.S_IFREG | 0o644)
    ('特殊文件（管道）', None)
    """
    if stat.S_ISREG(mode):
        return None
    return next((kind for test, kind in _KINDS if test(mode)), "特殊文件")


def not_a_file(path: str | os.PathLike) -> str | None:
    """None when `path` (its symlinks followed) is a regular file, else what it is instead.

    Raises OSError when it cannot even be looked at (missing, no permission, a link loop).
    """
    return special_kind(os.stat(path).st_mode)


def inside(path: str | os.PathLike, root_real: str) -> bool:
    """True when `path`, its symlinks resolved, lies in the folder whose real path is given.

    >>> inside("/etc/passwd", "/srv/reports")
    False
    """
    real = os.path.realpath(path)
    return real == root_real or real.startswith(root_real.rstrip(os.sep) + os.sep)
