"""Locate the data shipped with cvlint (rule packs, models) in a wheel or a source checkout."""

from functools import cache
from importlib.resources import files
from pathlib import Path


@cache
def data_dir(name: str) -> Path:
    """The folder `name` (``rules`` or ``models``): inside the wheel, else at the checkout's root."""
    packaged = files("cvlint") / "_data" / name
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / name
