"""A duty turned into an action: the verb inside a duty noun ("Maintenance of X" -> maintain) or a gerund the
tagger read as a noun ("Responsible for gathering…" -> gather)."""

from __future__ import annotations

from typing import Sequence


from cvlint.coach.lemmas import lemmas
from cvlint.coach.phrasebook import phrasebook

_NOUN_LEAD = ("DT", "PRP$", "JJ")


def gerund_lemma(word: str, nlp) -> str | None:
    """The lemma of a word ending in -ing, read as a verb in a tiny sentence ("They were gathering it")."""
    if nlp is None or not word.lower().endswith("ing"):
        return None
    probe = nlp(f"They were {word.lower()} it")
    tok = probe[2]
    return tok.lemma_.lower() if tok.tag_ == "VBG" and tok.lemma_ and tok.lemma_.lower() != word.lower() else None


def noun_verb(word: str, nlp) -> str | None:
    """The verb of a duty noun whose verb is clear: "maintenance" -> "maintain" (the phrase book), "writing" ->
    "write" (a gerund the pipeline's lemmatizer knows as a verb)."""
    word = word.lower()
    verbs = lemmas(word, "VERB", nlp) if word.endswith("ing") and word.isalpha() else None
    return phrasebook()["nominalisations"].get(word) or (verbs[0] if verbs else None)


def duty_nouns(tokens: Sequence, nlp) -> tuple[list, int] | None:
    """'(the) maintenance and repair of X': the duty nouns with their verbs, and the index in `tokens` where X
    starts; None unless the bullet opens that way (a determiner or adjective may come first)."""
    j = 0
    while j < min(len(tokens), 3) and tokens[j].tag_ in _NOUN_LEAD:
        j += 1
    nouns = []
    while j < len(tokens) and (verb := noun_verb(tokens[j].text, nlp)):
        nouns.append((tokens[j], verb))
        j += 1
        if j + 1 < len(tokens) and tokens[j].lower_ in ("and", "&", ",") and noun_verb(tokens[j + 1].text, nlp):
            j += 1
            continue
        break
    if nouns and j < len(tokens) - 1 and tokens[j].lower_ == "of":
        return nouns, j + 1
    return None
