"""The ``nghiquyet`` command line: parse options, call :class:`indexer.Index`, format.

Every error the core raises is a one-line :class:`NghiquyetError`; here it
becomes ``Error: …`` on stderr with exit status 2, as grep does. Search exits
0 with hits and 1 without. A reader that closes the pipe early
(``nghiquyet docs | head -1``) ends the command quietly. Everything printed
is English; colour follows the terminal and ``NO_COLOR``.
"""

from __future__ import annotations

import errno
import importlib
import json
import os
import sys
from pathlib import Path

import click

import indexer
from indexer import as_text

DEFAULT_CORPUS = "corpus"
DEFAULT_INDEX = ".nghiquyet-index"


class Group(click.Group):
    """Turns domain errors, closed pipes and interruptions into one line and an exit status."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except indexer.NghiquyetError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(2)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            _interrupted_exit()
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except BrokenPipeError:
            _quiet_exit()
        except OSError as exc:
            if exc.errno == errno.EPIPE:
                _quiet_exit()
            click.echo(f"Error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), err=True)
            sys.exit(2)


def _interrupted_exit() -> None:
    """Leave at once with status 130 after Ctrl+C, the way a shell expects.

    By now an interrupted build or update has cancelled its writer processes and
    removed its files (the last good index stands). Python's own exit would then
    still join what multiprocessing left behind (queue threads, processes it
    thinks alive), and on a loaded machine that join could wait for ever: the
    user pressed Ctrl+C to stop, so nothing more is waited for.
    """
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe has nothing left to say
            pass
    os._exit(130)


def _quiet_exit() -> None:
    """The reader of our output went away (``| head``): stop without a word.

    Python would otherwise complain again when it flushes stdout at exit, so
    stdout is pointed at /dev/null first (the recipe of Python's signal docs).
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(0)


class QueryCommand(click.Command):
    """A command whose words may start with "-": ``nghiquyet search -titan KCN``.

    click would read ``-titan`` as the options ``-t -i …``. Here every
    argument that is not one of the command's options (or an option's value)
    is a query word, wherever it stands; ``--`` still ends the options.
    """

    def parse_args(self, ctx, args):
        return super().parse_args(ctx, _words_last(self, ctx, list(args)))


def _words_last(cmd: click.Command, ctx: click.Context, args: list[str]) -> list[str]:
    takes_value: dict[str, bool] = {}
    for param in cmd.get_params(ctx):
        if isinstance(param, click.Option):
            for name in [*param.opts, *param.secondary_opts]:
                takes_value[name] = not (param.is_flag or param.count)
    opts: list[str] = []
    words: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        name = arg.split("=", 1)[0] if arg.startswith("--") else arg
        if arg == "--":
            words += args[i + 1 :]
            break
        if name in takes_value:
            opts.append(arg)
            if takes_value[name] and "=" not in arg and i + 1 < len(args):
                opts.append(args[i + 1])
                i += 1
        elif arg.startswith("--"):
            opts.append(arg)  # an unknown long option: click names it
        elif takes_value.get(arg[:2]) and arg[2:].isdigit():
            opts.append(arg)  # -n5
        else:
            words.append(arg)
        i += 1
    return opts + (["--", *words] if words else [])


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
abbreviations_option = click.option(
    "--abbreviations",
    envvar="NGHIQUYET_ABBREVIATIONS",
    default=None,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Extra abbreviation table (TSV), on top of the packaged one and CORPUS/abbreviations.tsv "
    "(env NGHIQUYET_ABBREVIATIONS).",
)


def _index(corpus: Path | None, index: Path, abbreviations: Path | None = None) -> indexer.Index:
    return indexer.Index(index, corpus=corpus, abbreviations=abbreviations)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _use_color(flag: bool | None) -> bool:
    """--color/--no-color when given; else colour on a terminal unless NO_COLOR is set (no-color.org)."""
    if flag is not None:
        return flag
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


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


def _warn_corpus(ix: indexer.Index, report) -> None:
    """What the user should know about the corpus after indexing it: skipped, orphan and absent files."""
    for _name, reason in report.skipped:
        click.echo(f"Warning: skipped {reason}", err=True)
    for side in ix.orphan_sidecars():
        click.echo(f"Warning: {side} describes no resolution: no file of that name beside it", err=True)
    indexed = len(report.added) + len(report.changed) + report.unchanged
    if not indexed and not report.skipped:
        kinds = ", ".join(sorted(indexer.SUPPORTED))
        click.echo(f"Warning: no resolutions in {ix.corpus}/ ({kinds} files): the index is empty", err=True)


def _run_index_job(ix: indexer.Index, job: str):
    progress, bar = _progress("Indexing" if job == "build" else "Updating")
    try:
        report = getattr(ix, job)(progress=progress)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    _warn_corpus(ix, report)
    click.echo(report.summary())
    return report


def _ensure(ix: indexer.Index) -> None:
    """Build the index first when there is none, saying so on stderr."""

    def announce() -> None:
        click.echo(f"No index in {ix.path} yet: building it from {ix.corpus}/ first.", err=True)

    report = ix.ensure(on_build=announce)
    if report is not None:
        _warn_corpus(ix, report)  # the same warnings as `build`: skipped, orphan, no resolution at all
        click.echo(report.summary(), err=True)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="nghiquyet")
