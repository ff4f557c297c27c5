"""Whoosh analyzers built from the syllable tokenizer and two small filters.

The tokenizer does everything that needs the original text (offsets, case,
abbreviations, numerals); the filters only rewrite ``t.text``, never positions
or offsets, so a phrase matches and a highlight lands where the text says.
All classes are plain and module-level so the schema pickles into the index.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

from whoosh.analysis import CompositeAnalyzer, Filter, Token, Tokenizer

from analyzers.syllables import AbbreviationTable, active_abbreviations, index_syllables, syllables
from analyzers.terms import FOLDED_PAIR
from analyzers.text import canonical, fold, nfc


class _ItemTokenizer(Tokenizer):
    """Fills Whoosh tokens from ``items(value)``: (text, position, start, end) tuples.

    Whoosh's tokenizer protocol in one place; subclasses only say what the
    tokens are.
    """

    def __eq__(self, other):
        return type(self) is type(other) and vars(self) == vars(other)

    def items(self, value: str):
        raise NotImplementedError

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for text, pos, start, end in self.items(nfc(value)):
            t.text = text
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = text
            if positions:
                t.pos = start_pos + pos
            if chars:
                t.startchar = start_char + start
                t.endchar = start_char + end
            yield t


class SyllableTokenizer(_ItemTokenizer):
    """Whoosh tokenizer over :func:`analyzers.syllables.syllables`."""

    def __init__(self, query: bool = False):
        self.query = query

    def items(self, value: str):
        for syl in syllables(value, query=self.query):
            yield syl.text, syl.pos, syl.start, syl.end


class PairTokenizer(_ItemTokenizer):
    """Adjacent syllable pairs, exact ("khu_công1") and folded ("~khu_cong"), at the first one's position.

    Common syllables ("công", "nghiệp", "phát", "triển") have enormous
    postings; a pair is far rarer, so a phrase becomes a phrase of pairs and
    "these words side by side" a few term look-ups. Where several tokens share
    a position (a roman numeral and its value), every combination is paired.
    """

    def items(self, value: str):
        by_pos: dict[int, list[tuple[str, str, int, int]]] = {}
        for syl in syllables(value):
            by_pos.setdefault(syl.pos, []).append((canonical(syl.text), fold(syl.text), syl.start, syl.end))
        for pos, here in by_pos.items():
            for left, left_folded, start, _ in here:
                for right, right_folded, _, end in by_pos.get(pos + 1, ()):
                    yield f"{left}_{right}", pos, start, end
                    yield f"{FOLDED_PAIR}{left_folded}_{right_folded}", pos, start, end


class CompoundTokenizer(_ItemTokenizer):
    """pyvi's compound words of the text ("công_nghiệp phát_triển").

    pyvi is imported on first use, so only indexing pays for it: queries
    build their word terms directly and never run this analyzer. Words carry
    no offsets: they only add to the score.
    """

    def items(self, value: str):
        from analyzers.segment import compounds  # noqa: PLC0415 - pyvi is slow to import

        for i, word in enumerate(compounds(value).split()):
            yield word, i, 0, 0


class _TermFilter(Filter):
    """A filter that rewrites each token's text with ``term`` and nothing else,
    so :func:`term_positions` can apply it without Whoosh's tokens."""

    @staticmethod
    def term(text: str) -> str:
        raise NotImplementedError

    def __call__(self, tokens):
        term = self.term
        for t in tokens:
            t.text = term(t.text)
            yield t


class CanonicalFilter(_TermFilter):
    """Lower-case and put the tone mark in one place (hoá = hóa)."""

    term = staticmethod(canonical)


class FoldFilter(_TermFilter):
    """Strip every diacritic, for queries typed without accents."""

    term = staticmethod(fold)


def _word_canonical(text: str) -> str:
    return "_".join(canonical(s) for s in text.split("_"))


class WordCanonicalFilter(_TermFilter):
    """Canonicalise each syllable of a compound word, keeping the joins."""

    term = staticmethod(_word_canonical)


