"""Heading tree and plan sections (issue 5 replaces this minimal version)."""

from __future__ import annotations

from tasks.core.model import Figure


def assign_sections(text: str, figures: list[Figure]) -> list[Figure]:
    return figures
