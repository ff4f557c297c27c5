"""Partial matches: the paragraphs holding most of a query when none holds all of it.

Why: people type questions ("Người nhận cầm cố có được cho thuê tài sản cầm
cố không?"), and the text that answers rarely repeats every word of them. So
when the full matches do not fill the page, the paragraphs holding the most
of what the query is about follow, labelled partial. What a paragraph holds is
counted in *units*, not syllables:

- typed syllables that mostly stand side by side in the text form one unit
  ("cầm cố", "tài sản"), held only where they stand together, so "công" alone
  in "công nghệ" is not half of "công nghiệp";
- a unit weighs its rarity (idf of the paragraphs holding it), so the rare
  words of a question decide; question and function words ("có", "được",
  "không", "là gì", "bao nhiêu") weigh little (:mod:`analyzers.question_words`);
- typed units that stand next to each other in the query and in the text add
  their pair to the score.

A proper name typed in capitals ("Sơn Mỹ", "Hà Nam") is what the query is
about: every partial match holds it when the index knows it, in its own text
or in its document's line (the Hà Nam committee's resolution is about Hà Nam
in every paragraph). A name the
index does not hold as typed ("Tỉnh Hà Nam": the text says "tỉnh Hà Nam" in
other words, "Tỉnh ủy Hà Nam") is split like any other run of words where a
part of it is known ("Hà Nam"); one it never mentions at all ("Vũng Tàu") is
what the query asks about. A query most of whose units the index does not
know gets no partial matches (:func:`answerable`); a word no Vietnamese
syllable spells ("xyzqw") never cancels the rest. The ranking never depends
on the page asked for, so totals and pages agree.
"""

from __future__ import annotations

import math
import re
import threading
import weakref
from dataclasses import dataclass
from itertools import pairwise

from analyzers.paraphrases import paraphrase
from analyzers.question_words import is_question_phrase, is_question_word
from analyzers.terms import FOLD, PAIRS, SYL, WORDS, fold_pair, pair, word_term
from analyzers.text import canonical, fold, has_accents
from indexer.index import document_hit
from indexer.searching.docsets import from_members, members, overlaps, reaching, stretches, summed, to_bytes
from indexer.searching.nodes import All, Any, Bag, Node, Term
from indexer.searching.parse import Clause, ParsedQuery, parse_query
from indexer.searching.query import clause_query, group_query, merged_clause, typed_runs
from indexer.searching.ranking import best
from indexer.searching.ties import settled
from indexer.searching.tuning import (
    BIND_SHARE,
    DOC_B,
    DOC_K1,
    PARTIAL_ADJACENT_SHARE,
    PARTIAL_HEAD,
    PARTIAL_NAMED_DOCUMENTS,
    PARTIAL_PAIR_BOOST,
    PARTIAL_QUESTION_WEIGHT,
    PARTIAL_SAME_DOCUMENT,
    PARTIAL_SHORTLIST,
)


@dataclass(frozen=True)
class Unit:
    """One thing a paragraph may hold: a word, a compound, a phrase or an OR-group."""

    query: Node
    clauses: tuple[Clause, ...]
    weight: float
    known: bool
    name: bool
    question: bool = False
    adjacency: bool = False  # two typed units found side by side (counts on top of both)


@dataclass(frozen=True)
class Partial:
    """The ranked partial matches (docnum, score, coverage): the shortlist, all of it ranked and counted."""

    ranked: list[tuple[int, float, float]]


def _is_name(clause: Clause) -> bool:
    typed = clause.typed
    return typed[:1].isupper() and typed[1:].islower()


def _binds(searcher, left: Clause, right: Clause, accented: bool) -> bool:
    """Two typed syllables that mostly stand side by side in the text (or are one pyvi word).

    A question or function word joins its neighbour only as a pyvi word ("có
    thể", "cho vay"): it stands beside nearly everything, so a statute's
    habits ("phải bồi thường", "xung quanh có") are not a unit of the question.
    Like every word of an accented query, a syllable typed there without
    accents is taken as typed ("quan" in "cơ quan" is not "quán" or "quản"):
    its folded form would count every accented word it could be and never
    stand beside its neighbour often enough.
    """
    a, b = left.slots[-1][-1], right.slots[0][-1]
    loose = (left.loose[-1] or right.loose[-1]) and not accented
    if not loose and searcher.doc_frequency(WORDS, word_term([a, b])):
        return True
    if any(is_question_word(s, loose) for s in (a, b)):
        return False
    if loose:
        term = fold_pair(a, b)
        rare = min(searcher.doc_frequency(FOLD, fold(s)) for s in (a, b))
    else:
        term = pair(a, b)
        rare = min(searcher.doc_frequency(SYL, canonical(s)) for s in (a, b))
    return rare > 0 and searcher.doc_frequency(PAIRS, term) >= BIND_SHARE * rare


