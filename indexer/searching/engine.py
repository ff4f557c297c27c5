"""The one search function behind the CLI and the page, and its result shape.

``search`` returns plain data: ``{"query", "total", "took_ms", "page", "hits"}``
where every hit carries the whole cleaned paragraph (``text``), the offsets of
every highlighted match (``spans``, so ``text[s:e]`` is the matched original
text) and a short ``snippet`` window. When no paragraph holds every word of a
query of several words, the paragraphs holding most of it follow, marked
``"partial": true``.
"""

from __future__ import annotations

import time
from pathlib import Path

from analyzers.terms import PAIRS
from indexer.corpus.properties import as_text, iso_date, newest_first
from indexer.errors import QueryError
from indexer.index import document_hit
from indexer.index.store import Reader
from indexer.results import BOOKKEEPING
from indexer.searching import grouping, ties
from indexer.searching.docsets import Context, from_members, members
from indexer.searching.filters import allowed_documents, normalize
from indexer.searching.filters import facet_values as filter_values
from indexer.searching.highlight import Joined, clause_spans, compounds, merge, snippet
from indexer.searching.nodes import Any, Maybe, Node, Phrase, Term, Without
from indexer.searching.partial import partial, statutory_clauses, whole_units, word_runs
from indexer.searching.query import (
    Clause,
    ParsedQuery,
    boost_query,
    clause_query,
    excluded_query,
    merged_clause,
    parse_query,
    phrase_pairs,
    required_query,
    tight_query,
    typed_runs,
)
from indexer.searching.suggest import corrected, lexicon, restore_accents

FACETS = ("doc_id", "province", "doc_type", "year")
PARTIAL_BELOW = 10  # full matches (a page of them); with this many or more, partial ones are not looked for
TOGETHER_WORDS = 4  # typed words; a longer query is a sentence, its words rarely all side by side
VERIFY_ALL = 5000  # phrase candidates verified on their text for an exact total
MAX_TIED = 1000  # rows read past the page's last to order a tie with it; beyond, index order


def _filter(searcher, sets, filters: dict | None, docs: dict) -> int | None:
    """The paragraphs of the documents ``filters`` allows (see :mod:`indexer.searching.filters`), or None for all."""
    allowed = allowed_documents(filters, docs)
    if allowed is None:
        return None
    if len(allowed) > len(docs) // 2:  # most documents: cheaper to take the others out
        others = [Term("doc_id", d) for d in sorted(set(docs) - allowed)]
        return ~sets.of(searcher, Any(others)) if others else -1
    return sets.of(searcher, Any([Term("doc_id", d) for d in sorted(allowed)])) if allowed else 0


def _hit(
    stored: dict, score: float, parsed: ParsedQuery, docs: dict, partial: bool, joined: Joined, statutory=(), words=()
) -> dict:
    """One hit; a partial one also marks the statutory words its query's everyday words stand for.
    ``words``: the query's words of several syllables, marked only whole (:func:`word_runs`)."""
    text = stored["text"]
    per_clause = clause_spans(text, parsed.clauses, typed_runs(parsed), joined, list(words))
    if partial and statutory:
        per_clause += clause_spans(text, list(statutory))
    spans = merge([s for spans in per_clause for s in spans], text)
    snip, snip_spans = snippet(text, spans)
    meta = docs.get(stored["doc_id"], {})
    if not partial and not spans and stored.get("kind") != document_hit.KIND:
        # Every typed syllable is there only inside other words ("công" of "công nhận" for a
        # "nhân" typed with accents): nothing it asked for stands here, so it is not shown as full.
        partial = True
    hit = {
        "rank": 0,
        "score": round(float(score), 4),
        "doc_id": stored["doc_id"],
        "title": as_text(meta.get("title")) or stored["doc_id"],
        "number": as_text(meta.get("number")),
        "date": iso_date(meta),
        "paragraph": stored["paragraph"],
        "section": stored.get("section") or "",
        "text": text,
        "spans": [list(s) for s in spans],
        "snippet": snip,
        "snippet_spans": [list(s) for s in snip_spans],
        "kind": stored.get("kind", "body"),
        "partial": partial,
    }
    if stored.get("kind") == "footnote":
        hit["footnote"] = stored.get("label") or ""
        hit["refers_to"] = stored.get("refers_to")
    return hit


