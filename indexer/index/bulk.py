"""A Whoosh segment writer that gathers each term's postings in memory and writes them in bulk.

Why: Whoosh's own writer sends every posting of every paragraph through its
posting pool (a pickled tuple per posting, sorted in runs, merged back), then
hands them one by one to the codec, which reads the paragraph's field length
back from disk for each one. At 10^4 paragraphs that is most of a build's time
(profiled: pool, merge and per-posting writing take 55 % of it; pyvi 18 %).

Here each paragraph's fields are analysed by the schema's own analyzers (so
the terms are exactly those Whoosh's writer would produce) into one flat
``array`` per term, and at commit every term's postings are cut into Whoosh's
blocks of 128 and written with Whoosh's own block writer: the files, the
table of contents, the segments, deletions and merging are Whoosh's, and
Whoosh's searcher reads the index unchanged (a test holds the two writers'
postings equal).

Postings that do not fit the fast path (a merge of old segments during an
update, fields of other formats) go through Whoosh's pool as before.
"""

from __future__ import annotations

import contextlib
import gc
import io
import pickle
import queue
import signal
import zlib
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from functools import lru_cache, partial
from hashlib import blake2b
from operator import itemgetter
from struct import Struct

from whoosh import formats
from whoosh.fields import ID
from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util import random_name
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.util.numlists import delta_encode
from whoosh.writing import PostingPool, SegmentWriter

from analyzers.whoosh_analysis import pair_forms, term_positions
from indexer.errors import NghiquyetError
from indexer.index import folded_pairs, places, termbits
from indexer.index.schema import CompactPositions, Counts, encode_positions
from indexer.index.stored import SectionRuns
from indexer.index.whoosh_internals import (
    BLOCK_MAGIC,
    BlockStoredCodec,
    TermInfo,
    TermRows,
    compact_hash_tables,
    has_lengths,
    twin_postings,
)

BLOCK = 128  # postings per block: Whoosh 3's default block limit
INLINE = 4  # a term in this many paragraphs or fewer keeps its postings in its term row (no block)
# What the postings held in memory cost, measured on a writer process about to write its segment
# (RSS less the ~110 MB of pyvi and the interpreter): legal text, 4.2 M postings of 172 k terms,
# ~37 bytes a posting; random tokens (a base64 blob pasted into a resolution), 1.2 M postings of
# 1.18 M terms, ~380 bytes a term, and ~130 more while the segment's term table is written (the
# hash table keeps an offset and a (hash, offset) pair per term until it closes). Counting postings
# alone let a file of distinct tokens hold 3.5x its budget (1.4 GB for 20 MB of base64): a new
# term is charged its key, its dict entry, its array and its row in the table.
BYTES_PER_POSTING = 40
BYTES_PER_TERM = 512
_UINTS = {}
_INDEXED_CACHE = 4096  # (id field, value) postings kept by a writer; most are one document's doc_id
SHARED_POSTINGS = 24  # flat postings up to this long are looked for among other terms' (see _write_field)
_new_postings = partial(array, "I")  # a term's flat postings, begun when the term is first met
_TERM_ROW = TermInfo._struct  # flags, total weight, doc freq, min/max length bytes, max weight, first/last id


def _pack_uints(values) -> bytes:
    """Frequencies as Whoosh's Frequency format stores them: big-endian uint32 each, joined."""
    n = len(values)
    packer = _UINTS.get(n)
    if packer is None:
        packer = _UINTS[n] = Struct(f"!{n}I")
    return packer.pack(*values)


class _Pickler:
    """Pickles with protocol 3 and no memo: what Whoosh's ``loads`` reads back unchanged.

    Why not Whoosh's ``dumps(obj, 2)``: protocol 2 writes each ``bytes`` value
    (a posting's encoded positions, a block's frequencies) as a call to
    ``_codecs.encode`` on a latin-1 string, and the memo adds a ``PUT`` per
    tuple and value; posting blocks were 41 % smaller without both. The
    2-byte ``PROTO`` header is left out too (the unpickler reads any
    protocol's opcodes without it): a rare term's row is mostly this pickle.
    """

    def __init__(self):
        self._buf = io.BytesIO()
        self._pickler = pickle.Pickler(self._buf, 3)
        self._pickler.fast = True  # no memo: nothing here is shared or recursive

    def __call__(self, obj) -> bytes:
        buf = self._buf  # reused: making a Pickler costs 3 µs, pickling a term row under 1 µs
        buf.seek(0)
        buf.truncate()
        self._pickler.dump(obj)
        return buf.getvalue()[_PROTO_HEADER:]


_PROTO_HEADER = 2  # PROTO and its protocol number, first in every pickle of protocol 2 or more


