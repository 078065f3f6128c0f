"""`--resume`: which inputs an interrupted JSONL or CSV output already holds, after dropping a torn last row."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from cvlint.errors import UsageError
from cvlint.sanitize import undefang_cell

RESUMABLE = ("jsonl", "csv")


def already_done(out: str | None, fmt: str) -> set[str]:
    """The `file` of every complete row already in `out`; a torn last line is cut from the file first."""
    if not out or fmt not in RESUMABLE:
        raise UsageError("--resume needs -o FILE with --format jsonl or csv")
    path = Path(out)
    if not path.exists():
        return set()
    text = path.read_text(encoding="utf-8")
    if text and not text.endswith("\n"):
        text = text[:text.rfind("\n") + 1]
        path.write_text(text, encoding="utf-8")
    if fmt == "jsonl":
        done = set()
        for line in text.splitlines():
            try:
                done.add(json.loads(line)["file"])
            except (ValueError, KeyError, TypeError):
                continue
        return done
    return {undefang_cell(row["file"]) for row in csv.DictReader(text.splitlines()) if row.get("file")}
