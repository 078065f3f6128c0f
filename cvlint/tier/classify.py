"""The tier verdict: the shipped model over a CV's features, with reasons taken from the model's own arithmetic.

The model is a scikit-learn pipeline (StandardScaler -> multinomial LogisticRegression) saved with skops in
`models/tier.skops` (never pickle: loading must not execute code) and described by `models/tier.json`. It is
loaded once per process.

Reasons: for the predicted tier k and the runner-up c, the log-odds of k over c is, up to a constant, a sum of
per-feature terms (w_k - w_c)_j * (z_j - r_cj), z being the standardized feature and r_c the mean standardized
feature of the training CVs of tier c (stored in models/tier.json): what sets this CV apart from a typical CV of
the runner-up tier. The features with the largest terms toward k are the reasons for the verdict; the largest
term toward c, when it matters, is the reason against. Each is shown as a sentence with the CV's own figures.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cvlint.errors import UsageError
from cvlint.model import Document, Finding, Market, Reason, TierVerdict
from cvlint.resources import data_dir
from cvlint.tier.features import FEATURES, SPECS, Facts, extract
from cvlint.tier.markets import market_band as _market_band

TIERS = ("junior", "mid", "high-impact")
MODEL_FILE = "tier.skops"
CARD_FILE = "tier.json"
# Everything the tier model file may contain; anything else makes loading fail (skops, no code execution).
TRUSTED_TYPES = (
    "sklearn.pipeline.Pipeline",
    "sklearn.preprocessing._data.StandardScaler",
    "sklearn.linear_model._logistic.LogisticRegression",
)
MIN_AGAINST = 0.25  # a term toward the runner-up is shown only when at least this large (in log-odds)
MIN_FOR = 0.1  # a third or later term toward the verdict is shown only when at least this large


@dataclass(frozen=True)
class TierModel:
    pipeline: object
    card: dict
    digest: str  # sha256 of the fitted parameters (the zip file's bytes carry timestamps, so not those)

    @property
    def name(self) -> str:
        return f"tier-logreg@{self.digest[:8]}"


def parameters(pipeline) -> dict:
    """The fitted parameters of a StandardScaler -> LogisticRegression pipeline, as plain JSON data."""
    scaler, logreg = pipeline.named_steps["scale"], pipeline.named_steps["logreg"]
    return {"features": list(FEATURES), "classes": [str(c) for c in logreg.classes_],
            "mean": [float(v) for v in scaler.mean_], "scale": [float(v) for v in scaler.scale_],
            "coef": [[float(v) for v in row] for row in logreg.coef_],
            "intercept": [float(v) for v in logreg.intercept_], "C": float(logreg.C)}


def parameters_hash(pipeline) -> str:
    """sha256 of the fitted parameters, rounded so that float noise does not change the name."""
    p = parameters(pipeline)
    payload = {**p, "mean": [round(v, 8) for v in p["mean"]], "scale": [round(v, 8) for v in p["scale"]],
               "coef": [[round(v, 6) for v in row] for row in p["coef"]],
               "intercept": [round(v, 6) for v in p["intercept"]]}
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


class _Step:
    """One fitted step of the exported pipeline, with scikit-learn's attribute names."""

    def __init__(self, **attributes):
        self.__dict__.update(attributes)

    def transform(self, X):
        return (X - self.mean_) / self.scale_


class LinearTierModel:
    """The shipped pipeline's arithmetic in numpy, rebuilt from the parameters exported to models/tier.json.

    The model of record is `models/tier.skops` (a scikit-learn pipeline, loaded with skops by `cvlint train`
    and the tests, which check that both files hold the same parameters). Inference uses this export because
    importing scikit-learn and skops costs about 1.5 s, most of a one-CV `cvlint check`. Loading JSON cannot
    execute code either. predict_proba is LogisticRegression's multinomial softmax.
    """

    def __init__(self, p: dict, reference: dict[str, list[float]] | None = None):
        import numpy as np

        self.reference_ = {tier: np.asarray(means) for tier, means in (reference or {}).items()}
        self.classes_ = np.asarray(p["classes"])
        self.named_steps = {
            "scale": _Step(mean_=np.asarray(p["mean"]), scale_=np.asarray(p["scale"])),
            "logreg": _Step(coef_=np.asarray(p["coef"]), intercept_=np.asarray(p["intercept"]),
                            classes_=self.classes_, C=p["C"]),
        }

    def predict_proba(self, X):
        import numpy as np

        logreg = self.named_steps["logreg"]
        scores = self.named_steps["scale"].transform(np.asarray(X, dtype=float)) @ logreg.coef_.T + logreg.intercept_
        scores -= scores.max(axis=1, keepdims=True)
        e = np.exp(scores)
        return e / e.sum(axis=1, keepdims=True)


