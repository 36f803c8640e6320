"""Entities stage: names found by spaCy and the knowledge base, repaired, typed, grouped within a document."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import Any

from recoupe import data
from recoupe.kb import KbEntry, KnowledgeBase, fold
from recoupe.names import (
    WORD,
    Rules,
    capitalised,
    common_word,
    extend_hyphen,
    in_fixed_expression,
    is_name,
    lone_common_word,
    pieces,
    rules,
    title_complement,
    trim,
)
from recoupe.records import Document, LocalEntity, Mention

SPACY_LABELS = {"PER": "PER", "PERSON": "PER", "ORG": "ORG", "LOC": "LOC", "GPE": "GPE", "MISC": "MISC"}


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


def _spans(text: str, spacy_doc: Any) -> list[tuple[int, int, str, Any]]:
    """spaCy's entities in order, with a name cut after a lowercase word joined to its end ("Université de X")."""
    spans = sorted(((e.start_char, e.end_char, SPACY_LABELS.get(e.label_, "MISC"), e) for e in spacy_doc.ents),
                   key=lambda t: (t[0], t[1]))
    joined: list[tuple[int, int, str, Any]] = []
    for s, e, lab, ent in spans:
        if joined and joined[-1][2] == "ORG" and re.fullmatch(r" (?:de|du|des|d['’]) ?", text[joined[-1][1]:s]) \
                and text[joined[-1][0]:joined[-1][1]].split()[-1][:1].islower():
            # a name cut after a lowercase word is unfinished: "Université des femmes" + "de" + "Konan";
            # "Canon Institute for Global Studies" + "de Tokyo" is complete, and Tokyo is a place
            joined[-1] = (joined[-1][0], e, "ORG", joined[-1][3])
        else:
            joined.append((s, e, lab, ent))
    return joined


def _pos_at(spacy_doc: Any, start: int, end: int) -> str:
    span = spacy_doc.char_span(start, end, alignment_mode="expand")
    return str(span[0].pos_) if span is not None and len(span) else ""


def _spacy_candidates(text: str, spacy_doc: Any, kb_cands: list[Candidate], r: Rules) -> list[Candidate]:
    """spaCy's entities, repaired: split at line breaks, trimmed, cut from a title's complement, made whole at a
    hyphen, retyped; common words and pieces of fixed expressions dropped."""
    joined = _spans(text, spacy_doc)
    starts = {s for s, _, _, _ in joined}
    known = {c.start: c.end for c in kb_cands if c.kind != "demonym"}
    name_words = frozenset(w for s, e, lab, _ in joined if lab == "PER" and " " in text[s:e].strip()
                           for w in text[s:e].split())
    out: list[Candidate] = []
    for s, e, lab, _ in joined:
        for ps, pe in pieces(text, s, e):
            cut = trim(text, ps, pe, lab, r)
            if cut is None:
                continue
            a, b = cut
            label = lab
            person = title_complement(text, a, b, known.get(a))
            if person is not None:  # "le procureur de la République François Molins": the person is the name
                comp = text[a:person].rstrip()
                if is_name(comp, r):
                    out.append(Candidate(a, a + len(comp), "LOC"))
                a, label = person, "PER"
            if label == "PER":
                a, b = extend_hyphen(text, a, b, starts - {s})
            if not is_name(text[a:b], r) or in_fixed_expression(text, a, b, r) \
                    or lone_common_word(text, a, b, label, _pos_at(spacy_doc, a, b), name_words):
                continue
            first = WORD.findall(text[a:b])[0].casefold()
            if first in r.not_entities or text[a - 1:a] == "#":  # "Covid-19", "#MeToo": a disease, a hashtag
                continue
            if first in r.agreement_words:
                label = "MISC"
            elif first in r.place_nouns and label == "MISC":
                label = "LOC"
            out.append(Candidate(a, b, label))
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


# The first parts of a compound nationality: "Franco-" in "le Franco-Israélien", "Américano-" in "Américano-Iranien"
_COMPOUND = re.compile(r"(?:[A-ZÀ-Ý][a-zà-ÿ]*o-)*")


