"""Render the coach view (`cvlint.coach.suggest.suggestions`) as text (rich), JSON or Markdown.

CV text is hostile: every string from the CV goes through :func:`cvlint.sanitize.clean` (terminal
escapes and control characters out); Markdown additionally escapes HTML and Markdown punctuation, so a
coach can paste it into an email and nothing in it runs or links.
"""

from __future__ import annotations

import json
import re
from typing import Iterable

from rich.console import Console
from rich.text import Text

from cvlint.sanitize import clean

_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "suggestion": "cyan"}
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")


# ----------------------------------------------------------------------------------------------
# JSON


def render_json(objs: Iterable[dict]) -> str:
    """A list of coach views (one per input), as `check --format json` is a list of reports."""
    return json.dumps(list(objs), ensure_ascii=False, indent=2) + "\n"


# ----------------------------------------------------------------------------------------------
# text


def _head(obj: dict) -> str:
    tier = obj.get("tier") or {}
    s = obj.get("summary") or {}
    if tier.get("label"):
        verdict = f"tier {tier['label']} (score {tier.get('score')}/100)"
    elif tier:
        verdict = f"tier not judged ({tier.get('reason')})"
    else:
        verdict = "tier not judged"
    return f"{verdict}; {s.get('weak', 0)} of {s.get('bullets', 0)} bullets weak"


def _rewrite_text(item: dict) -> Text:
    if not item["rewrite"]:  # none offered: `changes` says why and what to do
        return Text("; ".join(item["changes"]), style="dim")
    out = Text()
    for part in item.get("parts") or [{"text": item["rewrite"], "placeholder": False}]:
        out.append(clean(part["text"]), style="bold magenta" if part["placeholder"] else "green")
    return out


def render_text(obj: dict, console: Console) -> None:
    """One CV's suggestions for a terminal."""
    if obj.get("status") != "ok":
        err = obj.get("error") or {}
        console.print(Text(f"{clean(obj.get('file'))}: {err.get('code')}: {clean(err.get('message'))}",
                           style="bold red"))
        return
    console.print(Text(clean(obj["file"]), style="bold"), Text("  " + _head(obj)))
    focus = obj.get("focus")
    if focus:
        console.print(Text.assemble(("Focus: ", "bold"), clean(focus["text"])))
    start = obj.get("start_here") or {}
    by_id = {item["bullet"]: item for item in obj.get("suggestions", [])}
    if start.get("items"):
        console.print()
        console.print(Text(f"Start here (ranked by {start['ranked_by']})", style="bold underline"))
        console.print(Text(clean(start.get("note")), style="dim"))
        for entry in start["items"]:
            item = by_id.get(entry["bullet"])
            gain = f"  [+{entry['gain']} score]" if entry.get("gain") is not None else ""
            console.print(Text(f" {entry['rank']}. {clean(entry['text'])}{gain}"))
            if item and item["rewrite"]:
                console.print(Text.assemble("    → ", _rewrite_text(item)))
    if obj.get("suggestions"):
        console.print()
        console.print(Text("Bullet by bullet", style="bold underline"))
    last_entry = object()
    for item in obj.get("suggestions", []):
        entry = item.get("entry")
        if entry != last_entry:
            console.print(Text(f"  {clean(entry) or item['section']}", style="bold"))
            last_entry = entry
        console.print(Text(f"  ✗ {clean(item['text'])}", style="yellow"))
        for f in item["findings"]:
            console.print(Text.assemble(("      " + f["severity"], _SEVERITY_STYLE.get(f["severity"], "")),
                                        (f" {f['rule']}: ", "bold"), clean(f["message"])))
        console.print(Text.assemble(("    → ", "bold"), _rewrite_text(item)))
        for q in item["questions"]:
            console.print(Text(f"      ? {clean(q)}", style="dim"))
    if obj.get("document"):
        console.print()
        console.print(Text("Whole CV", style="bold underline"))
        for d in obj["document"]:
            console.print(Text.assemble(("  " + d["severity"], _SEVERITY_STYLE.get(d["severity"], "")),
                                        (f" {d['rule']}: ", "bold"), clean(d["message"])))
            if d.get("advice"):
                console.print(Text(f"    → {clean(d['advice'])}"))
            for q in d.get("questions", []):
                console.print(Text(f"      ? {clean(q)}", style="dim"))


# ----------------------------------------------------------------------------------------------
# Markdown


def md(text: str | None) -> str:
    """CV text made inert in Markdown: no HTML, no links, no emphasis, no terminal escapes."""
    text = clean(text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def _md_rewrite(item: dict) -> str:
    if not item["rewrite"]:  # none offered: `changes` says why and what to do
        return md("; ".join(item["changes"]))
    out = []
    for part in item.get("parts") or [{"text": item["rewrite"], "placeholder": False}]:
        out.append(f"**{md(part['text'])}**" if part["placeholder"] else md(part["text"]))
    return "".join(out)


def render_markdown(obj: dict) -> str:
    """One CV's suggestions as Markdown a coach can paste into an email."""
    if obj.get("status") != "ok":
        err = obj.get("error") or {}
        return f"**{md(obj.get('file'))}**: {md(err.get('code'))}: {md(err.get('message'))}\n"
    lines = [f"# CV suggestions: {md(obj['file'])}", "", md(_head(obj)).replace("\\(", "(").replace("\\)", ")"), ""]
    focus = obj.get("focus")
    if focus:
        lines += [f"**Focus:** {md(focus['text'])}", ""]
    start = obj.get("start_here") or {}
    by_id = {item["bullet"]: item for item in obj.get("suggestions", [])}
    if start.get("items"):
        lines += ["## Start here", "", f"_{md(start.get('note'))}_", ""]
        for entry in start["items"]:
            item = by_id.get(entry["bullet"])
            gain = f" (+{entry['gain']} score)" if entry.get("gain") is not None else ""
            shown = _md_rewrite(item) if item and item["rewrite"] else md(entry["text"])
            lines.append(f"{entry['rank']}. {shown}{gain}  ")
            lines.append(f"   was: {md(entry['text'])}")
        lines.append("")
    if obj.get("suggestions"):
        lines += ["## Bullet by bullet", ""]
    last_entry = object()
    for item in obj.get("suggestions", []):
        entry = item.get("entry")
        if entry != last_entry:
            lines += [f"### {md(entry) if entry else md(item['section'])}", ""]
            last_entry = entry
        lines.append(f"- **Now:** {md(item['text'])}")
        flagged = "; ".join(f"{md(f['rule'])}: {md(f['message'])}" for f in item["findings"])
        lines.append(f"  - **Why flagged:** {flagged}")
        lines.append(f"  - **Try:** {_md_rewrite(item)}")
        if item["questions"]:
            lines.append(f"  - **Ask:** {' '.join(md(q) for q in item['questions'])}")
    if obj.get("suggestions"):
        lines.append("")
    if obj.get("document"):
        lines += ["## Whole CV", ""]
        for d in obj["document"]:
            lines.append(f"- **{md(d['rule'])}:** {md(d['message'])}")
            if d.get("advice"):
                lines.append(f"  - {md(d['advice'])}")
            if d.get("questions"):
                lines.append(f"  - **Ask:** {' '.join(md(q) for q in d['questions'])}")
        lines.append("")
    lines.append("_Text in **bold brackets** is for you to fill in: only you know the numbers._")
    return "\n".join(lines) + "\n"