@contextlib.contextmanager
def fewer_collections(young: int = 50_000) -> Iterator[None]:
    """Run the block with the objects that exist frozen and young collections rarer; restore both after.

    Why: indexing allocates millions of small, short-lived, acyclic objects
    (tokens, term lists) while the process holds large long-lived ones (the
    schema, pyvi's model and word lists, the postings gathered so far). With
    Python's default thresholds the collector runs every 700 allocations and
    its older generations walk all of that again and again: measured on the
    1 MB one-paragraph slice, the analysis took 35-40 % less CPU with this on,
    the same output.
    """
    old = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(young, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*old)
        gc.unfreeze()


class _TwinsWrittenBack:
    """A Whoosh writer whose merge of an old segment writes back the accent-free pairs it left out.

    Whoosh merges through its pool (``add_reader``), listing the old segment's terms: a twin the
    bulk writer left out (:mod:`indexer.index.folded_pairs`) would be lost, and the merged
    segment has no table to derive it from. Mixed into both bulk writers.
    """

    def add_postings_to_pool(self, reader, startdoc, docmap):
        super().add_postings_to_pool(reader, startdoc, docmap)
        add = self.pool.add
        for item in self._process_posts(twin_postings(reader), startdoc, docmap):
            add(item)


class BulkSegmentWriter(_TwinsWrittenBack, SegmentWriter):
    """Whoosh's ``SegmentWriter`` with postings kept per term and written in bulk at commit."""

    def __init__(
        self,
        ix,
        limitmb: int = 128,
        budget: int | None = None,
        bits_min_df: int | None = None,
        **kwargs,
    ):
        kwargs.setdefault("codec", BlockStoredCodec())  # stored fields compressed in blocks
        super().__init__(ix, limitmb=limitmb, **kwargs)
        self._limitmb = limitmb
        self._bits_min_df = termbits.MIN_DF if bits_min_df is None else bits_min_df
        # Bytes of postings and terms held in memory before the segment is written and a new one begun.
        self._budget = budget or limitmb * 2**20
        self._held = 0
        self._done: list = []  # segments already written by this writer
        # field -> term -> flat array: Frequency fields hold (docnum, freq) pairs,
        # Positions fields (docnum, n, pos_1 … pos_n) runs.
        self._terms: dict[str, dict[str, array]] = {}
        self._lengths: dict[str, dict[int, int]] = defaultdict(dict)  # field -> docnum -> length
        self._kinds: dict[str, str] = {}
        self._analyse: dict[str, Callable[[str], list[tuple[str, int]]]] = {}
        self._slow = False  # postings also went through Whoosh's pool (a merge)
        # A section stored once per run of paragraphs under it, and again where a run enters a stored block.
        self._sections = SectionRuns(
            self.codec.stored_column().block if isinstance(self.codec, BlockStoredCodec) else None
        )
        self._accents = folded_pairs.Accents()  # the segment's syllables, for the pair twins left out
        self._pair_forms: dict[str, Callable] = {}
        self._indexed: dict[tuple[str, str], tuple] = {}  # (id field, value) -> its postings (_index_other)
        self._places = places.Runs()  # each paragraph's document and number, for the .bits file
        compact_hash_tables(self.fieldwriter)
        for name, field in self.schema.items():
            kind = _fast_kind(field)
            if kind:
                self._kinds[name] = kind
                self._terms[name] = defaultdict(_new_postings)
                self._analyse[name] = _analysis(field)
                forms = pair_forms(field.analyzer)
                if forms is not None:
                    self._pair_forms[name] = forms

    def warm_up(self) -> None:
        """Run each field's analysis once on a short text, so a writer process loads what the
        analysis needs (pyvi's model: a second) while its parent is still reading files."""
        for analyse in self._analyse.values():
            analyse("Khởi động phân tích văn bản.")

    def add_reader(self, reader):
        """A merge of an old segment (update): its postings go through Whoosh's pool."""
        self._slow = True
        self._sections.reset()  # its paragraphs come between: no section is shared across them
        super().add_reader(reader)

    def add_document(self, **fields):
        self._check_state()
        if self._held >= self._budget and not self._slow:
            self._roll()
        schema = self.schema
        kinds = self._kinds
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        if self._doc_boost(fields) != 1.0 or any(f"_{n}_boost" in fields for n in fieldnames):
            raise ValueError("boosts are not supported by the bulk writer")
        docnum = self.docnum
        fields = self._sections.shared(fields, docnum)
        pdw = self.perdocwriter
        pdw.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                kind = kinds.get(fieldname)
                if kind is not None and not isinstance(value, str):
                    self._slow, kind = True, None  # pre-tokenised values: Whoosh's own path for the whole segment
                if kind is not None:
                    length = self._index_fast(fieldname, field, kind, value, docnum)
                elif field.indexed:
                    for tbytes, freq, weight, vbytes in self._index_other(fieldname, field, value):
                        if field.scorable:
                            length += freq
                        self.pool.add((fieldname, tbytes, docnum, weight, vbytes))
                customval = fields.get(f"_stored_{fieldname}", value)
                pdw.add_field(fieldname, field, customval if field.stored else None, length)
                column = field.column_type
                if column and customval is not None:
                    pdw.add_column_value(fieldname, column, field.to_column_value(customval))
        except Exception:
            pdw.cancel_doc()
            raise
        pdw.finish_doc()
        self._places.add(docnum, fields.get("doc_id"), fields.get("paragraph"))
        self._added = True
        self.docnum += 1

    def _index_other(self, fieldname: str, field, value) -> tuple:
        """``field.index(value)``'s postings for a field the bulk path does not write (ids, type, year).

        Why a cache: an id field's value is the same for every paragraph of a document (its
        ``doc_id``) or for most of the corpus (``kind``, ``year``), and Whoosh's analysis of it (a
        token object, a tokenizer and a format per call) cost more than the postings it gives.
        Only Whoosh's ``ID`` fields are cached: their analysis is the value itself, whatever else
        is going on."""
        if type(field) is not ID or not isinstance(value, str):
            return tuple(field.index(value))
        key = (fieldname, value)
        found = self._indexed.get(key)
        if found is None:
            if len(self._indexed) >= _INDEXED_CACHE:
                self._indexed.clear()
            found = self._indexed[key] = tuple(field.index(value))
        return found

    def _index_fast(self, fieldname: str, field, kind: str, value: str, docnum: int) -> int:
        terms = self._terms[fieldname]
        known = len(terms)
        forms = self._pair_forms.get(fieldname)
        if forms is not None:
            self._accents.add(forms(value))
        if kind == "freq":
            length, counts = _frequencies(self._analyse[fieldname](value))
            self._held += len(counts) * BYTES_PER_POSTING
            for text, freq in counts.items():
                terms[text].extend((docnum, freq))
        else:
            length, poses = _positions(self._analyse[fieldname](value))
            self._held += len(poses) * BYTES_PER_POSTING
            for text, plist in poses.items():
                if len(plist) == 1:
                    terms[text].extend((docnum, 1, plist[0]))
                else:
                    terms[text].extend((docnum, len(plist), *plist))
        self._held += (len(terms) - known) * BYTES_PER_TERM
        if field.scorable and length:
            self._lengths[fieldname][docnum] = length
        return length if field.scorable else 0

    def _roll(self) -> None:
        """Write the segment so far and begin a new one: memory stays bounded by ``limitmb``.

        Whoosh's pool spills to disk and merges back per posting; a finished
        segment costs nothing more than one more segment for readers.
        """
        self._done.append(self._finalize_segment())
        self.newsegment = self.codec.new_segment(self.storage, self.indexname)
        self.docnum = self.docbase = 0
        self._sections.reset()
        self._accents = folded_pairs.Accents()
        self.pool = PostingPool(self._tempstorage, self.newsegment, limitmb=self._limitmb)
        self.perdocwriter = self.codec.per_document_writer(self.storage, self.newsegment)
        self.fieldwriter = self.codec.field_writer(self.storage, self.newsegment)
        compact_hash_tables(self.fieldwriter)
        self._lengths = defaultdict(dict)
        self._places = places.Runs()
        self._held = 0

    def segments_written(self) -> list:
        """The segments this writer finished before its current one, in document order."""
        return list(self._done)

    def _commit_toc(self, segments):
        # The current segment (last) follows the ones rolled before it.
        if self._done:
            current = self.get_segment()
            at = next((i for i, seg in enumerate(segments) if seg is current), len(segments))
            segments = segments[:at] + self._done + segments[at:]
        super()._commit_toc(segments)

    def _flush_segment(self):
        if self._slow:
            self._to_pool()
            super()._flush_segment()
            return
        self.perdocwriter.close()
        pdr = self.per_document_reader()
        # The few postings of the other fields (ids, numbers) came through the pool, sorted.
        pooled: dict[str, list] = defaultdict(list)
        for fieldname, tbytes, docnum, weight, value in self.pool.iter_postings():
            pooled[fieldname].append((tbytes, docnum, weight, value))
        fw = self.fieldwriter
        bits = termbits.Writer(self.newsegment, self.storage, self._bits_min_df)
        bits.add_places(self._places.packed())
        extents: dict[bytes, tuple[int, int]] = {}  # a term whose blocks another term wrote points at them
        table = self._accents.table() if self._pair_forms else {}
        omitted: dict[str, str] = {}  # accent-free pair twins left out -> their source
        try:
            for fieldname in sorted(set(pooled) | {f for f, terms in self._terms.items() if terms}):
                field = self.schema[fieldname]
                fw.start_field(fieldname, field)
                if fieldname in pooled:
                    _write_pooled(fw, pooled[fieldname], fieldname, pdr)
                else:
                    omit = folded_pairs.left_out(self._terms[fieldname], table) if fieldname in self._pair_forms else {}
                    omitted.update(omit)
                    self._write_field(fw, fieldname, bits, extents, omit)
                fw.finish_field()
        finally:
            pdr.close()
        fw.close()
        bits.close()
        if omitted:
            folded_pairs.write(
                folded_pairs.Twins.of(table, omitted), partial(self.newsegment.create_file, self.storage)
            )

    def _write_field(self, fw, fieldname: str, bits: termbits.Writer, extents: dict, omit=()) -> None:
        """Write a field's terms; those in ``omit`` (accent-free pair twins a reader derives,
        :mod:`indexer.index.folded_pairs`) keep only their bitsets."""
        terms = self._terms[fieldname]
        lengths = self._lengths.get(fieldname, {})
        positional = self._kinds[fieldname] == "pos"
        size = self.docnum
        term_writer = _TermWriter(fw, extents)
        if lengths:
            bits.add_length_sum(fieldname, float(sum(_quantised(n) for n in lengths.values())))
        least = bits.min_df
        # Terms with the very same few postings get the very same block or inlined row: a
        # pair and its accent-free twin above all ("khu_công" and "~khu_cong"). Each is
        # made once, kept until its last term is written.
        repeats = Counter(
            flat.tobytes() for text, flat in terms.items() if len(flat) <= SHARED_POSTINGS and text not in omit
        )
        made: dict[bytes, tuple[bytes, bytes]] = {}
        for text in sorted(terms):  # code point order = UTF-8 byte order
            flat = terms[text]
            if text in omit:
                if len(flat) >= least * 2:  # a posting is two numbers at least: else too rare for bitsets
                    _add_bits(bits, fieldname, text, flat, positional, size)
                continue
            tbytes = text.encode("utf-8")
            if len(flat) <= SHARED_POSTINGS:
                key = flat.tobytes()
                block = made.get(key)
                if block is None:
                    if len(flat) == 3 and positional:  # one paragraph, one position: most pair terms
                        block = term_writer.small([flat[0]], [1], (_one_position(flat[2]),), lengths)
                    else:
                        block = term_writer.small(*_columns(flat, positional), lengths)
                left = repeats[key] - 1
                if left:
                    repeats[key] = left
                    made[key] = block
                else:
                    made.pop(key, None)
                term_writer.put(tbytes, *block)
                if least <= SHARED_POSTINGS:  # (only a test asks bitsets of so rare a term)
                    _add_bits(bits, fieldname, text, flat, positional, size)
                continue
            docs, freqs, values = _columns(flat, positional)
            term_writer.write(tbytes, docs, freqs, values, lengths)
            if len(docs) >= least:
                bits.add(fieldname, text, docs, freqs, size)
        term_writer.close()
        self._terms[fieldname] = defaultdict(_new_postings)

    def _to_pool(self) -> None:
        """Hand the in-memory postings to Whoosh's pool (used when a merge mixes in old segments)."""
        add = self.pool.add
        for fieldname, terms in self._terms.items():
            positional = self._kinds[fieldname] == "pos"
            for text, flat in terms.items():
                tbytes = text.encode("utf-8")
                for docnum, freq, values in _postings(flat, positional):
                    add((fieldname, tbytes, docnum, float(freq), values))
            terms.clear()


