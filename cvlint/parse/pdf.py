"""PDF bytes -> the CV's logical lines in reading order (pypdfium2), and the page count.

Coordinates: every `Box` is in PDF points on the page *as displayed*: origin at the top-left corner of
the visible page (the CropBox clipped to the MediaBox), x to the right, y down, the page's /Rotate applied
(`cvlint.coach.annotate_pdf.to_user_space` maps a box back to user space).

The pipeline, per page:

1. **chars -> words**: the page's text in one pdfium call, one call per char for its loose box (advance
   width x font ascent/descent), and font facts (size x text-matrix scale, name, flags) sampled once per
   word. Words break at spaces, at gaps wider than ~0.13 em (fonts that drop their spaces), at baseline
   changes and backward jumps. Icon-font glyphs and glyphs without a Unicode mapping become one marker
   (ICON), other private-use glyphs (Wingdings/Symbol bullets) another (MARK): a leading marker reads as
   a bullet glyph, a mid-line one is dropped. An icon whose /ActualText squeezes a label into its width
   ("tel:+1 555 0100") keeps the label. Text at another angle than most of the page (watermarks, a
   vertical "CURRICULUM VITAE" band) is dropped. Bullets drawn as small dots, squares or dashes (paths,
   no glyph) become a "•" word when several share an x, sit just left of a line and touch nothing else.
2. **words -> segments**: words of one row joined while the gap stays under ~half an em (a bullet glyph
   always joins the word after it). Page numbers and text repeated at the same place in the top/bottom
   12 % of most pages are dropped.
3. **segments -> flows**: a recursive cut at vertical gutters (an x that no segment crosses over a band of
   the page, with text on both sides). Banners above and footers below keep their place. A gutter splits
   the band into independent flows (sidebar, newspaper columns) only when the right side has a left
   edge; right-aligned dates beside entry titles and tables of short cells are read row by row; a sparse
   left margin of headings ("EDUCATION") is interleaved, each label block before the text beside it.
4. **flows -> visual lines -> logical lines**: rows by vertical centre (no stacking; superscripts kept on
   their line); letter-spaced runs collapsed ("E X P E R I E N C E"); dot leaders, ligatures, soft
   hyphens and UTF-8-as-cp1252 mojibake cleaned; bullet glyphs stripped with `strip_glyph`; a wrapped
   line (no glyph, under the bullet's text or back at the margin, normal line spacing, the first word would
   not have fitted on the line before, or a lower-case start / dangling "and") joins its bullet or
   paragraph, keeping one Box per visual line, also across a page break; heading and paragraph-break hints.

Hostile files: what the streams inflate to is bounded before pdfium opens the file (`pdfstreams`); the page
count is checked before any page is loaded; form XObjects that draw each other in a
loop (pdfium would expand them exponentially) are found first with pdfminer and refused as `corrupt`; the
text layer and the shapes scanned per page are capped; a deadline follows `Limits.timeout`; every pdfium
object is closed. No text on any page -> `no-text-layer` (or `corrupt` if the pages draw nothing at all);
mostly unmapped glyphs -> `garbled-text`; a password -> `encrypted`.
"""

from __future__ import annotations

import bisect
import ctypes
import math
import re
import statistics
import time
import unicodedata
from collections import Counter, defaultdict

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from cvlint.errors import CvlintError
from cvlint.limits import Limits
from cvlint.model import Box, Line
from cvlint.parse.contact import CONTACT
from cvlint.parse.glyphs import strip_glyph
from cvlint.parse.pdfstreams import check_inflation

# ---------------------------------------------------------------------------------------------- limits

MAX_CHARS_PER_PAGE = 60_000   # a dense CV page has ~5,000
MAX_CHARS_TOTAL = 400_000
ICON = "\ue000"   # what icon-font glyphs and unmapped glyphs become (strip_glyph sees a glyph)
MARK = "\ue001"   # what other private-use glyphs (Wingdings, Symbol bullets) become
_MARKS = (ICON, MARK)

_SPACES = frozenset(" \t\r\n\x0b\x0c\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
                    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
_DROP = frozenset("\u200b\u200c\u200d\u2060\ufeff")   # zero-width; a visible soft hyphen becomes "-"
_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
                            "\ufb05": "st", "\ufb06": "st"})

_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi|extrabold|ultrabold|cmbx|ssbx|bx\d|[^a-z]bd($|[^a-z])")
_ICON_NAME = re.compile(r"awesome|marvosym|icon|glyph|material|octicon|academicons|"
                        r"entypo|typicons|ionic|feather|fontello|simple-?line|symbola|emoji")
_CAPS_NAME = re.compile(r"caps|csc\d|smallcap|\bsc\b|-sc$")
_FORCE_BOLD = 0x40000
_SMALL_CAP = 0x20000


class _Word:
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


class _Seg:
    """Words of one row that belong together (no gutter inside)."""

    __slots__ = ("words", "x0", "top", "x1", "bottom", "size", "_text")

    def __init__(self, words):
        self.words = words
        self._text = None
        self.x0 = min(w.x0 for w in words)
        self.x1 = max(w.x1 for w in words)
        self.top = min(w.top for w in words)
        self.bottom = max(w.bottom for w in words)
        self.size = max(w.size for w in words)

    @property
    def height(self):
        return self.bottom - self.top

    def text(self):
        if self._text is None:
            self._text = _join_words(self.words)
        return self._text

    def __repr__(self):  # pragma: no cover - debugging aid
        return f"S({self.text()!r} {self.x0:.0f}-{self.x1:.0f} {self.top:.0f}-{self.bottom:.0f})"


class _VLine:
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
        raw = _join_words(words)
        self.text, self.bullet = strip_glyph(raw)
        lead = raw[:1]
        nwords = len(self.text.split())
        if self.bullet and len(CONTACT.findall(self.text)) >= max(1.0, 0.3 * nwords):
            self.bullet = False   # an icon or marker before contact details (mostly phones, e-mails, links)
        elif self.bullet and (lead in _MARKS or lead >= "\U0001f000" or "\u2600" <= lead <= "\u27bf"):
            if raw[0] != MARK and nwords <= 8 and (self.bold or self.caps or _upper(self.text)):
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


# ------------------------------------------------------------------------------------------ entry point

