"""The tier model: CV-level features from a Document and its findings, a calibrated classifier, salary bands."""
