"""What kind of thing a path is, asked before it is opened, and the one place inputs are read.

Opening a FIFO blocks until someone writes to it (forever, in a run); a device can yield
endless bytes; a folder cannot be read as a file. Every input (reports, manifest.csv, the
targets workbook) is read by `read_regular`, and anything but a regular file is refused by name.

Between listing a folder and opening a file, the file may be swapped for a symlink to
somewhere else or for a FIFO. `listed_path` remembers which file the listing saw (its real
path and device/inode); `read_regular` opens that real path without following a symlink
(O_NOFOLLOW) and without blocking (O_NONBLOCK), checks through the open descriptor that it is
still that regular file, and reads through that descriptor only.
"""

from __future__ import annotations

import errno
import os
import stat

# O_NOFOLLOW and O_NONBLOCK do not exist on Windows, O_BINARY only there.
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_BINARY", 0)
)
_SWAPPED = "无法读取，在列出文件夹之后被换成了{what}；请确认文件夹中的文件后重新运行"

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


class ListedPath(str):
    """A path as the folder listing found it: a plain str that also remembers where it led
    (`real`, its symlinks inside the folder resolved) and which file that was (`identity`,
    device and inode). Survives pickling, so worker processes check it too."""

    real: str
    identity: tuple[int, int] | None


def listed_path(path: str) -> ListedPath:
    """`path` with the real path and identity of the file it names now."""
    listed = ListedPath(path)
    listed.real = os.path.realpath(path)
    try:
        st = os.stat(listed.real)
        listed.identity = (st.st_dev, st.st_ino)
    except OSError:  # gone already: reading says so
        listed.identity = None
    return listed


def listed_in(folder_real: str, path: str) -> ListedPath | None:
    """`listed_path(path)` for a file of the folder whose real path is `folder_real`,
    found with one `lstat` instead of resolving every part of the path again; None when
    the file is a symlink (or gone): then `listed_path` and `inside` must look."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    if stat.S_ISLNK(st.st_mode):
        return None
    listed = ListedPath(path)
    listed.real = os.path.join(folder_real, os.path.basename(path))
    listed.identity = (st.st_dev, st.st_ino)
    return listed


def read_regular(path: str | os.PathLike, name: str, max_bytes: int | None = None) -> bytes:
    """The bytes of the regular file at `path`, read through one descriptor.

    `name` is how messages name the file. Refused with `InputError` (Chinese, naming it):
    anything but a regular file (asked before opening and again of the open descriptor), a
    file swapped for a symlink or for another file since `listed_path` saw it, a file over
    `max_bytes`. Other failures to open or read raise OSError.
    """
    real = getattr(path, "real", None) or os.path.realpath(path)
    identity = getattr(path, "identity", None)
    kind = not_a_file(real)
    if kind is not None:  # a device or FIFO is never opened at all
        raise InputError(f"{name}：这是一个{kind}，不是文件，未读取")
    try:
        fd = os.open(real, _OPEN_FLAGS)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EMLINK) and os.path.islink(real):
            raise InputError(f"{name}：" + _SWAPPED.format(what="快捷方式（符号链接）")) from exc
        raise
    with os.fdopen(fd, "rb") as fh:  # closes the descriptor on every path
        st = os.fstat(fd)
        kind = special_kind(st.st_mode)
        if kind is not None:  # swapped for a FIFO or device after the check above
            raise InputError(f"{name}：" + _SWAPPED.format(what=kind))
        if identity is not None and (st.st_dev, st.st_ino) != identity:
            raise InputError(f"{name}：" + _SWAPPED.format(what="另一个文件"))
        if max_bytes is not None and st.st_size > max_bytes:
            raise InputError(_too_large(name, st.st_size, max_bytes))
        data = fh.read() if max_bytes is None else fh.read(max_bytes + 1)
    if max_bytes is not None and len(data) > max_bytes:  # grew while being read
        raise InputError(_too_large(name, len(data), max_bytes))
    return data


def _too_large(name: str, size: int, limit: int) -> str:
    return (
        f"{name}：文件过大（{size / 1024 / 1024:.0f} MB，上限 {limit // 1024 // 1024} MB），"
        "不像一份工作报告，已跳过"
    )
