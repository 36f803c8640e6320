"""Story clusters, incrementally: a new article joins the closest story or opens one; nothing is reclustered."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from helpers import ingest_into
from hypothesis import given, settings
from hypothesis import strategies as st

from recoupe import export, stories
from recoupe.records import Entity, StorySummary
from recoupe.store import Store

FLOOD_1 = (
    "Des pluies diluviennes se sont abattues jeudi sur le Gard, où Météo-France avait placé le département "
    "en vigilance rouge. À Nîmes, plusieurs rues du centre ont été transformées en torrents et les "
    "pompiers ont procédé à une cinquantaine d'hélitreuillages. Le préfet du Gard a fermé toutes les écoles "
    "et demandé aux habitants de ne pas prendre leur voiture. Dans la soirée, la crue du Gardon menaçait "
    "les quartiers bas d'Alès."
)
FLOOD_2 = (
    "Le Gardon est sorti de son lit dans la nuit de jeudi à vendredi et a inondé les quartiers bas d'Alès, "
    "a confirmé le préfet du Gard. Météo-France maintient la vigilance rouge aux pluies et inondations. "
    "À Nîmes, les pompiers ont secouru des automobilistes bloqués par les eaux. Les écoles du département "
    "resteront fermées vendredi et les trains entre Nîmes et Alès sont suspendus."
)
FLOOD_3 = (
    "Au lendemain de la crue du Gardon, les habitants d'Alès découvrent l'ampleur des dégâts : caves "
    "inondées, voitures emportées, commerces dévastés. Le préfet du Gard annonce que l'état de catastrophe "
    "naturelle sera demandé. Météo-France a levé la vigilance rouge samedi matin, mais les pompiers restent "
    "mobilisés à Nîmes pour pomper l'eau des sous-sols."
)
CYCLING = (
    "Tadej Pogačar a remporté en solitaire la quinzième étape du Tour de France, au sommet du Plateau de "
    "Beille dans les Pyrénées. Le Slovène a attaqué à cinq kilomètres de l'arrivée et devancé Jonas "
    "Vingegaard de plus d'une minute. Il conforte son maillot jaune avant la dernière semaine de course, "
    "qui s'achèvera à Nice."
)


def _story_of(store: Store) -> dict[str, str]:
    return {doc: s.id for s in store.stories() for doc in s.documents}


def test_articles_on_one_event_join_one_story_and_others_open_their_own(store: Store, tmp_path: Path) -> None:
    ingest_into(store, tmp_path, {"id": "flood-1", "text": FLOOD_1, "published": "2024-10-17"},
            {"id": "flood-2", "text": FLOOD_2, "published": "2024-10-18"})
    ingest_into(store, tmp_path, {"id": "tour", "text": CYCLING, "published": "2024-07-14"})
    before = _story_of(store)
    assert before["flood-1"] == before["flood-2"] != before["tour"]
    ingest_into(store, tmp_path, {"id": "flood-3", "text": FLOOD_3, "published": "2024-10-19"})
    after = _story_of(store)
    assert after["flood-3"] == after["flood-1"]
    assert {doc: after[doc] for doc in before} == before  # adding an article never moves earlier ones
    [flood] = [s for s in store.stories() if "flood-1" in s.documents]
    assert flood.documents == ("flood-1", "flood-2", "flood-3")
    assert (flood.first, flood.last) == ("2024-10-17", "2024-10-19")


def test_a_story_label_names_what_it_is_about(store: Store, tmp_path: Path) -> None:
    ingest_into(store, tmp_path, {"id": "flood-1", "text": FLOOD_1}, {"id": "flood-2", "text": FLOOD_2})
    [story] = store.stories()
    names = [n.strip() for n in story.label.split(":")[0].split(",")]
    assert 2 <= len(names) <= stories.LABEL_ENTITIES and set(names) & {"Gard", "Gardon", "Alès", "Nîmes"}
    assert ":" in story.label  # and a key word after the names


def test_a_label_names_each_name_once(store: Store) -> None:
    store.link([Entity("e1", "Maëlys", "PER"), Entity("e2", "Maëlys", "LOC"), Entity("e3", "Isère", "LOC")], [])
    feats = [("e:e1", 3.0), ("e:e2", 2.0), ("e:e3", 1.0), ("w:disparition", 1.0)]
    assert stories._label(store, feats, {}) == "Maëlys, Isère : disparition"


def test_a_replaced_article_leaves_its_story_which_is_repaired(store: Store, tmp_path: Path) -> None:
    ingest_into(store, tmp_path, {"id": "flood-1", "text": FLOOD_1}, {"id": "flood-2", "text": FLOOD_2},
            {"id": "flood-3", "text": FLOOD_3})
    [flood] = store.stories()
    [before] = store.story_summaries([flood.id])
    assert before.size == 3 and "w:catastrophe" in dict(before.features)  # only flood-3 says it
    ingest_into(store, tmp_path, {"id": "flood-3", "text": CYCLING})  # same id, new content
    assert _story_of(store)["flood-3"] != flood.id
    [after] = store.story_summaries([flood.id])
    assert after.size == 2 and "w:catastrophe" not in dict(after.features)


def test_only_new_documents_are_assigned(store: Store, tmp_path: Path) -> None:
    ingest_into(store, tmp_path, {"id": "flood-1", "text": FLOOD_1}, {"id": "tour", "text": CYCLING})
    assert stories.update(store) == 0
    assert store.unstoried() == []


def test_candidate_stories_come_from_an_index_lookup(store: Store) -> None:
    db: sqlite3.Connection = store.db  # type: ignore[attr-defined]
    plan = " ".join(r[3] for r in db.execute(
        "EXPLAIN QUERY PLAN SELECT story_id FROM story_features WHERE feature IN ('e:e1', 'w:crue') GROUP BY story_id"))
    assert "USING INDEX story_features_feature" in plan or "USING COVERING INDEX" in plan


def test_the_export_lists_stories_with_documented_keys(store: Store, tmp_path: Path) -> None:
    ingest_into(store, tmp_path, {"id": "flood-1", "text": FLOOD_1, "published": "2024-10-17"},
            {"id": "tour", "text": CYCLING})
    data = export.build(store)
    assert export.validate(data) == []
    assert sorted(d for s in data["stories"] for d in s["documents"]) == ["flood-1", "tour"]
    documented = (Path(__file__).resolve().parent.parent / "docs" / "export.md").read_text("utf-8")
    missing = sorted(k for s in data["stories"] for k in s
                     if k not in {"id", "label", "documents"} and f"`{k}`" not in documented)
    assert missing == []


def test_rare_entities_weigh_more_than_common_ones() -> None:
    story = StorySummary("s1", 1, None, None, (("e:common", 1.0), ("e:rare", 1.0)))
    idf = {"e:common": 1.1, "e:rare": 6.0}
    assert (stories.score_story({"e:rare": 1.0}, story, None, idf)
            > stories.score_story({"e:common": 1.0}, story, None, idf))


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300), st.dates().map(str) | st.none() | st.text(max_size=12),
       st.dates().map(str) | st.none())
def test_any_text_and_date_give_bounded_scores(text: str, published: str | None, first: str | None) -> None:
    words = stories.content_words(text)
    assert all(len(w) >= 3 and w.islower() for w in words)
    closeness = stories.date_closeness(published, first, first)
    assert 0.0 <= closeness <= 1.0
    feats = {"w:" + w: 1.0 for w in words} or {"e:x": 1.0}
    story = StorySummary("s1", 1, first, first, tuple(feats.items()))
    score = stories.score_story(feats, story, published, dict.fromkeys(feats, 2.0))
    assert 0.0 <= score <= 1.0 + 1e-9
