"""Segments -> flows: a recursive cut at vertical gutters (an x that no segment crosses over a band of the page,
with text on both sides). Banners above and footers below keep their place. A gutter splits the band into
independent flows (sidebar, newspaper columns) only when the right side has a left edge; right-aligned dates
beside entry titles and tables of short cells are read row by row; a sparse left margin of headings
("EDUCATION") is interleaved, each label block before the text beside it."""

from __future__ import annotations

import bisect
from collections import Counter

from cvlint.parse.pdf.lines import VLine, median, visual_lines
from cvlint.parse.pdf.records import MARKS
from cvlint.parse.pdf.segments import Seg, by_rows
from cvlint.parse.typography import in_capitals


def _find_gutter(segs: list[Seg], body: float):
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
    limit = max(2, int(0.3 * len(by_rows(segs))))
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
    med_h = median([s.height for s in segs], 10.0)
    med_size = median([s.size for s in segs], 10.0)
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
        kind = _band_kind(by_rows(left), by_rows(right), body)
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
    words = [w for s in row for w in s.words if w.text not in MARKS]
    n = sum(w.nchars for w in words)
    if not n:
        return False
    letters = [c for w in words for c in w.text if c.isalpha()]
    return (sum(w.nchars for w in words if w.bold or w.caps or w.size >= body + 1) >= 0.6 * n
            or (len(letters) >= 3 and in_capitals("".join(letters))))


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
    l_len = median([len(_row_text(r)) for r in lrows])
    r_len = median([len(_row_text(r)) for r in rrows])
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


def _interleave_labels(labels: list[VLine], text: list[VLine]) -> list[VLine]:
    """Margin labels read before the text beside them: each block of label lines ("EDUCATION / AND
    AWARDS") goes just before the first text line that is not above it."""
    labels = sorted(labels, key=lambda v: v.top)
    text = sorted(text, key=lambda v: (v.top + v.bottom) / 2)
    blocks: list[list[VLine]] = []
    for v in labels:
        if blocks and v.top - blocks[-1][-1].bottom <= 0.6 * v.size:
            blocks[-1].append(v)
        else:
            blocks.append([v])
    out: list[VLine] = []
    i = 0
    for block in blocks:
        if len(block) <= 3 and all(v.bold or v.caps or in_capitals(v.text) for v in block):
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
    med_h = median([s.height for s in band], 10.0)
    chunks: list[list[Seg]] = [[band[0]]]
    bottom = band[0].bottom
    for s in band[1:]:
        if s.top - bottom >= max(0.8 * med_h, 5.0):
            chunks.append([])
        chunks[-1].append(s)
        bottom = max(bottom, s.bottom)
    if len(chunks) < 2:
        return above, left, right, below

    # the right column's left edge over the whole band
    starts = sorted(round(min(s.x0 for s in r)) for r in by_rows(right))
    edge = Counter(starts).most_common(1)[0][0] if starts else None

    def reads_as_rows(chunk):
        lrows = by_rows([s for s in chunk if (s.x0 + s.x1) / 2 < gx])
        rrows = by_rows([s for s in chunk if (s.x0 + s.x1) / 2 >= gx])
        if not lrows or not rrows:
            return False
        if edge is not None and any(abs(min(s.x0 for s in r) - edge) <= 4 for r in rrows):
            return False   # the right side starts at the right column's edge: it is the column
        small, big = (lrows, rrows) if len(lrows) <= len(rrows) else (rrows, lrows)
        return _band_kind(lrows, rrows, body) is None and _aligned(small, big) >= 0.7

    moved_up: list[Seg] = []
    moved_down: list[Seg] = []
    while len(chunks) > 1 and reads_as_rows(chunks[-1]):
        moved_down = chunks.pop() + moved_down
    while len(chunks) > 1 and reads_as_rows(chunks[0]):
        moved_up += chunks.pop(0)
    if not moved_up and not moved_down:
        return above, left, right, below
    keep = {id(s) for c in chunks for s in c}
    return (above + moved_up, [s for s in left if id(s) in keep], [s for s in right if id(s) in keep],
            moved_down + below)


def layout(segs: list[Seg], page: int, body: float, depth: int = 0) -> list[list[VLine]]:
    """Flows of visual lines, in reading order."""
    if not segs:
        return []
    gutter = _find_gutter(segs, body) if depth < 4 else None
    if gutter is None:
        return [visual_lines(segs, page)]
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
    flows = layout(above, page, body, depth + 1)
    lflows = layout(left, page, body, depth + 1)
    rflows = layout(right, page, body, depth + 1)
    if kind == "labels":
        flows.append(_interleave_labels([v for f in lflows for v in f], [v for f in rflows for v in f]))
    else:
        flows += lflows + rflows
    flows += layout(below, page, body, depth + 1)
    return flows
