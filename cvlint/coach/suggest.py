"""`cvlint suggest`: for every weak bullet, a rewrite in the person's own words plus the questions that get
the missing facts, and a short "start here" list of the changes that move the CV most.

The rewrite itself is built in cvlint/coach/rewrite.py (and the modules it names); this module assembles the
coach view of a whole CV. Phrase templates and questions live in ``suggest.yaml`` beside this module.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterable, Sequence

from cvlint.coach.coaching import Coaching, coaching_for
from cvlint.coach.phrasebook import phrasebook
from cvlint.coach.tense import role_tense
from cvlint.coach.voice import Job, jobs_from_dict, rewrite_jobs
from cvlint.lint.catalog import Catalog
from cvlint.model import Bullet, Finding, Report, Severity, Signal

SCHEMA = "cvlint/suggest@1"


# ----------------------------------------------------------------------------------------------
# a whole CV


def currency_of(report: Report, market: str | None = None) -> str:
    """The currency symbol for placeholders: the CV's own money first, then the market, then its places."""
    doc = report.document
    texts = [b.text for b in doc.bullets]
    texts += [v for s in doc.sections for e in s.entries for v in (e.title, e.organization, e.location, e.dates) if v]
    return currency_in(texts, market or (report.market.region if report.market else None))


def currency_in(texts: Iterable[str], region: str | None) -> str:
    """The currency the `texts` name most (symbols and words), else the region's, else their places', else none."""
    book = phrasebook()["currency"]
    joined = " ".join(texts)
    counts: Counter[str] = Counter()
    for symbol, cur in book["symbols"].items():
        counts[cur] += joined.count(symbol)
    for word, cur in book["words"].items():
        counts[cur] += len(re.findall(rf"\b{re.escape(word)}\b", joined, re.I))
    if counts and counts.most_common(1)[0][1]:
        return counts.most_common(1)[0][0]
    if (region or "").lower() in book["markets"]:
        return book["markets"][region.lower()]
    lowered = joined.lower()
    for place, cur in book["places"].items():
        if re.search(rf"\b{re.escape(place)}\b", lowered):
            return cur
    return book["unknown"]


def _load_nlp(nlp=None, model: str | None = None):
    if nlp is not None:
        return nlp
    from cvlint.nlp import load

    return load(model)


def _entry(report: Report, bullet: Bullet):
    return next((e for s in report.document.sections for e in s.entries if any(b.id == bullet.id for b in e.bullets)),
                None)


def _entry_label(report: Report, bullet: Bullet) -> str | None:
    entry = _entry(report, bullet)
    return " · ".join(p for p in (entry.title, entry.organization) if p) or None if entry else None


def _job(report: Report, bullet: Bullet, found: list[Finding], coaching: Coaching) -> Job:
    entry = _entry(report, bullet)
    return Job(bullet.id, bullet.text, tuple(f.rule_id for f in found),
               *coaching.marks((f.rule_id, f.span) for f in found),
               role_tense(bullet.section, entry.dates if entry else None))


def _finding_dict(f: Finding, coaching: Coaching) -> dict:
    info = coaching.info(f.rule_id)
    return {"rule": f.rule_id, "severity": str(f.severity), "message": f.message,
            "span": list(f.span) if f.span else None, "match": f.match,
            "suggestion": f.suggestion or info.get("suggest"), "why": info.get("why")}


