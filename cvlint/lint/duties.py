"""One duty, one unit: a bullet that runs several duties together without punctuation is split where the next
duty's verb starts.

Resume builders often set a job's duties as one paragraph: "Handled room reservations Adjusted auditing reports
Received and sent telephone messages". A reader sees three duties, each to be judged on its own (a number in one
says nothing of the others). A cut falls before a capitalised verb (the tagger's) that follows a lowercase content
word and is followed by a lowercase word. Each piece keeps the line's locator and the part of its boxes (one per
visual line) its characters take, by their share of the line's width, so an annotation lands on its own duty. Settings: ``duties`` in ``rules/statements.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from cvlint.lint.statement import settings
from cvlint.model import Box, Bullet, Document
from cvlint.opening_verbs import in_pipeline

# The words' shape at a cut, before any tagging: a capitalised word between a lowercase letter and a lowercase word.
_MAY_CUT = re.compile(r"(?<=[a-z] )[A-Z][a-z]+(?= [a-z])")


def split_duties(docs: Sequence[Document], nlp, disable: list[str]) -> list[Document]:
    """Each document with its run-together duties split into bullets of their own (bullet ids renumbered in
    reading order where a split happened); `disable`: the components the tagger pass can skip."""
    s = settings()
    verb = _verb_reading(nlp)
    candidates = [(i, b) for i, d in enumerate(docs) for b in d.bullets
                  if b.section in s.duty_sections and any(verb(m.group().lower()) for m in _MAY_CUT.finditer(b.text))]
    pieces: dict[int, dict[str, list[Bullet]]] = {}   # document index -> bullet id -> its duties
    # The tagger reads a capitalised word inside a line as a name ("… cleaning Maintains forms"): it is asked about
    # the word in lower case, which keeps every offset; the capital stays the cue that a new duty starts there.
    lowered = (_MAY_CUT.sub(lambda m: m.group().lower(), b.text) for _, b in candidates)
    for (i, bullet), sdoc in zip(candidates, nlp.pipe(lowered, disable=disable)):
        cuts = _cuts(sdoc, bullet.text, s.duty_verb_tags, s.duty_min_words)
        if cuts:
            bounds = [0, *cuts, len(bullet.text)]
            pieces.setdefault(i, {})[bullet.id] = [
                replace(bullet, text=bullet.text[a:b].strip(), boxes=_boxes_of(bullet.boxes, len(bullet.text), a, b))
                for a, b in zip(bounds, bounds[1:])]
    return [_with_pieces(doc, pieces[i]) if i in pieces else doc for i, doc in enumerate(docs)]


def _verb_reading(nlp):
    """Whether a lower-case word can be a verb, by the lemmatizer's tables (cvlint's opening-verb component): only
    a line whose capitalised word may be one goes through the tagger ("using Python and" does not). Any word may,
    in a pipeline without that component."""
    tables = in_pipeline(nlp)
    return tables.verb_lemma if tables else bool


def _boxes_of(boxes: tuple[Box, ...], length: int, start: int, end: int) -> tuple[Box, ...]:
    """The part of `boxes` (one per visual line, in reading order) that characters `start`..`end` of a text of
    `length` characters take, each line's characters spread over its width as the whole text's are."""
    total = sum(b.x1 - b.x0 for b in boxes)
    if not boxes or total <= 0 or length <= 0:
        return boxes
    per_char = total / length
    out, at = [], 0.0
    for box in boxes:
        width = box.x1 - box.x0
        lo, hi = max(start * per_char - at, 0.0), min(end * per_char - at, width)
        if hi - lo > 0.25 * per_char:   # more than a sliver of a character
            out.append(replace(box, x0=box.x0 + lo, x1=box.x0 + hi))
        at += width
    return tuple(out) or boxes


def _cuts(sdoc, text: str, verb_tags: frozenset[str], min_words: int) -> list[int]:
    """Character offsets in `text` where a new duty starts: a word capitalised in `text` that the tagger (of
    `sdoc`, the text with those words in lower case) reads as a verb, after a lowercase content word and before a
    lowercase word; no piece shorter than `min_words` words."""
    cuts, start = [], 0
    for t in sdoc[1:-1]:
        before, after = t.nbor(-1), t.nbor(1)
        if not (text[t.idx].isupper() and t.pos_ == "VERB" and t.tag_ in verb_tags and after.is_lower
                and before.is_alpha and before.is_lower and not before.is_stop):
            continue
        if len(sdoc.text[start:t.idx].split()) >= min_words and len(sdoc[t.i:]) >= min_words:
            cuts.append(t.idx)
            start = t.idx
    return cuts


def _with_pieces(doc: Document, pieces: dict[str, list[Bullet]]) -> Document:
    """`doc` with the bullets named in `pieces` replaced by their pieces, and every bullet numbered anew."""
    count = 0

    def renumbered(bullet: Bullet) -> list[Bullet]:
        nonlocal count
        out = []
        for piece in pieces.get(bullet.id, [bullet]):
            count += 1
            out.append(replace(piece, id=f"b{count}"))
        return out

    sections = tuple(replace(section, entries=tuple(
        replace(entry, bullets=tuple(b for bullet in entry.bullets for b in renumbered(bullet)))
        for entry in section.entries)) for section in doc.sections)
    return replace(doc, sections=sections)
