"""Ingest on real files written to disk: every accepted format, and every way an input is rejected."""

from __future__ import annotations

import gzip
import hashlib
import io
import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recoupe.ingest import SUFFIXES, read_sources
from recoupe.records import RawDocument, Rejected

SHARED = Path(__file__).resolve().parents[2] / "shared"
FRENCH = (
    "Le président de la République a annoncé mercredi à l'Élysée une réforme des retraites très "
    "contestée. Les syndicats réagissent avec colère à cette décision prise sans concertation préalable, "
    "déplorant l'absence de dialogue social. « Nous irons jusqu'au bout », a prévenu leur porte-parole.\n"
)
ARTICLE_HTML = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8">
<title>Sommet à Tokyo : le Japon et l'UE signent un accord de défense</title>
<meta property="og:site_name" content="Le Quotidien">
<meta property="og:url" content="https://exemple.fr/monde/tokyo-accord">
<meta property="article:published_time" content="2024-11-01T09:30:00+01:00">
</head><body>
<nav><a href="/">Accueil</a> <a href="/monde">Monde</a> <a href="/contact">Contact</a></nav>
<article>
<h1>Sommet à Tokyo : le Japon et l'UE signent un accord de défense</h1>
<p>Le Japon et l'Union européenne ont signé vendredi à Tokyo un accord de coopération en matière de
sécurité et de défense, le premier de ce type conclu par l'UE avec un pays de la région indo-pacifique.</p>
<p>Le texte prévoit des exercices militaires conjoints, le partage d'informations sur les industries
de défense et une coopération dans le domaine spatial, a précisé le ministère japonais des Affaires
étrangères.</p>
<p>Josep Borrell a qualifié cet accord d'« historique et très opportun » dans le climat géopolitique
actuel, marqué par l'envoi de soldats nord-coréens en Russie.</p>
</article>
<footer>© Le Quotidien 2024 – Mentions légales – Politique de confidentialité</footer>
</body></html>
"""


def run(*paths: str | Path, stdin: io.StringIO | None = None) -> list[RawDocument | Rejected]:
    return list(read_sources(list(paths), stdin=stdin))


def write_jsonl(path: Path, *records: Any) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def only_rejected(items: list[RawDocument | Rejected]) -> Rejected:
    assert len(items) == 1 and isinstance(items[0], Rejected), items
    assert items[0].stage == "ingest"
    assert "fix:" in items[0].reason
    return items[0]


# --- plain text and HTML files ---------------------------------------------------------------------------


def test_txt_is_the_whole_file_with_its_title_line(tmp_path: Path) -> None:
    text = "Tokyo s'inquiète de l'envoi de soldats\r\n\r\n" + FRENCH
    path = tmp_path / "seed-002.txt"
    path.write_bytes(text.encode("utf-8"))
    assert run(path) == [RawDocument(id="seed-002", source=str(path), text=text.replace("\r\n", "\n"))]


def test_utf8_bom_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + FRENCH.encode("utf-8"))
    [doc] = run(path)
    assert isinstance(doc, RawDocument) and doc.text == FRENCH


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252", "utf-16"])
def test_non_utf8_text_is_detected_and_decoded(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "ancien.txt"
    path.write_bytes(FRENCH.encode(encoding))
    [doc] = run(path)
    assert isinstance(doc, RawDocument) and doc.text == FRENCH


def test_html_gives_body_title_date_outlet_and_url(tmp_path: Path) -> None:
    path = tmp_path / "tokyo.html"
    path.write_text(ARTICLE_HTML, encoding="utf-8")
    [doc] = run(path)
    assert isinstance(doc, RawDocument)
    assert (doc.id, doc.source) == ("tokyo", str(path))
    assert doc.title == "Sommet à Tokyo : le Japon et l'UE signent un accord de défense"
    assert (doc.published, doc.outlet, doc.url) == ("2024-11-01", "Le Quotidien", "https://exemple.fr/monde/tokyo-accord")
    # The page's <h1> sits inside <article>, so it is extracted once, as the page shows it; never prepended.
    assert doc.text.count(doc.title) == 1
    assert doc.text.split("\n")[1].startswith("Le Japon et l'Union européenne ont signé vendredi")
    assert "« historique et très opportun »" in doc.text
    assert "Accueil" not in doc.text and "Mentions légales" not in doc.text


def test_latin1_html_uses_its_declared_charset(tmp_path: Path) -> None:
    path = tmp_path / "ancien.htm"
    page = ARTICLE_HTML.replace('<meta charset="utf-8">', '<meta charset="iso-8859-1">').replace("–", "-")
    path.write_bytes(page.encode("latin-1"))
    [doc] = run(path)
    assert isinstance(doc, RawDocument) and doc.id == "ancien"
    assert "« historique et très opportun »" in doc.text


def test_html_without_article_text_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "index.html"
    path.write_text("<html><body><nav><a href='/'>Accueil</a></nav><p>Connexion</p></body></html>")
    rejected = only_rejected(run(path))
    assert (rejected.source, rejected.line) == (str(path), None)
    assert "no article text" in rejected.reason


@pytest.mark.parametrize("content", [b"", b"  \n\t\n", b"\xef\xbb\xbf\n"])
@pytest.mark.parametrize("name", ["vide.txt", "vide.html", "vide.json"])
def test_empty_file_is_rejected(tmp_path: Path, content: bytes, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert "empty file" in only_rejected(run(path)).reason


@pytest.mark.parametrize("name", ["vide.jsonl", "vide.jsonl.gz", "-"])
def test_jsonl_without_records_is_rejected(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(gzip.compress(b"\n \n") if name.endswith(".gz") else b"\n \n")
    rejected = only_rejected(run("-", stdin=io.StringIO("\n")) if name == "-" else run(path))
    assert rejected.line is None and "empty input" in rejected.reason


@pytest.mark.parametrize(
    "content", [bytes(range(256)) * 40, b"PK\x03\x04" + b"\x00\x01\x02" * 500, b"abc\x00" * 20]
)
def test_binary_file_is_rejected_with_an_iconv_hint(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(content)
    reason = only_rejected(run(path)).reason
    assert "binary or undecodable" in reason and "iconv -f LATIN1 -t UTF-8" in reason


def test_jsonl_with_nul_bytes_is_rejected_once(tmp_path: Path) -> None:
    path = tmp_path / "archive.jsonl"
    path.write_bytes(b"\x1f\x8b\x08\x00" + b"\x00" * 200 + b"\n" + b"\x00\x01\n" * 50)
    rejected = only_rejected(run(path))
    assert rejected.line == 1 and "NUL" in rejected.reason


# --- paths and folders ------------------------------------------------------------------------------------


def test_missing_path_is_rejected_and_the_batch_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "a.txt"
    good.write_text(FRENCH)
    missing = tmp_path / "absent.jsonl"
    items = run(missing, good)
    assert isinstance(items[0], Rejected) and items[0].source == str(missing)
    assert "no such file or folder" in items[0].reason and "fix: check the path" in items[0].reason
    assert isinstance(items[1], RawDocument) and items[1].id == "a"


def test_named_file_with_unknown_suffix_lists_the_accepted_ones(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text(FRENCH)
    reason = only_rejected(run(path)).reason
    assert "unsupported file type .md" in reason
    assert all(suffix in reason for suffix in SUFFIXES)


def test_folder_is_read_recursively_in_order_skipping_hidden_and_unknown(tmp_path: Path) -> None:
    (tmp_path / "b" / "deep").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "deep" / "c.txt").write_text("c " + FRENCH)
    (tmp_path / "a.txt").write_text("a " + FRENCH)
    (tmp_path / "b" / "d.htm").write_text(ARTICLE_HTML)
    write_jsonl(tmp_path / "e.jsonl", {"id": "e1", "text": "e1"}, {"id": "e2", "text": "e2"})
    (tmp_path / ".git" / "hidden.txt").write_text(FRENCH)
    (tmp_path / ".cache.txt").write_text(FRENCH)
    (tmp_path / "notes.md").write_text(FRENCH)
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\x00\x00")
    items = run(tmp_path)
    assert all(isinstance(item, RawDocument) for item in items), items
    assert [item.id for item in items] == ["a", "d", "c", "e1", "e2"]  # b/d.htm sorts before b/deep/


# --- JSONL and JSON ---------------------------------------------------------------------------------------


def test_jsonl_record_fields_and_composed_text(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "flux.jsonl",
        {"id": "a1", "title": " Olivier Véran : 400 millions \n", "heading": "Cela porte à 7 milliards.",
         "text": "Cette décision a été annoncée jeudi.", "published": "2020-07-09T08:15:00+02:00",
         "source": "afp-feed", "url": "https://actu.example/a1", "outlet": "Orange Actu"},
        {"id": 7, "text": "Corps seul.", "url": "https://actu.example/7", "published": "2020-07-09"},
        {"id": "dup-title", "title": "Le titre", "text": "Le titre\nsuivi du corps.", "published": "hier"},
    )
    first, second, third = run(path)
    assert first == RawDocument(
        id="a1", source="afp-feed",
        text=("Olivier Véran : 400 millions\n\nCela porte à 7 milliards.\n\n"
              "Cette décision a été annoncée jeudi."),
        title="Olivier Véran : 400 millions", heading="Cela porte à 7 milliards.", published="2020-07-09",
        outlet="Orange Actu", url="https://actu.example/a1",
    )
    assert second == RawDocument(id="7", source="https://actu.example/7", text="Corps seul.",
                                 published="2020-07-09", url="https://actu.example/7")
    # The body already opens with the title: it is not repeated. An unreadable date keeps the record.
    assert third == RawDocument(id="dup-title", source=f"{path}:3", text="Le titre\nsuivi du corps.",
                                title="Le titre", published=None)


def test_record_without_id_gets_a_content_hash(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "sans-id.jsonl", {"text": "Un texte sans identifiant."})
    [doc] = run(path)
    digest = hashlib.sha1(b"Un texte sans identifiant.").hexdigest()[:16]
    assert isinstance(doc, RawDocument) and doc.id == f"sha1-{digest}"
    assert [d.id for d in run(path)] == [doc.id]  # stable across runs


def test_bad_json_line_names_the_line_and_the_rest_is_read(tmp_path: Path) -> None:
    path = tmp_path / "flux.jsonl"
    path.write_text('{"id": 1, "text": "un"}\n\n{"id": 2, "text": "deux",}\n{"id": 3, "text": "trois"}\n')
    one, bad, three = run(path)
    assert isinstance(bad, Rejected) and (bad.source, bad.line, bad.stage) == (str(path), 3, "ingest")
    assert bad.reason.startswith("line 3 is not valid JSON (")
    assert "column" in bad.reason and "fix: write one JSON object per line" in bad.reason
    assert isinstance(one, RawDocument) and isinstance(three, RawDocument) and three.source == f"{path}:4"


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        ({"id": "x"}, 'has no "text"'),
        ({"id": "x", "text": ""}, 'has an empty "text"'),
        ({"id": "x", "text": " \n "}, 'has an empty "text"'),
        ({"id": "x", "text": ["un", "deux"]}, '"text" of type list'),
        ({"id": 1.5, "text": "t"}, '"id" of type number'),
        ({"id": True, "text": "t"}, '"id" of type boolean'),
        ({"id": {"n": 1}, "text": "t"}, '"id" of type object'),
        ({"id": "x", "text": "t", "title": 3}, '"title" of type number'),
        (["id", "text"], "holds a JSON list, not an object"),
        ("texte", "holds a JSON string, not an object"),
    ],
)
def test_bad_record_is_rejected_with_its_line(tmp_path: Path, record: Any, expected: str) -> None:
    path = write_jsonl(tmp_path / "flux.jsonl", {"id": "ok", "text": "bon"}, record)
    ok, rejected = run(path)
    assert isinstance(ok, RawDocument)
    assert isinstance(rejected, Rejected) and (rejected.line, rejected.stage) == (2, "ingest")
    assert "line 2" in rejected.reason and expected in rejected.reason and "fix:" in rejected.reason


def test_duplicate_id_rejects_the_second(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "flux.jsonl", {"id": 5, "text": "un"}, {"id": "5", "text": "deux"})
    first, second = run(path)
    assert isinstance(first, RawDocument) and first.text == "un"
    assert isinstance(second, Rejected) and second.line == 2
    assert "duplicate id '5' on line 2 (first on line 1" in second.reason
    assert "fix: give every record its own id" in second.reason


def test_stdin_jsonl(tmp_path: Path) -> None:
    stdin = io.StringIO('\ufeff{"id": "s1", "text": "un"}\n{oops\n')
    doc, bad = run("-", stdin=stdin)
    assert doc == RawDocument(id="s1", source="stdin:1", text="un")
    assert isinstance(bad, Rejected) and (bad.source, bad.line) == ("stdin", 2) and "line 2" in bad.reason


def test_json_list_keeps_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "lot.json"
    path.write_text('[\n  {"id": "a", "text": "un"},\n  {"id": "b",\n   "text": "deux"},\n  42\n]\n')
    a, b, bad = run(path)
    assert (a.source, b.source) == (f"{path}:2", f"{path}:3")
    assert isinstance(bad, Rejected) and bad.line == 5 and "line 5 holds a JSON number" in bad.reason


def test_json_list_with_a_syntax_error_says_where(tmp_path: Path) -> None:
    path = tmp_path / "lot.json"
    path.write_text('[\n  {"id": "a", "text": "un"},\n  {"id": "b" "text": "deux"}\n]\n')
    a, bad = run(path)
    assert isinstance(a, RawDocument)
    assert isinstance(bad, Rejected) and bad.line == 3
    assert "not valid JSON at line 3" in bad.reason and "fix: correct that item" in bad.reason


def test_json_single_object_and_jsonl_content(tmp_path: Path) -> None:
    single = tmp_path / "un.json"
    single.write_text('\n{\n  "id": "u",\n  "text": "seul",\n  "published": "2019-02-05 12:40:00"\n}\n')
    lines = write_jsonl(tmp_path / "plusieurs.json", {"id": "p1", "text": "un"}, {"id": "p2", "text": "deux"})
    assert run(single) == [RawDocument(id="u", source=f"{single}:2", text="seul", published="2019-02-05")]
    assert [d.id for d in run(lines)] == ["p1", "p2"]


def test_broken_json_object_is_one_rejection(tmp_path: Path) -> None:
    path = tmp_path / "casse.json"
    path.write_text('{\n  "id": "u",\n  "text": "seul"\n  "title": "x"\n}\n')
    rejected = only_rejected(run(path))
    assert rejected.line == 4 and "not valid JSON at line 4" in rejected.reason


def test_gzip_jsonl_and_json(tmp_path: Path) -> None:
    jsonl = tmp_path / "flux.jsonl.gz"
    with gzip.open(jsonl, "wt", encoding="utf-8") as handle:
        handle.write('{"id": "g1", "text": "été"}\n{"id": "g2", "text": "hiver"}\n')
    listed = tmp_path / "lot.json.gz"
    listed.write_bytes(gzip.compress(b'[{"id": "j1", "text": "un"}]'))
    assert [(d.id, d.text, d.source) for d in run(jsonl, listed)] == [
        ("g1", "été", f"{jsonl}:1"), ("g2", "hiver", f"{jsonl}:2"), ("j1", "un", f"{listed}:1")]


def test_truncated_or_fake_gzip_is_rejected(tmp_path: Path) -> None:
    # Hashes do not compress much, so half the bytes cut the stream mid-file.
    texts = [hashlib.sha1(bytes(i)).hexdigest() * 4 for i in range(300)]
    lines = "".join(json.dumps({"id": i, "text": text}) + "\n" for i, text in enumerate(texts))
    data = gzip.compress(lines.encode())
    cut = tmp_path / "coupe.jsonl.gz"
    cut.write_bytes(data[: len(data) // 2])
    *docs, rejected = run(cut)
    assert docs and all(isinstance(d, RawDocument) for d in docs)
    assert isinstance(rejected, Rejected) and rejected.line == len(docs) + 1 and "gzip -t" in rejected.reason
    fake = tmp_path / "faux.jsonl.gz"
    fake.write_text('{"id": 1, "text": "pas compressé"}\n')
    assert "cannot decompress" in only_rejected(run(fake)).reason


def test_latin1_jsonl_line_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "ancien.jsonl"
    latin_line = json.dumps({"id": "l", "text": FRENCH}, ensure_ascii=False).encode("latin-1")
    path.write_bytes(b'{"id": "u", "text": "ok"}\n' + latin_line + b"\n")
    ok, latin = run(path)
    assert isinstance(ok, RawDocument) and ok.text == "ok"
    assert isinstance(latin, RawDocument) and latin.text == FRENCH.strip()


def test_benchmark_file_streams_and_composes_headlines() -> None:
    first = next(itertools.islice(read_sources([SHARED / "data/orangesum/articles-dev.jsonl.gz"]), 1))
    assert isinstance(first, RawDocument) and first.id == "orangesum-2"
    assert first.outlet == "Orange Actu" and first.title and first.heading
    assert first.text.startswith(f"{first.title}\n\n{first.heading}\n\nCette décision a été annoncée")


# --- any JSONL --------------------------------------------------------------------------------------------

_KEYS = ["id", "text", "title", "heading", "published", "source", "url", "outlet"]
_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
_records = st.lists(
    st.dictionaries(st.sampled_from(_KEYS) | st.text(max_size=5), _json, max_size=8)
    | st.fixed_dictionaries(
        {"text": st.text()},
        optional={"id": st.integers(0, 5) | st.text(max_size=3), "title": st.text(), "heading": st.text(),
                  "published": st.text() | st.datetimes().map(str), "source": st.text()},
    ),
    max_size=12,
)


@settings(max_examples=150, deadline=None)
@given(records=_records)
def test_any_jsonl_gives_one_result_per_line(tmp_path_factory: pytest.TempPathFactory,
                                              records: list[dict[str, Any]]) -> None:
    path = tmp_path_factory.getbasetemp() / "property.jsonl"
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    path.write_text(lines, encoding="utf-8")
    for items in (run(path), run("-", stdin=io.StringIO(lines))):
        if not records:
            assert "empty input" in only_rejected(items).reason
            continue
        assert len(items) == len(records)
        ids = [item.id for item in items if isinstance(item, RawDocument)]
        assert len(ids) == len(set(ids))
        for number, item in enumerate(items, 1):
            if isinstance(item, Rejected):
                assert (item.line, item.stage) == (number, "ingest") and "fix:" in item.reason
            else:
                assert item.id and item.text.strip()
