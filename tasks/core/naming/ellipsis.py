"""Counts whose clause leaves out the thing counted (新建爱心驿站10个，改造提升15个; 运营爱心驿站10
个，年底将建成并投入使用10个): the clause names only the action and its time, so the count is of
what the clause before counted, measured alike (s36: dev149a and two probe pages).
"""

from __future__ import annotations

import re
from functools import cache

from tasks.core.common.lexicon import load_yaml
from tasks.core.naming.clauses import Window, normalise
from tasks.core.naming.matcher import Matcher

ELIDED = 0.8  # the confidence of such a naming: counted, its evidence only the verb


@cache
def _elliptic() -> re.Pattern | None:
    spec = load_yaml("indicator_rules.yaml").get("elliptic_counts")
    if not spec:
        return None
    time = "|".join(map(re.escape, spec["time"]))
    verbs = "|".join(map(re.escape, sorted(spec["verbs"], key=len, reverse=True)))
    return re.compile(f"(?:{time})*(?P<verb>(?:{verbs})(?:并|和|及)?)+了?")


def elliptic_indicator(w: Window, prev: str, unit: str, m: Matcher) -> tuple[str, str]:
    """(indicator, verb) when the figure's clause holds only an action and its time, nothing
    after the figure, and the sentence's last named figure counted something measured alike;
    ("", "") otherwise."""
    pattern = _elliptic()
    if pattern is None or not prev or w.right.strip():
        return "", ""
    if normalise(unit) not in m.units.get(prev, ()):
        return "", ""
    found = pattern.fullmatch(w.left.strip())
    return (prev, found.group("verb")) if found else ("", "")
