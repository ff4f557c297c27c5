"""Cached bitsets of the terms: exact totals, filters, facets and the data ranking needs.

Whoosh counts the matches of a query by intersecting its postings in Python
(``docs_for_query``), which at 10^5 paragraphs costs more than finding the
ten best: the syllables of a common query ("quyền sử dụng đất") appear in a
tenth of all paragraphs. Here each term's paragraphs are a bitset (a Python
int, one bit per paragraph: 64 KB at 5·10^5), built once per index version
and kept for the most recently used terms, so counting an AND, OR or NOT of
terms is a few big-integer operations in C (each query node says how, in
:mod:`indexer.searching.nodes`). Beside each term's bitset are the
paragraphs holding it twice and its frequency where it is higher, from which
:mod:`indexer.searching.ranking` computes BM25 without Whoosh's matchers.
"""

from __future__ import annotations

import math
import re
import sys
import threading
from array import array
from collections import Counter, OrderedDict
from collections.abc import Mapping
from typing import TYPE_CHECKING, NamedTuple

from indexer.index import termbits
from indexer.index.interface import Searcher, Segment

MAX_BYTES = 32 * 2**20  # bitsets kept (least recently used dropped first): ~250 terms at 5·10^5 paragraphs
DOCUMENT_FIELD = "doc_id"  # the ID field a document's paragraphs share (what an update deletes by)
FEW_VALUES = 64  # a facet with at most this many values is counted by bitsets, else by a value column


if TYPE_CHECKING:
    from indexer.searching.nodes import Node

Levels = tuple[int, int, Mapping[int, float]]  # once or more, twice or more, frequency where higher


class Context(NamedTuple):
    """What a query node reads: the searcher (the reader interface of :mod:`indexer.index.store`)
    and the term bitsets of its index version."""

    searcher: Searcher
    sets: DocSets


class _Lru:
    """Levels by key, the least recently used dropped beyond ``max_bytes`` (thread-safe)."""

    def __init__(self, max_bytes: int):
        self._max = max_bytes
        self._bytes = 0
        self._entries: OrderedDict[tuple, Levels] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> Levels | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: tuple, entry: Levels) -> None:
        with self._lock:
            if key not in self._entries:
                self._entries[key] = entry
                self._bytes += _size(entry)
            while self._bytes > self._max and len(self._entries) > 1:
                self._bytes -= _size(self._entries.popitem(last=False)[1])


class SegmentSets:
    """Each segment's term levels, kept across index versions.

    An update adds segments and deletes paragraphs in old ones; a segment
    whose deletions did not change keeps its levels, so after an update only
    the new segments' postings are read again, not the whole index's. The
    key is the segment's id and its deletions (:func:`segment_key`): a
    segment whose deletions changed is a new key, never a stale entry.
    """

    def __init__(self, max_bytes: int = MAX_BYTES):
        self._cache = _Lru(max_bytes)
        self.reads = 0  # postings read from disk (for tests and curiosity)

    def levels(self, segment: Segment, field: str, text: str) -> Levels:
        """The term's levels in one segment (docnums local to it), deleted paragraphs left out."""
        key = (*segment.key, field, text)
        entry = self._cache.get(key)
        if entry is None:
            self.reads += 1
            entry = termbits.levels(segment, field, text)
            if entry is None and field == DOCUMENT_FIELD:  # a document's paragraphs: its runs of places
                bits = termbits.document_paragraphs(segment, text)
                entry = None if bits is None else _without_deleted(segment, bits, 0, {})
            if entry is None:
                entry = _levels(segment, field, text)
            self._cache.put(key, entry)
        return entry


