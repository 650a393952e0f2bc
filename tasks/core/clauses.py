"""The words around a figure that say what it counts.

Only a short stretch of text around each figure is looked at (never the whole report): the
clause before it, the words after it, the next clause, the sentence, and the lead sentence
before it. Every stretch is normalised the same way so the lexicon matches traditional
characters, quoted campaign names and pages with pinyin glyph noise (`會(huì)`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import chain

from tasks.core.lexicon import load_yaml, read_lexicon_text
from tasks.core.model import Figure

CLAUSE_MARKS = "，,；;：:。！？!?\n\r"
SENTENCE_MARKS = "。！？!?\n\r；;"  # ；separates the items of a list: each is a sentence here
# Brackets end the words after a figure: `村街联合会5家(包含企业97家)` counts 联合会, not 企业.
RIGHT_STOPS = CLAUSE_MARKS + "（(【["
MAX_LEFT, MAX_RIGHT, MAX_NEXT, MAX_SENTENCE, WIDE, MAX_BACK = 40, 40, 40, 300, 200, 60
# A clause opening with these breaks the figure before it down (…1,268万元，其中生活救助…).
BREAKDOWN_OPENERS = ("其中", "包括", "含")
ALL_MARKS = "".join(sorted(set(CLAUSE_MARKS + SENTENCE_MARKS + RIGHT_STOPS)))
_EACH_MARK = {c: re.compile(re.escape(c)) for c in ALL_MARKS}

# Pinyin that some mirror sites print after each traditional character.
PINYIN_NOISE = re.compile(r"[(（][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}[)）]")
# Quotes and spaces carry no meaning for naming but split words: “两节”送温暖.
DROP = re.compile(r"[“”‘’\"'「」『』《》〈〉\s\u3000]+")


@cache
def _traditional_map() -> dict[int, str]:
    pairs = {}
    for line in read_lexicon_text("traditional.txt").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            for pair in line.split():
                pairs[ord(pair[0])] = pair[1]
    return pairs


@cache
def _synonyms() -> tuple[tuple[re.Pattern, str], ...]:
    """Variants of a word family spelled as the lexicon spells them (员工, 教职工 → 职工)."""
    pairs = load_yaml("indicator_rules.yaml").get("synonyms") or []
    return tuple((re.compile(p), r) for p, r in pairs)


@cache
def _traditional_chars() -> re.Pattern:
    """Any character the traditional map rewrites: most text has none, and translate with
    a dict is slow per character."""
    return re.compile("[" + "".join(re.escape(chr(o)) for o in _traditional_map()) + "]")


# Figures of one sentence share its sentence, context and back stretches.
@lru_cache(maxsize=4096)
def normalise(text: str) -> str:
    """Text as the lexicon spells it: simplified, no quotes, no pinyin noise, one word for
    each family of synonyms (so every rule written with 职工 also reads 员工 and 教职工).

    >>> normalise("“兩節”送溫暖慰問金(jīn)")
    '两节送温暖慰问金'
    >>> normalise("参训员工")
    '参训职工'
    """
    text = PINYIN_NOISE.sub("", text)
    if _traditional_chars().search(text):
        text = text.translate(_traditional_map())
    text = DROP.sub("", text)
    for pattern, word in _synonyms():
        text = pattern.sub(word, text)
    return text


def clean(text: str) -> str:
    """Text as the report words it, minus quotes-free noise: for subjects."""
    return PINYIN_NOISE.sub("", text).strip()


class _Normalised:
    """A stretch of a `Window` kept as written (`raw_<name>`) and normalised when read:
    most figures are named from `left` and `right` alone (normalise caches)."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.raw = f"raw_{name}"

    def __get__(self, window: Window | None, owner: type | None = None):
        if window is None:
            return self  # read on the class
        return normalise(getattr(window, self.raw))


@dataclass  # not frozen: a frozen dataclass sets each field through object.__setattr__
class Window:
    """The stretches of normalised text around one figure."""

    left: str  # back to the previous clause mark or figure
    right: str  # forward to the next clause mark, bracket or figure
    raw_left: str  # as written, for the subject
    raw_right: str
    sentence_start: int  # offsets in the text: which sentence and paragraph the figure is in
    paragraph_start: int
    lead: str = ""  # words before the first figure of a 、-list the figure continues
    label: str = ""  # a table row's label that opens `left` (困难职工帮扶：…)
    hard_start: int = 0  # start of the full sentence (up to 。), across ；-separated items
    raw_next: str = ""  # the following clause, when the right side ended at a comma
    raw_sentence: str = ""
    raw_context: str = ""  # the previous sentence of the same paragraph and the sentence
    raw_wide: str = ""
    raw_back: str = ""  # the sentence before `left` when `left` only totals (共计, 累计达到)
    raw_tail: str = ""  # the clause's words past the next figure (送去价值200元的[新春礼包])

    next = _Normalised()
    sentence = _Normalised()
    context = _Normalised()
    wide = _Normalised()
    back = _Normalised()
    tail = _Normalised()


