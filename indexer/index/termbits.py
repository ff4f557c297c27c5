"""Term bitsets written beside a segment, so the first query reads them instead of decoding postings.

Why: :mod:`indexer.searching.docsets` turns a term's postings into bitsets on first
use; for a common syllable that means unpickling and decompressing thousands
of Whoosh blocks and a Python step per posting, up to half a second per query
at the whole legal corpus on a fresh reader (a one-shot CLI search always
pays it). The bulk writer has every term's documents and frequencies in
memory anyway, so for the terms frequent enough to cost (``MIN_DF``) it also
writes what :mod:`indexer.searching.docsets` would compute: the paragraphs holding the
term once or more and twice or more (bitsets, or a sparse one's nonzero bytes) and
the frequencies above two (arrays of gaps and counts), pickled and zlib-compressed
per term.

Beside them, each scored field's sum of stored lengths (each paragraph's
length as its length byte stands for it), so a fresh reader's average field
length (:mod:`indexer.searching.scoring`) needs no pass over the length bytes.

The file is ``<segment id>.bits``: Whoosh deletes it with its segment (its
name follows the segment's files) and its own searcher never opens it. A
segment without the file (written by Whoosh's own writer, or merged) is read
from its postings as before. Deletions are applied by the reader.
"""

from __future__ import annotations

import mmap
import pickle
import struct
import sys
import zlib
from array import array
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from itertools import accumulate

from indexer.index.interface import Segment
from indexer.index.places import Packed, Table
from indexer.index.sidecar_cache import SidecarCache

EXT = ".bits"
MIN_DF = 512  # below this a term's postings (four blocks) decode in well under a millisecond
LEVEL = 6  # zlib's level: 14 % smaller than level 1 on the whole corpus's largest segment; decompressing is as fast
_TRAILER = struct.Struct("<Q")

Levels = tuple[int, int, dict[int, float]]


