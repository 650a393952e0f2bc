"""Writing a targets workbook: the catalogue filled in, drop-down lists for 期间 and 指标."""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from tasks.core.common.catalogue import Catalogue
from tasks.core.common.model import PERIODS
from tasks.core.common.settings import SETTINGS
from tasks.core.workbook.style import display_width, set_print

HEADERS = {
    "目标": ["单位", "年度", "期间", "指标", "目标值", "计量单位", "备注"],
    "指标库": ["指标ID", "指标名称", "计量单位", "别名", "方向"],
    "历史数据": ["单位", "年度", "期间", "指标", "实际值", "来源"],
    "更正": ["报告", "原文", "位置", "指标", "备注"],
}
WIDTHS = {
    "报告": 30,
    "原文": 40,
    "单位": 28,
    "指标": 22,
    "指标名称": 20,
    "别名": 60,
    "来源": 24,
    "备注": 30,
    "指标ID": 26,
}
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_FONT = "等线"
_ROWS_WITH_LISTS = 500
_NOTE_WIDTH = 90  # 填写说明 wraps within a landscape page
NOTES = [
    "如何填写本工作簿",
    "目标：每行一个 单位 × 年度 × 期间 × 指标 的目标值。指标可填指标名称或指标ID（可从下拉列表选择）。",
    "目标值按 指标库 中的计量单位填写（金额为万元）；若填了其他单位（如 元），请在 计量单位 列注明。",
    "期间：全年、上半年、下半年、第一季度、第二季度、第三季度、第四季度、前三季度。上半年报告按全年目标的进度比较。",
    "指标库：可新增指标（新的指标ID）或为已有指标添加别名（用 | 或 、 分隔），无需修改程序。",
    "历史数据：没有报告的年份的数据，以及对报告数字的更正（优先于从报告中提取的数字）。",
    "更正：程序认错了某个数字的指标时，在此写一次，以后每次运行都照此处理并在计分卡的 说明 中列出：报告 填文件名；"
    "原文 填包含该数字的一段原话（如 惠及职工336人），或在 位置 填行号（原文依据 表中的行）；"
    "指标 填正确的指标名称或ID，不应计入任何指标时填“不计”。",
    "    计分卡中状态为“待核实”的行：程序不能确定数字属于该指标，显示了最可能的数字但未计算完成率，请核对原文后在此确认。",
    "进度：分期报告（上半年、前三季度等）到期末应完成全年目标的比例，可按本单位要求修改。",
    "请不要合并单元格；公式需在 Excel 中保存后才有计算结果。",
]


def build_targets_workbook(
    catalogue: Catalogue,
    targets: Iterable[list] = (),
    history: Iterable[list] = (),
    corrections: Iterable[list] = (),
) -> Workbook:
    """A targets workbook with the catalogue filled in and optional rows of targets, history
    and corrections."""
    wb = Workbook()
    wb.remove(wb.active)
    for title, headers in HEADERS.items():
        ws = wb.create_sheet(title)
        ws.append(headers)
        for cell in ws[1]:
            cell.font = Font(name=_FONT, bold=True)
            cell.fill = _HEADER_FILL
            cell.alignment = Alignment(horizontal="center")
            ws.column_dimensions[cell.column_letter].width = WIDTHS.get(cell.value, 12)
        ws.freeze_panes = "A2"
    for ind in catalogue.indicators:
        wb["指标库"].append([ind.id, ind.name, ind.unit, "|".join(ind.aliases), ind.direction])
    for row in targets:
        wb["目标"].append(list(row))
    for row in history:
        wb["历史数据"].append(list(row))
    for row in corrections:
        wb["更正"].append(list(row))
    _add_lists(wb, len(catalogue.indicators))
    pace = wb.create_sheet("进度")
    pace.append(["期间", "应完成比例"])
    for period, share in SETTINGS.pace.items():
        if period != "全年":
            pace.append([period, share])
            pace.cell(pace.max_row, 2).number_format = "0%"
    pace.column_dimensions["A"].width, pace.column_dimensions["B"].width = 14, 14
    notes = wb.create_sheet("填写说明")
    for line in NOTES:
        notes.append([line])
        cell = notes.cell(notes.max_row, 1)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        lines = math.ceil(display_width(line) * 1.1 / (_NOTE_WIDTH - 2))
        notes.row_dimensions[notes.max_row].height = 16 * max(lines, 1) + 2
    notes["A1"].font = Font(name=_FONT, bold=True, size=13)
    notes.column_dimensions["A"].width = _NOTE_WIDTH
    for ws in wb.worksheets:
        set_print(ws)  # landscape A4, one page wide, header row on every page
    return wb


def _add_lists(wb: Workbook, n_indicators: int) -> None:
    periods = DataValidation(type="list", formula1='"' + ",".join(PERIODS) + '"', allow_blank=True)
    names = DataValidation(
        type="list", formula1=f"=指标库!$B$2:$B${n_indicators + 1}", allow_blank=True
    )
    for title in ("目标", "历史数据"):
        ws = wb[title]
        pv, nv = _copy(periods), _copy(names)
        ws.add_data_validation(pv)
        ws.add_data_validation(nv)
        pv.add(f"C2:C{_ROWS_WITH_LISTS}")
        nv.add(f"D2:D{_ROWS_WITH_LISTS}")


def _copy(dv: DataValidation) -> DataValidation:
    return DataValidation(type=dv.type, formula1=dv.formula1, allow_blank=True, showDropDown=False)


def write_targets_template(
    path: str | Path,
    catalogue: Catalogue,
    targets: Iterable[list] = (),
    history: Iterable[list] = (),
    corrections: Iterable[list] = (),
) -> None:
    """Save a targets workbook at `path` (the caller decides about atomic writes)."""
    build_targets_workbook(catalogue, targets, history, corrections).save(path)
