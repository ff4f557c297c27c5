"""Find where each query clause matches a paragraph, as offsets into its text.

Whoosh's highlighter marks every occurrence of every term, so for the phrase
"Sơn Mỹ" it marks "Sơn" in "Sơn La" too. This module re-reads the stored
paragraph with the same syllable analysis the index used and matches clauses
with the index's own rules (canonical tone placement, folding for accent-free
syllables, consecutive positions for phrases), so a span is exactly where the
clause matched, in the original spelling: "KCN" for "khu công nghiệp".
"""

from __future__ import annotations

import weakref
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable
from functools import cached_property, lru_cache

from analyzers.syllables import AbbreviationTable, active_abbreviations, syllables
from analyzers.terms import FOLD, PAIRS, WORDS, alternatives
from analyzers.text import canonical, fold
from indexer.searching.parse import Clause

Span = tuple[int, int]
Joined = Callable[[str, str], bool]


class _Tokens:
    """A paragraph's tokens, indexed by canonical form for quick lookup.

    The folded index and the offsets are built on first use: most queries
    have accents (no folded look-up), and a clause's offsets are asked only
    where it matched, so a long paragraph is walked once, not three times.
    """

    def __init__(self, text: str):
        self._syllables = tuple(syllables(text))
        by_canon: dict[str, set[int]] = defaultdict(set)
        canon: dict[int, str] = {}  # the text's own syllable at each position (the first, for expansions)
        for syl in self._syllables:
            form = canonical(syl.text)
            canon.setdefault(syl.pos, form)
            by_canon[form].add(syl.pos)
        self.by_canon = by_canon
        self.canon = canon

    @cached_property
    def by_fold(self) -> dict[str, set[int]]:
        found: dict[str, set[int]] = defaultdict(set)
        for syl in self._syllables:
            found[fold(syl.text)].add(syl.pos)
        return found

    @cached_property
    def _positions(self) -> list[int]:
        return [syl.pos for syl in self._syllables]  # ascending: tokens come in text order

    def offsets(self, pos: int) -> list[tuple[int, int]]:
        """The (start, end) of each token at ``pos`` (several for an expanded abbreviation)."""
        positions = self._positions
        lo, hi = bisect_left(positions, pos), bisect_right(positions, pos)
        return [(syl.start, syl.end) for syl in self._syllables[lo:hi]]

    def positions(self, slot: tuple[str, ...], loose: bool) -> set[int]:
        found: set[int] = set()
        for alt in slot:
            field, term = alternatives(alt, loose)[-1]  # the widest form the index matches
            found |= (self.by_fold if field == FOLD else self.by_canon).get(term, set())
        return found


def _tokens(text: str) -> _Tokens:
    """Tokenised paragraphs are reused: the same hits come back for related queries.

    Only paragraphs of ordinary length are kept, so a few huge tables cannot
    fill the memory of a long-running server."""
    return _cached_tokens(text, active_abbreviations()) if len(text) <= CACHE_TEXT_LIMIT else _Tokens(text)


CACHE_TEXT_LIMIT = 5_000


@lru_cache(maxsize=2048)
def _cached_tokens(text: str, table: AbbreviationTable) -> _Tokens:
    # ``table`` is part of the key: the same text reads otherwise under another table.
    return _Tokens(text)


_COMPOUNDS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # DocSets -> {(left, right): joined}
_COMPOUNDS_LIMIT = 100_000  # remembered syllable pairs per index version


def compounds(searcher, sets) -> Joined:
    """Whether two canonical syllables side by side are one word of the text, by pyvi's reading.

    pyvi only runs when indexing; its compound words are the ``words`` field.
    Two syllables count as one word where pyvi joins at least half of the
    paragraphs holding them side by side ("doanh nghiệp"), so a rare
    context-dependent joining does not decide. The answers are remembered per
    index version (``sets``, the version's term bitsets): the same pairs come
    back in every hit of related queries.
    """
    known = _COMPOUNDS.setdefault(sets, {})
    df = searcher.doc_frequency

    def joined(left: str, right: str) -> bool:
        found = known.get((left, right))
        if found is None:
            words = df(WORDS, f"{left}_{right}")
            found = words > 0 and 2 * words >= df(PAIRS, f"{left}_{right}")
            if len(known) > _COMPOUNDS_LIMIT:
                known.clear()
            known[(left, right)] = found
        return found

    return joined


