"""Participants of an event: who acts and who is acted upon, among the names around a trigger.

A participant is a name (person, organisation, state), a capital or a demonym. A person acting in office
stands for the state or body they serve (the role the text gives them, else the knowledge base's role valid
at the document's date): the convention lets "Poutine a signé" and "Moscou a signé" be one event. The actor
is the parsed subject of the trigger (or of the verb a participle or gerund hangs on; the person a pronoun
subject refers to; the antecedent of "qui"), else the nearest names before it in its clause.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from recoupe import nlp
from recoupe.kb import KnowledgeBase
from recoupe.records import Document, LocalEntity, RoleClaim

ACTOR_LABELS = ("PER", "ORG", "GPE")
NEAREST = 50  # without a parsed subject, the actor is a name at most this far left of the trigger

_PREP = re.compile(r"(?i)(?<!\w)(par|entre|et|aux\s+côtés\s+d\w*|de|du|des|d['’]|vers|à|au|aux|en|contre|avec"
                   r"|auprès\s+de|auprès\s+du"
                   r"|sur|pour|dans|chez)\s*(?:(?:la|le|les|l['’])\s*)?$")
_APPOSITION = re.compile(r",\s+(?:composée?s?|formée?s?|constituée?s?|dirigée?s?|représentée?s?|accompagnée?s?)\s"
                         r"(?:de|d['’]|du|des|par)(?!\w)")
_SOURCE = re.compile(r"(?i)(?:selon|d['’]après)\s+(?:\S+\s+){0,2}$")
_ONLY_JOIN = re.compile(r"(?i)^\s*(?:,|et|ainsi que)?\s*(?:(?:la|le|les|l['’]|du|de la|des)\s*)?$")


@dataclass(frozen=True, slots=True)
class Cues:
    """What placing participants needs from the lexicon and the document."""

    support_verbs: frozenset[str]  # their subject acts for a trigger noun that is their object
    experiencer: frozenset[str]  # their subject is the cause, not the actor


@dataclass(frozen=True, slots=True)
class Trigger:
    """A word or phrase that opens an event, with its PLOVER type and mode."""

    start: int
    end: int
    type: str
    mode: str | None
    token: Any  # the spaCy token, or None for a phrase
    noun: bool
    lemma: str


@dataclass(frozen=True, slots=True)
class Part:
    """A possible participant: a span of text and the (state-resolved) local key it stands for."""

    start: int
    end: int
    key: str
    label: str
    demonym: bool = False
    city: bool = False  # a capital named as a city: a place after "à", else the state it stands for
    own: str | None = None  # the city's own key, for the event's location


def resolver(doc: Document, entities: tuple[LocalEntity, ...], roles: tuple[RoleClaim, ...],
              kb: KnowledgeBase) -> Callable[[str], str]:
    """Local key -> the state or body it acts for: the role the text gives, else the KB role at the date."""
    when = (doc.published or "")[:10] or None
    by_text = {r.person_key: r.of_key for r in roles if r.of_key}
    by_key = {e.key: e for e in entities}

    def resolve(key: str) -> str:
        found = by_text.get(key)
        if found:
            return found
        entity = by_key.get(key)
        entry = kb.get(entity.kb_key if entity else (key[3:] if key.startswith("kb:") else None))
        if entry is None or entry.type != "PER" or not entry.roles:
            return key
        valid = [r for r in entry.roles if r.of and (when is None or (
            (r.start is None or r.start <= when) and (r.end is None or when <= r.end)))]
        return f"kb:{valid[-1].of}" if valid else key

    return resolve


def find_parts(text: str, entities: tuple[LocalEntity, ...], kb: KnowledgeBase,
           resolve: Callable[[str], str]) -> tuple[list[Part], list[Part]]:
    """Participants (people, bodies, states, demonyms) and places (LOC and cities), by offset."""
    parts: list[Part] = []
    places: list[Part] = []
    taken: list[tuple[int, int]] = []
    for e in entities:
        entry = kb.get(e.kb_key)
        for m in e.mentions:
            taken.append((m.start, m.end))
            if entry is not None and entry.metonym_of and m.kind != "metonym":
                parts.append(Part(m.start, m.end, f"kb:{entry.metonym_of}", "GPE", city=True, own=e.key))
            elif m.label in ACTOR_LABELS:
                parts.append(Part(m.start, m.end, resolve(e.key), m.label))
            elif m.label == "LOC":
                places.append(Part(m.start, m.end, e.key, m.label))
    for km in kb.match(text):
        entry = kb.get(km.entry_id)
        if not km.demonym or entry is None or entry.type not in ("GPE", "ORG"):
            continue
        if any(s < km.end and km.start < e for s, e in taken):
            continue
        parts.append(Part(km.start, km.end, f"kb:{entry.id}", entry.type, demonym=True))
    parts.sort(key=lambda p: p.start)
    return parts, places


def preposition(text: str, sent_start: int, part: Part) -> str:
    m = _PREP.search(text[max(sent_start, part.start - 24):part.start])
    return re.sub(r"\s+", " ", m.group(1).casefold()).replace("’", "'") if m else ""



def _subject_parts(token: Any, parts: list[Part]) -> list[Part]:
    """Names inside the parsed subject of a verb (or of the verb it depends on), relative clauses left out."""
    verb = token
    for _ in range(3):
        if verb is None:
            return []
        subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubj:pass")]
        if subj:
            if subj[0].dep_ == "nsubj:pass":
                return []
            skip = {t.i for c in subj[0].children if c.dep_ in ("acl:relcl", "acl", "advcl") for t in c.subtree}
            spans = [(t.idx, t.idx + len(t.text)) for t in subj[0].subtree if t.i not in skip]
            return [p for p in parts if any(a <= p.start < b for a, b in spans)]
        if verb.dep_ in ("xcomp", "ccomp", "conj") and verb.head is not verb:
            verb = verb.head
        else:
            return []
    return []


def first_group(text: str, found: list[Part]) -> list[Part]:
    """The first name and the names coordinated to it: "le Japon et l'UE", "le président russe Vladimir Poutine"."""
    if not found:
        return []
    group = [found[0]]
    for p in found[1:]:
        a, b = sorted((group[-1], p), key=lambda x: x.start)
        if _ONLY_JOIN.match(text[a.end:b.start]) or p.key == group[-1].key:
            group.append(p)
        else:
            break
    return group


def actor_subject(text: str, trig: Trigger, parts: list[Part], lefts: list[Part], cues: Cues) -> list[Part]:
    """Who acts, from the left of the trigger: the parsed subject, else the nearest names before it."""
    tok = trig.token
    if trig.noun:
        # a noun takes the subject of the verb it is the object of: "ont voté la ratification" (support verbs);
        # a phrase ("rumeur sans fondement") takes the subject of whatever verb utters it
        if tok is None or tok.dep_ not in ("obj", "nsubj:pass", "obl:arg") or tok.head is tok:
            return []
        verb = tok.head
        if verb.pos_ != "VERB" or (trig.type != "REJECT" and nlp.lemma(verb).casefold() not in cues.support_verbs):
            return []
        tok = verb
    if not trig.noun:
        # "le G7, composé de la France, du Canada ..., a condamné": the subject is the name before the apposition
        apposition = list(_APPOSITION.finditer(text, lefts[0].start if lefts else trig.start, trig.start))
        if apposition:
            head = [p for p in lefts if p.end <= apposition[0].start()
                    and not text[p.end:apposition[0].start()].strip()]
            if head:
                return head
    left_keys = {(p.start, p.end) for p in lefts}
    subject = [p for p in _subject_parts(tok, parts) if (p.start, p.end) in left_keys]
    if subject:
        return first_group(text, subject)
    cause = trig.lemma in cues.experiencer  # "la signature d'un accord entre X et Y inquiète Z": X and Y cause it
    if trig.noun or (not cause and _named_subject_elsewhere(tok)):
        return []
    # No parsed subject (or a pronoun): the nearest names before the trigger in its clause, unless a preposition
    # or "selon" makes them another word's complement ("Selon La Croix, cette instance va ...")
    near = [p for p in lefts if trig.start - p.end <= NEAREST and (cause or (
        not preposition(text, 0, p) and not _SOURCE.search(text[max(0, p.start - 30):p.start])))]
    return list(reversed(first_group(text, list(reversed(near)))))


def _named_subject_elsewhere(tok: Any) -> bool:
    """The verb (or the verb it depends on) has a subject that is a common noun: "cette instance va s'attaquer".
    Its actor is that noun, which names nobody; a name nearby is not it."""
    verb = tok
    for _ in range(3):
        subj = [c for c in verb.children if c.dep_ == "nsubj"]
        if subj:
            return bool(subj[0].pos_ == "NOUN")
        if verb.dep_ in ("xcomp", "ccomp", "conj") and verb.head is not verb:
            verb = verb.head
        else:
            return False
    return False