def search(
    reader: Reader | Path | str,
    query: str,
    limit: int = 10,
    page: int = 1,
    filters: dict | None = None,
    facets: bool = False,
    group: str = "",
    sort: str = "relevance",
    per_document: int = grouping.PER_DOCUMENT,
) -> dict:
    """Answer ``query``; raises QueryError (one line) for input it cannot answer.

    With ``facets=True`` the result also counts the matches the total counts
    (full and partial) per document, province, type, year and issuer (``"facets": {field: {value: n}}``).
    ``filters`` are those of :mod:`indexer.searching.filters`. ``group="document"``
    adds ``groups`` (each matching document once, ``limit`` documents a page,
    with its count of matching paragraphs and its best ``per_document``
    paragraphs) and ``total_documents``. ``sort="date"`` puts the newest
    documents first.
    """
    if sort not in grouping.SORTS:
        raise QueryError(
            f"unknown sort {sort!r}: use relevance or date",
            vi=f"không có cách sắp xếp '{sort}': dùng relevance hoặc date",
        )
    if group not in grouping.GROUPS:
        raise QueryError(
            f"unknown grouping {group!r}: use document or paragraph",
            vi=f"không có cách nhóm '{group}': dùng document hoặc paragraph",
        )
    group = "document" if group == "document" else ""
    t0 = time.perf_counter()
    if not isinstance(reader, Reader):
        reader = Reader(reader)
    limit = max(1, int(limit))  # a front end sets its own cap (the page shows at most 100)
    page = max(1, int(page))
    parsed = parse_query(query)
    searcher = reader.searcher()
    key = (
        str(reader.generation()),
        searcher.version(),
        parsed.text,
        limit,
        page,
        tuple(sorted((k, tuple(v)) for k, v in normalize(filters).items())),
        facets,
        group,
        sort,
        per_document,
    )
    cached = reader.cache_get(key)
    if cached is not None:
        return {**cached, "query": query, "took_ms": round((time.perf_counter() - t0) * 1000, 2)}
    out = _search(reader, searcher, parsed, query, limit, page, filters, facets, group, sort, per_document)
    suggestion = _suggestion(reader, searcher, parsed, filters)
    if suggestion:
        out["suggestion"] = suggestion
    reader.cache_put(key, out)
    out["took_ms"] = round((time.perf_counter() - t0) * 1000, 2)
    return out


def _search(
    reader, searcher, parsed, query, limit, page, filters, facets, group="", sort="relevance", per_document=3,
    partial_matches=True,
):  # fmt: skip
    """The result of ``parsed``; ``partial_matches=False`` looks for full matches only."""
    docs = reader.docs_of(searcher)  # the metadata of the commit searched, whatever landed since
    required = required_query(parsed)
    excluded = excluded_query(parsed)
    boost = boost_query(parsed)
    start, wanted = (page - 1) * limit, page * limit
    # Exact phrases are matched as an AND of their syllable pairs (fast) and
    # verified on the text.
    verify = any(len(c.slots) > 2 for c in parsed.clauses)

    def scored(q: Node) -> Node:
        q = Maybe(q, boost) if boost is not None else q
        return Without(q, excluded) if excluded is not None else q

    # Exact totals from the terms' bitsets (cached per index version).
    sets = reader.docsets(searcher)
    allowed = ~sets.of(searcher, excluded) if excluded is not None else -1
    filt = _filter(searcher, sets, filters, docs)
    if filt is not None:
        allowed &= filt
    full_bits = sets.of(searcher, required) & allowed
    if verify and full_bits:
        # Beyond VERIFY_ALL the pairs' AND stands for the phrases: the page's rows are checked on their text.
        verify = full_bits.bit_count() > VERIFY_ALL
        full_bits = _verified(searcher, sets, full_bits, parsed)
    full_total = full_bits.bit_count()

    rows: list[tuple[dict, float, bool]] = []
    tiers = _tiers(searcher, sets, parsed, full_bits, scored, required) if full_total else []
    by_doc = sets.facet(searcher, "doc_id", full_bits) if group == "document" else {}
    if group == "document" or sort == "date":
        return _arranged(
            searcher, sets, parsed, query, limit, page, docs, tiers, allowed & ~full_bits, full_bits,
            by_doc, facets, group, sort, per_document, verify,
        )  # fmt: skip
    for q, bits, apart in tiers:
        if len(rows) >= wanted:
            break
        rows += [
            (f, score, apart) for f, score, _ in _ranked(searcher, sets, q, bits, wanted - len(rows), parsed, verify)
        ]

    # Partial matches follow the full ones, in an order that does not depend
    # on the page; only the ones the page shows are read.
    ranked_partial: list[tuple[int, float, float]] = []
    # Only when the full matches are few: a property of the query and the
    # index, never of the page, so the total stays the same on every page.
    if partial_matches and full_total < PARTIAL_BELOW and len(parsed.clauses) >= 2 and len(parsed.groups) >= 2:
        ranked_partial = _partial_ranked(searcher, sets, parsed, allowed & ~full_bits, len(docs), full_total > 0)
    facet_counts = (
        _facets(searcher, sets, _counted(searcher, full_bits, [r[0] for r in ranked_partial]), docs) if facets else None
    )
    rows = rows[start:wanted]
    for d, score, _ in ranked_partial[max(0, start - full_total) : max(0, wanted - full_total)]:
        rows.append((searcher.stored_fields(d), score, True))

    out = {
        "query": query,
        "total": full_total + len(ranked_partial),
        "took_ms": 0.0,
        "page": page,
        "hits": _hits(
            rows,
            start,
            parsed,
            docs,
            compounds(searcher, sets),
            statutory_clauses(parsed),
            word_runs(searcher, parsed) if rows else [],
        ),
    }
    if facet_counts is not None:
        out["facets"] = facet_counts
    return out


