"""Where the index lives on disk, and the only module that opens Whoosh files.

Layout of an index folder::

    CURRENT            name of the generation readers use (replaced atomically)
    gen-<time>/        a Whoosh index plus docs-<N>.json (the documents' metadata
                       of Whoosh's commit N)
    write.lock         held by the one process that writes

``build`` writes a new generation and switches ``CURRENT`` only when it is
complete and synced, so readers keep the old one until then and a killed
build leaves the last good index in place. ``update`` writes into the current
generation through Whoosh's own atomic commit. The documents' metadata of a
commit is written (and synced) under the commit's number *before* Whoosh
publishes the commit's table of contents, and a reader reads the metadata of
the commit it searches: the index and the metadata switch in one step, and a
writer killed between the two leaves the previous commit whole.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import mmap
import os
import re
import shutil
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage

from indexer.errors import IndexBusy, IndexMissing, IndexOutdated
from indexer.index.schema import SCHEMA_VERSION, make_schema
from indexer.index.whoosh_internals import LiveSearcher, PositionalStorage, open_reader, writer_generation
from indexer.searching.docsets import DocSets, SegmentSets
from indexer.searching.scoring import LiveStats

CURRENT = "CURRENT"
DOCS = "docs.json"  # the metadata of indexes written before docs-<N>.json
DOCS_OF = re.compile(r"docs-(\d+)\.json")
VERSION = "SCHEMA_VERSION"
OPEN_RETRIES = 10  # a commit may remove the files of the version being opened: open the next one


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree(path: Path) -> None:
    for p in path.iterdir():
        if p.is_file():
            with open(p, "rb") as f:
                os.fsync(f.fileno())
    _fsync_dir(path)


def write_atomic(path: Path, data: str) -> None:
    """Write a small file so that readers see the old or the new content, never half."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def current_generation(root: Path) -> Path | None:
    """The folder readers should open, or None when there is no index yet."""
    try:
        name = (root / CURRENT).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    gen = root / name
    return gen if name and gen.is_dir() else None


RACY_NS = 2 * 10**9  # a folder changed this recently may change again within its clock's tick: not trusted


def _stamp(root: Path, gen: Path) -> tuple | None:
    """What changes when the index on disk does: ``CURRENT`` (replaced by a build) and the
    generation's folder (a commit adds a table of contents and removes the old one); None
    when it cannot be trusted (missing, or changed so recently that a second change within
    the file system's timestamp granularity would not show)."""
    try:
        current = os.stat(os.path.join(root, CURRENT))
        folder = os.stat(gen)
    except OSError:
        return None
    if time.time_ns() - max(current.st_mtime_ns, folder.st_mtime_ns) < RACY_NS:
        return None
    return (current.st_ino, current.st_mtime_ns, current.st_size, folder.st_ino, folder.st_mtime_ns)


def exists(root: Path) -> bool:
    gen = current_generation(root)
    return gen is not None and whoosh_index.exists_in(str(gen))


@contextlib.contextmanager
def write_lock(root: Path, wait: bool = False) -> Iterator[None]:
    """Hold the index's writer lock; a second writer stops with a clear message."""
    root.mkdir(parents=True, exist_ok=True)
    key = str(root.resolve())
    with _HELD_GUARD:  # POSIX locks do not exclude threads of one process: this does
        if key in _HELD:
            raise IndexBusy(f"{root}: another build or update is writing this index; try again when it ends")
        _HELD.add(key)
    try:
        with _locked_file(root, wait):
            yield
    finally:
        with _HELD_GUARD:
            _HELD.discard(key)


_HELD: set[str] = set()
_HELD_GUARD = threading.Lock()


