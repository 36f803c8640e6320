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
_PLACE = ("à", "au", "aux", "en", "dans", "sur", "vers", "chez")
_SOURCE = re.compile(r"(?i)(?:selon|d['’]après)\s+(?:\S+\s+){0,2}$")
_SOURCE_OF = re.compile(r"(?i)(?:selon|d['’]après)\s+[^,.;:]{0,30}$")  # the name is the source itself
_ONLY_JOIN = re.compile(r"(?i)^\s*(?:,|et|ainsi que)?\s*(?:(?:la|le|les|l['’]|du|de la|des)\s*)?$")


@dataclass(frozen=True, slots=True)
class Cues:
    """What placing participants needs from the lexicon and the document."""

    support_verbs: frozenset[str]  # their subject acts for a trigger noun that is their object
    experiencer: frozenset[str]  # their subject is the cause, not the actor
    pronoun: Callable[[int, str], Part | None] | None = None  # who a subject pronoun at an offset means
    quoted: Callable[[int], bool] | None = None  # an offset inside a quotation: its names are not the actor
    offices: frozenset[str] = frozenset()  # heads of a subject that act for the name in their "de" complement


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
             kb: KnowledgeBase, outside_office: frozenset[str]) -> Callable[[str], str]:
    """Local key -> the state or body it acts for: the role the text gives, else the KB role at the date.
    A mayor, an opposition or party figure, a member of parliament speaks for themselves: "la maire de
    Washington", "la présidente du RN" are not their city's state nor their party (`outside_office`)."""
    when = (doc.published or "")[:10] or None
    by_key = {e.key: e for e in entities}
    by_text: dict[str, str | None] = {}
    for r in roles:
        if not r.of_key:
            continue
        of = by_key.get(r.of_key)
        words = set(re.findall(r"[\w-]+", f"{r.role} {of.name if of else ''}".casefold()))
        words |= {w[:-1] for w in words if w[-1:] in "sx"}  # "le président des Républicains"
        by_text[r.person_key] = None if words & outside_office else r.of_key

    def resolve(key: str) -> str:
        if key in by_text:
            return by_text[key] or key
        entity = by_key.get(key)
        entry = kb.get(entity.kb_key if entity else (key[3:] if key.startswith("kb:") else None))
        if entry is None or entry.type != "PER" or not entry.roles:
            return key
        valid = [r for r in entry.roles if r.of and not set(r.role.casefold().split()) & outside_office and (
            when is None or ((r.start is None or r.start <= when) and (r.end is None or when <= r.end)))]
        return f"kb:{valid[-1].of}" if valid else key

    return resolve


def find_parts(text: str, entities: tuple[LocalEntity, ...], kb: KnowledgeBase,
               resolve: Callable[[str], str], state_nouns: frozenset[str]) -> tuple[list[Part], list[Part]]:
    """Participants (people, bodies, states, demonyms) and places (LOC and cities), by offset.

    A demonym stands for its state only on a noun that names a state body or an act (`state_nouns`: "le
    gouvernement russe", "les soldats nord-coréens", "l'offensive turque"), or as "les Russes"; not on any
    noun ("l'enquête russe", "un couple d'Américains")."""
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
        if any(s < km.end and km.start < e for s, e in taken) or not _of_state(text, km.start, state_nouns):
            continue
        parts.append(Part(km.start, km.end, f"kb:{entry.id}", entry.type, demonym=True))
    parts.sort(key=lambda p: p.start)
    return parts, places


def _of_state(text: str, at: int, state_nouns: frozenset[str]) -> bool:
    """The demonym at `at` qualifies a state body or an act ("les autorités russes"), or is "les Russes"."""
    if text[at:at + 1].isupper():
        return bool(re.search(r"(?i)(?<!\w)les\s+$", text[max(0, at - 6):at]))
    before = re.search(r"([\w-]+)\s+$", text[max(0, at - 40):at])
    return before is not None and before.group(1).casefold() in state_nouns


def preposition(text: str, sent_start: int, part: Part) -> str:
    m = _PREP.search(text[max(sent_start, part.start - 24):part.start])
    return re.sub(r"\s+", " ", m.group(1).casefold()).replace("’", "'") if m else ""



def _subject(token: Any) -> Any:
    """The parsed subject of a verb, or of the verb it depends on: an infinitive or a completive's governor, a
    coordinated verb, or the verb a present participle or gerund hangs on ("a lancé X, critiquant ...")."""
    verb = token
    for _ in range(3):
        subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubj:pass")]
        if subj:
            return subj[0]
        follow = verb.dep_ in ("xcomp", "ccomp", "conj") or (
            verb.dep_ == "advcl" and "Part" in verb.morph.get("VerbForm") and "Pres" in verb.morph.get("Tense"))
        if not follow or verb.head is verb:
            return None
        verb = verb.head
    return None


