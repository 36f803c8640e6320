"""Figures as estimates over time: periods, same time, series order (recoupe/figure_series.py)."""

from __future__ import annotations

from datetime import date

import pytest

from recoupe.figure_series import Estimate, conflicts, period, same_time, series
from recoupe.records import Figure


def _estimate(doc: str, when: str | None, low: float, high: float | None, qualifier: str = "exact",
              group: str | None = None) -> Estimate:
    figure = Figure(0, 5, "texte", low, high, "soldats", qualifier)
    return Estimate(doc, figure, f"{low:g}", when, "clause" if when else "none", None, group or doc)


def _apart(a: Figure, b: Figure) -> bool:  # the checks' rule, simplified: exact values that differ
    return a.low != b.low


@pytest.mark.parametrize(("value", "expected"), [
    ("2024-10-25", (date(2024, 10, 25), date(2024, 10, 25))),
    ("2024-02", (date(2024, 2, 1), date(2024, 2, 29))),
    ("2023", (date(2023, 1, 1), date(2023, 12, 31))),
    ("2024-W43", None), ("PRESENT_REF", None), (None, None), ("2024-13", None),
])
def test_period_of_a_date_month_or_year(value: str | None, expected: tuple[date, date] | None) -> None:
    assert period(value) == expected


@pytest.mark.parametrize(("a", "b", "same"), [
    ("2024-10", "2024-11-01", True),  # "en octobre" read on November 1st
    ("2025-01", "2025-02-11", True),  # eleven days after the month: the same news
    ("2024-03", "2024-06-15", False),  # a quarter apart: the count has moved on
    ("2024-03-01", "2024-03-20", False),
    ("2023", "2023-07-14", True),  # a year holds its days
    (None, "2024-01-01", True),  # undated: any time
])
def test_same_time(a: str | None, b: str, same: bool) -> None:
    assert same_time(a, b) is same and same_time(b, a) is same


def test_a_series_is_ordered_by_the_time_it_speaks_of_and_counts_its_periods() -> None:
    found = series([_estimate("c", "2024-06-02", 9000, 9000), _estimate("a", None, 100, 100),
                    _estimate("b", "2024-03", 2000, 2000), _estimate("d", "2024-06-10", 8000, 8000)])
    assert [e.doc for e in found.estimates] == ["b", "c", "d", "a"]
    assert found.periods == 2 and found.evolves


def test_only_estimates_of_one_time_from_independent_sources_conflict() -> None:
    found = series([_estimate("a", "2024-03", 2000, 2000), _estimate("b", "2024-06-15", 9000, 9000),
                    _estimate("c", "2024-06-20", 4000, 4000), _estimate("d", "2024-06-21", 100, 100, group="c")])
    assert [(a.doc, b.doc) for a, b in conflicts(found, _apart)] == [("b", "c"), ("b", "d")]
