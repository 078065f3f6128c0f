"""The rule matcher finds exactly what spaCy's SpanRuler finds with the same patterns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cvlint.errors import UsageError
from cvlint.lint.matcher import RuleMatcher
from cvlint.nlp import skipped_components

BULLETS = Path(__file__).resolve().parent.parent / "samples" / "bullets" / "raw"


def span_ruler(nlp, patterns: list[dict]):
    """A SpanRuler with `patterns`, run on the same Docs as the RuleMatcher: the reference."""
    from spacy.pipeline import SpanRuler

    ruler = SpanRuler(nlp, name="ref", spans_key="ref", phrase_matcher_attr="LOWER")
    ruler.add_patterns(patterns)
    return ruler


def reference(ruler, doc) -> list[tuple[int, int, str, str]]:
    return sorted((s.start, s.end, s.label_, s.id_) for s in ruler(doc).spans["ref"])


def test_the_rules_match_as_a_span_ruler_on_every_labeled_bullet(nlp, catalog):
    texts = [json.loads(line)["text"] for path in sorted(BULLETS.glob("*.jsonl"))
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    patterns = [entry for _file, entries in catalog.ruler_patterns() for entry in entries]
    ours, ruler = RuleMatcher(nlp, catalog.ruler_patterns()), span_ruler(nlp, patterns)
    assert len(texts) > 1000
    docs = list(nlp.pipe(texts, disable=skipped_components(nlp, catalog)))  # as the lint pass tags them
    differ = [doc.text for doc in docs if ours(doc) != reference(ruler, doc)]
    assert differ == []
    assert sum(len(ours(doc)) for doc in docs) > 5 * len(texts)


CASES = {
    "a word, then an optional word": [{"LOWER": "cut"}, {"LOWER": "costs", "OP": "?"}],
    "a list, then any number of words": [{"LOWER": {"IN": ["led", "ran"]}}, {"IS_ALPHA": True, "OP": "*"},
                                         {"LOWER": "team"}],
    "a repeat with a bound": [{"ORTH": "Led"}, {"IS_ALPHA": True, "OP": "{1,3}"}, {"LOWER": "of"}],
    "an open repeat": [{"TEXT": "team"}, {"IS_ALPHA": True, "OP": "{2,}"}],
    "a negation last": [{"LOWER": "of"}, {"LOWER": "people", "OP": "!"}],
    "a first spec that is not only a word": [{"LOWER": "cut", "OP": "?"}, {"LIKE_NUM": True}],
    "a regex first": [{"TEXT": {"REGEX": "^\\d"}}, {"ORTH": "%"}],
    "a lower-case regex first": [{"LOWER": {"REGEX": "^te"}}, {"LOWER": "of", "OP": "?"}],
    "a rare flag first": [{"LIKE_NUM": True}, {"LOWER": {"IN": ["people", "%"]}}],
    "a common flag first": [{"IS_ALPHA": True}, {"LOWER": "team"}],
    "a word second": [{"LOWER": {"NOT_IN": ["the", "a"]}}, {"LOWER": "of"}, {"LIKE_NUM": True, "OP": "?"}],
    "an optional token, then a regex": [{"IS_CURRENCY": True, "OP": "?"}, {"TEXT": {"REGEX": "^\\d"}}],
    "a bounded run, then a word": [{"ORTH": {"NOT_IN": [",", ";"]}, "OP": "{1,3}"}, {"ORTH": ","}],
    "an optional run, then a word": [{"IS_ALPHA": True, "OP": "{,2}"}, {"LOWER": "team"}],
    "an optional token, a word, a negation": [{"IS_ALPHA": True, "OP": "?"}, {"LOWER": "team"},
                                              {"LOWER": "of", "OP": "!"}],
    "a regex with a condition": [{"TEXT": {"REGEX": "^[A-Z]"}, "LOWER": {"NOT_IN": ["led"]}}, {"IS_ALPHA": True}],
    "the same list twice": [{"LOWER": {"IN": ["led", "led", "ran"]}}, {"LOWER": "the"}],
}
TEXTS = ["Led the team of 12 people and cut costs by 30% across the team of engineers.",
         "Cut 40 % of costs; ran the team, led the led team of of people.",
         "cut", "Team team team of 3", "Saved $ 40k, £3m and 12 hours, for the data team, the ML team and Ops."]


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_kind_of_pattern_matches_as_a_span_ruler(nlp, name):
    entries = [{"label": "case", "id": "patterns", "pattern": CASES[name]},
               {"label": "case", "id": "phrase", "pattern": "the team"}]
    ours, ruler = RuleMatcher(nlp, [("case.yaml", entries)]), span_ruler(nlp, entries)
    for text in TEXTS:
        assert ours(nlp.make_doc(text)) == reference(ruler, nlp.make_doc(text)), text


@pytest.mark.parametrize("pattern", [[{"LOWER": "led", "OP": "{3,1}"}],
                                     [{"LOWER": {"IN": []}}, {"LOWER": "team", "OP": "{3,1}"}]])
def test_a_malformed_pattern_names_its_file(nlp, pattern):
    entries = [{"label": "case", "id": "patterns", "pattern": pattern}]
    with pytest.raises(UsageError, match=r"^case.yaml: a token pattern is malformed"):
        RuleMatcher(nlp, [("case.yaml", entries)])


def test_the_built_in_patterns_have_anchors(catalog):
    """A pattern without an anchor runs at every token of every bullet (docs/performance.md): a new built-in
    pattern should contain a word, a list of words, a regex or LIKE_NUM/IS_CURRENCY outside any operator."""
    from cvlint.lint.matcher import _anchor

    unanchored = [(label, pattern) for _file, entries in catalog.ruler_patterns()
                  for label, pattern in ((e["label"], e["pattern"]) for e in entries)
                  if isinstance(pattern, list) and _anchor(pattern) is None]
    assert unanchored == [("task-only-bullet", [{"IS_ALPHA": True}, {"IS_ALPHA": True, "OP": "?"},
                                                {"IS_ALPHA": True, "OP": "?"}])]

