"""Corpus-stage benchmark: every stage of pipeline.CORPUS_STAGES on 1,000 and 10,000 OrangeSum articles,
and the cost of adding one article to the 10,000-article knowledge base.

The document stages are not what this measures, and they take most of an hour on 10,000 articles, so
they run once into cached knowledge bases (`--build`, into bench/.cache/, which git ignores):

    nice -n 10 .venv/bin/python bench/corpus.py --build     # kb-1k.db and kb-10k.db (document stages)
    .venv/bin/python bench/corpus.py                        # the measurements, on copies of them
    .venv/bin/python bench/corpus.py --sizes 1000 --json

A measurement copies a cached knowledge base, empties what the corpus stages derived
(`store.reset_corpus()`), then runs each stage from scratch, in order, each in a fresh Python process:
its seconds, CPU seconds and peak RSS are its own, and "RSS +" is what the stage added to a process that
had only imported recoupe and opened the store. The one-article add runs in one warm process on a copy of
the 10,000-article knowledge base with its corpus stages done: the model is loaded first (reported
apart), then each test article (not in OrangeSum) goes through the document stages and then each corpus
stage. Not a test: it asserts nothing and prints numbers (see docs/performance.md).
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "orangesum" / "articles-dev.jsonl.gz"
CACHE = ROOT / "bench" / ".cache"
SIZES = (1000, 10000)
ADDED = sorted((ROOT / "corpus" / "seeds").glob("*.txt"))  # new to the OrangeSum knowledge base
TARGET_ADD = 1.0  # seconds to add one article to the 10,000-article knowledge base, model loaded


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.stage:
        print(json.dumps(_run_stage(args.stage, Path(args.db))))
        return 0
    if args.add:
        print(json.dumps(_add(Path(args.db), [Path(p) for p in args.add])))
        return 0
    if args.build:
        _build(max(args.sizes), sorted(args.sizes))
        return 0
    results: dict[str, Any] = {"sizes": {}}
    for size in args.sizes:
        results["sizes"][str(size)] = _corpus_run(size)
    if len(args.sizes) > 1:
        results["growth"] = _growth(results["sizes"], min(args.sizes), max(args.sizes))
    if not args.no_add:
        results["add"] = _measure_add(max(args.sizes))
    print(json.dumps(results, indent=1) if args.json else _report(results))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), metavar="N",
                        help="knowledge-base sizes (the first N OrangeSum dev articles); default 1000 10000")
    parser.add_argument("--build", action="store_true",
                        help="run the document stages once into bench/.cache/kb-<N>.db for every size")
    parser.add_argument("--no-add", action="store_true", help="skip the one-article add")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--stage", help=argparse.SUPPRESS)  # worker: run one corpus stage on --db
    parser.add_argument("--add", nargs="+", help=argparse.SUPPRESS)  # worker: add these articles to --db
    parser.add_argument("--db", help=argparse.SUPPRESS)
    return parser


def _cached(size: int) -> Path:
    path = CACHE / f"kb-{size // 1000}k.db" if size % 1000 == 0 else CACHE / f"kb-{size}.db"
    if not path.exists():
        raise SystemExit(f"error: no cached knowledge base {path}; build it first (once, 2-3 minutes per "
                         f"1,000 articles): nice -n 10 .venv/bin/python bench/corpus.py --build --sizes {size}")
    return path


def _build(total: int, sizes: list[int]) -> None:
    """Ingest the first `total` articles in steps, snapshotting the knowledge base at each size."""
    from recoupe import pipeline
    from recoupe.store import open_store

    CACHE.mkdir(parents=True, exist_ok=True)
    work = CACHE / "build.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    store = open_store(work)
    done = 0
    for size in sizes:
        part = CACHE / "part.jsonl"
        # newline="": a raw carriage return inside an article is not a line break (universal newlines split it)
        with gzip.open(DATA, "rt", encoding="utf-8", newline="") as src, \
                part.open("w", encoding="utf-8", newline="") as dst:
            for i, line in enumerate(src):
                if i >= size:
                    break
                if i >= done:
                    dst.write(line)
        started = time.perf_counter()
        report = pipeline.ingest([str(part)], store, pipeline.Settings())
        print(f"{size:,} articles: +{len(report.ingested):,} in {time.perf_counter() - started:,.0f} s",
              file=sys.stderr)
        done = size
        target = CACHE / f"kb-{size // 1000}k.db" if size % 1000 == 0 else CACHE / f"kb-{size}.db"
        target.unlink(missing_ok=True)
        store.db.execute(f"VACUUM INTO '{target}'")  # type: ignore[attr-defined]
    store.close()
    part.unlink()


def _copy(source: Path, name: str) -> Path:
    work = CACHE / "work"
    work.mkdir(parents=True, exist_ok=True)
    target = work / name
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, target)
    return target


def _corpus_run(size: int) -> dict[str, Any]:
    """Every corpus stage from scratch on a copy of the cached knowledge base, one fresh process each."""
    from recoupe import pipeline
    from recoupe.store import open_store

    db = _copy(_cached(size), f"corpus-{size}.db")
    store = open_store(db)
    documents = store.stats()["documents"]
    store.reset_corpus()
    store.close()
    stages = []
    for name in pipeline.CORPUS_STAGES:
        print(f"{size:,}: {name} ...", file=sys.stderr, flush=True)
        stages.append(_worker(["--stage", name, "--db", str(db)]))
    shutil.copyfile(db, CACHE / "work" / f"done-{size}.db")  # what the one-article add grows
    return {"documents": documents, "stages": stages,
            "seconds": round(sum(s["seconds"] for s in stages), 2)}


def _worker(args: list[str]) -> dict[str, Any]:
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), *args], stdout=subprocess.PIPE,
                          text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"error: the worker {' '.join(args)} failed with status {done.returncode} (traceback above)")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _run_stage(name: str, db: Path) -> dict[str, Any]:
    from recoupe import pipeline
    from recoupe.store import open_store

    store = open_store(db)
    base = _rss()
    started = _clock()
    processed = pipeline.CORPUS_FUNCTIONS[name](store, pipeline.Settings())
    seconds, cpu = _since(started)
    store.close()
    return {"stage": name, "processed": processed, "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
            "peak_rss_mib": round(_rss(), 1), "rss_added_mib": round(_rss() - base, 1)}


def _measure_add(size: int) -> dict[str, Any]:
    db = CACHE / "work" / f"done-{size}.db"
    if not db.exists():
        _corpus_run(size)
    print(f"adding {len(ADDED)} articles one by one to the {size:,}-article knowledge base ...", file=sys.stderr)
    return _worker(["--add", *map(str, ADDED), "--db", str(_copy(db, f"add-{size}.db"))])


def _add(db: Path, paths: list[Path]) -> dict[str, Any]:
    """In one process: load the model, then add each article alone (document stages, then corpus stages)."""
    from recoupe import kb, nlp, pipeline
    from recoupe.ingest import read_sources
    from recoupe.records import Rejected
    from recoupe.store import open_store

    settings = pipeline.Settings()
    started = time.perf_counter()
    nlp.load()
    kb.load(settings.kb_files)
    warm = next(read_sources([str(paths[0])]))
    assert not isinstance(warm, Rejected)
    prepared = pipeline.prepare(warm)
    assert not isinstance(prepared, Rejected)
    list(pipeline.analyse([prepared], settings))  # warm-up: the rule tables and lingua load on first use
    load = time.perf_counter() - started
    store = open_store(db)
    runs = []
    for path in paths:
        item = next(read_sources([str(path)]))
        assert not isinstance(item, Rejected)
        timings: dict[str, float] = {}
        t = time.perf_counter()
        doc = pipeline.prepare(item)
        assert not isinstance(doc, Rejected)
        analysis = next(pipeline.analyse([doc], settings))
        store.save(analysis)
        timings["document stages"] = time.perf_counter() - t
        for name in pipeline.CORPUS_STAGES:
            t = time.perf_counter()
            pipeline.CORPUS_FUNCTIONS[name](store, settings)
            timings[name] = time.perf_counter() - t
        runs.append({"article": path.name, "words": len(doc.text.split()),
                     "stages": {k: round(v, 3) for k, v in timings.items()},
                     "total": round(sum(timings.values()), 3),
                     "corpus_stages": round(sum(v for k, v in timings.items() if k != "document stages"), 3)})
    documents = store.stats()["documents"]
    store.close()
    return {"load_seconds": round(load, 2), "documents_after": documents, "runs": runs,
            "median_total": round(statistics.median(r["total"] for r in runs), 3),
            "max_total": round(max(r["total"] for r in runs), 3), "peak_rss_mib": round(_rss(), 1)}


def _growth(sizes: dict[str, Any], small: int, large: int) -> dict[str, Any]:
    a, b = sizes[str(small)], sizes[str(large)]
    by = {s["stage"]: s for s in a["stages"]}
    ratio: dict[str, Any] = {"documents": round(b["documents"] / a["documents"], 2), "stages": {}}
    for s in b["stages"]:
        r = by[s["stage"]]
        ratio["stages"][s["stage"]] = {
            "time": round(s["seconds"] / r["seconds"], 1) if r["seconds"] else None,
            "rss_added": round(s["rss_added_mib"] / r["rss_added_mib"], 1) if r["rss_added_mib"] > 0 else None}
    ratio["time"] = round(b["seconds"] / a["seconds"], 1) if a["seconds"] else None
    return ratio


def _report(results: dict[str, Any]) -> str:
    lines = ["| documents | stage | processed | seconds | CPU s | peak RSS MiB | RSS + MiB |",
             "|---:|---|---:|---:|---:|---:|---:|"]
    for size in results["sizes"].values():
        for s in size["stages"]:
            lines.append(f"| {size['documents']:,} | {s['stage']} | {s['processed']:,} | {s['seconds']:,.2f} | "
                         f"{s['cpu_seconds']:,.2f} | {s['peak_rss_mib']:,.0f} | {s['rss_added_mib']:,.0f} |")
        lines.append(f"| {size['documents']:,} | **all** | | **{size['seconds']:,.2f}** | | | |")
    if "growth" in results:
        g = results["growth"]
        lines.append(f"\ngrowth ({g['documents']}x documents): all stages {_times(g['time'])} time; " + "; ".join(
            f"{k} {_times(v['time'])} time, {_times(v['rss_added'])} RSS +" for k, v in g["stages"].items()))
    if "add" in results:
        add = results["add"]
        names = list(add["runs"][0]["stages"])
        lines += ["", f"adding one article to {add['documents_after'] - len(add['runs']):,} documents "
                  f"(model and knowledge base loaded first: {add['load_seconds']:.1f} s, not counted)", "",
                  "| article | words | " + " | ".join(names) + " | total s |",
                  "|---|---:|" + "---:|" * len(names) + "---:|"]
        for r in add["runs"]:
            lines.append(f"| {r['article']} | {r['words']} | " + " | ".join(
                f"{r['stages'][n]:.3f}" for n in names) + f" | {r['total']:.3f} |")
        verdict = "met" if add["max_total"] < TARGET_ADD else "NOT met"
        lines.append(f"\nmedian {add['median_total']:.3f} s, max {add['max_total']:.3f} s "
                     f"(target < {TARGET_ADD:.0f} s: {verdict}); peak RSS {add['peak_rss_mib']:,.0f} MiB")
    return "\n".join(lines)


def _times(ratio: float | None) -> str:
    return "n/a" if ratio is None else f"{ratio}x"


def _rss() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _clock() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    return time.perf_counter(), own.ru_utime + own.ru_stime


def _since(started: tuple[float, float]) -> tuple[float, float]:
    now = _clock()
    return now[0] - started[0], now[1] - started[1]


if __name__ == "__main__":
    raise SystemExit(main())
