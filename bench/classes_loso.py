"""Leave-one-set-out for the naming classes of branch s13-classes (issue 19).

Every word or rule the branch tried in tasks/lexicon/indicator_rules.yaml is listed below with
its class (RECORD.md of dev14: A, A', E, F, I, J, K, T) and the development sets whose naming
errors showed it ("" = a word of the same family that no error showed). For a class and a set
S the lexicon is rebuilt with that class alone (every other class's additions taken out) and
without the words that only S's errors showed: does S move? `before` is the lexicon without
any class (the session's start), `in` the class with every word, `loso` the class as it
would have been built blind to S.

    SCORECARD_SHARED=/work/shared python -m bench.classes_loso --extra /work/extra
    SCORECARD_SHARED=/work/shared python -m bench.classes_loso --sets dev15a dev15b … dev19b

The classes are in the lexicon since s16: they met five real sets built after them (dev15–dev19,
blind to every class; `--sets` scores those) and moved them. The start is the lexicon with
every class's words and rules taken out again (`start_lexicon`).

Scores the named copies of the tree in a scratch folder; nothing in the working tree changes.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
RULES = "tasks/lexicon/indicator_rules.yaml"
SETS = ("dev2", "dev8a", "dev9a", "dev10a", "dev11a", "dev14a")

# (class, where, word, sets that showed it). where: ("topic", name), ("ind", indicator, key),
# ("old", indicator, first near word, first verb word, key) for a rule of the start, or
# ("new", name, key) for a rule a class adds (listed in NEW_RULES with its other keys).
NEW_RULES = {  # name: (class, indicator, the rule's keys other than its word lists, sets)
    "A": ("A", "skills_competition_workers", {"topic": "competition", "topic_in": "sentence"}, ""),
    "A-training": (
        "A",
        "skills_training",
        {"topic": ["培训", "培训班"], "topic_in": "context"},
        "",
    ),
    "E": ("E", "union_orgs_total", {}, ""),
    # (E-direct, the direct affiliates alone, dev14a's, was withdrawn in s29: it named 0 right
    # of 3 on the unseen halves dev68–dev116)
    "J": ("J", "hardship_workers", {"priority": 2}, ""),
    "F": (
        "F",
        "medical_mutual_payout",
        {"topic": "mutual", "topic_in": "context", "priority": 2},
        "",
    ),
    "I-family": ("I", "student_aid", {"topic_in": "context", "priority": 2}, ""),
    "I-worker": ("I", "student_aid", {"topic_in": "local", "priority": 2}, ""),
    "T-compound": ("T", "relief_funds", {"topic_in": "context"}, ""),
    "T-fund": ("T", "relief_funds", {"topic_in": "ext"}, ""),
}
_C = "skills_competition_workers"
_U = "union_orgs_total"


def _words(cls: str, where: tuple, spec: str) -> list[tuple]:
    """`spec`: 'word:set,set word:set word' (a word with no sets is a family word)."""
    out = []
    for item in spec.split():
        word, _, sets = item.partition(":")
        out.append((cls, where, word, frozenset(s for s in sets.split(",") if s)))
    return out


ADDED: list[tuple] = [
    *_words("A", ("new", "A", "near"), "参加:dev9a 参与 覆盖职工:dev14a 覆盖:dev14a"),
    *_words("A", ("new", "A-training", "near"), "参加人数:dev10a 参与人数 参加人员"),
    *_words("A'", ("ind", _C, "not_local"), "决赛:dev10a 复赛 第一名:dev9a 第二名 第三名 冠军"),
    *_words("A'", ("ind", _C, "not_sentence"), "轮训:dev8a"),
    *_words(
        "E",
        ("new", "E", "near"),
        "工会:dev10a 单建工会:dev10a 独建工会 独立工会:dev8a 基层独立工会:dev8a 直属工会:dev14a 直属基层工会",
    ),
    *_words(
        "E",
        ("new", "E", "verb"),
        "已建:dev10a 已有:dev10a 现有:dev18a,dev54a 发展到:dev8a 已发展到:dev8a 增加到 增至",
    ),
    *_words(
        "E",
        ("old", "new_union_orgs", "工会", "新建", "near"),
        "单建工会 独建工会 独立工会 基层独立工会 直属工会 直属基层工会",
    ),
    *_words(
        "K", ("ind", _U, "not_local"), "达标:dev9a 参加:dev11a 迁移 搬迁 开展 试点 示范:dev9a 先进"
    ),
    *_words("K", ("ind", "rest_stations", "not"), "迁移:dev14a 搬迁 达标"),
    *_words(
        "J",
        ("new", "J", "near"),
        "困难职工 困难职工数:dev14a 特困职工:dev8a 困难职工家庭 特困职工家庭",
    ),
    *_words(
        "J", ("new", "J", "verb"), "统计:dev14a 核实:dev14a 统计核实:dev14a 上报:dev8a 核定 认定"
    ),
    *_words("J", ("ind", "hardship_workers", "not_left"), "筛选:dev11a 筛选出:dev11a"),
    *_words(
        "F",
        ("topic", "mutual"),
        "大病互助费:dev14a 大病补偿:dev14a 大病救助:dev14a 医疗救助基金",
    ),
    *_words(
        "F",
        ("new", "F", "near"),
        "补偿金:dev14a 互助补偿金:dev14a 补助金:dev11a 医疗补助金:dev11a 救助金:dev14a 医药费:dev9a 互助费:dev14a 大病互助费:dev14a 基金:dev9a 互助基金:dev9a 费用",
    ),
    *_words(
        "F", ("ind", "relief_funds", "not_local"), "互助金:dev14a 大病救助:dev14a 医疗互助 大病互助"
    ),
    *_words("I", ("topic", "aid"), "奖学金:dev14a"),
    *_words(
        "I",
        ("new", "I-family", "near"),
        "家庭:dev11a,dev14a 职工家庭:dev14a 困难职工家庭 特困职工家庭:dev11a",
    ),
    *_words(
        "I", ("new", "I-family", "topic"), "金秋助学:dev11a 助学金:dev11a 奖学金:dev14a 爱心助学"
    ),
    *_words("I", ("new", "I-worker", "near"), "困难职工 特困职工:dev11a 职工"),
    *_words("I", ("new", "I-worker", "topic"), "助学金:dev11a 奖学金:dev14a"),
    *_words(
        "T",
        ("new", "T-compound", "near"),
        "救济金:dev9a 慰问救济金:dev9a 补助金:dev9a 帮扶金额:dev10a 救助金额 慰问金额 帮扶款",
    ),
    *_words(
        "T",
        ("new", "T-compound", "topic"),
        "困难职工:dev10a 特困职工:dev9a 困难家庭 帮扶困难:dev10a 慰问困难 慰问特困:dev9a 帮扶人数:dev9a 困难职工帮扶:dev9a",
    ),
    *_words("T", ("new", "T-fund", "verb"), "拿出:dev11a 筹集 安排 投入"),
    *_words("T", ("new", "T-fund", "near"), "资金:dev11a 专款"),
    *_words("T", ("new", "T-fund", "topic"), "帮困基金:dev11a 帮扶基金 帮困:dev11a 救助基金"),
]
CLASSES = ("A", "A'", "E", "F", "I", "J", "K", "T")


def start_lexicon(current: dict) -> dict:
    """`current` (the lexicon with the eight classes) without any of their words or rules:
    the lexicon of the start, where `variant` adds them back."""
    config = yaml.safe_load(yaml.safe_dump(current, allow_unicode=True))
    for name, (_, ind, keys, _) in NEW_RULES.items():
        lists: dict[str, list[str]] = {}
        for _, where, word, _ in ADDED:
            if where[:2] == ("new", name):
                lists.setdefault(where[2], []).append(word)
        rules = config["indicators"][ind]["rules"]
        rules[:] = [r for r in rules if r != {**lists, **keys}]
    for _, where, word, _ in ADDED:
        if where[0] == "topic":
            config["topics"][where[1]].remove(word)
        elif where[0] == "ind":
            entry = config["indicators"][where[1]]
            entry[where[2]].remove(word)
            if not entry[where[2]]:
                del entry[where[2]]
        elif where[0] == "old":
            rules = config["indicators"][where[1]]["rules"]
            rule = next(r for r in rules if r["near"][0] == where[2] and r["verb"][0] == where[3])
            rule[where[4]].remove(word)
    return config


def variant(base: dict, keep: set[str], blind_to: str | None) -> dict:
    """The lexicon of the start with the classes of `keep` added, each without the words that
    only `blind_to`'s errors showed."""
    config = yaml.safe_load(yaml.safe_dump(base, allow_unicode=True))  # a deep copy, anchors undone
    new = {name: {} for name, (cls, *_) in NEW_RULES.items() if cls in keep}
    for cls, where, word, sets in ADDED:
        if cls not in keep or (sets and sets <= {blind_to}):
            continue
        if where[0] == "new":
            new[where[1]].setdefault(where[2], []).append(word)
        elif where[0] == "topic":
            config["topics"][where[1]].append(word)
        elif where[0] == "ind":
            config["indicators"][where[1]].setdefault(where[2], []).append(word)
        else:
            rules = config["indicators"][where[1]]["rules"]
            rule = next(r for r in rules if r["near"][0] == where[2] and r["verb"][0] == where[3])
            rule[where[4]].append(word)
    for name, lists in new.items():
        _, ind, keys, sets = NEW_RULES[name]
        wanted = {w[2] for _, w, _, _ in ADDED if w[:2] == ("new", name)}
        if (sets and sets == blind_to) or set(lists) != wanted:
            continue  # a rule left without one of its word lists would name anything
        config["indicators"][ind]["rules"].append({**lists, **keys})
    return config


