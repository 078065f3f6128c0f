"""Row-per-input formats: CSV (defanged) and GitHub workflow annotations."""

from __future__ import annotations

import csv
import io

from cvlint.sanitize import clean, defang_cell

CSV_COLUMNS = ("file", "status", "tier", "confidence", "score", "bullets", "weak", "strong", "top_findings",
               "error_code", "error")


def top_rules(obj: dict, n: int = 3) -> list[tuple[str, int]]:
    """The `n` weak rules with the most findings in a report object, with their counts."""
    by_rule = (obj.get("summary") or {}).get("by_rule") or {}
    return list(by_rule.items())[:n]


def top_findings(obj: dict, n: int = 3) -> str:
    return "; ".join(f"{rule} ({count})" for rule, count in top_rules(obj, n))


def csv_row(obj: dict) -> dict:
    tier = obj.get("tier") or {}
    summary = obj.get("summary") or {}
    error = obj.get("error") or {}
    row = {"file": obj["file"], "status": obj["status"], "tier": tier.get("label") or "",
           "confidence": tier.get("confidence", ""), "score": obj.get("score", ""),
           "bullets": summary.get("bullets", ""), "weak": summary.get("weak", ""), "strong": summary.get("strong", ""),
           "top_findings": top_findings(obj), "error_code": error.get("code", ""), "error": error.get("message", "")}
    return {k: defang_cell(clean(str(v)) if v is not None else "") for k, v in row.items()}


def csv_header() -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(CSV_COLUMNS)
    return buf.getvalue()


def csv_line(obj: dict) -> str:
    buf = io.StringIO()
    csv.DictWriter(buf, CSV_COLUMNS, lineterminator="\n").writerow(csv_row(obj))
    return buf.getvalue()


def _escape_data(text: str) -> str:
    return clean(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


_LEVEL = {"error": "error", "warning": "warning", "suggestion": "notice"}


def github_lines(obj: dict) -> str:
    """`::warning file=…,line=…::message` per weak finding; `::error` for an input that failed."""
    file = _escape_property(obj["file"])
    if obj["status"] != "ok":
        return f"::error file={file},title=cvlint {obj['error']['code']}::{_escape_data(obj['error']['message'])}\n"
    lines = {b["id"]: b.get("line") for b in obj.get("bullets", [])}
    out = []
    for f in obj.get("findings", []):
        if f["signal"] != "weak":
            continue
        line = lines.get(f["bullet"]) or 1
        out.append(f"::{_LEVEL[f['severity']]} file={file},line={line},title={_escape_property(f['rule'])}::"
                   f"{_escape_data(f['message'])}\n")
    return "".join(out)