def term_positions(analyzer) -> Callable[[str], Sequence[tuple[str, int]]] | None:
    """For an analyzer of this module, a function giving the (term, position) of
    every token it yields for a value in index mode; None for any other analyzer.

    Why: the index writer analyses four fields of every paragraph; Whoosh's
    protocol fills a ``Token`` object per token and passes it through a
    generator per filter, which cost more than the analysis itself. The
    function runs the same tokenizer and the same term rewrites, in one loop.
    """
    parts = list(analyzer.items) if isinstance(analyzer, CompositeAnalyzer) else [analyzer]
    tokenizer, filters = parts[0], parts[1:]
    if not isinstance(tokenizer, _ItemTokenizer) or not all(isinstance(f, _TermFilter) for f in filters):
        return None
    kinds = [type(f) for f in filters]
    if type(tokenizer) is SyllableTokenizer and not tokenizer.query and kinds in ([CanonicalFilter], [FoldFilter]):
        which = 0 if kinds == [CanonicalFilter] else 1
        return lambda value: _syllable_terms(nfc(value), active_abbreviations())[which]
    if type(tokenizer) is PairTokenizer and not filters:
        return lambda value: _syllable_terms(nfc(value), active_abbreviations())[2]
    rewrites = [f.term for f in filters]
    items = tokenizer.items

    if not rewrites:
        return lambda value: [(text, pos) for text, pos, _, _ in items(nfc(value))]
    if len(rewrites) == 1:
        (rewrite,) = rewrites
        return lambda value: [(rewrite(text), pos) for text, pos, _, _ in items(nfc(value))]

    def run(value: str) -> list[tuple[str, int]]:
        out = []
        for text, pos, _, _ in items(nfc(value)):
            for rewrite in rewrites:
                text = rewrite(text)
            out.append((text, pos))
        return out

    return run


def pair_forms(analyzer) -> Callable[[str], Iterable[tuple[str, str]]] | None:
    """For the pair analyzer, a function giving the (exact, accent-free) term of every syllable its
    pairs are made of, for a value in index mode; None for any other analyzer.

    Why: the index writer leaves out an accent-free pair that a single exact pair says the same
    as, and writes which exact syllables each accent-free one stands for
    (:mod:`indexer.index.folded_pairs`): these are that table's entries, from the same pass
    that made the pairs (no second analysis).
    """
    if type(analyzer) is not PairTokenizer:
        return None

    def forms(value: str) -> Iterable[tuple[str, str]]:
        exact, folded, _ = _syllable_terms(nfc(value), active_abbreviations())
        return zip([t for t, _ in exact], [t for t, _ in folded], strict=True)

    return forms


@lru_cache(maxsize=1 << 16)
def _forms(text: str) -> tuple[str, str]:
    """A syllable's exact and accent-free terms (Vietnamese has a few thousand syllables)."""
    return canonical(text), fold(text)


@lru_cache(maxsize=4)
def _syllable_terms(value: str, table: AbbreviationTable) -> tuple[tuple, tuple, tuple]:
    """The (term, position) lists of the exact, accent-free and pair analyzers for ``value``, in one pass.

    The index writer asks for the three fields of a paragraph one after the
    other; each syllable's forms are looked up once for all three, and the
    syllables come without offsets (:func:`analyzers.syllables.index_syllables`).
    Same tokens, same order as the analyzers give (``SyllableTokenizer`` with
    ``CanonicalFilter`` or ``FoldFilter``, ``PairTokenizer``).
    """
    tokens = index_syllables(value, table)
    forms = [_forms(text) for text, _ in tokens]
    poses = [pos for _, pos in tokens]
    exact = tuple(zip([f[0] for f in forms], poses, strict=True))
    folded = tuple(zip([f[1] for f in forms], poses, strict=True))
    pairs: list[tuple[str, int]] = []
    add = pairs.append
    if not tokens or poses[-1] == len(tokens) - 1:  # one token per position: each pairs with the next
        for pos in range(len(forms) - 1):
            (left, left_folded), (right, right_folded) = forms[pos], forms[pos + 1]
            add((f"{left}_{right}", pos))
            add((f"{FOLDED_PAIR}{left_folded}_{right_folded}", pos))
        return exact, folded, tuple(pairs)
    by_pos: dict[int, list[tuple[str, str]]] = {}
    for here, pos in zip(forms, poses, strict=True):
        by_pos.setdefault(pos, []).append(here)
    for pos, here in by_pos.items():
        after = by_pos.get(pos + 1)
        if after is None:
            continue
        for left, left_folded in here:
            for right, right_folded in after:
                add((f"{left}_{right}", pos))
                add((f"{FOLDED_PAIR}{left_folded}_{right_folded}", pos))
    return exact, folded, tuple(pairs)


def syllable_analyzer():
    """Exact syllables: case and tone placement ignored, accents kept."""
    return SyllableTokenizer() | CanonicalFilter()


def folded_analyzer():
    """Accent-free syllables: "kcn son my" finds "KCN Sơn Mỹ"."""
    return SyllableTokenizer() | FoldFilter()


def pair_analyzer():
    """Adjacent exact-syllable pairs, for fast phrases and proximity."""
    return PairTokenizer()


def word_analyzer():
    """pyvi's compound words, for a ranking boost."""
    return CompoundTokenizer() | WordCanonicalFilter()
