"""Shared fixtures: one spaCy pipeline and one rule catalog for the whole test session."""

import pytest


@pytest.fixture(scope="session")
def nlp():
    from cvlint.nlp import load

    return load()


@pytest.fixture(scope="session")
def catalog():
    from cvlint.lint.catalog import load_catalog

    return load_catalog()
