""" "Did you mean": the closest indexed words for a word the index does not know.

Why: a typo ("cong nhiep") or a word typed without its tone in the wrong
place finds nothing, and the same fixed tips for every query do not help. A
syllable the index does not hold is replaced by the indexed syllable nearest
to it by edit distance (rapidfuzz's Levenshtein, on the accent-free forms a
phone keyboard types), preferring one that stands next to its typed
neighbour in the text; the accents are then restored from the document text
the corrected query finds (the highlighter's spans), so the suggestion reads
as the resolutions spell it: "cong nhiep" → "công nghiệp".

Edit distance is only computed against the few indexed syllables that can be
within ``MAX_DISTANCE`` of the typed one (:class:`Lexicon`): a query with an
unknown word is most often a query with no answer, and comparing it with every
syllable of the index (tens of thousands) cost more than the whole search.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

from analyzers.terms import FOLD, PAIRS, SYL, fold_pair
from analyzers.text import canonical, fold
from indexer.searching.docsets import at_least, from_members, members
from indexer.searching.parse import Clause, ParsedQuery

MAX_DISTANCE = 2  # edits within one syllable; beyond that a "correction" is a guess
CANDIDATES = 12


class Lexicon:
    """The accent-free syllables of one index version, with what narrows a look-up to the near ones.

    Why: a syllable within ``distance`` edits of the typed one is at most
    ``distance`` characters longer or shorter, and all but ``distance`` of the
    typed characters (counted by position) occur in it: each edit changes or
    removes at most one typed character, the others are matched in the
    syllable. Both are kept as bitsets over the syllables (one per length, one
    per character), built on the first look-up, so the candidates are a few
    big-integer operations away and only they are compared by edit distance.
    The filter never drops a syllable within the distance, and keeps the
    lexicon's order, so the nearest ones are the same as over the whole lexicon.
    """

    def __init__(self, words: tuple[str, ...]):
        self.words = words
        self._lengths: list[int] | None = None
        self._chars: dict[str, int] = {}
        self._lock = threading.Lock()

    def near(self, typed: str, distance: int) -> list[str]:
        """The syllables that may be within ``distance`` edits of ``typed`` (a superset), in lexicon order."""
        lengths, chars = self._index()
        among = 0
        for n in range(max(0, len(typed) - distance), min(len(lengths), len(typed) + distance + 1)):
            among |= lengths[n]
        need = len(typed) - distance
        if need > 0 and among:
            counts: dict[str, int] = {}
            for ch in typed:
                counts[ch] = counts.get(ch, 0) + 1
            among = at_least(among, [(chars.get(ch, 0), n) for ch, n in counts.items()], need)
        return [self.words[i] for i in members(among, len(self.words))] if among else []

    def _index(self) -> tuple[list[int], dict[str, int]]:
        with self._lock:
            if self._lengths is None:
                by_length: dict[int, list[int]] = {}
                by_char: dict[str, list[int]] = {}
                for i, word in enumerate(self.words):
                    by_length.setdefault(len(word), []).append(i)
                    for ch in set(word):
                        by_char.setdefault(ch, []).append(i)
                size = len(self.words)
                self._chars = {ch: from_members(ids, size) for ch, ids in by_char.items()}
                top = max(by_length, default=-1)
                self._lengths = [from_members(by_length.get(n, ()), size) for n in range(top + 1)]
            return self._lengths, self._chars


_LEXICONS: OrderedDict[object, Lexicon] = OrderedDict()  # a cache, per index version
_LOCK = threading.Lock()


def lexicon(searcher, version: object) -> Lexicon:
    """The accent-free syllables of one index version (the last few versions are kept)."""
    with _LOCK:
        found = _LEXICONS.get(version)
    if found is None:
        found = Lexicon(tuple(t.decode("utf-8") if isinstance(t, bytes) else t for t in searcher.lexicon(FOLD)))
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
    syllables: Callable[[], Lexicon],
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


def _nearest(searcher, typed: str, lexicon: Lexicon, neighbour) -> str | None:
    """The indexed syllable nearest to ``typed``: fewest edits, then most often beside its neighbours.

    rapidfuzz is imported here, not with the module: most searches know every
    word, and a one-shot CLI search should not pay its import (~10 ms).
    """
    from rapidfuzz import process  # noqa: PLC0415
    from rapidfuzz.distance import Levenshtein  # noqa: PLC0415

    candidates = lexicon.near(typed, MAX_DISTANCE)
    if not candidates:
        return None
    found = process.extract(typed, candidates, scorer=Levenshtein.distance, score_cutoff=MAX_DISTANCE, limit=CANDIDATES)
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

    # Only the nearest ones can win: the index is asked about them alone (every segment's term table).
    nearest = [f for f in found if f[1] == found[0][1]]
    ranked = sorted(nearest, key=lambda f: (-together(f[0]), -searcher.doc_frequency(FOLD, f[0])))
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
