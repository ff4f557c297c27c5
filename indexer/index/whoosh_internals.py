"""The reader interface over Whoosh, and every use of Whoosh's private internals (pinned whoosh-reloaded 2.7.5).

:class:`LiveSearcher` and :class:`SegmentView` implement the protocols of
:mod:`indexer.index.interface`, the only way :mod:`indexer.searching` reads the
index: segments with their deletions, decoded posting blocks, positions and
length columns, live statistics.

The engine reads Whoosh's files faster than Whoosh's public API allows
(whole length columns, decoded posting blocks) and opens searchers that
Whoosh's own ``Searcher.refresh()`` gets wrong. Each of those needs an
attribute Whoosh does not promise to keep. They live here and nowhere else,
and :func:`check` (run by ``tests/test_whoosh_internals.py``) names the one
that is missing when the installed Whoosh changes.

Why not ``Searcher.refresh()``: it reuses a segment's reader whenever the
segment id is unchanged, but a reader caches its segment's deletions
(``SegmentReader.deleted_docs_set``), and it also keeps segments that a merge
removed. After an update a refreshed searcher counts deleted paragraphs and
paragraphs twice. :func:`open_reader` reuses a segment's reader only when the
segment and its deletions are both unchanged.
"""

from __future__ import annotations

import functools
import os
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from itertools import accumulate
from pickle import loads

from indexer.index.deferred import deferred_modules
from indexer.index.stored import with_defaults
from indexer.index.stored_blocks import BLOCK as STORED_BLOCK
from indexer.index.stored_blocks import BlockColumn

# Whoosh is imported here first (indexer/index/__init__.py imports this module
# before any other module of the index): without the standard modules it
# imports for nothing the engine uses (indexer/index/deferred.py, _postings).
with deferred_modules("asyncio", "urllib.request:urlretrieve"):
    import whoosh
    from whoosh.codec.whoosh3 import (
        LENGTHS_COLUMN,
        WHOOSH3_HEADER_MAGIC,
        W3Codec,
        W3LeafMatcher,
        W3PerDocReader,
        W3PerDocWriter,
        W3TermInfo,
        _lenfield,
    )
    from whoosh.filedb import filetables
    from whoosh.filedb.filestore import FileStorage
    from whoosh.filedb.structfile import StructFile
    from whoosh.formats import Positions
    from whoosh.index import TOC
    from whoosh.matching.mcore import ListMatcher
    from whoosh.reading import MultiReader, SegmentReader, TermNotFound
    from whoosh.util.numeric import byte_to_length

# These import Whoosh's analysis modules: after the stand-ins above.
from analyzers.whoosh_analysis import pair_forms
from indexer.index import folded_pairs, termbits

PINNED = "2.7.5"

SegmentKey = tuple[str, int, int]  # segment id, number deleted, hash of the deleted set


def segment_key(segment) -> SegmentKey:
    """What identifies a segment's content: its id and its deletions.

    A segment's files never change, but an update may delete paragraphs in
    it; every cache of per-segment data is keyed by this, so that a change of
    deletions is a new key. Computed once per segment object.
    """
    key = getattr(segment, "_nghiquyet_key", None)
    if key is None:
        deleted = frozenset(segment.deleted_docs()) if segment.has_deletions() else frozenset()
        key = (segment.segment_id(), len(deleted), hash(deleted))
        segment._nghiquyet_key = key
    return key


def deleted_docs(segment) -> frozenset[int]:
    """The segment's deleted document numbers (local to the segment)."""
    return frozenset(segment.deleted_docs()) if segment.has_deletions() else frozenset()


# The writing side (indexer/index/bulk.py) writes posting blocks and term rows
# in Whoosh 3's own layout: the block header and the term-info packer.
BLOCK_MAGIC = WHOOSH3_HEADER_MAGIC
TermInfo = W3TermInfo
_HASH_LENGTHS = filetables._lengths  # a hash-table row's key and value lengths


class TermRows:
    """Adds rows to a segment's term table as Whoosh's ``OrderedHashWriter.add`` does, for
    keys the caller gives in increasing order, with one write and no position asked per row.

    Why: a big build adds millions of rows (pair terms above all); the table's own
    ``add`` checks the order, asks the file its position and writes three times for each.
    Same bytes: length header, key, value; the position in the sorted index and in the
    key's hash bucket. Only this object writes to the table until :meth:`close`.
    """

    def __init__(self, tindex):
        self._tindex = tindex
        self._write = tindex.dbfile.file.write  # past StructFile's forwarding call
        self._pos = tindex.dbfile.tell()
        self._index = tindex.index.append
        self._buckets = tindex.buckets
        self._hash = tindex.hashfn
        self._pack = _HASH_LENGTHS.pack
        self._last = None

    def add(self, key: bytes, value: bytes) -> None:
        pos = self._pos
        self._index(pos)
        self._write(self._pack(len(key), len(value)) + key + value)
        self._pos = pos + 8 + len(key) + len(value)
        h = self._hash(key)
        self._buckets[h & 255].append((h, pos))
        self._last = key

    def close(self) -> None:
        """Hand the table back to Whoosh's own writer (its order check resumes after the last key)."""
        if self._last is not None:
            self._tindex.lastkey = self._last


