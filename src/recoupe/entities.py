"""Entities stage: names found by spaCy and the knowledge base, repaired, typed, grouped within a document."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from itertools import pairwise
from typing import Any

from recoupe import data
from recoupe.kb import KbEntry, KnowledgeBase, fold
from recoupe.records import Document, LocalEntity, Mention

# Elisions ("l’", "d'") are words of their own so that "L’Asie-Pacifique" trims to "Asie-Pacifique".
_WORD = re.compile(r"(?:\b[lLdDnNjJmMsStTcC]|\b[qQ]u)['’]|[\w.]+(?:-[\w.]+)*|[^\w\s]")
SPACY_LABELS = {"PER": "PER", "PERSON": "PER", "ORG": "ORG", "LOC": "LOC", "GPE": "GPE", "MISC": "MISC"}


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


@cache
def rules() -> Rules:
    """The bundled entity vocabulary (loaded once per process)."""
    raw = data.load("entities.yaml")
    low = {k: frozenset(str(w).casefold() for w in v) for k, v in raw.items()}
    cues = tuple(sorted((str(c).casefold() for c in raw["city_cues_before"]), key=len, reverse=True))
    return Rules(low["not_a_name"], low["titles"], low["determiners"], low["agreement_words"],
                 low["place_nouns"], low["role_words"], cues, low["portfolios"])


@dataclass(frozen=True, slots=True)
class Candidate:
    """A mention before grouping: where, what type, and the knowledge-base entry when known."""

    start: int
    end: int
    label: str
    entry_id: str | None = None
    kind: str = "name"  # name | alias | metonym | surname | demonym


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """A name as compared within and across documents: folded, casefolded, no article or title."""
    s = re.sub(r"[-‐‑–—]", " ", fold(text).casefold())
    s = re.sub(r"^(?:l'|le |la |les |m\. |mme )", "", s)
    return re.sub(r"\s+", " ", re.sub(r"[^\w' ]", " ", s)).strip()


def _words(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    return [(m.group(), start + m.start(), start + m.end()) for m in _WORD.finditer(text[start:end])]


def _capitalised(word: str) -> bool:
    return word[:1].isupper() or (word[:1].isdigit() and any(c.isupper() for c in word))


def _trim(text: str, start: int, end: int, label: str, r: Rules) -> tuple[int, int] | None:
    """Cut a spaCy span to its name: no determiner, title, leading verb or trailing "de missiles"."""
    words = _words(text, start, end)
    if len(words) > 1 and words[0][0][:1].isupper() and words[0][0].casefold() in r.determiners \
            and not _sentence_start(text, start):
        # a capitalised article inside a sentence is part of the name: "Le Mans", "selon Le Monde"
        return words[0][1], words[-1][2]
    titled = False  # a title was cut: a portfolio after it is still the title ("ministre de la Défense X")
    while words and (words[0][0].casefold() in r.determiners or words[0][0].casefold() in r.titles
                     or words[0][0].casefold() in r.role_words
                     or ((label == "PER" or titled) and words[0][0].casefold() in r.portfolios)
                     or not (_capitalised(words[0][0]) or words[0][0].casefold() in r.place_nouns)):
        titled = titled or words[0][0].casefold() in r.role_words or words[0][0].casefold() in r.titles
        words = words[1:]  # "pointe Pyongyang", "L’Asie", "M. Hayashi", "Premier ministre Édouard Philippe",
        # "la ministre de la Défense Ana Lind" (a portfolio is not a first name)
    while words and not words[-1][0][:1].isalnum():
        words = words[:-1]
    if label in ("LOC", "GPE"):
        for i, (w, _, _) in enumerate(words[1:], start=1):
            tail = words[i + 1:]
            if w.casefold() in {"de", "du", "des", "d'", "d’", "à", "au", "aux", "en", "pour", "avec"} \
                    and tail and not any(_capitalised(t[0]) for t in tail):
                words = words[:i]
                break
    if not words:
        return None
    return words[0][1], words[-1][2]


def _sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip(" «“\"(")
    return not before or before[-1] in ".!?:;\n»”"


def _is_name(text: str, r: Rules) -> bool:
    words = [w for w in _WORD.findall(text) if w[:1].isalnum()]
    if not words or not any(c.isupper() for c in text) or len(text) < 2 or text.isdigit():
        return False
    if len(words) == 1 and len(words[0]) <= 2 and not words[0].isupper():
        return False  # "Nm", "Mo": units and abbreviations; "UE", "G7" are upper case
    return not (len(words) == 1 and words[0].casefold().rstrip("’'") in r.not_a_name)


# Where a spaCy span must be cut: a line break, or a sentence glued to the next ("Covid-19.Cela").
_BREAK = re.compile(r"\n|(?<=[A-Za-zà-ÿ0-9]{2})\.(?=[A-ZÀ-Ý][a-zà-ÿ])")


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    cuts = [start, *(start + m.start() for m in _BREAK.finditer(text[start:end])), end]
    return [(a + (a != start), b) for a, b in pairwise(cuts)]


def _spacy_candidates(text: str, ents: Sequence[Any], r: Rules) -> list[Candidate]:
    """spaCy's entities, repaired: split at line breaks, trimmed, joined ("Université de X"), retyped."""
    spans = sorted((e.start_char, e.end_char, SPACY_LABELS.get(e.label_, "MISC")) for e in ents)
    joined: list[tuple[int, int, str]] = []
    for s, e, lab in spans:
        if joined and joined[-1][2] == "ORG" and re.fullmatch(r" (?:de|du|des|d['’]) ?", text[joined[-1][1]:s]) \
                and text[joined[-1][0]:joined[-1][1]].split()[-1][:1].islower():
            # a name cut after a lowercase word is unfinished: "Université des femmes" + "de" + "Konan";
            # "Canon Institute for Global Studies" + "de Tokyo" is complete, and Tokyo is a place
            joined[-1] = (joined[-1][0], e, "ORG")
        else:
            joined.append((s, e, lab))
    out: list[Candidate] = []
    for s, e, lab in joined:
        for ps, pe in _pieces(text, s, e):
            cut = _trim(text, ps, pe, lab, r)
            if cut is None or not _is_name(text[cut[0]:cut[1]], r):
                continue
            first = _WORD.findall(text[cut[0]:cut[1]])[0].casefold()
            label = lab
            if first in r.agreement_words:
                label = "MISC"
            elif first in r.place_nouns and label == "MISC":
                label = "LOC"
            out.append(Candidate(cut[0], cut[1], label))
    return out


