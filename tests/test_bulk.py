"""The bulk segment writer writes the very index Whoosh's own writer writes.

Same paragraphs, two writers: every term of every field must have the same
postings (documents, weights, encoded values; positions decoded), the same term statistics and
block bounds, and the same stored fields and lengths; Whoosh's own searcher
must then answer the same queries with the same scores on both.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.filedb.filestore import FileStorage
from whoosh.formats import Positions
from whoosh.qparser import QueryParser

from indexer.corpus.reader import corpus_files, read_document
from indexer.errors import NghiquyetError
from indexer.index import termbits
from indexer.index.bulk import INLINE, BulkSegmentWriter, ParallelBulkWriter
from indexer.index.indexing import _documents_fields
from indexer.index.schema import make_schema
from indexer.index.stored import with_defaults
from indexer.index.stored_blocks import BlockColumn
from indexer.index.whoosh_internals import BlockStoredCodec, open_reader

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
STORED_BLOCK = 32  # paragraphs a stored block in the test of blocks (the default holds more than three resolutions)


def _write(path: Path, fields: list[dict], bulk: bool, **options):
    """An index of ``fields`` by the bulk writer (with ``options``) or by Whoosh's own."""
    path.mkdir(parents=True, exist_ok=True)
    ix = FileStorage(str(path)).create_index(make_schema())
    w = BulkSegmentWriter(ix, compound=False, **options) if bulk else ix.writer(compound=False)
    for f in fields:
        w.add_document(**f)
    w.commit()
    return whoosh_index.open_dir(str(path))


def _postings(m, positional: bool) -> list[tuple]:
    """A matcher's (document, weight, value) postings; positions compared decoded (the bulk writer
    pickles them 5 bytes shorter than Whoosh's encoder)."""
    out = []
    while m.is_active():
        value = (m.value_as("frequency"), m.value_as("positions")) if positional else m.value()
        out.append((m.id(), m.weight(), value))
        m.next()
    return out


def _contents(ix, terms: list | None = None) -> dict:
    """Everything a reader sees: per term its postings and statistics; per document its stored fields and lengths.

    ``terms``: the terms to read (default: those the term table lists), so that a bulk index
    is read for every term Whoosh's writer wrote, the accent-free pairs it derives included."""
    out: dict = {"terms": {}, "docs": []}
    with open_reader(ix) as r:
        for fieldname, tbytes in r.all_terms() if terms is None else terms:
            info = r.term_info(fieldname, tbytes)
            postings = _postings(r.postings(fieldname, tbytes), isinstance(r.schema[fieldname].format, Positions))
            stats = (info.weight(), info.doc_frequency(), info.min_length(), info.max_length(), info.max_weight())
            out["terms"][(fieldname, tbytes)] = (stats, postings)
        for docnum, stored in r.iter_docs():
            stored = with_defaults(stored, docnum, r.stored_fields)  # a section shared with the run's first
            lengths = {f: r.doc_field_length(docnum, f) for f in ("syl", "fold", "pairs", "words")}
            out["docs"].append((stored, lengths))
        out["field_lengths"] = {f: r.field_length(f) for f in ("syl", "fold", "pairs", "words")}
    return out


def _seed_fields() -> list[dict]:
    docs = [read_document(p, CORPUS) for p in corpus_files(CORPUS)[:3]]
    return list(_documents_fields(docs))


def test_bulk_writer_writes_what_whooshs_writer_writes(tmp_path):
    fields = _seed_fields()
    assert len(fields) > 100
    stock = _write(tmp_path / "stock", fields, bulk=False)
    bulk = _write(tmp_path / "bulk", fields, bulk=True)
    expected = _contents(stock)
    got = _contents(bulk, list(expected["terms"]))
    assert len(expected["terms"]) > 1000
    assert got == expected
    # The bulk index writes no other term, and leaves out only accent-free pairs (read above from their source).
    with bulk.reader() as r:
        written = set(r.all_terms())
    left_out = set(expected["terms"]) - written
    assert written <= set(expected["terms"])
    assert left_out and all(f == "pairs" and t.startswith(b"~") for f, t in left_out)
    # Whoosh's own searcher answers the same, with the same scores, on both.
    for text in ("công nghiệp", "kcn son my", '"phát triển"', "titan"):
        q = QueryParser("syl", stock.schema).parse(text) if '"' not in text else wq.Term("pairs", "phát1_triển3")
        with stock.searcher() as a, bulk.searcher() as b:
            ra = [(h.docnum, h.score) for h in a.search(q, limit=None)]
            rb = [(h.docnum, h.score) for h in b.search(q, limit=None)]
        assert ra == rb


