"""Events stage: who did what to whom, coded with PLOVER types (shared/spec/events.md, docs/events.md).

A trigger (a verb or a noun from data/events.yaml) opens an event in its sentence; its participants are
the names, capitals and demonyms around it, placed by the prepositions that introduce them and, for the
subject, by the parse. A person acting in office stands for the state or body they serve (the role the
text gives them, else the knowledge base's role valid at the document's date): the convention lets
"Poutine a signé" and "Moscou a signé" be one event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from recoupe import data, nlp, participants, verbforms
from recoupe.kb import KnowledgeBase
from recoupe.modality import modality
from recoupe.participants import Cues, Part, Trigger, actor_subject, find_parts, first_group, preposition, resolver
from recoupe.records import Document, EventMention, LocalEntity, Quote, RoleClaim, Time
from recoupe.sentences import sentences
from recoupe.speakers import Focus

WINDOW = 160  # characters right of a trigger where its targets may stand
# Where the clause of a trigger starts (left) and ends (right): relative pronouns, conjunctions,
# sentence punctuation; on the right also an inversion (", a déclaré X") and a gerund (", confirmant").
# A headline glued to the text after it ("L'ONU demande l'arrêt des conflits -Le Conseil ...") ends at " -", a
# sentence glued to the next one after a year ("en 2011.La durée ...") at its full stop.
_LEFT = re.compile(r"(?i)(?<!\d)\.(?!\d)|\.(?=(?-i:[A-ZÀ-Ý]))|[;:]|\s-(?=(?-i:[A-ZÀ-Ý]))|(?<!\w)(?<!ainsi )"
                   r"(?:qu['’]|(?:qui|que|lesquel\w*|laquelle|lequel|dont|lorsque|tandis)(?!\w))")
_RIGHT = re.compile(r"(?i)(?<!\d)\.(?!\d)|\.(?=(?-i:[A-ZÀ-Ý]))|[;:]|\s-(?=(?-i:[A-ZÀ-Ý]))|,\s+(?:a|ont|avait"
                    r"|avaient|a-t-\w+|comme|selon)\s|,\s+\w+ant(?!\w)|(?<!\w)(?<!ainsi )(?:qu['’]|(?:qui|que|dont"
                    r"|lorsque|tandis)(?!\w))")


_QUOTE_MARKS = frozenset('"«“')
# An embedded video's title runs into its credit with no space: "... l'allié turcpar euronews (en français)".
_CAPTION = re.compile(r"[a-zà-ÿ?!)]par\s+[\w-]+(?:\s+\(en\s+\w+\))?")


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The trigger words and cues of data/events.yaml."""

    verbs: dict[str, tuple[str, str | None]]
    nouns: dict[str, tuple[str, str | None]]
    phrases: tuple[tuple[re.Pattern[str], str, str | None], ...]
    concern_verbs: frozenset[str]
    concern_words: frozenset[str]
    needs_theme: dict[str, str]
    themes: dict[str, frozenset[str]]
    troop_words: frozenset[str]
    receiving: frozenset[str]
    experiencer: frozenset[str]
    patient_nouns: frozenset[str]
    not_after: frozenset[str]
    support_verbs: frozenset[str]
    outside_office: frozenset[str]
    reflexive_only: frozenset[str]
    state_nouns: frozenset[str]  # nouns on which a demonym names its state, the trigger nouns included
    member_nouns: frozenset[str]  # members acting for the body of their "de" complement
    directed: frozenset[str]  # types kept only with a target in the trigger's clause
    target_optional: frozenset[str]  # verbs of those types whose complement may be a thing, not a party
    asks_object: frozenset[str]  # request verbs whose object is who is asked
    idioms: dict[str, tuple[str, ...]]  # trigger lemma -> words after it that make a set phrase
    not_reflexive: frozenset[str]  # verbs that report no act as reflexives
    undirected_modes: frozenset[str]  # modes of directed types that need no target (a pledge of money)