@contextlib.contextmanager
def _locked_file(root: Path, wait: bool) -> Iterator[None]:
    with open(root / "write.lock", "a+") as f:
        # A POSIX record lock, not flock(): it belongs to this process only, so
        # writer processes forked while it is held never keep it alive.
        try:
            fcntl.lockf(f, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except (BlockingIOError, PermissionError):
            raise IndexBusy(f"{root}: another build or update is writing this index; try again when it ends") from None
        try:
            yield
        finally:
            fcntl.lockf(f, fcntl.LOCK_UN)


def new_generation(root: Path):
    """Create an empty index in a fresh generation folder; returns (path, whoosh index)."""
    name = time.strftime("gen-%Y%m%dT%H%M%S") + f"-{os.getpid()}-{time.monotonic_ns() % 1_000_000}"
    gen = root / name
    gen.mkdir(parents=True)
    ix = FileStorage(str(gen)).create_index(make_schema())
    (gen / VERSION).write_text(f"{SCHEMA_VERSION}\n", encoding="utf-8")
    return gen, ix


def check_version(root: Path, gen: Path) -> None:
    """Refuse an index whose fields differ from what the queries expect."""
    try:
        found = int((gen / VERSION).read_text(encoding="utf-8").strip())
    except FileNotFoundError:
        if not gen.is_dir():
            raise  # a rebuild removed the generation while it was being opened
        found = 0
    except ValueError:
        found = 0
    if found != SCHEMA_VERSION:
        raise IndexOutdated(f"{root} was built by another version of nghiquyet: run `nghiquyet build` to rebuild it")


def writer(ix, procs: int = 1, limitmb: int = 256):
    """A writer for ``ix``: in ``procs`` processes when more than one.

    Segments are written as separate files, not Whoosh's default compound
    file: a reader of a compound segment copies every part of it into memory
    (BytesIO over the mmap), which cost 200 MB per searcher, per thread, at
    100,000 paragraphs.
    """
    from indexer.index import bulk  # noqa: PLC0415 - multiprocessing only when writing

    if procs > 1:
        return bulk.ParallelBulkWriter(ix, procs=procs, multisegment=True, limitmb=limitmb, compound=False)
    return bulk.BulkSegmentWriter(ix, limitmb=limitmb, compound=False)


def publish(root: Path, gen: Path) -> None:
    """Point readers at ``gen`` (after syncing it) and remove older generations."""
    _fsync_tree(gen)
    write_atomic(root / CURRENT, gen.name + "\n")
    for old in root.glob("gen-*"):
        if old != gen and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)


def clean_abandoned(root: Path) -> None:
    """Remove generations a killed build left behind (call with the write lock held)."""
    keep = current_generation(root)
    for gen in root.glob("gen-*"):
        if gen.is_dir() and gen != keep:
            shutil.rmtree(gen, ignore_errors=True)


def open_writable(root: Path):
    gen = current_generation(root)
    if gen is None or not whoosh_index.exists_in(str(gen)):
        raise IndexMissing(
            f"no index in {root}: run `nghiquyet build` first", vi="chưa có chỉ mục: hãy chạy `nghiquyet build`"
        )
    check_version(root, gen)
    return gen, whoosh_index.open_dir(str(gen))


def _docs_path(gen: Path, number: int) -> Path:
    return gen / f"docs-{number}.json"


def read_docs(gen: Path, number: int | None = None) -> dict[str, dict]:
    """The documents' metadata of Whoosh commit ``number`` (default: the latest) of ``gen``."""
    if number is None:
        number = whoosh_index.open_dir(str(gen)).latest_generation()
    docs = _read_docs_file(gen, number)
    return {} if docs is None else docs


def _read_docs_file(gen: Path, number: int, lazily: bool = False) -> dict[str, dict | memoryview] | None:
    """The metadata file of commit ``number`` (or of an index older than them), None when gone.

    ``lazily``: each document's metadata is left as a view of its JSON bytes (see
    :func:`_docs_json`), parsed by :class:`Metadata` when first asked for.
    """
    for path in (_docs_path(gen, number), gen / DOCS):
        try:
            with open(path, "rb") as f:
                # Mapped, not read: a search reads a few documents' lines (the file is
                # replaced, never rewritten in place, so the mapping stays whole).
                data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if lazily else f.read()
        except FileNotFoundError:
            continue
        except ValueError:  # an empty file cannot be mapped
            data = b""
        found = _split_docs_json(data) if lazily else None
        return json.loads(data[:]) if found is None else found
    return None


def _docs_json(docs: dict[str, dict]) -> str:
    """The documents' metadata as one JSON object, one document per line.

    Why one per line: a search reads the metadata of the ten documents it
    shows, not of the whole corpus; parsing all of it (2.3 MB at the legal
    corpus) cost 60 ms on a fresh reader's first query. A reader splits the
    lines and parses a document's line when it is first asked for
    (:func:`_split_docs_json`); the file stays plain JSON for everything else.
    """
    lines = [
        f"{json.dumps(k, ensure_ascii=False)}: {json.dumps(docs[k], ensure_ascii=False, sort_keys=True)}"
        for k in sorted(docs)
    ]
    return "{\n" + ",\n".join(lines) + "\n}\n"


_LINE_KEY = re.compile(rb'"((?:[^"\\]|\\.)*)": ')  # a line's key: a JSON string, then ": "


