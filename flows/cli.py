"""`scorecard` command line: a thin layer over the same functions the flows use."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tasks.core.common import Catalogue

EXAMPLES = {
    "run": "示例：scorecard run --reports reports --targets targets/targets.xlsx --output output --year 2025",
    "extract": "示例：scorecard extract --format jsonl reports/临江区总工会2024年工作总结.txt",
    "inspect": "示例：scorecard inspect reports/*.txt",
    "targets-template": "示例：scorecard targets-template targets/新目标.xlsx",
    "serve": "示例：scorecard serve   （先另开终端运行 prefect server start）",
}


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="scorecard",
        description="工会工作报告计分卡：提取报告中的数字，对照目标和历年数据，生成 Excel 计分卡。",
        epilog="示例：scorecard run    （用 reports/ 和 targets/targets.xlsx 生成 output/ 下的计分卡）",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="命令")

    def add(name: str, help_: str) -> argparse.ArgumentParser:
        return sub.add_parser(
            name,
            help=help_,
            description=help_,
            epilog=EXAMPLES[name],
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    run = add("run", "运行 Prefect 流程，生成计分卡工作簿（最后一行输出工作簿路径）")
    run.add_argument("--reports", default="reports", help="报告文件夹（默认 reports/）")
    run.add_argument("--targets", default="targets/targets.xlsx", help="目标工作簿")
    run.add_argument("--output", default="output", help="输出文件夹（默认 output/）")
    run.add_argument(
        "--ledger",
        default="",
        help="台账：文件路径或 PostgreSQL 地址 postgresql://用户:密码@主机:5432/库名"
        "（默认为设置 SCORECARD_LEDGER，没有则为 输出文件夹/ledger.sqlite）",
    )
    run.add_argument(
        "--dask",
        default="",
        metavar="tcp://HOST:PORT",
        help="在该 Dask 集群上分析报告（默认为设置 SCORECARD_DASK，没有则用本机的两个进程）",
    )
    run.add_argument("--year", type=int, help="只生成该年度")
    run.add_argument("--period", help="只生成该期间，如 全年、上半年")
    run.add_argument(
        "--unit",
        action="append",
        metavar="单位",
        help="只看该单位（可写一部分，如 临江区；可重复）",
    )

    ext = add("extract", "列出报告中的每个数字")
    ext.add_argument("paths", nargs="+", metavar="PATH", help="报告文件")
    ext.add_argument("--format", choices=["jsonl", "table"], default="table", help="输出格式")
    ext.add_argument("--targets", help="使用该目标工作簿的 指标库（默认内置指标库）")

    ins = add("inspect", "显示报告的单位、年度、期间、类型等信息（每个报告一行 JSON）")
    ins.add_argument("paths", nargs="+", metavar="PATH", help="报告文件")
    ins.add_argument("--format", choices=["json"], default="json", help="输出格式")
    ins.add_argument("--targets", help="使用该目标工作簿的 指标库")

    tpl = add("targets-template", "写出一个空的目标工作簿（已填好指标库）")
    tpl.add_argument("path", metavar="PATH", help="要写出的 .xlsx 文件")

    srv = add("serve", "以部署方式运行流程并按计划调度，供 Prefect 界面使用（持续运行）")
    srv.add_argument("--reports", default="reports", help="部署默认的报告文件夹（默认 reports/）")
    srv.add_argument("--targets", default="targets/targets.xlsx", help="部署默认的目标工作簿")
    srv.add_argument("--output", default="output", help="部署默认的输出文件夹（默认 output/）")
    srv.add_argument(
        "--config",
        help="计划设置文件（TOML，[tool.scorecard.schedules]）；默认读 pyproject.toml，没有则用内置计划",
    )
    srv.add_argument(
        "--allow",
        action="append",
        metavar="DIR",
        help="界面或接口发起的运行只能读写这些文件夹（可重复）；"
        "默认为 --reports、--output 和目标工作簿所在的文件夹",
    )
    return p


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


def _reports(paths: list[str], catalogue: Catalogue):
    # Imported here: `scorecard run` starts its Prefect server before these heavy imports.
    from tasks.core.pipeline import read_report
    from tasks.core.reading import UnreadableReport, os_error_message

    for p in paths:
        try:
            yield read_report(p, catalogue)
        except UnreadableReport as exc:
            print(f"跳过：{exc}", file=sys.stderr)
        except OSError as exc:
            print(f"跳过：{os_error_message(p, exc)}", file=sys.stderr)


def cmd_extract(args) -> int:
    from tasks.core.pipeline import load_catalogue

    catalogue = load_catalogue(args.targets)
    for report in _reports(args.paths, catalogue):
        for f in report.figures:
            if args.format == "jsonl":
                print(json.dumps(f.to_record(), ensure_ascii=False))
            else:
                print(
                    "\t".join(
                        str(x)
                        for x in (
                            f.doc,
                            f.start,
                            f.text,
                            f.value,
                            f.unit,
                            f.qualifier,
                            f.indicator,
                            f.subject,
                        )
                    )
                )
    return 0


def cmd_inspect(args) -> int:
    from tasks.core.pipeline import load_catalogue

    catalogue = load_catalogue(args.targets)
    for r in _reports(args.paths, catalogue):
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
    return 0


def main(argv: list[str] | None = None) -> int:
    # Offices run this without internet: no telemetry from the temporary Prefect server.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    args = _parser().parse_args(argv)
    handlers = {"extract": cmd_extract, "inspect": cmd_inspect}
    if args.command in handlers:
        return handlers[args.command](args)
    from flows import commands  # Prefect is imported only for the commands that run flows

    return getattr(commands, "cmd_" + args.command.replace("-", "_"))(args)


if __name__ == "__main__":
    sys.exit(main())