@cache
def lexicon() -> Lexicon:
    """The bundled event lexicon (loaded once per process)."""
    raw = data.load("events.yaml")

    def table(key: str) -> dict[str, tuple[str, str | None]]:
        return {str(k): (str(v[0]), v[1]) for k, v in raw[key].items()}

    phrases = tuple((re.compile(rf"(?i)(?<!\w){re.escape(p)}(?!\w)"), t, m) for p, t, m in raw["phrases"])
    state_nouns = {str(w) for w in raw["state_nouns"]} | {f"{n}{s}" for n in raw["nouns"] for s in ("", "s")}
    return Lexicon(
        table("verbs"), table("nouns"), phrases, frozenset(raw["concern_verbs"]), frozenset(raw["concern_words"]),
        {str(k): str(v) for k, v in raw["needs_theme"].items()},
        {k: frozenset(v) for k, v in raw["themes"].items()}, frozenset(raw["troop_words"]),
        frozenset(raw["receiving"]), frozenset(raw["experiencer"]), frozenset(raw["patient_nouns"]),
        frozenset(raw["not_after"]), frozenset(raw["support_verbs"]), frozenset(raw["outside_office"]),
        frozenset(raw["reflexive_only"]), frozenset(state_nouns), frozenset(raw["member_nouns"]),
        frozenset(raw["directed"]), frozenset(raw["target_optional"]), frozenset(raw["asks_object"]),
        {str(k): tuple(v) for k, v in raw["idioms"].items()}, frozenset(raw["not_reflexive"]),
        frozenset(raw["undirected_modes"]))


def find_events(doc: Document, spacy_doc: Any, entities: tuple[LocalEntity, ...], quotes: tuple[Quote, ...],
                times: tuple[Time, ...], roles: tuple[RoleClaim, ...], kb: KnowledgeBase) -> tuple[EventMention, ...]:
    """Event mentions: a PLOVER type, actors and targets (states for officials), date, place and modality."""
    lex = lexicon()
    text = doc.text
    resolve = resolver(doc, entities, roles, kb, lex.outside_office)
    parts, places = find_parts(text, entities, kb, resolve, lex.state_nouns)
    sents = sentences(text)
    focus = Focus(text, spacy_doc, sents, entities, roles, kb, doc.published)
    labels = {e.key: e.label for e in entities}

    def pronoun(at: int, word: str) -> Part | None:
        key = None if focus.in_quote(at) else focus.pronoun(at, word)
        here = focus.sentence(at)
        if key is None or not any(r.key == key and here - r.sentence <= 1 for r in focus.refs if r.start < at):
            # only a person named in this sentence or the one before; else the state body subject before it
            return None if focus.in_quote(at) else participants.body_subject(text, spacy_doc, sents, at, word,
                                                                             parts, lex.state_nouns)
        return Part(at, at + len(word), resolve(key), labels.get(key, "PER"))

    cues = Cues(lex.support_verbs, lex.experiencer, pronoun, focus.in_quote, lex.state_nouns | lex.member_nouns)
    out: list[EventMention] = []
    for sent in sents:
        span = spacy_doc.char_span(sent.start, sent.end, alignment_mode="expand")
        if span is None:
            continue
        for trig in _triggers(text, span, sent.start, sent.end, lex):
            mention = _event(text, span, trig, (sent.start, sent.end), parts, places, lex, cues)
            if mention is None:
                continue
            out.append(_finish(mention, text, sent.start, trig, times, quotes, lex))
    return tuple(_corefer(out))


def _corefer(mentions: list[EventMention]) -> list[EventMention]:
    """A deployment with no destination re-mentions the troop sending the document already told of."""
    out: list[EventMention] = []
    for m in mentions:
        if m.type == "MOBILIZE" and m.mode == "deploy" and not m.target_keys:
            sent = next((e for e in out if e.type == "AID" and e.mode == "troops" and e.target_keys
                         and set(m.actor_keys) <= set(e.actor_keys)), None)
            if sent is not None:
                m = replace(m, type="AID", mode="troops", target_keys=sent.target_keys)
        out.append(m)
    return out


