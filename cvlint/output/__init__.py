"""Formatters: Report -> str. Leaves of the pipeline; only cli.py calls them."""
