"""The frozen shapes that flow through the pipeline: Document -> Bullets -> Findings -> Report."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    SUGGESTION = "suggestion"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return ("suggestion", "warning", "error").index(self.value)


class Signal(StrEnum):
    WEAK = "weak"
    STRONG = "strong"


class Scope(StrEnum):
    BULLET = "bullet"
    DOCUMENT = "document"


SECTION_NAMES = (
    "summary", "experience", "projects", "education", "skills", "certifications",
    "publications", "awards", "volunteering", "languages", "interests", "other",
)


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle on a page in PDF points, origin at the top-left of the page's visible box (CropBox ∩ MediaBox)
    as displayed, rotation applied."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True, slots=True)
class Line:
    """One logical line of a CV as a format parser sees it, before structure is inferred.

    `bullet` is true when the line carried a bullet glyph or list numbering (already stripped from
    `text`); `heading` is the parser's styling hint (bold, larger, heading style), not a decision.
    `gap_before` marks a paragraph break (blank line, vertical gap) before this line.
    `locator` points back into the source for annotation: the 1-based line number of a text file,
    the body-order paragraph index of a DOCX, or the 1-based line index within a PDF page.
    A wrapped bullet is one Line with several boxes.
    """

    text: str
    bullet: bool = False
    heading: bool = False
    page: int | None = None
    boxes: tuple[Box, ...] = ()
    locator: int = 0
    gap_before: bool = False


@dataclass(frozen=True, slots=True)
class Bullet:
    """A judged unit: a bullet point, a summary sentence group or a skills line."""

    id: str
    text: str
    section: str
    line: int
    page: int | None = None
    boxes: tuple[Box, ...] = ()
    entry: int | None = None


@dataclass(frozen=True, slots=True)
class Entry:
    title: str | None = None
    organization: str | None = None
    location: str | None = None
    dates: str | None = None
    bullets: tuple[Bullet, ...] = ()


@dataclass(frozen=True, slots=True)
class Section:
    name: str
    heading: str
    entries: tuple[Entry, ...] = ()

    @property
    def bullets(self) -> tuple[Bullet, ...]:
        return tuple(b for e in self.entries for b in e.bullets)


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed CV. `format` is the sniffed format, never the extension."""

    path: str
    format: str
    sections: tuple[Section, ...]
    pages: int | None = None
    language: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def bullets(self) -> tuple[Bullet, ...]:
        return tuple(b for s in self.sections for b in s.bullets)

    def section(self, name: str) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.name == name)


@dataclass(frozen=True, slots=True)
class Finding:
    rule_id: str
    signal: Signal
    severity: Severity
    message: str
    bullet: Bullet | None = None
    span: tuple[int, int] | None = None
    match: str | None = None
    suggestion: str | None = None


@dataclass(frozen=True, slots=True)
class Reason:
    feature: str
    value: float
    toward: str
    text: str


@dataclass(frozen=True, slots=True)
class TierVerdict:
    label: str | None
    confidence: float | None = None
    probabilities: dict[str, float] = field(default_factory=dict)
    reasons: tuple[Reason, ...] = ()
    unavailable: str | None = None

    @property
    def score(self) -> int | None:
        if self.label is None:
            return None
        p = self.probabilities
        return round(100 * (0.5 * p.get("mid", 0.0) + p.get("high-impact", 0.0)))


@dataclass(frozen=True, slots=True)
class Market:
    region: str
    band: str
    source: str
    note: str


@dataclass(frozen=True, slots=True)
class Report:
    """The analysis of one CV."""

    file: str
    document: Document
    findings: tuple[Finding, ...]
    tier: TierVerdict | None = None
    market: Market | None = None
    unjudged: dict[str, str] = field(default_factory=dict)   # bullet id -> why it is not a statement of work


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that could not be analysed: exactly one per such input."""

    file: str
    code: str
    message: str
    hint: str | None = None  # what to do; the error code's default when None