def extract_lines(data: bytes, limits: Limits) -> tuple[list[Line], int]:
    """The PDF's logical lines in reading order and its page count, or a CvlintError."""
    if not data or not data.strip():
        raise CvlintError("empty", "the file is empty")
    deadline = time.monotonic() + max(1.0, float(limits.timeout))
    check_inflation(data, limits)
    doc = _open(data)
    try:
        npages = len(doc)
        if npages > limits.max_pages:
            raise CvlintError("too-many-pages", f"the PDF has {npages} pages, over the {limits.max_pages}-page limit")
        if npages <= 0:
            raise CvlintError("corrupt", "the PDF has no pages")
        _check_form_loops(data, npages)
        pages: list[tuple[list[_Word], float, float]] = []
        stats = _Stats()
        loaded = 0
        for index in range(npages):
            if time.monotonic() > deadline:
                raise CvlintError("timeout", f"extracting the text took over {limits.timeout:g} s")
            try:
                page = doc[index]
            except pdfium.PdfiumError:
                pages.append(([], 0.0, 0.0))
                continue
            loaded += 1
            try:
                pages.append(_page_words(page, stats))
                if not pages[-1][0] and pdfium_c.FPDFPage_CountObjects(page) > 0:
                    stats.drawn_pages += 1   # no text, but images or vector paths
            finally:
                page.close()
        if not loaded:
            raise CvlintError("corrupt", "no page of the PDF could be read")
    finally:
        doc.close()
    if stats.visible == 0:
        if stats.drawn_pages:
            raise CvlintError("no-text-layer", "the PDF has no text layer (scanned image or outlined text)")
        raise CvlintError("corrupt", "the PDF's pages draw nothing (damaged or blank)")
    if stats.unmapped > 0.5 * stats.visible:
        raise CvlintError("garbled-text", "the PDF's text extracts as unmapped glyph codes")
    return _lines_from_pages(pages), npages


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD or "password" in str(exc).lower():
            raise CvlintError("encrypted", "the PDF is password-protected") from None
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise CvlintError("encrypted", "the PDF uses an unsupported security handler") from None
        raise CvlintError("corrupt", "the PDF could not be opened (damaged or not a PDF)") from None


class _Stats:
    __slots__ = ("visible", "unmapped", "drawn_pages")

    def __init__(self):
        self.visible = 0
        self.unmapped = 0
        self.drawn_pages = 0


# --------------------------------------------------------------------------------------- chars -> words

def _page_geometry(page) -> tuple[float, float, float, float, int]:
    rect = pdfium_c.FS_RECTF()
    if pdfium_c.FPDF_GetPageBoundingBox(page, rect):
        left, top, right, bottom = rect.left, rect.top, rect.right, rect.bottom
    else:  # pragma: no cover - pdfium always has a box for a loaded page
        left, bottom, right, top = 0.0, 0.0, pdfium_c.FPDF_GetPageWidthF(page), pdfium_c.FPDF_GetPageHeightF(page)
    rot = pdfium_c.FPDFPage_GetRotation(page) % 4
    return left, top, right, bottom, rot


def _page_words(page, stats: _Stats) -> tuple[list[_Word], float, float]:
    """The words of a page in stream order, in displayed coordinates; plus the displayed width and height."""
    geom = _page_geometry(page)
    left, top, right, bottom, rot = geom
    if rot % 2:
        width, height = top - bottom, right - left
    else:
        width, height = right - left, top - bottom
    textpage = page.get_textpage()
    try:
        words = _visible(_textpage_words(textpage, geom, stats), width, height)
    finally:
        textpage.close()
    if words:
        words += _shape_bullets(page, geom, words)
    return words, width, height


# The largest page the PDF format allows (200 inches); text placed beyond the page, or on a page claimed larger
# than this, is not something a reader sees, and layout steps size arrays by the page's extent.
MAX_PAGE_POINTS = 14_400.0


def _visible(words: list[_Word], width: float, height: float) -> list[_Word]:
    """The words whose box meets the displayed page (at most MAX_PAGE_POINTS on a side)."""
    right, bottom = min(width, MAX_PAGE_POINTS), min(height, MAX_PAGE_POINTS)
    return [w for w in words if w.x1 > 0 and w.x0 < right and w.bottom > 0 and w.top < bottom
            and w.x1 - w.x0 < MAX_PAGE_POINTS and w.bottom - w.top < MAX_PAGE_POINTS]


def _to_display(geom, lx, b, r, t) -> tuple[float, float, float, float]:
    """A user-space rectangle as (x0, top, x1, bottom) on the displayed page."""
    left, ptop, right, pbottom, rot = geom
    if rot == 0:
        x0, x1, y0, y1 = lx - left, r - left, ptop - t, ptop - b
    elif rot == 1:
        x0, x1, y0, y1 = b - pbottom, t - pbottom, lx - left, r - left
    elif rot == 2:
        x0, x1, y0, y1 = right - r, right - lx, b - pbottom, t - pbottom
    else:
        x0, x1, y0, y1 = ptop - t, ptop - b, right - r, right - lx
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


_MAX_SHAPE_SCAN = 6000


