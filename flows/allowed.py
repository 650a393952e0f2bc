"""Which folders a served run may name: a run started through a shared Prefect server is
refused, before any file is opened, when its parameters name a path outside them.

`scorecard serve` sets ALLOW_ENV for the runs it executes (they run in child processes that
inherit its environment); on a worker machine the same setting is put in the worker's
environment. Unset (a local `scorecard run`), every path is allowed.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from tasks.core.ledger import is_database_url

ALLOW_ENV = "SCORECARD_ALLOWED_DIRS"  # folders separated by os.pathsep (":" on Linux)


class PathNotAllowed(PermissionError):
    """A run parameter names a path outside the allowed folders; the message is for the user."""


def allowed_dirs(environ: Mapping[str, str] | None = None) -> list[Path] | None:
    """The allowed folders from the setting, made absolute; None when there is no setting."""
    value = (os.environ if environ is None else environ).get(ALLOW_ENV, "")
    dirs = [Path(d).resolve() for d in value.split(os.pathsep) if d.strip()]
    return dirs or None


def allow_setting(dirs: Iterable[str | Path]) -> str:
    """The setting's value naming `dirs` (absolute, symlinks resolved)."""
    return os.pathsep.join(str(Path(d).resolve()) for d in dirs)


def default_allowed(reports: str, targets: str, output: str) -> list[Path]:
    """The folders `serve` was started with: the reports and output folders and the folder of
    the targets workbook."""
    return [Path(reports).resolve(), Path(targets).resolve().parent, Path(output).resolve()]


def outside(paths: Mapping[str, str], allowed: list[Path]) -> list[str]:
    """A Chinese line for each labelled path that is not inside one of `allowed`.

    Paths are resolved first, so `..` and symbolic links cannot step out of a folder.
    """
    bad = []
    for label, value in paths.items():
        real = Path(value).resolve()
        if not any(real == a or real.is_relative_to(a) for a in allowed):
            bad.append(f"{label} {value} 不在允许的文件夹内")
    return bad


def check_allowed(paths: Mapping[str, str], environ: Mapping[str, str] | None = None) -> None:
    """Raise PathNotAllowed naming every path outside the allowed folders, if any is set."""
    allowed = allowed_dirs(environ)
    if allowed is None:
        return
    bad = outside({k: v for k, v in paths.items() if v and not is_database_url(v)}, allowed)
    if bad:
        names = "、".join(str(a) for a in allowed)
        raise PathNotAllowed(
            f"拒绝运行：{'；'.join(bad)}。这台服务只允许读写以下文件夹：{names}"
            f"（由 scorecard serve 的 --allow 或设置 {ALLOW_ENV} 决定）"
        )