def _weak_by_bullet(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = {}
    for f in findings:
        if f.bullet is not None and f.signal == Signal.WEAK:
            out.setdefault(f.bullet.id, []).append(f)
    for found in out.values():
        found.sort(key=lambda f: -Severity(f.severity).rank)
    return out


def suggestions(report: Report, nlp=None, *, market: str | None = None, model: str | None = None,
                count: int | None = None, rules: Catalog | None = None) -> dict:
    """The coach view of one analysed CV (a plain dict; see docs/coach.md for its fields); `rules` is the catalog
    the analysis used (the built-in rules by default), whose `coach:` keys say what to rewrite and ask."""
    book = phrasebook()
    coaching = coaching_for(rules)
    nlp = _load_nlp(nlp, model)
    doc = report.document
    currency = currency_of(report, market)
    weak = _weak_by_bullet(report.findings)
    bullets = [b for b in doc.bullets if b.id in weak]
    jobs = [_job(report, b, weak[b.id], coaching) for b in bullets]
    rewrites = rewrite_jobs(jobs, {b.id: b.text for b in doc.bullets}, nlp, currency, coaching)
    items = []
    for b in bullets:
        found, rw = weak[b.id], rewrites[b.id]
        items.append({"bullet": b.id, "section": b.section, "entry": _entry_label(report, b), "text": b.text,
                      "page": b.page, "findings": [_finding_dict(f, coaching) for f in found],
                      "rewrite": rw.text or None, "parts": [{"text": t, "placeholder": ph} for t, ph in rw.parts],
                      "placeholders": list(rw.placeholders), "questions": list(rw.questions),
                      "changes": list(rw.changes)})
    document = []
    for f in report.findings:
        if f.bullet is None and f.signal == Signal.WEAK:
            document.append({"rule": f.rule_id, "severity": str(f.severity), "message": f.message,
                             "advice": book["document_advice"].get(f.rule_id) or f.suggestion,
                             "questions": list(book["questions"].get(f.rule_id, ())),
                             "why": coaching.info(f.rule_id).get("why")})
    tier = report.tier
    out = {"schema": SCHEMA, "file": report.file, "status": "ok", "format": doc.format,
           "tier": ({"label": tier.label, "confidence": tier.confidence, "score": tier.score,
                     "reasons": [r.text for r in tier.reasons]} if tier and tier.label else
                    {"label": None, "reason": tier.unavailable} if tier else None),
           "currency": currency,
           "summary": {"bullets": len(doc.bullets), "weak": len(bullets)},
           "focus": _focus(report, weak),
           "start_here": start_here(report, weak, count or book["start_here"]["count"], coaching),
           "suggestions": items, "document": document}
    return out


def _focus(report: Report, weak: dict[str, list[Finding]]) -> dict | None:
    """The one signal to tighten first: the weak rule on the most bullets (severity breaks ties)."""
    counts: Counter[str] = Counter()
    severity: dict[str, int] = {}
    messages: dict[str, str] = {}
    for found in weak.values():
        for f in {f.rule_id: f for f in found}.values():
            counts[f.rule_id] += 1
            severity[f.rule_id] = Severity(f.severity).rank
            messages.setdefault(f.rule_id, f.message)
    if not counts:
        return None
    rule = max(counts, key=lambda r: (counts[r], severity[r], r))
    total = len(report.document.bullets)
    return {"rule": rule, "bullets": counts[rule], "of": total,
            "text": f"{counts[rule]} of {total} bullets: {rule}. Fix this one signal first."}


def start_here(report: Report, weak: dict[str, list[Finding]] | None = None, count: int = 3,
               coaching: Coaching | None = None) -> dict:
    """The `count` bullet changes that move the CV most, and how they were ranked.

    With the tier model (cvlint/tier): the score gain when the bullet is counted as fixed (its weak
    findings dropped, `metric` and `business-impact` added). Without it: rule severity × how often the
    rule fires in this CV × where the bullet sits (experience first).
    """
    weak = _weak_by_bullet(report.findings) if weak is None else weak
    bullets = [b for b in report.document.bullets if b.id in weak]
    gains = _tier_gains(report, bullets, weak, (coaching or coaching_for()).added_by_rewrite)
    book = phrasebook()["start_here"]
    n = max(len(report.document.bullets), 1)
    share = Counter(f.rule_id for found in weak.values() for f in {x.rule_id: x for x in found}.values())

    def heuristic(b: Bullet) -> float:
        rules = {f.rule_id: f for f in weak[b.id]}.values()
        weight = book["section_weight"].get(b.section, book["other_section_weight"])
        return weight * sum(book["severity_weight"][str(f.severity)] * (1 + share[f.rule_id] / n) for f in rules)

    order = {b.id: i for i, b in enumerate(report.document.bullets)}
    if gains is not None:
        ranked = sorted(bullets, key=lambda b: (-gains[b.id], -heuristic(b), order[b.id]))
        method = "tier-model"
        note = ("Ranked by how much the tier score rises when the bullet is counted as fixed "
                "(its weak findings gone, a metric and an outcome added).")
    else:
        ranked = sorted(bullets, key=lambda b: (-heuristic(b), order[b.id]))
        method = "severity-and-frequency"
        note = ("Ranked by rule severity, how often the rule fires in this CV and the bullet's section "
                "(the tier model was not available).")
    items = []
    seen: set[str] = set()
    for b in ranked:  # a bullet a CV repeats (the same duty under two jobs, its punctuation aside) is one change
        key = " ".join(re.findall(r"[^\W_]+", b.text.lower()))
        if key in seen:
            continue
        seen.add(key)
        if len(items) == count:
            break
        rules = list({f.rule_id: None for f in weak[b.id]})
        item = {"rank": len(items) + 1, "bullet": b.id, "rules": rules, "text": b.text}
        if gains is not None:
            item["gain"] = gains[b.id]
        items.append(item)
    return {"ranked_by": method, "note": note, "items": items}


def _tier_gains(report: Report, bullets: Sequence[Bullet], weak: dict[str, list[Finding]],
                added: Sequence[str]) -> dict[str, int] | None:
    tier = report.tier
    if tier is None or tier.label is None or not bullets:
        return None
    from cvlint.errors import UsageError
    from cvlint.tier.classify import classify

    base = tier.score or 0
    gains = {}
    for b in bullets:
        kept = [f for f in report.findings if not (f.bullet is not None and f.bullet.id == b.id
                                                    and f.signal == Signal.WEAK)]
        kept += [Finding(rule_id=r, signal=Signal.STRONG, severity=Severity.SUGGESTION, message="counted as fixed",
                         bullet=b) for r in added
                 if not any(f.bullet is not None and f.bullet.id == b.id and f.rule_id == r for f in kept)]
        try:
            verdict = classify(report.document, tuple(kept), report.unjudged)
        except UsageError:  # no usable tier model: the heuristic ranking serves (a bug in cvlint still shows)
            return None
        gains[b.id] = (verdict.score or 0) - base
    return gains


def check_rewrites(obj: dict, nlp=None, rules: Catalog | None = None) -> dict[str, str]:
    """The rewrite of each flagged bullet of a report dict (`cvlint check`'s short report), by bullet id; `rules`
    is the catalog the analysis used (the built-in rules by default)."""
    coaching = coaching_for(rules)
    jobs, texts = jobs_from_dict(obj, coaching)
    if not jobs:
        return {}
    places = [v for s in obj["sections"] for e in s["entries"] for v in (e.get("location"), e.get("dates")) if v]
    currency = currency_in([*texts.values(), *places], (obj.get("market") or {}).get("region"))
    return {bid: rw.text for bid, rw in rewrite_jobs(jobs, texts, _load_nlp(nlp), currency, coaching).items()
            if rw.text}


def suggest_source(label: str, source, options) -> dict:
    """Analyse one CV (path or bytes) and return its coach view, or the report's error object (docs/contract.md)."""
    from cvlint.output.json import failure_dict
    from cvlint.pipeline import analyse, catalogs_for

    (result,) = analyse([(label, source)], options)
    if not isinstance(result, Report):
        return failure_dict(result)
    if result.document.language not in (None, "en"):
        return {"schema": SCHEMA, "file": result.file, "status": "ok", "format": result.document.format,
                "tier": {"label": None, "reason": "unsupported-language"}, "currency": None,
                "summary": {"bullets": len(result.document.bullets), "weak": 0}, "focus": None,
                "start_here": {"ranked_by": None, "note": "Only English CVs get suggestions.", "items": []},
                "suggestions": [], "document": []}
    return suggestions(result, market=options.market, model=options.model, rules=catalogs_for(options)[0])
