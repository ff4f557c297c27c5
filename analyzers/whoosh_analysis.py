"""Whoosh analyzers built from the syllable tokenizer and two small filters.

The tokenizer does everything that needs the original text (offsets, case,
abbreviations, numerals); the filters only rewrite ``t.text``, never positions
or offsets, so a phrase matches and a highlight lands where the text says.
All classes are plain and module-level so the schema pickles into the index.
"""

from __future__ import annotations

from whoosh.analysis import Filter, Token, Tokenizer

from analyzers.syllables import syllables
from analyzers.text import canonical, fold, nfc


class SyllableTokenizer(Tokenizer):
    """Whoosh tokenizer over :func:`analyzers.syllables.syllables`."""

    def __init__(self, query: bool = False):
        self.query = query

    def __eq__(self, other):
        return type(self) is type(other) and self.query == other.query

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
        for syl in syllables(nfc(value), query=self.query):
            t.text = syl.text
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = syl.text
            if positions:
                t.pos = start_pos + syl.pos
            if chars:
                t.startchar = start_char + syl.start
                t.endchar = start_char + syl.end
            yield t


FOLDED_PAIR = "~"  # marks a folded pair, so "thành lòng" never answers an exact "thanh long"


class PairTokenizer(Tokenizer):
    """Adjacent syllable pairs, exact ("khu_công1") and folded ("~khu_cong"), at the first one's position.

    Common syllables ("công", "nghiệp", "phát", "triển") have enormous
    postings; a pair is far rarer, so a phrase becomes a phrase of pairs and
    "these words side by side" a few term look-ups. Where several tokens share
    a position (a roman numeral and its value), every combination is paired.
    """

    def __eq__(self, other):
        return type(self) is type(other)

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
        by_pos: dict[int, list[tuple[str, str, int, int]]] = {}
        for syl in syllables(nfc(value)):
            by_pos.setdefault(syl.pos, []).append((canonical(syl.text), fold(syl.text), syl.start, syl.end))
        for pos, here in by_pos.items():
            for left, left_folded, start, _ in here:
                for right, right_folded, _, end in by_pos.get(pos + 1, ()):
                    exact, folded = f"{left}_{right}", f"{FOLDED_PAIR}{left_folded}_{right_folded}"
                    for text in (exact, folded):
                        t.text = text
                        t.boost = 1.0
                        t.stopped = False
                        if positions:
                            t.pos = start_pos + pos
                        if chars:
                            t.startchar, t.endchar = start_char + start, start_char + end
                        yield t


class CanonicalFilter(Filter):
    """Lower-case and put the tone mark in one place (hoá = hóa)."""

    def __call__(self, tokens):
        for t in tokens:
            t.text = canonical(t.text)
            yield t


class FoldFilter(Filter):
    """Strip every diacritic, for queries typed without accents."""

    def __call__(self, tokens):
        for t in tokens:
            t.text = fold(t.text)
            yield t


class CompoundTokenizer(Tokenizer):
    """pyvi's compound words of the text ("công_nghiệp phát_triển").

    pyvi is imported on first use, so only indexing pays for it: queries
    build their word terms directly and never run this analyzer.
    """

    def __eq__(self, other):
        return type(self) is type(other)

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
        from analyzers.segment import compounds  # noqa: PLC0415 - pyvi is slow to import

        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for i, word in enumerate(compounds(nfc(value)).split()):
            t.text = word
            t.boost = 1.0
            t.stopped = False
            if positions:
                t.pos = start_pos + i
            yield t


class WordCanonicalFilter(Filter):
    """Canonicalise each syllable of a compound word, keeping the joins."""

    def __call__(self, tokens):
        for t in tokens:
            t.text = "_".join(canonical(s) for s in t.text.split("_"))
            yield t


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
