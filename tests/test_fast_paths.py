"""The shortcuts of the analysis (issue 20: ≥ 2 MB per CPU-second) give what the plain code
gave: figure copies, traditional characters past U+FFFF, the compiled catalogue, headings."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tasks.core.common import load_default_catalogue
from tasks.core.common.model import Figure
from tasks.core.document.sections import headings
from tasks.core.naming.clauses import _traditional_map, normalise
from tasks.core.naming.matcher import compile_catalogue


def test_figure_copy_is_dataclass_replace():
    f = Figure("a.txt", 3, 6, "35家", 35, "家")
    changes = {"subject": "新建工会组织", "indicator": "new_union_orgs", "confidence": 0.9}
    copy = f.with_(**changes)
    assert copy == replace(f, **changes)
    assert hash(copy) == hash(replace(f, **changes))
    assert f.indicator == ""  # the original is untouched
    with pytest.raises(TypeError):
        f.with_(colour="red")


def test_traditional_character_past_the_basic_plane_is_simplified():
    astral = [o for o in _traditional_map() if o > 0xFFFF]
    assert astral, "the map has characters past U+FFFF"
    ch = chr(astral[0])
    assert normalise(f"慰问{ch}职工") == f"慰问{_traditional_map()[astral[0]]}职工"
    assert normalise("“兩節”送溫暖") == "两节送温暖"
    assert normalise("参训员工(yuán)") == "参训职工"


def test_catalogue_compiled_once_whether_same_or_equal():
    catalogue = load_default_catalogue()
    first = compile_catalogue(catalogue)
    assert compile_catalogue(catalogue) is first
    equal = type(catalogue)(tuple(catalogue.indicators))
    assert compile_catalogue(equal) is first


def test_heading_styles_tried_in_the_lexicon_order():
    text = "标题\n一、总体情况\n（一）组织建设\n1.新建工会\n（1）企业\n①村级\n二、下一步工作安排\n"
    found = [(h.style, h.label, h.plan) for h in headings(text)]
    assert found == [
        ("chinese", "一、总体情况", False),
        ("paren_chinese", "（一）组织建设", False),
        ("arabic", "1.新建工会", False),
        ("paren_arabic", "（1）企业", False),
        ("circled", "①村级", False),
        ("chinese", "二、下一步工作安排", True),
    ]
