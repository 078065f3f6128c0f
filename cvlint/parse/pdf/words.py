"""A page's characters -> words, whichever source read them.

Words break at spaces, at gaps wider than ~0.13 em (fonts that drop their spaces), at baseline changes and
backward jumps; font facts (size, bold, small caps, icon font) are sampled once per word, at its first character.
Icon-font glyphs and glyphs without a Unicode mapping become one marker (ICON), other private-use glyphs
(Wingdings/Symbol bullets) another (MARK). An icon whose /ActualText squeezes a label into its width
("tel:+1 555 0100") keeps the label. Text at another angle than most of the page (watermarks, a vertical
"CURRICULUM VITAE" band) and text off the displayed page are dropped.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from cvlint.parse.glyphs import PRIVATE_USE
from cvlint.parse.pdf.records import ICON, MARK, MAX_PAGE_POINTS, SPACES, UNMAPPED, PageChars, Word

_DROP = frozenset("\u200b\u200c\u200d\u2060\ufeff")   # zero-width; a visible soft hyphen becomes "-"
_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi|extrabold|ultrabold|cmbx|ssbx|bx\d|[^a-z]bd($|[^a-z])")
_ICON_NAME = re.compile(r"awesome|marvosym|icon|glyph|material|octicon|academicons|"
                        r"entypo|typicons|ionic|feather|fontello|simple-?line|symbola|emoji")
_CAPS_NAME = re.compile(r"caps|csc\d|smallcap|\bsc\b|-sc$")
_FORCE_BOLD = 0x40000
_SMALL_CAP = 0x20000


class Stats:
    """Characters seen on the pages read so far: visible ones, and those without a trustworthy Unicode value."""

    __slots__ = ("visible", "unmapped")

    def __init__(self):
        self.visible = 0
        self.unmapped = 0


_SURROGATE = re.compile("[\ud800-\udfff]")


def _word_text(chars: list[str]) -> str:
    text = "".join(chars)
    if not _SURROGATE.search(text):
        return text
    # emoji and other astral chars come as two halves; a half without its pair is an icon
    out = []
    i = 0
    while i < len(text):
        c = text[i]
        if "\ud800" <= c <= "\udbff" and i + 1 < len(text) and "\udc00" <= text[i + 1] <= "\udfff":
            out.append(chr(0x10000 + ((ord(c) - 0xD800) << 10) + ord(text[i + 1]) - 0xDC00))
            i += 2
            continue
        out.append(ICON if "\ud800" <= c <= "\udfff" else c)
        i += 1
    return "".join(out)


# what the char loop does with unusual chars (everything else is text)
_BAD, _DROPPED = 1, 2
_SPECIAL: dict[str, object] = {}
for _o in list(range(0x20)) + list(range(0x7F, 0xA0)) + [0xFFFD, 0xFFFF]:
    _SPECIAL[chr(_o)] = _BAD             # control codes: glyphs without a Unicode mapping
_SPECIAL[UNMAPPED] = _BAD
for _c in _DROP:
    _SPECIAL[_c] = _DROPPED
_SPECIAL["\u00ad"] = "-"              # a visible soft hyphen
for _o in PRIVATE_USE:
    _SPECIAL[chr(_o)] = MARK            # private use: Wingdings/Symbol bullets and icons
for _c in SPACES:
    _SPECIAL.pop(_c, None)


def page_words(page: PageChars, stats: Stats) -> list[Word]:
    """The words of a page in text order, those off the displayed page left out."""
    return _on_page(_words(page, stats), page.width, page.height)


def _on_page(words: list[Word], width: float, height: float) -> list[Word]:
    """The words whose box meets the displayed page (at most MAX_PAGE_POINTS on a side)."""
    right, bottom = min(width, MAX_PAGE_POINTS), min(height, MAX_PAGE_POINTS)
    return [w for w in words if w.x1 > 0 and w.x0 < right and w.bottom > 0 and w.top < bottom
            and w.x1 - w.x0 < MAX_PAGE_POINTS and w.bottom - w.top < MAX_PAGE_POINTS]


def _words(page: PageChars, stats: Stats) -> list[Word]:
    style_of = page.style
    font_cache: dict[tuple[str, int], tuple[bool, bool, bool]] = {}
    special = _SPECIAL.get
    spaces = SPACES

    words: list[Word] = []
    angles: list[float] = []          # one per word: the angle of its first char
    cur: list[str] = []
    cx0 = cx1 = ctop = cbot = 0.0
    csize = 1.0
    cbold = ccaps = cicon = cfonticon = False
    csqueezed = 0
    cangle = 0.0
    last_x1 = last_bot = 0.0
    tracking = 0.0                    # the usual gap between the glyphs of a word, from the words so far
    space_pending = False
    space_before = False
    visible = unmapped = 0

    for c in page.chars:
        ch = c.text
        if ch in spaces:
            if cur:
                words.append(Word(_flush_text(cur, cicon, cfonticon, csqueezed), cx0, ctop, cx1, cbot, csize,
                                  cbold, ccaps, len(cur), space_before))
                angles.append(cangle)
                cur = []
            space_pending = True
            continue
        bad = False
        sp = special(ch)
        if sp is not None:
            if sp == _DROPPED:
                continue
            if sp == _BAD:
                bad = True
            else:
                ch = sp
        x0, y0, x1, y1 = c.x0, c.top, c.x1, c.bottom
        visible += 1
        gap = x0 - last_x1
        spaced = gap - tracking > 0.06 * csize   # a space a reader sees, whether or not the text has one
        if cur and (bad or abs(y1 - last_bot) > 0.35 * (cbot - ctop) or spaced or gap < -0.4 * csize):
            words.append(Word(_flush_text(cur, cicon, cfonticon, csqueezed), cx0, ctop, cx1, cbot, csize,
                              cbold, ccaps, len(cur), space_before))
            angles.append(cangle)
            cur = []
            space_pending = space_pending or spaced
        if not cur:
            space_before = space_pending
            space_pending = False
            # a new word: sample its font once
            style = style_of(c.index)
            key = (style.font, style.flags)
            font = font_cache.get(key)
            if font is None:
                fname = style.font.lower().split("+", 1)[-1]
                icon = bool(_ICON_NAME.search(fname))
                bold = not icon and bool(_BOLD_NAME.search(fname) or style.flags & _FORCE_BOLD)
                caps = bool(_CAPS_NAME.search(fname) or style.flags & _SMALL_CAP)
                font = font_cache[key] = (bold, caps, icon)
            cbold, ccaps, cicon = font
            cfonticon = cicon
            csqueezed = 0
            if bad or style.unmapped:
                cicon = True
                cfonticon = False
            csize = style.size if style.size > 0.5 else max(1.0, (y1 - y0) / 1.2)
            cx0, ctop, cx1, cbot = x0, y0, x1, y1
            cangle = style.angle
        else:
            # the run's own spacing: builders set text with negative character spacing, so glyphs overlap and
            # a space that the text drops shows only as a gap wider than the run's usual one
            step = min(max(gap, tracking - 0.04 * csize), tracking + 0.04 * csize)   # overhangs ('f') barely move it
            tracking = min(0.0, max(-0.12 * csize, tracking + 0.2 * (step - tracking)))
            if x1 > cx1:
                cx1 = x1
            if y0 < ctop:
                ctop = y0
            if y1 > cbot:
                cbot = y1
        if cicon:
            unmapped += 1
            if x1 - x0 < 0.1 * csize:
                csqueezed += 1
        cur.append(ch)
        last_x1 = x1
        last_bot = y1
        if bad:   # an unmapped control glyph stands alone
            words.append(Word(ICON, cx0, ctop, cx1, cbot, csize, False, False, 1, space_before))
            angles.append(cangle)
            cur = []
    if cur:
        words.append(Word(_flush_text(cur, cicon, cfonticon, csqueezed), cx0, ctop, cx1, cbot, csize, cbold, ccaps,
                          len(cur), space_before))
        angles.append(cangle)
    stats.visible += visible
    stats.unmapped += unmapped
    return _drop_rotated(words, angles)


def _flush_text(cur: list[str], icon: bool, font_icon: bool, squeezed: int) -> str:
    """A word's text; an icon font's word becomes one ICON, unless its chars are squeezed into the icon's
    width: that is the text a PDF tagged the icon and its label with (/ActualText), e.g. "tel:+1 555 0100"."""
    if not icon:
        return _word_text(cur)
    if font_icon and len(cur) >= 3 and squeezed * 5 >= len(cur) * 4:
        return _ACTUAL_PREFIX.sub("", _word_text(cur))
    return ICON


_ACTUAL_PREFIX = re.compile(r"^(?:mailto|tel|callto|sms):", re.IGNORECASE)


def _drop_rotated(words: list[Word], angles: list[float]) -> list[Word]:
    """Keep words written at the page's dominant angle (drops diagonal watermarks and vertical bands)."""
    degs = [round(math.degrees(a)) % 360 if a >= 0 else -1 for a in angles]
    weight: Counter = Counter()
    for w, d in zip(words, degs):
        if d >= 0:
            weight[d // 5] += w.nchars
    if len(weight) <= 1:
        return words
    main = weight.most_common(1)[0][0] * 5
    return [w for w, d in zip(words, degs) if d < 0 or min(abs(d - main), 360 - abs(d - main)) <= 10]
