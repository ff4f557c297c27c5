"""The matches whose score can reach the best ``n``, without scoring every match.

Why: a common word matches a third of the legal corpus (200,000 paragraphs);
scoring each in Python and listing its number cost ~80 ms a query, warm or
first, for a page of ten. BM25 falls as a paragraph grows, so a paragraph's
score has a ceiling read from its field lengths and how often it can hold the
terms: ``T / (T + norm)`` per term, with ``T`` 1 for the paragraphs holding
every term once (most), 2 for those holding one twice; those holding one more
often are scored whatever their length (a tenth). A sample of the matches
(one in ``SAMPLE``) scored exactly gives a threshold ``t`` a little below the
``n``-th best; the paragraphs whose ceiling reaches ``t`` are picked with
bitset operations in C (a field's length bytes translated to the bits that
pass), and scored. When the ``n``-th best of them reaches ``t``, every other
match scores below it: the best ``n`` and every paragraph tied with the last
are among them, so the answer is the same as scoring all. Otherwise (an
unlucky sample) the caller scores all.
"""

from __future__ import annotations

import functools
import heapq
from collections.abc import Callable

from indexer.searching.docsets import from_members, members

PRUNE_FROM = 16384  # matches; below, scoring them all costs less than choosing
SAMPLE = 32  # one paragraph in this many (by number) is scored to set the threshold
SPARE = 4  # the threshold is the sample's (n / SAMPLE + SPARE)-th best: usually below the n-th best
MARGIN = 1e-9  # ceilings are compared with room for floating-point rounding
_SHIFTED = [bytes((v & 1) << k for v in range(256)) for k in range(8)]  # 0/1 -> bit k


def candidates(
    bits: int,
    n: int,
    size: int,
    per_field: dict[str, list[tuple[float, int, int, dict]]],
    tables: list[tuple],
    scores: Callable[[list[int]], list[float]],
) -> tuple[list[int], list[float]] | None:
    """The paragraphs of ``bits`` that may be among the best ``n`` (ascending) with their scores,
    or None when all must be scored.

    ``per_field``: each field's terms as (coefficient, paragraphs holding it, holding it twice
    or more, frequencies above two), in the order of ``tables`` (each field's length bytes and
    BM25 length normalisations: :func:`indexer.searching.ranking.best`)."""
    count = bits.bit_count()
    if n * SAMPLE * SPARE > count:
        return None
    sample = members(bits & _every(size, SAMPLE), size)
    k = n // SAMPLE + SPARE
    if len(sample) < 2 * k:
        return None
    threshold = heapq.nlargest(k, scores(sample))[-1]
    total = sum(c for terms in per_field.values() for c, _, _, _ in terms)
    if threshold <= 0 or total <= 0:
        return None
    keep = _ceiling_reaches(bits, size, per_field, tables, threshold / total * (1 - MARGIN))
    if keep is None:
        return None
    docs = members(keep, size)
    got = scores(docs)
    if len(got) < n or heapq.nlargest(n, got)[-1] < threshold:
        return None  # the sample set the threshold above the n-th best: score them all
    return docs, got


def _ceiling_reaches(bits: int, size: int, per_field, tables, share: float) -> int | None:
    """The paragraphs of ``bits`` whose ceiling reaches ``share`` of the coefficients' sum: those
    holding a term three times or more, and those where in some field ``T / (T + norm)`` does
    (then, summed over fields, the ceiling is below the threshold elsewhere). None when that
    is most of them."""
    twice = many = 0
    for terms in per_field.values():
        for _, _, held_twice, freqs in terms:
            twice |= held_twice
            if freqs and held_twice:
                many |= from_members(freqs, size) & held_twice
    keep = many
    for tf, part in ((1, bits & ~twice), (2, twice & ~many)):
        if not part:
            continue
        reach = 0
        for lengths, _, _, norms, _, _ in tables:
            passing = [tf / (tf + norm) >= share for norm in norms]
            if any(passing):
                reach |= _passing(lengths, passing)
        keep |= part & reach
    return None if keep.bit_count() * 2 > bits.bit_count() else keep


def _passing(lengths: bytes, passing: list[bool]) -> int:
    """The bitset of the paragraphs whose length byte passes: bit ``8j + k`` from byte
    ``8j + k``, eight strided slices translated in C."""
    table = bytes(passing)
    out = 0
    for k, shifted in enumerate(_SHIFTED):
        out |= int.from_bytes(lengths[k::8].translate(table.translate(shifted)), "little")
    return out


@functools.lru_cache(maxsize=4)
def _every(size: int, step: int) -> int:
    """The bitset of the paragraph numbers below ``size`` that are multiples of ``step`` (one of 8, 16, 24 …)."""
    return int.from_bytes((b"\x01" + bytes(step // 8 - 1)) * (size // step + 1), "little") & ((1 << size) - 1)
