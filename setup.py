"""Install scorecard (pyproject.toml) and compile its analysis modules with mypyc when it can.

    pip install -r requirements.lock && pip install --no-deps --no-build-isolation -e .

The lock brings mypy (mypyc) and setuptools; `--no-build-isolation` builds with them rather
than with whatever a build environment would fetch. Without mypy or a C compiler, or with
SCORECARD_PURE=1, the install is pure Python (the same results, slower) and says why.
Which modules are compiled, and why a stale build never runs: tasks/native.py.
"""

from __future__ import annotations

import os
import runpy
import shutil
import sys
import sysconfig
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent
native = runpy.run_path(str(ROOT / "tasks" / "native.py"))


def _say(why: str) -> None:
    print(f"scorecard: {why}，分析模块以纯 Python 运行（结果相同，较慢）", file=sys.stderr)


class BuildNative(build_ext):
    """build_ext that stamps a finished build and falls back to pure Python on a failed one."""

    def run(self) -> None:
        native["STAMP"].unlink(missing_ok=True)  # a half-done build never counts as current
        try:
            super().run()
        except Exception as error:  # the compiler's or linker's failure: no broken install
            _say(f"编译失败（{type(error).__name__}: {error}）")
            return
        native["write_stamp"]()


def _compiled() -> dict:
    if not {"build_ext", "build", "editable_wheel", "bdist_wheel"} & set(sys.argv):
        return {}  # metadata only (egg_info, dist_info): nothing to compile
    if os.environ.get("SCORECARD_PURE") == "1":
        _say("SCORECARD_PURE=1")
        return {}
    try:
        from mypyc.build import mypycify
    except ImportError:
        _say("没有安装 mypy（requirements.lock 中有）")
        return {}
    compiler = (os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc").split()[0]
    if not shutil.which(compiler):
        _say(f"没有 C 编译器（{compiler}；Debian/Ubuntu: apt-get install gcc）")
        return {}
    os.chdir(ROOT)  # mypycify takes paths relative to the checkout
    args = ["--follow-imports=silent", "--ignore-missing-imports", *native["group_files"]()]
    try:
        modules = mypycify(args, opt_level="3", group_name=native["GROUP_NAME"])
    except SystemExit as error:  # mypy's type errors: it prints them, then exits
        _say(f"mypyc 拒绝编译（{error}）")
        return {}
    return {"ext_modules": modules, "cmdclass": {"build_ext": BuildNative}}


setup(**_compiled())
