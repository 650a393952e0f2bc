"""Load the data files in tasks/lexicon/ (units, qualifiers, exclusions, markers, catalogue).

Lexicons are data, not code: every stage reads its word lists through here, so a user
or a later issue can extend them without touching Python.
"""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources

import yaml


def read_lexicon_text(name: str) -> str:
    """Return the text of tasks/lexicon/<name> (UTF-8)."""
    return resources.files("tasks.lexicon").joinpath(name).read_text(encoding="utf-8")


@cache
def load_yaml(name: str):
    """Parsed YAML of a lexicon file; cached, so treat the result as read-only."""
    return yaml.safe_load(read_lexicon_text(name))


@cache
def load_csv(name: str) -> tuple[dict, ...]:
    """Rows of a lexicon CSV as dicts; lines starting with # are comments."""
    lines = [ln for ln in read_lexicon_text(name).splitlines() if not ln.startswith("#")]
    return tuple(csv.DictReader(io.StringIO("\n".join(lines))))
