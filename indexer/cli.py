"""The ``nghiquyet`` command line: parse options, call :mod:`indexer`, format.

Every error the core raises is a one-line :class:`NghiquyetError`; here it
becomes ``Error: …`` on stderr with exit status 2, as grep does. Search exits
0 with hits and 1 without.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import click

from indexer.errors import NghiquyetError

DEFAULT_CORPUS = "corpus"
DEFAULT_INDEX = ".nghiquyet-index"


class Group(click.Group):
    """Turns domain errors and interruptions into one line and an exit status."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except NghiquyetError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(2)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            sys.exit(130)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except OSError as exc:
            click.echo(f"Error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), err=True)
            sys.exit(2)


def _folder_option(name: str, env: str, default: str, what: str):
    """A folder option that also reads an environment variable."""
    return click.option(
        f"--{name}",
        envvar=env,
        default=default,
        show_default=True,
        type=click.Path(file_okay=False, path_type=Path),
        help=f"{what} (env {env}).",
    )


corpus_option = _folder_option("corpus", "NGHIQUYET_CORPUS", DEFAULT_CORPUS, "Folder of resolutions")
index_option = _folder_option("index", "NGHIQUYET_INDEX", DEFAULT_INDEX, "Index folder")


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="nghiquyet")
def cli() -> None:
    """Full-text search over Vietnamese party resolutions.

    Example:

        nghiquyet search "KCN Sơn Mỹ"
    """


def _progress(label: str):
    """A progress callback: a bar on a terminal, silence otherwise."""
    if not sys.stderr.isatty():
        return None, None
    bar = click.progressbar(length=1, label=label, file=sys.stderr)
    bar.__enter__()

    def update(done: int, total: int, name: str) -> None:
        bar.length = total
        bar.update(done - bar.pos)

    return update, bar


def _report(report) -> None:
    for _name, reason in report.skipped:
        click.echo(f"Warning: skipped {reason}", err=True)
    click.echo(report.summary())


def _run_index_job(fn, corpus: Path, index: Path, label: str):
    progress, bar = _progress(label)
    try:
        report = fn(corpus, index, progress=progress)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    _report(report)
    return report


@cli.command()
@corpus_option
@index_option
def build(corpus: Path, index: Path) -> None:
    """Index the whole corpus from scratch.

    The new index is written beside the old one and replaces it only when
    complete: searches keep working meanwhile. Exit status 3 when some file
    was skipped.

    Example:

        nghiquyet build --corpus corpus/
    """
    from indexer.indexing import build as do_build  # noqa: PLC0415

    report = _run_index_job(do_build, corpus, index, "Indexing")
    sys.exit(3 if report.skipped else 0)


@cli.command()
@corpus_option
@index_option
def update(corpus: Path, index: Path) -> None:
    """Index what changed in the corpus: new, modified and removed files.

    Files are compared by content hash, not by time. Exit status 3 when some
    file was skipped.

    Example:

        nghiquyet update
    """
    from indexer.indexing import update as do_update  # noqa: PLC0415

    report = _run_index_job(do_update, corpus, index, "Updating")
    for kind in ("added", "changed", "removed"):
        for doc_id in getattr(report, kind):
            click.echo(f"  {kind}: {doc_id}")
    sys.exit(3 if report.skipped else 0)


def _mark(text: str, spans: list[list[int]], color: bool) -> str:
    out, last = [], 0
    for s, e in spans:
        out.append(text[last:s])
        piece = text[s:e]
        out.append(click.style(piece, fg="yellow", bold=True) if color else f"«{piece}»")
        last = e
    out.append(text[last:])
    return "".join(out)


def format_hits(result: dict, color: bool) -> str:
    """The human output: total and time, then each hit with its place and marks."""
    from indexer.highlight import snippet  # noqa: PLC0415

    total = result["total"]
    lines = [f"{total} {'hit' if total == 1 else 'hits'} for {result['query']!r} ({result['took_ms']:.1f} ms)"]
    for hit in result["hits"]:
        where = f"¶{hit['paragraph']}" if hit["kind"] == "body" else f"chú thích ({hit.get('footnote', '')})"
        doc = " ".join(x for x in (hit.get("number"), hit.get("date")) if x)
        head = f"{hit['rank']}. {hit['title']}" + (f" ({doc})" if doc else "") + f" — {where}"
        if hit.get("partial"):
            head += " [partial match]"
        lines.append("")
        lines.append(click.style(head, bold=True) if color else head)
        if hit["section"]:
            lines.append(f"   {hit['section']}")
        snip, spans = snippet(hit["text"], [tuple(s) for s in hit["spans"]])
        lines.append("   " + _mark(snip, [list(s) for s in spans], color))
    return "\n".join(lines)


