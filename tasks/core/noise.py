"""Site clutter and hidden-content detection (issue 3/5 replace this minimal version)."""

from __future__ import annotations

from tasks.core.model import HiddenPart


def find_hidden(text: str) -> list[HiddenPart]:
    marker = "此处内容需要权限查看"
    at = text.find(marker)
    return [HiddenPart(at, at + len(marker), marker)] if at >= 0 else []
