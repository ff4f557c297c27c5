"""Parsed queries compiled into query nodes: what must match, what boosts, what binds.

The parser (:mod:`indexer.searching.parse`, pure) says what the user asked; this module
says how the index answers it: each clause's terms (spelled by
:mod:`analyzers.terms`), the required AND, the exclusions, the optional boosts
for words side by side, and the tighter form where typed words stand together
in the text. Its names ``Clause``, ``ParsedQuery`` and ``parse_query`` are the
parser's, re-exported.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from analyzers.terms import FOLD, FOLDED_PAIR, PAIRS, SYL, WORDS, alternatives, fold_pair, pair
from analyzers.text import canonical, fold
from indexer.searching.nodes import All, Any, Node, Phrase, Term
from indexer.searching.parse import MAX_QUERY_CHARS, Clause, ParsedQuery, parse_query  # noqa: F401 - the parser's names, re-exported
from indexer.searching.tuning import BIND_SHARE, EXACT_BOOST, PROXIMITY_BOOST, WORD_BOOST


def slot_query(slot: tuple[str, ...], loose: bool) -> Node:
    """One position: exact canonical syllables, or for a loose one also its folded form."""
    alts: list[Node] = []
    for alt in dict.fromkeys(slot):
        found = alternatives(alt, loose)
        exact_boost = EXACT_BOOST if len(found) > 1 else 1.0  # the exact form above the accent-free ones
        alts.extend(Term(field, term, boost=exact_boost if field == SYL else 1.0) for field, term in found)
    return alts[0] if len(alts) == 1 else Any(alts)


def _phrase_terms(clause: Clause, folded: bool) -> list[str]:
    # Where a slot has alternatives (a roman numeral and its value), the index
    # holds both at that position: the last one (the value) is enough.
    return [fold(slot[-1]) if folded else canonical(slot[-1]) for slot in clause.slots]


def _pairs(terms: list[str], folded: bool = False) -> list[str]:
    mark = FOLDED_PAIR if folded else ""
    return [f"{mark}{a}_{b}" for a, b in pairwise(terms)]


def phrase_pairs(clause: Clause, folded: bool) -> list[str]:
    """The pair terms of a clause's syllables side by side (exact, or accent-free)."""
    return _pairs(_phrase_terms(clause, folded), folded)


def exact_phrase(terms: list[str], boost: float = 1.0, verified: bool = True, folded: bool = False) -> Node:
    """Canonical syllables side by side, from their pairs (short postings).

    Two syllables are one pair term. Longer phrases are the AND of their pairs,
    which the search verifies on the text of what it shows (``verified``);
    where nothing verifies afterwards (an exclusion), a phrase of pairs.
    """
    pairs = _pairs(terms, folded)
    if len(pairs) == 1:
        return Term(PAIRS, pairs[0], boost=boost)
    if verified:
        return All([Term(PAIRS, p) for p in pairs], boost=boost)
    return Phrase(PAIRS, pairs, boost=boost)


def clause_query(clause: Clause, verified: bool = True) -> Node:
    """The query node that finds one clause (see :func:`exact_phrase` for ``verified``)."""
    if len(clause.slots) == 1:
        return slot_query(clause.slots[0], clause.loose[0])
    exact = exact_phrase(_phrase_terms(clause, False), verified=verified)
    if not clause.folded_only:
        return exact
    exact.boost = EXACT_BOOST
    return Any([exact, exact_phrase(_phrase_terms(clause, True), verified=verified, folded=True)])


def typed_runs(parsed: ParsedQuery) -> list[list[int]]:
    """The runs of words typed side by side, as indexes into ``parsed.clauses``."""
    index = {id(c): i for i, c in enumerate(parsed.clauses)}
    return [[index[id(c)] for c in run] for run in _runs(parsed)]


