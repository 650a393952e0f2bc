"""`scorecard` command line: a thin layer over the same functions the flows use.

Everything a user sees is Chinese; no traceback reaches the terminal unless `--debug` asks
for it; a reader that closes the pipe early (`| head`) ends the command quietly.
"""

from __future__ import annotations

import glob
import json
import os
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

from flows.cliparser import build_parser

if TYPE_CHECKING:
    from tasks.core.common import Catalogue

TABLE_HEADER = ["报告", "字符位置", "原文数字", "数值", "计量单位", "限定", "指标", "对象"]


def _fail(message: str, code: int = 2) -> int:
    print(message, file=sys.stderr)
    return code


def missing_file_message(path: str) -> str:
    """
    >>> missing_file_message("reports/*.txt")
    '找不到文件：reports/*.txt（通配符没有匹配到任何文件）'
    """
    if glob.has_magic(path):
        return f"找不到文件：{path}（通配符没有匹配到任何文件）"
    return f"找不到文件：{path}"


def _reports(paths: list[str], catalogue: Catalogue, failed: list[str]):
    """The reports at `paths` in order; a path that cannot be read is named on stderr and
    added to `failed`. Imported lazily: `scorecard run` starts its server before these."""
    from tasks.core.pipeline import read_report
    from tasks.core.reading import UnreadableReport, os_error_message

    for p in paths:
        if not os.path.lexists(p):
            print(missing_file_message(p), file=sys.stderr)
            failed.append(p)
            continue
        try:
            yield read_report(p, catalogue)
        except UnreadableReport as exc:
            print(f"跳过：{exc}", file=sys.stderr)
        except OSError as exc:
            print(f"跳过：{os_error_message(p, exc)}", file=sys.stderr)
            failed.append(p)


def _catalogue(targets: str | None):
    from tasks.core.pipeline import load_catalogue

    if targets and not Path(targets).is_file():
        raise _UserError(f"找不到目标工作簿：{targets}")
    return load_catalogue(targets)


def cmd_extract(args) -> int:
    from tasks.core.comparison import table_row

    catalogue, failed = _catalogue(args.targets), []
    by_id = catalogue.by_id()
    if args.format == "table":
        print("\t".join(TABLE_HEADER))
    for report in _reports(args.paths, catalogue, failed):
        for f in report.figures:
            if args.format == "jsonl":
                print(json.dumps(f.to_record(), ensure_ascii=False))
            else:
                print("\t".join(table_row(f, by_id.get(f.indicator))))
    return 1 if failed else 0


def cmd_inspect(args) -> int:
    catalogue, failed = _catalogue(args.targets), []
    for r in _reports(args.paths, catalogue, failed):
        row = {
            "doc": r.doc,
            "encoding": r.encoding,
            "org": r.meta.org,
            "year": r.meta.year,
            "period": r.meta.period,
            "kind": r.meta.kind,
            "truncated": r.truncated,
            "hidden": [{"start": h.start, "end": h.end, "marker": h.marker} for h in r.hidden],
            "chars": len(r.text),
            "figures": len(r.figures),
            "placeholders": sum(f.placeholder for f in r.figures),
        }
        print(json.dumps(row, ensure_ascii=False))
    return 1 if failed else 0


class _UserError(Exception):
    """A problem with what the user typed: its message is all they need to see."""


def _dispatch(args) -> int:
    handlers = {"extract": cmd_extract, "inspect": cmd_inspect}
    if args.command in handlers:
        code = handlers[args.command](args)
    else:
        from flows import commands  # Prefect is imported only for the commands that run flows

        code = getattr(commands, "cmd_" + args.command.replace("-", "_"))(args)
    sys.stdout.flush()  # a closed pipe shows here, inside the handler below
    return code


def _quiet_stdout() -> None:
    """Point stdout at /dev/null: the reader left, and Python's flush at exit must not fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def main(argv: list[str] | None = None) -> int:
    # Offices run this without internet: no telemetry from the temporary Prefect server.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    argv = sys.argv[1:] if argv is None else argv
    debug = "--debug" in argv
    try:
        return _dispatch(build_parser().parse_args(argv))
    except BrokenPipeError:
        _quiet_stdout()  # `scorecard extract … | head -2`: the reader has what it wanted
        return 0
    except KeyboardInterrupt:
        return _fail("已中断", 130)
    except _UserError as exc:
        return _fail(str(exc))
    except Exception as exc:  # noqa: BLE001 - the last guard: a clerk never sees a traceback
        if debug:
            traceback.print_exc()
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        return _fail(f"出错：{reason}（加 --debug 可查看详细信息）", 1)


if __name__ == "__main__":
    sys.exit(main())
