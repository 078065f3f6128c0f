"""An annotated copy of a PDF: a highlight over every visual line of each weak bullet, with a note.

Bullet boxes (:class:`cvlint.model.Box`) are in displayed coordinates: PDF points, origin at the top-left
of the visible page (the CropBox clipped to the MediaBox), the page's /Rotate applied, as
:mod:`cvlint.parse.pdf` produces them. Annotations live in default user space, so each box corner is
mapped back: undo the rotation, then add the visible box's origin. QuadPoints list each line's corners
as displayed upper-left, upper-right, lower-left, lower-right (the order Acrobat, pdfium and poppler
read). Each highlight carries /Contents (the finding and the rewrite), a /Popup, and its own appearance
stream, so viewers that do not synthesise one (and `pdftoppm`) still show it.
"""

from __future__ import annotations

import io
from collections import defaultdict
from typing import Sequence

from cvlint.errors import CvlintError
from cvlint.model import Box

AUTHOR = "cvlint"
COLOR = (1.0, 0.84, 0.0)  # amber
_PAD = 0.5


def _text(value: str):
    """A PDF text string: ASCII as is, anything else as UTF-16BE with a BOM (read the same by every reader)."""
    import codecs

    from pypdf.generic import TextStringObject

    t = TextStringObject(value)
    if not value.isascii():
        t.autodetect_utf16 = True
        t.utf16_bom = codecs.BOM_UTF16_BE
    return t


def visible_box(page) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) of the page's visible area in user space: CropBox ∩ MediaBox."""
    m, c = page.mediabox, page.cropbox
    mx0, mx1 = sorted((float(m.left), float(m.right)))
    my0, my1 = sorted((float(m.bottom), float(m.top)))
    cx0, cx1 = sorted((float(c.left), float(c.right)))
    cy0, cy1 = sorted((float(c.bottom), float(c.top)))
    left, right, bottom, top = max(mx0, cx0), min(mx1, cx1), max(my0, cy0), min(my1, cy1)
    if right <= left or top <= bottom:  # a crop box outside the media box: viewers fall back to the media box
        return mx0, my0, mx1, my1
    return left, bottom, right, top


def to_user_space(x: float, y: float, box: tuple[float, float, float, float], rotation: int) -> tuple[float, float]:
    """A displayed point (x right, y down from the visible page's top-left) in default user space."""
    left, bottom, right, top = box
    rot = (rotation // 90) % 4
    if rot == 0:
        return left + x, top - y
    if rot == 1:  # 90° clockwise: displayed x runs up the page, displayed y runs right
        return left + y, bottom + x
    if rot == 2:
        return right - x, bottom + y
    return right - y, top - x


def quad(b: Box, box: tuple[float, float, float, float], rotation: int) -> list[float]:
    """QuadPoints of one visual line: displayed UL, UR, LL, LR corners in user space."""
    corners = ((b.x0, b.top), (b.x1, b.top), (b.x0, b.bottom), (b.x1, b.bottom))
    out: list[float] = []
    for x, y in corners:
        out.extend(round(v, 3) for v in to_user_space(x, y, box, rotation))
    return out


def _bounds(quads: Sequence[list[float]]) -> tuple[float, float, float, float]:
    xs = [q[i] for q in quads for i in range(0, 8, 2)]
    ys = [q[i] for q in quads for i in range(1, 8, 2)]
    return min(xs) - _PAD, min(ys) - _PAD, max(xs) + _PAD, max(ys) + _PAD


def _appearance(writer, rect: tuple[float, float, float, float], quads: Sequence[list[float]]):
    """A form XObject painting the quads in multiply mode (text stays readable under the colour)."""
    from pypdf.generic import (ArrayObject, DictionaryObject, FloatObject, NameObject, NumberObject,
                               StreamObject)

    ops = ["/GS0 gs", f"{COLOR[0]:.3f} {COLOR[1]:.3f} {COLOR[2]:.3f} rg"]
    for q in quads:
        (x1, y1, x2, y2, x3, y3, x4, y4) = q
        ops.append(f"{x1:.3f} {y1:.3f} m {x2:.3f} {y2:.3f} l {x4:.3f} {y4:.3f} l {x3:.3f} {y3:.3f} l h f")
    stream = StreamObject()
    stream.set_data("\n".join(ops).encode("ascii"))
    gs = DictionaryObject({NameObject("/Type"): NameObject("/ExtGState"), NameObject("/BM"): NameObject("/Multiply"),
                           NameObject("/ca"): FloatObject(1), NameObject("/CA"): FloatObject(1)})
    stream.update({
        NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/FormType"): NumberObject(1),
        NameObject("/BBox"): ArrayObject([FloatObject(v) for v in rect]),
        NameObject("/Resources"): DictionaryObject({NameObject("/ExtGState"): DictionaryObject(
            {NameObject("/GS0"): gs})}),
    })
    return writer._add_object(stream)


def _popup_rect(rect, box) -> tuple[float, float, float, float]:
    left, bottom, right, top = box
    x0 = min(max(rect[2] + 6, left), right - 40)
    y1 = min(max(rect[3], bottom + 120), top)
    return x0, max(y1 - 120, bottom), min(x0 + 220, right), y1


def annotate_pdf(data: bytes, marks: Sequence[dict]) -> tuple[bytes, list[dict], list[dict]]:
    """Add one highlight (per page) with a note for each mark; return (pdf bytes, placed, skipped)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import Highlight, Popup
    from pypdf.errors import PdfReadError
    from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise CvlintError("encrypted", "the PDF needs a password to open")
        writer = PdfWriter(clone_from=reader)
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise CvlintError("corrupt", f"pypdf cannot rewrite this PDF ({type(exc).__name__})",
                          "use -o NAME.html instead") from None
    placed: list[dict] = []
    skipped: list[dict] = []
    for mark in marks:
        boxes: Sequence[Box] = mark.get("boxes") or ()
        if not boxes:
            skipped.append({"bullet": mark["bullet"], "reason": "no position on the page"})
            continue
        by_page: dict[int, list[Box]] = defaultdict(list)
        for b in boxes:
            by_page[b.page].append(b)
        for page_no, page_boxes in sorted(by_page.items()):
            if not 1 <= page_no <= len(writer.pages):
                skipped.append({"bullet": mark["bullet"], "reason": f"page {page_no} not in the file"})
                continue
            page = writer.pages[page_no - 1]
            box, rotation = visible_box(page), int(page.rotation or 0)
            quads = [quad(b, box, rotation) for b in page_boxes]
            rect = _bounds(quads)
            annot = Highlight(rect=rect, quad_points=ArrayObject([FloatObject(v) for q in quads for v in q]),
                              highlight_color="ffd700", printing=True)
            annot[NameObject("/Contents")] = _text(mark["comment"])
            annot[NameObject("/T")] = _text(AUTHOR)
            annot[NameObject("/NM")] = _text(f"cvlint-{mark['bullet']}-p{page_no}")
            annot[NameObject("/AP")] = DictionaryObject({NameObject("/N"): _appearance(writer, rect, quads)})
            added = writer.add_annotation(page_no - 1, annot)
            popup = writer.add_annotation(page_no - 1, Popup(rect=_popup_rect(rect, box), parent=added,
                                                             open=False))
            added[NameObject("/Popup")] = popup.indirect_reference
            placed.append({"bullet": mark["bullet"], "page": page_no, "lines": len(quads)})
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue(), placed, skipped
