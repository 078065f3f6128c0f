"""A flow's segments -> visual lines -> logical lines.

Visual lines are rows by vertical centre (no stacking; superscripts kept on their line), bullet glyphs stripped
with `strip_glyph`. A wrapped line (no glyph, under the bullet's text or back at the margin, normal line spacing,
the first word would not have fitted on the line before, or a lower-case start / dangling "and") joins its bullet
or paragraph, keeping one Box per visual line, also across a page break; heading and paragraph-break hints.
"""

from __future__ import annotations

import re
import statistics
from functools import cache

from cvlint.model import Box, Line
from cvlint.parse.contact import CONTACT
from cvlint.parse.glyphs import is_pictograph, strip_glyph
from cvlint.parse.pdf.records import MARK
from cvlint.parse.pdf.segments import Seg, by_rows
from cvlint.parse.pdf.wordtext import join_words
from cvlint.parse.typography import clearly_larger, ends_open, ends_sentence, in_capitals, join_wrapped, word_pattern


def median(values, default=0.0):
    return statistics.median(values) if values else default


class VLine:
    """One visual line of a flow."""

    __slots__ = ("words", "x0", "top", "x1", "bottom", "size", "bold", "text", "text_x0", "bullet", "caps",
                 "page", "wide_gap", "glued", "body_x0")

    def __init__(self, words, page):
        words.sort(key=lambda w: w.x0)
        self.words = words
        self.page = page
        self.glued = False   # the next line of a block of margin labels ("EDUCATION / AND AWARDS")
        self.x0 = words[0].x0
        self.x1 = max(w.x1 for w in words)
        self.top = min(w.top for w in words)
        self.bottom = max(w.bottom for w in words)
        n = sum(w.nchars for w in words) or 1
        self.size = sum(w.size * w.nchars for w in words) / n
        self.bold = sum(w.nchars for w in words if w.bold) / n >= 0.6
        self.caps = sum(w.nchars for w in words if w.caps) / n >= 0.6
        raw = join_words(words)
        self.text, self.bullet = strip_glyph(raw)
        lead = raw[:1]
        nwords = len(self.text.split())
        if self.bullet and len(CONTACT.findall(self.text)) >= max(1.0, 0.3 * nwords):
            self.bullet = False   # an icon or marker before contact details (mostly phones, e-mails, links)
        elif self.bullet and is_pictograph(lead):
            if raw[0] != MARK and nwords <= 8 and (self.bold or self.caps or in_capitals(self.text)):
                self.bullet = False   # an icon decorating a heading
        self.text_x0 = self.x0
        if self.bullet:
            # the text starts at the first word that is not only glyph
            for w in words:
                t, _ = strip_glyph(w.text)
                if t:
                    self.text_x0 = w.x0 if t == w.text.strip() else w.x0 + (w.x1 - w.x0) * (
                        1 - len(t) / max(1, len(w.text)))
                    break
        # a wide gap splits the line into cells; a short first cell (a date or label in a margin) is not the
        # line's body: its text starts after the gap, and only gaps after that start count as wide
        gaps = [(words[k].x0 - words[k - 1].x1) / max(words[k - 1].size, 1.0) for k in range(1, len(words))]
        wide = [k + 1 for k, g in enumerate(gaps) if g > 2.5]
        self.body_x0 = self.x0
        cell = next((k + 1 for k, g in enumerate(gaps) if g > 1.5), None)
        if cell is not None and not self.bullet:
            lead = sum(w.nchars for w in words[:cell])
            if lead <= 25 and sum(w.nchars for w in words[cell:]) > lead:
                self.body_x0 = words[cell].x0
                wide = [k for k in wide if k > cell]
        self.wide_gap = bool(wide)


def visual_lines(segs: list[Seg], page: int) -> list[VLine]:
    lines = []
    for row in by_rows(segs):
        words = [w for s in row for w in s.words]
        vl = VLine(words, page)
        lines.append(vl)
    # a glyph alone on its row (between an entry's two lines, or before a blank line) marks no text
    lines = [vl for vl in lines if vl.text]
    lines.sort(key=lambda v: (v.top + v.bottom) / 2)
    return lines


def continues_on_next_page(last: Line, first: Line) -> bool:
    """A bullet cut by the page break: the next page starts, under its text, with a lower-case line."""
    if not last.bullet or first.bullet or first.heading or not first.text[:1].islower():
        return False
    a, b = last.boxes[-1], first.boxes[0]
    return abs(a.x0 - b.x0) <= 3 and not ends_sentence(last.text)


def with_changes(line: Line, **changes) -> Line:
    fields = {f: getattr(line, f) for f in Line.__slots__}
    fields.update(changes)
    return Line(**fields)


def _box(vl: VLine) -> Box:
    x0 = vl.text_x0 if vl.bullet else vl.x0
    return Box(vl.page, round(x0, 2), round(vl.top, 2), round(vl.x1, 2), round(vl.bottom, 2))


def _is_heading(vl: VLine, body: float) -> bool:
    if vl.bullet:
        return False
    text = vl.text
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 2:
        return False
    nwords = len(text.split())
    if text[0].islower() or ends_open(text):
        return False
    if clearly_larger(vl.size, body) and nwords <= 8:
        return True
    if vl.bold and nwords <= 8 and not ends_sentence(text):
        return True
    if in_capitals(text) and nwords <= 6 and len(letters) >= 3:
        return True
    return vl.caps and nwords <= 6 and len(letters) >= 3 and not ends_sentence(text)


