"""Contact details in CV text — e-mail addresses, links, phone numbers — defined once for the parsers (a marker
before contact details is not a bullet; a unit that is only a contact detail is not judged) and the JSON Resume
export (which fills `basics`)."""

from __future__ import annotations

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}\b")   # "mAP@0.5" is not one
# a run of digits and separators, not glued to a word or a path, and not a year range ("2010 - 2014")
PHONE = re.compile(r"(?<![\w/])(?!(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d\b)\+?\d[\d ()./-]{6,}\d(?![\w/])")
# a top-level domain in lower case: "jane.dev" is a link, "ASP.NET" is not
URL = re.compile(r"(?:(?i:https?)://)?(?:(?i:www)\.)?(?:[\w-]+\.)+(?:com|io|dev|me|org|net|co|ai|uk|in|de|app|info"
                 r"|edu)(?:/[\w./%#?=&~+-]*)?")
# any of them, or a profile named in words ("LinkedIn"): how much of a line is contact detail
CONTACT = re.compile(rf"{EMAIL.pattern}|{PHONE.pattern}|{URL.pattern}|(?i:https?://\S+|linkedin|github)")
_LABEL = re.compile(r"^(?:e-?mail|phone|mobile|tel|cell|linkedin|github|website|web|portfolio)(?:\s*[:\-–]\s*|\s+)",
                    re.IGNORECASE)


def is_contact_only(text: str) -> bool:
    """Whether a unit is nothing but an e-mail address, a link or a phone number (9+ digits), maybe labelled."""
    t = _LABEL.sub("", text.strip()).rstrip(".")
    if EMAIL.fullmatch(t) or URL.fullmatch(t):
        return True
    phone = t.lstrip("(")   # "(123) 456-7890"
    return bool(PHONE.fullmatch(phone)) and sum(c.isdigit() for c in phone) >= 9
