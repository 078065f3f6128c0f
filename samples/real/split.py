"""The by-CV split and the profession groups of the real labeled data (decided before any tuning).

A CV's side is fixed by a hash of its source path, so every unit of one CV is on one side and adding CVs never
moves an old one: about 40 % of CVs are `test` (untouched while tuning), the rest `dev`.

    python samples/real/split.py --check     # the files agree with these functions
"""

from __future__ import annotations

import csv
import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEST_SHARE = 40   # percent of CVs

# livecareer categories -> the four profession groups the benchmarks report; corpus/real is tech
GROUPS = {
    "tech": {"INFORMATION-TECHNOLOGY", "ENGINEERING", "DIGITAL-MEDIA", "DESIGNER", "REAL"},
    "business": {"ACCOUNTANT", "ADVOCATE", "BANKING", "BPO", "BUSINESS-DEVELOPMENT", "CONSULTANT", "FINANCE", "HR",
                 "PUBLIC-RELATIONS", "SALES"},
    "care and education": {"HEALTHCARE", "TEACHER", "FITNESS", "ARTS"},
    "trades and services": {"AGRICULTURE", "APPAREL", "AUTOMOBILE", "AVIATION", "CHEF", "CONSTRUCTION"},
}


def split_of(source: str) -> str:
    """`test` or `dev` for a CV, from its source path (`livecareer/CHEF/123.pdf`, `real/pdf/ghcv-4.pdf`)."""
    return "test" if int(hashlib.sha1(source.encode()).hexdigest()[:8], 16) % 100 < TEST_SHARE else "dev"


def group_of(source: str) -> str:
    category = source.split("/")[1] if source.startswith("livecareer/") else "REAL"
    return next(g for g, cats in GROUPS.items() if category in cats)


def check() -> list[str]:
    problems = []
    for line in (HERE / "bullets.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["split"] != split_of(row["source"]) or row["group"] != group_of(row["source"]):
            problems.append(row["id"])
    with (HERE / "tiers.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["split"] != split_of(row["source"]) or row["group"] != group_of(row["source"]):
                problems.append(row["source"])
    return problems


if __name__ == "__main__":
    bad = check()
    print(f"{len(bad)} rows disagree with split_of/group_of" + (": " + ", ".join(bad[:10]) if bad else ""))
    sys.exit(1 if bad else 0)