def models_dir() -> Path:
    return data_dir("models")


def load_pipeline(path: Path):
    """Load the tier pipeline of record with skops, trusting only the types above."""
    import skops.io as sio

    untrusted = [t for t in sio.get_untrusted_types(file=path) if t not in TRUSTED_TYPES]
    if untrusted:
        raise UsageError(f"{path.name}: the model file holds types cvlint does not trust: {', '.join(untrusted)} "
                         f"(rebuild it with `cvlint train`)")
    return sio.load(path, trusted=list(TRUSTED_TYPES))


@cache
def load_model(folder: str | None = None) -> TierModel:
    """The shipped model, once per process, from the parameters exported to models/tier.json."""
    base = Path(folder) if folder else models_dir()
    path, card_path = base / MODEL_FILE, base / CARD_FILE
    if not path.is_file() or not card_path.is_file():
        raise UsageError(f"the tier model is missing from {base.name}/ (run `cvlint train` to build it)")
    card = json.loads(card_path.read_text(encoding="utf-8"))
    if list(card.get("features", ())) != list(FEATURES) or "parameters" not in card:
        raise UsageError("models/tier.json does not match the features this cvlint computes "
                         "(run `cvlint train` to rebuild the model)")
    pipeline = LinearTierModel(card["parameters"], card.get("explanation_reference"))
    digest = parameters_hash(pipeline)
    if card.get("parameters_sha256") != digest:
        raise UsageError("models/tier.json does not describe models/tier.skops (run `cvlint train` to rebuild both)")
    return TierModel(pipeline, card, digest)


def model_name() -> str:
    """The shipped model's name for reports: ``tier-logreg@<first 8 hex of the model file's sha256>``."""
    try:
        return load_model().name
    except UsageError:
        return "none"


def market_band(tier: TierVerdict | str | None, market: str | None) -> Market | None:
    return _market_band(tier, market)


def classify(doc: Document, findings: tuple[Finding, ...] | list[Finding],
             unjudged: Collection[str] = ()) -> TierVerdict:
    """The tier of a parsed (English) CV from its findings (`unjudged`: the ids of its units that are not
    statements of work): label, calibrated probabilities, 2-4 reasons."""
    model = load_model()
    facts = extract(doc, findings, unjudged)
    return verdict(model.pipeline, facts)


def verdict(pipeline, facts: Facts) -> TierVerdict:
    import numpy as np

    x = np.asarray([facts.vector()], dtype=float)
    proba = pipeline.predict_proba(x)[0]
    classes = [str(c) for c in pipeline.classes_]
    probs = {t: float(proba[classes.index(t)]) for t in TIERS}
    order = sorted(TIERS, key=lambda t: -probs[t])
    label, rival = order[0], order[1]
    return TierVerdict(label=label, confidence=probs[label], probabilities=probs,
                       reasons=tuple(reasons(pipeline, facts, label, rival)))


def standardized(pipeline, facts: Facts) -> dict[str, float]:
    import numpy as np

    z = pipeline.named_steps["scale"].transform(np.asarray([facts.vector()], dtype=float))[0]
    return {name: float(z[i]) for i, name in enumerate(FEATURES)}


def relative(pipeline, facts: Facts, rival: str) -> dict[str, float]:
    """The standardized features measured from a typical training CV of the `rival` tier (from the mean of all
    training CVs when the model carries no reference)."""
    z = standardized(pipeline, facts)
    ref = getattr(pipeline, "reference_", {}).get(rival)
    return {name: z[name] - (float(ref[i]) if ref is not None else 0.0) for i, name in enumerate(FEATURES)}


def contributions(pipeline, facts: Facts, label: str, rival: str) -> dict[str, float]:
    """Per feature: its term in the log-odds of `label` over `rival` (positive: toward `label`)."""
    logreg = pipeline.named_steps["logreg"]
    d = relative(pipeline, facts, rival)
    classes = [str(c) for c in logreg.classes_]
    w = logreg.coef_[classes.index(label)] - logreg.coef_[classes.index(rival)]
    return {name: float(w[i] * d[name]) for i, name in enumerate(FEATURES)}


