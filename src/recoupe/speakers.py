"""Who a pronoun or a description stands for: the people in the discourse's focus, with gender agreement.

A speech attribution often names nobody: "a-t-elle ajouté", "estime ce faucon républicain", "le ministre
de l'Intérieur a estimé que". `Focus` follows the document in order and ranks the people it could mean:
the subject of a recent sentence (or the topic of "Pour X," / "Selon X") over a name in object position,
a recent mention over an old one, a name inside a quotation or governed by a preposition last; a pronoun
or a gendered determiner must agree with the person's gender when the document shows it ("Mme", "la
ministre X", "X s'est dite"). Descriptions are first matched against the titles the document gives
people ("le ministre de l'Intérieur Christophe Castaner") and the knowledge base's roles at the
publication date. Subject pronouns are resolved as they come, so "il" in a chain keeps its person.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from recoupe import data
from recoupe.kb import KnowledgeBase
from recoupe.records import LocalEntity, RoleClaim
from recoupe.sentences import Sentence, quoted_spans

SUBJECT, AGENT, OTHER, GOVERNED = 3, 2, 1, 0
_RANK_WEIGHT = {SUBJECT: 3.0, AGENT: 3.0, OTHER: 1.0, GOVERNED: 0.3}
_SENTENCE_PENALTY = 0.9  # per sentence between the person's mention and the pronoun
_MAX_SENTENCES = 8
_FIRST_NAME_VOTE = 1.5  # a first name's usual gender: outvoted by "Mme"/"M." (3) or a title's determiner (2)
_DESCRIPTION_MIN_SCORE = 0.5
_FEMININE = frozenset({"elle", "elles", "celle", "celles", "la", "cette", "une"})
_MASCULINE = frozenset({"il", "ils", "celui", "ceux", "le", "ce", "cet", "un"})
_TITLE_F = re.compile(r"(?:\b(?:Mme|Mmes|Madame|Mlle|Mademoiselle)\.?\s+)$")
_TITLE_M = re.compile(r"(?:\b(?:M\.|MM\.|Monsieur)\s+)$")
_GOVERNED = re.compile(r"(?i)(?<!\w)(?:de|du|des|d['’]|à|au|aux|en|par|pour|avec|sur|sous|dans|entre|contre|vers"
                       r"|chez|auprès\s+d[eu']?)\s*(?:(?:la|le|les|l['’])\s*)?$")
_BY = re.compile(r"(?i)(?<!\w)par\s+(?:(?:la|le|les|l['’])\s*)?$")
_TOPIC = re.compile(r"(?i)(?:(?:^|[.!?»]\s*|\n)\s*(?:pour|selon|d['’]après)\s+(?:(?:la|le|les|l['’])\s*)?"
                    r"|quant\s+(?:à|au|aux)\s+(?:(?:la|le|les|l['’])\s*)?(?:[a-zà-ÿ-]+\s+){0,4}?)$")
# A title holding one of these is a clause about something else, and its name is not the title's holder.
_ADJUNCT = re.compile(r"(?<!\w)(?:dans|sur|pour|contre|avec|par|après|avant|lors|depuis|chez)(?!\w)")
_ORG_ARTICLE = {"la": "f", "le": "m", "du": "m", "au": "m"}
_ORG_PENALTY = 1.0  # "a-t-elle insisté" may be "la Fondation", after any person who agrees
_FEMININE_PARTICIPLE = ("ée", "ue", "ie", "ise", "ite", "erte", "inte")
_MASCULINE_PARTICIPLE = ("é", "u", "i", "is", "it", "ert", "int")
_BE_FORMS = frozenset({"est", "sont", "était", "étaient", "sera", "seront", "fut"})
_WORD = re.compile(r"[\w-]+")


@dataclass(frozen=True, slots=True, order=True)
class Referent:
    """A mention of a person or group at an offset, with how prominent its position is."""

    start: int
    key: str
    label: str
    rank: int
    sentence: int


def _gendered(token: Any) -> str | None:
    found = token.morph.get("Gender")
    return {"Fem": "f", "Masc": "m"}.get(found[0]) if len(found) == 1 else None


@cache
def title_nouns() -> frozenset[str]:
    """Nouns that name a person by function or trait: their determiner gives the named person's gender."""
    heads = data.load("roles.yaml")["heads"]
    return frozenset(h.split()[0] for h in heads) | frozenset(data.load("quotes.yaml")["person_nouns"]) | frozenset(
        {"habitante", "habitant", "mère", "père", "fille", "fils", "épouse", "mari", "femme", "homme", "sœur", "frère"})


