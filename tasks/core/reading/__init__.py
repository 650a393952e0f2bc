"""Reading: the bytes of a report file become its text, or a plain reason why they cannot.

In: bytes and the file's name (.txt in UTF-8/GB18030/UTF-16, .docx, .pdf).
Out: decoded text; `UnreadableReport` with a message a clerk understands; the spans of site
clutter and hidden content (noise) that later stages leave alone.
"""

from tasks.core.reading.decode import UnreadableReport, decode_report, os_error_message

__all__ = ["UnreadableReport", "decode_report", "os_error_message"]
