"""Builders of the times grammar for calendar expressions: dates, months, years, weekdays, relatives.

A pattern (timex.patterns) finds a span; its builder reads the named groups into a `Candidate` (what
the words say: a day and a month, a weekday and "dernier", a number and a unit) or rejects it (an
age, a count, a name). Nothing here knows the anchor date: recoupe.times resolves candidates.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from recoupe.timex.words import APOS, SP, L, R, alternation, vocabulary

YEAR4 = r"(?:1\d{3}|20\d\d|2100)"
# A two-digit year ("octobre 98") only where nothing follows it that it could be counting.
YY = r"(?:['’]\d\d|\d\d)(?=\s*[,.;:)!?»]|\s*$)"
DAY = r"(?:1er|1ᵉʳ|premier|[12]\d|3[01]|0?[1-9])"
MODS = r"début|fin|mi|milieu|courant"
CONNECT = rf"(?:-|{SP}de{SP}|{SP}d{APOS}|{SP})"


@dataclass(frozen=True, slots=True)
class Candidate:
    """What a span of text says about time, before it is anchored.

    kind: fixed (value known) | date (a day with a month, a weekday, or both) | month | weekday |
    relday (days from the anchor) | relunit (week, month, year... from the anchor) | season | period
    (quarter, half) | part (a part of the day on the date last mentioned) | clock | anaphoric (days,
    or with `unit` or `weekday` units, from the date last mentioned) | moment | newyear.
    """

    start: int
    end: int
    kind: str
    type: str = "DATE"
    value: str | None = None
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    shift: int = 0
    part: str | None = None  # TIMEX3 part of day: MO AF EV NI DT
    clock: str | None = None  # "21:45"
    unit: str | None = None  # relunit: W WE M Y C DE; season code; period Q or H
    two_digit_year: bool = False


@dataclass(frozen=True, slots=True)
class Context:
    """What builders may look at besides the match: the text and the part of speech at an offset."""

    text: str
    pos: Callable[[int], str | None]

    def word_before(self, offset: int) -> str:
        """The word (or elided word with its apostrophe) just before offset, lowercased."""
        found = re.search(r"(\w+['’]?|[(\[])\s*$", self.text[max(0, offset - 40):offset])
        return found.group(1).casefold().replace("’", "'") if found else ""

    def capitalised(self, m: re.Match[str], group: str) -> bool:
        """Whether the group's text starts with a capital in the original text (matches run lowercased)."""
        return self.text[m.start(group):m.start(group) + 1].isupper()

    def sentence_start(self, offset: int) -> bool:
        """Whether offset begins a sentence, a line or a quotation."""
        return re.search(r"(?:^|[.!?:;«\n]\s*|—\s*)$", self.text[max(0, offset - 3):offset]) is not None


Builder = Callable[[re.Match[str], Context], list[Candidate]]


def _group_start(m: re.Match[str], *names: str) -> int:
    """The start of the first named group that matched, else the start of the match."""
    for name in names:
        if m.group(name) is not None:
            return m.start(name)
    return m.start()


def _modifier(word: str | None) -> int:
    """-1 for "dernier", +1 for "prochain", 0 for nothing."""
    return vocabulary().relative_modifiers.get((word or "").casefold(), 0)


def _anaphoric(word: str | None) -> bool:
    """Whether a modifier counts from the date last mentioned ("suivant", "précédente")."""
    return (word or "").casefold() in vocabulary().anaphoric_modifiers


def _month(word: str) -> int:
    key = word.casefold().rstrip(".")
    v = vocabulary()
    return v.months.get(key) or v.month_abbreviations[key]


def _day(word: str) -> int:
    return 1 if word.casefold() in ("1er", "1ᵉʳ", "premier") else int(word)


def _year(word: str | None) -> tuple[int | None, bool]:
    if not word:
        return None, False
    digits = word.lstrip("'’")
    return int(digits), len(digits) == 2


