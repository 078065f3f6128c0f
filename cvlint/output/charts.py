"""Column charts as geometry for inline SVG: the overview page draws them with no script and no library."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

WIDTH, HEIGHT = 420, 190        # the SVG viewBox
TOP, BOTTOM, SIDE = 18, 34, 8   # room for the count above a column and the label below
BOX = {"width": WIDTH, "height": HEIGHT, "baseline": HEIGHT - BOTTOM}


@dataclass(frozen=True)
class Column:
    label: str
    count: int
    key: str          # what the column stands for (a tier, a score range): a CSS class and the filter it sets
    x: float
    y: float
    width: float
    height: float


def columns(counts: Iterable[tuple[str, int, str]]) -> tuple[Column, ...]:
    """One column per (label, count, key), heights scaled to the largest count, spread over the viewBox."""
    counts = list(counts)
    if not counts:
        return ()
    peak = max(c for _, c, _ in counts) or 1
    slot = (WIDTH - 2 * SIDE) / len(counts)
    plot = HEIGHT - TOP - BOTTOM
    out = []
    for i, (label, count, key) in enumerate(counts):
        height = round(plot * count / peak, 1)
        out.append(Column(label, count, key, x=round(SIDE + i * slot + slot * 0.12, 1),
                          y=round(HEIGHT - BOTTOM - height, 1), width=round(slot * 0.76, 1), height=height))
    return tuple(out)


def histogram(values: Iterable[float], *, low: int = 0, high: int = 100, bins: int = 10) -> list[tuple[str, int, str]]:
    """Counts of integer `values` in `bins` equal ranges from `low` to `high`, keyed "lo-hi" (both included)."""
    step = (high - low) / bins
    counts = [0] * bins
    for v in values:
        counts[min(bins - 1, max(0, int((v - low) // step)))] += 1
    edges = [round(low + i * step) for i in range(bins + 1)]
    ranges = [(edges[i], edges[i + 1] - (1 if i < bins - 1 else 0)) for i in range(bins)]
    return [(f"{lo}–{hi}", n, f"{lo}-{hi}") for (lo, hi), n in zip(ranges, counts)]