def score(tree: Path, config: dict, sets: list[str], extra: str) -> dict[str, tuple[int, int, int]]:
    """Naming counts (right, gold named, predicted named) per set with `config` as the lexicon."""
    (tree / RULES).write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "bench.quality", "--extra", extra, "--sets", *sets],
        cwd=tree,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(tree)},
    ).stdout
    res = {}
    for m in re.finditer(
        r"^\| (\S+) \|.*\| [\d.]+ \((\d+)/(\d+)\) \| [\d.]+ \((\d+)/(\d+)\) \|$", out, re.M
    ):
        res[m.group(1)] = (int(m.group(2)), int(m.group(3)), int(m.group(5)))
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--extra", default=os.environ.get("SCORECARD_EXTRA", "/work/extra"))
    ap.add_argument("--classes", nargs="*", default=[*CLASSES, "all"], help="only these rows")
    ap.add_argument("--sets", nargs="*", default=list(SETS), help="sets scored (default: s13's)")
    a = ap.parse_args()
    current = yaml.safe_load((ROOT / RULES).read_text(encoding="utf-8"))
    full = start_lexicon(current)  # the start: no class
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "tree"
        shutil.copytree(ROOT, tree, ignore=shutil.ignore_patterns(".git", "output", "__pycache__"))
        before = score(tree, full, a.sets, a.extra)
        print("| class | set | before | with the class | blind to the set |")
        print("|---|---|---|---|---|")
        for cls in a.classes:
            keep = set(CLASSES) if cls == "all" else {cls}
            inside = score(tree, variant(full, keep, None), a.sets, a.extra)
            for s in a.sets:
                shown = any(s in w[3] for w in ADDED if w[0] in keep)
                blind = score(tree, variant(full, keep, s), [s], a.extra)[s] if shown else inside[s]
                cells = [_cell(x) for x in (before[s], inside[s], blind)]
                print(f"| {cls} | {s} | {' | '.join(cells)} |", flush=True)


def _cell(c: tuple[int, int, int]) -> str:
    right, gold, named = c
    return f"R {right}/{gold} P {right}/{named}"


if __name__ == "__main__":
    main()
