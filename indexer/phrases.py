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

from analyzers.terms import PAIRS
from indexer.docsets import from_members, members


def phrase_docs(searcher, pairs: list[str], bits: int) -> int:
    """The paragraphs of ``bits`` where ``pairs`` stand at consecutive positions."""
    size = searcher.doc_count_all()
    found: list[int] = []
    docs = members(bits, size)
    if not docs:
        return 0
    for leaf, offset in searcher.reader().leaf_readers():
        end = offset + leaf.doc_count_all()
        local = [d - offset for d in docs if offset <= d < end]
        if not local:
            continue
        matchers = []
        for term in pairs:
            if (PAIRS, term) not in leaf:
                break
            matchers.append(leaf.postings(PAIRS, term))
        else:
            found += [d + offset for d in _consecutive(matchers, local)]
    return from_members(found, size)


def _consecutive(matchers: list, docs: list[int]) -> list[int]:
    """The ``docs`` (ascending, local to one segment) where matcher ``i``'s term is at ``p + i``."""
    out = []
    for d in docs:
        starts: set[int] | None = None
        for i, m in enumerate(matchers):
            if not m.is_active():
                return out
            if m.id() < d:
                m.skip_to(d)
                if not m.is_active():
                    return out
            if m.id() != d:
                starts = set()
                break
            here = {p - i for p in m.value_as("positions")}
            starts = here if starts is None else starts & here
            if not starts:
                break
        if starts:
            out.append(d)
    return out
