"""Times stage: temporal expressions normalised to TIMEX3 values, anchored on the publication date.

The grammar (timex.patterns) finds what the words say; this module anchors it. The anchor is the
document's metadata date, else a date inferred from the text (timex.anchor). Partial dates take
their year, and bare weekdays their week, from the tense of the clause they sit in (timex.tense,
timex.dates). Clock times and parts of the day take the date mentioned nearest before them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from recoupe.records import Document, Time
from recoupe.timex import dates as cal
from recoupe.timex.anchor import anchor_of, infer_anchor
from recoupe.timex.dates import FUTURE, PRESENT
from recoupe.timex.grammar import Candidate
from recoupe.timex.patterns import scan
from recoupe.timex.tense import Parse

# "prolongé jusqu'au 31 juillet", "à partir du 1er octobre": a limit, whatever the tense of the verb;
# "d'ici (les mois de) juillet": a limit ahead of the anchor ("a pris fin d'ici juillet" is a future perfect)
_LIMIT = re.compile(r"(?i)(?:jusqu['’](?:au|à|en)|(?P<by>d['’]ici)(?: au| à| la| le| fin)?|à compter du|à partir du)"
                    r"\s*(?:(?:le|la|les)\s+)?$")
# "juillet et août", "le 3 ou le 4 mai": a second partial date in a coordination takes the first one's year
_COORDINATED = re.compile(r"(?i)\s*(?:,|et|ou|à|au|-)\s*(?:(?:le|en|au|à)\s+)?")
_NEEDS_TENSE = frozenset({"date", "month", "weekday", "season", "relunit"})
_ANAPHORIC = frozenset({"clock", "part", "anaphoric", "moment"})


def find_times(doc: Document, spacy_doc: Any, *, today: date | None = None) -> tuple[tuple[Time, ...], str | None]:
    """The document's time expressions and the anchor date used (metadata, else inferred, else None)."""
    today = today or date.today()
    text = doc.text
    parse = Parse(spacy_doc, text)
    candidates = scan(text, parse.pos)
    tenses: dict[int, str | None] = {}

    def tense(c: Candidate) -> str | None:
        if c.start not in tenses:
            # "prolongé jusqu'au 31 juillet", "d'ici le 1er octobre": a limit, whatever the verb's tense
            limit = _LIMIT.search(text, max(0, c.start - 24), c.start)
            tenses[c.start] = (FUTURE if limit.group("by") else None) if limit else parse.tense(c.start, c.end)
        return tenses[c.start]

    anchor = anchor_of(doc.published)
    label = doc.published[:10] if doc.published else None
    if not doc.published:
        anchor = infer_anchor(candidates, tense, today)
        label = anchor.isoformat() if anchor else None
    values: list[str | None] = [None] * len(candidates)
    days: list[date | None] = [None] * len(candidates)
    for i, c in enumerate(candidates):
        if c.kind not in _ANAPHORIC:
            values[i], days[i] = _bounded(_resolve, c, anchor, tense(c) if c.kind in _NEEDS_TENSE else None, today)
        if i and values[i] and values[i - 1] and _coordinated(candidates[i - 1], c, text):
            values[i], days[i] = _same_year(values[i - 1] or "", c, values[i] or "", days[i])
    for i in _habitual(candidates, values, tense, parse):
        c = candidates[i]
        values[i], days[i] = f"XXXX-{c.month:02d}" + (f"-{c.day:02d}" if c.day else ""), None
    # days from days first ("le lendemain"), then clock times and parts of day on them, then "à ce moment-là"
    for kinds in (("anaphoric",), ("clock", "part"), ("moment",)):
        for i, c in enumerate(candidates):
            if c.kind in kinds:
                values[i], days[i] = _bounded(_resolve_anaphoric, i, candidates, values, days, anchor, parse)
    times: list[Time] = []
    for i, c in enumerate(candidates):
        if times and c.kind == "part" and _on_day(candidates[i - 1], days[i - 1], values[i],
                                                  text[candidates[i - 1].end:c.start]):
            start = times.pop().start  # "jeudi 3 octobre en début d'après-midi": one TIME, as "jeudi après-midi"
            times.append(Time(start, c.end, text[start:c.end], values[i], c.type))
        else:
            times.append(Time(c.start, c.end, text[c.start:c.end], values[i], c.type))
    return tuple(times), label


def _bounded(resolve: Callable[..., tuple[str | None, date | None]], *args: Any) -> tuple[str | None, date | None]:
    """A value, or none where it would fall outside the calendar (years 1 to 9999: "l'an prochain" in 9999)."""
    try:
        return resolve(*args)
    except (OverflowError, ValueError):
        return None, None