def _tiers(searcher, sets, parsed: ParsedQuery, full_bits: int, scored, required) -> list[tuple]:
    """The full matches in the order they are shown, as (query to score with, bitset, label).

    First the document that bears a typed number, then the paragraphs where a
    short query's words stand side by side as typed, then those where words
    that usually stand together do (short pair postings), labelled "apart"
    after the first; the others after them. Last, labelled "scattered", the
    paragraphs that lack one of the query's words of several syllables
    (:func:`indexer.searching.partial.whole_units`) and hold its syllables
    only inside other words ("hội" of "hội viên", "đồng" of "đồng thuận" for
    "Hội đồng nhân dân"): not what was asked, so shown as partial matches.
    """
    tiers = []
    rest = full_bits
    if names_number(parsed):  # the document that bears the number first, then the paragraphs citing it
        own = sets.term(searcher, "kind", document_hit.KIND) & rest
        tiers.append((scored(required), own, False))
        rest &= ~own
    together = together_clause(parsed)
    apart: str | bool = False
    if together is not None:  # a short query's words side by side as typed, first
        # The pairs' AND also holds "công nghiệp … doanh nghiệp hỗ trợ": verified on positions.
        together_bits = _clause_bits(searcher, sets, together, sets.of(searcher, clause_query(together)) & rest)
        if together_bits:
            tiers.append((scored(required), together_bits, False))
            rest &= ~together_bits
            apart = "apart"  # the others hold the words apart: labelled so
    last = []
    if rest and len(parsed.groups) >= 2:
        held = whole_units(searcher, sets, parsed)
        if held is not None and rest & ~held:
            last = [(scored(required), rest & ~held, "scattered")]
            rest &= held
    tight = tight_query(parsed, searcher.doc_frequency)
    if tight is not None:
        tight_bits = sets.of(searcher, tight) & rest
        # The rest hold the words only apart: labelled so.
        return [*tiers, (scored(tight), tight_bits, apart), (scored(required), rest & ~tight_bits, "apart"), *last]
    return [*tiers, (scored(required), rest, apart), *last]


def _hits(
    rows: list[tuple[dict, float, object]],
    start: int,
    parsed: ParsedQuery,
    docs: dict,
    joined: Joined,
    statutory=(),
    words=(),
) -> list[dict]:
    """The page's rows as hits, ranked from ``start + 1``; a row's flag is True (partial), "apart" or "scattered"."""
    hits = []
    for rank, (fields, score, flag) in enumerate(rows, start + 1):
        hit = _hit(fields, score, parsed, docs, flag in (True, "scattered"), joined, statutory, words)
        if flag in ("apart", "scattered"):
            hit["apart"] = True  # every word is there, but not side by side as typed
        hit["rank"] = rank
        hits.append(hit)
    return hits


