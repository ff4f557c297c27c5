"""The query language, parsed into clauses, and turned into Whoosh queries.

Words are ANDed; ``"..."`` is a phrase; ``OR`` between two parts makes either
do; ``-word``, ``-"phrase"`` and ``NOT word`` exclude. Case never matters.
Parsing never raises on odd input (an unbalanced quote closes at the end, a
lone operator is ignored); only an empty, exclude-only or over-long query is
refused, with one line saying why.

Each typed word goes through the same syllable analysis as the text, so an
abbreviation ("KCN"), a code ("08-NQ/TU") or a numeral ("XIII") becomes the
positions it is indexed as, and a clause with several positions is a phrase.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

from whoosh import query as wq

from analyzers.syllables import syllables
from analyzers.text import canonical, fold, has_accents, nfc
from analyzers.whoosh_analysis import FOLDED_PAIR
from indexer.errors import QueryError

MAX_QUERY_CHARS = 500
EXACT_BOOST = 1.5  # an accent-free word found unaccented in the text ranks above folded matches
PROXIMITY_BOOST = 3.0
WORD_BOOST = 0.5

_TOKEN = re.compile(r'-?"[^"]*"?|\S+')


@dataclass(frozen=True)
class Clause:
    """One thing to find: a word, or a phrase (several positions in order)."""

    typed: str
    slots: tuple[tuple[str, ...], ...]  # per position, the alternative syllables
    quoted: bool = False
    # Per position: typed without accents, so it also matches accented text.
    # Syllables that come from an abbreviation's expansion are never loose.
    loose: tuple[bool, ...] = ()

    @property
    def folded_only(self) -> bool:
        """True when some syllable was typed without accents and may match accented text."""
        return any(self.loose)


@dataclass
class ParsedQuery:
    text: str
    groups: list[list[Clause]] = field(default_factory=list)  # AND of OR-groups
    excluded: list[Clause] = field(default_factory=list)

    @property
    def clauses(self) -> list[Clause]:
        return [c for g in self.groups for c in g]


def _is_loose(syl: str) -> bool:
    return any(c.isalpha() for c in syl) and not has_accents(syl)


def _clause(typed: str, quoted: bool, allow_loose: bool = True) -> Clause | None:
    text = nfc(typed)
    slots: dict[int, list[str]] = {}
    loose: dict[int, bool] = {}
    for syl in syllables(text, query=True):
        slots.setdefault(syl.pos, []).append(syl.text)
        as_typed = text[syl.start : syl.end] == syl.text
        loose[syl.pos] = loose.get(syl.pos, False) or (allow_loose and as_typed and _is_loose(syl.text))
    if not slots:
        return None
    order = sorted(slots)
    return Clause(typed, tuple(tuple(slots[p]) for p in order), quoted, tuple(loose[p] for p in order))


def parse_query(text: str, max_chars: int = MAX_QUERY_CHARS) -> ParsedQuery:
    """Parse what the user typed; raises QueryError only for unanswerable input."""
    text = nfc(text or "").replace("“", '"').replace("”", '"').strip()
    if len(text) > max_chars:
        raise QueryError(
            f"query too long ({len(text)} characters; at most {max_chars})",
            vi=f"câu tìm quá dài ({len(text)} ký tự; tối đa {max_chars})",
        )
    if not text:
        raise QueryError("empty query: type a word or a phrase", vi="chưa có gì để tìm: hãy gõ một từ hoặc một cụm từ")
    parsed = ParsedQuery(text)
    # Someone who types accents anywhere types them everywhere: then an
    # unaccented syllable ("lao", "thanh") means exactly that syllable.
    allow_loose = not has_accents(text)
    negate_next = False
    or_next = False
    for m in _TOKEN.finditer(text):
        raw = m.group()
        if raw in {"OR", "|"}:
            or_next = bool(parsed.groups)
            continue
        if raw in {"NOT", "AND", "&&"}:
            negate_next = raw == "NOT"
            continue
        negative = negate_next
        negate_next = False
        if raw.startswith("-") and len(raw) > 1:
            negative = True
            raw = raw[1:]
        quoted = raw.startswith('"')
        body = raw.strip('"') if quoted else raw.strip("()")
        clause = _clause(body, quoted, allow_loose)
        if clause is None:
            or_next = False
            continue
        if negative:
            parsed.excluded.append(clause)
        elif or_next and parsed.groups:
            parsed.groups[-1].append(clause)
        else:
            parsed.groups.append([clause])
        or_next = False
    if not parsed.groups:
        if parsed.excluded:
            raise QueryError(
                "nothing to find: a query needs at least one word that is not excluded",
                vi="không có gì để tìm: câu tìm cần ít nhất một từ không bị loại trừ",
            )
        raise QueryError("empty query: type a word or a phrase", vi="chưa có gì để tìm: hãy gõ một từ hoặc một cụm từ")
    return parsed


def slot_query(slot: tuple[str, ...], loose: bool) -> wq.Query:
    """One position: exact canonical syllables, or for a loose one also its folded form."""
    alts: list[wq.Query] = []
    for alt in dict.fromkeys(slot):
        if loose and _is_loose(alt):
            alts.append(wq.Term("syl", canonical(alt), boost=EXACT_BOOST))
            alts.append(wq.Term("fold", fold(alt)))
        else:
            alts.append(wq.Term("syl", canonical(alt)))
    return alts[0] if len(alts) == 1 else wq.Or(alts)


def _phrase_terms(clause: Clause, folded: bool) -> list[str]:
    # Where a slot has alternatives (a roman numeral and its value), the index
    # holds both at that position: the last one (the value) is enough.
    return [fold(slot[-1]) if folded else canonical(slot[-1]) for slot in clause.slots]


def _pairs(terms: list[str], folded: bool = False) -> list[str]:
    mark = FOLDED_PAIR if folded else ""
    return [f"{mark}{a}_{b}" for a, b in pairwise(terms)]


def exact_phrase(terms: list[str], boost: float = 1.0, verified: bool = True, folded: bool = False) -> wq.Query:
    """Canonical syllables side by side, from their pairs (short postings).

    Two syllables are one pair term. Longer phrases are the AND of their pairs,
    which the search verifies on the text of what it shows (``verified``);
    where nothing verifies afterwards (an exclusion), a phrase of pairs.
    """
    pairs = _pairs(terms, folded)
    if len(pairs) == 1:
        return wq.Term("pairs", pairs[0], boost=boost)
    if verified:
        return wq.And([wq.Term("pairs", p) for p in pairs], boost=boost)
    return wq.Phrase("pairs", pairs, boost=boost)


def clause_query(clause: Clause, verified: bool = True) -> wq.Query:
    """The Whoosh query that finds one clause (see :func:`exact_phrase` for ``verified``)."""
    if len(clause.slots) == 1:
        return slot_query(clause.slots[0], clause.loose[0])
    exact = exact_phrase(_phrase_terms(clause, False), verified=verified)
    if not clause.folded_only:
        return exact
    exact.boost = EXACT_BOOST
    return wq.Or([exact, exact_phrase(_phrase_terms(clause, True), verified=verified, folded=True)])


def _runs(parsed: ParsedQuery) -> list[list[Clause]]:
    """Consecutive unquoted single-clause groups: words typed next to each other."""
    runs, cur = [], []
    for group in parsed.groups:
        if len(group) == 1 and not group[0].quoted:
            cur.append(group[0])
        else:
            if len(cur) > 1:
                runs.append(cur)
            cur = []
    if len(cur) > 1:
        runs.append(cur)
    return runs


def boost_query(parsed: ParsedQuery) -> wq.Query | None:
    """Optional parts that only raise the score: the words near each other, pyvi compounds."""
    extra: list[wq.Query] = []
    for run in _runs(parsed):
        merged = _merged(run)
        folded = merged.folded_only
        terms = _phrase_terms(merged, folded)
        # Each pair of typed words found side by side adds to the score.
        extra.extend(wq.Term("pairs", p, boost=PROXIMITY_BOOST) for p in _pairs(terms, folded))
        if not folded:
            for n in (2, 3):
                for i in range(len(terms) - n + 1):
                    extra.append(wq.Term("words", "_".join(terms[i : i + n]), boost=WORD_BOOST))
    if not extra:
        return None
    return extra[0] if len(extra) == 1 else wq.Or(extra)


BIND_SHARE = 0.2  # of the rarer syllable's paragraphs: above it two typed words "stand together"


def _merged(run: list[Clause]) -> Clause:
    return Clause(
        " ".join(c.typed for c in run),
        tuple(s for c in run for s in c.slots),
        loose=tuple(flag for c in run for flag in c.loose),
    )


def _bound(left: Clause, right: Clause, df: Callable[[str, str], int], folded: bool) -> bool:
    """Whether the last syllable of ``left`` and the first of ``right`` mostly stand side by side."""
    a, b = left.slots[-1][-1], right.slots[0][-1]
    if folded:
        pair, rare = f"{FOLDED_PAIR}{fold(a)}_{fold(b)}", min(df("fold", fold(a)), df("fold", fold(b)))
    else:
        pair, rare = f"{canonical(a)}_{canonical(b)}", min(df("syl", canonical(a)), df("syl", canonical(b)))
    return rare > 0 and df("pairs", pair) >= BIND_SHARE * rare


def tight_query(parsed: ParsedQuery, df: Callable[[str, str], int]) -> wq.Query | None:
    """The query's words with the ones that stand together in the text kept together.

    Typed words next to each other whose syllables mostly appear side by side
    in the index ("quyền sử dụng đất", "bảo hiểm xã hội" + "bắt buộc") form a
    unit matched as adjacent pairs, whose postings are short. Its matches are a
    subset of :func:`required_query`'s, the ones a reader wants first, and
    reading them costs a fraction of intersecting the syllables. None when no
    typed words bind (the query is its own tight form).
    """
    runs = {id(run[0]): run for run in _runs(parsed)}
    qs: list[wq.Query] = []
    bound_any = False
    i = 0
    groups = parsed.groups
    while i < len(groups):
        run = runs.get(id(groups[i][0])) if len(groups[i]) == 1 else None
        if run is None:
            qs.append(group_query(groups[i]))
            i += 1
            continue
        folded = _merged(run).folded_only
        unit = [run[0]]
        for clause in run[1:]:
            if _bound(unit[-1], clause, df, folded):
                unit.append(clause)
                bound_any = True
            else:
                qs.append(clause_query(_merged(unit)) if len(unit) > 1 else clause_query(unit[0]))
                unit = [clause]
        qs.append(clause_query(_merged(unit)) if len(unit) > 1 else clause_query(unit[0]))
        i += len(run)
    if not bound_any:
        return None
    return qs[0] if len(qs) == 1 else wq.And(qs)


def group_query(group: list[Clause]) -> wq.Query:
    qs = [clause_query(c) for c in group]
    return qs[0] if len(qs) == 1 else wq.Or(qs)


def required_query(parsed: ParsedQuery) -> wq.Query:
    """Every group must match (the AND of the query)."""
    qs = [group_query(g) for g in parsed.groups]
    return qs[0] if len(qs) == 1 else wq.And(qs)


def excluded_query(parsed: ParsedQuery) -> wq.Query | None:
    if not parsed.excluded:
        return None
    qs = [clause_query(c, verified=False) for c in parsed.excluded]
    return qs[0] if len(qs) == 1 else wq.Or(qs)
