"""Decoding report files (issue 5 replaces this minimal version)."""

from __future__ import annotations


class UnreadableReport(Exception):
    """A report that cannot be read; the message is for the office clerk (Chinese)."""


def decode_report(data: bytes, name: str) -> tuple[str, str]:
    """Return (text, encoding) of a report's bytes."""
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    raise UnreadableReport(f"{name}: 无法识别文件编码")
