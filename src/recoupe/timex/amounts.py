"""Builders for amounts of time and times of day: durations, frequencies (SET), clock times, *_REF words."""

from __future__ import annotations

import re

from recoupe.timex.dates import duration
from recoupe.timex.grammar import Candidate, Context
from recoupe.timex.words import lookup, read_number, vocabulary

# A half ("deux ans et demi") is written in the next smaller unit, as TIMEX3 wants whole numbers.
SMALLER = {"Y": ("M", 12), "H": ("MIN", 60), "D": ("H", 24), "MIN": ("S", 60)}
AGE_UNITS = ("Y",)


def _unit(word: str) -> tuple[str, int]:
    return vocabulary().units[word.casefold()]


def _amount(n: float, unit: str) -> tuple[float, str]:
    """Whole amounts in the smallest sensible unit: 0.25 heure -> 15 minutes, 2.5 ans -> 30 mois."""
    while n != int(n) and unit in SMALLER:
        unit, factor = SMALLER[unit]
        n = round(n * factor, 6)
    return n, unit


def _is_age(m: re.Match[str], ctx: Context, unit: str) -> bool:
    """An age, not a duration: "un chauffeur de 38 ans", "Alain, 53 ans,", "à 38 ans", "les moins de 25 ans"."""
    if unit not in AGE_UNITS:
        return False
    head = m.start("approx") if m.group("approx") else m.start("amount")
    prefix = ctx.text[max(0, head - 60):head]
    words = "|".join(vocabulary().numbers)
    prefix = re.sub(rf"\b(?:\d+|{words})\s+(?:et|ou)\s+$", "", prefix)  # "âgés de 61 et 72 ans": read from "61"
    de = re.search(r"(?:(\w+)\W*)?\bd(?:e\s+|['’]\s*)$", prefix, re.IGNORECASE)
    if de:
        return (de.group(1) or "").casefold() not in vocabulary().duration_heads
    at = re.search(r"(?:(\w+)['’]?\s*)?\bà\s+$", prefix, re.IGNORECASE)
    if at:
        return (at.group(1) or "").casefold() not in ("ici", "jusqu")
    if re.search(r"\b(?:a|avait|aura|aurait|ont|avaient|auront|avoir|ayant|eu|fête|fêtera|fêté)\s+"
                 r"(?:que\s+|qu['’]\s*|déjà\s+|presque\s+|tout\s+juste\s+)?$", prefix,
                 re.IGNORECASE) and not re.search(r"\by\s+a\s+$", prefix):
        return True  # "il a 38 ans", "il n'avait que 17 ans" (but "il y a deux ans" is a while ago)
    if re.search(r"[(]\s*$", prefix) or re.match(r"\s+plus\s+(?:jeunes?|âgée?s?|vieux|vieilles?)\b",
                                                   ctx.text[m.end():], re.IGNORECASE):
        return True  # "sa fille (11 ans)", "16 ans plus jeune"
    name = re.search(r"(\w+)(,?)\s+$", ctx.text[max(0, head - 40):head])
    closed = re.match(r"\s*(?:[,.;:)]|et\b)", ctx.text[m.end():])  # ", 67 ans et acteur", ", 53 ans,"
    if name and name.group(1)[0].isupper() and ctx.pos(head - len(name.group(0))) == "PROPN" and (
            closed or not name.group(2)):
        return True  # "Mark McCloskey 63 ans", "Ron Jeremy, 67 ans et acteur": a person's age
    if m.group("approx") and re.search(r"\b(?:les|des|aux)\s+$", prefix, re.IGNORECASE):
        return True
    if re.search(r"\b(?:mes|tes|ses|nos|vos|leurs)\s+$", prefix, re.IGNORECASE):
        return True  # "l'année de ses 84 ans"
    apposed = re.search(r",\s*$", ctx.text[max(0, head - 3):head]) and re.match(r"\s*[,.;:)]", ctx.text[m.end():])
    return bool(apposed)


def duration_candidate(m: re.Match[str], ctx: Context) -> list[Candidate]:
    """"trois ans", "30,4 secondes", "environ une heure", "plusieurs jours", "ces derniers mois"."""
    unit, factor = _unit(m.group("unit"))
    vague = m.group("vague")
    if vague:
        if vague.casefold() == "des" and not m.group("unit").casefold().endswith(("s", "x")):
            return []
        nxt = re.match(r"\s+\w", ctx.text[m.end():])
        if vague.casefold() == "des" and nxt and ctx.pos(m.end() + nxt.end() - 1) == "ADJ":
            return []  # "en dehors des heures scolaires": "de les", a kind of hours, not a while
        n: float | None = None
    elif m.group("apn"):
        n = float(vocabulary().approximate_numbers[m.group("apn").casefold()])
    else:
        n = read_number(m.group("num"))
        if n is None or n <= 0:
            return []
        if m.group("num").casefold() in ("un", "une") and m.group("unit").casefold() in ("jour", "journée"):
            return []  # "un jour" is mostly "some day"
    if m.group("unit").casefold() == "seconde" and ctx.pos(m.start("unit")) == "ADJ":
        return []  # "une seconde enveloppe": the ordinal
    if _is_age(m, ctx, unit):
        return []
    if n is not None:
        n *= factor
        if m.group("half"):
            n += 0.5 * factor
        n, unit = _amount(n, unit)
    return [Candidate(m.start(), m.end(), "fixed", "DURATION", value=duration(n, unit))]


