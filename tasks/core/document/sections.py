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
from itertools import accumulate
from typing import Final

from tasks.core.common.gates import Gated
from tasks.core.common.lexicon import load_yaml
from tasks.core.common.model import Figure, ReportMeta
from tasks.core.common.text import holds_any
from tasks.core.document.metadata import infer_metadata

SEPARATOR: Final = " > "
_QUOTED: Final = re.compile(r"“[^”]*”|\"[^\"]*\"|《[^》]*》|「[^」]*」")
_YEAR: Final = re.compile(r"((?:19|20)\d\d)\s*年")
_INDENT: Final = " \t\u3000"
_QUOTE_OPENERS: Final = re.compile('[“"《「]')  # a clause without one has nothing _QUOTED removes


@dataclass(unsafe_hash=True)  # as Figure (model.py): never changed once made
class Heading:
    """One heading: where its line starts, its numbering style, label and plan flag."""

    start: int
    style: str
    label: str
    plan: bool

    def __init__(
        self,
        start: int,
        style: str,
        label: str,
        plan: bool,
    ) -> None:
        self.start = start
        self.style = style
        self.label = label
        self.plan = plan


@dataclass(unsafe_hash=True)  # as Figure (model.py)
class _Line:
    start: int
    path: tuple[Heading, ...]  # headings above and including this line's own
    body: str  # the line without its line break

    def __init__(
        self,
        start: int,
        path: tuple[Heading, ...],
        body: str,
    ) -> None:
        self.start = start
        self.path = path
        self.body = body


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
        # the same after every line break of a whole text (opening with a literal, the search
        # skips to the breaks at once): finds the other lines `heading_rx` matches
        "heading_after_break_rx": re.compile(rf"\n[{_INDENT}]*(?:{any_style})"),
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
    starts, heads = _skeleton(text, meta)
    head_starts = [start for start, _ in heads]
    # a line's items, plan opener and path are read once, on the lines that hold a figure;
    # figures on one line under one item share their section
    read: dict[int, tuple[tuple[tuple[int, str, bool], ...], bool, tuple[str, ...]]] = {}
    done: dict[tuple[int, int], tuple[str, str]] = {}
    all_plan = meta.kind == "计划"
    out = []
    for f in figures:
        i = bisect.bisect_right(starts, f.start) - 1
        if i not in read:
            start = starts[i]
            body = text[start : starts[i + 1] if i + 1 < len(starts) else len(text)]
            body = body.rstrip("\r\n")
            k = bisect.bisect_right(head_starts, start) - 1
            path = heads[k][1] if k >= 0 else ()
            plan = all_plan or _opens_plan(body, meta) or any(h.plan for h in path)
            read[i] = tuple(_items(body, start, meta)), plan, tuple(h.label for h in path)
        items, plan, labels = read[i]
        n = len(items)
        while n and items[n - 1][0] > f.start:
            n -= 1
        if (i, n) not in done:
            item = items[n - 1] if n else None
            section = SEPARATOR.join([*labels, item[1]] if item else labels)
            done[i, n] = section, "plan" if plan or (item and item[2]) else "achievement"
        section, kind = done[i, n]
        out.append(f.with_(section=section, kind=kind))
    return out


def outline(text: str, meta: ReportMeta | None = None) -> list[_Line]:
    """Every line of `text` with the heading path it sits under (offsets of `text`)."""
    meta = meta or infer_metadata("", text)
    starts, heads = _skeleton(text, meta)
    lines: list[_Line] = []
    path: tuple[Heading, ...] = ()
    k = 0
    for i, start in enumerate(starts):
        if k < len(heads) and heads[k][0] == start:
            path = heads[k][1]
            k += 1
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        lines.append(_Line(start, path, text[start:end].rstrip("\r\n")))
    return lines or [_Line(0, (), "")]


# Line breaks other than \n and \r\n that str.splitlines also cuts at (a lone \r, \f …):
# a pattern opening with a literal (a search skips in C to the characters that can open
# it), and the others looked for one by one (`in`, faster still than a class)
_LONE_CR: Final = re.compile("\r(?!\n)")
_OTHER_BREAKS: Final = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def _skeleton(
    text: str, meta: ReportMeta
) -> tuple[list[int], list[tuple[int, tuple[Heading, ...]]]]:
    """Where each line starts (as str.splitlines cuts them; [0] for an empty text) and each
    heading line's start with the heading path it opens, in order.

    Heading lines are found by one search of the text; a text with odd line breaks (which
    that search does not see) is read line by line. Both read each heading with `_heading`."""
    if _LONE_CR.search(text) or holds_any(text, _OTHER_BREAKS):
        starts, offset = [], 0
        for raw in text.splitlines(keepends=True):
            starts.append(offset)
            offset += len(raw)
        found = [(start, _heading_at(text, starts, i, meta)) for i, start in enumerate(starts)]
    else:
        parts = text.split("\n")
        if len(parts) > 1 and not parts[-1]:
            parts.pop()  # a final line break closes the last line, it opens none
        starts = list(accumulate(map((1).__add__, map(len, parts[:-1])), initial=0))
        lex = _lexicon()
        found = [(0, _heading_at(text, starts, 0, meta))] if lex["heading_rx"].match(text) else []
        for m in lex["heading_after_break_rx"].finditer(text):
            i = bisect.bisect_left(starts, m.start() + 1)
            found.append((starts[i], _heading_at(text, starts, i, meta)))
    heads: list[tuple[int, tuple[Heading, ...]]] = []
    stack: list[Heading] = []
    for start, heading in found:
        if heading:
            styles = [h.style for h in stack]
            if heading.style in styles:
                del stack[styles.index(heading.style) :]
            stack.append(heading)
            heads.append((start, tuple(stack)))
    return starts or [0], heads


def _heading_at(text: str, starts: list[int], i: int, meta: ReportMeta) -> Heading | None:
    end = starts[i + 1] if i + 1 < len(starts) else len(text)
    return _heading(text[starts[i] : end].rstrip("\r\n"), starts[i], meta)


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


def number_end(line: str) -> int:
    """Where the section number opening `line` (一、, （一）, 1.) ends; -1 for a line with none."""
    m = _lexicon()["heading_rx"].match(line)
    return m.end() if m else -1


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
    if not meta.year:
        return False
    return any(int(y) > meta.year for y in _YEAR.findall(bare)) and any(
        w in bare for w in lex["future_year_words"]
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