def units(searcher, sets, parsed: ParsedQuery) -> list[Unit]:
    """The query's units of meaning with their bitsets' weights."""
    size = searcher.doc_count() or 1  # paragraphs not deleted: the weights of a fresh build
    out: list[Unit] = []
    # Someone who types accents types them where they belong: in an accented
    # query "vay" is "vay" (to borrow), not an accent-free "vậy".
    accented = any(has_accents(c.typed) for c in parsed.clauses)

    def add(q: Node, clauses: list[Clause]) -> None:
        df = sets.of(searcher, q).bit_count()
        typed = [
            (slot[-1], loose and not accented) for c in clauses for slot, loose in zip(c.slots, c.loose, strict=True)
        ]
        question = all(is_question_word(s, loose) for s, loose in typed) or is_question_phrase(
            tuple(s for s, _ in typed), any(loose for _, loose in typed)
        )
        # Question words weigh a constant little: their pairs ("thế nào") are
        # rare in statutes, which says nothing about the answer.
        weight = PARTIAL_QUESTION_WEIGHT if question else math.log(1 + size / (1 + df))
        weight *= math.sqrt(sum(len(c.slots) for c in clauses))
        name = len(clauses) >= 2 and all(_is_name(c) for c in clauses)
        out.append(Unit(q, tuple(clauses), weight, df > 0, name, question))

    run: list[Clause] = []

    def flush() -> None:
        if run:
            add(clause_query(merged_clause(run)) if len(run) > 1 else clause_query(run[0]), list(run))
            run.clear()

    groups = parsed.groups
    whole = _unknown_names(searcher, sets, groups)
    i = 0
    while i < len(groups):
        group = groups[i]
        clause = group[0]
        if not _word(group):
            flush()
            add(group_query(group), list(group))
            i += 1
            continue
        said = _paraphrased(groups, i, accented)
        if said and _inside_word(searcher, groups, i, len(said[0]), accented):
            said = None
        either = Any([clause_query(merged_clause(said[0])), *map(clause_query, said[1])]) if said else None
        if either is not None and sets.of(searcher, either):  # an everyday phrase: it or the statute's words
            flush()
            add(either, said[0])
            i += len(said[0])
            continue
        if run:
            # Words that each stand together may overlap ("ban hành" + "hành
            # chính" + "chính sách"): a run no paragraph holds is not one unit.
            # A name stays whole wherever the text holds it so; one it never
            # holds ("Tỉnh Hà Nam") is split like other words ("Hà Nam").
            if i in whole:  # a name the index never holds, in no part either: one unknown unit
                pass
            elif (
                not (_is_name(run[-1]) and _is_name(clause)) and not _binds(searcher, run[-1], clause, accented)
            ) or not sets.of(searcher, clause_query(merged_clause([*run, clause]))):
                flush()
        run.append(clause)
        i += 1
    flush()
    return out + _adjacent(out)


def _unknown_names(searcher, sets, groups: list[list[Clause]]) -> set[int]:
    """The positions (after the first) of each run of capitalised words no two of which the index
    holds side by side: "Vũng Tàu" is one name it never mentions, while "Tỉnh Hà Nam" holds the
    known "Hà Nam" and is split like other words."""
    out: set[int] = set()
    i = 0
    while i < len(groups):
        j = i
        while j < len(groups) and _word(groups[j]) and _is_name(groups[j][0]):
            j += 1
        if j - i >= 2 and not any(
            sets.of(searcher, clause_query(merged_clause([groups[k][0], groups[k + 1][0]]))) for k in range(i, j - 1)
        ):
            out.update(range(i + 1, j))
        i = max(j, i + 1)
    return out


def whole_units(searcher, sets, parsed: ParsedQuery) -> int | None:
    """The paragraphs holding each of the query's words of several syllables as a word ("Hội
    đồng", "nhân dân"; see :func:`word_runs`), or None when it has none: a full match outside
    them holds some typed syllables only inside other words, scattered."""
    whole = None
    for run in word_runs(searcher, parsed):
        bits = sets.of(searcher, clause_query(merged_clause([parsed.clauses[i] for i in run])))
        whole = bits if whole is None else whole & bits
    return whole


