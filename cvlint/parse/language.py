"""Detect the language a CV is written in (a non-English CV is parsed, then not judged)."""

import re
from dataclasses import replace

from cvlint.lexicon import lexicon
from cvlint.model import Document

_MIN_CHARS = 40
_WORD = re.compile(r"[^\W\d_]+")
_identifier = None
# Languages CVs are commonly written in; restricting the identifier avoids rare false labels.
_LANGUAGES = ["en", "de", "fr", "es", "it", "pt", "nl", "sv", "da", "no", "fi", "pl", "cs", "ro", "hu", "el", "tr",
              "ru", "uk", "ar", "he", "fa", "hi", "bn", "ur", "ta", "te", "zh", "ja", "ko", "id", "ms", "vi", "th"]


def _looks_english(text: str) -> bool:
    words = [w.lower() for w in _WORD.findall(text)]
    latin = sum(1 for w in words if w.isascii())
    if not words or latin < 0.8 * len(words):
        return False
    return sum(1 for w in words if w in lexicon("english-function-words")) >= 0.08 * len(words)


def detect(text: str) -> str:
    """ISO 639-1 code of the text's language; English when there is too little text to tell.

    A cheap function-word test settles most English CVs; py3langid (slow to load) names the others.
    """
    if len(text) < _MIN_CHARS or _looks_english(text):
        return "en"
    global _identifier
    if _identifier is None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        _identifier.set_languages(_LANGUAGES)
    lang, prob = _identifier.classify(text)
    return lang if prob >= 0.5 else "en"


def with_language(doc: Document) -> Document:
    text = " ".join([s.heading for s in doc.sections] + [b.text for b in doc.bullets])
    return replace(doc, language=detect(text))
