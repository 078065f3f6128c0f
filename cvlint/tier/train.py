"""`cvlint train`: rebuild the tier model from samples/training and the real CVs of samples/real (train and dev
splits only) and print its CV metrics.

    from cvlint.tier.train import main
    main(echo=click.echo)            # -> 0; writes models/tier.skops and models/tier.json

Deterministic: the CVs are read in `labels.csv` order, linted with the full built-in rule catalog (never a user
selection), the regularisation strength is chosen by stratified 5-fold cross-validation with fixed folds, and
LogisticRegression (lbfgs) is fitted on the whole train split. Rebuilding gives the same coefficients; the
model's name hashes those parameters (`tier-logreg@<hash8>`), not the zip file, whose bytes carry timestamps.
Test rows are never read here (benchmarks/tier_eval.py scores them).

The real CVs (`samples/real/tiers.csv`, the `dev` split) are read from `../shared/corpus` beside the checkout;
their labels are in the repository, their text is not. They count REAL_WEIGHT times a team-written CV: they are
the CVs cvlint is for, and fewer (weight and C were chosen by cross-validation on the real dev CVs alone).
"""

from __future__ import annotations

import csv
import hashlib
import json
import platform
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from cvlint.errors import UsageError
from cvlint.tier.classify import TRUSTED_TYPES, parameters, parameters_hash
from cvlint.tier.features import COUNT_CAPS, FEATURES, Facts, extract

TIERS = ("junior", "mid", "high-impact")
ORIGINS = ("hand", "composed", "real")
C_GRID = (0.1, 0.3, 1.0, 3.0, 10.0, 30.0)
FOLDS = 5
FOLD_SEED = 20260126
MAX_ITER = 5000
REAL_WEIGHT = 2.0


def training_dir() -> Path:
    """samples/training of the source checkout (not shipped in the wheel)."""
    path = Path(__file__).resolve().parents[2] / "samples" / "training"
    if not (path / "labels.csv").is_file():
        raise UsageError("the training data (samples/training/labels.csv) is not here; `cvlint train` runs from a "
                         "source checkout (run samples/training/compose.py to write labels.csv)")
    return path


def corpus_dir() -> Path:
    """../shared/corpus beside the source checkout: where the real CVs of samples/real/tiers.csv are."""
    return Path(__file__).resolve().parents[3] / "shared" / "corpus"


def real_rows(split: str = "dev") -> list[dict]:
    """The real CVs of one split of samples/real/tiers.csv, as label rows (`file` is the path in the corpus);
    a UsageError when the corpus is not beside the checkout."""
    labels = Path(__file__).resolve().parents[2] / "samples" / "real" / "tiers.csv"
    corpus = corpus_dir()
    if not corpus.is_dir():
        raise UsageError(f"the real CVs that {labels.name} labels are read from ../shared/corpus, which is not "
                         "beside this checkout")
    with labels.open(encoding="utf-8", newline="") as fh:
        rows = [{**r, "file": r["source"], "origin": "real", "path": str(corpus / r["source"])}
                for r in csv.DictReader(fh) if r["split"] == split]
    return rows


def training_rows(folder: Path) -> list[dict]:
    """What the model is trained on: the team-written train split and the real dev CVs."""
    return read_labels(folder, "train") + real_rows("dev")


@dataclass(frozen=True)
class Example:
    file: str
    tier: str
    split: str
    origin: str
    row: dict
    facts: Facts

    @property
    def weight(self) -> float:
        return REAL_WEIGHT if self.origin == "real" else 1.0


def read_labels(folder: Path, split: str | None = "train") -> list[dict]:
    with (folder / "labels.csv").open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if split is None or r["split"] == split]
    for r in rows:
        if r["tier"] not in TIERS:
            raise UsageError(f"labels.csv: {r['file']}: unknown tier {r['tier']!r}")
    return rows


def data_hash(folder: Path, rows: Sequence[dict]) -> str:
    """sha256 over (file, tier, split, sha256 of the file's bytes) of the rows, in file order."""
    h = hashlib.sha256()
    for r in sorted(rows, key=lambda r: r["file"]):
        content = hashlib.sha256(_path(folder, r).read_bytes()).hexdigest()
        h.update(f"{r['file']}\t{r['tier']}\t{r['split']}\t{content}\n".encode())
    return h.hexdigest()


def featurize(folder: Path, rows: Sequence[dict]) -> list[Example]:
    """Parse, lint (full built-in catalog, one nlp.pipe) and extract features for the rows' CVs."""
    from cvlint.lint.catalog import load_catalog
    from cvlint.lint.engine import judge
    from cvlint.nlp import load
    from cvlint.parse import parse

    docs = []
    for r in rows:
        doc = parse(_path(folder, r), name=r["file"])
        if doc.language != "en":
            raise UsageError(f"{r['file']}: detected language {doc.language!r}; training CVs must be English")
        docs.append(doc)
    judgements = judge(docs, load_catalog(), load()) if docs else []
    return [Example(r["file"], r["tier"], r["split"], r.get("origin", ""), r,
                    extract(j.document, j.findings, j.unjudged)) for r, j in zip(rows, judgements)]