def date_candidate(m: re.Match[str], ctx: Context) -> list[Candidate]:
    """"le 27 mai 1998", "jeudi 24 octobre", "13 avril prochains"."""
    start = _group_start(m, "det", "wd", "day")
    if (m.group("det") or "").casefold() not in ("le", "ce", "les", ""):
        start = _group_start(m, "wd", "day")
    year, short = _year(m.group("year"))
    wd = m.group("wd")
    return [Candidate(start, m.end(), "date", year=year, two_digit_year=short, month=_month(m.group("month")),
                      day=_day(m.group("day")), weekday=vocabulary().weekdays[wd.casefold()] if wd else None,
                      shift=_modifier(m.group("rel")))]


def day_list(m: re.Match[str], ctx: Context) -> list[Candidate]:
    """The first day of "les 6 et 13 avril", "du 3 au 6 avril": it takes the month of the second."""
    follow = _date_regex().match(ctx.text, m.end())
    if follow is None:
        return []
    second = date_candidate(follow, ctx)[0]
    start = m.start("d1") if (m.group("det") or "").casefold() not in ("les", "le") else m.start()
    if m.group("wd1"):
        start = min(start, m.start("wd1"))
    wd = m.group("wd1")
    return [Candidate(start, m.end("d1"), "date", year=second.year, month=second.month, day=_day(m.group("d1")),
                      weekday=vocabulary().weekdays[wd.casefold()] if wd else None, shift=second.shift,
                      two_digit_year=second.two_digit_year)]


def month_year(m: re.Match[str], ctx: Context) -> list[Candidate]:
    """"juillet 2023", "fin avril 2024", "octobre 98"."""
    year, short = _year(m.group("year"))
    return [Candidate(m.start(), m.end(), "month", month=_month(m.group("month")), year=year, two_digit_year=short)]


def month_alone(m: re.Match[str], ctx: Context) -> list[Candidate]:
    """"octobre", "fin avril", "juin prochain", "mois de juin"; a capitalised month needs a cue ("Mars")."""
    word = m.group("month")
    cued = ctx.sentence_start(m.start()) or ctx.word_before(m.start()) in ("en", "de", "d'", "dès", "depuis")
    if ctx.capitalised(m, "month") and not (m.group("mod") or m.group("mois") or cued):
        return []
    return [Candidate(m.start(), m.end(), "month", month=_month(word), shift=_modifier(m.group("rel")))]


def bare_year(m: re.Match[str], ctx: Context) -> list[Candidate]:
    """"en 2017", "depuis 1998", "l'année 2001": a year only where the words around say it is one."""
    year = int(m.group("year"))
    if not 1900 <= year <= 2100:
        return []
    cued = bool(m.group("lannee") or m.group("mod")) or ctx.word_before(m.start()) in vocabulary().year_cues
    cued = cued or ctx.word_before(m.start()) in ("(", "[")
    after = ctx.text[m.end():m.end() + 4]
    if any(after.lstrip().startswith(b) and not after.lstrip()[len(b):len(b) + 1].isalpha()
           for b in vocabulary().year_blockers_after):
        return []
    nxt = re.match(r"\s+(\w+)", ctx.text[m.end():])
    if nxt and ctx.pos(m.end() + nxt.start(1)) in ("NOUN", "PROPN", "NUM", "ADJ") and not nxt.group(1)[0].isupper():
        return []  # "2000 soldats": a count
    if not cued and not re.match(r"\s*(?:[,.;:)\]]|$)", ctx.text[m.end():]):
        return []
    if not cued and not ctx.sentence_start(m.start()) and ctx.word_before(m.start()) not in ("et", "à", "ou"):
        return []
    return [Candidate(m.start(), m.end(), "fixed", value=str(year))]


def year_range(m: re.Match[str], ctx: Context) -> list[Candidate]:
    """"2002/2003", "2023-2024": two years."""
    y1, y2 = int(m.group("y1")), int(m.group("y2"))
    if not 0 < y2 - y1 <= 20:
        return []
    return [Candidate(m.start("y1"), m.end("y1"), "fixed", value=str(y1)),
            Candidate(m.start("y2"), m.end("y2"), "fixed", value=str(y2))]


