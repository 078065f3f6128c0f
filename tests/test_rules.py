"""One generic runner for every rule's fixture cases (sqlfluff's rule cases, proselint's examples).

``tests/fixtures/rules/<id>.yaml`` holds ``fail:`` cases (the rule must fire; ``match:`` pins what
it reports) and ``pass:`` cases (it must stay quiet). Each case runs with only its rule selected,
as ``ruff`` tests ``for_rule``. A case is a string or ``{text:, match:, section:}``; document rules
take a small plain-text CV in ``text: |``. Run one rule with ``pytest -k weak-opening``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from cvlint.model import Bullet, Document, Entry, Scope, Section

FIXTURES = Path(__file__).parent / "fixtures" / "rules"


def load_cases() -> list:
    cases = []
    for path in sorted(FIXTURES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for outcome in ("fail", "pass"):
            for i, case in enumerate(data.get(outcome) or ()):
                case = {"text": case} if isinstance(case, str) else dict(case)
                cases.append(pytest.param(data["rule"], outcome, case, id=f"{data['rule']}/{outcome}/{i}"))
    return cases


def default_section(rule) -> str:
    if rule.sections is None or "experience" in rule.sections:
        return "experience"
    return sorted(rule.sections)[0]


def bullet_document(text: str, section: str) -> Document:
    bullet = Bullet(id="b1", text=text, section=section, line=1)
    return Document(path="fixture.txt", format="text", sections=(Section(section, section, (Entry(bullets=(bullet,)),)),))


def cv_document(text: str) -> Document:
    from cvlint.parse import parse

    return parse(text.encode("utf-8"), name="fixture.txt")


def document_for(rule, text: str, section: str | None = None) -> Document:
    if rule.scope is Scope.DOCUMENT:
        return cv_document(text)
    return bullet_document(text, section or default_section(rule))


def findings_for(rule_id: str, doc: Document, catalog, nlp) -> list:
    from cvlint.lint.engine import lint

    return [f for f in lint([doc], catalog.select([rule_id]), nlp)[0] if f.rule_id == rule_id]


@pytest.mark.parametrize(("rule_id", "outcome", "case"), load_cases())
def test_rule_case(rule_id, outcome, case, catalog, nlp):
    rule = catalog.get(rule_id)
    text = case["text"]
    found = findings_for(rule_id, document_for(rule, text, case.get("section")), catalog, nlp)
    if outcome == "fail":
        assert found, f"False negative against {rule_id}: {text!r}"
        if "match" in case:
            assert found[0].match == case["match"], (
                f"{rule_id} matched {found[0].match!r} in {text!r}, expected {case['match']!r}")
    else:
        assert not found, f"False positive against {rule_id}: {text!r} (matched {found[0].match!r})"
