"""The date a report states for itself: its 落款 (the date under the signature at the end) or a
dated heading line ("（2024年12月28日）", "——2025年1月10日在区工会代表大会上").

Which of two copies of the same report is the current one is decided by this date where both
state one (comparison/versions.py); a file's mtime never decides. Dates in running text (what
happened on a day) are not the report's: only a short line that is a date, or a title or
heading ending in one, counts. A web page's publishing line ("发布时间：2022-12-14") is not the
report's; dates written with dashes or dots (2024-12-28, 2024.12.28), as web pages print them,
count only in the 落款.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from itertools import islice
from typing import Final

from tasks.core.common.lexicon import load_yaml
from tasks.core.extraction.numbers import CN_DIGITS, parse_cn_number

__all__ = ["stated_date"]

_CN: Final = "〇○零一二三四五六七八九"
_NUM: Final = "0-9０-９"
_YEAR: Final = rf"[{_NUM}]{{4}}|[{_CN}]{{4}}"
_MONTH: Final = rf"[{_NUM}]{{1,2}}|十[一二]?|[一二三四五六七八九]"
_DAY: Final = rf"[{_NUM}]{{1,2}}|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九]"
_WRITTEN: Final = rf"(?P<y>{_YEAR})\s*年\s*(?P<m>{_MONTH})\s*月\s*(?P<d>{_DAY})\s*[日号]"
_NUMERIC: Final = rf"(?P<y2>[{_NUM}]{{4}})\s*[-./／]\s*(?P<m2>[{_NUM}]{{1,2}})\s*[-./／]\s*(?P<d2>[{_NUM}]{{1,2}})"
_SIGNATURE_DATE: Final = re.compile(f"{_WRITTEN}|{_NUMERIC}")
_HEADING_DATE: Final = re.compile(_WRITTEN)
_WRAP: Final = " \t\u3000()（）〔〕[]【】<>《》—–-_:："  # brackets, dashes, 时间：
_SENTENCE: Final = re.compile(r"[。，,；;！!？?]")
_LINE_MAX: Final = 40  # a 落款 or heading line is short; running text is not
_TAIL_LINES: Final = 4  # the signature block: unit name and date, maybe a seal note
_HEAD_LINES: Final = 6
_SPEECH: Final = re.compile(r"^在.{2,30}上")  # "——2025年1月10日在区工会代表大会上"


def stated_date(text: str) -> date | None:
    """The report's own date: its 落款 at the end, else a dated title or heading.

    >>> stated_date("东港区总工会2024年工作总结\\n正文。\\n东港区总工会\\n2024年12月28日")
    datetime.date(2024, 12, 28)
    >>> stated_date("总结\\n正文。\\n二〇二四年十二月二十八日\\n") == date(2024, 12, 28)
    True
    >>> stated_date("总结\\n2024年3月8日，我会举办活动。\\n") is None
    True
    """
    raw = text.splitlines()
    # only the first and the last few lines that are not blank are read
    need = max(_HEAD_LINES, _TAIL_LINES + 2)
    head = list(islice(filter(None, map(str.strip, raw)), need))
    if len(head) < need:  # a short text: these are all its lines
        tail = head[max(len(head) - _TAIL_LINES, 2) :]
    else:  # so many that the last _TAIL_LINES follow the first two
        tail = list(islice(filter(None, map(str.strip, reversed(raw))), _TAIL_LINES))[::-1]
    # The 落款 ends the text; a very short text's title and the line under it are no 落款.
    for line in reversed(tail):
        found = _dated_line(line, heading=False)
        if found:
            return found
    for line in head[:_HEAD_LINES]:
        found = _dated_line(line, heading=True)
        if found:
            return found
    return None


def _dated_line(line: str, heading: bool) -> date | None:
    """The date of a short line that ends in one (or, in a heading, opens a speech line)."""
    core = line.strip(_WRAP)
    if len(core) > _LINE_MAX or _SENTENCE.search(core) or _web_line(core):
        return None
    for m in (_HEADING_DATE if heading else _SIGNATURE_DATE).finditer(core):
        rest = core[m.end() :].strip(_WRAP)
        if not rest or (heading and m.start() == 0 and _SPEECH.match(rest)):
            return _as_date(m)
    return None


def _web_line(line: str) -> bool:
    return any(word in line for word in _not_in())


@cache
def _not_in() -> tuple[str, ...]:
    return tuple(load_yaml("metadata.yaml")["stated_date_not_in"])


def _as_date(m: re.Match) -> date | None:
    if m.groupdict().get("y2"):
        parts = (m.group("y2"), m.group("m2"), m.group("d2"))
    else:
        parts = (m.group("y"), m.group("m"), m.group("d"))
    year = _number(parts[0], digitwise=True)
    month, day = _number(parts[1]), _number(parts[2])
    if None in (year, month, day) or not 1990 <= year <= 2100:  # type: ignore[operator]
        return None
    try:
        return date(year, month, day)  # type: ignore[arg-type]
    except ValueError:  # 2月30日
        return None


def _number(s: str, digitwise: bool = False) -> int | None:
    """An Arabic (also full-width) or Chinese number; a year in Chinese digit by digit (二〇二四)."""
    s = s.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if s.isdigit():
        return int(s)
    if digitwise:
        digits = [0 if ch in "〇○零" else CN_DIGITS.get(ch) for ch in s]
        return None if None in digits else int("".join(map(str, digits)))
    value = parse_cn_number(s)
    return int(value) if isinstance(value, int | float) and value == int(value) else None
