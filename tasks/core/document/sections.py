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
from collections.abc import Iterable, Iterator
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
        "heading_line_rx": re.compile(rf"^[{_INDENT}]*(?:{any_style})", re.MULTILINE),
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
    lines = _Lines(text, meta)
    # items and plan openers are read only on the lines that hold a figure
    read: dict[int, tuple[tuple[tuple[int, str, bool], ...], bool]] = {}
    out = []
    for f in figures:
        start, body, path = lines.at(f.start)
        if start not in read:
            items = tuple(_items(body, start, meta))
            read[start] = items, _opens_plan(body, meta)
        items, opens_plan = read[start]
        item = next((it for it in reversed(items) if it[0] <= f.start), None)
        labels = [h.label for h in path] + ([item[1]] if item else [])
        plan = (
            meta.kind == "计划" or opens_plan or any(h.plan for h in path) or bool(item and item[2])
        )
        out.append(f.with_(section=SEPARATOR.join(labels), kind="plan" if plan else "achievement"))
    return out


def outline(text: str, meta: ReportMeta | None = None) -> list[_Line]:
    """Every line of `text` with the heading path it sits under (offsets of `text`)."""
    meta = meta or infer_metadata("", text)
    pairs = _split_lines(text)
    paths = dict(_heading_paths(pairs, meta))
    path: tuple[Heading, ...] = ()
    lines: list[_Line] = []
    for offset, body in pairs:
        path = paths.get(offset, path)
        lines.append(_Line(offset, path, body))
    return lines or [_Line(0, (), "")]


def _split_lines(text: str) -> list[tuple[int, str]]:
    """(offset, line without its break) of every line, as `str.splitlines` cuts them."""
    out, offset = [], 0
    for raw in text.splitlines(keepends=True):
        out.append((offset, raw.rstrip("\r\n")))
        offset += len(raw)
    return out


def _heading_paths(
    lines: Iterable[tuple[int, str]], meta: ReportMeta
) -> Iterator[tuple[int, tuple[Heading, ...]]]:
    """(offset, heading path) at each heading line among `lines` (in text order): a heading
    closes the open ones of its own style and those nested under it."""
    stack: list[Heading] = []
    for offset, body in lines:
        heading = _heading(body, offset, meta)
        if heading:
            styles = [h.style for h in stack]
            if heading.style in styles:
                del stack[styles.index(heading.style) :]
            stack.append(heading)
            yield offset, tuple(stack)


# Breaks that `str.splitlines` cuts at besides \n (and \r\n): a text without any has its
# lines start right after each \n, where a multi-line search finds them.
_OTHER_BREAKS = re.compile("\r(?!\n)|[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_NEWLINE = re.compile("\n")


class _Lines:
    """The line holding an offset, with its heading path, as `outline` gives them: only the
    lines a heading style can open are read (one search of the whole text finds them), the
    others are found by their line breaks."""

    def __init__(self, text: str, meta: ReportMeta) -> None:
        self.text = text
        self.bodies: list[str] | None = None
        if _OTHER_BREAKS.search(text):  # rare: read every line as `outline` does
            pairs = _split_lines(text) or [(0, "")]
            self.starts = [offset for offset, _ in pairs]
            self.bodies = [body for _, body in pairs]
            heads = list(_heading_paths(pairs, meta))
        else:
            self.starts = [0, *(m.end() for m in _NEWLINE.finditer(text))]
            found = _lexicon()["heading_line_rx"].finditer(text)
            heads = list(_heading_paths(((m.start(), self._body(m.start())) for m in found), meta))
        self.head_starts = [offset for offset, _ in heads]
        self.paths = [path for _, path in heads]

    def _body(self, start: int) -> str:
        j = bisect.bisect_right(self.starts, start)
        end = self.starts[j] if j < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def at(self, pos: int) -> tuple[int, str, tuple[Heading, ...]]:
        """(start, body, heading path) of the line holding offset `pos`."""
        i = bisect.bisect_right(self.starts, pos) - 1
        start = self.starts[i]
        body = self.bodies[i] if self.bodies is not None else self._body(start)
        k = bisect.bisect_right(self.head_starts, start) - 1
        return start, body, self.paths[k] if k >= 0 else ()


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
