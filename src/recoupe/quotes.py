"""Quotes stage: direct, partial, block and reported quotes, each with its speaker.

The rules (`attribution.py`, reading through `quote_context.py`) answer first, in order; the speaker
model (`speaker_model.py`), when one is given or shipped, then weighs their answer against every person
of the document.
"""

from __future__ import annotations

import re
from typing import Any

from recoupe import speaker_model
from recoupe.attribution import block_attribution, speaker
from recoupe.kb import KnowledgeBase
from recoupe.quote_context import Context, lexicon, make, record
from recoupe.records import Document, LocalEntity, Quote, RoleClaim
from recoupe.reported import reported
from recoupe.sentences import QuotedSpan, Sentence, quoted_spans, sentences
from recoupe.speaker_model import Model
from recoupe.speakers import Focus

_INTERTITLE = re.compile(r"-\s*[«\"“]")
_INTERTITLE_END = re.compile(r"\s*-")
_NAME_WORDS = 5  # a title or a name in quotation marks is short
_TERM_WORDS = 4  # and so is a term in scare quotes


def find_quotes(doc: Document, spacy_doc: Any, entities: tuple[LocalEntity, ...],
                roles: tuple[RoleClaim, ...] = (), kb: KnowledgeBase | None = None,
                model: Model | None = None, *, use_model: bool = True) -> tuple[Quote, ...]:
    """Every quote of the document with the local entity that said it, or None.

    The rules answer first; the speaker model (`model`, else the bundled one, unless `use_model` is
    False) then weighs their answer against every person of the document."""
    chosen = (model or speaker_model.bundled()) if use_model else None
    return tuple(q for q, _ in _attribute(doc, spacy_doc, entities, roles, kb, chosen, features=chosen is not None))


def attribution_cases(doc: Document, spacy_doc: Any, entities: tuple[LocalEntity, ...],
                      roles: tuple[RoleClaim, ...] = (), kb: KnowledgeBase | None = None,
                      ) -> list[tuple[Quote, dict[str, dict[str, float]]]]:
    """Each quote as the rules attribute it, with the speaker model's features of every candidate (training)."""
    return _attribute(doc, spacy_doc, entities, roles, kb, None, features=True)


def _attribute(doc: Document, spacy_doc: Any, entities: tuple[LocalEntity, ...], roles: tuple[RoleClaim, ...],
               kb: KnowledgeBase | None, model: Model | None, *,
               features: bool) -> list[tuple[Quote, dict[str, dict[str, float]]]]:
    text = doc.text
    sents = sentences(text)
    ctx = Context(text, sorted((m.start, m.end, e.key, m.label) for e in entities for m in e.mentions), lexicon(),
                   Focus(text, spacy_doc, sents, entities, roles, kb, doc.published))
    out: list[Quote] = []
    cases: list[tuple[Quote, dict[str, dict[str, float]]]] = []

    def add(quote: Quote, open_: int, close: int, rule: str) -> None:
        feats = _features(ctx, sents, out, quote, open_, close, rule) if features else {}
        if model is not None:
            key, _ = speaker_model.choose(model, feats)
            if key != quote.speaker_key:
                quote = make(ctx, quote.start, quote.end, quote.direct, _mention_of(ctx, key, open_, close))
        out.append(record(ctx, quote))
        cases.append((quote, feats))

    for sent in sents:
        spans = quoted_spans(text, sent.start, sent.end)
        for q in spans:
            who = speaker(ctx, spacy_doc, sent, q.open, q.close, out)
            if ctx.rule != "inversion" and _INTERTITLE.search(text, max(0, q.open - 3), q.open + 1) \
                    and _INTERTITLE_END.match(text, q.close + 1):
                who = (None, None, None)  # '- « Vaincre le virus » -': an intertitle quotes, nobody says it here
            if who[0] is None and _a_name(text, spacy_doc, sent, q):
                continue  # « Interstellar », « Fly Rider », « Ségur de la Santé »: a title or a name, not words said
            add(make(ctx, q.start, q.end, True, who), q.open, q.close, ctx.rule)
        if not spans:
            block = block_attribution(ctx, sent) if len(text[sent.start:sent.end].split()) >= 6 else None
            if block and block[0]:
                add(make(ctx, sent.start, sent.end, True, block), sent.start, sent.end, "block")
                continue
            said = reported(ctx, spacy_doc, sent)
            if said:
                start, end, who = said
                end = start + len(text[start:end].rstrip(" .,;"))
                if end - start > 10:
                    add(make(ctx, start, end, False, who), start, end, "reported")
    return cases


def _a_name(text: str, sdoc: Any, sent: Sentence, q: QuotedSpan) -> bool:
    """Capitalised words in quotation marks inside a sentence, with no verb: a title, a nickname, a name."""
    words = text[q.start:q.end].split()
    if not words or len(words) > _NAME_WORDS or not text[sent.start:q.open].strip():
        return False
    if not words[0][:1].isupper() and len(words) > _TERM_WORDS:
        return False  # lowercase: a term ("gilets jaunes", "journée sans cheminots") only when short
    if text[q.end - 1] in ".!?…":
        return False
    span = sdoc.char_span(q.start, q.end, alignment_mode="expand")
    return span is not None and not any(t.pos_ in ("VERB", "AUX") for t in span)


def _features(ctx: Context, sents: list[Sentence], earlier: list[Quote], quote: Quote, open_: int, close: int,
              rule: str) -> dict[str, dict[str, float]]:
    said = (quote.speaker_text or "").casefold()
    previous = earlier[-1] if earlier else None
    situation = speaker_model.Situation(
        open_, close, ctx.focus.sentence(open_), rule, quote.speaker_key,
        said if said in ctx.lex.pronouns else None,
        any(m[0] == quote.speaker_start and m[2] == quote.speaker_key for m in ctx.mentions),
        previous.speaker_key if previous else None,
        ctx.focus.sentence(previous.start) if previous else None)
    return speaker_model.candidate_features(ctx.focus, ctx.mentions, sents[0].end if sents else 0, situation)


def _mention_of(ctx: Context, key: str | None, open_: int, close: int) -> tuple[str | None, int | None, int | None]:
    """A speaker chosen by the model, with the mention that names it nearest the quotation (before it first)."""
    if key is None:
        return None, None, None
    own = [m for m in ctx.mentions if m[2] == key and not open_ <= m[0] < close]
    if not own:
        return key, None, None
    before = [m for m in own if m[0] < open_]
    m = before[-1] if before else own[0]
    return key, m[0], m[1]