def weekday_candidate(m: re.Match[str], ctx: Context) -> list[Candidate]:
    """"mardi", "ce jeudi", "vendredi dernier", "mardi soir"; "tous les jeudis", "le mercredi" are SETs."""
    n = vocabulary().weekdays[m.group("wd").casefold()]
    det = re.sub(r"\s+", " ", (m.group("det") or "").casefold())
    if m.group("plural") or det in ("les", "chaque", "tous les") or (det == "le" and not m.group("rel")):
        if m.group("plural") and not det:
            return []
        return [Candidate(m.start(), m.end(), "fixed", "SET", value=f"XXXX-WXX-{n}")]
    before = re.search(r"(\w+)\s+$", ctx.text[max(0, m.start("wd") - 30):m.start("wd")])
    if ctx.capitalised(m, "wd") and not ctx.sentence_start(m.start("wd")) and before and (
            before.group(1) in ("du", "de") or before.group(1)[0].isupper()):
        return []  # "le Journal du Dimanche", "Libération Dimanche": part of a name
    part = _part(m.group("part"))
    if _anaphoric(m.group("rel")):  # "le lundi suivant": after the date last mentioned
        return [Candidate(m.start(), m.end(), "anaphoric", weekday=n, shift=_modifier(m.group("rel")))]
    return [Candidate(m.start(), m.end(), "weekday", "TIME" if part else "DATE", weekday=n,
                      shift=_modifier(m.group("rel")), part=part if part != "12:00" else None,
                      clock="12:00" if part == "12:00" else None)]


def _part(word: str | None) -> str | None:
    if not word:
        return None
    if word.casefold() == "midi":
        return "12:00"
    return vocabulary().parts_of_day[word.casefold()]


def ordinal_weekdays(m: re.Match[str], ctx: Context) -> list[Candidate]:
    """"les deuxième et quatrième jeudis": a SET of that weekday."""
    n = vocabulary().weekdays[m.group("wd").casefold()]
    return [Candidate(m.start(), m.end(), "fixed", "SET", value=f"XXXX-WXX-{n}")]


def relative_day(m: re.Match[str], ctx: Context) -> list[Candidate]:
    """"hier", "demain matin", "aujourd'hui vendredi", "ce soir", "cet après-midi"."""
    word = m.group("rel")
    shift = 0 if word.casefold() in ("ce", "cet", "cette") else int(vocabulary().relative_days[
        word.casefold().replace("’", "'")])
    part = _part(m.group("part"))
    if word.casefold() in ("ce", "cet", "cette") and (part is None or m.group("part").casefold().endswith("ée")):
        return []  # "cette soirée, qui sera animée par": an event, where "ce soir" is a time
    return [Candidate(m.start(), m.end(), "relday", "TIME" if part else "DATE", shift=shift,
                      part=part if part != "12:00" else None, clock="12:00" if part == "12:00" else None)]


def part_of_day(m: re.Match[str], ctx: Context) -> list[Candidate]:
    """"la nuit", "dans la soirée", "le matin même", "la nuit de samedi à dimanche": on a date said before."""
    word = m.group("part")
    if ctx.capitalised(m, "part") and not ctx.sentence_start(m.start()):
        return []  # "la Nuit des musées"
    prep, det = m.group("prep"), m.group("det")
    if not (prep or det) or (word.casefold() == "journée" and not prep):
        return []
    # the preposition is out of the span ("en début d'après-midi" -> "début d'après-midi", "au matin" -> "matin")
    start = m.start("det") if det else _group_start(m, "edge", "edge2", "part")
    part = vocabulary().parts_of_day[word.casefold()]
    if m.group("wd"):
        return [Candidate(start, m.end(), "weekday", "TIME", weekday=vocabulary().weekdays[m.group("wd").casefold()],
                          part=part)]
    if m.group("rel"):
        return [Candidate(start, m.end(), "relday", "TIME", shift=min(_modifier(m.group("rel")), 0), part=part)]
    return [Candidate(start, m.end(), "part", "TIME", part=part)]