def fraction(m: re.Match[str], ctx: Context) -> list[Candidate]:
    """"un quart de siècle" (P25Y), "trois quarts d'heure" (PT45M), "une demi-heure" (PT30M)."""
    unit, factor = _unit(m.group("unit"))
    share = 0.5 if not m.group("quart") else 0.75 if (m.group("q") or "").casefold() == "trois" else 0.25
    n, unit = _amount(share * factor, unit)
    return [Candidate(m.start(), m.end(), "fixed", "DURATION", value=duration(n, unit))]


def whole_period(m: re.Match[str], ctx: Context) -> list[Candidate]:
    """"toute l'année" (P1Y), "toute la journée" (P1D)."""
    unit, factor = _unit(m.group("unit"))
    return [Candidate(m.start(), m.end(), "fixed", "DURATION", value=duration(float(factor), unit))]


def duration_noun(m: re.Match[str], ctx: Context) -> list[Candidate]:
    """"quinquennat" (P5Y): a noun that is a length of time."""
    value = vocabulary().duration_nouns[m.group("w").casefold()]
    return [Candidate(m.start(), m.end(), "fixed", "DURATION", value=value)]


def every(m: re.Match[str], ctx: Context) -> list[Candidate]:
    """"chaque jour" (P1D), "tous les deux ans" (P2Y), "chaque matin" (TMO)."""
    word = m.group("unit").casefold()
    part = {"matin": "MO", "soir": "EV", "nuit": "NI"}.get(word.rstrip("s"))
    if part:
        return [Candidate(m.start(), m.end(), "fixed", "SET", value=f"XXXX-XX-XXT{part}")]
    if word.rstrip("s") in ("week-end", "weekend"):
        return [Candidate(m.start(), m.end(), "fixed", "SET", value="XXXX-WXX-WE")]
    unit, factor = _unit(word if word in vocabulary().units else word.rstrip("s"))
    n = read_number(m.group("num")) if m.group("num") else 1.0
    if n is None:
        return []
    return [Candidate(m.start(), m.end(), "fixed", "SET", value=duration(n * factor, unit))]


def per(m: re.Match[str], ctx: Context) -> list[Candidate]:
    """"par semestre" (P6M), "par an" (P1Y): a rate's period; the span is the unit, not the preposition."""
    unit, factor = _unit(m.group("unit"))
    return [Candidate(m.start("unit"), m.end(), "fixed", "SET", value=duration(float(factor), unit))]


def frequency_word(m: re.Match[str], ctx: Context) -> list[Candidate]:
    """"quotidiennement", "annuellement": a frequency adverb."""
    value = lookup(vocabulary().frequency_words, m.group("w"))
    return [Candidate(m.start(), m.end(), "fixed", "SET", value=str(value))]


def reference(m: re.Match[str], ctx: Context) -> list[Candidate]:
    """"actuellement" (PRESENT_REF), "auparavant" (PAST_REF), "à l'avenir" (FUTURE_REF)."""
    word = m.group("w")
    nxt = re.match(r"\s+\w", ctx.text[m.end():])
    noun_after = nxt is not None and ctx.pos(m.end() + nxt.end() - 1) in ("NOUN", "PROPN")
    lead = re.search(r"(?i)(?:\b(?:l['’]|les?|la|[sm]on|[sm]a|[sm]es|leurs?|notre|nos|votre|vos|une?|des|du|cet?|cette)"
                     r"\s*|,\s*|^)$", ctx.text[max(0, m.start() - 8):m.start()])
    if word.casefold() in ("actuel", "actuelle", "actuels", "actuelles") and not (noun_after and lead):
        return []  # "la situation actuelle", "le leader actuel Kim", "l'issue de l'actuel": a state or a name
    value = lookup(vocabulary().references, word)
    return [Candidate(m.start(), m.end(), "fixed", "TIME", value=str(value))]


def clock(m: re.Match[str], ctx: Context) -> list[Candidate]:
    """"21 h 45", "vers 18 h", "à 10 heures", "18:30": a time on the date last mentioned."""
    hour = int(m.group("h"))
    minute = int(m.group("m")) if m.group("m") else 0
    word = (m.group("hw") or "").casefold()
    prep = re.sub(r"\s+", " ", (m.group("prep") or "").casefold())
    if not m.group("m") and (not prep or (hour == 24 and prep not in ("à", "a", "vers"))
                             or (word.startswith("heure") and prep in ("depuis", "de", "en"))):
        return []  # "48 heures", "travaillant 14h", "depuis 24 heures", "24 h sur 24": a duration
    if hour > 24 or (hour == 24 and minute):
        return []
    if m.groupdict().get("evening") and hour < 12:
        hour += 12  # "à 8 h du soir"
    return [Candidate(m.start("h"), m.end(), "clock", "TIME", clock=f"{hour:02d}:{minute:02d}")]


def noon(m: re.Match[str], ctx: Context) -> list[Candidate]:
    """"midi", "minuit", but not "le Midi" (the south of France)."""
    word = m.group("w")
    if ctx.capitalised(m, "w") and not ctx.sentence_start(m.start()):
        return []
    return [Candidate(m.start(), m.end(), "clock", "TIME", clock="12:00" if word.casefold() == "midi" else "24:00")]