# A line break inside a sentence, as PDF text wraps it: the line before is long, ends in
# a character of the sentence (not a mark) and the next line goes on without an indent.
_WRAP_PREV = re.compile(r"[\u4e00-\u9fff0-9A-Za-z%）)”，,、]")  # a comma never ends a sentence
_WRAP_NEXT = re.compile(r"[\u4e00-\u9fff0-9A-Za-z（(“]")
_HEADING = re.compile(
    r"\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]|\d{1,2}[、.．](?!\d))"
)
WRAP_MIN_LINE = 10
# A row of a table written as text (新建基层工会组织：47家): each row is its own sentence.
_ROW = re.compile(r"[ \t\u3000]*[^：:，,。；;\s]{2,20}[：:][ \t\u3000]*\S")


def is_soft_wrap(text: str, i: int) -> bool:
    """True when the line break at `i` (\\r or \\n) only wraps a sentence."""
    a = i - 1 if text[i] == "\n" else i
    a -= text[a] == "\r" if a >= 0 else 0
    b = i + 1 if text[i] == "\n" else i + (2 if text[i + 1 : i + 2] == "\n" else 1)
    if a < 0 or b >= len(text) or not _WRAP_PREV.match(text[a]) or not _WRAP_NEXT.match(text[b]):
        return False
    line_start = text.rfind("\n", 0, a) + 1
    if a - line_start + 1 < WRAP_MIN_LINE or _HEADING.match(text, line_start):
        return False
    if _ROW.match(text, line_start) or _ROW.match(text, b):
        return False
    # A wrapped line opens a paragraph with an indent or goes on from the line before;
    # a headline stands first on the page or after a blank line.
    if text[line_start] in " \t\u3000":
        return True
    j = line_start - 2  # last character of the line before, a CR skipped
    j -= j >= 0 and text[j] == "\r"
    return j >= 0 and text[j] != "\n"


