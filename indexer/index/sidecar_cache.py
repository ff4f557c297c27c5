"""A segment's sidecar files (``.bits``, ``.acc``), each parsed once per process and kept by path.

Why: Whoosh never rewrites a segment's files (a change writes a new segment), so a sidecar read
once stays right for as long as its path exists. The cache is shared by threads and bounded (it
starts over past ``limit`` segments); a missing or unreadable file is remembered as None: the
segment's postings answer instead.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class SidecarCache(Generic[T]):
    """``load(path)`` once per path; None where the file is missing or one of ``unreadable`` is raised."""

    def __init__(self, load: Callable[[str], T], unreadable: tuple[type[BaseException], ...], limit: int = 256) -> None:
        self._load = load
        self._unreadable = unreadable
        self._limit = limit
        self._cache: dict[str, T | None] = {}
        self._lock = threading.Lock()

    def get(self, path: str) -> T | None:
        with self._lock:
            if path in self._cache:
                return self._cache[path]
        try:
            found: T | None = self._load(path)
        except FileNotFoundError:
            found = None  # written by Whoosh's own writer, or merged
        except self._unreadable:
            found = None
        with self._lock:
            if len(self._cache) >= self._limit:
                self._cache.clear()
            self._cache[path] = found
        return found