def _mention_gender(text: str, sdoc: Any, start: int, end: int) -> dict[str, float]:
    """Votes for a person's gender from one mention: a title before it, its determiner, an agreeing word."""
    votes = {"f": 0.0, "m": 0.0}
    left = text[max(0, start - 16):start]
    if _TITLE_F.search(left):
        votes["f"] += 3
    elif _TITLE_M.search(left):
        votes["m"] += 3
    span = sdoc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return votes
    first, root = span[0], span.root
    if (g := _gendered(first)) and first.pos_ == "PROPN":
        votes[g] += 0.5  # the model's guess on a first name: weak
    head = root.head
    # "la ministre de la Santé Agnès Buzyn": the title the name is in apposition to has a determiner
    titles = title_nouns()
    if root.dep_ in ("appos", "flat:name", "nmod") and head.pos_ == "NOUN" and head.i < first.i \
            and head.text.casefold() in titles:
        for det in (c for c in head.children if c.dep_ == "det"):
            if (g := _gendered(det)) and det.text.casefold() not in ("l'", "l’", "les", "des"):
                votes[g] += 2
    # "Sara Brownstein, une habitante de ...": an apposition after the name
    for child in root.children:
        if child.dep_ == "appos" and child.pos_ == "NOUN" and child.i > root.i and child.text.casefold() in titles:
            for det in (c for c in child.children if c.dep_ == "det"):
                if (g := _gendered(det)) and det.text.casefold() not in ("l'", "l’", "les", "des"):
                    votes[g] += 2
    # "X s'est dite choquée", "X est arrivée": a participle or adjective agreeing through "être"
    agrees = root.dep_.startswith("nsubj") and head.pos_ in ("VERB", "ADJ") and any(
        c.dep_ in ("aux:pass", "cop", "expl:comp", "expl:pv")
        or (c.dep_ == "aux:tense" and c.text.casefold() in _BE_FORMS) for c in head.children)
    if agrees and (g := _participle_gender(head.text)):
        votes[g] += 1
    return votes


def _participle_gender(word: str) -> str | None:
    """A participle's gender from its ending ("émue", "dite" -> f; "ému", "dit" -> m): the tagger's is unreliable."""
    w = word.casefold()
    if w.endswith(_FEMININE_PARTICIPLE):
        return "f"
    if w.endswith(_MASCULINE_PARTICIPLE):
        return "m"
    return None


@cache
def first_names() -> dict[str, str]:
    """First name -> gender, induced from OrangeSum titles (data/first_names.tsv, scripts/build_first_names.py)."""
    raw = resources.files("recoupe.data").joinpath("first_names.tsv").read_text("utf-8")
    rows = (line.split("\t") for line in raw.splitlines() if line and not line.startswith("#"))
    return {row[0]: row[1] for row in rows if len(row) >= 2}


def genders(text: str, sdoc: Any, entities: tuple[LocalEntity, ...]) -> dict[str, str]:
    """The gender each person shows in the document, where the votes are clear."""
    out: dict[str, str] = {}
    names = first_names()
    for e in entities:
        if e.label == "ORG":  # "la SNCF", "La Fondation du patrimoine", "le parquet de Paris": the article
            arts = Counter(_ORG_ARTICLE.get(text[max(0, m.start - 3):m.start].casefold().strip()[-2:], "")
                           for m in e.mentions)
            arts.update(_ORG_ARTICLE.get(m.text.split(" ")[0].casefold(), "") for m in e.mentions)
            arts.pop("", None)
            if len(arts) == 1:
                out[e.key] = next(iter(arts))
            continue
        if e.label != "PER":
            continue
        votes = {"f": 0.0, "m": 0.0}
        prior = names.get(e.name.split(" ")[0]) if " " in e.name else None
        if prior:
            votes[prior] += _FIRST_NAME_VOTE
        for m in e.mentions:
            for g, v in _mention_gender(text, sdoc, m.start, m.end).items():
                votes[g] += v
        if votes["f"] >= 1 and votes["f"] >= 2 * votes["m"]:
            out[e.key] = "f"
        elif votes["m"] >= 1 and votes["m"] >= 2 * votes["f"]:
            out[e.key] = "m"
    return out


def word_gender(word: str) -> str | None:
    """The gender a pronoun or determiner asks for: "elle" -> f, "ce" -> m, "l'" -> None."""
    w = word.casefold()
    return "f" if w in _FEMININE else "m" if w in _MASCULINE else None