def cli() -> None:
    """Full-text search over Vietnamese party resolutions.

    Example:

        nghiquyet search "KCN Sơn Mỹ"
    """


@cli.command()
@corpus_option
@index_option
@abbreviations_option
def build(corpus: Path, index: Path, abbreviations: Path | None) -> None:
    """Index the whole corpus from scratch.

    The new index is written beside the old one and replaces it only when
    complete: searches keep working meanwhile. Run it again after changing
    an abbreviation table. Exit status 3 when some file was skipped.

    Example:

        nghiquyet build --corpus corpus/
    """
    report = _run_index_job(_index(corpus, index, abbreviations), "build")
    sys.exit(3 if report.skipped else 0)


@cli.command()
@corpus_option
@index_option
@abbreviations_option
def update(corpus: Path, index: Path, abbreviations: Path | None) -> None:
    """Index what changed in the corpus: new, modified and removed files.

    Files are compared by content hash, not by time. Exit status 3 when some
    file was skipped.

    Example:

        nghiquyet update
    """
    report = _run_index_job(_index(corpus, index, abbreviations), "update")
    for kind in ("added", "changed", "removed"):
        for doc_id in getattr(report, kind):
            click.echo(f"  {kind}: {doc_id}")
    sys.exit(3 if report.skipped else 0)


def _mark(text: str, spans, color: bool) -> str:
    out, last = [], 0
    for s, e in spans:
        out.append(text[last:s])
        piece = text[s:e]
        out.append(click.style(piece, fg="yellow", bold=True) if color else f"«{piece}»")
        last = e
    out.append(text[last:])
    return "".join(out)


def _hit_head(hit: indexer.Hit) -> str:
    """``3. Title (08-NQ/TU, 2016) — ¶12``: where the hit is, and which document."""
    about = ", ".join(x for x in (hit.number, str(hit.year) if hit.year else "") if x)
    where = f"¶{hit.paragraph}" if hit.kind == "body" else f"footnote {hit.footnote}".rstrip()
    where = "the document itself" if hit.kind == "document" else where
    head = f"{hit.rank}. {hit.title}" + (f" ({about})" if about else "") + f" — {where}"
    return head + (" [partial match]" if hit.partial else " [words apart]" if hit.extra.get("apart") else "")


def format_hits(result: indexer.Result, color: bool) -> str:
    """The human output: total and time, then each hit with its place and marks."""
    lines = [f"{_plural(result.total, 'hit')} for {result.query!r} ({result.took_ms:.1f} ms)"]
    if result.extra.get("suggestion"):
        lines.append(f"Did you mean: {result.extra['suggestion']}")
    if not result.hits and result.total:
        pages = _plural(result.pages, "page")
        lines += ["", f"There is no page {result.page}: {result.total} hits fill {pages} of {result.limit}."]
    for hit in result.hits:
        head = _hit_head(hit)
        lines.append("")
        lines.append(click.style(head, bold=True) if color else head)
        if hit.section:
            lines.append(f"   {hit.section}")
        lines.append("   " + _mark(hit.snippet, hit.snippet_spans, color))
    return "\n".join(lines)


