"""Quotes and speakers on sentences written for these tests (not the seed sentences), real model and KB."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recoupe.entities import find_entities
from recoupe.kb import KnowledgeBase
from recoupe.quotes import find_quotes
from recoupe.records import Document, Quote
from recoupe.sentences import quoted_spans, sentences


def _quotes(model: Any, kb: KnowledgeBase, text: str) -> list[tuple[str, str | None, bool]]:
    """(quoted words, speaker's entity name, direct) for each quote of the text."""
    doc = Document(id="t", source="t", text=text, title=None, content_hash="x")
    sdoc = model(text)
    entities = find_entities(doc, sdoc, kb)
    names = {e.key: e.name for e in entities}
    return [(q.text, names.get(q.speaker_key) if q.speaker_key else None, q.direct)
            for q in find_quotes(doc, sdoc, entities)]


CASES = [
    # inverted subject after the quote
    ("« Nous ne céderons rien », a affirmé le président français Emmanuel Macron, interrogé à Lyon.",
     "Nous ne céderons rien", "Emmanuel Macron"),
    ("« La situation est grave », a toutefois souligné Olaf Scholz.", "La situation est grave", "Olaf Scholz"),
    # inverted pronoun resolved to the last person who spoke
    ("« Le dialogue reste ouvert », a déclaré Ursula von der Leyen. « Mais pas à n'importe quel prix », "
     "a-t-elle ajouté.", "Mais pas à n'importe quel prix", "Ursula von der Leyen"),
    # subject of a reporting verb before a partial quote
    ("Antony Blinken a qualifié ces essais de « provocation inacceptable » mardi.", "provocation inacceptable",
     "Antony Blinken"),
    ("Le chancelier Olaf Scholz a estimé que l'accord était « une étape décisive » pour l'Europe.",
     "une étape décisive", "Olaf Scholz"),
    # agent of a passive judgement
    ("Une décision jugée « irresponsable » par Pékin a relancé les tensions.", "irresponsable", "Chine"),
    ("Qualifié de « succès historique » par le Premier ministre Narendra Modi, le lancement a eu lieu hier.",
     "succès historique", "Narendra Modi"),
    # selon X in a headline
    ("Une crise « sans précédent » selon Antonio Guterres", "sans précédent", "António Guterres"),
    # metonymic speaker: a capital acting is its state
    ("Ankara a jugé « inacceptables » les propos du ministre.", "inacceptables", "Turquie"),
    # an institution in the subject phrase
    ("Un porte-parole du Kremlin a dénoncé une « provocation » occidentale.", "provocation", "Kremlin"),
    # definite description of the last person who spoke
    ("« Les réserves sont faibles », a déclaré Fatih Birol. « Il faut agir vite », a ajouté le directeur "
     "de l'agence.", "Il faut agir vite", "Fatih Birol"),
]


@pytest.mark.parametrize(("text", "words", "speaker"), CASES)
def test_direct_quote_speakers(model: Any, kb: KnowledgeBase, text: str, words: str, speaker: str) -> None:
    found = {w: s for w, s, _ in _quotes(model, kb, text)}
    assert words in found, found
    assert found[words] == speaker


@pytest.mark.parametrize("text", [
    "Le texte autorise des exercices avec des « pays partenaires » de la région.",
    "Le parti défend un « modèle social » qui ne convainc pas tout le monde.",
    "Les députés ont adopté la loi dite « sécurité globale » en première lecture.",
])
def test_scare_quotes_have_no_speaker(model: Any, kb: KnowledgeBase, text: str) -> None:
    """A scare quote is never given a speaker (a short term with nobody saying it is not kept at all)."""
    found = _quotes(model, kb, text)
    assert len(found) <= 1 and all(speaker is None for _, speaker, _ in found), found


def test_block_quote_with_attribution_line(model: Any, kb: KnowledgeBase) -> None:
    text = ("Un sommet sous tension\n\nL'Europe ne laissera personne redessiner ses frontières par la force.\n\n"
            "– Ursula von der Leyen, présidente de la Commission européenne\n\nLa suite du texte.")
    found = _quotes(model, kb, text)
    assert ("L'Europe ne laissera personne redessiner ses frontières par la force.", "Ursula von der Leyen",
            True) in found


@pytest.mark.parametrize(("text", "clause", "speaker"), [
    ("Emmanuel Macron a déclaré que la France enverrait des instructeurs au printemps.",
     "la France enverrait des instructeurs au printemps", "Emmanuel Macron"),
    ("Le cessez-le-feu pourrait tenir plusieurs semaines encore, a estimé Antonio Guterres devant la presse.",
     "Le cessez-le-feu pourrait tenir plusieurs semaines encore", "António Guterres"),
    ("Selon Josep Borrell, les sanctions seront renforcées dès le mois prochain.",
     "les sanctions seront renforcées dès le mois prochain", "Josep Borrell"),
])
def test_reported_speech(model: Any, kb: KnowledgeBase, text: str, clause: str, speaker: str) -> None:
    found = _quotes(model, kb, text)
    assert (clause, speaker, False) in found, found


@pytest.mark.parametrize("text", [
    "Des rapports indiquent que les troupes ont franchi la frontière dans la nuit.",
    "Les experts estiment que la crise durera encore deux ans.",
    "Les experts soulignent l'importance de la Chine, notant que Pékin reste prudent.",
])
def test_reported_speech_without_a_known_speaker_is_not_a_quote(model: Any, kb: KnowledgeBase, text: str) -> None:
    assert _quotes(model, kb, text) == []


def test_participle_clause_keeps_the_speaker(model: Any, kb: KnowledgeBase) -> None:
    text = ("« Personne ne gagne une guerre commerciale », a déclaré Kristalina Georgieva, ajoutant que les "
            "marchés « resteront nerveux » tant que Washington hésite.")
    found = {w: s for w, s, _ in _quotes(model, kb, text)}
    assert found["resteront nerveux"] == "Kristalina Georgieva"


def test_sentences_and_quoted_spans_offsets() -> None:
    text = "Il a dit : « Oui. Non ? » Puis il est parti.\nNouvelle ligne « ici »."
    sents = [text[s.start:s.end] for s in sentences(text)]
    assert sents == ["Il a dit : « Oui. Non ? » Puis il est parti.", "Nouvelle ligne « ici »."]
    titled = "Selon M. Dupont et John F. Kennedy, rien ne change. Fin."
    assert [titled[s.start:s.end] for s in sentences(titled)] == [titled[:-5], "Fin."]
    spans = quoted_spans(text)
    assert [text[q.start:q.end] for q in spans] == ["Oui. Non ?", "ici"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["«", "»", "« Oui »", ", a déclaré", "Emmanuel Macron", "il", "que", "selon",
                                 "Pékin", ".", "\n", "\"", "a-t-elle ajouté", "par", "Le chef"]), max_size=25))
