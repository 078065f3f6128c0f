"""The words every format reader and the structure step read the same way: what leaves a line open or ends a
sentence, the words that date an entry, and the heading cues the formats share. The word lists are data:
``rules/lexicons/typography.yaml``. (Bullet glyphs and pictographs are characters: :mod:`cvlint.parse.glyphs`.)"""

from __future__ import annotations

import re
from functools import cache

import yaml

from cvlint.resources import data_dir


@cache
def _table() -> dict[str, list[str]]:
    table = yaml.safe_load((data_dir("rules") / "lexicons" / "typography.yaml").read_text(encoding="utf-8"))
    for name, entries in table.items():
        if not all(isinstance(e, str) for e in entries):
            raise ValueError(f"rules/lexicons/typography.yaml: {name}: quote the words YAML reads as other values")
    return table


def _either(words: list[str]) -> str:
    """A regex alternation that tries the longest word first (so "sept" wins over "sep")."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def word_pattern(name: str) -> str:
    """A list of ``typography.yaml`` as a regex alternation: ``months``, ``seasons``, ``until_now_dating``
    (present, current), ``until_now_closing`` (now, today, …), ``until_now_after_till`` ("till date")."""
    return _either(_table()[name])


@cache
def _connector_end() -> re.Pattern:
    marks = "".join(re.escape(m) for m in _table()["connector_marks"])
    return re.compile(rf"(?:[{marks}]|(?<![\w.])(?:{word_pattern('connector_words')}))$", re.IGNORECASE)


@cache
def _sentence_end() -> re.Pattern:
    marks = "".join(re.escape(m) for m in _table()["sentence_ends"])
    return re.compile(rf"[{marks}]['\")\]]?$")


def ends_open(text: str) -> bool:
    """Whether a line ends with a connector ("and", "such as", ",", "&"): its sentence goes on."""
    return bool(_connector_end().search(text.rstrip()))


def ends_sentence(text: str) -> bool:
    """Whether a line ends a sentence (".", "!", "?", a closing quote or bracket may follow)."""
    return bool(_sentence_end().search(text.rstrip()))


def closes_unit(text: str) -> bool:
    """Whether a line ends a sentence or introduces what follows with a colon: the next line does not run on."""
    return ends_sentence(text) or text.rstrip().endswith(":")


def continues_by_words(prev: str, nxt: str) -> bool:
    """Whether ``nxt`` goes on with the line ``prev`` by its words: ``prev`` ends with a connector, or ``nxt``
    starts in lower case. Format readers weigh this with their own layout or style evidence."""
    return nxt.lstrip()[:1].islower() or ends_open(prev)


def join_wrapped(text: str, part: str) -> str:
    """A line and its wrapped continuation as one text: a word broken at the line's end keeps its hyphen
    ("data-" + "driven"), otherwise they are one space apart."""
    if (text.endswith("-") and len(text) > 1 and text[-2].isalpha() and part[:1].isalpha()
            and part[0].islower() == text[-2].islower()):
        return text + part
    return text + " " + part


def in_capitals(text: str) -> bool:
    """At least two letters, all capitals ("EXPERIENCE", "R&D"): a heading cue."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def clearly_larger(size: float, body: float) -> bool:
    """A font clearly larger than the body text (same unit): at least 1 pt and 15 % more (11 pt beside 10 pt is
    not). A heading cue."""
    return size >= body + max(1.0, 0.15 * body)
