"""A spaCy component: a CV's opening verb is a verb, however it is capitalised.

CV bullets open with a bare verb ("Supervised the night shift", "Oversee daily operations"), a shape the small
English tagger rarely saw in training: a capitalised opening word is often tagged PROPN, NOUN or ADJ, and the
lemmatizer, which follows the tag, then leaves "Supervised" as it is. Where a title-case word opens the unit or a
clause (after `.`, `;`, `:`), is tagged as a verb, noun, proper noun or adjective, and the lemmatizer's own verb rules
and tables give it a known verb lemma, this component tags it as that verb form (`_tag`) with its lemma, before the
lemmatizer runs. It reads the pipeline's lemma tables; nothing is listed here. It is part of every pipeline cvlint
loads with a lemmatizer: the coach's, which reads the opening verb to rewrite a bullet (the lint pass of the
built-in rules runs the tokenizer alone).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

NAME = "cvlint_opening_verbs"
_CLAUSE_END = {".", ";", ":", "•", "-", "*", "–"}
_OPENING_TAGS = {"PROPN", "NOUN", "ADJ", "VERB"}


@Language.factory(NAME)
def make(nlp: Language, name: str):
    return OpeningVerbs(nlp)


def in_pipeline(nlp: Language) -> "OpeningVerbs | None":
    """This component of `nlp`, whose `lemma` reads the lemmatizer's tables; None in a pipeline without it."""
    return nlp.get_pipe(NAME) if NAME in nlp.pipe_names else None


class OpeningVerbs:
    def __init__(self, nlp: Language):
        lookups = nlp.get_pipe("lemmatizer").lookups
        self._tables = {pos: (set(lookups.get_table("lemma_index")[pos]), lookups.get_table("lemma_exc")[pos],
                              lookups.get_table("lemma_rules")[pos]) for pos in ("verb", "noun")}

    def verb_lemma(self, lower: str) -> str | None:
        """The verb lemma the lemmatizer's tables give a lower-case word, None when it has no verb reading."""
        return self.lemma(lower, "verb")

    def lemma(self, lower: str, pos: str) -> str | None:
        """The lemma of part of speech `pos` ("verb" or "noun") the lemmatizer's tables give a lower-case word, None
        when it has no such reading."""
        known, exceptions, rules = self._tables[pos]
        if lower in known:
            return lower
        if lower in exceptions:
            return exceptions[lower][0]
        for old, new in rules:
            if lower.endswith(old) and (stem := lower[:len(lower) - len(old)] + new) in known:
                return stem
        return None

    def __call__(self, doc: Doc) -> Doc:
        opening = True
        for token in doc:
            if token.is_punct or token.is_space:
                opening = opening or token.text in _CLAUSE_END
                continue
            if opening and token.is_title and token.pos_ in _OPENING_TAGS and (lemma := self.verb_lemma(token.lower_)):
                if token.pos_ != "VERB":
                    lower = token.lower_
                    token.tag_ = _tag(lower, lemma)
                    token.pos_ = "VERB"
                token.lemma_ = lemma   # the lemmatizer keeps a lemma already set
            opening = False
        return doc


def _tag(lower: str, lemma: str) -> str:
    """The verb tag of an opening word by its form: VBG for -ing, VBD for -ed, VBZ for -s, VB for the bare verb, and
    for another past form ("Ran", "Kept") VBD, or VBN when it ends in an -n the verb lacks ("Proven", "Drawn")."""
    if lower.endswith("ing"):
        return "VBG"
    if lower.endswith("ed"):
        return "VBD"
    if lower.endswith("s"):
        return "VBZ"
    if lower == lemma:
        return "VB"
    return "VBN" if lower.endswith("n") and not lemma.endswith("n") else "VBD"
