"""Phrases of three syllables or more verified on the positions of their pairs, not on the text.

Why: a phrase "a b c" is found as the AND of its pairs a_b and b_c (short
postings), which also holds where they stand apart ("a b … b c"). Deciding
which candidates really hold the phrase used to mean reading every
candidate's stored text and re-analysing it (about 60 µs a paragraph, up to
5,000 of them per query, for an exact total). The ``pairs`` field keeps
positions, and a pair sits at its first syllable's position, so the phrase
holds exactly where pair ``i`` is at position ``p + i`` for every ``i``:
a few posting values per candidate, read segment by segment.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict

from analyzers.terms import PAIRS
from indexer.index.interface import Searcher
from indexer.searching.docsets import from_members, members

REMEMBER_UP_TO = 5000  # candidates of a phrase verified all at once and remembered
REMEMBERED = 128  # verified phrases kept per index version (each a bitset of the paragraphs)
_VERIFIED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # DocSets -> {pairs: bitset}
_LOCK = threading.Lock()


def phrase_bits(
    searcher: Searcher, sets, pairs: list[str], bits: int, limit: int = REMEMBER_UP_TO, field: str = PAIRS
) -> int:
    """The paragraphs of ``bits`` holding the phrase whose pair terms are ``pairs``.

    A phrase whose pairs meet in at most ``limit`` paragraphs, or whose candidates
    are mostly in ``bits``, is verified on all of them once and remembered
    with the index version's term bitsets (``sets``), like a term: the next
    query with it pays one AND. Otherwise only the paragraphs of ``bits`` are
    verified.
    """
    together = -1
    for p in pairs:
        together &= sets.term(searcher, field, p)
    asked = (together & bits).bit_count()
    if asked == 0:
        return 0
    if together.bit_count() > limit and asked * 2 < together.bit_count():
        return phrase_docs(searcher, pairs, together & bits, field)
    # Few candidates, or most of them asked for (a common phrase's tier: "UBND cấp tỉnh",
    # 20,000 paragraphs; an accent-free one, asked for all but those holding it with accents):
    # verified once and remembered, not verified again by every query.
    key = (field, *pairs)
    with _LOCK:
        remembered = _VERIFIED.setdefault(sets, OrderedDict())
        found = remembered.get(key)
        if found is not None:
            remembered.move_to_end(key)
    if found is None:
        found = phrase_docs(searcher, pairs, together, field)
        with _LOCK:
            remembered[key] = found
            while len(remembered) > REMEMBERED:
                remembered.popitem(last=False)
    return found & bits


def phrase_docs(searcher: Searcher, pairs: list[str], bits: int, field: str = PAIRS) -> int:
    """The paragraphs of ``bits`` where the terms ``pairs`` stand at consecutive positions."""
    size = searcher.doc_count_all()
    found: list[int] = []
    docs = members(bits, size)
    if not docs:
        return 0
    for segment in searcher.segments():
        offset = segment.offset
        end = offset + segment.size
        local = [d - offset for d in docs if offset <= d < end]
        if not local:
            continue
        at = _covering(len(pairs))
        positions = [segment.positions(field, pairs[i], local) for i in at]
        found += [d + offset for d in _consecutive(positions, local, at)]
    return from_members(found, size)


def _covering(n: int) -> list[int]:
    """Which of a phrase's ``n`` consecutive pairs to check at their places: every other one, and the last.

    Why: pair ``i`` joins syllables ``i`` and ``i + 1``, and the pair field holds a pair at
    every place where its two syllables stand side by side (every combination where tokens
    share a place). So pairs 0 and 2 at ``p`` and ``p + 2`` put the phrase's first four
    syllables at ``p`` … ``p + 3``, and pair 1 is then at ``p + 1`` too: a four-syllable
    phrase reads the positions of two terms instead of three (the paragraphs checked already
    hold every pair). Positions are the costly part of a long phrase on a fresh reader.
    """
    chosen = list(range(0, n, 2))
    if n and chosen[-1] != n - 1:
        chosen.append(n - 1)
    return chosen


def _consecutive(positions: list[dict], docs: list[int], at: list[int] | None = None) -> list[int]:
    """The ``docs`` where each term stands at ``p`` plus its place in the phrase (``at``; by default
    term ``i`` at ``p + i``): ``positions[i]``, each doc's positions of term ``i``.

    Paragraphs whose terms hold the very same lists of positions (shared by
    :meth:`Segment.positions` for equal values: most hold each pair once, at one of
    a few positions) are judged once.
    """
    out = []
    known: dict[tuple[int, ...], bool] = {}
    for d in docs:
        held = [found.get(d, ()) for found in positions]
        key = tuple(map(id, held))  # the lists live in ``positions`` throughout
        aligned = known.get(key)
        if aligned is None:
            aligned = known[key] = _aligned(held, at)
        if aligned:
            out.append(d)
    return out


def _aligned(held: list, at: list[int] | None = None) -> bool:
    """Whether some ``p`` has term ``i`` at ``p + at[i]`` (by default ``p + i``) for every ``i``
    (``held[i]``: its positions)."""
    starts: set[int] | None = None
    for i, here in enumerate(held):
        shift = i if at is None else at[i]
        found = {p - shift for p in here}
        starts = found if starts is None else starts & found
        if not starts:
            return False
    return bool(starts)
