#!/usr/bin/env python3
"""Split the hand-labelled bullets in raw/*.jsonl into dev.jsonl and test.jsonl.

Run once from anywhere:  python3 samples/bullets/split.py
Standard library only. Deterministic: the same raw files always give the same split.

- Every record is validated first (fields, allowed values, all 11 labels as booleans,
  unique ids); any problem aborts without writing.
- Stratified by role, and inside a role by the task-only-bullet label, so both splits
  cover every role and keep the weak/strong mix of each role.
- In each stratum, records are ordered by id, shuffled with a fixed seed, and the first
  round(60 %) go to dev, the rest to test. Output files are sorted by id.
- Files named raw/*-dev-extra.jsonl are later tuning batches written for dev only: they are
  validated with the rest (ids stay unique across all files) but take no part in the split and
  are appended to dev.jsonl, so the split of the other files, and test.jsonl, never change.
- Files named raw/*-test-extra.jsonl are held-out batches written for test only: the same way,
  they are validated with the rest but take no part in the split and are appended to
  test.jsonl, so the split of the other files, and dev.jsonl, never change.

dev.jsonl is for tuning rules and thresholds; test.jsonl stays untouched until a result
is reported.
"""
from __future__ import annotations

import glob
import json
import os
import random
import sys
from collections import defaultdict

SEED = 20240611
DEV_SHARE = 0.6
DEV_ONLY_SUFFIX = "-dev-extra.jsonl"
TEST_ONLY_SUFFIX = "-test-extra.jsonl"

HERE = os.path.dirname(os.path.abspath(__file__))
LABELS = (
    "task-only-bullet", "metric", "business-impact", "tool-list-without-context", "weak-opening",
    "research-style", "ownership", "knowledge-claim", "model-score-only", "production", "scale",
)
# Optional 12th label, as on real CVs (samples/real/README.md): a line that is not a statement of work, such as a bare
# tool list in a skills section; every signal is false for it and the rules must not judge it.
NOT_A_BULLET = "not-a-bullet"
ALLOWED = {
    "section": {"experience", "projects", "summary", "skills"},
    "seniority": {"junior", "mid", "senior", "lead"},
    "region": {"uk", "us", "eu", "india"},
    "style": {"standard", "terse", "long", "typos", "first-person", "present-tense",
              "british", "american", "words-metrics"},
}
FIELDS = ("id", "text", "section", "role", "seniority", "region", "style", "labels")


def load(raw_dir: str) -> list[dict]:
    """Every valid record of raw/*.jsonl; each carries the name of its file under "_file"."""
    records, errors, seen = [], [], set()
    paths = sorted(glob.glob(os.path.join(raw_dir, "*.jsonl")))
    if not paths:
        sys.exit(f"split.py: no raw/*.jsonl files under {raw_dir}")
    for path in paths:
        name = os.path.basename(path)
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                where = f"{name}:{n}"
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as exc:
                    errors.append(f"{where}: not JSON ({exc})")
                    continue
                if set(rec) != set(FIELDS):
                    errors.append(f"{where}: fields {sorted(rec)} != {sorted(FIELDS)}")
                    continue
                if not isinstance(rec["text"], str) or not rec["text"].strip():
                    errors.append(f"{where}: empty text")
                for key, allowed in ALLOWED.items():
                    if rec[key] not in allowed:
                        errors.append(f"{where}: {key}={rec[key]!r} not in {sorted(allowed)}")
                labels = rec["labels"]
                signals = {k: v for k, v in labels.items() if k != NOT_A_BULLET}
                if set(signals) != set(LABELS) or not all(isinstance(v, bool) for v in labels.values()):
                    errors.append(f"{where}: labels must be exactly the 11 signals, each true/false")
                elif labels.get(NOT_A_BULLET) and any(signals.values()):
                    errors.append(f"{where}: a line that is not a bullet has no signal")
                if rec["id"] in seen:
                    errors.append(f"{where}: duplicate id {rec['id']}")
                seen.add(rec["id"])
                records.append({**rec, "_file": name})
    if errors:
        sys.exit("split.py: invalid raw data:\n  " + "\n  ".join(errors))
    return records


def split(records: list[dict]) -> tuple[list[dict], list[dict]]:
    strata: dict[tuple[str, bool], list[dict]] = defaultdict(list)
    for rec in records:
        strata[(rec["role"], rec["labels"]["task-only-bullet"])].append(rec)
    rng = random.Random(SEED)
    dev, test = [], []
    for key in sorted(strata):
        group = sorted(strata[key], key=lambda r: r["id"])
        rng.shuffle(group)
        cut = round(len(group) * DEV_SHARE)
        dev.extend(group[:cut])
        test.extend(group[cut:])
    return sorted(dev, key=lambda r: r["id"]), sorted(test, key=lambda r: r["id"])


def write(path: str, records: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for rec in records:
            rec = {k: v for k, v in rec.items() if k != "_file"}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


def main() -> None:
    records = load(os.path.join(HERE, "raw"))
    extra = [r for r in records if r["_file"].endswith(DEV_ONLY_SUFFIX)]
    test_extra = [r for r in records if r["_file"].endswith(TEST_ONLY_SUFFIX)]
    dev, test = split([r for r in records
                       if not r["_file"].endswith((DEV_ONLY_SUFFIX, TEST_ONLY_SUFFIX))])
    dev = sorted(dev + extra, key=lambda r: r["id"])
    test = sorted(test + test_extra, key=lambda r: r["id"])
    write(os.path.join(HERE, "dev.jsonl"), dev)
    write(os.path.join(HERE, "test.jsonl"), test)
    roles = sorted({r["role"] for r in records})
    for name, part in (("dev", dev), ("test", test)):
        missing = [role for role in roles if not any(r["role"] == role for r in part)]
        if missing:
            sys.exit(f"split.py: {name} split has no bullets for roles {missing}")
    print(f"{len(records)} bullets -> dev {len(dev)} ({len(extra)} of them dev-only), "
          f"test {len(test)} ({len(test_extra)} of them test-only) ({len(roles)} roles)")


if __name__ == "__main__":
    main()
