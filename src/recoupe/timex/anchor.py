"""The anchor date of a document: its metadata date, or one inferred from the dates its text reports."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from recoupe.timex import dates as cal
from recoupe.timex.dates import FUTURE, PAST
from recoupe.timex.grammar import Candidate


def anchor_of(published: str | None) -> date | None:
    """The date of a metadata value ("2024-11-01T08:00", "2024-11", "2024"), None when unreadable."""
    if not published:
        return None
    found = re.match(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?", published.strip())
    if not found:
        return None
    return cal.safe_date(int(found.group(1)), int(found.group(2) or 1), int(found.group(3) or 1))


def _explicit(c: Candidate, today: date, floor: int | None) -> date | None:
    """The date a candidate names without any anchor: a full date, a month and year, a weekday-date pair.

    A weekday-date pair takes the most recent agreeing year not after today, unless one agrees in the
    latest year the text names (`floor`) or the year after it: news names the current or the last year.
    """
    year = cal.two_digit_year(c.year, today.year) if c.year is not None and c.two_digit_year else c.year
    if c.kind == "date" and c.month is not None and c.day is not None:
        if year is not None:
            return cal.safe_date(year, c.month, c.day)
        if c.weekday is not None and c.shift == 0:
            if floor is not None:
                for y in range(floor, min(floor + 1, today.year) + 1):
                    d = cal.safe_date(y, c.month, c.day)
                    if d is not None and d <= today and d.isoweekday() == c.weekday:
                        return d
            return cal.agreeing_year(c.day, c.month, c.weekday, today, latest=today)
    if c.kind == "month" and c.month is not None and year is not None:
        return cal.safe_date(year, c.month, 1)
    return None


def _named_year(c: Candidate) -> int | None:
    """The four-digit year a candidate names, if any."""
    if c.year is not None and not c.two_digit_year:
        return c.year
    if c.kind == "fixed" and c.value and c.value.isdigit() and len(c.value) == 4:
        return int(c.value)
    return None


def infer_anchor(candidates: list[Candidate], tense: Callable[[Candidate], str | None], today: date) -> date | None:
    """A publication date from the text: the latest date it reports, pushed past by year-less past dates.

    Evidence is every full date, month and year, or weekday-date pair that is not in a future clause,
    past clauses first. A year-less date or month in a past clause ("fin avril", "en mai") is read as
    the first one at or after that latest date (a journalist drops the year of what happened this
    year), unless one of them is the latest date's own month: then that month is the current one.
    None without any such evidence.
    """
    years = [y for c in candidates if (y := _named_year(c)) is not None and y <= today.year
             and tense(c) != FUTURE]
    floor = max(years) if years else None
    past: list[date] = []
    other: list[date] = []
    for c in candidates:
        d = _explicit(c, today, floor)
        if d is None or d > today:
            continue
        t = tense(c)
        if t != FUTURE:
            (past if t == PAST else other).append(d)
    if not (past or other):
        return None
    latest = max(past or other)
    yearless = [c for c in candidates if c.kind in ("date", "month") and c.year is None and c.weekday is None
                and c.month is not None and tense(c) == PAST]
    if any(c.month == latest.month for c in yearless):
        return latest
    pushed = latest
    for c in yearless:
        if c.month is None:
            continue
        if c.kind == "date" and c.day is not None:
            d = cal.day_month(c.day, c.month, latest, FUTURE)
        else:
            y, mo = cal.month_only(c.month, latest, FUTURE)
            d = date(y, mo, 1)
        if d is not None and d <= today:
            pushed = max(pushed, d)
    return pushed