def bitset_bytes(docnums: Iterable[int], size: int) -> bytes:
    """A little-endian bitset of ``size`` paragraphs: bit ``d`` of byte ``d >> 3``."""
    bits = bytearray((size + 7) // 8)
    for d in docnums:
        bits[d >> 3] |= 1 << (d & 7)
    return bytes(bits)


def _packed_bitset(docnums: list[int], size: int) -> bytes | tuple[str, bytes, bytes]:
    """A bitset of ``size`` paragraphs as :func:`bitset_bytes` makes it or, when its paragraphs are
    few (under one in 32), as its nonzero bytes: their places' gaps (uint8 or uint16, little-endian)
    and their values.

    Why: zlib stores a sparse bitset's runs of zero bytes as matches, two to three bytes a
    paragraph; the gaps between its nonzero bytes take less (whole corpus, largest segment:
    ``.bits`` -8.7 %), and :func:`_bitset` sets them back in C, faster than inflating the zeros.
    """
    if len(docnums) * 32 >= size:
        return bitset_bytes(docnums, size)
    places: list[int] = []
    values: list[int] = []
    for d in docnums:
        place = d >> 3
        if places and places[-1] == place:
            values[-1] |= 1 << (d & 7)
        else:
            places.append(place)
            values.append(1 << (d & 7))
    gaps = [b - a for a, b in zip((0, *places), places, strict=False)]
    packed = array("B" if max(gaps, default=0) < 1 << 8 else "H" if max(gaps) < 1 << 16 else "I", gaps)
    if sys.byteorder == "big":
        packed.byteswap()
    return packed.typecode, packed.tobytes(), bytes(values)


def _bitset(packed: bytes | tuple[str, bytes, bytes]) -> int:
    """The bitset :func:`_packed_bitset` wrote, as an int (bit ``d`` for paragraph ``d``)."""
    if isinstance(packed, bytes):
        return int.from_bytes(packed, "little")
    code, gaps_b, values = packed
    gaps = array(code, gaps_b)
    if sys.byteorder == "big":
        gaps.byteswap()
    places = list(accumulate(gaps))
    bits = bytearray(places[-1] + 1 if places else 0)
    deque(map(bits.__setitem__, places, values), maxlen=0)  # each nonzero byte set in C
    return int.from_bytes(bits, "little")


def _many_arrays(many: list[tuple[int, int]]) -> tuple[bytes, str, bytes]:
    """The frequencies above two as arrays: the paragraphs' gaps (uint32) and the frequencies
    (uint16, or uint32 when one is larger), little-endian, with the frequencies' typecode.

    Why: pickled as a dict each was a 4-byte key and an 8-byte float with their opcodes;
    as gaps and small ints they compress to less (whole corpus, largest segment: ``.bits``
    14.1 -> 13.2 MB at zlib level 6), and the reader makes the dict in C.
    """
    docs = array("I", (d for d, _ in many))
    gaps = array("I", (b - a for a, b in zip((0, *docs), docs, strict=False)))
    freqs = array("H" if not many or max(f for _, f in many) < 1 << 16 else "I", (int(f) for _, f in many))
    if sys.byteorder == "big":
        gaps.byteswap()
        freqs.byteswap()
    return gaps.tobytes(), freqs.typecode, freqs.tobytes()


def _many_dict(gaps_b: bytes, code: str, freqs_b: bytes) -> dict[int, float]:
    """The ``{paragraph: frequency}`` dict :func:`_many_arrays` wrote."""
    gaps, freqs = array("I", gaps_b), array(code, freqs_b)
    if sys.byteorder == "big":
        gaps.byteswap()
        freqs.byteswap()
    return dict(zip(accumulate(gaps), map(float, freqs), strict=True))


class DictBacked(Mapping[int, float]):
    """Frequencies answered from one dict, made when first needed (:meth:`merged`).

    The views are the dict's own: Mapping's would look each key up through ``__getitem__``
    (a common term's merge made 1.4 million such calls on an AND query's first run).
    """

    __slots__ = ()

    def merged(self) -> dict[int, float]:
        """The frequencies as one dict (made on the first call, then kept)."""
        raise NotImplementedError

    def __getitem__(self, docnum: int) -> float:
        return self.merged()[docnum]

    def __contains__(self, docnum: object) -> bool:
        return docnum in self.merged()

    def __iter__(self) -> Iterator[int]:
        return iter(self.merged())

    def keys(self):
        return self.merged().keys()

    def values(self):
        return self.merged().values()

    def items(self):
        return self.merged().items()

    def get(self, docnum: int, default=None):
        return self.merged().get(docnum, default)


class ArrayFrequencies(DictBacked):
    """A term's frequencies above two in one segment, kept as the arrays :func:`_many_arrays` wrote;
    a dict is made from them only when a paragraph's frequency is looked up one by one.

    Why: scoring many candidates at once (:mod:`indexer.searching.vectorized`) reads the
    arrays as they are; making the dict (and merging the segments' dicts) for a common word
    of an accent-free query was a tenth of its first query at the whole corpus.
    """

    __slots__ = ("_dict", "code", "freqs", "gaps")

    def __init__(self, gaps: bytes, code: str, freqs: bytes):
        self.gaps, self.code, self.freqs = gaps, code, freqs  # little-endian uint32 gaps; counts
        self._dict: dict[int, float] | None = None

    def merged(self) -> dict[int, float]:
        found = self._dict
        if found is None:
            found = self._dict = _many_dict(self.gaps, self.code, self.freqs)
        return found

    def __len__(self) -> int:
        return len(self.gaps) // 4

    def __bool__(self) -> bool:
        return bool(self.gaps)


class Writer:
    """Collects the levels of a segment's frequent terms and writes them in one file."""

    def __init__(self, segment, storage, min_df: int = MIN_DF):
        self._segment = segment
        self._storage = storage
        self._min_df = min_df
        self._entries: dict[tuple[str, str], bytes] = {}
        self._length_sums: dict[str, float] = {}
        self._places: Packed | None = None

    @property
    def min_df(self) -> int:
        """The fewest documents a term must be in to get bitsets (a writer need not call :meth:`add` below)."""
        return self._min_df

    def add(self, field: str, text: str, docs, freqs, size: int) -> None:
        """Record a term from its documents (ascending) and their frequencies."""
        if len(docs) < self._min_df:
            return
        twice = [d for d, f in zip(docs, freqs, strict=True) if f >= 2]
        many = [(d, f) for d, f in zip(docs, freqs, strict=True) if f > 2]
        payload = (_packed_bitset(docs, size), _packed_bitset(twice, size) if twice else b"", *_many_arrays(many))
        self._entries[(field, text)] = zlib.compress(pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL), LEVEL)

    def add_length_sum(self, field: str, total: float) -> None:
        """Record the sum of the field's stored lengths over the segment (deletions are the reader's)."""
        self._length_sums[field] = total

    def add_places(self, packed: Packed | None) -> None:
        """Record the segment's paragraphs' places (:mod:`indexer.index.places`), when it could keep them."""
        self._places = packed

    def close(self) -> None:
        if not self._entries and not self._length_sums and self._places is None:
            return
        f = self._segment.create_file(self._storage, EXT)
        offsets = {}
        placed: dict[bytes, tuple[int, int]] = {}  # a term with another's very levels (a pair and its
        pos = 0  # accent-free twin, a syllable without accents in syl and fold) points at its copy
        for key, blob in self._entries.items():
            at = placed.get(blob)
            if at is None:
                f.write(blob)
                at = placed[blob] = (pos, len(blob))
                pos += len(blob)
            offsets[key] = at
        index = {"terms": offsets, "length_sums": self._length_sums, "places": self._places}
        f.write(pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL))
        f.write(_TRAILER.pack(pos))
        f.close()