def _write_pooled(fw, postings: list, fieldname: str, pdr) -> None:
    """Write one field's pooled postings as Whoosh's ``FieldWriter.add_postings`` does."""
    last = None
    # A field without a lengths column (ids, numbers) has length 0 in every
    # document: asking per posting costs a file-exists call each (profiled: 6 %
    # of a build).
    measured = has_lengths(pdr, fieldname)
    for tbytes, docnum, weight, value in postings:
        if tbytes != last:
            if last is not None:
                fw.finish_term()
            fw.start_term(tbytes)
            last = tbytes
        fw.add(docnum, weight, value, pdr.doc_field_length(docnum, fieldname) if measured else 0)
    if last is not None:
        fw.finish_term()


def _fast_kind(field) -> str | None:
    """'freq' or 'pos' for the text fields the bulk path writes; None for the others."""
    fmt = field.format
    if not field.indexed or field.analyzer is None or getattr(fmt, "field_boost", 1.0) != 1.0:
        return None
    if field.separate_spelling() or field.vector:
        return None
    if type(fmt) in (formats.Frequency, Counts):
        return "freq"
    if type(fmt) is CompactPositions:
        return "pos"
    return None


def _postings(flat: array, positional: bool):
    """(docnum, frequency, encoded value) of a term's flat postings, in docnum order."""
    i, n = 0, len(flat)
    if not positional:
        for j in range(0, n, 2):
            yield flat[j], flat[j + 1], _pack_uints((flat[j + 1],))
        return
    while i < n:
        docnum, freq = flat[i], flat[i + 1]
        if freq == 1:
            yield docnum, 1, _one_position(flat[i + 2])
        else:
            yield docnum, freq, encode_positions(flat[i + 2 : i + 2 + freq])
        i += 2 + freq