def _is_city(text: str, start: int, end: int, r: Rules) -> bool:
    """A capital named as a place ("à Moscou, 397 députés") rather than as its state acting."""
    before = text[max(0, start - 40):start].casefold().rstrip()
    after = text[end:end + 8].lstrip(" ,")
    if after.startswith("qui "):
        return False
    return any(before.endswith(cue) and (len(before) == len(cue) or not before[-len(cue) - 1].isalnum())
               for cue in r.city_cues)


def _kb_candidates(text: str, kb: KnowledgeBase, r: Rules) -> list[Candidate]:
    out = []
    for m in kb.match(text):
        entry = kb.entries[m.entry_id]
        if m.demonym:
            out.append(Candidate(m.start, m.end, entry.type, entry.id, "demonym"))
            continue
        kind = "name" if fold(text[m.start:m.end]) == fold(entry.name) else "alias"
        state = kb.get(entry.metonym_of)
        if state is not None and entry.type == "GPE" and not _is_city(text, m.start, m.end, r):
            out.append(Candidate(m.start, m.end, state.type, state.id, "metonym"))
        else:
            out.append(Candidate(m.start, m.end, entry.type, entry.id, kind))
    return out


def _without_demonyms(sp_cands: list[Candidate], demonyms: list[Candidate], text: str) -> list[Candidate]:
    """A nationality is not a name: "les Français" goes, "Allemand Bayer" becomes "Bayer"."""
    out = []
    for s in sp_cands:
        lead = next((d for d in demonyms if d.start == s.start and d.end <= s.end), None)
        if lead is not None:
            rest = text[lead.end:s.end]
            if not rest.strip() or not _capitalised(rest.strip()):
                continue
            s = replace(s, start=s.end - len(rest.lstrip()))
        out.append(s)
    return out


def _resolve(kb_cands: list[Candidate], sp_cands: list[Candidate], text: str) -> list[Candidate]:
    """Knowledge-base names win overlaps, except inside a longer organisation or person name."""
    names = [c for c in kb_cands if c.kind != "demonym"]
    kept_sp: list[Candidate] = []
    swallowed: set[int] = set()
    for s in _without_demonyms(sp_cands, [c for c in kb_cands if c.kind == "demonym"], text):
        inside = [k for k in names if k.start < s.end and s.start < k.end]
        if not inside:
            kept_sp.append(s)
            continue
        contains = all(s.start <= k.start and k.end <= s.end for k in inside)
        head = text[s.start:min(k.start for k in inside)]
        if contains and s.label in ("ORG", "PER") and _capitalised(head.strip()) and not head.endswith("-"):
            kept_sp.append(s)
            swallowed.update(id(k) for k in inside)
    taken = names + [c for c in kb_cands if c.kind == "demonym"]
    out = [k for k in taken if id(k) not in swallowed] + kept_sp
    out.sort(key=lambda c: (c.start, -c.end))
    final: list[Candidate] = []
    for c in out:  # demonyms and leftovers never overlap a kept name
        if final and c.start < final[-1].end:
            continue
        final.append(c)
    return final


