"""The tense of a role and verbs put into it: past for a past role, present for a current one.

A role is current when its dates say so ("2021 – Present", "Since 2020", "2019 - current"); it is past otherwise:
when they name an end ("2016 – 2019") and also when they are missing or hold one date only, as CVs mark a current
role with a word for now (on the livecareer corpus, 402 of 2,841 experience entries say "Current" or "Present",
125 hold one date and 668 none). Verb forms come from lemminflect's table (read once, with the rules' lemmas), its verb rows only (no download, no
network); the present is the bare form ("Teach") unless the CV itself writes its duties with -s ("Teaches").
"""

from __future__ import annotations

import re
from functools import cache

from lemminflect import Inflections
from lemminflect.codecs.InflectionLUCodec import InflectionLUCodec

from cvlint.coach.phrasebook import phrasebook
from cvlint.lint.inflections import table_rows

PAST, PRESENT = "past", "present"


@cache
def _current_words() -> re.Pattern:
    words = phrasebook()["tense"]["current_words"]
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.I)


def role_tense(section: str, dates: str | None) -> str | None:
    """PRESENT when the entry's dates mark the role as current, else PAST; None outside the sections of roles
    (a summary or a skills line keeps its own tense)."""
    if section not in phrasebook()["tense"]["role_sections"]:
        return None
    return PRESENT if dates and _current_words().search(dates) else PAST


@cache
def _inflections() -> Inflections:
    """lemminflect's inflector with its table read for verbs only, on first use: the coach inflects nothing else,
    and the verb rows are a sixth of the table (the whole of it took 0.14 s of a one-CV `check`)."""
    inflections = Inflections()
    if not hasattr(inflections, "infl_dict"):  # the attribute lemminflect fills lazily with the whole table
        verbs = [InflectionLUCodec.fromString(row) for row in table_rows() if row.split(",", 2)[1] == "verb"]
        inflections.infl_dict = InflectionLUCodec.updateForAuxMod({word: forms for word, _, forms in verbs})
    return inflections


def inflect(lemma: str, tense: str = PAST, third_person: bool = False) -> str:
    """The verb `lemma` in `tense`: "teach" -> "taught" (past), "teach"/"teaches" (present)."""
    word = lemma.lower()
    if tense == PRESENT and not third_person:
        return word
    forms = _inflections().getInflection(word, tag="VBD" if tense == PAST else "VBZ", inflect_oov=True)
    return forms[0] if forms else word


def past_tense(lemma: str) -> str:
    """The simple past of a verb lemma."""
    return inflect(lemma, PAST)


def verb_lemma(tok) -> str:
    """A verb token's lemma (its own text when the tagger gave none)."""
    return (tok.lemma_ or tok.text).lower()


def in_tense(tok, tense: str, third_person: bool = False) -> str:
    """A verb token rewritten in `tense`, kept as written when it is already in it."""
    if tense == PAST and tok.tag_ == "VBD" or tense == PRESENT and tok.tag_ == ("VBZ" if third_person else "VBP"):
        return tok.text if tok.text.isupper() else tok.text.lower()
    return inflect(verb_lemma(tok), tense, third_person)