def _triggers(text: str, span: Any, start: int, end: int, lex: Lexicon) -> list[Trigger]:
    found: list[Trigger] = []
    tokens = list(span)
    for i, t in enumerate(tokens):
        if t.pos_ not in ("VERB", "NOUN", "ADJ"):
            continue
        prev = tokens[i - 1].lower_ if i else ""
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if t.pos_ == "VERB" and tokens[i - 1].pos_ == "DET" and i and t.lower_ in lex.nouns:
            noun, lemma = True, t.lower_  # "une rencontre" tagged as a verb
        elif t.pos_ == "ADJ":
            # "... inquiète le Japon": a verb form tagged as an adjective, followed by its object
            lemma = _verb_forms().get(t.lower_, "")
            if not lemma or nxt is None or nxt.pos_ != "DET":
                continue
            noun = False
        else:
            noun = t.pos_ == "NOUN"
            lemma = _lemma(t, noun, lex)
            if not lemma:
                continue
        hit = (lex.nouns if noun else lex.verbs).get(lemma)
        if not noun and lemma in lex.concern_verbs and any(
                u.lower_ in lex.concern_words for u in tokens[i + 1:i + 7]):
            hit = ("ACCUSE", "concern")
        if hit is None or (lemma in lex.reflexive_only and not any(
                c.lower_ in ("se", "s'", "s’") for c in t.children)):  # "s'opposer à", not "opposer X à Y"
            continue
        if noun and i >= 2 and prev in ("de", "d'", "d’") and tokens[i - 2].lower_ in lex.not_after:
            continue
        need = lex.needs_theme.get(lemma)
        if need and hit[0] != "ACCUSE":
            passive = any(c.dep_ == "aux:pass" for c in t.children)  # "des soldats ... ont été envoyés"
            window = tokens[max(0, i - 8) if passive else i + 1:i + 9]
            if not noun and need not in ("appeal", "warn", "money"):  # "s'est engagée pour 45 millions"
                # the theme is the verb's own: not in a clause hanging on it ("a été donné ... pour utiliser
                # sur des soldats")
                own = _own_words(t)
                window = [u for u in window if u.i in own]
            if not {u.lower_ for u in window} & lex.themes[need]:
                continue
        found.append(Trigger(t.idx, t.idx + len(t.text), hit[0], hit[1], t, noun, lemma))
    for pattern, typ, mode in lex.phrases:
        for m in pattern.finditer(text, start, end):
            found = [f for f in found if not (f.start < m.end() and m.start() < f.end)]
            first = next((t for t in tokens if t.idx >= m.start()), None)
            found.append(Trigger(m.start(), m.end(), typ, mode, first, True, m.group().casefold()))
    # "a dénoncé une « rumeur sans fondement »": the phrase says what the verb does; one event, not two
    phrase_at = [f for f in found if f.lemma not in lex.verbs and f.lemma not in lex.nouns]
    found = [f for f in found if f in phrase_at or not any(
        0 < p.start - f.end < 40 and p.type == "REJECT" and f.type in ("ACCUSE", "REJECT") for p in phrase_at)]
    return sorted(found, key=lambda f: f.start)


def _own_words(verb: Any) -> set[int]:
    """Token indexes of a verb's own clause: its subtree less the clauses that hang on it or on its complements
    ("son feu vert pour vacciner des soldats") and its conjuncts."""
    out: set[int] = set()
    todo = [verb]
    while todo:
        t = todo.pop()
        out.add(t.i)
        todo += [c for c in t.children if (c.dep_ not in ("advcl", "acl", "acl:relcl", "parataxis", "conj")
                 or (c.dep_ == "conj" and t.i != verb.i)) and not _purpose(c)]  # "des armes et des munitions"
    return out


def _purpose(tok: Any) -> bool:
    """A complement of purpose: "pour vacciner des soldats", "afin de ..."."""
    return any(d.dep_ in ("case", "mark") and d.lower_ in ("pour", "afin") for d in tok.children)


def _lemma(t: Any, noun: bool, lex: Lexicon) -> str:
    """The trigger lemma a noun or verb could be, asking the (slow) lemmatizer only for likely words."""
    word: str = t.lower_
    if noun:
        for form in (word, word[:-1] if word[-1:] in "sx" else word):
            if form in lex.nouns:
                return form
        return ""
    known = _verb_forms().get(word)
    if known:
        return known
    return str(nlp.lemma(t)).casefold() if word[:3] in _stems() else ""