def _path(folder: Path, row: dict) -> Path:
    return Path(row["path"]) if "path" in row else folder / row["file"]


def make_pipeline(c: float):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    return Pipeline([("scale", StandardScaler()),
                     ("logreg", LogisticRegression(C=c, max_iter=MAX_ITER, tol=1e-8))])


def matrix(examples: Sequence[Example]):
    import numpy as np

    return (np.asarray([e.facts.vector() for e in examples], dtype=float),
            np.asarray([e.tier for e in examples]))


def weights(examples: Sequence[Example]):
    import numpy as np

    return np.asarray([e.weight for e in examples], dtype=float)


def fit(c: float, X, y, w):
    return make_pipeline(c).fit(X, y, logreg__sample_weight=w)


def folds(y, n: int = FOLDS):
    from sklearn.model_selection import StratifiedKFold

    return list(StratifiedKFold(n_splits=n, shuffle=True, random_state=FOLD_SEED).split(y.reshape(-1, 1), y))


def cv_proba(X, y, c: float, splits, w=None) -> "np.ndarray":
    import numpy as np

    w = np.ones(len(y)) if w is None else w
    proba = np.zeros((len(y), len(TIERS)))
    for tr, te in splits:
        model = fit(c, X[tr], y[tr], w[tr])
        order = [list(model.classes_).index(t) for t in TIERS]
        proba[te] = model.predict_proba(X[te])[:, order]
    return proba


def metrics(y, proba) -> dict:
    """Accuracy, macro-F1, multiclass Brier score (mean over CVs of the summed squared error), log loss, expected
    calibration error of the stated confidence and the confusion matrix (rows: true tier, columns: predicted, in
    TIERS order)."""
    import numpy as np
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score

    pred = np.asarray(TIERS)[proba.argmax(axis=1)]
    onehot = (np.asarray(y)[:, None] == np.asarray(TIERS)[None, :]).astype(float)
    return {"n": int(len(y)),
            "accuracy": round(float(accuracy_score(y, pred)), 4),
            "macro_f1": round(float(f1_score(y, pred, labels=list(TIERS), average="macro")), 4),
            "brier": round(float(np.mean(np.sum((proba - onehot) ** 2, axis=1))), 4),
            "log_loss": round(log_loss(y, proba), 4),
            "ece": round(calibration_error(y, proba), 4),
            "confusion": {"labels": list(TIERS),
                          "matrix": confusion_matrix(y, pred, labels=list(TIERS)).tolist()}}


def log_loss(y, proba) -> float:
    """Mean negative log probability of the true tier (columns of `proba` in TIERS order)."""
    import numpy as np

    idx = np.asarray([TIERS.index(t) for t in y])
    return float(-np.mean(np.log(np.clip(proba[np.arange(len(y)), idx], 1e-15, 1.0))))


def calibration_error(y, proba, bins: int = 10) -> float:
    """Expected calibration error of the confidence (the top probability): the bin-weighted mean gap between
    confidence and accuracy over equal-width confidence bins."""
    import numpy as np

    conf = proba.max(axis=1)
    right = np.asarray(TIERS)[proba.argmax(axis=1)] == np.asarray(y)
    edges = np.linspace(0.0, 1.0, bins + 1)
    total = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        inside = (conf > lo) & (conf <= hi)
        if inside.any():
            total += inside.mean() * abs(conf[inside].mean() - right[inside].mean())
    return float(total)


def choose_c(X, y, splits, w, judged) -> tuple[float, dict[str, float]]:
    """The C whose cross-validated log loss on the `judged` examples (the real CVs) is lowest."""
    scores = {}
    for c in C_GRID:
        scores[str(c)] = round(log_loss(y[judged], cv_proba(X, y, c, splits, w)[judged]), 4)
    best = min(C_GRID, key=lambda c: (scores[str(c)], c))
    return best, scores


def versions() -> dict:
    import numpy
    import sklearn
    import skops
    import spacy

    from cvlint import __version__
    from cvlint.nlp import describe, load

    return {"cvlint": __version__, "python": platform.python_version(), "scikit-learn": sklearn.__version__,
            "skops": skops.__version__, "numpy": numpy.__version__, "spacy": spacy.__version__,
            "spacy_pipeline": describe(load())}


