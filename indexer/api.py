"""``Index``: the one handle the command line and the page hold on an index.

Every front end asks the same object the same questions — does the index
exist, build it when missing, update it, add files, search, show a document —
so each behaviour is written once, here, and the front ends only parse their
input and format the answer. Errors are one-line :class:`NghiquyetError`s.

The abbreviation table shapes both the index and the queries, so the index
records the table it was built with (``ABBREVIATIONS.tsv`` in the index
folder). The table in force is the packaged one, then ``abbreviations.tsv``
beside the corpus, then the file named by ``abbreviations=`` (or the
environment variable ``NGHIQUYET_ABBREVIATIONS``); when it differs from the
recorded one, search and update refuse with "run `nghiquyet build`" instead of
silently matching with another table than the index's.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from analyzers.syllables import AbbreviationTable, using_abbreviations
from indexer.corpus.formats import SUPPORTED
from indexer.errors import BadMetadata, IndexMissing, IndexStale, NghiquyetError, NotAnIndex, UnreadableFile
from indexer.index import store
from indexer.results import Document, DocumentMeta, Passage, Result

ABBREVIATIONS_ENV = "NGHIQUYET_ABBREVIATIONS"
CORPUS_TABLE = "abbreviations.tsv"  # beside the corpus's files
RECORDED_TABLE = "ABBREVIATIONS.tsv"  # in the index folder: the table the index was built with
SIDECAR_SUFFIX = ".meta.toml"
META_KEYS = ("title", "doc_type", "number", "date", "year", "issuer", "signer", "province")
# What an index folder may hold; anything else means it is some other folder.
_INDEX_ENTRIES = re.compile(r"^(CURRENT|write\.lock|ABBREVIATIONS\.tsv|gen-.*|\..*)$")

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Added:
    """What :meth:`Index.add` did: the files copied (source, target), the ones refused (name, why), the update."""

    copied: tuple[tuple[Path, Path], ...]
    refused: tuple[tuple[str, str], ...]
    report: Any  # indexer.Report


class Index:
    """An index folder and the corpus it is built from.

    Example::

        ix = Index(".nghiquyet-index", corpus="corpus")
        ix.ensure()
        for hit in ix.search("KCN Sơn Mỹ").hits:
            print(hit.title, hit.snippet)
    """

    def __init__(
        self,
        path: Path | str,
        corpus: Path | str | None = None,
        abbreviations: Path | str | None = None,
        cache_size: int = 256,
    ):
        self.path = Path(path)
        self.corpus = Path(corpus) if corpus is not None else None
        extra = abbreviations if abbreviations is not None else os.environ.get(ABBREVIATIONS_ENV) or None
        self.abbreviations = Path(extra) if extra else None
        self._cache_size = cache_size
        self._reader: store.Reader | None = None
        self._lock = threading.Lock()
        self._tables: dict[tuple, AbbreviationTable] = {}
        self._docs: tuple[dict, dict[str, DocumentMeta], Mapping[str, Mapping]] | None = None

    def __repr__(self) -> str:
        return f"Index({str(self.path)!r}, corpus={str(self.corpus) if self.corpus else None!r})"

    # -- the index folder -------------------------------------------------

    @property
    def reader(self) -> store.Reader:
        """The searchers of this index, kept per thread (see :class:`indexer.index.store.Reader`)."""
        with self._lock:
            if self._reader is None:
                self._reader = store.Reader(self.path, cache_size=self._cache_size)
            return self._reader

    def exists(self) -> bool:
        return store.exists(self.path)

    def _check_folder(self) -> None:
        """Refuse to write an index into a folder that holds something else (the corpus, a home folder)."""
        if self.path.exists() and not self.path.is_dir():
            raise NotAnIndex(f"{self.path} is a file, not an index folder")
        if not self.path.is_dir() or self.exists():
            return
        strangers = sorted(p.name for p in self.path.iterdir() if not _INDEX_ENTRIES.match(p.name))
        if strangers:
            raise NotAnIndex(
                f"{self.path} is not an index and not empty (it holds {strangers[0]}): "
                "give --index a new or empty folder",
                vi=f"{self.path} không phải thư mục chỉ mục và không trống",
            )

    def _corpus(self) -> Path:
        if self.corpus is None:
            raise NghiquyetError("no corpus folder given to build the index from")
        if not self.corpus.is_dir():
            raise NghiquyetError(f"corpus folder not found: {self.corpus}")
        return self.corpus

    # -- the abbreviation table --------------------------------------------

    def table_files(self) -> list[Path]:
        """The user's abbreviation files in force, in the order they apply (after the packaged one)."""
        files = []
        if self.corpus is not None and (self.corpus / CORPUS_TABLE).is_file():
            files.append(self.corpus / CORPUS_TABLE)
        if self.abbreviations is not None:
            if not self.abbreviations.is_file():
                raise NghiquyetError(f"abbreviation file not found: {self.abbreviations}")
            files.append(self.abbreviations)
        return files

    def table(self) -> AbbreviationTable:
        """The abbreviation table in force now (re-read when one of its files changes)."""
        files = self.table_files()
        key = tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files)
        table = self._tables.get(key)
        if table is None:
            try:
                table = AbbreviationTable.from_files(files)
            except (OSError, UnicodeDecodeError) as exc:
                raise NghiquyetError(f"cannot read the abbreviation table: {exc}") from None
            self._tables = {key: table}
        return table

    def recorded_table(self) -> AbbreviationTable:
        """The table the index was built with (the packaged one for an index that recorded none)."""
        path = self.path / RECORDED_TABLE
        try:
            stat = path.stat()
        except FileNotFoundError:
            return AbbreviationTable.from_files()
        key = ("recorded", stat.st_mtime_ns, stat.st_size)
        table = self._tables.get(key)
        if table is None:
            table = AbbreviationTable.from_text(path.read_text(encoding="utf-8"))
            self._tables[key] = table
        return table

    def _fresh_table(self) -> AbbreviationTable:
        table = self.table()
        if table != self.recorded_table():
            raise IndexStale(
                "the abbreviations changed since the index was built: run `nghiquyet build`",
                vi="bảng chữ viết tắt đã thay đổi từ khi lập chỉ mục: hãy chạy `nghiquyet build`",
            )
        return table

    # -- writing ------------------------------------------------------------

    def build(self, progress: Progress | None = None, jobs: int | None = None):
        """Index the whole corpus into a new generation; returns the :class:`indexer.Report`."""
        from indexer.index import indexing  # noqa: PLC0415 - searching never loads the indexing code

        corpus = self._corpus()
        self._check_folder()
        table = self.table()
        with using_abbreviations(table):
            report = indexing.build(corpus, self.path, progress=progress, jobs=jobs)
        store.write_atomic(self.path / RECORDED_TABLE, table.text)
        return report

    def update(self, progress: Progress | None = None, jobs: int | None = None):
        """Index what changed in the corpus (new, modified, removed files); builds when there is no index."""
        from indexer.index import indexing  # noqa: PLC0415

        corpus = self._corpus()
        if not self.exists():
            return self.build(progress, jobs)
        table = self._fresh_table()
        with using_abbreviations(table):
            return indexing.update(corpus, self.path, progress=progress, jobs=jobs)

    def ensure(self, on_build: Callable[[], None] | None = None):
        """Build the index when there is none (calling ``on_build`` first); the report, or None."""
        if self.exists():
            return None
        if self.corpus is None or not self.corpus.is_dir():
            raise IndexMissing(
                f"no index in {self.path} and no corpus folder {self.corpus} to build it from",
                vi=f"chưa có chỉ mục trong {self.path} và không có thư mục văn bản {self.corpus} để lập",
            )
        self._check_folder()  # refuse a folder that is not an index before announcing a build
        if on_build is not None:
            on_build()
        return self.build()

    def orphan_sidecars(self) -> list[str]:
        """Metadata files (``NAME.meta.toml``) with no resolution ``NAME.*`` beside them."""
        if self.corpus is None or not self.corpus.is_dir():
            return []
        orphans = []
        for side in sorted(self.corpus.rglob("*" + SIDECAR_SUFFIX)):
            stem = side.name[: -len(SIDECAR_SUFFIX)]
            if not any(side.with_name(stem + suffix).is_file() for suffix in _suffix_variants()):
                orphans.append(side.relative_to(self.corpus).as_posix())
        return orphans

    def add(self, files: Sequence[Path | str], meta: Mapping[str, Any] | None = None, force: bool = False) -> Added:
        """Copy resolution files into the corpus and index them.

        Each file is read as the index will read it *before* it is copied, so
        a file that cannot be indexed (empty, a fake PDF, an unsupported
        format) never enters the corpus: it is listed in ``refused`` with the
        reason, and when no file can be added :class:`UnreadableFile` says
        why. ``meta`` (title, doc_type, number, date, …) is checked first, then
        written to a ``NAME.meta.toml`` sidecar beside each copy.
        """
        from indexer.corpus.reader import write_sidecar  # noqa: PLC0415

        corpus = self.corpus
        if corpus is None:
            raise NghiquyetError("no corpus folder given to add files to")
        sidecar = clean_meta(meta or {})
        sources = [Path(f) for f in files]
        for src in sources:
            target = corpus / src.name
            if target.exists() and not force and not _same(target, src):
                raise NghiquyetError(f"{target} already exists: use --force to replace it")
        readable, refused = [], []
        taken: dict[str, str] = {}  # id -> the file of this call that has it
        for src in sources:
            try:
                self._probe(src)
                self._check_twin(src, taken)
                readable.append(src)
            except UnreadableFile as exc:
                refused.append((src.name, str(exc)))
        if not readable:
            raise UnreadableFile(f"not added: {refused[0][1]}", vi=f"không thêm: {refused[0][1]}")
        corpus.mkdir(parents=True, exist_ok=True)
        self._check_folder()
        copied = []
        for src in readable:
            target = corpus / src.name
            if not _same(target, src):
                shutil.copyfile(src, target)
            if sidecar:
                write_sidecar(target, sidecar)
            copied.append((src, target))
        return Added(tuple(copied), tuple(refused), self.update())

    def _check_twin(self, src: Path, taken: dict[str, str]) -> None:
        """UnreadableFile when ``src`` would share its id with another file (``trung.md`` beside
        ``trung.txt``): only one of them could ever be indexed, so it is not copied in."""
        from indexer.corpus.reader import doc_id_for  # noqa: PLC0415

        corpus = self.corpus
        doc_id = doc_id_for(corpus / src.name, corpus)
        others = [taken[doc_id]] if doc_id in taken else []
        if corpus.is_dir():
            stem = Path(src.name).stem
            others += [
                p.name
                for p in corpus.iterdir()
                if p.stem == stem and p.name != src.name and p.suffix.lower() in SUPPORTED and p.is_file()
            ]
        if others:
            raise UnreadableFile(
                f"{src.name}: same id '{doc_id}' as {others[0]}: only one of them could be indexed (rename one)"
            )
        taken[doc_id] = src.name

    def _probe(self, src: Path) -> None:
        """Read ``src`` as the index would, from a private copy; UnreadableFile when it cannot be indexed."""
        from indexer.corpus.reader import read_document  # noqa: PLC0415

        if src.suffix.lower() not in SUPPORTED:
            kinds = ", ".join(sorted(SUPPORTED))
            what = f"{src.suffix} files" if src.suffix else "a file without a suffix"
            raise UnreadableFile(f"{src.name}: {what} cannot be indexed (only {kinds})")
        with tempfile.TemporaryDirectory(prefix="nghiquyet-add-") as tmp:
            probe = Path(tmp) / src.name
            try:
                shutil.copyfile(src, probe)
            except OSError as exc:
                raise UnreadableFile(f"{src.name}: cannot read ({exc.strerror})") from None
            with using_abbreviations(self.table()):
                read_document(probe, Path(tmp))

    def watch(
        self,
        on_update: Callable[[Any], None],
        debounce: float = 2.0,
        stop: threading.Event | None = None,
        on_busy: Callable[[str], None] | None = None,
    ) -> None:
        """Update now, then after every settled change of the corpus, until ``stop`` is set."""
        from indexer.watch import watch  # noqa: PLC0415

        corpus = self._corpus()
        self._check_folder()
        watch(corpus, self.path, on_update, debounce=debounce, stop=stop, on_busy=on_busy, update=self.update)

    # -- reading ------------------------------------------------------------

    def documents(self) -> list[DocumentMeta]:
        """The indexed documents' metadata, in id order."""
        return list(self._metas().values())

    def documents_json(self) -> Mapping[str, Mapping[str, Any]]:
        """Each document's metadata as JSON data, by id (read-only, shared; cheap on every request)."""
        self._metas()
        return self._docs[2]

    def _metas(self) -> Mapping[str, DocumentMeta]:
        """Typed metadata by id, converted once per version of docs.json (the reader keeps one dict per version),
        each document when first asked for (a search shows ten of them)."""
        raw = self.reader.docs()
        cached = self._docs
        if cached is not None and cached[0] is raw:
            return cached[1]
        metas = _Converted(raw, DocumentMeta.from_dict)
        self._docs = (raw, metas, _Converted(metas, lambda m: MappingProxyType(m.to_json())))
        return metas

    def search(
        self,
        query: str,
        limit: int = 10,
        page: int = 1,
        filters: Mapping[str, str | Iterable[str]] | None = None,
        facets: bool = False,
        **engine: Any,
    ) -> Result:
        """Answer ``query``: one page of hits, the exact total, and per-facet counts when asked.

        ``filters`` maps a facet (doc_id, province, doc_type, year, …) to a
        value or a list of values (any of them). Raises QueryError (one line)
        for a query it cannot answer; an empty index simply has no hits.
        """
        from indexer.searching.engine import search  # noqa: PLC0415
        from indexer.searching.query import parse_query  # noqa: PLC0415

        limit, page = max(1, int(limit)), max(1, int(page))
        table = self._fresh_table()
        norm = _filters(filters)
        with using_abbreviations(table):
            metas = self._metas()
            if not metas:  # nothing indexed: no segment to search
                parse_query(query)  # a bad query is still refused the same way
                return Result(query=query, total=0, took_ms=0.0, page=page, limit=limit, facets={} if facets else None)
            raw = search(self.reader, query, limit=limit, page=page, filters=norm, facets=facets, **engine)
        return Result.from_dict(raw, limit, metas)

    def document(self, doc_id: str, highlight: str | None = None) -> Document | None:
        """One document and its chunks in order, with ``highlight``'s matches marked; None when unknown.

        The matches are found by the same rules as search's; a query that
        cannot be parsed marks nothing.
        """
        from indexer.errors import QueryError  # noqa: PLC0415
        from indexer.searching.engine import get_document  # noqa: PLC0415
        from indexer.searching.highlight import clause_spans, compounds, merge  # noqa: PLC0415
        from indexer.searching.query import parse_query, typed_runs  # noqa: PLC0415

        table = self.recorded_table()
        with using_abbreviations(table):
            raw = get_document(self.reader, doc_id)
            if raw is None:
                return None
            clauses, runs = [], []
            if highlight and highlight.strip():
                try:
                    parsed = parse_query(highlight)
                    clauses, runs = parsed.clauses, typed_runs(parsed)
                except QueryError:
                    clauses = []
            searcher = self.reader.searcher()
            joined = compounds(searcher, self.reader.docsets(searcher))  # the marks follow search's rules
            chunks = []
            for c in raw["chunks"]:
                text = c["text"]
                found = clause_spans(text, clauses, runs, joined) if clauses else []
                spans = merge([s for spans_of in found for s in spans_of], text)
                chunks.append(
                    Passage(
                        paragraph=int(c["paragraph"]),
                        text=text,
                        kind=c.get("kind", "body"),
                        section=c.get("section") or "",
                        footnotes=tuple(c.get("footnotes") or ()),
                        label=c.get("label") or "",
                        refers_to=c.get("refers_to"),
                        spans=tuple(spans),
                    )
                )
        return Document(DocumentMeta.from_dict(raw["meta"]), tuple(chunks))

    def evaluate(self, judgements: Mapping[str, Any]) -> dict:
        """Score the engine on a relevance file's queries (see :mod:`indexer.searching.evaluate`)."""
        from indexer.searching.evaluate import evaluate  # noqa: PLC0415

        with using_abbreviations(self._fresh_table()):
            return evaluate(self.reader, dict(judgements))