def _add_bits(bits: termbits.Writer, fieldname: str, text: str, flat: array, positional: bool, size: int) -> None:
    """Give a term its bitsets if it is in enough paragraphs."""
    docs, freqs, _ = _columns(flat, positional)
    if len(docs) >= bits.min_df:
        bits.add(fieldname, text, docs, freqs, size)


@lru_cache(maxsize=1 << 16)
def _one_position(position: int) -> bytes:
    """A posting with a single position, encoded (most pair postings: positions repeat across paragraphs)."""
    return encode_positions((position,))


def _columns(flat: array, positional: bool) -> tuple:
    """A term's documents, frequencies and (positional fields) encoded positions, from its flat postings."""
    if not positional:
        return flat[0::2], flat[1::2], None
    docs, freqs, values = [], [], []
    i, n = 0, len(flat)
    while i < n:
        freq = flat[i + 1]
        docs.append(flat[i])
        freqs.append(freq)
        values.append(_one_position(flat[i + 2]) if freq == 1 else encode_positions(flat[i + 2 : i + 2 + freq]))
        i += 2 + freq
    return docs, freqs, values


@lru_cache(maxsize=4096)
def _quantised(length: int) -> int:
    """A field length as Whoosh's block statistics keep it (one byte, logarithmic)."""
    return byte_to_length(length_to_byte(length))


