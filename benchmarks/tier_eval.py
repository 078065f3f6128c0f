"""Evaluate the tier model: cross-validation on the train split, then the shipped model on the test split.

    python benchmarks/tier_eval.py            # text
    python benchmarks/tier_eval.py --json     # one JSON object

Prints accuracy, macro-F1, the multiclass Brier score, log loss and the confusion matrix (rows: true tier,
columns: predicted) for all CVs, the hand-written ones and the composed ones separately, plus accuracy per
hard case on the test split. Cross-validation re-fits the training recipe (cvlint/tier/train.py, same folds and
the shipped C) on the train split; the test numbers are the shipped models/tier.skops on the test split, which
training never reads.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cvlint.tier import train as T  # noqa: E402
from cvlint.tier.classify import load_model  # noqa: E402


def evaluate() -> dict:
    import numpy as np

    folder = T.training_dir()
    model = load_model()
    out: dict = {"model": model.name, "C": model.card["C"]}

    rows = T.read_labels(folder, "train")
    if T.data_hash(folder, rows) != model.card["training_data"]["data_sha256"]:
        out["warning"] = "the train split differs from the data the shipped model was trained on; run `cvlint train`"
    train = T.featurize(folder, rows)
    X, y = T.matrix(train)
    proba = T.cv_proba(X, y, model.card["C"], T.folds(y))
    out["cross_validation"] = _by_origin(train, y, proba)

    test = T.featurize(folder, T.read_labels(folder, "test"))
    Xt, yt = T.matrix(test)
    classes = [str(c) for c in model.pipeline.classes_]
    pt = model.pipeline.predict_proba(Xt)[:, [classes.index(t) for t in T.TIERS]]
    out["test"] = _by_origin(test, yt, pt)
    pred = np.asarray(T.TIERS)[pt.argmax(axis=1)]
    hard: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses = []
    for e, p in zip(test, pred):
        key = e.row.get("hard_case") or "(none)"
        hard[key][0] += int(p == e.tier)
        hard[key][1] += 1
        if p != e.tier:
            misses.append({"file": e.file, "true": e.tier, "predicted": str(p), "origin": e.origin,
                           "hard_case": e.row.get("hard_case", "")})
    out["test_hard_cases"] = {k: {"correct": v[0], "n": v[1]} for k, v in sorted(hard.items())}
    out["test_misses"] = misses
    return out


def _by_origin(examples, y, proba) -> dict:
    import numpy as np

    res = {"all": T.metrics(y, proba)}
    for origin in ("hand", "composed"):
        mask = np.asarray([e.origin == origin for e in examples])
        if mask.any():
            res[origin] = T.metrics(y[mask], proba[mask])
    return res


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Evaluate the cvlint tier model.")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args(argv)
    res = evaluate()
    if args.json:
        print(json.dumps(res, indent=2))
        return 0
    print(f"model {res['model']} (C={res['C']})")
    if "warning" in res:
        print(f"warning: {res['warning']}")
    for part, title in (("cross_validation", f"{T.FOLDS}-fold cross-validation, train split"),
                        ("test", "shipped model on the test split")):
        print(f"\n== {title}")
        for key in ("all", "hand", "composed"):
            if key in res[part]:
                for line in T.format_metrics(key, res[part][key]):
                    print(line)
    print("\n== test split by hard case (correct / n)")
    for k, v in res["test_hard_cases"].items():
        print(f"  {k:<28} {v['correct']}/{v['n']}")
    if res["test_misses"]:
        print("\n== test misses")
        for m in res["test_misses"]:
            print(f"  {m['file']}: {m['true']} -> {m['predicted']} ({m['origin']}{', ' + m['hard_case'] if m['hard_case'] else ''})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
