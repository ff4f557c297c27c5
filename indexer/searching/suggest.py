""" "Did you mean": the closest indexed words for a word the index does not know.

Why: a typo ("cong nhiep") or a word typed without its tone in the wrong
place finds nothing, and the same fixed tips for every query do not help. A
syllable the index does not hold is replaced by the indexed syllable nearest
to it by edit distance (rapidfuzz's Levenshtein, on the accent-free forms a
phone keyboard types), preferring one that stands next to its typed
neighbour in the text; the accents are then restored from the document text
the corrected query finds (the highlighter's spans), so the suggestion reads
as the resolutions spell it: "cong nhiep" → "công nghiệp".
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

from analyzers.terms import FOLD, PAIRS, SYL, fold_pair
from analyzers.text import canonical, fold
from indexer.searching.parse import Clause, ParsedQuery

MAX_DISTANCE = 2  # edits within one syllable; beyond that a "correction" is a guess
CANDIDATES = 12


_LEXICONS: OrderedDict[object, tuple[str, ...]] = OrderedDict()  # a cache, per index version
_LOCK = threading.Lock()


def lexicon(searcher, version: object) -> tuple[str, ...]:
    """The accent-free syllables of one index version (the last few versions are kept)."""
    with _LOCK:
        found = _LEXICONS.get(version)
    if found is None:
        found = tuple(t.decode("utf-8") if isinstance(t, bytes) else t for t in searcher.lexicon(FOLD))
        with _LOCK:
            _LEXICONS[version] = found
            while len(_LEXICONS) > 4:
                _LEXICONS.popitem(last=False)
    return found


def _known(searcher, syllable: str, loose: bool) -> bool:
    if loose:
        return searcher.doc_frequency(FOLD, fold(syllable)) > 0
    return searcher.doc_frequency(SYL, canonical(syllable)) > 0


def corrected(
    searcher,
    parsed: ParsedQuery,
    syllables: Callable[[], tuple[str, ...]],
    known: Callable[[Clause], bool] | None = None,
) -> str | None:
    """The query with each unknown syllable replaced by its nearest indexed one (accent-free), or None.

    An unknown syllable with no indexed one within ``MAX_DISTANCE`` edits is
    dropped ("xyzqw công nghiệp" → "công nghiệp"): it should not cancel the rest.

    ``syllables`` gives the index's accent-free syllables (read only when needed);
    ``known`` says whether the index holds a one-syllable clause as typed (the
    search has its terms' bitsets at hand; by default, their document frequency).
    """
    words: list[str] = []
    changed = False
    clauses = [c for g in parsed.groups for c in g]
    for i, clause in enumerate(clauses):
        syls = [slot[-1] for slot in clause.slots]
        if len(syls) != 1 or clause.quoted or not any(ch.isalpha() for ch in syls[0]):
            words.append(clause.typed)
            continue
        syl, loose = syls[0], clause.loose[0]
        if known(clause) if known is not None else _known(searcher, syl, loose):
            words.append(clause.typed)
            continue
        changed = True
        if _known(searcher, syl, True):  # accents the text never has: the accent-free form, re-accented later
            words.append(fold(syl))
            continue
        best = _nearest(searcher, fold(syl), syllables(), _neighbours(clauses, i))
        if best is not None:  # a word nothing in the index is near is left out: the rest is the suggestion
            words.append(best)
    return " ".join(words) if changed and words else None


def _neighbours(clauses: list[Clause], i: int) -> tuple[str | None, str | None]:
    left = clauses[i - 1].slots[-1][-1] if i > 0 else None
    right = clauses[i + 1].slots[0][-1] if i + 1 < len(clauses) else None
    return left, right


def _nearest(searcher, typed: str, lexicon: tuple[str, ...], neighbour) -> str | None:
    """The indexed syllable nearest to ``typed``: fewest edits, then most often beside its neighbours.

    rapidfuzz is imported here, not with the module: most searches know every
    word, and a one-shot CLI search should not pay its import (~10 ms).
    """
    from rapidfuzz import process  # noqa: PLC0415
    from rapidfuzz.distance import Levenshtein  # noqa: PLC0415

    found = process.extract(typed, lexicon, scorer=Levenshtein.distance, score_cutoff=MAX_DISTANCE, limit=CANDIDATES)
    if not found:
        return None
    left, right = neighbour

    def together(candidate: str) -> int:
        n = 0
        if left:
            n += searcher.doc_frequency(PAIRS, fold_pair(left, candidate))
        if right:
            n += searcher.doc_frequency(PAIRS, fold_pair(candidate, right))
        return n

    ranked = sorted(found, key=lambda f: (f[1], -together(f[0]), -searcher.doc_frequency(FOLD, f[0])))
    return ranked[0][0]


def restore_accents(text: str, clause_spans: Callable, parsed: ParsedQuery) -> str | None:
    """The corrected query spelled as the document ``text`` spells each clause (lower case), or None."""
    found = clause_spans(text, parsed.clauses)
    words = []
    for clause, spans in zip(parsed.clauses, found, strict=True):
        if not spans:
            words.append(clause.typed)
            continue
        s, e = spans[0]
        words.append(text[s:e].lower() if not clause.typed.isupper() else clause.typed)
    return " ".join(words)
