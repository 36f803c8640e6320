"""Checks: which facts independent sources corroborate, which rest on one source, which conflict.

A pure function of what the knowledge base holds (events with their mentions, figures, role claims,
the independence group of each document). Checks are a view, computed when read: any new source can
change a verdict, and a view is never stale. Every check lists its claims as spans with their
documents and an explanation a reader can verify against them (docs/checks.md).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from recoupe import data
from recoupe.figure_series import Estimate, agreements, conflicts, series
from recoupe.kb import Role
from recoupe.merge import dates_agree
from recoupe.records import CanonicalEvent, EventMention, Figure, RoleClaim

OPEN_FACTOR = 1.5  # "au moins 3 000" read as the source's estimate: 3 000 to 4 500 (docs/checks.md)
ABOUT = 0.1  # "environ 3 000": 2 700 to 3 300
_UNITS = {"soldat": "soldiers", "troupe": "soldiers", "militaire": "soldiers", "homme": "soldiers",
          "combattant": "soldiers", "force": "soldiers", "mort": "dead", "victime": "casualties",
          "tue": "dead", "blesse": "wounded"}
_STOP = {"de", "du", "des", "la", "le", "les", "l", "d", "et", "pour", "en", "a", "au", "aux"}
# Posts one person holds one at a time, for the rule that needs no knowledge-base dates.
OFFICES = ("premier ministre", "président", "ministre", "porte-parole", "secrétaire général", "chancelier",
           "roi", "reine", "gouverneur", "maire")


@dataclass(frozen=True, slots=True)
class Claim:
    """One source's statement in a check: a span of a document, the value it gives and who gives it."""

    doc: str
    start: int
    end: int
    text: str
    value: str
    source: str | None = None  # canonical entity id of who says it, when known


@dataclass(frozen=True, slots=True)
class Check:
    """A verdict on one fact across sources."""

    kind: str  # figure | role | event | date
    subject: str
    entities: tuple[str, ...]
    status: str  # corroborated | single-source | conflicting | disputed
    claims: tuple[Claim, ...]
    explanation: str  # English, the export's `explanation`
    explanation_fr: str = ""  # the same in French, for the French briefing
    series: tuple[Estimate, ...] = ()  # a figure check's estimates over time, oldest first (figure_series)


@dataclass(frozen=True, slots=True)
class FigureFact:
    """A figure with what it counts about: the canonical event of its clause, and its unit class."""

    doc: str
    figure: Figure
    event: str  # canonical event id
    unit: str  # normalised unit class
    source: str | None
    date: str | None = None  # the clause's date, else the publication date (ISO)
    dated_by: str = "none"  # clause | published | none


@dataclass(frozen=True, slots=True)
class RoleFact:
    """A role claim with its person resolved: canonical id, knowledge-base roles, and the document date."""

    doc: str
    claim: RoleClaim
    person: str
    name: str
    kb_roles: tuple[Role, ...]
    date: str | None


@dataclass(frozen=True, slots=True)
class Evidence:
    """Everything the checks read."""

    events: Sequence[tuple[CanonicalEvent, Sequence[tuple[str, EventMention, str | None]]]]  # (doc, mention, reporter)
    figures: Sequence[FigureFact]
    roles: Sequence[RoleFact]
    groups: dict[str, str]  # doc id -> independence group
    names: Callable[[Sequence[str]], str]  # entity ids -> "Russie, Corée du Nord"


def find_checks(ev: Evidence) -> list[Check]:
    """Event, figure and role checks, conflicting first, then disputed."""
    out = _event_checks(ev) + _figure_checks(ev) + _role_checks(ev)
    order = {"conflicting": 0, "disputed": 1, "single-source": 2, "corroborated": 3}
    return sorted(out, key=lambda c: order[c.status])


def _group(ev: Evidence, doc: str) -> str:
    return ev.groups.get(doc, doc)


def _event_checks(ev: Evidence) -> list[Check]:
    out = []
    for event, mentions in ev.events:
        if not event.actors:
            continue
        subject = f"{ev.names(event.actors)} — {event.type}{f' ({event.mode})' if event.mode else ''}" + (
            f" — {ev.names(event.targets)}" if event.targets else "")
        # one claim per passage: two triggers of one sentence ("le déploiement ... l'envoi") are one statement
        claims = tuple({(doc, m.start, m.end, m.modality): Claim(doc, m.start, m.end, m.text, m.modality, reporter)
                        for doc, m, reporter in mentions}.values())
        entities = tuple(dict.fromkeys((*event.actors, *event.targets)))
        dated = _date_disagreement(ev, mentions)
        if dated:
            a, b = dated
            out.append(Check("date", subject, tuple(dict.fromkeys((*event.actors, *event.targets))), "conflicting",
                             (Claim(a[0], a[1].start, a[1].end, a[1].text, a[1].date or "", a[2]),
                              Claim(b[0], b[1].start, b[1].end, b[1].text, b[1].date or "", b[2])),
                             *_say("date-conflicting", a=a[0], a_date=a[1].date, b=b[0], b_date=b[1].date)))
        status, said = _event_verdict(ev, claims)
        out.append(Check("event", subject, entities, status, claims, *said))
    return out


