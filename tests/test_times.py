"""Times stage: sentences written for these tests (not taken from the seeds or the French TimeBank)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recoupe.records import Document, Time
from recoupe.times import find_times

PUBLISHED = "2025-03-12"  # a Wednesday, ISO week 11
TODAY = date(2026, 11, 21)

# Every value the stage may write: a date or time (possibly with X), a week, season, quarter, a
# part of the day, a duration, or a *_REF.
TIMEX3 = re.compile(
    r"(?:PRESENT_REF|PAST_REF|FUTURE_REF"
    r"|P(?:[\dX.]+[YMWD])*(?:T(?:[\dX.]+[HMS])+)?"
    r"|T(?:MO|AF|EV|NI|DT)"
    r"|(?:\d{2,4}|XXXX)(?:-(?:\d{2}|XX|W\d{2}|WXX|Q[1-4]|H[12]|SP|SU|FA|WI)(?:-(?:\d{2}|XX|[1-7]|WE))?)?"
    r"(?:T(?:\d{2}:\d{2}|MO|AF|EV|NI|DT))?)"
)


def run(model: Any, text: str, published: str | None = PUBLISHED) -> tuple[tuple[Time, ...], str | None]:
    doc = Document("t", "test", text, None, "hash", published=published)
    return find_times(doc, model(text), today=TODAY)


def found(model: Any, text: str, published: str | None = PUBLISHED) -> list[tuple[str, str | None, str]]:
    return [(t.text, t.value, t.type) for t in run(model, text, published)[0]]


@pytest.mark.parametrize(("text", "expected"), [
    # absolute dates
    ("Le traité a été signé le 14 février 2019 à Genève.", [("le 14 février 2019", "2019-02-14", "DATE")]),
    ("La centrale, mise en service en 1987, a fermé en mars 2021.",
     [("1987", "1987", "DATE"), ("mars 2021", "2021-03", "DATE")]),
    ("Il avait quitté le pays en juin 97.", [("juin 97", "1997-06", "DATE")]),
    ("Dès l'année 2010, la ville a investi.", [("l'année 2010", "2010", "DATE")]),
    ("Le rapport daté du 03/09/2024 a fuité.", [("03/09/2024", "2024-09-03", "DATE")]),
    # partial dates take their year from the anchor and the tense
    ("La loi a été votée le 3 mars.", [("le 3 mars", "2025-03-03", "DATE")]),
    ("Le vote aura lieu le 3 février.", [("le 3 février", "2026-02-03", "DATE")]),
    ("Les travaux ont commencé fin novembre.", [("fin novembre", "2024-11", "DATE")]),
    ("Les fouilles reprendront en septembre prochain.", [("septembre prochain", "2025-09", "DATE")]),
    ("Elle a été nommée le 9 mars dernier.", [("le 9 mars dernier", "2025-03-09", "DATE")]),
    ("Il l'avait annoncé en janvier dernier.", [("janvier dernier", "2025-01", "DATE")]),
    ("Au début de l'année dernière, les ventes ont chuté.", [("début de l'année dernière", "2024", "DATE")]),
    ("Cette année, la récolte a été bonne.", [("Cette année", "2025", "DATE")]),
    ("L'an prochain, le salon déménagera.", [("L'an prochain", "2026", "DATE")]),
    ("La commission s'est réunie cette semaine.", [("cette semaine", "2025-W11", "DATE")]),
    ("Le texte sera débattu la semaine prochaine.", [("la semaine prochaine", "2025-W12", "DATE")]),
    ("Le chantier a pris du retard le mois dernier.", [("le mois dernier", "2025-02", "DATE")]),
    # weekdays: the tense says which way
    ("Le ministre a démissionné lundi.", [("lundi", "2025-03-10", "DATE")]),
    ("Le ministre démissionnera lundi.", [("lundi", "2025-03-17", "DATE")]),
    ("Il se rendra vendredi à Berlin.", [("vendredi", "2025-03-14", "DATE")]),
    ("Ce mercredi, les syndicats ont manifesté.", [("Ce mercredi", "2025-03-12", "DATE")]),
    ("Le conseil s'est réuni mardi dernier.", [("mardi dernier", "2025-03-11", "DATE")]),
    ("Le conseil se réunira jeudi prochain.", [("jeudi prochain", "2025-03-13", "DATE")]),
    ("Le texte sera examiné samedi 15 mars par les députés.", [("samedi 15 mars", "2025-03-15", "DATE")]),
    ("Aujourd'hui, la direction reçoit les syndicats ; hier, elle a refusé.",
     [("Aujourd'hui", "2025-03-12", "DATE"), ("hier", "2025-03-11", "DATE")]),
    ("Les résultats seront connus demain.", [("demain", "2025-03-13", "DATE")]),
    # times and parts of the day
    ("Hier soir, un incendie s'est déclaré.", [("Hier soir", "2025-03-11TEV", "TIME")]),
    ("L'accident a eu lieu lundi vers 7 h 20.",
     [("lundi", "2025-03-10", "DATE"), ("7 h 20", "2025-03-10T07:20", "TIME")]),
    ("Il est arrivé à midi, puis la séance a repris à 14 h 30.",
     [("midi", "2025-03-12T12:00", "TIME"), ("14 h 30", "2025-03-12T14:30", "TIME")]),
    ("Les secours sont arrivés dimanche matin.", [("dimanche matin", "2025-03-09TMO", "TIME")]),
    ("Il a parlé ce matin et partira dans la soirée.",
     [("ce matin", "2025-03-12TMO", "TIME"), ("la soirée", "2025-03-12TEV", "TIME")]),
    ("L'attaque a eu lieu dans la nuit de samedi à dimanche.",
     [("la nuit de samedi à dimanche", "2025-03-08TNI", "TIME")]),
    # durations
    ("Il a passé trois ans en prison et dix-huit mois en exil.",
     [("trois ans", "P3Y", "DURATION"), ("dix-huit mois", "P18M", "DURATION")]),
    ("Le coureur a gagné avec 12,5 secondes d'avance.", [("12,5 secondes", "PT12.5S", "DURATION")]),
    ("La réunion a duré environ deux heures.", [("environ deux heures", "PT2H", "DURATION")]),
    ("Les pourparlers durent depuis plusieurs semaines.", [("plusieurs semaines", "PXW", "DURATION")]),
    ("Il risque quinze ans de réclusion.", [("quinze ans", "P15Y", "DURATION")]),
    ("Un demi-siècle s'est écoulé.", [("Un demi-siècle", "P50Y", "DURATION")]),
    ("Le septennat a été remplacé par le quinquennat.",
     [("septennat", "P7Y", "DURATION"), ("quinquennat", "P5Y", "DURATION")]),
    # frequencies
    ("Le marché se tient tous les samedis.", [("tous les samedis", "XXXX-WXX-6", "SET")]),
    ("Les bénévoles passent chaque semaine ; la cotisation est versée par trimestre.",
     [("chaque semaine", "P1W", "SET"), ("trimestre", "P3M", "SET")]),
    ("Le rapport annuel paraît en mai.", [("mai", "2025-05", "DATE")]),
    ("Les comptes sont vérifiés annuellement.", [("annuellement", "P1Y", "SET")]),
    # references without a date
    ("Il travaille actuellement à Lyon ; auparavant, il vivait à Paris.",
     [("actuellement", "PRESENT_REF", "TIME"), ("auparavant", "PAST_REF", "TIME")]),
    # seasons, decades, centuries, quarters
    ("L'été dernier a été sec ; en hiver, il gèle.",
     [("L'été dernier", "2024-SU", "DATE"), ("hiver", "XXXX-WI", "DATE")]),
    ("Dans les années 1980, au XIXe siècle aussi.",
     [("les années 1980", "198", "DATE"), ("XIXe siècle", "18", "DATE")]),
    ("Le chiffre d'affaires du premier trimestre 2024 a baissé.", [("premier trimestre 2024", "2024-Q1", "DATE")]),
    # constructions added after reading real news
    ("Ce mardi 11, le préfet a pris un arrêté.", [("Ce mardi 11", "2025-03-11", "DATE")]),
    ("Ce week-end, les randonneurs sont partis tôt.", [("Ce week-end", "2025-W10-WE", "DATE")]),
    ("La nuit dernière, il a gelé.", [("La nuit dernière", "2025-03-11TNI", "TIME")]),
    ("Le couvre-feu commence à 8 h du soir.", [("8 h du soir", "2025-03-12T20:00", "TIME")]),
    ("Le chantier a duré plus d'une semaine.", [("plus d'une semaine", "P1W", "DURATION")]),
    ("Le magasin ferme jusqu'au 31 mars.", [("31 mars", "2025-03-31", "DATE")]),
    ("Pour l'instant, aucune date n'est fixée.", [("Pour l'instant", "PRESENT_REF", "TIME")]),
    ("Eté comme hiver, la plage est ouverte.", [("Eté", "XXXX-SU", "DATE"), ("hiver", "XXXX-WI", "DATE")]),
    ("Les élections des 6 et 13 avril sont maintenues.",
     [("6", "2025-04-06", "DATE"), ("13 avril", "2025-04-13", "DATE")]),
    # "suivant", "précédent", "le même jour": from the date last mentioned, not from the publication
    ("La mine a fermé en 2012. L'année suivante, la ville a perdu son école.",
     [("2012", "2012", "DATE"), ("L'année suivante", "2013", "DATE")]),
    ("Il a été arrêté le 3 mai 2018 et relâché le lundi suivant.",
     [("le 3 mai 2018", "2018-05-03", "DATE"), ("le lundi suivant", "2018-05-07", "DATE")]),
    ("Le pont s'est effondré le 14 août 2018. Le même jour, le ministre s'est rendu sur place.",
     [("le 14 août 2018", "2018-08-14", "DATE"), ("Le même jour", "2018-08-14", "DATE")]),
    ("L'usine a été inaugurée le 2 juin 2001 ; la semaine précédente, les ouvriers avaient fait grève.",
     [("le 2 juin 2001", "2001-06-02", "DATE"), ("la semaine précédente", "2001-W21", "DATE")]),
    ("En octobre 2015, le maire a démissionné ; le mois suivant, son adjoint l'a remplacé.",
     [("octobre 2015", "2015-10", "DATE"), ("le mois suivant", "2015-11", "DATE")]),
    # coordination: the second month takes the first one's year; "d'ici" looks ahead
    ("Les festivals auront lieu en décembre et janvier.",
     [("décembre", "2025-12", "DATE"), ("janvier", "2026-01", "DATE")]),
    ("Le chantier devrait être achevé d'ici les mois de février et mars.",
     [("février", "2026-02", "DATE"), ("mars", "2026-03", "DATE")]),
    # a season with a determiner or possessive is one season
    ("Les vacanciers se demandent à quoi va ressembler leur été.", [("leur été", "2025-SU", "DATE")]),
    ("Ce printemps, les pluies ont été rares.", [("Ce printemps", "2025-SP", "DATE")]),
    # a part of the day right after its date is one TIME, as "jeudi après-midi"
    ("La fusillade a eu lieu mardi 11 mars en fin de matinée.",
     [("mardi 11 mars en fin de matinée", "2025-03-11TMO", "TIME")]),
    ("Les secours sont arrivés lundi au matin.", [("lundi au matin", "2025-03-10TMO", "TIME")]),
    # "actuel" before a noun is who holds the post now; adverbs of frequency are SETs
    ("Il a rencontré l'actuel maire de la ville.", [("actuel", "PRESENT_REF", "TIME")]),
    # a habitual present gives year-less dates no year; a one-off present keeps the anchored year
    ("En général, les vendanges commencent le 20 septembre.", [("le 20 septembre", "XXXX-09-20", "DATE")]),
    ("Chaque année, la foire se tient en octobre.",
     [("Chaque année", "P1Y", "SET"), ("octobre", "XXXX-10", "DATE")]),
    ("Il faut que le 20 septembre, il y ait moins de dix cas par jour.",
     [("le 20 septembre", "2025-09-20", "DATE"), ("jour", "P1D", "SET")]),
    # prepositions are out of the span
    ("Les ventes reculent en fin d'année ; il touche 300 euros par mois.",
     [("fin d'année", "2025", "DATE"), ("mois", "P1M", "SET")]),
])
def test_times(model: Any, text: str, expected: list[tuple[str, str | None, str]]) -> None:
    got = found(model, text)
    for want_text, want_value, want_type in expected:
        assert any(want_text in t and v == want_value and ty == want_type for t, v, ty in got), (expected, got)
    assert len(got) == len(expected), got


@pytest.mark.parametrize("text", [
    "Le conflit a fait plus de 600 000 victimes.",
    "Le texte a été adopté par 397 députés contre 12.",
    "Un homme de 45 ans a été interpellé ; sa fille, âgée de 6 ans, est indemne.",
    "Alain Martin, 53 ans, dirige l'entreprise.",
    "Il a 38 ans.",
    "Les dirigeants du Groupe des Sept se sont retrouvés.",
    "Le blessé a été transporté à l'hôpital.",
    "Les quotidiens nationaux en parlent.",
    "Les Jeux olympiques d'hiver approchent.",
    "L'armée a déployé 2000 soldats et 1500 blindés.",
    "Le mistral souffle sur le Midi.",
    "Cette soirée, qui sera animée par un orchestre, attire du monde.",
    "La route nationale 1975 est coupée au kilomètre 12.",
    "Mark Dupont 63 ans, avocat, et Léa Martin, 39 ans et mère de deux enfants, témoignent.",
    "Deux hommes de 18 et 19 ans ont été interpellés ; il n'avait que 17 ans.",
    "Le Printemps marseillais a gagné la mairie.",
    "Il l'a confié au Journal du Dimanche.",
    "La situation actuelle inquiète ; un tweet matinal, la presse quotidienne et le salon annuel aussi.",
])
def test_not_times(model: Any, text: str) -> None:
    assert found(model, text) == []


def test_metadata_date_is_the_anchor(model: Any) -> None:
    times, anchor = run(model, "Le ministre a démissionné lundi.", "2025-03-12T08:30:00")
    assert anchor == "2025-03-12"
    assert times[0].value == "2025-03-10"


def test_infers_a_weekday_and_date_pair(model: Any) -> None:
    # 12 June is a Thursday in 2025 and 2014 only (near today): the most recent one
    text = "Jeudi 12 juin, le gouvernement a présenté son plan. Vendredi, les syndicats ont réagi."
    times, anchor = run(model, text, published=None)
    assert anchor == "2025-06-12"
    assert [t.value for t in times] == ["2025-06-12", "2025-06-06"]


def test_infers_the_latest_reported_date(model: Any) -> None:
    text = "Le 4 février 2023, l'usine a fermé. Elle avait ouvert le 2 mai 1990. La vente aura lieu le 1er juin 2027."
    assert run(model, text, published=None)[1] == "2023-02-04"


def test_yearless_past_months_come_after_the_dated_ones(model: Any) -> None:
    # dated events in 2021, then "en avril" with no year: this year's April comes after them
    text = ("Le projet a été lancé en octobre 2021. Le maire a démissionné en avril. "
            "La ville a voté son budget cette année.")
    times, anchor = run(model, text, published=None)
    assert anchor == "2022-04-01"
    assert [t.value for t in times] == ["2021-10", "2022-04", "2022"]


def test_no_date_no_anchor(model: Any) -> None:
    times, anchor = run(model, "Le ministre a démissionné mardi, selon ses proches.", published=None)
    assert anchor is None
    assert times[0].value == "XXXX-WXX-2"


def test_no_time_at_all(model: Any) -> None:
    assert run(model, "Le ministre a démissionné, selon ses proches.", published=None) == ((), None)


def test_works_without_a_parse() -> None:
    doc = Document("t", "test", "Le 3 mars 2024, puis mardi.", None, "hash", published="2024-03-07")
    times, anchor = find_times(doc, None, today=TODAY)
    assert anchor == "2024-03-07"
    assert [t.value for t in times] == ["2024-03-03", "2024-03-05"]


FRAGMENTS = ["le 3 mars 2024", "mardi", "hier soir", "à 18 h 30", "trois ans", "chaque jour", "en 2017",
             "fin avril", "la semaine dernière", "ce jeudi", "vendredi 25 octobre", "des années", "midi",
             "l'été dernier", "les 6 et 13 avril", "environ une heure", "600 000", "de 38 ans", "été", "Sept",
             ",", ".", "\n", "le", "a déclaré", "sera", "d'", "-", "1er", "h", "31 février 2023", "2002/2003"]


ANAPHORA = ["l'année suivante", "le lundi suivant", "la semaine précédente", "le même jour", "ce jour-là",
            "le mois suivant", "juillet et août", "décembre ou janvier", "leur été", "lundi au matin",
            "en général", "chaque année", "le 29 février", "d'ici les mois de mai et juin", "en 2010"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(ANAPHORA + FRAGMENTS), min_size=1, max_size=8), st.dates())
def test_any_anchor(model: Any, parts: list[str], anchor: date) -> None:
    """Any publication date, from year 1 to 9999, with anaphora and coordinations: no exception, valid values."""
    text = " ".join(parts)
    times, label = run(model, text, anchor.isoformat())
    assert label == anchor.isoformat()
    for t in times:
        assert t.value is None or TIMEX3.fullmatch(t.value), (text, t)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=14),
       st.one_of(st.none(), st.just(PUBLISHED)))
def test_any_text(model: Any, parts: list[str], published: str | None) -> None:
    text = " ".join(parts)
    times, anchor = run(model, text, published)
    end = 0
    for t in times:
        assert text[t.start:t.end] == t.text and t.start < t.end
        assert t.start >= end, "times overlap"
        end = t.end
        assert t.type in ("DATE", "TIME", "DURATION", "SET")
        assert t.value is None or TIMEX3.fullmatch(t.value), t.value
    assert anchor is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", anchor)


@pytest.mark.parametrize(("anchor", "value"), [("0008-03-01", "0009"), ("0998-05-01", "0999"), ("9999-12-31", None)])
def test_year_after_anchor_keeps_four_digits(model: Any, anchor: str, value: str | None) -> None:
    """'l'année suivante' from a year-1-to-9999 anchor: a four-digit TIMEX3 year, or no value past 9999."""
    times, _ = run(model, "l'année suivante", anchor)
    assert [t.value for t in times] == [value]
