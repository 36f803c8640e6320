"""Roles stage: the posts and titles a document gives people ("le ministre japonais des Affaires étrangères")."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from recoupe import data
from recoupe.kb import KnowledgeBase
from recoupe.records import Document, LocalEntity, RoleClaim

MAX_ROLE_WORDS = 14  # longer than this, the words before a name are a clause, not a title
MAX_APPOSITION_WORDS = 22  # "X, spécialiste de ... et chercheur au Canon Institute for Global Studies de Tokyo"
_STOP = re.compile(r"[.;:!?«»“”()\n]|,\s*(?:qui|que|dont|a|ont|est)\b|\s(?:a|ont|est|sont|avait)\s")


@cache
def _heads() -> tuple[re.Pattern[str], re.Pattern[str]]:
    raw = data.load("roles.yaml")
    heads = "|".join(re.escape(h) for h in sorted(raw["heads"], key=len, reverse=True))
    mods = "|".join(re.escape(m) for m in raw["modifiers"])
    head = rf"(?:(?:{mods})[\s-]+)?(?:{heads})(?!\w)"
    # before a name: "le président russe Vladimir Poutine", "le porte-parole du gouvernement, X"
    before = re.compile(rf"(?i)(?<![\w-]){head}")
    # after a name: "X, spécialiste de la politique russe", "– X, président de la Fédération de Russie"
    after = re.compile(rf"(?i)^\s*,\s*(?:(?:le|la|l['’]|un|une)\s*)?(?P<role>{head}[^.;!?«»\n]*)")
    return before, after


def _claim(text: str, start: int, end: int, person: LocalEntity, entities: tuple[LocalEntity, ...],
           kb: KnowledgeBase, max_words: int = MAX_ROLE_WORDS) -> RoleClaim | None:
    role_text = text[start:end].strip(" ,")
    start = start + text[start:end].find(role_text)
    end = start + len(role_text)
    if not role_text or len(role_text.split()) > max_words:
        return None
    inside = [e for e in entities if e.key != person.key and e.label != "PER"
              and any(start <= m.start and m.end <= end for m in e.mentions)]
    # Prefer what the knowledge base knows ("de l'OTAN"), then a demonym ("le ministre allemand des
    # Finances" is Germany's, not a body called "Finances"; the key "kb:germany" holds even when the
    # document never names Germany), then any other name in the title.
    demonyms = [f"kb:{m.entry_id}" for m in kb.match(role_text) if m.demonym]
    ranked = [e.key for e in inside if e.kb_key] + demonyms + [e.key for e in inside if not e.kb_key]
    of_key = ranked[0] if ranked else None
    return RoleClaim(start, end, role_text, person.key, " ".join(role_text.casefold().split()), of_key)


def find_roles(doc: Document, spacy_doc: Any, entities: tuple[LocalEntity, ...],
               kb: KnowledgeBase) -> tuple[RoleClaim, ...]:
    """Role claims: a person, the role words, and the country or organisation when named."""
    before, after = _heads()
    text = doc.text
    out: dict[tuple[int, int, str], RoleClaim] = {}
    for person in (e for e in entities if e.label == "PER"):
        for m in person.mentions:
            window_start = max(0, m.start - 160)
            left = text[window_start:m.start]
            stop = list(_STOP.finditer(left))
            left_from = window_start + (stop[-1].end() if stop else 0)
            heads = list(before.finditer(text, left_from, m.start))
            if heads:  # the title closest to the name: "le ministre X et le dirigeant nord-coréen Kim"
                claim = _claim(text, heads[-1].start(), m.start, person, entities, kb)
                if claim:
                    out[(claim.start, claim.end, person.key)] = claim
            line_end = text.find("\n", m.end)
            a = after.match(text[m.end:line_end if line_end >= 0 else len(text)])
            if a:
                role_end = m.end + a.end("role")
                cut = re.search(r",\s*(?!\w+\s+(?:de|du|des|à|au)\b)", text[m.end + a.start("role"):role_end])
                if cut:
                    role_end = m.end + a.start("role") + cut.start()
                claim = _claim(text, m.end + a.start("role"), role_end, person, entities, kb, MAX_APPOSITION_WORDS)
                if claim:
                    out[(claim.start, claim.end, person.key)] = claim
    return tuple(sorted(out.values(), key=lambda c: c.start))
