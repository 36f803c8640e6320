"""Figures as estimates over time: who said how many, when, and which estimates of one time disagree.

A count that news follows (soldiers sent, victims, arrests) is estimated again and again: "au moins 3.000
soldats" in October, "entre 10 000 et 12 000" a week later, "initialement estimé à 12.000". Estimates of one
count from different times are a series, an evolution, not a contradiction. Only estimates of the same time
from independent sources that no reading reconciles conflict (docs/checks.md).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from recoupe.records import Figure

# Two dated estimates are of the same time when their periods overlap or lie at most this far apart: a report
# lags what it counts by days ("en janvier" read on February 11th, "en octobre" on November 1st is the same
# news); estimates a month or more apart follow the count as it changes.
SAME_TIME_DAYS = 14
_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True, slots=True)
class Estimate:
    """One source's figure for a count at a time."""

    doc: str
    figure: Figure
    value: str  # as the check claims write it: "10000-12000", "≥3000"
    date: str | None  # ISO date, month or year: the clause's date, else the document's publication date
    dated_by: str  # "clause" | "published" | "none"
    source: str | None  # canonical entity id of who gives the figure
    group: str  # independence group of the document


@dataclass(frozen=True, slots=True)
class Series:
    """The estimates of one count (unit class, event and its entities), oldest first, undated last."""

    estimates: tuple[Estimate, ...]

    @property
    def periods(self) -> int:
        """How many distinct times the estimates speak of (estimates of the same time count once)."""
        dated = [e for e in self.estimates if period(e.date)]
        count = 0
        for i, e in enumerate(dated):
            if not any(same_time(e.date, d.date) for d in dated[:i]):
                count += 1
        return count

    @property
    def evolves(self) -> bool:
        """Whether the series spans more than one time: then it reads as an evolution."""
        return self.periods >= 2


def period(value: str | None) -> tuple[date, date] | None:
    """The days an ISO date, month or year covers: "2024-10" -> October 1st to 31st."""
    m = _ISO.fullmatch(value or "")
    if not m:
        return None
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        if day:
            d = date(year, int(month), int(day))
            return d, d
        if month:
            last = calendar.monthrange(year, int(month))[1]
            return date(year, int(month), 1), date(year, int(month), last)
        return date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        return None


def same_time(a: str | None, b: str | None, days: int = SAME_TIME_DAYS) -> bool:
    """Whether two dates speak of one time; an undated estimate is taken to be of any time."""
    pa, pb = period(a), period(b)
    if pa is None or pb is None:
        return True
    gap = timedelta(days=days)
    return pa[0] <= pb[1] + gap and pb[0] <= pa[1] + gap


def series(estimates: Sequence[Estimate]) -> Series:
    """The estimates ordered by the time they speak of (by document and position within one time)."""
    def key(e: Estimate) -> tuple[int, str, str, int]:
        p = period(e.date)
        return (0 if p else 1, p[0].isoformat() if p else "", e.doc, e.figure.start)
    return Series(tuple(sorted(estimates, key=key)))


def conflicts(s: Series, disjoint: Callable[[Figure, Figure], bool]) -> list[tuple[Estimate, Estimate]]:
    """Pairs of estimates of the same time, from independent sources, whose values no reading reconciles."""
    found = s.estimates
    return [(a, b) for i, a in enumerate(found) for b in found[i + 1:]
            if a.group != b.group and same_time(a.date, b.date) and disjoint(a.figure, b.figure)]


def agreements(s: Series, disjoint: Callable[[Figure, Figure], bool]) -> list[tuple[Estimate, Estimate]]:
    """Pairs of estimates of the same time, from independent sources, that agree."""
    found = s.estimates
    return [(a, b) for i, a in enumerate(found) for b in found[i + 1:]
            if a.group != b.group and same_time(a.date, b.date) and not disjoint(a.figure, b.figure)]