class _Stops:
    """Where stretches of one text end, found once per text: every figure of a report walks
    back to its clause, sentence and paragraph start, often thousands of characters."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._at: dict[str, list[int]] = {}  # marks → offsets, line breaks that wrap excepted
        self._wrapped: dict[str, list[int]] = {}  # marks → offsets, every line break
        self._ahead: dict[str, list[int]] = {}
        noise = [(m.start(), m.end()) for m in PINYIN_NOISE.finditer(text)]
        self.noise_starts = [s for s, _ in noise]
        self.noise_ends = [e for _, e in noise]
        # each mark searched once for every kind of stretch (faster than one pass sorting
        # every match into its list)
        self.by_mark = {
            c: [m.start() for m in found.finditer(text)]
            for c, found in _EACH_MARK.items()
            if c in text
        }
        breaks = self.by_mark.get("\r", []) + self.by_mark.get("\n", [])
        self.wraps = {i for i in breaks if is_soft_wrap(text, i)}

    def at(self, marks: str, wrapped: bool = False) -> list[int]:
        """Sorted offsets of `marks` in the text; a line break that only wraps a sentence
        counts when `wrapped`."""
        known = self._wrapped if wrapped else self._at
        found = known.get(marks)
        if found is None:
            if not set(marks) <= set(ALL_MARKS):
                raise ValueError(f"{marks!r}: only marks of ALL_MARKS end a stretch")
            found = sorted(chain.from_iterable(self.by_mark.get(c, ()) for c in set(marks)))
            if not wrapped and self.wraps:
                found = [i for i in found if i not in self.wraps]
            known[marks] = found
        return found

    def back(self, pos: int, marks: str, limit: int, wrapped: bool = False) -> int:
        # called ten times per figure: the offsets are looked up here, at() only builds them
        stops = None if wrapped else self._at.get(marks)
        if stops is None:
            stops = self.at(marks, wrapped)
        j = bisect_left(stops, pos)
        return max(stops[j - 1] + 1, pos - limit) if j else max(pos - limit, 0)

    def forward(self, pos: int, marks: str, limit: int) -> int:
        stop = min(len(self.text), pos + limit)
        stops = self._ahead.get(marks)
        if stops is None:  # a bracket opening glyph noise (進(jìn)) does not end a clause
            noise = set(self.noise_starts)
            stops = self.at(marks)
            stops = self._ahead[marks] = [i for i in stops if i not in noise] if noise else stops
        j = bisect_left(stops, pos)
        if j < len(stops) and stops[j] < stop:
            return stops[j]
        # glyph noise that starts before the limit is skipped whole, even past the limit
        n = bisect_left(self.noise_starts, stop) - 1
        if n >= 0 and self.noise_starts[n] >= pos and self.noise_ends[n] > stop:
            return self.noise_ends[n]
        return stop


@lru_cache(maxsize=4)
def _stops(text: str) -> _Stops:
    return _Stops(text)


def back_to(text: str, pos: int, marks: str, limit: int, wrapped: bool = False) -> int:
    """Start of the stretch ending at `pos`: just past the last of `marks` before it, at most
    `limit` characters back. A line break that only wraps a sentence ends it when `wrapped`."""
    return _stops(text).back(pos, marks, limit, wrapped)


def window_of(text: str, figures: list[Figure], k: int) -> Window:
    """The window of the k-th figure of `figures` (sorted by start).

    >>> w = window_of("新建工会组织3个", [Figure("a.txt", 6, 8, "3个", 3, "个")], 0)
    >>> w.left, w.right
    ('新建工会组织', '')
    """
    f = figures[k]
    stops = _stops(text)
    prev_end = figures[k - 1].end if k > 0 else 0
    next_start = figures[k + 1].start if k + 1 < len(figures) else len(text)
    left_start = max(stops.back(f.start, CLAUSE_MARKS, MAX_LEFT), prev_end)
    right_end = stops.forward(f.end, RIGHT_STOPS, MAX_RIGHT)
    tail = ""
    if next_start <= right_end:
        # another figure in the same clause: a list (A x个、B x个), so its words are not ours
        cut = text.find("、", f.end, next_start)
        right_end = cut if cut >= 0 else next_start
        # not a list: the clause goes on past the next figure (or to the end of the text)
        if cut < 0 and k + 1 < len(figures):
            after = figures[k + 1].end
            tail = text[after : stops.forward(after, RIGHT_STOPS, MAX_RIGHT)]
    nxt = ""
    if right_end < len(text) and text[right_end] in "，,：:":  # ；starts another item
        nxt = text[right_end + 1 : stops.forward(right_end + 1, CLAUSE_MARKS, MAX_NEXT)]
        if nxt.lstrip().startswith(BREAKDOWN_OPENERS):
            nxt = ""  # 其中生活救助…: a breakdown of the figure, not what it was spent on
    s_start = stops.back(f.start, SENTENCE_MARKS, MAX_SENTENCE)
    s_end = stops.forward(f.end, SENTENCE_MARKS, MAX_SENTENCE)
    c_start = s_start
    # a total after a ；-list refers back across it (…各县28个；全市累计建成410个)
    b_start = stops.back(f.start, "。！？!?\n\r", MAX_SENTENCE)
    if s_start > 0 and text[s_start - 1] not in "\n\r":
        c_start = stops.back(s_start - 1, SENTENCE_MARKS, MAX_SENTENCE)
    raw_left, raw_right = text[left_start : f.start], text[f.end : right_end]
    label = _row_label(text, left_start, prev_end)
    raw_left = label + raw_left
    return Window(
        left=normalise(raw_left),
        right=normalise(raw_right),
        raw_left=clean(raw_left),
        raw_right=clean(raw_right),
        sentence_start=s_start,
        paragraph_start=stops.back(f.start, "\n\r", 5000),
        lead=_list_lead(text, figures, k, left_start),
        label=normalise(label),
        hard_start=b_start,
        raw_next=nxt,
        raw_sentence=text[s_start:s_end],
        raw_context=text[c_start:s_end],
        raw_wide=text[max(0, f.start - WIDE) : s_end],
        raw_back=text[max(b_start, left_start - MAX_BACK) : left_start],
        raw_tail=tail,
    )


def _row_label(text: str, left_start: int, prev_end: int) -> str:
    """户外劳动者服务站点：新建14个: in a table row the label names the first figure after it."""
    line_start = text.rfind("\n", 0, left_start) + 1
    row = _ROW.match(text, line_start)
    if not row or text[row.end() - 1 : left_start].strip() or prev_end > row.end() - 1:
        return ""  # only the first clause after the label, and no figure before it
    return text[line_start : row.end() - 1].strip().rstrip("：:")


def _list_lead(text: str, figures: list[Figure], k: int, left_start: int) -> str:
    """新组建企业工会3家、村级工会联合会1个: the verb before the list covers every item."""
    if k == 0 or left_start != figures[k - 1].end or text[left_start : left_start + 1] != "、":
        return ""
    first = k - 1
    while first > 0 and text[figures[first - 1].end : figures[first - 1].end + 1] == "、":
        first -= 1
    start = back_to(text, figures[first].start, CLAUSE_MARKS, MAX_LEFT)
    if first > 0:
        start = max(start, figures[first - 1].end)
    return normalise(text[start : figures[first].start])


TITLE_LINES, TITLE_MAX = 4, 60


def title_of(text: str) -> str:
    """The headline lines a page opens with (before its first body paragraph), normalised."""
    lines: list[str] = []
    for line in text[:600].splitlines():
        if len(line.strip()) > TITLE_MAX or len(lines) == TITLE_LINES:
            break
        if line.strip():
            lines.append(line)
    return normalise(" ".join(lines))