def compact_hash_tables(field_writer) -> None:
    """Make a segment being written size its term table's hash slots at 1.5 per term, not Whoosh's 2.

    Why: a slot is 12 bytes (the key's hash and its row's position) and a big
    segment has hundreds of thousands of terms (pair terms above all): Whoosh's
    two slots per term were a fifth of the term table. Whoosh's reader (and
    :func:`_find_row`) takes each bucket's slot count from the table's
    directory and probes linearly, wrapping, for as many slots as there are, so
    any count above the bucket's terms reads the same; at two thirds full a
    term is found in its first slot or the next few (one read of eight slots).
    """
    tindex = field_writer._tindex
    tindex._write_hashes = functools.partial(_write_hashes, tindex)


def _write_hashes(tindex) -> None:
    """``HashWriter._write_hashes`` with 1.5 slots per entry (rounded up) instead of 2."""
    dbfile = tindex.dbfile
    null = (0, 0)
    for entries in tindex.buckets:
        numslots = len(entries) + (len(entries) + 1) // 2
        tindex.directory.append((dbfile.tell(), numslots))
        table = [null] * numslots
        for hashval, position in entries:
            slot = (hashval >> 8) % numslots
            while table[slot] != null:
                slot = (slot + 1) % numslots
            table[slot] = (hashval, position)
        dbfile.write(b"".join(_POINTER.pack(h, p) for h, p in table))


_STORED = "_stored"  # Whoosh 3's name for the stored fields' column


class _BlockStoredWriter(W3PerDocWriter):
    """Whoosh 3's per-paragraph writer with the stored fields in a ``stored_blocks.BlockColumn``."""

    def _create_column(self, fieldname, column):
        if fieldname == _STORED:
            column = self._codec.stored_column()
        super()._create_column(fieldname, column)


class _BlockStoredReader(W3PerDocReader):
    """Whoosh 3's per-paragraph reader with the stored fields read from a ``stored_blocks.BlockColumn``."""

    def __init__(self, storage, segment, column: BlockColumn):
        super().__init__(storage, segment)
        self._stored_column = column

    def stored_fields(self, docnum):
        reader = self._cached_reader(_STORED, self._stored_column)
        value = reader[docnum] if reader is not None else None
        return {} if value is None else value


class BlockStoredCodec(W3Codec):
    """Whoosh 3's codec with the stored fields compressed in blocks of paragraphs
    (``indexer/index/stored_blocks.py`` says why). A segment keeps its codec in the
    table of contents, so Whoosh's own ``open_dir`` reads such a segment through this
    class, and one written by Whoosh's codec as Whoosh wrote it. Posting blocks are compressed at
    zlib level 6, not Whoosh's 3: 2.9 % smaller on the whole corpus's largest segment, as fast to
    inflate (the level is the writer's alone; a block is read whatever its level)."""

    def __init__(self, blocklimit=128, compression=6, inlinelimit=1, stored_block: int = STORED_BLOCK):
        super().__init__(blocklimit=blocklimit, compression=compression, inlinelimit=inlinelimit)
        self._stored_block = stored_block

    def stored_column(self) -> BlockColumn:
        return BlockColumn(self._stored_block)

    def per_document_writer(self, storage, segment):
        return _BlockStoredWriter(self, storage, segment)

    def per_document_reader(self, storage, segment):
        return _BlockStoredReader(storage, segment, self.stored_column())


def has_lengths(perdoc_reader, fieldname: str) -> bool:
    """Whether a segment being written stores lengths of ``fieldname`` (scored text fields do, ids do not)."""
    return perdoc_reader.has_column(_lenfield(fieldname))


def length_column(reader, fieldname: str) -> bytes:
    """The length byte of ``fieldname`` for every document of a segment, one byte each.

    Whoosh writes a segment's length column only up to the last document
    that has the field, so the column may be shorter than the segment: the
    missing tail is padded with 0 (no length), as Whoosh's own reader does.
    """
    size = reader.doc_count_all()
    perdoc = reader._perdoc
    lenfield = _lenfield(fieldname)
    if not perdoc.has_column(lenfield):
        return bytes(size)
    column = perdoc.column_reader(lenfield, LENGTHS_COLUMN)
    stored = min(column._count, size)
    data = bytes(column._dbfile.get(column._basepos, stored)) if stored else b""
    return data + bytes(size - len(data))


_POINTER = filetables._pointer  # a hash slot: the key's hash and its row's position
_SLOTS_READ = 8  # hash slots read with one pread (a probe rarely walks further)
_ROW_READ = 128  # bytes of a term row read with one pread: most rows (lengths, key, term info) fit
ROWS_KEPT = 1 << 16  # term rows remembered per segment reader; beyond, forgotten all at once