def _counted(searcher, full_bits: int, partial_docnums: list[int]) -> int:
    """The paragraphs the total counts: the full matches and the partial ones."""
    if not partial_docnums:
        return full_bits
    return full_bits | from_members(partial_docnums, searcher.doc_count_all())


def _facets(searcher, sets, counted: int, docs: dict) -> dict[str, dict[str, int]]:
    """Matches per value of each facet, over the same paragraphs as the total (full and partial
    matches), so a facet's counts add up to it; the issuer's from the documents' counts."""
    counts = {f: _by_count(sets.facet(searcher, f, counted)) for f in FACETS}
    issuers: dict[str, int] = {}
    for doc_id, n in counts["doc_id"].items():
        for issuer in filter_values(docs.get(doc_id, {}), "issuer"):
            issuers[issuer] = issuers.get(issuer, 0) + n
    counts["issuer"] = _by_count(issuers)
    return counts


def _arranged(
    searcher, sets, parsed, query, limit, page, docs, tiers, partial_allowed, full_bits,
    by_doc, facets, group, sort, per_document, verify,
) -> dict:  # fmt: skip
    """Results by document and/or by date (see :mod:`indexer.searching.grouping`): every match is ranked."""
    names, column = sets.column(searcher, "doc_id")
    full_total = full_bits.bit_count()

    ctx = Context(searcher, sets)

    def in_place(row: tuple) -> tuple:
        # Equal scores by document, then paragraph number (read for tied rows only): a long
        # document may lie in two segments, so index order within it is not paragraph order.
        return row[0], searcher.stored_fields(row[3]).get("paragraph") or 0

    def rows_of(q, bits, apart):
        # Equal scores by document, then paragraph (:mod:`indexer.searching.ties`): the column's
        # names are sorted, so its index orders documents by id.
        rows = ((column[d], score, apart, d) for score, d in q.score(ctx, bits))
        settled = ties.settled_rows(rows, 1, in_place, _column_order)
        return ((names[c], score, apart, d) for c, score, apart, d in settled)

    def load(ref):
        if isinstance(ref, dict):
            return ref
        if isinstance(ref, tuple):  # a partial match: it does not hold every phrase, by definition
            return searcher.stored_fields(ref[0])
        fields = searcher.stored_fields(ref)
        return fields if not verify or _holds(fields["text"], parsed) else None

    rows = grouping.chain(*(rows_of(q, bits, apart) for q, bits, apart in tiers))
    partial_rows: list = []
    if full_total < PARTIAL_BELOW and len(parsed.clauses) >= 2 and len(parsed.groups) >= 2:
        partial_rows = [
            (names[column[d]], score, True, (d,))
            for d, score, _ in _partial_ranked(searcher, sets, parsed, partial_allowed, len(docs), full_total > 0)
        ]
    newest = lambda doc_id: newest_first(docs.get(doc_id, {}))  # noqa: E731
    if sort == "date":
        rows = grouping.chain(grouping.by_date(rows, newest), grouping.by_date(partial_rows, newest))
    else:
        rows = grouping.chain(rows, partial_rows)
    out = {"query": query, "total": full_total + len(partial_rows), "took_ms": 0.0, "page": page, "hits": []}

    joined = compounds(searcher, sets)
    statutory = statutory_clauses(parsed)
    words = word_runs(searcher, parsed)

    def hit_of(fields, score, flag, rank):
        hit = _hit(fields, score, parsed, docs, flag in (True, "scattered"), joined, statutory, words)
        if flag in ("apart", "scattered"):
            hit["apart"] = True
        hit["rank"] = rank
        return hit

    if group == "document":
        partial_counts: dict[str, int] = {}
        for r in partial_rows:
            partial_counts[r[0]] = partial_counts.get(r[0], 0) + 1
        matches = lambda doc_id: by_doc.get(doc_id) or partial_counts.get(doc_id, 0)  # noqa: E731
        found = grouping.documents(rows, load, (page - 1) * limit, limit, matches, per_document)
        out["total_documents"] = len(by_doc) + len(set(partial_counts) - set(by_doc))
        out["groups"] = []
        for rank, (doc_id, members_) in enumerate(found, (page - 1) * limit + 1):
            meta = docs.get(doc_id, {})
            hits = [hit_of(f, score, flag, n) for n, (f, score, flag) in enumerate(members_, 1)]
            out["groups"].append(
                {
                    "rank": rank,
                    "doc_id": doc_id,
                    "title": as_text(meta.get("title")) or doc_id,
                    "number": as_text(meta.get("number")),
                    "date": iso_date(meta),
                    "matches": matches(doc_id),
                    "hits": hits,
                }
            )
            out["hits"].extend(hits)
    else:
        taken, rejected = grouping.take(rows, load, page * limit)
        out["total"] -= rejected
        start = (page - 1) * limit
        out["hits"] = [hit_of(f, score, flag, rank) for rank, (f, score, flag) in enumerate(taken[start:], start + 1)]
    if facets:
        out["facets"] = _facets(searcher, sets, _counted(searcher, full_bits, [r[3][0] for r in partial_rows]), docs)
    return out