def build(folder: Path | None = None) -> tuple[object, dict, list[Example]]:
    """Fit the model on the train split; return (pipeline, card, examples)."""
    import numpy as np

    from cvlint.lint.catalog import load_catalog

    folder = folder or training_dir()
    rows = training_rows(folder)
    examples = featurize(folder, rows)
    X, y = matrix(examples)
    w = weights(examples)
    real = np.asarray([e.origin == "real" for e in examples])
    splits = folds(y)
    c, scores = choose_c(X, y, splits, w, real)
    proba = cv_proba(X, y, c, splits, w)
    cv = {"all": metrics(y, proba)}
    for origin in ORIGINS:
        mask = np.asarray([e.origin == origin for e in examples])
        if mask.any():
            cv[origin] = metrics(y[mask], proba[mask])
    pipeline = fit(c, X, y, w)
    count = Counter((e.origin, e.tier) for e in examples)
    card = {
        "name": "",
        "model": "StandardScaler + multinomial LogisticRegression (lbfgs, L2)",
        "classes": [str(k) for k in pipeline.classes_],
        "features": list(FEATURES),
        "feature_notes": "Shares are over the CV's experience and project bullets, from cvlint's rule findings; "
                         "counts enter as log1p(min(value, cap)) with caps " +
                         json.dumps(dict(sorted(COUNT_CAPS.items())))
                         + ". Titles, employers and years are not features.",
        "C": c,
        "C_grid_cv_log_loss": scores,
        "training_data": {
            "source": "samples/training/labels.csv, split=train (hand-written CVs by the team and CVs composed by "
                      "samples/training/compose.py from the labeled bullets in samples/bullets/dev.jsonl), and "
                      "samples/real/tiers.csv, split=dev (real CVs read from ../shared/corpus, weight "
                      f"{REAL_WEIGHT:g})",
            "size": len(examples),
            "by_origin_and_tier": {f"{o}/{t}": count[(o, t)] for o, t in sorted(count)},
            "data_sha256": data_hash(folder, rows),
            "rules_digest": load_catalog().digest,
        },
        "cross_validation": {"folds": FOLDS, "seed": FOLD_SEED, "note": "stratified folds over the train split; "
                             "C chosen by the same folds (log loss on the real CVs)", **cv},
        "versions": versions(),
        "trusted_types": list(TRUSTED_TYPES),
        "parameters_sha256": parameters_hash(pipeline),
        "parameters": parameters(pipeline),
        "explanation_reference": reference(pipeline, X, y),
    }
    card["name"] = f"tier-logreg@{card['parameters_sha256'][:8]}"
    return pipeline, card, examples


def reference(pipeline, X, y) -> dict[str, list[float]]:
    """Per tier, the mean standardized features of its training CVs: reasons compare a CV with a typical CV of
    the runner-up tier."""
    import numpy as np

    Z = pipeline.named_steps["scale"].transform(X)
    labels = np.asarray(y)
    return {str(t): [round(float(v), 6) for v in Z[labels == t].mean(axis=0)] for t in pipeline.classes_}


def save(pipeline, card: dict, out: Path) -> None:
    import skops.io as sio

    out.mkdir(parents=True, exist_ok=True)
    tmp = out / ".tier.skops.tmp"
    sio.dump(pipeline, tmp)
    tmp.replace(out / "tier.skops")
    (out / "tier.json").write_text(json.dumps(card, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def format_metrics(name: str, m: dict) -> list[str]:
    lines = [f"{name}: n={m['n']} accuracy={m['accuracy']:.3f} macro-F1={m['macro_f1']:.3f} "
             f"Brier={m['brier']:.3f} log-loss={m['log_loss']:.3f} ECE={m['ece']:.3f}"]
    width = max(len(t) for t in TIERS)
    head = "true / predicted"
    lines.append(f"  {head:>{width + 2}}  " + "  ".join(f"{t:>11}" for t in TIERS))
    for t, row in zip(TIERS, m["confusion"]["matrix"]):
        lines.append(f"  {t:>{width + 2}}  " + "  ".join(f"{v:>11}" for v in row))
    return lines


def main(echo: Callable[[str], None] = print, out: Path | None = None) -> int:
    """Rebuild models/tier.skops and models/tier.json; print the cross-validated metrics. Returns 0."""
    from cvlint.resources import data_dir

    target = out or data_dir("models")
    pipeline, card, _ = build()
    save(pipeline, card, target)
    data = card["training_data"]
    echo(f"trained {card['name']} on {data['size']} CVs (train split; data sha256 {data['data_sha256'][:12]}); "
         f"C={card['C']}")
    cv = card["cross_validation"]
    echo(f"{cv['folds']}-fold cross-validation on the train split:")
    for key in ("all", *ORIGINS):
        if key in cv:
            for line in format_metrics(key, cv[key]):
                echo(line)
    echo(f"wrote {target.name}/tier.skops and {target.name}/tier.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