def weekday_day(m: re.Match[str], ctx: Context) -> list[Candidate]:
    """"ce mardi 12", "jeudi 3": a weekday and a day of the month; the month is the one where they agree."""
    weekday = vocabulary().weekdays[m.group("wd").casefold()]
    return [Candidate(m.start(), m.end(), "date", day=_day(m.group("day")), weekday=weekday)]


def unit_edge(m: re.Match[str], ctx: Context) -> list[Candidate]:
    """"en fin de semaine", "en début de mois", "en fin d'année": the current one ("en" is out of the span)."""
    unit = {"semaine": "W", "mois": "M", "année": "Y", "annee": "Y"}[m.group("unit").casefold()]
    return [Candidate(m.start("mod"), m.end(), "relunit", unit=unit)]


def relative_unit(m: re.Match[str], ctx: Context) -> list[Candidate]:
    """"cette semaine", "l'an dernier", "la fin de l'année dernière", "ce week-end", "le mois prochain"."""
    det = m.group("det").casefold().strip()
    unit = {"semaine": "W", "mois": "M", "année": "Y", "annee": "Y", "an": "Y", "week-end": "WE",
            "weekend": "WE", "décennie": "DE", "siècle": "C"}[m.group("unit").casefold()]
    rel = m.group("rel")
    if det in ("ce", "cet", "cette"):
        shift = 0
    elif rel and rel.casefold().replace("\u00a0", " ").startswith("en"):
        shift = 0  # "l'année en cours"
    elif rel:
        shift = _modifier(rel)
    elif m.group("mod") and unit in ("W", "M", "Y"):
        shift = 0  # "à la fin de l'année", "au début du mois": the current one
    else:
        return []
    if unit == "Y" and m.group("unit").casefold() == "an" and det in ("ce", "cet", "cette"):
        return []  # "cet an" is not French; something else is going on
    if _anaphoric(rel):  # "l'année suivante", "la semaine précédente": from the date last mentioned
        return [Candidate(m.start(), m.end(), "anaphoric", unit=unit, shift=shift)]
    return [Candidate(m.start(), m.end(), "relunit", unit=unit, shift=shift)]


def season(m: re.Match[str], ctx: Context) -> list[Candidate]:
    """"en été" (any summer: XXXX-SU), "l'été dernier", "cet hiver", "l'été 2003"."""
    word = m.group("season")
    prep = (m.group("prep") or "").casefold().replace("’", "'").strip()
    seasons = vocabulary().seasons
    code = seasons.get(word.casefold()) or seasons["é" + word.casefold()[1:]]
    year = m.group("year")
    opens = ctx.capitalised(m, "season") and ctx.sentence_start(m.start())
    noun = ctx.pos(m.start("season")) in ("NOUN", "PROPN") or opens
    if code == "SU" and not (prep or year or m.group("rel") or noun):
        return []  # "a été": the verb (which never opens a sentence)
    if not prep and ctx.word_before(m.start("season")) in ("d'", "de"):
        return []  # "les Jeux d'hiver", "l'heure d'été": a kind of thing, not a time
    if ctx.capitalised(m, "season") and not ctx.sentence_start(m.start("season")):
        return []  # "le Printemps marseillais", "le Printemps de Bourges": a name
    if prep == "ce" and code != "SP":
        return []  # "ce printemps" but "cet été": "ce" before a vowel is something else ("ce été fait")
    # a determiner ("l'été", "cet hiver", "leur été") makes it one season, near the anchor, and is in the span
    definite = prep in ("l'", "cet", "cette", "ce", "leur", "notre", "votre", "son", "mon", "de l'", "au")
    start = m.start() if definite else m.start("season")
    if year:
        return [Candidate(start, m.end(), "fixed", value=f"{year}-{code}")]
    if definite or m.group("rel"):
        return [Candidate(start, m.end(), "season", unit=code, shift=_modifier(m.group("rel")))]
    return [Candidate(start, m.end(), "fixed", value=f"XXXX-{code}")]


def months_of_season(m: re.Match[str], ctx: Context) -> list[Candidate]:
    """"les mois d'été": any summer."""
    word = m.group("season").casefold()
    seasons = vocabulary().seasons
    return [Candidate(m.start(), m.end(), "fixed", value=f"XXXX-{seasons.get(word) or seasons['é' + word[1:]]}")]