def clause_spans(
    text: str,
    clauses: list[Clause],
    runs: list[list[int]] | None = None,
    joined: Joined | None = None,
    words: list[list[int]] | None = None,
) -> list[list[Span]]:
    """For each clause, the spans of ``text`` where it matches (possibly none).

    ``runs`` lists clauses typed side by side (by index). A clause of a run is
    marked only where it stands beside its typed neighbour, when it does so
    anywhere in the text: "công nghiệp" marks "công nghiệp", never the lone
    "công" of "công nghệ" in the same paragraph. With ``joined`` (see
    :func:`compounds`), a run's clause is not marked where its syllable is
    one half of a compound word of the text whose other half was not typed
    there: for "công nghiệp hỗ trợ", "doanh nghiệp hỗ trợ" marks "hỗ trợ".
    ``words`` lists clauses typed side by side that make one word (by index):
    each is marked only where the whole word stands, so for "Hội đồng nhân
    dân" the "đồng" of "đồng thuận" is not marked.
    """
    tokens = _tokens(text)
    starts: list[list[int]] = []
    for clause in clauses:
        sets = [tokens.positions(slot, loose) for slot, loose in zip(clause.slots, clause.loose, strict=True)]
        starts.append(sorted(p for p in sets[0] if all(p + i in sets[i] for i in range(1, len(sets)))))
    for run in runs or ():
        starts = _together(starts, clauses, run)
        if joined is not None:
            starts = _outside_compounds(starts, clauses, run, tokens.canon, joined)
    for word in words or ():
        starts = _whole(starts, clauses, word)
    out: list[list[Span]] = []
    for clause, found in zip(clauses, starts, strict=True):
        spans: list[Span] = []
        for p in found:
            ranges = [r for i in range(len(clause.slots)) for r in tokens.offsets(p + i)]
            spans.append((min(s for s, _ in ranges), max(e for _, e in ranges)))
        out.append(spans)
    return out


def _outside_compounds(
    starts: list[list[int]], clauses: list[Clause], run: list[int], canon: dict[int, str], joined: Joined
) -> list[list[int]]:
    """Drop a run clause's occurrences whose edge syllable is bound to an untyped neighbour of the text.

    Repeated until nothing changes: dropping "nghiệp" of "doanh nghiệp" leaves
    "hỗ" without its typed left neighbour, and "hỗ" is then judged again (only
    the neighbours of a clause that lost occurrences are).
    """
    kept = list(starts)
    width = [len(clauses[i].slots) for i in run]
    pending = set(range(len(run)))
    while pending:
        k = pending.pop()
        i, w = run[k], width[k]
        if not kept[i]:
            continue
        left = {p + width[k - 1] for p in kept[run[k - 1]]} if k > 0 else set()
        right = set(kept[run[k + 1]]) if k + 1 < len(run) else set()
        found = []
        for p in kept[i]:
            if p not in left and p - 1 in canon and joined(canon[p - 1], canon[p]):
                continue
            if p + w not in right and p + w in canon and joined(canon[p + w - 1], canon[p + w]):
                continue
            found.append(p)
        if len(found) != len(kept[i]):
            kept[i] = found
            pending.update(x for x in (k - 1, k + 1) if 0 <= x < len(run))
    return kept


def _whole(starts: list[list[int]], clauses: list[Clause], word: list[int]) -> list[list[int]]:
    """Keep each clause's occurrences that are part of an occurrence of the whole ``word``."""
    offsets = [0]
    for i in word[:-1]:
        offsets.append(offsets[-1] + len(clauses[i].slots))
    found = [set(starts[i]) for i in word]
    begins = [p for p in starts[word[0]] if all(p + o in f for o, f in zip(offsets, found, strict=True))]
    kept = list(starts)
    for i, o in zip(word, offsets, strict=True):
        kept[i] = sorted({p + o for p in begins})
    return kept


def _together(starts: list[list[int]], clauses: list[Clause], run: list[int]) -> list[list[int]]:
    """Keep each run clause's occurrences that stand beside a neighbour's, if it has any."""
    kept = list(starts)
    for k, i in enumerate(run):
        beside: set[int] = set()
        if k > 0:
            left = run[k - 1]
            ends = {p + len(clauses[left].slots) for p in starts[left]}
            beside |= {p for p in starts[i] if p in ends}
        if k + 1 < len(run):
            right = run[k + 1]
            width = len(clauses[i].slots)
            following = set(starts[right])
            beside |= {p for p in starts[i] if p + width in following}
        if beside:
            kept[i] = sorted(beside)
    return kept


def merge(spans: list[Span], text: str = "") -> list[Span]:
    """Sort and merge spans that overlap or are separated only by spaces.

    So "KCN Sơn Mỹ" is marked as one stretch, not three words.
    """
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        if merged and (s <= merged[-1][1] or (text and not text[merged[-1][1] : s].strip())):
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


def snippet(text: str, spans: list[Span], width: int = 320) -> tuple[str, list[Span]]:
    """A window of ``text`` around its first match, with the spans shifted into it."""
    if len(text) <= width:
        return text, list(spans)
    first = spans[0][0] if spans else 0
    start = max(0, first - width // 4)
    # Start and end on word boundaries.
    if start > 0:
        space = text.rfind(" ", 0, start)
        start = space + 1 if space >= 0 and start - space < 30 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.find(" ", end)
        end = space if 0 <= space - end < 30 else end
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - start
    inside = [(s + shift, e + shift) for s, e in spans if s >= start and e <= end]
    return prefix + text[start:end] + suffix, inside
