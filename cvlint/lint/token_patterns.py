"""Token patterns in rule files, checked against a small schema of our own (attribute names, value types,
operators, regexes), a light copy of spaCy's ``TokenPattern``: it catches typos and the YAML ``on``/``off`` trap
when the catalog loads, without importing spaCy (spaCy's ``validate=True`` checks the rest when the matcher is
built). Also which pipeline component each attribute needs, and ``LEMMA`` written as ``LOWER`` with every inflection
of the lemma (`expand_lemmas`), so that a lemma pattern needs no lemmatizer and means the same with every pipeline."""

from __future__ import annotations

import difflib
import re

from cvlint.errors import UsageError

# A light schema for spaCy token patterns (spacy/schemas.py, TokenPattern): attribute -> value type.
_STR_ATTRS = {"ORTH", "TEXT", "LOWER", "POS", "TAG", "MORPH", "DEP", "SHAPE", "ENT_TYPE",
              "ENT_IOB", "ENT_ID", "ENT_KB_ID", "NORM"}
_BOOL_ATTRS = {"SPACY", "IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE",
               "IS_PUNCT", "IS_SPACE", "IS_BRACKET", "IS_QUOTE", "IS_LEFT_PUNCT", "IS_RIGHT_PUNCT",
               "IS_CURRENCY", "IS_STOP", "IS_SENT_START", "SENT_START", "LIKE_NUM", "LIKE_URL",
               "LIKE_EMAIL"}
_INT_ATTRS = {"LENGTH"}
_STR_PREDICATES = {"REGEX", "IN", "NOT_IN", "IS_SUBSET", "IS_SUPERSET", "INTERSECTS", "FUZZY",
                   *(f"FUZZY{i}" for i in range(1, 10))}
_INT_PREDICATES = {"IN", "NOT_IN", "==", "!=", ">=", "<=", ">", "<"}
_LEMMA_PREDICATES = {"IN", "NOT_IN"}  # a lemma's inflections are a list of words: no REGEX or FUZZY on them
_OP_RE = re.compile(r"^([!?+*]|\{\d+\}|\{\d*,\d*\})$")

# Which pipeline components a token attribute needs (nlp.py enables only those); LEMMA needs none, as it is
# matched as LOWER (`expand_lemmas`).
NEEDS = {"POS": "tagger", "TAG": "tagger", "MORPH": "tagger",
         "DEP": "parser", "IS_SENT_START": "parser", "SENT_START": "parser",
         "ENT_TYPE": "ner", "ENT_IOB": "ner", "ENT_ID": "ner", "ENT_KB_ID": "ner"}


def check_token_pattern(pattern, where: str) -> list[dict]:
    """Validate a token pattern against a light copy of spaCy's schema; return it unchanged."""
    if not isinstance(pattern, list) or not pattern:
        raise UsageError(f"{where}: a token pattern is a non-empty list of token specs")
    for i, token in enumerate(pattern):
        at = f"{where}: token {i}"
        if not isinstance(token, dict):
            raise UsageError(f"{at}: a token spec is a mapping like {{LOWER: led}}, got {describe(token)}")
        for attr, value in token.items():
            key = str(attr).upper()
            if attr != key:
                raise UsageError(f"{at}: write the attribute in upper case: {key}")
            if key == "OP":
                if not isinstance(value, str) or not _OP_RE.match(value):
                    raise UsageError(f"{at}: OP must be one of ! ? + * {{n}} {{n,m}}, got {value!r}")
            elif key == "LEMMA":
                lower = token.get("LOWER", {})
                if not isinstance(lower, dict) or {"IN", "FUZZY"} & set(lower):
                    raise UsageError(f"{at}: LEMMA is matched as LOWER with its inflections, which a LOWER beside "
                                     "it may only narrow (NOT_IN, REGEX)")
                _check_value(value, str, _LEMMA_PREDICATES, f"{at}: {key}")
            elif key in _STR_ATTRS:
                _check_value(value, str, _STR_PREDICATES, f"{at}: {key}")
            elif key in _BOOL_ATTRS:
                if not isinstance(value, bool):
                    raise UsageError(f"{at}: {key} must be true or false, got {value!r}")
            elif key in _INT_ATTRS:
                _check_value(value, int, _INT_PREDICATES, f"{at}: {key}")
            else:
                known = sorted(_STR_ATTRS | _BOOL_ATTRS | _INT_ATTRS | {"LEMMA", "OP"})
                close = difflib.get_close_matches(key, known, n=1)
                hint = f" (did you mean {close[0]}?)" if close else ""
                raise UsageError(f"{at}: unknown token attribute {attr!r}{hint}")
    return pattern


def expand_lemmas(pattern: list[dict]) -> list[dict]:
    """A checked token pattern with each ``LEMMA`` written as ``LOWER`` with every inflection of its lemmas
    (`inflections`): ``{LEMMA: {IN: [oversee]}}`` -> ``{LOWER: {IN: [oversee, oversaw, overseen, ...]}}``; a
    ``LOWER`` beside it keeps narrowing it (``{LEMMA: head, LOWER: {NOT_IN: [head]}}``: the verb's other forms)."""
    if not any("LEMMA" in token for token in pattern):
        return pattern
    return [_lowered(token) if "LEMMA" in token else token for token in pattern]


def _lowered(token: dict) -> dict:
    from cvlint.lint.inflections import inflections

    value, lower = token["LEMMA"], dict(token.get("LOWER", {}))
    for pred, lemmas in ({"IN": [value]} if isinstance(value, str) else value).items():
        lower[pred] = list(dict.fromkeys([*lower.get(pred, ()), *(f for lemma in lemmas for f in inflections(lemma))]))
    return {**{attr: v for attr, v in token.items() if attr != "LEMMA"}, "LOWER": lower}


def _check_value(value, kind: type, predicates: set[str], at: str) -> None:
    def ok(v) -> bool:
        return isinstance(v, kind) and not isinstance(v, bool)

    if ok(value):
        return
    if isinstance(value, dict) and value:
        for pred, arg in value.items():
            if pred not in predicates:
                raise UsageError(f"{at}: unknown predicate {pred!r} (one of {', '.join(sorted(predicates))})")
            if pred in ("IN", "NOT_IN", "IS_SUBSET", "IS_SUPERSET", "INTERSECTS"):
                if not isinstance(arg, list) or not all(ok(a) for a in arg):
                    bad = next((a for a in arg if not ok(a)), arg) if isinstance(arg, list) else arg
                    raise UsageError(f"{at}: {pred} must list {kind.__name__} values, got {describe(bad)}"
                                     + (" (quote on/off/yes/no)" if isinstance(bad, bool) else ""))
            elif pred == "REGEX":
                if not isinstance(arg, str):
                    raise UsageError(f"{at}: REGEX must be a string")
                try:
                    re.compile(arg)
                except re.error as e:
                    raise UsageError(f"{at}: bad REGEX {arg!r}: {e}") from None
            elif not ok(arg):
                raise UsageError(f"{at}: {pred} takes a {kind.__name__}, got {describe(arg)}")
        return
    hint = " (quote on/off/yes/no)" if isinstance(value, bool) else ""
    raise UsageError(f"{at} must be a {kind.__name__} or a predicate mapping, got {describe(value)}{hint}")


def describe(value) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if value is None:
        return "nothing"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return repr(value)
