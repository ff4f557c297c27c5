"""The one search function behind the CLI and the page, and its result shape.

``search`` returns plain data: ``{"query", "total", "took_ms", "page", "hits"}``
where every hit carries the whole cleaned paragraph (``text``), the offsets of
every highlighted match (``spans``, so ``text[s:e]`` is the matched original
text) and a short ``snippet`` window. When no paragraph holds every word of a
query of several words, the paragraphs holding most of it follow, marked
``"partial": true``.
"""

from __future__ import annotations

import math
import time
from pathlib import Path

from whoosh import query as wq

from analyzers.text import canonical, fold
from indexer import grouping
from indexer.docsets import at_least, from_members, members, to_bytes
from indexer.errors import QueryError
from indexer.filters import allowed_documents, normalize
from indexer.filters import facet_values as filter_values
from indexer.highlight import clause_spans, merge, snippet
from indexer.properties import as_text, iso_date, newest_first
from indexer.query import (
    ParsedQuery,
    boost_query,
    clause_query,
    excluded_query,
    parse_query,
    required_query,
    tight_query,
)
from indexer.ranking import best
from indexer.store import Reader

FACETS = ("doc_id", "province", "doc_type", "year")
PARTIAL_CANDIDATES = 100
PARTIAL_MIN_COVERAGE = 0.6  # of the query's weight; below it a "match" ignores what the query is about


def _filter(searcher, sets, filters: dict | None, docs: dict) -> int | None:
    """The paragraphs of the documents ``filters`` allows (see :mod:`indexer.filters`), or None for all."""
    allowed = allowed_documents(filters, docs)
    if allowed is None:
        return None
    if len(allowed) > len(docs) // 2:  # most documents: cheaper to take the others out
        others = [wq.Term("doc_id", d) for d in sorted(set(docs) - allowed)]
        return ~sets.of(searcher, wq.Or(others)) if others else -1
    return sets.of(searcher, wq.Or([wq.Term("doc_id", d) for d in sorted(allowed)])) if allowed else 0


def _clause_weight(searcher, clause) -> float:
    """How much a clause says: the summed rarity of its syllables."""
    total = 0.0
    n = searcher.doc_count() or 1  # paragraphs not deleted: the weights of a fresh build
    for slot in clause.slots:
        alt = slot[-1]
        df = max(searcher.doc_frequency("syl", canonical(alt)), searcher.doc_frequency("fold", fold(alt)))
        total += math.log(1 + n / (1 + df))
    return total


def _hit(stored: dict, score: float, parsed: ParsedQuery, docs: dict, partial: bool) -> dict:
    text = stored["text"]
    per_clause = clause_spans(text, parsed.clauses)
    spans = merge([s for spans in per_clause for s in spans], text)
    snip, snip_spans = snippet(text, spans)
    meta = docs.get(stored["doc_id"], {})
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

    With ``facets=True`` the result also counts the full matches per
    document, province, type, year and issuer (``"facets": {field: {value: n}}``).
    ``filters`` are those of :mod:`indexer.filters`. ``group="document"``
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
        searcher.reader().generation(),
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
    reader.cache_put(key, out)
    out["took_ms"] = round((time.perf_counter() - t0) * 1000, 2)
    return out


