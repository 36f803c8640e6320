"""Figures stage: counted quantities with ranges, qualifiers, units and sources."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache
from typing import Any

from recoupe import figure_numbers as fn
from recoupe import nlp, verbforms
from recoupe.figure_numbers import vocabulary
from recoupe.records import Document, Figure, LocalEntity, Quote

__all__ = ["find_figures", "vocabulary"]

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_ENTITY_LABELS = ("PER", "ORG", "GPE", "LOC")
_BREAK = re.compile(r"\n|[.!?…](?:[-–—] ?)?[A-ZÀ-ÖØ-Þ]")  # the parser joins what these separate
# What may follow a number whose noun is left out: "une centaine qui suivent", "173 à Paris", "Cent, ça…".
_AFTER_ELIDED = ("PUNCT", "ADP", "PRON", "SCONJ", "CCONJ", "ADV", "AUX", "VERB")
_INCISE = ("parataxis", "advcl")  # how the parser hangs "…, a indiqué la police" on the clause


@cache
def _reporting_forms() -> frozenset[str]:
    """Written forms of the verbs that attribute a figure ("a estimé", "chiffre", "indiquent")."""
    return frozenset(verbforms.forms(vocabulary().reporting))




class _Figures:
    """One document's figures, found left to right (an anaphoric figure needs the ones before it)."""

    def __init__(self, doc: Document, sdoc: Any, entities: tuple[LocalEntity, ...],
                 quotes: tuple[Quote, ...]) -> None:
        self.v, self.text, self.sdoc, self.quotes = vocabulary(), doc.text, sdoc, quotes
        self.reporting_forms = _reporting_forms()
        self.toks, self.starts = fn.tokens(doc.text), [t.idx for t in sdoc]
        self.mentions = sorted((m.start, m.end, e.key, m.label) for e in entities for m in e.mentions)
        self.found: list[Figure] = []
        self.seen: list[tuple[int, str | None, float]] = []  # every quantity: start, unit ("" none, None a
        # measure), value

    def token(self, char: int) -> Any:
        """The spaCy token that holds the character offset."""
        return self.sdoc[max(0, bisect_right(self.starts, char) - 1)]

    def run(self) -> tuple[Figure, ...]:
        # Only a digit, a number word or the first word of a qualifier can open a figure: testing every
        # phrase at every token cost 40 % of the whole pipeline's time on OrangeSum.
        v = self.v
        starters = ({p[0] for p, _ in v.qualifiers} | {p[0] for p in v.vague} | set(v.number_words)
                    | {"entre", "de", "d'"})
        openers = {"entre", "de", "d'"}  # common words: worth testing only before a number
        toks, n = self.toks, len(self.toks)
        i = 0
        while i < n:
            t = toks[i]
            if t.low in openers and not fn.qualifiers_by_first(v).get(t.low):
                nxt = toks[i + 1] if i + 1 < n else None
                worth = nxt is not None and (nxt.text[:1].isdigit() or nxt.low in v.number_words)
            else:
                worth = t.text[:1].isdigit() or t.low in starters or any(w in starters for w in t.low.split("-"))
            i = (self.figure_at(i) or i + 1) if worth else i + 1
        return tuple(self.found)

    def figure_at(self, i: int) -> int | None:
        toks, v, p = self.toks, self.v, fn.expression(self.toks, i, self.v)
        if p is None or not self.is_quantity(p):
            return None
        j = p.end
        if j + 1 < len(toks) and toks[j].text in "/.,:" and toks[j].start == toks[j - 1].end \
                and toks[j + 1].start == toks[j].end and toks[j + 1].text[0].isdigit():
            return None  # 3/4, 21:45, 49.3: fractions, times, article numbers
        u = j + 1 if j < len(toks) and toks[j].low in ("de", "d'") and p.needs_de else j
        start = toks[i].start
        if u < len(toks) and (toks[u].low in v.not_units or fn.starts(toks, u, v.not_unit_phrases)):
            self.seen.append((start, None, p.low))  # "ce chiffre" after "2 millions d'euros" is money too
            return None  # "45 ans", "2 millions d'euros", "12 %", "5 pour cent", "24 octobre", "3 000 km"
        if (noun := self.unit(len(toks) if p.needs_de and u == j else u, p)) is None and u < len(toks) \
                and (k := fn.starts(toks, u, v.partitives)) and fn.number(toks, u + k, v) is None:
            noun = self.unit(u + k, p)  # "quatre de ses collègues", "deux des figures de proue"
        anchor = self.token(toks[p.end - 1].start)
        unit: str | None
        if noun is not None:
            anchor, unit = noun
            end = anchor.idx + len(unit)
        elif u < len(toks) and toks[u].low == "autres":  # "5.400 personnes et 70.000 autres": elided noun
            if not (unit := (self.antecedent(start) or (False, None))[1]):
                return None
            end = toks[u].end
        else:
            ok, unit = self.anaphora(i, p)
            if not ok and not (unit := self.elided(i, p)):
                return None
            end = toks[p.end - 1].end
        if self.refers_back(i, p, unit):
            return None
        after = next((k for k in range(j, len(toks)) if toks[k].start >= end), len(toks))
        if after + 1 < len(toks) and toks[after].low == "sur" and fn.number(toks, after + 1, v):
            return None  # "six électeurs sur dix": a proportion, not a count
        self.found.append(Figure(start, end, self.text[start:end], p.low, p.high, unit, p.qualifier,
                                 self.source(start, anchor)))
        self.seen.append((start, unit or "", p.low))
        return after

    def is_quantity(self, p: fn.Parsed) -> bool:
        """False for years, identifiers, money, names, rates, tails and references: see docs/figures.md."""
        toks, v, first, none = self.toks, self.v, self.toks[p.start], fn.Tok(0, 0, " ", " ")
        before, prev = (toks[p.start - 1] if p.start else none), (toks[p.start - 2] if p.start > 1 else none)
        sent_start = self.token(first.start).is_sent_start or self.token(first.start).i == 0
        return not (
            (p.year_like and fn.ends(toks, p.start, v.year_words))  # "en 2017"
            or before.low in v.identifiers or before.text in "$€£¥#+°º"  # "article 49", "$5", "n°5"
            or (before.low == "pour" and self.is_number(prev))  # "5 pour cent"
            or (before.low == "sur" and any(self.is_number(t) for t in toks[max(0, p.start - 3):p.start - 1]))
            or (before.text in ".,-/" and prev.end == before.start and before.end == first.start
                and prev.text[-1].isdigit())  # "V8 4.0 biturbo", "2-1": the tail of another number
            or (first.text[0].isupper() and self.inside(first) and first.low.split("-")[0] in v.number_words)
            or (before.text[0].isupper() and first.text[0].isdigit() and not sent_start and p.start
                and not self.token(before.start).is_sent_start and self.text[before.end:first.start].isspace()))
        # "un cas sur quatre": a denominator; "les Vingt-Sept"; "France 2", "Ligue 1"

    def is_number(self, tok: fn.Tok) -> bool:
        return fn.digits_value(tok) is not None or all(w in self.v.number_words for w in tok.low.split("-"))

    def inside(self, tok: fn.Tok) -> bool:
        """Whether a word stands inside a sentence: not after a line break, an opening quote or a full stop."""
        before = self.text[:tok.start].rstrip(" \t")
        sent = self.token(tok.start)
        return bool(before) and before[-1] not in "\n«\"“„(.!?…:;" and not (sent.is_sent_start or sent.i == 0)

    def refers_back(self, i: int, p: fn.Parsed, unit: str | None) -> bool:
        """A small number of a set already counted: "l'un des cinq membres", "les deux pays" (party nouns)."""
        if p.qualifier != "exact" or p.low >= 10:
            return False
        return fn.ends(self.toks, i, self.v.partitive_references) or (
            fn.ends(self.toks, i, self.v.referential) and (unit or "").casefold() in self.v.party_nouns)

    def unit(self, j: int, p: fn.Parsed) -> tuple[Any, str] | None:
        """The counted noun at token j (after one or two adjectives: "3 000 nouveaux soldats") and its word."""
        tok = self.token(self.toks[j].start) if j < len(self.toks) else None
        if tok is None or tok.idx != self.toks[j].start:
            return None
        after = self.sdoc[tok.i:tok.i + 3]  # up to two adjectives before the noun: "deux autres jeunes femmes"
        nouns = [t for t in after if t.pos_ == "NOUN" or t.lower_ in self.v.not_units]  # "trente prochains jours"
        if tok.pos_ == "ADJ" and nouns and all(t.pos_ == "ADJ" for t in after[:nouns[0].i - tok.i]):
            tok = nouns[0]
        word = m.group() if (m := _WORD.match(tok.text)) else ""  # "sièges).Mme" is one spaCy token
        if not word or word.casefold() in self.v.not_units:
            return None
        plural = word.endswith(("s", "x"))
        noun = tok.pos_ == "NOUN" or (  # demonyms: "3 000 Ukrainiens" (not "911 Turbo")
            tok.pos_ == "PROPN" and plural and word[0].isupper() and not p.year_like and not self.named(tok))
        if noun or (tok.pos_ in ("ADJ", "VERB") and plural and word.islower() and word.casefold() != "autres"):
            return tok, word  # participles too: "600 morts", "12 000 déplacés", "20 blessés"
        return None

    def named(self, tok: Any) -> bool:
        return any(s < tok.idx + len(tok.text) and tok.idx < e and lab in _ENTITY_LABELS
                   for s, e, _, lab in self.mentions)

    def anaphora(self, i: int, p: fn.Parsed) -> tuple[bool, str | None]:
        """A bare number led to by "ce nombre", "le bilan": whether it is a figure, and its unit."""
        links, before = self.v.anaphora_links, (self.toks[i - 1].low if i else "")
        linked = (before in links and not fn.ends(self.toks, i, (q for q, _ in self.v.qualifiers))) or (
            p.lead and self.toks[i + p.lead - 1].low in links)  # "l'afflux de victimes, supérieur à 300"
        if p.year_like or not linked:
            return False, None  # "estimé ce nombre à 12.000", "le bilan est de 45", not "divisé par six"
        num, last = self.token(self.toks[i].start), (self.found[-1].end if self.found else -1)
        for t in reversed(num.sent[max(0, num.i - 10 - num.sent.start):num.i - num.sent.start]):
            if t.idx < last:
                break
            if t.lower_ in self.v.count_nouns or nlp.lemma(t).casefold() in self.v.count_nouns:
                nxt = self.sdoc[t.i + 1:t.i + 3]
                if len(nxt) == 2 and nxt[0].lower_ in ("de", "d'", "d’", "des") and nxt[1].pos_ == "NOUN":
                    return nxt[1].lower_ not in self.v.not_units, str(nxt[1].text)  # "le nombre de morts"
                found = self.antecedent(num.idx)
                return (True, None) if found is None else found
        return False, None

    def antecedent(self, char: int) -> tuple[bool, str | None] | None:
        """The latest quantity before char in this or the previous sentence: (counted?, its unit)."""
        found = self.latest(char, 1)
        return (found[0] is not None, found[0] or None) if found else None

    def latest(self, char: int, back: int) -> tuple[str | None, float] | None:
        """The unit and value of the latest quantity before char, in this sentence or the `back` ones before it
        within its paragraph."""
        sent = self.token(char).sent
        for _ in range(back):
            if sent.start == 0 or "\n" in self.text[self.sdoc[sent.start - 1].sent.start_char:sent.start_char]:
                break
            sent = self.sdoc[sent.start - 1].sent
        earlier = [(unit, value) for start, unit, value in self.seen if sent.start_char <= start < char]
        return earlier[-1] if earlier else None

    def elided(self, i: int, p: fn.Parsed) -> str | None:
        """The unit of a number whose noun is left out because a figure just before gave it: "80 députés qui
        font des choses, une centaine qui suivent", "264 arrestations, dont 173 à Paris"."""
        toks, v = self.toks, self.v
        nxt = self.token(toks[p.end].start) if p.end < len(toks) else None
        if p.year_like or (i and (toks[i - 1].low in ("le", "la", "l'", "du", "au") or toks[i - 1].text[0].isupper())) \
                or (nxt is not None and nxt.pos_ not in _AFTER_ELIDED):
            return None  # "le 14": a date or a rank; "Ecophyto 1": a name; before a word that is no function word
        if i and toks[i - 1].text == "(" and p.end < len(toks) and toks[p.end].text == ")" and p.low < 100:
            return None  # "Evian (74)": a département, a note
        k = p.end  # "188 et 251 km/h", "six, huit et 12 ans": a list of numbers shares the unit of its last one
        while k + 1 < len(toks) and toks[k].low in (",", "et", "ou", "à") and (m := fn.number(toks, k + 1, v)):
            k = m.end
        if k < len(toks) and (toks[k].low in v.not_units or fn.starts(toks, k, v.not_unit_phrases)):
            return None
        if i > 1 and toks[i - 1].low in ("et", "ou") and fn.number(toks, i - 2, v) \
                and not any(f.end == toks[i - 2].end for f in self.found):
            return None  # "Ecophyto 1 et 2": the second of two numbers that are no figure
        found = self.latest(toks[i].start, v.elision_window)
        if not found or not found[0] or not 1e-3 <= p.low / max(found[1], 1) <= 1e3:
            return None  # an antecedent of another order ("15 milliards" after "300 personnes") is no guide
        return found[0]

    def source(self, start: int, anchor: Any) -> str | None:
        """Who gives the figure: the speaker of a quote, the subject of a reporting verb, "selon X"."""
        speaker = next((q.speaker_key for q in self.quotes if q.speaker_key and q.start <= start < q.end), None)
        if speaker:
            return speaker
        # up the tree to the nearest reporting verb with a subject or an agent, which decides; an incise
        # hangs beside the clause: "40 morts, a indiqué la police"
        verbs = (w for t in (anchor, *anchor.ancestors) for w in (t, *(c for c in t.children if c.dep_ in _INCISE)))
        said = ((w, self.agent(w)) for w in verbs if w.lower_ in self.reporting_forms)
        verb, giver = next(((w, g) for w, g in said if g is not None), (None, None))
        if giver is not None and not self.apart(verb, giver, anchor) and (key := self.entity_of(giver)):
            return key
        sent, clause = anchor.sent, {anchor.i, *(a.i for a in anchor.ancestors)}
        if sent.start > 0 and self.sdoc[sent.start - 1].text not in ".!?…":  # "Selon Kiev," parsed apart
            sent = self.sdoc[self.sdoc[sent.start - 1].sent.start:sent.end]
        for t in sent:  # "selon X" where X hangs on the figure's clause, or stands alone before it
            if t.lower_ == "selon" or (t.lower_ == "après" and t.i > 0 and self.sdoc[t.i - 1].lower_ in ("d'", "d’")):
                marker = t.head if t.dep_ == "fixed" else t  # "d'après": "après" is fixed to "d'"
                near = [w for w in self.sdoc[t.i + 1:t.i + 4] if self.named(w)]  # when the parse has no object
                obj = marker.head if marker.dep_ == "case" and marker.head.i > t.i else (near or [None])[0]
                if obj is not None and (obj.head.i in clause or obj.sent != anchor.sent) \
                        and not self.apart(t, anchor) and (key := self.entity_of(obj)):
                    return key
        return None

    def agent(self, verb: Any) -> Any:
        """The subject of an active verb or the agent of a passive one; a relative "qui" is its antecedent."""
        passive = any(c.dep_ == "aux:pass" for c in verb.children)
        for c in sorted(verb.children, key=lambda c: abs(c.i - verb.i)):  # the nearest subject
            if (c.dep_.startswith("nsubj") and not passive) or c.dep_ == "obl:agent":
                if c.lower_ not in ("qui", "lequel", "laquelle", "lesquels", "lesquelles") or c.i < 2:
                    return c
                # the antecedent stands just before the pronoun ("Séoul, qui ..."); the parser often hangs
                # the clause on a noun further back
                prev = self.sdoc[c.i - 2] if self.sdoc[c.i - 1].is_punct else self.sdoc[c.i - 1]
                return prev if self.named(prev) or verb.dep_ != "acl:relcl" else verb.head
        first = min((verb, *(c for c in verb.children if c.dep_.startswith("aux"))), key=lambda t: t.i)
        if first.i > 0 and self.sdoc[first.i - 1].text in ",»”\"" and "Fin" in first.morph.get("VerbForm"):
            # an incise with its subject after the verb: "…, a affirmé Gérald Darmanin" (not "…, confirmant X")
            return next((c for c in verb.rights if c.dep_ in ("obj", "nsubj")), None)
        return None

    def apart(self, *toks: Any) -> bool:
        """Whether a paragraph break or sentences glued by a cleaning slip ("GMT.Les") lie between the tokens."""
        return bool(_BREAK.search(self.text, min(t.idx for t in toks), max(t.idx for t in toks)))

    def entity_of(self, tok: Any) -> str | None:
        """The entity a subject or an object names: its own mention, else a name hung on it, a person first
        ("le porte-parole de la Maison Blanche", "le chef de l'OTAN, Mark Rutte", "un bilan établi par l'AFP")."""
        hung = [c for c in tok.children if c.dep_ in ("nmod", "appos")]
        hung += [g for c in tok.children if c.dep_ == "acl" for g in c.children if g.dep_ == "obl:agent"]
        found = [(t is not tok, lab != "PER", s, k) for t in (tok, *hung) for s, e, k, lab in self.mentions
                 if s < t.idx + len(t.text) and t.idx < e and (t is tok or lab in _ENTITY_LABELS)]
        return min(found)[3] if found else None


def find_figures(doc: Document, spacy_doc: Any, entities: tuple[LocalEntity, ...],
                 quotes: tuple[Quote, ...]) -> tuple[Figure, ...]:
    """The counted quantities of a document, each with its source when the clause is attributed."""
    if not doc.text.strip() or len(spacy_doc) == 0:
        return ()
    return _Figures(doc, spacy_doc, entities, quotes).run()
