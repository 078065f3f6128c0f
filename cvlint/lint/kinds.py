"""The generic check kinds. Kinds are code; rules are data.

Each kind is a frozen dataclass whose fields are the YAML keys a rule of that kind may use (the
catalog reads the field names and annotations to validate rule files, so a new field is a new
key), plus one pure ``evaluate`` method. Kinds never see spaCy: they work on the light ``Match``
records the engine hands them through a ``UnitView``, which keeps them testable with plain data.

Pattern roles (every field typed ``Patterns``):

- ``patterns``   what the rule looks for;
- ``exceptions`` matches that veto any ``patterns`` or ``unless`` match they overlap (Vale's
  ``exceptions``): "ISO 27001" keeps "27001" from counting as a metric, "Tasked with improving"
  keeps "improving" from counting as an outcome;
- ``unless``     any match exempts the whole unit ("task-only" is quiet when an outcome is present);
- ``skip``       (``anchor: start`` only) prefixes stepped over before the anchored match:
  "I was", "Currently", a role label with a colon;
- ``among``      (``exclusive`` only) the population that must all lie inside ``patterns``.

Any role may name other rules (``- rule: metric``): the referenced rule's matches on the same
unit, if it fired. That is how dependencies between rules stay data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Protocol


@dataclass(frozen=True, slots=True)
class Patterns:
    """The patterns of one role of one rule: its own, the lexicons it pulls in, the rules it reads.

    ``label``/``role`` key the rule's own patterns in the rule matcher (label = rule id, id = role).
    """

    own: tuple = ()
    lexicons: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    label: str = ""
    role: str = ""

    def __bool__(self) -> bool:
        return bool(self.own or self.lexicons or self.rules)


NONE = Patterns()


@dataclass(frozen=True, slots=True)
class Match:
    """One match in a unit: token span [start, end), character span [char_start, char_end)."""

    start: int
    end: int
    char_start: int
    char_end: int
    text: str

    def overlaps(self, other: Match) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule firing on a unit (or a document).

    ``span``/``match`` go into the Finding; ``matches`` is what a rule that references this one
    sees (all the surviving matches, or the whole unit for an absence).
    """

    span: tuple[int, int] | None
    match: str | None
    matches: tuple[Match, ...] = ()


class UnitView(Protocol):
    """What the engine exposes of one judged unit (a bullet)."""

    text: str
    section: str
    n_tokens: int

    def find(self, patterns: Patterns) -> list[Match]:
        """All matches of the role: own patterns, lexicons, referenced rules; sorted."""

    def next_word(self, i: int) -> int:
        """The index of the first token at or after ``i`` that is not punctuation or space."""


# ---------------------------------------------------------------------------------------------
# helpers


def maximal(matches: Sequence[Match]) -> list[Match]:
    """Longest non-overlapping matches, in text order (spaCy's filter_spans)."""
    kept: list[Match] = []
    taken: set[int] = set()
    for m in sorted(matches, key=lambda m: (-(m.end - m.start), m.start)):
        if not any(i in taken for i in range(m.start, m.end)):
            kept.append(m)
            taken.update(range(m.start, m.end))
    return sorted(kept, key=lambda m: m.start)


def surviving(unit: UnitView, patterns: Patterns, exceptions: Patterns) -> list[Match]:
    """The matches of ``patterns`` that no exception overlaps."""
    found = unit.find(patterns)
    if not found or not exceptions:
        return found
    vetoes = unit.find(exceptions)
    return [m for m in found if not any(m.overlaps(v) for v in vetoes)]


def exempt(unit: UnitView, unless: Patterns, exceptions: Patterns = NONE) -> bool:
    """Whether an ``unless`` match (that no exception overlaps) exempts the unit."""
    return bool(unless) and bool(surviving(unit, unless, exceptions))


def whole(unit: UnitView) -> Match:
    return Match(0, unit.n_tokens, 0, len(unit.text), unit.text)


def hit(first: Match, matches: Sequence[Match]) -> Hit:
    return Hit((first.char_start, first.char_end), first.text, tuple(matches))


def normalise(text: str) -> str:
    """The key under which two mentions of a term count as the same ("Kubernetes" == "kubernetes")."""
    return " ".join(text.lower().replace("-", " ").split()).strip(".,;:()")


# ---------------------------------------------------------------------------------------------
# bullet kinds


@dataclass(frozen=True, slots=True)
class Existence:
    """Fires on the first match of ``patterns`` (at the unit's opening when ``anchor: start``)."""

    SCOPES: ClassVar[tuple[str, ...]] = ("bullet",)
    USES_MATCH: ClassVar[bool] = True
    ANCHORS: ClassVar[tuple[str, ...]] = ("any", "start")

    patterns: Patterns
    anchor: str = "any"
    skip: Patterns = NONE
    exceptions: Patterns = NONE
    unless: Patterns = NONE

    def evaluate(self, unit: UnitView) -> Hit | None:
        found = surviving(unit, self.patterns, self.exceptions)
        if self.anchor == "start":
            # the match at the furthest opening wins: "Team Lead: Wrote..." reports "Wrote"
            starts = openings(unit, self.skip)
            found = sorted((m for m in found if m.start in starts), key=lambda m: (-m.start, m.start - m.end))[:1]
        found = maximal(found)
        if not found or exempt(unit, self.unless, self.exceptions):
            return None
        return hit(found[0], found)


def openings(unit: UnitView, skip: Patterns) -> set[int]:
    """Where the unit's opening may start: its first word, and after each chain of ``skip``
    prefixes from there ("I was | responsible for", "Team Lead: | Worked on")."""
    first = unit.next_word(0)
    starts = {first}
    prefixes = unit.find(skip) if skip else []
    frontier = [first]
    while frontier:
        i = frontier.pop()
        for m in prefixes:
            if m.start == i and m.end > i:
                j = unit.next_word(m.end)
                if j not in starts:
                    starts.add(j)
                    frontier.append(j)
    return starts


