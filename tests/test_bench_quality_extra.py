"""bench.quality --extra: gold sets kept outside the repository, found by folder layout."""

from __future__ import annotations

from pathlib import Path

from bench.quality import extra_sets, gold_sets


def _layout(root: Path) -> Path:
    (root / "gold").mkdir(parents=True)
    (root / "set9").mkdir()
    (root / "other").mkdir()
    for name in ("set9", "set9a", "set9b", "lonely"):
        (root / "gold" / f"{name}.jsonl").write_text("", encoding="utf-8")
    return root


def test_each_gold_file_takes_the_folder_whose_name_starts_it(tmp_path):
    sets = extra_sets(_layout(tmp_path / "extra"))
    assert {name: docs.name for name, (_, docs) in sets.items()} == {
        "set9": "set9",
        "set9a": "set9",
        "set9b": "set9",
    }  # lonely.jsonl has no folder of documents: left out
    assert sets["set9a"][0] == tmp_path / "extra" / "gold" / "set9a.jsonl"


def test_a_folder_named_exactly_wins_over_a_shorter_start(tmp_path):
    root = _layout(tmp_path / "extra")
    (root / "set9a").mkdir()
    assert extra_sets(root)["set9a"][1] == root / "set9a"


def test_extra_sets_come_after_the_repository_sets(tmp_path):
    names = list(gold_sets(_layout(tmp_path / "extra")))
    assert names[-3:] == ["set9", "set9a", "set9b"]
    assert "heldout" in names and "set9" not in gold_sets()