def period(m: re.Match[str], ctx: Context) -> list[Candidate]:
    """"au premier semestre 2024" (2024-H1), "le dernier trimestre" (Q4 of the anchor year)."""
    unit = "Q" if m.group("unit").casefold().startswith("tri") else "H"
    ordinal = m.group("ord").casefold()
    index = {"premier": 1, "1er": 1, "deuxième": 2, "second": 2, "2e": 2, "troisième": 3, "3e": 3,
             "quatrième": 4, "4e": 4}.get(ordinal, 4 if unit == "Q" else 2)
    if index > (4 if unit == "Q" else 2):
        return []
    start = _group_start(m, "det", "ord")
    if m.group("year"):
        return [Candidate(start, m.end(), "fixed", value=f"{m.group('year')}-{unit}{index}")]
    return [Candidate(start, m.end(), "period", unit=unit, day=index)]


def decade(m: re.Match[str], ctx: Context) -> list[Candidate]:
    """"les années 1990" / "années 80" -> 199 / 198."""
    digits = m.group("dec")
    full = int(digits) if len(digits) == 4 else (1900 if int(digits) >= 30 else 2000) + int(digits)
    return [Candidate(m.start(), m.end(), "fixed", value=str(full // 10))]


def century(m: re.Match[str], ctx: Context) -> list[Candidate]:
    """"le XXe siècle", "au 21e siècle" -> 19, 20."""
    raw = m.group("c").upper()
    if raw.isdigit():
        n = int(raw)
    else:
        values = {"I": 1, "V": 5, "X": 10}
        n = 0
        for i, ch in enumerate(raw):
            v = values[ch]
            n += -v if i + 1 < len(raw) and values[raw[i + 1]] > v else v
    if not 1 <= n <= 21:
        return []
    return [Candidate(m.start(), m.end(), "fixed", value=f"{n - 1:02d}")]


def numeric_date(m: re.Match[str], ctx: Context) -> list[Candidate]:
    """"24/10/2024", "2024-10-24"."""
    year, short = _year(m.group("y"))
    month, day = int(m.group("m")), int(m.group("d"))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return []
    return [Candidate(m.start(), m.end(), "date", year=year, month=month, day=day, two_digit_year=short)]


def anaphoric(m: re.Match[str], ctx: Context) -> list[Candidate]:
    """"la veille", "le lendemain matin": days from the date the text last mentioned."""
    part = _part(m.group("part"))
    shift = int(vocabulary().anaphoric_days[re.sub(r"\s+", " ", m.group("w").casefold().replace("’", "'"))])
    return [Candidate(m.start(), m.end(), "anaphoric", "TIME" if part else "DATE", shift=shift,
                      part=part if part != "12:00" else None)]


def moment(m: re.Match[str], ctx: Context) -> list[Candidate]:
    """"à ce moment-là": the time the text last mentioned."""
    return [Candidate(m.start("w"), m.end(), "moment", "TIME")]


def new_year(m: re.Match[str], ctx: Context) -> list[Candidate]:
    """"la nouvelle année": the year just begun, or the next one late in the year."""
    return [Candidate(m.start(), m.end(), "newyear")]


@cache
def _date_regex() -> re.Pattern[str]:
    return re.compile(date_pattern(), re.IGNORECASE)


@cache
def date_pattern() -> str:
    """Day, month, optional year and weekday: "le mercredi 1er mai", "13 avril prochains"."""
    v = vocabulary()
    month = rf"(?:{alternation(v.months)}|(?:{alternation(v.month_abbreviations)})\.?)"
    return (rf"{L}(?:(?P<det>le|ce|les|du|au){SP})?(?:(?P<wd>{alternation(v.weekdays)}){SP})?(?P<day>{DAY})"
            rf"{SP}(?P<month>{month})(?!\w)(?:{SP}(?P<year>{YEAR4}|{YY}))?(?![\d])"
            rf"(?:{SP}(?P<rel>{alternation(v.relative_modifiers)}))?{R}")
