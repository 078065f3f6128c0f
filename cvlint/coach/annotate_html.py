"""The self-contained HTML report: tier badge, score and reasons, every bullet with its flagged words in
``<mark>``, the suggested rewrite, and "why" behind ``<details>``.

Rendered with jinja2, autoescape on: every string from the CV is escaped. The page has inline CSS only:
no script, no external stylesheet, font, image or link of any kind, so it opens the same offline.
"""

from __future__ import annotations

from functools import cache

from cvlint.sanitize import clean


@cache
def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(loader=PackageLoader("cvlint.coach", "templates"), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def segments(text: str, spans: list[tuple[int, int]]) -> list[dict]:
    """`text` cut into pieces, `marked` where a span covers it (overlapping spans merged)."""
    merged: list[list[int]] = []
    for s, e in sorted((max(0, s), min(len(text), e)) for s, e in spans if e > s):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    out, pos = [], 0
    for s, e in merged:
        if s > pos:
            out.append({"text": text[pos:s], "marked": False})
        out.append({"text": text[s:e], "marked": True})
        pos = e
    if pos < len(text) or not out:
        out.append({"text": text[pos:], "marked": False})
    return out


def _cleaned(value):
    """Strings without terminal escapes or control characters, recursively (autoescape does the HTML)."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, list):
        return [_cleaned(v) for v in value]
    if isinstance(value, dict):
        return {k: _cleaned(v) for k, v in value.items()}
    return value


def render_html(report: dict, coach: dict) -> str:
    """The page for one analysed CV: `report` is the report object (docs/contract.md), `coach` its suggestions."""
    from cvlint import __version__

    weak_spans: dict[str, list[tuple[int, int]]] = {}
    strong: dict[str, list[str]] = {}
    weak_ids: set[str] = set()
    for f in report["findings"]:
        if f["bullet"] is None:
            continue
        if f["signal"] == "weak":
            weak_ids.add(f["bullet"])
            if f.get("span"):
                weak_spans.setdefault(f["bullet"], []).append(tuple(f["span"]))
        else:
            strong.setdefault(f["bullet"], []).append(f["rule"])
    bullets = {}
    for b in report["bullets"]:
        # spans index the original text; clean() keeps positions only when nothing is removed, so mark
        # first and clean each piece
        pieces = segments(b["text"], weak_spans.get(b["id"], [])) if b["id"] in weak_ids else \
            [{"text": b["text"], "marked": False}]
        bullets[b["id"]] = {"segments": [{"text": clean(p["text"]), "marked": p["marked"]} for p in pieces],
                            "state": "weak" if b["id"] in weak_ids else "strong" if b["id"] in strong else "",
                            "strong": sorted(set(strong.get(b["id"], [])))}
    coach = _cleaned(coach)
    context = {
        "version": __version__, "file": clean(report["file"]), "format": report.get("format"),
        "pages": report.get("pages"), "tier": _cleaned(report.get("tier")), "score": report.get("score"),
        "market": _cleaned(report.get("market")), "summary": report["summary"],
        "sections": _cleaned(report["sections"]), "bullets": bullets,
        "by_id": {s["bullet"]: s for s in coach.get("suggestions", [])},
        "focus": coach.get("focus"), "start_here": coach.get("start_here"), "document": coach.get("document", []),
    }
    return _environment().get_template("report.html.j2").render(**context)
