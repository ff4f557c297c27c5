"""BM25F as Whoosh computes it, over statistics that do not depend on the index's history.

Whoosh's BM25F asks the segment for a hit's field length through three
method calls, a seek and a ``struct.unpack`` for every term of every hit. Here
the length column of a segment (one byte per paragraph, 100 KB at 10^5
paragraphs) is read whole once, and the BM25 length normalisation of each of
its 256 possible values is computed once per field.

The statistics (:class:`LiveStats`) leave deleted paragraphs out, so that a
running index answers with the scores of a fresh build of the same corpus:

- document frequency: the paragraphs not deleted that hold the term (a
  segment without deletions answers from its term info, one with deletions
  from the term's bitset, which has them removed);
- document count: the paragraphs not deleted (Whoosh counts deleted ones);
- average field length: the mean of the stored length bytes (as lengths) of
  the paragraphs not deleted. Whoosh sums the exact lengths when it writes a
  segment, but it cannot subtract a deleted paragraph's exact length, and its
  merges add up the stored, rounded ones; the mean of the stored lengths is
  the same whatever the segments, merges and deletions. BM25 compares a
  paragraph's stored length with that mean.
"""

from __future__ import annotations

import threading
from collections import Counter
from functools import lru_cache
from math import log

from indexer.index import termbits
from indexer.index.interface import Searcher, Segment
from indexer.searching.docsets import SegmentSets

K1 = 1.2  # BM25's term frequency saturation, Whoosh's BM25F default
B = 0.75  # BM25's length normalisation, Whoosh's BM25F default

_CACHE_LIMIT = 4096  # per-segment entries kept; segments merged away over a long serve are dropped
_FREQUENCIES_LIMIT = 200_000  # remembered (segment, term) frequencies: about 30 MB at most


@lru_cache(maxsize=64)
def _norms(k1: float, b: float, avgfl: float, lengths: tuple[float, ...]) -> list[float]:
    """BM25's length normalisation for each of the 256 stored length bytes (one table per field)."""
    # Whoosh reads a stored length byte 0 as "no length" (1).
    return [k1 * ((1 - b) + b * (lengths[v] if v else 1) / avgfl) for v in range(256)]


class LiveStats:
    """Per-segment statistics over the paragraphs not deleted, shared by every searcher of a Reader.

    Entries are keyed by the segment's id and deletions, so they stay valid
    across index versions: after an update only new or changed segments are
    read again.
    """

    def __init__(self, segment_sets: SegmentSets | None = None):
        self.segment_sets = segment_sets if segment_sets is not None else SegmentSets()
        self._lengths: dict[tuple, bytes] = {}
        self._sums: dict[tuple, int] = {}
        self._frequencies: dict[tuple, int] = {}
        self._lock = threading.Lock()

    def lengths(self, segment: Segment, fieldname: str) -> bytes:
        """A segment's length bytes of ``fieldname``, one per paragraph (a segment's lengths never change)."""
        key = (segment.key[0], fieldname)
        data = self._lengths.get(key)
        if data is None:
            data = segment.lengths(fieldname)
            with self._lock:
                if len(self._lengths) > _CACHE_LIMIT:
                    self._lengths.clear()
                self._lengths[key] = data
        return data

    def _length_sum(self, segment: Segment, fieldname: str) -> float:
        key = (*segment.key, fieldname)
        total = self._sums.get(key)
        if total is None:
            total = termbits.length_sum(segment, fieldname)  # written beside the segment by the bulk writer
            if total is None:
                data = self.lengths(segment, fieldname)
                total = sum(segment.LENGTHS[v] * n for v, n in Counter(data).items())
            if segment.deleted:
                data = self.lengths(segment, fieldname)
                total -= sum(segment.LENGTHS[data[d]] for d in segment.deleted)
            with self._lock:
                if len(self._sums) > _CACHE_LIMIT:
                    self._sums.clear()
                self._sums[key] = total
        return total

    def avg_field_length(self, searcher: Searcher, fieldname: str) -> float:
        """The mean stored length of ``fieldname`` over the paragraphs not deleted."""
        live = searcher.doc_count()
        if not live:
            return 0.0
        return sum(self._length_sum(segment, fieldname) for segment in searcher.segments()) / live

    def doc_frequency(self, searcher: Searcher, fieldname: str, text) -> int:
        """How many paragraphs not deleted hold the term.

        Remembered per segment (and its deletions): a query asks it of every
        term several times (ranking, idf, which words bind), and Whoosh's answer
        is a hashed look-up in the terms file, about 60 µs.
        """
        total = 0
        for segment in searcher.segments():
            key = (*segment.key, fieldname, text)
            found = self._frequencies.get(key)
            if found is None:
                if segment.deleted:
                    found = self.segment_sets.levels(segment, fieldname, text)[0].bit_count()
                else:
                    found = segment.doc_frequency(fieldname, text)
                with self._lock:
                    if len(self._frequencies) > _FREQUENCIES_LIMIT:
                        self._frequencies.clear()
                    self._frequencies[key] = found
            total += found
        return total


def idf(searcher: Searcher, fieldname: str, text) -> float:
    """Whoosh's BM25F idf, ``log(N / (df + 1)) + 1``, with N and df counting paragraphs not deleted."""
    return log(searcher.doc_count() / (searcher.doc_frequency(fieldname, text) + 1)) + 1


def global_lengths(searcher: Searcher, fieldname: str) -> bytes:
    """The length bytes of ``fieldname`` for every paragraph of ``searcher``, in docnum order.

    Each segment's column is padded to the segment's size, so the bytes
    of a paragraph sit at its docnum whatever the segments before it hold.
    """
    stats = searcher.stats
    return b"".join(stats.lengths(segment, fieldname) for segment in searcher.segments())


def norms(searcher: Searcher, fieldname: str) -> list[float]:
    """BM25's length normalisation for each length byte of ``fieldname`` (Whoosh's BM25F, K1 and B)."""
    segments = searcher.segments()
    lengths = segments[0].LENGTHS if segments else tuple(range(256))
    return _norms(K1, B, searcher.avg_field_length(fieldname) or 1, lengths)