def word_runs(searcher, parsed: ParsedQuery) -> list[list[int]]:
    """The query's words of several syllables, as runs of indexes into ``parsed.clauses``.

    Two syllables typed side by side are one word where the text has them as
    one (a pyvi word of the index: "hội đồng", "nhân dân", "hỗ trợ"); typed
    without accents, where they mostly stand side by side ("nha o"). Read
    from the left, words do not overlap. The
    highlighter marks them only where the whole word stands: the "đồng" of
    "đồng thuận" is not "Hội đồng".
    """
    out: list[list[int]] = []
    for run in typed_runs(parsed):
        k = 0
        while k + 1 < len(run):
            if _one_word(searcher, parsed.clauses[run[k]], parsed.clauses[run[k + 1]]):
                out.append([run[k], run[k + 1]])
                k += 2  # words do not overlap: "ban hành chính sách" is "ban hành" + "chính sách"
            else:
                k += 1
    return out


def _one_word(searcher, left: Clause, right: Clause) -> bool:
    if len(left.slots) != 1 or len(right.slots) != 1:
        return False
    a, b = left.slots[0][-1], right.slots[0][-1]
    if not (left.loose[0] or right.loose[0]):
        return searcher.doc_frequency(WORDS, word_term([a, b])) > 0
    rare = min(searcher.doc_frequency(FOLD, fold(s)) for s in (a, b))
    return rare > 0 and searcher.doc_frequency(PAIRS, fold_pair(a, b)) >= BIND_SHARE * rare


def _inside_word(searcher, groups: list[list[Clause]], i: int, n: int, accented: bool) -> bool:
    """Whether the typed words ``groups[i : i + n]`` begin or end inside a longer word: their
    first binds to the word before ("kiện" in "điều kiện"), or their last to the one after
    ("lương" in "lương thực"). An everyday word there is a syllable of another word."""
    before = i > 0 and _word(groups[i - 1]) and _binds(searcher, groups[i - 1][0], groups[i][0], accented)
    after = i + n < len(groups) and _word(groups[i + n])
    return bool(before or (after and _binds(searcher, groups[i + n - 1][0], groups[i + n][0], accented)))


def _word(group: list[Clause]) -> bool:
    """A group that is one typed word: one clause, not quoted, one syllable."""
    return len(group) == 1 and not group[0].quoted and len(group[0].slots) == 1


def _paraphrased(groups: list[list[Clause]], i: int, accented: bool) -> tuple[list[Clause], list[Clause]] | None:
    """The typed words from ``groups[i]`` that make an everyday phrase, and the statutory
    phrases it stands for as clauses (:mod:`analyzers.paraphrases`); None when none starts there."""
    words: list[Clause] = []
    for group in groups[i:]:
        if not _word(group):
            break
        words.append(group[0])
    found = paraphrase([c.slots[0][-1] for c in words], [c.loose[0] and not accented for c in words])
    if found is None:
        return None
    n, phrases = found
    return words[:n], [merged_clause(parse_query(p).clauses) for p in phrases]


def statutory_clauses(parsed: ParsedQuery) -> list[Clause]:
    """The statutory phrases the query's everyday phrases stand for: a partial match holding
    one is marked there too, so a reader sees why it answers."""
    accented = any(has_accents(c.typed) for c in parsed.clauses)
    out: list[Clause] = []
    for i in range(len(parsed.groups)):
        said = _paraphrased(parsed.groups, i, accented)
        if said is not None:
            out.extend(said[1])
    return out


def _adjacent(found: list[Unit]) -> list[Unit]:
    """Consecutive typed units found side by side in the text count once more, a share of both."""
    extra = []
    for left, right in pairwise(found):
        a, b = left.clauses[-1], right.clauses[0]
        if left.question or right.question or a.quoted or b.quoted or len(a.slots) != 1 or len(b.slots) != 1:
            continue
        loose = a.loose[-1] or b.loose[-1]
        term = fold_pair(a.slots[0][-1], b.slots[0][-1]) if loose else pair(a.slots[0][-1], b.slots[0][-1])
        q = All([left.query, right.query, Term(PAIRS, term)])
        weight = PARTIAL_ADJACENT_SHARE * (left.weight + right.weight)
        extra.append(Unit(q, (), weight, True, False, adjacency=True))
    return extra


