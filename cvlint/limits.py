"""Resource limits applied to every input (DESIGN §6); each is configurable."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Limits:
    max_pages: int = 30
    max_bytes: int = 20 * 1024 * 1024
    max_uncompressed: int = 50 * 1024 * 1024
    max_paragraphs: int = 20_000
    timeout: float = 30.0
