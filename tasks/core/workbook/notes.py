"""The 说明 sheet: how the run was made, every input with its checksum, the legend."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from importlib import metadata

from tasks.core.common.settings import SETTINGS

STATUS_LEGEND = [
    ("完成", "实际值达到目标值（上半年等分期报告：达到全年目标的进度要求）"),
    ("未完成", "全年实际值低于目标值"),
    ("进度滞后", "分期报告（如上半年）低于全年目标按期间应完成的比例"),
    ("缺失", "有目标，但报告中没有可用的数字（未提及、占位符或内容隐藏）"),
    ("无目标", "报告中有该指标的数字，但目标工作簿中没有目标"),
    (
        "待核实",
        "数字读得不确定（如扫描件文字识别置信度低），请对照原文核实后再计入，暂不计算完成率",
    ),
]
LIGHT_LEGEND = [
    ("● 落后", "总览 的 信号灯：有指标未完成或进度滞后"),
    ("● 缺数", "总览 的 信号灯：没有落后的指标，但有缺失（或待核实）的数字需要追问"),
    ("● 达标", "总览 的 信号灯：有目标的指标全部完成"),
    ("○ 无目标", "总览 的 信号灯：该期间没有目标，只有报告中的数字"),
]
LEGEND_HEADING = "状态和颜色说明"
# Labels of the legend's first column and the mark workbook.py draws them with.
LEGEND_MARKS = {
    "▲ 增加": "up",
    "▼ 减少": "down",
    "完成率数据条": "bar",
    "依据（蓝色下划线）": "link",
    "原文中的红色粗体": "figure",
}
MARKS_LEGEND = [
    ("▲ 增加", "同比增减：比上年同期增加；绿色表示向好（越大越好的指标增加）"),
    (
        "▼ 减少",
        "同比增减：比上年同期减少；红色表示变差，越小越好的指标（如劳动争议案件）减少为绿色",
    ),
    ("完成率数据条", "完成率 列中的蓝色条：条越长完成率越高，100% 及以上为满格"),
    (
        "依据（蓝色下划线）",
        "点击跳到 原文依据 表中该数字所在的句子；缺失数据 的占位符和待核实同样可点击",
    ),
    ("原文中的红色粗体", "原文依据 表中被提取的数字；位置 列为文件、行号和字符位置"),
]
RULES = [
    ("完成率", "实际值 ÷ 目标值（越小越好的指标为 目标值 ÷ 实际值）"),
    ("分期进度", "、".join(f"{k} {v:.0%}" for k, v in SETTINGS.pace.items() if k != "全年")),
    ("综合完成率", "各有目标指标完成率（按期间进度折算、最高计 100%）的平均值"),
    ("上年同期", "同一单位、指标、期间上一年的实际值（报告或历史数据），未知时留空"),
    (
        "取值优先",
        "历史数据 > 单位自己的总结/工作报告 > 述职报告；同一报告有几个版本时取落款日期最晚的，"
        "没有可比的落款日期时取台账最后读到的（不看文件修改时间），取舍列在 报告版本；"
        "冲突列在 缺失数据",
    ),
    ("约数", "“余”“近”等约数按数字本身计算，并在 原文依据 的 限定 列注明"),
    (
        "比率",
        "计量单位为 % 的指标（如入会率）以百分比显示；同比增减为相差的 个百分点，不计算同比增幅",
    ),
    ("金额", "金额统一换算为万元"),
]


INPUTS_HEADING = "输入文件"
VOLUMES_HEADING = "分册"  # the scorecard was split into several workbooks
VERSIONS_HEADING = "报告版本"  # copies of one report: which was taken and why
HEADINGS = {"运行信息", INPUTS_HEADING, LEGEND_HEADING, "计算规则", "问题", VOLUMES_HEADING}
HEADINGS |= {VERSIONS_HEADING}


@dataclass
class RunInfo:
    started: str
    parameters: dict[str, object]
    inputs: list[tuple[str, str]]  # (path, sha256)
    problems: list[str] = field(default_factory=list)
    versions: list[str] = field(default_factory=list)  # copies of one report: which was taken
    counts: dict[str, int] = field(default_factory=dict)


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "未安装"


def readable_time(stamp: str) -> str:
    """An ISO time as people write it.

    >>> readable_time("2026-12-03T18:41:43"), readable_time("2026-12-03T18:41:43.250000")
    ('2026-12-03 18:41:43', '2026-12-03 18:41:43')
    """
    try:
        return datetime.fromisoformat(stamp).strftime("%Y-%m-%d %H:%M:%S")
    except (TypeError, ValueError):
        return str(stamp)


def notes_rows(info: RunInfo) -> list[list]:
    """Rows of the 说明 sheet; a row whose first cell is in HEADINGS starts a section."""
    rows: list[list] = [["运行信息"], ["生成时间", readable_time(info.started)]]
    rows += [[k, "" if v is None else str(v)] for k, v in info.parameters.items()]
    rows += [[k, v] for k, v in info.counts.items()]
    versions = "，".join(
        f"{p} {_version(p)}" for p in ("scorecard", "prefect", "pandas", "openpyxl", "jieba")
    )
    rows += [["程序版本", versions], [], [INPUTS_HEADING, "路径", "SHA-256"]]
    rows += [["", path, sha] for path, sha in info.inputs]
    rows += [
        [],
        [LEGEND_HEADING],
        *[[k, v] for k, v in STATUS_LEGEND + LIGHT_LEGEND + MARKS_LEGEND],
    ]
    rows += [[], ["计算规则"], *[[k, v] for k, v in RULES]]
    if info.versions:
        rows += [[], [VERSIONS_HEADING], *[["", line] for line in info.versions]]
    rows += [[], ["问题"]] + ([["", p] for p in info.problems] or [["", "无"]])
    return rows
