"""Reported speech without quotation marks: the clause someone is said to have said, and who."""

from __future__ import annotations

import re
from typing import Any

from recoupe.attribution import CLAUSE_CUT, described_source, inversion, subject_of, verb_before
from recoupe.quote_context import Context, inside_quote, pick
from recoupe.sentences import Sentence

_COMPLEMENT_BETWEEN = re.compile(r"(?i)\s*(?:\w+\s+)?(?:en|dans|sur|lors\s+d['’]\w+|devant|à|au|auprès\s+d[eu'’]?)"
                                 r"(?:\s+[\w'’-]+){1,5}\s*,?\s*")


def reported(ctx: Context, sdoc: Any, sent: Sentence) -> tuple[int, int, tuple[str | None, int, int]] | None:
    """Reported speech without quotation marks: "X a déclaré que ...", "X a indiqué vouloir ...",
    "..., a déclaré X", "Selon X, ...", "..., selon X."."""
    text = ctx.text
    for m in re.finditer(r"\b(?:que|qu['’])\s*", text[sent.start:sent.end]):
        que = sent.start + m.start()
        verb = verb_before(ctx, sdoc, sent, que, judging_ok=False)
        between = text[verb.idx + len(verb.text):que] if verb is not None else ""
        # a few words may stand between ("a assuré par ailleurs que"), or a complement ("a annoncé en
        # conférence de presse qu'il")
        if verb is None or (len(between.split()) > 3 and not _COMPLEMENT_BETWEEN.fullmatch(between)):
            continue
        who = subject_of(ctx, verb, sent)
        if who and who[0]:
            start = sent.start + m.end()
            cut = CLAUSE_CUT.search(text, start, sent.end)
            return start, (cut.start() if cut else sent.end), who
    infinitive = _infinitive_clause(ctx, sdoc, sent)
    if infinitive:
        return infinitive
    inv = inversion(ctx, sent, sent.start)
    if inv and inv[1][0] and len(text[sent.start:inv[0]].split()) >= 6:
        return sent.start, inv[0], inv[1]
    low = text[sent.start:sent.end].casefold()
    for word in ctx.lex.according_to:
        if low.startswith(word + " "):
            comma = text.find(",", sent.start, sent.end)
            named = _source(ctx, sent.start + len(word) + 1, comma) if comma > 0 else None
            if named and named[0]:
                return comma + 1 + (len(text[comma + 1:]) - len(text[comma + 1:].lstrip())), sent.end, named
        final = re.search(rf",\s*{re.escape(word)}\s+(?P<who>[^,;:«»\"]{{2,60}})[.!?]?\s*$", low)
        if final and len(low[:final.start()].split()) >= 6:  # "Une journée ... sera organisée, selon Europe 1."
            named = _source(ctx, sent.start + final.start("who"), sent.start + final.end("who"))
            if named and named[0]:
                return sent.start, sent.start + final.start(), named
    return None


def _source(ctx: Context, start: int, end: int) -> tuple[str | None, int, int] | None:
    """The source after "selon": a name, else a description ("selon la police", "selon le parquet")."""
    return pick(ctx, start, end) or described_source(ctx, start, end)


def _infinitive_clause(ctx: Context, sdoc: Any, sent: Sentence) -> tuple[int, int, tuple[str | None, int, int]] | None:
    """"Emmanuel Macron a indiqué vouloir actionner deux leviers", "Elior affirme avoir réalisé des enquêtes"."""
    span = sdoc.char_span(sent.start, sent.end, alignment_mode="contract")
    for tok in span or ():
        if tok.pos_ != "VERB" or not ctx.is_reporting(tok.idx, tok.text, judging_ok=False, inverted=False) \
                or inside_quote(ctx.text, sent, tok.idx):
            continue
        nxt = [t for t in tok.doc[tok.i + 1:tok.i + 4] if t.idx < sent.end]
        inf = next((t for t in nxt if "Inf" in t.morph.get("VerbForm") and t.head.i == tok.i
                    and t.dep_ in ("xcomp", "ccomp", "obj")), None)
        if inf is None or any(t.pos_ in ("PUNCT", "SCONJ") for t in nxt if t.i < inf.i):
            continue
        who = subject_of(ctx, tok, sent)
        if who and who[0]:
            cut = CLAUSE_CUT.search(ctx.text, inf.idx, sent.end)
            return inf.idx, (cut.start() if cut else sent.end), who
    return None


