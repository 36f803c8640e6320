"""Times stage against gold: the seeds and the French TimeBank dev half, scored by shared/eval/score.py.

Floors only go up (measured values are in docs/times.md). The FTiB test converts the TimeML files with
shared/eval/timeml.py, as the CI gate does, and runs the stage on each text with its creation date.
"""

from __future__ import annotations

import importlib.util
import json
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from recoupe.clean import clean
from recoupe.ingest import read_sources
from recoupe.records import Document, RawDocument
from recoupe.times import find_times

TODAY = date(2026, 11, 21)


def _module(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _score(shared: Path, docs: list[Document], model: Any, gold: dict[str, Any]) -> dict[str, Any]:
    """The scorer's result for the stage's times (and inferred publication dates) over the documents."""
    export: dict[str, Any] = {"format": "recoupe-export/1", "documents": [], "entities": [], "quotes": [],
                              "figures": [], "times": [], "events": [], "stories": [], "duplicates": [],
                              "checks": []}
    for doc, parsed in zip(docs, model.pipe([d.text for d in docs]), strict=True):
        times, anchor = find_times(doc, parsed, today=TODAY)
        export["documents"].append({"id": doc.id, "text": doc.text, "published": doc.published or anchor})
        export["times"] += [{"doc": doc.id, "start": t.start, "end": t.end, "text": t.text, "value": t.value,
                             "type": t.type} for t in times]
    result: dict[str, Any] = _module(shared / "eval" / "score.py").Scorer(export, gold).run()
    return result


@pytest.mark.slow
def test_seeds(shared: Path, model: Any) -> None:
    raws = [r for r in read_sources([shared / "corpus" / "seeds"]) if isinstance(r, RawDocument)]
    gold = json.loads((shared / "gold" / "seeds.json").read_text("utf-8"))
    result = _score(shared, [clean(r) for r in raws], model, gold)
    assert result["offsets"]["bad"] == 0
    assert result["times"]["f1"] >= 0.95, result["times"]
    assert result["times"]["value_f1"] >= 0.95, result["times"]["wrong_values"]
    assert result["published"]["score"] == 1.0


@pytest.mark.slow
def test_french_timebank_dev(shared: Path, model: Any) -> None:
    folder = shared / "data" / "ftib-dev"
    if not folder.is_dir():
        pytest.skip(f"no French TimeBank at {folder}")
    convert = _module(shared / "eval" / "timeml.py").convert
    docs, documents = [], {}
    for path in sorted(folder.glob("*.tml")):
        record, gold_doc = convert(path)
        docs.append(Document(record["id"], path.name, record["text"], record["title"], "hash",
                             published=record["published"]))
        documents[record["id"]] = gold_doc
    gold = {"entities": {}, "documents": documents, "events": [], "checks": []}
    result = _score(shared, docs, model, gold)
    assert result["offsets"]["bad"] == 0
    assert result["times"]["f1"] >= 0.94, result["times"]
    assert result["times"]["value_f1"] >= 0.91, result["times"]["wrong_values"]
