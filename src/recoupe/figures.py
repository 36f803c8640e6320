"""Figures stage: counted quantities with ranges, qualifiers, units and sources."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from text_to_num import text2num  # type: ignore[import-untyped]

from recoupe import data, nlp, verbforms
from recoupe.records import Document, Figure, LocalEntity, Quote

_SPACE = "[ \u00a0\u202f\u2009]"  # cleaning makes every space plain; the others are read all the same
# Our own word tokens: spaCy splits "10 000" in two, and a number must be one token here.
_TOKEN = re.compile(
    r"\d{1,3}(?:\.\d{3})+(?!\d)(?:,\d+)?"  # 3.000, 12.000: a dot before exactly three digits groups thousands
    rf"|\d{{1,3}}(?:{_SPACE}\d{{3}})+(?!\d)(?:,\d+)?"  # 10 000
    r"|\d+(?:,\d+)?(?:[^\W\d_]\w*)?"  # 397, 1,5, and glued identifiers that are no numbers: 35e, 21h45, 5G
    r"|[^\W\d_]+['’](?=\w|$)"  # elisions: d', l', jusqu' (at the end: the phrases of the word lists)
    r"|[^\W\d_]\w*(?:[-‐]\w+)*"  # words, with their hyphens: quatre-vingt-dix, F-16, COVID-19
    r"|\S")
_DIGITS = re.compile(r"\d[\d .,\u00a0\u202f\u2009]*")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_YEAR = re.compile(r"1\d{3}|20\d{2}|2100")
_ENTITY_LABELS = ("PER", "ORG", "GPE", "LOC")
_BREAK = re.compile(r"\n|[.!?…](?:[-–—] ?)?[A-ZÀ-ÖØ-Þ]")  # the parser joins what these separate
_INCISE = ("parataxis", "advcl")  # how the parser hangs "…, a indiqué la police" on the clause


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Word lists of the figure rules, from data/figures.yaml (phrases are stored as token tuples)."""

    qualifiers: tuple[tuple[tuple[str, ...], str], ...]  # (phrase, qualifier), longest phrase first
    multipliers: dict[str, float]
    approximations: dict[str, float]
    vague: tuple[tuple[str, ...], ...]
    number_words: frozenset[str]
    referential: tuple[tuple[str, ...], ...]
    not_units: frozenset[str]
    not_unit_phrases: tuple[tuple[str, ...], ...]
    identifiers: frozenset[str]
    year_words: tuple[tuple[str, ...], ...]
    count_nouns: frozenset[str]
    anaphora_links: frozenset[str]
    reporting: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Tok:
    start: int
    end: int
    text: str
    low: str  # casefolded, typographic apostrophe read as "'"


@dataclass(frozen=True, slots=True)
class _Number:
    value: float
    end: int  # index of the first token after the number
    approx: str | None  # "about" ("une centaine"), "at-least" ("des milliers"), else None
    scale: float  # the multiplier written after the number, 1 when none
    decimal: bool  # a decimal with no multiplier: "2,5" (a measure or a rate, never a count)
    year: bool  # four digits that may be a year: "2017"

    @property
    def needs_de(self) -> bool:  # "millions de", "milliers de": the counted noun comes after "de"
        return bool(self.approx) or self.scale >= 1e6


def _tokens(text: str) -> list[_Tok]:
    return [_Tok(m.start(), m.end(), m.group(), m.group().casefold().replace("’", "'"))
            for m in _TOKEN.finditer(text)]


