"""CSV, GraphML and PLOVER exports: a real export of articles written for these tests, and a small hand-built
export (checked with export.validate) for the events, checks and stories their stages do not produce yet."""

from __future__ import annotations

import csv
import io
import json
import math
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
import pytest
from helpers import ingest_articles, span, valid_export
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from recoupe import export, exports
from recoupe.cli import app
from recoupe.errors import ExportError
from recoupe.exports import plover, tables

G = "{http://graphml.graphdrawing.org/xmlns}"
ARTICLES = [
    {"id": "nantes-1", "outlet": "Presse Océane", "published": "2024-09-02",
     "title": "Grève au port, « 12 » navires bloqués",
     "text": "Le port de Nantes-Saint-Nazaire est bloqué depuis lundi, selon la CGT.\n"
             "« Nous ne lâcherons rien », a déclaré Julien Marchais, secrétaire du syndicat, devant 300 grévistes.\n"
             "La préfecture de Loire-Atlantique évoque, elle, \"une centaine\" de personnes, NA."},
    {"id": "nantes-2", "outlet": "Le Journal de l'Estuaire", "published": None,
     "title": "NA",
     "text": "À Saint-Nazaire, la CGT et la direction du port ont repris les discussions mardi.\n"
             "Julien Marchais a jugé la proposition « insuffisante »."},
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ingest_articles(tmp_path_factory.mktemp("exports"), ARTICLES)


@pytest.fixture(scope="module")
def real(db: Path) -> dict[str, Any]:
    return valid_export(db)


def _entity(entity_id: str, name: str, kind: str, kb_key: str | None, kb_id: str | None,
            mentions: list[dict[str, Any]]) -> dict[str, Any]:
    return {"id": entity_id, "name": name, "type": kind, "kb_id": kb_id, "aliases": [], "kb_key": kb_key,
            "mentions": mentions}


def _handmade() -> dict[str, Any]:
    k1 = {"id": "k1", "source": "k1.txt", "outlet": "Le Veilleur", "title": "Lavrov à Ankara", "language": "fr",
          "published": "2024-06-03", "published_inferred": False, "removed": [],
          "text": "Sergueï Lavrov a rencontré à Ankara le ministre turc Hakan Fidan.\nLe Japon observe.\n"
                  "Selon Ankara, Lavrov et Fidan auraient signé un accord."}
    k2 = {"id": "k2", "source": "k2.txt", "outlet": None, "title": None, "language": "fr", "published": None,
          "published_inferred": False, "removed": [], "text": "Moscou dément tout accord signé avec Ankara."}
    entities = [
        _entity("e1", "Sergueï Lavrov", "PER", "sergey-lavrov", None,
                [span(k1, "Sergueï Lavrov"), span(k1, "Lavrov", 80)]),
        _entity("e2", "Hakan Fidan", "PER", None, None, [span(k1, "Hakan Fidan"), span(k1, "Fidan", 80)]),
        _entity("e3", "Ankara", "GPE", "ankara", "Q3640",
                [span(k1, "Ankara"), span(k1, "Ankara", 80), span(k2, "Ankara")]),
        _entity("e5", "Japon", "GPE", "japan", "Q17", [span(k1, "Japon")]),
        _entity("e6", "Russie", "GPE", "russia", "Q159", [{**span(k2, "Moscou"), "kind": "metonym"}]),
    ]
    meet = {"id": "v1", "type": "CONSULT", "mode": "meet", "label": "Lavrov rencontre Fidan", "actors": ["e1"],
            "targets": ["e2"], "date": "2024-06-03", "location": "e3", "modality": "asserted",
            "mentions": [{**span(k1, "Sergueï Lavrov a rencontré à Ankara le ministre turc Hakan Fidan"),
                          "modality": "asserted"}]}
    sign = {"id": "v2", "type": "AGREE", "mode": "sign", "label": "Accord russo-turc", "actors": ["e1", "e2"],
            "targets": [], "date": None, "location": None, "modality": "hedged",
            "mentions": [{**span(k1, "Lavrov et Fidan auraient signé un accord"), "modality": "hedged"},
                         {**span(k2, "Moscou dément tout accord signé avec Ankara"), "modality": "denied"}]}
    threat = {"id": "v3", "type": "THREATEN", "mode": None, "actors": ["e5"], "targets": ["e6"], "date": None,
              "location": None, "modality": "planned", "mentions": []}
    data = {
        "format": export.FORMAT, "documents": [k1, k2], "entities": entities, "quotes": [], "figures": [],
        "times": [], "rejected": [],
        "roles": [{**span(k1, "ministre turc"), "person": "e2", "role": "ministre turc", "of": None,
                   "of_kb": "turkey"}],
        "events": [meet, sign, threat],
        "stories": [{"id": "s1", "label": "Lavrov en Turquie", "documents": ["k1", "k2"]}],
        "duplicates": [{"doc": "k2", "duplicate_of": "k1", "similarity": 0.25}],
        "checks": [{"id": "c1", "kind": "event", "subject": "Accord signé ?", "entities": ["e1", "e2"],
                    "status": "conflicting", "explanation": "Un média le rapporte, Moscou le dément.",
                    "claims": [{**span(k1, "auraient signé un accord"), "value": "hedged", "source": None},
                               {**span(k2, "dément tout accord"), "value": {"modality": "denied"},
                                "source": "e6"}]}],
    }
    assert export.validate(data) == []
    return data


def _read(path: Path, table: str) -> pd.DataFrame:
    return pd.read_csv(path / f"{table}.csv", dtype=tables.dtypes(tables.COLUMNS[table]),
                       keep_default_na=False, na_values=[""])


def _same(written: Any, read: Any) -> bool:
    """A value of the export against what pandas read back."""
    if written is None or written == []:
        return read is None or read is pd.NA or (isinstance(read, float) and math.isnan(read))
    if isinstance(written, list):
        return bool(read == ";".join(map(str, written)))
    if isinstance(written, dict):
        return bool(json.loads(read) == written)
    return bool(read == written)


@pytest.mark.parametrize("make", ["real", "handmade"])
def test_every_table_round_trips_through_pandas(make: str, real: dict[str, Any], tmp_path: Path) -> None:
    data = real if make == "real" else _handmade()
    written = exports.write(data, "csv", tmp_path / "csv")
    assert sorted(p.name for p in written) == sorted(f"{t}.csv" for t in tables.COLUMNS)
    nested = {"mentions": ("entities", "mentions", "entity"), "event_mentions": ("events", "mentions", "event"),
              "check_claims": ("checks", "claims", "check")}
    for table in ("documents", "quotes", "figures", "times", "roles", "events", "checks", "stories", "duplicates",
                  *nested):
        if table in nested:
            owners, key, owner = nested[table]
            records = [{owner: o["id"], **r} for o in data[owners] for r in o[key]]
        else:
            records = data[table]
        frame = _read(tmp_path / "csv", table)
        assert list(frame.columns) == list(tables.COLUMNS[table])
        assert len(frame) == len(records), table
        for record, row in zip(records, frame.to_dict("records"), strict=True):
            for column in frame.columns:
                if column in record:
                    assert _same(record[column], row[column]), (table, column, record[column], row[column])
    if make == "real":
        documents = pd.read_csv(tmp_path / "csv" / "documents.csv")  # plain pandas: types come out right too
        assert documents["published_inferred"].dtype == bool and list(documents["text"]) == [
            d["text"] for d in data["documents"]]
        assert {"Julien Marchais", "CGT"} <= set(_read(tmp_path / "csv", "entities")["name"])
        assert "NA" in set(_read(tmp_path / "csv", "documents")["title"])  # a title, not a missing value


def test_plover_rows_name_actors_targets_and_their_countries() -> None:
    data = _handmade()
    frame = pd.read_csv(io.StringIO(exports.render(data, "plover")), keep_default_na=False, na_values=[""],
                        dtype=str)
    assert list(frame.columns) == list(plover.COLUMNS)
    rows = frame.fillna("").to_dict("records")
    assert [(r["event_id"], r["mention"], r["modality"], r["doc"]) for r in rows] == [
        ("v1", "0", "asserted", "k1"), ("v2", "0", "hedged", "k1"), ("v2", "1", "denied", "k2"),
        ("v3", "", "planned", "")]
    meet, sign, _, threat = rows
    # Lavrov: his current role in the knowledge base; Fidan: the role the text gives him; Ankara: its state.
    assert (meet["actor_names"], meet["actor_countries"], meet["actor_country_kb_ids"]) == (
        "Sergueï Lavrov", "Russie", "Q159")
    assert (meet["target_names"], meet["target_countries"], meet["target_country_kb_ids"]) == (
        "Hakan Fidan", "Turquie", "Q43")
    assert (meet["location"], meet["location_kb_id"], meet["event_type"], meet["mode"]) == (
        "Ankara", "Q3640", "CONSULT", "meet")
    assert (sign["actor_names"], sign["actor_ids"], sign["actor_countries"]) == (
        "Sergueï Lavrov;Hakan Fidan", "e1;e2", "Russie;Turquie")
    k1 = data["documents"][0]["text"]
    assert k1[int(meet["start"]):int(meet["end"])] == meet["text"] and meet["outlet"] == "Le Veilleur"
    assert (threat["actor_countries"], threat["target_countries"], threat["target_kb_ids"]) == (
        "Japon", "Russie", "Q159")


def test_graphml_holds_the_entity_event_graph() -> None:
    data = _handmade()
    text = exports.render(data, "graphml")
    root = ET.fromstring(text.encode("utf-8"))
    graph = root.find(f"{G}graph")
    assert graph is not None
    keys = {k.get("id"): k.get("attr.name") for k in root.findall(f"{G}key")}
    nodes = {n.get("id"): {keys[d.get("key")]: d.text for d in n.findall(f"{G}data")}
             for n in graph.findall(f"{G}node")}
    assert set(nodes) == {f"entity:{e['id']}" for e in data["entities"]} | {f"event:{v['id']}" for v in
                                                                         data["events"]}
    assert nodes["event:v1"]["label"] == "Lavrov rencontre Fidan" and nodes["entity:e3"]["kb_id"] == "Q3640"
    edges = {(e.get("source"), e.get("target"), d.text) for e in graph.findall(f"{G}edge")
             for d in e.findall(f"{G}data") if keys[d.get("key")] == "relation"}
    assert {("entity:e1", "event:v1", "actor"), ("event:v1", "entity:e2", "target"),
            ("event:v1", "entity:e3", "location"), ("entity:e1", "event:v2", "actor"),
            ("entity:e2", "event:v2", "actor"), ("entity:e5", "event:v3", "actor"),
            ("event:v3", "entity:e6", "target")} <= edges
    loaded = nx.read_graphml(io.StringIO(text))
    weights = {tuple(sorted((a, b))): w["weight"] for a, b, w in loaded.edges(data=True)
               if w["relation"] == "co-occurrence"}
    # k1: Lavrov, Fidan and Ankara share two paragraphs; Japan is alone in its own; k2 pairs Moscow and Ankara.
    assert weights == {("entity:e1", "entity:e2"): 2.0, ("entity:e1", "entity:e3"): 2.0,
                       ("entity:e2", "entity:e3"): 2.0, ("entity:e3", "entity:e6"): 1.0}
    assert loaded.nodes["entity:e3"]["mentions"] == 3


def test_export_command_writes_every_format(db: Path, real: dict[str, Any], tmp_path: Path) -> None:
    runner = CliRunner()
    for fmt in ("json", "graphml", "plover"):
        out = tmp_path / f"out.{fmt}"
        result = runner.invoke(app, ["export", "--db", str(db), "--format", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert out.read_bytes().decode("utf-8") == exports.render(real, fmt)
        stdout = runner.invoke(app, ["export", "--db", str(db), "--format", fmt])
        assert stdout.exit_code == 0 and stdout.stdout_bytes.decode("utf-8") == exports.render(real, fmt)
    assert json.loads((tmp_path / "out.json").read_text("utf-8")) == real
    assert runner.invoke(app, ["export", "--db", str(db), "--format", "csv", "-o", str(tmp_path / "c")]
                         ).exit_code == 0
    assert (tmp_path / "c" / "documents.csv").is_file()
    no_folder = runner.invoke(app, ["export", "--db", str(db), "--format", "csv"])
    assert no_folder.exit_code == 2 and "-o DIR" in no_folder.output
    bad = runner.invoke(app, ["export", "--db", str(db), "--format", "xml"])
    assert bad.exit_code == 2 and "available formats: json, csv, graphml, plover" in bad.output
    with pytest.raises(ExportError, match="folder"):
        exports.write(real, "csv", tmp_path / "out.json")


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30)


@settings(max_examples=60, deadline=None)
@given(text=_TEXT, name=_TEXT, title=st.none() | _TEXT)
def test_any_text_round_trips_through_csv(text: str, name: str, title: str | None) -> None:
    doc = {"id": "d,1", "source": "s", "outlet": None, "title": title, "language": "fr", "published": None,
           "published_inferred": True, "text": text, "removed": []}
    data = {"format": export.FORMAT, "documents": [doc], "quotes": [], "figures": [], "times": [], "events": [],
            "stories": [], "duplicates": [], "checks": [],
            "entities": [_entity("e1", name, "MISC", None, None, [span(doc, text)])]}
    assert export.validate(data) == []
    out = io.StringIO()
    tables.write_rows(out, tables.COLUMNS["mentions"], tables.rows(data, "mentions"))
    frame = pd.read_csv(io.StringIO(out.getvalue()), dtype=tables.dtypes(tables.COLUMNS["mentions"]),
                        keep_default_na=False, na_values=[""])
    assert frame.to_dict("records")[0] | {"kind": None} == {"entity": "e1", "doc": "d,1", "start": 0,
                                                            "end": len(text), "text": text, "kind": None}
    out = io.StringIO()
    tables.write_rows(out, tables.COLUMNS["documents"], tables.rows(data, "documents"))
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["text"] == text and row["title"] == (title or "") and row["published_inferred"] == "true"
