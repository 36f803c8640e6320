"""Entities on sentences written for these tests (not the seed sentences), with the real model and KB."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recoupe.entities import find_entities, name_key
from recoupe.kb import KnowledgeBase
from recoupe.records import Document, LocalEntity


def _entities(model: Any, kb: KnowledgeBase, text: str) -> tuple[LocalEntity, ...]:
    doc = Document(id="t", source="t", text=text, title=None, content_hash="x")
    return find_entities(doc, model(text), kb)


def _by_mention(ents: tuple[LocalEntity, ...]) -> dict[str, LocalEntity]:
    return {m.text: e for e in ents for m in e.mentions}


@pytest.mark.parametrize(("text", "mention", "entity", "kind"), [
    ("Pékin a condamné mardi les manœuvres navales.", "Pékin", "Chine", "metonym"),
    ("La mesure a été jugée « inacceptable » par Séoul.", "Séoul", "Corée du Sud", "metonym"),
    ("Un accord est en vue, estime Washington.", "Washington", "États-Unis", "metonym"),
    ("Les tensions entre Moscou et Kiev ne faiblissent pas.", "Moscou", "Russie", "metonym"),
    ("Le sommet s'est tenu à Pékin, sous une pluie battante.", "Pékin", "Pékin", "name"),
    ("Des milliers de manifestants ont défilé à Séoul samedi.", "Séoul", "Séoul", "name"),
    ("L'offre faite à Moscou, qui hésite encore, expire lundi.", "Moscou", "Russie", "metonym"),
])
def test_capital_is_its_state_when_it_acts_and_the_city_when_it_is_a_place(
        model: Any, kb: KnowledgeBase, text: str, mention: str, entity: str, kind: str) -> None:
    ents = _by_mention(_entities(model, kb, text))
    assert ents[mention].name == entity
    assert next(m for m in ents[mention].mentions if m.text == mention).kind == kind


def test_axis_of_two_capitals_gives_two_states(model: Any, kb: KnowledgeBase) -> None:
    ents = _by_mention(_entities(model, kb, "Le nouvel axe Pékin-Moscou inquiète les Européens."))
    assert ents["Pékin"].name == "Chine"
    assert ents["Moscou"].name == "Russie"


def test_person_mentions_grouped_within_a_document(model: Any, kb: KnowledgeBase) -> None:
    text = ("Le chancelier allemand Olaf Scholz a reçu son homologue. M. Scholz a ensuite déclaré que "
            "Scholz ne changerait pas de cap.")
    ents = _entities(model, kb, text)
    scholz = [e for e in ents if "Scholz" in e.name]
    assert len(scholz) == 1
    assert {m.text for m in scholz[0].mentions} == {"Olaf Scholz", "Scholz"}
    assert scholz[0].label == "PER"


def test_acronym_and_full_name_are_one_entity(model: Any, kb: KnowledgeBase) -> None:
    ents = _entities(model, kb, "L'Organisation du traité de l'Atlantique nord (OTAN) se réunit. L'OTAN "
                                "a ensuite publié un communiqué.")
    nato = [e for e in ents if e.kb_key == "nato"]
    assert len(nato) == 1
    assert {m.text for m in nato[0].mentions} >= {"OTAN"}


def test_spurious_spans_are_dropped(model: Any, kb: KnowledgeBase) -> None:
    text = ("Le Haut commissaire est arrivé. Premier constat : rien n'a changé.\n\n"
            "Une frappe « ciblée », affirme Kiev\n\nQualifié de succès par l'armée, le raid a duré une heure.")
    names = {m.text for e in _entities(model, kb, text) for m in e.mentions}
    assert not names & {"Haut", "Premier", "Qualifié", "L’", "n'", "affirme Kiev"}
    assert all("\n" not in n for n in names)


def test_generic_institution_alone_is_not_an_entity(model: Any, kb: KnowledgeBase) -> None:
    names = {m.text for e in _entities(model, kb, "Le Parlement a adopté la loi hier soir.") for m in e.mentions}
    assert "Parlement" not in names


def test_treaty_is_not_an_organisation(model: Any, kb: KnowledgeBase) -> None:
    ents = _entities(model, kb, "Le Traité sur la non-prolifération des armes nucléaires a été signé en 1968.")
    assert all(e.label != "ORG" for e in ents if e.name.startswith("Traité"))


def test_knowledge_base_types_override_the_tagger(model: Any, kb: KnowledgeBase) -> None:
    ents = _by_mention(_entities(model, kb, "Un porte-parole de la Maison Blanche a démenti l'information."))
    assert ents["Maison Blanche"].label == "ORG"


def test_name_key_ignores_accents_case_hyphens_and_articles() -> None:
    assert name_key("Kim Jong-un") == name_key("Kim Jong Un") == "kim jong un"
    assert name_key("l'Union Européenne") == name_key("Union européenne")
    assert name_key("M. Hayashi") == "hayashi"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["Le président", "Emmanuel Macron", "a rencontré", "Xi Jinping", "à Pékin",
                                 "l'UE", "\n\n", "Moscou", ".", "« ", " »", "M.", "de la Chine", "Premier"]),
                max_size=30))
def test_any_text_gives_valid_offsets_and_no_overlaps(model: Any, kb: KnowledgeBase, parts: list[str]) -> None:
    text = " ".join(parts)
    ents = _entities(model, kb, text)
    spans = sorted((m.start, m.end) for e in ents for m in e.mentions)
    for e in ents:
        for m in e.mentions:
            assert text[m.start:m.end] == m.text and m.text.strip() == m.text and "\n" not in m.text
    assert all(a[1] <= b[0] for a, b in pairwise(spans))


@pytest.mark.parametrize(("text", "absent", "present"), [
    ("Premier ministre Élisabeth Borne a présenté son plan mardi.", "Premier ministre Élisabeth Borne",
     "Élisabeth Borne"),
    ("Les Français votent dimanche. Les Allemands aussi.", "Français", None),
    ("La hausse atteint 10 Nm selon le constructeur. Le couple est de 400 Nm.", "Nm", None),
    ("La pandémie de Covid-19.Cela a changé la donne pour Airbus.", "Covid-19.Cela", "Airbus"),
])
def test_role_words_demonyms_units_and_glued_sentences(
        model: Any, kb: KnowledgeBase, text: str, absent: str, present: str | None) -> None:
    names = {m.text for e in _entities(model, kb, text) for m in e.mentions}
    assert absent not in names
    if present:
        assert present in names


def test_demonym_mentions_only_when_asked(model: Any, kb: KnowledgeBase) -> None:
    text = "Des soldats nord-coréens sont arrivés en Russie."
    doc = Document(id="t", source="t", text=text, title=None, content_hash="x")
    plain = find_entities(doc, model(text), kb)
    assert all(m.kind != "demonym" for e in plain for m in e.mentions)
    asked = find_entities(doc, model(text), kb, demonyms=True)
    korea = next(e for e in asked if e.wikidata == "Q423")
    assert [(m.text, m.kind) for m in korea.mentions] == [("nord-coréens", "demonym")]


def test_capitalised_article_inside_a_sentence_belongs_to_the_name(model: Any, kb: KnowledgeBase) -> None:
    names = {m.text for e in _entities(model, kb, "Il a confié au journal Le Monde son inquiétude. "
                                                  "Le Japon proteste.") for m in e.mentions}
    assert "Le Monde" in names
    assert "Japon" in names and "Le Japon" not in names


@pytest.mark.parametrize(("text", "name"), [
    ("La secrétaire d'État adjointe, Victoria Nuland, est arrivée à Kiev.", "Victoria Nuland"),
    ("Selon le porte-parole Dmitri Peskov, rien n'est décidé.", "Dmitri Peskov"),
])
def test_a_title_makes_a_person(model: Any, kb: KnowledgeBase, text: str, name: str) -> None:
    ents = {e.name: e for e in _entities(model, kb, text)}
    assert ents[name].label == "PER"


def test_a_place_after_a_title_stays_a_place(model: Any, kb: KnowledgeBase) -> None:
    for text in ("Le maire de Saint-Étienne a inauguré le tramway.",
                 "Le maire de Nouvelle Orléans a décrété l'état d'urgence."):
        assert all(e.label != "PER" for e in _entities(model, kb, text)), text


@pytest.mark.parametrize("text", [
    "La ministre néerlandaise de la Santé Mirjam Verhoef a présenté son plan mardi.",
    "Le ministre belge de l'Intérieur Koen Vermeulen a répondu aux députés.",
])
def test_a_portfolio_after_a_title_is_not_part_of_the_name(model: Any, kb: KnowledgeBase, text: str) -> None:
    people = [e for e in _entities(model, kb, text) if e.label == "PER"]
    assert people, _entities(model, kb, text)
    assert not any(e.name.split()[0] in ("Santé", "Intérieur") for e in people)
