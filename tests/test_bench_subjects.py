"""bench.subjects: our subject against the gold subject, on a tiny gold file written here."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.quality import natural
from bench.subjects import (
    char_f1,
    is_held_out_half,
    main,
    match,
    pairs_of,
    read_jsonl,
    show,
    table,
    tally,
)

DATA = Path(__file__).parent / "data" / "subjects"


def _read(name: str) -> list[dict]:
    return read_jsonl((DATA / name).read_text("utf-8").splitlines())


def _pairs() -> list[tuple[dict, dict]]:
    return match(_read("gold.jsonl"), _read("ours.jsonl"))


def _fig(doc: str, start: int, end: int, subject: str = "") -> dict:
    return {"doc": doc, "start": start, "end": end, "subject": subject}


def test_spans_pair_one_to_one_largest_overlap_first():
    gold = [_fig("a.txt", 0, 4, "g1"), _fig("a.txt", 3, 6, "g2"), _fig("b.txt", 0, 2, "g3")]
    ours = [_fig("a.txt", 2, 6, "p1"), _fig("b.txt", 5, 7, "p2"), _fig("c.txt", 0, 2, "p3")]
    pairs = match(gold, ours)
    # p1 overlaps g1 by 2 and g2 by 3: it goes to g2; g1 and g3 stay unmatched
    assert [(g["subject"], p["subject"]) for g, p in pairs] == [("g2", "p1")]


def test_pairs_are_the_scorers_pairs():
    from bench.calibration import _match
    from bench.quality import scorer

    if scorer() is None or not scorer().exists():
        pytest.skip("../shared/tools/score_figures.py not found")
    gold = [_fig("a.txt", s, s + n, f"g{s}") for s, n in ((0, 4), (3, 3), (5, 2), (9, 2), (10, 3))]
    ours = [_fig("a.txt", s, s + n, f"p{s}") for s, n in ((2, 4), (4, 4), (9, 4), (20, 1))]
    theirs, _, _ = _match()(gold, ours)
    assert {(g["subject"], p["subject"]) for g, p in match(gold, ours)} == {
        (g["subject"], p["subject"]) for g, p in theirs
    }
    assert len(theirs) == 3


def test_char_f1_counts_shared_characters_as_multisets():
    assert char_f1("慰问金", "慰问金") == 1.0
    assert char_f1("乒乓球赛", "职工文体活动") == 0.0
    # 新发展会员 (5) in 全年新发展会员 (7): P 5/7, R 1
    assert char_f1("新发展会员", "全年新发展会员") == pytest.approx(2 * (5 / 7) / (5 / 7 + 1))


def test_tally_of_the_own_gold_file():
    t = tally(_pairs())
    assert (t.matched, t.gold_empty, t.ours_empty, t.both_empty, t.both) == (5, 0, 1, 0, 4)
    # traditional 職 is read as 职: 困难职工 is contained in the gold subject
    assert (t.exact, t.ours_longer, t.ours_shorter) == (1, 1, 1)
    assert (t.head2, t.noun) == (3, 3)
    assert t.f1_sum / t.both == pytest.approx(
        (1 + char_f1("新发展会员", "全年新发展会员") + char_f1("走访慰问困难职工", "困难职工")) / 4
    )


def test_named_keeps_only_figures_the_gold_names():
    t = tally(_pairs(), named=True)
    assert (t.matched, t.both, t.exact, t.ours_empty) == (4, 3, 1, 1)


def test_table_has_a_row_a_set_and_pooled_rows_without_the_synthetic_sets():
    t = tally(_pairs())
    lines = table({"mine": t, "heldout": tally(_pairs(), named=True)}).splitlines()
    assert lines[2].startswith("| mine | 5 | 0 | 1 | 0 | 4 | 1 (0.25) |")
    assert lines[4].startswith("| **pooled** | 9 |")
    assert lines[5].startswith("| **pooled, real reports** | 5 |")


def test_development_and_held_out_halves_pool_apart():
    t = tally(_pairs())
    lines = table({"dev2": t, "set8a": t, "set8b": tally(_pairs(), named=True)}).splitlines()
    assert [line.split(" | ")[0:2] for line in lines[5:]] == [
        ["| **pooled**", "14"],  # the same as the real reports: shown once
        ["| **pooled, dev2 + a halves**", "10"],
        ["| **pooled, b halves**", "4"],
    ]
    assert natural("dev8a") < natural("dev10a")


def test_show_lists_only_the_disagreements_with_their_words():
    listed = show(_pairs(), DATA, named=False).splitlines()
    assert len(listed) == 4  # the exact pair is not listed; the others in reading order
    assert "gold «慰问金»\tours «»" in listed[2] and "[9.6万元]" in listed[2]
    assert "gold «乒乓球赛»" in listed[3]


def test_held_out_halves_are_never_shown(capsys):
    assert is_held_out_half("dev8b") and is_held_out_half("dev11b")
    assert not is_held_out_half("dev8a") and not is_held_out_half("heldout2")
    with pytest.raises(SystemExit, match="留出"):
        main(["--show", "dev8b"])
    assert capsys.readouterr().out == ""


def test_our_extractor_finds_every_figure_of_the_own_gold_file():
    pairs = pairs_of(DATA / "gold.jsonl", DATA)
    assert [g["text"] for g, _ in sorted(pairs, key=lambda gp: gp[0]["start"])] == [
        "12家",
        "860人",
        "45户",
        "9.6万元",
        "3场",
    ]
    assert all(p["subject"] for _, p in pairs)  # the extractor gives every figure a subject
