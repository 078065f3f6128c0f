"""Would a learned layer beat the rules on a fuzzy signal? Grouped cross-validation on the real dev CVs.

    python benchmarks/learned_eval.py                         # every signal, feature set and team weight
    python benchmarks/learned_eval.py --signal ownership --features language+rules --team-weight 1 --json

A class-weighted logistic regression per signal, on features of each unit: from spaCy's full pipeline
(`cvlint.nlp.load()`: the opening word's lemma and part of speech, the root's lemma, verb lemmas, verb -> object
lemma pairs, object and noun lemmas, a purpose clause "to <verb>" and a participle clause ", <verb>ing" with their
verbs, numbers, percentages, currency), from the rule engine (every bullet rule's verdict on the unit, whether the
statement test judged it, and which rules' patterns and exceptions and which lexicons matched in it), or word
1-2 gram tf-idf of the text with the rule features. Trained on the real dev units of the training folds (debris
included, as negatives) plus the team-written dev set (`samples/bullets/dev.jsonl`, weight 1, or left out);
scored on the held-out real dev CVs (GroupKFold by CV) on the units labeled statements of work, as
`benchmarks/rules_eval.py` scores them. A unit the statement test leaves unjudged gets no finding from the model
either. C is chosen inside each training fold by a nested grouped CV, so no figure is tuned on the units it scores.

Compared: the rule alone, the model, rule OR model, rule AND model: pooled out-of-fold F1, its mean and range
over REPEATS shufflings of the grouped folds (one split's luck moves a signal with 17 positives by 0.1); a gain
of WIN or more in the mean over the rule would be a clear win. The test splits are not read:
they are for a model that wins here, scored once.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.rules_eval import as_document, read_split
from cvlint.lint.catalog import load_catalog
from cvlint.lint.engine import judge
from cvlint.model import Scope
from cvlint.nlp import load, matcher

SIGNALS = ("business-impact", "ownership", "research-style")
REAL = ROOT / "samples" / "real"
TEAM = ROOT / "samples" / "bullets"
FOLDS = 5
REPEATS = 3
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)
WIN = 0.05  # F1 over the rule on dev CV that would count as a clear win
OBJECTS = {"dobj", "pobj", "attr", "nsubjpass", "oprd"}


def features(sdoc, fired: set[str], matched: set[tuple[str, str]], judged: bool) -> dict[str, float]:
    """One unit's binary features: its language (spaCy) and the rule engine's view of it."""
    f: dict[str, float] = {"judged": float(judged)}
    words = [t for t in sdoc if not (t.is_punct or t.is_space)]
    opening = next((t for t in words if t.pos_ not in ("ADV", "NUM", "SYM", "X")), None)
    if opening is not None:
        f[f"open={opening.lemma_.lower()}"] = 1.0
        f[f"open_pos={opening.pos_}"] = 1.0
    for t in sdoc:
        lemma = t.lemma_.lower()
        if t.dep_ == "ROOT":
            f[f"root={lemma}"] = 1.0
        if t.pos_ == "VERB":
            f[f"verb={lemma}"] = 1.0
        if t.pos_ in ("NOUN", "PROPN") and t.is_alpha:
            f[f"noun={lemma}"] = 1.0
        if t.dep_ in OBJECTS:
            head = t.head if t.dep_ != "pobj" else t.head.head
            f[f"obj={lemma}"] = 1.0
            f[f"pair={head.lemma_.lower()}>{lemma}"] = 1.0
        if t.pos_ == "VERB" and t.dep_ in ("advcl", "xcomp", "acl") and any(c.lower_ == "to" for c in t.children):
            f["purpose"] = 1.0
            f[f"purpose={lemma}"] = 1.0
        if t.tag_ == "VBG" and t.dep_ in ("advcl", "acl", "conj") and t.i > 0 and sdoc[t.i - 1].text == ",":
            f["participle"] = 1.0
            f[f"participle={lemma}"] = 1.0
        if t.like_num:
            f["number"] = 1.0
        if t.text == "%":
            f["percent"] = 1.0
        if t.is_currency:
            f["currency"] = 1.0
    f.update({f"rule={r}": 1.0 for r in fired})
    f.update({f"match={label}:{role}": 1.0 for label, role in matched})
    return f


def featurize(records: Sequence[dict], catalog, nlp) -> tuple[list[dict], list[set[str]]]:
    """Each record's features, and the bullet rules that fired on it (as the lint pass decides)."""
    bullet_rules = catalog.select([r.id for r in catalog.all_rules if r.scope is Scope.BULLET])
    docs = [as_document(rec) for rec in records]
    judgements = judge(docs, bullet_rules, nlp)
    match = matcher(nlp, bullet_rules)
    rows, fired = [], []
    for j, sdoc in zip(judgements, nlp.pipe(rec["text"] for rec in records)):
        hits = {f.rule_id for f in j.findings}
        matched = {(label, role) for _, _, label, role in match(sdoc)}
        judged = len(j.unjudged) < len(j.document.bullets)  # the unit, or one of the duties it was split into
        rows.append(features(sdoc, hits, matched, judged))
        fired.append(hits)
    return rows, fired


