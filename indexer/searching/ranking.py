"""The best paragraphs of a set of matches, scored without Whoosh's matcher tree.

Whoosh scores a match by walking a tree of matchers in Python, about 50 µs a
paragraph: "doanh nghiệp" matches 35,000 paragraphs of the legal corpus,
which is seconds. A query's score is a sum over its terms (each node of
:mod:`indexer.searching.nodes` names them, boosts multiplied), and a term's BM25 score
depends only on its frequency in the paragraph and the paragraph's length.
So every match is scored here from what :class:`DocSets` keeps of each term
(the paragraphs holding it once, twice, and the frequency where it is more)
and each field's length bytes, with Whoosh's own BM25F parameters, idf and
length normalisation: the same scores as Whoosh's matchers (a test holds
them equal), at a few microseconds a paragraph instead of fifty.
"""

from __future__ import annotations

import heapq
import sys
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from indexer.index.interface import Searcher
from indexer.searching import scoring, shortlist
from indexer.searching.docsets import Context, DocSets, members, merged_frequencies, to_bytes
from indexer.searching.ties import MAX_SETTLED

# Candidates from which scoring over arrays pays: once numpy is loaded (a server loads it at
# start), from a few hundred (a question's shortlist); before, only where the loop (~3 µs a paragraph and term) would
# cost more than numpy's import (~50-60 ms), so a one-shot search never waits for it in vain.
VECTORIZE_FROM = 500
VECTORIZE_COLD_FROM = 30000

if TYPE_CHECKING:
    from indexer.searching.nodes import Node


def best(
    searcher: Searcher,
    sets: DocSets,
    q: Node,
    bits: int,
    n: int | None = None,
    documents: Callable[[list[int]], Mapping[int, object]] | None = None,
    prune_from: int = shortlist.PRUNE_FROM,
    vectorize_from: int | None = None,
) -> list[tuple[float, int]]:
    """The ``n`` paragraphs of ``bits`` with the highest score of the query node ``q``, as
    (score, docnum), best first. The node names its scoring terms and where each counts
    (:meth:`~indexer.searching.nodes.Node.scored`). ``bits`` are paragraphs ``q`` matches (the
    engine ranks what it counted), so ``q``'s own bitset is not computed again.

    With ``documents`` (each paragraph's document key), paragraphs tied at the cut are chosen
    by document and paragraph, not by place in the index (:mod:`indexer.searching.ties`): an
    updated index then keeps the paragraphs a fresh build keeps.

    From ``vectorize_from`` candidates on, the same sums are made over arrays
    (:mod:`indexer.searching.vectorized`); otherwise, from ``prune_from`` matches on, only the
    paragraphs whose score can reach the ``n``-th best are scored
    (:mod:`indexer.searching.shortlist`). The answer is the same."""
    if n == 0 or not bits:
        return []
    size = searcher.doc_count_all()
    k1 = scoring.K1
    per_field: dict[str, list] = {}
    for field, text, boost, within in q.scored(Context(searcher, sets), matched=True):
        if not searcher.doc_frequency(field, text):
            continue
        once, twice, many = sets.levels(searcher, field, text)
        here = bits if within == -1 else bits & within  # within: a term of a part under an OR
        per_field.setdefault(field, []).append(
            (boost * scoring.idf(searcher, field, text) * (k1 + 1), once & here, twice & here, many)
        )
    tables = []
    for field, terms in per_field.items():
        lengths = scoring.global_lengths(searcher, field)
        norms = scoring.norms(searcher, field)
        # BM25's term frequency part, tf (k1 + 1) / (tf + norm), without the (k1 + 1).
        tf1 = [1 / (1 + norm) for norm in norms]
        tf2 = [2 / (2 + norm) for norm in norms]
        # Terms every candidate holds exactly once add a constant times tf1.
        plain = sum(c for c, once, twice, _ in terms if once == bits and not twice)
        other = [
            (c, None if once == bits else to_bytes(once, size), to_bytes(twice, size) if twice else None, many)
            for c, once, twice, many in terms
            if once != bits or twice
        ]
        tables.append((lengths, tf1, tf2, norms, plain, other))
    if _vectorized(bits, vectorize_from):
        from indexer.searching import vectorized  # noqa: PLC0415 (numpy: only where it pays its import)

        return vectorized.best_first(*vectorized.scores(tables, bits, size), n, documents)
    for _, _, _, _, _, other in tables:  # one paragraph at a time: the frequencies as one dict
        other[:] = [(c, once, twice, merged_frequencies(many)) for c, once, twice, many in other]
    found = None
    if n is not None and bits.bit_count() >= prune_from:
        found = shortlist.candidates(bits, n, size, per_field, tables, lambda ds: _scores(ds, tables))
    if found is None:
        docs = members(bits, size)
        scores = _scores(docs, tables)
    else:
        docs, scores = found
    order = _best_first(scores, n, docs, documents)
    return [(scores[i], docs[i]) for i in order]


def _scores(docs: list[int], tables: list[tuple]) -> list[float]:
    """Each of ``docs``' score (BM25 summed over the tables' terms, in their order)."""
    scores: list[float] = []  # floats, not (score, docnum) tuples: no work for the garbage collector
    for d in docs:
        byte, bit = d >> 3, 1 << (d & 7)
        total = 0.0
        for lengths, tf1, tf2, norms, plain, other in tables:
            length = lengths[d]
            total += plain * tf1[length]
            for coeff, once, twice, many in other:
                if once is not None and not once[byte] & bit:
                    continue
                if twice is None or not twice[byte] & bit:
                    total += coeff * tf1[length]
                elif d in many:
                    tf = many[d]
                    total += coeff * (tf / (tf + norms[length]))
                else:
                    total += coeff * tf2[length]
        scores.append(total)
    return scores


def _vectorized(bits: int, vectorize_from: int | None) -> bool:
    """Whether ``bits`` are enough candidates to score over arrays."""
    if vectorize_from is None:
        vectorize_from = VECTORIZE_FROM if "numpy" in sys.modules else VECTORIZE_COLD_FROM
    return bits.bit_count() >= vectorize_from


def _best_first(scores: list[float], n: int | None, docs: list[int], documents) -> list[int]:
    """Positions in ``scores``, best first, the first ``n``; equal scores in paragraph order
    (both orderings are stable), ties at the cut settled by ``documents`` when given."""
    if n is None or n >= len(docs):
        return sorted(range(len(docs)), key=scores.__getitem__, reverse=True)
    order = heapq.nlargest(n, range(len(docs)), key=scores.__getitem__)
    return _cut_ties(order, scores, docs, documents) if documents is not None and order else order


def _cut_ties(order: list[int], scores: list[float], docs: list[int], documents) -> list[int]:
    """``order`` (the best, cut) with the places of the paragraphs tied at the cut given to the
    tied paragraphs first by document, then paragraph."""
    cut = scores[order[-1]]
    kept = sum(1 for i in order if scores[i] == cut)
    tied = [i for i, score in enumerate(scores) if score == cut]
    if len(tied) == kept or len(tied) > MAX_SETTLED:
        return order
    of = documents([docs[i] for i in tied])
    tied.sort(key=lambda i: (of[docs[i]], docs[i]))
    return [i for i in order if scores[i] != cut] + tied[:kept]