def format_groups(result: dict, color: bool) -> str:
    """The human output of results by document: each document once, its count and best paragraphs."""
    from indexer.highlight import snippet  # noqa: PLC0415

    total = result["total_documents"]
    lines = [
        f"{total} {'document' if total == 1 else 'documents'} ({result['total']} paragraphs) for {result['query']!r}"
        f" ({result['took_ms']:.1f} ms)"
    ]
    for group in result["groups"]:
        doc = " ".join(x for x in (group.get("number"), group.get("date")) if x)
        head = f"{group['rank']}. {group['title']}" + (f" ({doc})" if doc else "") + f" — {group['matches']} matching"
        lines.append("")
        lines.append(click.style(head, bold=True) if color else head)
        lines.append(f"   {group['doc_id']}")
        for hit in group["hits"]:
            where = f"¶{hit['paragraph']}" if hit["kind"] == "body" else f"chú thích ({hit.get('footnote', '')})"
            lines.append(f"   {where}" + (f" — {hit['section']}" if hit["section"] else ""))
            snip, spans = snippet(hit["text"], [tuple(s) for s in hit["spans"]])
            lines.append("      " + _mark(snip, [list(s) for s in spans], color))
    return "\n".join(lines)


@cli.command()
@click.argument("query")
@click.option("--limit", "-n", default=10, show_default=True, type=click.IntRange(1, 100), help="Hits per page.")
@click.option("--page", "-p", default=1, show_default=True, type=click.IntRange(1, 10_000), help="Page of hits.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
@click.option("--color/--no-color", default=None, help="Colour the matches (default: on a terminal).")
@click.option("--doc", "doc_id", multiple=True, help="Only this document (its id, see `nghiquyet docs`).")
@click.option("--province", multiple=True, help="Only documents of this province (case and accents ignored).")
@click.option("--type", "doc_type", multiple=True, help="Only this document type (Nghị quyết, …).")
@click.option("--year", multiple=True, help="Only documents of this year.")
@click.option("--issuer", multiple=True, help="Only documents of this issuer.")
@click.option("--cites", multiple=True, help="Only documents citing this number (e.g. 23-NQ/TW).")
@click.option("--from", "date_from", default=None, help="Only documents dated on or after this day (YYYY-MM-DD).")
@click.option("--to", "date_to", default=None, help="Only documents dated on or before this day (YYYY-MM-DD).")
@click.option("--by-document", is_flag=True, help="Each matching document once, with its best paragraphs.")
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True, help="Order.")
@corpus_option
@index_option
def search(
    query,
    limit,
    page,
    as_json,
    color,
    doc_id,
    province,
    doc_type,
    year,
    issuer,
    cites,
    date_from,
    date_to,
    by_document,
    sort,
    corpus,
    index,
) -> None:
    """Search the resolutions; exit 0 with hits, 1 with none, 2 on error.

    Words are ANDed; "..." is a phrase; OR; -word or NOT word excludes.
    Accents, tone placement and case do not matter; abbreviations (KCN, UBND)
    and roman numerals (khóa XIII = khóa 13) match their long forms.

    Example:

        nghiquyet search "KCN Sơn Mỹ"

        nghiquyet search '"liên kết vùng" -titan' --json
    """
    from indexer import store  # noqa: PLC0415
    from indexer.engine import search as do_search  # noqa: PLC0415

    if not store.exists(index):
        if not corpus.is_dir():
            raise NghiquyetError(f"no index in {index} and no corpus folder {corpus} to build it from")
        click.echo(f"No index in {index} yet: building it from {corpus}/ first.", err=True)
        from indexer.indexing import build as do_build  # noqa: PLC0415

        report = do_build(corpus, index)
        for _name, reason in report.skipped:
            click.echo(f"Warning: skipped {reason}", err=True)
        click.echo(report.summary(), err=True)
    # Repeating an option means either value (see indexer.filters).
    filters = {
        "doc_id": doc_id,
        "province": province,
        "doc_type": doc_type,
        "year": year,
        "issuer": issuer,
        "cites": cites,
        "date_from": date_from,
        "date_to": date_to,
    }
    group = "document" if by_document else ""
    result = do_search(index, query, limit=limit, page=page, filters=filters, group=group, sort=sort)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
    else:
        use_color = sys.stdout.isatty() if color is None else color
        click.echo((format_groups if group else format_hits)(result, use_color), color=use_color)
    sys.exit(0 if result["hits"] else 1)