@cache
def _stems() -> frozenset[str]:
    """First three letters of every trigger verb, and of an irregular form that does not share them."""
    return frozenset(v[:3] for v in (*lexicon().verbs, *lexicon().concern_verbs)) | {"reç"}  # reçu: recevoir


@cache
def _verb_forms() -> dict[str, str]:
    return verbforms.forms([*lexicon().verbs, *lexicon().concern_verbs])


def _left_bound(text: str, sent_start: int, at: int) -> int:
    last = sent_start
    for m in _LEFT.finditer(text, sent_start, at):
        last = m.end()
    return last


def _right_bound(text: str, at: int, sent_end: int) -> int:
    m = _RIGHT.search(text, at, min(sent_end, at + WINDOW))
    return m.start() if m else min(sent_end, at + WINDOW)


def _noun_end(span: Any, trig: Trigger, hi: int) -> int:
    """Where a trigger noun's phrase ends: at the next finite verb, auxiliary or infinitive."""
    for t in span:
        if t.idx > trig.start and (t.text == "," or (t.pos_ in ("VERB", "AUX") and "Part" not in t.morph.get(
                "VerbForm")) or (t.lower_ in _verb_forms() and t.pos_ == "ADJ")):
            return min(hi, int(t.idx))
    return hi


_SAID = frozenset({"ACCUSE", "REQUEST", "SUPPORT", "REJECT", "THREATEN", "PROTEST"})  # types of statements
_REQUESTING = frozenset({"demander", "appeler", "exhorter", "réclamer", "inviter", "pousser", "presser"})


def _passive(tok: Any) -> bool:
    """A passive verb: "ont été envoyés", or a bare participle standing for one ("le PNF, critiqué par ...")."""
    kids = list(tok.children)
    if any(c.dep_ == "aux:pass" for c in kids):
        return True
    return "Part" in tok.morph.get("VerbForm") and "Past" in tok.morph.get("Tense") and not any(
        c.dep_.startswith("aux") for c in kids) and tok.dep_ in ("acl", "amod", "appos", "advcl")


def _not_an_act(tok: Any, lex: Lexicon) -> bool:
    """Uses of a trigger verb that report no act: a court's sentence ("a été condamné à 18 ans"), a reflexive
    that means something else ("se demander"), a claim ("soutient que"), a demand for the act ("demander au
    Conseil de condamner"), a set phrase ("accuse le coup", "manifester l'intention")."""
    kids = list(tok.children)
    doc = tok.doc
    nxt = [doc[i].lower_ for i in range(tok.i + 1, min(len(doc), tok.i + 4))]
    lemma = nlp.lemma(tok).casefold()
    if lemma == "soutenir" and any(w in ("que", "qu'", "qu’") for w in nxt):
        return True
    if lemma == "manifester" and any(c.dep_ == "obj" for c in kids):
        return True
    before = next((doc[i] for i in range(tok.i - 1, max(-1, tok.i - 3), -1) if doc[i].text not in _QUOTE_MARKS), None)
    if "Inf" in tok.morph.get("VerbForm") and before is not None and before.lower_ in ("de", "d'", "d’", "à") \
            and tok.head is not tok and nlp.lemma(tok.head).casefold() in _REQUESTING:
        return True
    if any(c.dep_ == "aux:pass" for c in kids) and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "à":
        return True
    return any(c.lower_ in ("se", "s'", "s’") and c.dep_ in ("expl:comp", "expl:pv", "obj", "iobj", "expl")
               for c in kids) and lemma in lex.not_reflexive