def format_groups(result: indexer.Result, color: bool) -> str:
    """The human output of results by document: each document once, its count and best paragraphs."""
    total = int(result.extra.get("total_documents", 0))
    lines = [
        f"{_plural(total, 'document')} ({_plural(result.total, 'paragraph')}) for {result.query!r}"
        f" ({result.took_ms:.1f} ms)"
    ]
    for group in result.extra.get("groups", ()):
        year = next((str(h.year) for h in result.hits if h.doc_id == group["doc_id"] and h.year), "")
        about = ", ".join(x for x in (group.get("number"), group.get("date") or year) if x)
        head = (
            f"{group['rank']}. {group['title']}" + (f" ({about})" if about else "") + f" — {group['matches']} matching"
        )
        lines += ["", click.style(head, bold=True) if color else head, f"   {group['doc_id']}"]
        for raw in group["hits"]:
            hit = indexer.Hit.from_dict(raw)
            where = f"¶{hit.paragraph}" if hit.kind == "body" else f"footnote {hit.footnote}".rstrip()
            lines.append(f"   {where}" + (f" — {hit.section}" if hit.section else ""))
            lines.append("      " + _mark(hit.snippet, hit.snippet_spans, color))
    return "\n".join(lines)


@cli.command(cls=QueryCommand)
@click.argument("query", nargs=-1, required=True)
@click.option("--limit", "-n", default=10, show_default=True, type=click.IntRange(min=1), help="Hits per page.")
@click.option("--page", "-p", default=1, show_default=True, type=click.IntRange(1, 10_000), help="Page of hits.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
@click.option("--color/--no-color", default=None, help="Colour the matches (default: on a terminal, unless NO_COLOR).")
@click.option("--doc", "doc_id", multiple=True, help="Only this document (its id, see `nghiquyet docs`); repeatable.")
@click.option("--province", multiple=True, help="Only documents of this province; repeatable (either).")
@click.option("--type", "doc_type", multiple=True, help="Only this document type (Nghị quyết, …); repeatable.")
@click.option("--year", multiple=True, help="Only documents of this year; repeatable.")
@click.option("--issuer", multiple=True, help="Only documents of this issuer; repeatable.")
@click.option("--cites", multiple=True, help="Only documents citing this number (e.g. 23-NQ/TW); repeatable.")
@click.option("--from", "date_from", default=None, help="Only documents dated on or after this day (YYYY-MM-DD).")
@click.option("--to", "date_to", default=None, help="Only documents dated on or before this day (YYYY-MM-DD).")
@click.option("--by-document", is_flag=True, help="Each matching document once, with its best paragraphs.")
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True, help="Order.")
@corpus_option
@index_option
@abbreviations_option
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
    abbreviations,
) -> None:
    """Search the resolutions; exit 0 with hits, 1 with none, 2 on error.

    Words are ANDed; "..." is a phrase; OR; -word or NOT word excludes, even
    as the first word (nghiquyet search -titan "cát trắng"). Everything after
    -- is query, even --json. A word typed with accents matches exactly (điện
    never finds diện); a word typed without accents matches every accented
    form, exact forms first. Case, tone placement (hoá = hóa) and i/y (kĩ =
    kỹ) do not matter; abbreviations (KCN, UBND) and roman numerals (khóa
    XIII = khóa 13) match their long forms. The whole result goes out with
    --json --limit N.

    Example:

        nghiquyet search "KCN Sơn Mỹ"

        nghiquyet search '"liên kết vùng" -titan' --json

        nghiquyet search --json --limit 1000 công nghiệp > hits.json
    """
    ix = _index(corpus, index, abbreviations)
    _ensure(ix)
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
    result = ix.search(
        " ".join(query), limit=limit, page=page, filters={k: v for k, v in filters.items() if v}, group=group, sort=sort
    )
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False))
    else:
        use_color = _use_color(color)
        click.echo((format_groups if group else format_hits)(result, use_color), color=use_color)
    sys.exit(0 if result.hits else 1)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@corpus_option
