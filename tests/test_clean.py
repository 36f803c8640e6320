"""Cleaning on articles written for these tests: boilerplate lines go, content stays, removals are recorded."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from recoupe.clean import clean, normalise
from recoupe.records import RawDocument


def _clean(text: str, title: str | None = None) -> tuple[str, list[tuple[str, str]]]:
    doc = clean(RawDocument(id="t", source="t.txt", text=text, title=title))
    return doc.text, [(r.reason, r.text) for r in doc.removed]


def test_breadcrumb_joined_or_separated_is_boilerplate() -> None:
    text, removed = _clean("MondeEurope\n\nLe Parlement a voté.\n")
    assert text == "Le Parlement a voté."
    assert removed == [("boilerplate", "MondeEurope")]
    text, removed = _clean("Accueil > Politique > Élections\nLa campagne commence lundi à Lyon.")
    assert removed == [("boilerplate", "Accueil > Politique > Élections")]


def test_a_one_word_subheading_is_not_a_breadcrumb() -> None:
    text, removed = _clean("Un titre\n\nEurope\n\nLe texte de l'article continue ici.")
    assert removed == []
    assert "Europe" in text


def test_author_bio_and_sponsor_pitch_at_the_end() -> None:
    body = "Le ministre a annoncé une réforme. Elle sera votée en juin.\n\n"
    bio = "Journaliste depuis dix ans, je couvre l'Asie. Pour un partenariat commercial, écrivez-moi."
    text, removed = _clean(body + bio)
    assert removed == [("boilerplate", bio)]
    assert text == body.strip()


def test_first_person_in_a_quote_is_not_a_bio() -> None:
    line = "« Je suis journaliste et je ne céderai pas », a déclaré la reporter à la presse."
    text, removed = _clean("Titre\n\n" + line)
    assert removed == []
    assert line in text


def test_photo_credit_and_caption() -> None:
    text, removed = _clean("Titre\n\nphoto x\n\nCrédit photo : AFP\n\nLe texte reste.\n\n© Reuters 2023")
    assert [r for r, _ in removed] == ["caption", "caption", "caption"]
    assert text == "Titre\n\nLe texte reste."


def test_a_sentence_starting_with_photo_stays() -> None:
    _text, removed = _clean("Titre\n\nPhotographies et vidéos circulent depuis mardi sur les réseaux sociaux.")
    assert removed == []


def test_share_lines() -> None:
    _text, removed = _clean("Titre\n\nPartager sur Facebook\n\nLe corps.\n\nÀ lire aussi : la crise en dix dates")
    assert [t for _, t in removed] == ["Partager sur Facebook", "À lire aussi : la crise en dix dates"]


def test_repeated_paragraph_kept_once_and_recorded() -> None:
    p = "Les deux pays ont signé un accord commercial de long terme."
    text, removed = _clean(f"Titre\n{p}\nAutre paragraphe ici présent.\n{p}\n")
    assert text.count(p) == 1
    assert removed == [("repeated-paragraph", p)]


def test_repeated_title_with_different_spacing() -> None:
    text, removed = _clean("Le sommet de Genève  s’ouvre demain\n\nLe sommet de Genève s’ouvre demain\n\nCorps.")
    assert text.startswith("Le sommet de Genève s’ouvre demain")
    assert text.count("Genève") == 1
    assert removed[0][0] == "repeated-title"


def test_short_lines_may_repeat() -> None:
    _text, removed = _clean("Titre\n\nEn bref\n\nUn.\n\nEn bref\n\nDeux.")
    assert removed == []


def test_subheadings_bullets_and_block_quotes_are_kept() -> None:
    body = ("Un titre ?\n\nIntro du texte.\n\n  • Premier point de la liste.\n  • Second point.\n\n"
            "Le pays n’exclut rien.\n\n– Jean Dupont, président de la République")
    text, removed = _clean(body)
    assert removed == []
    for kept in ("Un titre ?", "• Premier point de la liste.", "– Jean Dupont, président de la République"):
        assert kept in text


def test_unicode_spaces_are_normalised_and_quotes_kept() -> None:
    text, _ = _clean("Titre\n\n«\u00a0Bonjour\u202f» dit-il, 10\u202f000 soldats\u200b l’an dernier\t!")
    assert text.endswith("« Bonjour » dit-il, 10 000 soldats l’an dernier !")


def test_title_is_first_non_boilerplate_line_or_metadata() -> None:
    doc = clean(RawDocument(id="t", source="t", text="InternationalMonde\n\nLe vrai titre\n\nCorps."))
    assert doc.title == "Le vrai titre"
    doc = clean(RawDocument(id="t", source="t", text="Corps.", title="Titre des métadonnées"))
    assert doc.title == "Titre des métadonnées"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_any_text_cleans_without_crash_and_keeps_only_input_lines(text: str) -> None:
    doc = clean(RawDocument(id="t", source="t", text=text))
    lines = set(normalise(text).split("\n"))
    assert all(line in lines for line in doc.text.split("\n") if line)
    assert all(r.text in lines for r in doc.removed)
    assert doc.text == doc.text.strip()


def test_byline_near_the_top_is_boilerplate_but_a_dated_sentence_is_not() -> None:
    _text, removed = _clean("Un titre\n\nRédaction avec AFP, publié le mardi 05 mars 2019 à 12h40\n\nLe texte.")
    assert removed == [("boilerplate", "Rédaction avec AFP, publié le mardi 05 mars 2019 à 12h40")]
    long_line = ("Le rapport, publié le 3 mars par l'ONU après deux ans d'enquête sur le terrain, détaille les "
                 "violations commises dans les camps du nord du pays par les différentes forces armées présentes.")
    _text, removed = _clean("Un titre\n\n" + long_line)
    assert removed == []


def test_an_article_that_lost_its_paragraph_breaks_is_never_a_bio() -> None:
    one_line = ("Le tribunal a estimé que je suis, selon l'auteur de la plainte, « un journaliste engagé ». "
                "Pour tout partenariat commercial, le journal renvoie à sa régie. " * 5)
    text, removed = _clean(one_line)
    assert removed == [] and text == one_line.strip()
    text, removed = _clean("Titre\n\n" + one_line)
    assert removed == []
