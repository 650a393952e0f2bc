"""Text that may go anywhere: into a cell, a chart title, a log line, the ledger.

XML 1.0 (and so every part of an .xlsx) allows tab, newline, carriage return and the code
points from U+0020 on, except the surrogates U+D800-U+DFFF and U+FFFE/U+FFFF. A report, a
manifest or a file name can hold any of the others; one of them in a sheet makes a workbook
that neither Excel nor openpyxl opens. `xml_safe` is the one place that knows the rule.

File names are bytes on Linux; Python gives the bytes that are not UTF-8 as lone surrogates
(U+DC80-U+DCFF, "surrogateescape"), which SQLite, JSON and XML all refuse. `shown_name`
turns them into a visible `\\xc1` escape, the same for the same bytes every time.
"""

from __future__ import annotations

import os
import re

# Not allowed in XML 1.0, or (DEL and the C1 controls) allowed but shown by nothing.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
REPLACEMENT = "\ufffd"


def _replace(m: re.Match) -> str:
    # A control character (a form feed from a PDF, a bell from a bad copy) reads as a space;
    # a surrogate or a non-character as the replacement character "�".
    return " " if _CONTROL.match(m.group()) else REPLACEMENT


def xml_safe(text: str) -> str:
    """`text` with every character XML 1.0 refuses replaced, one for one (offsets hold).

    >>> xml_safe("a\\x07b\\uffffc\\ud800d\\t\\U0001f600")
    'a b\\ufffdc\\ufffdd\\t\\U0001f600'
    """
    return _NOT_XML.sub(_replace, text) if _NOT_XML.search(text) else text


def shown_name(name: str) -> str:
    """A file name or path as it can be shown and stored: a name that is not UTF-8 has every
    byte beyond ASCII as `\\xNN` (the same bytes always give the same text).

    >>> shown_name("a/\\udcb6\\udcab.txt")
    'a/\\\\xb6\\\\xab.txt'
    >>> shown_name("临江区.txt")
    '临江区.txt'
    """
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        try:
            raw = os.fsencode(name)
        except UnicodeEncodeError:  # a surrogate that stands for no byte
            return xml_safe(name)
        name = "".join(chr(b) if b < 0x80 else f"\\x{b:02x}" for b in raw)
    return xml_safe(name)
