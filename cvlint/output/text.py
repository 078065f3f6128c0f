"""Human-readable reports with rich: one CV in detail, or a table of many with totals."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Iterable

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from cvlint.sanitize import clean
from cvlint.output.tabular import top_findings

if TYPE_CHECKING:
    from cvlint.lint.catalog import Catalog

_TIER_STYLE = {"junior": "red", "mid": "yellow", "high-impact": "green"}
_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "suggestion": "cyan"}


def _bullet_text(text: str, spans: list[tuple[int, int]]) -> Text:
    out = Text(clean(text))
    for start, end in spans:
        out.stylize("bold underline", start, end)
    return out


def _tier_lines(obj: dict) -> list[Text]:
    tier = obj.get("tier")
    if not tier:
        return []
    if tier.get("label") is None:
        return [Text(f"Tier: not judged ({tier.get('reason')}); language {obj.get('language')}", style="bold")]
    label = tier["label"]
    head = Text.assemble(("Tier: ", "bold"), (label, f"bold {_TIER_STYLE.get(label, '')}"),
                         f"  (confidence {tier['confidence']:.0%}, score {obj['score']}/100)")
    lines = [head] + [Text(f"  - {clean(r['text'])} [{r['toward']}]") for r in tier.get("reasons", [])]
    market = obj.get("market")
    if market:
        lines.append(Text(f"  Market ({market['region']}): {market['band']} — {clean(market['note'])}"))
    return lines


def render_report(obj: dict, console: Console, *, verbose: bool = False, rules: Catalog | None = None) -> None:
    """One CV: where it came from, its tier and reasons, then its flagged bullets, one line each with their rule ids
    and the coach's rewrite ("try: …", from the `coach:` keys of `rules`, the catalog the analysis used), and each
    rule's advice once (as ruff shows one line per problem). With `verbose`, every section with every bullet, each
    finding's message and advice."""
    if obj["status"] != "ok":  # the CLI says it in one line on stderr
        return
    s = obj["summary"]
    console.print(Text(f"{clean(obj['file'])}", style="bold"),
                  Text(f"  {obj['format']}, {obj['pages'] or '-'} page(s), language {obj['language']}; "
                       f"{s['bullets']} bullets: {s['weak']} weak, {s['strong']} strong"
                       + (f", {s['unjudged']} not judged" if s.get("unjudged") else "")))
    for note in obj.get("notes", []):
        console.print(Text(f"  note: {clean(note)}", style="dim"))
    for line in _tier_lines(obj):
        console.print(line)
    findings: dict[str | None, list[dict]] = {}
    for f in obj["findings"]:
        findings.setdefault(f["bullet"], []).append(f)
    if verbose:
        _render_sections(obj, findings, console)
    else:
        _render_flagged(obj, findings, console, rules)


_SHOWN_CHARS = 100   # of a flagged bullet's text in the short report
_SHOWN_WITH_TRY = 60  # … when the line also carries the rewrite


def _rewrites(obj: dict, rules: Catalog | None) -> dict[str, str]:
    """The coach's rewrite of each flagged bullet; none when no spaCy pipeline with a tagger can be loaded."""
    from cvlint.coach.suggest import check_rewrites
    from cvlint.errors import UsageError

    try:
        return check_rewrites(obj, rules=rules)
    except UsageError:
        return {}


