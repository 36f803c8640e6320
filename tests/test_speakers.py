"""Speaker resolution through the discourse focus, on sentences written for these tests, real model and KB."""

from __future__ import annotations

from typing import Any

import pytest

from recoupe.entities import find_entities
from recoupe.kb import KnowledgeBase
from recoupe.quotes import find_quotes
from recoupe.records import Document
from recoupe.roles import find_roles
from recoupe.sentences import sentences
from recoupe.speakers import Focus, first_names, genders, word_gender


def _speakers(model: Any, kb: KnowledgeBase, text: str, published: str | None = None) -> dict[str, str | None]:
    """Quoted words -> the speaker's entity name, with the document's roles and the KB as the pipeline has them."""
    doc = Document(id="t", source="t", text=text, title=None, content_hash="x", published=published)
    sdoc = model(text)
    entities = find_entities(doc, sdoc, kb)
    names = {e.key: e.name for e in entities}
    roles = find_roles(doc, sdoc, entities, kb)
    return {q.text: names.get(q.speaker_key) if q.speaker_key else None
            for q in find_quotes(doc, sdoc, entities, roles, kb)}


CASES = [
    # a feminine pronoun skips the man named last
    ("Mme Claire Vautrin a reçu Paul Germain à la mairie. « Rien n'est décidé », a-t-elle assuré.",
     "Rien n'est décidé", "Claire Vautrin"),
    # the subject of the previous sentence, not the object of this one
    ("Le syndicaliste Marc Delorme a longuement interpellé Julien Fabre jeudi. Il a jugé la réforme « injuste ».",
     "injuste", "Marc Delorme"),
    # any verb after an inverted clitic right after the quote
    ("Le maire Hugo Ravel était furieux. « On nous a trompés », s'indigne-t-il.", "On nous a trompés", "Hugo Ravel"),
    # a quotation standing alone goes on with the previous speaker
    ("« Nous avons fait notre part », explique Lucie Marchal. « Les autres doivent suivre maintenant. »",
     "Les autres doivent suivre maintenant.", "Lucie Marchal"),
    # a colon after the quotation, then the speaker and a speech verb
    ("« Le calendrier sera tenu » : Bruno Lemaire annonce la suite des travaux.", "Le calendrier sera tenu",
     "Bruno Lemaire"),
    # the name before a colon
    ("Karine Delmas : « Je ne me représenterai pas »", "Je ne me représenterai pas", "Karine Delmas"),
    # "Pour X," opens X's view
    ("Pour Simon Aubert, chercheur au CNRS, « le modèle est dépassé ».", "le modèle est dépassé", "Simon Aubert"),
    # the clause's subject for a quotation in its predicate
    ("Le sénateur Louis Perrin « regrette » le vote de mardi.", "regrette", "Louis Perrin"),
    # a left-dislocated topic and its resumptive pronoun
    ("Quant à la chanteuse Nina Roche, elle appelle à « rester prudent ».", "rester prudent", "Nina Roche"),
    # the first name of a headline clause before its colon, not the object right before it
    ("Hélène Dupuis critique Paul Marchand : « Gouverner, ce n'est pas communiquer »",
     "Gouverner, ce n'est pas communiquer", "Hélène Dupuis"),
    # "selon les mots de X"; "X, pour qui « ... »"
    ("Les deux élus ont promis d'être « exemplaires », selon les mots de Sylvie Caron.", "exemplaires",
     "Sylvie Caron"),
    ("Sa voisine, Odile Brun, la soixantaine, pour qui le maire est « quelqu'un de bien ».", "quelqu'un de bien",
     "Odile Brun"),
    # an inverted description after the verb's complement
    ("Le chanteur Yanis Morel a fini troisième. « C'est une fierté », a déclaré à la presse le chanteur.",
     "C'est une fierté", "Yanis Morel"),
    # a narrative infinitive with its subject before the colon
    ("Emmanuel Macron a reçu les maires. Et le chef de l'État de répondre : « Je vais essayer ».",
     "Je vais essayer", "Emmanuel Macron"),
    # an inverted pronoun after a dated complement, a relative clause ending the subject
    ("Yvette Marchal a résisté en 1943. « J'opérais en conséquence », expliquait en 2017 celle qui a vécu la guerre.",
     "J'opérais en conséquence", "Yvette Marchal"),
    # an agreeing participle of an irregular reporting verb ("se dire" -> "dite")
    ("Dans un message, Sandrine Valois s'est dite « consternée » par ces propos.", "consternée", "Sandrine Valois"),
    # a participle the parse hangs on a noun keeps the clause's subject
    ("Le lendemain, Paul Germain a réagi lors d'une conférence de presse, déclarant « rien n'est joué ».",
     "rien n'est joué", "Paul Germain"),
    # the source among several ("selon plusieurs médias, notamment X"), not the clause's subject
    ("Selon plusieurs médias, notamment France Info, le maire aurait bénéficié de « prix cassés ».",
     "prix cassés", "Franceinfo"),
    # a descriptive head ("l'expert") may name someone the text titled otherwise ("professeur")
    ("Le traité est fragile, a déclaré Hélène Marsac, professeure à l'université de Lyon. Cela permettrait "
     "à Paris de « garder la main », a ajouté l'experte en relations internationales.", "garder la main",
     "Hélène Marsac"),
    # a name right after the verb that follows the quotation, whatever the verb
    ("Paul Roux a parlé le premier. « C'est totalement illégal », s'est emportée Claire Vautrin.",
     "C'est totalement illégal", "Claire Vautrin"),
    # but not a preposition or an article read as that verb
    ("Le projet de loi est jugé « inacceptable » par Tokyo.", "inacceptable", "Japon"),
    # a description matched against the title the document gives someone
    ("Le ministre de l'Agriculture Denis Morel a reçu les éleveurs. Le ministre de l'Agriculture a promis "
     "« des aides rapides ».", "des aides rapides", "Denis Morel"),
]


