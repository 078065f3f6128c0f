"""Bullet glyphs and list markers at the start of a line."""

import re
import unicodedata

# Glyphs that mark a list item wherever they appear at the start of a line.
_SYMBOLS = set("•▪▫◦●○■□➢➤►▶❖✓✔✗–—·⁃∙‣⦿◆◇❯›»→⇒☐☑⮚")
# ASCII markers count only when followed by white space ("- item", "* item", "o item").
_ASCII = re.compile(r"^(?:[-*+>o]|\d{1,2}[.)]|[a-h][.)]|\(\d{1,2}\))\s+")
_CID = re.compile(r"^(?:\(cid:\d+\)\s*)+")


def _is_glyph(ch: str) -> bool:
    if ch in _SYMBOLS:
        return True
    cat = unicodedata.category(ch)
    # So: emoji and dingbats; Co: private use (icon fonts); Cf: zero-width joiners inside emoji.
    return cat in ("So", "Co", "Cf", "Sk") or 0xFE00 <= ord(ch) <= 0xFE0F


def strip_glyph(text: str) -> tuple[str, bool]:
    """Remove a leading bullet glyph or list marker; return the text and whether one was there."""
    s = text.strip()
    had = False
    cid = _CID.match(s)
    if cid:
        s, had = s[cid.end():], True
    i = 0
    while i < len(s) and (_is_glyph(s[i]) or (had and s[i].isspace())):
        i += 1
        had = True
    s = s[i:].lstrip()
    m = _ASCII.match(s)
    if m and not had:
        s, had = s[m.end():], True
    return s.strip(), had
