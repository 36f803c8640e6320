"""Quotes stage: direct, partial, block and reported quotes, each with its speaker."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from recoupe import data, verbforms
from recoupe.records import Document, LocalEntity, Quote
from recoupe.sentences import QuotedSpan, Sentence, quoted_spans, sentences

_VERB_WORD = re.compile(r"[\w’'-]+")
# ", a toutefois déclaré X" / ", a-t-elle ajouté" / ", pointe X": the inversion after a quote or clause.
_INVERSION = re.compile(
    r",\s*(?:(?P<aux>a|ont|avait|avaient|aurait|auraient|est|sont|s['’]est)(?:-t)?(?:-(?P<p1>il|elle|ils|elles))?\s+)?"
    r"(?:(?:toutefois|également|encore|aussi|ensuite|enfin|alors|déjà|d['’]ailleurs|notamment|ainsi|pour sa part)\s+)*"
    r"(?P<verb>\w+)(?:-t)?(?:-(?P<p2>il|elle|ils|elles))?(?!\w)")
# Where an inverted subject ends: ", ajoutant que ...", ", interrogé sur ...", ", qui ...".
_SUBJECT_END = re.compile(r",\s+(?=\w+ant\b|qui\b|interrog|selon\b|lors\b|avant\b|après\b)|\s+qui\b|[;:!?]"
                          r"|(?<!\b[A-Z])\.|$")  # "a déclaré M. Scholz.": the initial's period is not the end
_DASH_LINE = re.compile(r"^[–—-]\s*")
_DEFINITE = re.compile(r"^(?:(?:le|la)\s+|l['’]\s*)\w", re.IGNORECASE)  # "l'expert", not "les experts"
_JUDGED_DISTANCE = 4  # "Borrell a qualifié cet accord d'« ... »": a judging verb governs a quote right after it
_CLAUSE_CUT = re.compile(r",\s+(?=\w+ant\b)|;")
# A preposition (and article) right before a name: the name is not a subject ("de l'Union européenne").
_GOVERNED = re.compile(r"(?i)(?<!\w)(?:de|du|des|d['’]|à|au|aux|en|par|pour|avec|sur|sous|dans|entre|contre|vers|chez)"
                       r"\s*(?:(?:la|le|les|l['’])\s*)?$")


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Word lists of the quote rules, from data/quotes.yaml."""

    reporting: frozenset[str]
    judging: frozenset[str]
    inverted_only: frozenset[str]
    according_to: tuple[str, ...]
    pronouns: frozenset[str]
    person_nouns: frozenset[str]
    forms: dict[str, str]  # written form -> reporting verb


@cache
def lexicon() -> Lexicon:
    """The bundled reporting-verb lexicon (loaded once per process)."""
    raw = data.load("quotes.yaml")
    heads = data.load("roles.yaml")["heads"]
    inverted_only = frozenset(raw["inverted_only"])
    reporting = frozenset(raw["reporting"]) | inverted_only
    return Lexicon(reporting, frozenset(raw["judging"]), inverted_only,
                   tuple(raw["according_to"]), frozenset(raw["pronouns"]),
                   frozenset(raw["person_nouns"]) | frozenset(h.split()[0] for h in heads),
                   verbforms.forms(reporting))


@dataclass(slots=True)
class _Context:
    """One document being read: its text, mentions, and who spoke last."""

    text: str
    mentions: list[tuple[int, int, str, str]]  # (start, end, entity key, label), by start
    lex: Lexicon
    last_person: list[tuple[int, str]] = field(default_factory=list)  # (offset, key) of people who spoke

    def is_reporting(self, start: int, word: str, *, judging_ok: bool = True, inverted: bool = True) -> bool:
        verb = self.lex.forms.get(word.casefold())
        if verb is None:
            return False
        return (judging_ok or verb not in self.lex.judging) and (inverted or verb not in self.lex.inverted_only)

    def mentions_in(self, start: int, end: int) -> list[tuple[int, int, str, str]]:
        return [m for m in self.mentions if start <= m[0] and m[1] <= end]

    def person_before(self, offset: int) -> str | None:
        """The last person who spoke before `offset`, else the last person named: "il", "elle", "l'expert"."""
        spoke = [key for at, key in self.last_person if at < offset]
        if spoke:
            return spoke[-1]
        named = [m[2] for m in self.mentions if m[1] <= offset and m[3] == "PER"]
        return named[-1] if named else None




