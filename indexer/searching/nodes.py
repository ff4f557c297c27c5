"""The query nodes: each kind of clause says, in one place, how it is counted, scored and verified.

Why: counting (the bitset of the matching paragraphs), scoring (BM25 over
the terms' bitsets) and phrase verification used to be three walks over
Whoosh's query objects, each with its own ladder of ``isinstance`` and its
own silent fallback; a new kind of clause meant finding all three. Here a
node knows:

- ``docs(ctx)``: the bitset of the live paragraphs it matches
  (``ctx`` is a :class:`indexer.searching.docsets.Context`: the searcher and
  the index version's term bitsets);
- ``scored(ctx, boost, within, matched)``: the terms its score sums, each with the
  product of the boosts above it and the paragraphs where it counts (a
  term inside an AND counts only where the whole AND matches, as in
  Whoosh's matchers); :func:`indexer.searching.ranking.best` turns them into
  BM25 equal to Whoosh's BM25F, and :meth:`Node.score` calls it;
- for a :class:`Phrase`, ``verify(ctx, bits)``: the paragraphs where its
  terms stand at consecutive positions.

:mod:`indexer.searching.query` compiles a parsed query into these nodes once
per query. A new kind of clause is one new class here (and the line of
:mod:`indexer.searching.query` that builds it).
"""

from __future__ import annotations

from functools import reduce

from indexer.searching.docsets import Context
from indexer.searching.phrases import REMEMBER_UP_TO, phrase_bits
from indexer.searching.ranking import best

Scored = tuple[str, str, float, int]  # field, term, boost, the paragraphs where it counts (a bitset)
EVERYWHERE = -1  # the bitset of every paragraph


class Node:
    """A query node; subclasses define ``docs`` and ``scored``."""

    __slots__ = ("boost",)

    def __init__(self, boost: float = 1.0):
        self.boost = boost

    def docs(self, ctx: Context) -> int:
        """The bitset of the live paragraphs this node matches."""
        raise NotImplementedError

    def scored(self, ctx: Context, boost: float = 1.0, within: int = EVERYWHERE, matched: bool = False) -> list[Scored]:
        """The terms whose BM25 scores add up to this node's score, with their boosts, each
        counting only in the paragraphs of ``within`` where this node matches (``matched``: the
        caller knows it matches in all of them, so its bitset is not computed again)."""
        raise NotImplementedError

    def score(self, ctx: Context, bits: int, n: int | None = None) -> list[tuple[float, int]]:
        """The ``n`` best paragraphs of ``bits`` by this node's score, as (score, docnum), best first."""
        return best(ctx.searcher, ctx.sets, self, bits, n)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{k}={getattr(self, k)!r}' for k in _fields(self))})"

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and all(getattr(self, k) == getattr(other, k) for k in _fields(self))

    __hash__ = None  # mutable (a boost may be raised after building)


def _fields(node: Node) -> list[str]:
    return [k for cls in type(node).__mro__ for k in getattr(cls, "__slots__", ())]


class Term(Node):
    """One indexed term of one field: a syllable, its accent-free form, a pair, a word, an id."""

    __slots__ = ("field", "text")

    def __init__(self, field: str, text: str, boost: float = 1.0):
        super().__init__(boost)
        self.field = field
        self.text = text

    def docs(self, ctx: Context) -> int:
        return ctx.sets.term(ctx.searcher, self.field, self.text)

    def scored(self, ctx: Context, boost: float = 1.0, within: int = EVERYWHERE, matched: bool = False) -> list[Scored]:
        return [(self.field, self.text, boost * self.boost, within)]  # counts only where it is held


class All(Node):
    """Every part matches (the AND); the score is the sum of the parts'."""

    __slots__ = ("parts",)

    def __init__(self, parts: list[Node], boost: float = 1.0):
        super().__init__(boost)
        self.parts = list(parts)

    def docs(self, ctx: Context) -> int:
        if not self.parts:
            return 0
        return reduce(lambda acc, part: acc & part.docs(ctx), self.parts[1:], self.parts[0].docs(ctx))

    def scored(self, ctx: Context, boost: float = 1.0, within: int = EVERYWHERE, matched: bool = False) -> list[Scored]:
        if not matched:
            within &= self.docs(ctx)  # a part's terms add nothing where another part is missing
        return [t for part in self.parts for t in part.scored(ctx, boost * self.boost, within, True)]


