"""Stored fields compressed in blocks of paragraphs: Whoosh 3's codec with another stored column.

Why: Whoosh 3 pickles each paragraph's stored fields and compresses them one
by one (``CompressedBytesColumn``): a paragraph is a few hundred bytes, too
short for zlib to find much to share, so the stored column was 174 MB of the
whole legal corpus's 562 MB, more than SQLite FTS5's whole index (139 MB).
Compressed 128 paragraphs at a time the same pickles take a seventh of that
(the whole legal corpus's 575,517 paragraphs, 230.7 MB of pickles: 45.3 MB
at 32 a block, 38.7 MB at 64, 34.5 MB at 128; measured on a 111,807-paragraph
segment, one by one took 35.8 MB where 32 a block took 9.0 MB).

Reading one paragraph decompresses its block up to that paragraph (71 µs on
average for a random one at 128 a block, 29 µs at 32); the reader keeps the
last block it read, so the paragraphs of one document, read in order,
decompress it once. A search reads the stored fields of the hits it shows
and little else (a paragraph's place is in its segment's ``.bits`` file,
:mod:`indexer.index.places`), so the larger block costs a page of ten hits
under half a millisecond.

The column has the interface of Whoosh's columns (``writer``/``reader``,
``add``/``finish``, ``__getitem__``) without importing Whoosh (the wall);
``whoosh_internals.BlockStoredCodec`` is Whoosh 3's codec with this column
for the stored fields. A segment keeps its codec in the table of contents,
so Whoosh's own ``open_dir(...).searcher()`` reads these segments' stored
fields through it (imported by the unpickler), and a segment written by
Whoosh's codec is still read as Whoosh wrote it.
"""

from __future__ import annotations

import pickle
import threading
import zlib
from array import array
from itertools import accumulate
from struct import Struct

BLOCK = 128  # paragraphs compressed together
LEVEL = 6  # zlib's level (9 gained 0.2 % and wrote slower)
_FOOTER = Struct("<II")  # number of blocks, paragraphs a block
_STORED = "_stored"  # Whoosh's name for the stored fields' column


class BlockColumn:
    """Stored fields pickled, ``block`` paragraphs to a zlib stream.

    On disk: the blocks one after the other, then each block's end offset
    (little-endian uint64), then the footer (number of blocks, paragraphs a
    block). A block holds its paragraphs' pickle lengths (uint32 each) then
    the pickles; an empty pickle is a paragraph with no stored field.
    """

    def __init__(self, block: int = BLOCK, level: int = LEVEL):
        self._block = block
        self._level = level

    @property
    def block(self) -> int:
        """Paragraphs a block holds."""
        return self._block

    def writer(self, dbfile):
        return BlockWriter(dbfile, self._block, self._level)

    def reader(self, dbfile, basepos, length, doccount):
        return BlockReader(dbfile, basepos, length, doccount)


class BlockWriter:
    """Gathers a block's pickles and writes the block compressed once it is full."""

    def __init__(self, dbfile, block: int, level: int):
        self._file = dbfile
        self._count = 0  # paragraphs recorded so far
        self._block = block
        self._level = level
        self._pending: list[bytes] = []  # pickles of the block being filled, from its first paragraph
        self._ends = array("Q")  # end offset of each block written, from the column's start
        self._written = 0

    def add(self, docnum: int, value) -> None:
        self._pad(docnum)
        self._pending.append(pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
        self._count = docnum + 1
        if len(self._pending) == self._block:
            self._flush()

    def _pad(self, docnum: int) -> None:
        """Empty records for the paragraphs before ``docnum`` that stored nothing."""
        while self._count < docnum:
            self._pending.append(b"")
            self._count += 1
            if len(self._pending) == self._block:
                self._flush()

    def _flush(self) -> None:
        pending = self._pending
        lengths = array("I", map(len, pending))
        if lengths.itemsize != 4:  # pragma: no cover - every platform Whoosh runs on
            raise RuntimeError("array('I') is not 4 bytes here")
        data = zlib.compress(lengths.tobytes() + b"".join(pending), self._level)
        self._file.write(data)
        self._written += len(data)
        self._ends.append(self._written)
        self._pending = []

    def finish(self, doccount: int) -> None:
        self._pad(doccount)
        if self._pending:
            self._flush()
        self._file.write(self._ends.tobytes())
        self._file.write(_FOOTER.pack(len(self._ends), self._block))


class BlockReader:
    """A paragraph's stored fields from its block; the last block read is kept decompressed."""

    def __init__(self, dbfile, basepos: int, length: int, doccount: int):
        self._file, self._start, self._doccount = dbfile, basepos, doccount
        footer = basepos + length - _FOOTER.size
        blocks, self._block = _FOOTER.unpack(dbfile.get(footer, _FOOTER.size))
        ends = array("Q")
        ends.frombytes(dbfile.get(footer - 8 * blocks, 8 * blocks))
        self._ends = ends
        self._kept: _Block | None = None  # the block read last, decompressed as far as asked
        self._lock = threading.Lock()  # a reader may be shared by threads: the kept block is not

    def _record(self, number: int, within: int) -> bytes:
        with self._lock:
            kept = self._kept
            if kept is None or kept.number != number:
                start = self._ends[number - 1] if number else 0
                count = min(self._block, self._doccount - number * self._block)
                kept = self._kept = _Block(
                    number, self._file.get(self._start + start, self._ends[number] - start), count
                )
            return kept.record(within)

    def __getitem__(self, docnum: int):
        if not 0 <= docnum < self._doccount:
            raise IndexError(f"paragraph {docnum} of {self._doccount}")
        number, within = divmod(docnum, self._block)
        if number >= len(self._ends):
            return None
        value = self._record(number, within)
        return pickle.loads(value) if value else None

    def __len__(self) -> int:
        return self._doccount

    def __iter__(self):
        return (self[docnum] for docnum in range(self._doccount))


class _Block:
    """One block, decompressed only as far as the paragraphs asked for so far.

    Why: a hit's paragraph is on average halfway into its block, and zlib can
    stop there (``max_length``): a random paragraph costs a third of a whole
    block's decompression (measured: 14 µs instead of 37 for 32 paragraphs),
    and the next paragraphs of the same document continue where it stopped.
    """

    def __init__(self, number: int, data: bytes, count: int):
        self.number = number
        self._stream = zlib.decompressobj()
        lengths = array("I")
        lengths.frombytes(self._stream.decompress(data, 4 * count))
        self._ends = list(accumulate(lengths, initial=0))  # each pickle's start and end past the lengths
        self._out = bytearray()

    def record(self, within: int) -> bytes:
        need = self._ends[within + 1]
        out = self._out
        if len(out) < need:
            stream = self._stream
            out += stream.decompress(stream.unconsumed_tail, need - len(out))
        return bytes(out[self._ends[within] : need])
