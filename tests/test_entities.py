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



@pytest.mark.parametrize(("text", "outlet", "name"), [
    ("Le suspect a été interpellé jeudi, a rapporté l'agence Anadolu.", "agence Anadolu", "Anadolu"),
    ("« Rien n'est décidé », a confié le ministre à L'Express dimanche.", "L'Express", "L'Express"),
    ("Invité d'Europe 1 lundi matin, le maire a défendu son bilan.", "Europe 1", "Europe 1"),
    ("Selon Paris Match, le couple s'est séparé en mars.", "Paris Match", "Paris Match"),
    ("D'après Le Canard enchaîné, la facture a triplé.", "Le Canard enchaîné", "Le Canard enchaîné"),
    ("Le député s'est expliqué sur France Info puis sur BFMTV.", "France Info", "Franceinfo"),
    ("Le sénateur a démenti toute rencontre, a indiqué ABC News.", "ABC News", "ABC News"),
    ("Dans un entretien au Figaro, la ministre assume.", "Figaro", "Le Figaro"),
])
def test_a_news_outlet_is_a_whole_organisation(
        model: Any, kb: KnowledgeBase, text: str, outlet: str, name: str) -> None:
    ents = _by_mention(_entities(model, kb, text))
    assert ents[outlet].name == name
    assert ents[outlet].label == "ORG"


def test_a_hyphenated_name_is_not_cut_at_a_shorter_known_one(model: Any, kb: KnowledgeBase) -> None:
    names = {m.text for e in _entities(model, kb, "La Croix-Rouge a livré des vivres à Gaza.") for m in e.mentions}
    assert "La Croix" not in names


@pytest.mark.parametrize(("text", "word"), [
    ("Depuis l'affaire Weinstein, le mouvement #MeToo a libéré la parole de Léa.", "MeToo"),
    ("Le Coronavirus a fait douze morts de plus en Italie, selon le gouvernement.", "Coronavirus"),
    ("Les hôpitaux de Lyon sont saturés. Covid-19 : Olivier Véran annonce des renforts.", "Covid-19"),
    ("L'acteur est mort d'une maladie liée à Parkinson, a annoncé son agent Marc Dubois.", "Parkinson"),
    ("Le prix (un euro, NDLR) a doublé depuis, explique Sophie Martin.", "NDLR"),
    ("Le Franco-Israélien de 31 ans a été libéré mardi par ses ravisseurs.", "Franco-Israélien"),
    ("Une Ukrainienne de 40 ans a témoigné devant le tribunal de Lille.", "Ukrainienne"),
])
def test_hashtags_diseases_and_nationalities_are_not_entities(
        model: Any, kb: KnowledgeBase, text: str, word: str) -> None:
    names = {m.text for e in _entities(model, kb, text) for m in e.mentions}
    assert not any(word in n for n in names)


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


def _people(model: Any, kb: KnowledgeBase, text: str) -> dict[str, set[str]]:
    return {e.name: {m.text for m in e.mentions} for e in _entities(model, kb, text) if e.label == "PER"}


@pytest.mark.parametrize(("text", "person", "not_in_name"), [
    ("Le procureur de la République Hervé Lantier a requis trois ans de prison.", "Hervé Lantier", "République"),
    ("La procureure de Lyon Sophie Marchal a ouvert une information judiciaire.", "Sophie Marchal", "Lyon"),
    ("Le procureur de Manhattan Cyrus Vance a classé l'affaire.", "Cyrus Vance", "Manhattan"),
    ("Le préfet de police de Paris Michel Delpuech a interdit le défilé.", "Michel Delpuech", "Paris"),
    ("Monsieur Juppé a quitté la salle sans un mot.", "Juppé", "Monsieur"),
    ("Il a réagi sur Twitter Amélie Nothomb en tête des ventes.", "Amélie Nothomb", "Twitter"),
])
def test_a_title_and_its_complement_are_not_the_person(
        model: Any, kb: KnowledgeBase, text: str, person: str, not_in_name: str) -> None:
    people = _people(model, kb, text)
    assert person in people, people
    assert not any(not_in_name in n for n in people)


def test_a_local_office_names_its_city_not_the_state(model: Any, kb: KnowledgeBase) -> None:
    for text in ("Le procureur de Paris Jean Dumas a ouvert une enquête.",
                 "Le préfet de police de Paris, Marc Serrat, a interdit le rassemblement."):
        assert all(e.name != "France" for e in _entities(model, kb, text)), text


@pytest.mark.parametrize(("text", "full", "short"), [
    ("Le juge Karim Benhadj-Larbi a rendu sa décision. M. Benhadj-Larbi a ensuite quitté le tribunal.",
     "Karim Benhadj-Larbi", "Benhadj-Larbi"),
    ("« Rien n'est joué », a déclaré le conseiller Hamid Rezaï-Nouri. Rezaï-Nouri a ensuite démenti.",
     "Hamid Rezaï-Nouri", "Rezaï-Nouri"),
])
def test_a_hyphenated_name_is_whole_and_its_surname_linked(
        model: Any, kb: KnowledgeBase, text: str, full: str, short: str) -> None:
    people = _people(model, kb, text)
    assert full in people, people
    assert short in people[full]
    assert not any(n != full and short.split("-")[0] in n for n in people), people


def test_a_name_cut_at_its_hyphen_is_made_whole(model: Any, kb: KnowledgeBase) -> None:
    text = "Le procureur général de Téhéran, Ali Alqassi-Mehr, a confirmé l'information."
    assert "Ali Alqassi-Mehr" in _people(model, kb, text)