def reasons(pipeline, facts: Facts, label: str, rival: str) -> list[Reason]:
    terms = contributions(pipeline, facts, label, rival)
    z = relative(pipeline, facts, rival)
    up = TIERS.index(label) > TIERS.index(rival)
    chosen: list[Reason] = []
    groups: set[str] = set()

    def intuitive(name: str) -> bool:
        """The term points the feature's declared direction (more outcomes -> higher tier, more tasks -> lower)."""
        toward_label = terms[name] > 0
        raises = SPECS[name].direction * z[name] > 0  # this value argues for a higher tier
        return raises == (up if toward_label else not up)

    def telling(name: str) -> bool:
        """Worth saying: not a bare absence of a weak signal, and intuitive."""
        return (facts.values[name] != 0 or SPECS[name].absence_tells) and intuitive(name)

    def add(name: str, toward: str) -> bool:
        group = SPECS[name].group or name
        if group in groups or any(r.feature == name for r in chosen):
            return False
        text = sentence(name, facts)
        if text is None:
            return False
        groups.add(group)
        chosen.append(Reason(feature=name, value=round(float(facts.values[name]), 3), toward=toward, text=text))
        return True

    if facts.n_bullets == 0:
        add("no_experience_bullets", label if terms["no_experience_bullets"] >= 0 else rival)
    toward = sorted(((n, t) for n, t in terms.items() if t > 0), key=lambda kv: -kv[1])
    for name, term in toward:
        if len(chosen) >= 3 or (len(chosen) >= 2 and term < MIN_FOR):
            break
        if telling(name):
            add(name, label)
    against = sorted(((n, t) for n, t in terms.items() if t < 0 and telling(n)), key=lambda kv: kv[1])
    if against and (-against[0][1] >= MIN_AGAINST or len(chosen) < 2):
        for name, _ in against:
            if add(name, rival):
                break
    # At least two reasons: intuitive terms toward the verdict, then telling ones toward the runner-up, then any.
    against_all = sorted(((n, t) for n, t in terms.items() if t < 0), key=lambda kv: kv[1])
    fallback = ([kv for kv in toward if intuitive(kv[0])] + [kv for kv in against_all if telling(kv[0])]
                + toward + against_all)
    for name, term in fallback:
        if len(chosen) >= 2:
            break
        add(name, label if term > 0 else rival)
    first = "no_experience_bullets" if facts.n_bullets == 0 else None
    return sorted(chosen, key=lambda r: (r.feature != first, r.toward != label, -abs(terms[r.feature])))[:4]


def _of(k: int, n: int, text: dict[str, str], projects: bool) -> str:
    scope = "experience and project bullets" if projects else "experience bullets"
    if k == 0:
        return f"None of the {n} {scope} {text['some']}."
    if k == n:
        return f"All {n} {scope} {text['some']}." if n > 1 else f"The only {scope[:-1]} {text['one']}."
    return f"{k} of {n} {scope} {text['some']}."


def sentence(name: str, facts: Facts) -> str | None:
    """The reason for a feature, in words (`features.yaml`), with the CV's own figures."""
    feature = SPECS[name]
    text, n, v = feature.text, facts.n_bullets, facts.values
    if feature.kind in ("share", "bullets"):
        k = facts.counts[name]
        if k == 0 and "none" in text:
            return text["none"] if n else None
        return _of(k, n, text, facts.n_projects > 0) if n else None
    if feature.kind == "findings":
        k = int(v[name])
        if k == 0:
            return text["none"]
        found = facts.examples.get(name)
        example = text["example"].format(match=found[0]) if found else ""
        return text["one" if k == 1 else "many"].format(k=k, example=example)
    return _fact(name, facts, text)


def _fact(name: str, facts: Facts, text: dict[str, str]) -> str | None:
    """The sentence of a structural fact: which of its cases applies is computed here, the words are data."""
    n, v = facts.n_bullets, facts.values
    if name == "no_experience_bullets":
        return text["yes"] if n == 0 else text["no"].format(n=n)
    if name == "has_publications":
        return text["yes" if v[name] else "no"]
    if name == "project_share":
        if n == 0:
            return None
        k = facts.counts[name]
        return text["none"].format(n=n) if k == 0 else text["some"].format(k=k, n=n)
    if name == "skills_unevidenced":
        k = facts.skills_unevidenced
        case = "no_skills" if not facts.skills else "none" if k == 0 else "all" if k == facts.skills else "some"
        return text[case].format(k=k, skills=facts.skills)
    return None
