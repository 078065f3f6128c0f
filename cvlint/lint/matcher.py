"""The rules' patterns on a spaCy Doc: the matches spaCy's SpanRuler would give, found faster.

spaCy's ``Matcher`` tries every token pattern at every token. But a token pattern can only match where one of
its tokens is what that token spec asks for, and most specs ask for a word or a list of words (``LOWER``,
``ORTH``, ``TEXT`` with a value or ``IN``; a rule's ``LEMMA`` arrives as ``LOWER`` with its inflections), a regex,
or a flag few tokens have (``LIKE_NUM``). Each pattern is anchored on its first such spec that no operator makes
optional, at a known distance (or range of distances, when ``?`` or ``{n,m}`` specs come before it) from the
pattern's start. Patterns are grouped by anchor (patterns
anchored on the same list share one ``Matcher``) and run only around the tokens that meet the anchor, over a
window as long as the group's longest possible match; a token's string is tested against the anchor regexes once
and remembered. A pattern with no anchor runs in one ``Matcher`` over the whole Doc, and the phrases in one
``PhraseMatcher`` on ``LOWER``, as in the SpanRuler. Matches are deduplicated and sorted as the SpanRuler does;
a test checks the two agree on every labeled bullet and on each kind of pattern. On the labeled bullets and the
real corpus's, this is about 5 times faster than the SpanRuler (``docs/performance.md``).
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
_SIDES = ("LOWER", "ORTH")  # the word attributes an anchor may name, in the token row's first columns
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
        openings: dict[tuple[str, str, str, int, int], list[int]] = defaultdict(list)
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
                anchor = _anchor(pattern)
                if anchor is None:
                    _add(self._free, key, pattern, file)
                    continue
                lo, hi, attr, how, values = anchor
                for value in values:
                    openings[(attr, how, value, lo, hi)].append(len(anchored))
                anchored.append((file, key, pattern))
            for key, texts in phrases.items():
                self._phrases.add(strings[key], list(nlp.tokenizer.pipe(texts)))
        groups: dict[tuple[frozenset[int], int, int], tuple] = {}
        # A group: (its Matcher, the fewest and most tokens before its anchor, its longest match or None).
        # Per word attribute (_SIDES): the groups each anchor word's hash opens; the anchor regexes; the anchor
        # flags, read from the columns after the word attributes of `Doc.to_array`.
        self._words: tuple[dict[int, list], ...] = tuple(defaultdict(list) for _ in _SIDES)
        self._regexes: list[tuple[int, re.Pattern, tuple]] = []
        self._regex_hits: dict[tuple[int, int], tuple] = {}
        self._flags: list[tuple[int, tuple]] = []
        self._attrs = [IDS[attr] for attr in _SIDES]
        for (attr, how, value, lo, hi), members in openings.items():
            group_key = (frozenset(members), lo, hi)
            if group_key not in groups:
                matcher = Matcher(nlp.vocab, validate=True)
                for i in sorted(group_key[0]):
                    _add(matcher, *anchored[i][1:], anchored[i][0])
                lengths = [_longest(anchored[i][2]) for i in group_key[0]]
                groups[group_key] = (matcher, lo, hi, None if None in lengths else max(lengths))
            group = groups[group_key]
            side = _SIDES.index(attr) if attr in _SIDES else -1
            if how == "word":
                self._words[side][strings.add(value)].append(group)
            elif how == "regex":
                self._regexes.append((side, re.compile(value), group))
            else:
                self._attrs.append(IDS[attr])
                self._flags.append((len(self._attrs) - 1, group))

    def __call__(self, doc: Doc) -> list[tuple[int, int, str, str]]:
        found = set(self._free(doc) if len(self._free) else ()) | set(self._phrases(doc) if len(self._phrases) else ())
        size = len(doc)
        for i, row in enumerate(doc.to_array(self._attrs).tolist()):
            for matcher, lo, hi, longest in self._opened_at(row):
                # matches anchored at this token start lo..hi tokens before it (later ones have anchors of their own)
                first, last = max(0, i - hi), i - lo
                window = doc[first:size if longest is None else min(size, last + longest)]
                found.update((key, first + start, first + end) for key, start, end in matcher(window)
                             if first + start <= last)
        return sorted((start, end, *self._keys[key]) for key, start, end in found if start != end)

    def _opened_at(self, row: list[int]) -> list[tuple]:
        """The groups a token (its row: LOWER and ORTH hashes, then flags) can open: by word, by regex (each
        distinct string is tested against the regexes once, then remembered) and by flag."""
        hashes = row[:len(_SIDES)]
        opened = [group for side, h in enumerate(hashes) for group in self._words[side].get(h, ())]
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


def _anchor(pattern: list[dict]) -> tuple[int, int, str, str, list[str]] | None:
    """Where a token pattern can be found from: its first spec without an operator that holds a word, a list of
    words, a regex or a rare flag (other keys of that spec, and the specs before it, are left to the Matcher).
    Returns (fewest, most tokens before that spec, ``LOWER``/``ORTH`` or the flag, ``word``/``regex``/``flag``,
    the words or the regex or [the flag]); None when there is none before an operator other than ``?``/``{n,m}``."""
    lo = hi = 0
    for spec in pattern:
        op = spec.get("OP")
        if op is None:
            found = _spec_anchor(spec)
            if found is not None:
                return (lo, hi, *found)
            lo, hi = lo + 1, hi + 1
            continue
        repeat = _REPEAT.fullmatch(op) if isinstance(op, str) else None
        if op == "?":
            hi += 1
        elif repeat and repeat.group(2) and repeat.group(3):        # {n,m} or {,m}
            lo, hi = lo + int(repeat.group(1) or 0), hi + int(repeat.group(3))
        elif repeat and repeat.group(1) and not repeat.group(2):    # {n}
            lo, hi = lo + int(repeat.group(1)), hi + int(repeat.group(1))
        else:
            return None
    return None


def _spec_anchor(spec: dict) -> tuple[str, str, list[str]] | None:
    """A condition every token matching ``spec`` meets and a token row can be checked for quickly."""
    for attr, value in spec.items():
        side = _ANCHOR_ATTRS.get(attr)
        if side is None:
            continue
        if isinstance(value, str):
            return side, "word", [value]
        if isinstance(value, dict) and isinstance(value.get("IN"), list) and value["IN"] and all(
                isinstance(v, str) for v in value["IN"]):
            return side, "word", list(dict.fromkeys(value["IN"]))
    for attr, value in spec.items():
        side = _ANCHOR_ATTRS.get(attr)
        if side is not None and isinstance(value, dict) and isinstance(value.get("REGEX"), str):
            return side, "regex", [value["REGEX"]]
    for attr, value in spec.items():
        if attr in _RARE_FLAGS and value is True:
            return attr, "flag", [attr]
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