def _runs(parsed: ParsedQuery) -> list[list[Clause]]:
    """Consecutive unquoted single-clause groups: words typed next to each other."""
    runs, cur = [], []
    for group in parsed.groups:
        if len(group) == 1 and not group[0].quoted:
            cur.append(group[0])
        else:
            if len(cur) > 1:
                runs.append(cur)
            cur = []
    if len(cur) > 1:
        runs.append(cur)
    return runs


def boost_query(parsed: ParsedQuery) -> Node | None:
    """Optional parts that only raise the score: the words near each other, pyvi compounds."""
    extra: list[Node] = []
    for run in _runs(parsed):
        merged = merged_clause(run)
        folded = merged.folded_only
        terms = _phrase_terms(merged, folded)
        # Each pair of typed words found side by side adds to the score.
        extra.extend(Term(PAIRS, p, boost=PROXIMITY_BOOST) for p in _pairs(terms, folded))
        if not folded:
            for n in (2, 3):
                for i in range(len(terms) - n + 1):
                    extra.append(Term(WORDS, "_".join(terms[i : i + n]), boost=WORD_BOOST))
    if not extra:
        return None
    return extra[0] if len(extra) == 1 else Any(extra)


def merged_clause(run: list[Clause]) -> Clause:
    return Clause(
        " ".join(c.typed for c in run),
        tuple(s for c in run for s in c.slots),
        loose=tuple(flag for c in run for flag in c.loose),
    )


def _bound(left: Clause, right: Clause, df: Callable[[str, str], int], folded: bool) -> bool:
    """Whether the last syllable of ``left`` and the first of ``right`` mostly stand side by side."""
    a, b = left.slots[-1][-1], right.slots[0][-1]
    if folded:
        term, rare = fold_pair(a, b), min(df(FOLD, fold(a)), df(FOLD, fold(b)))
    else:
        term, rare = pair(a, b), min(df(SYL, canonical(a)), df(SYL, canonical(b)))
    return rare > 0 and df(PAIRS, term) >= BIND_SHARE * rare


def tight_query(parsed: ParsedQuery, df: Callable[[str, str], int]) -> Node | None:
    """The query's words with the ones that stand together in the text kept together.

    Typed words next to each other whose syllables mostly appear side by side
    in the index ("quyền sử dụng đất", "bảo hiểm xã hội" + "bắt buộc") form a
    unit matched as adjacent pairs, whose postings are short. Its matches are a
    subset of :func:`required_query`'s, the ones a reader wants first, and
    reading them costs a fraction of intersecting the syllables. None when no
    typed words bind (the query is its own tight form).
    """
    runs = {id(run[0]): run for run in _runs(parsed)}
    qs: list[Node] = []
    bound_any = False
    i = 0
    groups = parsed.groups
    while i < len(groups):
        run = runs.get(id(groups[i][0])) if len(groups[i]) == 1 else None
        if run is None:
            qs.append(group_query(groups[i]))
            i += 1
            continue
        folded = merged_clause(run).folded_only
        unit = [run[0]]
        for clause in run[1:]:
            if _bound(unit[-1], clause, df, folded):
                unit.append(clause)
                bound_any = True
            else:
                qs.append(clause_query(merged_clause(unit)) if len(unit) > 1 else clause_query(unit[0]))
                unit = [clause]
        qs.append(clause_query(merged_clause(unit)) if len(unit) > 1 else clause_query(unit[0]))
        i += len(run)
    if not bound_any:
        return None
    return qs[0] if len(qs) == 1 else All(qs)


def group_query(group: list[Clause]) -> Node:
    qs = [clause_query(c) for c in group]
    return qs[0] if len(qs) == 1 else Any(qs)


def required_query(parsed: ParsedQuery) -> Node:
    """Every group must match (the AND of the query)."""
    qs = [group_query(g) for g in parsed.groups]
    return qs[0] if len(qs) == 1 else All(qs)


def excluded_query(parsed: ParsedQuery) -> Node | None:
    if not parsed.excluded:
        return None
    qs = [clause_query(c, verified=False) for c in parsed.excluded]
    return qs[0] if len(qs) == 1 else Any(qs)
