"""CLI commands that need Prefect (imported lazily so `extract`/`inspect` start fast)."""

from __future__ import annotations

import sys
from pathlib import Path

from tasks.core.catalogue import load_catalogue
from tasks.core.files import save_atomically
from tasks.core.model import PERIODS
from tasks.core.template import write_targets_template


def cmd_run(args) -> int:
    if not Path(args.reports).is_dir():
        print(f"找不到报告文件夹：{args.reports}", file=sys.stderr)
        return 2
    if args.period and args.period not in PERIODS:
        print(f"期间 {args.period} 无效，应为 {'、'.join(PERIODS)} 之一", file=sys.stderr)
        return 2
    from flows.scorecard import build_scorecard

    try:
        path = build_scorecard(args.reports, args.targets, args.output, args.year, args.period)
    except Exception as exc:  # the one-line reason a clerk can act on
        print(f"未能生成计分卡：{exc}", file=sys.stderr)
        return 1
    print(path)
    return 0


def cmd_targets_template(args) -> int:
    path = Path(args.path)
    if path.exists():
        print(f"{path} 已存在，不会覆盖；请换一个文件名", file=sys.stderr)
        return 2
    catalogue = load_catalogue(None)
    save_atomically(lambda tmp: write_targets_template(tmp, catalogue), path)
    print(path)
    return 0


def cmd_serve(args) -> int:
    print("scorecard serve 尚未提供（见 issue 8）", file=sys.stderr)
    return 2
