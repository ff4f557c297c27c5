"""Partial matches: the paragraphs holding most of a query when none holds all of it.

Why: people type questions ("Người nhận cầm cố có được cho thuê tài sản cầm
cố không?"), and the text that answers rarely repeats every word of them. So
when the full matches do not fill the page, the paragraphs holding the most
of what the query is about follow, labelled partial. What a paragraph holds is
counted in *units*, not syllables:

- typed syllables that mostly stand side by side in the text form one unit
  ("cầm cố", "tài sản"), held only where they stand together, so "công" alone
  in "công nghệ" is not half of "công nghiệp";
- a unit weighs its rarity (idf of the paragraphs holding it), so the rare
  words of a question decide; question and function words ("có", "được",
  "không", "là gì", "bao nhiêu") weigh little (:mod:`analyzers.question_words`);
- typed units that stand next to each other in the query and in the text add
  their pair to the score.

A proper name typed in capitals ("Sơn Mỹ", "Vũng Tàu") is what the query is
about: every partial match holds it, and a query naming something the index
does not know at all (such a name, or most of its units) gets no partial
matches, since every paragraph would miss what it asks about. The ranking
never depends on the page asked for, so totals and pages agree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import pairwise

from whoosh import query as wq

from analyzers.question_words import is_question_word
from analyzers.terms import FOLD, PAIRS, SYL, WORDS, fold_pair, pair, word_term
from analyzers.text import canonical, fold
from indexer.docsets import at_least, from_members, members, to_bytes
from indexer.query import BIND_SHARE, Clause, ParsedQuery, clause_query, group_query, merged_clause
from indexer.ranking import best
from indexer.tuning import (
    PARTIAL_PAIR_BOOST,
    PARTIAL_POOL,
    PARTIAL_QUESTION_WEIGHT,
    PARTIAL_SHORTLIST,
)


@dataclass(frozen=True)
class Unit:
    """One thing a paragraph may hold: a word, a compound, a phrase or an OR-group."""

    query: wq.Query
    clauses: tuple[Clause, ...]
    weight: float
    known: bool
    name: bool


@dataclass(frozen=True)
class Partial:
    """The ranked partial matches (docnum, score, coverage), at most ``PARTIAL_POOL``."""

    ranked: list[tuple[int, float, float]]


def _is_name(clause: Clause) -> bool:
    typed = clause.typed
    return typed[:1].isupper() and typed[1:].islower()


def _binds(searcher, left: Clause, right: Clause) -> bool:
    """Two typed syllables that mostly stand side by side in the text (or are one pyvi word)."""
    a, b = left.slots[-1][-1], right.slots[0][-1]
    loose = left.loose[-1] or right.loose[-1]
    if not loose and searcher.doc_frequency(WORDS, word_term([a, b])):
        return True
    if loose:
        term = fold_pair(a, b)
        rare = min(searcher.doc_frequency(FOLD, fold(s)) for s in (a, b))
    else:
        term = pair(a, b)
        rare = min(searcher.doc_frequency(SYL, canonical(s)) for s in (a, b))
    return rare > 0 and searcher.doc_frequency(PAIRS, term) >= BIND_SHARE * rare


def units(searcher, sets, parsed: ParsedQuery) -> list[Unit]:
    """The query's units of meaning with their bitsets' weights."""
    size = searcher.doc_count_all() or 1
    out: list[Unit] = []

    def add(q: wq.Query, clauses: list[Clause]) -> None:
        df = sets.of(searcher, q).bit_count()
        question = all(
            is_question_word(slot[-1], loose) for c in clauses for slot, loose in zip(c.slots, c.loose, strict=True)
        )
        weight = math.log(1 + size / (1 + df)) * math.sqrt(sum(len(c.slots) for c in clauses))
        if question:
            weight *= PARTIAL_QUESTION_WEIGHT
        name = len(clauses) >= 2 and all(_is_name(c) for c in clauses)
        out.append(Unit(q, tuple(clauses), weight, df > 0, name))

    run: list[Clause] = []

    def flush() -> None:
        if run:
            add(clause_query(merged_clause(run)) if len(run) > 1 else clause_query(run[0]), list(run))
            run.clear()

    for group in parsed.groups:
        clause = group[0]
        if len(group) == 1 and not clause.quoted and len(clause.slots) == 1:
            if run and not (_binds(searcher, run[-1], clause) or (_is_name(run[-1]) and _is_name(clause))):
                flush()
            run.append(clause)
            continue
        flush()
        add(group_query(group), list(group))
    flush()
    return out


def answerable(found: list[Unit]) -> bool:
    """Whether partial matches can say anything: no unknown name, most content units known."""
    if any(u.name and not u.known for u in found):
        return False
    content = [u for u in found if u.weight > 0 and u.clauses and not _all_question(u)]
    if not content:
        content = found
    unknown = sum(not u.known for u in content)
    return unknown * 2 < len(content)


def _all_question(unit: Unit) -> bool:
    return all(
        is_question_word(slot[-1], loose) for c in unit.clauses for slot, loose in zip(c.slots, c.loose, strict=True)
    )


def partial(searcher, sets, parsed: ParsedQuery, allowed: int) -> Partial:
    """The best partial matches among ``allowed`` (not full matches, filtered, not excluded)."""
    found = units(searcher, sets, parsed)
    if len(found) < 2 or not answerable(found):
        return Partial([])
    size = searcher.doc_count_all()
    whole = sum(u.weight for u in found) or 1.0
    held = [(sets.of(searcher, u.query) & allowed, u.weight / whole) for u in found]
    content = [bits for (bits, _), u in zip(held, found, strict=True) if not _all_question(u)]
    candidates = 0
    for bits in content or [b for b, _ in held]:
        candidates |= bits
    for (bits, _), u in zip(held, found, strict=True):
        if u.name:  # a proper name is what the query is about: every partial match holds it
            candidates &= bits
    if not candidates:
        return Partial([])
    # The candidates of highest coverage, found on the bitsets: the coverage
    # threshold is lowered until the shortlist is big enough (bit-sliced sums).
    weighted = [(bits, round(w * 1024)) for bits, w in held]
    threshold, shortlist_bits = 1024, 0
    while threshold > 0:
        shortlist_bits = at_least(candidates, weighted, threshold)
        if shortlist_bits.bit_count() >= PARTIAL_SHORTLIST:
            break
        threshold -= 64
    if threshold <= 0:
        shortlist_bits = candidates
    shortlist = members(shortlist_bits, size)
    rows = [(to_bytes(bits, size), w) for bits, w in held]
    coverage = {d: sum(w for data, w in rows if data[d >> 3] >> (d & 7) & 1) for d in shortlist}
    scores = {d: s for s, d in best(searcher, sets, _score_query(found), from_members(shortlist, size))}
    final = {d: rank_score(coverage[d], scores.get(d, 0.0)) for d in shortlist}
    ranked = sorted(shortlist, key=lambda d: -final[d])[:PARTIAL_POOL]
    return Partial([(d, final[d], coverage[d]) for d in ranked])


def rank_score(coverage: float, bm25: float) -> float:
    """More of the query first, then BM25 (rare words, pairs side by side)."""
    return coverage * bm25


def _score_query(found: list[Unit]) -> wq.Query:
    """BM25 over the units (question words weigh little) and the pairs of units typed side by side."""
    parts: list[wq.Query] = []
    for u in found:
        q = u.query.copy() if hasattr(u.query, "copy") else u.query
        q.boost = q.boost * (PARTIAL_QUESTION_WEIGHT if _all_question(u) else 1.0)
        parts.append(q)
    for left, right in pairwise(found):
        a, b = left.clauses[-1], right.clauses[0]
        if len(a.slots) == 1 == len(b.slots) and not a.quoted and not b.quoted:
            loose = a.loose[-1] or b.loose[-1]
            term = fold_pair(a.slots[0][-1], b.slots[0][-1]) if loose else pair(a.slots[0][-1], b.slots[0][-1])
            parts.append(wq.Term(PAIRS, term, boost=PARTIAL_PAIR_BOOST))
    return wq.Or(parts)
