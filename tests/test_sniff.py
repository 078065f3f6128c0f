"""The format comes from the bytes, never the extension."""

import io
import zipfile

import pytest

from cvlint.errors import CvlintError
from cvlint.parse.sniff import sniff


def _zip(names: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in names.items():
            z.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize("data, fmt", [
    (b"%PDF-1.7\n...", "pdf"),
    (b"\n\n  garbage before %PDF-1.4 header", "pdf"),
    (_zip({"word/document.xml": b"<w:document/>"}), "docx"),
    (b'{"basics": {"name": "Ana"}, "work": []}', "json-resume"),
    (b"# Ana Costa\n## Experience\n- Led things", "markdown"),
    (b"Ana Costa\nEXPERIENCE\n- Led things", "text"),
    ("Ana Costa\nExperience\n".encode("utf-16"), "text"),
])
def test_format_from_content(data, fmt):
    assert sniff(data) == fmt


@pytest.mark.parametrize("data, code, words", [
    (b"", "empty", "empty"),
    (b"   \n\n", "empty", "white space"),
    (b"<!DOCTYPE html><html><body>CV</body></html>", "unsupported-format", "HTML"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "legacy-doc", ".doc"),
    (_zip({"notes.txt": b"hello"}), "unsupported-format", "ZIP"),
    (_zip({"ppt/slides/slide1.xml": b"<p/>"}), "unsupported-format", "PowerPoint"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "unsupported-format", "PNG"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64 + "EncryptedPackage".encode("utf-16-le"), "encrypted",
     "password-protected"),
    (b'{"name": "not a resume"}', "unsupported-format", "JSON"),
])
def test_unsupported_inputs_name_what_they_are(data, code, words):
    with pytest.raises(CvlintError) as exc:
        sniff(data)
    assert exc.value.code == code
    assert words in exc.value.message