def _pick(ctx: _Context, start: int, end: int) -> tuple[str, int, int] | None:
    """The speaker named in a subject phrase: a person if there is one, else its first entity."""
    found = ctx.mentions_in(start, end)
    if not found:
        return None
    best = next((m for m in found if m[3] == "PER"), found[0])
    return best[2], best[0], best[1]


def _subject_phrase(ctx: _Context, start: int, end: int) -> tuple[str | None, int, int]:
    """Speaker of a subject phrase: a named entity, a pronoun, or a definite description of a person."""
    phrase = ctx.text[start:end].strip(" ,")
    offset = start + ctx.text[start:end].find(phrase) if phrase else start
    head = re.sub(r"^(?:(?:le|la|les|un|une|des|ce|cette)\s+|l['’]\s*)", "", phrase.casefold()).split(" ")[0]
    found = ctx.mentions_in(start, end)
    free = [m for m in found if not _GOVERNED.search(ctx.text[max(0, m[0] - 16):m[0]])]
    # "à l'AFP M. Ravier": the name no preposition governs speaks; "un porte-parole de la Maison Blanche"
    # speaks for the institution; "le tribunal administratif de Montreuil" is not Montreuil speaking.
    pool = free or (found if head in ctx.lex.person_nouns else [])
    if pool:
        best = next((m for m in pool if m[3] == "PER"), pool[0])
        return best[2], best[0], best[1]
    first = phrase.split(" ")[0].casefold() if phrase else ""
    if first in ctx.lex.pronouns:
        return ctx.person_before(start), offset, offset + len(first)
    if _DEFINITE.match(phrase) and len(phrase.split()) <= 8 and head in ctx.lex.person_nouns:
        return ctx.person_before(start), offset, offset + len(phrase)  # "l'expert en études coréennes"
    return None, offset, offset


def _inversion(ctx: _Context, sent: Sentence, after: int) -> tuple[int, tuple[str | None, int, int]] | None:
    """", a déclaré X" / ", a-t-elle ajouté" / ", pointe X" after `after`: where it starts, and who."""
    region = ctx.text[after:sent.end]
    for m in _INVERSION.finditer(region):
        verb_at, verb = after + m.start("verb"), m.group("verb")
        if verb.endswith("ant") or not ctx.is_reporting(verb_at, verb) or _inside_quote(ctx.text, sent, verb_at):
            continue  # ", confirmant les informations fournies par Séoul" is a participle, not an inversion
        pronoun = m.group("p1") or m.group("p2")
        if pronoun:
            at = after + m.start("p1" if m.group("p1") else "p2")
            who = ctx.person_before(at) if pronoun in ctx.lex.pronouns else None
            return after + m.start(), (who, at, at + len(pronoun))
        rest_start = after + m.end()
        stop = _SUBJECT_END.search(ctx.text, rest_start, sent.end)
        return after + m.start(), _subject_phrase(ctx, rest_start, stop.start() if stop else sent.end)
    return None


def _after_inversion(ctx: _Context, sent: Sentence, after: int) -> tuple[str | None, int, int] | None:
    found = _inversion(ctx, sent, after)
    return found[1] if found else None


def _inside_quote(text: str, sent: Sentence, at: int) -> bool:
    return any(q.open <= at < q.close for q in _spans(text, sent.start, sent.end))


@lru_cache(maxsize=256)
def _spans(text: str, start: int, end: int) -> tuple[QuotedSpan, ...]:
    """The quoted spans of a sentence, computed once: every token test asks for them."""
    return tuple(quoted_spans(text, start, end))


def _agent(ctx: _Context, sent: Sentence, after: int) -> tuple[str | None, int, int] | None:
    """"qualifié de « ... » par X", "jugée « inacceptable » par Tokyo"."""
    m = re.match(r"\s*(?:\w+\s+){0,2}?par\s+", ctx.text[after:sent.end])
    if not m:
        return None
    start = after + m.end()
    stop = _SUBJECT_END.search(ctx.text, start, sent.end)
    return _pick(ctx, start, stop.start() if stop else sent.end)


