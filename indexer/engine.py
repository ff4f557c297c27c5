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

from whoosh import query as wq

from indexer import document_hit
from indexer.docsets import from_members, members
from indexer.highlight import clause_spans, merge, snippet
from indexer.partial import partial
from indexer.query import (
    ParsedQuery,
    boost_query,
    clause_query,
    excluded_query,
    merged_clause,
    parse_query,
    required_query,
    tight_query,
    typed_runs,
)
from indexer.ranking import best
from indexer.store import Reader
from indexer.suggest import corrected, lexicon, restore_accents

FACETS = ("doc_id", "province", "doc_type", "year")
PARTIAL_BELOW = 10  # full matches (a page of them); with this many or more, partial ones are not looked for
TOGETHER_WORDS = 4  # typed words; a longer query is a sentence, its words rarely all side by side
VERIFY_ALL = 5000  # phrase candidates verified on their text for an exact total


def _filter(filters: dict[str, str | tuple[str, ...]] | None) -> wq.Query | None:
    """Every facet must hold; several values of one facet mean any of them."""
    terms: list[wq.Query] = []
    for k, v in (filters or {}).items():
        values = [str(x) for x in ((v,) if isinstance(v, str | int) else v or ()) if x not in (None, "")]
        if k in FACETS and values:
            terms.append(wq.Term(k, values[0]) if len(values) == 1 else wq.Or([wq.Term(k, x) for x in values]))
    if not terms:
        return None
    return terms[0] if len(terms) == 1 else wq.And(terms)


def _hit(stored: dict, score: float, parsed: ParsedQuery, docs: dict, partial: bool) -> dict:
    text = stored["text"]
    per_clause = clause_spans(text, parsed.clauses, typed_runs(parsed))
    spans = merge([s for spans in per_clause for s in spans], text)
    snip, snip_spans = snippet(text, spans)
    meta = docs.get(stored["doc_id"], {})
    hit = {
        "rank": 0,
        "score": round(float(score), 4),
        "doc_id": stored["doc_id"],
        "title": meta.get("title") or stored["doc_id"],
        "paragraph": stored["paragraph"],
        "section": stored.get("section") or "",
        "text": text,
        "spans": [list(s) for s in spans],
        "snippet": snip,
        "snippet_spans": [list(s) for s in snip_spans],
        "kind": stored.get("kind", "body"),
        "partial": partial,
        "number": meta.get("number") or "",
        "date": meta.get("date") or "",
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
    filters: dict[str, str] | None = None,
    facets: bool = False,
) -> dict:
    """Answer ``query``; raises QueryError (one line) for input it cannot answer.

    With ``facets=True`` the result also counts the full matches per
    document, province, type and year (``"facets": {field: {value: n}}``).
    """
    t0 = time.perf_counter()
    if not isinstance(reader, Reader):
        reader = Reader(reader)
    limit = max(1, int(limit))  # a front end sets its own cap (the page shows at most 100)
    page = max(1, int(page))
    parsed = parse_query(query)
    searcher = reader.searcher()
    key = (
        str(reader.generation()),
        searcher.reader().generation(),
        parsed.text,
        limit,
        page,
        tuple(sorted((k, v if isinstance(v, str) else tuple(v)) for k, v in (filters or {}).items())),
        facets,
    )
    cached = reader.cache_get(key)
    if cached is not None:
        return {**cached, "query": query, "took_ms": round((time.perf_counter() - t0) * 1000, 2)}
    out = _search(reader, searcher, parsed, query, limit, page, filters, facets)
    suggestion = _suggestion(reader, searcher, parsed, filters)
    if suggestion:
        out["suggestion"] = suggestion
    reader.cache_put(key, out)
    out["took_ms"] = round((time.perf_counter() - t0) * 1000, 2)
    return out