@index_option
@abbreviations_option
def docs(as_json: bool, corpus: Path, index: Path, abbreviations: Path | None) -> None:
    """List the indexed documents with their metadata and paragraph counts.

    Builds the index from --corpus first when there is none.

    Example:

        nghiquyet docs

        nghiquyet docs --json | head
    """
    ix = _index(corpus, index, abbreviations)
    _ensure(ix)
    rows = ix.documents()
    if as_json:
        click.echo(json.dumps([d.to_json() for d in rows], ensure_ascii=False, indent=1))
        return
    color = _use_color(None)
    for d in rows:
        counts = f"  ({_plural(d.paragraphs, 'paragraph')}, {_plural(d.footnotes, 'footnote')})"
        click.echo((click.style(d.doc_id, bold=True) if color else d.doc_id) + counts, color=color)
        click.echo(f"   {as_text(d.title)}")
        facts = [d.doc_type, d.number, d.date or d.year, d.province, d.issuer, d.signer]
        click.echo("   " + " · ".join(as_text(x) for x in facts if as_text(x)))  # hand-written sidecars: any type
    click.echo(_plural(len(rows), "document"))


@cli.command()
@click.argument("doc_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@corpus_option
@index_option
@abbreviations_option
def show(doc_id: str, as_json: bool, corpus: Path, index: Path, abbreviations: Path | None) -> None:
    """Show one document's properties and the documents it cites and that cite it.

    Example:

        nghiquyet show binh-thuan_nq-tu-2021_phat-trien-cong-nghiep
    """
    ix = _index(corpus, index, abbreviations)
    _ensure(ix)
    described = indexer.Relations(ix.documents_json()).describe(doc_id)
    if described is None:
        raise indexer.NghiquyetError(f"no document {doc_id!r} in the index (see `nghiquyet docs`)")
    if as_json:
        click.echo(json.dumps(described, ensure_ascii=False, indent=1))
        return
    click.echo(as_text(described.get("title")) or doc_id)
    for key in ("doc_type", "number", "date", "year", "issuer", "signer", "province", "path"):
        if as_text(described.get(key)):
            click.echo(f"   {key}: {as_text(described[key])}")
    for c in described["cites"]:
        target = c["doc_id"] or "(not in the index)"
        click.echo(f"   {c['relation']}: {' '.join(x for x in (c['number'], c['date']) if x)} → {target}")
    for c in described["cited_by"]:
        click.echo(f"   {PASSIVE.get(c['relation'], c['relation'] + ' by')}: {c['doc_id']}")


PASSIVE = {
    "implements": "implemented by",
    "continues": "continued by",
    "replaces": "replaced by",
    "amends": "amended by",
    "cites": "cited by",
}


@cli.command(name="eval")
@click.argument("judgements", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@corpus_option
@index_option
@abbreviations_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def eval_cmd(judgements: Path, corpus: Path, index: Path, abbreviations: Path | None, as_json: bool) -> None:
    """Score the engine on a relevance file (format of dev-queries.json).

    Prints passed queries per class and each failure; exit 0 when all pass.
    Cases {"q", "relevant": [doc ids or file names]} (or a file that is a
    list of them) are judged by document, with recall@10 and MRR printed.

    Example:

        nghiquyet eval tests/dev-queries.json
    """
    try:
        data = indexer.load_judgements(judgements)
        data["queries"]
    except (ValueError, KeyError, TypeError) as exc:
        raise indexer.NghiquyetError(f"{judgements}: not a relevance file ({exc})") from None
    ix = _index(corpus, index, abbreviations)
    _ensure(ix)
    result = ix.evaluate(data)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        for cls, (ok, n) in sorted(result["classes"].items()):
            click.echo(f"{cls:24} {ok}/{n}")
        for f in result["failures"]:
            click.echo(f"FAIL {f['id']} {f['q']!r}: {f['why']}")
        ranked = "".join(f"  {key} {result[key]:.3f}" for key in result if key.startswith("recall@") or key == "mrr")
        click.echo(f"passed {result['passed']} of {result['total']}{ranked}")
    sys.exit(0 if result["passed"] == result["total"] else 1)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535), help="Port.")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64), help="Worker threads.")