def _event_verdict(ev: Evidence, claims: tuple[Claim, ...]) -> tuple[str, tuple[str, str]]:
    """conflicting: independent sources say it happened and that it did not; disputed: only denials, or a report
    and its denial from one source (an article quoting both sides) — a denial never corroborates."""
    denied = [c for c in claims if c.value == "denied"]
    stated = [c for c in claims if c.value != "denied"]
    stated_groups = {_group(ev, c.doc) for c in stated}
    against = [c for c in denied if stated_groups - {_group(ev, c.doc)}]
    if against:
        return "conflicting", _say("event-conflicting", n=len(stated), stated=_docs(stated), denied=_docs(denied),
                                   excerpt=_excerpt(against[0].text))
    if denied:
        first = denied[0]
        where = {"denied": _docs(denied), "excerpt": _excerpt(first.text), "doc": first.doc, "start": first.start,
                 "end": first.end}
        if stated:
            return "disputed", _say("event-disputed", stated=_docs(stated), **where)
        return "disputed", _say("event-disputed-only", n=len({_group(ev, c.doc) for c in denied}), **where)
    if len(stated_groups) >= 2:
        return "corroborated", _say("event-corroborated", n=len(stated_groups), docs=_docs(stated))
    return "single-source", _say("event-single", docs=_docs(claims))


def _say(key: str, **values: object) -> tuple[str, str]:
    """An explanation in English and French, from data/checks.yaml."""
    table = data.load("checks.yaml")[key]
    return str(table["en"]).format(**values), str(table["fr"]).format(**values)


def _date_disagreement(ev: Evidence, mentions: Sequence[tuple[str, EventMention, str | None]]) -> tuple[
        tuple[str, EventMention, str | None], tuple[str, EventMention, str | None]] | None:
    """Two independent sources that date one event differently (neither date contains the other)."""
    dated = [x for x in mentions if x[1].date]
    for i, a in enumerate(dated):
        for b in dated[i + 1:]:
            if _group(ev, a[0]) != _group(ev, b[0]) and not dates_agree(a[1].date, b[1].date):
                return a, b
    return None


def _excerpt(text: str, words: int = 14) -> str:
    cut = text.split()
    return " ".join(cut[:words]) + (" …" if len(cut) > words else "")


def _docs(claims: Sequence[Claim]) -> str:
    return ", ".join(dict.fromkeys(c.doc for c in claims))


def interval(f: Figure) -> tuple[float, float] | None:
    """The range a figure allows: open bounds read as the source's estimate (OPEN_FACTOR)."""
    if f.low is None and f.high is None:
        return None
    low = f.low if f.low is not None else (f.high or 0) / OPEN_FACTOR
    high = f.high if f.high is not None else low * OPEN_FACTOR
    if f.qualifier in ("at-least", "more-than") and f.high is None:
        high = low * OPEN_FACTOR
    if f.qualifier in ("at-most", "less-than") and f.low is None:
        low = high / OPEN_FACTOR
    if f.qualifier == "about":
        low, high = low * (1 - ABOUT), high * (1 + ABOUT)
    return (low, high)


def unit_class(unit: str | None) -> str | None:
    """Units of one quantity compare: "soldats", "troupes", "militaires" are all soldiers."""
    if not unit:
        return None
    word = _fold(unit.split()[0]).rstrip("s")
    return _UNITS.get(word, word)


def _figure_value(f: Figure) -> str:
    if f.low is not None and f.high is not None and f.low != f.high:
        return f"{f.low:g}-{f.high:g}"
    if f.high is None:
        return f"≥{f.low:g}" if f.low is not None else "?"
    return f"{f.low:g}" if f.low is not None else f"≤{f.high:g}"


