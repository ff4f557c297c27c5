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

from analyzers.syllables import syllables
from analyzers.text import canonical, fold
from indexer.query import Clause, _is_loose

Span = tuple[int, int]


def _positions(text: str) -> dict[int, list[tuple[str, str, int, int]]]:
    table: dict[int, list[tuple[str, str, int, int]]] = defaultdict(list)
    for syl in syllables(text):
        table[syl.pos].append((canonical(syl.text), fold(syl.text), syl.start, syl.end))
    return table


def _slot_matches(slot: tuple[str, ...], tokens: list[tuple[str, str, int, int]]) -> list[tuple[int, int]]:
    hits = []
    for canon, folded, start, end in tokens:
        for alt in slot:
            if (fold(alt) == folded) if _is_loose(alt) else (canonical(alt) == canon):
                hits.append((start, end))
                break
    return hits


def clause_spans(text: str, clauses: list[Clause]) -> list[list[Span]]:
    """For each clause, the spans of ``text`` where it matches (possibly none)."""
    table = _positions(text)
    out: list[list[Span]] = []
    for clause in clauses:
        spans: list[Span] = []
        n = len(clause.slots)
        for p in sorted(table):
            ranges = []
            for i in range(n):
                hit = _slot_matches(clause.slots[i], table.get(p + i, []))
                if not hit:
                    break
                ranges.extend(hit)
            else:
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
