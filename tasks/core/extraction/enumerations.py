"""A count that sums the list right before it (集体合同、工资专项、女职工专项三项合同, 强化组织、
人员和经费三项保障, “班子、干部素质、制度”三个建设: dev81a, dev85a — three sources, two sets):
the number says how many items were just named, it counts no work done. Only measure words
of items (exclusions.yaml `enumerations`), or the others where the list stands in quotes, and
only where the list's items, split at 、, 和, 及, 与, are exactly as many as the count. A list
closed by 等 (…等四项合同, …等三项指标) leaves the count standing, as two sets' gold has it."""

from __future__ import annotations

import re
from typing import Final

from tasks.core.common.lexicon import load_yaml

_EX: Final = load_yaml("exclusions.yaml")["enumerations"]
UNITS: Final = frozenset(_EX["units"])
QUOTED_UNITS: Final = frozenset(_EX["quoted_units"])
REACH: Final[int] = _EX["reach"]
_STOPS: Final = re.compile(r"[，,。；;：:！!？?\n（(）)]")
_JOINS: Final = re.compile("[、和及与]")
_CLOSERS: Final = "”」』\"'"


def sums_a_list(text: str, start: int, unit: str, count: int | None) -> bool:
    """The figure at `start` (`count` things in `unit`) sums the list that ends right before it."""
    if count is None or count < 2 or unit not in UNITS | QUOTED_UNITS:
        return False
    before = text[max(0, start - REACH) : start]
    quoted = before.endswith(tuple(_CLOSERS))
    if unit not in UNITS and not quoted:
        return False
    if before.rstrip().endswith("等"):
        return False  # 签订…等四项合同: 等 leaves the list open, the count stands (dev71a, dev85a)
    stops = list(_STOPS.finditer(before))
    stretch = before[stops[-1].end() :] if stops else before
    items = [i for i in _JOINS.split(stretch.strip(_CLOSERS + "“「『 ")) if i.strip()]
    return len(items) == count