class Any(Node):
    """At least one part matches (the OR: alternatives of a syllable, OR groups); scores add up."""

    __slots__ = ("parts",)

    def __init__(self, parts: list[Node], boost: float = 1.0):
        super().__init__(boost)
        self.parts = list(parts)

    def docs(self, ctx: Context) -> int:
        return reduce(lambda acc, part: acc | part.docs(ctx), self.parts, 0)

    def scored(self, ctx: Context, boost: float = 1.0, within: int = EVERYWHERE, matched: bool = False) -> list[Scored]:
        # Each part counts where it matches itself: not every part matches where the OR does.
        return [t for part in self.parts for t in part.scored(ctx, boost * self.boost, within)]


class Bag(Node):
    """Its parts' terms as a bag of words: matches where any part does, and each term adds its
    BM25 wherever it is held, whether or not its part matches as a whole.

    Why: a partial match holds part of the query's units; a unit of three
    syllables found as two of its pairs still earns those pairs
    (:mod:`indexer.searching.partial` ranks with it). Whoosh has no such query.
    """

    __slots__ = ("parts",)

    def __init__(self, parts: list[Node], boost: float = 1.0):
        super().__init__(boost)
        self.parts = list(parts)

    def docs(self, ctx: Context) -> int:
        return reduce(lambda acc, part: acc | part.docs(ctx), self.parts, 0)

    def scored(self, ctx: Context, boost: float = 1.0, within: int = EVERYWHERE, matched: bool = False) -> list[Scored]:
        return [
            (field, text, term_boost, within)
            for part in self.parts
            for field, text, term_boost, _ in part.scored(ctx, boost * self.boost, EVERYWHERE, True)
        ]


class Maybe(Node):
    """``required`` matches; ``optional`` only adds to the score where it matches too."""

    __slots__ = ("optional", "required")

    def __init__(self, required: Node, optional: Node, boost: float = 1.0):
        super().__init__(boost)
        self.required = required
        self.optional = optional

    def docs(self, ctx: Context) -> int:
        return self.required.docs(ctx)

    def scored(self, ctx: Context, boost: float = 1.0, within: int = EVERYWHERE, matched: bool = False) -> list[Scored]:
        boost *= self.boost
        if not matched:
            within &= self.docs(ctx)  # the optional part adds nothing where the required one is missing
        return self.required.scored(ctx, boost, within, True) + self.optional.scored(ctx, boost, within)


class Without(Node):
    """``kept`` matches and ``excluded`` does not (the NOT); scored by ``kept`` alone."""

    __slots__ = ("excluded", "kept")

    def __init__(self, kept: Node, excluded: Node, boost: float = 1.0):
        super().__init__(boost)
        self.kept = kept
        self.excluded = excluded

    def docs(self, ctx: Context) -> int:
        return self.kept.docs(ctx) & ~self.excluded.docs(ctx)

    def scored(self, ctx: Context, boost: float = 1.0, within: int = EVERYWHERE, matched: bool = False) -> list[Scored]:
        if not matched:
            within &= self.docs(ctx)
        return self.kept.scored(ctx, boost * self.boost, within, True)


class Phrase(Node):
    """Terms of ``field`` at consecutive positions (pair terms: a phrase of three syllables or more).

    Counted exactly: the AND of its terms' bitsets, verified on their
    positions (remembered per index version when the candidates are few).
    Not scored: it excludes ("-\"a b c\"") or verifies what an AND of its pairs
    found and scored.
    """

    __slots__ = ("field", "texts")

    def __init__(self, field: str, texts: list[str], boost: float = 1.0):
        super().__init__(boost)
        self.field = field
        self.texts = list(texts)

    def verify(self, ctx: Context, bits: int, limit: int = REMEMBER_UP_TO) -> int:
        """The paragraphs of ``bits`` where the terms stand side by side, in order (a phrase whose
        terms meet in at most ``limit`` paragraphs is verified on all of them once, and remembered)."""
        return phrase_bits(ctx.searcher, ctx.sets, self.texts, bits, limit, self.field) if self.texts else 0

    def docs(self, ctx: Context) -> int:
        return self.verify(ctx, -1)

    def scored(self, ctx: Context, boost: float = 1.0, within: int = EVERYWHERE, matched: bool = False) -> list[Scored]:
        return []
