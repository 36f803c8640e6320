"""Events stage on sentences written for these tests: type, participants (states for officials), modality, date."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recoupe import kb as kb_module
from recoupe.entities import find_entities
from recoupe.events import find_events
from recoupe.quotes import find_quotes
from recoupe.records import Document, EventMention
from recoupe.roles import find_roles
from recoupe.times import find_times


def _events(model: Any, text: str, published: str | None = "2025-03-14") -> tuple[EventMention, ...]:
    kb = kb_module.load()
    doc = Document("t", "t.txt", text, None, "h", published=published)
    sdoc = model(text)
    entities = find_entities(doc, sdoc, kb)
    quotes = find_quotes(doc, sdoc, entities)
    times, _ = find_times(doc, sdoc)
    return find_events(doc, sdoc, entities, quotes, times, find_roles(doc, sdoc, entities, kb), kb)


CASES = [
    # text, type, mode, actors, targets, modality
    ("La France et l'Allemagne ont signé un traité de coopération à Berlin.",
     "AGREE", "sign", {"kb:france", "kb:germany"}, set(), "asserted"),
    ("Le président russe Vladimir Poutine a officialisé un accord commercial avec la Chine.",
     "AGREE", "sign", {"kb:russia"}, {"kb:china"}, "asserted"),
    ("L'Iran aurait livré des drones à la Russie.", "AID", "military", {"kb:iran"}, {"kb:russia"}, "hedged"),
    ("Selon des informations de presse, la Biélorussie a envoyé des soldats en Syrie.",
     "AID", "troops", {"kb:belarus"}, {"kb:syria"}, "hedged"),
    ("L'Iran a démenti avoir fourni des missiles à la Russie.", "AID", "military", {"kb:iran"}, {"kb:russia"},
     "denied"),
    ("Le Canada a condamné les essais de missiles de la Corée du Nord.", "ACCUSE", "condemn", {"kb:canada"},
     {"kb:north-korea"}, "asserted"),
    ("L'invasion du Koweït par l'Irak a commencé en août 1990.", "ASSAULT", "invade", {"kb:iraq"},
     {"kb:kuwait"}, "asserted"),
    ("Le Qatar n'a jamais livré d'armes au Soudan.", "AID", "military", {"kb:qatar"}, {"kb:sudan"}, "denied"),
    ("Le Hezbollah, soutenu par l'Iran, a tiré des roquettes.", "SUPPORT", "endorse", {"kb:iran"},
     {"kb:hezbollah"}, "asserted"),
]


@pytest.mark.parametrize(("text", "typ", "mode", "actors", "targets", "modality"), CASES)
def test_event_type_participants_and_modality(model: Any, text: str, typ: str, mode: str, actors: set[str],
                                              targets: set[str], modality: str) -> None:
    found = [e for e in _events(model, text) if e.type == typ]
    assert found, f"no {typ} event in {text!r}: {_events(model, text)}"
    e = found[0]
    assert e.mode == mode
    assert set(e.actor_keys) == actors
    assert targets <= set(e.target_keys)
    assert e.modality == modality
    assert text[e.trigger_start:e.trigger_end] == e.trigger
    assert text[e.start:e.end] == e.text


def test_a_capital_after_a_or_en_is_the_place_not_a_party(model: Any) -> None:
    [e] = [e for e in _events(model, "L'Inde et le Japon ont signé un accord de défense à Tokyo.") if e.type == "AGREE"]
    assert set(e.actor_keys) == {"kb:india", "kb:japan"}
    assert e.location_key is not None and "japan" not in e.target_keys


def test_the_clause_date_dates_the_event_not_the_reporting_clause(model: Any) -> None:
    text = ("Mardi 11 mars, le Brésil a indiqué que l'Argentine avait signé un accord avec l'Uruguay "
            "le 3 février.")
    [e] = [e for e in _events(model, text) if e.type == "AGREE"]
    assert e.date == "2025-02-03"


def test_a_purpose_clause_and_a_right_are_not_events(model: Any) -> None:
    assert not [e for e in _events(model, "Des soldats ont été déployés pour soutenir l'armée du Mali.")
                if e.type == "SUPPORT"]
    assert not [e for e in _events(model, "La Chine dispose d'un droit de veto au Conseil de sécurité.")
                if e.type == "REJECT"]


def test_no_event_without_an_actor(model: Any) -> None:
    assert not _events(model, "La signature de ce texte a provoqué de vives réactions.")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from([*"abcdeéèàù XYZ,.«»'-\n0123456789", " la Russie ", " a signé ", " un accord ",
                                  " avec la Chine", " aurait livré ", " des armes ", " à l'Iran"]),
                max_size=40).map("".join))
def test_any_text_gives_events_whose_spans_match(model: Any, text: str) -> None:
    for e in _events(model, text):
        assert text[e.start:e.end] == e.text
        assert text[e.trigger_start:e.trigger_end] == e.trigger
        assert e.actor_keys and e.modality in ("asserted", "hedged", "denied", "planned")


@pytest.mark.parametrize(("text", "typ"), [
    ("L'ancien ministre a été condamné à cinq ans de prison par le tribunal de Lyon.", "ACCUSE"),
    ("Les habitants de Lille se demandent ce que la France va faire.", "REQUEST"),
    ("Le maire de Nantes soutient que la ville de Rennes a tort.", "SUPPORT"),
    ("La Belgique a demandé au Conseil de l'Europe de condamner ces propos.", "ACCUSE"),
    ("Le club de Lyon accuse le coup après sa défaite contre la Juventus.", "ACCUSE"),
    ("Le gouverneur Newsom n'a pas manifesté l'intention de revenir en arrière.", "PROTEST"),
    ("Le Premier ministre Édouard Philippe peut retirer un gain politique de ces sondages.", "RETREAT"),
])
def test_uses_of_trigger_words_that_report_no_act(model: Any, text: str, typ: str) -> None:
    assert not [e for e in _events(model, text) if e.type == typ], _events(model, text)


def test_an_agent_of_another_verb_is_not_the_actor(model: Any) -> None:
    text = "La Suède a démenti les accusations portées dans une plainte déposée par la Norvège."
    [e] = [e for e in _events(model, text) if e.type == "REJECT"]
    assert e.actor_keys == ("kb:sweden",)


def test_a_party_named_after_the_country_is_not_the_state(model: Any) -> None:
    text = "Le leader de La France insoumise, Jean-Luc Mélenchon, a soutenu la grève des cheminots."
    found = [e for e in _events(model, text) if e.type == "SUPPORT"]
    assert found and "kb:france" not in found[0].actor_keys


MODALITY = [
    # text, type, actors, targets, modality — one mechanism each (docs/events.md, "Modality")
    ("La Turquie pourrait attaquer la Grèce.", "ASSAULT", {"kb:turkey"}, {"kb:greece"}, "hedged"),  # Cnd governs
    ("L'Égypte ripostera si l'Éthiopie attaque le Soudan.", "ASSAULT", {"kb:ethiopia"}, {"kb:sudan"}, "hedged"),
    ("Le Chili évoque la possibilité d'une rencontre entre le Brésil et l'Argentine.", "CONSULT",
     {"kb:brazil", "kb:argentina"}, set(), "hedged"),  # a possibility noun governs the trigger
    ("Une éventuelle invasion de Taïwan par la Chine préoccupe les marchés.", "ASSAULT", {"kb:china"},
     {"kb:taiwan"}, "hedged"),  # a possibility adjective on the trigger
    ("La Norvège a-t-elle livré des armes à l'Ukraine ?", "AID", {"kb:norway"}, {"kb:ukraine"}, "hedged"),
    ("Est-ce que la Suède a signé un accord avec la Finlande ?", "AGREE", {"kb:sweden"}, set(), "hedged"),
    ("Le Mali a réclamé le retrait des troupes de la France.", "RETREAT", {"kb:france"}, set(), "planned"),
    # a demand is planned: what is asked for has not happened (docs/annotation-guide.md, "Events")
    ("Le Mali a exigé le retrait des soldats français.", "REQUEST", {"kb:mali"}, set(), "planned"),
    ("La Suisse n'a pas signé l'accord avec l'Autriche.", "AGREE", {"kb:switzerland"}, set(), "denied"),
    ("L'Autriche n'a livré aucune arme à l'Ukraine.", "AID", {"kb:austria"}, {"kb:ukraine"}, "denied"),
    ("Le Kremlin dément que la Russie ait bombardé la Géorgie.", "ASSAULT", {"kb:russia"}, {"kb:georgia"},
     "denied"),  # the denial stands in the clause that governs the trigger's ("que ...")
    ("Le Qatar ne nie pas avoir livré des armes au Soudan.", "AID", {"kb:qatar"}, {"kb:sudan"}, "asserted"),
    ("Le Chili rejette les accusations d'avoir attaqué le Pérou.", "ASSAULT", {"kb:chile"}, {"kb:peru"}, "denied"),
    ("Caracas dénonce les soi-disant attaques américaines contre le Venezuela.", "ASSAULT", {"kb:united-states"},
     {"kb:venezuela"}, "denied"),  # the speaker disputes the event
    ("Les présumées attaques américaines contre le Yémen ont fait dix morts.", "ASSAULT", {"kb:united-states"},
     {"kb:yemen"}, "hedged"),
    ("L'Inde va déployer des soldats au Népal.", "AID", {"kb:india"}, {"kb:nepal"}, "planned"),
]


@pytest.mark.parametrize(("text", "typ", "actors", "targets", "modality"), MODALITY)
def test_modality_from_the_triggers_clause(model: Any, text: str, typ: str, actors: set[str], targets: set[str],
                                          modality: str) -> None:
    found = [e for e in _events(model, text) if e.type == typ]
    assert found, f"no {typ} event in {text!r}: {_events(model, text)}"
    assert (set(found[0].actor_keys), found[0].modality) == (actors, modality), found[0]
    assert targets <= set(found[0].target_keys), found[0]


@pytest.mark.parametrize(("text", "typ", "outsider"), [
    ("Selon la Belgique, cette commission a condamné la Hongrie.", "ACCUSE", "kb:belgium"),  # a source, not the subject
    # another verb's agent
    ("Un plan rédigé par la Pologne a été salué, exhortant la Lituanie à agir.", "REQUEST", "kb:poland"),
])
def test_the_actor_is_not_a_name_from_outside_the_triggers_clause(model: Any, text: str, typ: str,
                                                                   outsider: str) -> None:
    assert not [e for e in _events(model, text) if e.type == typ and outsider in e.actor_keys], _events(model, text)


PARTICIPANTS = [
    # text, type, actors, targets — one mechanism each (docs/events.md, "Participants")
    ("Le Portugal a fustigé l'Espagne pour sa gestion des frontières.", "ACCUSE", {"kb:portugal"}, {"kb:spain"}),
    ("Les soldats russes en Moldavie ont attaqué l'Ukraine.", "ASSAULT", {"kb:russia"}, {"kb:ukraine"}),
    ("Le Chili a exhorté le Pérou à retirer ses troupes de la frontière de la Bolivie.", "REQUEST", {"kb:chile"},
     {"kb:peru"}),  # who is asked, not what the request is about
    ("Le Venezuela et sa frontière : la Colombie dénonce « des provocations répétées »", "ACCUSE",
     {"kb:colombia"}, {"kb:venezuela"}),  # a headline's topic is what the verb after the colon is about
    ("Le président brésilien Lula a rencontré des diplomates. Il a critiqué l'Argentine.", "ACCUSE",
     {"kb:brazil"}, {"kb:argentina"}),  # a subject pronoun is the person just named
    ("La Norvège, qui a condamné la Russie, a fermé ses frontières.", "ACCUSE", {"kb:norway"}, {"kb:russia"}),
]


@pytest.mark.parametrize(("text", "typ", "actors", "targets"), PARTICIPANTS)
def test_actors_and_targets(model: Any, text: str, typ: str, actors: set[str], targets: set[str]) -> None:
    found = [e for e in _events(model, text) if e.type == typ]
    assert found, f"no {typ} event in {text!r}: {_events(model, text)}"
    assert (set(found[0].actor_keys), set(found[0].target_keys)) == (actors, targets), found[0]


def test_the_title_of_an_embedded_video_is_not_an_event(model: Any) -> None:
    text = "Maroc : l'Espagne soutient le Marocpar euronews (en français) Le texte continue ici."
    assert not [e for e in _events(model, text) if e.type == "SUPPORT"]


# Precision first (docs/events.md, "Confidence"): an event is kept only when its participants come from the
# trigger's own clause; these sentences were written for the tests.
NO_EVENT = [
    # a demonym on a plain noun names no state
    ("La Moldavie a accepté de coopérer avec l'enquête russe.", "COOPERATE"),
    ("Un groupe de touristes américains a critiqué la Grèce.", "ACCUSE"),
    # a directed event whose target is named in another sentence, or through a pronoun or "cet accord"
    ("La Norvège a refusé.", "REJECT"),
    ("Le Danemark a salué un moment historique.", "SUPPORT"),
    ("La Finlande a rejeté cet accord.", "REJECT"),
    ("Le Pérou l'a accusé d'espionnage en Bolivie.", "ACCUSE"),
    # who is asked is not named
    ("L'Italie a appelé les pays voisins à fermer leurs frontières.", "REQUEST"),
    # a joint action with one party named
    ("Le Maroc a accepté de coopérer avec les enquêteurs.", "COOPERATE"),
    # set phrases and reflexives that report no act
    ("Le Chili a demandé pardon à la Tunisie.", "REQUEST"),
    ("La Roumanie a lancé un appel du pied à la Grèce.", "REQUEST"),
    ("La Slovaquie se refuse à critiquer l'Algérie.", "REJECT"),
    # the theme of a giving verb is its own, not a clause's that hangs on it; a withdrawal needs troops or envoys
    ("La Chine a donné son feu vert pour vacciner des soldats au Laos.", "AID"),
    ("Le retrait de l'Italie de la compétition a surpris.", "RETREAT"),
]


@pytest.mark.parametrize(("text", "typ"), NO_EVENT)
def test_no_event_without_participants_from_its_own_clause(model: Any, text: str, typ: str) -> None:
    assert not [e for e in _events(model, text) if e.type == typ], _events(model, text)


@pytest.mark.parametrize(("text", "typ", "outsider"), [
    ("Les habitants de Madrid ont dénoncé la France.", "ACCUSE", "kb:spain"),  # inhabitants, not the state
    ("La Suède a condamné l'attentat en Irak.", "ACCUSE", "kb:iraq"),  # where, not whom
    ("La Croatie demande l'arrêt des essais -La Serbie a signé un accord avec la Hongrie.", "REQUEST",
     "kb:serbia"),  # a headline glued to the text after it
])
def test_a_name_outside_the_role_is_no_participant(model: Any, text: str, typ: str, outsider: str) -> None:
    found = [e for e in _events(model, text) if e.type == typ]
    assert not [e for e in found if outsider in e.actor_keys + e.target_keys], found


KEPT = [
    # text, type, actors, targets
    ("Le gouvernement russe a condamné la Pologne.", "ACCUSE", {"kb:russia"}, {"kb:poland"}),  # a state body
    ("Le président de la Colombie a condamné le Venezuela.", "ACCUSE", {"kb:colombia"}, {"kb:venezuela"}),
    ("Les députés de la Knesset ont voté la ratification du traité avec l'Égypte.", "AGREE",
     {"kb:knesset"}, {"kb:egypt"}),  # members act for their body
    ("Le Portugal a demandé la fin des combats.", "REQUEST", {"kb:portugal"}, set()),  # a request for a thing
    ("La ministre française a adressé ses félicitations aux alliés japonais.", "SUPPORT", {"kb:france"},
     {"kb:japan"}),
]


@pytest.mark.parametrize(("text", "typ", "actors", "targets"), KEPT)
def test_events_whose_participants_are_in_the_clause_are_kept(model: Any, text: str, typ: str, actors: set[str],
                                                              targets: set[str]) -> None:
    found = [e for e in _events(model, text) if e.type == typ]
    assert found, f"no {typ} event in {text!r}: {_events(model, text)}"
    assert (set(found[0].actor_keys), set(found[0].target_keys)) == (actors, targets), found[0]


# Recall, behind the same confidence rules: pledges of money, new triggers, a sentence-initial "Il"/"Elle" for the
# state body that was the subject of the sentence before. These sentences were written for the tests.
PLEDGES = [
    ("Le Canada a promis 300 millions de dollars au fonds climatique.", {"kb:canada"}),
    ("La Norvège s'est engagée pour 80 millions d'euros.", {"kb:norway"}),
    ("Le Japon a ouvert la conférence en promettant un milliard de yens.", {"kb:japan"}),
]


@pytest.mark.parametrize(("text", "actors"), PLEDGES)
def test_a_pledge_of_money_is_planned_aid_with_no_target_needed(model: Any, text: str, actors: set[str]) -> None:
    found = [e for e in _events(model, text) if e.type == "AID"]
    assert found, _events(model, text)
    assert (set(found[0].actor_keys), found[0].mode, found[0].modality) == (actors, "pledge", "planned")


@pytest.mark.parametrize("text", [
    "Le Canada a promis de revenir sur ce dossier.",  # a promise of an act, not of money
    "La Norvège s'est engagée dans une réforme du système de santé.",  # no money pledged
    "La Norvège a engagé 80 millions d'euros de travaux.",  # not reflexive: spending, not a pledge
])
def test_a_promise_without_money_is_no_aid(model: Any, text: str) -> None:
    assert not [e for e in _events(model, text) if e.type == "AID"], _events(model, text)


def test_a_pledge_keeps_only_its_beneficiary_as_target(model: Any) -> None:
    text = "La Belgique a lancé la collecte en promettant 20 millions d'euros, suivie par l'Autriche."
    [e] = [e for e in _events(model, text) if e.type == "AID"]
    assert (set(e.actor_keys), e.target_keys) == ({"kb:belgium"}, ())


@pytest.mark.parametrize(("text", "typ", "actors", "targets"), [
    ("Le ministre polonais a taclé le gouvernement hongrois.", "ACCUSE", {"kb:poland"}, {"kb:hungary"}),
    ("Le gouvernement grec a désavoué l'ambassadeur turc.", "REJECT", {"kb:greece"}, {"kb:turkey"}),
    ("Le président français a lancé une pique au gouvernement italien.", "ACCUSE", {"kb:france"}, {"kb:italy"}),
])
def test_new_triggers_keep_the_confidence_rules(model: Any, text: str, typ: str, actors: set[str],
                                               targets: set[str]) -> None:
    found = [e for e in _events(model, text) if e.type == typ]
    assert found, _events(model, text)
    assert (set(found[0].actor_keys), set(found[0].target_keys)) == (actors, targets), found[0]


def test_a_sentence_initial_pronoun_is_the_state_body_subject_before(model: Any) -> None:
    text = ("Le ministère japonais de la Défense a publié mardi un communiqué. "
            "Il a refusé de commenter les essais.")
    found = [e for e in _events(model, text) if e.type == "REJECT"]
    assert found and set(found[0].actor_keys) == {"kb:japan"}, _events(model, text)


@pytest.mark.parametrize("text", [
    # the subject before is a person's description, a feminine noun, or names two states
    "La ministre japonaise a publié un communiqué. Il a refusé de commenter les essais.",
    "Le ministère japonais et le ministère chinois ont publié un communiqué. Il a refusé de commenter les essais.",
    # the pronoun does not open its sentence
    "Le ministère japonais a publié un communiqué. Mardi, un porte-parole a dit qu'il a refusé de commenter.",
])
def test_a_pronoun_takes_no_body_it_cannot_be_sure_of(model: Any, text: str) -> None:
    assert not [e for e in _events(model, text) if e.type == "REJECT" and "kb:japan" in e.actor_keys], \
        _events(model, text)
