"""The rules' patterns on a spaCy Doc: the matches spaCy's SpanRuler would give, found faster.

spaCy's ``Matcher`` tries every token pattern at every token. Most of the rules' token patterns open with a
literal word or a list of words (``LOWER``, ``ORTH`` or ``TEXT`` with a value or ``IN``, no ``OP``), so they can
only start where such a word is; others open with a regex, or with a flag few tokens have (``LIKE_NUM``). Those
are grouped by their opening (patterns opening with the same list share one ``Matcher``) and run only at the
tokens that open them, over a window as long as the group's longest possible match; a token's string is tested
against the opening regexes once and remembered. Every other token pattern runs in one ``Matcher`` over the
whole Doc, and the phrases in one ``PhraseMatcher`` on ``LOWER``, as in the SpanRuler. Matches are deduplicated
and sorted as the SpanRuler does; a test checks the two agree on every labeled bullet. On the labeled bullets
and the real corpus's, this is about 3.5 times faster than the SpanRuler (``docs/performance.md``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import TYPE_CHECKING, Iterable

from cvlint.errors import UsageError

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

_ANCHOR_ATTRS = {"LOWER": "LOWER", "ORTH": "ORTH", "TEXT": "ORTH"}
# Flags true of few tokens in prose, so worth opening on (IS_ALPHA, true of most tokens, is not).
_RARE_FLAGS = ("LIKE_NUM", "IS_DIGIT", "IS_CURRENCY", "LIKE_URL", "LIKE_EMAIL")
_REPEAT = re.compile(r"\{(\d*)(,?)(\d*)\}")
_REGEX_MEMORY = 50_000  # distinct token strings whose regex openings are remembered (about 7 MB)


class RuleMatcher:
    """Match span-ruler patterns (``{"label", "id", "pattern"}``, given per file) on Docs of ``nlp``'s vocab.

    Calling it on a Doc gives ``(start, end, label, id)`` per distinct match, sorted; an empty match is dropped.
    """

    def __init__(self, nlp: Language, patterns_by_file: Iterable[tuple[str, list[dict]]]):
        from spacy.attrs import IDS
        from spacy.matcher import Matcher, PhraseMatcher

        strings = self._strings = nlp.vocab.strings
        self._keys: dict[int, tuple[str, str]] = {}
        self._phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._free = Matcher(nlp.vocab, validate=True)
        openings: dict[tuple[str, str, str], list[int]] = defaultdict(list)
        anchored: list[tuple[str, int, list[dict]]] = []
        for file, entries in patterns_by_file:
            phrases: dict[int, list[str]] = defaultdict(list)
            for entry in entries:
                label, role = entry["label"], entry.get("id", "")
                key = strings.add(f"{label}\0{role}")
                self._keys[key] = (label, role)
                pattern = entry["pattern"]
                if isinstance(pattern, str):
                    phrases[key].append(pattern)
                    continue
                opening = _opening(pattern)
                if opening is None:
                    _add(self._free, key, pattern, file)
                    continue
                attr, how, values = opening
                for value in values:
                    openings[(attr, how, value)].append(len(anchored))
                anchored.append((file, key, pattern))
            for key, texts in phrases.items():
                self._phrases.add(strings[key], list(nlp.tokenizer.pipe(texts)))
        groups: dict[frozenset[int], tuple] = {}
        # Per attribute (0 = LOWER, 1 = ORTH): the group each opening word's hash starts; the opening regexes;
        # the opening flags, read from the columns after LOWER and ORTH of `Doc.to_array`.
        self._words: tuple[dict[int, tuple], dict[int, tuple]] = ({}, {})
        self._regexes: list[tuple[int, re.Pattern, tuple]] = []
        self._regex_hits: dict[tuple[int, int], tuple] = {}
        self._flags: list[tuple[int, tuple]] = []
        self._attrs = [IDS["LOWER"], IDS["ORTH"]]
        for (attr, how, value), members in openings.items():
            members_key = frozenset(members)
            if members_key not in groups:
                matcher = Matcher(nlp.vocab, validate=True)
                for i in sorted(members_key):
                    _add(matcher, *anchored[i][1:], anchored[i][0])
                lengths = [_longest(anchored[i][2]) for i in members_key]
                groups[members_key] = (matcher, None if None in lengths else max(lengths))
            side = 0 if attr == "LOWER" else 1
            if how == "word":
                self._words[side][strings.add(value)] = groups[members_key]
            elif how == "regex":
                self._regexes.append((side, re.compile(value), groups[members_key]))
            else:
                self._attrs.append(IDS[attr])
                self._flags.append((len(self._attrs) - 1, groups[members_key]))

    def __call__(self, doc: Doc) -> list[tuple[int, int, str, str]]:
        found = set(self._free(doc) if len(self._free) else ()) | set(self._phrases(doc) if len(self._phrases) else ())
        size = len(doc)
        for i, row in enumerate(doc.to_array(self._attrs).tolist()):
            for matcher, longest in self._opened_at(row):
                window = doc[i:size if longest is None else min(size, i + longest)]
                found.update((key, i, i + end) for key, start, end in matcher(window) if start == 0)
        return sorted((start, end, *self._keys[key]) for key, start, end in found if start != end)

    def _opened_at(self, row: list[int]) -> list[tuple]:
        """The groups a token (its row: LOWER and ORTH hashes, then flags) can open: by word, by regex (each
        distinct string is tested against the regexes once, then remembered) and by flag."""
        hashes = row[:2]
        opened = [group for side, h in enumerate(hashes) if (group := self._words[side].get(h)) is not None]
        opened.extend(group for column, group in self._flags if row[column])
        if self._regexes:
            for side, h in enumerate(hashes):
                hits = self._regex_hits.get((side, h))
                if hits is None:
                    if len(self._regex_hits) >= _REGEX_MEMORY:
                        self._regex_hits.clear()
                    text = self._strings[h]
                    hits = tuple(group for s, regex, group in self._regexes if s == side and regex.search(text))
                    self._regex_hits[(side, h)] = hits
                opened.extend(hits)
        return opened


def _opening(pattern: list[dict]) -> tuple[str, str, list[str]] | None:
    """How a token pattern must start, when its first spec is only a word, a list of words, a regex or a rare
    flag: (``LOWER`` or ``ORTH``, ``word`` or ``regex``, the words or the regex), or (the flag, ``flag``, [it])."""
    first = pattern[0]
    if len(first) != 1:
        return None
    ((attr, value),) = first.items()
    if attr in _RARE_FLAGS and value is True:
        return attr, "flag", [attr]
    attr = _ANCHOR_ATTRS.get(attr)
    if attr is None:
        return None
    if isinstance(value, str):
        return attr, "word", [value]
    if not isinstance(value, dict) or len(value) != 1:
        return None
    ((predicate, argument),) = value.items()
    if predicate == "IN" and isinstance(argument, list) and all(isinstance(v, str) for v in argument):
        return attr, "word", list(dict.fromkeys(argument))
    if predicate == "REGEX" and isinstance(argument, str):
        return attr, "regex", [argument]
    return None


def _longest(pattern: list[dict]) -> int | None:
    """The most tokens a match of the pattern can span; None when unbounded (``+``, ``*``, ``{n,}``)."""
    total = 0
    for spec in pattern:
        op = spec.get("OP")
        if op in (None, "!", "?"):
            total += 1
            continue
        repeat = _REPEAT.fullmatch(op) if isinstance(op, str) else None
        if repeat is None or (repeat.group(2) and not repeat.group(3)):
            return None
        total += int(repeat.group(3) or repeat.group(1) or 0)
    return total


def _add(matcher, key: int, pattern: list[dict], file: str) -> None:
    try:
        matcher.add(key, [pattern])
    except ValueError as e:  # spaCy's MatchPatternError is a ValueError
        raise UsageError(f"{file}: a token pattern is malformed: {' '.join(str(e).split())[:300]}") from None
