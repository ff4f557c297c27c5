"""The search function over a real index of the real corpus."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import indexer
from analyzers.text import fold_text
from indexer.searching.evaluate import check, evaluate

BT2021 = "binh-thuan_nq-tu-2021_phat-trien-cong-nghiep"
BT2016 = "binh-thuan_08-nq-tu-2016_cong-nghiep-tieu-thu-cong-nghiep"
KHANHHOA = "khanh-hoa_cthd-nq23-tw_chinh-sach-cong-nghiep"


def marked(hit):
    return [hit["text"][s:e] for s, e in hit["spans"]]


def test_kcn_son_my_finds_the_binh_thuan_paragraphs_with_spans_over_the_park(reader):
    result = indexer.search(reader, "KCN Sơn Mỹ")
    assert result["total"] >= 3
    full = [h for h in result["hits"] if not h["partial"]]
    assert len(full) >= 3
    for hit in full:
        assert hit["doc_id"].startswith("binh-thuan")
        assert any(re.fullmatch(r"(KCN|khu công nghiệp) Sơn Mỹ", m) for m in marked(hit)), marked(hit)
    for hit in result["hits"]:
        assert hit["partial"] or hit in full
        assert "Sơn Mỹ" in hit["text"]  # a partial match still holds the place name
    assert result["hits"][0]["doc_id"] == BT2021


def test_result_shape(reader):
    result = indexer.search(reader, '"liên kết vùng"', limit=3)
    assert set(result) == {"query", "total", "took_ms", "page", "hits"}
    assert result["query"] == '"liên kết vùng"' and result["page"] == 1
    assert isinstance(result["took_ms"], float) and isinstance(result["total"], int)
    for rank, hit in enumerate(result["hits"], 1):
        assert hit["rank"] == rank
        for key, kind in {
            "score": float,
            "doc_id": str,
            "title": str,
            "paragraph": int,
            "section": str,
            "text": str,
            "spans": list,
            "snippet": str,
        }.items():
            assert isinstance(hit[key], kind), key
        for s, e in hit["spans"]:
            assert fold_text(hit["text"][s:e]).lower() == "lien ket vung"


def test_phrase_is_highlighted_only_where_it_matched(reader):
    result = indexer.search(reader, '"Sơn Mỹ"', limit=50)
    texts = [h["text"] for h in result["hits"]]
    assert texts
    for hit in result["hits"]:
        assert set(marked(hit)) == {"Sơn Mỹ"}
    # and a phrase does not match its words apart
    assert all("Sơn Mỹ" in t for t in texts)


def test_accent_free_query_marks_the_accented_words(reader):
    hit = indexer.search(reader, "kcn son my")["hits"][0]
    assert "KCN Sơn Mỹ" in marked(hit)


def test_accented_query_does_not_match_other_accents(reader):
    for hit in indexer.search(reader, "điện", limit=50)["hits"]:
        assert all(fold_text(m).lower() == "dien" and m.lower() == "điện" for m in marked(hit))


def test_exact_accent_free_words_rank_above_folded_ones(reader):
    hits = indexer.search(reader, "thanh long", limit=5)["hits"]
    assert "thanh long" in hits[0]["text"]


def test_roman_numerals_and_their_values(reader):
    hits = indexer.search(reader, "Sơn Mỹ 2", limit=20)["hits"]
    assert any("Sơn Mỹ 2" in " ".join(marked(h)) for h in hits)
    hits = indexer.search(reader, "khóa 13")["hits"]
    assert any("khóa XIII" in marked(h) for h in hits)
    hits = indexer.search(reader, "Hàm Kiệm 2")["hits"]
    assert hits


def test_a_roman_heading_number_is_not_a_name(reader):
    # "II." numbers headings; "2" must not find text merely because a heading says "II."
    result = indexer.search(reader, "quan điểm 2", limit=50)
    for hit in result["hits"]:
        assert "2" in " ".join(marked(hit)) or hit.get("partial")


def test_codes_match_whole_and_in_parts(reader):
    whole = indexer.search(reader, "08-NQ/TU")["hits"]
    assert whole and all("08-NQ/TU" in marked(h) for h in whole if not h["partial"])
    parts = indexer.search(reader, "NQ/TU", limit=50)["hits"]
    assert len(parts) >= len(whole)
    assert indexer.search(reader, "51/2021/NĐ-CP")["hits"][0]["kind"] == "footnote"
    assert indexer.search(reader, "18,33%")["hits"]
    spaced, glued = (indexer.search(reader, q, limit=100)["hits"] for q in ("2016 - 2020", "2016-2020"))
    paragraphs = [[(h["doc_id"], h["paragraph"]) for h in hits if h["kind"] != "document"] for hits in (spaced, glued)]
    assert sorted(paragraphs[0]) == sorted(
        paragraphs[1]
    )  # the document's own line holds 2016 (its date) and 2020 apart


def test_abbreviation_both_ways(reader):
    long_form = indexer.search(reader, '"khu công nghiệp Phan Thiết 2"', limit=20)["hits"]
    assert any("KCN Phan Thiết 2" in marked(h) for h in long_form)
    short_form = indexer.search(reader, "KCN Phan Thiết", limit=20)["hits"]
    assert any(
        "khu công nghiệp Phan Thiết" in " ".join(marked(h)) or "khu công nghiệp" in marked(h) for h in short_form
    )


def test_a_word_that_only_looks_like_an_abbreviation(reader):
    # "tu" typed in lower case is the syllable tu/tư/tự, never "tỉnh ủy"
    for hit in indexer.search(reader, "tu", limit=30)["hits"]:
        assert all(set(fold_text(m).lower().split()) == {"tu"} for m in marked(hit)), marked(hit)


def test_operators(reader):
    hits = indexer.search(reader, "thanh long -titan", limit=50)["hits"]
    assert hits and not any("titan" in h["text"].lower() for h in hits)
    assert indexer.search(reader, "thanh long NOT titan", limit=50)["total"] == len(hits)
    either = indexer.search(reader, "titan OR LNG", limit=100)
    assert either["total"] == len(
        {(h["doc_id"], h["paragraph"]) for q in ("titan", "LNG") for h in indexer.search(reader, q, limit=100)["hits"]}
    )


def test_long_question_gets_partial_matches_marked(reader):
    result = indexer.search(reader, "chính sách thu hút đầu tư vào khu công nghiệp cho doanh nghiệp nhỏ")
    assert result["hits"] and all(h["partial"] for h in result["hits"])


def test_words_that_stand_together_rank_above_scattered_ones(reader):
    # "thu hút đầu tư" mostly stands together in the corpus: paragraphs that
    # say it come first, the ones with its words apart follow.
    result = indexer.search(reader, "thu hút đầu tư", limit=100)
    full = [h for h in result["hits"] if not h["partial"]]
    intact = ["thu hút đầu tư" in h["text"].lower() for h in full]
    assert True in intact and False in intact
    assert intact == sorted(intact, reverse=True)
    assert result["hits"][: len(full)] == full  # partial matches only after every full one


@pytest.mark.parametrize(
    "query",
    ["công nghiệp", "phát triển kinh tế", "cong nghiep -titan", "KCN OR CCN", "titan", '"khu công nghiệp" Bình'],
)
def test_the_total_is_the_number_of_hits_one_can_page_through(reader, query):
    hits, page = [], 1
    while True:
        result = indexer.search(reader, query, limit=100, page=page)
        hits += result["hits"]
        if len(result["hits"]) < 100:
            break
        page += 1
    assert result["total"] == len(hits) > 0
    assert len({(h["doc_id"], h["paragraph"]) for h in hits}) == len(hits)
    partial = [h["partial"] for h in hits]
    assert partial == sorted(partial)  # every full match before every partial one


@pytest.mark.parametrize(
    "text", ["công nghiệp", "phát triển kinh tế", "kcn son my", "titan", "KCN Sơn Mỹ", "UBND tỉnh -titan", "Sơn Mỹ II"]
)
def test_our_scores_are_whooshs(reader, index_dir, text):
    # The engine ranks from term bitsets and length bytes (indexer.searching.ranking):
    # it must give Whoosh's own BM25F scores, Whoosh's matchers and scorer
    # computing over the index statistics the engine uses (indexer.searching.scoring:
    # deleted paragraphs left out, the mean of the stored lengths).
    from whoosh import index as whoosh_index
    from whoosh import scoring

    from indexer.index.store import current_generation
    from indexer.index.whoosh_internals import open_reader, whoosh_searcher
    from indexer.searching import nodes
    from indexer.searching.query import boost_query, excluded_query, parse_query, required_query
    from indexer.searching.ranking import best
    from indexer.searching.scoring import LiveStats

    parsed = parse_query(text)
    q = required_query(parsed)
    boost = boost_query(parsed)
    q = q if boost is None else nodes.Maybe(q, boost)
    excluded = excluded_query(parsed)
    q = q if excluded is None else nodes.Without(q, excluded)
    ix = whoosh_index.open_dir(str(current_generation(index_dir)))
    with whoosh_searcher(open_reader(ix), LiveStats(), weighting=scoring.BM25F(), fromindex=ix) as stock:
        expected = list(_whoosh_scores(stock, q).items())
        assert expected
        searcher = reader.searcher()
        sets = reader.docsets(searcher)
        ours = best(searcher, sets, q, sets.of(searcher, q))
        assert sorted(d for _, d in ours) == sorted(d for d, _ in expected)
        by_doc = dict(expected)
        assert all(score == pytest.approx(by_doc[d], rel=1e-9) for score, d in ours)


def _as_whoosh(node, counting: bool = False):
    """The same query as Whoosh's own query objects (the oracle's side of the differential tests).

    Whoosh's ``AndNot`` matcher keeps a first paragraph that the excluded
    query also holds (it never moves the excluded side to it), so a NOT is
    ``And([kept, Not(excluded)])`` for counting; ``Not`` adds to Whoosh's
    score, so for scoring a NOT is its kept side (the paragraphs come from
    the count).
    """
    from whoosh import query as wq

    from indexer.searching import nodes

    if isinstance(node, nodes.Term):
        return wq.Term(node.field, node.text, boost=node.boost)
    if isinstance(node, nodes.Phrase):
        return wq.Phrase(node.field, node.texts, boost=node.boost)
    if isinstance(node, nodes.Without):
        kept = _as_whoosh(node.kept, counting)
        if counting:
            return wq.And([kept, wq.Not(_as_whoosh(node.excluded, counting))])
        assert node.boost == 1.0  # a lone kept side carries no boost of its own
        return kept
    if isinstance(node, nodes.Maybe):
        maybe = wq.AndMaybe(_as_whoosh(node.required, counting), _as_whoosh(node.optional, counting))
        maybe.boost = node.boost
        return maybe
    kind = wq.And if isinstance(node, nodes.All) else wq.Or
    return kind([_as_whoosh(p, counting) for p in node.parts], boost=node.boost)


def _whoosh_scores(stock, node) -> dict[int, float]:
    """The paragraphs Whoosh's matchers find for ``node``, with Whoosh's BM25F score of each."""
    docs = set(stock.docs_for_query(_as_whoosh(node, counting=True)))
    scores = {r.docnum: r.score for r in stock.search(_as_whoosh(node), limit=None)}
    return {d: scores[d] for d in docs}


@pytest.mark.parametrize(
    "text",
    [
        'công nghiệp -"khu công nghiệp"',
        'phát triển -"phát triển kinh tế xã hội"',
        'titan OR "Sơn Mỹ II"',
        "khai thác -titan",
        '"phát triển công nghiệp" OR "liên kết vùng"',
    ],
)
def test_each_query_node_counts_what_whooshs_query_matches(reader, index_dir, text):
    # Every node (terms, AND, OR, NOT, phrases of pairs verified on their
    # positions) computes its own bitset: it must be the paragraphs Whoosh's
    # own matchers find for the same query.
    from whoosh import index as whoosh_index

    from indexer.index.store import current_generation
    from indexer.index.whoosh_internals import open_reader, whoosh_searcher
    from indexer.searching import nodes
    from indexer.searching.docsets import members
    from indexer.searching.query import excluded_query, parse_query, required_query
    from indexer.searching.scoring import LiveStats

    parsed = parse_query(text)
    q = required_query(parsed)
    excluded = excluded_query(parsed)
    q = q if excluded is None else nodes.Without(q, excluded)
    searcher = reader.searcher()
    sets = reader.docsets(searcher)
    ours = members(sets.of(searcher, q), searcher.doc_count_all())
    ix = whoosh_index.open_dir(str(current_generation(index_dir)))
    with whoosh_searcher(open_reader(ix), LiveStats(), fromindex=ix) as stock:
        expected = sorted(stock.docs_for_query(_as_whoosh(q, counting=True)))
    assert ours == expected
    assert ours  # the query finds something: the comparison is not between two empty sets
    if excluded is not None:  # and the exclusion took something away
        assert members(sets.of(searcher, required_query(parsed)), searcher.doc_count_all()) != ours


def test_no_match_is_empty(reader):
    assert indexer.search(reader, "khai thác dầu khí Vũng Tàu")["hits"] == []


def test_paging(reader):
    first = indexer.search(reader, "công nghiệp", limit=5, page=1)
    second = indexer.search(reader, "công nghiệp", limit=5, page=2)
    assert first["total"] == second["total"] > 10
    assert [h["rank"] for h in second["hits"]] == [6, 7, 8, 9, 10]
    assert {(h["doc_id"], h["paragraph"]) for h in first["hits"]}.isdisjoint(
        (h["doc_id"], h["paragraph"]) for h in second["hits"]
    )


def test_filters_and_facets(reader):
    result = indexer.search(reader, "công nghiệp", filters={"province": "Bình Thuận"}, facets=True)
    assert set(result["facets"]["province"]) == {"Bình Thuận"}
    assert all(h["doc_id"].startswith("binh-thuan") for h in result["hits"])
    assert sum(result["facets"]["doc_id"].values()) == result["total"]


@pytest.mark.parametrize("bad", ["", "   ", '"', "-titan", "NOT", "OR", "x" * 10_000])
def test_malformed_queries_get_one_line_errors(reader, bad):
    with pytest.raises(indexer.QueryError) as info:
        indexer.search(reader, bad)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("odd", ['"liên kết vùng', "OR công nghiệp", "công nghiệp OR", "(KCN", "KCN -", "c++ * ?"])
def test_odd_queries_get_sensible_answers(reader, odd):
    result = indexer.search(reader, odd)
    assert result["total"] >= 0


def test_every_public_relevance_case_passes(reader, dev_queries):
    result = evaluate(reader, dev_queries)
    assert result["failures"] == []
    assert result["passed"] == result["total"] == len(dev_queries["queries"])


def test_the_relevance_check_itself_can_fail():
    hit = {"text": "Phát triển công nghiệp chế biến titan."}
    assert check({"needles": ["nhà ở công nhân"]}, [hit]) is not None
    assert check({"zero": True}, [hit]) is not None
    assert check({"needles": ["công nghiệp"], "none": ["titan"]}, [hit]) is not None
    assert check({"needles": ["cong nghiep che bien"]}, [hit]) is None


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 200).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.sets(st.integers(0, n - 1)),
            st.lists(st.tuples(st.sets(st.integers(0, n - 1)), st.integers(0, 60)), min_size=1, max_size=6),
            st.floats(-5, 200),
        )
    )
)
def test_bit_sliced_sums_pick_exactly_the_paragraphs_reaching_the_threshold(case):
    from indexer.searching.docsets import at_least, from_members, members

    n, among, weighted, threshold = case
    got = at_least(from_members(among, n), [(from_members(s, n), w) for s, w in weighted], threshold)
    assert members(got, n) == sorted(d for d in among if sum(w for s, w in weighted if d in s) >= threshold)


@pytest.mark.parametrize(
    "query",
    ['"phát triển công nghiệp"', '"phat trien cong nghiep"', '"phát trien công nghiệp"', '"thu hút đầu tư"'],
)
def test_a_phrase_total_counts_the_paragraphs_whose_text_holds_it(reader, query):
    """Phrases are verified on their pairs' positions: the total is what reading every text finds."""
    from analyzers.syllables import syllables
    from analyzers.text import canonical, fold
    from indexer.searching.parse import parse_query

    (clause,) = parse_query(query).clauses
    wanted = [
        (fold(s[-1]) if loose else canonical(s[-1]), loose) for s, loose in zip(clause.slots, clause.loose, strict=True)
    ]

    def holds(text: str) -> bool:
        by_pos: dict[int, set] = {}
        for syl in syllables(text):
            by_pos.setdefault(syl.pos, set()).update({(canonical(syl.text), False), (fold(syl.text), True)})
        return any(all(w in by_pos.get(p + i, ()) for i, w in enumerate(wanted)) for p in by_pos)

    expected = sum(holds(f["text"]) for f in reader.searcher().reader().all_stored_fields())
    assert expected > 0
    assert indexer.search(reader, query)["total"] == expected