# A Vietnamese syllable, accents folded: an onset, one to three vowels, a final consonant.
_SYLLABLE = re.compile(r"(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(ch|ng|nh|[cmnpt])?")


def _vietnamese(unit: Unit) -> bool:
    """Whether every typed syllable of ``unit`` is one Vietnamese spells (not "xyzqw", "xylophone")."""
    return all(_SYLLABLE.fullmatch(fold(slot[-1]).lower()) for c in unit.clauses for slot in c.slots)


def answerable(found: list[Unit]) -> bool:
    """Whether partial matches can say anything: most of what the query names is in the index.

    Units the index does not hold count against it, a proper name twice (a
    name is what a query is about: "khai thác dầu khí Vũng Tàu" asks about a
    place the resolutions never mention), so "luyện cán thép" does not fill a
    page with the "cán" of "cán bộ". A word no Vietnamese syllable spells (a
    slip of the keyboard, "xyzqw", or a foreign word) says nothing about what
    is asked and does not count: "xyzqw công nghiệp" gets the paragraphs
    holding "công nghiệp", labelled partial, and the suggestion.
    """
    content = [u for u in found if u.clauses and not u.question] or found
    unknown = sum((2 if u.name else 1) for u in content if not u.known and _vietnamese(u))
    return any(u.known for u in content) and unknown * 2 < len(content)


def _shortlisted(searcher, sets, found: list[Unit], held, candidates: int, size: int) -> tuple[int, dict | None]:
    """The candidates of highest coverage, found on the bitsets, and their BM25 scores when
    ranking them already computed those (else None).

    The coverage threshold is lowered until the shortlist is big enough
    (bit-sliced sums). Coverage ties beyond twice its size (one unit known,
    "tài fwmjjs") are cut by BM25 alone, so a frequent word is ranked once, as
    a search for it would be, not walked unit by unit.
    """
    shortlist_bits = candidates
    if candidates.bit_count() > PARTIAL_SHORTLIST:
        planes = summed([(bits, round(w * 1024)) for bits, w in held])  # once for every threshold tried
        # The highest threshold (in 64ths) still reaching the shortlist's size,
        # by bisection: the count only falls as the threshold rises.
        low, high = 0, 16
        while low < high:
            mid = (low + high + 1) // 2
            found_bits = reaching(candidates, planes, mid * 64)
            if found_bits.bit_count() >= PARTIAL_SHORTLIST:
                low, shortlist_bits = mid, found_bits
            else:
                high = mid - 1
    shortlist_bits &= (1 << size) - 1
    if shortlist_bits.bit_count() <= 2 * PARTIAL_SHORTLIST:
        return shortlist_bits, None
    # Paragraphs tied at the cut are kept by document and paragraph, as a fresh build keeps them.
    documents = lambda tied: place_of(searcher, sets, tied)  # noqa: E731
    top = best(searcher, sets, _score_query(found), shortlist_bits, PARTIAL_SHORTLIST, documents)
    return from_members([d for _, d in top], size), {d: s for s, d in top}  # BM25 ignores the other candidates


