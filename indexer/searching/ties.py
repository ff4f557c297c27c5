"""Equal scores in an order that does not depend on where paragraphs lie in the index.

Why: an update rewrites a changed document at the index's end, so index
order — what a stable sort falls back on — differs between an updated index
and a fresh build of the same corpus, and so would the order of equal scores.
Ties are settled by document id, then by place in the index *within* the
document: a document's paragraphs are always written together and in order
(an update deletes and rewrites all of them), so that is paragraph order and
needs no stored-field read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import groupby

MAX_SETTLED = 1000  # tied paragraphs whose documents are looked up per run; beyond, index order


def settled(
    order: Sequence[int],
    score: Mapping[int, float],
    documents: Callable[[list[int]], Mapping[int, object]],
) -> list[int]:
    """``order`` (paragraph numbers, best ``score`` first) with each run of equal scores by
    document, then paragraph. ``documents`` gives the document key of the tied
    paragraphs (only they are looked up)."""
    out: list[int] = []
    for _, run in groupby(order, key=score.__getitem__):
        tied = list(run)
        if 1 < len(tied) <= MAX_SETTLED:
            of = documents(tied)
            tied.sort(key=lambda d: (of[d], d))
        out.extend(tied)
    return out


def settled_rows(
    rows: Iterable[tuple],
    score_at: int,
    key: Callable[[tuple], object],
    cheap: Callable[[tuple], object] | None = None,
) -> Iterator[tuple]:
    """Ranked ``rows`` (tuples whose ``score_at`` item is the score) lazily, each run of equal
    scores ordered by ``key`` (by ``cheap`` instead beyond MAX_SETTLED tied rows, when ``key``
    reads stored fields): a generator, so a page that stops early reads no further."""
    for _, run in groupby(rows, key=lambda row: row[score_at]):
        tied = list(run)
        if len(tied) > 1:
            tied.sort(key=cheap if cheap is not None and len(tied) > MAX_SETTLED else key)
        yield from tied
