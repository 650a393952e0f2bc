"""Plain result types shared by every stage. No Prefect, no file access."""

from __future__ import annotations

from dataclasses import MISSING, asdict, dataclass, field, fields

QUALIFIERS = ("exact", "over", "under", "about")
PERIODS = ("全年", "上半年", "下半年", "第一季度", "第二季度", "第三季度", "第四季度", "前三季度")
REPORT_KINDS = ("总结", "述职", "报告", "计划")
FIGURE_KINDS = ("achievement", "plan", "target")  # target: stated in a completion table


def fills_at_once(cls: type) -> type:
    """A frozen dataclass with an `__init__` of the same parameters and defaults that fills
    the instance's dict directly (put above `@dataclass(frozen=True)`): the generated one sets
    each field through `object.__setattr__`, and the analysis makes a `Figure` for every
    number it reads and several small results for every figure."""
    if hasattr(cls, "__post_init__") or hasattr(cls, "__slots__"):
        raise TypeError(f"{cls.__name__}: no __post_init__ or slots here")
    params, ns = [], {}
    for f in fields(cls):
        if f.default_factory is not MISSING or not f.init:
            raise TypeError(f"{cls.__name__}.{f.name}: only plain fields and defaults")
        if f.default is MISSING:
            params.append(f.name)
        else:
            ns[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
    body = "".join(f"    d[{f.name!r}] = {f.name}\n" for f in fields(cls))
    exec(f"def __init__(self, {', '.join(params)}):\n    d = self.__dict__\n{body}", ns)
    init = ns["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    cls.__init__ = init  # type: ignore[misc]
    return cls


@fills_at_once
@dataclass(frozen=True)
class Figure:
    """One quantity stated in a report (spec: figures.md).

    `value` is exact: an int when integral, else a float built from a Decimal,
    in the unit's base (money in 元, rates in percent); None for a placeholder.
    """

    doc: str
    start: int
    end: int
    text: str
    value: int | float | None
    unit: str
    qualifier: str = "exact"
    placeholder: bool = False
    subject: str = ""
    indicator: str = ""
    section: str = ""
    kind: str = "achievement"
    # how sure the naming is (0–1; None when nothing pointed to any indicator), the words that
    # decided it, and the best indicator of a figure left unnamed because no indicator was
    # clearly ahead (shown as 待核实, never counted)
    confidence: float | None = None
    evidence: str = ""
    candidate: str = ""
    # How the figure was read: "text" (a text file, Word, a PDF text layer) or "ocr".
    source: str = "text"
    ocr_confidence: float | None = None  # the OCR's lowest confidence in its characters
    # A figure that must be checked by a person before it counts (low OCR confidence, an
    # uncertain naming): the comparison gives it the status 待核实, never a 完成率.
    needs_review: bool = False
    review_reason: str = ""
    # For a figure in a table cell: the cell's row header and column header, which say what
    # it counts (naming reads them as the figure's subject and context).
    table_row: str = ""
    table_column: str = ""

    def to_record(self) -> dict:
        return asdict(self)

    def with_(self, **changes) -> Figure:
        """A copy with `changes`, as `dataclasses.replace` gives, without running `__init__`
        over all 21 fields: every figure is copied several times on its way through
        extraction, naming and sections."""
        if not _FIGURE_FIELDS.issuperset(changes):
            unknown = ", ".join(sorted(set(changes) - _FIGURE_FIELDS))
            raise TypeError(f"Figure has no field {unknown}")
        new = object.__new__(type(self))
        new.__dict__.update(self.__dict__)
        new.__dict__.update(changes)
        return new

    def unnamed(self) -> Figure:
        """A copy naming no indicator (a part of a total, a target beside its result), with
        no confidence, evidence or candidate left over from the naming."""
        return self.with_(indicator="", confidence=None, evidence="", candidate="")


_FIGURE_FIELDS = frozenset(f.name for f in fields(Figure))


@dataclass(frozen=True)
class TableCell:
    """Where one table cell landed in a document's text, and the headers that name it."""

    start: int
    end: int
    table: int
    row: int
    column: int
    row_header: str
    column_header: str


@dataclass(frozen=True)
class OcrLine:
    """A line of text read by OCR, with the OCR's confidence (0–1)."""

    start: int
    end: int
    confidence: float


@dataclass(frozen=True)
class HiddenPart:
    """A stretch of the decoded text that is hidden, cut or paywalled."""

    start: int
    end: int
    marker: str


@dataclass(frozen=True)
class ReportMeta:
    """Whose report, for which year and period, and what kind. None = not inferred."""

    org: str | None = None
    year: int | None = None
    period: str | None = None
    kind: str | None = None
    source: str = "inferred"  # or "manifest"


@dataclass
class Report:
    """A report as read and analysed: what the ledger stores and the comparison uses."""

    path: str
    doc: str
    sha256: str
    encoding: str
    text: str
    meta: ReportMeta
    figures: list[Figure] = field(default_factory=list)
    hidden: list[HiddenPart] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    # The date the report states for itself (its 落款 or a dated heading), ISO; None if none.
    stated_date: str | None = None

    @property
    def truncated(self) -> bool:
        return bool(self.hidden)
