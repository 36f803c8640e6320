"""Calendar arithmetic of the times stage: which year, which week, which day a partial date means.

Every choice follows one rule, the tense of the clause: a past clause takes the latest candidate
not after the anchor, a future clause the earliest not before it, any other the nearest one;
"dernier" and "prochain" exclude the anchor itself.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

PAST, PRESENT, FUTURE = "PAST", "PRESENT", "FUTURE"


def safe_date(year: int, month: int, day: int) -> date | None:
    """The date, or None when it does not exist (31 June, 29 February of a common year)."""
    if not (1 <= month <= 12 and 1 <= year <= 9999):
        return None
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return date(year, month, day)


def _choose(candidates: list[date], anchor: date, tense: str | None, shift: int) -> date | None:
    """Pick a candidate by the tense rule (see the module docstring)."""
    if not candidates:
        return None
    if shift < 0:
        before = [c for c in candidates if c < anchor]
        return max(before) if before else None
    if shift > 0:
        after = [c for c in candidates if c > anchor]
        return min(after) if after else None
    if tense == PAST:
        before = [c for c in candidates if c <= anchor]
        if before:
            return max(before)
    elif tense == FUTURE:
        after = [c for c in candidates if c >= anchor]
        if after:
            return min(after)
    # nearest; a present clause leans to the future ("le vote est prévu fin octobre": scheduled), a
    # clause without a verb does not; a tie goes to the past, as news mostly reports what happened
    weight = 2 if tense == PRESENT else 1
    return min(candidates, key=lambda c: (abs((c - anchor).days) * (weight if c < anchor else 1), c > anchor))


def day_month(day: int, month: int, anchor: date, tense: str | None, shift: int = 0) -> date | None:
    """The year of a year-less date ("le 6 mai", "le 6 mai dernier") around the anchor."""
    found = [safe_date(anchor.year + k, month, day) for k in (-1, 0, 1)]
    return _choose([d for d in found if d is not None], anchor, tense, shift)


def month_only(month: int, anchor: date, tense: str | None, shift: int = 0) -> tuple[int, int]:
    """The year of a year-less month ("en octobre", "juin prochain"), compared month to month."""
    here = date(anchor.year, anchor.month, 1)
    # at the calendar's ends (years 1 and 9999) only the years that exist are candidates
    firsts = [d for k in (-1, 0, 1) if (d := safe_date(anchor.year + k, month, 1))]
    if shift == 0 and tense not in (PAST, FUTURE):
        # the nearest month (a present clause leaning to the future, as in _choose); at a tie, this year's
        weight = 2 if tense == PRESENT else 1
        best = min(firsts, key=lambda d: (abs(_months(d) - _months(here)) * (weight if d < here else 1),
                                          d.year != anchor.year))
        return best.year, best.month
    chosen = _choose(firsts, here, tense, shift) or min(firsts, key=lambda d: abs(d.year - anchor.year))
    return chosen.year, chosen.month


def _months(d: date) -> int:
    return d.year * 12 + d.month


def weekday(day: int, anchor: date, tense: str | None, shift: int = 0) -> date:
    """The date of a bare weekday ("mardi", "vendredi dernier"; 1 = Monday) near the anchor."""
    back = (anchor.isoweekday() - day) % 7
    candidates = [anchor - timedelta(days=back + 7 * k) for k in (0, 1)]
    candidates += [anchor + timedelta(days=(day - anchor.isoweekday()) % 7 + 7 * k) for k in (0, 1)]
    return _choose(sorted(set(candidates)), anchor, tense, shift) or candidates[0]


def weekday_and_day(day: int, weekday_: int, anchor: date, tense: str | None) -> date | None:
    """"ce mardi 12": the date near the anchor (within two months) with that weekday and day of the month."""
    found = [anchor + timedelta(days=k) for k in range(-62, 63)]
    return _choose([d for d in found if d.day == day and d.isoweekday() == weekday_], anchor, tense, 0)


def agreeing_year(day: int, month: int, weekday_: int, near: date, *, latest: date | None = None,
                  span: int = 1) -> date | None:
    """The date where day, month and weekday agree, nearest to `near` within `span` years.

    With `latest`, the most recent agreeing date not after it (used to infer a publication date).
    """
    if latest is not None:
        for year in range(latest.year, latest.year - 40, -1):
            d = safe_date(year, month, day)
            if d is not None and d <= latest and d.isoweekday() == weekday_:
                return d
        return None
    found = [safe_date(near.year + k, month, day) for k in range(-span, span + 1)]
    agreeing = [d for d in found if d is not None and d.isoweekday() == weekday_]
    return min(agreeing, key=lambda d: abs((d - near).days)) if agreeing else None


def iso_week(d: date) -> str:
    """The TIMEX3 week value of a date ("1999-W27")."""
    year, week, _ = d.isocalendar()
    return f"{year:04d}-W{week:02d}"


def weekend(anchor: date, tense: str | None, shift: int = 0) -> str:
    """The TIMEX3 value of "ce week-end" / "le week-end dernier": the week of that Saturday."""
    saturday = weekday(6, anchor, tense, shift)
    if anchor.isoweekday() == 7 and shift == 0:
        saturday = anchor - timedelta(days=1)  # on a Sunday, this weekend is the one under way
    return iso_week(saturday) + "-WE"


def shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    """The month `by` months after (year, month)."""
    index = year * 12 + month - 1 + by
    return index // 12, index % 12 + 1


def season_year(season: str, anchor: date, tense: str | None, shift: int) -> int:
    """The year of a season ("l'été dernier") around the anchor; winter counts from December."""
    starts = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
    firsts = [d for k in (-1, 0, 1) if (d := safe_date(anchor.year + k, starts[season], 1))]
    chosen = _choose(firsts, anchor, tense, shift) or min(firsts, key=lambda d: abs(d.year - anchor.year))
    return chosen.year


def two_digit_year(yy: int, anchor_year: int) -> int:
    """"octobre 98" -> 1998: the century that puts the year at most 10 years after the anchor."""
    century = anchor_year // 100 * 100
    year = century + yy
    return year - 100 if year > anchor_year + 10 else year


def format_number(n: float) -> str:
    """A TIMEX3 quantity: 3.0 -> "3", 30.4 -> "30.4"."""
    return str(int(n)) if n == int(n) else f"{n:.3f}".rstrip("0")


def duration(n: float | None, unit: str) -> str:
    """A TIMEX3 duration ("P3Y", "PT30.4S", "PXD" when the number is vague)."""
    time_unit = unit in ("H", "MIN", "S")
    letter = "M" if unit == "MIN" else unit
    amount = "X" if n is None else format_number(n)
    return f"PT{amount}{letter}" if time_unit else f"P{amount}{letter}"
