"""Whoosh's BM25F, with what :mod:`indexer.ranking` needs to compute it itself.

Whoosh's BM25F asks the segment for a hit's field length through three
method calls, a seek and a ``struct.unpack`` for every term of every hit. Here
the length column of a segment (one byte per paragraph, 100 KB at 10^5
paragraphs) is read whole once, and the BM25 length normalisation of each of
its 256 possible values is computed once per field.
"""

from __future__ import annotations

from functools import lru_cache

from whoosh import scoring
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length


@lru_cache(maxsize=64)
def _norms(k1: float, b: float, avgfl: float) -> list[float]:
    """BM25's length normalisation for each of the 256 stored length bytes (one table per field)."""
    # Whoosh reads a stored length byte 0 as "no length" (1).
    return [k1 * ((1 - b) + b * (byte_to_length(v) if v else 1) / avgfl) for v in range(256)]


class FastBM25F(scoring.BM25F):
    """Whoosh's BM25F (same B and K1) that also hands out whole length columns and normalisation tables."""

    def __init__(self, B: float = 0.75, K1: float = 1.2):
        super().__init__(B=B, K1=K1)
        self._lengths: dict[tuple[str, str], bytes] = {}

    def _segment_lengths(self, reader, fieldname: str) -> bytes:
        key = (reader.segment().segment_id(), fieldname)  # a segment's lengths never change
        if key not in self._lengths:
            if len(self._lengths) > 1024:  # segments merged away over a long serve
                self._lengths.clear()
            perdoc = reader._perdoc  # Whoosh's per-document reader (pinned whoosh-reloaded 2.7.5)
            lenfield = _lenfield(fieldname)
            if perdoc.has_column(lenfield):
                column = perdoc.column_reader(lenfield, LENGTHS_COLUMN)
                data = bytes(column._dbfile.get(column._basepos, column._doccount))
            else:  # no paragraph of the segment has the field: Whoosh reads length 1, as byte 0 here
                data = bytes(reader.doc_count_all())
            self._lengths[key] = data
        return self._lengths[key]

    def global_lengths(self, searcher, fieldname: str) -> bytes:
        """The length bytes of ``fieldname`` for every paragraph of ``searcher``, in docnum order."""
        return b"".join(self._segment_lengths(leaf.reader(), fieldname) for leaf, _ in searcher.leaf_searchers())

    def norms(self, searcher, fieldname: str) -> list[float]:
        """BM25's length normalisation for each length byte of ``fieldname``."""
        return _norms(self.K1, self.B, searcher.avg_field_length(fieldname) or 1)
