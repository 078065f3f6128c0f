"""The report object (cvlint/schemas/report.schema.json, docs/contract.md), and its JSON / JSON Lines
renderings."""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Iterable

from cvlint.model import Document, Failure, Finding, Report, Signal

SCHEMA = "cvlint/report@1"


def failure_dict(failure: Failure) -> dict:
    from cvlint.errors import ERROR_CODES

    hint = failure.hint or ERROR_CODES.get(failure.code)
    message = f"{failure.message} ({hint})" if hint else failure.message
    return {"schema": SCHEMA, "file": failure.file, "status": "error",
            "error": {"code": failure.code, "message": message}}


def _sections(doc: Document) -> list[dict]:
    return [{"name": s.name, "heading": s.heading,
             "entries": [{"title": e.title, "organization": e.organization, "location": e.location,
                          "dates": e.dates, "bullets": [b.id for b in e.bullets]} for e in s.entries]}
            for s in doc.sections]


def _finding(f: Finding) -> dict:
    return {"rule": f.rule_id, "signal": str(f.signal), "severity": str(f.severity), "message": f.message,
            "bullet": f.bullet.id if f.bullet else None, "span": list(f.span) if f.span else None,
            "match": f.match, "suggestion": f.suggestion}


def summary(report: Report) -> dict:
    bullets = report.document.bullets
    signals: dict[str, set[str]] = {}
    for f in report.findings:
        if f.bullet is not None:
            signals.setdefault(f.bullet.id, set()).add(str(f.signal))
    return {"bullets": len(bullets),
            "unjudged": len(report.unjudged),
            "weak": sum(1 for b in bullets if "weak" in signals.get(b.id, ())),
            "strong": sum(1 for b in bullets if "strong" in signals.get(b.id, ())),
            "by_rule": dict(Counter(f.rule_id for f in report.findings if f.signal == Signal.WEAK).most_common())}


def _tier(report: Report) -> dict | None:
    tier = report.tier
    if tier is None:
        return None
    if tier.label is None:
        return {"label": None, "reason": tier.unavailable}
    return {"label": tier.label, "confidence": round(tier.confidence, 3),
            "probabilities": {k: round(v, 3) for k, v in tier.probabilities.items()},
            "reasons": [{"feature": r.feature, "value": round(r.value, 3), "toward": r.toward, "text": r.text}
                        for r in tier.reasons]}


def report_dict(report: Report | Failure, tool: dict | None = None) -> dict:
    """One input's object, exactly as cvlint/schemas/report.schema.json describes it."""
    if isinstance(report, Failure):
        return failure_dict(report)
    doc = report.document
    by_bullet: dict[str, list[str]] = {}
    for f in report.findings:
        if f.bullet is not None:
            by_bullet.setdefault(f.bullet.id, []).append(f.rule_id)
    out = {"schema": SCHEMA, "file": report.file, "status": "ok", "format": doc.format, "pages": doc.pages,
           "language": doc.language, "tier": _tier(report),
           "score": report.tier.score if report.tier else None}
    if report.market is not None:
        m = report.market
        out["market"] = {"region": m.region, "band": m.band, "source": m.source, "note": m.note}
    out.update({
        "summary": summary(report),
        "sections": _sections(doc),
        "bullets": [{"id": b.id, "section": b.section, "text": b.text, "page": b.page,
                     "bbox": _bbox(b), "line": b.line, "signals": by_bullet.get(b.id, []),
                     "not_judged": report.unjudged.get(b.id)} for b in doc.bullets],
        "findings": [_finding(f) for f in report.findings],
        "notes": list(doc.notes),
    })
    if tool is not None:
        out["tool"] = tool
    return out


def _bbox(bullet) -> list[float] | None:
    if not bullet.boxes:
        return None
    boxes = [b for b in bullet.boxes if b.page == bullet.boxes[0].page]
    return [round(min(b.x0 for b in boxes), 1), round(min(b.top for b in boxes), 1),
            round(max(b.x1 for b in boxes), 1), round(max(b.bottom for b in boxes), 1)]


_C1 = re.compile("[\u0080-\u009f\u2028\u2029]")


def _dumps(obj, **kwargs) -> str:
    """JSON with non-ASCII text kept readable but C1 controls (a CSI to some terminals) and line separators
    escaped, so JSON printed to a terminal carries nothing a CV could use to drive it."""
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(obj, ensure_ascii=False, **kwargs))


def render_json(objects: Iterable[dict]) -> str:
    return _dumps(list(objects), indent=2) + "\n"


def render_jsonl_line(obj: dict) -> str:
    return _dumps(obj) + "\n"