class Focus:
    """The people a document talks about, in order, ranked for resolving pronouns and descriptions."""

    def __init__(self, text: str, sdoc: Any, sents: list[Sentence], entities: tuple[LocalEntity, ...],
                 roles: tuple[RoleClaim, ...] = (), kb: KnowledgeBase | None = None,
                 published: str | None = None) -> None:
        self.text = text
        self.sent_starts = [s.start for s in sents]
        self.quotes = [(q.open, q.close) for s in sents for q in quoted_spans(text, s.start, s.end)]
        self.gender = genders(text, sdoc, entities)
        self.labels = {e.key: e.label for e in entities}
        self.names = {e.key: " ".join({e.name.casefold(), *(m.text.casefold() for m in e.mentions)})
                      for e in entities}
        self.roles = roles
        self.kb_roles = _kb_roles(entities, kb, published)
        self.kb_former = _kb_roles(entities, kb, published, former=True)
        self.refs: list[Referent] = []
        for e in entities:
            if e.label not in ("PER", "ORG"):
                continue
            for m in e.mentions:
                if not self.in_quote(m.start):
                    self.refs.append(Referent(m.start, e.key, e.label, self._rank(sdoc, m.start, m.end),
                                              self.sentence(m.start)))
        self.refs.sort()
        self._chain(sdoc)

    def sentence(self, at: int) -> int:
        return bisect.bisect_right(self.sent_starts, at) - 1

    def in_quote(self, at: int) -> bool:
        i = bisect.bisect_right(self.quotes, (at, len(self.text) + 1)) - 1
        return i >= 0 and self.quotes[i][0] <= at < self.quotes[i][1]

    def _rank(self, sdoc: Any, start: int, end: int) -> int:
        left = self.text[max(0, start - 24):start]
        if _TOPIC.search(left):
            return SUBJECT  # "Pour Sara Brownstein, ...", "Selon X, ..."
        if _BY.search(left):
            return AGENT  # "défendu par Alain Finkielkraut": the passive's agent
        if _GOVERNED.search(left):
            return GOVERNED
        span = sdoc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            return OTHER
        tok = span.root
        for _ in range(3):  # "le député Didier Paris": the name hangs on the title that is the subject
            if tok.dep_.startswith("nsubj"):
                return SUBJECT
            if tok.dep_ == "obl:agent":
                return AGENT
            if tok.dep_ in ("appos", "flat:name") and tok.head is not tok:
                tok = tok.head
                continue
            break
        return OTHER

    def _chain(self, sdoc: Any) -> None:
        """Subject pronouns outside quotations, resolved in order: each becomes a mention of its person."""
        for tok in sdoc:
            w = tok.text.casefold()
            if w in ("il", "elle") and tok.dep_.startswith("nsubj") and not self.in_quote(tok.idx):
                key = self.pronoun(tok.idx, w)
                if key:
                    self.add(tok.idx, key, SUBJECT)
                    # a person the text calls "il" is not "elle" later: the chain fixes an unknown gender
                    self.gender.setdefault(key, "f" if w == "elle" else "m")

    def add(self, at: int, key: str, rank: int = SUBJECT) -> None:
        """A mention of `key` at `at`: a quote's speaker, a resolved pronoun."""
        bisect.insort(self.refs, Referent(at, key, self.labels.get(key, "PER"), rank, self.sentence(at)))

    def candidates(self, at: int, gender: str | None, labels: tuple[str, ...] = ("PER",)) -> list[tuple[float, str]]:
        """People before `at` who agree with `gender`, best first, with their scores."""
        here = self.sentence(at)
        best: dict[str, float] = {}
        for r in self.refs[:bisect.bisect_left(self.refs, Referent(at, "", "", 0, 0))]:
            if r.label not in labels or here - r.sentence > _MAX_SENTENCES:
                continue
            known = self.gender.get(r.key)
            if gender and known and known != gender:
                continue
            score = _RANK_WEIGHT[r.rank] - _SENTENCE_PENALTY * (here - r.sentence) + r.start * 1e-7
            best[r.key] = max(best.get(r.key, -99.0), score)
        return sorted(((s, k) for k, s in best.items()), reverse=True)

    def pronoun(self, at: int, word: str) -> str | None:
        """The person a singular pronoun at `at` most likely means (an organisation of its gender, after people)."""
        gender = word_gender(word)
        found = self.candidates(at, gender)
        if gender:
            found += [(score - _ORG_PENALTY, key) for score, key in self.candidates(at, gender, ("ORG",))
                      if key in self.gender]
        return max(found)[1] if found else None

    def organisation(self, at: int, head: str = "", *, named_only: bool = False) -> str | None:
        """The organisation a description such as "le parquet" or "ce communiqué" at `at` most likely means:
        one whose name holds the description's noun first ("le parquet" -> "parquet de Paris"); with
        `named_only`, only such a one ("le rectorat" is not the last organisation named)."""
        found = self.candidates(at, None, ("ORG",))
        named = [(score, key) for score, key in found if head and head in self.names.get(key, "")]
        pool = named if named_only else named or found
        return pool[0][1] if pool else None

    def titled(self, phrase: str) -> list[RoleClaim]:
        """The titles (the document's, then the knowledge base's at its date) a description matches."""
        words = [w.casefold() for w in _WORD.findall(_plain_title(phrase))]
        content = [w for w in words[1:] if len(w) > 3] + ([words[0]] if words and len(words[0]) > 3 else [])
        own = [c for c in self.roles if not _ADJUNCT.search(c.role)]  # "avocat du suspect dans l'affaire X"
        kb = self.kb_former if _FORMER.search(phrase) else self.kb_roles  # "l'ancien président": who left it
        return [c for c in own if _matches(content, c.role)] + [c for c in kb if _matches(content, c.role)]

    def description(self, at: int, phrase: str) -> str | None:
        """The person a description means: a title the document or the KB gives, else the focus."""
        words = _WORD.findall(phrase)
        if not words:
            return None
        titled = self.titled(phrase)
        if titled:
            keys = {c.person_key for c in titled}
            ranked = [k for _, k in self.candidates(at, None)]
            return next((k for k in ranked if k in keys), min(titled, key=lambda c: abs(c.start - at)).person_key)
        # No title matches: the person in focus, if the focus is recent enough to be meant and no title
        # the text gives them contradicts the description ("le gouverneur du Texas" is not "le directeur")
        head = next((w.casefold() for w in _WORD.findall(_plain_title(phrase)) if w.casefold() in _title_heads()), None)
        found = [(score, key) for score, key in self.candidates(at, word_gender(words[0]))
                 if score >= _DESCRIPTION_MIN_SCORE and not (head and self._titled_otherwise(key, head))]
        return found[0][1] if found else None

    def _titled_otherwise(self, key: str, head: str) -> bool:
        """Whether the document or the knowledge base gives `key` titles, none of them with `head`."""
        titles = [c.role for c in (*self.roles, *self.kb_roles) if c.person_key == key]
        return bool(titles) and not any(head in _WORD.findall(t) for t in titles)


