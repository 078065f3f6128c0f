"""`cvlint/tier/features.yaml`: the tier features as data, consistent with the rules they name."""

from __future__ import annotations

from cvlint.lint.catalog import load_catalog
from cvlint.model import Bullet, Document, Entry, Finding, Section, Severity, Signal
from cvlint.tier.classify import sentence
from cvlint.tier.features import FEATURES, SPECS, extract


def test_every_rule_a_feature_names_is_a_built_in_rule():
    ids = {rule.id for rule in load_catalog().all_rules}
    named = {rule for f in SPECS.values() for rule in f.rules | f.unless}
    assert named and named <= ids, sorted(named - ids)


def _finding(rule: str, bullet: Bullet) -> Finding:
    return Finding(rule, Signal.STRONG, Severity.SUGGESTION, rule, bullet)


def test_a_feature_kept_out_of_the_model_is_still_a_fact_with_a_sentence():
    led = Bullet("b1", "Led the migration of 40 services.", "experience", 3)
    did = Bullet("b2", "Maintained dashboards.", "experience", 4)
    doc = Document("cv.txt", "text", (Section("experience", "Experience", (Entry(bullets=(led, did)),)),))
    facts = extract(doc, [_finding("ownership", led)])
    kept_out = [name for name, f in SPECS.items() if not f.model and "ownership" in f.rules]
    assert kept_out and not set(kept_out) & set(FEATURES) and len(facts.vector()) == len(FEATURES)
    assert facts.values[kept_out[0]] == 0.5 and facts.values["evidence_bullets"] == 1.0
    assert sentence(kept_out[0], facts) == "1 of 2 experience bullets show ownership (led, owned, drove)."


def test_an_accomplishments_section_counts_as_work_and_the_reason_says_so():
    """A builder CV's results often sit under "Accomplishments" (the awards section): the tier reads them with the
    jobs' bullets, and a reason counts them under their own name; an award name there is not a statement."""
    duty = Bullet("b1", "Prepared the weekly rota for the front desk.", "experience", 3)
    result = Bullet("b2", "Cut check-in waits from 12 to 4 minutes in a year.", "awards", 8)
    award = Bullet("b3", "Employee of the Month, June 2019", "awards", 9)
    doc = Document("cv.txt", "text", (Section("experience", "Experience", (Entry(bullets=(duty,)),)),
                                      Section("awards", "Accomplishments", (Entry(bullets=(result, award)),))))
    facts = extract(doc, [_finding("metric", result)], unjudged={"b3"})
    assert facts.n_bullets == 2 and facts.values["metric_share"] == 0.5
    assert sentence("metric_share", facts) == "1 of 2 experience and achievement bullets state a number."
