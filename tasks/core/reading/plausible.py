"""Whether decoded bytes read as a Chinese work report or as mojibake.

reading.py tries each candidate encoding strictly; a decoding that succeeds can still be
nonsense (GB18030 accepts almost any bytes), so it must also look like a report.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# Below this share of ordinary characters a decoding is treated as mojibake.
_MIN_PLAUSIBLE = 0.97
# Hanzi outside GB2312 are rare in simplified-Chinese reports but dominate when bytes of
# another encoding (Big5, Shift-JIS, UTF-16) are misread as GB18030.
_MIN_COMMON_HANZI = 0.9
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")

_NOT_A_CHARACTER = ("Cc", "Cs", "Co", "Cn")  # controls, surrogates, private use, unassigned
_ORDINARY_RANGES = (
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0x3000, 0x303F),  # CJK punctuation
    (0xFF00, 0xFFEF),  # full-width forms
    (0x2000, 0x27BF),  # general punctuation, symbols, ①, ■, ★, arrows
    (0x00A0, 0x00FF),  # ·, ×, °
    # Pinyin with tone marks, as mirrored pages gloss characters: 會(huì), 養(yǎng), 綠(lǜ).
    (0x0100, 0x017F),
    (0x01CD, 0x01DC),
    (0xFE30, 0xFE4F),  # vertical / compatibility forms
    (0x1F300, 0x1FAFF),  # emoji sprinkled by copy sites
)


def _is_ordinary(ch: str) -> bool:
    """Characters a Chinese work report is made of (letters, digits, CJK, punctuation)."""
    if ch.isascii():
        return ch.isprintable() or ch in _ALLOWED_CONTROLS
    cat = unicodedata.category(ch)
    if cat in _NOT_A_CHARACTER:
        return False
    o = ord(ch)
    return any(lo <= o <= hi for lo, hi in _ORDINARY_RANGES) or cat.startswith("Z")


@cache
def _suspect() -> re.Pattern:
    """Any character that may not be ordinary: outside printable ASCII and the assigned
    characters of the ordinary ranges. A report holds few, so only they are checked one by
    one (every candidate decoding of every report is checked)."""
    runs: list[list[int]] = [[0x09, 0x0D], [0x20, 0x7E]]
    for lo, hi in sorted(_ORDINARY_RANGES):
        for o in range(lo, hi + 1):
            if unicodedata.category(chr(o)) in _NOT_A_CHARACTER:
                continue
            if runs[-1][1] == o - 1:
                runs[-1][1] = o
            else:
                runs.append([o, o])
    ranges = "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in runs)
    return re.compile(f"[^{ranges}]")


def _unusual(text: str) -> int:
    """How many characters of `text` are not ordinary."""
    return sum(not _is_ordinary(m.group()) for m in _suspect().finditer(text))


def plausible(text: str, check_hanzi: bool = True) -> bool:
    """Whether `text` reads as a report: hardly any unusual characters, no NUL, and (with
    `check_hanzi`) its hanzi mostly the common simplified ones."""
    if not text:
        return False
    bad = _unusual(text)
    if bad / len(text) > 1 - _MIN_PLAUSIBLE or "\x00" in text:
        return False
    return not check_hanzi or _common_hanzi_share(text) >= _MIN_COMMON_HANZI


_HANZI = re.compile("[\u3400-\u9fff]+")


def _common_hanzi_share(text: str) -> float:
    hanzi = "".join(_HANZI.findall(text))
    if not hanzi:
        return 1.0
    # GB2312 writes each hanzi it has in two bytes and drops the others
    return len(hanzi.encode("gb2312", errors="ignore")) // 2 / len(hanzi)


def plausibility(text: str) -> float:
    """Higher for the decoding that reads more like a report (to choose among plausible ones)."""
    return _common_hanzi_share(text) + (len(text) - _unusual(text)) / len(text)
