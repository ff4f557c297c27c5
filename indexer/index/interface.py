"""The reader interface: everything the search side asks of an open index, and nothing more.

Why: :mod:`indexer.searching` counts, scores and verifies from postings,
bitsets and statistics; it must not hold Whoosh's objects, so that changing
how the index is stored (or Whoosh itself) touches :mod:`indexer.index` only.
These protocols name what a searcher (:meth:`indexer.index.store.Reader.searcher`)
and each of its segments answer; the Whoosh implementation is
``LiveSearcher`` and ``SegmentView`` in the index folder's internals module.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Protocol


class Segment(Protocol):
    """One segment of the index; document numbers local to it, ``offset`` places them in the searcher's."""

    key: tuple  # the segment's id and its deletions: what caches of per-segment data are keyed by
    offset: int
    size: int  # paragraphs, deleted ones included
    deleted: frozenset[int]
    LENGTHS: tuple[float, ...]  # the field length each of the 256 stored length bytes stands for

    def doc_frequency(self, fieldname: str, text: str) -> int:
        """Paragraphs holding the term, deleted ones included."""

    def extent(self, fieldname: str, text: str) -> tuple[int, int, int, float] | None:
        """The term's (paragraphs holding it, first and last docnum, highest frequency), deleted
        ones included, from its statistics alone; None when the segment does not hold it."""

    def blocks(self, fieldname: str, text: str) -> Iterator[tuple[Sequence[int], Sequence[float]]]:
        """The term's postings as (document numbers, frequencies), block by block, deleted ones included."""

    def positions(self, fieldname: str, text: str, docs: Sequence[int]) -> dict[int, Sequence[int]]:
        """The term's positions in each of ``docs`` (ascending) that holds it."""

    def lengths(self, fieldname: str) -> bytes:
        """The field's stored length byte of every paragraph."""

    def sidecar(self, ext: str) -> str | None:
        """The path of a file kept beside the segment (deleted with it), or None."""


class Searcher(Protocol):
    """One version (commit) of the index, as a thread searches it."""

    stats: object  # :class:`indexer.searching.scoring.LiveStats`, shared by the searchers of a Reader

    def segments(self) -> list[Segment]:
        """The segments, in document number order."""

    def version(self) -> int:
        """The commit searched."""

    def doc_count(self) -> int:
        """Paragraphs not deleted."""

    def doc_count_all(self) -> int:
        """Paragraphs, deleted ones included: the size of a bitset."""

    def doc_frequency(self, fieldname: str, text: str) -> int:
        """Paragraphs not deleted holding the term."""

    def avg_field_length(self, fieldname: str, default: float | None = None) -> float:
        """The mean stored length of the field over the paragraphs not deleted."""

    def stored_fields(self, docnum: int) -> dict:
        """A paragraph's stored fields (text, document, number, section …)."""

    def place(self, docnum: int) -> tuple[str, int]:
        """A paragraph's document and paragraph number (0 for none), from its stored fields alone."""

    def documents(self, **terms: str) -> Iterable[dict]:
        """The stored fields of the paragraphs holding the given ID terms."""

    def lexicon(self, fieldname: str) -> Iterable[str | bytes]:
        """The field's terms, in order."""
