"""BM25 scores of many candidates at once: the sums of :func:`indexer.searching.ranking.best`, over arrays.

Why: the ranking loop costs a few microseconds per paragraph and term, in
Python. A common word, an accent-free query (each folded syllable stands for
every accented one) or a long question matches tens of thousands of
paragraphs at national scale: 50–100 ms of that loop per query. numpy does
the same additions, in the same order for each paragraph, over arrays of
IEEE doubles, so every score is bit for bit the loop's (a test holds them
equal) at a small fraction of the time. Below a few thousand candidates the
loop is as fast and needs no import (numpy costs ~20 ms to import, once per
process), so small indexes and the one-shot CLI never load it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np

from indexer.index.termbits import ArrayFrequencies
from indexer.searching.docsets import Frequencies, to_bytes
from indexer.searching.ties import MAX_SETTLED


def _held(data: bytes, docs: np.ndarray) -> np.ndarray:
    """Whether each of ``docs`` is in the bitset ``data`` (bytes as :func:`to_bytes` writes them)."""
    array = np.frombuffer(data, dtype=np.uint8)
    return ((array[docs >> 3] >> (docs & 7).astype(np.uint8)) & 1).astype(bool)


def scores(tables: Sequence[tuple], bits: int, size: int) -> tuple[np.ndarray, np.ndarray]:
    """The paragraphs of ``bits`` in order and the score of each: the ranking loop's sums.

    ``tables``: per field (length bytes, tf1, tf2, norms, the summed coefficient of the terms
    every candidate holds once, the other terms as (coefficient, once, twice, many)), as
    :func:`indexer.searching.ranking.best` prepares them.
    """
    data = np.frombuffer(to_bytes(bits, size), dtype=np.uint8)
    docs = np.flatnonzero(np.unpackbits(data, bitorder="little"))
    total = np.zeros(len(docs))
    for lengths, tf1, tf2, norms, plain, other in tables:
        length = np.frombuffer(lengths, dtype=np.uint8)[docs]
        one = np.asarray(tf1)[length]
        total += plain * one
        for coeff, once, twice, many in other:
            part = coeff * one
            if twice is not None:
                two = _held(twice, docs)
                part = np.where(two, coeff * np.asarray(tf2)[length], part)
                if many:
                    _many(part, two, docs, length, coeff, many, norms)
            if once is not None:
                part = np.where(_held(once, docs), part, 0.0)
            total += part
    return docs, total


def _many(part: np.ndarray, two: np.ndarray, docs: np.ndarray, length: np.ndarray, coeff, many, norms) -> None:
    """Paragraphs holding a term more than twice: its own frequency, as the loop computes it
    (the same operations on the same doubles, element by element: a common word's tens of
    thousands of such paragraphs, once a Python step each, were a fifth of its first query)."""
    keys, tfs = _frequency_arrays(many)
    at = np.searchsorted(docs, keys)
    inside = at < len(docs)
    at, keys, tfs = at[inside], keys[inside], tfs[inside]
    found = docs[at] == keys
    at, tfs = at[found], tfs[found]
    counted = two[at]
    at, tfs = at[counted], tfs[counted]
    part[at] = coeff * (tfs / (tfs + np.asarray(norms, dtype=np.float64)[length[at]]))


def _frequency_arrays(many) -> tuple[np.ndarray, np.ndarray]:
    """A term's paragraphs holding it more than twice (ascending within each segment) and their
    frequencies, from each segment's arrays where it kept them (no dict made)."""
    parts = many.parts if isinstance(many, Frequencies) else [(0, many)]
    keys, tfs = [], []
    for offset, part in parts:
        if isinstance(part, ArrayFrequencies):
            keys.append(np.cumsum(np.frombuffer(part.gaps, dtype="<u4"), dtype=np.int64) + offset)
            tfs.append(np.frombuffer(part.freqs, dtype="<" + part.code).astype(np.float64))
        else:
            keys.append(np.fromiter(part.keys(), dtype=np.int64, count=len(part)) + offset)
            tfs.append(np.fromiter(part.values(), dtype=np.float64, count=len(part)))
    if len(keys) == 1:
        return keys[0], tfs[0]
    return np.concatenate(keys) if keys else np.zeros(0, np.int64), np.concatenate(tfs) if tfs else np.zeros(0)


def best_first(
    docs: np.ndarray,
    total: np.ndarray,
    n: int | None,
    documents: Callable[[list[int]], Mapping[int, object]] | None,
) -> list[tuple[float, int]]:
    """The ``n`` best (score, paragraph), equal scores in paragraph order as a stable sort
    leaves them, ties at the cut settled by ``documents`` as :mod:`indexer.searching.ties` does."""
    count = len(docs)
    if n is None or n >= count:
        order = np.lexsort((np.arange(count), -total))
    else:
        cut = np.partition(total, count - n)[count - n]
        above = np.flatnonzero(total > cut)
        tied = np.flatnonzero(total == cut)
        kept = n - len(above)
        if documents is not None and len(tied) > kept and len(tied) <= MAX_SETTLED:
            of = documents(docs[tied].tolist())
            tied = np.asarray(sorted(tied.tolist(), key=lambda i: (of[int(docs[i])], int(docs[i]))), dtype=np.int64)
        chosen = np.concatenate([above, tied[:kept]])
        order = chosen[np.lexsort((chosen, -total[chosen]))] if documents is None else _keep_tie_order(chosen, total)
    return list(zip(total[order].tolist(), docs[order].tolist(), strict=True))


def _keep_tie_order(chosen: np.ndarray, total: np.ndarray) -> np.ndarray:
    """``chosen`` best first; equal scores keep the order they were chosen in (settled ties)."""
    return chosen[np.argsort(-total[chosen], kind="stable")]