def _search(reader, searcher, parsed, query, limit, page, filters, facets) -> dict:
    docs = reader.docs_of(searcher)  # the metadata of the commit searched, whatever landed since
    required = required_query(parsed)
    excluded = excluded_query(parsed)
    boost = boost_query(parsed)
    filt = _filter(filters)
    start, wanted = (page - 1) * limit, page * limit
    # Exact phrases are matched as an AND of their syllable pairs (fast) and
    # verified on the text.
    verify = any(len(c.slots) > 2 for c in parsed.clauses)

    def scored(q: wq.Query) -> wq.Query:
        q = wq.AndMaybe(q, boost) if boost is not None else q
        return wq.AndNot(q, excluded) if excluded is not None else q

    # Exact totals from the terms' bitsets (cached per index version).
    sets = reader.docsets(searcher)
    allowed = ~sets.of(searcher, excluded) if excluded is not None else -1
    if filt is not None:
        allowed &= sets.of(searcher, filt)
    full_bits = sets.of(searcher, required) & allowed
    if verify and full_bits:
        full_bits = _verified(searcher, full_bits, parsed)
    full_total = full_bits.bit_count()

    # First the paragraphs where the words that usually stand together do
    # (short pair postings), then, only if they are too few, the others.
    rows: list[tuple[dict, float, bool]] = []
    if full_total:
        tight = tight_query(parsed, searcher.doc_frequency)
        rest = full_bits
        tiers = []
        if names_number(parsed):  # the document that bears the number first, then the paragraphs citing it
            own = sets.term(searcher, "kind", document_hit.KIND) & rest
            tiers.append((scored(required), own, False))
            rest &= ~own
        together = together_query(parsed)
        apart = False
        if together is not None:  # a short query's words side by side as typed, first
            together_bits = sets.of(searcher, together) & rest
            if together_bits:
                tiers.append((scored(required), together_bits, False))
                rest &= ~together_bits
                apart = True  # the others hold the words apart: labelled so
        if tight is not None:
            tight_bits = sets.of(searcher, tight) & rest
            # The rest hold the words only apart, inside other compounds: labelled so.
            tiers += [(scored(tight), tight_bits, apart), (scored(required), rest & ~tight_bits, True)]
        else:
            tiers.append((scored(required), rest, apart))
        for q, bits, apart in tiers:
            if len(rows) >= wanted:
                break
            rows += [
                (f, score, "apart" if apart else False)
                for f, score, _ in _ranked(searcher, sets, q, bits, wanted - len(rows), parsed, verify)
            ]
    facet_counts = {f: _by_count(sets.facet(searcher, f, full_bits)) for f in FACETS} if facets else None

    # Partial matches follow the full ones, in an order that does not depend
    # on the page; only the ones the page shows are read.
    ranked_partial: list[tuple[int, float, float]] = []
    # Only when the full matches are few: a property of the query and the
    # index, never of the page, so the total stays the same on every page.
    if full_total < PARTIAL_BELOW and len(parsed.clauses) >= 2 and len(parsed.groups) >= 2:
        ranked_partial = partial(searcher, sets, parsed, allowed & ~full_bits).ranked
    rows = rows[start:wanted]
    for d, score, _ in ranked_partial[max(0, start - full_total) : max(0, wanted - full_total)]:
        rows.append((searcher.stored_fields(d), score, True))

    hits = []
    for rank, (fields, score, is_partial) in enumerate(rows, start + 1):
        hit = _hit(fields, score, parsed, docs, is_partial is True)
        if is_partial == "apart":
            hit["apart"] = True  # every word is there, but not side by side as typed
        hit["rank"] = rank
        hits.append(hit)
    out = {
        "query": query,
        "total": full_total + len(ranked_partial),
        "took_ms": 0.0,
        "page": page,
        "hits": hits,
    }
    if facet_counts is not None:
        out["facets"] = facet_counts
    return out


def together_query(parsed: ParsedQuery):
    """A short query typed as one run of words (2 to ``TOGETHER_WORDS``), as one phrase of pairs; else None."""
    runs = typed_runs(parsed)
    if len(runs) != 1 or not 2 <= len(runs[0]) <= TOGETHER_WORDS or len(parsed.groups) != len(runs[0]):
        return None
    return clause_query(merged_clause([parsed.clauses[i] for i in runs[0]]))


def names_number(parsed: ParsedQuery) -> bool:
    """Whether the query names a document number: a code with a slash and a digit (08-NQ/TU, 51/2021/NĐ-CP)."""
    return any("/" in c.typed and any(ch.isdigit() for ch in c.typed) and len(c.slots) > 1 for c in parsed.clauses)


def _suggestion(reader, searcher, parsed: ParsedQuery, filters) -> str | None:
    """A better-spelled query when a typed word is unknown to the index and the correction finds something."""
    version = (str(reader.generation()), searcher.reader().generation())
    fixed = corrected(searcher, parsed, lambda: lexicon(searcher, version))
    if fixed is None:
        return None
    fixed_parsed = parse_query(fixed)
    found = _search(reader, searcher, fixed_parsed, fixed, 1, 1, filters, False)
    if not found["hits"] or found["hits"][0]["partial"]:
        return None
    spelled = restore_accents(found["hits"][0]["text"], clause_spans, fixed_parsed)
    return spelled if spelled and spelled != parsed.text else None


def _verified(searcher, bits: int, parsed: ParsedQuery) -> int:
    """The paragraphs of ``bits`` whose text holds the query's phrases (pairs side by side in order).

    Read once for the whole set, so the total is the same whatever page is asked.
    Beyond ``VERIFY_ALL`` candidates the pairs' AND stands for the phrase.
    """
    size = searcher.doc_count_all()
    docs = members(bits, size)
    if len(docs) > VERIFY_ALL:
        return bits
    return from_members([d for d in docs if _holds(searcher.stored_fields(d)["text"], parsed)], size)


def _ranked(searcher, sets, q, bits: int, wanted: int, parsed, verify: bool) -> list:
    """The best ``wanted`` paragraphs of ``bits`` by their score for ``q``, holding the query's phrases."""
    rows: list[tuple[dict, float, bool]] = []
    take = 2 * wanted + 10
    done = 0
    while True:
        ranked = best(searcher, sets, q, bits, take)
        for score, d in ranked[done:]:
            fields = searcher.stored_fields(d)
            if verify and not _holds(fields["text"], parsed):
                continue
            rows.append((fields, score, False))
            if len(rows) == wanted:
                return rows
        if len(ranked) < take:
            return rows
        done = len(ranked)
        take *= 4


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
    return [docs[k] for k in sorted(docs)]


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
    return {"meta": meta, "chunks": chunks}