def _term_leaves(node) -> list[tuple[str, str]]:
    from indexer.searching import nodes

    if isinstance(node, nodes.Term):
        return [(node.field, node.text)]
    return [t for part in getattr(node, "parts", ()) for t in _term_leaves(part)]


def _node_trees(scored: bool):
    """Random query trees over the real index's terms: terms with boosts, AND, OR, AND-MAYBE, NOT,
    and phrases of pair terms (where they are not scored: Whoosh scores a phrase as one term)."""
    from indexer.searching import nodes
    from indexer.searching.query import boost_query, parse_query, phrase_pairs, required_query

    parsed = parse_query('khu công nghiệp Sơn Mỹ phát triển kinh tế titan UBND tỉnh "liên kết vùng" kcn son my')
    pool = sorted({(f, t) for q in (required_query(parsed), boost_query(parsed)) for f, t in _term_leaves(q)})
    phrases = [phrase_pairs(c, folded=False) for c in parsed.clauses if len(c.slots) > 2]
    boosts = st.sampled_from([1.0, 1.0, 1.5, 0.3])
    term = st.builds(lambda ft, b: nodes.Term(*ft, boost=b), st.sampled_from(pool), boosts)
    phrase = st.sampled_from(phrases).map(lambda p: nodes.Phrase("pairs", p))
    leaf = term if scored else st.one_of(term, phrase)

    def extend(children):
        parts = st.lists(children, min_size=2, max_size=3)  # one part: Whoosh drops the boost above it
        shapes = [st.builds(nodes.All, parts, boosts), st.builds(nodes.Any, parts, boosts)]
        if not scored:
            # Scored, an AND-MAYBE stands outermost only: Whoosh's AndMaybeMatcher.skip_to
            # moves its optional side to the id asked, not to where its required side
            # landed, so under a matcher that skips (AND, OR, another AND-MAYBE) Whoosh
            # forgets the optional side's score (pure Whoosh, 5 of 21 paragraphs of
            # "khu AND (kinh ANDMAYBE phát)"). Counting is unaffected. A NOT stands
            # outermost too when scored (as the engine builds it): see _as_whoosh.
            shapes.append(st.builds(nodes.Maybe, children, children))  # Whoosh ignores a boost on AndMaybe
            shapes.append(st.builds(nodes.Without, children, st.one_of(children, phrase)))
        return st.one_of(*shapes)

    tree = st.recursive(leaf, extend, max_leaves=8)
    if not scored:
        return tree
    top = st.one_of(tree, st.builds(nodes.Maybe, tree, tree))
    return st.one_of(top, st.builds(nodes.Without, top, st.one_of(tree, phrase)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_tree_of_query_nodes_counts_and_scores_as_whooshs_query(reader, index_dir, data):
    # The nodes' own definitions (counting, BM25 over their terms, phrases on
    # positions) against Whoosh's matchers and scorer, for shapes beyond
    # those the compiler builds today: a new clause built from them holds too.
    from whoosh import index as whoosh_index
    from whoosh import scoring

    from indexer.index.store import current_generation
    from indexer.index.whoosh_internals import open_reader, whoosh_searcher
    from indexer.searching.docsets import members
    from indexer.searching.ranking import best
    from indexer.searching.scoring import LiveStats

    scored = data.draw(st.booleans())
    q = data.draw(_node_trees(scored))
    searcher = reader.searcher()
    sets = reader.docsets(searcher)
    bits = sets.of(searcher, q)
    ix = whoosh_index.open_dir(str(current_generation(index_dir)))
    with whoosh_searcher(open_reader(ix), LiveStats(), weighting=scoring.BM25F(), fromindex=ix) as stock:
        assert members(bits, searcher.doc_count_all()) == sorted(stock.docs_for_query(_as_whoosh(q, counting=True)))
        if scored and bits:
            expected = _whoosh_scores(stock, q)
            ours = best(searcher, sets, q, bits)
            assert all(score == pytest.approx(expected[d], rel=1e-9) for score, d in ours)


_FACET_WORDS = [
    "công nghiệp", "khu", "nhà ở", "công nhân", "Sơn Mỹ", "kcn", "son", "my", "phát triển", "hỗ trợ", "Hà Nam",
    "đầu tư", "thu hút", "xyzqw", "titan", "Bình Thuận", "cụm", "tiểu thủ công nghiệp", "như thế nào", "chế biến",
    "hạ tầng", "nong thon", "doanh nghiệp", "Bắc Giang", "điện gió",
]  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(
    words=st.lists(st.sampled_from(_FACET_WORDS), min_size=1, max_size=6),
    group=st.sampled_from(["", "document"]),
    sort=st.sampled_from(["relevance", "date"]),
    limit=st.integers(1, 12),
)
def test_facet_counts_add_up_to_the_total(reader, words, group, sort, limit):
    """Each facet counts the paragraphs the total counts, full and partial matches alike (issue 14):
    its counts add up to the total, and by document it names as many documents as total_documents.
    The year facet leaves out the paragraphs of documents without a date, and only those."""
    result = indexer.search(reader, " ".join(words), limit=limit, facets=True, group=group, sort=sort)
    facets = result["facets"]
    for field in ("doc_id", "province", "doc_type", "issuer"):
        assert sum(facets[field].values()) == result["total"], (field, facets[field], result["total"])
    docs = reader.docs()
    undated = sum(n for doc_id, n in facets["doc_id"].items() if not docs[doc_id].get("year"))
    assert sum(facets["year"].values()) == result["total"] - undated
    if group:
        assert len(facets["doc_id"]) == result["total_documents"]
        assert sum(g["matches"] for g in result["groups"]) <= result["total"]


def test_partial_matches_count_the_same_by_date_and_on_the_page(reader, client):
    """Sorting by date keeps the partial matches (a query with a phrase once verified them as full
    ones, and the total fell to 0); the page's facet counts add up to its total."""
    by_relevance = indexer.search(reader, "kcn xyzqw", facets=True)
    by_date = indexer.search(reader, "kcn xyzqw", facets=True, sort="date")
    assert by_relevance["total"] == by_date["total"] > 0 and by_date["hits"]
    assert all(h["partial"] for h in by_date["hits"])
    html = client.get("/search", query_string={"q": "xyzqw công nghiệp"}).get_data(as_text=True)
    total = int(re.search(r'<p class="summary">(\d+) kết quả', html).group(1))
    section = re.search(r'data-facet="province">(.*?)</section>', html, re.S).group(1)
    assert total > 0 and sum(map(int, re.findall(r'<span class="count">(\d+)</span>', section))) == total


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_scoring_only_the_matches_that_can_reach_the_best_gives_the_same_best(reader, monkeypatch, data):
    # indexer.searching.shortlist scores only the matches whose BM25 ceiling reaches a
    # threshold set from a sample: the best n, their scores and order (ties included) must be
    # those of scoring every match. Sampled densely and kept even when little is left out,
    # so the seed corpus's few matches are enough for it to run.
    from indexer.searching import shortlist
    from indexer.searching.ranking import best

    monkeypatch.setattr(shortlist, "SAMPLE", 8)
    monkeypatch.setattr(shortlist, "SPARE", 1)
    monkeypatch.setattr(shortlist, "MOST", 1.0)
    q = data.draw(_node_trees(True))
    n = data.draw(st.integers(1, 12))
    searcher = reader.searcher()
    sets = reader.docsets(searcher)
    bits = sets.of(searcher, q)
    loop = 1 << 62  # the shortlist is the loop's: never the arrays (indexer.searching.vectorized)
    assert best(searcher, sets, q, bits, n, prune_from=0, vectorize_from=loop) == best(
        searcher, sets, q, bits, n, prune_from=1 << 62, vectorize_from=loop
    )


def test_common_words_are_ranked_from_a_shortlist(reader, monkeypatch):
    from indexer.searching import shortlist
    from indexer.searching.query import parse_query, required_query
    from indexer.searching.ranking import best

    monkeypatch.setattr(shortlist, "SAMPLE", 8)
    monkeypatch.setattr(shortlist, "SPARE", 1)
    monkeypatch.setattr(shortlist, "MOST", 1.0)
    ran = []
    candidates = shortlist.candidates
    monkeypatch.setattr(
        shortlist, "candidates", lambda bits, *a: ran.append((bits, candidates(bits, *a))) or ran[-1][1]
    )
    searcher = reader.searcher()
    sets = reader.docsets(searcher)
    for text in ("công nghiệp", "khu", "phát triển", "tỉnh", "và"):
        q = required_query(parse_query(text))
        bits = sets.of(searcher, q)
        loop = 1 << 62  # the shortlist is the loop's: never the arrays (indexer.searching.vectorized)
        assert best(searcher, sets, q, bits, 3, prune_from=0, vectorize_from=loop) == best(
            searcher, sets, q, bits, 3, prune_from=1 << 62, vectorize_from=loop
        )
    assert any(found is not None and len(found[0]) < bits.bit_count() for bits, found in ran)
