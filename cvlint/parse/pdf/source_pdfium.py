"""The pypdfium2 character source (the default engine): one pdfium call for a page's text, one per character for
its loose box (advance width x font ascent/descent), and font facts only for the characters the word step asks
about. Every pdfium object is closed; pdfium's refusals become cvlint error codes here."""

from __future__ import annotations

import ctypes
import math
from contextlib import contextmanager
from typing import Iterator

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from cvlint.errors import CvlintError
from cvlint.parse.pdf.records import MAX_SHAPE_SCAN, SPACES, UNMAPPED, Char, PageChars, Style, check_char_count


class PdfiumSource:
    """An open PDF; `len()` is its page count, `page(i, seen)` reads one page."""

    def __init__(self, data: bytes):
        try:
            self._doc = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            code = getattr(exc, "err_code", None)
            if code == pdfium_c.FPDF_ERR_PASSWORD or "password" in str(exc).lower():
                raise CvlintError("encrypted", "the PDF is password-protected") from None
            if code == pdfium_c.FPDF_ERR_SECURITY:
                raise CvlintError("encrypted", "the PDF uses an unsupported security handler") from None
            raise CvlintError("corrupt", "the PDF could not be opened (damaged or not a PDF)") from None

    def __len__(self) -> int:
        return len(self._doc)

    def close(self) -> None:
        self._doc.close()

    @contextmanager
    def page(self, index: int, seen: int) -> Iterator[PageChars | None]:
        """The page's characters (None if pdfium cannot load it), valid until the block ends; `seen` is the
        number of characters read on the pages before (the text layer's size is capped)."""
        try:
            page = self._doc[index]
        except pdfium.PdfiumError:
            yield None
            return
        try:
            geom = _page_geometry(page)
            left, top, right, bottom, rot = geom
            width, height = (top - bottom, right - left) if rot % 2 else (right - left, top - bottom)
            textpage = page.get_textpage()
            try:
                count = pdfium_c.FPDFPage_CountObjects(page)
                yield PageChars(_chars(textpage.raw, geom, seen), _styles(textpage.raw), width, height,
                                _paths(page.raw, geom, count), count > 0)
            finally:
                textpage.close()
        finally:
            page.close()


def _page_geometry(page) -> tuple[float, float, float, float, int]:
    rect = pdfium_c.FS_RECTF()
    if pdfium_c.FPDF_GetPageBoundingBox(page, rect):
        left, top, right, bottom = rect.left, rect.top, rect.right, rect.bottom
    else:  # pragma: no cover - pdfium always has a box for a loaded page
        left, bottom, right, top = 0.0, 0.0, pdfium_c.FPDF_GetPageWidthF(page), pdfium_c.FPDF_GetPageHeightF(page)
    rot = pdfium_c.FPDFPage_GetRotation(page) % 4
    return left, top, right, bottom, rot


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


def _chars(tp, geom, seen: int) -> list[Char]:
    """The page's characters in text order; generated and degenerate (zero-height) ones left out."""
    n = pdfium_c.FPDFText_CountChars(tp)
    if n <= 0:
        return []
    check_char_count(n, seen)
    rect = pdfium_c.FS_RECTF()
    prect = ctypes.byref(rect)
    loose = pdfium_c.FPDFText_GetLooseCharBox
    is_hyphen = pdfium_c.FPDFText_IsHyphen
    out = []
    for i, ch in enumerate(_page_text(tp, n)):
        if ch in SPACES:
            out.append(Char(ch, 0.0, 0.0, 0.0, 0.0, i))
            continue
        if ch == UNMAPPED and is_hyphen(tp, i):
            ch = "-"   # pdfium's text for a line-end hyphen
        loose(tp, i, prect)
        lx, b, r, t = rect.left, rect.bottom, rect.right, rect.top
        if t - b <= 0.01:
            continue
        x0, top, x1, bottom = _to_display(geom, lx, b, r, t)
        out.append(Char(ch, x0, top, x1, bottom, i))
    return out


def _styles(tp):
    """A Char index -> its Style, asked of pdfium on demand (a few calls each)."""
    matrix = pdfium_c.FS_MATRIX()
    pmatrix = ctypes.byref(matrix)
    namebuf = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    pflags = ctypes.byref(flags)

    def style(i: int) -> Style:
        size = pdfium_c.FPDFText_GetFontSize(tp, i)
        if pdfium_c.FPDFText_GetMatrix(tp, i, pmatrix):   # the size in the font state times the text matrix's scale
            size *= math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c)) or 1.0
        namebuf.value = b""
        pdfium_c.FPDFText_GetFontInfo(tp, i, namebuf, 128, pflags)
        return Style(size, namebuf.value.decode("latin-1", "replace"), flags.value,
                     pdfium_c.FPDFText_GetCharAngle(tp, i), bool(pdfium_c.FPDFText_HasUnicodeMapError(tp, i)))
    return style


def _paths(page, geom, count: int) -> tuple[tuple[float, float, float, float], ...]:
    """The displayed boxes of the page's vector paths (pictures are left out: beside text they are icons far
    more often than bullets); none on a page of over MAX_SHAPE_SCAN objects."""
    if count <= 0 or count > MAX_SHAPE_SCAN:
        return ()
    get, kind, bounds = pdfium_c.FPDFPage_GetObject, pdfium_c.FPDFPageObj_GetType, pdfium_c.FPDFPageObj_GetBounds
    fl, fb, fr, ft = (ctypes.c_float() for _ in range(4))
    out = []
    for i in range(count):
        obj = get(page, i)
        if kind(obj) == pdfium_c.FPDF_PAGEOBJ_PATH and bounds(obj, fl, fb, fr, ft):
            out.append(_to_display(geom, fl.value, fb.value, fr.value, ft.value))
    return tuple(out)
