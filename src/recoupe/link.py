"""Corpus stage: link each document's local entities to one canonical entity per real thing."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz import fuzz

from recoupe.entities import name_key
from recoupe.kb import KnowledgeBase
from recoupe.records import Entity, LocalEntity

FUZZY_MIN = 90  # token_sort_ratio: "Kim Jong Un" ~ "Kim Jong-un", "Choïgu" !~ "Choï"
MIN_BLOCK_TOKEN = 3  # fuzzy candidates share at least one token this long


def coarse(label: str) -> str:
    """Types that may name the same thing: a country is GPE or LOC depending on the tagger."""
    return {"GPE": "PLACE", "LOC": "PLACE", "EVT": "MISC"}.get(label, label)


def lookup_keys(entity: Entity) -> set[tuple[str, str]]:
    """What finds an entity in a store's lookup index: (type group, "=" full name key | "~" blocking token)."""
    keys = set()
    for name in (entity.name, *entity.aliases):
        key = name_key(name)
        if key:
            keys.add((coarse(entity.type), "=" + key))
            keys.update((coarse(entity.type), "~" + tok) for tok in key.split() if len(tok) >= MIN_BLOCK_TOKEN)
    return keys


def wanted_keys(local: LocalEntity) -> set[tuple[str, str]]:
    """The lookup keys of every existing entity `Linker.assign(local)` may pick (kb keys apart)."""
    group = coarse(local.label)
    names = [local.name, *(m.text for m in local.mentions if m.kind != "surname")]
    keys = {(group, "=" + name_key(n)) for n in names}
    return keys | {(group, "~" + tok) for tok in name_key(local.name).split() if len(tok) >= MIN_BLOCK_TOKEN}


class Linker:
    """Assigns canonical entities, incrementally: existing entities are loaded, new ones numbered on.

    It needs only the existing entities a batch can link to (`wanted_keys`, kb keys), loaded in id order,
    and the next free number when those are not all of them.
    """

    def __init__(self, entities: Iterable[Entity], kb: KnowledgeBase, next_number: int = 1) -> None:
        self.kb = kb
        self.entities: dict[str, Entity] = {}
        self._by_kb: dict[str, str] = {}
        self._by_key: dict[tuple[str, str], str] = {}
        self._by_token: dict[tuple[str, str], set[str]] = defaultdict(set)
        self._next = next_number
        for e in entities:
            self._remember(e)
            if e.id[1:].isdigit():
                self._next = max(self._next, int(e.id[1:]) + 1)
        self.changed: dict[str, Entity] = {}  # entities created or given new aliases by this linker

    def _remember(self, e: Entity) -> None:
        self.entities[e.id] = e
        if e.kb_key:
            self._by_kb[e.kb_key] = e.id
        group = coarse(e.type)
        for name in (e.name, *e.aliases):
            key = name_key(name)
            if not key:
                continue
            self._by_key.setdefault((group, key), e.id)
            for tok in key.split():
                if len(tok) >= MIN_BLOCK_TOKEN:
                    self._by_token[(group, tok)].add(e.id)

    def _find(self, local: LocalEntity) -> str | None:
        if local.kb_key:
            return self._by_kb.get(local.kb_key)
        group = coarse(local.label)
        names = [local.name, *(m.text for m in local.mentions if m.kind != "surname")]
        for name in names:
            found = self._by_key.get((group, name_key(name)))
            if found:
                return found
        key = name_key(local.name)
        candidates = set().union(*(self._by_token.get((group, t), set()) for t in key.split())) if key else set()
        if group == "PER" and len(key.split()) == 1:
            # a surname alone: the one known person whose name ends with it
            owners = [c for c in candidates if name_key(self.entities[c].name).split()[-1:] == [key]]
            return owners[0] if len(owners) == 1 else None
        best, best_score = None, 0.0
        for c in sorted(candidates):
            e = self.entities[c]
            score = max(fuzz.token_sort_ratio(key, name_key(n)) for n in (e.name, *e.aliases))
            if score >= FUZZY_MIN and score > best_score:
                best, best_score = c, score
        return best

    def assign(self, local: LocalEntity) -> Entity:
        """The canonical entity for a local entity, created if new; its aliases grow with the mentions."""
        found = self._find(local)
        surface = [m.text for m in local.mentions if m.kind in ("name", "alias", "surname")]
        if found is None:
            entry = self.kb.get(local.kb_key)
            aliases = entry.names if entry else ()
            entity = Entity(
                id=f"e{self._next}",
                name=entry.name if entry else local.name,
                type=entry.type if entry else local.label,
                kb_key=local.kb_key,
                wikidata=entry.wikidata if entry else local.wikidata,
                aliases=tuple(dict.fromkeys([*aliases, *surface])),
            )
            self._next += 1
        else:
            old = self.entities[found]
            added = [s for s in dict.fromkeys(surface) if s not in old.aliases and s != old.name]
            if not added:
                return old
            entity = Entity(old.id, old.name, old.type, old.kb_key, old.wikidata, (*old.aliases, *added))
        self._remember(entity)
        self.changed[entity.id] = entity
        return entity