def _search(reader, searcher, parsed, query, limit, page, filters, facets, group="", sort="relevance", per_document=3):
    docs = reader.docs_of(searcher)  # the metadata of the commit searched, whatever landed since
    required = required_query(parsed)
    excluded = excluded_query(parsed)
    boost = boost_query(parsed)
    wanted = page * limit
    # Exact phrases are matched as an AND of their syllable pairs (fast) and
    # verified here on the text, only as far down the list as is shown.
    verify = any(len(c.slots) > 2 for c in parsed.clauses)

    def scored(q: wq.Query) -> wq.Query:
        q = wq.AndMaybe(q, boost) if boost is not None else q
        return wq.AndNot(q, excluded) if excluded is not None else q

    # Exact totals from the terms' bitsets (cached per index version).
    sets = reader.docsets(searcher)
    allowed = ~sets.of(searcher, excluded) if excluded is not None else -1
    filt = _filter(searcher, sets, filters, docs)
    if filt is not None:
        allowed &= filt
    full_bits = sets.of(searcher, required) & allowed
    full_total = full_bits.bit_count()

    # First the paragraphs where the words that usually stand together do
    # (short pair postings), then, only if they are too few, the others.
    tiers = []
    if full_total:
        tight = tight_query(parsed, searcher.doc_frequency)
        tiers = [(scored(required), full_bits)]
        if tight is not None:
            tight_bits = sets.of(searcher, tight) & full_bits
            tiers = [(scored(tight), tight_bits), (scored(required), full_bits & ~tight_bits)]
    need_counts = facets or group == "document"
    by_doc = sets.facet(searcher, "doc_id", full_bits) if need_counts else {}
    if group == "document" or sort == "date":
        return _arranged(
            reader, searcher, sets, parsed, query, limit, page, docs, tiers, allowed & ~full_bits, full_total,
            by_doc, facets, group, sort, per_document, verify,
        )  # fmt: skip
    rows: list[tuple[dict, float, bool]] = []
    rejected = 0
    for q, bits in tiers:
        if len(rows) >= wanted:
            break
        more, more_rejected = _ranked(searcher, sets, q, bits, wanted - len(rows), parsed, verify)
        rows += more
        rejected += more_rejected
    full_total -= rejected
    facet_counts = _facets(searcher, sets, full_bits, by_doc, docs) if facets else None

    partial_total = 0
    if full_total < wanted and len(parsed.clauses) >= 2 and len(parsed.groups) >= 2:
        partial = _partial(searcher, sets, parsed, allowed & ~full_bits, wanted - full_total)
        partial_total = len(partial)
        rows.extend((fields, score, True) for fields, score in partial)

    hits = []
    for rank, (fields, score, is_partial) in enumerate(rows[(page - 1) * limit : wanted], (page - 1) * limit + 1):
        hit = _hit(fields, score, parsed, docs, is_partial)
        hit["rank"] = rank
        hits.append(hit)
    out = {
        "query": query,
        "total": full_total + partial_total,
        "took_ms": 0.0,
        "page": page,
        "hits": hits,
    }
    if facet_counts is not None:
        out["facets"] = facet_counts
    return out


def _facets(searcher, sets, full_bits: int, by_doc: dict[str, int], docs: dict) -> dict[str, dict[str, int]]:
    """Matches per value of each facet; the issuer's from the documents' counts."""
    counts = {f: _by_count(sets.facet(searcher, f, full_bits)) for f in FACETS}
    issuers: dict[str, int] = {}
    for doc_id, n in by_doc.items():
        for issuer in filter_values(docs.get(doc_id, {}), "issuer"):
            issuers[issuer] = issuers.get(issuer, 0) + n
    counts["issuer"] = _by_count(issuers)
    return counts