def _subject_parts(subj: Any, parts: list[Part]) -> list[Part]:
    """Names inside a subject phrase, relative clauses left out; for "qui", the names of its antecedent."""
    head = subj
    if subj.lower_ == "qui" and subj.head.dep_ == "acl:relcl" and subj.head.head is not subj.head:
        head = subj.head.head  # "le député X, qui a critiqué Y": X
    skip = {t.i for c in head.children if c.dep_ in ("acl:relcl", "acl", "advcl") for t in c.subtree}
    spans = [(t.idx, t.idx + len(t.text)) for t in head.subtree if t.i not in skip]
    return [p for p in parts if any(a <= p.start < b for a, b in spans)]


def _inverted(subj: Any, tok: Any) -> bool:
    """A subject after its own verb ("regrette la maire X"), or after the verb a gerund hangs on; not the speaker
    of a reporting verb that the trigger's clause is the complement of ("X a livré ..., a indiqué Y")."""
    return bool(subj.i > tok.i and (subj.head is tok or tok.dep_ == "advcl"))


def _head_names(text: str, found: list[Part]) -> list[Part]:
    """The names that head a subject phrase, not a place or a complement inside it: "les forces kurdes en
    Syrie" (not Syria), "la maire de Washington Muriel Bowser" (the mayor), "le groupe chinois ByteDance"."""
    found = [p for p in found if not _SOURCE_OF.search(text[max(0, p.start - 30):p.start])]  # "Selon X, Y a ..."
    # "les forces kurdes en Syrie": not Syria; but a capital in the subject stands for its government ("les
    # dirigeants à Pékin") when nothing else names who acts
    found = [p for p in found if preposition(text, 0, p) not in _PLACE] or [p for p in found if p.city]
    free = [p for p in found if preposition(text, 0, p) in ("", "et")] or found
    named = [p for p in free if not p.demonym] or free
    return [p for p in named if p.label == "PER"] or named


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
    subj = _subject(tok)
    if subj is not None and subj.dep_ == "nsubj:pass" and not _reflexive(tok):
        return []  # a passive's subject is acted upon; a reflexive parsed as one ("s'est engagée") acts
    if subj is not None and subj.lower_ in ("il", "elle") and cues.pronoun is not None:
        meant = cues.pronoun(subj.idx, subj.lower_)  # "Il a refusé": the person the text is about
        if meant is not None:
            return [meant]
    left_keys = {(p.start, p.end) for p in lefts}
    # an inverted subject stands after the verb: "regrette la maire X", "a renchéri l'ancien directeur X"
    subject = [] if subj is None else [p for p in _subject_parts(subj, parts) if (p.start, p.end) in left_keys
                                       or subj.lower_ == "qui" or _inverted(subj, tok)]
    named = _head_names(text, subject)
    if named and subj is not None and not _acts_for(text, subj, named, cues.offices):
        return []  # "les habitants de Washington se sont vu nier ...": the inhabitants, not the state
    if named:
        return first_group(text, named)
    cause = trig.lemma in cues.experiencer  # "la signature d'un accord entre X et Y inquiète Z": X and Y cause it
    if trig.noun or (not cause and _named_subject_elsewhere(tok)):
        return []
    # No parsed subject (or a pronoun): the nearest names before the trigger in its clause, unless a preposition
    # or "selon" makes them another word's complement ("Selon La Croix, cette instance va ...")
    near = [p for p in lefts if trig.start - p.end <= NEAREST and (cause or (
        not preposition(text, 0, p) and not _SOURCE.search(text[max(0, p.start - 30):p.start])
        and not (cues.quoted and cues.quoted(p.start))))]
    return list(reversed(first_group(text, list(reversed(near)))))


def _acts_for(text: str, subj: Any, named: list[Part], offices: frozenset[str]) -> bool:
    """The subject is the name (or has one beside its head), or its head is an office or a state body that
    acts for the name of its "de" complement ("le président de la Russie", "le patron de l'OMS")."""
    if subj.pos_ != "NOUN" or any(preposition(text, 0, p) not in ("de", "du", "des", "d'") for p in named):
        return True
    return bool(subj.lower_ in offices)


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


# Dependencies that open a modifier clause: a name inside one belongs to that clause, not to the trigger's
# complements ("a critiqué une loi adoptée sous la pression de X": the criticism is of the law).
_MODIFIER = frozenset({"acl", "acl:relcl", "advcl", "parataxis", "csubj"})


