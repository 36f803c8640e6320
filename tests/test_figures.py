"""Figures on sentences written for these tests (not the seed sentences), with the real model and KB."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recoupe.entities import find_entities
from recoupe.figures import find_figures, vocabulary
from recoupe.kb import KnowledgeBase
from recoupe.records import Document, Figure, LocalEntity, Quote

QUALIFIERS = {"exact", "between", "at-least", "at-most", "about", "more-than", "less-than"}
DOCS = Path(__file__).resolve().parent.parent / "docs" / "figures.md"


def _doc(text: str) -> Document:
    return Document(id="t", source="t", text=text, title=None, content_hash="x")


def _run(model: Any, kb: KnowledgeBase, text: str,
         quotes: tuple[Quote, ...] = ()) -> tuple[tuple[Figure, ...], tuple[LocalEntity, ...]]:
    doc, sdoc = _doc(text), model(text)
    entities = find_entities(doc, sdoc, kb)
    return find_figures(doc, sdoc, entities, quotes), entities


def _figures(model: Any, kb: KnowledgeBase, text: str) -> list[tuple[str, float | None, float | None, str | None, str]]:
    return [(f.text, f.low, f.high, f.unit, f.qualifier) for f in _run(model, kb, text)[0]]


def _key(entities: tuple[LocalEntity, ...], mention: str) -> str:
    return next(e.key for e in entities for m in e.mentions if m.text == mention)


@pytest.mark.parametrize(("text", "expected"), [
    # formats: spaces (plain, no-break, narrow), dotted thousands, decimals with a multiplier, words
    ("L'armée a déployé 4 000 hommes à la frontière.", ("4 000 hommes", 4000, 4000, "hommes", "exact")),
    ("Environ 2\u00a0500 manifestants ont défilé samedi.",
     ("Environ 2\u00a0500 manifestants", 2500, 2500, "manifestants", "about")),
    ("La police a compté 18\u202f000 participants.",
     ("18\u202f000 participants", 18000, 18000, "participants", "exact")),
    ("Au moins 1.200 civils ont fui la ville.", ("Au moins 1.200 civils", 1200, None, "civils", "at-least")),
    ("Le conflit a fait 1,2 million de déplacés.",
     ("1,2 million de déplacés", 1_200_000, 1_200_000, "déplacés", "exact")),
    ("L'Asie compte plus de 4,5 milliards d'habitants.",
     ("plus de 4,5 milliards d'habitants", 4_500_000_000, None, "habitants", "more-than")),
    ("Douze mille policiers seront mobilisés.", ("Douze mille policiers", 12000, 12000, "policiers", "exact")),
    ("Trois cents pompiers luttent contre l'incendie.", ("Trois cents pompiers", 300, 300, "pompiers", "exact")),
    ("Deux millions de personnes ont signé la pétition.",
     ("Deux millions de personnes", 2_000_000, 2_000_000, "personnes", "exact")),
    ("Vingt et un otages ont été libérés.", ("Vingt et un otages", 21, 21, "otages", "exact")),
    ("Quatre-vingt-dix-sept chars ont franchi le fleuve.",
     ("Quatre-vingt-dix-sept chars", 97, 97, "chars", "exact")),
    ("Les 2000 manifestants se sont dispersés.", ("2000 manifestants", 2000, 2000, "manifestants", "exact")),
    # ranges
    ("L'armée a déployé entre 4 000 et 6 000 hommes.",
     ("entre 4 000 et 6 000 hommes", 4000, 6000, "hommes", "between")),
    ("De 3 000 à 5 000 combattants seraient encore présents.",
     ("De 3 000 à 5 000 combattants", 3000, 5000, "combattants", "between")),
    ("Le camp accueille 8 000 à 10 000 réfugiés.", ("8 000 à 10 000 réfugiés", 8000, 10000, "réfugiés", "between")),
    ("Entre 1 et 2 millions de personnes ont manifesté.",
     ("Entre 1 et 2 millions de personnes", 1_000_000, 2_000_000, "personnes", "between")),
    ("Entre 15 et 20 000 spectateurs sont attendus.",
     ("Entre 15 et 20 000 spectateurs", 15000, 20000, "spectateurs", "between")),
    ("Cinq ou six otages seraient encore détenus.", ("Cinq ou six otages", 5, 6, "otages", "between")),
    # qualifiers
    ("Plus de 250 000 réfugiés sont arrivés en Pologne.",
     ("Plus de 250 000 réfugiés", 250000, None, "réfugiés", "more-than")),
    ("Les autorités ont recensé près de 900 blessés.", ("près de 900 blessés", 900, 900, "blessés", "about")),
    ("L'Ukraine pourrait recevoir jusqu'à 40 avions de combat.", ("jusqu'à 40 avions", 40, None, "avions", "at-most")),
    ("Moins de 300 électeurs se sont déplacés.", ("Moins de 300 électeurs", 300, None, "électeurs", "less-than")),
    ("Quelque 15 000 soldats participent aux manœuvres.",
     ("Quelque 15 000 soldats", 15000, 15000, "soldats", "about")),
    ("Pas moins de 70 navires croisaient au large.", ("Pas moins de 70 navires", 70, None, "navires", "at-least")),
    ("Presque 500 familles ont été relogées.", ("Presque 500 familles", 500, 500, "familles", "about")),
    ("Autour de 60 véhicules blindés ont été détruits.", ("Autour de 60 véhicules", 60, 60, "véhicules", "about")),
    ("Une centaine de migrants ont été secourus.", ("Une centaine de migrants", 100, 100, "migrants", "about")),
    ("Des milliers de manifestants ont défilé.",
     ("Des milliers de manifestants", 1000, None, "manifestants", "at-least")),
    ("Plusieurs dizaines de milliers de personnes ont défilé.",
     ("Plusieurs dizaines de milliers de personnes", 10000, None, "personnes", "at-least")),
    # the counted noun: after adjectives, a participle, a demonym
    ("Le gouvernement a annoncé 3 000 nouveaux postes d'enseignants.",
     ("3 000 nouveaux postes", 3000, 3000, "postes", "exact")),
    ("Le séisme a fait 12 000 déplacés.", ("12 000 déplacés", 12000, 12000, "déplacés", "exact")),
    ("3 000 Ukrainiens ont trouvé refuge dans la ville.", ("3 000 Ukrainiens", 3000, 3000, "Ukrainiens", "exact")),
])
def test_figure(model: Any, kb: KnowledgeBase, text: str,
                expected: tuple[str, float, float | None, str, str]) -> None:
    assert _figures(model, kb, text) == [expected]


def test_several_figures_in_one_sentence(model: Any, kb: KnowledgeBase) -> None:
    assert _figures(model, kb, "L'attaque a fait 14 morts et 52 blessés.") == [
        ("14 morts", 14, 14, "morts", "exact"), ("52 blessés", 52, 52, "blessés", "exact")]


@pytest.mark.parametrize("text", [
    # money
    "Le contrat s'élève à 2 millions d'euros.", "Il a payé 300 euros.", "Le budget atteint 5 000 $.",
    "Le projet coûte 1,5 milliard de dollars.", "Le billet coûte $25 en ligne.",
    # percentages
    "Le chômage a baissé de 12 %.", "La hausse atteint 3 pour cent.",
    # ages
    "Un homme de 30 ans a été interpellé.", "Âgé de 45 ans, il dirige l'entreprise.",
    # durations, dates and years
    "Il a passé trois ans en prison.", "La grève a duré deux semaines.", "Le traité a été signé en 2017.",
    "Le sommet aura lieu le 24 octobre.", "Le 1er novembre 2024, le texte est entré en vigueur.",
    # times
    "La réunion a commencé à 21 h 45.", "Rendez-vous à 14 heures.", "Le train part à 21h45.",
    # ordinals, scores, phone and article numbers, names with numbers
    "C'est sa 35e victoire.", "Il a terminé 2ème.", "Lyon s'est imposé 3-1 face à Nice.",
    "Appelez le 01 23 45 67 89 pour plus d'informations.", "L'article 49.3 a été utilisé.",
    "L'article 12 de la loi est contesté.", "Les ministres du Groupe des Sept se réunissent.",
    "Il regardait France 2 hier soir.", "Le Covid-19 a frappé. Le F-16 a décollé.",
    # measures with physical units, rates
    "La colonne mesurait 40 km.", "Le colis pesait 3,5 kg.", "La récolte a atteint 12 000 tonnes.",
    "Le taux de fécondité est de 1,8 enfant par femme.", "Le moteur développe 625 ch.",
    # things counted before, an article, repetitions
    "Les deux pays ont signé un accord.", "L'un des cinq membres permanents a voté contre.",
    "Un soldat a été blessé.", "Il y a deux fois plus de candidats.",
    # a bare number that no count noun leads to, or whose antecedent is money
    "Le score final est de 12.", "Les dépenses ont atteint 3 milliards d'euros. Ce chiffre est de 12 000 par an.",
])
def test_not_a_figure(model: Any, kb: KnowledgeBase, text: str) -> None:
    assert _figures(model, kb, text) == []


def test_anaphoric_figure_takes_the_unit_of_the_figure_before(model: Any, kb: KnowledgeBase) -> None:
    text = "L'armée a recensé 5 000 soldats ennemis. Kiev, qui avait estimé ce nombre à 8.000, a revu son bilan."
    figures, entities = _run(model, kb, text)
    assert [(f.text, f.low, f.high, f.unit) for f in figures] == [
        ("5 000 soldats", 5000, 5000, "soldats"), ("8.000", 8000, 8000, "soldats")]
    assert figures[1].source_key == _key(entities, "Kiev")


def test_anaphoric_figure_with_its_own_noun(model: Any, kb: KnowledgeBase) -> None:
    assert _figures(model, kb, "Le nombre de morts est passé à 300 dans la nuit.") == [
        ("300", 300, 300, "morts", "exact")]


def test_anaphoric_figure_without_antecedent_has_no_unit(model: Any, kb: KnowledgeBase) -> None:
    assert _figures(model, kb, "Le bilan s'élève désormais à 45.") == [("45", 45, 45, None, "exact")]


def test_elided_noun_after_autres(model: Any, kb: KnowledgeBase) -> None:
    assert _figures(model, kb, "Le camp abrite 5.400 personnes, et quelque 70.000 autres vivent dehors.") == [
        ("5.400 personnes", 5400, 5400, "personnes", "exact"),
        ("quelque 70.000 autres", 70000, 70000, "personnes", "about")]


@pytest.mark.parametrize(("text", "expected"), [
    # the noun left out after a figure that gave it: a relative, "dont", a comma, a rate, two sentences on
    ("Le syndicat compte 60 adhérents actifs, une trentaine qui cotisent à peine.",
     [("60 adhérents", 60, 60, "adhérents", "exact"), ("une trentaine", 30, 30, "adhérents", "about")]),
    ("La préfecture a compté 412 interpellations dimanche, dont 96 à Marseille.",
     [("412 interpellations", 412, 412, "interpellations", "exact"), ("96", 96, 96, "interpellations", "exact")]),
    ("Il y a eu 40 naufragés hier. Le bateau était plein. « Soixante, c'est bien plus », dit un marin.",
     [("40 naufragés", 40, 40, "naufragés", "exact"), ("Soixante", 60, 60, "naufragés", "exact")]),
    # a partitive: the noun after "de ses", "des"
    ("Le maire a limogé trois de ses adjoints.", [("trois de ses adjoints", 3, 3, "adjoints", "exact")]),
    ("Deux des otages ont été libérés.", [("Deux des otages", 2, 2, "otages", "exact")]),
    # a small number after a determiner counts anything but parties already named
    ("Les deux gendarmes impliqués ont été suspendus.", [("deux gendarmes", 2, 2, "gendarmes", "exact")]),
    ("Il participera aux quatre réunions prévues.", [("quatre réunions", 4, 4, "réunions", "exact")]),
    # a capitalised number word opening a line or a quotation is a count, not a name
    ("Grève à l'usine\n\nTrois cents ouvriers ont cessé le travail.",
     [("Trois cents ouvriers", 300, 300, "ouvriers", "exact")]),
    ("« Douze soldats sont tombés », a-t-il dit.", [("Douze soldats", 12, 12, "soldats", "exact")]),
    # a comparison written as an adjective, led to by a count noun
    ("Le nombre de blessés, supérieur à 150, inquiète les médecins.",
     [("supérieur à 150", 150, None, "blessés", "more-than")]),
    ("Il a parlé entre deux audiences.", [("deux audiences", 2, 2, "audiences", "exact")]),
])
def test_figure_in_context(model: Any, kb: KnowledgeBase, text: str,
                           expected: list[tuple[str, float, float | None, str, str]]) -> None:
    assert _figures(model, kb, text) == expected


@pytest.mark.parametrize(("text", "kept"), [
    # a list of numbers ending in a measure or an age: no elided count
    ("La police a flashé 12 motards, à 188 et 251 km/h.", ["12 motards"]),
    ("Elle vit avec ses trois enfants de six, huit et 12 ans.", ["trois enfants"]),
    # a denominator, a département, the tail of a name, an antecedent of another order
    ("Sur 30 candidats, un sur quatre a échoué.", ["30 candidats"]),
    ("On compte 19 plages labellisées, dont celle d'Annecy (74).", ["19 plages"]),
    ("Le plan a mobilisé 200 agents. Ecophyto 1 et 2 ont échoué.", ["200 agents"]),
    ("La ville compte 300 habitants. Le projet coûte 15 milliards.", ["300 habitants"]),
    # "tous les deux", parties already named
    ("Ils ont tous les deux signé. Les deux pays ont ratifié le texte.", []),
])
def test_no_elided_figure(model: Any, kb: KnowledgeBase, text: str, kept: list[str]) -> None:
    assert [f[0] for f in _figures(model, kb, text)] == kept


def test_source_is_the_speaker_of_the_quote(model: Any, kb: KnowledgeBase) -> None:
    text = "« Nous avons perdu au moins 200 soldats », a déclaré Volodymyr Zelensky."
    entities = find_entities(_doc(text), model(text), kb)
    key = _key(entities, "Volodymyr Zelensky")
    inner = text.index("Nous"), text.index(" »")
    quote = Quote(inner[0], inner[1], text[inner[0]:inner[1]], True, speaker_key=key)
    figures, _ = _run(model, kb, text, (quote,))
    assert [(f.text, f.source_key) for f in figures] == [("au moins 200 soldats", key)]


@pytest.mark.parametrize(("text", "mention"), [
    ("Selon l'ONU, plus de 5 000 civils ont été tués.", "ONU"),
    ("D'après Emmanuel Macron, 400 entreprises sont concernées.", "Emmanuel Macron"),
    ("Il a affirmé que 10 000 soldats étaient arrivés, selon Vladimir Poutine.", "Vladimir Poutine"),
    ("L'OTAN a estimé que 10 000 soldats avaient été envoyés.", "OTAN"),
    ("Le bilan s'élève à 40 morts, a indiqué l'OMS.", "OMS"),
    ("Environ 400 policiers, a affirmé Gérald Darmanin, seront mobilisés.", "Gérald Darmanin"),
])
def test_source_of_an_attributed_clause(model: Any, kb: KnowledgeBase, text: str, mention: str) -> None:
    figures, entities = _run(model, kb, text)
    assert len(figures) == 1
    assert figures[0].source_key == _key(entities, mention)


@pytest.mark.parametrize("text", [
    "La Russie a envoyé 3 000 soldats.",  # the actor of the sentence is not who gives the figure
    "Plus de 200 soldats sont morts dans la nuit.",
])
def test_no_source_when_nobody_gives_the_figure(model: Any, kb: KnowledgeBase, text: str) -> None:
    figures, _ = _run(model, kb, text)
    assert [f.source_key for f in figures] == [None]


def test_every_qualifier_is_documented() -> None:
    docs = DOCS.read_text("utf-8")
    assert {q for _, q in vocabulary().qualifiers} <= QUALIFIERS
    for qualifier in QUALIFIERS:
        assert f"`{qualifier}`" in docs


_WORDS = ["entre", "et", "à", "de", "d'", "au", "moins", "plus", "près", "des", "milliers", "une", "centaine",
          "deux", "mille", "millions", "soldats", "euros", "%", "ans", "ce", "nombre", "selon", "Kiev", ",", ".",
          "10 000", "3.000", "1,5", "2017", "12", "0", "21h45", "35e", "-", "autres", "jusqu'à", "environ",
          "quelque", "bilan", "est", "ou", "vingt-et-un", "\u00a0", "\u202f", "«", "»", "a", "estimé", "qui"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=120), st.lists(st.sampled_from(_WORDS), max_size=30).map(" ".join)))
def test_any_text_gives_valid_figures(model: Any, kb: KnowledgeBase, text: str) -> None:
    figures, _ = _run(model, kb, text)
    for f in figures:
        assert text[f.start:f.end] == f.text
        assert f.qualifier in QUALIFIERS
        assert f.low is not None
        assert f.high is None or f.low <= f.high
        assert (f.high is None) == (f.qualifier in ("at-least", "at-most", "more-than", "less-than"))
    for a, b in pairwise(figures):
        assert a.end <= b.start
