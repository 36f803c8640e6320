"""The table of time patterns, compiled once per process, and the scan that keeps the best candidates."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from recoupe.timex import amounts as a
from recoupe.timex import grammar as g
from recoupe.timex.grammar import CONNECT, DAY, MODS, YEAR4, YY, Builder, Candidate, Context
from recoupe.timex.words import APOS, SP, L, R, alternation, number_pattern, vocabulary


@cache
def patterns() -> tuple[tuple[re.Pattern[str], Builder], ...]:
    """(regex, builder) in order of preference when two candidates cover the same span."""
    v = vocabulary()
    month = alternation(v.months)
    wd = alternation(v.weekdays)
    part = alternation(v.parts_of_day)
    rel = alternation(v.relative_modifiers)
    seasons = alternation(v.seasons)
    units = alternation(v.units)
    num = number_pattern()
    approx = (rf"environ|près{SP}de|presque|quelque|plus{SP}de|moins{SP}de|plus{SP}d{APOS}|moins{SP}d{APOS}|"
              rf"au{SP}moins|au{SP}plus|"
              rf"pas{SP}moins{SP}de|un{SP}peu{SP}plus{SP}d(?:e|{APOS})|un{SP}peu{SP}moins{SP}d(?:e|{APOS})|"
              rf"une{SP}bonne|un{SP}bon|pr[èe]s{SP}d{APOS}")
    vague = (rf"plusieurs|quelques|des|de{SP}longues|de{SP}longs|de{SP}nombreuses|de{SP}nombreux|"
             rf"ces{SP}derni(?:ers|ères)|les{SP}derni(?:ers|ères)|ces{SP}prochaines|ces{SP}prochains|"
             rf"les{SP}prochaines|les{SP}prochains")
    approx_n = alternation(v.approximate_numbers)
    table: list[tuple[str, Builder]] = [
        (g.date_pattern(), g.date_candidate),
        (rf"{L}(?:(?P<det>les|le|du|des|entre{SP}le){SP})?(?:(?P<wd1>{wd}){SP})?(?P<d1>{DAY})"
         rf"(?:(?:{SP})?,|{SP}et|{SP}au|{SP}à|{SP}ou|(?:{SP})?[-–])(?:{SP})?"
         rf"(?=(?:le{SP})?(?:{wd}{SP})?{DAY}{SP}(?:{month}))", g.day_list),
        (r"(?<![\w/.])(?P<d>[0-3]?\d)[/.](?P<m>[01]?\d)[/.](?P<y>\d{4}|\d\d)(?![\w/]|[.,]\d)", g.numeric_date),
        (r"(?<![\w-])(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\w-])", g.numeric_date),
        (rf"{L}(?:(?P<mod>{MODS}){CONNECT})?(?:(?:le{SP})?mois{SP}d(?:e{SP}|{APOS}))?(?P<month>{month})"
         rf"{SP}(?P<year>{YEAR4}|{YY}){R}", g.month_year),
        (rf"{L}(?:(?P<mod>{MODS})(?:{CONNECT}|{SP}du{SP}(?=mois)))?(?P<mois>(?:le{SP})?mois{SP}d(?:e{SP}|{APOS}))?"
         rf"(?P<month>{month})"
         rf"(?:{SP}(?P<rel>{rel}))?{R}", g.month_alone),
        (rf"(?<![\w'’.,/-])(?<!\d )(?:(?P<lannee>l{APOS}ann[ée]e|l{APOS}an|ann[ée]e){SP})?"
         rf"(?:(?P<mod>début|fin|mi|courant)(?:-|{SP}))?(?P<year>\d{{4}})(?![\w]|[.,]\d|(?:{SP})?\d)", g.bare_year),
        (rf"(?<![\w.,/-])(?P<y1>(?:19|20)\d\d)(?:{SP})?[/–-](?:{SP})?(?P<y2>(?:19|20)\d\d)(?![\w])", g.year_range),
        (rf"{L}(?:(?P<det>ce{SP}même|le{SP}même|ce|cette|le|les|chaque|tous{SP}les){SP})?(?P<wd>{wd})"
         rf"(?P<plural>s)?(?:{SP}(?P<rel>{rel}))?(?:{SP}(?P<part>{part}|midi))?{R}", g.weekday_candidate),
        (rf"{L}les{SP}(?:(?:premiers?|premières?|1ers?|deuxièmes?|seconds?|2es?|troisièmes?|3es?|quatrièmes?|4es?|"
         rf"derniers?){SP}(?:et{SP}|,(?:{SP})?)?)+(?P<wd>{wd})s{R}", g.ordinal_weekdays),
        (rf"{L}(?P<rel>{alternation(v.relative_days)}|ce|cet|cette)(?:{SP}(?P<wd>{wd}))?"
         rf"(?:{SP}(?P<part>{part}|midi))?(?:-(?:ci|là))?{R}", g.relative_day),
        (rf"{L}(?:(?P<prep>dans|au|en(?:{SP}(?P<edge>fin|début|milieu){SP}de)?|en{SP}(?P<edge2>fin|début){SP}d{APOS})"
         rf"(?:{SP}|(?<=['’])))?(?P<det>la{SP}|le{SP}|l{APOS})?(?P<part>{part})(?:{SP}même)?"
         rf"(?:{SP}d[eu]{SP}(?P<wd>{wd})(?:{SP}(?:à|au){SP}{wd})?|{SP}(?P<rel>dernière|passée))?{R}", g.part_of_day),
        (rf"{L}(?:(?:ce|le){SP})?(?P<wd>{wd}){SP}(?P<day>{DAY})(?!\w|[,.]\d|{SP}(?:{month}|\d|h\b|heures?\b))",
         g.weekday_day),
        (rf"{L}(?:en{SP})?(?P<mod>début|fin|milieu){SP}d(?:e{SP}|{APOS})(?P<unit>semaine|mois|ann[ée]e){R}",
         g.unit_edge),
        (rf"{L}(?:(?:la{SP}|le{SP})?(?P<mod>{MODS})(?:-|{SP}de{SP}|{SP}d{APOS}|{SP}(?=du)))?"
         rf"(?P<det>cette{SP}|cet{SP}|ce{SP}|la{SP}|le{SP}|l{APOS}|du{SP})"
         rf"(?P<unit>semaine|mois|ann[ée]e|an|week-end|weekend|décennie|siècle)(?:-ci)?"
         rf"(?:{SP}(?P<rel>{rel}|en{SP}cours))?{R}", g.relative_unit),
        (rf"{L}(?:(?P<prep>en|au|l{APOS}|cet|cette|ce|leur|notre|votre|son|mon|de{SP}l{APOS})(?:{SP}|(?<=['’])))?"
         rf"(?P<season>{seasons})"
         rf"(?:{SP}(?P<year>{YEAR4}))?(?:{SP}(?P<rel>{rel}))?{R}", g.season),
        (rf"{L}les{SP}mois{SP}d{APOS}(?P<season>{seasons}){R}", g.months_of_season),
        (rf"{L}(?:(?P<det>le|au){SP})?(?P<ord>premier|1er|deuxième|second|2e|troisième|3e|quatrième|4e|dernier)"
         rf"{SP}(?P<unit>trimestre|semestre)(?:{SP}(?P<year>{YEAR4}))?{R}", g.period),
        (rf"{L}(?:les{SP}|des{SP})?années{SP}(?P<dec>(?:19|20)?\d0)(?![\w])", g.decade),
        (rf"{L}(?:le{SP}|au{SP}|du{SP})?(?P<c>[xvi]{{1,5}}|\d{{1,2}})(?:e|ème|ᵉ){SP}siècle{R}", g.century),
        (rf"{L}(?P<w>{alternation(v.anaphoric_days)})(?:{SP}(?P<part>{part}|midi))?{R}", g.anaphoric),
        (rf"{L}(?:à{SP})?(?P<w>ce{SP}moment)(?:-|{SP})?là{R}", g.moment),
        (rf"{L}la{SP}nouvelle{SP}année{R}", g.new_year),
        (rf"{L}(?:(?P<prep>à|a|vers|dès|jusqu{APOS}à|avant|après|de|entre|et|depuis|aux{SP}alentours{SP}de|"
         rf"peu{SP}avant|peu{SP}après){SP})?(?P<h>[01]?\d|2[0-4])(?:{SP})?(?P<hw>h|heures?)"
         rf"(?:(?:{SP})?(?P<m>[0-5]\d)(?:(?:{SP})?(?:min|minutes))?)?"
         rf"(?P<evening>{SP}du{SP}soir|{SP}de{SP}l{APOS}après-midi)?{R}", a.clock),
        (rf"{L}(?P<prep>)(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)(?P<hw>)(?![\w:])", a.clock),
        (rf"{L}(?P<w>midi|minuit){R}", a.noon),
        (rf"{L}(?:(?P<approx>{approx})(?:{SP}|(?<=['’])))?(?P<amount>(?:(?P<num>{num})|(?P<vague>{vague}))(?:{SP}|(?<=\d))|"
         rf"une?{SP}(?P<apn>{approx_n}){SP}d(?:e{SP}|{APOS}))(?P<unit>{units})"
         rf"(?P<half>{SP}et{SP}demie?)?{R}", a.duration_candidate),
        (rf"{L}(?P<q>un|trois|une?)?(?:{SP})?(?:(?P<quart>quarts?){SP}d(?:e{SP}|{APOS})|demi-)(?P<unit>siècle|heure|journée|"
         rf"année|an|semaine|journée){R}", a.fraction),
        (rf"{L}(?:toute|tout){SP}(?:l{APOS}|la{SP}|le{SP})(?P<unit>année|journée|semaine|mois){R}", a.whole_period),
        (rf"{L}(?P<w>quinquennat|septennat){R}", a.duration_noun),
        (rf"{L}(?P<q>chaque|tous{SP}les|toutes{SP}les)(?:{SP}(?P<num>{num}))?{SP}(?P<unit>jours?|semaines?|mois|"
         rf"ans|années?|an|heures?|minutes?|trimestres?|semestres?|matins?|soirs?|nuits?|week-ends?|décennies?|"
         rf"siècles?){R}", a.every),
        (rf"{L}par{SP}(?P<unit>jour|an|année|semaine|mois|semestre|trimestre|heure|minute|seconde){R}", a.per),
        (rf"{L}(?P<w>{alternation(v.frequency_words)}){R}", a.frequency_word),
        (rf"{L}(?P<w>{alternation(v.references)}){R}", a.reference),
    ]
    return tuple((re.compile(p), b) for p, b in table)


@cache
def patterns_any_case() -> tuple[tuple[re.Pattern[str], Builder], ...]:
    """The same patterns, case-insensitive: for the rare text whose lowercase changes its length."""
    return tuple((re.compile(r.pattern, re.IGNORECASE), b) for r, b in patterns())


# Patterns that cannot match unless the text holds one of these words: a substring test skips them.
TRIGGERS: dict[Builder, tuple[str, ...]] = {
    g.ordinal_weekdays: ("les ",), g.months_of_season: ("mois d",), g.period: ("mestre",),
    g.decade: ("années",), g.century: ("siècle",), g.anaphoric: ("veille", "lendemain", "jour"),
    g.moment: ("moment",), g.new_year: ("nouvelle",), a.fraction: ("quart", "demi"), a.whole_period: ("tout",),
    a.duration_noun: ("ennat",), a.every: ("chaque", "tous", "toutes"), a.per: ("par",),
    a.noon: ("midi", "minuit"),
}


def scan(text: str, pos: Callable[[int], str | None]) -> list[Candidate]:
    """Every time candidate in the text, longest first where they overlap, in text order."""
    ctx = Context(text, pos)
    found: list[tuple[int, int, Candidate]] = []
    # matching a lowercased copy is ~40% faster than IGNORECASE; builders read case from ctx.text
    lowered = text.lower()
    table = patterns() if len(lowered) == len(text) else patterns_any_case()
    subject = lowered if len(lowered) == len(text) else text
    for rank, (regex, builder) in enumerate(table):
        if builder in TRIGGERS and not any(word in lowered for word in TRIGGERS[builder]):
            continue
        for m in regex.finditer(subject):
            if m.end() == m.start():
                continue
            found.extend((rank, i, c) for i, c in enumerate(builder(m, ctx)) if c.end > c.start)
    # one candidate per stretch of text: the longest, then the earlier pattern in the table
    found.sort(key=lambda f: (-(f[2].end - f[2].start), f[0], f[2].start))
    taken: list[Candidate] = []
    covered = bytearray(len(text))
    for _, _, c in found:
        if not any(covered[c.start:c.end]):
            taken.append(c)
            covered[c.start:c.end] = b"\x01" * (c.end - c.start)
    return sorted(taken, key=lambda c: c.start)