def _find_row(tindex, key: bytes) -> bytes | None:
    """The value stored under ``key`` in a Whoosh hash table (``HashReader``), or None.

    Whoosh's ``range_for_key`` answers the same with a generator, a read per
    slot probed and three more for the row (lengths, key, value): on a fresh
    reader's first query, with a term asked of every segment, those reads
    were most of a term look-up. Here the slots are read eight at a time
    and the row in one read; the bytes compared and returned are the same.
    """
    keyhash = tindex.hashfn(key)
    tablestart, numslots = tindex.tables[keyhash & 255]
    dbfile = tindex.dbfile
    size = _POINTER.size
    slot = (keyhash >> 8) % numslots if numslots else 0
    checked = 0
    while checked < numslots:
        n = min(_SLOTS_READ, numslots - slot, numslots - checked)  # wraps at the table's end, as Whoosh's probe
        data = dbfile.get(tablestart + slot * size, n * size)
        for i in range(n):
            slothash, itempos = _POINTER.unpack_from(data, i * size)
            if not itempos:
                return None
            if slothash == keyhash:
                row = dbfile.get(itempos, _ROW_READ)
                keylen, datalen = _HASH_LENGTHS.unpack_from(row)
                if keylen == len(key):
                    start = _HASH_LENGTHS.size + keylen
                    if len(row) < start + datalen:
                        row = dbfile.get(itempos, start + datalen)
                    if row[_HASH_LENGTHS.size : start] == key:
                        return row[start : start + datalen]
        checked += n
        slot = (slot + n) % numslots
    return None


def term_row(reader, fieldname: str, text: str) -> bytes | None:
    """The term's row in one segment's term table (Whoosh 3's packed term info), None when absent.

    Remembered per segment reader: a query asks a term's document frequency
    and then its postings, of every segment, and related queries ask the same
    terms again; a segment's files never change. Raises ``TermNotFound`` for a
    field the schema does not index, as Whoosh's reader does.
    """
    schema = reader.schema
    if fieldname not in schema or schema[fieldname].format is None:
        raise TermNotFound((fieldname, text))
    terms = reader._terms
    rows = terms.__dict__.get("_nghiquyet_rows")
    if rows is None:
        rows = terms._nghiquyet_rows = {}
    key = (fieldname, text)
    row = rows.get(key, _UNREAD)
    if row is _UNREAD:
        tindex, keycoder = terms._tindex, terms._keycoder
        row = _find_row(tindex, keycoder(fieldname, schema[fieldname].to_bytes(text)))
        if row is None:  # an accent-free pair left out beside its single accented source?
            found = _twin_source(reader, fieldname, text)
            if found is not None:
                row = _find_row(tindex, keycoder(fieldname, found.encode("utf-8")))
        if len(rows) >= ROWS_KEPT:
            rows.clear()
        rows[key] = row
    return row


def _pair_table(leaf, fieldname: str):
    """The segment's table of :mod:`indexer.index.folded_pairs` when ``fieldname`` is the pair
    field and the segment has one, else None (remembered on the segment's terms reader)."""
    field = leaf.schema[fieldname]
    if pair_forms(getattr(field, "analyzer", None)) is None:
        return None
    terms = leaf._terms
    table = terms.__dict__.get("_nghiquyet_pair_table", _UNREAD)
    if table is _UNREAD:
        table = terms._nghiquyet_pair_table = folded_pairs.twins_at(sidecar_path(leaf, folded_pairs.EXT))
    return table


def _twin_source(leaf, fieldname: str, text: str | bytes) -> str | None:
    """The accented pair whose postings the segment's left-out accent-free pair ``text`` has, or None."""
    table = _pair_table(leaf, fieldname)
    if table is None:
        return None
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    terms = leaf._terms
    return folded_pairs.source(
        text, table, lambda t: _find_row(terms._tindex, terms._keycoder(fieldname, t.encode("utf-8"))) is not None
    )


def sidecar_path(leaf, ext: str) -> str | None:
    """The path of a segment's file ending ``ext`` (deleted with the segment), None outside a folder."""
    folder = getattr(leaf.storage(), "folder", None)
    return None if folder is None else os.path.join(folder, leaf.segment().make_filename(ext))


def twin_postings(leaf) -> Iterator[tuple[str, bytes, int, float, bytes]]:
    """The postings of the accent-free pairs a segment left out, as Whoosh's ``iter_postings``
    gives a segment's (deleted paragraphs left out): what a merge writes back, the merged segment
    being written by Whoosh's own writer, with no table."""
    for fieldname in leaf.schema.names():
        table = _pair_table(leaf, fieldname)
        if table is None:
            continue
        present = {t.decode("utf-8") for t in field_terms(leaf, fieldname)}
        for twin, source in folded_pairs.derived_postings(present, table, present.__contains__):
            m = leaf.postings(fieldname, source.encode("utf-8"))
            tbytes = twin.encode("utf-8")
            while m.is_active():
                yield fieldname, tbytes, m.id(), m.weight(), m.value()
                m.next()


_UNREAD = object()


_SCAN = 1 << 18  # bytes of a term table read at once when listing a field's terms (at most)
_FIRST_SCAN = 1 << 12  # the first read; each next one twice as big


