"""Quotes stage: direct, partial, block and reported quotes, each with its speaker."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from recoupe import data, speaker_model, verbforms
from recoupe.kb import KnowledgeBase
from recoupe.records import Document, LocalEntity, Quote, RoleClaim
from recoupe.sentences import QuotedSpan, Sentence, quoted_spans, sentences
from recoupe.speaker_model import Model
from recoupe.speakers import Focus

_VERB_WORD = re.compile(r"[\w’'-]+")
# ", a toutefois déclaré X" / ", a-t-elle ajouté" / ", pointe X": the inversion after a quote or clause.
_INVERSION_BODY = (
    r"(?:(?:lui|leur|l['’]|le|la|les|y|en)\s+)?(?:(?P<aux>a|ont|avait|avaient|aurait|auraient|est|sont|s['’]est)(?:[\s-]t)?(?:-(?P<p1>il|elle|ils|elles))?\s+)?"
    r"(?:(?:toutefois|également|encore|aussi|ensuite|enfin|alors|déjà|d['’]ailleurs|notamment|ainsi|pour sa part)\s+)*"
    r"(?:s['’]|se\s+)?(?P<verb>\w+)(?:[\s-]t)?(?:-(?P<p2>il|elle|ils|elles))?(?!\w)")
_INVERSION = re.compile(r",\s*" + _INVERSION_BODY)
# After a closing mark: the same, or with no comma ("… pictogrammes ! » s'alarme le député X").
_INVERSION_AFTER_QUOTE = re.compile(r"(?:,\s*|^[»”\"]\s*(?:,\s*)?)" + _INVERSION_BODY)
# Where an inverted subject ends: ", ajoutant que ...", ", interrogé sur ...", ", qui ...".
_SUBJECT_END = re.compile(r",\s+(?=\w+ant\b|qui\b|interrog|selon\b|lors\b|avant\b|après\b)|\s+qui\b|[;:!?]"
                          r"|\s+(?=(?:après|avant|lors|sans)\s|en\s+\w+ant\b)"
                          r"|(?<!\b[A-Z])\.|$")  # "a déclaré M. Scholz.": the initial's period is not the end
# "a déclaré à l'AFP le chanteur", "a poursuivi dans un communiqué le parti": the verb's complement first.
_LEADING_COMPLEMENT = re.compile(r"(?i)\s*(?:à|au|aux|dans|sur|sous|devant|en|auprès\s+d[eu'’]?)\s*(?:(?:la|le|les|l['’]|un|une"
                                 r"|son|sa|ses)\s*)?[\w'’-]+(?:\s+(?:[A-Z0-9][\w'’-]*|de|du|des|d['’]\w+))*\s+(?=\S)")
_FOR_WHOM = re.compile(r"(?i),\s*(?:pour|selon)\s+qui\b")
_NARRATIVE_INFINITIVE = re.compile(r"(?i)^\s*(?:et|puis)\s+d['’]\w+\s*:?\s*$|^\s*et\s+de\s+\w+\s*:?\s*$")
_STRESSED = re.compile(r"(?i)(lui|elle)(?!\w)")
_STRESSED_GENDER = {"lui": "il", "elle": "elle"}
# "Pour X, ..." opening a sentence: X's view follows (not "Pour la première fois, ...").
_TOPIC = re.compile(r"(?i)\s*pour\s+(?:(?P<pronoun>lui|elle)|(?P<who>[^,.;:«»\"]{2,80}?))\s*,")
_DASH_LINE = re.compile(r"^[–—-]\s*")
_DEFINITE = re.compile(r"^(?:(?:le|la)\s+|l['’]\s*)\w", re.IGNORECASE)  # "l'expert", not "les experts"
_DEMONSTRATIVE = re.compile(r"^(?:ce|cet|cette)\s+\w", re.IGNORECASE)  # "ce faucon républicain", "cet ancien avocat"
_CONTINUATION_CHARS = 400  # an attributed quotation and the next one standing alone, at most this far apart
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
    org_nouns: frozenset[str]
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
                   frozenset(raw["org_nouns"]), verbforms.forms(reporting))


@dataclass(slots=True)
class _Context:
    """One document being read: its text, mentions, and who spoke last."""

    text: str
    mentions: list[tuple[int, int, str, str]]  # (start, end, entity key, label), by start
    lex: Lexicon
    focus: Focus
    last_person: list[tuple[int, str]] = field(default_factory=list)  # (offset, key) of people who spoke
    rule: str = "none"  # the attribution rule that answered last

    def is_reporting(self, start: int, word: str, *, judging_ok: bool = True, inverted: bool = True) -> bool:
        verb = self.lex.forms.get(word.casefold())
        if verb is None:
            return False
        return (judging_ok or verb not in self.lex.judging) and (inverted or verb not in self.lex.inverted_only)

    def mentions_in(self, start: int, end: int) -> list[tuple[int, int, str, str]]:
        return [m for m in self.mentions if start <= m[0] and m[1] <= end]

    def person_before(self, offset: int, word: str = "") -> str | None:
        """The person a pronoun or determiner `word` at `offset` means: the focus, in gender agreement."""
        return self.focus.pronoun(offset, word)




def _pick(ctx: _Context, start: int, end: int) -> tuple[str, int, int] | None:
    """The speaker named in a subject phrase: a person if there is one, else its first entity."""
    found = ctx.mentions_in(start, end)
    if not found:
        return None
    best = next((m for m in found if m[3] == "PER"), found[0])
    return best[2], best[0], best[1]


def _subject_phrase(ctx: _Context, start: int, end: int, *, inverted: bool = False) -> tuple[str | None, int, int]:
    """Speaker of a subject phrase: a named entity, a pronoun, or a definite description of a person.

    An inverted subject (after a speech verb) may follow a complement of the verb ("a déclaré à l'AFP le
    chanteur"), and any definite description there names the speaker ("précise le rectorat")."""
    if inverted:
        pp = _LEADING_COMPLEMENT.match(ctx.text, start, end)
        if pp and (ctx.mentions_in(pp.end(), end) or _DEFINITE.match(ctx.text[pp.end():end])):
            start = pp.end()
    phrase = ctx.text[start:end].strip(" ,")
    offset = start + ctx.text[start:end].find(phrase) if phrase else start
    head = re.sub(r"^(?:(?:le|la|les|un|une|des|ce|cette)\s+|l['’]\s*)", "", phrase.casefold()).split(" ")[0]
    found = ctx.mentions_in(start, end)
    free = [m for m in found if not _GOVERNED.search(ctx.text[max(0, m[0] - 16):m[0]])]
    # "à l'AFP M. Ravier": the name no preposition governs speaks; "un porte-parole de la Maison Blanche"
    # speaks for the institution; "le tribunal administratif de Montreuil" is not Montreuil speaking.
    described = not free and head in ctx.lex.person_nouns and (_DEFINITE.match(phrase) or _DEMONSTRATIVE.match(phrase))
    if described:  # "le vice-président du FN", "la procureure de Versailles": the person holding the title
        who = ctx.focus.description(start, phrase)
        if who:
            return who, offset, offset + len(phrase)
    pool = free or (found if head in ctx.lex.person_nouns else [])
    if pool:
        best = next((m for m in pool if m[3] == "PER"), pool[0])
        return best[2], best[0], best[1]
    first = phrase.split(" ")[0].casefold() if phrase else ""
    if first in ctx.lex.pronouns:
        return ctx.person_before(start, first), offset, offset + len(first)
    words = len(phrase.split())
    definite = bool(_DEMONSTRATIVE.match(phrase) or _DEFINITE.match(phrase))
    if words <= 8 and definite and head in ctx.lex.org_nouns:  # "le parti", "ce communiqué", "le rectorat"
        return ctx.focus.organisation(start), offset, offset + len(phrase)
    if words <= 8 and (_DEMONSTRATIVE.match(phrase) or (_DEFINITE.match(phrase) and (
            inverted or head in ctx.lex.person_nouns or ctx.focus.titled(phrase)))):
        # "l'expert en études coréennes", "ce faucon républicain", "le ministre de l'Intérieur"
        return ctx.focus.description(start, phrase), offset, offset + len(phrase)
    return None, offset, offset


def _inversion(ctx: _Context, sent: Sentence, after: int,
               *, quote_end: bool = False) -> tuple[int, tuple[str | None, int, int]] | None:
    """", a déclaré X" / ", a-t-elle ajouté" / ", pointe X" after `after`: where it starts, and who.

    Right after a closing quotation mark (`quote_end`), an inverted subject pronoun marks the speaker
    whatever the verb ("», s'insurge-t-elle", "», préconise-t-il"), and the comma may be missing after
    "!" or "?" ("!» s'alarme X").
    """
    region = ctx.text[after:sent.end]
    pattern = _INVERSION_AFTER_QUOTE if quote_end else _INVERSION
    for m in pattern.finditer(region):
        verb_at, verb = after + m.start("verb"), m.group("verb")
        clitic = bool(m.group("p1") or m.group("p2"))
        adjacent = quote_end and m.start() <= 2 and clitic
        if verb.endswith("ant") or _inside_quote(ctx.text, sent, verb_at) or not (
                adjacent or ctx.is_reporting(verb_at, verb)):
            continue  # ", confirmant les informations fournies par Séoul" is a participle, not an inversion
        pronoun = m.group("p1") or m.group("p2")
        if pronoun:
            at = after + m.start("p1" if m.group("p1") else "p2")
            who = ctx.person_before(at, pronoun) if pronoun in ctx.lex.pronouns else None
            return after + m.start(), (who, at, at + len(pronoun))
        rest_start = after + m.end()
        stop = _SUBJECT_END.search(ctx.text, rest_start, sent.end)
        return after + m.start(), _subject_phrase(ctx, rest_start, stop.start() if stop else sent.end, inverted=True)
    return None


def _after_inversion(ctx: _Context, sent: Sentence, after: int) -> tuple[str | None, int, int] | None:
    found = _inversion(ctx, sent, after, quote_end=True)
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
            if _inside_quote(ctx.text, sent, start):
                continue
            pronoun = _STRESSED.match(ctx.text, start)  # "Selon lui, ...", "d'après elle"
            if pronoun:
                return ctx.person_before(start, _STRESSED_GENDER[pronoun.group(1).casefold()]), start, pronoun.end()
            named = _pick(ctx, start, min(sent.end, start + 60))
            if named and ctx.text[start:named[1]].count(" ") <= 2:
                return named
    for m in _FOR_WHOM.finditer(ctx.text, sent.start, sent.end):  # "X, la soixantaine, pour qui Y est « ... »"
        named = [n for n in ctx.mentions_in(max(sent.start, m.start() - 80), m.start()) if n[3] in ("PER", "ORG")]
        if named and not _inside_quote(ctx.text, sent, m.start()):
            return named[-1][2], named[-1][0], named[-1][1]
    topic = _TOPIC.match(ctx.text, sent.start, sent.end)  # "Pour Sara Brownstein, une habitante ..., « ... »"
    if topic:
        if topic.group("pronoun"):
            return ctx.person_before(sent.start, _STRESSED_GENDER[topic.group("pronoun").casefold()]), \
                topic.start("pronoun"), topic.end("pronoun")
        named = _pick(ctx, topic.start("who"), topic.end("who"))
        if named and ctx.text[topic.start("who"):named[1]].count(" ") <= 2:
            return named
        who = ctx.text[topic.start("who"):topic.end("who")]
        head = who.split()[1].casefold() if len(who.split()) > 1 else ""
        if _DEMONSTRATIVE.match(who) and head in ctx.lex.person_nouns:  # "Pour cette femme établie à X, « ... »"
            return ctx.focus.description(topic.start("who"), who), topic.start("who"), topic.end("who")
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
        # "..., ajoutant que", "Dénonçant une atteinte « sans précédent », l'ONG Golos a ...": a participle
        # shares the subject of the clause it hangs on, before or after it
        mains = [verb.head] if verb.head is not verb else [  # the parse may hang the main clause on it
            c for c in verb.children if c.dep_ in ("advcl", "conj", "parataxis") and c.pos_ == "VERB"]
        for main in (m for m in mains if m.pos_ in ("VERB", "AUX", "ADJ")):
            for child in main.children:
                if child.dep_ in ("nsubj", "nsubj:pass") and sent.start <= child.idx < sent.end \
                        and not _inside_quote(ctx.text, sent, child.idx):
                    own = {t.i for t in verb.subtree}
                    sub = [t for t in child.subtree if sent.start <= t.idx < sent.end and t.i not in own]
                    if sub:
                        return _subject_phrase(ctx, sub[0].idx, sub[-1].idx + len(sub[-1].text))
            if not main.text.endswith("ant"):
                return _subject_of(ctx, main, sent)  # no subject parsed: the main clause's own fallback
        return None
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
        return ctx.person_before(at, pronoun.group()), at, at + len(pronoun.group())
    return None


def _speaker(ctx: _Context, sdoc: Any, sent: Sentence, open_: int, close: int,
             earlier: list[Quote]) -> tuple[str | None, int | None, int | None]:
    """Who said the quoted words between the marks at `open_` and `close`, by the first rule that applies.

    The rule that answered is left in `ctx.rule` (the speaker model weighs it against the other people)."""
    found: tuple[str | None, int, int] | None = None
    rules: list[tuple[str, Callable[[], tuple[str | None, int, int] | None]]] = [
        ("inversion", lambda: _after_inversion(ctx, sent, close)), ("agent", lambda: _agent(ctx, sent, close + 1)),
        ("according", lambda: _according_to(ctx, sent)), ("colon_after", lambda: _colon_after(ctx, sdoc, sent, close))]
    for ctx.rule, rule in rules:
        found = rule()
        if found is not None:
            break
    verb = None
    if found is None:
        ctx.rule = "verb"
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
        ctx.rule = "sentence_speaker"
        prev = earlier[-1]  # "..., ajoutant que les relations « resteront solides »": the same speaker
        return prev.speaker_key, prev.speaker_start, prev.speaker_end
    if found is None and verb is None:
        ctx.rule = "colon_before"
        found = _colon_before(ctx, sdoc, sent, open_)
        if found is None:
            ctx.rule = "governing"
            found = _governing_subject(ctx, sdoc, sent, open_, close)
        if found is not None and found[0] is None:
            found = None
    if found is None:
        ctx.rule = "continued"
        who = _continued(ctx, sent, open_, close, earlier)
        if who[0] is None:
            ctx.rule = "none"
        return who
    return found


def _colon_after(ctx: _Context, sdoc: Any, sent: Sentence, close: int) -> tuple[str | None, int, int] | None:
    """"« Nous avons un objectif » : Olivier Véran annonce ...": a colon, then the speaker and a speech verb."""
    colon = re.match(r"\s*:\s*", ctx.text[close + 1:sent.end])
    if not colon:
        return None
    start = close + 1 + colon.end()
    span = sdoc.char_span(start, sent.end, alignment_mode="contract")
    verb = next((t for t in span or () if t.pos_ == "VERB"), None)
    if verb is None or not ctx.is_reporting(verb.idx, verb.text, inverted=False):
        return None
    return _subject_of(ctx, verb, Sentence(start, sent.end))


def _colon_before(ctx: _Context, sdoc: Any, sent: Sentence, open_: int) -> tuple[str | None, int, int] | None:
    """"Booba : « ... »", "X a apporté son soutien au site : « ... »": who the clause before the colon is about."""
    before = ctx.text[sent.start:open_]
    colon = re.search(r":\s*$", before)
    if not colon or _inside_quote(ctx.text, sent, sent.start + colon.start()):
        return None
    at = sent.start + colon.start()
    named = [m for m in ctx.mentions_in(sent.start, at) if m[3] in ("PER", "ORG")]
    if named and not ctx.text[named[-1][1]:at].strip():  # "Booba : « ... »"
        return named[-1][2], named[-1][0], named[-1][1]
    span = sdoc.char_span(sent.start, at, alignment_mode="contract")
    verbs = [t for t in span or () if t.pos_ == "VERB" and not _inside_quote(ctx.text, sent, t.idx)]
    return _subject_of(ctx, verbs[-1], sent) if verbs else None


def _governing_subject(ctx: _Context, sdoc: Any, sent: Sentence, open_: int,
                       close: int) -> tuple[str | None, int, int] | None:
    """The subject of the clause a quotation is part of: "Bernard Pivot « regrette » son interview",
    "Dénonçant une atteinte « sans précédent », l'ONG Golos a ...": the press quotes its subject's words."""
    span = sdoc.char_span(open_ + 1, close, alignment_mode="contract")
    if span is None or not len(span):
        return None
    tok = span.root
    for _ in range(5):
        subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubj:pass")
                    and not (open_ <= c.idx <= close) and sent.start <= c.idx < sent.end]
        if subjects:
            sub = [t for t in subjects[0].subtree if sent.start <= t.idx < sent.end]
            if _inside_quote(ctx.text, sent, sub[0].idx):
                return None
            return _subject_phrase(ctx, sub[0].idx, sub[-1].idx + len(sub[-1].text))
        finite = tok.pos_ in ("VERB", "AUX") and not set(tok.morph.get("VerbForm")) & {"Inf", "Part", "Ger"}
        if tok.head is tok or (tok.dep_ in ("ccomp", "advcl", "acl:relcl", "parataxis") and (
                finite or tok.dep_ == "acl:relcl")):
            return None  # a finite subordinate clause's quotation is not its main subject's
        tok = tok.head
    return None


