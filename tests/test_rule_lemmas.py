"""A rule's LEMMA means any inflection of the word: the loader writes it as LOWER with lemminflect's forms, so a lemma
pattern matches the same with every pipeline and the lint pass stays on the tokenizer."""

import json

import pytest
import yaml
from click.testing import CliRunner

from cvlint.cli import cli
from cvlint.errors import UsageError
from cvlint.lint.catalog import load_catalog

RULE = {"id": "people-lead", "kind": "existence", "signal": "strong", "severity": "suggestion", "scope": "bullet",
        "sections": "all", "message": "Leads people: '{match}'.", "why": "Leading people is ownership.",
        "example": {"bad": "Answered the phones.", "good": "Oversaw a crew of 6 cooks."},
        "suggest": "Say whom you led.", "source": "house style"}


def pack(tmp_path, patterns):
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "people-lead.yaml").write_text(yaml.safe_dump({**RULE, "patterns": patterns}), encoding="utf-8")
    return folder


def matches(tmp_path, patterns, bullets):
    cv = tmp_path / "cv.txt"
    cv.write_text("EXPERIENCE\n" + "".join(f"- {b}\n" for b in bullets), encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(cv), "--rules-dir", str(pack(tmp_path, patterns)), "--format",
                                      "json", "--isolated", "--exit-zero", "--jobs", "1", "--select", "people-lead"])
    (obj,) = json.loads(result.output)
    return [f["match"] for f in obj["findings"]]


def test_a_lemma_matches_its_irregular_and_regular_inflections(tmp_path):
    patterns = [[{"LEMMA": {"IN": ["oversee", "supervise"]}}, {"OP": "{0,3}"},
                 {"LEMMA": {"IN": ["cook", "cashier", "shift"]}}]]
    found = matches(tmp_path, patterns, ["Oversaw six line cooks at the Leeds branch.",
                                         "Supervises 4 cashiers at the front tills.",
                                         "Overseeing the Saturday shift and its close.",
                                         "Cooked for 80 covers a night."])
    assert found == ["Oversaw six line cooks", "Supervises 4 cashiers", "Overseeing the Saturday shift"]


def test_not_in_leaves_out_every_inflection(tmp_path):
    patterns = [[{"LEMMA": "manage"}, {"LEMMA": {"NOT_IN": ["meeting", "diary"]}, "IS_ALPHA": True}]]
    found = matches(tmp_path, patterns, ["Managed meetings for the board.", "Manages diaries for two partners.",
                                         "Managing staff of 12 across two sites."])
    assert found == ["Managing staff"]


def test_a_lower_beside_a_lemma_narrows_it(tmp_path):
    patterns = [[{"LEMMA": "head", "LOWER": {"NOT_IN": ["head"]}}, {"OP": "{0,2}"},
                 {"LEMMA": {"IN": ["office", "team"]}}]]
    found = matches(tmp_path, patterns, ["Sent weekly returns to head office.", "Headed the sales office in Leeds.",
                                         "Heading a team of four buyers."])
    assert found == ["Headed the sales office", "Heading a team"]


def test_a_lemma_pattern_needs_only_the_tokenizer(tmp_path, nlp):
    from cvlint.nlp import matcher, skipped_components

    catalog = load_catalog([pack(tmp_path, [[{"LEMMA": "oversee"}]])])
    matcher(nlp, catalog)
    assert catalog.needs() == frozenset()
    assert set(skipped_components(nlp, catalog)) == set(nlp.pipe_names)


def test_the_forms_are_lemminflects(catalog, monkeypatch):
    """Every lemma a built-in rule or lexicon names expands to what lemminflect's getAllInflections gives."""
    from lemminflect import Inflections, getAllInflections

    from cvlint.lint.inflections import inflections

    monkeypatch.delattr(Inflections(), "infl_dict", raising=False)  # the coach keeps only its verb rows there

    patterns = [p for rule in catalog.all_rules for role in rule.roles.values() for p in role.own]
    patterns += [p for entries in catalog.lexicons.values() for p in entries]
    written = [token["LEMMA"] for p in patterns if isinstance(p, list) for token in p if "LEMMA" in token]
    lemmas = {w for value in written for w in ([value] if isinstance(value, str) else sum(value.values(), []))}
    for lemma in sorted(lemmas | {"be", "fit", "travel", "colour"}):
        forms = {lemma, *(f.lower() for spellings in getAllInflections(lemma).values() for f in spellings)}
        assert set(inflections(lemma)) == forms, lemma
    assert inflections("travel") == ("travel", "traveled", "travelled", "traveling", "travelling", "travels")


@pytest.mark.parametrize(("spec", "problem"), [
    ({"LEMMA": "lead", "LOWER": "led"}, "which a LOWER beside it may only narrow"),
    ({"LEMMA": "lead", "LOWER": {"IN": ["led"]}}, "which a LOWER beside it may only narrow"),
    ({"LEMMA": {"REGEX": "^over"}}, "unknown predicate 'REGEX'"),
    ({"LEMA": "lead"}, "did you mean LEMMA"),
])
def test_a_lemma_spec_that_cannot_be_expanded_is_a_load_error(tmp_path, spec, problem):
    with pytest.raises(UsageError, match=rf"people-lead.yaml: patterns\[0\]: token 0: .*{problem}"):
        load_catalog([pack(tmp_path, [[spec]])])
