"""`cvlint annotate CV -o OUT`: a copy for the client, in the format OUT's extension names.

- ``.docx`` from a DOCX: Word review comments on the flagged words (:mod:`cvlint.coach.annotate_docx`);
- ``.pdf`` from a PDF: highlight annotations with a note (:mod:`cvlint.coach.annotate_pdf`);
- ``.html`` from any input: one self-contained report page (:mod:`cvlint.coach.annotate_html`).

The source file is never modified: it is read once, and OUT is written through a temporary file in
OUT's folder and renamed into place. An OUT that resolves to the input is refused.
"""

from __future__ import annotations

import os
from pathlib import Path

from cvlint.errors import UsageError
from cvlint.model import Report

EXTENSIONS = {".docx": "docx", ".pdf": "pdf", ".html": "html", ".htm": "html"}
_POSSIBLE = {"docx": "-o NAME.docx or -o NAME.html", "pdf": "-o NAME.pdf or -o NAME.html"}


class OutputRefused(UsageError):
    """OUT cannot be written as asked: shown as one line, exit code 2."""


def check_output(source: str | Path, out: str | Path) -> str:
    """The output kind for OUT, or OutputRefused when OUT is the input or has no supported extension."""
    out_path = Path(out)
    src = Path(source)
    same = src.resolve() == out_path.resolve()
    if not same and out_path.exists():
        try:
            same = os.path.samefile(src, out_path)
        except OSError:
            same = False
    if same:
        raise OutputRefused(f"{out}: this is the input file; cvlint never modifies it (choose another -o)")
    kind = EXTENSIONS.get(out_path.suffix.lower())
    if kind is None:
        raise OutputRefused(f"{out}: cannot tell the output format from the extension "
                            f"(use .docx, .pdf or .html)")
    return kind


def check_match(kind: str, input_format: str, out: str | Path) -> None:
    """A .docx needs a DOCX input and a .pdf a PDF input; .html works for every input."""
    if kind == "html" or kind == input_format:
        return
    possible = _POSSIBLE.get(input_format, "-o NAME.html")
    raise OutputRefused(f"{out}: cannot write an annotated .{kind} from a {input_format} input (use {possible})")


def write_atomic(out: str | Path, data: bytes) -> None:
    target = Path(out)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def marks(report: Report, coach: dict) -> list[dict]:
    """One mark per weak bullet: where it is, what to flag and what the note says."""
    from cvlint.coach.annotate_docx import comment_text, flagged_span

    bullets = {b.id: b for b in report.document.bullets}
    out = []
    for item in coach["suggestions"]:
        b = bullets[item["bullet"]]
        out.append({"bullet": b.id, "line": b.line, "page": b.page, "boxes": b.boxes, "text": b.text,
                    "span": flagged_span(item), "comment": comment_text(item)})
    return out


def annotate_report(data: bytes, report: Report, out: str | Path, kind: str, *, coach: dict | None = None,
                    nlp=None, report_obj: dict | None = None) -> dict:
    """Write the annotated copy of an analysed CV; return what was placed and what was skipped."""
    from cvlint.coach.suggest import suggestions

    check_match(kind, report.document.format, out)
    coach = coach if coach is not None else suggestions(report, nlp)
    if kind == "docx":
        from cvlint.coach.annotate_docx import annotate_docx

        result_bytes, result = annotate_docx(data, marks(report, coach))
        placed, skipped = result.placed, result.skipped
    elif kind == "pdf":
        from cvlint.coach.annotate_pdf import annotate_pdf

        result_bytes, placed, skipped = annotate_pdf(data, marks(report, coach))
    else:
        from cvlint.coach.annotate_html import render_html
        from cvlint.output.json import report_dict

        obj = report_obj if report_obj is not None else report_dict(report)
        result_bytes = render_html(obj, coach).encode("utf-8")
        placed = [{"bullet": i["bullet"]} for i in coach["suggestions"]]
        skipped = []
    write_atomic(out, result_bytes)
    return {"file": report.file, "output": str(out), "format": kind, "placed": len(placed), "skipped": skipped,
            "weak_bullets": len(coach["suggestions"])}


def annotate(source: str | Path, out: str | Path, options) -> dict:
    """Analyse `source` and write its annotated copy to `out` (see the module docstring)."""
    from cvlint.errors import CvlintError
    from cvlint.parse import read_input
    from cvlint.parse.sniff import sniff
    from cvlint.pipeline import analyse, catalogs_for

    kind = check_output(source, out)
    data = read_input(source, options.limits)
    fmt = sniff(data)
    check_match(kind, fmt, out)
    (result,) = analyse([(str(source), data)], options)
    if not isinstance(result, Report):
        raise CvlintError(result.code, result.message)
    from cvlint.coach.suggest import suggestions

    coach = suggestions(result, market=options.market, model=options.model, rules=catalogs_for(options)[0])
    return annotate_report(data, result, out, kind, coach=coach)
