"""Name boundaries: the name inside a span spaCy tagged, cut from titles, complements, glued sentences, common words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from typing import Any

from recoupe import data, nlp

# Elisions ("l’", "d'") are words of their own so that "L’Asie-Pacifique" trims to "Asie-Pacifique".
WORD = re.compile(r"(?:\b[lLdDnNjJmMsStTcC]|\b[qQ]u)['’]|[\w.]+(?:-[\w.]+)*|[^\w\s]")


@dataclass(frozen=True, slots=True)
class Rules:
    """Word lists of the entity rules, from data/entities.yaml."""

    not_a_name: frozenset[str]
    titles: frozenset[str]
    determiners: frozenset[str]
    agreement_words: frozenset[str]
    place_nouns: frozenset[str]
    role_words: frozenset[str]
    city_cues: tuple[str, ...]
    portfolios: frozenset[str] = frozenset()
    fixed_expressions: frozenset[str] = frozenset()
    interjections: frozenset[str] = frozenset()
    not_entities: frozenset[str] = frozenset()


@cache
def rules() -> Rules:
    """The bundled entity vocabulary (loaded once per process)."""
    raw = data.load("entities.yaml")
    low = {k: frozenset(_apostrophe(str(w)).casefold() for w in v) for k, v in raw.items()}
    cues = tuple(sorted((str(c).casefold() for c in raw["city_cues_before"]), key=len, reverse=True))
    return Rules(low["not_a_name"], low["titles"], low["determiners"], low["agreement_words"],
                 low["place_nouns"], low["role_words"], cues, low["portfolios"], low["fixed_expressions"],
                 low["interjections"], low["not_entities"])


def _apostrophe(s: str) -> str:
    return s.replace("’", "'")


def words(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """The words of text[start:end] with their offsets in text."""
    return [(m.group(), start + m.start(), start + m.end()) for m in WORD.finditer(text[start:end])]


def capitalised(word: str) -> bool:
    return word[:1].isupper() or (word[:1].isdigit() and any(c.isupper() for c in word))


def sentence_start(text: str, start: int) -> bool:
    """Whether a word opens a sentence, a title, a quotation or an intertitle ("- Vieux routier -")."""
    before = text[:start].rstrip(" «“\"(")
    if before.endswith(("-", "–", "—")):  # an intertitle or a dialogue dash after a sentence
        before = before[:-1].rstrip()
    return not before or before[-1] in ".!?:;\n»”"


def trim(text: str, start: int, end: int, label: str, r: Rules) -> tuple[int, int] | None:
    """Cut a spaCy span to its name: no determiner, title, leading verb or trailing "de missiles"."""
    ws = words(text, start, end)
    if len(ws) > 1 and ws[0][0][:1].isupper() and ws[0][0].casefold() in r.determiners \
            and not sentence_start(text, start):
        # a capitalised article inside a sentence is part of the name: "Le Mans", "selon Le Monde"
        return ws[0][1], ws[-1][2]
    titled = False  # a title was cut: a portfolio after it is still the title ("ministre de la Défense X")
    while ws and (ws[0][0].casefold() in r.determiners or ws[0][0].casefold() in r.titles
                  or ws[0][0].casefold() in r.role_words
                  or ((label == "PER" or titled) and ws[0][0].casefold() in r.portfolios)
                  or not (capitalised(ws[0][0]) or ws[0][0].casefold() in r.place_nouns)):
        titled = titled or ws[0][0].casefold() in r.role_words or ws[0][0].casefold() in r.titles
        ws = ws[1:]  # "pointe Pyongyang", "L’Asie", "M. Hayashi", "Premier ministre Édouard Philippe",
        # "la ministre de la Défense Ana Lind" (a portfolio is not a first name)
    while ws and (not ws[-1][0][:1].isalnum() or ws[-1][0].casefold() in r.determiners):
        ws = ws[:-1]  # "droits de l'": a name never ends on an article or an elision
    if ws:  # a full stop or a dash glued to the last word, not an initial's ("Mickaël H.", "Jr.")
        w = ws[-1][0]
        core = w.rstrip(".-")
        if core != w and not (w == core + "." and len(core) <= 2 and core.isalpha()):
            ws[-1] = (core, ws[-1][1], ws[-1][1] + len(core))
    if label in ("LOC", "GPE"):
        for i, (w, _, _) in enumerate(ws[1:], start=1):
            tail = ws[i + 1:]
            if w.casefold() in {"de", "du", "des", "d'", "d’", "à", "au", "aux", "en", "pour", "avec"} \
                    and tail and not any(capitalised(t[0]) for t in tail):
                ws = ws[:i]
                break
    if not ws:
        return None
    return ws[0][1], ws[-1][2]


def is_name(text: str, r: Rules) -> bool:
    ws = [w for w in WORD.findall(text) if w[:1].isalnum()]
    if not ws or not any(c.isupper() for c in text) or len(text) < 2 or text.isdigit():
        return False
    if len(ws) == 1 and len(ws[0]) <= 2 and not ws[0].isupper():
        return False  # "Nm", "Mo": units and abbreviations; "UE", "G7" are upper case
    return not (len(ws) == 1 and ws[0].casefold().rstrip("’'") in r.not_a_name)


# Where a spaCy span must be cut: a line break, or a sentence glued to the next ("Covid-19.Cela",
# "Etzion.Fondée", 'CanSinoBIO."Les', an intertitle "Acsente.- Nature").
_BREAK = re.compile(r"\n|(?<=[A-Za-zà-ÿ0-9]{2})\.(?=(?:[-\"«“] ?)?[A-ZÀ-Ý][a-zà-ÿ])")


@cache
def _glued_opener() -> re.Pattern[str]:
    """A sentence glued to a name without its full stop: "le préfet LallementSi les manifestants"."""
    openers = sorted((w for w in rules().not_a_name if len(w) >= 2 and w.isalpha()), key=len, reverse=True)
    alts = "|".join(re.escape(w[:1].upper() + w[1:]) for w in openers)
    return re.compile(rf"(?<=[a-zà-ÿ]{{3}})(?={alts}\b)")


def pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A span cut where a line break or a glued sentence shows it runs over two sentences."""
    cuts = [start, *(start + m.start() for m in _BREAK.finditer(text[start:end])), end]
    out = [(a + (a != start), b) for a, b in pairwise(cuts)]
    glued = _glued_opener()
    return [p for a, b in out for p in _split_at(a, b, [a + m.start() for m in glued.finditer(text[a:b])])]


