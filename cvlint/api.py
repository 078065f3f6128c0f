"""The picklable Python entry point: one path or bytes in, the report object (`docs/contract.md`) out."""

from __future__ import annotations

from pathlib import Path

from cvlint.pipeline import Options
from cvlint.run.worker import analyse_chunk


def score_path(path_or_bytes: str | Path | bytes, **options) -> dict:
    """Analyse one CV and return its report object (status ok or error). Pure; models load once per process.

    Options are the long options in snake case: model, rules_dirs, select, ignore, extend_select,
    min_severity, market, max_pages, max_bytes, max_uncompressed, max_paragraphs, timeout, pdf_engine ("pdfium"
    or "pdfplumber"), plus `name`, the label used as `file` (default: the path, or "-" for bytes).

    This is the code a batch worker runs for each input, so the object is the batch's row for it, with the
    same per-file time limit (`timeout`) and the same error rows. It never raises for a bad input; a bad
    option (an unknown pipeline, a broken rules folder) raises `cvlint.errors.UsageError`.
    """
    name = options.pop("name", None)
    label = name or ("-" if isinstance(path_or_bytes, bytes) else str(path_or_bytes))
    opts = Options.from_kwargs(**options)
    (obj,) = analyse_chunk([(label, path_or_bytes)], opts)
    return obj
