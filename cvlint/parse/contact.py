"""Contact details in CV text — e-mail addresses, links, phone numbers — defined once for the structure step
(which does not judge a unit that is only a contact detail) and the JSON Resume export (which fills `basics`)."""

from __future__ import annotations

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# a run of digits and separators, not glued to a word or a path, and not a year range ("2010 - 2014")
PHONE = re.compile(r"(?<![\w/])(?!(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d\b)\+?\d[\d ()./-]{6,}\d(?![\w/])")
URL = re.compile(r"(?:https?://)?(?:www\.)?(?:[\w-]+\.)+(?:com|io|dev|me|org|net|co|ai|uk|in|de|app|info"
                 r"|edu)(?:/[\w./%#?=&~+-]*)?", re.IGNORECASE)
_LABEL = re.compile(r"^(?:e-?mail|phone|mobile|tel|cell|linkedin|github|website|web|portfolio)(?:\s*[:\-–]\s*|\s+)",
                    re.IGNORECASE)


def is_contact_only(text: str) -> bool:
    """Whether a unit is nothing but an e-mail address, a link or a phone number (9+ digits), maybe labelled."""
    t = _LABEL.sub("", text.strip()).rstrip(".")
    if EMAIL.fullmatch(t) or URL.fullmatch(t):
        return True
    phone = t.lstrip("(")   # "(123) 456-7890"
    return bool(PHONE.fullmatch(phone)) and sum(c.isdigit() for c in phone) >= 9