def field_terms(leaf, fieldname: str) -> list[bytes]:
    """One segment's terms of ``fieldname`` in order, as Whoosh's ``lexicon`` lists them.

    Whoosh's ``lexicon`` reads each row with four reads through generators,
    and a searcher merges its segments' lists a term at a time: the
    accent-free syllables of the whole legal corpus (56,000 rows over 18
    segments) took a third of a second, paid by every one-shot search with
    a word the index does not know ("did you mean"). A field's rows are
    contiguous in the ordered term table: they are read here in large
    chunks and their keys cut out.
    """
    terms = leaf._terms
    if fieldname not in terms._fieldmap:
        return []
    tindex = terms._tindex
    prefix = terms._keycoder(fieldname, b"")
    pos = tindex.closest_key_pos(prefix)
    if pos is None:
        return []
    end, dbfile, n, lengths = tindex.endofdata, tindex.dbfile, len(prefix), _HASH_LENGTHS.size
    out: list[bytes] = []
    buf, base, chunk = b"", pos, _FIRST_SCAN  # a field of few terms (kinds, provinces) reads little
    while pos < end:
        off = pos - base
        if off + lengths > len(buf):
            buf, base, off = dbfile.get(pos, min(chunk, end - pos)), pos, 0
            chunk = min(2 * chunk, _SCAN)
        keylen, datalen = _HASH_LENGTHS.unpack_from(buf, off)
        if off + lengths + keylen > len(buf):
            buf, base, off = dbfile.get(pos, max(chunk, lengths + keylen)), pos, 0
        key = buf[off + lengths : off + lengths + keylen]
        if key[:n] != prefix:
            break
        out.append(key[n:])
        pos += lengths + keylen + datalen
    return out


def lexicon(reader, fieldname: str) -> list[bytes]:
    """The terms of ``fieldname`` in all of ``reader``'s segments, sorted, each once (Whoosh's
    ``lexicon``, from :func:`field_terms`); ``TermNotFound`` for a field the schema does not index."""
    schema = reader.schema
    if fieldname not in schema or schema[fieldname].format is None:
        raise TermNotFound(f"No field {fieldname!r}")
    found: set[bytes] = set()
    for leaf, _ in reader.leaf_readers():
        found.update(field_terms(leaf, fieldname))
    return sorted(found)


def doc_frequency(reader, fieldname: str, text: str) -> int:
    """Paragraphs of one segment holding the term, deleted ones included (Whoosh's ``doc_frequency``)."""
    row = term_row(reader, fieldname, text)
    return 0 if row is None else TermInfo.from_bytes(row).doc_frequency()


def term_extent(reader, fieldname: str, text: str) -> tuple[int, int, int, float] | None:
    """A term's (document frequency, first and last docnum, highest frequency) in one segment,
    deleted paragraphs included, from its term row alone; None when absent."""
    row = term_row(reader, fieldname, text)
    if row is None:
        return None
    info = TermInfo.from_bytes(row)
    return info.doc_frequency(), info.min_id(), info.max_id(), info.max_weight()


def _postings(reader, fieldname: str, text: str):
    """A term's posting matcher in one segment, deleted documents included; ``TermNotFound`` when absent.

    Whoosh's ``SegmentReader.postings`` without its deletion filter: the
    engine leaves deleted paragraphs out with its bitsets, and the filter's
    deleted set is a ``cached_property`` whose package asks asyncio about the
    function on first use, importing asyncio (a tenth of a cold command-line
    search; see :mod:`indexer.index.deferred`). The term's row comes from
    :func:`term_row` (read once for its frequency and its postings), then the
    segment's codec makes the matcher, as ``postings`` itself does.
    """
    row = term_row(reader, fieldname, text)
    if row is None:
        raise TermNotFound((fieldname, text))
    field = reader.schema[fieldname]
    terms = reader._terms
    return terms._codec.postings_reader(
        terms._postfile, TermInfo.from_bytes(row), field.format, term=(fieldname, field.to_bytes(text))
    )


def posting_blocks(reader, fieldname: str, text: str) -> Iterator[tuple[Sequence[int], Sequence[float]]]:
    """A term's postings in one segment as (docnums, frequencies) per block, deleted ones included.

    Whoosh's posting matcher (``W3LeafMatcher``) decodes a block of 128
    postings at once; reading the decoded block beats stepping through it a
    posting at a time five times over (:func:`_decoded_block`). No scorer is
    made (no statistics asked). A rare term's postings inlined in its term row come as Whoosh's
    list matcher: one block. Any other matcher is read one posting at a time.
    """
    try:
        m = _postings(reader, fieldname, text)
    except TermNotFound:
        return
    if isinstance(m, W3LeafMatcher) and not m._byteids:
        while m.is_active():
            yield _decoded_block(m)
            m._next_block()
        return
    if type(m) is ListMatcher:
        ids = m._ids
        weights = m._weights
        yield ids, [1.0] * len(ids) if weights is None else [float(w) for w in weights]
        return
    ids, weights = [], []
    while m.is_active():
        ids.append(m.id())
        weights.append(m.weight())
        m.next()
    yield ids, weights