@cli.command()
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def docs(index: Path, as_json: bool) -> None:
    """List the indexed documents with their metadata and paragraph counts.

    Example:

        nghiquyet docs
    """
    from indexer.engine import list_docs  # noqa: PLC0415

    rows = list_docs(index)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    from indexer.properties import as_text  # noqa: PLC0415  (hand-written sidecars: any type)

    for d in rows:
        bits = [as_text(d.get(k)) for k in ("doc_type", "number")] + [as_text(d.get("date") or d.get("year"))]
        click.echo(
            click.style(d["doc_id"], bold=True) + f"  ({d['paragraphs']} paragraphs, {d['footnotes']} footnotes)"
        )
        click.echo(f"   {as_text(d.get('title'))}")
        facts = [b for b in bits if b] + [x for x in (as_text(d.get(k)) for k in ("province", "issuer", "signer")) if x]
        click.echo("   " + " · ".join(facts))
    click.echo(f"{len(rows)} documents")


@cli.command()
@click.argument("doc_id")
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def show(doc_id: str, index: Path, as_json: bool) -> None:
    """Show one document's properties and the documents it cites and that cite it.

    Example:

        nghiquyet show binh-thuan_nq-tu-2021_phat-trien-cong-nghiep
    """
    from indexer.relations import Relations  # noqa: PLC0415
    from indexer.store import Reader  # noqa: PLC0415

    docs = Reader(index).docs()
    described = Relations(docs).describe(doc_id)
    if described is None:
        raise NghiquyetError(f"no document {doc_id!r} in the index (see `nghiquyet docs`)")
    if as_json:
        click.echo(json.dumps(described, ensure_ascii=False, indent=1))
        return
    click.echo(click.style(described["title"] or doc_id, bold=True))
    for key in ("doc_type", "number", "date", "issuer", "signer", "province", "path"):
        if described.get(key):
            click.echo(f"   {key}: {described[key]}")
    for c in described["cites"]:
        target = c["doc_id"] or "(not in the index)"
        click.echo(f"   {c['relation']}: {c['number']} {c['date']} → {target}".replace("  ", " "))
    for c in described["cited_by"]:
        click.echo(f"   {c['relation']} by: {c['doc_id']}")


@cli.command(name="eval")
@click.argument("judgements", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@corpus_option
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def eval_cmd(judgements: Path, corpus: Path, index: Path, as_json: bool) -> None:
    """Score the engine on a relevance file (format of dev-queries.json).

    Prints passed queries per class and each failure; exit 0 when all pass.

    Example:

        nghiquyet eval tests/dev-queries.json
    """
    from indexer import store  # noqa: PLC0415
    from indexer.evaluate import evaluate, load  # noqa: PLC0415

    try:
        data = load(judgements)
        data["queries"]
    except (ValueError, KeyError, TypeError) as exc:
        raise NghiquyetError(f"{judgements}: not a relevance file ({exc})") from None
    if not store.exists(index):
        from indexer.indexing import build as do_build  # noqa: PLC0415

        click.echo(f"No index in {index} yet: building it from {corpus}/ first.", err=True)
        do_build(corpus, index)
    result = evaluate(index, data)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        for cls, (ok, n) in sorted(result["classes"].items()):
            click.echo(f"{cls:24} {ok}/{n}")
        for f in result["failures"]:
            click.echo(f"FAIL {f['id']} {f['q']!r}: {f['why']}")
        click.echo(f"passed {result['passed']} of {result['total']}")
    sys.exit(0 if result["passed"] == result["total"] else 1)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535), help="Port.")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64), help="Worker threads.")