def together_clause(parsed: ParsedQuery) -> Clause | None:
    """A short query typed as one run of words (2 to ``TOGETHER_WORDS``), as one phrase; else None."""
    runs = typed_runs(parsed)
    if len(runs) != 1 or not 2 <= len(runs[0]) <= TOGETHER_WORDS or len(parsed.groups) != len(runs[0]):
        return None
    return merged_clause([parsed.clauses[i] for i in runs[0]])


def names_number(parsed: ParsedQuery) -> bool:
    """Whether the query names a document number: a code with a slash and a digit (08-NQ/TU, 51/2021/NĐ-CP)."""
    return any(_is_number(c) for c in parsed.clauses)


def _is_number(clause) -> bool:
    return "/" in clause.typed and any(ch.isdigit() for ch in clause.typed) and len(clause.slots) > 1


def _partial_ranked(searcher, sets, parsed: ParsedQuery, allowed: int, documents: int, answered: bool) -> list:
    """The partial matches, best first; a document that bears a number the query names comes
    first among them, as it does among full matches ("ai ký nghị quyết 08-NQ/TU": the question's
    words are not in the document's own line, its number is)."""
    ranked = partial(searcher, sets, parsed, allowed, documents, answered).ranked
    if not ranked or not names_number(parsed):
        return ranked
    own = sets.term(searcher, "kind", document_hit.KIND)
    for clause in parsed.clauses:
        if _is_number(clause):
            own &= sets.of(searcher, clause_query(clause))
    if not own:
        return ranked
    return [r for r in ranked if own >> r[0] & 1] + [r for r in ranked if not own >> r[0] & 1]


def _suggestion(reader, searcher, parsed: ParsedQuery, filters) -> str | None:
    """A better-spelled query when a typed word is unknown to the index and the correction finds something."""
    version = (str(reader.generation()), searcher.version())
    sets = reader.docsets(searcher)  # the query's terms are there already: no term look-ups
    fixed = corrected(
        searcher, parsed, lambda: lexicon(searcher, version), lambda c: bool(sets.of(searcher, clause_query(c)))
    )
    if fixed is None:
        return None
    fixed_parsed = parse_query(fixed)
    if fixed_parsed.text != parsed.text and set(fixed.split()) <= set(parsed.text.split()):
        # Only words nothing indexed is near were left out ("xyzqw công nghiệp"): the rest is
        # spelled as typed; whether it has full matches is a bitset AND, not a search.
        held = sets.of(searcher, required_query(fixed_parsed))
        filt = _filter(searcher, sets, filters, reader.docs_of(searcher))
        return fixed if held & (filt if filt is not None else -1) else None
    # Only a full match makes a suggestion: the partial ones (the costly part) are not looked for.
    found = _search(reader, searcher, fixed_parsed, fixed, 1, 1, filters, False, partial_matches=False)
    if not found["hits"] or found["hits"][0]["partial"]:
        return None
    spelled = restore_accents(found["hits"][0]["text"], clause_spans, fixed_parsed)
    return spelled if spelled and spelled != parsed.text else None


def _verified(searcher, sets, bits: int, parsed: ParsedQuery) -> int:
    """The paragraphs of ``bits`` holding the query's phrases (their syllables side by side in order).

    Decided once for the whole set, so the total is the same whatever page is
    asked: on the positions of the phrases' pairs (:mod:`indexer.searching.phrases`);
    only a phrase mixing words typed with and without accents is checked on
    the text, where the highlighter's per-word rule decides. Beyond
    ``VERIFY_ALL`` candidates the pairs' AND stands for the phrase.
    """
    if bits.bit_count() > VERIFY_ALL:
        return bits
    for group in parsed.groups:
        if all(len(c.slots) <= 2 for c in group):
            continue  # a word or a pair: its terms' bitsets are exact
        held = 0
        for clause in group:
            held |= _clause_bits(searcher, sets, clause, bits & ~held)
        bits &= held
        if not bits:
            break
    return bits


