"""Write the index: ``build`` from scratch, ``update`` with what changed.

Both read the corpus through :mod:`indexer.corpus.reader`, segment paragraphs with
pyvi (in worker processes when there are many), and write Whoosh documents.
Files that cannot be read are reported and skipped; the rest is indexed.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from indexer.corpus.model import Document
from indexer.corpus.reader import doc_id_for, list_corpus, read_document
from indexer.errors import NghiquyetError, UnreadableFile
from indexer.index import document_hit, store
from indexer.index.stored import lean

Progress = Callable[[int, int, str], None]
PARALLEL_THRESHOLD = 2000  # paragraphs; below this, starting writer processes costs more than it saves
# Postings a build's writer process holds before it writes a segment: each segment costs every
# term a fresh reader looks up a row and a bitset read, so fewer, bigger segments make the first
# query cheaper (the whole legal corpus: 6 segments instead of 18), at a higher build peak
# (about 0.7 GB with two writer processes instead of 0.4 GB; the target is 1.5 GB).
BUILD_LIMIT_MB = 768
# Bytes of corpus files above which the writer processes start before the first file is read
# (they load pyvi meanwhile): a few thousand paragraphs of text take a megabyte or two.
PARALLEL_BYTES = 8_000_000


@dataclass
class Report:
    """What a build or update did, for the summary line and the exit status."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    paragraphs: int = 0  # chunks written
    seconds: float = 0.0

    def summary(self) -> str:
        parts = [
            f"{len(self.added)} added",
            f"{len(self.changed)} changed",
            f"{len(self.removed)} removed",
            f"{self.unchanged} unchanged",
            f"{len(self.skipped)} skipped",
        ]
        return f"documents: {', '.join(parts)}; {self.paragraphs} paragraphs written in {self.seconds:.1f} s"


def _documents_fields(docs: Iterable[Document]) -> Iterable[dict]:
    for d in docs:
        own = document_hit.fields(d)  # the metadata, searchable as the document itself
        if own is not None:
            yield lean(own)
        for c in d.chunks:
            yield lean(
                {
                    "doc_id": d.doc_id,
                    "paragraph": c.paragraph,
                    "kind": c.kind,
                    "section": c.section,
                    "text": c.text,
                    "footnotes": c.footnotes,
                    "label": c.label,
                    "refers_to": c.refers_to,
                    "syl": c.text,
                    "fold": c.text,
                    "pairs": c.text,
                    "words": c.text,
                    "province": d.province or "",
                    "doc_type": d.doc_type or "",
                    "year": str(d.year) if d.year else "",
                }
            )


def _writer(ix, paragraphs: int, jobs: int | None):
    """A Whoosh writer; for big jobs one writer process per core, each analysing
    (syllables, folding, pyvi) and writing its own segment, with no final merge."""
    jobs = jobs or os.cpu_count() or 1
    return store.writer(ix, procs=jobs if paragraphs >= PARALLEL_THRESHOLD else 1, limitmb=BUILD_LIMIT_MB)


def _write(
    writer, gen: Path, docs: Iterable[Document], metadata: dict[str, dict], report: Report, delete: Iterable[str] = ()
) -> int:
    """Delete ``delete`` documents, add ``docs``, commit them with ``metadata`` in one step; cancel on any failure.

    ``metadata`` is read at the commit, after ``docs`` are all added (a build fills it as it reads).
    Returns the number of Whoosh documents handed to the writer."""
    from indexer.index.bulk import fewer_collections  # noqa: PLC0415 - multiprocessing only when writing

    try:
        with fewer_collections():
            for doc_id in delete:
                writer.delete_by_term("doc_id", doc_id)
            handed = 0
            for fields in _documents_fields(docs):
                writer.add_document(**fields)
                handed += 1
                report.paragraphs += fields["kind"] != document_hit.KIND  # paragraphs, not the metadata line
            store.commit(writer, gen, metadata)
    except BaseException:
        writer.cancel()
        raise
    return handed


def _check_complete(ix, handed: int) -> None:
    """Refuse to publish a new index holding fewer documents than were handed to its writer.

    Why: a parallel writer once lost a third of the whole corpus (a writer process died, the
    other finished alone) and the build said it had succeeded. The writer now reports such a
    failure itself; this count, read from the table of contents, is the last check before
    readers are switched to the new generation."""
    written = ix.doc_count_all()
    if written != handed:
        raise NghiquyetError(
            f"indexing stopped: {handed:,} paragraphs were handed to the writer but {written:,} written; "
            "the index is unchanged"
        )


def _read_each(
    paths: list[Path],
    corpus: Path,
    report: Report,
    progress: Progress | None,
    twins: dict[str, list[Path]] | None = None,
) -> Iterator[Document]:
    """The documents of ``paths``, read one at a time (a file that cannot be read is reported and skipped).

    ``twins``: the files sharing an id (:attr:`Listing.twins`); when the one
    chosen cannot be read, the next is read instead and no longer reported as refused.
    """
    twins = twins or {}
    for i, path in enumerate(paths, 1):
        doc = None
        others = twins.get(doc_id_for(path, corpus), [path])[1:] if twins else []
        for candidate in [path, *others]:
            try:
                doc = read_document(candidate, corpus)
            except UnreadableFile as exc:
                report.skipped.append((candidate.name, str(exc)))
                continue
            if candidate != path:
                rel = candidate.relative_to(corpus).as_posix()
                report.skipped = [s for s in report.skipped if s[0] != rel]
            break
        if progress:
            progress(i, len(paths), path.name)
        if doc is not None:
            yield doc


