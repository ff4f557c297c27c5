"""Find where each query clause matches a paragraph, as offsets into its text.

Whoosh's highlighter marks every occurrence of every term, so for the phrase
"Sơn Mỹ" it marks "Sơn" in "Sơn La" too. This module re-reads the stored
paragraph with the same syllable analysis the index used and matches clauses
with the index's own rules (canonical tone placement, folding for accent-free
syllables, consecutive positions for phrases), so a span is exactly where the
clause matched, in the original spelling: "KCN" for "khu công nghiệp".
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from analyzers.syllables import AbbreviationTable, active_abbreviations, syllables
from analyzers.text import canonical, fold
from indexer.query import Clause, _is_loose

Span = tuple[int, int]


class _Tokens:
    """A paragraph's tokens, indexed by canonical and folded form for quick lookup."""

    def __init__(self, text: str):
        self.offsets: dict[int, list[tuple[int, int]]] = defaultdict(list)
        self.by_canon: dict[str, set[int]] = defaultdict(set)
        self.by_fold: dict[str, set[int]] = defaultdict(set)
        self.spans: dict[tuple[int, str], tuple[int, int]] = {}
        for syl in syllables(text):
            canon, folded = canonical(syl.text), fold(syl.text)
            self.by_canon[canon].add(syl.pos)
            self.by_fold[folded].add(syl.pos)
            self.offsets[syl.pos].append((syl.start, syl.end))

    def positions(self, slot: tuple[str, ...], loose: bool) -> set[int]:
        found: set[int] = set()
        for alt in slot:
            if loose and _is_loose(alt):
                found |= self.by_fold.get(fold(alt), set())
            else:
                found |= self.by_canon.get(canonical(alt), set())
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


def clause_spans(text: str, clauses: list[Clause]) -> list[list[Span]]:
    """For each clause, the spans of ``text`` where it matches (possibly none)."""
    tokens = _tokens(text)
    out: list[list[Span]] = []
    for clause in clauses:
        sets = [tokens.positions(slot, loose) for slot, loose in zip(clause.slots, clause.loose, strict=True)]
        starts = sorted(p for p in sets[0] if all(p + i in sets[i] for i in range(1, len(sets))))
        spans: list[Span] = []
        for p in starts:
            ranges = [r for i in range(len(sets)) for r in tokens.offsets[p + i]]
            spans.append((min(s for s, _ in ranges), max(e for _, e in ranges)))
        out.append(spans)
    return out


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