def _length_range(docs, lengths: dict) -> tuple[int | None, int]:
    """The shortest and longest quantised length among ``docs`` (None, 0 when none has one),
    as Whoosh 3 keeps them per block and per term row."""
    present = [lengths[d] for d in docs if d in lengths]
    if not present:
        return None, 0
    return _quantised(min(present)), _quantised(max(present))


class _TermWriter:
    """Writes a term's postings and its row of the term table as Whoosh 3's field writer does.

    Why not Whoosh's own ``start_term``/``add``/``finish_term``: most terms of
    a big build (pairs above all) have a few postings, and Whoosh's per-term
    bookkeeping (a block buffer, a term-info object filled block by block,
    half a dozen small writes) cost more than the posting data. This writes
    the same bytes: blocks of 128 postings, each the block header and
    Whoosh's pickled, zlib-compressed (ids, weights, values) tuple, the last
    one marked by a negative length; then the term's statistics and extent
    packed by ``W3TermInfo``. ``tests/test_bulk.py`` holds the result equal to
    Whoosh's own writer's, and Whoosh's searcher reads it.

    A term in ``INLINE`` paragraphs or fewer (most pair terms) gets no block:
    its postings are pickled into its term row, the inlined form of Whoosh 3's
    term info that Whoosh's reader reads as a list of postings
    (``W3Codec.postings_reader``). Whoosh-reloaded's own writer cannot write
    it (its ``set_inline`` is missing); the row's bytes are those
    ``W3TermInfo.to_bytes`` writes for an inlined term, with weights (whole
    frequencies) kept as ints and left out when all are 1, which Whoosh's list
    matcher reads as 1.0.
    """

    def __init__(self, fw, extents: dict[bytes, tuple[int, int]]):
        self._fw = fw
        self._postfile = fw._postfile
        self._rows = TermRows(fw._tindex)
        self._prefix = pack_ushort(fw._fieldid)
        self._compression = fw._codec._compression
        self._fixed = fw._format.fixed_value_size()
        self._offset = fw._postfile.tell()  # only this writes to the postings file while the field lasts
        self._pickled = _Pickler()
        self._extents = extents  # digest of a term's blocks -> where they were written, for the segment's fields

    def write(self, tbytes: bytes, docs: array, freqs: array, values: list[bytes] | None, lengths: dict) -> None:
        total = len(docs)
        if total <= BLOCK:
            self.put(tbytes, *self.small(docs, freqs, values, lengths))
            return
        info = TermInfo()
        chunks = [BLOCK_MAGIC]
        weight = 0.0
        minlength = None
        maxlength = 0
        maxweight = 0
        for at in range(0, total, BLOCK):
            block_docs = docs[at : at + BLOCK]
            block_freqs = freqs[at : at + BLOCK]
            weights = array("f", block_freqs)
            low, high = _length_range(block_docs, lengths)
            top = max(block_freqs)
            if values is None:
                block_values = None if self._fixed == 0 else _pack_uints(block_freqs)
            else:
                block_values = self._mini_values(values[at : at + BLOCK])
            chunks.append(self._block(block_docs, weights, block_values, top, low, high, at + BLOCK >= total))
            # W3TermInfo.add_block, in the same order of operations.
            weight += sum(weights)
            minlength = low if minlength is None else min(minlength, low)
            maxlength = max(maxlength, high)
            maxweight = max(maxweight, top)
        start, length = self._place(b"".join(chunks))
        info._weight = weight
        info._df = total
        info._minlength = minlength
        info._maxlength = maxlength
        info._maxweight = maxweight
        info._minid = docs[0]
        info._maxid = docs[-1]
        info.set_extent(start, length)
        self._rows.add(self._prefix + tbytes, info.to_bytes())

    def small(self, docs, freqs, values, lengths: dict) -> tuple[bytes, bytes]:
        """A term of at most ``BLOCK`` postings, made ready for :meth:`put`: (its one posting
        block, its statistics as ``W3TermInfo.to_bytes`` packs them) — or, in ``INLINE``
        paragraphs or fewer, (no block, its whole inlined row). The same bytes :meth:`write`'s
        general path writes, none of its per-block bookkeeping: most terms of a big build,
        pairs above all, have a posting or two."""
        n = len(docs)
        if n <= INLINE:
            return b"", self._inlined(docs, freqs, values, lengths)
        low, high = _length_range(docs, lengths)
        top = max(freqs)
        if values is None:
            block_values = None if self._fixed == 0 else _pack_uints(freqs)
        else:
            block_values = self._mini_values(values)
        data = BLOCK_MAGIC + self._block(docs, array("f", freqs), block_values, top, low, high, True)
        stats = _TERM_ROW.pack(
            False, float(sum(freqs)), n, length_to_byte(low), length_to_byte(high), top, docs[0], docs[-1]
        )
        return data, stats

    def put(self, tbytes: bytes, data: bytes, stats: bytes) -> None:
        """Write a term made by :meth:`small`: its block and its row (statistics, then extent),
        or its inlined row alone."""
        if not data:
            self._rows.add(self._prefix + tbytes, stats)
            return
        start, length = self._place(data)
        self._rows.add(self._prefix + tbytes, stats + pack_long(start) + pack_int(length))

    def _place(self, data: bytes) -> tuple[int, int]:
        """Write a term's posting blocks, or find the very same bytes already written for another
        term of the field: (offset, length) either way.

        Why: a pair and its accent-free twin ("phát_triển" and "~phat_trien") mostly hold the
        same postings, block for block, and so do a syllable without accents in ``syl`` and
        ``fold``; Whoosh's reader reads a term's blocks by the offset and length in its row, so
        two rows may point at one copy, across the segment's fields."""
        digest = blake2b(data, digest_size=16).digest()
        found = self._extents.get(digest)
        if found is not None:
            return found
        start = self._offset
        self._postfile.write(data)
        self._offset += len(data)
        self._extents[digest] = (start, len(data))
        return start, len(data)

    def close(self) -> None:
        """The field's terms are written: the term table is Whoosh's again."""
        self._rows.close()

    def _inlined(self, docs: array, freqs: array, values: list[bytes] | None, lengths: dict) -> bytes:
        """The term row of a rare term, its postings inside (``W3TermInfo.to_bytes`` for an inlined term)."""
        low, high = _length_range(docs, lengths)
        weights = None if all(f == 1 for f in freqs) else tuple(freqs)
        if values is None:  # no value is None per posting, as Whoosh's blocks give it (a merge pools it)
            values = (None,) * len(freqs) if self._fixed == 0 else [_pack_uints((f,)) for f in freqs]
        head = _TERM_ROW.pack(
            1,
            float(sum(freqs)),
            len(docs),
            0 if low is None else length_to_byte(low),
            length_to_byte(high),
            float(max(freqs)),
            docs[0],
            docs[-1],
        )
        return head + self._pickled((tuple(docs), weights, tuple(values)))

    def _mini_values(self, values: list[bytes]):
        fixed = self._fixed
        if fixed is None or fixed < 0:
            return tuple(values)
        if fixed == 0:
            return None
        return b"".join(values)

    def _block(self, ids: array, weights: array, values, top: int, low, high, last: bool) -> bytes:
        """``W3PostingsWriter._write_block``'s bytes for one block (header magic excluded), with
        varying weights (whole frequencies: the writer takes no boosts) pickled as ints, two bytes
        each instead of a float's nine; Whoosh's matcher hands them on as they are, as it does an
        inlined term's."""
        if all(w == 1.0 for w in weights):
            mini_weights = None
        elif all(w == weights[0] for w in weights):
            mini_weights = weights[0]
        else:
            mini_weights = tuple(map(int, weights))
        databytes = self._pickled((tuple(delta_encode(ids)), mini_weights, values))
        comp = self._compression
        if comp:
            databytes = zlib.compress(databytes, comp)
        infobytes = self._pickled((len(ids), ids[-1], top, comp, length_to_byte(low), length_to_byte(high)))
        length = len(infobytes) + len(databytes)
        return pack_int(-length if last else length) + infobytes + databytes