def _phrases(words: Iterable[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(sorted({tuple(t.low for t in _tokens(str(w))) for w in words}, key=len, reverse=True))


@cache
def vocabulary() -> Vocabulary:
    """The bundled figure vocabulary (loaded once per process)."""
    raw = data.load("figures.yaml")
    raw["not_units"] = [w for words in raw["not_units"].values() for w in words]
    quals = sorted(((p, q) for q, words in raw.pop("qualifiers").items() for p in _phrases(words)),
                   key=lambda pq: len(pq[0]), reverse=True)
    fields: dict[str, Any] = {"qualifiers": tuple(quals)}
    for name, value in raw.items():
        if isinstance(value, dict):
            fields[name] = {str(k): float(n) for k, n in value.items()}
        elif name in ("vague", "referential", "not_unit_phrases", "year_words"):
            fields[name] = _phrases(value)
        else:
            fields[name] = frozenset(str(w).casefold() for w in value)
    return Vocabulary(**fields)


def _starts(toks: Sequence[_Tok], i: int, phrases: Iterable[tuple[str, ...]]) -> int:
    """Length of the first (longest) phrase that starts at token i, 0 when none does."""
    return next((len(p) for p in phrases if tuple(t.low for t in toks[i:i + len(p)]) == p), 0)


def _ends(toks: Sequence[_Tok], i: int, phrases: Iterable[tuple[str, ...]]) -> bool:
    """Whether the tokens just before token i end with one of the phrases."""
    return any(i >= len(p) and tuple(t.low for t in toks[i - len(p):i]) == p for p in phrases)


def _digits(tok: _Tok) -> float | None:  # None for "35e", "21h45", "5G"
    return float(re.sub(r"[\s.]", "", tok.text).replace(",", ".")) if _DIGITS.fullmatch(tok.text) else None


def _words(toks: Sequence[_Tok], i: int, v: Vocabulary) -> tuple[float, int] | None:
    """The longest run of number words at token i that text2num reads: "douze mille", "vingt et un"."""
    run, k = [], i
    while k < len(toks) and (all(w in v.number_words for w in toks[k].low.split("-")) or (
            toks[k].low == "et" and k + 1 < len(toks) and toks[k + 1].low in ("un", "une", "onze"))):
        run += toks[k].low.split("-")
        k += 1
    while run and k > i:
        if run not in (["un"], ["une"]):  # an article, not a count
            try:
                return float(text2num(" ".join("un" if w == "une" else w for w in run), "fr")), k
            except ValueError:
                pass
        k -= 1
        run = run[:len(run) - len(toks[k].low.split("-"))]
    return None


def _number(toks: Sequence[_Tok], i: int, v: Vocabulary) -> _Number | None:
    """A number at token i: digits, words, "1,5 million", "une centaine", "des dizaines de milliers"."""
    n = len(toks)
    if i >= n:
        return None
    det = _starts(toks, i, v.vague)
    big = {w: m for w, m in v.multipliers.items() if m >= 1e6 and w.endswith("s")}
    approx: str | None
    if not det and toks[i].low in ("un", "une") and i + 1 < n and toks[i + 1].low in v.approximations:
        det = 1  # "une centaine", "un millier": about
    word = toks[i + det].low if i + det < n else ""
    # a bare plural is as vague as with "des": "le fantasme de millions de spectateurs"
    if (word in v.approximations or word in big) and (det or word.endswith("s")):
        approx = "about" if toks[i].low in ("un", "une") else "at-least"
        value, j, scale, decimal = v.approximations.get(word) or big[word], i + det + 1, 1.0, False
    else:
        digits = _digits(toks[i])
        if digits is not None:
            value, j, decimal = digits, i + 1, "," in toks[i].text
        elif (words := _words(toks, i, v)) is not None:
            value, j, decimal = words[0], words[1], False
        else:
            return None
        scale, approx = 1.0, None
        if j < n and toks[j].low in v.approximations:  # "deux centaines", "un millier"
            value, approx, j = value * v.approximations[toks[j].low], "about", j + 1
        elif digits is not None and j < n and toks[j].low in v.multipliers:  # "1,5 million", "12 mille"
            scale, j = v.multipliers[toks[j].low], j + 1
            value *= scale
        elif digits is None:  # text2num has multiplied already: "deux millions"
            scale = v.multipliers.get(toks[j - 1].low.split("-")[-1], 1.0)
    # "des dizaines de milliers de", "une centaine de millions de"
    if approx and j + 1 < n and toks[j].low in ("de", "d'") and toks[j + 1].low in ("milliers", *big):
        value, j = value * (v.approximations.get(toks[j + 1].low) or big[toks[j + 1].low]), j + 2
    year = bool(_YEAR.fullmatch(toks[i].text)) and scale == 1 and not approx
    return _Number(value, j, approx, scale, decimal and scale == 1, year)


@dataclass(frozen=True, slots=True)
class _Parsed:
    start: int  # token indexes, end exclusive
    end: int
    low: float
    high: float | None
    qualifier: str
    needs_de: bool
    year_like: bool


@cache
def _reporting_forms() -> frozenset[str]:
    """Written forms of the verbs that attribute a figure ("a estimé", "chiffre", "indiquent")."""
    return frozenset(verbforms.forms(vocabulary().reporting))


_QUALIFIER_INDEX: dict[str, list[tuple[tuple[str, ...], str]]] = {}


def _qualifiers_by_first(v: Vocabulary) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """Qualifier phrases by their first word, longest first (built once: the vocabulary never changes)."""
    if not _QUALIFIER_INDEX:
        for phrase, qualifier in v.qualifiers:
            _QUALIFIER_INDEX.setdefault(phrase[0], []).append((phrase, qualifier))
    return _QUALIFIER_INDEX


def _expression(toks: Sequence[_Tok], i: int, v: Vocabulary) -> _Parsed | None:
    """Qualifier, number or range at token i, without the counted noun."""
    candidates = _qualifiers_by_first(v).get(toks[i].low, ()) if i < len(toks) else ()
    qualifier, qlen = next(((q, len(p)) for p, q in candidates if _starts(toks, i, [p])), (None, 0))
    if qlen and i > 0 and toks[i - 1].low in ("ne", "n'"):  # "il n'y a plus de ...": a negation
        return None
    k = i + qlen
    opener = toks[k].low if k < len(toks) and toks[k].low in ("entre", "de", "d'") and not qlen else None
    first = _number(toks, k + (opener is not None), v)
    if first is None:
        return None
    j = first.end
    links = {"entre": ("et",), "de": ("à",), "d'": ("à",)}.get(opener or "", ("à", "ou", "-", "–"))
    second = _number(toks, j + 1, v) if j < len(toks) and toks[j].low in links and not first.approx else None
    if second is None and (opener or first.decimal):  # "2,5 km", "1,8 enfant par femme": a measure or a rate
        return None
    if second is None:
        low, qual = first.value, qualifier or first.approx or "exact"
        high = low if qual in ("exact", "about") else None
        return _Parsed(i, j, low, high, qual, first.needs_de, first.year)
    low = first.value
    if first.scale == 1 and second.scale > 1 and low * second.scale <= second.value:  # "entre 1 et 2 millions"
        low *= second.scale
    elif low < 1000 <= second.value and low * 1000 <= second.value < low * 10000:
        low *= 1000  # "de 50 à 60.000 personnes": the thousands are written once
    if low >= second.value or first.decimal or second.decimal:  # "de 5 000 à 3 000": a change, not a range
        return None
    return _Parsed(i, second.end, low, second.value, "between", second.needs_de, first.year and second.year)


class _Figures:
    """One document's figures, found left to right (an anaphoric figure needs the ones before it)."""

    def __init__(self, doc: Document, sdoc: Any, entities: tuple[LocalEntity, ...],
                 quotes: tuple[Quote, ...]) -> None:
        self.v, self.text, self.sdoc, self.quotes = vocabulary(), doc.text, sdoc, quotes
        self.reporting_forms = _reporting_forms()
        self.toks, self.starts = _tokens(doc.text), [t.idx for t in sdoc]
        self.mentions = sorted((m.start, m.end, e.key, m.label) for e in entities for m in e.mentions)
        self.found: list[Figure] = []
        self.seen: list[tuple[int, str | None]] = []  # every quantity: start, unit ("" none, None a measure)

    def token(self, char: int) -> Any:
        """The spaCy token that holds the character offset."""
        return self.sdoc[max(0, bisect_right(self.starts, char) - 1)]

    def run(self) -> tuple[Figure, ...]:
        # Only a digit, a number word or the first word of a qualifier can open a figure: testing every
        # phrase at every token cost 40 % of the whole pipeline's time on OrangeSum.
        v = self.v
        starters = ({p[0] for p, _ in v.qualifiers} | {p[0] for p in v.vague} | set(v.number_words)
                    | {"entre", "de", "d'"})
        openers = {"entre", "de", "d'"}  # common words: worth testing only before a number
        toks, n = self.toks, len(self.toks)
        i = 0
        while i < n:
            t = toks[i]
            if t.low in openers and not _qualifiers_by_first(v).get(t.low):
                nxt = toks[i + 1] if i + 1 < n else None
                worth = nxt is not None and (nxt.text[:1].isdigit() or nxt.low in v.number_words)
            else:
                worth = t.text[:1].isdigit() or t.low in starters or any(w in starters for w in t.low.split("-"))
            i = (self.figure_at(i) or i + 1) if worth else i + 1
        return tuple(self.found)

    def figure_at(self, i: int) -> int | None:
        toks, v, p = self.toks, self.v, _expression(self.toks, i, self.v)
        if p is None or not self.is_quantity(p):
            return None
        j = p.end
        if j + 1 < len(toks) and toks[j].text in "/.,:" and toks[j].start == toks[j - 1].end \
                and toks[j + 1].start == toks[j].end and toks[j + 1].text[0].isdigit():
            return None  # 3/4, 21:45, 49.3: fractions, times, article numbers
        u = j + 1 if j < len(toks) and toks[j].low in ("de", "d'") and p.needs_de else j
        start = toks[i].start
        if u < len(toks) and (toks[u].low in v.not_units or _starts(toks, u, v.not_unit_phrases)):
            self.seen.append((start, None))  # "ce chiffre" after "2 millions d'euros" is money too
            return None  # "45 ans", "2 millions d'euros", "12 %", "5 pour cent", "24 octobre", "3 000 km"
        noun = self.unit(len(toks) if p.needs_de and u == j else u, p)  # "2 millions" needs "de"
        anchor = self.token(toks[p.end - 1].start)
        unit: str | None
        if noun is not None:
            anchor, unit = noun
            end = anchor.idx + len(unit)
        elif u < len(toks) and toks[u].low == "autres":  # "5.400 personnes et 70.000 autres": elided noun
            if not (unit := (self.antecedent(start) or (False, None))[1]):
                return None
            end = toks[u].end
        else:
            ok, unit = self.anaphora(i, p)
            if not ok:
                return None
            end = toks[p.end - 1].end
        after = next((k for k in range(j, len(toks)) if toks[k].start >= end), len(toks))
        if after + 1 < len(toks) and toks[after].low == "sur" and _number(toks, after + 1, v):
            return None  # "six électeurs sur dix": a proportion, not a count
        self.found.append(Figure(start, end, self.text[start:end], p.low, p.high, unit, p.qualifier,
                                 self.source(start, anchor)))
        self.seen.append((start, unit or ""))
        return after

    def is_quantity(self, p: _Parsed) -> bool:
        """False for years, identifiers, money, names, rates, tails and references: see docs/figures.md."""
        toks, v, first, none = self.toks, self.v, self.toks[p.start], _Tok(0, 0, " ", " ")
        before, prev = (toks[p.start - 1] if p.start else none), (toks[p.start - 2] if p.start > 1 else none)
        sent_start = self.token(first.start).is_sent_start or self.token(first.start).i == 0
        return not (
            (p.year_like and _ends(toks, p.start, v.year_words))  # "en 2017"
            or before.low in v.identifiers or before.text in "$€£¥#+"  # "article 49", "$5"
            or before.low == "entre"  # "entre deux reportages": "entre" with no range is no count
            or (before.low == "pour" and (_digits(prev) is not None or prev.low in v.number_words))  # "5 pour cent"
            or (before.text in ".,-/" and prev.end == before.start and before.end == first.start
                and prev.text[-1].isdigit())  # "V8 4.0 biturbo", "2-1": the tail of another number
            or (first.text[0].isupper() and not sent_start and first.low.split("-")[0] in v.number_words)
            or (before.text[0].isupper() and first.text[0].isdigit() and not sent_start and p.start
                and not self.token(before.start).is_sent_start and self.text[before.end:first.start].isspace())
            or (p.qualifier == "exact" and p.low < 10 and _ends(toks, p.start, v.referential)))
        # the last three: "les Vingt-Sept"; "France 2", "Ligue 1"; "les deux pays" (things already counted)

    def unit(self, j: int, p: _Parsed) -> tuple[Any, str] | None:
        """The counted noun at token j (after one or two adjectives: "3 000 nouveaux soldats") and its word."""
        tok = self.token(self.toks[j].start) if j < len(self.toks) else None
        if tok is None or tok.idx != self.toks[j].start:
            return None
        after = self.sdoc[tok.i:tok.i + 3]  # up to two adjectives before the noun: "deux autres jeunes femmes"
        nouns = [t for t in after if t.pos_ == "NOUN" or t.lower_ in self.v.not_units]  # "trente prochains jours"
        if tok.pos_ == "ADJ" and nouns and all(t.pos_ == "ADJ" for t in after[:nouns[0].i - tok.i]):
            tok = nouns[0]
        word = m.group() if (m := _WORD.match(tok.text)) else ""  # "sièges).Mme" is one spaCy token
        if not word or word.casefold() in self.v.not_units:
            return None
        plural = word.endswith(("s", "x"))
        noun = tok.pos_ == "NOUN" or (  # demonyms: "3 000 Ukrainiens" (not "911 Turbo")
            tok.pos_ == "PROPN" and plural and word[0].isupper() and not p.year_like and not self.named(tok))
        if noun or (tok.pos_ in ("ADJ", "VERB") and plural and word.islower() and word.casefold() != "autres"):
            return tok, word  # participles too: "600 morts", "12 000 déplacés", "20 blessés"
        return None

    def named(self, tok: Any) -> bool:
        return any(s < tok.idx + len(tok.text) and tok.idx < e and lab in _ENTITY_LABELS
                   for s, e, _, lab in self.mentions)

    def anaphora(self, i: int, p: _Parsed) -> tuple[bool, str | None]:
        """A bare number led to by "ce nombre", "le bilan": whether it is a figure, and its unit."""
        if p.year_like or i == 0 or self.toks[i - 1].low not in self.v.anaphora_links \
                or _ends(self.toks, i, (q for q, _ in self.v.qualifiers)):
            return False, None  # "estimé ce nombre à 12.000", "le bilan est de 45", not "divisé par six"
        num, last = self.token(self.toks[i].start), (self.found[-1].end if self.found else -1)
        for t in reversed(num.sent[max(0, num.i - 10 - num.sent.start):num.i - num.sent.start]):
            if t.idx < last:
                break
            if t.lower_ in self.v.count_nouns or nlp.lemma(t).casefold() in self.v.count_nouns:
                nxt = self.sdoc[t.i + 1:t.i + 3]
                if len(nxt) == 2 and nxt[0].lower_ in ("de", "d'", "d’", "des") and nxt[1].pos_ == "NOUN":
                    return nxt[1].lower_ not in self.v.not_units, str(nxt[1].text)  # "le nombre de morts"
                found = self.antecedent(num.idx)
                return (True, None) if found is None else found
        return False, None

    def antecedent(self, char: int) -> tuple[bool, str | None] | None:
        """The latest quantity before char in this or the previous sentence: (counted?, its unit)."""
        sent = self.token(char).sent
        since = sent.start_char if sent.start == 0 else self.sdoc[sent.start - 1].sent.start_char
        earlier = [unit for start, unit in self.seen if since <= start < char]
        return (earlier[-1] is not None, earlier[-1] or None) if earlier else None

    def source(self, start: int, anchor: Any) -> str | None:
        """Who gives the figure: the speaker of a quote, the subject of a reporting verb, "selon X"."""
        speaker = next((q.speaker_key for q in self.quotes if q.speaker_key and q.start <= start < q.end), None)
        if speaker:
            return speaker
        # up the tree to the nearest reporting verb with a subject or an agent, which decides; an incise
        # hangs beside the clause: "40 morts, a indiqué la police"
        verbs = (w for t in (anchor, *anchor.ancestors) for w in (t, *(c for c in t.children if c.dep_ in _INCISE)))
        said = ((w, self.agent(w)) for w in verbs if w.lower_ in self.reporting_forms)
        verb, giver = next(((w, g) for w, g in said if g is not None), (None, None))
        if giver is not None and not self.apart(verb, giver, anchor) and (key := self.entity_of(giver)):
            return key
        sent, clause = anchor.sent, {anchor.i, *(a.i for a in anchor.ancestors)}
        if sent.start > 0 and self.sdoc[sent.start - 1].text not in ".!?…":  # "Selon Kiev," parsed apart
            sent = self.sdoc[self.sdoc[sent.start - 1].sent.start:sent.end]
        for t in sent:  # "selon X" where X hangs on the figure's clause, or stands alone before it
            if t.lower_ == "selon" or (t.lower_ == "après" and t.i > 0 and self.sdoc[t.i - 1].lower_ in ("d'", "d’")):
                marker = t.head if t.dep_ == "fixed" else t  # "d'après": "après" is fixed to "d'"
                near = [w for w in self.sdoc[t.i + 1:t.i + 4] if self.named(w)]  # when the parse has no object
                obj = marker.head if marker.dep_ == "case" and marker.head.i > t.i else (near or [None])[0]
                if obj is not None and (obj.head.i in clause or obj.sent != anchor.sent) \
                        and not self.apart(t, anchor) and (key := self.entity_of(obj)):
                    return key
        return None

    def agent(self, verb: Any) -> Any:
        """The subject of an active verb or the agent of a passive one; a relative "qui" is its antecedent."""
        passive = any(c.dep_ == "aux:pass" for c in verb.children)
        for c in sorted(verb.children, key=lambda c: abs(c.i - verb.i)):  # the nearest subject
            if (c.dep_.startswith("nsubj") and not passive) or c.dep_ == "obl:agent":
                if c.lower_ not in ("qui", "lequel", "laquelle", "lesquels", "lesquelles") or c.i < 2:
                    return c
                # the antecedent stands just before the pronoun ("Séoul, qui ..."); the parser often hangs
                # the clause on a noun further back
                prev = self.sdoc[c.i - 2] if self.sdoc[c.i - 1].is_punct else self.sdoc[c.i - 1]
                return prev if self.named(prev) or verb.dep_ != "acl:relcl" else verb.head
        first = min((verb, *(c for c in verb.children if c.dep_.startswith("aux"))), key=lambda t: t.i)
        if first.i > 0 and self.sdoc[first.i - 1].text in ",»”\"" and "Fin" in first.morph.get("VerbForm"):
            # an incise with its subject after the verb: "…, a affirmé Gérald Darmanin" (not "…, confirmant X")
            return next((c for c in verb.rights if c.dep_ in ("obj", "nsubj")), None)
        return None

    def apart(self, *toks: Any) -> bool:
        """Whether a paragraph break or sentences glued by a cleaning slip ("GMT.Les") lie between the tokens."""
        return bool(_BREAK.search(self.text, min(t.idx for t in toks), max(t.idx for t in toks)))

    def entity_of(self, tok: Any) -> str | None:
        """The entity a subject or an object names: its own mention, else a name hung on it, a person first
        ("le porte-parole de la Maison Blanche", "le chef de l'OTAN, Mark Rutte", "un bilan établi par l'AFP")."""
        hung = [c for c in tok.children if c.dep_ in ("nmod", "appos")]
        hung += [g for c in tok.children if c.dep_ == "acl" for g in c.children if g.dep_ == "obl:agent"]
        found = [(t is not tok, lab != "PER", s, k) for t in (tok, *hung) for s, e, k, lab in self.mentions
                 if s < t.idx + len(t.text) and t.idx < e and (t is tok or lab in _ENTITY_LABELS)]
        return min(found)[3] if found else None


def find_figures(doc: Document, spacy_doc: Any, entities: tuple[LocalEntity, ...],
                 quotes: tuple[Quote, ...]) -> tuple[Figure, ...]:
    """The counted quantities of a document, each with its source when the clause is attributed."""
    if not doc.text.strip() or len(spacy_doc) == 0:
        return ()
    return _Figures(doc, spacy_doc, entities, quotes).run()