def _decoded_block(m) -> tuple[Sequence[int], Sequence[float]]:
    """The current block of a Whoosh 3 posting matcher as (docnums, weights), from its unpickled data.

    Whoosh's ``_read_ids`` rebuilds the ids from their deltas through a
    Python generator and ``_read_weights`` fills an array from another: on a
    fresh reader's first long question that was a third of the time spent
    decoding postings. ``accumulate`` and a repeated tuple do the same in C.
    """
    if m._data is None:
        m._read_data()
    deltas, weights, _ = m._data
    ids = tuple(accumulate(deltas))
    if weights is None:
        return ids, (1.0,) * len(ids)
    if isinstance(weights, float):
        return ids, (weights,) * len(ids)
    return ids, weights


def term_positions(reader, fieldname: str, text: str, docs: Sequence[int]) -> dict[int, Sequence[int]]:
    """A term's positions in each of ``docs`` (ascending, local to the segment) that holds it.

    Whoosh's matcher steps a posting at a time (``skip_to``, then ``value_as``
    per document: several method calls and a block check each). Here a block
    whose last document is before the next wanted one is skipped on its
    header alone, and a block holding wanted documents is decoded once, ids
    and values together; only the wanted documents' positions are unpickled.
    An inlined term (Whoosh's list matcher) is one such block.

    Equal values are decoded once and share their list (not to be modified): a pair
    stands at one of a few positions in most paragraphs, and verifying a common
    phrase on a fresh reader decoded tens of thousands of them.
    """
    if not docs:
        return {}
    try:
        m = _postings(reader, fieldname, text)
    except TermNotFound:
        return {}
    fmt = reader.schema[fieldname].format
    decode = _decode_positions if type(fmt) is Positions else fmt.decoder("positions")
    wanted = set(docs)
    out: dict[int, Sequence[int]] = {}
    seen: dict[bytes, Sequence[int]] = {}
    if type(m) is ListMatcher:
        _wanted_positions(m._ids, m._values, wanted, decode, seen, out)
        return out
    if not isinstance(m, W3LeafMatcher):
        return _positions_one_by_one(m, docs)
    at, last = 0, len(docs)
    while m.is_active() and at < last:
        if m._maxid >= docs[at]:
            ids = _decoded_block(m)[0] if not m._byteids else (m._read_ids(), m._ids)[1]
            m._read_values()
            _wanted_positions(ids, m._values, wanted, decode, seen, out)
            at = bisect_right(docs, m._maxid, at)
        m._next_block()
    return out


def _wanted_positions(ids, values, wanted: set[int], decode, seen: dict, out: dict) -> None:
    """Put in ``out`` the decoded positions of the ``wanted`` documents among ``ids``; ``seen``:
    the values decoded so far, each decoded once."""
    for d, value in zip(ids, values, strict=True):
        if d in wanted:
            found = seen.get(value)
            if found is None:
                found = seen[value] = decode(value)
            out[d] = found


def _decode_positions(value: bytes) -> list[int]:
    """Whoosh's ``Positions.decode_positions`` (a count, then the pickled deltas, its stop code
    trimmed), with the deltas summed in C: phrase verification decodes thousands on a first query."""
    return list(accumulate(loads(value[_COUNT:] if value.endswith(b".") else value[_COUNT:] + b".")))


_COUNT = 4  # the packed count before a Positions value's pickled deltas


def _positions_one_by_one(m, docs: Sequence[int]) -> dict[int, Sequence[int]]:
    """Positions through Whoosh's matcher protocol, for a matcher that is not Whoosh 3's."""
    out = {}
    for d in docs:
        if m.is_active() and m.id() < d:
            m.skip_to(d)
        if not m.is_active():
            break
        if m.id() == d:
            out[d] = m.value_as("positions")
    return out


class _PositionalFile(StructFile):
    """A Whoosh file whose ``get`` (read at a position) is one ``pread``: no seek, no buffer refill."""

    def get(self, position: int, length: int) -> bytes:
        return os.pread(self._fd, length, position)


class PositionalStorage(FileStorage):
    """An index folder whose files Whoosh's readers read at a position with ``pread``.

    Why: Whoosh's ``FileStorage`` answers every ``get`` (a term look-up
    makes five: a hash probe, the key compared, the row read) with a seek and
    a buffered read, which refills an 8 KB buffer from the file when the
    reads jump around, as a fresh reader's first query's do (thousands of
    them; profiled: a fifth of a long question's first query). One ``pread``
    of the bytes asked for halves a term look-up. Not a memory map: a map
    per searcher per thread would count every page it touched in the
    process's resident size. Sequential reads (``read``, ``read_pickle``)
    keep the buffered file; ``pread`` does not move its position.
    Writers keep Whoosh's own storage.
    """

    def open_file(self, name, **kwargs):
        f = super().open_file(name, **kwargs)
        positional = _PositionalFile(f.file, name=name, **kwargs)
        positional._fd = f.file.fileno()
        return positional