class DocSets:
    """Bitsets of paragraphs per term for one version of the index (shared by threads)."""

    def __init__(self, version: object, segments: SegmentSets | None = None, max_bytes: int = MAX_BYTES):
        self.version = version
        self._segments = segments if segments is not None else SegmentSets(max_bytes)
        self._cache = _Lru(max_bytes)
        self._facets: dict[str, tuple[list[str], list[int] | array]] = {}
        self._columns: dict[str, tuple[list[str], array]] = {}

    def term(self, searcher: Searcher, field: str, text: str) -> int:
        """The paragraphs holding the term."""
        return self.levels(searcher, field, text)[0]

    def levels(self, searcher: Searcher, field: str, text: str) -> Levels:
        """The paragraphs holding the term: once or more, twice or more (bitsets), and
        the term's frequency in those holding it three times or more (a dict: few)."""
        key = (field, text)
        entry = self._cache.get(key)
        if entry is None:
            segments = searcher.segments()
            if len(segments) == 1:
                entry = self._segments.levels(segments[0], field, text)
            else:
                entry = _joined(segments, [self._segments.levels(segment, field, text) for segment in segments])
            self._cache.put(key, entry)
        return entry

    def of(self, searcher: Searcher, q: Node) -> int:
        """The bitset of the paragraphs matching the query node ``q`` (not deleted ones)."""
        return q.docs(Context(searcher, self))

    def count(self, searcher, q) -> int:
        return self.of(searcher, q).bit_count()

    def column(self, searcher, field: str) -> tuple[list[str], array]:
        """Each paragraph's value of the ID field ``field``: the names, and per paragraph an
        index into them (-1 for none). Built once per index version from the postings."""
        column = self._columns.get(field)
        if column is None:
            names = _names(searcher, field)
            column = self._columns[field] = (names, self._value_column(searcher, field, names))
        return column

    def facet(self, searcher, field: str, bits: int) -> dict[str, int]:
        """How many of the paragraphs in ``bits`` have each value of the ID field ``field``."""
        facet = self._facets.get(field)
        if facet is None:
            facet = self._facets[field] = self._facet(searcher, field)
        names, data = facet
        if isinstance(data, list):  # few values: one bitset each
            counts = {name: (bits & vbits).bit_count() for name, vbits in zip(names, data, strict=True)}
        else:  # many values: the value of each paragraph
            counted = Counter(map(data.__getitem__, members(bits, len(data))))
            counts = {names[i]: n for i, n in counted.items() if i >= 0}
        return {name: n for name, n in counts.items() if n}

    def _facet(self, searcher, field: str) -> tuple[list[str], list[int] | array]:
        names = _names(searcher, field)
        if len(names) <= FEW_VALUES:
            return names, [self.term(searcher, field, name) for name in names]
        return names, self._value_column(searcher, field, names)

    def _value_column(self, searcher, field: str, names: list[str]) -> array:
        """Per paragraph, the index in ``names`` of its value of ``field`` (-1 for none).

        Read from the postings, not kept as term bitsets: a field of many values
        (the documents) would fill the cache of terms with sparse bitsets."""
        column = array("i", [-1]) * searcher.doc_count_all()
        for segment in searcher.segments():
            gone, offset = segment.deleted, segment.offset
            for i, name in enumerate(names):
                for ids, _ in segment.blocks(field, name):
                    for d in ids:
                        if d not in gone:
                            column[d + offset] = i
        return column


def _joined(segments: list[Segment], levels: list[Levels]) -> Levels:
    """The levels of a term over all ``segments`` (in docnum order) from each segment's own.

    Each segment's bitsets are shifted to its offset and OR-ed together (:func:`_placed`); the
    frequencies above two are merged only when read (:class:`Frequencies`).
    """
    if not segments:
        return 0, 0, {}
    once, twice = _placed(segments, [lv[0] for lv in levels]), _placed(segments, [lv[1] for lv in levels])
    parts = [(segment.offset, seg_many) for segment, (_, _, seg_many) in zip(segments, levels, strict=True) if seg_many]
    return once, twice, Frequencies(parts)


class Frequencies(termbits.DictBacked):
    """A term's frequencies above two over all segments (docnums of the searcher), from each
    segment's own, merged into one dict on first read.

    Why: a common term's run to thousands per segment, and a fresh reader's first query reads
    the levels of every term it counts with (a long question's partial matches: fifty terms),
    but only the terms it ranks read their frequencies, and only on the paragraphs holding
    them twice or more. Merging them all was a tenth of a long question's first query.
    """

    __slots__ = ("_merged", "_parts")

    def __init__(self, parts: list[tuple[int, dict[int, float]]]):
        self._parts = parts  # (segment offset, its frequencies by local docnum), in docnum order
        self._merged: dict[int, float] | None = None

    def merged(self) -> dict[int, float]:
        """The frequencies as one dict, made on the first call."""
        merged = self._merged
        if merged is None:  # threads may both merge: the same dict, the last one kept
            merged = {}
            for offset, many in self._parts:  # shifted in C
                merged.update(zip(map(offset.__add__, many), many.values(), strict=True))
            self._merged = merged
        return merged

    def __len__(self) -> int:
        return sum(len(many) for _, many in self._parts)

    def __bool__(self) -> bool:
        return bool(self._parts)

    @property
    def parts(self) -> list[tuple[int, Mapping[int, float]]]:
        """Each segment's offset and its own frequencies (local docnums), in docnum order."""
        return self._parts