def _without_demonyms(sp_cands: list[Candidate], demonyms: list[Candidate], text: str) -> list[Candidate]:
    """A nationality is not a name: "les Français" and "le Franco-Israélien" go, "Allemand Bayer" becomes "Bayer"."""
    out = []
    for s in sp_cands:
        lead = next((d for d in demonyms if d.end <= s.end and _COMPOUND.fullmatch(text, s.start, d.start)), None)
        if lead is not None:
            rest = text[lead.end:s.end]
            if not rest.strip() or not capitalised(rest.strip()):
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
        if contains and s.label in ("ORG", "PER") and capitalised(head.strip()) and not head.endswith("-"):
            kept_sp.append(s)
            swallowed.update(id(k) for k in inside)
        elif contains and s.label == "PER" and len(inside) == 1 and inside[0].start == s.start:
            rest = text[inside[0].end:s.end]  # "sur Twitter Lassina Zerbo": the known name, then the person
            if rest[:1] == " " and 2 <= len(rest.split()) <= 3 and all(capitalised(w) for w in rest.split()):
                kept_sp.append(replace(s, start=s.end - len(rest.lstrip())))
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
    written: dict[str, set[tuple[str, ...]]] = defaultdict(set)  # cluster key -> its names, word by word
    for c in cands:
        mention = text[c.start:c.end]
        if c.label == "PER" and len(mention.split()) > 1:
            key = f"kb:{c.entry_id}" if c.entry_id else f"per:{name_key(mention)}"
            people.setdefault(key, set()).update(name_key(mention).split())
            written[key].add(_word_keys(mention))
    for key in list(people):
        entry = kb.get(key[3:]) if key.startswith("kb:") else None
        for n in entry.names if entry else ():
            people[key].update(name_key(n).split())
            written[key].add(_word_keys(n))
    merged = _shorter_names(written)
    for short, full in merged.items():
        people[full] |= people.pop(short)
    clusters: dict[str, list[tuple[Candidate, str]]] = defaultdict(list)
    for c in cands:
        mention = text[c.start:c.end]
        if c.entry_id:
            clusters[f"kb:{c.entry_id}"].append((c, c.kind))
            continue
        tokens = name_key(mention).split()
        if len(mention.split()) == 1 and tokens:  # a surname or first name alone, hyphenated or not
            owners = [k for k, toks in people.items() if toks.issuperset(tokens)]
            if len(owners) == 1:
                clusters[owners[0]].append((replace(c, label="PER"), "surname"))
                continue
        coarse = "per" if c.label == "PER" else c.label.lower()
        key = f"{coarse}:{name_key(mention)}"
        clusters[merged.get(key, key)].append((c, c.kind))
    return tuple(_local_entity(key, members, text, kb) for key, members in clusters.items())


_GENERATION = {"jr", "sr", "junior", "senior", "fils", "pere", "ii", "iii", "iv"}


def _word_keys(name: str) -> tuple[str, ...]:
    return tuple(name_key(w) for w in name.split())


def _shorter_names(written: dict[str, set[tuple[str, ...]]]) -> dict[str, str]:
    """Person names that are the end of one longer name in the document: "Gon Coulibaly" is "Amadou Gon
    Coulibaly"; "Mary Trump" is not "Mary Anne Trump", nor "Fred Trump" "Fred Trump Jr"."""
    out: dict[str, str] = {}
    for short, names in written.items():
        if not short.startswith("per:"):
            continue
        longer = {key for key, others in written.items() if key != short for a in names for b in others
                  if len(b) > len(a) and b[-len(a):] == a and b[-1] not in _GENERATION}
        if len(longer) == 1:
            out[short] = longer.pop()
    return {short: _final(full, out) for short, full in out.items()}


def _final(key: str, merged: dict[str, str]) -> str:
    seen = {key}
    while key in merged and merged[key] not in seen:
        key = merged[key]
        seen.add(key)
    return key


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
    sp_cands = _spacy_candidates(doc.text, spacy_doc, kb_cands, r)
    found = [_titled_person(doc.text, c) for c in _resolve(kb_cands, sp_cands, doc.text)]
    found = sorted(found + _missed_surnames(doc.text, found), key=lambda c: c.start)
    if not demonyms:
        found = [c for c in found if c.kind != "demonym"]
    return _group(doc.text, found, kb, r)


def _missed_surnames(text: str, found: list[Candidate]) -> list[Candidate]:
    """A person's surname alone that spaCy missed ("Hamid Rezaï-Nouri ... Rezaï-Nouri a démenti"); not a surname
    two people share, a common word, or a word the document also writes in lower case."""
    owners: dict[str, set[str]] = defaultdict(set)
    for c in found:
        ws = text[c.start:c.end].split()
        if c.label == "PER" and len(ws) >= 2 and len(ws[-1]) >= 3 and ws[-1][:1].isupper():
            owners[ws[-1]].add(name_key(text[c.start:c.end]))
    taken = sorted((c.start, c.end) for c in found)
    out = []
    for surname, full in owners.items():
        lower = re.search(rf"(?<![\w-]){re.escape(surname.lower())}(?![\w-])", text)
        if len(full) > 1 or lower or common_word(surname, "NOUN"):
            continue
        for m in re.finditer(rf"(?<![\w-]){re.escape(surname)}(?![\w-])", text):
            if not any(a < m.end() and m.start() < b for a, b in taken):
                out.append(Candidate(m.start(), m.end(), "PER"))
    return out


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
