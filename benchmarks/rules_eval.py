"""Measure the bullet rules against hand-labelled bullets.

    python benchmarks/rules_eval.py                      # precision, recall, F1 per signal on dev and test
    python benchmarks/rules_eval.py --split dev --show-errors [--signal metric]

Data: ``samples/bullets/<split>.jsonl`` (team-written), one object per line with ``id``, ``text``, ``section``
and ``labels`` (a boolean per bullet-level signal); ``missing-metric`` is derived there as docs/rules.md defines it: a
bullet in experience or projects without ``metric``. With ``--data samples/real``: the real CVs' units of
``bullets.jsonl`` whose ``split`` is the split, scored on their seven labels, with F1 per profession group and the
count of lines labeled ``not-a-bullet`` that the rules judged. Each bullet is judged as a one-bullet CV in
its section, with every rule on (rules read each other, e.g. model-score-only reads metric).

Tune on dev only: ``--show-errors`` refuses the test split unless ``--allow-test-errors`` is given,
so that the test numbers stay an honest estimate.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cvlint.errors import UsageError  # noqa: E402
from cvlint.lint.catalog import load_catalog  # noqa: E402
from cvlint.lint.engine import judge  # noqa: E402
from cvlint.model import SECTION_NAMES, Bullet, Document, Entry, Scope, Section  # noqa: E402
from cvlint.nlp import load  # noqa: E402

DATA = ROOT / "samples" / "bullets"
DERIVED = {"missing-metric": lambda rec: rec["section"] in ("experience", "projects") and not rec["labels"]["metric"]}


def read_split(split: str, data: Path) -> list[dict]:
    """The labeled bullets of one split: `<split>.jsonl` (team-written), or the rows of `bullets.jsonl` whose
    `split` is `split` (real CVs; the lines labeled `not-a-bullet` are the parser's business, not the rules')."""
    path = data / f"{split}.jsonl"
    if (data / "bullets.jsonl").is_file():
        path = data / "bullets.jsonl"
    if not path.is_file():
        raise SystemExit(f"rules_eval: {path} not found")
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    records = [r for r in records if r.get("split", split) == split]
    for rec in records:
        if rec.get("section") not in SECTION_NAMES:
            rec["section"] = "other"
        if "not-a-bullet" in rec["labels"]:
            continue  # real CVs: scored on the seven signals their labelers judged, as labeled
        for signal, derive in DERIVED.items():
            rec["labels"].setdefault(signal, derive(rec))
    return records


def as_document(rec: dict) -> Document:
    bullet = Bullet(id=rec["id"], text=rec["text"], section=rec["section"], line=1)
    return Document(path=rec["id"], format="text", sections=(Section(rec["section"], rec["section"], (Entry(bullets=(bullet,)),)),))


def predict(records: list[dict], catalog, nlp
            ) -> tuple[list[dict[str, str | None]], list[str | None], dict[str, float]]:
    """For each record, {rule id: match} of the bullet rules that fired, and why the statement test left it
    unjudged (None: judged); and timings: the whole lint pass, and the ``nlp.pipe`` pass (with the components the
    lint pass runs) plus the rule matcher alone."""
    from cvlint.nlp import matcher, skipped_components

    bullet_rules = [r.id for r in catalog.all_rules if r.scope is Scope.BULLET]
    selected = catalog.select(bullet_rules)
    match = matcher(nlp, selected)  # built outside the timings
    docs = [as_document(rec) for rec in records]
    start = time.perf_counter()
    judged = judge(docs, selected, nlp)
    lint_s = time.perf_counter() - start
    start = time.perf_counter()
    for sdoc in nlp.pipe((rec["text"] for rec in records), batch_size=256, disable=skipped_components(nlp, selected)):
        match(sdoc)
    pipe_s = time.perf_counter() - start
    return ([{f.rule_id: f.match for f in j.findings} for j in judged],
            [next(iter(j.unjudged.values()), None) for j in judged], {"lint": lint_s, "pipe": pipe_s})


def scores(records: list[dict], predictions: list[dict], signals: list[str]) -> dict[str, dict]:
    out = {}
    for signal in signals:
        c = Counter(tp=0, fp=0, fn=0, tn=0)
        for rec, pred in zip(records, predictions):
            gold, got = bool(rec["labels"].get(signal)), signal in pred
            c["tp" if gold and got else "fp" if got else "fn" if gold else "tn"] += 1
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        out[signal] = {"precision": p, "recall": r, "f1": f, "support": c["tp"] + c["fn"], **c}
    return out


def print_scores(split: str, n: int, table: dict[str, dict], timing: dict[str, float]) -> None:
    per = {k: 1000 * v / max(n, 1) for k, v in timing.items()}
    print(f"\n{split}: {n} bullets; per 1,000 bullets: nlp.pipe {per['pipe']:.2f}s, whole lint pass {per['lint']:.2f}s")
    print(f"{'signal':<27} {'P':>6} {'R':>6} {'F1':>6} {'support':>8} {'fp':>5} {'fn':>5}")
    for signal, s in table.items():
        print(f"{signal:<27} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} {s['support']:8d} {s['fp']:5d} {s['fn']:5d}")
    macro = sum(s["f1"] for s in table.values()) / len(table)
    print(f"{'macro-F1':<27} {'':>6} {'':>6} {macro:6.3f}")


def debris_judged(units: list[dict], predictions: list[dict], reasons: list[str | None], nlp) -> dict | None:
    """How many lines labeled not-a-bullet (headers, keyword lists, fragments) the rules judged as statements of
    work (gave a finding), and their share of all labeled units judged so; of those, how many are judged only
    because they name 3+ tools (`rules/statements.yaml` judges those whatever their shape outside the list
    sections, where some labelers saw a bare keyword line); and how many are bare skill claims, which only the
    claim rules read (counted apart: the contract runs that check on summary and skills lines). None for data
    without that label."""
    from cvlint.lint.statement import CLAIM, not_a_statement

    if not any("not-a-bullet" in r["labels"] for r in units):
        return None
    rows = [(bool(r["labels"].get("not-a-bullet")), bool(p), reason)
            for r, p, reason in zip(units, predictions, reasons)]
    judged = sum(got and reason is None for _, got, reason in rows)
    bad = [r for r, (label, got, reason) in zip(units, rows) if label and got and reason is None]
    claims = sum(label and got and reason == CLAIM for label, got, reason in rows)
    tool_lists = sum(not_a_statement(sdoc, r["section"], 0, frozenset()) is not None
                     for r, sdoc in zip(bad, nlp.pipe(r["text"] for r in bad)))
    return {"debris": sum(label for label, _, _ in rows), "judged": len(bad), "units_judged": judged,
            "share": len(bad) / judged if judged else 0.0, "tool_lists": tool_lists,
            "share_without_tool_lists": (len(bad) - tool_lists) / (judged - tool_lists) if judged > tool_lists else 0.0,
            "claims": claims, "share_with_claims": (len(bad) + claims) / (judged + claims) if judged + claims else 0.0}


def print_debris(units: list[dict], predictions: list[dict], reasons: list[str | None]) -> None:
    """The lines labeled not-a-bullet that got a bullet finding, with the findings' rule ids."""
    judged = [(r, p, why) for r, p, why in zip(units, predictions, reasons) if r["labels"].get("not-a-bullet") and p]
    if judged:
        print(f"\n== not-a-bullet lines given a finding: {len(judged)}")
    for rec, pred, why in judged:
        print(f"  {rec['id']:<14} [{rec['section']}] {rec['text']}   <- {', '.join(sorted(pred))}"
              + (f" (not judged: {why})" if why else ""))