def _split_docs_json(data: bytes | mmap.mmap) -> dict[str, memoryview] | None:
    """Each document's metadata as a view of its JSON bytes, from a file :func:`_docs_json` wrote;
    None for another layout.

    Views of the bytes, not text: decoding the whole file (3.3 MB at the legal
    corpus) and copying its lines cost a fresh reader's first query ~10 ms;
    a document's line is read when it is asked for.
    """
    if data[:2] != b"{\n":
        return None
    view = memoryview(data)
    out = {}
    start = 2
    while start < len(data):
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end
        if end - start <= 1 and data[start:end] in (b"}", b""):
            start = end + 1
            continue
        m = _LINE_KEY.match(data, start, end)
        if m is None:
            return None
        key = m.group(1)
        try:
            key = json.loads(b'"' + key + b'"') if b"\\" in key else key.decode("utf-8")
        except ValueError:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
            return None
        out[key] = view[m.end() : end - 1 if data[end - 1] == ord(",") else end]
        start = end + 1
    return out


def commit(writer, gen: Path, docs: dict[str, dict]) -> None:
    """Commit ``writer`` and the documents' metadata as one step.

    The metadata goes to ``docs-<N>.json`` (synced) before Whoosh publishes
    commit N's table of contents; readers read the metadata of the commit
    they search. Killed before the table of contents, the commit never
    happened (its metadata file is overwritten by the next try); after it,
    both are there. Metadata of older commits is removed, all but the
    previous one (a reader may still be opening it).
    """
    n = writer_generation(writer)
    write_atomic(_docs_path(gen, n), _docs_json(docs))
    writer.commit()
    _fsync_tree(gen)  # Whoosh renames its table of contents but never syncs
    for path in gen.iterdir():
        m = DOCS_OF.fullmatch(path.name)
        if (m and int(m.group(1)) < n - 1) or path.name == DOCS:
            path.unlink(missing_ok=True)


