"""Where results go: stdout or a file (streamed, appended or written atomically), in the chosen format."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def sink(path: str | None, *, append: bool = False, atomic: bool = True):
    """Where output goes: stdout, a file streamed row by row (append/stream), or a file written atomically."""
    if path is None or path == "-":
        yield sys.stdout
        return
    target = Path(path)
    if append or not atomic:
        with target.open("a" if append else "w", encoding="utf-8", newline="") as fh:
            yield fh
        return
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            yield fh
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def console(stream, *, stderr: bool = False):
    """A rich console on `stream`: colours and width from a terminal, plain 160 columns into a file or pipe."""
    from rich.console import Console

    tty = hasattr(stream, "isatty") and stream.isatty()
    return Console(file=stream, stderr=stderr, highlight=False, soft_wrap=not tty, width=None if tty else 160,
                   no_color=bool(os.environ.get("NO_COLOR")) or None)


def write_results(results: Iterable[dict], outcome, fmt: str, out: str | None, *, append: bool, statistics: bool,
                  quiet: bool, verbose: bool, many: bool, rules=None) -> None:
    """Write result rows in `fmt`, each row also to `outcome` (its `add`); JSONL, CSV and GitHub annotations are
    written as each row arrives. One CV's failure is also said on stderr, in one line. `rules`: the catalog the
    analysis used, whose `coach:` keys give one CV's text report its rewrites."""
    from cvlint.output import json as js, tabular, text

    if fmt in ("jsonl", "csv", "github"):
        with sink(out, append=append, atomic=False) as fh:
            if fmt == "csv" and not append:
                fh.write(tabular.csv_header())
            for obj in results:
                outcome.add(obj)
                fh.write(js.render_jsonl_line(obj) if fmt == "jsonl" else
                         tabular.csv_line(obj) if fmt == "csv" else tabular.github_lines(obj))
                fh.flush()
        return
    objs = list(results)
    for obj in objs:
        outcome.add(obj)
    with sink(out) as fh:
        if fmt == "json":
            fh.write(js.render_json(objs))
            return
        if statistics:
            text.render_statistics(objs, console(fh))
        elif many:
            text.render_table(objs, console(fh), totals=not quiet)
        else:
            text.render_report(objs[0], console(fh), verbose=verbose, rules=rules)
    if not many:
        from cvlint.sanitize import clean

        for o in objs:
            if o["status"] != "ok":
                print(f"cvlint: {clean(o['file'])}: {clean(o['error']['message'])}", file=sys.stderr)


def write_overview(rows: list[dict], out: str | None, annotations: str | None, *, source: str) -> None:
    """The batch overview page, each row linked to its annotated copy in `annotations` when given."""
    from cvlint.output.overview import annotation_links, render_page

    links = annotation_links(rows, annotations, out if out != "-" else None) if annotations else None
    with sink(out) as fh:
        fh.write(render_page(rows, source=source, links=links))