def f1(gold: Sequence[bool], got: Sequence[bool]) -> float:
    tp = sum(g and p for g, p in zip(gold, got))
    fp = sum(p and not g for g, p in zip(gold, got))
    fn = sum(g and not p for g, p in zip(gold, got))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def fit(X, y, groups, weights):
    """A class-weighted logistic regression; C chosen by grouped CV F1 on (X, y)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score, make_scorer
    from sklearn.model_selection import GridSearchCV, GroupKFold

    model = LogisticRegression(class_weight="balanced", max_iter=5000, solver="liblinear")
    scorer = make_scorer(f1_score, zero_division=0.0)
    search = GridSearchCV(model, {"C": list(C_GRID)}, scoring=scorer, cv=GroupKFold(n_splits=FOLDS))
    return search.fit(X, y, groups=groups, sample_weight=weights).best_estimator_


LANGUAGE = ("open", "root=", "verb=", "noun=", "obj=", "pair=", "purpose", "participle", "number", "percent",
            "currency", "judged")
RULES = ("rule=", "match=", "judged")
# feature sets compared: the feature-name prefixes kept, and whether word 1-2 gram tf-idf of the text is added
FEATURE_SETS = {
    "language+rules": (LANGUAGE + RULES, False),
    "language": (LANGUAGE, False),
    "rules": (RULES, False),
    "ngrams+rules": (RULES, True),
}
TEAM_WEIGHTS = (1.0, 0.0)


def matrix(d: dict, names: Sequence[str], feature_set: str):
    """The columns of a packed set (`pack`) that a feature set uses."""
    import numpy as np
    from scipy.sparse import hstack

    kept, ngrams = FEATURE_SETS[feature_set]
    X = d["X"][:, np.array([i for i, n in enumerate(names) if n.startswith(kept)])]
    return hstack([X, d["N"]]).tocsr() if ngrams else X


def combined(rule, model) -> dict:
    return {"rule": rule, "model": model, "or": rule | model, "and": rule & model}


def run_dev(signal: str, real: dict, team: dict, X, TX, team_weight: float, repeats: int) -> dict:
    """Grouped CV by CV on the real dev units, `repeats` times with differently shuffled folds; the team dev set
    (each unit its own group, weighted `team_weight`; 0: left out) is in every training fold."""
    import numpy as np
    from scipy.sparse import vstack
    from sklearn.model_selection import GroupKFold

    y, s, rule = real["y"][signal], real["scored"], real["rule"][signal]
    use_team = team_weight > 0
    pooled: dict[str, list[float]] = {k: [] for k in combined(rule, rule)}
    chosen = []
    for seed in range(repeats):
        model = np.zeros(len(y), dtype=bool)
        for train, held in GroupKFold(FOLDS, shuffle=True, random_state=seed).split(X, y, real["groups"]):
            if use_team:
                est = fit(vstack([X[train], TX]), np.concatenate([y[train], team["y"][signal]]),
                          np.concatenate([real["groups"][train], team["groups"]]),
                          np.concatenate([np.ones(len(train)), np.full(TX.shape[0], team_weight)]))
            else:
                est = fit(X[train], y[train], real["groups"][train], None)
            chosen.append(est.C)
            model[held] = est.predict(X[held]).astype(bool) & real["judged"][held]
        for k, p in combined(rule, model).items():
            pooled[k].append(f1(y[s], p[s]))
    out = {"support": int(y[s].sum()), "C_chosen": chosen}
    for k, values in pooled.items():
        out[k] = {"mean_f1": statistics.mean(values), "min_f1": min(values), "max_f1": max(values)}
    return out


def pack(records: list[dict], rows: list[dict], fired: list[set[str]], vec, ngrams, group_key: str) -> dict:
    import numpy as np

    return {"X": vec.transform(rows), "N": ngrams.transform([r["text"] for r in records]),
            "y": {s: np.array([bool(r["labels"].get(s)) for r in records]) for s in SIGNALS},
            "rule": {s: np.array([s in f for f in fired]) for s in SIGNALS},
            "judged": np.array([x["judged"] == 1.0 for x in rows]),
            "scored": np.array([not r["labels"].get("not-a-bullet") for r in records]),
            "groups": np.array([r[group_key] for r in records])}


def main(argv: list[str] | None = None) -> int:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfVectorizer

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--signal", action="append", choices=SIGNALS, help="only these signals (repeatable)")
    parser.add_argument("--features", choices=FEATURE_SETS, action="append", help="only these feature sets")
    parser.add_argument("--team-weight", type=float, action="append", help="only these team-set weights")
    parser.add_argument("--repeats", type=int, default=REPEATS, help="grouped CV runs, folds shuffled by seed")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    signals = args.signal or list(SIGNALS)
    variants = [(fs, w) for fs in (args.features or FEATURE_SETS) for w in (args.team_weight or TEAM_WEIGHTS)]

    catalog, nlp = load_catalog(), load()
    real_units, team_units = read_split("dev", REAL), read_split("dev", TEAM)
    for rec in team_units:
        rec["source"] = f"team:{rec['id']}"
    real_rows, real_fired = featurize(real_units, catalog, nlp)
    team_rows, team_fired = featurize(team_units, catalog, nlp)
    vec = DictVectorizer().fit(real_rows + team_rows)
    ngrams = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    ngrams.fit([r["text"] for r in real_units + team_units])
    real = pack(real_units, real_rows, real_fired, vec, ngrams, "source")
    team = pack(team_units, team_rows, team_fired, vec, ngrams, "source")
    names = vec.feature_names_

    report: dict = {"features": len(vec.feature_names_), "dev_cv": {}}
    for fs, w in variants:
        X, TX = matrix(real, names, fs), matrix(team, names, fs)
        report["dev_cv"][f"{fs}, team x{w:g}"] = {s: run_dev(s, real, team, X, TX, w, args.repeats)
                                                   for s in signals}
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(f"dev: grouped {FOLDS}-fold CV by CV on the real dev units, {args.repeats} shuffles of the folds "
          f"({report['features']} features); pooled out-of-fold F1, mean [min-max] over the shuffles")
    print(f"{'variant':<24} {'signal':<16} {'n':>3} " + " ".join(
        f"{k:>19}" for k in ("rule", "model", "rule OR model", "rule AND model")) + "   gain")
    for variant, by_signal in report["dev_cv"].items():
        for signal, r in by_signal.items():
            cells = [f"{r[k]['mean_f1']:.3f} [{r[k]['min_f1']:.3f}-{r[k]['max_f1']:.3f}]"
                     for k in ("rule", "model", "or", "and")]
            gain = max(r[k]["mean_f1"] for k in ("model", "or", "and")) - r["rule"]["mean_f1"]
            print(f"{variant:<24} {signal:<16} {r['support']:>3} " + " ".join(f"{c:>19}" for c in cells)
                  + f" {gain:+.3f} {'WIN' if gain >= WIN else 'no win'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