class Reader:
    """Searchers kept alive per thread and reopened, segment by segment, when the index changes.

    Opening a Whoosh searcher costs tens to hundreds of milliseconds on a big
    index, so each thread reuses its own. When ``CURRENT`` points elsewhere (a
    rebuild) it opens the new generation; when Whoosh has a newer commit (an
    update) it opens that commit, reusing the readers of the segments whose
    deletions did not change (:func:`indexer.index.whoosh_internals.open_reader`;
    Whoosh's own ``refresh()`` keeps stale deletions). Statistics, term
    bitsets and length columns are kept per segment and shared by threads.
    """

    def __init__(self, root: Path | str, cache_size: int = 256):
        self.root = Path(root)
        self._local = threading.local()
        self._docs_cache: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self._results: OrderedDict = OrderedDict()
        self._cache_size = cache_size
        self._docsets: OrderedDict = OrderedDict()
        self._segment_sets = SegmentSets()
        self._stats = LiveStats(self._segment_sets)

    def docsets(self, searcher) -> DocSets:
        """The term bitsets for ``searcher``'s version of the index, shared by all threads.

        The two latest versions are kept: while an update lands, some threads
        still search the version before it.
        """
        version = (self.generation(), searcher.reader().generation())
        with self._lock:
            sets = self._docsets.get(version)
            if sets is None:
                sets = self._docsets[version] = DocSets(version, self._segment_sets)
                while len(self._docsets) > 2:
                    self._docsets.popitem(last=False)
            return sets

    def cache_get(self, key):
        """A result computed before for the same index version and arguments, or None.

        The key holds the generation and Whoosh's commit number, so a changed
        index never serves an old answer.
        """
        with self._lock:
            value = self._results.get(key)
            if value is not None:
                self._results.move_to_end(key)
            return value

    def cache_put(self, key, value) -> None:
        if self._cache_size <= 0 or sum(len(h["text"]) for h in value.get("hits", ())) > 100_000:
            return  # results holding huge paragraphs are cheaper to recompute than to keep
        with self._lock:
            self._results[key] = value
            self._results.move_to_end(key)
            while len(self._results) > self._cache_size:
                self._results.popitem(last=False)

    def _open(self, previous=None):
        """(generation, index, searcher) of the latest commit; ``previous`` is this thread's last state."""
        for attempt in range(OPEN_RETRIES):
            gen = current_generation(self.root)
            if gen is None:
                raise IndexMissing(
                    f"no index in {self.root}: run `nghiquyet build` first",
                    vi="chưa có chỉ mục: hãy chạy `nghiquyet build`",
                )
            try:
                if not whoosh_index.exists_in(str(gen)):
                    raise IndexMissing(
                        f"no index in {self.root}: run `nghiquyet build` first",
                        vi="chưa có chỉ mục: hãy chạy `nghiquyet build`",
                    )
                check_version(self.root, gen)
                reuse = previous[2].reader() if previous is not None and previous[0] == gen else None
                ix = previous[1] if reuse is not None else PositionalStorage(str(gen)).open_index()
                reader = open_reader(ix, reuse)
            except FileNotFoundError:
                # A commit or rebuild removed files between reading the table
                # of contents and opening them: the next version is complete.
                if attempt == OPEN_RETRIES - 1:
                    raise
                continue
            return gen, ix, LiveSearcher(reader, self._stats, fromindex=ix)
        raise AssertionError("unreachable")

    def searcher(self):
        """This thread's searcher, up to date with the index on disk.

        Whether it is up to date is first asked of two ``stat`` calls
        (:func:`_stamp`): reading ``CURRENT`` and listing the generation's
        tables of contents cost more than a query with no answer.
        """
        state = getattr(self._local, "state", None)
        if state is not None:
            stamp = _stamp(self.root, state[0])
            seen = getattr(self._local, "seen", None)
            if stamp is not None and seen is not None and seen[0] == stamp and seen[1] is state:
                return state[2]  # neither CURRENT nor the generation's folder changed since the last check
        else:
            stamp = None
        gen = current_generation(self.root)
        if state is not None and state[0] == gen and state[2].up_to_date():
            self._local.seen = (stamp, state)  # taken before the check: a change after it shows next time
            return state[2]
        if state is not None and state[0] != gen:  # a rebuild: nothing to reuse
            state = None  # not closed: a search in this thread may still hold it (released with it)
        self._local.state = self._open(state)
        return self._local.state[2]

    def generation(self) -> Path | None:
        state = getattr(self._local, "state", None)
        return state[0] if state else current_generation(self.root)

    def docs(self) -> dict[str, dict]:
        """The documents' metadata of the latest commit (cached per commit).

        A page reads the metadata, then searches; when a commit lands between
        the two, the search sees documents the metadata does not hold yet, so
        a document missing here is looked up in the newest commit's metadata
        (:class:`Metadata`).
        """
        searcher = self.searcher()
        gen, number = self.generation(), searcher.reader().generation()
        if not (_docs_path(gen, number).exists() or (gen / DOCS).exists()):
            # Two commits landed since this thread's searcher was opened and the
            # metadata of its commit is gone: search the latest commit instead.
            self._local.state = None
            searcher = self.searcher()
            gen, number = self.generation(), searcher.reader().generation()
        return self._metadata(gen, number)

    def docs_of(self, searcher) -> dict[str, dict]:
        """The documents' metadata of the commit ``searcher`` (this thread's) searches."""
        return self._metadata(self.generation(), searcher.reader().generation())

    def _metadata(self, gen: Path, number: int) -> Metadata:
        key = (gen, number)
        with self._lock:
            docs = self._docs_cache.get(key)
        if docs is None:
            found = _read_docs_file(gen, number, lazily=True)
            docs = Metadata(found or {}, self._newest)
            if found is None:  # removed by later commits: every lookup goes to the newest
                return docs
            with self._lock:
                self._docs_cache[key] = docs
                while len(self._docs_cache) > 3:
                    self._docs_cache.popitem(last=False)
        return docs

    def _newest(self) -> dict[str, dict]:
        gen = current_generation(self.root)
        if gen is None:
            return {}
        try:
            number = whoosh_index.open_dir(str(gen)).latest_generation()
        except (FileNotFoundError, whoosh_index.EmptyIndexError):
            return {}
        return self._metadata(gen, number)


class Metadata(Mapping):
    """One commit's documents' metadata (doc_id -> dict) that looks up a missing
    document in the newest commit's, so metadata read just before a commit
    still describes the documents a search just after it returns.

    A document's metadata may be held as its JSON bytes until first asked for
    (:func:`_split_docs_json`): a search reads a few documents' metadata, not
    the whole corpus's.
    """

    def __init__(self, docs: Mapping[str, dict | memoryview], newest):
        self._docs = dict(docs)
        self._newest = newest

    def _own(self, key):
        value = self._docs.get(key, _ABSENT)
        if isinstance(value, memoryview):
            value = self._docs[key] = json.loads(bytes(value))  # threads may both parse it: same value
        return value

    def get(self, key, default=None):
        value = self._own(key)
        if value is not _ABSENT:
            return value
        newest = self._newest()
        if newest is self:
            return default
        value = newest._own(key) if isinstance(newest, Metadata) else newest.get(key, _ABSENT)
        return default if value is _ABSENT else value

    def __getitem__(self, key):
        value = self.get(key, _ABSENT)
        if value is _ABSENT:
            raise KeyError(key)
        return value

    def __contains__(self, key) -> bool:
        return self.get(key, _ABSENT) is not _ABSENT

    def __iter__(self):
        return iter(self._docs)

    def __len__(self) -> int:
        return len(self._docs)


_ABSENT = object()
