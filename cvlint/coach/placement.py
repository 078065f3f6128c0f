"""Where a placeholder goes and what it says.

The number placeholder goes at the end of the phrase that changed, never inside it: after the whole object of
"Reduced churn", "Increased educational expertise and knowledge of design", before a following "by …" or clause.
The outcome placeholder closes the bullet's clause; it is chosen by the bullet's own nouns, then the profession.
"""

from __future__ import annotations

from typing import Sequence


from cvlint.coach.lemmas import lemmas
from cvlint.coach.phrasebook import fill, phrasebook
from cvlint.coach.questions import Profession

VERB_TAGS = {"VB", "VBG", "VBD", "VBN", "VBP", "VBZ"}
_MODIFIER_TAGS = {"JJ", "JJR", "JJS", "NN", "NNP", "HYPH"}  # "new staff", "front-line staff", "ICU patients"
_CLAUSE_BREAK = {"by", "through", "via", "using", "while", "when", "which", "that", "resulting", "leading"}


def is_verb(tok) -> bool:
    return tok.tag_ in VERB_TAGS or (tok.pos_ == "VERB" and tok.tag_ not in ("NN", "NNS", "NNP", "JJ"))


def _phrase_end(tokens: Sequence, start: int) -> int | None:
    """The last token of the phrase starting at `start`: up to punctuation, a verb form or a clause word."""
    end = None
    for tok in tokens[start:]:
        if tok.is_punct or tok.tag_ in ("VBG", "VBD", "VBZ", "WDT") or tok.lower_ in _CLAUSE_BREAK:
            break
        end = tok.i
    return end


def metric_anchor(rest: Sequence, nlp=None) -> int | None:
    """The token after which 'Reduced churn [by X%] by …' takes its placeholder: the end of a verb of change's
    object, or None when no verb of change opens a phrase."""
    verbs = set(phrasebook()["change_verbs"])
    for n, tok in enumerate(rest):
        forms = {tok.lemma_.lower(), tok.lower_, *lemmas(tok.lower_, "VERB", nlp)}
        if not forms & verbs or not (is_verb(tok) or n == 0):
            continue
        objects = [c for c in tok.children if c.dep_ in ("dobj", "obj", "attr")]
        if objects:
            right = objects[0].right_edge.i
            last = max(t.i for t in rest)
            inside = [t for t in rest if objects[0].i <= t.i <= right]
            stop = _phrase_end(inside, 1)
            end = stop if stop is not None else objects[0].i
            while end > objects[0].i and rest[0].doc[end].is_punct:
                end -= 1
            return min(end, last)
        # a headline the tagger misread ("Reduced" as an adjective): the object is what follows
        end = _phrase_end(rest, n + 1)
        return end if end is not None else tok.i
    return None


def count_anchor(rest: Sequence) -> int | None:
    """The token before which the count placeholder goes ("Taught [N] students …", "Cared for [N] patients",
    "Trained [N] new staff"): the first group of people (`counted_people`) in the bullet's first clause, right after
    its verb (and a preposition), with no number, determiner or possessive before it, and not itself modifying a
    noun ("staff meetings"); None when there is none."""
    people = phrasebook()["counted_people"]
    for n, tok in enumerate(rest):
        if tok.is_punct and tok.text != "-":
            return None
        if not (tok.tag_ == "NNS" and tok.lemma_.lower() in people["plurals"] or tok.lower_ in people["collectives"]):
            continue
        nxt = tok.nbor() if tok.i + 1 < len(tok.doc) else None
        if nxt is not None and (nxt.tag_ == "POS" or tok.lower_ in people["collectives"] and nxt.tag_.startswith("NN")):
            return None  # "students' parents", "staff meetings": the people are not what the action reaches
        start = n
        while start and rest[start - 1].tag_ in _MODIFIER_TAGS and not is_verb(rest[start - 1]):
            start -= 1
        before = start - 2 if start > 1 and rest[start - 1].tag_ == "IN" else start - 1
        return rest[start].i if before >= 0 and is_verb(rest[before]) else None
    return None


def outcome(doc, currency: str, who: Profession | None, has_number: bool,
            counted: bool = False) -> tuple[str, tuple[str, ...]]:
    """The outcome placeholder and its topic's questions (a count only when the bullet has no number and the
    rewrite has no place for it: `counted`): the `outcomes` entry matching most of the bullet's nouns, else its
    words, else the profession's, else the general one; with `counted`, its wording that asks no count."""
    book = phrasebook()
    nouns = {w for t in doc if t.pos_ in ("NOUN", "PROPN") for w in (t.lower_, t.lemma_.lower())}
    words = {w for t in doc for w in (t.lower_, t.lemma_.lower())}
    for pool in (nouns, words):
        scored = [(len(pool & set(e["words"])), -i, e) for i, e in enumerate(book["outcomes"])]
        best = max(scored, key=lambda x: x[:2])
        if best[0]:
            entry = best[2]
            wording = entry.get("counted", entry["outcome"]) if counted else entry["outcome"]
            return fill(wording, currency), tuple(entry["questions"] + ([] if has_number or counted else
                                                                        entry.get("counts", [])))
    if who is not None and who.outcome:
        return fill(who.counted if counted and who.counted else who.outcome, currency), ()
    return fill(book["outcome_default_counted" if counted else "outcome_default"], currency), ()