def own_complement(span: Any, tok: Any, part: Part) -> bool:
    """A name right of the trigger is a target only when the parse does not put it in a clause that modifies
    the trigger's complement; a name the parse hangs elsewhere keeps its place in the clause."""
    if tok is None:
        return True
    inside = [t for t in span if part.start <= t.idx < part.end]
    head = next((t for t in inside if not part.start <= t.head.idx < part.end), None)
    node = head.head if head is not None else None
    while node is not None and node.i != tok.i and node.head.i != node.i:
        if node.dep_ in _MODIFIER or (node.dep_ == "amod" and node.pos_ == "VERB"):
            return not any(a.i == tok.i for a in node.ancestors)  # spaCy makes a new Token per access
        node = node.head
    return True


def pronoun_object(tok: Any) -> bool:
    """The trigger verb's object is a pronoun ("l'accuse", "lui demande", "qu'il a visitée"), not a reflexive."""
    return tok is not None and any(c.dep_ in ("obj", "iobj") and c.pos_ == "PRON" and c.lower_.replace("’", "'")
                                   not in ("se", "s'", "en", "y", "me", "m'", "nous", "vous")
                                   for c in tok.children)


def about_a_thing(trig: Trigger, optional: frozenset[str], asks_object: frozenset[str]) -> bool:
    """A directed verb with no party named may be about a thing ("a demandé la fin des combats", "nie les
    faits", "appelle à manifester"), when the parse gives it such a complement: not a pronoun nor a
    "ce/cet/cette/ces" phrase, whose referent (and its party) is in another sentence."""
    tok = trig.token
    if trig.noun or tok is None or trig.lemma not in optional:
        return False
    kids = list(tok.children)
    if trig.lemma in asks_object and any(c.dep_ == "obj" for c in kids):
        return False  # "a appelé les collectivités à ...": the object is who is asked, and it names nobody
    if trig.type == "REQUEST" and any(c.dep_ == "xcomp" for c in kids) and any(
            c.dep_ in ("obj", "iobj") or (c.dep_.startswith("obl") and any(
                d.dep_ == "case" and d.lower_ in ("à", "au", "aux") for d in c.children)) for c in kids):
        return False  # "appelle les députés à ...": who is asked is not named
    for c in kids:
        if c.dep_ not in ("obj", "xcomp", "ccomp", "obl:arg") or c.pos_ == "PRON":
            continue
        if not any(d.dep_ == "det" and d.lower_ in ("ce", "cet", "cette", "ces") for d in c.children):
            return True
    return False


def topic(text: str, sent_start: int, at: int, parts: list[Part]) -> list[Part]:
    """A headline's topic before its colon is what the verb after it is about: "X sur Y : Z dénonce ..."."""
    colon = text.rfind(" : ", sent_start, at)
    if colon < 0 or colon - sent_start > 60 or "\n" in text[sent_start:colon]:
        return []
    return first_group(text, [p for p in parts if sent_start <= p.start and p.end <= colon])


def body_subject(text: str, spacy_doc: Any, sents: Any, at: int, word: str, parts: list[Part],
                 bodies: frozenset[str]) -> Part | None:
    """What a sentence-initial "Il"/"Elle" at `at` means when the sentence before has a state body or an
    official as its main subject ("Le ministère chinois des Affaires étrangères a indiqué ... Il a refusé ..."):
    the names in that subject, when its head noun agrees with the pronoun. Nothing else is guessed."""
    i = next((j for j, s in enumerate(sents) if s.start <= at < s.end), 0)
    if i == 0 or text[sents[i].start:at].strip():
        return None  # the pronoun does not open its sentence, or no sentence comes before
    span = spacy_doc.char_span(sents[i - 1].start, sents[i - 1].end, alignment_mode="expand")
    if span is None:
        return None
    root = span.root
    subjects = [c for c in root.children if c.dep_ == "nsubj" or (c.dep_ == "nsubj:pass" and _reflexive(root))]
    subj = subjects[0] if len(subjects) == 1 and not any(c.dep_ == "conj" for c in subjects[0].children) else None
    gender = "Masc" if word == "il" else "Fem"
    if subj is None or subj.pos_ != "NOUN" or subj.lower_ not in bodies or any(
            gender not in w.morph.get("Gender", [gender]) for w in (subj, *subj.children) if w.dep_ in ("det", "amod")
            or w is subj):
        return None  # "La ministre japonaise ... Il a refusé": not the one meant
    lo, hi = subj.left_edge.idx, subj.right_edge.idx + len(subj.right_edge.text)
    named = [p for p in parts if lo <= p.start and p.end <= hi]
    if len({p.key for p in named}) != 1:
        return None  # no name, or several: which one the pronoun means is not said
    return Part(at, at + len(word), named[0].key, named[0].label)


def _reflexive(verb: Any) -> bool:
    """A reflexive verb ("s'est engagée") the parse may read as a passive: its subject acts."""
    return any(c.dep_.startswith("expl") and c.lower_ in ("se", "s'", "s’") for c in verb.children)
