"""The coach's workflow: rewrites and questions (`suggest`), annotated copies (`annotate`), JSON Resume (`export`).

Everything here returns data or writes the one output file asked for; the CLI (cvlint/cli.py) only calls
:func:`cvlint.coach.suggest.suggest_source`, :func:`cvlint.coach.annotate.annotate` and
:func:`cvlint.coach.export.export_source`.
"""
