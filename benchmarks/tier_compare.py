"""Which tier model: candidates cross-validated on the real dev CVs only, as `cvlint train` would fit them.

    python benchmarks/tier_compare.py            # text
    python benchmarks/tier_compare.py --json     # one JSON object

Folds split the real dev CVs of samples/real/tiers.csv (one CV per row, stratified by tier, SEEDS shuffles); the
team-written train split is always in training, the real CVs weigh REAL_WEIGHT, as in cvlint/tier/train.py.
Per candidate: accuracy, macro-F1 and log loss on the held-out real CVs, mean and range over the seeds; for the
shipped forest, the reliability table (stated confidence against how often it was right) of all out-of-fold
predictions. Nothing here reads a test split. The candidates: the logistic regression cvlint shipped before
(standardized features, C 0.1), the same with all pairwise products, ExtraTrees, and the forest `train.fit` builds.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tier_eval import print_reliability, reliability  # noqa: E402

from cvlint.tier import train as T  # noqa: E402

SEEDS = (20260126, 1, 2, 3, 4)


def _linear(c: float, pairs: bool):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import PolynomialFeatures, StandardScaler

    def fit(X, y, w):
        steps = [PolynomialFeatures(2, include_bias=False), StandardScaler()] if pairs else []
        model = make_pipeline(StandardScaler(), *steps, LogisticRegression(C=c, max_iter=5000, tol=1e-8))
        return model.fit(X, y, logisticregression__sample_weight=w)

    return fit


def _extra_trees(X, y, w):
    from sklearn.ensemble import ExtraTreesClassifier

    return ExtraTreesClassifier(**T.FOREST).fit(X, y, sample_weight=w)


CANDIDATES = {"logistic regression (C 0.1)": _linear(0.1, pairs=False),
              "logistic regression, pairwise products (C 0.03)": _linear(0.03, pairs=True),
              "extra trees (as the forest)": _extra_trees,
              "random forest (shipped recipe)": T.fit}


def out_of_fold(fit, X, y, w, real, seed: int):
    """Probabilities (TIERS order) for the real CVs, each from a model fitted without its fold."""
    import numpy as np
    from sklearn.model_selection import StratifiedKFold

    judged, always = np.flatnonzero(real), np.flatnonzero(~real)
    proba = np.zeros((len(judged), len(T.TIERS)))
    for tr, te in StratifiedKFold(T.FOLDS, shuffle=True, random_state=seed).split(judged, y[judged]):
        rows = np.concatenate([always, judged[tr]])
        model = fit(X[rows], y[rows], w[rows])
        proba[te] = model.predict_proba(X[judged[te]])[:, [list(model.classes_).index(t) for t in T.TIERS]]
    return proba


def compare() -> dict:
    import numpy as np

    examples = T.featurize(T.training_dir(), T.training_rows(T.training_dir()))
    X, y = T.matrix(examples)
    w = T.weights(examples)
    real = np.asarray([e.origin == "real" for e in examples])
    out: dict = {"n_real_dev": int(real.sum()), "seeds": list(SEEDS), "models": {}}
    for name, fit in CANDIDATES.items():
        runs = [out_of_fold(fit, X, y, w, real, seed) for seed in SEEDS]
        scores = [T.metrics(y[real], p) for p in runs]
        out["models"][name] = {key: [s[key] for s in scores] for key in ("accuracy", "macro_f1", "log_loss")}
        if fit is T.fit:
            out["forest_reliability"] = reliability(np.concatenate([y[real]] * len(runs)), np.vstack(runs))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Compare tier models on the real dev CVs.")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    res = compare()
    if ap.parse_args(argv).json:
        print(json.dumps(res, indent=2))
        return 0
    print(f"{T.FOLDS}-fold cross-validation over {res['n_real_dev']} real dev CVs, seeds {res['seeds']}")
    for name, m in res["models"].items():
        cells = [f"{key} {sum(v) / len(v):.3f} [{min(v):.3f}-{max(v):.3f}]" for key, v in m.items()]
        print(f"  {name:<48} " + "  ".join(cells))
    print("\nshipped forest, out-of-fold over all seeds: stated confidence against accuracy")
    print_reliability(res["forest_reliability"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
