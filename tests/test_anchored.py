"""The inline clutter found from its anchors is exactly what the joined pattern finds."""

from __future__ import annotations

import random
import re

from tasks.core.reading.anchored import Anchored
from tasks.core.reading.noise import INLINE, INLINE_RE

# own sentences and the pieces the inline patterns are made of
PIECES = [
    "本站网址：",
    "网址: ",
    "来源：",
    "：",
    ":",
    " ",
    "\u3000",
    "\n",
    "http://",
    "https://",
    "//",
    "www.",
    "WWW.",
    "example",
    "ab-c",
    ".com",
    ".cn",
    "/x?a=1&b=2",
    "总结",
    "工会",
    ".",
    "-",
    "附件",
    "图片3.PNG",
    ".jpg",
    ".docx",
    ".pdf",
    "a.pd",
    "分辨率",
    "为1920×1080",
    " 800 x 600",
    "1234",
    "人阅读",
    "5.6万人已下载",
    " 万 ",
    "人",
    "点赞",
    "，",
    "。",
    "_",
    "文件名",
    "12",
    "(",
    "）",
    "x",
    "报告.doc",
    "表",
    "下载",
]


def _spans(found) -> list[tuple[int, int]]:
    return [m.span() for m in found]


def test_anchored_finds_what_the_joined_pattern_finds() -> None:
    rng = random.Random(20)
    texts = [
        "本站网址：www.example.com 欢迎访问。职工之家建成12个。",
        "附件：活动照片3.jpg、总结.docx；分辨率：1920×1080，共5.6万人阅读",
        "来源：  https://ab-c.example.cn/x?a=1 全年发展会员300人",
        "文件名很长很长很长很长很长很长很长很长很长很长很长很长的报告.pdf",
        "www.png www.a.cn//b.cn",
    ]
    texts += ["".join(rng.choices(PIECES, k=rng.randint(1, 40))) for _ in range(3000)]
    hits = 0
    for text in texts:
        want = _spans(INLINE_RE.finditer(text))
        assert _spans(INLINE.finditer(text)) == want, text
        hits += bool(want)
    assert hits > 1000  # the random texts do hold clutter


def test_anchored_tries_positions_before_an_overlapping_anchor() -> None:
    # the anchor `ab` hides the overlapping `bc`; a match of `xbc` starts before `b`
    found = Anchored(re.compile("x*bc|ab"), re.compile("ab|bc"), re.compile("x"), 0)
    for text in ["abc", "xxbc", "aabcbc", "xabc"]:
        assert _spans(found.finditer(text)) == _spans(re.finditer("x*bc|ab", text)), text
