"""The shortcuts of the analysis (issue 20: ≥ 2 MB per CPU-second) give what the plain code
gave: figure copies, traditional characters past U+FFFF, the compiled catalogue, headings."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tasks.core.common import load_default_catalogue
from tasks.core.common.model import Figure
from tasks.core.document.sections import headings
from tasks.core.naming.matcher import compile_catalogue
from tasks.core.naming.spelling import _traditional_map, normalise


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


def value_for(k: int, f) -> object:
    """A value that fits field `f` (compiled, a native class checks the types it is given):
    of its default's type, or of its annotation (an int for a union)."""
    from dataclasses import MISSING

    if f.default is not MISSING:
        d = f.default
        if isinstance(d, bool):
            return not d
        if isinstance(d, int | float):
            return type(d)(k + 1)
        if isinstance(d, tuple):
            return (f"value {k}",)
        return f"value {k}" if isinstance(d, str) else k + 0.5  # None: a float or Any
    kind = f.type if isinstance(f.type, str) else f.type.__name__
    if kind.startswith("tuple"):
        return ()
    if kind == "bool":
        return True
    return f"value {k}" if kind == "str" else k + 1


def vars_of(obj) -> dict:
    from dataclasses import fields

    return {f.name: getattr(obj, f.name) for f in fields(obj)}


def test_written_out_inits_take_the_fields_as_a_dataclass_would():
    """Figure, Hit, Naming, Heading, _Line and Window write their __init__ out (compiled, a
    generated one would run as Python): same parameters, defaults and instance as @dataclass
    would give them."""
    from dataclasses import MISSING, fields, make_dataclass, replace

    from tasks.core.document.sections import Heading, _Line
    from tasks.core.naming.clauses import Window
    from tasks.core.naming.scoring import Hit, Naming

    for cls in (Figure, Hit, Naming, Heading, _Line, Window):
        # every field by name and in order (compiled, __init__ has no signature to read)
        values = {f.name: value_for(k, f) for k, f in enumerate(fields(cls))}
        assert vars_of(cls(**values)) == vars_of(cls(*values.values())) == values, cls
        generated = make_dataclass("G", [(f.name, f.type, f) for f in fields(cls)])
        args = [value_for(k, f) for k, f in enumerate(fields(cls)) if f.default is MISSING]
        mine, theirs = cls(*args), generated(*args)
        assert vars_of(mine) == vars_of(theirs)  # the same defaults
        assert mine == replace(mine) and (cls is Window or hash(mine) == hash(cls(*args)))
    with pytest.raises(TypeError):
        Hit("a", (1,))  # a field without a default is still required
    f = Figure("a.txt", 3, 6, "35家", 35, "家", kind="plan")
    assert (f.qualifier, f.kind, f.confidence, f.table_column) == ("exact", "plan", None, "")
    g = f.with_(indicator="x", confidence=0.9)
    assert (g.indicator, g.confidence, g.kind, f.indicator) == ("x", 0.9, "plan", "")
    assert g == replace(f, indicator="x", confidence=0.9)
    with pytest.raises(TypeError):
        f.with_(colour="red")


def test_window_stretches_are_normalised_once_when_read():
    from tasks.core.naming.clauses import Window

    w = Window("", "", "", "", 0, 0, raw_next="會(huì)員", raw_tail="工會")
    assert w._next is None and w.next == "会员" and w._next == "会员"
    assert w.tail == "工会" and w.sentence == "" and w._context is None


@pytest.mark.parametrize(
    "text", ["参训员工", "教职员工", "工会员工", "成立了工会", "新建工会", "“兩節”員工(gōng)"]
)
def test_synonyms_skipped_only_where_none_matches(text):
    """normalise skips the synonym substitutions when one search finds none of them."""
    from tasks.core.naming import spelling as clauses

    plain = clauses.BRACKET_NOISE.sub("", text).translate(clauses._traditional_map())
    plain = clauses.DROP.sub("", plain)
    for pattern, word in clauses._synonyms():
        plain = pattern.sub(word, plain)
    assert clauses.normalise.__wrapped__(text) == plain
