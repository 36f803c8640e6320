"""Near-duplicate documents and passages, found incrementally through LSH band keys in a real SQLite store."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from datasketch import MinHashLSH
from helpers import ingest_into
from hypothesis import given, settings
from hypothesis import strategies as st

from recoupe import duplicates, export
from recoupe.store import Store

TRAM = (
    "Le conseil municipal de Rennes a voté lundi soir la création d'une troisième ligne de tramway, "
    "un projet estimé à 480 millions d'euros. La nouvelle ligne reliera la gare au campus de Beaulieu "
    "en traversant les quartiers de l'est, où vivent près de quarante mille habitants. Les travaux "
    "doivent commencer au printemps 2026 et durer quatre ans. L'opposition a dénoncé un calendrier "
    "trop serré et réclamé une consultation des commerçants, inquiets de voir leurs rues fermées "
    "pendant de longs mois. La maire a répondu que des aides seraient versées aux boutiques touchées "
    "et que les bus de substitution circuleraient toutes les six minutes."
)
# The same dispatch as another outlet runs it: a new title, three words changed, the last clause cut.
TRAM_EDITED = (
    "Le conseil municipal de Rennes a adopté lundi soir la création d'une troisième ligne de tramway, "
    "un projet estimé à 480 millions d'euros. La nouvelle ligne reliera la gare au campus de Beaulieu "
    "en traversant les quartiers de l'est, où vivent près de quarante mille habitants. Les travaux "
    "doivent débuter au printemps 2026 et durer quatre ans. L'opposition a critiqué un calendrier "
    "trop serré et réclamé une consultation des commerçants, inquiets de voir leurs rues fermées "
    "pendant de longs mois. La maire a répondu que des aides seraient versées aux boutiques touchées."
)
HAIL = (
    "Un violent orage de grêle a frappé samedi les vignobles de la côte de Beaune, détruisant par "
    "endroits la moitié de la récolte attendue. Les grêlons, gros comme des noix, sont tombés pendant "
    "vingt minutes sur les parcelles de Meursault et de Pommard. Les viticulteurs, qui sortaient d'un "
    "printemps déjà marqué par le gel, demandent la reconnaissance de l'état de calamité agricole. "
    "La chambre d'agriculture estime que les pertes pourraient dépasser douze millions d'euros."
)
CLUB = (
    "Le club de football de Guingamp a présenté mardi son nouvel entraîneur, un ancien défenseur passé "
    "par plusieurs équipes de Ligue 2. Il a signé un contrat de deux ans et promet un jeu offensif. "
    "Le président du club espère remonter en première division d'ici la fin de la saison prochaine, "
    "malgré un budget en baisse et le départ de trois joueurs cadres pendant l'été."
)
# A ministry statement that two otherwise different articles quote in full.
STATEMENT = (
    "Dans un communiqué publié jeudi, le ministère des Transports affirme que les négociations restent "
    "ouvertes, que les usagers seront remboursés intégralement pour chaque train supprimé et que des "
    "cars supplémentaires seront affrétés sur les lignes les plus touchées de la région."
)
STRIKE_COMMUTERS = (
    "À la gare de Lille-Flandres, les voyageurs se pressaient dès six heures du matin devant les "
    "panneaux d'affichage, où la plupart des trains régionaux apparaissaient comme annulés.\n"
    f"{STATEMENT}\n"
    "Une infirmière qui travaille à Arras raconte avoir dormi chez une collègue pour être sûre "
    "d'arriver à l'heure, tandis que d'autres ont choisi le covoiturage."
)
STRIKE_UNIONS = (
    "Les syndicats de cheminots ont reconduit la grève pour une troisième journée, après l'échec "
    "d'une réunion de sept heures avec la direction régionale sur les salaires et les effectifs.\n"
    f"{STATEMENT}\n"
    "Les représentants du personnel jugent ces promesses insuffisantes et appellent à un nouveau "
    "rassemblement devant le siège de la région lundi prochain."
)


def _pairs(store: Store, kind: str) -> set[tuple[str, str]]:
    return {(d.doc, d.duplicate_of) for d in store.duplicates() if d.kind == kind}


def test_an_exact_copy_is_a_duplicate_of_the_document_stored_first(store: Store, tmp_path: Path) -> None:
    ingest_into(store, tmp_path, {"id": "tram", "text": TRAM}, {"id": "hail", "text": HAIL})
    ingest_into(store, tmp_path, {"id": "copy", "title": "Rennes aura sa troisième ligne", "text": TRAM})
    found = [d for d in store.duplicates() if d.kind == "document"]
    assert [(d.doc, d.duplicate_of) for d in found] == [("copy", "tram")]
    assert found[0].similarity >= 0.8


def test_a_lightly_edited_copy_is_found_and_unrelated_articles_are_not(store: Store, tmp_path: Path) -> None:
    ingest_into(store, tmp_path, {"id": "a-tram", "text": TRAM}, {"id": "b-hail", "text": HAIL},
            {"id": "c-club", "text": CLUB},
            {"id": "d-edited", "title": "Un tram de plus à Rennes", "text": TRAM_EDITED})
    assert _pairs(store, "document") == {("d-edited", "a-tram")}
    similarity = next(d.similarity for d in store.duplicates() if d.doc == "d-edited")
    assert duplicates.THRESHOLDS["document"] <= similarity < 1.0


def test_a_shared_passage_is_found_with_its_spans_in_both_documents(store: Store, tmp_path: Path) -> None:
    ingest_into(store, tmp_path, {"id": "commuters", "text": STRIKE_COMMUTERS}, {"id": "unions", "text": STRIKE_UNIONS})
    assert _pairs(store, "document") == set()
    [passage] = [d for d in store.duplicates() if d.kind == "passage"]
    assert (passage.doc, passage.duplicate_of) == ("unions", "commuters")
    assert passage.text == passage.of_text == STATEMENT
    texts = {d.id: d.text for d in store.documents()}
    assert texts["unions"][passage.start:passage.end] == STATEMENT  # type: ignore[misc]
    assert texts["commuters"][passage.of_start:passage.of_end] == STATEMENT  # type: ignore[misc]


def test_a_replaced_document_takes_its_duplicate_rows_with_it(store: Store, tmp_path: Path) -> None:
    ingest_into(store, tmp_path, {"id": "tram", "text": TRAM}, {"id": "copy", "text": TRAM})
    assert _pairs(store, "document") == {("copy", "tram")}
    ingest_into(store, tmp_path, {"id": "copy", "text": CLUB})  # same id, new content: the document is replaced
    assert store.duplicates() == []
    ingest_into(store, tmp_path, {"id": "tram", "text": CLUB})  # now the first one repeats the new "copy"
    assert _pairs(store, "document") == {("tram", "copy")}


def test_only_new_documents_are_signed(store: Store, tmp_path: Path) -> None:
    ingest_into(store, tmp_path, {"id": "tram", "text": TRAM}, {"id": "hail", "text": HAIL})
    assert duplicates.update(store) == 0
    ingest_into(store, tmp_path, {"id": "club", "text": CLUB})
    assert store.unsigned() == []


def test_candidates_come_from_an_index_lookup_of_band_keys(store: Store) -> None:
    db: sqlite3.Connection = store.db  # type: ignore[attr-defined]
    plan = " ".join(r[3] for r in db.execute(
        "EXPLAIN QUERY PLAN SELECT doc_id, seq FROM lsh_bands WHERE key IN (1, 2, 3)"))
    assert "USING COVERING INDEX lsh_bands_key" in plan


def test_band_parameters_are_the_ones_datasketch_chooses_for_the_threshold() -> None:
    lsh = MinHashLSH(threshold=duplicates.THRESHOLDS["document"], num_perm=duplicates.NUM_PERM)
    assert duplicates.lsh_params("document") == (lsh.b, lsh.r)


def test_source_groups_join_an_outlet_and_syndicated_copies(store: Store, tmp_path: Path) -> None:
    ingest_into(store, tmp_path,
            {"id": "a", "text": TRAM, "outlet": "Ouest-France"}, {"id": "b", "text": HAIL, "outlet": "Ouest-France"},
            {"id": "c", "text": TRAM_EDITED, "outlet": "Le Télégramme"},
            {"id": "d", "text": CLUB, "outlet": "L'Équipe"},
            {"id": "e", "text": STRIKE_UNIONS})
    groups = duplicates.source_groups(store)
    assert groups["a"] == groups["b"] == groups["c"]  # b by outlet, c as a syndicated copy of a
    assert len({groups["a"], groups["d"], groups["e"]}) == 3


def test_the_export_holds_both_kinds_and_documents_their_keys(store: Store, tmp_path: Path) -> None:
    ingest_into(store, tmp_path, {"id": "commuters", "text": STRIKE_COMMUTERS}, {"id": "unions", "text": STRIKE_UNIONS},
            {"id": "tram", "text": TRAM}, {"id": "copy", "text": TRAM_EDITED})
    data = export.build(store)
    assert export.validate(data) == []
    assert {d["kind"] for d in data["duplicates"]} == {"document", "passage"}
    documented = (Path(__file__).resolve().parent.parent / "docs" / "export.md").read_text("utf-8")
    contract = {"doc", "duplicate_of", "similarity"}
    missing = sorted(k for d in data["duplicates"] for k in d if k not in contract and f"`{k}`" not in documented)
    assert missing == []


_texts = st.text(st.sampled_from("abc éÉ ßİ\n.,'"), max_size=300) | st.text(max_size=200)


@settings(max_examples=60, deadline=None)
@given(_texts, _texts)
def test_any_text_signs_and_similarity_is_symmetric_and_bounded(a: str, b: str) -> None:
    signatures = duplicates.sign("x", a)
    assert signatures[0].seq == 0 and (signatures[0].start, signatures[0].end) == (0, len(a))
    assert all(0 <= s.start < s.end <= len(a) for s in signatures[1:])
    x, y = duplicates.minhash(a), duplicates.minhash(b)
    if x is None or y is None:
        return
    assert duplicates.similarity(x, y) == duplicates.similarity(y, x)
    assert 0.0 <= duplicates.similarity(x, y) <= 1.0
    assert duplicates.similarity(x, x.tobytes()) == 1.0