def test_any_text_gives_valid_quote_offsets(model: Any, kb: KnowledgeBase, parts: list[str]) -> None:
    text = " ".join(parts)
    doc = Document(id="t", source="t", text=text, title=None, content_hash="x")
    sdoc = model(text)
    entities = find_entities(doc, sdoc, kb)
    keys = {e.key for e in entities}
    for q in find_quotes(doc, sdoc, entities):
        assert isinstance(q, Quote) and text[q.start:q.end] == q.text and q.text
        assert q.speaker_key is None or q.speaker_key in keys
        if q.speaker_text is not None:
            assert text[q.speaker_start:q.speaker_end] == q.speaker_text  # type: ignore[misc]


@pytest.mark.parametrize(("text", "words", "speaker"), [
    # sentences glued together by a feed that lost its spaces
    ("« Le calme est revenu », a-t-il poursuivi.Selon la police, « rien ne bouge » dans le quartier.",
     "rien ne bouge", None),
    # a prepositional phrase before the inverted subject is not the speaker
    ("« Tout s'est bien passé », a confié à l'AFP Benoît Payan après l'audience.", "Tout s'est bien passé",
     "Benoît Payan"),
    # "lancer" reports speech only when inverted after the quote
    ("« On ne lâchera rien », a lancé Sophie Binet devant les grévistes.", "On ne lâchera rien", "Sophie Binet"),
    # an institution described by a place: the place does not speak
    ("Le tribunal administratif de Montreuil a estimé que l'État devait « indemniser les familles ».",
     "indemniser les familles", None),
])
def test_speakers_in_the_wild(model: Any, kb: KnowledgeBase, text: str, words: str, speaker: str | None) -> None:
    found = {w: s for w, s, _ in _quotes(model, kb, text)}
    assert words in found, found
    assert found[words] == speaker