def _clause_bits(searcher, sets, clause, bits: int) -> int:
    """The paragraphs of ``bits`` where ``clause`` matches by the highlighter's rules."""
    if len(clause.slots) <= 2:
        return sets.of(searcher, clause_query(clause)) & bits
    ctx = Context(searcher, sets)
    found = Phrase(PAIRS, phrase_pairs(clause, folded=False)).verify(ctx, bits, VERIFY_ALL)
    if not clause.folded_only:
        return found
    loose = Phrase(PAIRS, phrase_pairs(clause, folded=True)).verify(ctx, bits & ~found, VERIFY_ALL)
    if loose and not all(clause.loose):
        # Words typed with accents must keep them: the text decides (few paragraphs).
        size = searcher.doc_count_all()
        kept = [d for d in members(loose, size) if clause_spans(searcher.stored_fields(d)["text"], [clause])[0]]
        loose = from_members(kept, size)
    return found | loose


def _ranked(searcher, sets, q, bits: int, wanted: int, parsed, verify: bool) -> list:
    """The best ``wanted`` paragraphs of ``bits`` by their score for ``q``, holding the query's phrases.

    Equal scores are ordered by document id and paragraph, not by where the
    paragraphs lie in the index: an index updated in place (a changed document
    written again at its end) then ranks as a fresh build of the same corpus
    does, also across the page's last row.
    """
    rows: list[tuple[dict, float, bool]] = []
    take = 2 * wanted + 10
    done = 0
    while True:
        ranked = q.score(Context(searcher, sets), bits, take)
        for score, d in ranked[done:]:
            if len(rows) >= wanted and (score != rows[wanted - 1][1] or len(rows) >= wanted + MAX_TIED):
                return _in_order(rows)[:wanted]
            fields = searcher.stored_fields(d)
            if verify and not _holds(fields["text"], parsed):
                continue
            rows.append((fields, score, False))
        if len(ranked) < take:
            return _in_order(rows)[:wanted]
        done = len(ranked)
        take *= 4


def _column_order(row: tuple) -> tuple[int, int]:
    return row[0], row[3]


def _in_order(rows: list[tuple[dict, float, bool]]) -> list[tuple[dict, float, bool]]:
    """Rows best first, equal scores by document id and paragraph."""
    return sorted(rows, key=lambda r: (-r[1], r[0]["doc_id"], r[0]["paragraph"]))


def _by_count(counts: dict[str, int]) -> dict[str, int]:
    return dict(sorted(((k, v) for k, v in counts.items() if k), key=lambda kv: (-kv[1], kv[0])))


def _holds(text: str, parsed: ParsedQuery) -> bool:
    """Whether ``text`` satisfies every AND-group of the query, by the highlighter's exact rules."""
    found = clause_spans(text, parsed.clauses)
    i = 0
    for group in parsed.groups:
        if not any(found[i + k] for k in range(len(group))):
            return False
        i += len(group)
    return True


def list_docs(reader: Reader | Path | str) -> list[dict]:
    """The indexed documents' metadata, in id order."""
    if not isinstance(reader, Reader):
        reader = Reader(reader)
    docs = reader.docs()
    return [_public(docs[k]) for k in sorted(docs)]


def _public(meta: dict) -> dict:
    """A document's metadata without what the index keeps only to see files change."""
    return {k: v for k, v in meta.items() if k not in BOOKKEEPING}


def get_document(reader: Reader | Path | str, doc_id: str) -> dict | None:
    """One document's metadata and its chunks in order, or None."""
    if not isinstance(reader, Reader):
        reader = Reader(reader)
    meta = reader.docs().get(doc_id)
    if meta is None:
        return None
    searcher = reader.searcher()
    chunks = [dict(f) for f in searcher.documents(doc_id=doc_id) if f.get("kind") != document_hit.KIND]
    chunks.sort(key=lambda c: c["paragraph"])
    return {"meta": _public(meta), "chunks": chunks}
