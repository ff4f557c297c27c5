"""Scores over arrays are the ranking loop's, bit for bit: same hits, scores, order and totals."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import indexer
from indexer.searching import ranking

QUERIES = [
    "công nghiệp",  # many candidates, one term
    "khu cong nghiep",  # accent-free: each syllable stands for every accented one
    "phát triển công nghiệp hỗ trợ",
    '"liên kết vùng"',
    "KCN Sơn Mỹ",
    "titan OR LNG",
    "thanh long -titan",
    "Tỉnh có chính sách gì để thu hút đầu tư vào khu công nghiệp cho doanh nghiệp nhỏ?",  # partial matches
    "Hà Nam công nghiệp hỗ trợ",
    "xyzqw công nghiệp",
    "nhà ở công nhân tại các khu công nghiệp như thế nào",
]


def _results(reader, **kw):
    out = []
    for q in QUERIES:
        result = indexer.search(reader, q, limit=30, **kw)
        out.append(
            (q, result["total"], [(h["doc_id"], h["paragraph"], h["score"], h["partial"]) for h in result["hits"]])
        )
    return out


@pytest.mark.parametrize("kw", [{}, {"group": "document"}])
def test_scores_over_arrays_equal_the_loop_s_on_the_real_corpus(index_dir, monkeypatch, kw):
    reader = indexer.Reader(index_dir, cache_size=0)  # no result cache: each path searches
    monkeypatch.setattr(ranking, "VECTORIZE_FROM", 10**9)
    monkeypatch.setattr(ranking, "VECTORIZE_COLD_FROM", 10**9)
    loop = _results(reader, **kw)
    monkeypatch.setattr(ranking, "VECTORIZE_FROM", 0)
    monkeypatch.setattr(ranking, "VECTORIZE_COLD_FROM", 0)
    arrays = _results(reader, **kw)
    assert any(hits for _, _, hits in loop)
    assert arrays == loop


def test_ties_at_the_cut_are_settled_alike(index_dir, monkeypatch):
    reader = indexer.Reader(index_dir, cache_size=0)
    # One result a page: the paragraph kept at the cut among equal scores is chosen by
    # document and paragraph on both paths.
    for q in ("công nghiệp", "khu cong nghiep", "xyzqw công nghiệp"):
        pages = {}
        for threshold in (10**9, 0):
            monkeypatch.setattr(ranking, "VECTORIZE_FROM", threshold)
            monkeypatch.setattr(ranking, "VECTORIZE_COLD_FROM", threshold)
            pages[threshold] = [indexer.search(reader, q, limit=1, page=p)["hits"] for p in (1, 2, 3)]
        assert pages[0] == pages[10**9], q


def test_every_ranking_of_a_search_is_the_same_floats_on_both_paths(index_dir, monkeypatch):
    # Each time a search ranks paragraphs (full matches, partial shortlists, documents), both
    # paths rank the same candidates: the (score, paragraph) lists are equal, not just rounded.
    from indexer.searching import nodes, partial

    compared = []

    def both(*args, **kw):
        kw.pop("vectorize_from", None)
        loop = ranking.best(*args, **kw, vectorize_from=10**9)
        arrays = ranking.best(*args, **kw, vectorize_from=0)
        assert arrays == loop
        compared.append(len(loop))
        return loop

    monkeypatch.setattr(nodes, "best", both)
    monkeypatch.setattr(partial, "best", both)
    reader = indexer.Reader(index_dir, cache_size=0)
    for q in QUERIES:
        indexer.search(reader, q, limit=30)
    assert len(compared) >= len(QUERIES) and max(compared) > 100


@given(st.sets(st.integers(0, 5000), max_size=400), st.integers(1, 5100))
def test_members_over_arrays_equal_the_loop_s(found, size):
    import numpy  # noqa: F401 (loaded: the arrays path may run)

    from indexer.searching import docsets

    bits = docsets.from_members(sorted(found), 5101)
    expected = sorted(d for d in found if d < size)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(docsets, "MEMBERS_OVER_ARRAYS", 10**9)
        assert docsets.members(bits, size) == expected
        mp.setattr(docsets, "MEMBERS_OVER_ARRAYS", 0)
        assert docsets.members(bits, size) == expected


@pytest.mark.parametrize("limit_mb", [None, 1])
def test_frequencies_kept_as_arrays_score_as_the_loop_does(tmp_path, monkeypatch, limit_mb):
    # At national scale a common term's frequencies above two come from its segments' .bits
    # files as arrays (termbits.ArrayFrequencies), read by the array path without a dict and
    # shifted to each segment's place. The seeds are too small for .bits entries at the real
    # threshold: built with a low one (and, with a 1 MB writer budget, in several segments),
    # the array path must still give the loop's hits, scores and totals.
    from indexer.index import indexing, termbits
    from indexer.searching import docsets

    monkeypatch.setattr(termbits, "MIN_DF", 8)
    if limit_mb is not None:
        monkeypatch.setattr(indexing, "BUILD_LIMIT_MB", limit_mb)
    indexer.build(Path(__file__).resolve().parent.parent / "corpus", tmp_path)
    reader = indexer.Reader(tmp_path, cache_size=0)
    searcher = reader.searcher()
    assert (len(searcher.segments()) > 1) == (limit_mb is not None)
    many = docsets.DocSets(0).levels(searcher, "syl", "công")[2]
    parts = [part for _, part in many.parts] if isinstance(many, docsets.Frequencies) else [many]
    arrays = sum(isinstance(part, termbits.ArrayFrequencies) for part in parts)
    assert arrays >= 1 and (arrays > 1) == (limit_mb is not None)  # several segments' arrays, each at its offset
    results = {}
    for threshold in (10**9, 0):
        monkeypatch.setattr(ranking, "VECTORIZE_FROM", threshold)
        monkeypatch.setattr(ranking, "VECTORIZE_COLD_FROM", threshold)
        results[threshold] = _results(reader)
    assert any(hits for _, _, hits in results[0])
    assert results[0] == results[10**9]
