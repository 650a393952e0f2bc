"""bench/classes_loso.py builds each lexicon it scores from the one of the start: the classes
it adds and the words a fold leaves out (branch s13-classes, issue 19). Since s16 the classes
are in the lexicon, and the start is the lexicon with them taken out again."""

from __future__ import annotations

from bench.classes_loso import ADDED, CLASSES, NEW_RULES, start_lexicon, variant
from tasks.core.common.lexicon import load_yaml

CURRENT = load_yaml("indicator_rules.yaml")
BASE = start_lexicon(CURRENT)


def test_the_lexicon_is_the_start_with_all_eight_classes() -> None:
    assert variant(BASE, set(CLASSES), None) == CURRENT
    assert (
        "大病互助费" in CURRENT["topics"]["mutual"] and "大病互助费" not in BASE["topics"]["mutual"]
    )


def _rules(config: dict, indicator: str) -> list[dict]:
    return config["indicators"][indicator]["rules"]


def test_no_class_is_the_lexicon_of_the_start() -> None:
    assert variant(BASE, set(), None) == BASE


def test_a_class_adds_its_rules_and_words_and_nothing_else() -> None:
    with_f = variant(BASE, {"F"}, None)
    payout = _rules(with_f, "medical_mutual_payout")
    assert len(payout) == len(_rules(BASE, "medical_mutual_payout")) + 1
    assert "补偿金" in payout[-1]["near"] and payout[-1]["topic"] == "mutual"
    assert "大病互助费" in with_f["topics"]["mutual"]
    assert with_f["indicators"]["union_orgs_total"] == BASE["indicators"]["union_orgs_total"]


def test_a_fold_leaves_out_the_words_only_its_set_showed() -> None:
    blind = variant(BASE, {"F"}, "dev14a")
    near = _rules(blind, "medical_mutual_payout")[-1]["near"]
    assert (
        "补偿金" not in near and "医药费" in near and "费用" in near
    )  # dev14a's, dev9a's, a family word
    assert "互助费" not in blind["topics"]["mutual"]


def test_a_rule_left_without_the_words_of_one_of_its_lists_is_not_added(monkeypatch) -> None:
    # a rule every word of which one set showed (as the direct-affiliation rule of class E was,
    # dev14a's, until s29 withdrew it): blind to that set it is not added at all
    import bench.classes_loso as loso

    monkeypatch.setattr(
        loso, "ADDED", [*loso.ADDED, ("E", ("new", "E-x", "near"), "直属工会", {"dev14a"})]
    )
    monkeypatch.setitem(loso.NEW_RULES, "E-x", ("E", "union_orgs_total", {}, ""))

    def direct(config: dict) -> bool:
        return any(
            r.get("near", [None])[0] == "直属工会" for r in _rules(config, "union_orgs_total")
        )

    assert direct(loso.variant(BASE, {"E"}, None))
    assert not direct(loso.variant(BASE, {"E"}, "dev14a"))


def test_every_listed_word_belongs_to_a_known_class_and_rule() -> None:
    assert {w[0] for w in ADDED} == set(CLASSES)
    assert {w[1][1] for w in ADDED if w[1][0] == "new"} == set(NEW_RULES)