def _according_to(ctx: _Context, sent: Sentence) -> tuple[str | None, int, int] | None:
    """"selon X" / "d'après X" in the sentence, outside the quote."""
    low = ctx.text[sent.start:sent.end].casefold()
    for word in ctx.lex.according_to:
        for m in re.finditer(rf"(?<!\w){re.escape(word)}\s+", low):
            start = sent.start + m.end()
            named = _pick(ctx, start, min(sent.end, start + 60))
            if named and ctx.text[start:named[1]].count(" ") <= 2 and not _inside_quote(ctx.text, sent, start):
                return named
    return None


def _verb_before(ctx: _Context, sdoc: Any, sent: Sentence, before: int, *, judging_ok: bool) -> Any:
    """The closest reporting verb token before an offset in the sentence, not inside a quote."""
    best = None
    for tok in sdoc.char_span(sent.start, before, alignment_mode="contract") or ():
        # Auxiliaries never report; adjectives only as participles ("s'est déclaré prêt").
        if (tok.pos_ == "VERB" or (tok.pos_ == "ADJ" and tok.text.endswith(("é", "ée", "és", "ées", "t"))))\
                and ctx.is_reporting(tok.idx, tok.text, judging_ok=judging_ok, inverted=False) \
                and not _inside_quote(ctx.text, sent, tok.idx):
            best = tok
    return best


def _subject_of(ctx: _Context, verb: Any, sent: Sentence) -> tuple[str | None, int, int] | None:
    """The speaker who is the verb's subject: its nsubj phrase, else the words before it in the clause."""
    heads = [verb, verb.head] if verb.dep_ in ("xcomp", "conj") else [verb]
    for head in heads:
        for child in head.children:
            if child.dep_ in ("nsubj", "nsubj:pass", "expl:subj") and sent.start <= child.idx < verb.idx:
                sub = [t for t in child.subtree if sent.start <= t.idx < sent.end]
                return _subject_phrase(ctx, sub[0].idx, sub[-1].idx + len(sub[-1].text))
    if verb.text.endswith("ant"):
        return None  # "..., ajoutant que": a participle shares the subject of the clause it hangs on
    clause_start = max([sent.start, *(m.end() for m in re.finditer(r"\bque\b|\bqu['’]|[,;]\s+(?=et\b|mais\b)",
                                                                       ctx.text[sent.start:verb.idx]))])
    if clause_start != sent.start:
        clause_start += sent.start
    # The parse found no subject: the last entity before the verb that no preposition governs
    # ("le G7, composé de la France ... et de l'Union européenne, a condamné" -> the G7).
    named = [m for m in ctx.mentions_in(clause_start, verb.idx)
             if not _GOVERNED.search(ctx.text[max(0, m[0] - 16):m[0]])]
    if named:
        m = named[-1]
        return m[2], m[0], m[1]
    pronoun = re.search(r"(?i)(?<!\w)(il|elle)(?!\w)", ctx.text[clause_start:verb.idx])
    if pronoun:
        at = clause_start + pronoun.start()
        return ctx.person_before(at), at, at + len(pronoun.group())
    return None


def _speaker(ctx: _Context, sdoc: Any, sent: Sentence, open_: int, close: int,
             earlier: list[Quote]) -> tuple[str | None, int | None, int | None]:
    """Who said the quoted words between the marks at `open_` and `close`, by the first rule that applies."""
    found = _after_inversion(ctx, sent, close) or _agent(ctx, sent, close + 1) or _according_to(ctx, sent)
    verb = None
    if found is None:
        verb = _verb_before(ctx, sdoc, sent, open_, judging_ok=True)
        if verb is not None and ctx.lex.forms.get(verb.text.casefold()) in ctx.lex.judging and len(
                ctx.text[verb.idx + len(verb.text):open_].split()) > _JUDGED_DISTANCE:
            verb = _verb_before(ctx, sdoc, sent, open_, judging_ok=False)
        if verb is not None:
            found = _subject_of(ctx, verb, sent)
    if found is not None and found[0] is None:
        found = None
    # A reporting verb whose subject names nobody ("..., ajoutant que les relations « resteront
    # solides »") keeps the sentence's earlier speaker; with no reporting verb at all, a later
    # scare quote in the sentence stays unattributed.
    if found is None and verb is not None and earlier and earlier[-1].start >= sent.start:
        prev = earlier[-1]  # "..., ajoutant que les relations « resteront solides »": the same speaker
        return prev.speaker_key, prev.speaker_start, prev.speaker_end
    if found is None:
        return None, None, None
    return found


