"""The commands end to end on real files, a real SQLite file and the real model."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from recoupe.cli import app
from recoupe.export import validate

runner = CliRunner()

ARTICLE = ("Sommet à Berlin : l’Allemagne et la France relancent leur coopération\n\n"
           "Le chancelier allemand Olaf Scholz a reçu mardi à Berlin le président Emmanuel Macron. "
           "Paris et Berlin veulent « avancer ensemble », a déclaré M. Scholz.\n\n"
           "Partager sur Facebook\n")


def _corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "berlin.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "more.jsonl").write_text(json.dumps({
        "id": "j1", "title": "Macron à Madrid", "published": "2024-03-02", "outlet": "Le Journal",
        "text": "Emmanuel Macron a rencontré Pedro Sánchez à Madrid pour parler de l'Union européenne."},
        ensure_ascii=False) + "\n", encoding="utf-8")
    return folder


def _export(out: Path) -> dict:  # type: ignore[type-arg]
    data: dict = json.loads((out / "export.json").read_text("utf-8"))  # type: ignore[type-arg]
    return data


def test_run_writes_a_valid_export_and_briefing(tmp_path: Path) -> None:
    db, out = tmp_path / "kb.db", tmp_path / "out"
    result = runner.invoke(app, ["run", str(_corpus(tmp_path)), "--db", str(db), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    data = _export(out)
    assert validate(data) == []
    assert {d["id"] for d in data["documents"]} == {"berlin", "j1"}
    berlin = next(d for d in data["documents"] if d["id"] == "berlin")
    assert berlin["removed"] == [{"text": "Partager sur Facebook", "reason": "boilerplate",
                                  "rule": "share-or-subscribe"}]
    macron = [e for e in data["entities"] if e["name"] == "Emmanuel Macron"]
    assert len(macron) == 1 and {m["doc"] for m in macron[0]["mentions"]} == {"berlin", "j1"}
    j1 = next(d for d in data["documents"] if d["id"] == "j1")
    assert (j1["published"], j1["published_inferred"], j1["outlet"]) == ("2024-03-02", False, "Le Journal")
    assert "Emmanuel Macron" in (out / "briefing.html").read_text("utf-8")
    briefing = (out / "briefing.md").read_text("utf-8")
    assert "Emmanuel Macron" in briefing and "Partager sur Facebook" in briefing
    said = briefing.split("## Qui a dit quoi")[1].split("##")[0]  # French labels by default
    assert "**Olaf Scholz**" in said and "«avancer ensemble»" in said


def test_rerun_is_a_no_op_and_a_changed_file_replaces_its_version(tmp_path: Path) -> None:
    corpus, db, out = _corpus(tmp_path), tmp_path / "kb.db", tmp_path / "out"
    args = ["run", str(corpus), "--db", str(db), "--out", str(out)]
    assert runner.invoke(app, args).exit_code == 0
    first = _export(out)
    again = runner.invoke(app, args)
    assert "0 new, 0 replaced, 2 unchanged" in again.output
    assert _export(out)["entities"] == first["entities"]
    (corpus / "berlin.txt").write_text(ARTICLE.replace("Olaf Scholz", "Friedrich Merz").replace("M. Scholz", "M. Merz"),
                                       encoding="utf-8")
    changed = runner.invoke(app, args)
    assert "0 new, 1 replaced, 1 unchanged" in changed.output
    names = {e["name"] for e in _export(out)["entities"]}
    assert "Friedrich Merz" in names and "Olaf Scholz" not in names  # no orphan entity left behind


def test_bad_inputs_are_reported_and_the_batch_goes_on(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    (corpus / "blob.txt").write_bytes(bytes(range(256)) * 20)
    (corpus / "broken.jsonl").write_text('{"id": "ok", "text": "Un texte valide sur Lyon et Marseille."}\n'
                                         '{"id": "bad", "text": \n', encoding="utf-8")
    db, out = tmp_path / "kb.db", tmp_path / "out"
    result = runner.invoke(app, ["run", str(corpus), "--db", str(db), "--out", str(out)])
    assert result.exit_code == 1
    assert "3 input(s) failed" in result.output
    assert "empty.txt" in result.output and "blob.txt" in result.output and "broken.jsonl:2" in result.output
    data = _export(out)
    assert {d["id"] for d in data["documents"]} == {"berlin", "j1", "ok"}
    assert len(data["rejected"]) == 3


def test_english_document_is_stored_flagged_and_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "en.txt").write_text("The president of France met the German chancellor in Berlin on Tuesday "
                                   "to discuss the war in Ukraine and the European budget.", encoding="utf-8")
    result = runner.invoke(app, ["run", str(folder), "--db", str(tmp_path / "kb.db"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 0
    doc = _export(tmp_path / "o")["documents"][0]
    assert doc["language"] == "en" and "skipped" in doc["skipped"]
    assert "skipped en" in result.output


def test_ingest_export_stats_step_by_step(tmp_path: Path) -> None:
    db = tmp_path / "kb.db"
    assert runner.invoke(app, ["ingest", str(_corpus(tmp_path)), "--db", str(db), "-q"]).exit_code == 0
    out = tmp_path / "e.json"
    assert runner.invoke(app, ["export", "--db", str(db), "-o", str(out)]).exit_code == 0
    assert validate(json.loads(out.read_text("utf-8"))) == []
    stats = runner.invoke(app, ["stats", "--db", str(db)])
    assert stats.exit_code == 0 and "documents" in stats.output
    bad = runner.invoke(app, ["export", "--db", str(db), "--format", "xml"])
    assert bad.exit_code == 2 and "available formats: json" in bad.output


def test_stdin_jsonl(tmp_path: Path) -> None:
    line = json.dumps({"id": "s1", "text": "Le président Joe Biden est arrivé à Tokyo mardi."})
    result = runner.invoke(app, ["ingest", "-", "--db", str(tmp_path / "kb.db"), "-q"], input=line + "\n")
    assert result.exit_code == 0, result.output


def test_seed_corpus_bundled_in_the_repo_runs(tmp_path: Path) -> None:
    seeds = Path(__file__).resolve().parent.parent / "corpus" / "seeds"
    shutil.copytree(seeds, tmp_path / "seeds")
    result = runner.invoke(app, ["run", str(tmp_path / "seeds"), "--db", str(tmp_path / "kb.db"),
                                 "--out", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0
    assert validate(_export(tmp_path / "out")) == []


def test_user_knowledge_base_file(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Le groupe Zorbatex a annoncé mardi le rachat de Plinko à Lyon.", encoding="utf-8")
    mine = tmp_path / "mine.yaml"
    mine.write_text("- {id: zorbatex, type: ORG, name: Zorbatex SA, wikidata: Q999999999, aliases: [Zorbatex]}\n",
                    encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(corpus), "--db", str(tmp_path / "kb.db"), "--out", str(out),
                                 "--kb", str(mine), "-q"])
    assert result.exit_code == 0, result.output
    zorbatex = [e for e in _export(out)["entities"] if e["name"] == "Zorbatex SA"]
    assert zorbatex and zorbatex[0]["type"] == "ORG" and zorbatex[0]["kb_id"] == "Q999999999"
    bad = tmp_path / "bad.yaml"
    bad.write_text("- {id: x, type: PLANET, name: Mars}\n", encoding="utf-8")
    failed = runner.invoke(app, ["run", str(corpus), "--db", str(tmp_path / "kb2.db"), "--out", str(out),
                                 "--kb", str(bad), "-q"])
    assert failed.exit_code == 2 and "valid types" in failed.output
