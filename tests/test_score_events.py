"""scripts/score_events.py on a tiny export and gold written by hand: the four levels, symmetric types,
per-document modality, optional events and the --min floors."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "score_events.py"
_spec = importlib.util.spec_from_file_location("score_events", SCRIPT)
assert _spec and _spec.loader
score_events = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(score_events)


def mention(doc: str, trigger: str, modality: str) -> dict[str, Any]:
    return {"doc": doc, "start": 0, "end": 1, "text": "x", "trigger": trigger, "modality": modality}


GOLD: dict[str, Any] = {
    "format": "recoupe-gold/1",
    "entities": {
        "Russie": {"type": "GPE", "kb_id": None, "aliases": ["Russie", "Moscou"]},
        "Ukraine": {"type": "GPE", "kb_id": "Q212", "aliases": ["Ukraine"]},
        "France": {"type": "GPE", "kb_id": None, "aliases": ["France", "Paris"]},
        "Allemagne": {"type": "GPE", "kb_id": None, "aliases": ["Allemagne"]},
        "Sergueï Lavrov": {"type": "PER", "kb_id": None, "aliases": ["Sergueï Lavrov", "Lavrov"]},
    },
    "documents": {"d1": {}, "d2": {}},
    "events": [
        {"id": "E1", "doc": "d1", "type": "ACCUSE", "actors": ["Russie"], "targets": ["Ukraine"], "mode": "asserted",
         "trigger": "condamné", "what": "", "actors_also": ["Sergueï Lavrov"]},
        {"id": "E2", "doc": "d1", "type": ["REQUEST", "SUPPORT"], "actors": ["France"], "targets": [],
         "mode": "planned", "trigger": "appelle", "what": ""},
        {"id": "E3", "doc": "d2", "type": "AGREE", "actors": ["France"], "targets": ["Allemagne"],
         "mode": "asserted", "trigger": "signé", "what": ""},
    ],
    "events_optional": [
        {"id": "O1", "doc": "d1", "type": "SANCTION", "actors": ["France"], "targets": [], "mode": "planned",
         "trigger": "sanctions", "what": ""},
    ],
    "checks": [],
}

EXPORT: dict[str, Any] = {
    "format": "recoupe-export/1",
    "documents": [{"id": "d1"}, {"id": "d2"}, {"id": "d3"}],
    "entities": [
        {"id": "e1", "name": "Sergueï Lavrov", "type": "PER", "kb_id": None, "aliases": [], "mentions": []},
        {"id": "e2", "name": "Kiev", "type": "GPE", "kb_id": "Q212", "aliases": [], "mentions": []},
        {"id": "e3", "name": "Élysée", "type": "ORG", "kb_id": None, "aliases": [],
         "mentions": [{"doc": "d1", "start": 0, "end": 5, "text": "Paris"},
                      {"doc": "d2", "start": 0, "end": 6, "text": "France"}]},
        {"id": "e4", "name": "l'Allemagne", "type": "GPE", "kb_id": None, "aliases": [], "mentions": []},
    ],
    "events": [
        # right in every respect (actor through actors_also, target through the Wikidata id)
        {"id": "v1", "type": "ACCUSE", "actors": ["e1"], "targets": ["e2"], "modality": "asserted",
         "mentions": [mention("d1", "condamné", "asserted")]},
        # right but for the modality: the most assertive mention in d1 wins
        {"id": "v2", "type": "REQUEST", "actors": ["e3"], "targets": [], "modality": "asserted",
         "mentions": [mention("d1", "appelle", "planned"), mention("d1", "appelle", "asserted")]},
        # AGREE is symmetric: right in d2 with actor and target swapped; in d1 it matches nothing
        {"id": "v3", "type": "AGREE", "actors": ["e4"], "targets": ["e3"], "modality": "asserted",
         "mentions": [mention("d2", "signé", "asserted"), mention("d1", "accord", "asserted")]},
        # matches only the optional event: neutral
        {"id": "v4", "type": "SANCTION", "actors": ["e3"], "targets": [], "modality": "planned",
         "mentions": [mention("d1", "sanctions", "planned")]},
        # in a document the gold does not annotate: ignored
        {"id": "v5", "type": "ASSAULT", "actors": ["e1"], "targets": [], "modality": "asserted",
         "mentions": [mention("d3", "attaque", "asserted")]},
        # right type, wrong actor
        {"id": "v6", "type": "AGREE", "actors": ["e1"], "targets": ["e2"], "modality": "asserted",
         "mentions": [mention("d2", "accord", "asserted")]},
    ],
}


def test_levels_precision_and_recall() -> None:
    res = score_events.EventScorer(json.loads(json.dumps(EXPORT)), GOLD).run()
    assert (res["gold"], res["predicted"], res["neutral"]) == (3, 5, 1)
    # predictions: v1@d1 full, v2@d1 up to target, v3@d2 full, v3@d1 nothing, v6@d2 type only
    assert res["type"] == {"p": 0.8, "r": 1.0, "f1": 0.889}
    assert res["type_actor"] == {"p": 0.6, "r": 1.0, "f1": 0.75}
    assert res["type_actor_target"] == {"p": 0.6, "r": 1.0, "f1": 0.75}
    assert res["full"] == {"p": 0.4, "r": 0.667, "f1": 0.5}
    assert res["recall_by_mode"]["planned"] == {"gold": 1, "type_actor": 1.0, "full": 0.0}
    assert len(res["misses"]) == 1 and res["misses"][0].startswith("E2 d1")
    assert len(res["false_positives"]) == 1 and "d1 AGREE" in res["false_positives"][0]


def test_wrong_target_stops_at_actor_level() -> None:
    export = json.loads(json.dumps(EXPORT))
    export["events"] = [{"id": "v1", "type": "ACCUSE", "actors": ["e1"], "targets": ["e4"], "modality": "asserted",
                         "mentions": [mention("d1", "condamné", "asserted")]}]
    res = score_events.EventScorer(export, GOLD).run()
    assert res["type_actor"]["r"] == 0.333
    assert res["type_actor_target"]["r"] == 0.0 and res["type_actor_target"]["p"] == 0.0


def test_floors_and_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    x, g = tmp_path / "export.json", tmp_path / "gold.json"
    x.write_text(json.dumps(EXPORT), encoding="utf-8")
    g.write_text(json.dumps(GOLD), encoding="utf-8")
    assert score_events.main([str(x), str(g), "--min", "type.r=1.0", "--min", "full.p=0.4"]) == 0
    assert score_events.main([str(x), str(g), "--min", "full.r=0.9"]) == 1
    assert "below floor: full.r=0.667 < 0.9" in capsys.readouterr().out
    assert score_events.main([str(x), str(g), "--min", "nothing.p=0"]) == 1
    x.write_text("{", encoding="utf-8")
    assert score_events.main([str(x), str(g)]) == 2
