"""Whose report, which year and period, what kind: read from title, file name and first lines.

Sources are tried in order of reliability: the report's title line, the file name, then the
opening sentences. A field with no evidence stays None, so the workbook can ask for a
manifest row instead of filing figures under a guessed year or unit. The one default:
a report with a year and no part-year word covers the whole year (全年).
`reports/manifest.csv` overrides what is inferred (see `parse_manifest`, `merge_meta`).
"""

from __future__ import annotations

import re
from functools import cache
from itertools import islice
from typing import Final

from tasks.core.common.gates import Gated
from tasks.core.common.lexicon import load_yaml
from tasks.core.common.model import ReportMeta
from tasks.core.document.manifest import merge_meta, parse_manifest

__all__ = ["infer_metadata", "merge_meta", "parse_manifest", "normalise_period"]

_YEAR: Final = re.compile(r"((?:19|20)\d\d)\s*年(?!\s*\d{1,2}\s*月\s*\d{1,2}\s*日)")
# 二〇一九年, read digit by digit
_CN_YEAR: Final = re.compile(r"[零〇○一二三四五六七八九]{4}(?=\s*年)")
_CN_DIGITS: Final = str.maketrans("零〇○一二三四五六七八九", "000123456789")
_URL: Final = Gated(re.compile(r"https?://|www\.|\.com|\.cn\b", re.I))  # most lines hold no letter
# each match of _URL holds a "." or a "/": a line with neither is not searched (_is_address)
_CJK: Final = re.compile(r"[\u4e00-\u9fff]")
_TITLE_MAX: Final = 80
_HEAD_CHARS: Final = 400  # opening text searched when the title says nothing
_HEAD_LINES: Final = 6
_HEAD_SCAN: Final = 2000  # characters split into lines first


@cache
def _lexicon() -> dict:
    lex = load_yaml("metadata.yaml")
    generic = "|".join(map(re.escape, lex["org_generic_prefixes"]))
    return {**lex, "generic_rx": re.compile(rf"^(?:{generic})*$")}


def infer_metadata(doc: str, text: str) -> ReportMeta:
    """Infer org, year, period and kind of a report from its file name and text.

    >>> m = infer_metadata("a.txt", "临江区总工会2024年上半年工作总结\\n上半年，我会……")
    >>> (m.org, m.year, m.period, m.kind)
    ('临江区总工会', 2024, '上半年', '总结')
    """
    lines = _head_lines(text)
    title = _title(lines)
    stem = _stem(doc)
    body = "\n".join(ln for ln in lines if ln != title)[:_HEAD_CHARS]
    sources = [s for s in (title, stem) if s]
    year = _first(_year_in(s) for s in sources) or _year_in(body, skip_plans=True)
    period = _first(_period_in(s) for s in sources) or _period_in_body(body)
    if period is None and year is not None:
        period = "全年"
    kind = _first(_kind_in_title(s) for s in sources) or _kind_in_body(body)
    org = _first(_org_in(s) for s in (*sources, *map(_first_sentence, body.splitlines())))
    return ReportMeta(org=org, year=year, period=period, kind=kind)


def normalise_period(word: str) -> str | None:
    """The period of interface.md that a period word stands for, or None.

    >>> normalise_period("一季度"), normalise_period("1-6月"), normalise_period("春节")
    ('第一季度', '上半年', None)
    """
    return _lexicon()["periods"].get(word.strip())


def _first(values):
    return next((v for v in values if v is not None), None)


def _head_lines(text: str) -> list[str]:
    # Lines carrying a web address are site watermarks, never the title.
    # Only the report's opening is split into lines (again the whole text when the few wanted
    # are not all in it): its lines up to the last one the cut may have shortened.
    head = text[:_HEAD_SCAN]
    lines = head.splitlines()
    if len(head) < len(text):
        lines.pop()  # may go on past the cut
        found = _wanted_lines(lines)
        return found if len(found) == _HEAD_LINES else _wanted_lines(text.splitlines())
    return _wanted_lines(lines)


def _wanted_lines(lines: list[str]) -> list[str]:
    stripped = (ln.strip() for ln in lines)
    return list(islice((ln for ln in stripped if ln and not _is_address(ln)), _HEAD_LINES))


def _is_address(line: str) -> bool:
    return ("." in line or "/" in line) and _URL.search(line) is not None


