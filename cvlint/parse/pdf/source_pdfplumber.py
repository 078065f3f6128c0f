"""The pdfplumber character source (`--pdf-engine pdfplumber`): pdfminer's characters and paths, moved to the
displayed page. Imported only when chosen. pdfminer reads no font descriptor flags (bold and small caps come from
the font's name alone) and gives no Unicode-map warning (only a glyph without any value counts as unmapped).
Its refusals become cvlint error codes where it is called."""

from __future__ import annotations

import io
import logging
import math
import re
from contextlib import contextmanager
from typing import Iterator

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdftypes import PDFObjRef
from pdfminer.psexceptions import PSException
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from cvlint.errors import CvlintError
from cvlint.parse.pdf.records import MAX_SHAPE_SCAN, UNMAPPED, Char, PageChars, Style, check_char_count

_CID = re.compile(r"^\(cid:\d+\)$")   # pdfminer's text for a glyph without a Unicode value
_DINGBATS = re.compile(r"dingbats", re.IGNORECASE)   # pdfminer gives its glyphs the codes' Latin letters
_MAX_HOPS = 32
_REFUSALS = (PdfminerException, MalformedPDFException, PSException)


def _refusal(exc: Exception) -> CvlintError:
    cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
    if isinstance(cause, PDFPasswordIncorrect):
        return CvlintError("encrypted", "the PDF is password-protected")
    if isinstance(cause, PDFEncryptionError):
        return CvlintError("encrypted", "the PDF uses an unsupported security handler")
    return CvlintError("corrupt", "the PDF could not be read (damaged or not a PDF)")


class PdfplumberSource:
    """An open PDF; `len()` is its page count, `page(i, seen)` reads one page."""

    def __init__(self, data: bytes):
        log = logging.getLogger("pdfminer")
        if log.level == logging.NOTSET:
            log.setLevel(logging.ERROR)
        try:
            self._pdf = pdfplumber.open(io.BytesIO(data))
            _check_references(self._pdf.doc)
            self._pages = self._pdf.pages
        except _REFUSALS as exc:
            raise _refusal(exc) from None

    def __len__(self) -> int:
        return len(self._pages)

    def close(self) -> None:
        if hasattr(self, "_pages"):   # (pdfplumber's close reads every page first: not before they are checked)
            self._pdf.close()

    @contextmanager
    def page(self, index: int, seen: int) -> Iterator[PageChars]:
        """The page's characters, valid until the block ends; `seen` is the number of characters read on the
        pages before (the text layer's size is capped)."""
        page = self._pages[index]
        try:
            try:
                chars, paths, images = page.chars, page.rects + page.curves + page.lines, page.images
            except _REFUSALS as exc:
                raise _refusal(exc) from None
            check_char_count(len(chars), seen)
            dx, dy, width, height = _displayed(page.page_obj)
            yield PageChars(_chars(chars, dx, dy), lambda i: _style(chars[i]), width, height,
                            _paths(paths, dx, dy), bool(chars or paths or images))
        finally:
            page.close()


def _displayed(page_obj) -> tuple[float, float, float, float]:
    """(dx, dy, width, height): a point of pdfplumber's, less (dx, dy), is on the displayed page (the CropBox
    clipped to the MediaBox, /Rotate applied), as pdfium's are. pdfminer turns the page about the MediaBox's
    corner, and pdfplumber flips y about its rotated height and shifts by its origin; (dx, dy) is where the visible
    box's displayed top-left corner lands."""
    mx0, my0, mx1, my1 = page_obj.mediabox
    cx0, cy0, cx1, cy1 = page_obj.cropbox
    left, bottom = max(min(cx0, cx1), min(mx0, mx1)), max(min(cy0, cy1), min(my0, my1))
    right, top = min(max(cx0, cx1), max(mx0, mx1)), min(max(cy0, cy1), max(my0, my1))
    rotation = page_obj.rotate
    if rotation == 90:
        return bottom, left - 2 * mx0, top - bottom, right - left
    if rotation == 180:
        return mx0 + mx1 - right, bottom - 2 * my0, right - left, top - bottom
    if rotation == 270:
        return my0 + my1 - top, mx1 - mx0 - right, top - bottom, right - left
    return left, my1 - my0 - top, right - left, top - bottom


def _check_references(doc) -> None:
    """Refuse objects that are only a reference to another, in a loop or a long chain: pdfminer follows such a
    chain without end (a page's /Contents pointing at itself hangs it)."""
    for xref in doc.xrefs:
        for objid in xref.get_objids():
            seen: set[int] = set()
            while objid not in seen and len(seen) <= _MAX_HOPS:
                seen.add(objid)
                try:
                    obj = doc.getobj(objid)
                except PSException:
                    break   # missing or damaged: pdfminer refuses it if a page needs it
                if not isinstance(obj, PDFObjRef):
                    break
                objid = obj.objid
            else:
                raise CvlintError("corrupt", "the PDF's objects refer to each other in a loop")


def _chars(chars: list[dict], dx: float, dy: float) -> list[Char]:
    """One Char per character; a glyph the font maps to several ("fi", a hyphen with soft hyphens, a space as
    tab, return, space and no-break space) becomes as many, side by side across its width."""
    out = []
    for i, c in enumerate(chars):
        text = c["text"]
        x0, top, x1, bottom = c["x0"] - dx, c["top"] - dy, c["x1"] - dx, c["bottom"] - dy
        if _CID.match(text):
            text = UNMAPPED
        elif _DINGBATS.search(c["fontname"]) and len(text) == 1 and text < "\u0100":
            text = chr(0xF000 + ord(text))   # a Dingbats glyph: private use, as Symbol-font bullets arrive
        elif not text.isspace() and bottom - top <= 0.01:
            continue
        step = (x1 - x0) / max(1, len(text))
        for k, ch in enumerate(text):
            out.append(Char(ch, x0 + k * step, top, x0 + (k + 1) * step, bottom, i))
    return out


def _style(c: dict) -> Style:
    a, b = c["matrix"][:2]
    return Style(c["size"], c["fontname"], 0, math.atan2(b, a) % (2 * math.pi), False)


def _paths(paths: list[dict], dx: float, dy: float) -> tuple[tuple[float, float, float, float], ...]:
    if len(paths) > MAX_SHAPE_SCAN:
        return ()
    return tuple((p["x0"] - dx, p["top"] - dy, p["x1"] - dx, p["bottom"] - dy) for p in paths)
