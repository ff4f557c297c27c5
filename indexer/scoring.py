"""BM25F with each segment's field lengths read once, as bytes, not per hit.

Whoosh's BM25F asks the segment for a hit's field length through three
method calls, a seek and a ``struct.unpack`` for every term of every hit; that
was 40% of the time of a query matching thousands of paragraphs. Here the
length column of a segment (one byte per paragraph, 100 KB at 10^5
paragraphs) is read whole on the first query that scores that field, and the
BM25 length normalisation of each of its 256 possible values is computed
once. Scores are the same as Whoosh's BM25F to the last bit.
"""

from __future__ import annotations

from functools import lru_cache

from whoosh import scoring
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length


class _Scorer(scoring.BaseScorer):
    __slots__ = ("_idf", "_k1p", "_lengths", "_maxquality", "_norm", "_norms")

    def __init__(self, idf: float, k1: float, b: float, avgfl: float, lengths: bytes, max_weight: float, min_len: int):
        self._idf = idf
        self._k1p = k1 + 1
        self._norm = lambda length: k1 * ((1 - b) + b * length / avgfl)
        self._norms = _norms(k1, b, avgfl)
        self._lengths = lengths
        self._maxquality = self._quality(max_weight, min_len)

    def _quality(self, weight: float, length: int) -> float:
        # Bounds use the exact lengths, as Whoosh's do: never lower than a score.
        return self._idf * ((weight * self._k1p) / (weight + self._norm(length)))

    def supports_block_quality(self) -> bool:
        return True

    def score(self, matcher) -> float:
        # whoosh.scoring.bm25's expression, in its order: the same float
        tf = matcher.weight()
        return self._idf * ((tf * self._k1p) / (tf + self._norms[self._lengths[matcher.id()]]))

    def max_quality(self) -> float:
        return self._maxquality

    def block_quality(self, matcher) -> float:
        return self._quality(matcher.block_max_weight(), matcher.block_min_length())


@lru_cache(maxsize=64)
def _norms(k1: float, b: float, avgfl: float) -> list[float]:
    """BM25's length normalisation for each of the 256 stored length bytes (one table per field)."""
    # Whoosh reads a stored length byte 0 as "no length" (1).
    return [k1 * ((1 - b) + b * (byte_to_length(v) if v else 1) / avgfl) for v in range(256)]


class FastBM25F(scoring.BM25F):
    """Whoosh's BM25F (same B and K1, same scores) with cached length columns."""

    def __init__(self, B: float = 0.75, K1: float = 1.2):
        super().__init__(B=B, K1=K1)
        self._lengths: dict[tuple[str, str], bytes | None] = {}

    def _segment_lengths(self, reader, fieldname: str) -> bytes | None:
        try:
            key = (reader.segment().segment_id(), fieldname)  # a segment's lengths never change
        except AttributeError:
            return None
        if key not in self._lengths:
            if len(self._lengths) > 1024:  # segments merged away over a long serve
                self._lengths.clear()
            try:
                column = reader._perdoc.column_reader(_lenfield(fieldname), LENGTHS_COLUMN)
                raw = column._dbfile.get(column._basepos, column._doccount)
                self._lengths[key] = bytes(raw) if len(raw) == reader.doc_count_all() else None
            except (AttributeError, KeyError, TypeError, ValueError):
                self._lengths[key] = None  # another codec: Whoosh's own scorer
        return self._lengths[key]

    def global_lengths(self, searcher, fieldname: str) -> bytes:
        """The length bytes of ``fieldname`` for every paragraph of ``searcher``, in docnum order."""
        parts = []
        for leaf, _offset in searcher.leaf_searchers():
            part = self._segment_lengths(leaf.reader(), fieldname)
            # No column (no paragraph of the segment has the field): Whoosh then reads length 1, as byte 0 does.
            parts.append(part if part is not None else bytes(leaf.doc_count_all()))
        return b"".join(parts)

    def norms(self, searcher, fieldname: str) -> list[float]:
        """BM25's length normalisation for each length byte of ``fieldname``."""
        return _norms(self.K1, self.B, searcher.avg_field_length(fieldname) or 1)

    def scorer(self, searcher, fieldname, text, qf=1):
        schema_field = searcher.schema[fieldname]
        lengths = self._segment_lengths(searcher.reader(), fieldname) if schema_field.scorable else None
        if lengths is None:
            return super().scorer(searcher, fieldname, text, qf=qf)
        parent = searcher.get_parent()
        avgfl = parent.avg_field_length(fieldname) or 1
        ti = searcher.term_info(fieldname, text)
        idf = parent.idf(fieldname, text)
        return _Scorer(idf, self.K1, self.B, avgfl, lengths, ti.max_weight(), ti.min_length())
