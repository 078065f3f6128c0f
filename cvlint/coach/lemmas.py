"""A word's lemmas as a verb or a noun from the pipeline's own lemmatizer tables (spaCy's lookups, loaded with the
pipeline), so the coach reads no second lemma table: "writing" -> ["write"], "account" as a noun -> ["account"]."""

from __future__ import annotations

from spacy.tokens import Doc


def lemmas(word: str, pos: str, nlp) -> list[str]:
    """The lemmas the lemmatizer's rules and exceptions give `word` as `pos` ("VERB" or "NOUN") that its index
    knows; none without a pipeline or for a word it does not know as `pos`."""
    if nlp is None or "lemmatizer" not in nlp.pipe_names:
        return []
    lemmatizer = nlp.get_pipe("lemmatizer")
    token = Doc(nlp.vocab, words=[word.lower()])[0]
    token.pos_ = pos
    index = lemmatizer.lookups.get_table("lemma_index").get(pos.lower(), ())
    return [form for form in lemmatizer.rule_lemmatize(token) if form in index]
