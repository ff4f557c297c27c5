"""How every term of the index is spelled: one place for the analyzers, the query and the ranking.

Why: a term spelled one way when indexing and another when searching matches
nothing, silently. Field names, the pair terms of adjacent syllables (exact
and accent-free), the compound-word terms and the alternatives a typed
syllable matches are all written here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from analyzers.text import canonical, fold, has_accents, has_tone

SYL = "syl"  # exact syllables (case and tone placement ignored)
FOLD = "fold"  # accent-free syllables
PAIRS = "pairs"  # adjacent syllables, exact and accent-free
WORDS = "words"  # pyvi's compound words
META = "meta"  # the document's title, number, type, date, issuer, signer and province

_CHECKED = re.compile(r"[aeiouyăâêôơư](?:p|t|c|ch)$")  # a syllable closed by a stop consonant
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
    """A syllable typed without accents, or without the tone it must have: it also matches
    every accented form of it.

    A syllable closed by p, t, c or ch takes the sắc or nặng tone, never none: "nghiêp" or
    "đât" typed with the vowel's marks and no tone mark is missing its tone, not another word.
    """
    if not any(c.isalpha() for c in syllable):
        return False
    return not has_accents(syllable) or (_CHECKED.search(syllable.lower()) is not None and not has_tone(syllable))


def alternatives(syllable: str, loose: bool) -> list[tuple[str, str]]:
    """The (field, term) pairs a typed syllable matches: exact first, then accent-free when loose."""
    if loose and is_loose(syllable):
        return [(SYL, canonical(syllable)), (FOLD, fold(syllable))]
    return [(SYL, canonical(syllable))]