def partial(searcher, sets, parsed: ParsedQuery, allowed: int, documents: int, answered: bool = False) -> Partial:
    """The best partial matches among ``allowed`` (not full matches, filtered, not excluded);
    ``documents``: how many documents the index version searched holds (its metadata's).

    ``answered``: some paragraph holds the whole query. Then, for a query of fewer than three
    content units and no proper name, a partial match must still hold each of them: one word
    of two ("binh thuan": the "bình" of "bình quân") is not most of what was asked, and the
    full matches answer it. A name is what a query is about (see :func:`_in_documents`):
    the paragraphs naming "Sơn Mỹ" still follow the full matches of "KCN Sơn Mỹ"."""
    found = units(searcher, sets, parsed)
    if len(found) < 2 or not answerable(found):
        return Partial([])
    size = searcher.doc_count_all()
    whole = sum(u.weight for u in found) or 1.0
    text = [sets.of(searcher, u.query) for u in found]  # in the paragraph's own words
    held = [
        (_in_documents(searcher, sets, u, bits) & allowed, u.weight / whole)
        for u, bits in zip(found, text, strict=True)
    ]
    own = [bits & allowed for bits in text]
    content = [bits for bits, u in zip(own, found, strict=True) if not u.question and not u.adjacency]
    candidates = 0
    for bits in content or own:
        candidates |= bits  # a candidate holds some of the query in its own words
    few = (
        answered
        and sum(1 for u in found if u.clauses and not u.question) < 3
        and not any(u.name and u.known for u in found)  # a name: the paragraphs naming it say about it
    )
    for (bits, _), u in zip(held, found, strict=True):
        if (u.name and u.known) or (few and u.clauses and not u.question):
            candidates &= bits  # a proper name is what the query is about: every partial match holds it
    if not candidates:
        return Partial([])
    shortlist_bits, scores = _shortlisted(searcher, sets, found, held, candidates, size)
    shortlist = members(shortlist_bits, size)
    held_bytes = [to_bytes(bits, size) for bits, _ in held]  # made once for both coverages below
    coverage = _coverage(shortlist, held, held_bytes)
    if scores is None:
        scores = {d: s for s, d in best(searcher, sets, _score_query(found), shortlist_bits)}
    # Paragraph coverage x BM25 orders the shortlist; its head is then
    # weighed with its documents' coverage (only there: reading which document
    # a paragraph belongs to costs a stored-field read).
    # Equal scores by document and paragraph, not index order (:mod:`indexer.searching.ties`).
    key = {d: coverage[d] * scores.get(d, 0.0) for d in shortlist}
    place = lambda tied: place_of(searcher, sets, tied)  # noqa: E731
    order = settled(sorted(shortlist, key=key.__getitem__, reverse=True), key, place)
    head, tail = order[:PARTIAL_HEAD], order[PARTIAL_HEAD:]
    docs = document_of(searcher, sets, head)
    average = (searcher.doc_count() or 1) / max(1, documents)  # paragraphs per document, as a fresh build counts
    doc_cov, doc_bm25 = _document_scores(searcher, sets, held, held_bytes, found, set(docs.values()), average)
    final = {d: rank_score(coverage[d], scores.get(d, 0.0), doc_cov[docs[d]], doc_bm25[docs[d]]) for d in head}
    ranked = diverse(settled(sorted(head, key=final.__getitem__, reverse=True), final, place), docs, final, place)
    return Partial(
        [(d, final[d], coverage[d]) for d in ranked]
        + [(d, rank_score(coverage[d], scores.get(d, 0.0), 0.0, 0.0), coverage[d]) for d in tail]
    )


def _coverage(shortlist: list[int], held: list[tuple[int, float]], held_bytes: list[bytes]) -> dict[int, float]:
    """Each shortlisted paragraph's sum of the weights of the units holding it (in the units' order).

    Each unit's bitset is read as bytes at the shortlist's places, not listed: listing a
    unit's shortlisted members scanned the whole bitset each time (fifteen units, 0.6 ms each,
    at 5·10^5 paragraphs).
    """
    coverage = dict.fromkeys(shortlist, 0.0)
    places = [(d >> 3, 1 << (d & 7), d) for d in shortlist]
    for (_, w), data in zip(held, held_bytes, strict=True):  # each unit's bits as bytes (:func:`to_bytes`)
        for byte, mask, d in places:
            if data[byte] & mask:
                coverage[d] += w
    return coverage


def _in_documents(searcher, sets, unit: Unit, bits: int) -> int:
    """The paragraphs holding ``unit`` (``bits``); for a proper name, also every paragraph of a
    document whose own line names it (issuer, province, title, signer).

    Why: a resolution of the Hà Nam committee speaks of "công nghiệp hỗ trợ" without repeating
    "Hà Nam" in each paragraph; someone asking "Hà Nam công nghiệp hỗ trợ" wants those paragraphs.
    A name in the metadata of very many documents says little about any one of them: then only
    the paragraphs that hold it count.
    """
    if not (unit.name and unit.known):
        return bits
    own = bits & sets.term(searcher, "kind", document_hit.KIND)
    if not own or own.bit_count() > PARTIAL_NAMED_DOCUMENTS:
        return bits
    for doc in set(document_of(searcher, sets, members(own, searcher.doc_count_all())).values()):
        bits |= sets.term(searcher, "doc_id", doc)
    return bits


# Per term-bitset cache (one per reader and index version): docnum -> (doc_id, paragraph).
_PLACE_OF: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_PLACE_OF_LOCK = threading.Lock()
_PLACE_OF_LIMIT = 500_000  # remembered paragraphs per version: a few tens of MB at most


