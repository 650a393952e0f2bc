"""The `scorecard` argument parser, in Chinese throughout: argparse's own frame (用法, 选项,
its error messages) included, and every example in the help runnable on the sample data."""

from __future__ import annotations

import argparse
import re
from typing import NoReturn

from tasks.core.common import PERIODS

YEARS = (1990, 2100)  # as the targets workbook accepts them (flows.params.ScorecardParams)
SAMPLE_REPORT = "reports/临江区总工会/青川市临江区总工会2024年工作总结.txt"
# Each example runs as written in the project folder with the shipped sample data
# (tests/test_examples.py runs them); serve's blocks and needs a Prefect server.
EXAMPLES = {
    "scorecard": [
        ("scorecard run", "用 reports/ 和 targets/targets.xlsx 在 output/ 生成计分卡"),
        ("scorecard run --year 2025 --unit 临江区", "只看 2025 年、名称含 临江区 的单位"),
    ],
    "run": [
        ("scorecard run", "全部单位、全部年度；同时更新 output/计分卡_最新.xlsx"),
        ("scorecard run --year 2025 --period 上半年", "只看 2025 年上半年"),
        ("scorecard run --unit 临江区 --unit 云溪区", "只看这两个单位（可写名称的一部分）"),
    ],
    "extract": [
        (f"scorecard extract {SAMPLE_REPORT}", "表格：每个数字一行，带表头"),
        (f"scorecard extract --format jsonl {SAMPLE_REPORT}", "每个数字一行 JSON"),
    ],
    "inspect": [("scorecard inspect reports/*/*.txt", "每个报告一行 JSON")],
    "targets-template": [("scorecard targets-template targets/新目标.xlsx", "写出空白目标工作簿")],
    "serve": [("scorecard serve", "先另开终端运行 prefect server start，并设置 PREFECT_API_URL")],
}

# argparse's English, as Python 3.11–3.13 word it, and what a Chinese reader sees instead.
_MESSAGES = [
    (r"the following arguments are required: (.*)", r"缺少必需的参数：\1"),
    (r"unrecognized arguments: (.*)", r"无法识别的参数：\1"),
    (
        r"argument (\S+): invalid choice: '(.*?)' \(choose from (.*)\)",
        r"\1 的值 “\2” 无效，可选：\3",
    ),
    (r"invalid choice: '(.*?)' \(choose from (.*)\)", r"“\1” 无效，可选：\2"),
    (r"argument (\S+): invalid (\w+) value: '(.*)'", r"\1 的值 “\3” 格式不对"),
    (r"argument (\S+): expected one argument", r"\1 后面需要一个值"),
    (r"argument (\S+): expected at least one argument", r"\1 后面至少需要一个值"),
    (r"argument (\S+): expected (.*) arguments?", r"\1 后面需要 \2 个值"),
    (r"argument (\S+): ignored explicit argument '(.*)'", r"\1 不接受值 “\2”"),
    (r"argument (\S+): not allowed with argument (.*)", r"\1 不能和 \2 同时使用"),
    (r"ambiguous option: (\S+) could match (.*)", r"选项 \1 不明确，可能是 \2"),
    (r"one of the arguments (.*) is required", r"需要以下参数之一：\1"),
    (r"argument (\S+): (.*)", r"\1：\2"),
]
_GROUP_TITLES = {"positional arguments": "参数", "options": "选项", "optional arguments": "选项"}


def chinese_message(message: str) -> str:
    """argparse's error message in Chinese (our own messages pass through unchanged).

    >>> chinese_message("the following arguments are required: 命令")
    '缺少必需的参数：命令'
    >>> chinese_message("argument --format: invalid choice: 'csv' (choose from 'jsonl', 'table')")
    "--format 的值 “csv” 无效，可选：'jsonl', 'table'"
    """
    for pattern, replacement in _MESSAGES:
        if re.fullmatch(pattern, message, flags=re.S):
            return re.sub(pattern, replacement, message, flags=re.S)
    return message


class ChineseHelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Help with 用法： and Chinese section titles; descriptions and examples as written."""

    def add_usage(self, usage, actions, groups, prefix=None) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)

    def start_section(self, heading) -> None:
        super().start_section(_GROUP_TITLES.get(heading, heading))

    def format_help(self) -> str:
        # argparse ends each section heading with an ASCII colon.
        titles = "|".join(set(_GROUP_TITLES.values()) | {"命令"})
        return re.sub(rf"^({titles}):$", r"\1：", super().format_help(), flags=re.M)


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose help and errors are Chinese; errors exit 2 as argparse's do."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self.add_argument(
            "-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出"
        )

    def error(self, message: str) -> NoReturn:
        # One line, as every other failure of the command: the reason and where help is.
        why = chinese_message(message)
        self.exit(2, f"{self.prog}：错误：{why}（{self.prog} --help 显示用法和示例）\n")


def year(text: str) -> int:
    """--year: a whole year within YEARS, or a message naming the value and the range."""
    low, high = YEARS
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"年度 “{text}” 不是年份，应为 {low}–{high} 之间的四位数年份，如 2025"
        ) from None
    if not low <= value <= high:
        raise argparse.ArgumentTypeError(
            f"年度 {value} 超出范围，应为 {low}–{high} 之间的四位数年份，如 2025"
        )
    return value


def _epilog(command: str) -> str:
    lines = [f"  {cmd}\n      {what}" for cmd, what in EXAMPLES[command]]
    return "示例：\n" + "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    debug = argparse.ArgumentParser(add_help=False)
    debug.add_argument(
        "--debug", action="store_true", help="出错时显示完整的程序调用栈（供开发人员排查）"
    )
    p = ChineseArgumentParser(
        prog="scorecard",
        description="工会工作报告计分卡：提取报告中的数字，对照目标和历年数据，生成 Excel 计分卡。",
        epilog=_epilog("scorecard"),
        parents=[debug],
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="命令", title="命令")

    def add(name: str, help_: str) -> argparse.ArgumentParser:
        return sub.add_parser(
            name, help=help_, description=help_, epilog=_epilog(name), parents=[debug]
        )

    run = add("run", "运行 Prefect 流程，生成计分卡工作簿（最后一行输出工作簿路径）")
    _inputs(run, "报告文件夹（默认 reports/）", "目标工作簿（默认 targets/targets.xlsx）")
    run.add_argument(
        "--output", default="output", metavar="文件夹", help="输出文件夹（默认 output/）"
    )
    run.add_argument(
        "--ledger",
        default="",
        metavar="台账",
        help="台账：文件路径或 PostgreSQL 地址 postgresql://用户:密码@主机:5432/库名"
        "（默认为设置 SCORECARD_LEDGER，没有则为 输出文件夹/ledger.sqlite）",
    )
    run.add_argument(
        "--dask",
        default="",
        metavar="tcp://主机:端口",
        help="在该 Dask 集群上分析报告（默认为设置 SCORECARD_DASK，没有则用本机的两个进程）",
    )
    run.add_argument(
        "--full",
        action="store_true",
        help="每个报告文件都重新计算校验和（默认大小、修改时间等未变的文件直接沿用台账）",
    )
    run.add_argument(
        "--year", type=year, metavar="年度", help=f"只生成该年度（{YEARS[0]}–{YEARS[1]}）"
    )
    run.add_argument(
        "--period", choices=PERIODS, metavar="期间", help="只生成该期间：" + "、".join(PERIODS)
    )
    run.add_argument(
        "--unit",
        action="append",
        metavar="单位",
        help="只看该单位（可写一部分，如 临江区；可重复）",
    )

    ext = add("extract", "列出报告中的每个数字")
    ext.add_argument("paths", nargs="+", metavar="报告", help="报告文件（可写多个）")
    ext.add_argument(
        "--format",
        choices=["table", "jsonl"],
        default="table",
        metavar="格式",
        help="table（默认，带表头的表格）或 jsonl（每个数字一行 JSON）",
    )
    ext.add_argument(
        "--targets", metavar="文件", help="使用该目标工作簿的 指标库（默认内置指标库）"
    )

    ins = add("inspect", "显示报告的单位、年度、期间、类型等信息（每个报告一行 JSON）")
    ins.add_argument("paths", nargs="+", metavar="报告", help="报告文件（可写多个）")
    ins.add_argument("--format", choices=["json"], default="json", metavar="格式", help="json")
    ins.add_argument("--targets", metavar="文件", help="使用该目标工作簿的 指标库")

    tpl = add("targets-template", "写出一个空的目标工作簿（已填好指标库）")
    tpl.add_argument("path", metavar="文件", help="要写出的 .xlsx 文件（不会覆盖已有文件）")

    srv = add("serve", "以部署方式运行流程并按计划调度，供 Prefect 界面使用（持续运行）")
    _inputs(srv, "部署默认的报告文件夹（默认 reports/）", "部署默认的目标工作簿")
    srv.add_argument("--output", default="output", metavar="文件夹", help="部署默认的输出文件夹")
    srv.add_argument(
        "--config",
        metavar="文件",
        help="计划设置文件（TOML，[tool.scorecard.schedules]）；默认读 pyproject.toml，没有则用内置计划",
    )
    srv.add_argument(
        "--allow",
        action="append",
        metavar="文件夹",
        help="界面或接口发起的运行只能读写这些文件夹（可重复）；"
        "默认为 --reports、--output 和目标工作簿所在的文件夹",
    )
    return p


def _inputs(parser: argparse.ArgumentParser, reports: str, targets: str) -> None:
    parser.add_argument("--reports", default="reports", metavar="文件夹", help=reports)
    # None when not given: a targets file the user names must exist, the default need not.
    parser.add_argument("--targets", metavar="文件", help=targets)