def _split_at(a: int, b: int, at: list[int]) -> list[tuple[int, int]]:
    return list(pairwise([a, *at, b])) if at else [(a, b)]


@cache
def _complement_before() -> re.Pattern[str]:
    """A title and its complement's preposition just before a span: "le procureur de la ", "préfet de police de "."""
    heads = "|".join(re.escape(h) for h in sorted(data.load("roles.yaml")["heads"], key=len, reverse=True))
    prep = r"(?:de\s+la|de\s+l['’]|du|des|de|d['’])"
    return re.compile(rf"(?i)(?<![\w-])(?:{heads})(?:[\s-]+[\w'’]+){{0,3}}?\s+{prep}\s*$")


def title_complement(text: str, start: int, end: int, known_end: int | None) -> int | None:
    """Where the person starts in "République François Molins" after "le procureur de la ": None if no complement.

    The complement is the knowledge-base name at the span's start when there is one ("New York"), else its first
    word; two or three capitalised words must be left for the person's name.
    """
    ws = words(text, start, end)
    if len(ws) < 3 or not _complement_before().search(text[max(0, start - 80):start]):
        return None
    rest = [w for w in ws if w[1] >= known_end] if known_end is not None else ws[1:]
    if not 2 <= len(rest) <= 3 or not all(capitalised(w[0]) for w in rest):
        return None
    return rest[0][1]


def extend_hyphen(text: str, start: int, end: int, taken: set[int]) -> tuple[int, int]:
    """A name cut at its hyphen made whole again: "Ali Alqassi" + "-Mehr"; not into another entity."""
    m = re.match(r"-[A-ZÀ-Ý][\w]*(?:-[\w]+)*", text[end:])
    if m and end + 1 not in taken:
        end += m.end()
    m = re.search(r"(?<![\w-])[A-ZÀ-Ý][\w]*-$", text[max(0, start - 40):start])
    if m and start - len(m.group()) not in taken:
        start -= len(m.group())
    return start, end


def in_fixed_expression(text: str, start: int, end: int, r: Rules) -> bool:
    """A capitalised word inside an expression ("droits de l'Homme", "Nations Unies") is not a name of its own."""
    window = _apostrophe(text[max(0, start - 40):min(len(text), end + 40)]).casefold()
    offset = max(0, start - 40)
    for expr in r.fixed_expressions:
        for m in re.finditer(re.escape(expr), window):
            a, b = offset + m.start(), offset + m.end()
            if a <= start and end <= b and (a, b) != (start, end):
                return True
    return False


@cache
def _lexicon() -> tuple[Any, dict[str, frozenset[str]]]:
    lookups = nlp.load().get_pipe("lemmatizer").lookups
    index = lookups.get_table("lemma_index")
    return lookups.get_table("lemma_lookup"), {p: frozenset(index[p]) for p in ("noun", "verb", "adj", "adv")}


def common_word(word: str, pos: str) -> bool:
    """A word of the language rather than a name: an inflected form ("Arrêtée", "Violez"), a verb, adjective or
    adverb ("Lever", "Plus"), an interjection, or a noun the tagger also reads as a common noun ("Référendum")."""
    w = word.casefold()
    if w in rules().interjections:
        return True
    lookup, index = _lexicon()
    lemma = lookup.get(w)
    lemma = lemma[0] if isinstance(lemma, list) and lemma else lemma
    if lemma and lemma != w:
        return True
    if any(w in index[p] for p in ("verb", "adj", "adv")):
        return True
    return pos == "NOUN" and w in index["noun"]  # the noun list holds first names too ("Martin", "Laurent")


def lone_common_word(text: str, start: int, end: int, label: str, pos: str, name_words: frozenset[str]) -> bool:
    """A one-word candidate that is a word of the language here, not a person, place or organisation.

    `name_words` are the words of the document's longer person names: a first name alone stays a name.
    """
    word = text[start:end]
    if " " in word or word.isupper() or not word[:1].isupper():
        return False
    lower = re.search(rf"(?<![\w-]){re.escape(word.lower())}(?![\w-])", text) is not None
    if sentence_start(text, start):
        # the model and the context must agree: the word recurs capitalised inside a sentence
        recurs = word in name_words or any(not sentence_start(text, m.start()) and m.start() != start
                                           for m in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text))
        return (label == "PER" and lower) or (common_word(word, pos) and not recurs)
    return label == "PER" and (lower or (pos != "PROPN" and common_word(word, pos)))
