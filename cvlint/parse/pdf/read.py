"""One PDF -> its logical lines: a character source reads the pages, the layout steps turn characters into lines.

The hostile-file defences run here whichever source reads: what the streams inflate to is bounded before the
file is opened (`pdfstreams`); the page count is checked before any page is loaded; form XObjects that draw each
other in a loop are refused first (`forms`); the text layer per page and in all is capped; a deadline follows
`Limits.timeout`. No text on any page -> `no-text-layer` (or `corrupt` if the pages draw nothing at all); mostly
unmapped glyphs -> `garbled-text`.
"""

from __future__ import annotations

import time
from collections import Counter

from cvlint.config import PDF_ENGINES
from cvlint.errors import CvlintError
from cvlint.limits import Limits
from cvlint.model import Line
from cvlint.parse.pdf.flows import layout
from cvlint.parse.pdf.forms import check_form_loops
from cvlint.parse.pdf.lines import continues_on_next_page, logical_lines, with_changes
from cvlint.parse.pdf.records import MARKS, Word
from cvlint.parse.pdf.segments import drop_running, segments
from cvlint.parse.pdf.shapes import shape_bullets
from cvlint.parse.pdf.source_pdfium import PdfiumSource
from cvlint.parse.pdf.words import Stats, page_words
from cvlint.parse.pdfstreams import check_inflation


def extract_lines(data: bytes, limits: Limits, engine: str = "pdfium") -> tuple[list[Line], int]:
    """The PDF's logical lines in reading order and its page count, or a CvlintError; `engine` names the
    character source (`PDF_ENGINES`)."""
    if engine not in PDF_ENGINES:
        raise ValueError(f"unknown PDF engine {engine!r}")
    if not data or not data.strip():
        raise CvlintError("empty", "the file is empty")
    deadline = time.monotonic() + max(1.0, float(limits.timeout))
    check_inflation(data, limits)
    source = _open(engine, data)
    try:
        npages = len(source)
        if npages > limits.max_pages:
            raise CvlintError("too-many-pages", f"the PDF has {npages} pages, over the {limits.max_pages}-page limit")
        if npages <= 0:
            raise CvlintError("corrupt", "the PDF has no pages")
        check_form_loops(data, npages)
        pages: list[tuple[list[Word], float, float]] = []
        stats = Stats()
        drawn_pages = loaded = 0
        for index in range(npages):
            if time.monotonic() > deadline:
                raise CvlintError("timeout", f"extracting the text took over {limits.timeout:g} s")
            with source.page(index, stats.visible) as page:
                if page is None:
                    pages.append(([], 0.0, 0.0))
                    continue
                loaded += 1
                words = page_words(page, stats)
                if words:
                    words += shape_bullets(page.paths, words)
                elif page.drawn:
                    drawn_pages += 1   # no text, but images or vector paths
                pages.append((words, page.width, page.height))
        if not loaded:
            raise CvlintError("corrupt", "no page of the PDF could be read")
    finally:
        source.close()
    if stats.visible == 0:
        if drawn_pages:
            raise CvlintError("no-text-layer", "the PDF has no text layer (scanned image or outlined text)")
        raise CvlintError("corrupt", "the PDF's pages draw nothing (damaged or blank)")
    if stats.unmapped > 0.5 * stats.visible:
        raise CvlintError("garbled-text", "the PDF's text extracts as unmapped glyph codes")
    return _lines_from_pages(pages), npages


def _open(engine: str, data: bytes):
    """The engine's character source over the file (pdfplumber is imported only when chosen)."""
    if engine == "pdfplumber":
        from cvlint.parse.pdf.source_pdfplumber import PdfplumberSource

        return PdfplumberSource(data)
    return PdfiumSource(data)


def _lines_from_pages(pages: list[tuple[list[Word], float, float]]) -> list[Line]:
    pages_segs = [segments(words) for words, _, _ in pages]
    heights = [h for _, _, h in pages]
    pages_segs = drop_running(pages_segs, heights)
    sizes: Counter = Counter()
    for segs in pages_segs:
        for s in segs:
            for w in s.words:
                if w.text not in MARKS:
                    sizes[round(w.size * 2) / 2] += w.nchars
    body = _weighted_median(sizes) or 10.0

    lines: list[Line] = []
    for p, segs in enumerate(pages_segs, start=1):
        flows = layout(segs, p, body)
        page_lines: list[Line] = []
        for flow in flows:
            page_lines.extend(logical_lines(flow, body))
        if lines and page_lines and continues_on_next_page(lines[-1], page_lines[0]):
            last, first = lines[-1], page_lines.pop(0)
            lines[-1] = with_changes(last, text=f"{last.text} {first.text}", boxes=last.boxes + first.boxes)
        for k, line in enumerate(page_lines, start=1):
            lines.append(with_changes(line, locator=k))
    return lines


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