def place_of(searcher, sets, docnums: list[int]) -> dict[int, tuple[str, int]]:
    """Each paragraph's (document, paragraph number), remembered per index version.

    Reading it costs a stored-field read (the whole paragraph, decompressed);
    the same paragraphs head the partial matches of related queries, and a
    paragraph's place never changes within one version of the index (one
    :class:`DocSets`, forgotten with it). It orders equal scores: not the place
    in the index, since the parallel writer may put a long document's paragraphs
    in two segments, so index order within a document is not always paragraph order.
    """
    with _PLACE_OF_LOCK:
        known = _PLACE_OF.setdefault(sets, {})
        out = {d: known.get(d) for d in docnums}
    found = {}
    for d in sorted(d for d, place in out.items() if place is None):  # in docnum order: a block of
        found[d] = searcher.place(d)  # stored fields is decompressed once for its paragraphs read in a row
    if found:
        with _PLACE_OF_LOCK:
            if len(known) + len(found) > _PLACE_OF_LIMIT:
                known.clear()
            known.update(found)
        out.update(found)
    return out


def document_of(searcher, sets, docnums: list[int]) -> dict[int, str]:
    """The document of each paragraph (:func:`place_of`'s first half, from the same cache)."""
    return {d: place[0] for d, place in place_of(searcher, sets, docnums).items()}


def _document_scores(
    searcher,
    sets,
    held: list[tuple[int, float]],
    held_bytes: list[bytes],
    found: list[Unit],
    docs: set[str],
    average: float,
) -> tuple[dict[str, float], dict[str, float]]:
    """Each of ``docs``' share of the query's weight (held in any of its paragraphs) and its BM25.

    A document's BM25 treats it as one text whose "terms" are the query's
    content units, each as frequent as the document's paragraphs holding it,
    and whose length is its paragraphs: an article that speaks of the whole
    question, again and again, beats one that mentions one of its words once.
    """
    coverage: dict[str, float] = {}
    bm25: dict[str, float] = {}
    # A document's paragraphs lie in a few stretches of the index: each unit's overlap is
    # counted there, on its bytes (``held_bytes``, :func:`to_bytes`), not over the whole index.
    content = [k for k, u in enumerate(found) if not u.question]
    for doc in docs:
        paragraphs = sets.term(searcher, "doc_id", doc)
        own = paragraphs.to_bytes((paragraphs.bit_length() + 7) // 8, "little")
        within = [(a, b, int.from_bytes(own[a:b], "little")) for a, b in stretches(own)]
        tfs = [overlaps(data, within) for data in held_bytes]
        coverage[doc] = sum(w for (_, w), tf in zip(held, tfs, strict=True) if tf)
        norm = DOC_K1 * (1 - DOC_B + DOC_B * paragraphs.bit_count() / average)
        score = 0.0
        for k in content:
            tf = tfs[k]
            if tf:
                score += held[k][1] * tf * (DOC_K1 + 1) / (tf + norm)
        bm25[doc] = score
    return coverage, bm25


def diverse(order: list[int], docs: dict[int, str], final: dict[int, float], place=None) -> list[int]:
    """Each further paragraph of a document counts for less, so a guess spans several documents.
    ``place`` orders equal scores (:func:`place_of`); by default the document, then the index."""
    seen: dict[str, int] = {}
    damped = {}
    for d in order:
        k = seen.get(docs[d], 0)
        seen[docs[d]] = k + 1
        damped[d] = final[d] * PARTIAL_SAME_DOCUMENT**k
    final.update(damped)
    return settled(sorted(order, key=damped.__getitem__, reverse=True), damped, place or (lambda tied: docs))


def rank_score(coverage: float, bm25: float, doc_coverage: float, doc_bm25: float) -> float:
    """BM25 (rare words, pairs side by side) times how much of the query the
    paragraph holds, how much its document holds and its document's BM25 over
    the query (a statute's article heading, a resolution's section, say what
    the paragraph is about). The document's BM25 counts by its square root: it
    breaks ties between paragraphs of equal coverage, it does not outweigh the
    paragraph's own words."""
    return coverage * doc_coverage * bm25 * math.sqrt(doc_bm25)


def _score_query(found: list[Unit]) -> Node:
    """BM25 over the content units and the pairs of units typed and found side by side."""
    parts: list[Node] = []
    for u in found:
        if u.question:
            continue
        if u.adjacency:
            parts.append(Term(PAIRS, u.query.parts[-1].text, boost=PARTIAL_PAIR_BOOST))
        else:
            parts.append(u.query)
    return Bag(parts)