class _Open:
    """A logical line being built."""

    __slots__ = ("parts", "vls", "bullet", "heading", "gap_before")

    def __init__(self, vl: VLine, heading: bool, gap_before: bool):
        self.parts = [vl.text]
        self.vls = [vl]
        self.bullet = vl.bullet
        self.heading = heading
        self.gap_before = gap_before

    def line(self) -> Line:
        text = self.parts[0]
        for part in self.parts[1:]:
            text = join_wrapped(text, part)
        first = self.vls[0]
        return Line(text=text, bullet=self.bullet, heading=self.heading, page=first.page,
                    boxes=tuple(_box(v) for v in self.vls), gap_before=self.gap_before)


def logical_lines(flow: list[VLine], body: float) -> list[Line]:
    if not flow:
        return []
    # typical whitespace between consecutive lines of this flow
    spaces = [b.top - a.bottom for a, b in zip(flow, flow[1:]) if -2 < b.top - a.bottom < 2 * max(a.size, 1)]
    normal = median(spaces, 2.0)
    right_edge = sorted(v.x1 for v in flow)[int(0.9 * (len(flow) - 1))]
    left_edge = min(v.x0 for v in flow)
    width = max(1.0, right_edge - left_edge)

    out: list[Line] = []
    cur: _Open | None = None
    prev: VLine | None = None
    for vl in flow:
        heading = _is_heading(vl, body)
        space = vl.top - prev.bottom if prev is not None else 0.0
        gap = prev is None or space > normal + max(2.0, 0.45 * vl.size)
        if cur is not None and prev is not None and _continues(cur, prev, vl, heading, space, normal,
                                                               right_edge, width):
            cur.parts.append(vl.text)
            cur.vls.append(vl)
        else:
            if cur is not None:
                out.append(cur.line())
            cur = _Open(vl, heading, gap)
        prev = vl
    if cur is not None:
        out.append(cur.line())
    return out


@cache
def _date_end() -> re.Pattern:
    until_now = word_pattern("until_now_dating") + "|" + word_pattern("until_now_closing")
    return re.compile(rf"(?:\b(?:19|20)\d{{2}}|{until_now}|\d{{1,2}}/\d{{2,4}})\W{{0,2}}$", re.IGNORECASE)


def _continues(cur: _Open, prev: VLine, vl: VLine, heading: bool, space: float, normal: float,
               right_edge: float, width: float) -> bool:
    """Is `vl` the wrapped continuation of the logical line `cur` (whose last visual line is `prev`)?"""
    if vl.glued:
        return prev.glued or prev is cur.vls[0]
    if vl.bullet or not vl.text or prev.wide_gap or vl.wide_gap:
        return False
    if space > normal + max(1.5, 0.35 * vl.size) or space < -0.5 * vl.size:
        return False
    first = cur.vls[0]
    lower = vl.text[:1].islower()
    connector = ends_open(prev.text)
    ended = ends_sentence(prev.text)
    reaches_edge = prev.x1 >= right_edge - max(0.18 * width, 3 * vl.size)
    # would the next line's first word have fitted at the end of the line before? then the break was deliberate
    w0 = vl.words[0]
    fits = prev.x1 + 0.3 * vl.size + (w0.x1 - w0.x0) <= right_edge
    if cur.bullet:
        if abs(vl.size - prev.size) > 1.0 or vl.x0 > first.text_x0 + max(6.0, vl.size):
            return False
        if vl.x0 < first.x0 - 2:
            # wrapped back to the column's left margin, left of the glyph ("- item" typed as text)
            gaps = [b.x0 - a.x1 for a, b in zip(vl.words, vl.words[1:])]
            return ((lower or connector) and vl.x0 >= right_edge - width - 2 and vl.bold == prev.bold
                    and max(gaps, default=0.0) < 0.8 * vl.size   # (not a table row with two cells)
                    and vl.x1 > first.text_x0 + 2 * vl.size)     # (runs on under the text, not beside it)
        if vl.x0 > first.x0 + 2:
            # hanging under the bullet's text, where only its continuation goes (a bold phrase may start it,
            # a bold sub-heading may not)
            if vl.bold != prev.bold and not (lower or connector or (not ended and not fits)):
                return False
            return not (ended and fits)
        # back at the glyph's x: only a lower-case start or a dangling word says it goes on
        return vl.bold == prev.bold and not heading and (lower or connector)
    if abs(vl.size - prev.size) > 0.6 or vl.caps != prev.caps:
        return False
    if vl.bold != prev.bold and not ((lower or connector) and len(prev.text.split()) >= 4 and not heading):
        return False   # (a paragraph with bold phrases in it goes on)
    if cur.heading or heading:
        # a heading wrapped in a narrow column: same style on both lines, the word did not fit
        both_caps = in_capitals(prev.text) and in_capitals(vl.text)
        return ((cur.heading or both_caps) and heading and not ended and len(cur.vls) < 3 and not fits
                and (connector or lower or both_caps))
    if in_capitals(vl.text) and not in_capitals(prev.text) and not connector:
        return False
    # a wrapped paragraph line: the line before ran to the right edge; same left edge, or the first line
    # was indented (or began with a date or label in a margin)
    if not (first.body_x0 - 3 * vl.size <= vl.x0 <= first.body_x0 + max(4.0, 0.5 * vl.size)):
        return False
    if len(cur.vls) > 1 and abs(vl.x0 - cur.vls[-1].x0) > max(4.0, 0.5 * vl.size):
        return False
    nwords = len(prev.text.split())
    if connector or (lower and nwords >= 3):
        return reaches_edge or not fits
    if not reaches_edge or nwords < 4 or space > normal + 1.5:
        return False
    return (not ended and not fits and not _date_end().search(prev.text)
            and prev.x1 >= right_edge - 0.1 * width)
