#!/usr/bin/env python3
"""Score the events of a recoupe JSON export against a hand-annotated events sample, document by document.

    python3 scripts/score_events.py EXPORT.json annotations/events.json
    python3 scripts/score_events.py EXPORT.json annotations/events.json --json
    python3 scripts/score_events.py EXPORT.json annotations/events.json --min type.r=0.5 --min full.p=0.3

Standard library only. Exit status: 0, or 1 when a --min floor is not met, 2 on unusable input.

A predicted event is one export event in one document: its type, actors and targets (canonical, shared by
all the documents it is merged across) and that document's modality (the most assertive of its mentions
there, as the export does across documents). Only documents of the gold file count. Gold events
(shared/spec/events.md, docs/annotation-guide.md) are matched at four nested levels:

- type: the predicted type is the gold type (or one of them, when the gold gives a list);
- type_actor: and an actor names a gold actor (or one in actors_also); for AGREE, CONSULT and COOPERATE,
  which are symmetric, a gold target may stand as actor and the reverse;
- type_actor_target: and a target names a gold target (or targets_also); a gold event without a target
  needs a prediction without a target;
- full: and the modality is the gold mode.

Export entities are mapped to gold names as shared/eval/score.py does: by Wikidata id, then by name or
document mention against the gold aliases, compared without accents, case or leading determiner.
P = predictions matching some gold event of their document at that level / predictions; R = gold events
matched by some prediction / gold events. A prediction that matches no gold event by type but matches an
optional event (events_optional, by type and actor) is neutral: it counts in neither P nor R.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import defaultdict
from typing import Any

LEVELS = ("type", "type_actor", "type_actor_target", "full")
SYMMETRIC = {"AGREE", "CONSULT", "COOPERATE"}
MODALITY_ORDER = ("asserted", "hedged", "planned", "denied")  # as recoupe's export merges modalities

Json = dict[str, Any]


def norm(s: str | None) -> str:
    """Lower case, no accents, uniform apostrophes and dashes, no surrounding punctuation."""
    if not s:
        return ""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    s = re.sub(r"[’ʼ`´]", "'", s)
    s = re.sub(r"[«»“”„\"]", " ", s)
    s = re.sub(r"[-‐‑–—]", " ", s)
    return re.sub(r"\s+", " ", s).strip(" .,;:!?'")


def name_key(s: str | None) -> str:
    """An entity name as compared: norm() without a leading French determiner or title."""
    return re.sub(r"^(?:le |la |les |l'|l |m |mme |m\. )", "", norm(s))


def as_set(v: Any) -> set[str]:
    return set(v) if isinstance(v, list) else {v}


def prf(hit_p: int, n_p: int, hit_r: int, n_r: int) -> dict[str, float]:
    p = hit_p / n_p if n_p else 0.0
    r = hit_r / n_r if n_r else 0.0
    return {"p": round(p, 3), "r": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}


class EventScorer:
    def __init__(self, export: Json, gold: Json) -> None:
        self.gold = gold
        self.alias: dict[str, set[str]] = defaultdict(set)
        self.kb: dict[str, str] = {}
        for name, e in gold.get("entities", {}).items():
            for a in [name, *e.get("aliases", [])]:
                self.alias[name_key(a)].add(name)
            if e.get("kb_id"):
                self.kb[e["kb_id"]] = name
        self.ents = {e.get("id"): e for e in export.get("entities", []) if isinstance(e, dict)}
        self.preds = self.predictions(export)

    def names(self, eid: str, doc: str) -> set[str]:
        """Gold names an export entity stands for in a document: by Wikidata id, then name, then mentions."""
        e = self.ents.get(eid)
        if not e:
            return set()
        if e.get("kb_id") in self.kb:
            return {self.kb[e["kb_id"]]}
        found = set(self.alias.get(name_key(e.get("name")), ()))
        for m in e.get("mentions") or []:
            if not found and m.get("doc") == doc:
                found |= self.alias.get(name_key(m.get("text")), set())
        return found or {f"?{e.get('name')}"}

    def predictions(self, export: Json) -> list[Json]:
        """One prediction per (export event, gold document it has mentions in)."""
        out = []
        for ev in export.get("events", []):
            by_doc: dict[str, list[Json]] = defaultdict(list)
            for m in ev.get("mentions") or []:
                if m.get("doc") in self.gold["documents"]:
                    by_doc[m["doc"]].append(m)
            for doc, ms in by_doc.items():
                mods = [m.get("modality") or ev.get("modality") for m in ms]
                known = [x for x in mods if x in MODALITY_ORDER]
                out.append({"id": ev.get("id"), "doc": doc, "type": ev.get("type"),
                            "modality": min(known, key=MODALITY_ORDER.index) if known else ev.get("modality"),
                            "actors": set().union(*[self.names(a, doc) for a in ev.get("actors") or []]),
                            "targets": set().union(*[self.names(t, doc) for t in ev.get("targets") or []]),
                            "trigger": ms[0].get("trigger"), "text": ms[0].get("text", "")})
        return out

    @staticmethod
    def level(g: Json, p: Json) -> int:
        """How many of the nested LEVELS a prediction reaches for a gold event (0: not even the type)."""
        if p["doc"] != g["doc"] or p["type"] not in as_set(g["type"]):
            return 0
        actors = set(g["actors"]) | set(g.get("actors_also", []))
        targets = set(g["targets"]) | set(g.get("targets_also", []))
        swap = p["type"] in SYMMETRIC

        def side(pred: set[str], want: set[str], empty: bool, other: set[str]) -> bool:
            if empty:
                return not pred or pred <= want
            return bool(pred & want) or (swap and bool(pred & other))

        if not side(p["actors"], actors, not g["actors"], targets):
            return 1
        if not side(p["targets"], targets, not g["targets"], actors):
            return 2
        return 4 if p["modality"] in as_set(g["mode"]) else 3

    def run(self, examples: int = 5) -> Json:
        gold_events = self.gold.get("events", [])
        optional = self.gold.get("events_optional", [])
        best_g = [max((self.level(g, p) for p in self.preds), default=0) for g in gold_events]
        best_p = [max((self.level(g, p) for g in gold_events), default=0) for p in self.preds]
        neutral = [b == 0 and any(self.level(o, p) >= 2 for o in optional)
                   for p, b in zip(self.preds, best_p, strict=True)]
        scored = [b for b, n in zip(best_p, neutral, strict=True) if not n]
        out: Json = {"gold": len(gold_events), "predicted": len(scored), "neutral": sum(neutral),
                     "documents": len(self.gold["documents"]),
                     "documents_with_events": len({g["doc"] for g in gold_events})}
        for i, lv in enumerate(LEVELS, 1):
            out[lv] = prf(sum(b >= i for b in scored), len(scored), sum(b >= i for b in best_g), len(gold_events))
        by_mode: dict[str, list[int]] = defaultdict(list)
        for g, b in zip(gold_events, best_g, strict=True):
            by_mode[g["mode"] if isinstance(g["mode"], str) else "/".join(g["mode"])].append(b)
        out["recall_by_mode"] = {m: {"gold": len(bs), "type_actor": round(sum(b >= 2 for b in bs) / len(bs), 3),
                                     "full": round(sum(b >= 4 for b in bs) / len(bs), 3)}
                                 for m, bs in sorted(by_mode.items())}
        out["misses"] = [self.describe_miss(g, b) for g, b in zip(gold_events, best_g, strict=True) if b < 4][:examples]
        fps = [p for p, b, n in zip(self.preds, best_p, neutral, strict=True) if b == 0 and not n]
        out["false_positives"] = [f"{p['doc']} {p['type']}/{p['modality']} {sorted(p['actors'])} -> "
                                  f"{sorted(p['targets'])} trigger={p['trigger']!r}: {p['text'][:110]}"
                                  for p in fps[:examples]]
        return out

    def describe_miss(self, g: Json, best: int) -> str:
        got = "nothing of its type" if best == 0 else f"stops after {LEVELS[best - 1]}"
        close = [p for p in self.preds if self.level(g, p) == best and best]
        seen = ""
        if close:
            p = close[0]
            seen = f" (best: {p['type']}/{p['modality']} {sorted(p['actors'])} -> {sorted(p['targets'])})"
        return (f"{g['id']} {g['doc']} {g['type']}/{g['mode']} {g['actors']} -> {g['targets']} "
                f"'{g['trigger']}': {got}{seen} — {g['what']}")


def flat(res: Json) -> dict[str, float]:
    out: dict[str, float] = {k: v for k, v in res.items() if isinstance(v, int)}
    for lv in LEVELS:
        out.update({f"{lv}.{k}": v for k, v in res[lv].items()})
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("export")
    ap.add_argument("gold")
    ap.add_argument("--json", action="store_true", help="print the full result as JSON")
    ap.add_argument("--examples", type=int, default=6, help="misses and false positives to print")
    ap.add_argument("--min", action="append", default=[], metavar="KEY=VALUE",
                    help="a floor, e.g. type.r=0.5 (keys as printed); may repeat")
    a = ap.parse_args(argv)
    try:
        with open(a.export, encoding="utf-8") as f:
            export = json.load(f)
        with open(a.gold, encoding="utf-8") as f:
            gold = json.load(f)
        res = EventScorer(export, gold).run(a.examples)
    except (OSError, json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
        print(f"score_events: cannot use input: {exc!r}", file=sys.stderr)
        return 2
    figures = flat(res)
    if a.json:
        print(json.dumps(res, ensure_ascii=False, indent=1))
    else:
        print(f"gold events {res['gold']} in {res['documents_with_events']} of {res['documents']} documents; "
              f"predicted {res['predicted']} "
              f"(+{res['neutral']} neutral, matching optional events)")
        for lv in LEVELS:
            print(f"{lv:18s} " + "  ".join(f"{k}={v}" for k, v in res[lv].items()))
        for mode, r in res["recall_by_mode"].items():
            print(f"recall {mode:9s} gold={r['gold']}  type_actor={r['type_actor']}  full={r['full']}")
        for key in ("misses", "false_positives"):
            print(f"{key.replace('_', ' ')} (first {len(res[key])}):")
            for line in res[key]:
                print("  " + line)
    failed = []
    for floor in a.min:
        key, _, val = floor.partition("=")
        if key not in figures:
            failed.append(f"{key}: no such figure")
        elif figures[key] < float(val):
            failed.append(f"{key}={figures[key]} < {val}")
    for f in failed:
        print(f"below floor: {f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
