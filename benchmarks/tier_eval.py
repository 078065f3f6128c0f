"""Evaluate the tier model: cross-validation on the train split, then the shipped model on the test split.

    python benchmarks/tier_eval.py            # text
    python benchmarks/tier_eval.py --json     # one JSON object

Prints accuracy, macro-F1, the multiclass Brier score, log loss and the confusion matrix (rows: true tier,
columns: predicted) for all CVs, the hand-written, composed and real ones separately, the real test CVs per
profession group with a reliability table (stated confidence against how often it was right), plus accuracy per
hard case on the team-written test split. Cross-validation re-fits the training recipe (cvlint/tier/train.py,
same folds, weights and forest) on the train split; the test numbers are the shipped models/tier.skops on
the test split, which training never reads. Real CVs are read from ../shared/corpus.
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
    out: dict = {"model": model.name}

    rows = T.training_rows(folder)
    if T.data_hash(folder, rows) != model.card["training_data"]["data_sha256"]:
        out["warning"] = "the train split differs from the data the shipped model was trained on; run `cvlint train`"
    train = T.featurize(folder, rows)
    X, y = T.matrix(train)
    proba = T.cv_proba(X, y, T.folds(y), T.weights(train))
    out["cross_validation"] = _by_origin(train, y, proba)

    test = T.featurize(folder, T.read_labels(folder, "test") + T.real_rows("test"))
    Xt, yt = T.matrix(test)
    pt = model.forest.predict_proba(Xt)[:, [model.forest.classes.index(t) for t in T.TIERS]]
    out["test"] = _by_origin(test, yt, pt)
    real = np.asarray([e.origin == "real" for e in test])
    groups = np.asarray([e.row.get("group", "") for e in test])
    out["test_real_by_group"] = {g: T.metrics(yt[real & (groups == g)], pt[real & (groups == g)])
                                 for g in sorted(set(groups[real]))}
    out["test_real_reliability"] = reliability(yt[real], pt[real])
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


def print_reliability(rows: list[dict]) -> None:
    """The reliability table `reliability` gives, one band a line."""
    for row in rows:
        print(f"  {row['band']:>9}  n={row['n']:<4} confidence {row['confidence']:.3f}  right {row['accuracy']:.3f}")


def reliability(y, proba, edges=(0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)) -> list[dict]:
    """Per band of stated confidence (the top probability): how many CVs, their mean confidence and how often the
    tier was right. A calibrated model is right about as often as it says."""
    import numpy as np

    conf = proba.max(axis=1)
    right = np.asarray(T.TIERS)[proba.argmax(axis=1)] == np.asarray(y)
    out = []
    for lo, hi in zip(edges[:-1], edges[1:]):
        inside = (conf > lo) & (conf <= hi)
        if inside.any():
            out.append({"band": f"{lo:.0%}-{hi:.0%}", "n": int(inside.sum()),
                        "confidence": round(float(conf[inside].mean()), 3),
                        "accuracy": round(float(right[inside].mean()), 3)})
    return out


def _by_origin(examples, y, proba) -> dict:
    import numpy as np

    res = {"all": T.metrics(y, proba)}
    for origin in T.ORIGINS:
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
    print(f"model {res['model']}")
    if "warning" in res:
        print(f"warning: {res['warning']}")
    for part, title in (("cross_validation", f"{T.FOLDS}-fold cross-validation, train split"),
                        ("test", "shipped model on the test split")):
        print(f"\n== {title}")
        for key in ("all", *T.ORIGINS):
            if key in res[part]:
                for line in T.format_metrics(key, res[part][key]):
                    print(line)
    print("\n== real test CVs by profession group")
    for group, m in res["test_real_by_group"].items():
        print(f"  {group:<22} n={m['n']:<3} accuracy={m['accuracy']:.3f} macro-F1={m['macro_f1']:.3f}")
    print("\n== real test CVs: stated confidence against accuracy")
    print_reliability(res["test_real_reliability"])
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
