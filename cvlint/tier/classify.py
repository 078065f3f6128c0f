"""The tier verdict: the shipped model over a CV's features, with reasons taken from the model's own arithmetic.

The model is a scikit-learn RandomForestClassifier saved with skops in `models/tier.skops` (never pickle: loading
must not execute code), described by `models/tier.json` (its card) and exported as plain arrays to
`models/tier-trees.json`, which inference reads (`cvlint/tier/forest.py`). It is loaded once per process.

Reasons: the forest's probability of each tier is exactly a bias plus one contribution per feature (the changes
in class shares along each tree's path, credited to the feature each split tests). For the predicted tier k and
the runner-up c, a feature's term is its contribution to k minus its contribution to c: how much it moved the
verdict away from the runner-up, in probability. The features with the largest terms toward k are the reasons
for the verdict; the largest term toward c, when it matters, is the reason against. Each is shown as a sentence
with the CV's own figures, and only when the CV's value points the way the feature's declared direction says
(compared with a typical training CV of the runner-up tier, whose mean features the card stores).
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cvlint.errors import UsageError
from cvlint.model import Document, Finding, Market, Reason, TierVerdict
from cvlint.resources import data_dir
from cvlint.tier.features import FEATURES, SPECS, Facts, extract
from cvlint.tier.forest import Forest, digest
from cvlint.tier.markets import market_band as _market_band

TIERS = ("junior", "mid", "high-impact")
MODEL_FILE = "tier.skops"
CARD_FILE = "tier.json"
TREES_FILE = "tier-trees.json"
# Everything the tier model file may contain; anything else makes loading fail (skops, no code execution).
TRUSTED_TYPES = (
    "sklearn.ensemble._forest.RandomForestClassifier",
    "sklearn.tree._classes.DecisionTreeClassifier",
    "sklearn.tree._tree.Tree",
)
MIN_AGAINST = 0.05  # a term toward the runner-up is shown only when at least this large (in probability)
MIN_FOR = 0.02  # a third or later term toward the verdict is shown only when at least this large


@dataclass(frozen=True)
class TierModel:
    forest: Forest
    card: dict
    digest: str  # sha256 of the exported trees (`forest.dumps`); the skops zip's bytes carry timestamps

    @property
    def name(self) -> str:
        return f"tier-forest@{self.digest[:8]}"


def models_dir() -> Path:
    return data_dir("models")


def load_skops(path: Path):
    """Load the tier model of record with skops, trusting only the types above."""
    import skops.io as sio

    untrusted = [t for t in sio.get_untrusted_types(file=path) if t not in TRUSTED_TYPES]
    if untrusted:
        raise UsageError(f"{path.name}: the model file holds types cvlint does not trust: {', '.join(untrusted)} "
                         f"(rebuild it with `cvlint train`)")
    return sio.load(path, trusted=list(TRUSTED_TYPES))


@cache
def load_model(folder: str | None = None) -> TierModel:
    """The shipped model, once per process, from the trees exported to models/tier-trees.json."""
    base = Path(folder) if folder else models_dir()
    paths = [base / MODEL_FILE, base / CARD_FILE, base / TREES_FILE]
    if not all(p.is_file() for p in paths):
        raise UsageError(f"the tier model is missing from {base.name}/ (run `cvlint train` to build it)")
    card = json.loads(paths[1].read_text(encoding="utf-8"))
    if list(card.get("features", ())) != list(FEATURES) or "explanation_reference" not in card:
        raise UsageError("models/tier.json does not match the features this cvlint computes "
                         "(run `cvlint train` to rebuild the model)")
    text = paths[2].read_text(encoding="utf-8")
    sha = digest(text)
    if card.get("parameters_sha256") != sha:
        raise UsageError(f"models/{TREES_FILE} does not match models/tier.json (run `cvlint train` to rebuild both)")
    return TierModel(Forest.from_data(json.loads(text)), card, sha)


def model_name() -> str:
    """The shipped model's name for reports: ``tier-forest@<first 8 hex of the exported trees' sha256>``."""
    try:
        return load_model().name
    except UsageError:
        return "none"


def market_band(tier: TierVerdict | str | None, market: str | None) -> Market | None:
    return _market_band(tier, market)


def classify(doc: Document, findings: tuple[Finding, ...] | list[Finding],
             unjudged: Collection[str] = ()) -> TierVerdict:
    """The tier of a parsed (English) CV from its findings (`unjudged`: the ids of its units that are not
    statements of work): label, probabilities, 2-4 reasons."""
    model = load_model()
    facts = extract(doc, findings, unjudged)
    return verdict(model, facts)


def verdict(model: TierModel, facts: Facts) -> TierVerdict:
    proba = model.forest.predict_proba([facts.vector()])[0]
    probs = {t: float(proba[model.forest.classes.index(t)]) for t in TIERS}
    order = sorted(TIERS, key=lambda t: -probs[t])
    label, rival = order[0], order[1]
    return TierVerdict(label=label, confidence=probs[label], probabilities=probs,
                       reasons=tuple(reasons(model, facts, label, rival)))


def relative(model: TierModel, facts: Facts, rival: str) -> dict[str, float]:
    """The model's input features measured from a typical training CV of the `rival` tier."""
    ref = model.card["explanation_reference"][rival]
    return {name: v - ref[i] for i, (name, v) in enumerate(zip(FEATURES, facts.vector()))}


def contributions(model: TierModel, facts: Facts, label: str, rival: str) -> dict[str, float]:
    """Per feature: its contribution to the probability of `label` minus its contribution to that of `rival`
    (positive: toward `label`)."""
    _, c = model.forest.decompose([facts.vector()])
    k, r = model.forest.classes.index(label), model.forest.classes.index(rival)
    return {name: float(c[0, i, k] - c[0, i, r]) for i, name in enumerate(FEATURES)}


# The features measured over the bullets of work: all zero, by construction, on a CV with none.
OVER_BULLETS = tuple(name for name in FEATURES if SPECS[name].kind in ("share", "bullets") or name == "project_share")


def pooled(terms: dict[str, float], facts: Facts) -> dict[str, float]:
    """On a CV with no experience bullets, the terms of the features measured over them are the term of having
    none: they are credited to `no_experience_bullets` (the sum, hence the verdict's arithmetic, is unchanged)."""
    if facts.n_bullets:
        return terms
    out = {name: 0.0 if name in OVER_BULLETS else term for name, term in terms.items()}
    out["no_experience_bullets"] += sum(terms[name] for name in OVER_BULLETS)
    return out


def reasons(model: TierModel, facts: Facts, label: str, rival: str) -> list[Reason]:
    terms = pooled(contributions(model, facts, label, rival), facts)
    z = relative(model, facts, rival)
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


def _of(k: int, n: int, text: dict[str, str], scope: str) -> str:
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
        return _of(k, n, text, facts.scope) if n else None
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
        return text["yes"] if n == 0 else text["no"].format(n=n, scope=facts.scope)
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
