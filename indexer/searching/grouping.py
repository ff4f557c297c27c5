"""Results by document, and results ordered by date.

A reader who asks "which resolutions speak of this" wants each document once,
with how many of its paragraphs match and its best few paragraphs. The
engine scores every matching paragraph anyway (:func:`indexer.searching.ranking.best`
computes all the scores before it picks the best), so grouping is a walk
down the ranked list: a document takes its place at its best paragraph and
collects the next ones until it has enough. Only the paragraphs shown are
read from the index; the count per document comes exact from the bitsets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

SORTS = ("relevance", "date")
GROUPS = ("", "paragraph", "document")
PER_DOCUMENT = 3

# One ranked row: (doc_id, score, partial, ref) where ``ref`` is what
# ``load`` turns into the paragraph's stored fields (None when the paragraph
# fails the query's exact check, e.g. a phrase that is only its pairs).
Row = tuple[str, float, bool, object]


def by_date(rows: Iterable[Row], newest: Callable[[str], tuple]) -> list[Row]:
    """``rows`` ordered newest document first; within a document, the ranked order stays."""
    return sorted(rows, key=lambda row: newest(row[0]))


def take(rows: Iterable[Row], load: Callable[[object], dict | None], wanted: int) -> tuple[list, int]:
    """The first ``wanted`` rows that pass ``load``, as (fields, score, partial), and how many failed."""
    out, rejected = [], 0
    for _doc_id, score, partial, ref in rows:
        fields = load(ref)
        if fields is None:
            rejected += 1
            continue
        out.append((fields, score, partial))
        if len(out) == wanted:
            break
    return out, rejected


def documents(
    rows: Iterable[Row],
    load: Callable[[object], dict | None],
    first: int,
    count: int,
    matches: Callable[[str], int],
    per_document: int = PER_DOCUMENT,
) -> list[tuple[str, list[tuple[dict, float, bool]]]]:
    """Documents ``first`` to ``first + count`` (0-based) in the order of their best row, each with
    its best ``per_document`` rows.

    A document's place is that of its best row that passes ``load``; rows of
    documents before the page are only checked, never collected. The walk ends
    as soon as every document on the page has ``min(per_document, matches(doc))``
    rows.
    """
    order: list[str] = []
    place: dict[str, int] = {}
    collected: dict[str, list] = {}
    need = first + count
    waiting = 0  # documents on the page still short of rows
    for doc_id, score, partial, ref in rows:
        at = place.get(doc_id)
        if at is None:
            if len(order) >= need:
                continue
            fields = load(ref)
            if fields is None:
                continue
            place[doc_id] = at = len(order)
            order.append(doc_id)
            if at >= first:
                collected[doc_id] = [(fields, score, partial)]
                if min(per_document, matches(doc_id)) > 1:
                    waiting += 1
        elif at >= first and len(collected[doc_id]) < per_document:
            fields = load(ref)
            if fields is None:
                continue
            collected[doc_id].append((fields, score, partial))
            if len(collected[doc_id]) == min(per_document, matches(doc_id)):
                waiting -= 1
        if len(order) >= need and waiting <= 0:
            break
    return [(doc_id, collected[doc_id]) for doc_id in order[first:]]


def chain(*parts: Iterable[Row]) -> Iterator[Row]:
    """Rows of several tiers, one after the other, lazily."""
    for part in parts:
        yield from part
