"""The tense of the clause a time expression sits in, read from the spaCy parse.

The tense decides which way a partial date goes ("mardi, il a déclaré": last Tuesday; "il se rendra
mardi": next Tuesday). Climbing from the span to the verb it depends on costs a few token look-ups.
"""

from __future__ import annotations

import re
from typing import Any

from recoupe import nlp
from recoupe.timex.dates import FUTURE, PAST, PRESENT

# Stems of irregular conditionals ("serait", "devrait"); regular ones are the infinitive + "ait".
_CONDITIONAL_STEMS = frozenset({"ser", "aur", "devr", "pourr", "fer", "ir", "viendr", "voudr", "faudr", "saur",
                                "verr", "tiendr", "enverr", "recevr", "vaudr", "mourr", "courr"})
# Future endings the tagger sometimes reads as a past ("Il se rendra mardi" tagged Tense=Past): the
# simple past they could be confused with ("tira") is rare in news, the future is not.
_FUTURE_FORM = re.compile(r"(?i)(?:[eid]r(?:a|as|ai|ont)|[ed]r(?:ons|ez)|"
                          r"^(?:ser|aur|fer|pourr|devr|saur|verr|voudr|faudr)(?:a|as|ai|ont|ons|ez))$")
# Past participles of the verbs conjugated with "être" ("il est parti", "elle est morte"): the tagger
# often reads them as a copula and an adjective or noun, which would make the clause present.
_MOTION_PARTICIPLE = re.compile(
    r"(?i)(?:parti|arrivé|venu|revenu|devenu|intervenu|survenu|parvenu|allé|mort|né|resté|tombé|entré|rentré|"
    r"sorti|monté|descendu|retourné|décédé|passé)(?:e|s|es)?$")
_STOP = "STOP"  # no tense, and climbing further would borrow the wrong clause's


class Parse:
    """Cheap look-ups into the spaCy parse: the token at an offset, its tense, its sentence."""

    def __init__(self, spacy_doc: Any, text: str) -> None:
        # the parse must be of this very text; comparing ends is enough and cheaper than Doc.text
        usable = spacy_doc is not None and len(spacy_doc) > 0 and (
            spacy_doc[-1].idx + len(spacy_doc[-1].text_with_ws) == len(text))
        self.doc = spacy_doc if usable else None
        self.text = text

    def token(self, offset: int) -> Any | None:
        """The token covering the character offset (None without a parse)."""
        if self.doc is None:
            return None
        lo, hi = 0, len(self.doc)  # bisect by hand: listing every token's offset costs more than a few look-ups
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if self.doc[mid].idx <= offset:
                lo = mid
            else:
                hi = mid
        return self.doc[lo]

    def pos(self, offset: int) -> str | None:
        """The coarse part of speech at the offset."""
        tok = self.token(offset)
        return str(tok.pos_) if tok is not None else None

    def sentence(self, offset: int) -> tuple[int, int] | None:
        """Character bounds of the sentence around the offset."""
        tok = self.token(offset)
        if tok is None:
            return None
        sent = tok.sent
        return int(sent.start_char), int(sent.end_char)

    def tense(self, start: int, end: int) -> str | None:
        """PAST, PRESENT or FUTURE: the tense of the verb the span depends on, climbing the parse."""
        if self.doc is None:
            return None
        first = self.token(start)
        if first is None:
            return None
        span = [t for t in self.doc[first.i:first.i + 12] if t.idx < end] or [first]
        node = next((t for t in span if not start <= t.head.idx < end or t.head.i == t.i), span[0])
        for _ in range(8):
            found = _verb_tense(node)
            if found is not None:
                return None if found == _STOP else found
            if node.head.i == node.i:
                break
            node = node.head
        # a misparse left the span without a verb above it ("Le ministre démissionnera lundi" hung on
        # "ministre"): take the nearest finite verb of the sentence
        verbs = [t for t in first.sent if t.pos_ in ("VERB", "AUX") and "Fin" in t.morph.get("VerbForm")]
        for verb in sorted(verbs, key=lambda t: abs(t.i - first.i)):
            auxiliary = verb.dep_ in ("aux:tense", "aux", "aux:pass", "cop")
            found = _verb_tense(verb.head if auxiliary else verb)
            if found not in (None, _STOP):
                return found
        return None


def _verb_tense(tok: Any) -> str | None:
    """The tense a verb (or a predicate with an auxiliary or copula) gives its clause; None to climb."""
    children = list(tok.children)
    aux = [c for c in children if c.dep_ in ("aux:tense", "aux")]
    if aux:
        lemma = nlp.lemma(aux[0])
        if lemma == "aller":
            return FUTURE  # "va annoncer"
        if lemma == "venir":
            return PAST  # "vient d'annoncer"
        if "Inf" not in tok.morph.get("VerbForm"):
            return FUTURE if "Fut" in aux[0].morph.get("Tense") else PAST  # compound past; "aura fait"
        return _finite(aux[0])
    copula = [c for c in children if c.dep_ in ("aux:pass", "cop")]
    if copula:
        if nlp.lemma(copula[0]) == "être" and _MOTION_PARTICIPLE.match(tok.text):
            # "ils sont partis" tagged as a copula and a noun: a compound past with "être"
            return FUTURE if "Fut" in copula[0].morph.get("Tense") else PAST
        return _finite(copula[0])
    if tok.pos_ not in ("VERB", "AUX"):
        return None
    form = tok.morph.get("VerbForm")
    if "Inf" in form:
        # "avant de quitter ses fonctions le 30 octobre": the infinitive has no time of its own and the
        # main verb's tense says nothing about it; "devra attendre jusqu'au 2 juin": the modal's tense does
        return _STOP if any(c.dep_ == "mark" for c in children) else None
    if "Part" in form:
        return None  # "prévue le 15 septembre", "élu le 6 mai": a bare participle takes its clause's tense
    found = _finite(tok)
    lemma = nlp.lemma(tok) if found in (PRESENT, PAST) else ""
    if ((found == PRESENT and lemma == "devoir") or lemma == "aller") and any(
            c.dep_ == "xcomp" and "Inf" in c.morph.get("VerbForm") for c in children):
        return FUTURE  # "va se rendre", "allait proposer", "doit se rendre mardi"
    return found


def _finite(tok: Any) -> str | None:
    tenses, moods = tok.morph.get("Tense"), tok.morph.get("Mood")
    if "Cnd" in moods or _conditional(tok):
        return PRESENT if nlp.lemma(tok) in ("être", "avoir") else FUTURE
    if "Fut" in tenses or _FUTURE_FORM.search(tok.text):
        return FUTURE
    if "Imp" in tenses or "Past" in tenses:
        return PAST
    if "Pres" in tenses:
        return PRESENT
    return None


def _conditional(tok: Any) -> bool:
    """A conditional the tagger took for an imperfect ("remporterait")."""
    word = tok.text.casefold()
    if not word.endswith(("rait", "raient")):
        return False
    lemma = nlp.lemma(tok).casefold()
    for ending in ("ait", "aient"):
        if word.endswith("r" + ending):
            stem = word[:-len(ending)]
            return stem in (lemma, lemma[:-1]) or stem in _CONDITIONAL_STEMS
    return False
