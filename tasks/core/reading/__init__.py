"""Reading: the bytes of a report file become its text, or a plain reason why they cannot.

In: bytes and the file's name (.txt in UTF-8/GB18030/UTF-16, .docx, .doc/.wps through
LibreOffice, .pdf by its text layer or by OCR, .png/.jpg by OCR).
Out: decoded text, with the spans of its table cells (and their headers) and of the lines
read by OCR (and the OCR's confidence); `UnreadableReport` with a message a clerk
understands; the spans of site clutter and hidden content (noise) that later stages leave
alone. Running LibreOffice and the OCR engine happens here, at the reading edge.
"""

from tasks.core.reading.decode import (
    UnreadableReport,
    decode_report,
    os_error_message,
    read_document,
)
from tasks.core.reading.layout import Assembled

__all__ = ["Assembled", "UnreadableReport", "decode_report", "os_error_message", "read_document"]
