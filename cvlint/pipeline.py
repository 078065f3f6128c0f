"""Analyse CVs: parse -> lint -> classify, one spaCy pass over all the CVs given together."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Sequence

from cvlint.errors import CvlintError
from cvlint.limits import Limits
from cvlint.model import Document, Failure, Finding, Report, TierVerdict
from cvlint.run.failures import failure

Source = str | Path | bytes


@dataclass(frozen=True)
class Options:
    """Everything that changes an analysis; picklable, so worker processes get the same."""

    model: str | None = None
    rules_dirs: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    min_severity: str = "suggestion"
    rule_levels: tuple[tuple[str, str], ...] = ()
    market: str | None = None
    limits: Limits = field(default_factory=Limits)
    pdf_engine: str = "pdfium"   # the character source that reads PDFs (config.PDF_ENGINES)
    debug: bool = False

    @classmethod
    def from_settings(cls, s, debug: bool = False) -> Options:
        return cls(model=s["model"], rules_dirs=tuple(s["rules-dir"]), select=tuple(s["select"]),
                   ignore=tuple(s["ignore"]), extend_select=tuple(s["extend-select"]),
                   min_severity=s["min-severity"], rule_levels=tuple(sorted(s.rules.items())), market=s["market"],
                   limits=Limits(max_pages=s["max-pages"], max_bytes=int(s["max-file-mb"] * 1024 * 1024),
                                 max_uncompressed=int(s["max-uncompressed-mb"] * 1024 * 1024),
                                 max_paragraphs=s["max-paragraphs"], timeout=s["timeout"]),
                   pdf_engine=s["pdf-engine"], debug=debug)

    @classmethod
    def from_kwargs(cls, **kwargs) -> Options:
        limits = {k: kwargs.pop(k) for k in list(kwargs) if k in Limits.__dataclass_fields__}
        for key in ("rules_dirs", "select", "ignore", "extend_select"):
            if isinstance(kwargs.get(key), (list, str)):
                value = kwargs[key]
                kwargs[key] = tuple(value.split(",") if isinstance(value, str) else value)
        return cls(**kwargs, limits=Limits(**limits))


def parse_one(label: str, source: Source, options: Options) -> Document | Failure:
    """Parse one input: a problem with the file (a CvlintError, raised where a library refused it, or memory run
    out on it) becomes a Failure with its error code. Anything else is a bug in cvlint and propagates: the caller
    reports it as `internal`, or shows its traceback under --debug."""
    from cvlint.parse import parse

    try:
        return parse(source, name=label, limits=options.limits, pdf_engine=options.pdf_engine)
    except (CvlintError, MemoryError) as exc:  # memory run out is a refusal too (a worker's cap, or the machine's)
        if options.debug and isinstance(exc, MemoryError):
            raise
        return failure(label, exc, timeout=options.limits.timeout, reading=True)


_catalogs: dict[tuple, object] = {}


def catalogs_for(options: Options):
    """(judged, shown): every rule, which the tier model was trained on, and the rules the options select for
    display (per-rule levels from the configuration applied). Cached per process."""
    from cvlint.lint.catalog import load_catalog

    key = (options.rules_dirs, options.rule_levels, options.select, options.ignore, options.extend_select,
           options.min_severity)
    if key not in _catalogs:
        judged = load_catalog(options.rules_dirs)
        shown = judged.configure(dict(options.rule_levels)).select(options.select or None, options.ignore,
                                                                   options.extend_select, options.min_severity)
        _catalogs[key] = (judged, shown)
    return _catalogs[key]


def tool_info(options: Options) -> dict:
    """The `tool` block of a report: versions of cvlint, the spaCy pipeline, the tier model and the rules, and the
    engine that read PDFs."""
    from cvlint import __version__
    from cvlint.nlp import describe, load
    from cvlint.tier.classify import model_name

    judged = catalogs_for(options)[0]
    return {"name": "cvlint", "version": __version__, "spacy_model": describe(load(options.model, lean=judged)),
            "tier_model": model_name(), "rules": judged.digest, "pdf_engine": options.pdf_engine}


def _shown(findings: Sequence[Finding], shown) -> tuple[Finding, ...]:
    """The findings the user asked to see, at the severity their configuration gives each rule."""
    levels = {rule.id: rule.severity for rule in shown.rules}
    return tuple(f if f.severity == levels[f.rule_id] else replace(f, severity=levels[f.rule_id])
                 for f in findings if f.rule_id in levels)


def analyse_documents(docs: Sequence[Document], options: Options) -> list[Report]:
    """Lint and classify parsed documents together: one nlp.pipe over all their bullets.

    The tier always sees every rule's findings (selection changes what is shown, never the verdict)."""
    from cvlint.lint.engine import judge
    from cvlint.nlp import load
    from cvlint.tier.classify import classify, market_band

    judged, shown = catalogs_for(options)
    english = [d for d in docs if d.language == "en"]
    judgements = dict(zip(map(id, english), judge(english, judged, load(options.model, lean=judged)))) \
        if english else {}
    reports = []
    for doc in docs:
        if doc.language != "en":
            reports.append(Report(doc.path, doc, (), TierVerdict(label=None, unavailable="unsupported-language")))
            continue
        j = judgements[id(doc)]
        tier = classify(j.document, j.findings, j.unjudged)
        reports.append(Report(doc.path, j.document, _shown(j.findings, shown), tier,
                              market_band(tier, options.market), j.unjudged))
    return reports


def analyse(sources: Sequence[tuple[str, Source]], options: Options) -> list[Report | Failure]:
    """Analyse (label, path-or-bytes) inputs; one result per input, in input order."""
    parsed = [parse_one(label, source, options) for label, source in sources]
    docs = [p for p in parsed if isinstance(p, Document)]
    done = iter(analyse_documents(docs, options))
    return [p if isinstance(p, Failure) else next(done) for p in parsed]
