"""The query language, parsed into clauses: pure, no Whoosh.

Words are ANDed; ``"..."`` is a phrase; ``OR`` between two parts makes either
do; ``-word``, ``-"phrase"`` and ``NOT word`` exclude. Case never matters.
Parsing never raises on odd input (an unbalanced quote closes at the end, a
lone operator is ignored); only an empty, exclude-only or over-long query is
refused, with one line saying why.

Each typed word goes through the same syllable analysis as the text, so an
abbreviation ("KCN"), a code ("08-NQ/TU") or a numeral ("XIII") becomes the
positions it is indexed as, and a clause with several positions is a phrase.
Turning clauses into what the index answers is :mod:`indexer.searching.query`'s job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from analyzers.syllables import syllables
from analyzers.terms import is_loose
from analyzers.text import nfc
from indexer.errors import QueryError

MAX_QUERY_CHARS = 500

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


def _clause(typed: str, quoted: bool, allow_loose: bool = True) -> Clause | None:
    text = nfc(typed)
    slots: dict[int, list[str]] = {}
    loose: dict[int, bool] = {}
    for syl in syllables(text, query=True):
        slots.setdefault(syl.pos, []).append(syl.text)
        as_typed = text[syl.start : syl.end] == syl.text
        loose[syl.pos] = loose.get(syl.pos, False) or (allow_loose and as_typed and is_loose(syl.text))
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
    # Accents are read word by word: a phone user often types some and not
    # others ("Bình Thuan"). A word typed without accents matches every
    # accented form (exact forms rank first); a word with accents, exactly.
    allow_loose = True
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