def _die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (a writer whose
    parent was killed would otherwise wait on its job queue for ever), and
    leave Ctrl+C to the parent: a terminal sends it to every process of the
    group, and the parent alone decides what an interrupted build leaves (it
    stops its writers, keeps the last good index and says one line)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        import ctypes  # noqa: PLC0415

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class _BulkTask(SubWriterTask):
    """Whoosh's writer process, writing its segment with :class:`BulkSegmentWriter`.

    A failure is handed back as one line naming the paragraph (the parent stops the build on it):
    a process that died quietly took every paragraph it held with it, and the index came out
    short with nothing said."""

    def run(self):
        _die_with_parent()
        try:
            with fewer_collections():
                self._run()
        except Exception as exc:  # any failure is this build's: the parent tells it
            self.resultqueue.put((_FAILED, _failure_line(exc), None), timeout=5)
            raise SystemExit(1) from None

    def _run(self) -> None:
        ix = self.storage.open_index(self.indexname)
        writer = self.writer = BulkSegmentWriter(ix, _lk=False, **self.kwargs)
        writer.warm_up()
        while self.running:
            jobinfo = self.jobqueue.get()
            if jobinfo is None:
                break
            self._process_file(*jobinfo)
        if not self.running:
            writer.cancel()
            return
        segments = [*writer.segments_written(), writer._finalize_segment()]
        self.resultqueue.put((None, writer.pool.fieldnames, segments), timeout=5)

    def _process_file(self, filename: str, doc_count: int) -> None:
        """Whoosh's job loop, naming the paragraph whose indexing failed."""
        tempstorage = self.writer.temp_storage()
        with tempstorage.open_file(filename).raw_file() as f:
            batch = pickle.load(f)  # the whole job in one pickle (ParallelBulkWriter._enqueue)
        if len(batch) != doc_count:
            raise _ParagraphFailed(f"job {filename} holds {len(batch)} paragraphs, not {doc_count}")
        for _code, args in batch:
            try:
                self.writer.add_document(**args)
            except Exception as exc:
                where = f"{args.get('doc_id', '?')}, paragraph {args.get('paragraph', '?')}"
                raise _ParagraphFailed(f"{where}: {_failure_line(exc)}") from exc
        tempstorage.delete_file(filename)


