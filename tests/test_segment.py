"""The naming's segmenter gives exactly jieba's words (tasks/core/naming/segment.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tasks.core.common import load_default_catalogue
from tasks.core.naming.clauses import normalise
from tasks.core.naming.matcher import compile_catalogue

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def _texts() -> list[str]:
    """The sample reports, the held-out sets and (when present) ../shared's reports."""
    paths = sorted((ROOT / "reports").rglob("*.txt"))
    paths += sorted((ROOT / "tests" / "data").glob("heldout*/*.txt"))
    paths += sorted(SHARED.glob("*/*.txt")) if SHARED.is_dir() else []
    return [p.read_text("utf-8", errors="replace") for p in paths]


def _stretches(text: str, width: int) -> list[str]:
    """Overlapping pieces of `text`, as written and normalised, as naming cuts them."""
    pieces = [text[i : i + width] for i in range(0, len(text), width // 3)]
    return pieces + [normalise(p) for p in pieces]


@pytest.fixture(scope="module")
def matcher():
    return compile_catalogue(load_default_catalogue())


def test_same_words_as_jieba(matcher):
    seen = 0
    for text in _texts():
        for width in (7, 19, 45):
            for piece in _stretches(text, width):
                assert matcher.segmenter.cut(piece) == list(
                    matcher.tokenizer.cut(piece, HMM=False)
                ), piece
                seen += 1
    assert seen > 10_000


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\n",
        "a1b2 c3",
        "ABC新建工会组织35家",
        "全年发放慰问金1,234.5万元（含物资）",
        "送温暖 送清凉\r\n金秋助学",
    ],
)
def test_edge_cases(matcher, text):
    assert matcher.segmenter.cut(text) == list(matcher.tokenizer.cut(text, HMM=False))