@dataclass(frozen=True, slots=True)
class Absence:
    """Fires when nothing in the unit matches ``patterns``."""

    SCOPES: ClassVar[tuple[str, ...]] = ("bullet",)
    USES_MATCH: ClassVar[bool] = False

    patterns: Patterns
    exceptions: Patterns = NONE
    unless: Patterns = NONE

    def evaluate(self, unit: UnitView) -> Hit | None:
        if surviving(unit, self.patterns, self.exceptions) or exempt(unit, self.unless, self.exceptions):
            return None
        return Hit(None, None, (whole(unit),))


@dataclass(frozen=True, slots=True)
class Occurrence:
    """Counts the distinct terms ``patterns`` finds; fires above ``max`` or below ``min`` (Vale)."""

    SCOPES: ClassVar[tuple[str, ...]] = ("bullet",)
    USES_MATCH: ClassVar[bool] = True

    patterns: Patterns
    max: int | None = None
    min: int | None = None
    exceptions: Patterns = NONE
    unless: Patterns = NONE

    def evaluate(self, unit: UnitView) -> Hit | None:
        found = maximal(surviving(unit, self.patterns, self.exceptions))
        terms: dict[str, Match] = {}
        for m in found:
            terms.setdefault(normalise(m.text), m)
        n = len(terms)
        over = self.max is not None and n > self.max
        under = self.min is not None and n < self.min
        if not (over or under) or exempt(unit, self.unless, self.exceptions):
            return None
        if not found:
            return Hit(None, None, (whole(unit),))
        first, last = found[0], found[-1]
        return Hit((first.char_start, last.char_end), ", ".join(m.text for m in terms.values()), tuple(found))


@dataclass(frozen=True, slots=True)
class Exclusive:
    """Fires when ``among`` has matches and every one lies inside a match of ``patterns``:
    "the only number is a model score"."""

    SCOPES: ClassVar[tuple[str, ...]] = ("bullet",)
    USES_MATCH: ClassVar[bool] = True

    patterns: Patterns
    among: Patterns
    exceptions: Patterns = NONE
    unless: Patterns = NONE

    def evaluate(self, unit: UnitView) -> Hit | None:
        found = surviving(unit, self.patterns, self.exceptions)
        population = unit.find(self.among)
        if not found or not population:
            return None
        if not all(any(x.overlaps(y) for y in found) for x in population):
            return None
        if exempt(unit, self.unless, self.exceptions):
            return None
        shown = maximal(found)
        return hit(shown[0], shown)


# ---------------------------------------------------------------------------------------------
# document kinds


@dataclass(frozen=True, slots=True)
class Share:
    """Counts the units (in the rule's sections) where ``patterns`` match; fires when their share
    is under ``min_share`` or their number under ``min_count``. A document with no such unit is
    not judged. Only statements of work count."""

    SCOPES: ClassVar[tuple[str, ...]] = ("document",)
    USES_MATCH: ClassVar[bool] = True
    STATEMENTS_ONLY: ClassVar[bool] = True

    patterns: Patterns
    min_share: float | None = None
    min_count: int | None = None
    unless: Patterns = NONE

    def evaluate(self, units: Sequence[UnitView]) -> Hit | None:
        if not units:
            return None
        count = sum(1 for u in units if u.find(self.patterns))
        low_share = self.min_share is not None and count / len(units) < self.min_share
        low_count = self.min_count is not None and count < self.min_count
        if not (low_share or low_count) or any(exempt(u, self.unless) for u in units):
            return None
        return Hit(None, f"{count} of {len(units)}")


@dataclass(frozen=True, slots=True)
class Coverage:
    """Terms that ``patterns`` finds in the ``listed_in`` sections and in none of the
    ``evidence_in`` sections; fires when more than ``max_share`` of at least ``min_terms``
    listed terms lack evidence ("most tools under skills appear in no bullet"). It reads every line: a skills
    list is listed, not stated, and no statement test judges it."""

    SCOPES: ClassVar[tuple[str, ...]] = ("document",)
    USES_MATCH: ClassVar[bool] = True
    STATEMENTS_ONLY: ClassVar[bool] = False
    SHOWN: ClassVar[int] = 6

    patterns: Patterns
    listed_in: tuple[str, ...]
    evidence_in: tuple[str, ...]
    max_share: float = 0.5
    min_terms: int = 3
    unless: Patterns = NONE

    def evaluate(self, units: Sequence[UnitView]) -> Hit | None:
        listed: dict[str, str] = {}
        evidenced: set[str] = set()
        for u in units:
            if u.section in self.listed_in:
                for m in maximal(u.find(self.patterns)):
                    listed.setdefault(normalise(m.text), m.text)
            if u.section in self.evidence_in:
                evidenced.update(normalise(m.text) for m in u.find(self.patterns))
        missing = [text for key, text in listed.items() if key not in evidenced]
        if len(listed) < self.min_terms or len(missing) <= self.max_share * len(listed):
            return None
        if any(exempt(u, self.unless) for u in units):
            return None
        shown = ", ".join(missing[: self.SHOWN])
        if len(missing) > self.SHOWN:
            shown += f" and {len(missing) - self.SHOWN} more"
        return Hit(None, f"{len(missing)} of {len(listed)} ({shown})")


KINDS: dict[str, type] = {
    "existence": Existence,
    "absence": Absence,
    "occurrence": Occurrence,
    "exclusive": Exclusive,
    "share": Share,
    "coverage": Coverage,
}

__all__ = ["KINDS", "Hit", "Match", "Patterns", "UnitView", "maximal", "normalise"]
