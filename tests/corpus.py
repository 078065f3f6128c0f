"""Where the shared corpus is, and the mark that skips a test when it is not beside this checkout.

The decision is one stat of a folder: collecting the tests never opens a corpus file, so a fresh clone with no
`../shared` collects and passes."""

from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def needs(folder: str) -> pytest.MarkDecorator:
    """Skip unless `../shared/corpus/<folder>` exists."""
    return pytest.mark.skipif(not (CORPUS / folder).is_dir(),
                              reason=f"the shared corpus (../shared/corpus/{folder}) is not beside this checkout")