def _arranged(
    reader, searcher, sets, parsed, query, limit, page, docs, tiers, partial_allowed, full_total,
    by_doc, facets, group, sort, per_document, verify,
) -> dict:  # fmt: skip
    """Results by document and/or by date (see :mod:`indexer.grouping`): every match is ranked."""
    names, column = sets.column(searcher, "doc_id")

    def rows_of(q, bits):
        return ((names[column[d]], score, False, d) for score, d in best(searcher, sets, q, bits))

    def load(ref):
        if isinstance(ref, dict):
            return ref
        fields = searcher.stored_fields(ref)
        return fields if not verify or _holds(fields["text"], parsed) else None

    rows = grouping.chain(*(rows_of(q, bits) for q, bits in tiers))
    partial_rows: list = []
    wanted = page * limit
    few = len(by_doc) < wanted if group == "document" else full_total < wanted
    if few and len(parsed.clauses) >= 2 and len(parsed.groups) >= 2:
        partial_rows = [
            (f["doc_id"], score, True, f)
            for f, score in _partial(searcher, sets, parsed, partial_allowed, max(limit, wanted - full_total))
        ]
    newest = lambda doc_id: newest_first(docs.get(doc_id, {}))  # noqa: E731
    if sort == "date":
        rows = grouping.chain(grouping.by_date(rows, newest), grouping.by_date(partial_rows, newest))
    else:
        rows = grouping.chain(rows, partial_rows)
    out = {"query": query, "total": full_total + len(partial_rows), "took_ms": 0.0, "page": page, "hits": []}
    if group == "document":
        partial_docs = {r[0] for r in partial_rows} - set(by_doc)
        partial_counts: dict[str, int] = {}
        for r in partial_rows:
            partial_counts[r[0]] = partial_counts.get(r[0], 0) + 1
        matches = lambda doc_id: by_doc.get(doc_id) or partial_counts.get(doc_id, 0)  # noqa: E731
        found = grouping.documents(rows, load, (page - 1) * limit, limit, matches, per_document)
        out["total_documents"] = len(by_doc) + len(partial_docs)
        out["groups"] = []
        for rank, (doc_id, members_) in enumerate(found, (page - 1) * limit + 1):
            meta = docs.get(doc_id, {})
            hits = []
            for n, (fields, score, is_partial) in enumerate(members_, 1):
                hit = _hit(fields, score, parsed, docs, is_partial)
                hit["rank"] = n
                hits.append(hit)
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
        taken, rejected = grouping.take(rows, load, wanted)
        out["total"] -= rejected
        for rank, (fields, score, is_partial) in enumerate(taken[(page - 1) * limit :], (page - 1) * limit + 1):
            hit = _hit(fields, score, parsed, docs, is_partial)
            hit["rank"] = rank
            out["hits"].append(hit)
    if facets:
        out["facets"] = _facets(searcher, sets, sum_bits(tiers), by_doc, docs)
    return out


def sum_bits(tiers) -> int:
    """The union of the tiers' paragraphs (all the full matches)."""
    bits = 0
    for _q, b in tiers:
        bits |= b
    return bits


def _ranked(searcher, sets, q, bits: int, wanted: int, parsed, verify: bool) -> tuple[list, int]:
    """The best ``wanted`` paragraphs of ``bits`` by their score for ``q``, holding the query's phrases.

    Returns the rows and how many paragraphs were read and failed verification.
    """
    rows: list[tuple[dict, float, bool]] = []
    rejected = 0
    take = 2 * wanted + 10
    done = 0
    while True:
        ranked = best(searcher, sets, q, bits, take)
        for score, d in ranked[done:]:
            fields = searcher.stored_fields(d)
            if verify and not _holds(fields["text"], parsed):
                rejected += 1
                continue
            rows.append((fields, score, False))
            if len(rows) == wanted:
                return rows, rejected
        if len(ranked) < take:
            return rows, rejected
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


def _units(searcher, parsed: ParsedQuery) -> list[list[int]]:
    """Group the query's clauses into units of meaning for coverage.

    Adjacent typed syllables that pyvi indexed as one compound ("xây dựng",
    "Sơn Mỹ") count as one unit: a paragraph holding "Mỹ" alone does not hold
    half of "Sơn Mỹ". An OR-group is one unit.
    """
    units: list[list[int]] = []
    index = 0
    groups = parsed.groups
    g = 0
    while g < len(groups):
        group = groups[g]
        single = len(group) == 1 and not group[0].quoted and len(group[0].slots) == 1
        if single:
            merged = 1
            for n in (3, 2):
                window = groups[g : g + n]
                if len(window) == n and all(len(x) == 1 and not x[0].quoted and len(x[0].slots) == 1 for x in window):
                    term = "_".join(canonical(x[0].slots[0][-1]) for x in window)
                    if searcher.doc_frequency("words", term):
                        merged = n
                        break
            units.append(list(range(index, index + merged)))
            index += merged
            g += merged
        else:
            units.append(list(range(index, index + len(group))))
            index += len(group)
            g += 1
    return units