@corpus_option
@index_option
@abbreviations_option
def serve(host: str, port: int, threads: int, corpus: Path, index: Path, abbreviations: Path | None) -> None:
    """Serve the search page on waitress (never in debug mode).

    The page picks up a rebuilt or updated index without a restart.

    Example:

        nghiquyet serve --port 8080
    """
    from waitress import create_server  # noqa: PLC0415

    from search_web import create_app  # noqa: PLC0415

    app = create_app({"INDEX": str(index), "CORPUS": str(corpus), "ABBREVIATIONS": abbreviations, "ACCESS_LOG": True})
    try:  # bind first: a busy port is said before anything else happens
        server = create_server(app, host=host, port=port, threads=threads, ident="nghiquyet")
    except OSError as exc:
        why = "the port is already in use (choose another --port)" if exc.errno == errno.EADDRINUSE else exc.strerror
        raise indexer.NghiquyetError(f"cannot serve on {host}:{port}: {why}") from None
    try:
        _ensure(_index(corpus, index, abbreviations))
    except BaseException:
        server.close()
        raise
    # A long-lived process: load numpy now, so large result sets rank over arrays from the first
    # request on (indexer.searching.ranking) instead of waiting for the import then.
    importlib.import_module("indexer.searching.vectorized")

    click.echo(f"Serving on http://{host}:{port}/ (Ctrl+C to stop)", err=True)
    server.run()


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--title", default=None, help="Title, when the text does not state it.")
@click.option("--type", "doc_type", default=None, help="Document type (Nghị quyết, Kết luận, …).")
@click.option("--number", default=None, help="Number, e.g. 08-NQ/TU.")
@click.option("--date", default=None, help="Date: dd/mm/yyyy or yyyy-mm-dd (sets the year too).")
@click.option("--province", default=None, help="Province.")
@click.option("--issuer", default=None, help="Issuing body.")
@click.option("--signer", default=None, help="Signer.")
@click.option("--force", is_flag=True, help="Replace a corpus file of the same name.")
@corpus_option
@index_option
@abbreviations_option
def add(files, title, doc_type, number, date, province, issuer, signer, force, corpus, index, abbreviations) -> None:
    """Copy resolutions into the corpus and index them at once.

    Each file is read first: one that cannot be indexed (empty, not really a
    PDF, an unsupported format) is not copied, and the reason is printed.
    The metadata options are written to a NAME.meta.toml sidecar beside each
    copied file. Exit status 3 when some file was not added or skipped.

    Example:

        nghiquyet add ~/Downloads/nq-05.txt --province "Bình Thuận" --number 05-NQ/TU --date 15/03/2024
    """
    meta = {
        "title": title,
        "doc_type": doc_type,
        "number": number,
        "date": date,
        "province": province,
        "issuer": issuer,
        "signer": signer,
    }
    ix = _index(corpus, index, abbreviations)
    added = ix.add(files, meta, force=force)
    for _name, reason in added.refused:
        click.echo(f"Warning: not added: {reason}", err=True)
    for src, target in added.copied:
        click.echo(f"copied {src} → {target}")
    _warn_corpus(ix, added.report)
    click.echo(added.report.summary())
    sys.exit(3 if added.refused or added.report.skipped else 0)


@cli.command()
@click.option(
    "--debounce", default=2.0, show_default=True, type=click.FloatRange(0.1, 600), help="Quiet seconds before updating."
)
@corpus_option
@index_option
@abbreviations_option
def watch(debounce: float, corpus: Path, index: Path, abbreviations: Path | None) -> None:
    """Follow the corpus folder and update the index when files appear, change or go.

    Waits until the folder has been quiet for --debounce seconds and copied
    files have stopped growing; prints one summary per update. Runs until
    interrupted (Ctrl+C).

    Example:

        nghiquyet watch --debounce 5
    """
    import time as _time  # noqa: PLC0415

    ix = _index(corpus, index, abbreviations)

    def report(r) -> None:
        stamp = _time.strftime("%H:%M:%S")
        for _name, reason in r.skipped:
            click.echo(f"{stamp} Warning: skipped {reason}", err=True)
        changes = [f"{k} {d}" for k in ("added", "changed", "removed") for d in getattr(r, k)]
        click.echo(f"{stamp} {r.summary()}" + (": " + "; ".join(changes) if changes else ""))

    if not corpus.is_dir():
        raise indexer.NghiquyetError(f"corpus folder not found: {corpus}")
    click.echo(f"Watching {corpus}/ (Ctrl+C to stop)", err=True)
    ix.watch(report, debounce=debounce, on_busy=lambda m: click.echo(f"Busy: {m}", err=True))


def main() -> None:
    cli(prog_name="nghiquyet")


if __name__ == "__main__":
    main()