class _SegmentFile:
    """A segment's ``.bits`` file, mapped (pages are read when a term is asked for)."""

    def __init__(self, path: str):
        with open(path, "rb") as f:
            self.data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        (index_at,) = _TRAILER.unpack(self.data[-_TRAILER.size :])
        index = pickle.loads(self.data[index_at : len(self.data) - _TRAILER.size])
        self.offsets = index["terms"]
        self.length_sums = index["length_sums"]
        packed = index.get("places")
        self.places = None if packed is None else Table(packed)


_files = SidecarCache(_SegmentFile, (OSError, ValueError, KeyError, TypeError, pickle.UnpicklingError))


def _open(segment: Segment) -> _SegmentFile | None:
    path = segment.sidecar(EXT)  # None outside a folder: compound files have no .bits
    return None if path is None else _files.get(path)


def length_sum(segment: Segment, field: str) -> float | None:
    """The sum of the field's stored lengths over the segment, deleted paragraphs included; None when
    the segment has no ``.bits`` file (or the field no sum)."""
    seg = _open(segment)
    return None if seg is None else seg.length_sums.get(field)


def place(segment: Segment, docnum: int) -> tuple[str, int] | None:
    """Paragraph ``docnum``'s (document, number) from the segment's ``.bits`` file (``docnum`` local
    to the segment); None when the file has no places (an older file, or a merged segment)."""
    seg = _open(segment)
    return None if seg is None or seg.places is None else seg.places(docnum)


def document_paragraphs(segment: Segment, doc_id: str) -> int | None:
    """The segment's paragraphs of ``doc_id`` from its places, deleted ones included (as the
    ``doc_id`` term's postings hold them, with no term look-up); None when the file has no places."""
    seg = _open(segment)
    return None if seg is None or seg.places is None else seg.places.paragraphs(doc_id, segment.size)


def levels(segment: Segment, field: str, text: str) -> Levels | None:
    """The term's levels in one segment (an :class:`indexer.index.interface.Segment`) from its
    ``.bits`` file, deletions removed; None when not there."""
    seg = _open(segment)
    if seg is None:
        return None
    at = seg.offsets.get((field, text))
    if at is None:
        return None
    # zlib's stream, inflated by ISA-L (isal): half of zlib's time, a tenth of a fresh reader's long
    # question. Imported here: a search on an index without frequent terms (a one-shot CLI search of a
    # few resolutions) never loads it.
    from isal import isal_zlib  # noqa: PLC0415

    once_b, twice_b, gaps, code, freqs = pickle.loads(isal_zlib.decompress(seg.data[at[0] : at[0] + at[1]]))
    once, twice = _bitset(once_b), _bitset(twice_b)
    if not segment.deleted:
        return once, twice, ArrayFrequencies(gaps, code, freqs)
    many = _many_dict(gaps, code, freqs)
    gone = 0
    for d in segment.deleted:
        gone |= 1 << d
        many.pop(d, None)
    return once & ~gone, twice & ~gone, many