@pytest.mark.parametrize(("text", "word"), [
    ("Arrêtée à son domicile, la suspecte a été placée en garde à vue.", "Arrêtée"),
    ("Risquée, cette décision inquiète les marchés financiers.", "Risquée"),
    ("Lever les sanctions serait une erreur, estime le diplomate.", "Lever"),
    ("Le chanteur a hurlé sur scène. « Violez ! Violez ! », a-t-il répété.", "Violez"),
    ("Le ton monte entre les élus. « Euh... Dans quel monde vivons-nous ? », demande une députée.", "Euh"),
    ("Les juges ont tranché.- Vieux routier de la politique -Le sénateur a démissionné.", "Vieux"),
])
def test_a_capitalised_common_word_is_not_a_name(model: Any, kb: KnowledgeBase, text: str, word: str) -> None:
    names = {m.text for e in _entities(model, kb, text) for m in e.mentions}
    assert word not in names, names


def test_a_lowercase_use_elsewhere_shows_a_common_word(model: Any, kb: KnowledgeBase) -> None:
    text = "Le Marcheur a quitté le groupe. Un autre marcheur l'a suivi dans la soirée."
    assert "Marcheur" not in _people(model, kb, text)


def test_a_first_name_the_document_uses_inside_a_sentence_stays_a_name(model: Any, kb: KnowledgeBase) -> None:
    # "clément" is an adjective too: the full name and the use inside a sentence keep "Clément" a name
    text = "Clément Duval a témoigné lundi. Clément a raconté la nuit du drame, selon Clément."
    people = _people(model, kb, text)
    assert "Clément" in people.get("Clément Duval", set()), people


@pytest.mark.parametrize(("text", "piece"), [
    ("Cette usine constitue une violation grave des droits de l'Homme, selon Human Rights Watch.", "Homme"),
    ("Le rapport des Nations Unies sera publié lundi à Genève.", "Unies"),
])
def test_a_word_inside_a_fixed_expression_is_not_a_name(model: Any, kb: KnowledgeBase, text: str, piece: str) -> None:
    names = {m.text for e in _entities(model, kb, text) for m in e.mentions}
    assert piece not in names, names


def test_a_name_holding_a_fixed_expression_stays_whole(model: Any, kb: KnowledgeBase) -> None:
    names = {m.text for e in _entities(model, kb, "La Ligue des droits de l'Homme a saisi le Conseil d'État.")
             for m in e.mentions}
    assert "Ligue des droits de l'Homme" in names


@pytest.mark.parametrize(("text", "glued"), [
    ("Le préfet a interdit le cortège, a dénoncé le député Jacques LemoineSi les manifestants reviennent, il agira.",
     "LemoineSi"),
    ('Le vaccin est prometteur, a indiqué Valneva."Les essais continuent", a ajouté le laboratoire.', 'Valneva."Les'),
    ("Il guide les touristes, raconte Ernesto.- Du tourisme à la pêche -Le village a changé.", "Ernesto.-"),
])
def test_a_sentence_glued_to_a_name_is_cut_off(model: Any, kb: KnowledgeBase, text: str, glued: str) -> None:
    names = {m.text for e in _entities(model, kb, text) for m in e.mentions}
    assert not any(glued in n or n.endswith((".", "-")) for n in names), names


@pytest.mark.parametrize(("text", "full", "short"), [
    ("Le Premier ministre Amadou Gon Coulibaly est rentré. Gon Coulibaly a repris ses fonctions. "
     "L'absence de Gon inquiétait le parti.", "Amadou Gon Coulibaly", {"Gon Coulibaly", "Gon"}),
    ("Luis Lacalle Pou a été élu. Lacalle Pou a promis des réformes.", "Luis Lacalle Pou", {"Lacalle Pou"}),
    ("La chanteuse Dame Vera Lynn est morte. Vera Lynn avait 103 ans. Vera chantait pour les soldats.",
     "Vera Lynn", {"Vera"}),
])
def test_a_shorter_form_of_a_full_name_is_the_same_person(
        model: Any, kb: KnowledgeBase, text: str, full: str, short: set[str]) -> None:
    people = _people(model, kb, text)
    assert full in people, people
    assert short <= people[full], people


def test_two_relatives_sharing_names_stay_apart(model: Any, kb: KnowledgeBase) -> None:
    text = ("Fred Trump Jr est mort en 1981. Son père Fred Trump avait bâti l'empire familial. "
            "Mary Anne Trump, sa mère, et sa nièce Mary Trump ont témoigné.")
    people = _people(model, kb, text)
    assert {"Fred Trump", "Mary Trump"} <= set(people), people
    assert "Fred Trump" not in people.get("Fred Trump Jr", set())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["Le procureur de la République", "Ali Alqassi-Mehr", "a déclaré", "-", "Mehr",
                                 "Arrêtée", ",", ".", ".-", "M.", "Monsieur", "droits de l'Homme", "Nations Unies",
                                 "de Paris", "Jean-Pierre", "\n", "« ", " »", "Si", "Twitter", "Lemoine"]),
                max_size=25))
def test_repaired_spans_are_names_at_their_offsets(model: Any, kb: KnowledgeBase, parts: list[str]) -> None:
    text = " ".join(parts).replace(" - ", "-").replace(" .-", ".-")
    ents = _entities(model, kb, text)
    spans = sorted((m.start, m.end) for e in ents for m in e.mentions)
    for e in ents:
        for m in e.mentions:
            assert text[m.start:m.end] == m.text and "\n" not in m.text
            assert (m.text[:1].isalnum() and m.text[-1:].isalnum()) or m.text.endswith("."), m.text
    assert all(a[1] <= b[0] for a, b in pairwise(spans))