def merged_frequencies(many: Mapping[int, float]) -> dict[int, float]:
    """A term's frequencies above two as a dict: ranking reads them a paragraph at a time,
    where a :class:`Frequencies`' (or a segment's arrays') look-up is a Python call."""
    return many.merged() if isinstance(many, termbits.DictBacked) else many  # type: ignore[return-value]


def _placed(segments: list[Segment], parts: list[int]) -> int:
    """One bitset of the searcher's paragraphs from each segment's bitset (local docnums) put at its offset.

    Shifting and OR-ing the integers is done in C word by word; measured in one process on a
    long question's terms at the whole legal corpus (6 segments), it takes a third to a quarter
    of the time of placing each segment's bytes in one buffer and converting back (0.055 → 0.013
    ms a term; split into 18 segments, 0.065 → 0.025 ms).
    """
    out = 0
    for segment, bits in zip(segments, parts, strict=True):
        if bits:
            out |= bits << segment.offset
    return out


def _names(searcher, field: str) -> list[str]:
    return [v.decode("utf-8") if isinstance(v, bytes) else v for v in searcher.lexicon(field)]


def _size(entry: Levels) -> int:
    once, twice, many = entry
    return once.bit_length() // 8 + twice.bit_length() // 8 + 100 * len(many)


def _levels(segment, field: str, text: str) -> Levels:
    """One segment's levels of a term, read from its decoded posting blocks.

    A term whose statistics say it is in a run of consecutive paragraphs, each holding it
    once (a document's id: its paragraphs are numbered in a row), is that run of bits without
    its postings decoded: on a fresh reader's long question or no-hit query, the documents its
    partial matches weigh were a tenth of the time (about 40 such terms, 12 ms). Otherwise a
    block of consecutive paragraphs is set as one range of bits, not a bit at a time.
    """
    extent = segment.extent(field, text)
    if extent is None:  # not in this segment (a document's id is in one of them): nothing to allocate
        return 0, 0, {}
    count, first, last, top = extent
    if count and last - first + 1 == count and top < 2:
        return _without_deleted(segment, ((1 << count) - 1) << first, 0, {})
    size = segment.size
    once, twice = bytearray((size + 7) // 8 + 1), bytearray((size + 7) // 8 + 1)
    runs = 0
    many: dict[int, float] = {}
    for ids, weights in segment.blocks(field, text):
        if not ids:
            continue
        if ids[-1] - ids[0] == len(ids) - 1:  # ascending docnums: consecutive ones
            runs |= ((1 << len(ids)) - 1) << ids[0]
        else:
            for d in ids:
                once[d >> 3] |= 1 << (d & 7)
        if max(weights, default=1) < 2:
            continue  # most blocks: every paragraph holds the term once
        for d, weight in zip(ids, weights, strict=True):
            if weight >= 2:
                twice[d >> 3] |= 1 << (d & 7)
                if weight > 2:
                    many[d] = weight
    return _without_deleted(segment, int.from_bytes(once, "little") | runs, int.from_bytes(twice, "little"), many)


def _without_deleted(segment, once: int, twice: int, many: dict[int, float]) -> Levels:
    """A segment's levels with its deleted paragraphs left out."""
    if segment.deleted and once:
        gone = from_members(segment.deleted, segment.size)
        for d in segment.deleted:
            many.pop(d, None)
        once &= ~gone
        twice &= ~gone
    return once, twice, many


def to_bytes(bits: int, size: int) -> bytes:
    """A bitset of ``size`` paragraphs as bytes: bit ``d`` is ``b[d >> 3] >> (d & 7) & 1``."""
    return (bits & ((1 << size) - 1)).to_bytes((size + 7) // 8, "little")


def stretches(data: bytes, gap: int = 64) -> list[tuple[int, int]]:
    """The byte ranges of a bitset's bytes (:func:`to_bytes`) that hold its members, fewer than
    ``gap`` empty bytes apart within a range: where a few thousand paragraphs of one document lie.
    Each range's ends are found by ``find`` (memchr) on a copy marking the non-empty bytes."""
    marks = data.translate(_MARKS)
    zeros = bytes(gap)
    out: list[tuple[int, int]] = []
    start = marks.find(1)
    while start >= 0:
        end = marks.find(zeros, start)
        if end < 0:
            out.append((start, marks.rfind(1) + 1))
            break
        out.append((start, end))
        start = marks.find(1, end)
    return out


def overlaps(data: bytes, within: list[tuple[int, int, int]]) -> int:
    """How many members a bitset's bytes ``data`` shares with a small one given as its ``within``
    stretches ``(start, end, bits)``: an AND of a few hundred bytes, not of the whole index."""
    return sum((int.from_bytes(data[a:b], "little") & bits).bit_count() for a, b, bits in within)


_BITS = [tuple(k for k in range(8) if value >> k & 1) for value in range(256)]
_NONZERO = re.compile(rb"[^\x00]+")
_MARKS = bytes([0] + [1] * 255)  # a byte's translation: 1 where it holds a member


MEMBERS_OVER_ARRAYS = 200  # members from which numpy, once a process has loaded it, lists them faster


def members(bits: int, size: int) -> list[int]:
    """The paragraph numbers in a bitset, in order (runs of empty bytes skipped in C; over
    numpy's arrays when it is loaded (:mod:`indexer.searching.ranking`) and they are many)."""
    data = to_bytes(bits, size)
    np = sys.modules.get("numpy")
    count = bits.bit_count()
    if np is not None and count >= MEMBERS_OVER_ARRAYS:
        held = np.frombuffer(data, dtype=np.uint8)
        if count > size // 16:  # dense: most bytes hold a member
            return np.flatnonzero(np.unpackbits(held, bitorder="little")).tolist()
        # Sparse: only the non-empty bytes are unpacked. A shortlist's few hundred members among
        # 5·10^5 paragraphs took 1.1-1.5 ms unpacking every bit, 0.2-0.3 ms so (same process).
        at = np.flatnonzero(held)
        found = np.flatnonzero(np.unpackbits(held[at], bitorder="little"))
        return ((at[found >> 3] << 3) | (found & 7)).tolist()
    out: list[int] = []
    if count <= size // 8:
        # Few members: the non-empty bytes found by ``find`` (memchr) on a copy marking them,
        # where the regular expression below tests every byte (at 5·10^5 paragraphs, 400 members:
        # 0.6 -> 0.15 ms, same process).
        marks = data.translate(_MARKS)
        at = marks.find(1)
        while at >= 0:
            base = at << 3
            for k in _BITS[data[at]]:
                out.append(base + k)
            at = marks.find(1, at + 1)
        return out
    for run in _NONZERO.finditer(data):
        start = run.start()
        for i, byte in enumerate(run.group(), start):
            base = i << 3
            for k in _BITS[byte]:
                out.append(base + k)
    return out


def from_members(docnums, size: int) -> int:
    """The bitset of the given paragraph numbers."""
    bits = bytearray((size + 7) // 8 + 1)
    for d in docnums:
        bits[d >> 3] |= 1 << (d & 7)
    return int.from_bytes(bits, "little")


def at_least(among: int, weighted: list[tuple[int, int]], threshold: float) -> int:
    """The paragraphs of ``among`` whose summed weights (over the bitsets holding them) reach ``threshold``.

    The per-paragraph sums are kept bit-sliced (plane k holds bit k of every
    paragraph's sum), so adding a weighted bitset and comparing with the
    threshold are a few big-integer operations, whatever the number of
    paragraphs. Weights are non-negative integers.
    """
    return reaching(among, summed(weighted), threshold)


def summed(weighted: list[tuple[int, int]]) -> list[int]:
    """Each paragraph's sum of the weights of the bitsets holding it, bit-sliced: plane k holds
    bit k of every sum. Made once for several thresholds (:func:`reaching`): adding the planes is
    most of :func:`at_least`'s time."""
    planes: list[int] = []
    for bits, weight in weighted:
        k = 0
        while weight:
            if weight & 1:  # add ``bits`` at plane k, with carries
                carry, j = bits, k
                while carry:
                    while len(planes) <= j:
                        planes.append(0)
                    planes[j], carry = planes[j] ^ carry, planes[j] & carry
                    j += 1
            weight >>= 1
            k += 1
    return planes


def reaching(among: int, planes: list[int], threshold: float) -> int:
    """The paragraphs of ``among`` whose sum (bit-sliced ``planes``, :func:`summed`) reaches ``threshold``."""
    target = max(0, math.ceil(threshold))
    greater, equal = 0, among
    for k in range(max(len(planes), target.bit_length()) - 1, -1, -1):
        plane = planes[k] if k < len(planes) else 0
        if target >> k & 1:
            equal &= plane
        else:
            greater |= equal & plane
            equal &= ~plane
    return (greater | equal) & among
