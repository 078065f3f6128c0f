"""Words -> segments: rows of boxes by vertical centre, and the words of a row joined while the gap stays under
~half an em (a bullet glyph always joins the word after it). Page numbers and text repeated at the same place in
the top/bottom 12 % of most pages are dropped."""

from __future__ import annotations

import math
import re
from collections import defaultdict

from cvlint.parse.pdf.records import Word
from cvlint.parse.pdf.wordtext import is_glyph_word, join_words


class Seg:
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
            self._text = join_words(self.words)
        return self._text

    def __repr__(self):  # pragma: no cover - debugging aid
        return f"S({self.text()!r} {self.x0:.0f}-{self.x1:.0f} {self.top:.0f}-{self.bottom:.0f})"


def by_rows(items):
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
    return it.nchars if isinstance(it, Word) else sum(w.nchars for w in it.words)


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


def segments(words: list[Word]) -> list[Seg]:
    segs: list[Seg] = []
    for row in by_rows(words):
        row.sort(key=lambda w: w.x0)
        cur: list[Word] = []
        for w in row:
            if cur:
                p = cur[-1]
                gap = w.x0 - p.x1
                size = max(p.size, w.size, 1.0)
                if gap < -0.3 * size and w.text == p.text and abs(w.x0 - p.x0) < 0.3 * size:
                    continue   # the same text drawn twice (fake bold, shadow)
                similar = max(p.size, w.size) <= 1.6 * max(1.0, min(p.size, w.size)) or gap <= 0.15 * size
                joins = (gap <= 0.55 * size and similar) or (is_glyph_word(p) and len(cur) == 1 and gap <= 3.5 * size)
                if not joins:
                    segs.append(Seg(cur))
                    cur = []
            cur.append(w)
        if cur:
            segs.append(Seg(cur))
    return segs


# ------------------------------------------------------------------------------------ headers / footers

_PAGE_NUMBER = re.compile(
    r"^(?:(?:page|p\.|pg\.?|seite|página|pagina)\s*)?[-–—]?\s*\d{1,3}\s*[-–—]?"
    r"(?:\s*(?:of|/|de|von|di)\s*\d{1,3})?$", re.IGNORECASE)
_PAGE_LABEL = re.compile(r"\bpage\s*\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?\b", re.IGNORECASE)


def drop_running(pages_segs: list[list[Seg]], heights: list[float]) -> list[list[Seg]]:
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
