"""The batch overview page: tier and score charts and a sortable, filterable table, one row per input.

Self-contained: inline CSS, inline SVG charts and one inline script whose hash is the only script the page's
Content-Security-Policy allows, so it opens the same offline and nothing from a CV can run. Every string from a
CV (file names, error messages) is cleaned of control characters and escaped by jinja2's autoescape.
"""

from __future__ import annotations

import base64
import hashlib
import os
import statistics
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePath
from typing import Iterable, Mapping, Sequence
from urllib.parse import quote

from markupsafe import Markup

from cvlint.output.charts import BOX, columns, histogram
from cvlint.output.tabular import top_rules
from cvlint.sanitize import clean

TIERS = ("junior", "mid", "high-impact")
GROUPS = (*TIERS, "not-judged", "error")   # the order the tier column sorts in
ANNOTATED = (".html", ".pdf", ".docx")   # the annotated copy a row links to, first found
# Rows a page shows at first (sorting and filtering run over every row; a button shows them all): a browser lays
# out 20,000 table rows in 5-7 s, and this many in well under a second.
VISIBLE = 1000


@dataclass(frozen=True)
class Row:
    """What the overview shows of one input."""

    file: str
    status: str
    tier: str | None = None
    tier_note: str | None = None          # why an analysed CV has no tier
    score: int | None = None
    confidence: float | None = None
    bullets: int | None = None
    weak: int | None = None
    top: tuple[tuple[str, int], ...] = ()  # (rule, weak findings) most frequent first
    error_code: str | None = None
    error: str | None = None

    @property
    def group(self) -> str:
        """The tier, or 'not-judged', or 'error': what the tier chart counts and the tier filter selects."""
        return "error" if self.status != "ok" else self.tier or "not-judged"

    @property
    def weak_share(self) -> float | None:
        return self.weak / self.bullets if self.bullets and self.weak is not None else None


def from_report(obj: dict, top: int = 3) -> Row:
    """The row of one report object (a `check --format jsonl` line; docs/contract.md)."""
    if obj["status"] != "ok":
        error = obj.get("error") or {}
        return Row(clean(obj["file"]), obj["status"], error_code=clean(error.get("code")),
                   error=clean(error.get("message")))
    tier = obj.get("tier") or {}
    summary = obj.get("summary") or {}
    return Row(clean(obj["file"]), "ok", tier=tier.get("label"), tier_note=clean(tier.get("reason")) or None,
               score=obj.get("score"), confidence=tier.get("confidence"), bullets=summary.get("bullets"),
               weak=summary.get("weak"), top=tuple((clean(r), int(n)) for r, n in top_rules(obj, top)))


def annotation_links(rows: Iterable[Row], folder: str | Path, page: str | Path | None) -> dict[str, str]:
    """file -> URL of its annotated copy in `folder`, relative to where the `page` is written (the current folder
    when it goes to stdout). A copy is the CV's path with .html, .pdf or .docx, as deep as needed to tell the CV
    apart: `annotated/ana.html` for `cvs/ana.pdf`, or `annotated/uk/ana.html` when `cvs/us/ana.pdf` is in the
    batch too; a name two CVs share links to neither."""
    root = Path(folder)
    present = {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file()}
    rows = list(rows)
    tails = {row.file: _tails(row.file) for row in rows}
    shared = Counter(tail for row_tails in tails.values() for tail in row_tails)
    page_dir = Path(page).parent if page else Path(".")
    links = {}
    for row in rows:
        for tail in tails[row.file]:
            if shared[tail] > 1:
                break   # a shorter tail is shared too
            found = next((present[tail + ext] for ext in ANNOTATED if tail + ext in present), None)
            if found is not None:
                links[row.file] = quote(Path(os.path.relpath(found, page_dir)).as_posix())
                break
    return links


def _tails(file: str) -> list[str]:
    """The path's endings without its extension, longest first: "cvs/uk/ana", "uk/ana", "ana"."""
    parts = [p for p in PurePath(file).with_suffix("").parts if p not in (PurePath(file).anchor, "..", ".")]
    return ["/".join(parts[i:]) for i in range(len(parts))]


@cache
def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(loader=PackageLoader("cvlint.output", "templates"), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def _asset(name: str) -> str:
    env = _environment()
    return env.loader.get_source(env, name)[0]


def _tier_counts(rows: Sequence[Row]) -> list[tuple[str, int, str]]:
    groups = Counter(r.group for r in rows)
    out = [(t, groups[t], t) for t in TIERS]
    out += [(label, groups[key], key) for label, key in (("not judged", "not-judged"), ("error", "error"))
            if groups[key]]
    return out


def render_page(rows: Sequence[Row], *, source: str, links: Mapping[str, str] | None = None) -> str:
    """The overview of a batch; `source` names where the rows came from, `links` maps a file to its report."""
    from cvlint import __version__

    scores = [r.score for r in rows if r.score is not None]
    shares = [r.weak_share for r in rows if r.weak_share is not None]
    bins = histogram(scores)
    script = _asset("overview.js")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return _environment().get_template("overview.html.j2").render(
        version=__version__, source=clean(source), rows=rows, links=links or {},
        analysed=sum(r.status == "ok" for r in rows), errors=sum(r.status != "ok" for r in rows),
        median_score=statistics.median(scores) if scores else None,
        mean_weak=statistics.fmean(shares) if shares else None,
        tiers=columns(_tier_counts(rows)), scores=columns(bins), score_ranges=[key for _, _, key in bins], box=BOX,
        order={g: i for i, g in enumerate(GROUPS)}, visible=VISIBLE,
        style=Markup(_asset("overview.css")), script=Markup(script), script_hash=f"sha256-{digest}")