@cache
def _title_heads() -> frozenset[str]:
    """Heads of offices ("ministre", "gouverneur"), not of descriptions of what someone does ("expert")."""
    raw = data.load("roles.yaml")
    return frozenset(w for h in raw["heads"] for w in h.split()[:1]) - frozenset(raw["descriptive"])


@cache
def _synonyms() -> tuple[tuple[re.Pattern[str], str], ...]:
    raw = data.load("roles.yaml").get("synonyms", {})
    def loose(key: str) -> str:  # "l'État", "l’Etat", "l'etat"
        return "".join(_LOOSE.get(c, re.escape(c)) for c in key)

    return tuple((re.compile(rf"(?i)(?<!\w){loose(k)}(?!\w)"), v) for k, v in raw.items())


_FORMER = re.compile(r"(?i)(?<!\w)(?:ancien|ancienne|ex)(?!\w)")
_LOOSE = {"é": "[ée]", "e": "[eé]", "'": "['’]", "’": "['’]"}


def _plain_title(phrase: str) -> str:
    """A description in the words titles use: "le chef de l'État" -> "le président"."""
    for pattern, plain in _synonyms():
        phrase = pattern.sub(plain, phrase)
    return phrase


def _matches(content: list[str], role: str) -> bool:
    """A description matches a title when its head noun and all but one of its other words are in it."""
    role_words = set(_WORD.findall(role))
    stems = {w[:5] for w in role_words}
    hits = [w for w in content if w in role_words or w[:5] in stems]
    return bool(content) and len(hits) >= max(1, len(content) - 1) and any(
        w in role_words for w in content[:1] + content[-1:])


def _kb_roles(entities: tuple[LocalEntity, ...], kb: KnowledgeBase | None, day: str | None,
              *, former: bool = False) -> list[RoleClaim]:
    """The roles the knowledge base gives the document's people at its date (`former`: the roles they
    had left by then, for "l'ancien président"), as role claims."""
    if kb is None or not day:
        return []
    out = []
    for e in entities:
        entry = kb.get(e.kb_key) if e.kb_key else None
        if entry is None or entry.type != "PER" or not e.mentions:
            continue
        for role in entry.roles:
            held = (role.start or "") <= day[:10] and (role.end is None or day[:10] <= role.end)
            left = role.end is not None and role.end < day[:10]
            if (left and not any(r.role == role.role and r.of == role.of and (r.end is None or day[:10] <= r.end)
                                 and (r.start or "") <= day[:10] for r in entry.roles)) if former else held:
                of = kb.get(role.of) if role.of else None
                words = " ".join([role.role, *(d.casefold() for d in (of.demonyms if of else ()))])
                out.append(RoleClaim(e.mentions[0].start, e.mentions[0].end, role.role, e.key, words,
                                     f"kb:{role.of}" if role.of else None))
    return out
