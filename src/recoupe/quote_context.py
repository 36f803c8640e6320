"""What the quote rules read: the lexicon, the document being read, and who a subject phrase names."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from recoupe import data, verbforms
from recoupe.records import Quote
from recoupe.sentences import QuotedSpan, Sentence, quoted_spans
from recoupe.speakers import Focus

VERB_WORD = re.compile(r"[\w’'-]+")
# "a déclaré à l'AFP le chanteur", "a poursuivi dans un communiqué le parti": the verb's complement first.
_LEADING_COMPLEMENT = re.compile(r"\s*(?i:à|au|aux|dans|sur|sous|devant|en|auprès\s+d[eu'’]?)\s*"
                                 r"(?:(?i:la|le|les|l['’]|un|une|son|sa|ses)\s*)?[\w'’-]+"
                                 r"(?:\s+(?:[A-Z0-9][\w'’-]*|de|du|des|d['’]\w+))*\s+(?=\S)")
DEFINITE = re.compile(r"^(?:(?:le|la)\s+|l['’]\s*)\w", re.IGNORECASE)  # "l'expert", not "les experts"
DEMONSTRATIVE = re.compile(r"^(?:ce|cet|cette)\s+\w", re.IGNORECASE)  # "ce faucon républicain", "cet ancien avocat"
# A preposition (and article) right before a name: the name is not a subject ("de l'Union européenne").
GOVERNED = re.compile(r"(?i)(?<!\w)(?:de|du|des|d['’]|à|au|aux|en|par|pour|avec|sur|sous|dans|entre|contre|vers|chez)"
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
    generic_org_nouns: frozenset[str]
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
                   frozenset(raw["org_nouns"]), frozenset(raw["generic_org_nouns"]), verbforms.forms(reporting))


@dataclass(slots=True)
class Context:
    """One document being read: its text, mentions, and who spoke last."""

    text: str
    mentions: list[tuple[int, int, str, str]]  # (start, end, entity key, label), by start
    lex: Lexicon
    focus: Focus
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




def pick(ctx: Context, start: int, end: int) -> tuple[str, int, int] | None:
    """The speaker named in a subject phrase: a person if there is one, else its first entity."""
    found = ctx.mentions_in(start, end)
    if not found:
        return None
    best = next((m for m in found if m[3] == "PER"), found[0])
    return best[2], best[0], best[1]


def subject_phrase(ctx: Context, start: int, end: int, *, inverted: bool = False) -> tuple[str | None, int, int]:
    """Speaker of a subject phrase: a named entity, a pronoun, or a definite description of a person.

    An inverted subject (after a speech verb) may follow a complement of the verb ("a déclaré à l'AFP le
    chanteur"), and any definite description there names the speaker ("précise le rectorat")."""
    if inverted:
        pp = _LEADING_COMPLEMENT.match(ctx.text, start, end)
        rest = ctx.text[pp.end():end] if pp else ""
        if pp and (ctx.mentions_in(pp.end(), end) or DEFINITE.match(rest)
                   or rest.split(" ")[0].casefold() in ctx.lex.pronouns):  # "expliquait en 2017 celle qui"
            start = pp.end()
    phrase = ctx.text[start:end].strip(" ,")
    offset = start + ctx.text[start:end].find(phrase) if phrase else start
    head = re.sub(r"^(?:(?:le|la|les|un|une|des|ce|cette)\s+|l['’]\s*)", "", phrase.casefold()).split(" ")[0]
    found = ctx.mentions_in(start, end)
    free = [m for m in found if not GOVERNED.search(ctx.text[max(0, m[0] - 16):m[0]])]
    # "à l'AFP M. Ravier": the name no preposition governs speaks; "un porte-parole de la Maison Blanche"
    # speaks for the institution; "le tribunal administratif de Montreuil" is not Montreuil speaking.
    described = not free and head in ctx.lex.person_nouns and (DEFINITE.match(phrase) or DEMONSTRATIVE.match(phrase))
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
    definite = bool(DEMONSTRATIVE.match(phrase) or DEFINITE.match(phrase))
    if words <= 8 and definite and head in ctx.lex.org_nouns:  # "le parti", "ce communiqué", "le rectorat"
        specific = head not in ctx.lex.generic_org_nouns  # "le parquet" names a body, "le parti" any party
        return ctx.focus.organisation(start, head, named_only=specific), offset, offset + len(phrase)
    if words <= 8 and definite and (inverted or head in ctx.lex.person_nouns or ctx.focus.titled(phrase)):
        # "l'expert en études coréennes", "ce faucon républicain", "le ministre de l'Intérieur"
        return ctx.focus.description(start, phrase), offset, offset + len(phrase)
    return None, offset, offset


def inside_quote(text: str, sent: Sentence, at: int) -> bool:
    return any(q.open <= at < q.close for q in _spans(text, sent.start, sent.end))


@lru_cache(maxsize=256)
def _spans(text: str, start: int, end: int) -> tuple[QuotedSpan, ...]:
    """The quoted spans of a sentence, computed once: every token test asks for them."""
    return tuple(quoted_spans(text, start, end))


def record(ctx: Context, quote: Quote) -> Quote:
    if quote.speaker_key and any(m[2] == quote.speaker_key and m[3] in ("PER", "ORG") for m in ctx.mentions):
        ctx.focus.add(quote.start, quote.speaker_key)
    return quote


def make(ctx: Context, start: int, end: int, direct: bool, who: tuple[str | None, int | None, int | None]) -> Quote:
    key, s, e = who
    speaker_text = ctx.text[s:e] if key and s is not None and e is not None and e > s else None
    return Quote(start, end, ctx.text[start:end], direct, key, s if speaker_text else None,
                 e if speaker_text else None, speaker_text)


