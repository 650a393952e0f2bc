"""The words around a figure that say what it counts.

Only a short stretch of text around each figure is looked at (never the whole report): the
clause before it, the words after it, the next clause, the sentence, and the lead sentence
before it. Every stretch is normalised the same way so the lexicon matches traditional
characters, quoted campaign names and pages with pinyin glyph noise (`會(huì)`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from tasks.core.common.model import Figure
from tasks.core.naming.spelling import _plain, clean, normalise
from tasks.core.naming.stretches import (
    CLAUSE_MARKS,
    RIGHT_STOPS,
    SENTENCE_MARKS,
    back_to,
    stops_of,
)

MAX_LEFT: Final = 40
MAX_RIGHT: Final = 40
MAX_NEXT: Final = 40
MAX_SENTENCE: Final = 300
MAX_BACK: Final = 60
# A clause opening with these breaks the figure before it down (…1,268万元，其中生活救助…).
BREAKDOWN_OPENERS: Final = ("其中", "包括", "含")


@lru_cache(maxsize=1024)
def _is_plain(text: str) -> bool:
    """`normalise` leaves `text` (and so any stretch of it) as it is."""
    plain = _plain()
    return plain is not None and plain[0](text) is None and plain[1](text) is None


@dataclass  # not frozen: a frozen dataclass sets each field through object.__setattr__
class Window:
    """The stretches of normalised text around one figure.

    `next`, `sentence`, `context`, `back`, `tail` and `before` are normalised from their
    `raw_` stretch when first read, then kept: most figures are named from `left` and `right`
    alone."""

    left: str  # back to the previous clause mark or figure
    right: str  # forward to the next clause mark, bracket or figure
    raw_left: str  # as written, for the subject
    raw_right: str
    sentence_start: int  # offsets in the text: which sentence and paragraph the figure is in
    paragraph_start: int
    lead: str = ""  # words before the first figure of a 、-list the figure continues
    lead_units: tuple[str, ...] = ()  # the units of the list's items before the figure
    label: str = ""  # a table row's label that opens `left` (困难职工帮扶：…)
    hard_start: int = 0  # start of the full sentence (up to 。), across ；-separated items
    raw_next: str = ""  # the following clause, when the right side ended at a comma
    raw_sentence: str = ""
    raw_context: str = ""  # the previous sentence of the same paragraph and the sentence
    raw_back: str = ""  # the sentence before `left` when `left` only totals (共计, 累计达到)
    raw_tail: str = ""  # the clause's words past the next figure (送去价值200元的[新春礼包])
    raw_before: str = ""  # the sentence up to the figure (from `sentence_start`)
    clause_start: int = 0  # the start of the figure's clause, before any figure in it
    record: str = ""  # a date of record opening the sentence's first ；-item (reach.py)

    def __init__(
        self,
        left: str,
        right: str,
        raw_left: str,
        raw_right: str,
        sentence_start: int,
        paragraph_start: int,
        lead: str = "",
        lead_units: tuple[str, ...] = (),
        label: str = "",
        hard_start: int = 0,
        raw_next: str = "",
        raw_sentence: str = "",
        raw_context: str = "",
        raw_back: str = "",
        raw_tail: str = "",
        raw_before: str = "",
        clause_start: int = 0,
        record: str = "",
    ) -> None:
        # written out: compiled (tasks/core/native.py), a generated __init__ runs as Python
        self.left = left
        self.right = right
        self.raw_left = raw_left
        self.raw_right = raw_right
        self.sentence_start = sentence_start
        self.paragraph_start = paragraph_start
        self.lead = lead
        self.lead_units = lead_units
        self.label = label
        self.hard_start = hard_start
        self.raw_next = raw_next
        self.raw_sentence = raw_sentence
        self.raw_context = raw_context
        self.raw_back = raw_back
        self.raw_tail = raw_tail
        self.raw_before = raw_before
        self.clause_start = clause_start
        self.record = record
        self._next: str | None = None
        self._sentence: str | None = None
        self._context: str | None = None
        self._back: str | None = None
        self._tail: str | None = None
        self._before: str | None = None

    @property
    def context_start(self) -> int:
        """Where `raw_context` starts: the start of the sentence before (or of this one)."""
        return self.sentence_start - (len(self.raw_context) - len(self.raw_sentence))

    @property
    def next(self) -> str:
        if self._next is None:
            self._next = normalise(self.raw_next)
        return self._next

    @property
    def sentence(self) -> str:
        if self._sentence is None:
            self._sentence = normalise(self.raw_sentence)
        return self._sentence

    @property
    def context(self) -> str:
        if self._context is None:
            self._context = normalise(self.raw_context)
        return self._context

    @property
    def back(self) -> str:
        if self._back is None:
            self._back = normalise(self.raw_back)
        return self._back

    @property
    def tail(self) -> str:
        if self._tail is None:
            self._tail = normalise(self.raw_tail)
        return self._tail

    @property
    def before(self) -> str:
        """The sentence up to the figure: as written when the whole sentence reads as the
        lexicon spells it (then so does every stretch of it, and `normalise` would return it
        as it is), so that the figures of a sentence do not each normalise a stretch of it."""
        if self._before is None:  # see the class
            raw = self.raw_before
            plain = self.raw_sentence.startswith(raw) and _is_plain(self.raw_sentence)
            self._before = raw if plain else normalise(raw)
        return self._before


def window_of(text: str, figures: list[Figure], k: int) -> Window:
    """The window of the k-th figure of `figures` (sorted by start).

    >>> w = window_of("新建工会组织3个", [Figure("a.txt", 6, 8, "3个", 3, "个")], 0)
    >>> w.left, w.right
    ('新建工会组织', '')
    """
    f = figures[k]
    stops = stops_of(text)
    # stops.back(...), not a bound method kept in a local: compiled, a direct native call
    prev_end = figures[k - 1].end if k > 0 else 0
    next_start = figures[k + 1].start if k + 1 < len(figures) else len(text)
    clause_start = stops.back(f.start, CLAUSE_MARKS, MAX_LEFT)
    left_start = max(clause_start, prev_end)
    left_end = f.start
    if k > 0 and prev_end == f.start:
        # a pair (补助1.2万人次3000万元, 小额贷款320笔2150万元): the words before the first
        # figure name the second too
        before = figures[k - 2].end if k > 1 else 0
        left_start = max(stops.back(figures[k - 1].start, CLAUSE_MARKS, MAX_LEFT), before)
        left_end = figures[k - 1].start
    right_end = stops.forward(f.end, RIGHT_STOPS, MAX_RIGHT)
    tail = ""
    if next_start <= right_end:
        # another figure in the same clause: a list (A x个、B x个), so its words are not ours
        cut = _list_comma(text, f.end, next_start)
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
    raw_left, raw_right = text[left_start:left_end], text[f.end : right_end]
    line_start = stops.line_start(left_start)
    label = _row_label(text, line_start, stops.row_end(line_start), left_start, prev_end)
    if label:
        raw_left = label + raw_left
    lead, lead_units = _list_lead(text, figures, k, left_start)
    return Window(
        left=normalise(raw_left),
        right=normalise(raw_right),
        raw_left=clean(raw_left),
        raw_right=clean(raw_right),
        sentence_start=s_start,
        paragraph_start=stops.back(f.start, "\n\r", 5000),
        lead=lead,
        lead_units=lead_units,
        label=normalise(label),
        hard_start=b_start,
        raw_next=nxt,
        raw_sentence=text[s_start:s_end],
        raw_context=text[c_start:s_end],
        raw_back=text[max(b_start, left_start - MAX_BACK) : left_start],
        raw_tail=tail,
        raw_before=text[s_start : f.start],
        clause_start=clause_start,
    )


LIST_ITEM_MAX: Final = 8


def _list_comma(text: str, end: int, next_start: int) -> int:
    """The 、 that ends the figure's item of a list (A x个、B y个; 为10家企业、20名职工), or -1.

    A 、 inside the words the figure counts, far from the next figure, joins the nouns of one
    group (60名困难职工、困难农民工子女领到…): the group is what the figure counts."""
    cut = text.find("、", end, next_start)
    if cut > end and next_start - cut - 1 > LIST_ITEM_MAX:
        return -1
    return cut


def _row_label(text: str, line_start: int, row_end: int, left_start: int, prev_end: int) -> str:
    """户外劳动者服务站点：新建14个: in a table row the label names the first figure after it
    (`row_end`: the end of TABLE_ROW's match at the line's start, -1 for none)."""
    if row_end < 0 or text[row_end - 1 : left_start].strip() or prev_end > row_end - 1:
        return ""  # only the first clause after the label, and no figure before it
    return text[line_start : row_end - 1].strip().rstrip("：:")


def _list_lead(
    text: str, figures: list[Figure], k: int, left_start: int
) -> tuple[str, tuple[str, ...]]:
    """新组建企业工会3家、村级工会联合会1个 (or 162家企业、6000余名职工, each count before its
    noun): the verb before the list covers every item. The
    words before the list's first figure, and the units of its items before the k-th
    (慰问困难企业35家、职工500人: 家); nothing when the figure continues no 、-list."""
    if k == 0 or left_start != figures[k - 1].end or not _item_gap(text, left_start):
        return "", ()
    first = k - 1
    while first > 0 and _item_gap(text, figures[first - 1].end, figures[first].start):
        first -= 1
    start = back_to(text, figures[first].start, CLAUSE_MARKS, MAX_LEFT)
    if first > 0:
        start = max(start, figures[first - 1].end)
    units = tuple(normalise(figures[i].unit) for i in range(first, k))
    return normalise(text[start : figures[first].start]), units


ITEM_NOUN_MAX: Final = 10  # 162家困难企业、: the noun a count-first item names before its 、


def _item_gap(text: str, end: int, limit: int | None = None) -> bool:
    """After a list item's figure: a 、 right away, or a short noun and then a 、."""
    gap = text[end : min(end + ITEM_NOUN_MAX + 1, len(text) if limit is None else limit)]
    i = gap.find("、")
    return i == 0 or (i > 0 and all("\u4e00" <= c <= "\u9fff" for c in gap[:i]))


TITLE_LINES: Final = 4
TITLE_MAX: Final = 60


def title_of(text: str) -> str:
    """The headline lines a page opens with (before its first body paragraph), normalised."""
    lines: list[str] = []
    for line in text[:600].splitlines():
        if len(line.strip()) > TITLE_MAX or len(lines) == TITLE_LINES:
            break
        if line.strip():
            lines.append(line)
    return normalise(" ".join(lines))
