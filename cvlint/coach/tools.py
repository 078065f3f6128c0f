"""A trailing list of tools ("using Python, Airflow and dbt"), which a rewrite moves behind the outcome."""

from __future__ import annotations

from functools import cache
from typing import Sequence

from cvlint.coach.phrasebook import phrasebook

_SEPARATORS = {",", "and", "&", "/", "+", "or", ";"}
END_PUNCT = ".;!"


@cache
def _tool_lexicon() -> frozenset[str]:
    try:
        from cvlint.lexicon import lexicon
        return lexicon("tools")
    except (ImportError, OSError, FileNotFoundError):
        return frozenset()


def _is_toolish(tok, strict: bool) -> bool:
    text = tok.text
    if tok.is_punct or tok.like_num:
        return False
    if text.lower() in _tool_lexicon():
        return True
    if any(c in text for c in "+#.") and any(c.isalpha() for c in text):
        return True
    if text[:1].isupper() or tok.pos_ == "PROPN" or any(c.isupper() for c in text[1:]):
        return True
    return not strict and tok.pos_ in ("NOUN", "X") and tok.tag_ != "DT"


def _in_compound(tok) -> bool:
    """Part of a hyphenated or dotted name such as scikit-learn or Node.js."""
    doc = tok.doc
    return (tok.i > 0 and doc[tok.i - 1].text in "-." and not doc[tok.i - 1].whitespace_) or (
        tok.i + 1 < len(doc) and doc[tok.i + 1].text in "-." and not tok.whitespace_ and tok.i + 2 < len(doc))


def tool_tail(tokens: Sequence) -> int | None:
    """Index in `tokens` where a trailing 'using X, Y and Z' list starts, or None."""
    book = phrasebook()
    preps, always = set(book["tool_prepositions"]), set(book["always_tools_after"])
    end = len(tokens)
    while end and (tokens[end - 1].is_punct and tokens[end - 1].text in END_PUNCT + ","):
        end -= 1
    for i in range(1, end - 1):
        word = tokens[i].lower_
        if word not in preps:
            continue
        tail = tokens[i + 1:end]
        if not tail or len(tail) > 14:
            continue
        strict = word not in always
        items = [t for t in tail if t.lower_ not in _SEPARATORS and not (t.is_punct and t.text != "+")]
        if items and all(_is_toolish(t, strict) or _in_compound(t) for t in items) and not any(
                t.tag_ in ("VBG", "VBD", "VBZ", "VBP") for t in items):
            if any(_is_toolish(t, True) for t in items):
                return i
    return None
