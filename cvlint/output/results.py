"""A batch's results read back from `check --format jsonl` or `--format csv`, as overview rows.

Read line by line (a results file can hold 100,000 reports). An interrupted run leaves a torn last line: it is
skipped and said so, as `check --resume` does; anything else that is not a result is a one-line usage error.
"""

from __future__ import annotations

import csv
import json
import os
import re
from pathlib import Path

from cvlint.errors import UsageError
from cvlint.output.overview import Row, from_report
from cvlint.output.tabular import CSV_COLUMNS
from cvlint.sanitize import clean, undefang_cell

_TOP = re.compile(r"(.+) \((\d+)\)")


def read_rows(path: str | Path) -> tuple[list[Row], bool]:
    """The rows of a results file, and whether a torn last line was skipped."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            first = fh.read(1024).lstrip()[:1]
            torn = _torn(fh)
    except OSError as exc:
        raise UsageError(f"{path}: {exc.strerror or exc}") from None
    if not first:
        raise UsageError(f"{path}: the file is empty (write it with cvlint check --format jsonl -o FILE)")
    reader = _jsonl if first == b"{" else _csv
    with path.open(encoding="utf-8", errors="replace", newline="") as fh:
        return reader(fh, path, torn)


def _torn(fh) -> bool:
    """Whether the file's last line has no newline: the last row of a run that was killed while writing it."""
    end = fh.seek(0, os.SEEK_END)
    if not end:
        return False
    fh.seek(end - 1)
    return fh.read(1) != b"\n"


def _jsonl(fh, path: Path, torn: bool) -> tuple[list[Row], bool]:
    rows, skipped = [], False
    for number, line in enumerate(fh, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError:
            if torn and not line.endswith("\n"):
                skipped = True
                continue
            raise UsageError(f"{path}: line {number} is not JSON (was it written by cvlint check --format jsonl?)")
        try:
            rows.append(from_report(obj))
        except (KeyError, TypeError, AttributeError, ValueError):
            raise UsageError(f"{path}: line {number} is not a cvlint report") from None
    return rows, skipped


def _csv(fh, path: Path, torn: bool) -> tuple[list[Row], bool]:
    reader = csv.DictReader(fh)
    if tuple(reader.fieldnames or ()) != CSV_COLUMNS:
        raise UsageError(f"{path}: not cvlint results (expected the JSONL or CSV that cvlint check -o writes)")
    records = list(reader)      # a CSV row is a few hundred bytes: 100,000 of them fit
    skipped = torn and bool(records)
    if skipped:
        records.pop()           # a line cut short may still have every column: its last one cut
    for number, cells in enumerate(records, 2):
        if None in cells.values() or None in cells:
            raise UsageError(f"{path}: line {number} does not have the {len(CSV_COLUMNS)} columns")
    return [from_csv(cells) for cells in records], skipped


def _number(cell: str, kind):
    return kind(cell) if cell else None


def from_csv(cells: dict) -> Row:
    """The row of one `check --format csv` line."""
    v = {k: clean(undefang_cell(c)) for k, c in cells.items()}
    if v["status"] != "ok":
        return Row(v["file"], v["status"], error_code=v["error_code"] or None, error=v["error"] or None)
    top = tuple((m[1], int(m[2])) for part in v["top_findings"].split("; ") if (m := _TOP.fullmatch(part)))
    try:
        return Row(v["file"], "ok", tier=v["tier"] or None, score=_number(v["score"], int),
                   confidence=_number(v["confidence"], float), bullets=_number(v["bullets"], int),
                   weak=_number(v["weak"], int), top=top)
    except ValueError:
        raise UsageError(f"{v['file']}: a number in its CSV row is not a number") from None
