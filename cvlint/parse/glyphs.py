"""Bullet glyphs, list markers and pictographs: the characters that lead or decorate a line without being its
words, defined once for every format reader. (The words they share: :mod:`cvlint.parse.typography`.)"""

import re
import unicodedata

# Glyphs that mark a list item wherever they appear at the start of a line.
_SYMBOLS = set("•▪▫◦●○■□➢➤►▶❖✓✔✗–—·⁃∙‣⦿◆◇❯›»→⇒☐☑⮚")
# ASCII markers count only when followed by white space ("- item", "* item", "o item").
_ASCII = re.compile(r"^(?:[-*+>o]|\d{1,2}[.)]|[a-h][.)]|\(\d{1,2}\))\s+")
_CID = re.compile(r"^(?:\(cid:\d+\)\s*)+")

PRIVATE_USE = range(0xE000, 0xF900)   # the code points icon fonts, Symbol and Wingdings put their glyphs at
_PRIVATE = f"{chr(PRIVATE_USE[0])}-{chr(PRIVATE_USE[-1])}"
PRIVATE_USE_RUN = re.compile(f"[{_PRIVATE}]+")
# Pictographs: emoji and other pictures (U+1F000 on), miscellaneous symbols and dingbats, the emoji of the
# technical block (⌚, ⏰), stars, and icon-font glyphs (private use).
_PICTOGRAPHS = f"\U0001F000-\U0010FFFF\u2600-\u27BF\u231A-\u23FF\u2B50-\u2B59{_PRIVATE}"
# What joins or modifies an emoji: variation selectors, the zero-width joiner, skin tones.
_MODIFIERS = "\uFE00-\uFE0F\u200D\U0001F3FB-\U0001F3FF"
_PICTOGRAPH = re.compile(f"[{_PICTOGRAPHS}]")
_MODIFIER = re.compile(f"[{_MODIFIERS}]")
# A run of pictographs and the arrows, shapes and bullets beside them, with the white space around it: what
# labels the parts of a contact line ("📧 ana@example.com  ☎ +44 …").
_BESIDE = "\u2190-\u21FF\u25A0-\u25FF\u2B00-\u2BFF\u2022"   # arrows, geometric shapes, "•"
SYMBOL_RUN = re.compile(f"\\s*(?:[{_PICTOGRAPHS}{_MODIFIERS}{_BESIDE}])+\\s*")


def is_pictograph(ch: str) -> bool:
    """An emoji, dingbat or icon-font glyph (☎, ★, ✉, 📧): a picture, not a bullet shape (•, ■, -)."""
    return bool(ch) and bool(_PICTOGRAPH.match(ch))


def is_symbol(ch: str) -> bool:
    """A character that is a picture rather than text: any Unicode symbol (So, Sk), private use (icon fonts),
    unassigned (emoji newer than Python's tables), or what joins or modifies an emoji."""
    return unicodedata.category(ch) in ("So", "Sk", "Co", "Cn") or bool(_MODIFIER.match(ch))


def is_glyph(ch: str) -> bool:
    """A character that can lead a list item: a bullet shape, a symbol, or a format character inside emoji."""
    return ch in _SYMBOLS or is_symbol(ch) or unicodedata.category(ch) == "Cf"


def strip_glyph(text: str) -> tuple[str, bool]:
    """Remove a leading bullet glyph or list marker; return the text and whether one was there."""
    s = text.strip()
    had = False
    cid = _CID.match(s)
    if cid:
        s, had = s[cid.end():], True
    i = 0
    while i < len(s) and (is_glyph(s[i]) or (had and s[i].isspace())):
        i += 1
        had = True
    s = s[i:].lstrip()
    m = _ASCII.match(s)
    if m and not had:
        s, had = s[m.end():], True
    return s.strip(), had
