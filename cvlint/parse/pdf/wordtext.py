"""Words of one row -> their text: letter-spaced runs collapsed ("E X P E R I E N C E"), icons dropped mid-line,
ligatures, dot leaders, doubled hyphens, HTML entities printed as text and UTF-8-read-as-cp1252 mojibake cleaned."""

from __future__ import annotations

import html
import re

from cvlint.parse.glyphs import is_symbol, strip_glyph
from cvlint.parse.pdf.records import ICON, MARK, MARKS, Word

_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
                            "\ufb05": "st", "\ufb06": "st"})


def is_glyph_word(w: Word) -> bool:
    t, had = strip_glyph(w.text)
    return had and not t


_HYPHENS = re.compile(r"(?<=\w)[-\u2010\u2011]{2,}(?=\w)|\u2010|\u2011")
_LEADER = re.compile(r"(\.)?(?:\s*[.·_…]){4,}")   # dot leaders between a title and its date


def _symbols_only(text: str) -> bool:
    if text[0] < "\u2000" and text[0] not in MARKS:
        return False
    return all(is_symbol(c) for c in text)   # (MARKS are private use)


def join_words(words: list[Word]) -> str:
    """Words of one row, left to right, as text: letter-spaced runs collapsed, icons dropped mid-line."""
    words = sorted(words, key=lambda w: w.x0)
    words = _collapse_letter_spacing(words)
    out: list[str] = []
    prev = None
    for w in words:
        text = w.text
        if prev is not None:
            if _symbols_only(text):
                continue   # an icon inside a line is decoration
            gap = w.x0 - prev.x1
            size = max(prev.size, w.size, 1.0)
            if gap >= 0.12 * size or (w.space_before and gap > -0.4 * size):
                out.append(" ")
        elif all(c in MARKS for c in text):
            out.append(text[0] + " ")
            prev = w
            continue
        out.append(text)
        prev = w
    s = "".join(out)
    if ICON in s[1:] or MARK in s[1:]:
        s = s[:1] + s[1:].replace(ICON, "").replace(MARK, "")
    if not s.isascii():
        s = s.translate(_LIGATURES)
    if s.count(".") + s.count("_") + s.count("\u00b7") + s.count("\u2026") >= 4:
        s = _LEADER.sub(lambda m: (m.group(1) or "") + " ", s)
    if "--" in s or "\u2010" in s or "\u2011" in s:
        s = _HYPHENS.sub("-", s)   # "on--‐campus": a hyphen written with soft hyphens in front
    if "&" in s:
        s = _ENTITY.sub(lambda m: html.unescape(m.group(0)), s)   # "4+ years&rsquo; experience", "&ndash;"
    if not s.isascii() and _MOJIBAKE_HINT.search(s):
        s = _MOJIBAKE.sub(_unmojibake, s)
    if "\u00c2" in s:
        s = _LOST_NBSP.sub("", s)
    return " ".join(s.split())


# An HTML entity a resume builder printed as text ("&rsquo;", "&amp;", "&#8211;"); one html does not know stays.
_ENTITY = re.compile(r"&(?:[A-Za-z]{2,8}|#\d{2,6});")
# UTF-8 read as Windows-1252 ("â€“" for "–", "Ã©" for "é"): a lead byte then continuation bytes
_MOJIBAKE_HINT = re.compile("[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
                            "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a"
                            "\u20ac\u2122]")
_MOJIBAKE = re.compile(_MOJIBAKE_HINT.pattern + "+")
# A UTF-8 no-break space read as Windows-1252 is "Â" and a no-break space; where the file gave the second byte as a
# plain space or lost it ("Metrics SavvyÂ Â"), the "Â" is what is left, and means nothing.
_LOST_NBSP = re.compile("\u00c2(?=\\s|$)")


def _unmojibake(m: re.Match) -> str:
    """The text the bytes meant; a sequence cut short ("ï¼", the first two bytes of a fullwidth sign whose last
    byte the file lost) meant a character nobody can recover, so it is dropped rather than shown."""
    try:
        raw = m.group(0).encode("cp1252")
    except UnicodeEncodeError:
        return m.group(0)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return raw.decode("utf-8", errors="ignore") if exc.reason == "unexpected end of data" else m.group(0)


def _collapse_letter_spacing(words: list[Word]) -> list[Word]:
    """'E X P E R I E N C E' / 'JA R E D' -> real words, using the gaps between the letters."""
    if len(words) < 4:
        return words
    out: list[Word] = []
    i = 0
    n = len(words)
    while i < n:
        j = i
        while j < n and len(words[j].text) <= 2 and words[j].text.isalpha():
            j += 1
        run = words[i:j]
        if len(run) >= 4 and sum(len(w.text) == 1 for w in run) >= 0.6 * len(run):
            gaps = [b.x0 - a.x1 for a, b in zip(run, run[1:])]
            base = sorted(gaps)[len(gaps) // 3]
            size = max(w.size for w in run)
            split = max(base * 1.6, base + 0.12 * size)
            group = [run[0]]
            for w, g in zip(run[1:], gaps):
                if g > split:
                    out.append(_merge_words(group))
                    group = []
                group.append(w)
            out.append(_merge_words(group))
            i = j
        else:
            out.append(words[i])
            i += 1
    return out


def _merge_words(group: list[Word]) -> Word:
    first = group[0]
    return Word("".join(w.text for w in group), first.x0, min(w.top for w in group), max(w.x1 for w in group),
                 max(w.bottom for w in group), max(w.size for w in group), first.bold, first.caps,
                 sum(w.nchars for w in group), first.space_before)
