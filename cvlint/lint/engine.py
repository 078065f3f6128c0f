"""Documents -> Findings: one ``nlp.pipe`` over every bullet of every document, then the kinds.

Only statements of work are judged (`cvlint.lint.statement`): a job header, a keyword line or a fragment the
parser handed over gets no finding and is not counted by the document rules; a bare skill claim ("Strong
communication skills") gets only the claim rules' findings.

The rule matcher (`cvlint.lint.matcher`) labels each match with the rule id and the pattern role
(``patterns``, ``unless``, ...) or with ``lexicon:<name>`` for a shared lexicon, so the matches of a batch are
grouped once and each rule's kind reads only its own groups. Rules are evaluated in dependency
order, so a rule that names another (``- rule: metric``) sees that rule's result on the same unit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice

from cvlint.lint.catalog import Catalog, Rule, lexicon_label
from cvlint.lint.kinds import Hit, Match, Patterns
from cvlint.lint.matcher import RuleMatcher
from cvlint.model import Bullet, Document, Finding, Scope

BATCH_SIZE = 256


@dataclass(slots=True)
class Unit:
    """One bullet as the kinds see it (implements `kinds.UnitView`)."""

    bullet: Bullet
    spans: dict[tuple[str, str], list[Match]]
    words: tuple[bool, ...]  # per token: is it a word (not punctuation or space)
    unjudged: str | None  # why the unit is not a statement of work (`cvlint.lint.statement`); None: judged
    results: dict[str, Hit | None] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.bullet.text

    @property
    def section(self) -> str:
        return self.bullet.section

    @property
    def n_tokens(self) -> int:
        return len(self.words)

    def find(self, patterns: Patterns) -> list[Match]:
        found = list(self.spans.get((patterns.label, patterns.role), ()))
        for name in patterns.lexicons:
            found.extend(self.spans.get((lexicon_label(name), ""), ()))
        for rule_id in patterns.rules:
            result = self.results.get(rule_id)
            if result is not None:
                found.extend(result.matches)
        found.sort(key=lambda m: (m.start, -m.end))
        return found

    def next_word(self, i: int) -> int:
        while i < len(self.words) and not self.words[i]:
            i += 1
        return i


@dataclass(frozen=True, slots=True)
class Judgement:
    """One document's findings, and its units that are not statements of work (bullet id -> why), which no
    rule judged."""

    findings: tuple[Finding, ...]
    unjudged: dict[str, str]
    document: Document   # as judged: its run-together duties split (`cvlint.lint.duties`)


def lint(docs: Sequence[Document], catalog: Catalog, nlp) -> list[list[Finding]]:
    """The findings of the selected rules for each document, in the documents' order: bullet
    findings in reading order (then by rule id), document findings last."""
    return [list(j.findings) for j in judge(docs, catalog, nlp)]


def judge(docs: Sequence[Document], catalog: Catalog, nlp) -> list[Judgement]:
    """`lint`'s findings with, for each document, the units left unjudged and why, and the document as judged
    (one unit per duty)."""
    from cvlint.lint.duties import split_duties
    from cvlint.lint.statement import CLAIM, settings
    from cvlint.nlp import matcher, skipped_components

    match = matcher(nlp, catalog)  # built (and its patterns checked) before any bullet is read
    docs = split_duties(docs, nlp, skipped_components(nlp, catalog, tags=True))
    ordered = catalog.order()
    bullet_rules = [r for r in ordered if r.scope is Scope.BULLET]
    doc_rules = [r for r in ordered if r.scope is not Scope.BULLET]
    reported = {r.id for r in catalog.rules}
    claim_rules = frozenset(settings().claim_rules)
    units = _units(docs, catalog, nlp, match)
    out: list[Judgement] = []
    for doc in docs:
        doc_units = [next(units) for _ in doc.bullets]
        findings: list[Finding] = []
        for unit in doc_units:
            for rule in bullet_rules:
                read = not unit.unjudged or unit.unjudged == CLAIM and rule.id in claim_rules
                if not read or not rule.applies_to(unit.section):
                    unit.results[rule.id] = None
                    continue
                result = rule.check.evaluate(unit)
                unit.results[rule.id] = result
                if result is not None and rule.id in reported:
                    findings.append(_finding(rule, result, unit.bullet))
        for rule in doc_rules:
            if rule.id not in reported:
                continue
            scoped = [u for u in doc_units
                      if not (u.unjudged and rule.check.STATEMENTS_ONLY) and rule.applies_to(u.section)]
            result = rule.check.evaluate(scoped)
            if result is not None:
                findings.append(_finding(rule, result, None))
        out.append(Judgement(tuple(findings), {u.bullet.id: u.unjudged for u in doc_units if u.unjudged}, doc))
    return out


def _units(docs: Sequence[Document], catalog: Catalog, nlp, match: RuleMatcher) -> Iterator[Unit]:
    """Every bullet of every document, analysed in one ``nlp.pipe`` stream (batched across CVs); the units whose
    statement test reads parts of speech go through the tagger too, a batch at a time."""
    from cvlint.lint.statement import TAGS_NEEDED, not_a_statement, settings
    from cvlint.nlp import skipped_components
    from cvlint.opening_verbs import in_pipeline

    bullets = [b for d in docs for b in d.bullets]
    skip, tag_skip = skipped_components(nlp, catalog), skipped_components(nlp, catalog, tags=True)
    tools = (lexicon_label(settings().tool_lexicon), "")
    claims = [(rule_id, "patterns") for rule_id in settings().claim_rules]

    tables = in_pipeline(nlp)
    lemma = tables.lemma if tables else None

    def statement_test(sdoc, unit: Unit) -> str | None:
        claimed = frozenset(i for key in claims for m in unit.spans.get(key, ()) for i in range(m.start, m.end))
        return not_a_statement(sdoc, unit.section, len(unit.spans.get(tools, ())), claimed, lemma)

    analysed = zip(bullets, nlp.pipe((b.text for b in bullets), batch_size=BATCH_SIZE, disable=skip))
    while batch := list(islice(analysed, BATCH_SIZE)):
        units = []
        for bullet, sdoc in batch:
            spans: dict[tuple[str, str], list[Match]] = defaultdict(list)
            for start, end, label, role in match(sdoc):
                spans[(label, role)].append(_match(sdoc, start, end, bullet.text))
            unit = Unit(bullet, dict(spans), tuple(not (t.is_punct or t.is_space) for t in sdoc), None)
            unit.unjudged = statement_test(sdoc, unit)
            units.append(unit)
        undecided = [u for u in units if u.unjudged == TAGS_NEEDED]
        for unit, tagged in zip(undecided, nlp.pipe((u.text for u in undecided), disable=tag_skip)):
            unit.unjudged = statement_test(tagged, unit)
        yield from units


def _match(sdoc, start: int, end: int, text: str) -> Match:
    """Tokens start..end as a Match; a full stop the tokenizer glued to the bullet's last token ("£1.2M.")
    is not part of what was matched."""
    start_char, last = sdoc[start].idx, sdoc[end - 1]
    end_char = last.idx + len(last.text)
    glued_stop = end_char == len(text) and text.endswith(".") and not text[start_char:end_char].endswith("...")
    if glued_stop and end_char - start_char > 1:
        end_char -= 1
    return Match(start, end, start_char, end_char, text[start_char:end_char])


def _finding(rule: Rule, result: Hit, bullet: Bullet | None) -> Finding:
    match = result.match
    return Finding(
        rule_id=rule.id,
        signal=rule.signal,
        severity=rule.severity,
        message=_fill(rule.message, match),
        bullet=bullet,
        span=result.span,
        match=match,
        suggestion=_fill(rule.suggest, match) if rule.suggest else None,
    )


def _fill(text: str, match: str | None) -> str:
    return text.replace("{match}", match or "") if "{match}" in text else text