def test_rare_terms_are_inlined_and_whooshs_searcher_reads_them(tmp_path):
    # Terms in a few paragraphs keep their postings in their term row (no
    # posting block); stock Whoosh reads those rows: postings, statistics and
    # scores equal to its own writer's (above), and its queries find them.
    fields = _seed_fields()
    stock = _write(tmp_path / "stock", fields, bulk=False)
    bulk = _write(tmp_path / "bulk", fields, bulk=True)
    with bulk.reader() as r:
        rows = [(f, t, r.term_info(f, t)) for f, t in r.all_terms() if f == "pairs"]
        inlined = [(f, t) for f, t, info in rows if info.is_inlined()]
        assert all(info.doc_frequency() <= INLINE for _, _, info in rows if info.is_inlined())
        assert all(info.doc_frequency() > INLINE for _, _, info in rows if not info.is_inlined())
    assert len(inlined) > len(rows) / 2  # pair terms are mostly rare
    for fieldname, tbytes in inlined[:: max(1, len(inlined) // 50)]:
        q = wq.Term(fieldname, tbytes.decode("utf-8"))
        with stock.searcher() as a, bulk.searcher() as b:
            ra = [(h.docnum, h.score, h["text"]) for h in a.search(q, limit=None)]
            rb = [(h.docnum, h.score, h["text"]) for h in b.search(q, limit=None)]
        assert ra and ra == rb


def test_terms_with_the_same_postings_share_one_copy_of_their_blocks(tmp_path):
    # A syllable without accents holds the same postings in ``syl`` and ``fold``, and so do a pair
    # and its accent-free twin where the twin is written (two accented sources): their rows point at
    # one copy of the blocks, which Whoosh's reader reads for both (the tests above hold every
    # posting equal).
    bulk = _write(tmp_path / "bulk", _seed_fields(), bulk=True)
    at: dict[str, set] = {}  # a term's postings -> where its blocks are
    blocked = 0
    with bulk.reader() as r:
        for fieldname, tbytes in r.all_terms():
            if fieldname not in ("syl", "fold", "pairs"):
                continue
            info = r.term_info(fieldname, tbytes)
            if not info.is_inlined():
                blocked += 1
                postings = _postings(r.postings(fieldname, tbytes), fieldname == "pairs")
                at.setdefault(repr(postings), set()).add(info._offset)
    assert all(len(offsets) == 1 for offsets in at.values())
    assert len(at) < blocked  # some pair terms share their blocks


_TEXT = st.lists(
    st.sampled_from(
        ["công", "nghiệp", "Sơn", "Mỹ", "KCN", "UBND", "tỉnh", "II", "hoá", "hóa", "08-NQ/TU", "18,5%", "đất"]
    ),
    min_size=0,
    max_size=300,
).map(" ".join)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(_TEXT, min_size=1, max_size=6))
def test_bulk_writer_matches_on_any_text(tmp_path_factory, texts):
    # Long texts cross Whoosh's 128-posting blocks; empty ones have no terms.
    fields = [
        {"doc_id": "d", "paragraph": i, "text": t, "syl": t, "fold": t, "pairs": t, "words": t}
        for i, t in enumerate(texts * 30)
    ]
    tmp = tmp_path_factory.mktemp("bulk")
    expected = _contents(_write(tmp / "stock", fields, bulk=False))
    assert _contents(_write(tmp / "bulk", fields, bulk=True), list(expected["terms"])) == expected


def _global_postings(ix, listed: list | None = None) -> tuple[dict, list]:
    """Every term's postings in index-wide document numbers (of ``listed``, default the term
    table's), and every document's stored fields and lengths."""
    terms, docs = {}, []
    with open_reader(ix) as r:
        for fieldname, tbytes in r.all_terms() if listed is None else listed:
            m = r.postings(fieldname, tbytes)
            terms[(fieldname, tbytes)] = _postings(m, isinstance(r.schema[fieldname].format, Positions))
        for docnum in range(r.doc_count_all()):
            stored = with_defaults(r.stored_fields(docnum), docnum, r.stored_fields)
            docs.append((stored, [r.doc_field_length(docnum, f) for f in ("syl", "pairs", "words")]))
    return terms, docs


def test_bulk_writer_bounds_memory_with_more_segments(tmp_path):
    # A writer over its memory budget writes the segment so far and begins a
    # new one; readers see the same postings and documents, in the same order.
    fields = _seed_fields()
    stock = _write(tmp_path / "stock", fields, bulk=False)
    path = tmp_path / "rolled"
    path.mkdir()
    ix = FileStorage(str(path)).create_index(make_schema())
    w = BulkSegmentWriter(ix, compound=False, budget=2_000_000)  # limitmb's budget would need a big corpus
    for f in fields:
        w.add_document(**f)
    w.commit()
    rolled = whoosh_index.open_dir(str(path))
    assert len(rolled._segments()) >= 3
    expected = _global_postings(stock)
    assert _global_postings(rolled, list(expected[0])) == expected


def test_term_bitsets_beside_the_segment_equal_the_decoded_postings(tmp_path):
    # The first query reads a frequent term's bitsets from the segment's .bits
    # file instead of decoding its postings: both must give the same levels,
    # also once paragraphs are deleted.
    from indexer.index.whoosh_internals import SegmentView
    from indexer.searching.docsets import _levels

    fields = _seed_fields()
    path = tmp_path / "ix"
    ix = _write(path, fields, bulk=True, bits_min_df=20)
    with ix.writer() as w:
        w.delete_by_term("doc_id", fields[0]["doc_id"])
    ix = whoosh_index.open_dir(str(path))
    with ix.searcher() as s:
        leaf = SegmentView(s.leaf_searchers()[0][0].reader(), 0)
        assert leaf.deleted
        stored = termbits._open(leaf)
        assert stored is not None and len(stored.offsets) > 50
        fields_seen = {f for f, _ in stored.offsets}
        assert fields_seen == {"syl", "fold", "pairs", "words"}
        for field, text in stored.offsets:
            assert termbits.levels(leaf, field, text) == _levels(leaf, field, text), (field, text)
        assert termbits.levels(leaf, "syl", "không-có-từ-này") is None


def test_levels_from_term_statistics_equal_whooshs_postings(tmp_path):
    # A term in a run of consecutive paragraphs, each holding it once (a document's id), is
    # set from its term row's statistics without decoding its postings: every term's levels,
    # run or not, must equal what Whoosh's own matcher reads, also once paragraphs are deleted.
    from indexer.index.whoosh_internals import SegmentView
    from indexer.searching.docsets import _levels

    fields = _seed_fields()
    path = tmp_path / "ix"
    ix = _write(path, fields, bulk=True)
    with ix.writer() as w:
        w.delete_by_term("doc_id", fields[0]["doc_id"])
    ix = whoosh_index.open_dir(str(path))
    with ix.searcher() as s:
        reader = s.leaf_searchers()[0][0].reader()
        leaf = SegmentView(reader, 0)
        assert leaf.deleted
        runs = 0
        for field in ("doc_id", "syl", "pairs"):
            for tbytes in reader.lexicon(field):
                text = tbytes.decode("utf-8")
                m = reader.postings(field, tbytes)  # Whoosh's matcher leaves deleted paragraphs out
                weights = {}
                while m.is_active():
                    weights[m.id()] = m.weight()
                    m.next()
                once, twice, many = _levels(leaf, field, text)
                assert once == sum(1 << d for d in weights), (field, text)
                assert twice == sum(1 << d for d, w in weights.items() if w >= 2), (field, text)
                assert many == {d: w for d, w in weights.items() if w > 2}, (field, text)
                count, first, last, top = leaf.extent(field, text)
                runs += last - first + 1 == count and top < 2
        assert runs > 50  # the shortcut is taken (every document's id, and more)


def test_fewer_collections_restores_the_collector():
    import gc

    from indexer.index.bulk import fewer_collections

    before = gc.get_threshold()
    with fewer_collections(young=12_345):
        assert gc.get_threshold()[0] == 12_345
        assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
    with pytest.raises(KeyError), fewer_collections():
        raise KeyError("a failed build")
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_bulk_writer_charges_new_terms_against_its_budget(tmp_path):
    # A blob of distinct tokens (base64 pasted into a resolution) holds one
    # posting per term; counted by postings alone it held 3.5x its budget in
    # memory. Here 40 paragraphs of 60 distinct tokens: ~9,600 postings
    # (~0.4 MB at BYTES_PER_POSTING) but ~9,600 terms (~4.9 MB): a 2 MB budget
    # must roll the segment twice.
    import base64
    import random

    from indexer.index.bulk import BYTES_PER_POSTING

    rng = random.Random(3)
    path = tmp_path / "ix"
    path.mkdir()
    ix = FileStorage(str(path)).create_index(make_schema())
    w = BulkSegmentWriter(ix, compound=False, budget=2_000_000)
    for i, f in enumerate(_seed_fields()[:40]):
        text = " ".join(base64.b32encode(rng.randbytes(300)).decode()[j : j + 8] for j in range(0, 480, 8))
        w.add_document(**{**f, "paragraph": i, **dict.fromkeys(("text", "syl", "fold", "pairs", "words"), text)})
    w.commit()
    assert 40 * 60 * 4 * BYTES_PER_POSTING < 2_000_000
    assert len(whoosh_index.open_dir(str(path))._segments()) == 3


@given(st.lists(st.integers(min_value=0, max_value=2**31 - 1), min_size=1, max_size=40, unique=True))
def test_compact_positions_read_back_what_they_wrote(positions):
    from indexer.index.schema import CompactPositions

    fmt = CompactPositions()
    value = fmt.encode(sorted(positions))
    assert fmt.decode_positions(value) == sorted(positions)
    assert fmt.decode_frequency(value) == len(positions)


def test_a_section_is_stored_once_per_run_and_read_back_in_full(tmp_path):
    # The paragraphs under one heading store how far back the run's first one is; a reader
    # filling in the stored fields gets every paragraph's own section, as written.
    fields = _seed_fields()
    bulk = _write(tmp_path / "bulk", fields, bulk=True)
    with bulk.reader() as r:
        raw = [r.stored_fields(d) for d in range(r.doc_count_all())]
        shared = [d for d, s in enumerate(raw) if isinstance(s.get("section"), int)]
        assert len(shared) > len(fields) / 4
        for d, stored in enumerate(raw):
            assert with_defaults(stored, d, r.stored_fields)["section"] == fields[d].get("section", "")
            if d in shared:
                assert raw[d - stored["section"]]["doc_id"] == stored["doc_id"]


def test_term_tables_have_three_slots_for_two_terms_and_whooshs_reader_finds_every_term(tmp_path):
    # The hash tables are a third smaller than Whoosh's (1.5 slots a term, not 2); Whoosh's own
    # reader still finds every term, and none that is not there.
    bulk = _write(tmp_path / "bulk", _seed_fields(), bulk=True)
    with bulk.reader() as r:
        tindex = r._terms._tindex
        slots = sum(n for _, n in tindex.tables)
        terms = list(r.all_terms())
        assert len(terms) * 1.5 <= slots < len(terms) * 1.5 + 256
        assert all((f, t) in r for f, t in terms)
        assert ("pairs", b"xyzqw_xyzqw") not in r


@pytest.mark.parametrize(
    "merging",
    [
        lambda ix: BulkSegmentWriter(ix, compound=False),  # an update
        lambda ix: ParallelBulkWriter(ix, procs=2, multisegment=True, compound=False),  # a build over segments
    ],
    ids=["bulk", "parallel"],
)
def test_a_merge_writes_back_the_accent_free_pairs_a_segment_left_out(tmp_path, merging):
    # An update merges old segments through Whoosh's own writer, which writes no table of accents:
    # the merged segment must hold every accent-free pair the old ones derived, deleted paragraphs
    # left out, and read as Whoosh's writer's index with the same deletion.
    fields = _seed_fields()
    gone = fields[0]["doc_id"]
    stock = _write(tmp_path / "stock", fields, bulk=False)
    w = stock.writer()
    w.delete_by_term("doc_id", gone)
    w.commit(optimize=True)
    path = tmp_path / "merged"
    ix = _write(path, fields, bulk=True, budget=2_000_000)
    w = merging(ix)
    w.delete_by_term("doc_id", gone)
    w.commit(optimize=True)
    merged = whoosh_index.open_dir(str(path))
    assert len(merged._segments()) == 1
    with merged.reader() as r:
        written = set(r.all_terms())
    expected = _global_postings(whoosh_index.open_dir(str(tmp_path / "stock")))
    live = [(t, p) for t, p in expected[0].items() if p]  # terms of the deleted document only are gone
    assert {t for t, _ in live} <= written  # every accent-free pair written again
    assert any(f == "pairs" and t.startswith(b"~") for f, t in written)
    got = _global_postings(merged, [t for t, _ in live])
    assert got[0] == dict(live)


def test_a_paragraph_a_writer_process_cannot_index_stops_the_commit_and_is_named(tmp_path):
    """A failure inside a writer process comes back as one line naming the paragraph, and
    nothing is committed (the process used to die alone and the build went on without it)."""
    fields = _seed_fields()[:300]
    fields[150] = {**fields[150], "no_such_field": "x"}
    ix = FileStorage(str(tmp_path)).create_index(make_schema())
    w = ParallelBulkWriter(ix, procs=2, multisegment=True, compound=False)
    for f in fields:
        w.add_document(**f)
    with pytest.raises(NghiquyetError) as caught:
        w.commit()
    w.cancel()
    where = f"{fields[150]['doc_id']}, paragraph {fields[150]['paragraph']}"
    assert str(caught.value).startswith(f"indexing stopped: a writer process failed on {where}: UnknownFieldError")
    assert str(caught.value).endswith("; the index is unchanged")
    assert "\n" not in str(caught.value)
    assert whoosh_index.open_dir(str(tmp_path)).doc_count() == 0


def test_stored_fields_are_compressed_in_blocks_and_whooshs_searcher_reads_every_one(tmp_path):
    # The stored fields are zlib-compressed in blocks of paragraphs (stored_blocks.py; here 32 a
    # block, for several blocks from three resolutions): Whoosh's own open_dir and searcher read
    # every paragraph's, in any order, the same as Whoosh's writer stored them, from a column a
    # fraction of the size of Whoosh's one-by-one compressed one.
    fields = _seed_fields()
    assert len(fields) > 3 * STORED_BLOCK  # several blocks, the last one short
    bulk = _write(tmp_path / "bulk", fields, bulk=True, codec=BlockStoredCodec(stored_block=STORED_BLOCK))
    stock = _write(tmp_path / "stock", fields, bulk=False)
    assert all(isinstance(s.codec(), BlockStoredCodec) for s in bulk._segments())
    with bulk.reader() as r:  # a paragraph's section is read from its own block: one block decompressed
        for d in range(r.doc_count_all()):
            back = r.stored_fields(d).get("section")
            if isinstance(back, int):
                assert (d - back) // STORED_BLOCK == d // STORED_BLOCK
    with bulk.searcher() as ours, stock.searcher() as theirs:
        order = list(range(len(fields)))[::-7] + list(range(len(fields)))
        for d in order:
            assert with_defaults(ours.stored_fields(d), d, ours.stored_fields) == with_defaults(
                theirs.stored_fields(d), d, theirs.stored_fields
            )
        doc_id = fields[-1]["doc_id"]
        assert [h["paragraph"] for h in ours.documents(doc_id=doc_id)] == [
            f["paragraph"] for f in fields if f["doc_id"] == doc_id
        ]

    def size(path):
        return sum(p.stat().st_size for p in path.glob("*_stored.col"))

    assert size(tmp_path / "bulk") < size(tmp_path / "stock") / 2


def test_a_block_column_reads_back_paragraphs_that_stored_nothing(tmp_path):
    # A paragraph with no stored field is not added to the column: it reads back as None,
    # wherever it falls in a block, also at the end of the segment.
    storage = FileStorage(str(tmp_path))
    values = {d: {"n": d, "text": "đoạn " * (d % 5)} for d in range(70) if d % 3}
    out = storage.create_file("c")
    writer = BlockColumn(block=8).writer(out)
    for d, value in values.items():
        writer.add(d, value)
    writer.finish(75)
    length = out.tell()
    out.close()
    reader = BlockColumn().reader(storage.open_file("c"), 0, length, 75)
    assert [reader[d] for d in range(75)] == [values.get(d) for d in range(75)]
    assert list(reversed(reader)) == [values.get(d) for d in reversed(range(75))]
    with pytest.raises(IndexError):
        reader[75]


@given(st.sets(st.integers(0, 700_000), max_size=300), st.integers(0, 2))
def test_a_sparse_bitset_is_packed_as_its_nonzero_bytes_and_read_back(docs, spread):
    # termbits writes a bitset with few paragraphs as its nonzero bytes' gaps and values (uint8,
    # uint16 or uint32 gaps): read back it is the same int as the plain bitset's.
    docs = sorted({d >> (8 * spread) for d in docs})  # gaps in bytes past 2**16, 2**8, or small
    size = (docs[-1] + 1 if docs else 0) + 10_000
    packed = termbits._packed_bitset(docs, size)
    assert termbits._bitset(packed) == sum(1 << d for d in docs)
    assert isinstance(packed, tuple) == (len(docs) * 32 < size)


def test_each_paragraphs_place_is_read_from_the_segments_runs_as_stored(tmp_path):
    # Ties and partial matches ask where a paragraph belongs; the bulk writer records each
    # segment's (document, number) runs in its .bits file so that no stored field is read.
    # They must answer what the stored fields say, across rolled segments and beside a
    # segment of Whoosh's own writer (no runs: read as stored).
    from indexer.index.whoosh_internals import LiveSearcher, SegmentView
    from indexer.searching.scoring import LiveStats

    fields = _seed_fields()
    path = tmp_path / "ix"
    path.mkdir()
    ix = FileStorage(str(path)).create_index(make_schema())
    w = BulkSegmentWriter(ix, compound=False, budget=2_000_000)
    for f in fields[:-40]:
        w.add_document(**f)
    w.commit()
    with ix.writer() as stock:  # Whoosh's own writer: a segment without runs
        for f in fields[-40:]:
            stock.add_document(**f)
    ix = whoosh_index.open_dir(str(path))
    searcher = LiveSearcher(open_reader(ix), LiveStats(), fromindex=ix)
    segments = searcher.segments()
    assert len(segments) >= 3
    with_runs = [termbits.place(s, 0) is not None for s in segments]
    assert with_runs.count(False) == 1 and with_runs.count(True) >= 2
    expected = [(stored["doc_id"], stored.get("paragraph") or 0) for _, stored in searcher.reader().iter_docs()]
    assert [searcher.place(d) for d in range(searcher.doc_count_all())] == expected
    assert len({p[0] for p in expected}) == 3 and len(set(expected)) == len(expected)
    leaf = SegmentView(searcher.reader().leaf_readers()[0][0], 0)
    assert termbits._open(leaf).places is not None
    # A document's paragraphs (its doc_id term) come from the same runs, deletions left out.
    from indexer.searching.docsets import SegmentSets, _levels

    with ix.writer() as w:
        w.delete_by_term("doc_id", fields[0]["doc_id"])
    ix = whoosh_index.open_dir(str(path))
    searcher = LiveSearcher(open_reader(ix), LiveStats(), fromindex=ix)
    sets = SegmentSets()
    for segment in searcher.segments():
        for doc in {f["doc_id"] for f in fields}:
            assert sets.levels(segment, "doc_id", doc) == _levels(segment, "doc_id", doc)
    assert any(s.deleted for s in searcher.segments())
