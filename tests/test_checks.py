"""Checks and event merging: rules on records built here, then whole articles written for these tests."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from helpers import ingest_into

from recoupe import export, pipeline
from recoupe.checks import Evidence, FigureFact, RoleFact, find_checks, interval, unit_class
from recoupe.kb import Role
from recoupe.merge import compatible, dates_agree, merge
from recoupe.records import CanonicalEvent, EventMention, Figure, RoleClaim, StoredEventMention
from recoupe.store import Store

EVENT = CanonicalEvent("v1", "AID", "troops", ("e1",), ("e2",), None)


def _mention(modality: str = "asserted", start: int = 0) -> EventMention:
    return EventMention(start, start + 5, "texte", start, start + 5, "texte", "AID", "troops", ("e1",), ("e2",),
                        modality=modality)


def _evidence(events=(), figures=(), roles=(), groups=None) -> Evidence:  # type: ignore[no-untyped-def]
    return Evidence(list(events), list(figures), list(roles), groups or {}, lambda ids: ", ".join(ids))


def _fig(low: float | None, high: float | None, qualifier: str, text: str = "x") -> Figure:
    return Figure(0, len(text), text, low, high, "soldats", qualifier)


def test_open_bounds_read_as_estimates() -> None:
    assert interval(_fig(3000, None, "at-least")) == (3000, 4500)
    assert interval(_fig(10000, 12000, "between")) == (10000, 12000)
    assert unit_class("troupes") == unit_class("soldats") == unit_class("militaires")


@pytest.mark.parametrize(("a", "b", "groups", "conflict"), [
    (_fig(10000, 12000, "between"), _fig(3000, None, "at-least"), {"d1": "d1", "d2": "d2"}, True),
    (_fig(10000, 12000, "between"), _fig(11000, 11000, "exact"), {"d1": "d1", "d2": "d2"}, False),  # contained
    (_fig(10000, 12000, "between"), _fig(3000, None, "at-least"), {"d1": "d1", "d2": "d1"}, False),  # syndicated
    (_fig(600000, None, "more-than"), _fig(700000, 700000, "exact"), {"d1": "d1", "d2": "d2"}, False),
])
def test_figure_conflicts_need_disjoint_ranges_from_independent_sources(a: Figure, b: Figure,
                                                                        groups: dict[str, str],
                                                                        conflict: bool) -> None:
    facts = [FigureFact("d1", a, "v1", "soldiers", None), FigureFact("d2", b, "v1", "soldiers", None)]
    found = find_checks(_evidence([(EVENT, [("d1", _mention(), None)])], facts, groups=groups))
    statuses = {c.status for c in found if c.kind == "figure"}
    assert ("conflicting" in statuses) is conflict


def test_a_figure_and_its_restatement_agree() -> None:
    facts = [FigureFact("d1", _fig(5000, 5000, "exact"), "v1", "soldiers", None),
             FigureFact("d1", _fig(5000, 5000, "exact"), "v1", "soldiers", None)]
    [check] = [c for c in find_checks(_evidence([(EVENT, [("d1", _mention(), None)])], facts)) if c.kind == "figure"]
    assert check.status == "single-source"


def test_event_verdicts() -> None:
    denied = find_checks(_evidence([(EVENT, [("d1", _mention(), None), ("d2", _mention("denied"), None)])]))
    assert denied[0].status == "conflicting" and {c.doc for c in denied[0].claims} == {"d1", "d2"}
    two = find_checks(_evidence([(EVENT, [("d1", _mention(), None), ("d2", _mention("hedged"), None)])]))
    assert two[0].status == "corroborated"
    copies = find_checks(_evidence([(EVENT, [("d1", _mention(), None), ("d2", _mention(), None)])],
                                   groups={"d1": "d1", "d2": "d1"}))
    assert copies[0].status == "single-source"


def test_a_denial_never_corroborates() -> None:
    # three outlets quote one denial: no source says it happened, so it is disputed, not corroborated
    quoted = find_checks(_evidence([(EVENT, [(d, _mention("denied", 10), None) for d in ("d1", "d2", "d3")])]))
    assert [c.status for c in quoted if c.kind == "event"] == ["disputed"]
    assert "(d1, characters 10–15)" in quoted[0].explanation and "caractères 10 à 15" in quoted[0].explanation_fr
    # one article reports it and quotes its denial: disputed, with the denial quoted
    both = find_checks(_evidence([(EVENT, [("d1", _mention(), None), ("d1", _mention("denied", 40), None)])]))
    assert both[0].status == "disputed" and "characters 40–45" in both[0].explanation
    # a denial in one outlet against a report in another: the sources conflict
    apart = find_checks(_evidence([(EVENT, [("d1", _mention(), None), ("d1", _mention("denied", 40), None),
                                            ("d2", _mention("hedged"), None)])]))
    assert apart[0].status == "conflicting"


def test_an_article_that_quotes_a_denial_disputes_the_event(store: Store, tmp_path: Path) -> None:
    data = _ingest(store, tmp_path, {
        "id": "a", "published": "2025-05-02", "outlet": "Le Quotidien",
        "text": "Selon Riyad, l'Iran a attaqué des navires saoudiens.\n"
                "Le ministre iranien des Affaires étrangères a démenti que l'Iran ait attaqué des navires saoudiens."})
    assert not export.validate(data)
    events = [c for c in data["checks"] if c["kind"] == "event" and "ASSAULT" in c["subject"]]
    assert [c["status"] for c in events] == ["disputed"], events
    assert "démenti" in events[0]["explanation_fr"] and "characters" in events[0]["explanation"]
    denial = next(k for k in events[0]["claims"] if k["value"] == "denied")
    assert "démenti" in denial["text"]


def _role(doc: str, words: str, date: str | None, roles: tuple[Role, ...]) -> RoleFact:
    return RoleFact(doc, RoleClaim(0, len(words), words, "per:x", words.casefold(), "kb:japan"), "e9", "X Y",
                    roles, date)


KB_ROLES = (Role("ministre des affaires étrangères", "japan", "2019-01-01", "2022-06-30"),
            Role("porte-parole du gouvernement", "japan", "2022-07-01", None))


def test_a_post_that_ended_before_the_date_conflicts_with_the_current_one() -> None:
    facts = [_role("d1", "ministre japonais des Affaires étrangères", "2023-05-02", KB_ROLES),
             _role("d2", "porte-parole du gouvernement japonais", "2023-05-01", KB_ROLES)]
    [check] = find_checks(_evidence(roles=facts))
    assert check.status == "conflicting" and check.kind == "role"
    assert "2022-06-30" in check.explanation


def test_no_role_conflict_for_variants_of_one_post_or_a_post_held_at_the_date() -> None:
    variants = [_role("d1", "porte-parole du gouvernement japonais", "2023-05-02", KB_ROLES),
                _role("d2", "porte-parole du gouvernement nippon", "2023-05-01", KB_ROLES)]
    assert not find_checks(_evidence(roles=variants))
    then = [_role("d1", "ministre des Affaires étrangères", "2021-05-02", KB_ROLES),
            _role("d2", "porte-parole du gouvernement", "2023-05-01", KB_ROLES)]
    assert not find_checks(_evidence(roles=then))


def _stored(actors: tuple[str, ...], targets: tuple[str, ...] = (), date: str | None = None,
            typ: str = "AID") -> StoredEventMention:
    return StoredEventMention("d", 0, typ, "military", actors, targets, date)


def test_merge_rules() -> None:
    assert dates_agree("2024-10", "2024-10-24") and not dates_agree("2023-07", "2023-09")
    assert compatible(_stored(("e1",), ("e2",)), CanonicalEvent("v1", "AID", "military", ("e1",), ("e2",), None))
    reverse = CanonicalEvent("v1", "AID", "military", ("e2",), ("e1",), None)
    assert not compatible(_stored(("e1",), ("e2",)), reverse)
    meeting = CanonicalEvent("v2", "CONSULT", "military", ("e1", "e2"), (), "2023-07")
    assert compatible(_stored(("e2", "e1"), typ="CONSULT"), meeting)
    assert not compatible(_stored(("e1", "e2"), date="2023-09", typ="CONSULT"), meeting)
    changed, assigned = merge([_stored(("e1",), ("e2",)), _stored(("e1",), ("e2",), "2024")], [], 7)
    assert [e.id for e in changed] == ["v7"] and {a[2] for a in assigned} == {"v7"}
    assert changed[0].date == "2024"


def _ingest(store: Store, tmp_path: Path, *articles: dict[str, str]) -> dict[str, Any]:
    ingest_into(store, tmp_path, *articles)
    return export.build(store)


def test_articles_that_disagree_on_a_figure_and_on_whether_it_happened(store: Store, tmp_path: Path) -> None:
    data = _ingest(store, tmp_path, {
        "id": "a", "published": "2025-02-10", "outlet": "Le Quotidien",
        "text": "Selon des sources militaires, l'Iran a envoyé entre 2 000 et 2 500 soldats en Syrie en janvier."},
        {"id": "b", "published": "2025-02-11", "outlet": "La Gazette",
         "text": "L'Iran a envoyé au moins 400 soldats en Syrie, selon un responsable.\n"
                 "Le gouvernement iranien a cependant nié avoir envoyé des soldats en Syrie."})
    assert not export.validate(data)
    kinds = {(c["kind"], c["status"]) for c in data["checks"]}
    assert ("figure", "conflicting") in kinds
    assert ("event", "conflicting") in kinds
    for check in data["checks"]:
        assert len(check["explanation"].split()) >= 6


def test_articles_that_agree_give_no_conflict(store: Store, tmp_path: Path) -> None:
    data = _ingest(store, tmp_path, {
        "id": "a", "published": "2025-02-10", "outlet": "Le Quotidien",
        "text": "L'Iran a livré des drones à la Russie, a indiqué Volodymyr Zelensky. Environ 300 drones ont "
                "été livrés."},
        {"id": "b", "published": "2025-02-12", "outlet": "La Gazette",
         "text": "Selon Volodymyr Zelenski, l'Iran a livré des drones à la Russie."},
        {"id": "c", "published": "2025-02-12", "outlet": "La Gazette",
         "text": "Selon Volodymyr Zelenski, l'Iran a livré des drones à la Russie."})
    assert not [c for c in data["checks"] if c["status"] == "conflicting"]
    corroborated = [c for c in data["checks"] if c["status"] == "corroborated" and c["kind"] == "event"]
    assert corroborated and {k["doc"] for k in corroborated[0]["claims"]} >= {"a", "b"}


def test_sources_that_date_one_signing_differently(store: Store, tmp_path: Path) -> None:
    data = _ingest(store, tmp_path,
                   {"id": "a", "outlet": "Le Quotidien", "published": "2025-03-10",
                    "text": "La Serbie et la Hongrie ont signé un accord énergétique le 3 mars 2025 à Belgrade."},
                   {"id": "b", "outlet": "La Gazette", "published": "2025-03-11",
                    "text": "La Hongrie et la Serbie ont signé un accord énergétique le 5 mars 2025."})
    [check] = [c for c in data["checks"] if c["kind"] == "date"]
    assert check["status"] == "conflicting"
    assert {k["value"] for k in check["claims"]} == {"2025-03-03", "2025-03-05"}


def test_two_signings_a_year_apart_and_one_date_twice_raise_no_date_conflict(store: Store, tmp_path: Path) -> None:
    data = _ingest(store, tmp_path,
                   {"id": "a", "outlet": "Le Quotidien", "published": "2025-03-10",
                    "text": "La Serbie et la Hongrie ont signé un accord énergétique le 3 mars 2025."},
                   {"id": "b", "outlet": "La Gazette", "published": "2024-03-11",
                    "text": "La Hongrie et la Serbie ont signé un accord énergétique le 4 mars 2024."},
                   {"id": "c", "outlet": "Le Soir", "published": "2025-03-11",
                    "text": "La Hongrie et la Serbie ont signé un accord énergétique lundi 3 mars."})
    assert not [c for c in data["checks"] if c["kind"] == "date"]
    signed = [v for v in data["events"] if v["type"] == "AGREE"]
    assert len(signed) == 2


def test_reports_months_apart_without_a_clause_date_are_two_events() -> None:
    praised = CanonicalEvent("v3", "SUPPORT", "praise", ("e1",), ("e2",), None, "2020-01-10", "2020-01-12")
    later = StoredEventMention("d", 0, "SUPPORT", "praise", ("e1",), ("e2",), None, "2020-06-01")
    soon = StoredEventMention("d", 1, "SUPPORT", "praise", ("e1",), ("e2",), None, "2020-01-30")
    recalled = StoredEventMention("d", 2, "SUPPORT", "praise", ("e1",), ("e2",), "2020-01", "2023-05-01")
    assert not compatible(later, praised)
    assert compatible(soon, praised)
    assert compatible(recalled, replace(praised, date="2020-01-11"))  # a clause date ties a late retelling
    changed, _ = merge([soon], [praised], 9)
    assert (changed[0].first, changed[0].last) == ("2020-01-10", "2020-01-30")


def test_a_users_knowledge_base_dates_the_roles_it_checks(store: Store, tmp_path: Path) -> None:
    kb_file = tmp_path / "people.yaml"
    kb_file.write_text(
        "- {id: ana-lind, type: PER, name: Ana Lind, aliases: [], roles: ["
        "{role: ministre de la défense, of: sweden, start: '2019-01-01', end: '2022-10-18'}, "
        "{role: porte-parole du gouvernement, of: sweden, start: '2022-10-18', end: null}]}\n", encoding="utf-8")
    ingest_into(store, tmp_path,
                {"id": "a", "outlet": "Le Quotidien", "published": "2023-04-02",
                 "text": "La ministre suédoise de la Défense Ana Lind a rencontré son homologue finlandais."},
                {"id": "b", "outlet": "La Gazette", "published": "2023-04-03",
                 "text": "La porte-parole du gouvernement suédois, Ana Lind, a répondu aux questions."},
                settings=pipeline.Settings(kb_files=(str(kb_file),)))
    [undated] = [c for c in export.build(store)["checks"] if c["kind"] == "role"]  # the bundled KB: no dates
    assert "no dates" in undated["explanation"] and "2022-10-18" not in undated["explanation"]
    [check] = [c for c in export.build(store, (str(kb_file),))["checks"] if c["kind"] == "role"]
    assert check["status"] == "conflicting" and "2022-10-18" in check["explanation"]


def _dated(doc: str, low: float, high: float | None, qualifier: str, when: str | None) -> FigureFact:
    return FigureFact(doc, _fig(low, high, qualifier, f"{low:g} soldats"), "v1", "soldiers", None, when,
                      "clause" if when else "none")


def test_figures_of_different_times_are_a_series_not_a_conflict() -> None:
    facts = [_dated("d2", 12000, 12000, "exact", "2024-12-20"), _dated("d1", 3000, None, "at-least", "2024-10")]
    [check] = [c for c in find_checks(_evidence([(EVENT, [("d1", _mention(), None)])], facts))
               if c.kind == "figure"]
    assert check.status == "single-source"
    assert [(e.doc, e.date, e.value) for e in check.series] == [("d1", "2024-10", "≥3000"),
                                                                ("d2", "2024-12-20", "12000")]
    assert "2024-10 ≥3000; 2024-12-20 12000" in check.explanation


def test_figures_of_the_same_time_still_conflict_and_carry_their_series() -> None:
    facts = [_dated("d1", 3000, None, "at-least", "2024-10"), _dated("d2", 10000, 12000, "between", "2024-11-01")]
    [check] = [c for c in find_checks(_evidence([(EVENT, [("d1", _mention(), None)])], facts))
               if c.kind == "figure"]
    assert check.status == "conflicting"
    assert "(2024-10)" in check.explanation and len(check.series) == 2


def test_a_count_followed_over_months_in_the_export_and_the_briefing(store: Store, tmp_path: Path) -> None:
    from recoupe import briefing

    data = _ingest(store, tmp_path, {
        "id": "a", "published": "2025-03-02", "outlet": "Le Quotidien",
        "text": "Selon Kiev, la Russie a envoyé au moins 2 000 soldats en Biélorussie."},
        {"id": "b", "published": "2025-06-20", "outlet": "La Gazette",
         "text": "Selon Kiev, la Russie a envoyé 9 000 soldats en Biélorussie."})
    assert not export.validate(data)
    [check] = [c for c in data["checks"] if c["kind"] == "figure"]
    assert check["status"] != "conflicting"
    assert [(e["date"], e["value"], e["dated_by"]) for e in check["series"]] == [
        ("2025-03-02", "≥2000", "published"), ("2025-06-20", "9000", "published")]
    text = briefing.markdown(data, "en")
    assert "Estimates over time" in text and "**2025-03-02** — ≥2000" in text
