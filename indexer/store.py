"""Where the index lives on disk, and the only module that opens Whoosh files.

Layout of an index folder::

    CURRENT            name of the generation readers use (replaced atomically)
    gen-<time>/        a Whoosh index plus docs.json (the documents' metadata)
    write.lock         held by the one process that writes

``build`` writes a new generation and switches ``CURRENT`` only when it is
complete and synced, so readers keep the old one until then and a killed
build leaves the last good index in place. ``update`` writes into the current
generation through Whoosh's own atomic commit.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage

from indexer.docsets import DocSets, SegmentSets
from indexer.errors import IndexBusy, IndexMissing, IndexOutdated
from indexer.schema import SCHEMA_VERSION, make_schema
from indexer.scoring import FastBM25F

CURRENT = "CURRENT"
DOCS = "docs.json"
VERSION = "SCHEMA_VERSION"


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sync(path: Path) -> None:
    """Flush a generation's files and folder to disk."""
    _fsync_tree(path)


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
    except (FileNotFoundError, ValueError):
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
    if procs > 1:
        from indexer.parallel import ParallelWriter  # noqa: PLC0415 - multiprocessing only when writing

        return ParallelWriter(ix, procs=procs, multisegment=True, limitmb=limitmb, compound=False)
    return ix.writer(limitmb=limitmb, compound=False)


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


def read_docs(gen: Path) -> dict[str, dict]:
    try:
        return json.loads((gen / DOCS).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


def write_docs(gen: Path, docs: dict[str, dict]) -> None:
    write_atomic(gen / DOCS, json.dumps(docs, ensure_ascii=False, indent=1, sort_keys=True))


class Reader:
    """Searchers kept alive per thread and refreshed when the index changes.

    Opening a Whoosh searcher costs tens to hundreds of milliseconds on a big
    index, so each thread reuses its own and only reopens it when ``CURRENT``
    points elsewhere (a rebuild) or Whoosh reports a newer commit (an update).
    """

    def __init__(self, root: Path | str, cache_size: int = 256):
        self.root = Path(root)
        self._local = threading.local()
        self._docs_cache: tuple[Path, float, dict] | None = None
        self._lock = threading.Lock()
        self._results: OrderedDict = OrderedDict()
        self._cache_size = cache_size
        self._docsets: OrderedDict = OrderedDict()
        self._segment_sets = SegmentSets()

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

    def _open(self):
        gen = current_generation(self.root)
        if gen is None or not whoosh_index.exists_in(str(gen)):
            raise IndexMissing(
                f"no index in {self.root}: run `nghiquyet build` first",
                vi="chưa có chỉ mục: hãy chạy `nghiquyet build`",
            )
        check_version(self.root, gen)
        ix = whoosh_index.open_dir(str(gen))
        return gen, ix.searcher(weighting=FastBM25F())

    def searcher(self):
        """This thread's searcher, up to date with the index on disk."""
        state = getattr(self._local, "state", None)
        gen = current_generation(self.root)
        if state is not None and state[0] == gen:
            s = state[1]
            if not s.up_to_date():
                s = s.refresh()
                self._local.state = (gen, s)
            return s
        if state is not None:
            with contextlib.suppress(Exception):
                state[1].close()
        try:
            self._local.state = self._open()
        except FileNotFoundError:
            # A rebuild removed the generation between reading CURRENT and opening it.
            self._local.state = self._open()
        return self._local.state[1]

    def generation(self) -> Path | None:
        state = getattr(self._local, "state", None)
        return state[0] if state else current_generation(self.root)

    def docs(self) -> dict[str, dict]:
        """The documents' metadata (docs.json), cached until the file changes."""
        gen = current_generation(self.root)
        if gen is None:
            raise IndexMissing(
                f"no index in {self.root}: run `nghiquyet build` first",
                vi="chưa có chỉ mục: hãy chạy `nghiquyet build`",
            )
        path = gen / DOCS
        try:
            mtime = path.stat().st_mtime
        except FileNotFoundError:
            return {}
        with self._lock:
            cached = self._docs_cache
            if cached and cached[0] == path and cached[1] == mtime:
                return cached[2]
            docs = read_docs(gen)
            self._docs_cache = (path, mtime, docs)
            return docs
