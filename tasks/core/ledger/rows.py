"""A report as the ledger stores it: plain rows, built where the report was analysed.

Workers (other processes or machines) build these and hand them back; the process that writes
the ledger then only inserts them (store.record_rows). Plain tuples of strings and numbers
cost little to pickle and to unpickle, unlike `Figure` objects and the report's whole text,
and the sentence and line of each figure are found once, in the worker.
"""

from __future__ import annotations

from dataclasses import dataclass

from tasks.core.common.model import Report
from tasks.core.common.text import Locator

# The reports table's columns a report's rows carry (path and sha256 apart); the run adds
# the analysis key, the file's mtime and when it was read.
REPORT_COLUMNS = "doc, org, year, period, kind, meta_source, encoding, chars, stated_date"
FIGURE_COLUMNS = (
    'report_id, start, "end", text, value, unit, qualifier, placeholder, subject, indicator,'
    " section, kind, sentence, sentence_start, line, confidence, evidence, candidate,"
    " source, ocr_confidence, needs_review, review_reason, table_row, table_column"
)


@dataclass(frozen=True)
class ReportRows:
    """One analysed report version, row by row, without its ledger id (given when inserted)."""

    path: str  # the ledger's name for the report
    sha256: str
    report: tuple  # the values of REPORT_COLUMNS
    figures: list[tuple]  # FIGURE_COLUMNS but report_id
    hidden: list[tuple]  # the hidden table's columns but report_id


def report_rows(report: Report) -> ReportRows:
    """The ledger rows of `report`."""
    m, text = report.meta, report.text
    head = (report.doc, m.org, m.year, m.period, m.kind, m.source, report.encoding)
    head += (len(text), report.stated_date)
    figures = []
    at = Locator(text)
    # figures of one sentence share one string: it is pickled (and unpickled) once
    sentences: dict[str, str] = {}
    for f in report.figures:
        sentence, s0 = at.sentence(f.start, f.end)
        sentence = sentences.setdefault(sentence, sentence)
        figures.append(
            (
                f.start,
                f.end,
                f.text,
                f.value,
                f.unit,
                f.qualifier,
                int(f.placeholder),
                f.subject,
                f.indicator,
                f.section,
                f.kind,
                sentence,
                s0,
                at.line(f.start),
                f.confidence,
                f.evidence,
                f.candidate,
                f.source,
                f.ocr_confidence,
                int(f.needs_review),
                f.review_reason,
                f.table_row,
                f.table_column,
            )
        )
    hidden = [
        (
            h.start,
            h.end,
            h.marker,
            at.sentence(h.start, h.end)[0],
            at.line(h.start),
        )
        for h in report.hidden
    ]
    return ReportRows(report.path, report.sha256, head, figures, hidden)