def _resolve(c: Candidate, anchor: date | None, tense: str | None, today: date) -> tuple[str | None, date | None]:
    """The TIMEX3 value of a candidate that needs no other mention, and its day when it names one."""
    year = c.year
    if year is not None and c.two_digit_year:
        year = cal.two_digit_year(year, (anchor or today).year)
    if c.kind == "fixed":
        return c.value, None
    if c.kind == "date" and c.month is not None and c.day is not None:
        d: date | None = None
        if year is not None:
            d = cal.safe_date(year, c.month, c.day)
        elif anchor is not None:
            if c.weekday is not None:
                d = cal.agreeing_year(c.day, c.month, c.weekday, anchor)
            d = d or cal.day_month(c.day, c.month, anchor, tense, c.shift)
        else:
            return f"XXXX-{c.month:02d}-{c.day:02d}", None
        return (d.isoformat(), d) if d else (None, None)
    if c.kind == "date" and c.day is not None and c.weekday is not None:  # "ce mardi 12"
        d = cal.weekday_and_day(c.day, c.weekday, anchor, tense) if anchor else None
        return (d.isoformat(), d) if d else (None, None)
    if c.kind == "month" and c.month is not None:
        if year is not None:
            return f"{year:04d}-{c.month:02d}", None
        if anchor is None:
            return f"XXXX-{c.month:02d}", None
        y, mo = cal.month_only(c.month, anchor, tense, c.shift)
        return f"{y:04d}-{mo:02d}", None
    if anchor is None:
        return (f"XXXX-WXX-{c.weekday}", None) if c.kind == "weekday" and not c.part else (None, None)
    if c.kind == "weekday" and c.weekday is not None:
        d = cal.weekday(c.weekday, anchor, tense, c.shift)
        return _with_time(d, c), d
    if c.kind == "relday":
        d = anchor + timedelta(days=c.shift)
        return _with_time(d, c), d
    if c.kind == "relunit":
        return _relative_unit(c, anchor, tense), None
    if c.kind == "season" and c.unit:
        return f"{cal.season_year(c.unit, anchor, tense, c.shift):04d}-{c.unit}", None
    if c.kind == "period":
        return f"{anchor.year:04d}-{c.unit}{c.day}", None
    if c.kind == "newyear":
        return f"{anchor.year + (1 if anchor.month >= 11 else 0):04d}", None
    return None, None


# "généralement", "d'habitude": a present clause that tells what happens every year, not once
_HABIT = re.compile(r"(?i)\b(?:généralement|habituellement|d['’]habitude|en général|traditionnellement|"
                    r"chaque année|tous les ans|toutes les années)\b")


def _habitual(candidates: list[Candidate], values: list[str | None], tense: Callable[[Candidate], str | None],
              parse: Parse) -> list[int]:
    """Year-less dates and months of a habitual present sentence: TimeML gives them no year (XXXX-07-15).

    A sentence is habitual when its clause is in the present and it also holds a
    generic time ("chaque année", "en été" as XXXX-SU) or a habit adverb: "pendant les mois d'été, et surtout
    entre le 15 juillet et le 15 août, le camping affiche complet".
    """
    found = []
    for i, c in enumerate(candidates):
        if c.kind not in ("date", "month") or c.year is not None or c.weekday is not None or c.shift:
            continue
        bounds = parse.sentence(c.start)
        limit = _LIMIT.search(parse.text, max(0, c.start - 24), c.start)
        if bounds is None or limit or tense(c) != PRESENT:
            continue
        lo, hi = bounds
        # a yearly SET or a generic date; not a rate ("peu de malades par jour" says nothing of habit)
        generic = any(lo <= o.start < hi and (values[j] or "").startswith(("XXXX", "P1Y"))
                      for j, o in enumerate(candidates) if j != i)
        if generic or _HABIT.search(parse.text, lo, hi):
            found.append(i)
    return found


_JOINS_PART = re.compile(r"(?i)\s+(?:(?:en|au|dans|à)\s+)?")


def _on_day(before: Candidate, day: date | None, value: str | None, gap: str) -> bool:
    """Whether a part of the day follows the date it falls on ("dimanche 29 août au matin")."""
    return (before.kind in ("date", "weekday", "relday", "anaphoric") and before.type == "DATE" and day is not None
            and (value or "").startswith(day.isoformat()) and _JOINS_PART.fullmatch(gap) is not None)


def _coordinated(first: Candidate, second: Candidate, text: str) -> bool:
    """Whether a year-less date or month is coordinated with the date or month right before it."""
    return (second.kind in ("date", "month") and second.year is None and second.month is not None
            and first.kind in ("date", "month") and first.month is not None
            and _COORDINATED.fullmatch(text, first.end, second.start) is not None)


def _same_year(before: str, c: Candidate, value: str, day: date | None) -> tuple[str, date | None]:
    """The value of the second date of "juillet et août" in the year of the first (the next, after December)."""
    year = int(before[:4]) if before[:4].isdigit() else None
    if year is None or c.month is None or not value[:4].isdigit():
        return value, day
    month = int(before[5:7]) if before[5:7].isdigit() else c.month
    year += c.month < month
    if c.kind == "month":
        return f"{year:04d}-{c.month:02d}", None
    moved = cal.safe_date(year, c.month, c.day or 1)
    return (moved.isoformat(), moved) if moved else (value, day)