_FAILED = "failed"


class _ParagraphFailed(Exception):
    """Indexing one paragraph failed; the message names it."""


def _failure_line(exc: BaseException) -> str:
    if isinstance(exc, _ParagraphFailed):
        return str(exc)
    return f"{type(exc).__name__}: {exc}".splitlines()[0][:300]


class ParallelBulkWriter(_TwinsWrittenBack, MpWriter):
    """One writer process per core, each writing its own segment in bulk (no final merge); the
    processes die with the parent, so ``kill -9`` leaves no orphan. (In this module, not apart:
    it is the bulk writer's, and keeping Whoosh to five modules keeps the wall narrow; the store
    imports it only when writing, so searching never imports ``multiprocessing``.)"""

    def __init__(self, ix, **kwargs):
        if not kwargs.get("multisegment"):
            raise ValueError("the bulk writer processes each write their own segment (multisegment=True)")
        kwargs.setdefault("codec", BlockStoredCodec())  # the processes' segments and any merge: stored fields in blocks
        super().__init__(ix, **kwargs)

    def _commit(self, mergetype, optimize, merge):
        """``MpWriter._commit`` (multisegment) where each process hands back a list of segments,
        and a process that failed or died stops the commit (:meth:`_failed`)."""
        if self.docbuffer:
            self._enqueue()
        for _ in self.tasks:
            self._put(None)
        finalsegments = self._merge_segments(mergetype, optimize, merge)
        for task in self.tasks:
            task.join()
        results = []
        for _ in self.tasks:
            try:
                results.append(self.resultqueue.get(timeout=1))
            except queue.Empty:
                break
        failures = [line for code, line, _ in results if code == _FAILED]
        if failures or len(results) < len(self.tasks):
            raise self._failed(failures)
        for _, _, segments in results:
            finalsegments += segments
        if self._added:
            finalsegments.append(self._finalize_segment())
        else:
            self._close_segment()
        self._commit_toc(finalsegments)
        self._finish()

    def _enqueue(self):
        """Whoosh's ``_enqueue``: a batch of paragraphs to a job file and its name on the queue,
        unless a writer process has failed — the build stops at once rather than go on with one
        process and lose what the other held."""
        self._raise_if_failed()
        filename = f"{random_name()}.doclist"
        with self.temp_storage().create_file(filename).raw_file() as f:
            # One pickle of the whole batch, not Whoosh's one per paragraph: the memo writes a
            # document's repeated values (its id, province, type, year) once, and one call
            # instead of a hundred (20,631 paragraphs: 13.0 -> 8.4 MB, dump and load 0.20 -> 0.06 s CPU).
            pickle.dump(self.docbuffer, f, pickle.HIGHEST_PROTOCOL)
        if len(self.tasks) < self.procs:
            self._new_task()
        self._put((filename, len(self.docbuffer)))
        self.docbuffer = []

    def _put(self, job) -> None:
        """Put ``job`` on the bounded job queue, checking between tries that the writer
        processes live: were they all dead, no one would ever empty it and the build would
        wait for ever, holding the write lock."""
        while True:
            try:
                self.jobqueue.put(job, timeout=0.5)
                return
            except queue.Full:
                self._raise_if_failed()

    def _raise_if_failed(self) -> None:
        if any(task.exitcode not in (None, 0) for task in self.tasks):
            failures = []
            with contextlib.suppress(queue.Empty):
                while True:
                    code, line, _ = self.resultqueue.get(timeout=0.5)
                    if code == _FAILED:
                        failures.append(line)
            raise self._failed(failures)

    def _failed(self, failures: list[str]) -> NghiquyetError:
        why = failures[0] if failures else "it stopped without a word (killed, or out of memory?)"
        return NghiquyetError(f"indexing stopped: a writer process failed on {why}; the index is unchanged")

    def _new_task(self):
        task = _BulkTask(self.storage, self.indexname, self.jobqueue, self.resultqueue, self.subargs, True)
        task.daemon = True  # ended by multiprocessing when the parent exits, however it exits
        self.tasks.append(task)
        task.start()
        return task

    def cancel(self):
        """Stop the writer processes before their files are removed.

        Whoosh's own ``cancel`` only flags its copies of the tasks, so the
        processes would go on writing into a folder being deleted (a traceback
        each) and the parent would wait for them at exit.
        """
        for task in self.tasks:
            if task.is_alive():
                task.terminate()
        for task in self.tasks:
            task.join(timeout=10)
        # Jobs still buffered for the dead writers would keep this process from
        # exiting (a queue flushes its buffer at exit): drop them.
        self.jobqueue.cancel_join_thread()
        self.resultqueue.cancel_join_thread()
        super().cancel()


def _analysis(field):
    """A function giving the (term, position) of each token the field's analyzer keeps from a value in index mode.

    Our own analyzers give them without Whoosh's per-token objects
    (:func:`analyzers.whoosh_analysis.term_positions`); any other goes through
    Whoosh's protocol.
    """
    fast = term_positions(field.analyzer)
    if fast is not None:
        return fast
    analyzer = field.analyzer
    return lambda value: [(t.text, t.pos) for t in analyzer(value, positions=True, mode="index") if not t.stopped]


def _frequencies(tokens: list[tuple[str, int]]) -> tuple[int, dict[str, int]]:
    """The field's length in tokens and each term's frequency."""
    return len(tokens), Counter(map(itemgetter(0), tokens))  # counted in C


def _positions(tokens: list[tuple[str, int]]) -> tuple[int, dict[str, list[int]]]:
    """The field's length in tokens and each term's positions."""
    poses: dict[str, list[int]] = {}
    for text, pos in tokens:
        if text in poses:
            poses[text].append(pos)
        else:
            poses[text] = [pos]
    return len(tokens), poses
