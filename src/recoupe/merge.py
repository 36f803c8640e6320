"""Event merging stage: mentions of one real event in several documents become one canonical event.

Two mentions are one event when they have the same PLOVER type, compatible modes, compatible
participants and compatible dates. Participants: for symmetric types (AGREE, CONSULT, COOPERATE)
the sets of parties must share two members (or the one a mention has); for directed types the actors
must overlap, the targets too when both name some, and one may not be the other reversed ("Russia
gives North Korea technology" is not "North Korea gives Russia missiles"). Dates: a clause date that
is not a prefix of the other ("2024-10" and "2024-10-24" agree, "2023-07" and "2023-09" do not).
Candidates come from an index of (entity, event) pairs, so adding a document never scans all events.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from recoupe.records import CanonicalEvent, StoredEventMention

SYMMETRIC = frozenset({"AGREE", "CONSULT", "COOPERATE"})
# Events that happen once between the same parties: two reports of a signing or an invasion by the same
# parties within a month are one event whose sources disagree on the date (a `date` check), not two events.
ONCE = frozenset({("AGREE", "sign"), ("AGREE", "ratify"), ("ASSAULT", "invade")})
ONCE_WITHIN_DAYS = 31
# Without agreeing clause dates, two reports are one event only if published within this many days of
# each other: "la France a salué ..." in 2017 and in 2020 are two events.
REPORT_WINDOW_DAYS = 30


def dates_agree(a: str | None, b: str | None) -> bool:
    """Whether two ISO/TIMEX values can name the same day: unknown, equal, or one a prefix of the other."""
    return a is None or b is None or a.startswith(b) or b.startswith(a)


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        return None


def once_and_close(m: StoredEventMention, e: CanonicalEvent) -> bool:
    """A once-only event between exactly the same parties, dated less than a month apart."""
    a, b = _day(m.date or ""), _day(e.date or "")
    return ((m.type, m.mode) in ONCE and m.mode == e.mode and a is not None and b is not None
            and abs((a - b).days) <= ONCE_WITHIN_DAYS and {*m.actors, *m.targets} == {*e.actors, *e.targets})


def _reported_together(m: StoredEventMention, e: CanonicalEvent) -> bool:
    day, first, last = _day(m.published or ""), _day(e.first or ""), _day(e.last or "")
    if day is None or first is None or last is None:
        return True  # a date unknown on one side: nothing says they are apart
    return (first - day).days <= REPORT_WINDOW_DAYS and (day - last).days <= REPORT_WINDOW_DAYS


def _within(m: StoredEventMention, e: CanonicalEvent) -> bool:
    """Published within the dates of the reports already merged (or a date unknown on one side)."""
    return not (m.published and e.first and e.last) or e.first <= m.published <= e.last


def compatible(m: StoredEventMention, e: CanonicalEvent) -> bool:
    """Whether a mention can be one more report of a canonical event."""
    if m.type != e.type or (m.mode and e.mode and m.mode != e.mode):
        return False
    if not dates_agree(m.date, e.date) and not once_and_close(m, e):
        return False
    if not (m.date and e.date and len(min(m.date, e.date, key=len)) >= 7) and not _reported_together(m, e):
        return False  # no shared month-precise clause date: the reports must be close in time
    if m.type in SYMMETRIC:
        mine, theirs = {*m.actors, *m.targets}, {*e.actors, *e.targets}
        return len(mine & theirs) >= min(2, len(mine), len(theirs))
    if not set(m.actors) & set(e.actors):
        return False
    if not (m.targets and e.targets) and not _within(m, e):
        return False  # "la France a demandé" twice, with no one named: one event only within the same reports
    if m.targets and e.targets and not set(m.targets) & set(e.targets):
        return False
    reversed_roles = set(m.actors) & set(e.targets) and set(m.targets) & set(e.actors)
    return not reversed_roles


def _grow(e: CanonicalEvent, m: StoredEventMention) -> CanonicalEvent:
    date = e.date if m.date is None or (e.date and len(e.date) >= len(m.date)) else m.date
    seen = sorted(d for d in (e.first, e.last, m.published) if d)
    return replace(e, first=seen[0] if seen else None, last=seen[-1] if seen else None,
                   mode=e.mode or m.mode, actors=tuple(dict.fromkeys((*e.actors, *m.actors))),
                   targets=tuple(t for t in dict.fromkeys((*e.targets, *m.targets)) if t not in e.actors
                                 and t not in m.actors), date=date)


def merge(pending: Sequence[StoredEventMention], candidates: Sequence[CanonicalEvent],
          next_number: int) -> tuple[list[CanonicalEvent], list[tuple[str, int, str]]]:
    """Assign each pending mention to a compatible event (the one sharing most participants) or a new one.

    Returns the new or grown events and the (doc id, seq, event id) assignments.
    """
    events = {e.id: e for e in candidates}
    # (type, participant) -> event ids: a mention is compared with the events of its own participants only
    index: dict[tuple[str, str], set[str]] = defaultdict(set)
    for e in candidates:
        for x in {*e.actors, *e.targets}:
            index[(e.type, x)].add(e.id)
    changed: dict[str, CanonicalEvent] = {}
    assignments: list[tuple[str, int, str]] = []
    for m in pending:
        parts = {*m.actors, *m.targets}
        near = {i for x in parts for i in index.get((m.type, x), ())}
        fits = [events[i] for i in sorted(near) if compatible(m, events[i])]
        if fits:
            best = max(fits, key=lambda e: (len(parts & {*e.actors, *e.targets}), -int(e.id[1:])))
            grown = _grow(best, m)
        else:
            grown = CanonicalEvent(f"v{next_number}", m.type, m.mode, m.actors, m.targets, m.date, m.published,
                                   m.published)
            next_number += 1
        events[grown.id] = changed[grown.id] = grown
        for x in {*grown.actors, *grown.targets}:
            index[(grown.type, x)].add(grown.id)
        assignments.append((m.doc_id, m.seq, grown.id))
    return list(changed.values()), assignments