@corpus_option
@index_option
def serve(host: str, port: int, threads: int, corpus: Path, index: Path) -> None:
    """Serve the search page on waitress (never in debug mode).

    The page picks up a rebuilt or updated index without a restart.

    Example:

        nghiquyet serve --port 8080
    """
    from waitress import serve as waitress_serve  # noqa: PLC0415

    from indexer import store  # noqa: PLC0415
    from search_web import create_app  # noqa: PLC0415

    if not store.exists(index):
        from indexer.indexing import build as do_build  # noqa: PLC0415

        click.echo(f"No index in {index} yet: building it from {corpus}/ first.", err=True)
        do_build(corpus, index)
    app = create_app({"INDEX": str(index), "CORPUS": str(corpus), "ACCESS_LOG": True})
    click.echo(f"Serving on http://{host}:{port}/ (Ctrl+C to stop)", err=True)
    waitress_serve(app, host=host, port=port, threads=threads, ident="nghiquyet")


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--title", default=None, help="Title, when the text does not state it.")
@click.option("--type", "doc_type", default=None, help="Document type (Nghị quyết, Kết luận, …).")
@click.option("--number", default=None, help="Number, e.g. 08-NQ/TU.")
@click.option("--date", default=None, help="Date, dd/mm/yyyy.")
@click.option("--province", default=None, help="Province.")
@click.option("--issuer", default=None, help="Issuing body.")
@click.option("--signer", default=None, help="Signer.")
@click.option("--force", is_flag=True, help="Replace a corpus file of the same name.")
@corpus_option
@index_option
def add(files, title, doc_type, number, date, province, issuer, signer, force, corpus: Path, index: Path) -> None:
    """Copy resolutions into the corpus and index them at once.

    The metadata options are written to a NAME.meta.toml sidecar beside each
    copied file. Exit status 3 when some file was skipped.

    Example:

        nghiquyet add ~/Downloads/nq-05.txt --province "Bình Thuận" --number 05-NQ/TU
    """
    from indexer.indexing import update as do_update  # noqa: PLC0415
    from indexer.reader import write_sidecar  # noqa: PLC0415

    corpus.mkdir(parents=True, exist_ok=True)
    meta = {
        "title": title,
        "doc_type": doc_type,
        "number": number,
        "date": date,
        "province": province,
        "issuer": issuer,
        "signer": signer,
    }
    for f in files:
        target = corpus / f.name
        if target.exists() and not force and target.resolve() != f.resolve():
            raise NghiquyetError(f"{target} already exists: use --force to replace it")
        if target.resolve() != f.resolve():
            shutil.copyfile(f, target)
        if any(meta.values()):
            write_sidecar(target, {k: v for k, v in meta.items() if v})
        click.echo(f"copied {f} → {target}")
    report = _run_index_job(do_update, corpus, index, "Indexing")
    sys.exit(3 if report.skipped else 0)


@cli.command()
@click.option(
    "--debounce", default=2.0, show_default=True, type=click.FloatRange(0.1, 600), help="Quiet seconds before updating."
)
@corpus_option
@index_option
def watch(debounce: float, corpus: Path, index: Path) -> None:
    """Follow the corpus folder and update the index when files appear, change or go.

    Waits until the folder has been quiet for --debounce seconds and copied
    files have stopped growing. Runs until interrupted (Ctrl+C).

    Example:

        nghiquyet watch --debounce 5
    """
    import time as _time  # noqa: PLC0415

    from indexer.watch import watch as do_watch  # noqa: PLC0415

    if not corpus.is_dir():
        raise NghiquyetError(f"corpus folder not found: {corpus}")

    def report(r) -> None:
        stamp = _time.strftime("%H:%M:%S")
        for _name, reason in r.skipped:
            click.echo(f"{stamp} Warning: skipped {reason}", err=True)
        changes = [f"{k} {d}" for k in ("added", "changed", "removed") for d in getattr(r, k)]
        click.echo(f"{stamp} {r.summary()}" + (": " + "; ".join(changes) if changes else ""))

    click.echo(f"Watching {corpus}/ (Ctrl+C to stop)", err=True)
    do_watch(corpus, index, report, debounce=debounce, on_busy=lambda m: click.echo(f"Busy: {m}", err=True))


def main() -> None:
    cli(prog_name="nghiquyet")


if __name__ == "__main__":
    main()
