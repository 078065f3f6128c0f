"""Bullets drawn as small dots, squares or dashes (paths, no glyph): a "•" word when several share an x, sit just
left of a line and touch nothing else."""

from __future__ import annotations

import bisect
from collections import defaultdict

from cvlint.parse.pdf.records import Word
from cvlint.parse.pdf.wordtext import is_glyph_word


def shape_bullets(paths, words: list[Word]) -> list[Word]:
    """A "•" word for each small square mark among the drawn `paths` (displayed boxes) that starts a line, shares
    its x with another such mark and has text just to its right."""
    marks = []
    rules = []
    for x0, top, x1, bottom in paths:
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
    by_band: dict[int, list[Word]] = defaultdict(list)
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
        if after and not before and not any(is_glyph_word(w) and w.x0 <= x1 and w.x1 >= x0 for w in row):
            first = min(after, key=lambda w: w.x0)
            out.append(Word("\u2022", x0, first.top, x1, first.bottom, first.size, False, False, 1, True))
    return out