def open_reader(ix, previous=None):
    """A reader of the index's latest commit, reusing ``previous``'s unchanged segment readers.

    A segment reader is reused only when its segment id and its deletions
    are both unchanged; segments no longer in the table of contents are left
    out (``refresh()`` keeps them). ``previous`` and its other segment readers
    are not closed: a search running in the same thread may still hold them
    (the page reads the metadata, which may open the next commit, while it
    searches); they are released with the last searcher that uses them.
    """
    toc = TOC.read(ix.storage, ix.indexname, schema=ix._schema)
    reusable = {}
    if previous is not None:
        for leaf, _ in previous.leaf_readers():
            if leaf.segment() is not None:
                reusable[segment_key(leaf.segment())] = leaf
    readers, opened = [], []
    try:
        for segment in toc.segments:
            leaf = reusable.pop(segment_key(segment), None)
            if leaf is None:
                leaf = SegmentReader(ix.storage, toc.schema, segment)
                _derive_twins(leaf)
                opened.append(leaf)
            readers.append(leaf)
    except BaseException:
        for leaf in opened:
            leaf.close()
        raise
    # Always a MultiReader, even over one segment: it carries this commit's
    # generation (a reused segment reader carries the one it was opened at).
    return MultiReader(readers, generation=toc.generation)


def _derive_twins(leaf) -> None:
    """Make Whoosh's own look-ups in the segment's term table (its searcher's, the tests' oracle)
    find the accent-free pairs the segment left out, as :func:`term_row` does."""
    tindex = leaf._terms._tindex
    if type(tindex) is filetables.OrderedHashReader:
        tindex.__class__ = _twin_hash_reader()
        tindex.nghiquyet_leaf = leaf


@functools.cache
def _twin_hash_reader() -> type:
    class TwinHashReader(filetables.OrderedHashReader):
        """Whoosh's term table reader; a key it lacks that is a left-out accent-free pair reads
        as its accented source's."""

        def ranges_for_key(self, key):
            found = False
            for item in super().ranges_for_key(key):
                found = True
                yield item
            if found or len(key) <= 2:
                return
            leaf = self.nghiquyet_leaf
            names = leaf._terms._fieldunmap
            fieldname = names[int.from_bytes(key[:2], "big")] if int.from_bytes(key[:2], "big") < len(names) else None
            if fieldname is None or fieldname not in leaf.schema:
                return
            tbytes = key[2:]
            source = _twin_source(leaf, fieldname, tbytes)
            if source is not None:
                yield from super().ranges_for_key(leaf._terms._keycoder(fieldname, source.encode("utf-8")))

    return TwinHashReader


def writer_generation(writer) -> int:
    """The generation (table of contents number) ``writer.commit()`` will publish."""
    return writer.generation


LENGTHS = tuple(float(byte_to_length(v)) for v in range(256))  # the field length each stored byte stands for


class SegmentView:
    """One segment as the search side reads it: the reader interface's segment.

    The search side (:mod:`indexer.searching`) never holds a Whoosh object: it
    asks a segment for its identity (``key``: id and deletions), its size, its
    deleted paragraphs, a term's postings (decoded blocks, or positions) and a
    field's length bytes. Document numbers are local to the segment;
    ``offset`` places them in the searcher's numbering.
    """

    __slots__ = ("_leaf", "_sidecars", "deleted", "key", "offset", "size")

    LENGTHS = LENGTHS

    def __init__(self, leaf, offset: int):
        self._leaf = leaf
        self.offset = offset
        self.size = leaf.doc_count_all()
        self.key = segment_key(leaf.segment())
        self.deleted = deleted_docs(leaf.segment())
        self._sidecars: dict[str, str | None] = {}

    def doc_frequency(self, fieldname: str, text: str) -> int:
        """Paragraphs holding the term, deleted ones included (the segment's term info, :func:`term_row`)."""
        return doc_frequency(self._leaf, fieldname, text)

    def extent(self, fieldname: str, text: str) -> tuple[int, int, int, float] | None:
        """The term's document frequency, first and last docnum and highest frequency (:func:`term_extent`)."""
        return term_extent(self._leaf, fieldname, text)

    def blocks(self, fieldname: str, text: str) -> Iterator[tuple[Sequence[int], Sequence[float]]]:
        """The term's postings as (docnums, frequencies) per block (:func:`posting_blocks`)."""
        return posting_blocks(self._leaf, fieldname, text)

    def lengths(self, fieldname: str) -> bytes:
        """The field's length byte of every paragraph (:func:`length_column`)."""
        return length_column(self._leaf, fieldname)

    def positions(self, fieldname: str, text: str, docs: Sequence[int]) -> dict[int, Sequence[int]]:
        """The term's positions in each of ``docs`` (ascending) that holds it (:func:`term_positions`)."""
        return term_positions(self._leaf, fieldname, text, docs)

    def sidecar(self, ext: str) -> str | None:
        """The path of the segment's file ending ``ext`` (Whoosh deletes it with the segment), or None
        when the segment is not in a folder (compound or in-memory storage). Remembered: asked for
        every term of every segment."""
        path = self._sidecars.get(ext, _UNREAD)
        if path is _UNREAD:
            path = self._sidecars[ext] = sidecar_path(self._leaf, ext)
        return path