@pytest.mark.parametrize(("text", "quoted", "speaker"), CASES)
def test_speaker_resolved(model: Any, kb: KnowledgeBase, text: str, quoted: str, speaker: str) -> None:
    assert _speakers(model, kb, text).get(quoted) == speaker


def test_description_by_knowledge_base_role_at_the_date(model: Any, kb: KnowledgeBase) -> None:
    # Poutine is Russia's president in the KB from 2012: "le président russe" in 2020 is him, not the other man.
    text = ("Vladimir Poutine a reçu Emmanuel Macron à Moscou. « La coopération continue », "
            "a déclaré le président russe.")
    assert _speakers(model, kb, text, "2020-06-01")["La coopération continue"] == "Vladimir Poutine"


def test_unresolvable_pronoun_stays_unattributed(model: Any, kb: KnowledgeBase) -> None:
    # A feminine pronoun with only men in the document: no speaker rather than a wrong one.
    text = "M. Paul Germain a parlé à M. Jean Vidal. « C'est trop tard », a-t-elle répondu."
    assert _speakers(model, kb, text)["C'est trop tard"] is None


def test_genders_from_titles_and_first_names(model: Any, kb: KnowledgeBase) -> None:
    text = "La députée Nadia Roussel et M. Karim Benali ont débattu avec Agnès Lefort."
    doc = Document(id="t", source="t", text=text, title=None, content_hash="x")
    sdoc = model(text)
    entities = find_entities(doc, sdoc, kb)
    found = {e.name: g for e in entities if (g := genders(text, sdoc, entities).get(e.key))}
    assert found.get("Nadia Roussel") == "f"
    assert found.get("Karim Benali") == "m"
    assert found.get("Agnès Lefort") == "f"  # from the induced first-name lexicon only
    assert first_names()["Agnès"] == "f"


def test_pronoun_chain_keeps_its_person(model: Any, kb: KnowledgeBase) -> None:
    text = ("Sophie Garnier dirige l'association depuis 2015. Elle a rencontré Thomas Blanc lundi. "
            "Elle lui a remis un dossier.")
    doc = Document(id="t", source="t", text=text, title=None, content_hash="x")
    sdoc = model(text)
    entities = find_entities(doc, sdoc, kb)
    focus = Focus(text, sdoc, sentences(text), entities)
    names = {e.key: e.name for e in entities}
    assert names[focus.pronoun(text.rindex("Elle"), "elle") or ""] == "Sophie Garnier"


@pytest.mark.parametrize(("word", "gender"), [("elle", "f"), ("Il", "m"), ("cette", "f"), ("cet", "m"), ("l'", None)])
def test_word_gender(word: str, gender: str | None) -> None:
    assert word_gender(word) == gender


def test_gender_from_an_agreeing_participle(model: Any, kb: KnowledgeBase) -> None:
    """'X a été très émue' makes X a woman whatever the tagger says of 'émue'; her 'elle' then finds her."""
    text = ("Sur le plateau, Roxane Kessler a été très émue en évoquant Malik Oussedik. "
            "« Quand j'ai vu les parents, j'ai vu les miens », confie-t-elle.")
    assert _speakers(model, kb, text)["Quand j'ai vu les parents, j'ai vu les miens"] == "Roxane Kessler"


def test_description_synonym_and_incompatible_titles(model: Any, kb: KnowledgeBase) -> None:
    """"le chef de l'Etat" is the president the knowledge base knows at the date; a description whose
    title contradicts the person in focus ("le gouverneur" after "le directeur X") names nobody."""
    said = _speakers(model, kb, "Emmanuel Macron a reçu les maires. Le chef de l'Etat a promis « des moyens ».",
                     "2020-03-01")
    assert said["des moyens"] == "Emmanuel Macron"
    other = _speakers(model, kb, "Le directeur des hôpitaux Marc Rivière s'inquiète de la situation. "
                                 "Le gouverneur a annoncé « une pause dans le déconfinement de tout l'État ».")
    assert other["une pause dans le déconfinement de tout l'État"] is None


def test_former_holder_and_a_name_under_a_complement(model: Any, kb: KnowledgeBase) -> None:
    """"l'ancien président" in 2019 is the KB's president who had left office, not the sitting one; and a
    name inside the subject's complement ("la colistière du candidat X") is not the subject."""
    text = ("François Hollande a critiqué Emmanuel Macron. « Nous sommes amis avec le peuple américain », "
            "a conclu l'ancien président français.")
    assert _speakers(model, kb, text, "2019-11-07")["Nous sommes amis avec le peuple américain"] == "François Hollande"
    text = ("Parmi eux, Kamala Harris, la colistière du candidat démocrate Joe Biden, se fraye un chemin. "
            "« Elle était une pionnière », confie-t-elle.")
    assert _speakers(model, kb, text)["Elle était une pionnière"] == "Kamala Harris"
