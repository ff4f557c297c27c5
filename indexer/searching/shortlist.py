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
RARE = 16  # a term held by fewer than one match in this many: its paragraphs are scored, whatever their length
MOST = 0.75  # when more of the matches than this may reach the threshold, all are scored
LOOSE = 8  # a term held thrice or more by more than one match in this many is bounded by its top frequency
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
    if threshold <= 0:
        return None
    keep = _ceiling_reaches(bits, size, per_field, tables, threshold * (1 - MARGIN))
    if keep is None:
        return None
    docs = members(keep, size)
    got = scores(docs)
    if len(got) < n or heapq.nlargest(n, got)[-1] < threshold:
        return None  # the sample set the threshold above the n-th best: score them all
    return docs, got


def _ceiling_reaches(bits: int, size: int, per_field, tables, threshold: float) -> int | None:
    """The paragraphs of ``bits`` whose score may reach ``threshold``; None when that is most of them.

    Always kept: those holding a rare term (held by few of the matches; its coefficient then
    counts for no other paragraph) or a term three times or more (unless that term is held
    so often by so many that it is bounded by its highest frequency instead, like the
    accent-free "co"). The others are kept when in some field their ceiling, with each term
    held once (or twice, for those holding one twice), reaches that field's share of the
    threshold: elsewhere their ceilings sum below it.
    """
    count = bits.bit_count()
    exact = twice = 0
    fields = []  # per field: (coefficient of terms held at most twice, [(coefficient, top frequency)])
    for terms in per_field.values():
        tight, loose = 0.0, []
        for coeff, once, held_twice, freqs in terms:
            if once.bit_count() * RARE < count:
                exact |= once
            elif len(freqs) * LOOSE > count:
                loose.append((coeff, max(freqs.values())))
            else:
                tight += coeff
                twice |= held_twice
                if freqs and held_twice:
                    exact |= from_members(freqs, size) & held_twice
        fields.append((tight, loose))
    keep = exact
    for tf, part in ((1, bits & ~twice & ~exact), (2, twice & ~exact)):
        if part:
            keep |= part & _reach(tf, fields, tables, threshold)
    return None if keep.bit_count() > count * MOST else keep


def _reach(tf: int, fields: list, tables: list, threshold: float) -> int:
    """The paragraphs whose ceiling in some field reaches that field's share of ``threshold``.

    Fields whose length bytes are the same (syllables and their accent-free forms) are one
    field here, their ceilings summed: a paragraph's ceiling over them is then exact, not
    split between them (a common accent-free syllable, bounded by its top frequency, would
    otherwise let nearly every paragraph reach its share)."""
    merged: list[tuple[bytes, list[float]]] = []
    for (tight, loose), (lengths, _, _, norms, _, _) in zip(fields, tables, strict=True):
        ceiling = [tight * tf / (tf + norm) + sum(c * top / (top + norm) for c, top in loose) for norm in norms]
        same = next((i for i, (other, _) in enumerate(merged) if other == lengths), None)
        if same is None:
            merged.append((lengths, ceiling))
        else:
            merged[same] = (lengths, [a + b for a, b in zip(merged[same][1], ceiling, strict=True)])
    highest = [max(ceiling) for _, ceiling in merged]
    whole = sum(highest)
    reach = 0
    for (lengths, ceiling), high in zip(merged, highest, strict=True):
        if high <= 0:
            continue  # no term here can add to their score
        share = threshold * high / whole
        passing = [value >= share for value in ceiling]
        if any(passing):
            reach |= _passing(lengths, passing)
    return reach


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