class LiveSearcher:
    """The reader interface's searcher over a Whoosh reader, with statistics that leave deleted paragraphs out.

    ``stats`` (an :class:`indexer.searching.scoring.LiveStats`) answers document
    frequencies and average field lengths over the paragraphs not deleted, so
    that ranking after an update equals ranking after a fresh build.

    Not Whoosh's ``Searcher``: the engine never asks for Whoosh's queries,
    collectors or highlights, and importing ``whoosh.searching`` (with its
    query, scoring and highlighting modules) was a tenth of a cold command
    line search. :func:`whoosh_searcher` gives Whoosh's own searcher with the
    same statistics, for the tests that hold our counts and scores equal to
    Whoosh's.
    """

    def __init__(self, reader, stats, fromindex=None):
        self.stats = stats
        self.schema = reader.schema
        self._reader = reader
        self._ix = fromindex
        self._doc_count_all = reader.doc_count_all()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        self._reader.close()

    def reader(self):
        """The Whoosh reader searched (a ``MultiReader`` carrying the commit's generation)."""
        return self._reader

    def up_to_date(self) -> bool:
        """Whether the index has no commit newer than the one searched (Whoosh's ``Searcher.up_to_date``)."""
        return self._ix.latest_generation() == self._reader.generation()

    def segments(self) -> list[SegmentView]:
        """The segments searched, in docnum order (the reader interface; made once per searcher)."""
        views = self.__dict__.get("_nghiquyet_segments")
        if views is None:
            views = self._nghiquyet_segments = [
                SegmentView(leaf, offset) for leaf, offset in self.reader().leaf_readers()
            ]
        return views

    def version(self) -> int:
        """The commit searched (Whoosh's generation of the table of contents)."""
        return self.reader().generation()

    def doc_count(self) -> int:
        return self._reader.doc_count()

    def doc_count_all(self) -> int:
        return self._doc_count_all

    def doc_frequency(self, fieldname: str, text) -> int:
        return self.stats.doc_frequency(self, fieldname, text)

    def avg_field_length(self, fieldname: str, default=None):
        if not self.schema[fieldname].scorable:
            return default
        return self.stats.avg_field_length(self, fieldname)

    def stored_fields(self, docnum: int) -> dict:
        read = self._reader.stored_fields
        return with_defaults(read(docnum), docnum, read)

    def place(self, docnum: int) -> tuple[str, int]:
        """The paragraph's document and number: from its segment's places (:mod:`indexer.index.places`,
        in the ``.bits`` file), else read as stored (a shared section is not fetched from the
        paragraph holding it). Ordering a query's tied partial matches asks hundreds of places
        on a fresh reader."""
        starts = self.__dict__.get("_nghiquyet_starts")
        if starts is None:
            starts = self._nghiquyet_starts = [segment.offset for segment in self.segments()]
        segment = self.segments()[bisect_right(starts, docnum) - 1]
        found = termbits.place(segment, docnum - segment.offset)
        if found is not None:
            return found
        stored = self._reader.stored_fields(docnum)
        return stored["doc_id"], stored.get("paragraph") or 0

    def lexicon(self, fieldname: str):
        """The field's terms, sorted (Whoosh's ``lexicon``, read as :func:`lexicon` does)."""
        return lexicon(self._reader, fieldname)

    def documents(self, **terms: str) -> Iterator[dict]:
        """The stored fields of the paragraphs not deleted holding every given term, in docnum order
        (Whoosh's ``Searcher.documents``, read from the segments' postings instead of a query)."""
        if not terms:
            return map(self.stored_fields, self._reader.all_doc_ids())
        found = None
        for fieldname, text in terms.items():
            docs = {
                segment.offset + d
                for segment in self.segments()
                for ids, _ in segment.blocks(fieldname, text)
                for d in ids
                if d not in segment.deleted
            }
            found = docs if found is None else found & docs
        return (self.stored_fields(d) for d in sorted(found))


def whoosh_searcher(reader, stats, **kwargs):
    """Whoosh's own ``Searcher`` over ``reader`` with :class:`LiveSearcher`'s statistics and segments.

    The oracle of the differential tests: Whoosh's matchers and BM25F scorer
    over the same statistics the engine uses. Imports ``whoosh.searching`` when
    first called; the engine never does.
    """
    return _whoosh_live_searcher()(reader, stats, **kwargs)


@functools.cache
def _whoosh_live_searcher() -> type:
    from whoosh.searching import Searcher  # noqa: PLC0415 - the tests' oracle only

    class WhooshLiveSearcher(Searcher):
        """Whoosh's ``Searcher`` copies ``doc_frequency`` from its reader onto itself in ``__init__``: replaced."""

        segments = LiveSearcher.segments
        version = LiveSearcher.version

        def __init__(self, reader, stats, **kwargs):
            self.stats = stats
            super().__init__(reader, **kwargs)
            if self.parent is None:
                self.doc_frequency = self._live_doc_frequency

        def _subsearcher(self, reader):
            return self.__class__(reader, self.stats, fromindex=self._ix, weighting=self.weighting, parent=self)

        def _live_doc_frequency(self, fieldname: str, text) -> int:
            return self.stats.doc_frequency(self, fieldname, text)

        def avg_field_length(self, fieldname: str, default=None):
            parent = self.get_parent()
            if not parent.schema[fieldname].scorable:
                return default
            return self.stats.avg_field_length(parent, fieldname)

    return WhooshLiveSearcher


