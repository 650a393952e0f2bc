"""The heading tree of a report, and which of its figures are plans rather than results.

Each figure gets `section` — the chain of headings above it, each cut to its first clause
("二、围绕中心服务大局 > （一）夯实工会基层基础 > 一是") — and `kind`: "plan" inside a plan
section (工作安排, 下一步, a later year's 工作 …), else "achievement". The title is never a
heading, so "上半年工作总结和下半年工作打算" does not turn the whole report into a plan.
Word lists live in tasks/lexicon/sections.yaml.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from tasks.core.common.gates import Gated
from tasks.core.common.lexicon import load_yaml
from tasks.core.common.model import Figure, ReportMeta, fills_at_once
from tasks.core.document.metadata import infer_metadata

SEPARATOR = " > "
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|《[^》]*》|「[^」]*」")
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_INDENT = " \t\u3000"
_QUOTE_OPENERS = re.compile('[“"《「]')  # a clause without one has nothing _QUOTED removes


@fills_at_once
@dataclass(frozen=True)
class Heading:
    """One heading: where its line starts, its numbering style, label and plan flag."""

    start: int
    style: str
    label: str
    plan: bool


@fills_at_once
@dataclass(frozen=True)
class _Line:
    start: int
    path: tuple[Heading, ...]  # headings above and including this line's own
    body: str  # the line without its line break


@cache
def _lexicon() -> dict:
    lex = load_yaml("sections.yaml")
    # all styles in one pattern, tried in the lexicon's order (as one match per style would)
    styles = list(lex["heading_styles"].items())
    any_style = "|".join(f"(?P<s{k}>{rx})" for k, (_, rx) in enumerate(styles))
    item = Gated(re.compile(rf"(?:^[{_INDENT}]*|(?<=[。；;：:]))({lex['item']})"))
    return {
        **lex,
        "heading_rx": re.compile(rf"[{_INDENT}]*(?:{any_style})"),
        "style_of_group": {f"s{k}": name for k, (name, _) in enumerate(styles)},
        "item_rx": item,
        "plan_words_rx": re.compile("|".join(map(re.escape, lex["plan_words"])) or "(?!)"),
        "stop_or_quote_rx": re.compile(f"[{re.escape(lex['label_stops'] + '“《「')}]"),
    }


def assign_sections(
    text: str, figures: list[Figure], meta: ReportMeta | None = None
) -> list[Figure]:
    """Fill `section` and `kind` of every figure from the headings above it.

    `meta` gives the report's year, period and kind (a later year's section is a plan;
    a 计划 report is all plan); inferred from the text when not given.
    """
    meta = meta or infer_metadata("", text)
    lines = outline(text, meta)
    starts = [ln.start for ln in lines]
    # items and plan openers are read only on the lines that hold a figure
    read: dict[int, tuple[tuple[tuple[int, str, bool], ...], bool]] = {}
    out = []
    for f in figures:
        i = bisect.bisect_right(starts, f.start) - 1
        line = lines[i]
        if i not in read:
            items = tuple(_items(line.body, line.start, meta))
            read[i] = items, _opens_plan(line.body, meta)
        items, opens_plan = read[i]
        item = next((it for it in reversed(items) if it[0] <= f.start), None)
        labels = [h.label for h in line.path] + ([item[1]] if item else [])
        plan = (
            meta.kind == "计划"
            or opens_plan
            or any(h.plan for h in line.path)
            or bool(item and item[2])
        )
        out.append(f.with_(section=SEPARATOR.join(labels), kind="plan" if plan else "achievement"))
    return out


def outline(text: str, meta: ReportMeta | None = None) -> list[_Line]:
    """Every line of `text` with the heading path it sits under (offsets of `text`)."""
    meta = meta or infer_metadata("", text)
    stack: list[Heading] = []
    path: tuple[Heading, ...] = ()
    lines: list[_Line] = []
    offset = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        heading = _heading(body, offset, meta)
        if heading:
            styles = [h.style for h in stack]
            if heading.style in styles:
                del stack[styles.index(heading.style) :]
            stack.append(heading)
            path = tuple(stack)
        lines.append(_Line(offset, path, body))
        offset += len(raw)
    return lines or [_Line(0, (), "")]


def headings(text: str) -> list[Heading]:
    """All headings of a report, in order (for tests and the inspect view)."""
    meta = infer_metadata("", text)
    seen: dict[int, Heading] = {}
    for line in outline(text, meta):
        for h in line.path:
            seen.setdefault(h.start, h)
    return sorted(seen.values(), key=lambda h: h.start)


def _heading(line: str, offset: int, meta: ReportMeta) -> Heading | None:
    lex = _lexicon()
    m = lex["heading_rx"].match(line)
    if not m:
        return None
    clause = _first_clause(line[m.start(m.lastgroup) :]).strip()
    return Heading(
        offset, lex["style_of_group"][m.lastgroup], _label(clause), _is_plan(clause, meta)
    )


def _items(line: str, offset: int, meta: ReportMeta):
    for m in _lexicon()["item_rx"].finditer(line):
        rest = line[m.end(1) :]
        yield offset + m.start(1), m.group(1), _opens_plan(rest, meta)


def _first_clause(s: str) -> str:
    # Quoted names may hold stop characters ("“中国梦·劳动美，颂歌献给党”"); skip them.
    lex = _lexicon()
    stops = lex["label_stops"]
    first = lex["stop_or_quote_rx"].search(s)  # most headings hold no quote before the stop
    if first is None:
        return s
    if first.group() in stops:
        return s[: first.start()]
    depth = 0
    for i, ch in enumerate(s):
        if ch in "“《「":
            depth += 1
        elif ch in "”》」":
            depth -= 1
        elif depth <= 0 and ch in stops:
            return s[:i]
    return s


def _label(clause: str) -> str:
    limit = _lexicon()["label_max"]
    return clause if len(clause) <= limit else clause[: limit - 1] + "…"


def _is_plan(clause: str, meta: ReportMeta) -> bool:
    lex = _lexicon()
    bare = _QUOTED.sub("", clause) if _QUOTE_OPENERS.search(clause) else clause
    if lex["plan_words_rx"].search(bare):  # any(w in bare for w in plan_words), in one pass
        return True
    if meta.period == "上半年" and any(w in bare for w in lex["first_half_plan"]):
        return True
    years = [int(y) for y in _YEAR.findall(bare)]
    return bool(
        meta.year
        and any(y > meta.year for y in years)
        and any(w in bare for w in lex["future_year_words"])
    )


def _opens_plan(s: str, meta: ReportMeta) -> bool:
    lex = _lexicon()
    s = s.lstrip(_INDENT)
    if s.startswith(tuple(lex["plan_openers"])):
        return True
    if meta.period == "上半年" and s.startswith(tuple(lex["first_half_plan"])):
        return True
    m = _YEAR.match(s)
    # "2022年，力争……" opening a paragraph of a 2021 report speaks of the future.
    return bool(meta.year and m and int(m.group(1)) > meta.year)
