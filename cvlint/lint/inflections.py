"""Every inflection of a word, from lemminflect's table: what a rule's ``LEMMA`` means.

A token pattern's ``LEMMA`` is rewritten to ``LOWER`` with these forms when the rules are compiled for matching
(`cvlint.lint.token_patterns.expand_lemmas`), so a lemma pattern needs no lemmatizer and matches the same with
every pipeline. The forms are those lemminflect's ``getAllInflections`` gives for every part of speech it knows
the word as, with its overrides, plus the word itself. lemminflect's lookup reads its whole table (0.15 s); here only
the rows of the words asked for are read, once per process, from the table sorted by word.
"""

from __future__ import annotations

import gzip
from bisect import bisect_left
from functools import cache


@cache
def inflections(lemma: str) -> tuple[str, ...]:
    """The lower-cased forms of `lemma` ("oversee" -> oversee, oversaw, overseen, overseeing, oversees), the lemma
    first; a word lemminflect does not know is only itself."""
    from lemminflect.codecs.InflectionLUCodec import InflectionLUCodec

    word = lemma.lower()
    rows = table_rows()
    forms: dict[str, tuple[str, ...]] = {}
    at = bisect_left(rows, word, key=_word)
    while at < len(rows) and _word(rows[at]) == word:
        forms.update(InflectionLUCodec.fromString(rows[at])[2])
        at += 1
    forms = InflectionLUCodec.updateForAuxMod({word: forms})[word]  # be, can, will...: lemminflect's own forms
    forms.update(_overrides().get(word, {}))
    return tuple(dict.fromkeys([word, *(form.lower() for spellings in forms.values() for form in spellings)]))


@cache
def table_rows() -> list[str]:
    """lemminflect's inflection table, one row per word and part of speech, sorted by word; read once per process
    (the coach's verb forms read it too)."""
    from lemminflect import config

    with gzip.open(config.inflection_lu_fn, "rt", encoding="utf-8") as table:
        return table.read().splitlines()


@cache
def _overrides() -> dict[str, dict[str, tuple[str, ...]]]:
    from lemminflect import config
    from lemminflect.codecs.OverridesCodec import OverridesCodec

    return OverridesCodec.load(config.infl_overrides_fn)


def _word(row: str) -> str:
    return row.split(",", 1)[0]