def check() -> list[str]:
    """What this module relies on that the installed Whoosh no longer does (empty when all holds).

    Builds a small index in memory with the shapes the engine meets (a
    segment whose last document lacks a field, deletions, a second commit)
    and compares every private read above with Whoosh's public answer.
    """
    problems = []
    if whoosh.versionstring() != PINNED:
        installed = whoosh.versionstring()
        problems.append(f"whoosh {installed} is installed; indexer.index.whoosh_internals was written for {PINNED}")
    try:
        problems += _check_on_a_small_index()
    except Exception as exc:  # an attribute gone, a signature changed: name it
        problems.append(f"{type(exc).__name__}: {exc}")
    return problems


def _check_on_a_small_index() -> list[str]:
    from whoosh.fields import ID, TEXT, Schema  # noqa: PLC0415 - only when checking
    from whoosh.filedb.filestore import RamStorage  # noqa: PLC0415

    problems = []
    ix = RamStorage().create_index(Schema(key=ID(stored=True), a=TEXT, b=TEXT))
    with ix.writer() as w:
        for i in range(300):
            w.add_document(key=str(i), a="xx " * (i % 7 + 1) + "yy", **({"b": "zz"} if i < 200 else {}))
    first = open_reader(ix)
    leaf = first.leaf_readers()[0][0]
    lengths = length_column(leaf, "b")
    if len(lengths) != leaf.doc_count_all():
        problems.append("length_column: a short column is not padded to the segment")
    public = [leaf.doc_field_length(d, "a", 0) or 0 for d in range(leaf.doc_count_all())]
    if [byte_to_length(v) for v in length_column(leaf, "a")] != public:
        problems.append("length_column disagrees with SegmentReader.doc_field_length")
    with ix.writer() as w:
        w.delete_by_term("key", "3")
    second = open_reader(ix, first)
    leaf2 = second.leaf_readers()[0][0]
    if leaf2 is leaf or segment_key(leaf2.segment()) == segment_key(leaf.segment()):
        problems.append("open_reader reused a segment reader whose deletions changed")
    if deleted_docs(leaf2.segment()) != {3}:
        problems.append("deleted_docs does not report the deleted document")
    blocks = [(list(ids), list(ws)) for ids, ws in posting_blocks(leaf2, "a", "xx")]
    ids = [d for i, _ in blocks for d in i]
    weights = [w for _, ws in blocks for w in ws]
    if ids != list(range(300)) or weights != [float(i % 7 + 1) for i in range(300)]:
        problems.append("posting_blocks disagrees with the postings written")
    public_positions = {}
    m = leaf2.postings("a", "xx")
    while m.is_active():
        if m.id() in (0, 5, 130, 299):
            public_positions[m.id()] = m.value_as("positions")
        m.next()
    problems += _check_terms(leaf2, second)
    if term_positions(leaf2, "a", "xx", [0, 5, 130, 299]) != public_positions:
        problems.append("term_positions disagrees with the matcher's positions")
    third = open_reader(ix, second)
    if third.leaf_readers()[0][0] is not leaf2 or third.generation() != second.generation():
        problems.append("open_reader did not reuse an unchanged segment reader")
    problems += _check_block_stored(Schema(key=ID(stored=True), a=TEXT(stored=True)))
    return problems


def _check_block_stored(schema) -> list[str]:
    """:class:`BlockStoredCodec`'s stored fields against Whoosh's codec's, on the same documents."""
    from whoosh.filedb.filestore import RamStorage  # noqa: PLC0415 - only when checking

    stored = []
    for codec in (None, BlockStoredCodec(stored_block=8)):
        ix = RamStorage().create_index(schema)
        with ix.writer(codec=codec) as w:
            for i in range(50):
                w.add_document(key=str(i), **({"a": "đoạn " * i} if i % 4 else {}))
        with ix.searcher() as s:
            stored.append([s.stored_fields(d) for d in range(s.doc_count_all())])
    return [] if stored[0] == stored[1] else ["BlockStoredCodec stores other fields than Whoosh's codec"]


def _check_terms(leaf, reader) -> list[str]:
    """The term rows and term lists read here against Whoosh's public answers."""
    problems = []
    for fieldname, text in (("a", "xx"), ("a", "yy"), ("b", "zz"), ("a", "zz"), ("key", "7"), ("key", "nothing")):
        if doc_frequency(leaf, fieldname, text) != leaf.doc_frequency(fieldname, text):
            problems.append(f"doc_frequency disagrees with SegmentReader.doc_frequency for {fieldname}:{text}")
    for fieldname in ("a", "b", "key"):
        if lexicon(reader, fieldname) != list(reader.lexicon(fieldname)):
            problems.append(f"lexicon disagrees with MultiReader.lexicon for {fieldname}")
    return problems