def print_groups(groups: dict[str, dict], signals: list[str]) -> None:
    if not groups:
        return
    print(f"{'F1 by profession group':<27} " + " ".join(f"{s[:9]:>9}" for s in signals) + f" {'macro':>6}")
    for group, g in groups.items():
        print(f"{group:<27} " + " ".join(f"{g['f1'][s]:9.3f}" for s in signals) + f" {g['macro_f1']:6.3f}")


def print_errors(records: list[dict], predictions: list[dict], signals: list[str]) -> None:
    for signal in signals:
        fps = [(rec, pred[signal]) for rec, pred in zip(records, predictions)
               if signal in pred and not rec["labels"].get(signal)]
        fns = [rec for rec, pred in zip(records, predictions) if rec["labels"].get(signal) and signal not in pred]
        if not fps and not fns:
            continue
        print(f"\n== {signal}: {len(fps)} false positives, {len(fns)} false negatives")
        for rec, match in fps:
            print(f"  FP {rec['id']:<14} [{rec['section']}] {rec['text']}   <- {match!r}")
        for rec in fns:
            print(f"  FN {rec['id']:<14} [{rec['section']}] {rec['text']}")


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except UsageError as e:
        print(f"rules_eval: {e}", file=sys.stderr)
        return 2


def _main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("dev", "test", "both"), default="both")
    parser.add_argument("--show-errors", action="store_true", help="print false positives and negatives with text")
    parser.add_argument("--signal", action="append", help="only these signals (repeatable)")
    parser.add_argument("--allow-test-errors", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, default=DATA, help="folder holding <split>.jsonl")
    parser.add_argument("--model", help="spaCy pipeline (default: as cvlint chooses)")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    args = parser.parse_args(argv)
    splits = ["dev", "test"] if args.split == "both" else [args.split]
    if args.show_errors and "test" in splits and not args.allow_test_errors:
        parser.error("--show-errors looks at one split; tune on dev (--split dev), never on test")

    catalog = load_catalog()
    nlp = load(args.model)
    report = {}
    for split in splits:
        units = read_split(split, args.data)
        unit_predictions, reasons, timing = predict(units, catalog, nlp)
        debris = debris_judged(units, unit_predictions, reasons, nlp)
        records = [r for r in units if not r["labels"].get("not-a-bullet")]
        predictions = [p for r, p in zip(units, unit_predictions) if not r["labels"].get("not-a-bullet")]
        labelled = sorted({k for rec in records for k in rec["labels"]})
        signals = [s for s in labelled if s in catalog and (not args.signal or s in args.signal)]
        table = scores(records, predictions, signals)
        groups = {g: scores([r for r in records if r.get("group") == g],
                            [p for r, p in zip(records, predictions) if r.get("group") == g], signals)
                  for g in sorted({r["group"] for r in records if r.get("group")})}
        report[split] = {"bullets": len(records), "seconds": timing, "signals": table,
                         "macro_f1": sum(s["f1"] for s in table.values()) / max(len(table), 1),
                         "by_group": {g: {"macro_f1": sum(s["f1"] for s in t.values()) / max(len(t), 1),
                                          "f1": {k: s["f1"] for k, s in t.items()}} for g, t in groups.items()}}
        if debris is not None:
            report[split]["debris_judged"] = debris
        if not args.json:
            print_scores(split, len(records), table, timing)
            print_groups(report[split]["by_group"], signals)
            if debris is not None:
                print(f"lines labeled not-a-bullet judged as statements of work (given a finding): "
                      f"{debris['judged']} of {debris['debris']}; they are {debris['share']:.1%} of the "
                      f"{debris['units_judged']} labeled units so judged; {debris['tool_lists']} of them are tool "
                      f"lists (judged whatever their shape outside list sections); without those, "
                      f"{debris['share_without_tool_lists']:.1%}. Bare skill claims given the claim check only: "
                      f"{debris['claims']}; counted as judged, {debris['share_with_claims']:.1%}")
        if args.show_errors:
            print_errors(records, predictions, signals)
            print_debris(units, unit_predictions, reasons)
    if args.json:
        print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