def _title(lines: list[str]) -> str | None:
    """The first short line without a full stop among the first three: the title."""
    for line in lines[:3]:
        if (
            len(line) <= _TITLE_MAX
            and not line.rstrip().endswith(("。", "：", ":"))
            and "。" not in line
        ):
            return line
    return None


def _stem(doc: str) -> str | None:
    name = doc.replace("\\", "/").rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return stem if _CJK.search(stem) else None


def _valid_year(y: int) -> int | None:
    return y if 1990 <= y <= 2100 else None


def _year_in(s: str, skip_plans: bool = False) -> int | None:
    """First year named, except "去年工作…和2022年工作安排", which reports on 2021.

    In running text, a year that heads a plan ("二、2025年重点任务") is not the report's.
    Years in Chinese numerals (二〇一九年, as official documents write them) count alike.
    """
    if "年" in s:
        s = _CN_YEAR.sub(lambda y: y.group().translate(_CN_DIGITS), s)
    m = _plan_after_last_year().search(s)
    if m:
        return _valid_year(int(m.group(1)) - 1)
    for m in _YEAR.finditer(s):
        if not (skip_plans and _plan_after_year().match(s, m.end())):
            return _valid_year(int(m.group(1)))
    return None


@cache
def _plan_after_year() -> re.Pattern:
    plan = "|".join(map(re.escape, _lexicon()["plan_words"]))
    return re.compile(rf"(?:的)?(?:工作)?(?:重点|主要)?(?:工作)?(?:{plan})")


@cache
def _plan_after_last_year() -> re.Pattern:
    lex = _lexicon()
    last = "|".join(map(re.escape, lex["last_year"]))
    plan = "|".join(map(re.escape, lex["plan_words"]))
    return re.compile(rf"(?:{last})[^。\n]{{0,12}}?((?:19|20)\d\d)\s*年(?:的)?(?:工作)?(?:{plan})")


def _period_in(s: str) -> str | None:
    # the first word found, the longest at its place
    m = _period_word().search(s)
    return _lexicon()["periods"][m.group()] if m else None


@cache
def _period_word() -> re.Pattern:
    words = sorted(_lexicon()["periods"], key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)) or "(?!)")


def _period_in_body(body: str) -> str | None:
    # In running text a period word counts only as the report's own scope, right after
    # its year ("2021年上半年，X区总工会…"), so a passing "上半年" does not decide.
    m = _period_after_year().search(body)
    return normalise_period(m.group(1)) if m else None


@cache
def _period_after_year() -> re.Pattern:
    words = "|".join(sorted(map(re.escape, _lexicon()["periods"]), key=len, reverse=True))
    return re.compile(rf"(?:(?:19|20)\d\d\s*年|今年)({words})")


def _kind_in_title(s: str) -> str | None:
    return next((kind for word, kind in _lexicon()["kind_title"] if word in s), None)


def _kind_in_body(body: str) -> str | None:
    lex = _lexicon()
    if any(w in body for w in lex["kind_congress"]):
        return "报告"
    if any(w in body for w in lex["kind_duty_first_person"]) and any(
        w in body for w in lex["kind_duty_words"]
    ):
        return "述职"
    if any(w in body for w in lex["kind_summary"]):
        return "总结"
    return None


@cache
def _org_suffix() -> re.Pattern:
    return re.compile("|".join(map(re.escape, _lexicon()["org_suffixes"])))


def _first_sentence(line: str) -> str:
    # The subject of a report's opening sentence is its author; later sentences name
    # partners, superiors and member units.
    return line.split("。", 1)[0]


def _org_in(s: str) -> str | None:
    """The first organisation named in `s` that is not a superior or a common noun."""
    lex = _lexicon()
    for m in _org_suffix().finditer(s):
        start = m.start()
        while start > 0 and s[start - 1] not in lex["org_stops"]:
            start -= 1
        name, prefix = s[start : m.end()], s[start : m.start()]
        after, before = s[m.end() :], s[:start]
        if (
            not prefix
            or lex["generic_rx"].match(prefix)
            or after.startswith(tuple(lex["org_not_name_after"]))
        ):
            continue
        if name in lex["superior_names"] or _is_superior(before, after):
            continue
        return name
    return None


def _is_superior(before: str, after: str) -> bool:
    lex = _lexicon()
    return before.endswith(tuple(lex["superior_before"])) or after.startswith(
        tuple(lex["superior_after"])
    )