def _event(text: str, span: Any, trig: Trigger, bounds: tuple[int, int], parts: list[Part],
           places: list[Part], lex: Lexicon, cues: Cues) -> EventMention | None:
    sent_start, sent_end = bounds
    tok = trig.token
    if tok is not None and "Inf" in tok.morph.get("VerbForm") and tok.i > 0 and \
            tok.doc[tok.i - 1].lower_ in ("pour", "afin"):
        return None  # a purpose ("pour soutenir ..."), not an act the text reports
    if tok is not None and _not_an_act(tok, lex):
        return None
    after = " ".join(text[trig.end:trig.end + 40].casefold().split())
    if any(after.startswith(w) for w in lex.idioms.get(trig.lemma, ())):
        return None  # a set phrase: "accuse le coup", "demander pardon", "un appel du pied"
    credit = _CAPTION.search(text, trig.end, min(sent_end, trig.end + 80))
    if credit is not None and not re.search(r"[.!?»\"]", text[trig.end:credit.start()]):
        return None  # the title of an embedded video, glued to its credit: "l'OTAN soutient l'allié turcpar euronews"
    lo = _left_bound(text, sent_start, trig.start)
    hi = _right_bound(text, trig.end, sent_end)
    if trig.type == "THREATEN" and re.match(r"(?i)\W*(?:\w+\W+){0,3}?qu", text[trig.end:hi + 3]):
        hi = _right_bound(text, hi + 4, sent_end)  # "a prévenu que son pays ne resterait pas inactif face à X"
    if trig.noun and tok is not None:
        hi = _noun_end(span, trig, hi)
    if trig.type == "REQUEST" and not trig.noun:
        # who is asked comes before what is asked: "demande à la France de venir au secours de la Grèce"
        asked = next((t.idx for t in span if t.idx > trig.end and (t.text in _QUOTE_MARKS or (
            t.pos_ == "VERB" and "Inf" in t.morph.get("VerbForm")))), hi)
        hi = min(hi, asked)
    passive = tok is not None and not trig.noun and _passive(tok)
    lefts = [p for p in parts if lo <= p.start and p.end <= trig.start]
    rights = [p for p in parts if trig.end <= p.start and p.end <= hi]
    # a capital after "à" is where it happened ("signé à Tokyo"); so is a state after "en"/"dans" for a statement
    # ("a condamné l'attentat en Syrie"), though not for an attack, a sending or a visit ("frappes en Syrie")
    place_of = [p for p in rights if trig.type != "AID" and preposition(text, sent_start, p) in (
        "à", "au", "aux", "en", "dans") and (p.city or (trig.type in _SAID and preposition(
            text, sent_start, p) in ("en", "dans")))]
    rights = [p for p in rights if p not in place_of]
    actors: list[Part] = []
    targets: list[Part] = []
    theme = lex.themes["aid"] | lex.themes["troops"] | lex.themes["launch"]
    for p in rights:
        prep = preposition(text, sent_start, p)
        before = text[max(trig.end, p.start - 30):p.start].casefold().split()
        owner = p.demonym and p.start - trig.end < 40 and (not before or before[-1] in theme
                                                            or p.start - trig.end < 2)
        symmetric = trig.type in ("AGREE", "CONSULT", "COOPERATE")
        # "par X" is the trigger's agent unless another verb comes between ("une action intentée par X")
        verb_between = any(t.pos_ == "VERB" and trig.end < t.idx < p.start and (tok is None or t.i > tok.i + 1)
                           for t in span)
        by_agent = (prep == "par" and not verb_between) or (
            owner and trig.type in ("AID", "MOBILIZE", "REJECT", "ASSAULT"))
        # nouns: "la rencontre entre X et Y" (parties), "les transferts d'armes de X" (the giver)
        party = trig.noun and symmetric and re.search(r"(?i)(?<!\w)entre(?!\w)", text[trig.end:p.start])
        giver = trig.noun and prep in ("de", "du", "des", "d'") and trig.lemma not in lex.patient_nouns \
            and trig.type in ("AID", "AGREE", "CONSULT", "COOPERATE", "SUPPORT", "MOBILIZE", "RETREAT")
        if by_agent or party or giver:
            actors.append(p)
        elif participants.own_complement(span, tok, p):
            targets.append(p)
    subject = actor_subject(text, trig, parts, lefts, cues)
    if trig.mode in lex.undirected_modes:  # a pledge's beneficiary is "à X", not who follows ("suivie par X")
        targets = [p for p in targets if preposition(text, sent_start, p) in ("à", "au", "aux")]
    if passive:
        targets = [p for p in first_group(text, list(reversed(lefts))) if not p.demonym] + targets
        actors = actors or [p for p in lefts if p.demonym]
    elif trig.lemma in lex.experiencer:
        concerned = first_group(text, [p for p in rights if p not in actors])
        actors, targets = concerned, subject + [p for p in rights if p not in concerned]
    elif trig.lemma in lex.receiving:
        givers = [p for p in targets if preposition(text, sent_start, p) in ("de", "du", "des", "d'", "auprès de",
                                                                       "auprès du")]
        actors, targets = givers or actors, subject
    else:
        actors = subject + [p for p in actors if p not in subject]
        targets = [p for p in targets if p not in subject]  # an inverted subject: "regrette la maire X"
    if not targets and trig.type == "ACCUSE":
        targets = participants.topic(text, sent_start, trig.start, parts)
    actor_keys = tuple(dict.fromkeys(p.key for p in actors))
    target_keys = tuple(k for k in dict.fromkeys(p.key for p in targets) if k not in actor_keys)[:3]
    if not actor_keys or (trig.type == "ACCUSE" and not target_keys):
        return None  # nobody acts, or a concern about nothing named: not an event we can check
    if (trig.type in lex.directed or trig.type == "CONSULT") and participants.pronoun_object(tok):
        return None  # "Elle l'accuse ...", "qu'il avait visitée": who is acted upon is in another clause
    if trig.type in lex.directed and trig.mode not in lex.undirected_modes and not target_keys and not \
            participants.about_a_thing(trig, lex.target_optional, lex.asks_object):
        return None  # its target is named elsewhere ("Les Etats-Unis ont refusé."): we cannot say whom
    if trig.type in ("AGREE", "CONSULT", "COOPERATE") and len(set(actor_keys) | set(target_keys)) < 2:
        return None  # an agreement, a meeting or a joint action with one party named: the other is elsewhere
    typ, mode = trig.type, trig.mode
    # what is given: after the trigger, or before it in the passive ("des soldats ont été envoyés")
    words = re.findall(r"\w+", text[max(sent_start, trig.start - 60) if passive else trig.end:hi].casefold())
    material = [w for w in words if w in theme]
    if typ in ("AID", "MOBILIZE") and material and material[0] in lex.troop_words and (typ == "AID" or target_keys):
        typ, mode = "AID", "troops"
    where = place_of + [p for p in places if trig.end <= p.start < hi and preposition(text, sent_start, p)
                        in ("à", "au", "aux", "en", "dans")]
    return EventMention(sent_start, sent_end, text[sent_start:sent_end], trig.start, trig.end,
                        text[trig.start:trig.end], typ, mode, actor_keys, target_keys,
                        (where[0].own or where[0].key) if where else None)


def _finish(m: EventMention, text: str, sent_start: int, trig: Trigger, times: tuple[Time, ...],
            quotes: tuple[Quote, ...], lex: Lexicon) -> EventMention:
    """Date, modality and reporter of an event mention."""
    lo = _left_bound(text, sent_start, trig.start)  # "Tokyo a jugé vendredi ... que X a été envoyé": not its date
    dated = [t for t in times if lo <= t.start and t.end <= m.end and t.value and t.type == "DATE"
             and re.match(r"^\d{4}(-\d\d){0,2}$", t.value)]
    when = min(dated, key=lambda t: abs(t.start - trig.start)).value if dated else None
    reporter = next((q.speaker_key for q in quotes if q.start <= trig.start and trig.end <= q.end), None)
    said = modality(text, (sent_start, m.end), lo, trig.token, trig.noun, rejecting=trig.type == "REJECT")
    if (m.type == "REQUEST" or m.mode in lex.undirected_modes) and said == "asserted":
        said = "planned"  # what is asked for or promised has not happened (docs/annotation-guide.md, "Events")
    return replace(m, date=when, modality=said, reporter_key=reporter)
