"""Resource limits applied to every input; each is configurable, and each refusal names the option that raises it."""

from dataclasses import dataclass

# The command-line option that sets each limit (the configuration key is the same name without the leading dashes).
OPTION = {"max_pages": "--max-pages", "max_bytes": "--max-file-mb", "max_uncompressed": "--max-uncompressed-mb",
          "max_paragraphs": "--max-paragraphs", "timeout": "--timeout"}


@dataclass(frozen=True, slots=True)
class Limits:
    max_pages: int = 30
    max_bytes: int = 20 * 1024 * 1024
    max_uncompressed: int = 50 * 1024 * 1024
    max_paragraphs: int = 20_000
    timeout: float = 30.0


def mb(size: float) -> str:
    """A byte count in the unit of the `--max-*-mb` options (2**20 bytes, written MB): 20 MB is the 20 MB limit."""
    return f"{size / 2**20:,.1f}".removesuffix(".0") + " MB"


def raise_hint(limit: str) -> str:
    """The hint of a refusal past `limit` (a Limits field): the option that raises it."""
    return f"raise {OPTION[limit]} if the file is trusted"