def _partial(searcher, sets, parsed, allowed: int, need: int) -> list[tuple[dict, float]]:
    """Paragraphs holding most of the query, best coverage first.

    ``allowed`` is the bitset of paragraphs that may be shown (filters, not
    excluded, not a full match). Coverage is computed on the terms' bitsets;
    only the best candidates are scored.
    """
    weights = [_clause_weight(searcher, c) for c in parsed.clauses]
    whole = sum(weights) or 1.0
    # A paragraph that misses clauses weighing more than (1 - minimum coverage)
    # cannot qualify, so every candidate holds one of the rarest clauses that
    # together weigh more than that (a clause of several syllables, such as an
    # abbreviation, held as its pairs).
    order = sorted(range(len(weights)), key=lambda i: -weights[i])
    rare, mass = [], 0.0
    for i in order:
        rare.append(i)
        mass += weights[i]
        if mass > (1 - PARTIAL_MIN_COVERAGE) * whole:
            break
    clause_qs = [clause_query(c) for c in parsed.clauses]
    held = [sets.of(searcher, q) for q in clause_qs]
    candidates = 0
    for i in rare:
        candidates |= held[i]
    candidates &= allowed
    if not candidates:
        return []
    units = _units(searcher, parsed)
    or_units = {tuple(u) for u, grp in zip(units, _unit_groups(parsed, units), strict=True) if grp}
    size = searcher.doc_count_all()
    unit_bits = []
    for unit in units:
        bits = held[unit[0]]
        for i in unit[1:]:
            bits = (bits | held[i]) if tuple(unit) in or_units else (bits & held[i])
        unit_bits.append((bits & candidates, sum(weights[i] for i in unit) / whole))
    # Which candidates can reach the minimum coverage, counted for all of them
    # at once in bit-sliced integers; then each of those exactly.
    likely = at_least(
        candidates, [(bits, round(w * 1024)) for bits, w in unit_bits], PARTIAL_MIN_COVERAGE * 1024 - len(units)
    )
    coverage: dict[int, float] = {}
    shortlisted = [(to_bytes(bits, size), w) for bits, w in unit_bits]
    for d in members(likely, size):
        covered = sum(w for data, w in shortlisted if data[d >> 3] >> (d & 7) & 1)
        if covered >= PARTIAL_MIN_COVERAGE - 1e-9:
            coverage[d] = covered
    # The best coverage first; BM25 scores (all the words, rare ones first)
    # order the candidates of equal coverage, and only as many as can be shown.
    pool = min(PARTIAL_CANDIDATES, max(30, 3 * need))
    shortlist = sorted(coverage, key=lambda d: -coverage[d])
    if len(shortlist) > pool:
        cut = coverage[shortlist[pool - 1]]
        shortlist = [d for d in shortlist if coverage[d] >= cut][: 20 * pool]
    anyq: wq.Query = wq.Or([clause_qs[i] for i in rare])
    rest = [clause_qs[i] for i in order[len(rare) :]]
    if rest:
        anyq = wq.AndMaybe(anyq, wq.Or(rest))
    scores = {d: score for score, d in best(searcher, sets, anyq, from_members(shortlist, size))}
    ranked = sorted(shortlist, key=lambda d: (-coverage[d], -scores.get(d, 0.0)))[:pool]
    return [(searcher.stored_fields(d), round(coverage[d] * 100, 1) / 100 * scores.get(d, 0.0)) for d in ranked]


def _unit_groups(parsed: ParsedQuery, units: list[list[int]]) -> list[bool]:
    """For each unit, whether it is an OR-group (held when any clause is)."""
    starts, index = {}, 0
    for group in parsed.groups:
        starts[index] = len(group) > 1
        index += len(group)
    return [starts.get(u[0], False) and len(u) > 1 for u in units]


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
    chunks = [dict(f) for f in searcher.documents(doc_id=doc_id)]
    chunks.sort(key=lambda c: c["paragraph"])
    return {"meta": meta, "chunks": chunks}
