"""Modality of an event mention: asserted, hedged, denied or planned, read from the trigger's clause.

The parse gives the words that govern the trigger (the verb or noun it is the complement of, and theirs,
up to the clause that reports it); the word lists are data (`modality` in data/events.yaml). The order of
the rules is the order of what overrides what: a denial beats everything ("a nié avoir voulu signer"),
then what makes the event hypothetical (a condition, a question, a possibility), then what puts it in the
future (a plan, a demand, a future tense), then the distance of the conditional mood or of a hedging cue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from recoupe import data, nlp, verbforms

# Relations through which a word governs its complement's event: "nie [avoir livré]", "exige [le retrait]",
# "la possibilité [d'une rencontre]", "craint [une invasion]", "dément [que ... ait bombardé]".
_GOVERNING = frozenset({"xcomp", "ccomp", "obj", "nmod", "obl:arg", "acl", "csubj", "nsubj:pass"})
_STOP = frozenset({".", ";", ":", "?", "!", ",", "et", "mais", "or", "puis", "car", "qui", "dont", "lorsque"})
_DEPTH = 4  # words up the parse; beyond that the governor belongs to another statement
_LOOKBACK = 12  # tokens left of the trigger where a denying verb of the clause may stand when the parse misses it


@dataclass(frozen=True, slots=True)
class Cues:
    """The word lists of `modality` in data/events.yaml (lemmas unless said otherwise)."""

    denying: frozenset[str]  # verbs that deny their complement: nier, démentir
    denying_forms: dict[str, str]  # their written forms, for when the parse misses them
    rejecting: frozenset[str]  # verbs that deny an accusation noun's content: rejeter les accusations de
    accusation_nouns: frozenset[str]
    disputing: frozenset[str]  # written words on the trigger that dispute it: soi-disant, prétendu
    hedging_words: frozenset[str]  # written words on the trigger that distance it: présumé, supposé
    possibility: frozenset[str]  # nouns and adjectives: possibilité, risque, possible, éventuel
    hypothesis_verbs: frozenset[str]  # craindre, redouter, pouvoir
    conditions: frozenset[str]  # subordinators of a condition: si
    plan_verbs: frozenset[str]  # prévoir, envisager, aller + infinitive, menacer de
    plan_nouns: frozenset[str]  # projet, plan, intention
    volition: frozenset[str]  # plan verbs whose passé composé reports the act: a voulu féliciter
    demanding: frozenset[str]  # verbs and nouns of a demand: exiger, appeler, appel
    negation: frozenset[str]
    hedge_cues: tuple[str, ...]  # strings anywhere before the trigger in its sentence
    plan_cues: tuple[str, ...]  # strings in the trigger's clause


@cache
def cues() -> Cues:
    """The bundled modality cues (loaded once per process)."""
    raw = data.load("events.yaml")["modality"]

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).casefold() for w in raw[key])

    return Cues(
        words("denying"), verbforms.forms(raw["denying"]), words("rejecting"), words("accusation_nouns"),
        words("disputing"), words("hedging_words"), words("possibility"), words("hypothesis_verbs"),
        words("conditions"), words("plan_verbs"), words("plan_nouns"), words("volition"), words("demanding"),
        words("negation"), tuple(raw["hedge_cues"]), tuple(raw["plan_cues"]))


def modality(text: str, sentence: tuple[int, int], clause_start: int, token: Any, noun: bool,
             rejecting: bool = False) -> str:
    """asserted | hedged | denied | planned for the trigger `token` (None for a phrase with no token).

    `sentence` is the sentence's (start, end) in `text`, `clause_start` where the trigger's clause begins;
    `rejecting` is true for a REJECT trigger, whose own "ne ... pas" and denial words are its content."""
    c = cues()
    if token is None:
        return "asserted"
    start = int(token.idx)
    before = text[sentence[0]:start].casefold()
    clause = text[clause_start:start].casefold()
    chain = governors(token, sentence)
    lemmas = [_lemma(t) for t in chain]
    if not rejecting and (_negated(token, chain, c) or _denied(token, chain, lemmas, c)):
        return "denied"
    if _modifiers(text, token, c.disputing):
        return "denied"
    # a possibility, a plan or a demand governs the trigger's own clause: up to its first verb
    verb_at = next((i for i, t in enumerate(chain) if t.pos_ in ("VERB", "AUX")), len(chain))
    near = [lem for t, lem in zip(chain[:verb_at + 1], lemmas, strict=False) if not _done(t, lem, c)]
    if _conditional(token, chain, c) or _question(text, sentence, before, token) or any(
            lem in c.possibility or lem in c.hypothesis_verbs for lem in near) or any(
            k.dep_ == "amod" and k.lower_ in c.possibility for k in token.children) or _modifiers(
            text, token, c.possibility):
        return "hedged"
    if _modifiers(text, token, c.hedging_words) or any(cue in before for cue in c.hedge_cues):
        return "hedged"
    verbs = [token, *chain[:1]] if not noun else chain[:1]
    auxes = [k for t in verbs for k in t.children if k.dep_.startswith("aux")] + verbs
    if any(lem in c.plan_verbs or lem in c.plan_nouns or lem in c.demanding for lem in near) or (
            not noun and any(cue in clause for cue in c.plan_cues)) or any(
            "Fut" in t.morph.get("Tense") for t in auxes):
        return "planned"
    if any("Cnd" in t.morph.get("Mood") for t in auxes):
        return "hedged"
    return "asserted"


def _done(t: Any, lemma: str, c: Cues) -> bool:
    """A wish in the passé composé reports what was done: "a voulu féliciter" (it did), unlike "veut signer"."""
    return lemma in c.volition and "Part" in t.morph.get("VerbForm") and any(
        a.dep_ == "aux:tense" for a in t.children)


def governors(token: Any, sentence: tuple[int, int]) -> list[Any]:
    """The words that govern the trigger in its sentence, nearest first, up to the clause that states it.

    A verb's conjunct shares its governor only when it is not finite ("nie avoir attaqué et envahi"); a finite
    one is another statement ("a nié les faits et menace de riposter"). A present participle heads a clause of
    its own ("a appelé à un arrêt ..., qualifiant le déploiement de dangereux"): the walk stops there."""
    out: list[Any] = []
    tok = token
    while len(out) < _DEPTH and tok.head is not tok and sentence[0] <= tok.head.idx < sentence[1]:
        dep = tok.dep_
        if dep == "conj" and not (tok.pos_ == "VERB" and "Fin" in tok.morph.get("VerbForm")):
            tok = tok.head
            continue
        if dep not in _GOVERNING or (tok is not token and "Part" in tok.morph.get("VerbForm")
                                     and "Pres" in tok.morph.get("Tense")):
            break
        tok = tok.head
        out.append(tok)
    return out


def _lemma(t: Any) -> str:
    return str(nlp.lemma(t)).casefold() if t.pos_ in ("VERB", "AUX") else t.lower_


def _negated(token: Any, chain: list[Any], c: Cues) -> bool:
    """"n'a jamais livré", "n'appelle pas à", "n'a livré aucune arme", "aucune attaque n'a eu lieu"."""
    # "ne nie pas avoir livré": the negation is the denial's, and two negatives assert
    verbs = [token, *(t for t in chain[:1] if _lemma(t) not in c.denying)]
    if any(k.lower_ in c.negation for t in verbs for k in t.children):
        return True
    objects = [k for t in verbs for k in t.children if k.dep_ in ("obj", "nsubj")] + [token]
    return any(d.lower_ in ("aucun", "aucune", "nul", "nulle") for o in objects for d in o.children
               if d.dep_ == "det")


def _denied(token: Any, chain: list[Any], lemmas: list[str], c: Cues) -> bool:
    """A denying verb governs the trigger, or rejects an accusation that does; else one stands just before its
    clause with nothing but the complement between ("dément que la Russie ait bombardé", where the parse
    reads "dément" as an adjective)."""
    for i, (t, lem) in enumerate(zip(chain, lemmas, strict=True)):
        if lem in c.denying and not _self_negated(t, c):
            return True
        if lem in c.accusation_nouns and i + 1 < len(chain) and lemmas[i + 1] in c.rejecting | c.denying:
            return True
    doc = token.doc
    own = {k.i for k in token.children if k.dep_.startswith("aux")}
    for i in range(token.i - 1, max(-1, token.i - _LOOKBACK), -1):
        t = doc[i]
        if t.lower_ in _STOP:
            return False
        if t.lower_ in c.denying_forms:
            return not _self_negated(t, c)
        if i not in own and t.pos_ in ("VERB", "AUX") and "Fin" in t.morph.get("VerbForm"):
            return False
    return False


def _self_negated(t: Any, c: Cues) -> bool:
    """"ne nie pas avoir livré" asserts it: the denial is itself negated (read on the words around it)."""
    doc = t.doc
    near = doc[max(0, t.i - 3):min(len(doc), t.i + 3)]
    return any(w.lower_ in c.negation for w in near) or any(k.lower_ in c.negation for k in t.children)


def _modifiers(text: str, token: Any, words: frozenset[str]) -> bool:
    """One of `words` written just before or after the trigger ("les soi-disant attaques", "l'attaque
    présumée"): read on the text, since the parse splits "soi-disant"."""
    start, end = int(token.idx), int(token.idx) + len(token.text)
    left = re.search(r"([\w-]+)\s+$", text[max(0, start - 30):start])
    right = re.match(r"\s+([\w-]+)", text[end:end + 30])
    return any(m is not None and m.group(1).casefold() in words for m in (left, right))


def _conditional(token: Any, chain: list[Any], c: Cues) -> bool:
    """The trigger's clause is a condition: "si Téhéran attaque", "au cas où". "Même si" concedes, and "si" with a
    passé composé contrasts ("Si Tokyo a partagé son inquiétude, ..." reports that it did)."""
    for t in (token, *chain):
        for k in t.children:
            if k.dep_ == "mark" and k.lower_.replace("’", "'") in c.conditions:
                prev = t.doc[k.i - 1].lower_ if k.i else ""
                past = "Part" in t.morph.get("VerbForm") and any(
                    a.dep_ == "aux:tense" and "Pres" in a.morph.get("Tense") for a in t.children)
                return prev not in ("même", "comme") and not past
        if t.pos_ in ("VERB", "AUX") and "Fin" in t.morph.get("VerbForm"):
            break
    return False


def _question(text: str, sentence: tuple[int, int], before: str, token: Any) -> bool:
    """The trigger's clause asks: it ends with a question mark, or its sentence opens with "est-ce que"."""
    if "est-ce qu" in before:
        return True
    # a sentence glued to the next one ("occupéeLe conflit ... ?") ends where a capital follows a small letter
    after = re.search(r"[.!?]|[a-zà-ÿ](?=[A-ZÀ-Ý][a-zà-ÿ])", text[int(token.idx):sentence[1]])
    return after is not None and after.group() == "?"