def _with_time(d: date, c: Candidate) -> str:
    if c.clock:
        return f"{d.isoformat()}T{c.clock}"
    return f"{d.isoformat()}T{c.part}" if c.part else d.isoformat()


def _relative_unit(c: Candidate, anchor: date, tense: str | None) -> str | None:
    if c.unit == "W":
        return cal.iso_week(anchor + timedelta(weeks=c.shift))
    if c.unit == "WE":
        return cal.weekend(anchor, tense, c.shift)
    if c.unit == "M":
        y, mo = cal.shift_month(anchor.year, anchor.month, c.shift)
        return f"{y:04d}-{mo:02d}" if 1 <= y <= 9999 else None
    if c.unit == "Y":
        year = anchor.year + c.shift
        return f"{year:04d}" if 1 <= year <= 9999 else None  # TIMEX3 years have four digits: "0009", never "9"
    if c.unit == "DE":
        return f"{anchor.year // 10 + c.shift:03d}"
    if c.unit == "C":
        return f"{anchor.year // 100 + c.shift:02d}"
    return None


def _resolve_anaphoric(i: int, candidates: list[Candidate], values: list[str | None], days: list[date | None],
                       anchor: date | None, parse: Parse) -> tuple[str | None, date | None]:
    """Clock times, parts of day, "la veille", "à ce moment-là": on the date mentioned nearest before.

    In the same sentence the nearest date before wins, then the nearest after ("vers 0 h 40, jeudi");
    across sentences, the last date mentioned; without any, the anchor.
    """
    c = candidates[i]
    if c.kind == "moment":
        # the time last mentioned, its most precise form in that sentence ("vers 15 h 30, hier")
        last = next((j for j in range(i - 1, -1, -1) if values[j]), None)
        if last is None:
            return "PAST_REF", None
        where = parse.sentence(candidates[last].start)
        same = [j for j in range(last + 1) if values[j] and where and where[0] <= candidates[j].start < where[1]]
        best = max(same or [last], key=lambda j: len(values[j] or ""))
        return values[best], days[best]
    bounds = parse.sentence(c.start)
    ref: date | None = None
    following = candidates[i + 1] if i + 1 < len(candidates) else None
    if c.kind != "anaphoric" and following and days[i + 1] and re.fullmatch(
            r"[\s,]{0,3}", parse.text[c.end:following.start]):
        ref = days[i + 1]  # "à midi le lendemain", "vers 15 h 30, hier": the date right after
    elif bounds is not None and c.kind != "anaphoric":
        lo, hi = bounds
        before = [days[j] for j in range(i) if days[j] and lo <= candidates[j].start < hi]
        after = [days[j] for j in range(i + 1, len(candidates))
                 if days[j] and lo <= candidates[j].start < hi and candidates[j].kind not in _ANAPHORIC]
        ref = before[-1] if before else after[0] if after else None
    if ref is None:
        ref = next((d for d in reversed(days[:i]) if d), anchor)
    if c.kind == "anaphoric" and (c.unit or c.weekday):
        return _unit_anaphor(c, values[:i], anchor)
    if c.kind == "anaphoric":
        if ref is None:
            return None, None
        ref = ref + timedelta(days=c.shift)
        return (f"{ref.isoformat()}T{c.part}" if c.part else ref.isoformat()), ref
    stamp = c.clock or c.part
    return (f"{ref.isoformat()}T{stamp}" if ref else f"XXXX-XX-XXT{stamp}"), ref


_POINT = re.compile(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?(?!\d)")


def _point(value: str | None) -> tuple[date, int] | None:
    """The first day a value names and its precision (1 year, 2 month, 3 day); None for a duration."""
    found = _POINT.match(value or "")
    if found is None:
        return None
    year, month, day = found.groups()
    first = cal.safe_date(int(year), int(month or 1), int(day or 1))
    return (first, 1 + bool(month) + bool(day)) if first else None


def _unit_anaphor(c: Candidate, before: list[str | None], anchor: date | None) -> tuple[str | None, date | None]:
    """"l'année suivante", "la semaine précédente", "le lundi suivant": from the last date precise enough.

    TimeML anchors these on the time the text is talking about, not on the publication date: the
    year after the last year mentioned, the Monday after the last day mentioned; the anchor without one.
    """
    need = 3 if c.weekday or c.unit in ("W", "WE") else 2 if c.unit == "M" else 1
    ref = next((p[0] for v in reversed(before) if (p := _point(v)) and p[1] >= need), anchor)
    if ref is None:
        return None, None
    if c.weekday:
        after = (c.weekday - ref.isoweekday() - 1) % 7 + 1
        step = after if c.shift >= 0 else after - 7 - 7 * (after == 7)
        day = ref + timedelta(days=step)
        return day.isoformat(), day
    return _relative_unit(c, ref, None), None