def _group(text: str, cands: list[Candidate], kb: KnowledgeBase, r: Rules) -> tuple[LocalEntity, ...]:
    """Mentions of one thing in one document become one local entity ("Poutine" = "Vladimir Poutine")."""
    people: dict[str, set[str]] = {}  # cluster key -> folded name tokens, for multi-word person names
    for c in cands:
        mention = text[c.start:c.end]
        if c.label == "PER" and len(mention.split()) > 1:
            key = f"kb:{c.entry_id}" if c.entry_id else f"per:{name_key(mention)}"
            people.setdefault(key, set()).update(name_key(mention).split())
    for key in list(people):
        entry = kb.get(key[3:]) if key.startswith("kb:") else None
        for n in entry.names if entry else ():
            people[key].update(name_key(n).split())
    clusters: dict[str, list[tuple[Candidate, str]]] = defaultdict(list)
    for c in cands:
        mention = text[c.start:c.end]
        if c.entry_id:
            clusters[f"kb:{c.entry_id}"].append((c, c.kind))
            continue
        tokens = name_key(mention).split()
        if len(tokens) == 1:
            owners = [k for k, toks in people.items() if tokens[0] in toks]
            if len(owners) == 1:
                clusters[owners[0]].append((replace(c, label="PER"), "surname"))
                continue
        coarse = "per" if c.label == "PER" else c.label.lower()
        clusters[f"{coarse}:{name_key(mention)}"].append((c, c.kind))
    return tuple(_local_entity(key, members, text, kb) for key, members in clusters.items())


def _local_entity(key: str, members: list[tuple[Candidate, str]], text: str, kb: KnowledgeBase) -> LocalEntity:
    mentions = tuple(sorted(
        (Mention(c.start, c.end, text[c.start:c.end], c.label, kind) for c, kind in members),
        key=lambda m: m.start,
    ))
    entry: KbEntry | None = kb.get(key[3:]) if key.startswith("kb:") else None
    if entry is not None:
        return LocalEntity(key, entry.name, entry.type, mentions, entry.id, entry.wikidata)
    labels = Counter(m.label for m in mentions)
    label = "PER" if labels["PER"] else labels.most_common(1)[0][0]
    name = max((m.text for m in mentions if m.kind != "surname"), key=len, default=mentions[0].text)
    return LocalEntity(key, name, label, mentions)


def find_entities(
    doc: Document, spacy_doc: Any, kb: KnowledgeBase, *, demonyms: bool = False
) -> tuple[LocalEntity, ...]:
    """The entities one document names, each with all its mentions in the cleaned text."""
    r = rules()
    kb_cands = _kb_candidates(doc.text, kb, r)
    sp_cands = _spacy_candidates(doc.text, spacy_doc.ents, r)
    found = [_titled_person(doc.text, c) for c in _resolve(kb_cands, sp_cands, doc.text)]
    if not demonyms:
        found = [c for c in found if c.kind != "demonym"]
    return _group(doc.text, found, kb, r)


@cache
def _title_before() -> re.Pattern[str]:
    """A person's title ending right before a name: "la secrétaire d'État adjointe, ", "le porte-parole "."""
    raw = data.load("roles.yaml")
    heads = "|".join(re.escape(h) for h in sorted(raw["heads"], key=len, reverse=True))
    return re.compile(rf"(?i)(?:^|[\s'’])(?:le|la|l['’]|du|de la|au)\s*(?:{heads})(?:\s+[\w'’-]+){{0,3}}?,?\s$")


def _titled_person(text: str, c: Candidate) -> Candidate:
    """A name the tagger called a place or a thing is a person when a person's title stands before it."""
    words = text[c.start:c.end].split()
    if c.entry_id or c.label == "PER" or not 2 <= len(words) <= 4 or not all(w[:1].isupper() for w in words) \
            or words[0].casefold() in rules().determiners:  # "le président La République en marche"
        return c
    before = text[max(0, c.start - 80):c.start]
    if _GOVERNED_END.search(before):  # "le maire de Nouvelle Orléans": the title's complement, a place
        return c
    return replace(c, label="PER") if _title_before().search(before) else c


_GOVERNED_END = re.compile(r"(?i)(?:^|\s)(?:de|du|des|d['’]|à|au|aux|en)\s*$")
