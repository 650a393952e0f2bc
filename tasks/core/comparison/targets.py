"""Reading the targets workbook (目标, 历史数据 sheets), validating every row.

Bad rows are reported in the clerk's terms (`targets.xlsx 目标!D7: 目标值 "三十" 不是数字`)
and skipped; every good row is kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from tasks.core.common.catalogue import Catalogue, Indicator
from tasks.core.common.filetype import InputError
from tasks.core.common.model import PERIODS
from tasks.core.common.xlsx import Book
from tasks.core.comparison.review import CORRECTION_COLUMNS, NOT_COUNTED, empty_corrections
from tasks.core.comparison.targetcells import (
    BadCell,
    Cell,
    letter,
    number_format,
    parse_number,
    parse_year,
    text_of,
)
from tasks.core.comparison.units import convert, is_rate

TARGET_COLUMNS = ["单位", "年度", "期间", "指标", "目标值"]
HISTORY_COLUMNS = ["单位", "年度", "期间", "指标", "实际值"]
SHEETS_READ = ("目标", "历史数据", "进度", "更正")


@dataclass
class TargetsData:
    targets: pd.DataFrame  # 单位, 年度, 期间, indicator, 目标值 (in the catalogue's unit)
    history: pd.DataFrame  # 单位, 年度, 期间, indicator, 实际值, 来源
    problems: list[str] = field(default_factory=list)
    pace: dict[str, float] = field(default_factory=dict)  # 进度 sheet: period → share due
    # 更正 sheet: 报告, 原文, 位置, indicator (id, or "" for 不计), cell (where it was written)
    corrections: pd.DataFrame = field(default_factory=empty_corrections)


def empty_targets() -> pd.DataFrame:
    return pd.DataFrame(columns=["单位", "年度", "期间", "indicator", "目标值"])


def empty_history() -> pd.DataFrame:
    return pd.DataFrame(columns=["单位", "年度", "期间", "indicator", "实际值", "来源"])


def targets_from_book(name: str, book: Book | None, catalogue: Catalogue) -> TargetsData:
    """Read and validate the targets workbook `name`, parsed into `book`.

    `book` is None when there is no such workbook (see `pipeline.load_inputs`).
    """
    data = TargetsData(empty_targets(), empty_history())
    if book is None:
        data.problems.append(f"{name}：找不到目标工作簿，计分卡中没有目标值")
        return data
    for title in book.sheetnames:  # 指标库 is the catalogue's to report; others are not read
        if title in SHEETS_READ and (reason := book.damaged(title)):
            data.problems.append(
                f"{name} 工作表「{title}」：{reason}，已跳过该表；请在 Excel 中打开并另存后再试"
            )
    sheet = _Sheet(name, book, catalogue, data.problems)
    rows = sheet.rows("目标", TARGET_COLUMNS, "目标值", required=True)
    data.targets = pd.DataFrame(rows, columns=list(empty_targets().columns) + ["计量单位"])
    data.targets = data.targets.drop(columns="计量单位")
    rows = sheet.rows("历史数据", HISTORY_COLUMNS, "实际值", required=False)
    data.history = pd.DataFrame(rows, columns=list(empty_history().columns) + ["计量单位"])
    data.history = data.history.drop(columns="计量单位")
    data.pace = sheet.pace()
    data.corrections = sheet.corrections()
    return data


def unopened_targets(name: str, exc: Exception) -> TargetsData:
    """No targets, and why: the workbook is corrupt, encrypted or not an .xlsx."""
    why = (
        "没有读取权限"
        if isinstance(exc, PermissionError)
        else "文件损坏、已加密或不是 .xlsx 工作簿"
    )
    problem = f"{name}：无法打开目标工作簿（{why}），计分卡中没有目标值"
    if isinstance(exc, InputError):  # a FIFO, a folder, no permission: already named
        problem = f"{exc}；计分卡中没有目标值"
    return TargetsData(empty_targets(), empty_history(), [problem])


class _Sheet:
    """Validates the rows of one sheet; problems are appended to a shared list."""

    def __init__(self, name: str, book: Book, catalogue: Catalogue, problems: list[str]):
        self.name, self.book = name, book
        self.catalogue, self.problems = catalogue, problems
        self._indicators: dict[str, Indicator | None] = {}
        # Each text once: a unit's name repeats on each of its rows, a period on most rows,
        # and the targets of 100,000 reports are kept through the whole run.
        self._texts: dict[str, str] = {}

    def rows(self, title: str, columns: list[str], value_col: str, required: bool) -> list:
        if title not in self.book.sheetnames:
            if required:
                self.problems.append(f"{self.name}：缺少工作表「{title}」")
            return []
        unsaved = self.book.marks(title).unsaved
        rows = self.book.rows(title, 1, unsaved)  # streamed: one row's cells at a time
        header = self._header(rows)
        missing = [c for c in columns if c not in header]
        if missing:
            self.problems.append(f"{self.name} {title}!1: 缺少列 {'、'.join(missing)}")
            return []
        merged = self._merged_rows(title)
        out, seen = [], {}
        for r, cells in rows:
            if r in merged:
                continue
            row = self._row(cells, unsaved, title, r, header, value_col)
            if row is None:
                continue
            key = tuple(row[:4])
            if key in seen:
                self.problems.append(
                    f"{self.name} {title}!A{r}: 与第 {seen[key]} 行重复（同一单位、年度、期间、指标），已忽略"
                )
                continue
            seen[key] = r
            out.append(row)
        return out

    def pace(self) -> dict[str, float]:
        """The optional 进度 sheet: how much of an annual target is due by a period's end."""
        if "进度" not in self.book.sheetnames:
            return {}
        out = {}
        for r, cells in self.book.rows("进度", 2):
            period, share = (cells[c].value if c in cells else None for c in (1, 2))
            if period is None and share is None:
                continue
            value = parse_number(share)
            value = value / 100 if value is not None and value > 1 else value
            if str(period).strip() not in PERIODS or value is None or not 0 < value <= 1:
                self.problems.append(
                    f"{self.name} 进度!A{r}: 期间 {period} 的比例 {share} 无效，已忽略"
                )
                continue
            out[str(period).strip()] = value
        return out

    def corrections(self) -> pd.DataFrame:
        """The optional 更正 sheet: 报告, 原文 or 位置, 指标 (or 不计) per row."""
        if "更正" not in self.book.sheetnames:
            return empty_corrections()
        sheet = self.book.rows("更正")
        header = self._header(sheet)
        missing = [c for c in ("报告", "指标") if c not in header]
        if missing or not {"原文", "位置"} & set(header):
            need = "、".join(missing + ([] if {"原文", "位置"} & set(header) else ["原文或位置"]))
            self.problems.append(f"{self.name} 更正!1: 缺少列 {need}")
            return empty_corrections()
        rows = []
        for r, cells in sheet:
            cell = {
                k: Cell(cells[c].value if c in cells else None, f"{letter(c)}{r}")
                for k, c in header.items()
            }
            text = {k: c.text for k, c in cell.items()}
            doc, phrase, place, name = (text.get(k, "") for k in ("报告", "原文", "位置", "指标"))
            if not any((doc, phrase, place, name)):
                continue
            where = f"{self.name} 更正!"
            if not doc:
                self.problems.append(f"{where}{cell['报告'].ref}: 报告 为空，此行已忽略")
                continue
            if not phrase and not place:
                self.problems.append(f"{where}A{r}: 原文 和 位置 都为空，此行已忽略")
                continue
            ind = None if name == NOT_COUNTED else self.catalogue.resolve(name)
            if ind is None and name != NOT_COUNTED:
                self.problems.append(
                    f'{where}{cell["指标"].ref}: 指标 "{name}" 不在指标库中'
                    "（不计入请填“不计”），此行已忽略"
                )
                continue
            rows.append([doc, phrase, place, ind.id if ind else "", f"更正!A{r}"])
        return pd.DataFrame(rows, columns=CORRECTION_COLUMNS)

    def _header(self, rows) -> dict[str, int]:
        """Column numbers by name, from row 1 (taken from the `Book.rows` iterator `rows`,
        which then goes on at row 2)."""
        first = next(rows, None)
        if first is None or first[0] != 1:
            rows.close()  # no header row: the sheet is not read further
            return {}
        return {str(c.value).strip(): n for n, c in first[1].items() if c.value is not None}

    def _merged_rows(self, title: str) -> set[int]:
        rows = set()
        for rng in self.book.marks(title).merged:
            self.problems.append(
                f"{self.name} {title}!{rng.coord}: 合并单元格，请取消合并并在每一行填写，这些行已忽略"
            )
            rows.update(range(max(rng.min_row, 2), rng.max_row + 1))
        return rows

    def _row(self, row: dict, unsaved: set[str], title, r, header, value_col):
        # The values of the header's columns; only the value's number format is ever looked
        # at (a rate typed as 95%), and a cell's reference only when a problem names it.
        values = {col: None if (c := row.get(n)) is None else c.value for col, n in header.items()}
        if all(v is None or not str(v).strip() for v in values.values()):
            return None
        try:
            if unsaved:
                for col, v in values.items():
                    if v is None and (ref := f"{letter(header[col])}{r}") in unsaved:
                        raise BadCell(
                            ref, f"{col} 是公式但没有计算结果，请在 Excel 中打开并保存后再试"
                        )
            return self._parse_row(values, row.get(header[value_col]), header, r, value_col)
        except BadCell as bad:
            self.problems.append(f"{self.name} {title}!{bad.ref}: {bad.reason}，此行已忽略")
            return None

    def _parse_row(self, values: dict, value_cell, header: dict, r: int, value_col: str) -> list:
        def ref(col: str) -> str:
            return f"{letter(header[col])}{r}"

        org = self._text(values["单位"])
        if not org:
            raise BadCell(ref("单位"), "单位 为空")
        year = parse_year(values["年度"])
        if year is None:
            raise BadCell(ref("年度"), f'年度 "{values["年度"]}" 不是年份')
        period = self._text(values["期间"]) or "全年"
        if period not in PERIODS:
            raise BadCell(ref("期间"), f'期间 "{period}" 应为 {"、".join(PERIODS)} 之一')
        ind = self._indicator(text_of(values["指标"]))
        if ind is None:
            raise BadCell(ref("指标"), f'指标 "{values["指标"]}" 不在指标库中')
        value = parse_number(values[value_col])
        if value is None:
            raise BadCell(ref(value_col), f'{value_col} "{values[value_col]}" 不是数字')
        if is_rate(ind.unit) and "%" in number_format(value_cell):
            value *= 100  # typed as 95% (stored 0.95): the catalogue's unit is %
        unit = text_of(values.get("计量单位"))
        if unit and unit != ind.unit:
            converted = convert(value, unit, ind.unit)
            if converted is None:
                raise BadCell(ref("计量单位"), f"计量单位 {unit} 与指标库的 {ind.unit} 不相容")
            value = converted
        row = [org, year, period, ind.id, value]
        if value_col == "实际值":
            return row + [text_of(values.get("来源")), unit]
        return row + [unit]

    def _text(self, value: object) -> str:
        text = text_of(value)
        return self._texts.setdefault(text, text)

    def _indicator(self, key: str) -> Indicator | None:
        """The catalogue's indicator of id or name `key`, looked up once per key."""
        try:
            return self._indicators[key]
        except KeyError:
            self._indicators[key] = found = self.catalogue.resolve(key)
            return found