def _suffix_variants() -> list[str]:
    return sorted(SUPPORTED | {s.upper() for s in SUPPORTED})


def _same(a: Path, b: Path) -> bool:
    try:
        return a.exists() and a.resolve() == b.resolve()
    except OSError:
        return False


class _Converted(Mapping):
    """``raw``'s documents (in id order) converted by ``convert`` when first asked for, then kept.

    Why: the store parses a document's metadata when first asked for
    (:class:`indexer.index.store.Metadata`); converting all of them here on
    the first search would parse the whole corpus's metadata again.
    """

    def __init__(self, raw: Mapping, convert: Callable):
        self._raw = raw
        self._keys = sorted(raw)
        self._known = frozenset(self._keys)
        self._convert = convert
        self._done: dict = {}

    def __getitem__(self, key):
        value = self._done.get(key)
        if value is None:
            if key not in self._known:
                raise KeyError(key)
            value = self._done[key] = self._convert(self._raw[key])  # threads may both convert: equal values
        return value

    def __iter__(self):
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


def _filters(filters: Mapping[str, Any] | None) -> dict[str, tuple[str, ...]] | None:
    """Each facet's values as a tuple (hashable, for the result cache); empty values dropped."""
    if not filters:
        return None
    out = {}
    for name, value in filters.items():
        values = (value,) if isinstance(value, str | int) else tuple(value or ())
        values = tuple(str(v).strip() for v in values if v is not None and str(v).strip())
        if values:
            out[name] = values
    return out or None


_DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")


def parse_date(text: str) -> _dt.date:
    """A date typed as dd/mm/yyyy or ISO yyyy-mm-dd; anything else is refused in one line."""
    for fmt in _DATE_FORMATS:
        try:
            return _dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise BadMetadata(
        f"date {text!r} is not a date: write dd/mm/yyyy or yyyy-mm-dd (15/03/2024 or 2024-03-15)",
        vi=f"ngày {text!r} không hợp lệ: hãy viết dd/mm/yyyy hoặc yyyy-mm-dd",
    )


def clean_meta(meta: Mapping[str, Any]) -> dict[str, Any]:
    """Metadata given by hand, checked: known keys only, a real date (stored ISO) and its year."""
    unknown = sorted(set(meta) - set(META_KEYS))
    if unknown:
        raise BadMetadata(f"unknown metadata {unknown[0]!r}: known are {', '.join(META_KEYS)}")
    out = {k: v.strip() if isinstance(v, str) else v for k, v in meta.items() if v not in (None, "")}
    if "date" in out:
        day = parse_date(str(out["date"]))
        out["date"] = day.isoformat()
        out.setdefault("year", day.year)
    if "year" in out:
        try:
            out["year"] = int(out["year"])
        except (TypeError, ValueError):
            raise BadMetadata(f"year {out['year']!r} is not a year") from None
        if not 1900 <= out["year"] <= 2100:
            raise BadMetadata(f"year {out['year']} is out of range (1900–2100)")
        if "date" in out and int(out["date"][:4]) != out["year"]:
            raise BadMetadata(f"date {out['date']} and year {out['year']} disagree: give one")
    return out
