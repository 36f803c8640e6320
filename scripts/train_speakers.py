"""Train the speaker model (src/recoupe/data/speaker_model.json) on our own quote annotations.

    .venv/bin/python scripts/train_speakers.py                      # train on annotations/quotes-*.json, write
    .venv/bin/python scripts/train_speakers.py --cross              # train on each set, score on the other
    .venv/bin/python scripts/train_speakers.py --dry-run            # fit and report, write nothing
    .venv/bin/python scripts/train_speakers.py --dry-run --test annotations/quotes-c   # and on a held-out set

Each quote recoupe finds in an annotated article is paired with the gold quote it overlaps (word-overlap
F1 >= 0.6, as ../shared/eval/score.py pairs them); every person or organisation of the article is a
candidate, labelled 1 when one of its names is an alias of the gold speaker (or of a `speaker_also`).
A logistic regression (scikit-learn) learns the weights of `recoupe.speaker_model.FEATURES`; the
threshold is the lowest probability at which the chosen speakers are still right PRECISION of the
time on the training quotes. Never train on ../shared/gold: it measures the model.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from recoupe import kb as kb_module
from recoupe import nlp
from recoupe.entities import find_entities
from recoupe.ingest import read_sources
from recoupe.pipeline import prepare
from recoupe.quotes import attribution_cases
from recoupe.records import Document, LocalEntity, RawDocument
from recoupe.roles import find_roles
from recoupe.speaker_model import FEATURES
from recoupe.times import find_times

SETS = ("annotations/quotes-a", "annotations/quotes-b")
OUT = Path("src/recoupe/data/speaker_model.json")
PRECISION = 0.8
Row = tuple[str, str, list[float], int]  # quote id, candidate key, features, label


def norm(s: str) -> str:
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c)).casefold()
    s = re.sub(r"[-‐‑–—’'`]", " ", s)
    s = re.sub(r"^(?:le |la |les |l |m |mme |m\. )", "", re.sub(r"\s+", " ", s).strip(" .,;:!?"))
    return s


def overlap(a: str, b: str) -> float:
    ta, tb = re.findall(r"\w+", norm(a)), re.findall(r"\w+", norm(b))
    pool, common = list(tb), 0
    for t in ta:
        if t in pool:
            pool.remove(t)
            common += 1
    return 2 * common / (len(ta) + len(tb)) if ta and tb else 0.0


def documents(corpus: Path) -> Iterator[Document]:
    for item in read_sources([corpus]):
        if isinstance(item, RawDocument):
            doc = prepare(item)
            if isinstance(doc, Document) and not doc.skipped:
                yield doc


def rows(name: str) -> list[Row]:
    """Candidate rows of every matched quote with a gold speaker in one annotation set."""
    gold = json.loads(Path(f"{name}.json").read_text(encoding="utf-8"))
    aliases = {n: {norm(a) for a in [n, *e["aliases"]]} for n, e in gold["entities"].items()}
    kb = kb_module.load()
    out: list[Row] = []
    for doc in documents(Path(f"{name}.jsonl")):
        gd = gold["documents"].get(doc.id)
        if gd is None:
            continue
        sdoc = nlp.load()(doc.text)
        entities = find_entities(doc, sdoc, kb)
        _, anchor = find_times(doc, sdoc)
        if doc.published is None and anchor is not None:
            doc = replace(doc, published=anchor)
        cases = attribution_cases(doc, sdoc, entities, find_roles(doc, sdoc, entities, kb), kb)
        out.extend(_label(doc.id, gd["quotes"] + gd.get("quotes_optional", []), cases, entities, aliases))
    return out


def _label(doc_id: str, gold: list[dict[str, Any]], cases: list[Any], entities: tuple[LocalEntity, ...],
           aliases: dict[str, set[str]]) -> Iterator[Row]:
    names = {e.key: {norm(e.name)} | {norm(m.text) for m in e.mentions} for e in entities}
    used: set[int] = set()
    for n, (quote, feats) in enumerate(cases):
        best = max(((overlap(g["text"], quote.text), i) for i, g in enumerate(gold) if i not in used), default=(0, -1))
        if best[0] < 0.6 or not gold[best[1]].get("speaker"):
            continue
        used.add(best[1])
        g = gold[best[1]]
        want = set().union(*(aliases.get(s, {norm(s)}) for s in [g["speaker"], *g.get("speaker_also", [])]))
        for key, f in feats.items():
            out_label = int(bool(names.get(key, set()) & want))
            yield f"{doc_id}#{n}", key, [f[name] for name in FEATURES], out_label


def fit(train: list[Row]) -> tuple[dict[str, float], float]:
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    x = [r[2] for r in train]
    y = [r[3] for r in train]
    clf = LogisticRegression(C=1.0, max_iter=2000, fit_intercept=False).fit(x, y)
    weights = {name: round(float(w), 4) for name, w in zip(FEATURES, clf.coef_[0], strict=True)}
    picks = sorted(_picks(train, weights), reverse=True)  # (probability, right) of each quote's best candidate
    threshold, right = 0.5, 0
    for i, (p, ok) in enumerate(picks, 1):
        right += ok
        if right / i >= PRECISION:
            threshold = p
    return weights, round(threshold, 4)


def _picks(data: list[Row], weights: dict[str, float]) -> Iterator[tuple[float, bool]]:
    import math

    named = FEATURES.index("rule_named")
    by_quote: dict[str, list[tuple[float, int]]] = {}
    for qid, _key, f, label in data:
        z = sum(weights[name] * v for name, v in zip(FEATURES, f, strict=True))
        # a speaker the rules found named where they looked keeps the rules' answer (as speaker_model.choose)
        by_quote.setdefault(qid, []).append((2.0 if f[named] else 1 / (1 + math.exp(-z)), label))
    for cands in by_quote.values():
        p, label = max(cands)
        yield p, bool(label)


def evaluate(data: list[Row], weights: dict[str, float], threshold: float) -> str:
    picks = list(_picks(data, weights))
    kept = [ok for p, ok in picks if p >= threshold]
    possible = sum(1 for qid in {r[0] for r in data} if any(r[3] for r in data if r[0] == qid))
    rules = [r[3] for r in data if any(r[2][i] for i, name in enumerate(FEATURES) if name.startswith("rule_"))]
    return (f"{len(picks)} quotes ({possible} with the gold speaker among the candidates): model "
            f"{sum(kept)} right, {len(kept) - sum(kept)} wrong, {len(picks) - len(kept)} without speaker; "
            f"rules {sum(rules)} right, {len(rules) - sum(rules)} wrong, {len(picks) - len(rules)} without")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cross", action="store_true", help="train on each set and score on the other")
    ap.add_argument("--dry-run", action="store_true", help="do not write the model")
    ap.add_argument("--test", metavar="SET", help="also score on a held-out set, e.g. annotations/quotes-c")
    a = ap.parse_args()
    data = {name: rows(name) for name in SETS}
    if a.cross:
        for test in SETS:
            train = [r for name in SETS if name != test for r in data[name]]
            weights, threshold = fit(train)
            print(f"train on the others, test on {test}: {evaluate(data[test], weights, threshold)}")
    weights, threshold = fit([r for name in SETS for r in data[name]])
    print(json.dumps(weights, indent=1), f"threshold {threshold}")
    if a.test:
        print(f"train on {', '.join(SETS)}, test on {a.test}: {evaluate(rows(a.test), weights, threshold)}")
    if not a.dry_run:
        OUT.write_text(json.dumps({"trained_on": list(SETS), "features": list(FEATURES), "weights": weights,
                                   "threshold": threshold}, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