def _continued(ctx: _Context, sent: Sentence, open_: int, close: int,
               earlier: list[Quote]) -> tuple[str | None, int | None, int | None]:
    """A quotation standing alone right after an attributed one goes on with the same speaker:
    "« ... », explique-t-il. « ... »" — unless another person is named in between."""
    before, after = ctx.text[sent.start:open_], ctx.text[close + 1:sent.end]
    inner = ctx.text[open_ + 1:close].strip()
    # Alone: nothing but a word or two around it, or a whole sentence quoted at the start of its
    # sentence (feeds that lost their paragraph breaks glue the next paragraph right after it).
    if _NARRATIVE_INFINITIVE.match(before):  # "Et d'ajouter : « ... »": the same speaker goes on
        before = ""
    alone = len(_VERB_WORD.findall(before)) <= 2 and (
        len(_VERB_WORD.findall(after)) <= 2 or (inner[-1:] in ".!?…" and len(inner.split()) >= 4))
    if not alone or not earlier or earlier[-1].speaker_key is None:
        return None, None, None
    prev = earlier[-1]
    between = (prev.end, open_)
    if between[1] - between[0] > _CONTINUATION_CHARS or any(
            between[0] < m[0] < between[1] and m[3] == "PER" and m[2] != prev.speaker_key
            and not ctx.focus.in_quote(m[0]) for m in ctx.mentions):
        return None, None, None
    return prev.speaker_key, prev.speaker_start, prev.speaker_end


