"""The tier model: CV-level features from a Document and its findings, a random forest over them, salary bands."""