def _figure_checks(ev: Evidence) -> list[Check]:
    """One check per count (event, unit class): its estimates as a series; only estimates of the same time
    from independent sources can conflict or corroborate (figure_series)."""
    events = {e.id: e for e, _ in ev.events}
    # one count: a unit class about one kind of event between the same parties; merging keeps reports months
    # apart as two events, and their figures are exactly the series this check follows
    groups: dict[tuple[str, ...], list[FigureFact]] = defaultdict(list)
    for fact in ev.figures:
        if interval(fact.figure) is not None and (e := events.get(fact.event)) is not None:
            groups[(e.type, ",".join(sorted(e.actors)), ",".join(sorted(e.targets)), fact.unit)].append(fact)
    out = []
    for (*_, unit), facts in groups.items():
        event = events[facts[0].event]
        found = series([Estimate(f.doc, f.figure, _figure_value(f.figure), f.date, f.dated_by, f.source,
                                 _group(ev, f.doc)) for f in facts])
        claims = tuple(Claim(e.doc, e.figure.start, e.figure.end, e.figure.text, e.value, e.source)
                       for e in found.estimates)
        unit = facts[0].figure.unit or unit  # the unit as the text writes it ("soldats"), not its class
        subject = f"{unit} — {ev.names(event.actors)} {event.type} {ev.names(event.targets)}".strip()
        entities = tuple(dict.fromkeys((*event.actors, *event.targets)))
        apart, together = conflicts(found, _disjoint), agreements(found, _disjoint)
        evolution = "; ".join(f"{e.date or '?'} {e.value}" for e in found.estimates)
        if apart:
            a, b = apart[0]
            status = "conflicting"
            said = _say("figure-conflicting", a=a.doc, a_text=a.figure.text, b=b.doc, b_text=b.figure.text,
                        unit=unit, factor=f"{OPEN_FACTOR:g}", a_date=a.date or "?", b_date=b.date or "?")
        elif together:
            status = "corroborated"
            said = _say("figure-corroborated", n=len({e.group for e in found.estimates}), unit=unit,
                        texts=", ".join(c.text for c in claims))
        elif found.evolves and len({e.group for e in found.estimates}) >= 2:
            status = "single-source"  # each time rests on its own source: an evolution, not a contradiction
            said = _say("figure-series", n=found.periods, unit=unit, evolution=evolution)
        else:
            status = "single-source"
            said = _say("figure-single", docs=_docs(claims), unit=unit)
        out.append(Check("figure", subject, entities, status, claims, *said,
                         series=found.estimates if len(found.estimates) >= 2 else ()))
    return out


def _disjoint(a: Figure, b: Figure) -> bool:
    ia, ib = interval(a), interval(b)
    return ia is not None and ib is not None and (ia[1] < ib[0] or ib[1] < ia[0])


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text.casefold()) if not unicodedata.combining(c))


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[\w-]+", _fold(text)) if w not in _STOP}


def _kb_roles(fact: RoleFact) -> list[Role]:
    """The knowledge-base roles a claim names: every content word of the role is in the claim."""
    words = _words(fact.claim.role)
    return [r for r in fact.kb_roles if _words(r.role) <= words]


def _holds(role: Role, day: str) -> bool:
    return (role.start is None or role.start <= day) and (role.end is None or day <= role.end)


def _office(role: str) -> str | None:
    text = _fold(role)
    if re.match(r"^(ancien|ancienne|ex|futur|future|defunt|defunte)\b", text):
        return None
    return next((o for o in OFFICES if text.startswith(_fold(o))), None)


def _role_checks(ev: Evidence) -> list[Check]:
    people: dict[str, list[RoleFact]] = defaultdict(list)
    for fact in ev.roles:
        people[fact.person].append(fact)
    out = []
    for person, facts in people.items():
        named = {f: _kb_roles(f) for f in facts}  # the KB posts each claim names
        # a claim is outdated when every post it names ended before (or began after) its document's date
        wrong = [f for f in facts if f.date and named[f] and not any(_holds(r, f.date) for r in named[f])]
        right = [f for f in facts if f not in wrong and named[f]]
        posts = {r.role for f in right for r in named[f] if f.date is None or _holds(r, f.date)}
        wrong = [f for f in wrong if not {r.role for r in named[f]} <= posts]
        if wrong and right and any(_group(ev, w.doc) != _group(ev, g.doc) for w in wrong for g in right):
            bad, good = wrong[0], right[0]
            role = named[bad][-1]
            now = [r for r in named[good] if bad.date and _holds(r, bad.date)]
            values = {"bad": bad.doc, "date": bad.date, "name": bad.name, "bad_text": bad.claim.text,
                      "start": role.start or "?", "end": role.end or "?", "good_text": good.claim.text,
                      "good": _docs([_role_claim(g) for g in right])}
            said = (_say("role-outdated-now", now=now[0].role, since=now[0].start or "?", **values) if now
                    else _say("role-outdated", **values))
            claims = tuple(_role_claim(f) for f in [*wrong, *right])
            out.append(Check("role", bad.name, (person,), "conflicting", claims, *said))
            continue
        offices = {(o, f.claim.of_key): f for f in facts if (o := _office(f.claim.role))}
        distinct = {o for o, _ in offices}
        sources = {_group(ev, f.doc) for f in offices.values()}
        if len(distinct) >= 2 and len(sources) >= 2 and not any(f.kb_roles for f in facts):
            first, second = list(offices.values())[:2]
            said = _say("role-offices", a=first.doc, b=second.doc, name=first.name, a_text=first.claim.text,
                        b_text=second.claim.text)
            out.append(Check("role", first.name, (person,), "conflicting",
                             tuple(_role_claim(f) for f in offices.values()), *said))
    return out


def _role_claim(f: RoleFact) -> Claim:
    return Claim(f.doc, f.claim.start, f.claim.end, f.claim.text, f.claim.role, None)