def test_a_scare_quote_does_not_inherit_the_sentence_speaker(model: Any, kb: KnowledgeBase) -> None:
    text = ("Qualifié de « plan historique » par le chancelier Olaf Scholz, le texte prévoit « une hausse "
            "des salaires » dès janvier.")
    found = {w: s for w, s, _ in _quotes(model, kb, text)}
    assert found["plan historique"] == "Olaf Scholz"
    assert found.get("une hausse des salaires") is None  # no speaker, and as a bare term not even a quote


def test_titles_and_names_in_quotation_marks_are_not_quotes(model: Any, kb: KnowledgeBase) -> None:
    """A film title or a nickname in quotation marks inside a sentence, with nobody saying it, is no quote."""
    found = _quotes(model, kb, "Le compositeur a signé la musique de « Interstellar » et de « Pirates des Caraïbes ».")
    assert found == []
    # a term in scare quotes that nobody says
    assert _quotes(model, kb, "Les syndicats préparent une nouvelle « journée sans cheminots » en juin.") == []
    # "lancer" reports speech only when inverted: a programme's title is neither a quote nor France 2's words
    assert _quotes(model, kb, "France 2 lance « Les Enquêtes du dimanche » en septembre.") == []
    # words someone says stay quotes, capitalised or not
    said = _quotes(model, kb, "« Nous partons demain », a déclaré Léa Morin.")
    assert said == [("Nous partons demain", "Léa Morin", True)]


def test_stray_straight_quote_does_not_invert_the_pairs(model: Any, kb: KnowledgeBase) -> None:
    """Words between two quotations ('", a affirmé X. "') are never read as a quotation."""
    text = ('Elle a démenti. "C\'est une idée venue de nulle part", a affirmé la ministre, lors de l\'émission.'
            '"Il y a un calendrier", a-t-elle ajouté.')
    assert [q for q, _, _ in _quotes(model, kb, text)] == ["C'est une idée venue de nulle part",
                                                          "Il y a un calendrier"]


@pytest.mark.parametrize(("text", "words", "speaker"), [
    # a reporting verb and an infinitive clause
    ("La ministre Claire Vautrin a indiqué vouloir réformer le statut des enseignants.",
     "vouloir réformer le statut des enseignants", "Claire Vautrin"),
    # a complement between the verb and "que"
    ("Le maire Hugo Ravel a annoncé en conférence de presse qu'il quittait ses fonctions.",
     "il quittait ses fonctions", "Hugo Ravel"),
    # the source at the end of the sentence
    ("Une nouvelle grève devrait être organisée avant le vote des sénateurs, selon Europe 1.",
     "Une nouvelle grève devrait être organisée avant le vote des sénateurs", "Europe 1"),
])
def test_reported_speech_forms(model: Any, kb: KnowledgeBase, text: str, words: str, speaker: str) -> None:
    found = {w: (s, direct) for w, s, direct in _quotes(model, kb, text)}
    assert found.get(words) == (speaker, False), found


def test_glued_sentence_starting_with_an_elided_article(model: Any, kb: KnowledgeBase) -> None:
    """'la morgue.L'avocat ...' (a feed lost the space): the next sentence and its speaker stand apart."""
    text = ("« C'est terrible », a-t-elle déclaré à la morgue.L'avocat Yanis Roussel a pour sa part estimé que "
            "les lésions « correspondent à un choc ».")
    assert any(text[s.start:s.end].startswith("L'avocat") for s in sentences(text))
    assert dict((w, s) for w, s, _ in _quotes(model, kb, text))["correspondent à un choc"] == "Yanis Roussel"


def test_glued_heading_and_paragraph_are_split(model: Any, kb: KnowledgeBase) -> None:
    """A feed that lost its line breaks glues a heading to its paragraph ("… de Paul RoussinLe ministre …")."""
    text = "La réaction de Paul RoussinLe ministre Marc Lebrun a réagi : « Ce clip est illégal »."
    starts = [text[s.start:s.end][:10] for s in sentences(text)]
    assert starts == ["La réactio", "Le ministr"]
    assert dict((w, s) for w, s, _ in _quotes(model, kb, text))["Ce clip est illégal"] == "Marc Lebrun"


def test_an_intertitle_quote_is_nobody_s_words_there(model: Any, kb: KnowledgeBase) -> None:
    """'- « Vaincre le virus » -' heads a section; the person quoted just before did not say it there."""
    text = ("« Nous serons prêts », a déclaré Léa Morin. - « Vaincre ensemble » - La réunion a duré trois heures.")
    found = dict((w, s) for w, s, _ in _quotes(model, kb, text))
    assert found["Nous serons prêts"] == "Léa Morin"
    assert found.get("Vaincre ensemble") is None