def _shape_bullets(page, geom, words: list[_Word]) -> list[_Word]:
    """Bullets drawn as small shapes or pictures (no glyph in the text): a "•" word for each small square
    mark that starts a line, shares its x with another such mark and has text just to its right."""
    page = page.raw
    count = pdfium_c.FPDFPage_CountObjects(page)
    if count <= 0 or count > _MAX_SHAPE_SCAN:
        return []
    get, kind, bounds = pdfium_c.FPDFPage_GetObject, pdfium_c.FPDFPageObj_GetType, pdfium_c.FPDFPageObj_GetBounds
    fl, fb, fr, ft = (ctypes.c_float() for _ in range(4))
    marks = []
    rules = []
    for i in range(count):
        obj = get(page, i)
        if kind(obj) != pdfium_c.FPDF_PAGEOBJ_PATH:   # pictures next to text are icons far more often
            continue
        if not bounds(obj, fl, fb, fr, ft):
            continue
        x0, top, x1, bottom = _to_display(geom, fl.value, fb.value, fr.value, ft.value)
        w, h = x1 - x0, bottom - top
        if (1.2 <= w <= 7 and 1.2 <= h <= 7 and 0.7 <= w / h <= 1.4) or (2.5 <= w <= 8 and 0.3 <= h <= 1.5):
            marks.append((x0, top, x1, bottom))   # a dot or square, or a dash
            continue
        if (min(w, h) <= 2 and max(w, h) > 9) or max(w, h) <= 40:
            rules.append((x0, top, x1, bottom))   # a rule, a frame's side, or a piece of an icon
    if len(marks) < 2 or len(marks) > 500:   # hundreds of tiny squares: a QR code or a pattern
        return []
    near: dict[int, list[tuple]] = defaultdict(list)   # rules by 16-pt band
    for r in rules:
        for k in range(int(r[1] // 16), int(r[3] // 16) + 1):
            near[k].append(r)
    xs = sorted(m[0] for m in marks)
    by_band: dict[int, list[_Word]] = defaultdict(list)
    for w in words:
        for k in range(int(w.top // 8), int(w.bottom // 8) + 1):
            by_band[k].append(w)
    out = []
    for x0, top, x1, bottom in marks:
        if bisect.bisect_right(xs, x0 + 5) - bisect.bisect_left(xs, x0 - 5) < 2:
            continue   # a list has several marks at (nearly) the same x
        if any(r[0] <= x1 + 0.5 and r[2] >= x0 - 0.5 and r[1] <= bottom + 0.5 and r[3] >= top - 0.5
               for k in range(int((top - 0.5) // 16), int((bottom + 0.5) // 16) + 1) for r in near.get(k, ())):
            continue   # the tick of a bracket or a timeline, or the disc behind an icon: not a bullet
        if sum(1 for m in marks if m[0] <= x1 and m[2] >= x0 and m[1] <= bottom and m[3] >= top) > 1:
            continue   # marks drawn over each other make an icon
        mid = (top + bottom) / 2
        row = [w for w in by_band.get(int(mid // 8), ()) if w.top - 1 <= mid <= w.bottom + 1
               and w.bottom - w.top < 4 * (bottom - top) + 20]
        if not row:
            continue
        # beside the text, centred on it (not a frame or rule touching the line's top or bottom)
        after = [w for w in row if x1 - 0.5 <= w.x0 <= x1 + 2.5 * w.size
                 and w.top + 0.3 * (w.bottom - w.top) <= mid <= w.top + 0.8 * (w.bottom - w.top)]
        before = [w for w in row if x0 - 2 * w.size <= w.x1 <= x0 + 0.5]
        if after and not before and not any(_is_glyph_word(w) and w.x0 <= x1 and w.x1 >= x0 for w in row):
            first = min(after, key=lambda w: w.x0)
            out.append(_Word("\u2022", x0, first.top, x1, first.bottom, first.size, False, False, 1, True))
    return out


def _page_text(tp, n: int) -> list[str]:
    buf = (ctypes.c_ushort * (n + 1))()
    got = pdfium_c.FPDFText_GetText(tp, 0, n, buf)
    if got == n + 1:
        return [chr(u) for u in buf[:n]]   # one UTF-16 unit per char (surrogate halves are joined per word)
    # excluded or inserted chars: ask char by char
    get = pdfium_c.FPDFText_GetUnicode
    out = []
    for i in range(n):
        u = get(tp, i)
        out.append(chr(u) if u < 0x110000 else "\ufffd")
    return out


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
_BAD, _DROPPED, _NOCHAR = 1, 2, 3
_SPECIAL: dict[str, object] = {}
for _o in list(range(0x20)) + list(range(0x7F, 0xA0)) + [0xFFFD, 0xFFFF]:
    _SPECIAL[chr(_o)] = _BAD             # control codes: glyphs without a Unicode mapping
for _c in _DROP:
    _SPECIAL[_c] = _DROPPED
_SPECIAL["\ufffe"] = _NOCHAR          # pdfium's text for a char with no Unicode value, or a line-end hyphen
_SPECIAL["\u00ad"] = "-"              # a visible soft hyphen
for _o in range(0xE000, 0xF900):
    _SPECIAL[chr(_o)] = MARK            # private use: Wingdings/Symbol bullets and icons
for _c in _SPACES:
    _SPECIAL.pop(_c, None)


def _textpage_words(textpage, geom, stats: _Stats) -> list[_Word]:
    tp = textpage.raw   # the raw handle: ctypes calls skip pypdfium2's parameter conversion
    n = pdfium_c.FPDFText_CountChars(tp)
    if n <= 0:
        return []
    if n > MAX_CHARS_PER_PAGE or stats.visible + n > MAX_CHARS_TOTAL:
        raise CvlintError("too-large", f"the PDF's text layer is too large ({n:,} characters on one page)",
                          "this does not look like a CV; check the file")
    chars = _page_text(tp, n)
    rect = pdfium_c.FS_RECTF()
    prect = ctypes.byref(rect)
    loose = pdfium_c.FPDFText_GetLooseCharBox
    font_size = pdfium_c.FPDFText_GetFontSize
    font_info = pdfium_c.FPDFText_GetFontInfo
    map_error = pdfium_c.FPDFText_HasUnicodeMapError
    char_angle = pdfium_c.FPDFText_GetCharAngle
    char_matrix = pdfium_c.FPDFText_GetMatrix
    is_hyphen = pdfium_c.FPDFText_IsHyphen
    matrix = pdfium_c.FS_MATRIX()
    pmatrix = ctypes.byref(matrix)
    namebuf = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    pflags = ctypes.byref(flags)
    font_cache: dict[tuple[bytes, int], tuple[bool, bool, bool]] = {}
    special = _SPECIAL.get
    spaces = _SPACES

    words: list[_Word] = []
    angles: list[float] = []          # one per word: pdfium's angle of its first char
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

    for i in range(n):
        ch = chars[i]
        if ch in spaces:
            if cur:
                words.append(_Word(_flush_text(cur, cicon, cfonticon, csqueezed), cx0, ctop, cx1, cbot, csize,
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
            if sp == _NOCHAR:
                if is_hyphen(tp, i):
                    ch = "-"
                else:
                    bad = True
            elif sp == _BAD:
                bad = True
            else:
                ch = sp
        loose(tp, i, prect)
        lx, b, r, t = rect.left, rect.bottom, rect.right, rect.top
        if t - b <= 0.01:
            continue   # generated or degenerate char
        x0, y0, x1, y1 = _to_display(geom, lx, b, r, t)
        visible += 1
        gap = x0 - last_x1
        spaced = gap - tracking > 0.06 * csize   # a space a reader sees, whether or not the text has one
        if cur and (bad or abs(y1 - last_bot) > 0.35 * (cbot - ctop) or spaced or gap < -0.4 * csize):
            words.append(_Word(_flush_text(cur, cicon, cfonticon, csqueezed), cx0, ctop, cx1, cbot, csize,
                               cbold, ccaps, len(cur), space_before))
            angles.append(cangle)
            cur = []
            space_pending = space_pending or spaced
        if not cur:
            space_before = space_pending
            space_pending = False
            # a new word: sample its font once
            size = font_size(tp, i)
            if char_matrix(tp, i, pmatrix):   # the size in the font state times the text matrix's scale
                size *= math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c)) or 1.0
            namebuf.value = b""
            font_info(tp, i, namebuf, 128, pflags)
            key = (namebuf.value, flags.value)
            style = font_cache.get(key)
            if style is None:
                fname = namebuf.value.decode("latin-1", "replace").lower().split("+", 1)[-1]
                icon = bool(_ICON_NAME.search(fname))
                bold = not icon and bool(_BOLD_NAME.search(fname) or flags.value & _FORCE_BOLD)
                caps = bool(_CAPS_NAME.search(fname) or flags.value & _SMALL_CAP)
                style = font_cache[key] = (bold, caps, icon)
            cbold, ccaps, cicon = style
            cfonticon = cicon
            csqueezed = 0
            if bad or map_error(tp, i):
                cicon = True
                cfonticon = False
            csize = size if size > 0.5 else max(1.0, (y1 - y0) / 1.2)
            cx0, ctop, cx1, cbot = x0, y0, x1, y1
            cangle = char_angle(tp, i)
        else:
            # the run's own spacing: builders set text with negative character spacing, so glyphs overlap and
            # a space that pdfium drops shows only as a gap wider than the run's usual one
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
            words.append(_Word(ICON, cx0, ctop, cx1, cbot, csize, False, False, 1, space_before))
            angles.append(cangle)
            cur = []
    if cur:
        words.append(_Word(_flush_text(cur, cicon, cfonticon, csqueezed), cx0, ctop, cx1, cbot, csize, cbold, ccaps,
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


def _drop_rotated(words: list[_Word], angles: list[float]) -> list[_Word]:
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


# ------------------------------------------------------------------------------------- words -> segments

def _is_glyph_word(w: _Word) -> bool:
    t, had = strip_glyph(w.text)
    return had and not t


def _rows(items):
    """Group boxes into rows: sorted by vertical centre, a box joins the row whose running centre is
    close, unless it would stack over a member (two small lines beside one big word stay two lines);
    then a tiny row (superscripts: "1st", "05th") goes into the row it overlaps."""
    items = sorted(items, key=lambda x: x.top + x.bottom)
    rows: list[list] = []
    centre = height = 0.0
    for it in items:
        c = (it.top + it.bottom) / 2
        h = it.bottom - it.top
        if rows and abs(c - centre) <= 0.4 * max(h, height) and not _stacked(it, rows[-1]):
            row = rows[-1]
            row.append(it)
            k = len(row)
            centre += (c - centre) / k
            height += (h - height) / k
            continue
        rows.append([it])
        centre, height = c, h
    if len(rows) > 1:
        rows = _merge_tiny_rows(rows)
    return rows


def _stacked(it, row) -> bool:
    """Would `it` sit above or below a member of `row` at the same x (two lines beside one big word)?"""
    for o in row:
        if it.x0 < o.x1 and it.x1 > o.x0:
            overlap = min(it.bottom, o.bottom) - max(it.top, o.top)
            if overlap < 0.3 * min(it.bottom - it.top, o.bottom - o.top):
                return True
    return False


def _size_of(it) -> int:
    return it.nchars if isinstance(it, _Word) else sum(w.nchars for w in it.words)


def _merge_tiny_rows(rows):
    sizes = [sum(_size_of(it) for it in row) for row in rows]
    if min(sizes) > 8:
        return rows
    big = [max(_size_of(it) for it in row) > 3 for row in rows]
    out: list[list] = []
    pending = None
    for i, row in enumerate(rows):
        if sizes[i] <= 8 and not big[i]:
            top = min(it.top for it in row)
            bottom = max(it.bottom for it in row)
            best, best_overlap = None, 0.0
            for j in (i - 1, i + 1):
                if 0 <= j < len(rows) and big[j]:
                    other = rows[j]
                    overlap = min(bottom, max(it.bottom for it in other)) - max(top, min(it.top for it in other))
                    taller = max(it.bottom - it.top for it in other) > bottom - top
                    near = any(abs(it.x1 - o.x0) < 15 or abs(o.x1 - it.x0) < 15 for it in row for o in other)
                    if taller and near and overlap > 0.3 * (bottom - top) and overlap > best_overlap:
                        best, best_overlap = j, overlap
            if best is not None:
                if best < i:
                    out[-1].extend(row)
                else:
                    pending = row
                continue
        if pending is not None:
            row = row + pending
            pending = None
        out.append(row)
    if pending is not None:
        out.append(pending)
    return out


def _segments(words: list[_Word]) -> list[_Seg]:
    segs: list[_Seg] = []
    for row in _rows(words):
        row.sort(key=lambda w: w.x0)
        cur: list[_Word] = []
        for w in row:
            if cur:
                p = cur[-1]
                gap = w.x0 - p.x1
                size = max(p.size, w.size, 1.0)
                if gap < -0.3 * size and w.text == p.text and abs(w.x0 - p.x0) < 0.3 * size:
                    continue   # the same text drawn twice (fake bold, shadow)
                similar = max(p.size, w.size) <= 1.6 * max(1.0, min(p.size, w.size)) or gap <= 0.15 * size
                joins = (gap <= 0.55 * size and similar) or (_is_glyph_word(p) and len(cur) == 1 and gap <= 3.5 * size)
                if not joins:
                    segs.append(_Seg(cur))
                    cur = []
            cur.append(w)
        if cur:
            segs.append(_Seg(cur))
    return segs


_HYPHENS = re.compile(r"(?<=\w)[-\u2010\u2011]{2,}(?=\w)|\u2010|\u2011")
_LEADER = re.compile(r"(\.)?(?:\s*[.·_…]){4,}")   # dot leaders between a title and its date


def _symbols_only(text: str) -> bool:
    if text[0] < "\u2000" and text[0] not in _MARKS:
        return False
    return all(c in _MARKS or unicodedata.category(c) in ("So", "Co", "Cn", "Sk") or "\ufe00" <= c <= "\ufe0f"
               or c == "\u200d" for c in text)


def _join_words(words: list[_Word]) -> str:
    """Words of one row, left to right, as text: letter-spaced runs collapsed, icons dropped mid-line."""
    words = sorted(words, key=lambda w: w.x0)
    words = _collapse_letter_spacing(words)
    out: list[str] = []
    prev = None
    for w in words:
        text = w.text
        if prev is not None:
            if _symbols_only(text):
                continue   # an icon inside a line is decoration
            gap = w.x0 - prev.x1
            size = max(prev.size, w.size, 1.0)
            if gap >= 0.12 * size or (w.space_before and gap > -0.4 * size):
                out.append(" ")
        elif all(c in _MARKS for c in text):
            out.append(text[0] + " ")
            prev = w
            continue
        out.append(text)
        prev = w
    s = "".join(out)
    if ICON in s[1:] or MARK in s[1:]:
        s = s[:1] + s[1:].replace(ICON, "").replace(MARK, "")
    if not s.isascii():
        s = s.translate(_LIGATURES)
    if s.count(".") + s.count("_") + s.count("\u00b7") + s.count("\u2026") >= 4:
        s = _LEADER.sub(lambda m: (m.group(1) or "") + " ", s)
    if "--" in s or "\u2010" in s or "\u2011" in s:
        s = _HYPHENS.sub("-", s)   # "on--‐campus": a hyphen written with soft hyphens in front
    if not s.isascii() and _MOJIBAKE_HINT.search(s):
        s = _MOJIBAKE.sub(_unmojibake, s)
    return " ".join(s.split())


# UTF-8 read as Windows-1252 ("â€“" for "–", "Ã©" for "é"): a lead byte then continuation bytes
_MOJIBAKE_HINT = re.compile("[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
                            "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a"
                            "\u20ac\u2122]")
_MOJIBAKE = re.compile(_MOJIBAKE_HINT.pattern + "+")


def _unmojibake(m: re.Match) -> str:
    """The text the bytes meant; a sequence cut short ("ï¼", the first two bytes of a fullwidth sign whose last
    byte the file lost) meant a character nobody can recover, so it is dropped rather than shown."""
    try:
        raw = m.group(0).encode("cp1252")
    except UnicodeEncodeError:
        return m.group(0)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return raw.decode("utf-8", errors="ignore") if exc.reason == "unexpected end of data" else m.group(0)


def _collapse_letter_spacing(words: list[_Word]) -> list[_Word]:
    """'E X P E R I E N C E' / 'JA R E D' -> real words, using the gaps between the letters."""
    if len(words) < 4:
        return words
    out: list[_Word] = []
    i = 0
    n = len(words)
    while i < n:
        j = i
        while j < n and len(words[j].text) <= 2 and words[j].text.isalpha():
            j += 1
        run = words[i:j]
        if len(run) >= 4 and sum(len(w.text) == 1 for w in run) >= 0.6 * len(run):
            gaps = [b.x0 - a.x1 for a, b in zip(run, run[1:])]
            base = sorted(gaps)[len(gaps) // 3]
            size = max(w.size for w in run)
            split = max(base * 1.6, base + 0.12 * size)
            group = [run[0]]
            for w, g in zip(run[1:], gaps):
                if g > split:
                    out.append(_merge_words(group))
                    group = []
                group.append(w)
            out.append(_merge_words(group))
            i = j
        else:
            out.append(words[i])
            i += 1
    return out


def _merge_words(group: list[_Word]) -> _Word:
    first = group[0]
    return _Word("".join(w.text for w in group), first.x0, min(w.top for w in group), max(w.x1 for w in group),
                 max(w.bottom for w in group), max(w.size for w in group), first.bold, first.caps,
                 sum(w.nchars for w in group), first.space_before)


# ------------------------------------------------------------------------------------ headers / footers

_PAGE_NUMBER = re.compile(
    r"^(?:(?:page|p\.|pg\.?|seite|página|pagina)\s*)?[-–—]?\s*\d{1,3}\s*[-–—]?"
    r"(?:\s*(?:of|/|de|von|di)\s*\d{1,3})?$", re.IGNORECASE)
_PAGE_LABEL = re.compile(r"\bpage\s*\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?\b", re.IGNORECASE)


def _drop_running(pages_segs: list[list[_Seg]], heights: list[float]) -> list[list[_Seg]]:
    """Drop page numbers and text repeated at the same place in the top or bottom margin of most pages."""
    npages = sum(1 for segs in pages_segs if segs)

    def zone(seg, h):
        return h > 0 and (seg.bottom <= 0.12 * h or seg.top >= 0.88 * h)

    def key(seg):
        return re.sub(r"\d+", "#", seg.text().lower())

    seen: dict[tuple[str, int], set[int]] = defaultdict(set)
    for p, segs in enumerate(pages_segs):
        for s in segs:
            if zone(s, heights[p]):
                seen[(key(s), round(s.top / 4))].add(p)
    need = max(2, math.ceil(0.5 * npages))
    out = []
    for p, segs in enumerate(pages_segs):
        keep = []
        for s in segs:
            if zone(s, heights[p]):
                text = s.text()
                k = (key(s), round(s.top / 4))
                repeated = npages >= 2 and sum(len(seen.get((k[0], k[1] + d), ())) for d in (-1, 0, 1)) >= need
                if repeated or _PAGE_NUMBER.match(text) or (len(text) < 60 and _PAGE_LABEL.search(text)):
                    continue
            keep.append(s)
        out.append(keep)
    return out


# ---------------------------------------------------------------------------------------------- layout

def _median(values, default=0.0):
    return statistics.median(values) if values else default


def _find_gutter(segs: list[_Seg], body: float):
    """(x, band_top, band_bottom, kind) of the best vertical gutter, or None; kind is "split" (independent
    flows) or "labels" (a sparse margin of labels beside the text, read row by row)."""
    if len(segs) < 6:
        return None
    xmin = min(s.x0 for s in segs)
    xmax = max(s.x1 for s in segs)
    width = int(xmax - xmin) + 3
    if width < 40:
        return None
    diff = [0] * (width + 2)
    for s in segs:
        a = int(s.x0 - xmin) + 1
        b = int(s.x1 - xmin)
        if b > a:
            diff[a] += 1
            diff[b] -= 1
    cross = []
    c = 0
    for v in diff[:width]:
        c += v
        cross.append(c)
    limit = max(2, int(0.3 * len(_rows(segs))))
    lo = max(4, int(0.04 * width))   # keep away from the outer edges
    candidates = []
    x = lo
    while x < width - lo:
        if cross[x] <= limit:
            start = x
            while x < width - lo and cross[x] <= limit:
                x += 1
            run = range(start, x)
            least = min(cross[i] for i in run)
            mins = [i for i in run if cross[i] == least]
            candidates.append(xmin + (mins[0] + mins[-1]) / 2)
        x += 1
    # and just left of every left edge that several segments share (a column too short to make a valley)
    starts = sorted(s.x0 for s in segs if s.x0 > xmin + 0.08 * width)
    k = 0
    while k < len(starts):
        j = k
        while j + 1 < len(starts) and starts[j + 1] - starts[k] <= 2:
            j += 1
        if j - k + 1 >= 3:
            candidates.append(starts[k] - 1.5)
        k = j + 1
    if not candidates:
        return None
    # the most promising few: fewest segments crossing
    candidates = sorted(set(round(c) for c in candidates), key=lambda c: cross[min(width - 1, max(0, int(c - xmin)))])
    candidates = candidates[:10]
    med_h = _median([s.height for s in segs], 10.0)
    med_size = _median([s.size for s in segs], 10.0)
    text_height = max(s.bottom for s in segs) - min(s.top for s in segs)
    by_top = sorted(segs, key=lambda s: s.top)
    tops = [s.top for s in by_top]
    min_height = max(4 * med_h, 0.2 * text_height)
    best = None
    for gx in candidates:
        found = _gutter_band(by_top, tops, gx, med_size, min_height, body)
        if found and (best is None or found[0] > best[0]):
            best = found
    return best[1:] if best else None


def _gutter_band(by_top, tops, gx, med_size, min_height, body):
    blockers = sorted((s.top, s.bottom) for s in by_top if s.x0 < gx - 0.5 and s.x1 > gx + 0.5)
    bands = []
    cursor = -1e9
    for t, b in blockers:
        if t > cursor:
            bands.append((cursor, t))
        cursor = max(cursor, b)
    bands.append((cursor, 1e9))
    best = None
    for ya, yb in bands:
        if yb - ya < min_height:
            continue
        lo = bisect.bisect_left(tops, ya - 0.5)
        hi = bisect.bisect_right(tops, yb + 0.5)
        inside = [s for s in by_top[lo:hi] if s.bottom <= yb + 0.5]
        left = [s for s in inside if s.x1 <= gx + 0.5]
        right = [s for s in inside if s.x0 >= gx - 0.5]
        if len(left) < 2 or len(right) < 2:
            continue
        lchars = sum(len(w.text) for s in left for w in s.words)
        rchars = sum(len(w.text) for s in right for w in s.words)
        if min(lchars, rchars) < 15:
            continue
        top = min(s.top for s in inside)
        bottom = max(s.bottom for s in inside)
        if bottom - top < min_height:
            continue
        gap = min(s.x0 for s in right) - max(s.x1 for s in left)
        if gap < max(3.0, 0.4 * med_size):
            continue
        kind = _band_kind(_rows(left), _rows(right), body)
        if kind is None:
            continue
        score = min(lchars, rchars) + 0.2 * max(lchars, rchars)
        if best is None or score > best[0]:
            best = (score, gx, top, bottom, kind)
    return best


def _aligned(rows, other) -> float:
    """Share of `rows` whose vertical centre falls inside one of `other`'s rows."""
    bands = [(min(s.top for s in r), max(s.bottom for s in r)) for r in other]
    hit = 0
    for r in rows:
        mid = (min(s.top for s in r) + max(s.bottom for s in r)) / 2
        if any(t - 1 <= mid <= b + 1 for t, b in bands):
            hit += 1
    return hit / max(1, len(rows))


def _row_text(row) -> str:
    return " ".join(s.text() for s in sorted(row, key=lambda s: s.x0))


def _heading_like(row, body: float) -> bool:
    words = [w for s in row for w in s.words if w.text not in _MARKS]
    n = sum(w.nchars for w in words)
    if not n:
        return False
    letters = [c for w in words for c in w.text if c.isalpha()]
    return (sum(w.nchars for w in words if w.bold or w.caps or w.size >= body + 1) >= 0.6 * n
            or (len(letters) >= 3 and all(c.isupper() for c in letters)))


def _edge_share(xs: list[float], clusters: int = 1) -> float:
    """Share of the values that fall in the `clusters` biggest groups of values within 4 pt (edge alignment)."""
    xs = sorted(xs)
    groups = []
    j = 0
    for i in range(len(xs)):
        while xs[i] - xs[j] > 4:
            j += 1
        groups.append((i - j + 1, xs[j], xs[i]))
    total = 0
    taken: list[tuple[float, float]] = []
    for count, lo, hi in sorted(groups, reverse=True):
        if len(taken) == clusters:
            break
        if any(lo <= b and hi >= a for a, b in taken):
            continue
        taken.append((lo, hi))
        total += count
    return total / max(1, len(xs))


def _band_kind(lrows, rrows, body: float) -> str | None:
    """How the two sides of a gutter read: "split" (independent columns), "labels" (a margin of headings
    beside the text) or None (not columns: right-aligned dates, a centred banner, a table read by rows)."""
    nl, nr = len(lrows), len(rrows)
    if min(nl, nr) < 2 or nl + nr < 6:
        return None
    r_left_aligned = _edge_share([min(s.x0 for s in r) for r in rrows])
    r_right_aligned = _edge_share([max(s.x1 for s in r) for r in rrows])
    l_len = _median([len(_row_text(r)) for r in lrows])
    r_len = _median([len(_row_text(r)) for r in rrows])
    if (nr <= 0.7 * nl and _aligned(rrows, lrows) >= 0.7 and r_len < 40
            and (r_right_aligned >= 0.5 and r_right_aligned > r_left_aligned or nr <= 0.4 * nl)):
        return None   # dates and places aligned right, beside entry titles
    if nl <= 0.4 * nr and _aligned(lrows, rrows) >= 0.6 and l_len < 30:
        if sum(_heading_like(r, body) for r in lrows) >= 0.6 * nl:
            return "labels"
        return None   # dates or short labels in a left margin: read row by row
    if r_left_aligned < 0.35 and _edge_share([min(s.x0 for s in r) for r in rrows], 2) < 0.5:
        return None   # no left edge on the right side: not a column
    if max(l_len, r_len) < 32 and _aligned(lrows, rrows) >= 0.7 and _aligned(rrows, lrows) >= 0.7:
        return None   # a table of short cells: read row by row
    return "split"


def _interleave_labels(labels: list[_VLine], text: list[_VLine]) -> list[_VLine]:
    """Margin labels read before the text beside them: each block of label lines ("EDUCATION / AND
    AWARDS") goes just before the first text line that is not above it."""
    labels = sorted(labels, key=lambda v: v.top)
    text = sorted(text, key=lambda v: (v.top + v.bottom) / 2)
    blocks: list[list[_VLine]] = []
    for v in labels:
        if blocks and v.top - blocks[-1][-1].bottom <= 0.6 * v.size:
            blocks[-1].append(v)
        else:
            blocks.append([v])
    out: list[_VLine] = []
    i = 0
    for block in blocks:
        if len(block) <= 3 and all(v.bold or v.caps or _upper(v.text) for v in block):
            for v in block[1:]:
                v.glued = True
        while i < len(text) and (text[i].top + text[i].bottom) / 2 < block[0].top:
            out.append(text[i])
            i += 1
        out.extend(block)
    out.extend(text[i:])
    return out


def _trim_band(above, left, right, below, gx, body):
    """Give back to the text above/below the band's outer blocks (cut at blank strips) that read as rows,
    not as columns: an entry title with its place and dates aligned right just under a two-column block."""
    band = sorted(left + right, key=lambda s: s.top)
    if len(band) < 4:
        return above, left, right, below
    med_h = _median([s.height for s in band], 10.0)
    chunks: list[list[_Seg]] = [[band[0]]]
    bottom = band[0].bottom
    for s in band[1:]:
        if s.top - bottom >= max(0.8 * med_h, 5.0):
            chunks.append([])
        chunks[-1].append(s)
        bottom = max(bottom, s.bottom)
    if len(chunks) < 2:
        return above, left, right, below

    # the right column's left edge over the whole band
    starts = sorted(round(min(s.x0 for s in r)) for r in _rows(right))
    edge = Counter(starts).most_common(1)[0][0] if starts else None

    def reads_as_rows(chunk):
        lrows = _rows([s for s in chunk if (s.x0 + s.x1) / 2 < gx])
        rrows = _rows([s for s in chunk if (s.x0 + s.x1) / 2 >= gx])
        if not lrows or not rrows:
            return False
        if edge is not None and any(abs(min(s.x0 for s in r) - edge) <= 4 for r in rrows):
            return False   # the right side starts at the right column's edge: it is the column
        small, big = (lrows, rrows) if len(lrows) <= len(rrows) else (rrows, lrows)
        return _band_kind(lrows, rrows, body) is None and _aligned(small, big) >= 0.7

    moved_up: list[_Seg] = []
    moved_down: list[_Seg] = []
    while len(chunks) > 1 and reads_as_rows(chunks[-1]):
        moved_down = chunks.pop() + moved_down
    while len(chunks) > 1 and reads_as_rows(chunks[0]):
        moved_up += chunks.pop(0)
    if not moved_up and not moved_down:
        return above, left, right, below
    keep = {id(s) for c in chunks for s in c}
    return (above + moved_up, [s for s in left if id(s) in keep], [s for s in right if id(s) in keep],
            moved_down + below)


def _layout(segs: list[_Seg], page: int, body: float, depth: int = 0) -> list[list[_VLine]]:
    """Flows of visual lines, in reading order."""
    if not segs:
        return []
    gutter = _find_gutter(segs, body) if depth < 4 else None
    if gutter is None:
        return [_visual_lines(segs, page)]
    gx, band_top, band_bottom, kind = gutter
    above, left, right, below = [], [], [], []
    for s in segs:
        if s.bottom <= band_top + 0.5 and s.top < band_top:
            above.append(s)
        elif s.top >= band_bottom - 0.5 and s.bottom > band_bottom:
            below.append(s)
        elif (s.x0 + s.x1) / 2 < gx:
            left.append(s)
        else:
            right.append(s)
    if kind == "split":
        above, left, right, below = _trim_band(above, left, right, below, gx, body)
    if left and right and kind == "split":
        # left-side lines above the right side's first line finish the text above (a wrapped line's tail)
        first_right = min(s.top for s in right)
        above += [s for s in left if s.bottom <= first_right + 1]
        left = [s for s in left if s.bottom > first_right + 1]
    flows = _layout(above, page, body, depth + 1)
    lflows = _layout(left, page, body, depth + 1)
    rflows = _layout(right, page, body, depth + 1)
    if kind == "labels":
        flows.append(_interleave_labels([v for f in lflows for v in f], [v for f in rflows for v in f]))
    else:
        flows += lflows + rflows
    flows += _layout(below, page, body, depth + 1)
    return flows


def _visual_lines(segs: list[_Seg], page: int) -> list[_VLine]:
    lines = []
    for row in _rows(segs):
        words = [w for s in row for w in s.words]
        vl = _VLine(words, page)
        lines.append(vl)
    # a glyph alone on its row (between an entry's two lines, or before a blank line) marks no text
    lines = [vl for vl in lines if vl.text]
    lines.sort(key=lambda v: (v.top + v.bottom) / 2)
    return lines


# ------------------------------------------------------------------------------- visual -> logical lines

def _lines_from_pages(pages: list[tuple[list[_Word], float, float]]) -> list[Line]:
    pages_segs = [_segments(words) for words, _, _ in pages]
    heights = [h for _, _, h in pages]
    pages_segs = _drop_running(pages_segs, heights)
    sizes: Counter = Counter()
    for segs in pages_segs:
        for s in segs:
            for w in s.words:
                if w.text not in _MARKS:
                    sizes[round(w.size * 2) / 2] += w.nchars
    body = _weighted_median(sizes) or 10.0

    lines: list[Line] = []
    for p, segs in enumerate(pages_segs, start=1):
        flows = _layout(segs, p, body)
        page_lines: list[Line] = []
        for flow in flows:
            page_lines.extend(_logical_lines(flow, body))
        if lines and page_lines and _continues_on_next_page(lines[-1], page_lines[0]):
            last, first = lines[-1], page_lines.pop(0)
            lines[-1] = _with(last, text=f"{last.text} {first.text}", boxes=last.boxes + first.boxes)
        for k, line in enumerate(page_lines, start=1):
            lines.append(_with(line, locator=k))
    return lines


def _continues_on_next_page(last: Line, first: Line) -> bool:
    """A bullet cut by the page break: the next page starts, under its text, with a lower-case line."""
    if not last.bullet or first.bullet or first.heading or not first.text[:1].islower():
        return False
    a, b = last.boxes[-1], first.boxes[0]
    return abs(a.x0 - b.x0) <= 3 and not _SENTENCE_END.search(last.text)


def _weighted_median(counter: Counter) -> float:
    total = sum(counter.values())
    if not total:
        return 0.0
    acc = 0
    for value in sorted(counter):
        acc += counter[value]
        if acc >= total / 2:
            return value
    return 0.0  # pragma: no cover


def _with(line: Line, **changes) -> Line:
    fields = {f: getattr(line, f) for f in Line.__slots__}
    fields.update(changes)
    return Line(**fields)


def _box(vl: _VLine) -> Box:
    x0 = vl.text_x0 if vl.bullet else vl.x0
    return Box(vl.page, round(x0, 2), round(vl.top, 2), round(vl.x1, 2), round(vl.bottom, 2))


_SENTENCE_END = re.compile(r"[.!?]['\")\]]?$")


def _is_heading(vl: _VLine, body: float) -> bool:
    if vl.bullet:
        return False
    text = vl.text
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 2:
        return False
    nwords = len(text.split())
    if text[0].islower() or _CONNECTOR_END.search(text):
        return False
    if vl.size >= body + max(1.0, 0.15 * body) and nwords <= 8:
        return True
    if vl.bold and nwords <= 8 and not _SENTENCE_END.search(text):
        return True
    upper = all(c.isupper() for c in letters)
    if upper and nwords <= 6 and len(letters) >= 3:
        return True
    return vl.caps and nwords <= 6 and len(letters) >= 3 and not _SENTENCE_END.search(text)


class _Open:
    """A logical line being built."""

    __slots__ = ("parts", "vls", "bullet", "heading", "gap_before")

    def __init__(self, vl: _VLine, heading: bool, gap_before: bool):
        self.parts = [vl.text]
        self.vls = [vl]
        self.bullet = vl.bullet
        self.heading = heading
        self.gap_before = gap_before

    def line(self) -> Line:
        text = self.parts[0]
        for part in self.parts[1:]:
            if (text.endswith("-") and len(text) > 1 and text[-2].isalpha() and part[:1].isalpha()
                    and part[0].islower() == text[-2].islower()):
                text = text + part   # a word broken at the line end keeps its hyphen
            else:
                text = text + " " + part
        first = self.vls[0]
        return Line(text=text, bullet=self.bullet, heading=self.heading, page=first.page,
                    boxes=tuple(_box(v) for v in self.vls), gap_before=self.gap_before)


def _logical_lines(flow: list[_VLine], body: float) -> list[Line]:
    if not flow:
        return []
    # typical whitespace between consecutive lines of this flow
    spaces = [b.top - a.bottom for a, b in zip(flow, flow[1:]) if -2 < b.top - a.bottom < 2 * max(a.size, 1)]
    normal = _median(spaces, 2.0)
    right_edge = sorted(v.x1 for v in flow)[int(0.9 * (len(flow) - 1))]
    left_edge = min(v.x0 for v in flow)
    width = max(1.0, right_edge - left_edge)

    out: list[Line] = []
    cur: _Open | None = None
    prev: _VLine | None = None
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


_CONNECTOR_END = re.compile(r"(?:[,;&/+(-]|\b(?:and|or|of|the|for|with|to|in|on|at|a|an|by|from|as|using|via|into|"
                            r"including|such as|e\.g\.|i\.e\.))$", re.IGNORECASE)


_DATE_END = re.compile(r"(?:\b(?:19|20)\d{2}|present|now|current|today|date|\d{1,2}/\d{2,4})\W{0,2}$", re.IGNORECASE)


def _upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _continues(cur: _Open, prev: _VLine, vl: _VLine, heading: bool, space: float, normal: float,
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
    connector = bool(_CONNECTOR_END.search(prev.text))
    ended = bool(_SENTENCE_END.search(prev.text))
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
        both_caps = _upper(prev.text) and _upper(vl.text)
        return ((cur.heading or both_caps) and heading and not ended and len(cur.vls) < 3 and not fits
                and (connector or lower or both_caps))
    if _upper(vl.text) and not _upper(prev.text) and not connector:
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
    return (not ended and not fits and not _DATE_END.search(prev.text)
            and prev.x1 >= right_edge - 0.1 * width)


# ------------------------------------------------------------------------------- form XObject loops

_FORM = re.compile(rb"/Subtype\s*/F(?:o|#6[fF])(?:r|#72)(?:m|#6[dD])")
_DO = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*Do\b")
_FORM_BUDGET = 20_000      # form invocations one page may expand to
_STREAM_CAP = 4 * 1024 * 1024


def _check_form_loops(data: bytes, npages: int) -> None:
    """Refuse a PDF whose form XObjects draw each other in a loop, or nest so that drawing the pages would
    parse form bodies more than _FORM_BUDGET times (pdfium expands both exponentially, in time and memory).

    Only runs when the file has form XObjects at all. The check walks the page tree and the forms' own
    resources with pdfminer, iteratively and with budgets, and decodes form streams with a size cap. If
    pdfminer cannot read the file the check passes: pdfium is then the only judge.
    """
    if not _FORM.search(data):
        return
    try:
        verdict = _form_expansion(data, npages)
    except CvlintError:
        raise
    except Exception:   # noqa: BLE001 - a file pdfminer cannot read is left to pdfium
        return
    if verdict:
        raise CvlintError("corrupt", f"the PDF's drawing instructions loop or nest too deep ({verdict})")


def _form_expansion(data: bytes, npages: int) -> str | None:
    import io
    import logging
    import zlib

    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFObjRef, PDFStream
    from pdfminer.psparser import PSLiteral

    log = logging.getLogger("pdfminer")
    if log.level == logging.NOTSET:
        log.setLevel(logging.ERROR)
    doc = PDFDocument(PDFParser(io.BytesIO(data)))

    def resolve(x, hops=32):
        while isinstance(x, PDFObjRef) and hops:
            try:
                x = doc.getobj(x.objid)
            except Exception:   # noqa: BLE001
                return None
            hops -= 1
        return None if isinstance(x, PDFObjRef) else x

    def name(x):
        return x.name if isinstance(x, PSLiteral) else x

    def xobjects(resources) -> dict:
        res = resolve(resources)
        if not isinstance(res, dict):
            return {}
        xo = resolve(res.get("XObject"))
        return xo if isinstance(xo, dict) else {}

    def stream_text(stream: PDFStream) -> bytes:
        filters = stream.get_filters()
        raw = stream.get_rawdata() or b""
        if not filters:
            return raw[:_STREAM_CAP]
        if len(filters) == 1 and name(filters[0][0]) in ("FlateDecode", "Fl"):
            try:
                return zlib.decompressobj().decompress(raw, _STREAM_CAP)
            except zlib.error:
                return b""
        return b""

    def invocations(content: bytes) -> Counter:
        return Counter(m.group(1) for m in _DO.finditer(content))

    def contents_of(page: dict) -> bytes:
        streams = resolve(page.get("Contents"))
        if isinstance(streams, PDFStream):
            streams = [streams]
        out = b""
        for st in streams if isinstance(streams, list) else ():
            st = resolve(st)
            if isinstance(st, PDFStream):
                out += stream_text(st) + b"\n"
            if len(out) > _STREAM_CAP:
                break
        return out

    def form_children(xo: dict, invoked: Counter | None) -> list[tuple[int, int]]:
        """(form id, times drawn) for the forms of a resource dictionary that the content draws."""
        out = []
        for key, ref in xo.items():
            times = 1 if invoked is None else invoked.get(key.encode("latin-1", "replace"), 0)
            if not times or not isinstance(ref, PDFObjRef):
                continue
            obj = resolve(ref)
            if isinstance(obj, PDFStream) and name(obj.get("Subtype")) == "Form":
                out.append((ref.objid, times))
        return out

    # forms reachable from the pages: id -> [(form id, times drawn)]
    children: dict[int, list[tuple[int, int]]] = {}
    roots: list[list[tuple[int, int]]] = []
    pending: list[tuple[int, dict]] = []   # (form id, inherited XObject dict)
    # walk the page tree iteratively (cycles and depth bounded)
    catalog = resolve(doc.catalog) if hasattr(doc, "catalog") else None
    root = resolve(catalog.get("Pages")) if isinstance(catalog, dict) else None
    stack = [(root, None, 0)]
    visited: set[int] = set()
    pages_seen = 0
    while stack and pages_seen <= npages:
        node, inherited, depth = stack.pop()
        if not isinstance(node, dict) or depth > 64 or id(node) in visited:
            continue
        visited.add(id(node))
        res = node.get("Resources", inherited)
        kind = name(node.get("Type"))
        kids = resolve(node.get("Kids"))
        if kind == "Pages" or (kind != "Page" and isinstance(kids, list)):
            for kid in reversed(kids or []):
                stack.append((resolve(kid), res, depth + 1))
            continue
        pages_seen += 1
        xo = xobjects(res)
        ids = form_children(xo, None)
        if ids:
            ids = form_children(xo, invocations(contents_of(node)))
        roots.append(ids)
        pending.extend((fid, xo) for fid, _ in ids)

    while pending:
        fid, inherited_xo = pending.pop()
        if fid in children:
            continue
        obj = resolve(PDFObjRef(doc, fid))
        if not isinstance(obj, PDFStream):
            children[fid] = []
            continue
        invoked = invocations(stream_text(obj))
        xo = xobjects(obj.get("Resources")) or inherited_xo
        kids = form_children(xo, invoked) if invoked else []
        children[fid] = kids
        pending.extend((k, xo) for k, _ in kids)
        if len(children) > 5000:
            return "too many nested forms"

    # cycle check and expansion count (how many form bodies pdfium would parse), iteratively
    state: dict[int, int] = {}        # 1 = on stack, 2 = done
    total: dict[int, int] = {}
    for ids in roots:
        for start, _ in ids:
            if state.get(start) == 2:
                continue
            stack2 = [(start, 0)]
            state[start] = 1
            while stack2:
                node, k = stack2[-1]
                kids = children.get(node, [])
                if k < len(kids):
                    stack2[-1] = (node, k + 1)
                    kid = kids[k][0]
                    st = state.get(kid)
                    if st == 1:
                        return "a form XObject draws itself"
                    if st is None:
                        state[kid] = 1
                        stack2.append((kid, 0))
                    continue
                total[node] = min(10 ** 9, 1 + sum(times * total.get(c, 1) for c, times in kids))
                state[node] = 2
                stack2.pop()
        if sum(times * total.get(i, 1) for i, times in ids) > _FORM_BUDGET:
            return "form XObjects expand too far"
    return None
