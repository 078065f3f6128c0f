"""The records the PDF steps pass: a character source's `Char`, `Style` and `PageChars`, and the layout's `Word`.

A character source (`source_pdfium`, `source_pdfplumber`) turns one page into a `PageChars`; `words` turns its
characters into `Word`s. Coordinates are PDF points on the page as displayed: origin at the top-left corner of the
visible page (the CropBox clipped to the MediaBox), x to the right, y down, the page's /Rotate applied.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from cvlint.errors import CvlintError

MAX_CHARS_PER_PAGE = 60_000   # a dense CV page has ~5,000
MAX_CHARS_TOTAL = 400_000
# The largest page the PDF format allows (200 inches); text placed beyond the page, or on a page claimed larger
# than this, is not something a reader sees, and layout steps size arrays by the page's extent.
MAX_PAGE_POINTS = 14_400.0
MAX_SHAPE_SCAN = 6000   # page objects beyond which drawn bullets are not looked for
SPACES = frozenset(" \t\r\n\x0b\x0c\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
                   "\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
UNMAPPED = "\ufffe"   # a source's text for a glyph without a Unicode value
ICON = "\ue000"   # what icon-font glyphs and unmapped glyphs become (strip_glyph sees a glyph)
MARK = "\ue001"   # what other private-use glyphs (Wingdings, Symbol bullets) become
MARKS = (ICON, MARK)


@dataclass(frozen=True, slots=True)
class Char:
    """One character in the page's text order: its text (whitespace, one character or UTF-16 half, a ligature's
    letters, or UNMAPPED) and its box (a whitespace character's box is not read: sources may leave it empty).
    `index` names it for its page's `style`."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    index: int


@dataclass(frozen=True, slots=True)
class Style:
    """A character's font facts, which the word step reads once per word (at its first character)."""

    size: float      # the font size times the text matrix's scale (0 if unknown)
    font: str        # the font's name, as the PDF gives it
    flags: int       # the font descriptor's flags
    angle: float     # the baseline's angle in radians, counter-clockwise; negative if unknown
    unmapped: bool   # the font's Unicode map gives no trustworthy value for it


@dataclass(frozen=True, slots=True)
class PageChars:
    """What a character source reads from one page."""

    chars: list[Char]
    style: Callable[[int], Style]    # a Char's index -> its Style
    width: float
    height: float
    paths: tuple[tuple[float, float, float, float], ...]   # boxes (x0, top, x1, bottom) of drawn paths
    drawn: bool                      # the page draws something (text, images or paths)


def check_char_count(n: int, seen: int) -> None:
    """Refuse a text layer too large for a CV: `n` characters on this page after `seen` on the pages before."""
    if n > MAX_CHARS_PER_PAGE or seen + n > MAX_CHARS_TOTAL:
        raise CvlintError("too-large", f"the PDF's text layer is too large ({n:,} characters on one page)",
                          "this does not look like a CV; check the file")


class Word:
    """Characters of one run, in displayed coordinates, with the font facts of its first character."""

    __slots__ = ("text", "x0", "top", "x1", "bottom", "size", "bold", "caps", "nchars", "space_before")

    def __init__(self, text, x0, top, x1, bottom, size, bold, caps, nchars, space_before):
        self.text = text
        self.x0 = x0
        self.top = top
        self.x1 = x1
        self.bottom = bottom
        self.size = size
        self.bold = bold
        self.caps = caps
        self.nchars = nchars
        self.space_before = space_before

    def __repr__(self):  # pragma: no cover - debugging aid
        return f"W({self.text!r} {self.x0:.1f}-{self.x1:.1f} {self.top:.1f}-{self.bottom:.1f})"
