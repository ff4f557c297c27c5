"""Follow the corpus folder and keep the index up to date (the watchdog package).

Events are debounced: an update runs only once the folder has been quiet for
``debounce`` seconds and every changed file has kept the same size for that
long, so a file still being copied is not read half-written.

Only events that can change content start an update (created, written,
closed after writing, moved, deleted). Opening, reading and closing a file
unwritten are events too on Linux: the update's own reads of the corpus would
otherwise start the next update, for ever.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from indexer.corpus.formats import SUPPORTED
from indexer.errors import IndexBusy
from indexer.index.indexing import Report

# watchdog's event types that say a file's content (or presence) changed.
CONTENT_EVENTS = frozenset({"created", "modified", "closed", "moved", "deleted"})


def _relevant(path: str) -> bool:
    p = Path(path)
    return not p.name.startswith((".", "~$")) and (p.suffix.lower() in SUPPORTED or p.name.endswith(".meta.toml"))


class _Pending:
    """Paths touched since the last update, and when the folder last moved."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.paths: dict[str, int] = {}
        self.last_event = 0.0

    def note(self, path: str) -> None:
        if not _relevant(path):
            return
        with self.lock:
            self.paths[path] = _size(path)
            self.last_event = time.monotonic()

    def force(self) -> None:
        with self.lock:
            self.paths.setdefault("", -1)
            self.last_event = time.monotonic()

    def settled(self, debounce: float) -> bool:
        with self.lock:
            if not self.paths or time.monotonic() - self.last_event < debounce:
                return False
            sizes = {p: _size(p) for p in self.paths}
            if sizes != self.paths:  # still growing: wait another round
                self.paths = sizes
                self.last_event = time.monotonic()
                return False
            self.paths = {}
            return True


def _size(path: str) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:
        return -1


def watch(
    corpus: Path | str,
    index: Path | str,
    on_update: Callable[[Report], None],
    debounce: float = 2.0,
    stop: threading.Event | None = None,
    on_busy: Callable[[str], None] | None = None,
    update: Callable[[], Report] | None = None,
) -> None:
    """Update the index now, then after every settled change, until ``stop`` is set.

    ``update`` runs one update (by default :func:`indexer.index.indexing.update` of
    ``corpus`` into ``index``; :class:`indexer.Index` passes its own, which
    applies the abbreviation table in force).
    """
    from watchdog.events import FileSystemEventHandler  # noqa: PLC0415
    from watchdog.observers import Observer  # noqa: PLC0415

    corpus, index = Path(corpus), Path(index)
    if update is None:
        from indexer.index.indexing import update as plain_update  # noqa: PLC0415

        def update() -> Report:
            return plain_update(corpus, index)

    stop = stop or threading.Event()
    pending = _Pending()

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event) -> None:
            if event.is_directory or event.event_type not in CONTENT_EVENTS:
                return
            pending.note(event.src_path)
            dest = getattr(event, "dest_path", "")
            if dest:
                pending.note(dest)

    # Watch before the first update: a file arriving while it runs is seen.
    observer = Observer()
    observer.schedule(Handler(), str(corpus), recursive=True)
    observer.start()
    try:
        on_update(update())
        while not stop.wait(min(0.2, debounce / 4)):
            if pending.settled(debounce):
                try:
                    on_update(update())
                except IndexBusy as exc:
                    if on_busy:
                        on_busy(str(exc))
                    pending.force()  # try again after the next quiet period
    finally:
        observer.stop()
        observer.join(timeout=5)
