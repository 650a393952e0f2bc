"""The subject of a figure: the short phrase naming what it counts, in the report's words."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from tasks.core.common.lexicon import load_yaml
from tasks.core.naming.clauses import Window, normalise
from tasks.core.reading.traditional import has_traditional, to_simplified, written_as

# Time, scope and total words frame a figure but do not say what is counted.
LEADING: Final = re.compile(
    r"^(?:[0-9一二三四五六七八九十]+[、.．)）]|[一二三四五六七八九十]是|截至目前|截止目前|截至|截止|目前|"
    r"今年以来|今年|全年|上半年|下半年|同时|并且|并|还|共计|累计|合计|总计|共|已经|已|全区|全市|全县|"
    r"全镇|全省|全国|辖区|我区|我市|我县|我镇|其中|为|向|对|给|在|达到|达(?!成)|\s)+"
)
_TRAILING_WORDS: Final = "达到|达|一共|共计|累计|总计|共|突破|超过|实现|为|有|约|近|逾|了|的"
TRAILING: Final = re.compile(rf"(?:{_TRAILING_WORDS}|\s)+$")
# what a match of TRAILING ends with (before the end, or before a last \n): most clauses end
# in a noun, and then the search is skipped
_TRAILING_LAST: Final = frozenset(w[-1] for w in _TRAILING_WORDS.split("|"))
RIGHT_END: Final = re.compile(r"(?:参与|参加|进行了?|发放了?|的|和|及|与|等)+$")
# The noun after a counting verb ends where the next verb starts: 460名[困难职工]送去慰问品.
RIGHT_HEAD: Final = re.compile(
    r"^(.{2,}?)(?:送去|送上|发放|进行|参与|参加|开展|提供|获得|完成|办理|，|,|$)"
)
LIST_JOINS: Final = "、和及与"
LIST_JOIN_CHARS: Final = frozenset(LIST_JOINS)  # a set: "" is not in it
MAX_HEAD: Final = 16


def right_head(right: str) -> str:
    """The noun phrase a right-headed figure counts, up to the verb that follows it: the
    whole group (77名困难劳模、困难职工送去…: 困难劳模、困难职工)."""
    head = RIGHT_HEAD.match(right.strip("，,、；; "))
    return (head.group(1) if head else right)[:MAX_HEAD]


MAX_SUBJECT: Final = 24


def _words(name: str) -> str:
    """An alternation of a word list of subjects.yaml, longest words first."""
    return "|".join(sorted(map(re.escape, load_yaml("subjects.yaml")[name]), key=len, reverse=True))


# An actor opening the clause (县总工会共筹措…, 我们还…): a short name ending in a unit word,
# before a predicate; not a group that is counted or builds (各级工会…, 新建基层工会共35家).
ACTOR: Final = re.compile(
    rf"^[^，,；;、“”]{{0,12}}?(?:{_words('actor_ends')})"
    rf"(?!组织)(?=(?:{_words('actor_then')}|{_words('carrier_verbs')}))"
)
NOT_ACTOR: Final = re.compile(_words("actor_not"))
TIME: Final = re.compile(rf"^(?:{_words('time_words')})+")
_TIME_FIRST: Final = frozenset(w[0] for w in load_yaml("subjects.yaml")["time_words"])
LIST_VERB: Final = re.compile(rf"^(?:{_words('list_verbs')})了?")
CARRIERS: Final = tuple(sorted(load_yaml("subjects.yaml")["carrier_verbs"], key=len, reverse=True))
CLAIMED: Final = ("计划", "已", "将", "共")  # 计划开展6期疗休养: the verb is what is claimed


def _without_carrier(left: str) -> str:
    """`left` without a verb at its end that only carries the counted noun after the figure
    (举办8期电工培训班 → 培训班)."""
    if not left.endswith(CARRIERS):
        return left
    verb = next(v for v in CARRIERS if left.endswith(v))
    if left[: -len(verb)].endswith(CLAIMED):
        return left
    return left[: -len(verb)]


def _trimmed(left: str) -> str:
    """The clause before a figure without its actor, time and total words (区总工会去年共新建
    工会组织 → 新建工会组织). An actor or time word is kept when nothing else would be left."""
    lead = LEADING.match(left)  # as LEADING.sub: only the match at the start is removed,
    if lead:  # without the engine trying ^ at every later position
        left = left[lead.end() :]
    m = ACTOR.match(left)
    cut = m and len(left) - m.end() >= 2 and not NOT_ACTOR.search(m[0])
    if cut:
        left = left[m.end() :]  # type: ignore[union-attr]  # `cut` implies a match
    m = TIME.match(left) if left[:1] in _TIME_FIRST else None  # where one of its words starts
    if m and len(left) - m.end() >= 2:
        left, cut = left[m.end() :], True
    # LEADING's greedy match above ends where none of its words starts: again only after an
    # actor or time word came off
    m = LEADING.match(left) if cut else None
    if m and len(left) - m.end() >= 2:
        left = left[m.end() :]
    if left and (left[-1] in _TRAILING_LAST or left[-1].isspace()):
        left = TRAILING.sub("", left)
    return left


def _strip(text: str) -> str:
    return RIGHT_END.sub("", text.strip("，,、；; "))


def subject_of(w: Window, right_headed: bool) -> str:
    """The counted noun phrase: the clause before the figure trimmed, or the noun after it.
    Read in simplified characters and given back as written (縣總工會共舉辦…: 舉辦 is read).

    >>> from tasks.core.naming.clauses import Window
    >>> w = Window("全年新建工会组织", "", "全年新建工会组织", "", 0, 0)
    >>> subject_of(w, False)
    '新建工会组织'
    """
    left, right = w.raw_left, w.raw_right
    if not has_traditional(left + right):  # most figures: no traditional character around
        return _subject(left, right, w.raw_before, w.lead, right_headed)
    # the sentence is read only for a campaign's name (…活动, …行动): converted when it may
    # hold one (translating a long sentence is slow), or when a character is looked up in it
    before = w.raw_before
    simple_before = to_simplified(before) if written_as("动").search(before) else None
    simple_left, simple_right = to_simplified(left), to_simplified(right)
    subject = _subject(simple_left, simple_right, simple_before or before, w.lead, right_headed)
    plain, written, out = simple_left + simple_right, left + right, []
    for c in subject:  # each character as first written
        if (i := plain.find(c)) >= 0:
            out.append(written[i])
            continue
        simple_before = simple_before or to_simplified(before)
        out.append(c if (i := simple_before.find(c)) < 0 else before[i])
    return "".join(out)


def _subject(left: str, right: str, before: str, lead: str, right_headed: bool) -> str:
    subject = _clause_subject(left, right, lead, right_headed)
    if "活动" in before or "行动" in before:
        subject = _with_topic(before, subject)
    return subject[:MAX_SUBJECT]


@lru_cache(maxsize=4096)  # reports repeat their wording (a figure's clause and its list's lead)
def _clause_subject(raw_left: str, raw_right: str, lead: str, right_headed: bool) -> str:
    # after a list comma the words on the left belong to the previous figure
    listed = raw_left.rstrip()[-1:] in LIST_JOIN_CHARS
    left = "" if listed and right_headed else _trimmed(raw_left.strip("，,、；; "))
    if right_headed:
        if left or listed:  # up to the next verb: 为460名困难职工送去… → 困难职工
            head = RIGHT_HEAD.match(raw_right.strip("，,、；; "))
            right = RIGHT_END.sub("", head.group(1) if head else raw_right)
        else:  # no verb before the figure: the clause after it says what the counted did
            right = _strip(raw_right)  # (3200名职工参加技能比武)
        # a verb before the counted noun only carries it (举办8期电工培训班 → 培训班)
        left = _without_carrier(left) + right
    elif not left:
        left = _strip(raw_right)
    return (_list_verb(raw_left, lead) + left).strip("“”\"' ")


# A campaign opening a clause of the sentence (春节送温暖活动中…, “助学”活动…, 此次送温暖
# 活动…): its name is in force for every later figure of the sentence.
TOPIC: Final = re.compile(
    r"(?:^|[，,：:\s])在?(?:此次|本次|今年的?|去年的?)?(?:“([^“”]{2,12})”(活动|行动)(中|期间)?|"
    r"([^\s，,。；;：:“”、的]{2,8}?)(活动|行动)(中|期间))(?!的)"
)


def _with_topic(before: str, subject: str) -> str:
    """`subject` with the campaign the sentence opens with: 春节送温暖活动中走访困难职工300户，
    发放慰问金15万元 → 春节送温暖发放慰问金 (and 春节送温暖走访困难职工)."""
    topic = _topic(before)
    if topic is None:
        return subject
    name, what, when = topic
    if when and name + what + when in subject:  # in the figure's own words: the name alone
        return subject.replace(name + what + when, name, 1)
    return subject if name in subject else name + subject


@lru_cache(maxsize=1024)  # the figures of a sentence share its words before them
def _topic(before: str) -> tuple[str, str, str | None] | None:
    """(name, 活动 or 行动, 中/期间 or None) of the last campaign opening a clause of `before`."""
    topic = next(reversed(list(TOPIC.finditer(before))), None)  # the last one
    if topic is None:
        return None
    return topic.group(1, 2, 3) if topic[1] else topic.group(4, 5, 6)  # type: ignore[return-value]


def _list_verb(raw_left: str, lead: str) -> str:
    """The verb opening the 、-list the figure continues, which the figure's own words lack
    (慰问困难职工30人、劳模5人: 慰问 for 5人); "" for none and before a quoted title."""
    item = raw_left.lstrip("、 ")
    verb = LIST_VERB.match(_trimmed(lead)) if lead and item[:1] not in _OPENING else None
    return "" if verb is None or item.startswith(verb.group(0)) else verb.group(0)


_OPENING: Final = frozenset('“"「『')
QUOTED_BEFORE: Final = re.compile(r"[“\"「『]([^“”\"「」『』]{1,16})[”\"」』]$")
_CLOSING: Final = frozenset('”"」』')
_CLOSING_EOL: Final = frozenset(c + "\n" for c in _CLOSING)


def quoted_before(text: str, start: int) -> str | None:
    """The quoted name right before a figure (建成“职工书屋”13家, “图书角”50余个), normalised:
    it is what the figure counts. None when no quote closes right before the figure."""
    if text[start - 1 : start] not in _CLOSING and text[start - 2 : start] not in _CLOSING_EOL:
        return None  # the pattern ends in a closing quote (at the end or before a last \n)
    m = QUOTED_BEFORE.search(text[max(0, start - 20) : start])
    return normalise(m.group(1)) if m else None
