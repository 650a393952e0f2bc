"""`reports/manifest.csv`: the office's own word on whose report a file is, and when.

Columns 文件,单位,年度,期间 and optional 类型. 文件 is a file name or a path relative to
the reports folder. Every bad row is reported in Chinese, naming file, row and column;
a bad cell is left out (the rest of its row still counts), so one typo does not throw
away the office's other corrections. Rows are numbered as Excel shows them (header = 1).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import fields, replace
from pathlib import Path

from tasks.core.common.lexicon import load_yaml
from tasks.core.common.model import PERIODS, REPORT_KINDS, ReportMeta
from tasks.core.reading.decode import UnreadableReport, decode_text

REQUIRED = ("文件", "单位", "年度", "期间")
OPTIONAL = ("类型",)
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def parse_manifest(name: str, data: bytes) -> tuple[dict[str, ReportMeta], list[str]]:
    """Entries keyed by the 文件 cell as normalised by `manifest_key`, and problems.

    `name` is the manifest's file name (for messages), `data` its bytes.
    """
    try:
        text = _read_text(data, name)
    except UnreadableReport as exc:
        return {}, [str(exc)]
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return {}, [f"{name}：文件是空的"]
    header = [h.strip() for h in rows[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        return {}, [f"{name}：第1行缺少列 {'、'.join(missing)}（应为 {','.join(REQUIRED)}）"]
    entries: dict[str, ReportMeta] = {}
    problems: list[str] = []
    for number, row in enumerate(rows[1:], start=2):
        cells = {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header)}
        if not any(cells.values()):
            continue
        row_problems = _drop_invisible(cells)
        key, meta, parse_problems = _parse_row(cells)
        row_problems += parse_problems
        problems += [f"{name} 第{number}行 {p}" for p in row_problems]
        if not key:
            continue
        if key in entries:
            problems.append(
                f"{name} 第{number}行 文件：“{cells['文件']}”前面已经出现过，以本行为准"
            )
        entries[key] = meta
    return entries, problems


def _read_text(data: bytes, name: str) -> str:
    """Valid UTF-8 is taken as it is: a stray control character in a short manifest must
    not make it look like binary; other encodings are found as for reports."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return decode_text(data, name)[0]


def manifest_key(name: str) -> str:
    """How a 文件 cell or a report's relative path is compared: / separators, no ./ .

    >>> manifest_key(" .\\\\2024\\\\上半年总结.docx ")
    '2024/上半年总结.docx'
    """
    key = name.strip().replace("\\", "/")
    while key.startswith("./"):
        key = key[2:]
    return key


def lookup_manifest(entries: dict[str, ReportMeta], relative_path: str | Path) -> ReportMeta | None:
    """The entry for a report: by its path relative to the reports folder, else its name."""
    key = manifest_key(str(relative_path))
    return entries.get(key) or entries.get(key.rsplit("/", 1)[-1])


def merge_meta(inferred: ReportMeta, override: ReportMeta | None) -> ReportMeta:
    """Non-empty fields of the manifest entry win over what was inferred."""
    if override is None:
        return inferred
    changes = {
        f.name: getattr(override, f.name)
        for f in fields(ReportMeta)
        if f.name != "source" and getattr(override, f.name) not in (None, "")
    }
    return replace(inferred, **changes, source="manifest") if changes else inferred


def _drop_invisible(cells: dict[str, str]) -> list[str]:
    """Control characters (a bell, a form feed pasted from elsewhere) removed, each named."""
    problems = []
    for column, cell in cells.items():
        if _INVISIBLE.search(cell):
            cells[column] = _INVISIBLE.sub("", cell).strip()
            problems.append(f"{column}：含有看不见的控制字符，已删除（请在清单中重新输入该单元格）")
    return problems


def _parse_row(cells: dict[str, str]) -> tuple[str, ReportMeta, list[str]]:
    problems: list[str] = []
    key = manifest_key(cells["文件"])
    if not key:
        problems.append("文件：不能为空，请填写报告的文件名")
    year = _parse_year(cells["年度"], problems)
    # The same spellings as in titles ("一季度", "1-6月", "工作总结") are accepted.
    lex = load_yaml("metadata.yaml")
    period = _parse_choice("期间", cells["期间"], PERIODS, lex["periods"], problems)
    kind = _parse_choice("类型", cells.get("类型", ""), REPORT_KINDS, lex["kind_aliases"], problems)
    meta = ReportMeta(cells["单位"] or None, year, period, kind, source="manifest")
    return key, meta, problems


def _parse_year(cell: str, problems: list[str]) -> int | None:
    if not cell:
        return None
    digits = cell.removesuffix("年").removesuffix(".0")
    if digits.isdigit() and 1990 <= int(digits) <= 2100:
        return int(digits)
    problems.append(f"年度：“{cell}”不是年份，请填写四位数字，如 2024")
    return None


def _parse_choice(
    column: str, cell: str, allowed: tuple[str, ...], aliases: dict[str, str], problems: list[str]
) -> str | None:
    if not cell:
        return None
    value = aliases.get(cell, cell)
    if value in allowed:
        return value
    problems.append(f"{column}：“{cell}”无法识别，应为 {'、'.join(allowed)} 之一")
    return None
