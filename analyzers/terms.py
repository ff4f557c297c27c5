"""How every term of the index is spelled: one place for the analyzers, the query and the ranking.

Why: a term spelled one way when indexing and another when searching matches
nothing, silently. Field names, the pair terms of adjacent syllables (exact
and accent-free), the compound-word terms and the alternatives a typed
syllable matches are all written here.
"""

from __future__ import annotations

from collections.abc import Sequence

from analyzers.text import canonical, fold, has_accents

SYL = "syl"  # exact syllables (case and tone placement ignored)
FOLD = "fold"  # accent-free syllables
PAIRS = "pairs"  # adjacent syllables, exact and accent-free
WORDS = "words"  # pyvi's compound words
META = "meta"  # the document's title, number, type, date, issuer, signer and province

FOLDED_PAIR = "~"  # marks a folded pair, so "thành lòng" never answers an exact "thanh long"


def pair(left: str, right: str) -> str:
    """The exact pair term of two adjacent syllables."""
    return f"{canonical(left)}_{canonical(right)}"


def fold_pair(left: str, right: str) -> str:
    """The accent-free pair term of two adjacent syllables."""
    return f"{FOLDED_PAIR}{fold(left)}_{fold(right)}"


def word_term(syllables: Sequence[str]) -> str:
    """The compound-word term of typed syllables ("công nghiệp" → "công_nghie5p")."""
    return "_".join(canonical(s) for s in syllables)


def is_loose(syllable: str) -> bool:
    """A syllable typed without accents: it also matches every accented form of it."""
    return any(c.isalpha() for c in syllable) and not has_accents(syllable)


def alternatives(syllable: str, loose: bool) -> list[tuple[str, str]]:
    """The (field, term) pairs a typed syllable matches: exact first, then accent-free when loose."""
    if loose and is_loose(syllable):
        return [(SYL, canonical(syllable)), (FOLD, fold(syllable))]
    return [(SYL, canonical(syllable))]