def _record(ctx: _Context, quote: Quote) -> Quote:
    if quote.speaker_key and any(m[2] == quote.speaker_key and m[3] in ("PER", "ORG") for m in ctx.mentions):
        ctx.last_person.append((quote.start, quote.speaker_key))
        ctx.focus.add(quote.start, quote.speaker_key)
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
    ctx = _Context(text, sorted((m.start, m.end, e.key, m.label) for e in entities for m in e.mentions), lexicon(),
                   Focus(text, spacy_doc, sents, entities, roles, kb, doc.published))
    out: list[Quote] = []
    cases: list[tuple[Quote, dict[str, dict[str, float]]]] = []

    def add(quote: Quote, open_: int, close: int, rule: str) -> None:
        feats = _features(ctx, sents, out, quote, open_, close, rule) if features else {}
        if model is not None:
            key, _ = speaker_model.choose(model, feats)
            if key != quote.speaker_key:
                quote = _make(ctx, quote.start, quote.end, quote.direct, _mention_of(ctx, key, open_, close))
        out.append(_record(ctx, quote))
        cases.append((quote, feats))

    for sent in sents:
        spans = quoted_spans(text, sent.start, sent.end)
        for q in spans:
            who = _speaker(ctx, spacy_doc, sent, q.open, q.close, out)
            add(_make(ctx, q.start, q.end, True, who), q.open, q.close, ctx.rule)
        if not spans:
            block = _block_attribution(ctx, sent) if len(text[sent.start:sent.end].split()) >= 6 else None
            if block and block[0]:
                add(_make(ctx, sent.start, sent.end, True, block), sent.start, sent.end, "block")
                continue
            reported = _reported(ctx, spacy_doc, sent)
            if reported:
                start, end, who = reported
                end = start + len(text[start:end].rstrip(" .,;"))
                if end - start > 10:
                    add(_make(ctx, start, end, False, who), start, end, "reported")
    return cases


def _features(ctx: _Context, sents: list[Sentence], earlier: list[Quote], quote: Quote, open_: int, close: int,
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


def _mention_of(ctx: _Context, key: str | None, open_: int, close: int) -> tuple[str | None, int | None, int | None]:
    """A speaker chosen by the model, with the mention that names it nearest the quotation (before it first)."""
    if key is None:
        return None, None, None
    own = [m for m in ctx.mentions if m[2] == key and not open_ <= m[0] < close]
    if not own:
        return key, None, None
    before = [m for m in own if m[0] < open_]
    m = before[-1] if before else own[0]
    return key, m[0], m[1]