def _shorten(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[:chars - 1].rstrip() + "…"


def _render_flagged(obj: dict, findings: dict[str | None, list[dict]], console: Console,
                    rules: Catalog | None) -> None:
    bullets = {b["id"]: b for b in obj["bullets"]}
    rewrites = _rewrites(obj, rules)
    advice: dict[str, str] = {}
    for section in obj["sections"]:
        heading = clean(section["heading"]) or section["name"]
        for entry in section["entries"]:
            flagged = [bid for bid in entry["bullets"] if any(f["signal"] == "weak" for f in findings.get(bid, []))]
            if not flagged:
                continue
            head = " · ".join(clean(v) for v in (entry["title"], entry["organization"]) if v)
            console.print(Text(f"{heading}" + (f" · {head}" if head else ""), style="bold"))
            for bid in flagged:
                weak = [f for f in findings[bid] if f["signal"] == "weak"]
                rewrite = rewrites.get(bid)
                text = _shorten(clean(bullets[bid]["text"]), _SHOWN_WITH_TRY if rewrite else _SHOWN_CHARS)
                line = bullets[bid].get("line")
                console.print(Text.assemble(("  ✗ ", "yellow"), (f"{line}: " if line else "", "dim"), text,
                                            (f"  [{', '.join(f['rule'] for f in weak)}]", "bold"),
                                            ("  try: ", "dim") if rewrite else "", (clean(rewrite), "green")
                                            if rewrite else ""))
                for f in weak:
                    advice.setdefault(f["rule"], f.get("suggestion") or "")
    document_level = [f for f in findings.get(None, []) if f["signal"] == "weak"]
    for f in document_level:
        console.print(Text.assemble(("Whole CV ", "bold"), (f"[{f['rule']}] ", "bold"), clean(f["message"])))
        advice.setdefault(f["rule"], f.get("suggestion") or "")
    if advice:
        console.print(Text("What to do", style="bold underline"))
        for rule, text in advice.items():
            console.print(Text.assemble((f"  {rule}: ", "bold"), clean(text)))
        console.print(Text("--verbose shows every bullet and finding; `cvlint explain RULE` says why a rule matters.",
                           style="dim"))


def _render_sections(obj: dict, findings: dict[str | None, list[dict]], console: Console) -> None:
    bullets = {b["id"]: b for b in obj["bullets"]}
    for section in obj["sections"]:
        console.print()
        heading = clean(section["heading"]) or section["name"]
        console.print(Text(f"{heading} [{section['name']}]", style="bold underline"))
        for entry in section["entries"]:
            head = " · ".join(clean(v) for v in (entry["title"], entry["organization"], entry["location"],
                                                  entry["dates"]) if v)
            if head:
                console.print(Text(f"  {head}", style="bold"))
            for bid in entry["bullets"]:
                _render_bullet(bullets[bid], findings.get(bid, []), console)
    document_level = findings.get(None, [])
    if document_level:
        console.print()
        console.print(Text("Whole CV", style="bold underline"))
        for f in document_level:
            _render_finding(f, console)


def _render_bullet(bullet: dict, found: list[dict], console: Console) -> None:
    weak = [f for f in found if f["signal"] == "weak"]
    strong = [f for f in found if f["signal"] == "strong"]
    mark = Text("  ✗ " if weak else "  ✓ " if strong else "  · ", style="yellow" if weak else "green")
    spans = [tuple(f["span"]) for f in weak if f.get("span")]
    console.print(Text.assemble(mark, _bullet_text(bullet["text"], spans)))
    if bullet.get("not_judged"):
        from cvlint.lint.statement import settings

        console.print(Text(f"      not judged: {settings().reasons[bullet['not_judged']]}", style="dim"))
    for f in weak:
        _render_finding(f, console)
    if strong:
        console.print(Text("      + " + ", ".join(f["rule"] for f in strong), style="green"))


def _render_finding(f: dict, console: Console) -> None:
    console.print(Text.assemble(("      " + f["severity"], _SEVERITY_STYLE.get(f["severity"], "")),
                                (f" {f['rule']}: ", "bold"), clean(f["message"])))
    if f.get("suggestion"):
        console.print(Text(f"        → {clean(f['suggestion'])}", style="dim"))


def render_table(objs: Iterable[dict], console: Console, *, totals: bool = True) -> None:
    """Many CVs: one row per input, then (unless `totals` is off) totals."""
    objs = list(objs)
    table = Table(show_lines=False)
    for col in ("file", "tier", "score", "bullets", "weak", "strong", "top finding / error"):
        table.add_column(col, overflow="fold")
    for obj in objs:
        if obj["status"] == "ok":
            tier = (obj.get("tier") or {}).get("label") or (obj.get("tier") or {}).get("reason") or "-"
            s = obj["summary"]
            table.add_row(escape(clean(obj["file"])), tier, str(obj.get("score") if obj.get("score") is not None
                                                                else "-"),
                          str(s["bullets"]), str(s["weak"]), str(s["strong"]), escape(top_findings(obj, 1)))
        else:
            table.add_row(escape(clean(obj["file"])), "-", "-", "-", "-", "-",
                          Text(f"{obj['error']['code']}: {clean(obj['error']['message'])}", style="red"))
    console.print(table)
    if totals:
        render_totals(objs, console)


def render_totals(objs: list[dict], console: Console) -> None:
    ok = [o for o in objs if o["status"] == "ok"]
    tiers = Counter((o.get("tier") or {}).get("label") or (o.get("tier") or {}).get("reason") or "none" for o in ok)
    rules = Counter()
    for o in ok:
        rules.update(o["summary"]["by_rule"])
    errors = Counter(o["error"]["code"] for o in objs if o["status"] != "ok")
    console.print(Text(f"{len(objs)} input(s): {len(ok)} analysed, {len(objs) - len(ok)} failed", style="bold"))
    if tiers:
        console.print("Tiers: " + ", ".join(f"{k} {v}" for k, v in tiers.most_common()))
    if rules:
        console.print("Most frequent findings: " + ", ".join(f"{k} {v}" for k, v in rules.most_common(5)))
    if errors:
        console.print(Text("Errors: " + ", ".join(f"{k} {v}" for k, v in errors.most_common()), style="red"))


def render_statistics(objs: list[dict], console: Console) -> None:
    """Count per rule over all inputs, as `ruff --statistics`."""
    counts = Counter(f["rule"] for o in objs if o["status"] == "ok" for f in o["findings"])
    signal = {f["rule"]: f["signal"] for o in objs if o["status"] == "ok" for f in o["findings"]}
    table = Table("count", "rule", "signal")
    for rule, n in counts.most_common():
        table.add_row(str(n), rule, signal[rule])
    console.print(table)
