"""Command line: parse, call one library function, print. No analysis here."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from recoupe import briefing, export, exports, pipeline
from recoupe.errors import RecoupeError
from recoupe.records import RunReport
from recoupe.store import Store, open_store

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="recoupe: read news articles, build a source-attributed knowledge base, export it.")
err = Console(stderr=True, soft_wrap=True)  # soft wrap: paths and reasons are never cropped

DbOption = Annotated[Path, typer.Option("--db", help="SQLite knowledge-base file (created if missing).")]
KbOption = Annotated[list[Path] | None, typer.Option(
    "--kb", help="Extra knowledge-base YAML file layered over the bundled one (repeatable).")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")]
PathsArgument = Annotated[list[str], typer.Argument(
    help="Files or folders (.txt .html .htm .jsonl .json, .gz too); '-' reads JSONL from stdin.")]
BatchOption = Annotated[int, typer.Option("--batch-size", min=1, help="Documents per spaCy batch.")]
ProcessesOption = Annotated[int, typer.Option("--processes", min=1, help="spaCy worker processes.")]
DEFAULT_DB = Path("recoupe.db")
LangOption = Annotated[str, typer.Option(
    "--lang", help=f"Language of the briefing's labels: {' or '.join(briefing.LANGUAGES)} (source text is never "
                   "translated).")]


@contextmanager
def _store(db: Path) -> Iterator[Store]:
    try:
        store = open_store(db)
    except RecoupeError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    try:
        yield store
    finally:
        store.close()


def _ingest(paths: list[str], store: Store, settings: pipeline.Settings, quiet: bool) -> RunReport:
    try:
        if quiet:
            return pipeline.ingest(paths, store, settings, stdin=sys.stdin)
        columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                   TextColumn("{task.completed} documents"), TimeElapsedColumn())
        with Progress(*columns, console=err, transient=True) as bar:
            task = bar.add_task("analysing", total=None)
            return pipeline.ingest(paths, store, settings, stdin=sys.stdin,
                                   progress=lambda n: bar.update(task, completed=n))
    except RecoupeError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc


def _summary(report: RunReport, quiet: bool) -> None:
    if not quiet:
        rate = report.words / report.seconds if report.seconds else 0.0
        err.print(f"{len(report.ingested)} new, {len(report.replaced)} replaced, {len(report.unchanged)} unchanged, "
                  f"{len(report.rejected)} rejected — {report.words:,} words in {report.seconds:.1f} s "
                  f"({rate:,.0f} words/s)")
        for doc_id, reason in report.skipped:
            err.print(f"[yellow]skipped[/yellow] {doc_id}: {reason}")
    if report.rejected:
        err.print(f"[red]{len(report.rejected)} input(s) failed:[/red]")
        for r in report.rejected:
            err.print(f"  {r}", markup=False, highlight=False)


def _settings(kb: list[Path] | None, batch_size: int = 16, processes: int = 1) -> pipeline.Settings:
    return pipeline.Settings(kb_files=tuple(str(p) for p in kb or ()), batch_size=batch_size, n_process=processes)


@app.command()
def run(paths: PathsArgument, db: DbOption = DEFAULT_DB,
        out: Annotated[Path, typer.Option("--out", help="Folder for export.json, briefing.html and briefing.md.")
                       ] = Path("recoupe-out"),
        kb: KbOption = None, quiet: QuietOption = False, batch_size: BatchOption = 16,
        processes: ProcessesOption = 1, lang: LangOption = briefing.DEFAULT_LANGUAGE) -> None:
    """Ingest and analyse every article under PATHS, store them, write OUT/export.json and the briefing."""
    _check_lang(lang)
    with _store(db) as store:
        settings = _settings(kb, batch_size, processes)
        report = _ingest(paths, store, settings, quiet)
        data = export.build(store, settings.kb_files)  # the user's KB dates roles for the checks too
    out.mkdir(parents=True, exist_ok=True)
    export.write(data, out / "export.json")
    pages = briefing.write(data, out, lang)
    _summary(report, quiet)
    if not quiet:
        err.print(f"wrote {out / 'export.json'}, {pages[0]} and {pages[1]} (knowledge base: {db})")
    raise typer.Exit(1 if report.rejected else 0)


def _check_lang(lang: str) -> None:
    try:  # before any work: a typo must not cost a whole run
        briefing.check_language(lang)
    except RecoupeError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc


@app.command()
def brief(db: DbOption = DEFAULT_DB,
          out: Annotated[Path, typer.Option("--out", help="Folder for briefing.html and briefing.md.")
                         ] = Path("recoupe-out"),
          lang: LangOption = briefing.DEFAULT_LANGUAGE) -> None:
    """Write the briefing of the knowledge base: OUT/briefing.html (self-contained) and OUT/briefing.md."""
    _check_lang(lang)
    with _store(db) as store:
        data = export.build(store)
    for page in briefing.write(data, out, lang):
        err.print(f"wrote {page}")


@app.command()
def ingest(paths: PathsArgument, db: DbOption = DEFAULT_DB, kb: KbOption = None, quiet: QuietOption = False,
           batch_size: BatchOption = 16, processes: ProcessesOption = 1) -> None:
    """Ingest and analyse articles into the knowledge base, without exporting."""
    with _store(db) as store:
        report = _ingest(paths, store, _settings(kb, batch_size, processes), quiet)
    _summary(report, quiet)
    raise typer.Exit(1 if report.rejected else 0)


@app.command("export")
def export_command(db: DbOption = DEFAULT_DB,
                   format: Annotated[str, typer.Option("--format", help="Export format: " + ", ".join(
                       f"{name} ({what})" for name, what in exports.FORMATS.items()) + ".")] = "json",
                   output: Annotated[Path | None, typer.Option(
                       "-o", "--output", help="File, or folder for csv (default: stdout; csv needs a folder).")
                                     ] = None) -> None:
    """Write the knowledge base in one export format (docs/export.md), all derived from the JSON contract."""
    try:
        exports.check(format, output)  # before reading the store: a typo costs nothing
        with _store(db) as store:
            data = export.build(store)
        if output is None:
            sys.stdout.write(exports.render(data, format))
        else:
            exports.write(data, format, output)
    except RecoupeError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc


@app.command()
def stats(db: DbOption = DEFAULT_DB) -> None:
    """Counts of what the knowledge base holds."""
    with _store(db) as store:
        counts = store.stats()
    table = Table("table", "rows", title=f"knowledge base {db}")
    for name, n in counts.items():
        table.add_row(name, f"{n:,}")
    Console().print(table)


@app.command()
def serve(db: DbOption = DEFAULT_DB,
          host: Annotated[str, typer.Option("--host", help="Address to listen on (127.0.0.1: this machine only).")
                          ] = "127.0.0.1",
          port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port to listen on.")] = 8000) -> None:
    """Serve the web app and the JSON API over the knowledge base (adding articles needs RECOUPE_TOKEN)."""
    if not db.is_file():
        err.print(f"[red]error:[/red] no knowledge base at {db}; build one with `recoupe run PATH --db {db}` "
                  "or pass another file with --db")
        raise typer.Exit(2)
    import uvicorn  # the web stack loads only for this command

    from recoupe.web import create_app

    try:
        web = create_app(db)
    except RecoupeError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    err.print(f"serving {db} at http://{host}:{port}/ (API description at /openapi.json; "
              f"{'adding articles enabled' if web.state.token else 'read-only: set RECOUPE_TOKEN to add articles'})")
    uvicorn.run(web, host=host, port=port, log_level="warning")
