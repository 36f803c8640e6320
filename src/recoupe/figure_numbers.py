"""Numbers as French news writes them: digits, words, approximations, ranges and qualifiers (docs/figures.md)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from text_to_num import text2num  # type: ignore[import-untyped]

from recoupe import data

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
_YEAR = re.compile(r"1\d{3}|20\d{2}|2100")



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
    party_nouns: frozenset[str]
    partitive_references: tuple[tuple[str, ...], ...]
    partitives: tuple[tuple[str, ...], ...]
    elision_window: int


@dataclass(frozen=True, slots=True)
class Tok:
    start: int
    end: int
    text: str
    low: str  # casefolded, typographic apostrophe read as "'"


@dataclass(frozen=True, slots=True)
class Number:
    value: float
    end: int  # index of the first token after the number
    approx: str | None  # "about" ("une centaine"), "at-least" ("des milliers"), else None
    scale: float  # the multiplier written after the number, 1 when none
    decimal: bool  # a decimal with no multiplier: "2,5" (a measure or a rate, never a count)
    year: bool  # four digits that may be a year: "2017"

    @property
    def needs_de(self) -> bool:  # "millions de", "milliers de": the counted noun comes after "de"
        return bool(self.approx) or self.scale >= 1e6


def tokens(text: str) -> list[Tok]:
    return [Tok(m.start(), m.end(), m.group(), m.group().casefold().replace("’", "'"))
            for m in _TOKEN.finditer(text)]


def _phrases(words: Iterable[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(sorted({tuple(t.low for t in tokens(str(w))) for w in words}, key=len, reverse=True))


@cache
def vocabulary() -> Vocabulary:
    """The bundled figure vocabulary (loaded once per process)."""
    raw = data.load("figures.yaml")
    raw["not_units"] = [w for words in raw["not_units"].values() for w in words]
    quals = sorted(((p, q) for q, words in raw.pop("qualifiers").items() for p in _phrases(words)),
                   key=lambda pq: len(pq[0]), reverse=True)
    fields: dict[str, Any] = {"qualifiers": tuple(quals)}
    for name, value in raw.items():
        if isinstance(value, int):
            fields[name] = value
        elif isinstance(value, dict):
            fields[name] = {str(k): float(n) for k, n in value.items()}
        elif name in ("vague", "referential", "not_unit_phrases", "year_words", "partitive_references",
                      "partitives"):
            fields[name] = _phrases(value)
        else:
            fields[name] = frozenset(str(w).casefold() for w in value)
    return Vocabulary(**fields)


def starts(toks: Sequence[Tok], i: int, phrases: Iterable[tuple[str, ...]]) -> int:
    """Length of the first (longest) phrase that starts at token i, 0 when none does."""
    return next((len(p) for p in phrases if tuple(t.low for t in toks[i:i + len(p)]) == p), 0)


def ends(toks: Sequence[Tok], i: int, phrases: Iterable[tuple[str, ...]]) -> bool:
    """Whether the tokens just before token i end with one of the phrases."""
    return any(i >= len(p) and tuple(t.low for t in toks[i - len(p):i]) == p for p in phrases)


def digits_value(tok: Tok) -> float | None:  # None for "35e", "21h45", "5G"
    return float(re.sub(r"[\s.]", "", tok.text).replace(",", ".")) if _DIGITS.fullmatch(tok.text) else None


def _words(toks: Sequence[Tok], i: int, v: Vocabulary) -> tuple[float, int] | None:
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


def number(toks: Sequence[Tok], i: int, v: Vocabulary) -> Number | None:
    """A number at token i: digits, words, "1,5 million", "une centaine", "des dizaines de milliers"."""
    n = len(toks)
    if i >= n:
        return None
    det = starts(toks, i, v.vague)
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
        digits = digits_value(toks[i])
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
    return Number(value, j, approx, scale, decimal and scale == 1, year)


@dataclass(frozen=True, slots=True)
class Parsed:
    start: int  # token indexes, end exclusive
    end: int
    low: float
    high: float | None
    qualifier: str
    needs_de: bool
    year_like: bool
    lead: int = 0  # tokens of the qualifier before the number: 2 for "supérieur à 300"


_QUALIFIER_INDEX: dict[str, list[tuple[tuple[str, ...], str]]] = {}


def qualifiers_by_first(v: Vocabulary) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """Qualifier phrases by their first word, longest first (built once: the vocabulary never changes)."""
    if not _QUALIFIER_INDEX:
        for phrase, qualifier in v.qualifiers:
            _QUALIFIER_INDEX.setdefault(phrase[0], []).append((phrase, qualifier))
    return _QUALIFIER_INDEX


def expression(toks: Sequence[Tok], i: int, v: Vocabulary) -> Parsed | None:
    """Qualifier, number or range at token i, without the counted noun."""
    candidates = qualifiers_by_first(v).get(toks[i].low, ()) if i < len(toks) else ()
    qualifier, qlen = next(((q, len(p)) for p, q in candidates if starts(toks, i, [p])), (None, 0))
    if qlen and i > 0 and toks[i - 1].low in ("ne", "n'"):  # "il n'y a plus de ...": a negation
        return None
    k = i + qlen
    opener = toks[k].low if k < len(toks) and toks[k].low in ("entre", "de", "d'") and not qlen else None
    first = number(toks, k + (opener is not None), v)
    if first is None:
        return None
    j = first.end
    links = {"entre": ("et",), "de": ("à",), "d'": ("à",)}.get(opener or "", ("à", "ou", "-", "–"))
    second = number(toks, j + 1, v) if j < len(toks) and toks[j].low in links and not first.approx else None
    if second is None and (opener or first.decimal):  # "2,5 km", "1,8 enfant par femme": a measure or a rate
        return None
    if second is None:
        low, qual = first.value, qualifier or first.approx or "exact"
        high = low if qual in ("exact", "about") else None
        return Parsed(i, j, low, high, qual, first.needs_de, first.year, qlen)
    low = first.value
    if first.scale == 1 and second.scale > 1 and low * second.scale <= second.value:  # "entre 1 et 2 millions"
        low *= second.scale
    elif low < 1000 <= second.value and low * 1000 <= second.value < low * 10000:
        low *= 1000  # "de 50 à 60.000 personnes": the thousands are written once
    if low >= second.value or first.decimal or second.decimal:  # "de 5 000 à 3 000": a change, not a range
        return None
    return Parsed(i, second.end, low, second.value, "between", second.needs_de, first.year and second.year,
                  qlen + (opener is not None))
