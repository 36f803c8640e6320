"""Cross-document linking: one canonical entity per real thing, incrementally."""

from __future__ import annotations

from recoupe.kb import KnowledgeBase
from recoupe.link import Linker, wanted_keys
from recoupe.records import Entity, LocalEntity, Mention
from recoupe.store import Store


def _local(name: str, label: str = "PER", kb_key: str | None = None, kind: str = "name") -> LocalEntity:
    return LocalEntity(f"x:{name}", name, label, (Mention(0, len(name), name, label, kind),), kb_key)


def test_spelling_variants_link_to_one_entity(kb: KnowledgeBase) -> None:
    linker = Linker([], kb)
    a = linker.assign(_local("Lee Jae-myung"))
    b = linker.assign(_local("Lee Jae Myung"))
    c = linker.assign(_local("Lee Jae-Myoung"))
    assert a.id == b.id == c.id
    assert set(c.aliases) >= {"Lee Jae-myung", "Lee Jae Myung", "Lee Jae-Myoung"}


def test_different_people_stay_apart(kb: KnowledgeBase) -> None:
    linker = Linker([], kb)
    assert linker.assign(_local("Jean Dupont")).id != linker.assign(_local("Jeanne Dupuis")).id


def test_same_name_different_type_stays_apart(kb: KnowledgeBase) -> None:
    linker = Linker([], kb)
    assert linker.assign(_local("Orange", "ORG")).id != linker.assign(_local("Orange", "LOC")).id


def test_surname_alone_links_to_the_one_person_it_can_be(kb: KnowledgeBase) -> None:
    linker = Linker([], kb)
    full = linker.assign(_local("Olaf Scholz"))
    assert linker.assign(_local("Scholz")).id == full.id


def test_knowledge_base_entries_link_by_key_and_use_the_kb_name(kb: KnowledgeBase) -> None:
    linker = Linker([], kb)
    a = linker.assign(_local("RPDC", "GPE", "north-korea", "alias"))
    b = linker.assign(_local("Corée du Nord", "LOC", "north-korea"))
    assert a.id == b.id
    assert a.name == "Corée du Nord" and a.wikidata == "Q423" and a.type == "GPE"


def test_linking_is_incremental(kb: KnowledgeBase) -> None:
    first = Linker([], kb)
    e = first.assign(_local("Lee Jae-myung"))
    second = Linker([Entity(e.id, e.name, e.type, aliases=e.aliases)], kb)
    assert second.assign(_local("Lee Jae Myung")).id == e.id
    assert second.assign(_local("Han Duck-soo")).id == "e2"


def test_a_batch_loads_only_the_entities_it_can_link_to(store: Store, kb: KnowledgeBase) -> None:
    known = [Entity("e1", "Lee Jae-myung", "PER", aliases=("Lee Jae-myung",)), Entity("e2", "Olaf Scholz", "PER"),
             Entity("e3", "Lyon", "LOC"), Entity("e7", "Corée du Nord", "GPE", kb_key="north-korea")]
    store.link(known, [])
    variant, surname = _local("Lee Jae Myung"), _local("Scholz")
    candidates = store.entity_candidates(["north-korea"], sorted(wanted_keys(variant) | wanted_keys(surname)))
    assert [e.id for e in candidates] == ["e1", "e2", "e7"]  # not Lyon
    linker = Linker(candidates, kb, store.next_entity_number())
    assert linker.assign(variant).id == "e1" and linker.assign(surname).id == "e2"
    assert linker.assign(_local("Han Duck-soo")).id == "e8"  # numbered after every stored entity
