"""Check measure_words.yaml against CC-CEDICT's classifier notes (run by hand, not shipped data).

Every classifier CC-CEDICT names in a `CL:` note (simplified and traditional forms) must be in
measure_words.yaml `classifiers`, in its `left_out` lists, or in units.yaml's own count list;
and nothing may be listed there as a CC-CEDICT classifier that the dictionary does not have.

    python -m tasks.lexicon.make_measure_words PATH/TO/cedict_ts.u8
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from tasks.core.common.lexicon import load_yaml

# CL:個|个[ge4],條|条[tiao2]: traditional|simplified[pinyin], or one form when they agree.
_CL = re.compile(r"CL:([^/]+)")
_ITEM = re.compile(r"(?:([^|\[\s,]+)\|)?([^|\[\s,]+)\[")


def cedict_classifiers(text: str) -> set[str]:
    """Every form (traditional and simplified) of every classifier in a CC-CEDICT file."""
    out: set[str] = set()
    for note in _CL.finditer(text):
        for item in _ITEM.finditer(note.group(1)):
            out.update(form for form in item.groups() if form)
    return out


def compare(cedict: set[str]) -> tuple[set[str], set[str]]:
    """(in CC-CEDICT but in no list here, listed here as a classifier but not in CC-CEDICT)."""
    lists = load_yaml("measure_words.yaml")
    listed = set(lists["classifiers"])
    left_out = {w for words in lists["left_out"].values() for w in words}
    core = set(load_yaml("units.yaml")["count"])
    return cedict - listed - left_out - core, listed - cedict


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cedict", type=Path)
    args = parser.parse_args()
    missing, unknown = compare(cedict_classifiers(args.cedict.read_text(encoding="utf-8")))
    print("CC-CEDICT 中有、此处未列：", " ".join(sorted(missing)) or "无")
    print("此处列为量词、CC-CEDICT 中没有：", " ".join(sorted(unknown)) or "无")
    raise SystemExit(1 if missing or unknown else 0)


if __name__ == "__main__":
    main()
