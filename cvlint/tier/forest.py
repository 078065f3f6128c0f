"""The tier forest's arithmetic in numpy: predict and explain from plain arrays, without scikit-learn.

The model of record is a scikit-learn RandomForestClassifier in `models/tier.skops`. `export` writes its trees as
plain data (`models/tier-trees.json`): every node of every tree in flat arrays (`feature`, `threshold`, the
global indices of its `left` and `right` children, -1 at a leaf), each node's training weight per class
(`counts`, node after node, one number per class) and the index of each tree's root. `Forest` rebuilds the
arithmetic from that data; importing scikit-learn and skops would cost most of a one-CV `cvlint check`, and loading
JSON cannot execute code.

predict_proba is the forest's: a tree's answer is the class shares at the leaf a CV reaches (a CV goes left when
its feature value, as float32 like scikit-learn's, is <= the threshold), the forest's the mean over trees.

`decompose` explains it exactly (the "Saabas" decomposition): along each tree's path, the change in the class
shares from a node to the child the CV goes to is credited to the node's feature; the root's shares are the
tree's bias. Averaged over trees, bias + the sum of the features' contributions equals predict_proba, so a
reason drawn from the contributions is the model's own arithmetic, not an approximation of it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Forest:
    classes: tuple[str, ...]
    feature: np.ndarray    # per node: the feature index it splits on (-1 at a leaf)
    threshold: np.ndarray  # per node: go left when the value <= threshold
    left: np.ndarray       # per node: the global index of the left child (-1 at a leaf)
    right: np.ndarray
    value: np.ndarray      # per node: the class shares of the training weight that reaches it
    roots: np.ndarray      # per tree: the global index of its root

    @classmethod
    def from_data(cls, data: dict) -> Forest:
        counts = np.asarray(data["counts"], dtype=float).reshape(-1, len(data["classes"]))
        return cls(classes=tuple(data["classes"]), feature=np.asarray(data["feature"], dtype=np.intp),
                   threshold=np.asarray(data["threshold"], dtype=float),
                   left=np.asarray(data["left"], dtype=np.intp), right=np.asarray(data["right"], dtype=np.intp),
                   value=counts / counts.sum(axis=1, keepdims=True), roots=np.asarray(data["roots"], dtype=np.intp))

    def predict_proba(self, X) -> np.ndarray:
        return self._walk(X)[0]

    def decompose(self, X) -> tuple[np.ndarray, np.ndarray]:
        """(bias, contributions): bias (classes,) is the mean root shares; contributions (CVs, features, classes)
        the mean change in shares credited to each feature along the CVs' paths. bias + contributions summed over
        features equals predict_proba(X)."""
        _, contributions = self._walk(X, explain=True)
        return self.value[self.roots].mean(axis=0), contributions

    def _walk(self, X, explain: bool = False) -> tuple[np.ndarray, np.ndarray | None]:
        X = np.asarray(X, dtype=np.float32)
        n, trees = len(X), len(self.roots)
        rows = np.repeat(np.arange(n), trees)
        node = np.tile(self.roots, n)
        contributions = np.zeros((n, X.shape[1], len(self.classes))) if explain else None
        while True:
            inner = self.left[node] >= 0
            if not inner.any():
                break
            at, r = node[inner], rows[inner]
            f = self.feature[at]
            child = np.where(X[r, f] <= self.threshold[at], self.left[at], self.right[at])
            if explain:
                np.add.at(contributions, (r, f), self.value[child] - self.value[at])
            node[inner] = child
        proba = self.value[node].reshape(n, trees, -1).mean(axis=1)
        return proba, (contributions / trees if explain else None)


def export(model) -> dict:
    """A fitted RandomForestClassifier's trees as the plain data `Forest.from_data` reads (attributes only: this
    module never imports scikit-learn)."""
    data: dict = {"classes": [str(c) for c in model.classes_], "feature": [], "threshold": [], "left": [],
                  "right": [], "counts": [], "roots": []}
    for estimator in model.estimators_:
        tree, offset = estimator.tree_, len(data["feature"])
        leaf = tree.children_left < 0
        data["roots"].append(offset)
        data["feature"] += np.where(leaf, -1, tree.feature).tolist()
        data["threshold"] += [_number(v) for v in np.where(leaf, 0.0, tree.threshold).tolist()]
        data["left"] += np.where(leaf, -1, tree.children_left + offset).tolist()
        data["right"] += np.where(leaf, -1, tree.children_right + offset).tolist()
        shares = tree.value[:, 0, :] / tree.value[:, 0, :].sum(axis=1, keepdims=True)
        counts = np.round(shares * tree.weighted_n_node_samples[:, None], 6).ravel().tolist()
        data["counts"] += [_number(v) for v in counts]
    return data


def _number(v: float) -> int | float:
    """A whole number as an int: the JSON is shorter and parses about twice as fast."""
    return int(v) if v.is_integer() else v


def dumps(data: dict) -> str:
    """The one text of the exported trees: its sha256 names the model."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"))


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
