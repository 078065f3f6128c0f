"""Shared fixtures: one spaCy pipeline and one rule catalog for the whole test session, and a CLI runner."""

import pytest


@pytest.fixture(scope="session")
def nlp():
    from cvlint.nlp import load

    return load()


@pytest.fixture(scope="session")
def catalog():
    from cvlint.lint.catalog import load_catalog

    return load_catalog()


@pytest.fixture
def runner(tmp_path, monkeypatch):
    """A click runner in an empty folder, with no user or environment configuration to find."""
    from click.testing import CliRunner

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("CVLINT_CONFIG", raising=False)
    return CliRunner()