def _record(ctx: _Context, quote: Quote) -> Quote:
    if quote.speaker_key and any(m[2] == quote.speaker_key and m[3] == "PER" for m in ctx.mentions):
        ctx.last_person.append((quote.start, quote.speaker_key))
    return quote


def _make(ctx: _Context, start: int, end: int, direct: bool, who: tuple[str | None, int | None, int | None]) -> Quote:
    key, s, e = who
    speaker_text = ctx.text[s:e] if key and s is not None and e is not None and e > s else None
    return Quote(start, end, ctx.text[start:end], direct, key, s if speaker_text else None,
                 e if speaker_text else None, speaker_text)


def _block_attribution(ctx: _Context, sent: Sentence) -> tuple[str | None, int, int] | None:
    """A paragraph followed by "– Vladimir Poutine, président ...": the line names its speaker."""
    nxt = ctx.text[sent.end:].lstrip("\n")
    line_start = len(ctx.text) - len(nxt)
    line = nxt.split("\n", 1)[0]
    if not _DASH_LINE.match(line) or len(line.split()) > 20:
        return None
    return _pick(ctx, line_start, line_start + len(line))


def _reported(ctx: _Context, sdoc: Any, sent: Sentence) -> tuple[int, int, tuple[str | None, int, int]] | None:
    """Reported speech without quotation marks: "X a déclaré que ...", "..., a déclaré X", "Selon X, ..."."""
    text = ctx.text
    for m in re.finditer(r"\b(?:que|qu['’])\s*", text[sent.start:sent.end]):
        que = sent.start + m.start()
        verb = _verb_before(ctx, sdoc, sent, que, judging_ok=False)
        if verb is None or len(text[verb.idx + len(verb.text):que].split()) > 3:
            continue
        who = _subject_of(ctx, verb, sent)
        if who and who[0]:
            start = sent.start + m.end()
            cut = _CLAUSE_CUT.search(text, start, sent.end)
            return start, (cut.start() if cut else sent.end), who
    inv = _inversion(ctx, sent, sent.start)
    if inv and inv[1][0] and len(text[sent.start:inv[0]].split()) >= 6:
        return sent.start, inv[0], inv[1]
    for word in ctx.lex.according_to:
        if text[sent.start:sent.end].casefold().startswith(word + " "):
            comma = text.find(",", sent.start, sent.end)
            named = _pick(ctx, sent.start + len(word), comma) if comma > 0 else None
            if named and named[0]:
                return comma + 1 + (len(text[comma + 1:]) - len(text[comma + 1:].lstrip())), sent.end, named
    return None


def find_quotes(doc: Document, spacy_doc: Any, entities: tuple[LocalEntity, ...]) -> tuple[Quote, ...]:
    """Every quote of the document with the local entity that said it, or None."""
    text = doc.text
    ctx = _Context(text,
                   sorted((m.start, m.end, e.key, m.label) for e in entities for m in e.mentions), lexicon())
    out: list[Quote] = []
    for sent in sentences(text):
        spans = quoted_spans(text, sent.start, sent.end)
        for q in spans:
            who = _speaker(ctx, spacy_doc, sent, q.open, q.close, out)
            out.append(_record(ctx, _make(ctx, q.start, q.end, True, who)))
        if not spans:
            block = _block_attribution(ctx, sent) if len(text[sent.start:sent.end].split()) >= 6 else None
            if block and block[0]:
                out.append(_record(ctx, _make(ctx, sent.start, sent.end, True, block)))
                continue
            reported = _reported(ctx, spacy_doc, sent)
            if reported:
                start, end, who = reported
                end = start + len(text[start:end].rstrip(" .,;"))
                if end - start > 10:
                    out.append(_record(ctx, _make(ctx, start, end, False, who)))
    return tuple(out)
