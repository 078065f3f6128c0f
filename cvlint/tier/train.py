"""`cvlint train`: rebuild the tier model from samples/training and the real CVs of samples/real (train and dev
splits only) and print its CV metrics.

    from cvlint.tier.train import main
    main(echo=click.echo)            # -> 0; writes models/tier.skops, tier-trees.json and tier.json

Deterministic: the CVs are read in `labels.csv` order, linted with the full built-in rule catalog (never a user
selection), and a RandomForestClassifier with a fixed seed is fitted on the whole train split; its metrics are
from stratified 5-fold cross-validation with fixed folds. Rebuilding gives the same trees; the model's name hashes
their export (`tier-forest@<hash8>`), not the zip file, whose bytes carry timestamps. The forest's size and leaf
size were chosen on the real dev CVs alone (`benchmarks/tier_compare.py`). Test rows are never read here
(benchmarks/tier_eval.py scores them).

The real CVs (`samples/real/tiers.csv`, the `dev` split) are read from `../shared/corpus` beside the checkout;
their labels are in the repository, their text is not. They count REAL_WEIGHT times a team-written CV: they are
the CVs cvlint is for, and fewer (the weight was chosen by cross-validation on the real dev CVs alone).
"""

from __future__ import annotations

import csv
import hashlib
import json
import platform
import zipfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from cvlint.errors import UsageError
from cvlint.tier.classify import CARD_FILE, MODEL_FILE, TREES_FILE, TRUSTED_TYPES
from cvlint.tier.features import COUNT_CAPS, FEATURES, Facts, extract
from cvlint.tier.forest import digest, dumps, export

TIERS = ("junior", "mid", "high-impact")
ORIGINS = ("hand", "composed", "real")
FOLDS = 5
FOLD_SEED = 20260126
REAL_WEIGHT = 2.0
FOREST = {"n_estimators": 300, "min_samples_leaf": 3, "max_features": "sqrt", "random_state": 0}


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


def fit(X, y, w):
    """The tier forest fitted on (X, y) with sample weights w."""
    from sklearn.ensemble import RandomForestClassifier

    return RandomForestClassifier(**FOREST).fit(X, y, sample_weight=w)


def matrix(examples: Sequence[Example]):
    import numpy as np

    return (np.asarray([e.facts.vector() for e in examples], dtype=float),
            np.asarray([e.tier for e in examples]))


def weights(examples: Sequence[Example]):
    import numpy as np

    return np.asarray([e.weight for e in examples], dtype=float)


def folds(y, n: int = FOLDS):
    from sklearn.model_selection import StratifiedKFold

    return list(StratifiedKFold(n_splits=n, shuffle=True, random_state=FOLD_SEED).split(y.reshape(-1, 1), y))


def cv_proba(X, y, splits, w) -> "np.ndarray":
    """Out-of-fold probabilities (columns in TIERS order) of the forest fitted on each split's training part."""
    import numpy as np

    proba = np.zeros((len(y), len(TIERS)))
    for tr, te in splits:
        model = fit(X[tr], y[tr], w[tr])
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


def build(folder: Path | None = None) -> tuple[object, dict, str, list[Example]]:
    """Fit the model on the train split; return (forest, card, the exported trees as text, examples)."""
    import numpy as np

    from cvlint.lint.catalog import load_catalog

    folder = folder or training_dir()
    rows = training_rows(folder)
    examples = featurize(folder, rows)
    X, y = matrix(examples)
    w = weights(examples)
    proba = cv_proba(X, y, folds(y), w)
    cv = {"all": metrics(y, proba)}
    for origin in ORIGINS:
        mask = np.asarray([e.origin == origin for e in examples])
        if mask.any():
            cv[origin] = metrics(y[mask], proba[mask])
    forest = fit(X, y, w)
    trees = dumps(export(forest))
    count = Counter((e.origin, e.tier) for e in examples)
    sha = digest(trees)
    card = {
        "name": f"tier-forest@{sha[:8]}",
        "model": "RandomForestClassifier (bootstrap, Gini), explained by per-feature contributions along each "
                 f"tree's path; trees exported to {TREES_FILE}",
        "hyperparameters": FOREST,
        "classes": [str(k) for k in forest.classes_],
        "features": list(FEATURES),
        "feature_notes": "Shares are over the CV's experience and project bullets, from cvlint's rule findings; "
                         "counts enter as log1p(min(value, cap)) with caps " +
                         json.dumps(dict(sorted(COUNT_CAPS.items())))
                         + ". Titles, employers and years are not features.",
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
        "cross_validation": {"folds": FOLDS, "seed": FOLD_SEED, "note": "stratified folds over the train split", **cv},
        "versions": versions(),
        "trusted_types": list(TRUSTED_TYPES),
        "parameters_sha256": sha,
        "explanation_reference": reference(X, y),
    }
    return forest, card, trees, examples


def reference(X, y) -> dict[str, list[float]]:
    """Per tier, the mean model input of its training CVs: reasons compare a CV with a typical CV of the
    runner-up tier."""
    import numpy as np

    labels = np.asarray(y)
    return {t: [round(float(v), 6) for v in X[labels == t].mean(axis=0)] for t in TIERS}


def save(forest, card: dict, trees: str, out: Path) -> None:
    import skops.io as sio

    out.mkdir(parents=True, exist_ok=True)
    tmp = out / f".{MODEL_FILE}.tmp"
    sio.dump(forest, tmp, compression=zipfile.ZIP_DEFLATED)
    tmp.replace(out / MODEL_FILE)
    (out / TREES_FILE).write_text(trees, encoding="utf-8")
    (out / CARD_FILE).write_text(json.dumps(card, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


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
    """Rebuild models/tier.skops, tier-trees.json and tier.json; print the cross-validated metrics. Returns 0."""
    from cvlint.resources import data_dir

    target = out or data_dir("models")
    forest, card, trees, _ = build()
    save(forest, card, trees, target)
    data = card["training_data"]
    echo(f"trained {card['name']} on {data['size']} CVs (train split; data sha256 {data['data_sha256'][:12]})")
    cv = card["cross_validation"]
    echo(f"{cv['folds']}-fold cross-validation on the train split:")
    for key in ("all", *ORIGINS):
        if key in cv:
            for line in format_metrics(key, cv[key]):
                echo(line)
    echo(f"wrote {target.name}/{MODEL_FILE}, {target.name}/{TREES_FILE} and {target.name}/{CARD_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
