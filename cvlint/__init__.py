"""cvlint: a local, explainable CV impact analyzer."""

__version__ = "0.1.0"