def _size(paths: list[Path]) -> int:
    """The bytes of ``paths`` on disk (a file gone since it was listed counts 0)."""
    total = 0
    for path in paths:
        try:
            total += path.stat().st_size
        except OSError:
            continue
    return total


def _read_all(
    paths: list[Path], corpus: Path, report: Report, progress: Progress | None, twins: dict[str, list[Path]]
) -> list[Document]:
    return list(_read_each(paths, corpus, report, progress, twins))


def build(corpus: Path | str, index: Path | str, progress: Progress | None = None, jobs: int | None = None) -> Report:
    """Index the whole corpus into a new generation, then switch readers to it.

    Files are read while the writer processes analyse and write the ones
    before (a pipeline): only the first files, enough to choose between one
    writer and one per core, are read before writing begins, and a document
    is let go once its paragraphs are handed over.
    """
    corpus, root = Path(corpus), Path(index)
    if not corpus.is_dir():
        raise NghiquyetError(f"corpus folder not found: {corpus}")
    t0 = time.perf_counter()
    report = Report()
    with store.write_lock(root):
        store.clean_abandoned(root)
        listing = list_corpus(corpus)
        report.skipped.extend(listing.refused)
        gen, ix = store.new_generation(root)
        try:
            paths = listing.files
            docs = _read_each(paths, corpus, report, progress, listing.twins)
            ahead: list[Document] = []  # read before the writer is chosen
            paragraphs = PARALLEL_THRESHOLD if _size(paths) >= PARALLEL_BYTES else 0
            for doc in docs if paragraphs < PARALLEL_THRESHOLD else ():
                ahead.append(doc)
                paragraphs += len(doc.chunks)
                if paragraphs >= PARALLEL_THRESHOLD:
                    break
            writer = _writer(ix, paragraphs, jobs)
            metadata: dict[str, dict] = {}

            def handed_over() -> Iterator[Document]:
                while ahead:
                    yield ahead.pop(0)
                yield from docs

            def recorded(stream: Iterator[Document]) -> Iterator[Document]:
                for doc in stream:
                    metadata[doc.doc_id] = _with_sidecar(doc, listing.twins)
                    report.added.append(doc.doc_id)
                    yield doc

            handed = _write(writer, gen, recorded(handed_over()), metadata, report)
            _check_complete(ix, handed)
            store.publish(root, gen)
        except BaseException:
            import shutil  # noqa: PLC0415

            shutil.rmtree(gen, ignore_errors=True)
            raise
    report.seconds = time.perf_counter() - t0
    return report


def update(corpus: Path | str, index: Path | str, progress: Progress | None = None, jobs: int | None = None) -> Report:
    """Index what changed since the last run: new, modified (by hash) and removed files."""
    corpus, root = Path(corpus), Path(index)
    if not corpus.is_dir():
        raise NghiquyetError(f"corpus folder not found: {corpus}")
    if not store.exists(root):
        return build(corpus, root, progress, jobs)
    t0 = time.perf_counter()
    report = Report()
    with store.write_lock(root):
        store.clean_abandoned(root)
        gen, ix = store.open_writable(root)
        known = store.read_docs(gen)
        listing = list_corpus(corpus)
        report.skipped.extend(listing.refused)
        present: dict[str, Path] = {doc_id_for(p, corpus): p for p in listing.files}
        todo = []
        for doc_id, path in present.items():
            try:
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                twins = listing.twins.get(doc_id)
                key, digest = ("twins_sha256", _twins_digest(twins)) if twins else ("sha256", digest)
            except OSError as exc:
                report.skipped.append((path.name, f"{path.name}: cannot read ({exc.strerror})"))
                continue
            old = known.get(doc_id)
            sidecar = path.with_name(path.stem + ".meta.toml")
            side_mtime = sidecar.stat().st_mtime if sidecar.exists() else None
            if old and old.get(key) == digest and old.get("sidecar_mtime") == side_mtime:
                report.unchanged += 1
            else:
                todo.append(path)
        gone = [d for d in known if d not in present]
        docs = _read_all(todo, corpus, report, progress, listing.twins)
        failed = {doc_id_for(p, corpus) for p in todo} - {d.doc_id for d in docs}
        # Replace changed documents, drop removed ones and ones that no longer read.
        stale = gone + [d.doc_id for d in docs] + sorted(failed & set(known))
        new_known = {k: v for k, v in known.items() if k in present and k not in failed}
        for d in docs:
            new_known[d.doc_id] = _with_sidecar(d, listing.twins)
        _write(store.writer(ix, limitmb=128), gen, docs, new_known, report, delete=stale)
        for d in docs:
            (report.changed if d.doc_id in known else report.added).append(d.doc_id)
        report.removed = gone + sorted(failed & set(known))  # no longer readable: out of the index too
    report.seconds = time.perf_counter() - t0
    return report


def _with_sidecar(d: Document, twins: dict[str, list[Path]]) -> dict:
    meta = d.metadata()
    sidecar = Path(d.path).with_name(Path(d.path).stem + ".meta.toml")
    meta["sidecar_mtime"] = sidecar.stat().st_mtime if sidecar.exists() else None
    if d.doc_id in twins:
        # The file read may not be the one listed first (that one could not be read): the
        # document is unchanged while none of the files sharing its id changed.
        try:
            meta["twins_sha256"] = _twins_digest(twins[d.doc_id])
        except OSError:
            meta["twins_sha256"] = None
    return meta


def _twins_digest(paths: list[Path]) -> str:
    """One digest of the files sharing an id, in the order they are tried."""
    h = hashlib.sha256()
    for p in paths:
        h.update(p.name.encode() + b"\0" + hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()
