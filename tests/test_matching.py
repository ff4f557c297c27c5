"""What people actually type, on the real corpus: variants, half-accented words, names, numbers, typos."""

from __future__ import annotations

import json
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import indexer
from analyzers.text import canonical, fold, fold_text
from indexer.searching.question_split import half

BT2016 = "binh-thuan_08-nq-tu-2016_cong-nghiep-tieu-thu-cong-nghiep"


def marked(hit):
    return [hit["text"][s:e] for s, e in hit["spans"]]


def keys(result):
    return [(h["doc_id"], h["paragraph"]) for h in result["hits"]]


# i/y after a consonant -------------------------------------------------------


def test_i_and_y_spellings_are_one_word_in_the_analyzers():
    for a, b in [("kĩ", "kỹ"), ("lí", "lý"), ("mĩ", "Mỹ"), ("quí", "quý"), ("tỉ", "tỷ"), ("hi", "hy")]:
        assert canonical(a) == canonical(b) and fold(a) == fold(b), (a, b)
    assert canonical("thi") != canonical("thy") and canonical("khi") == "khi"  # other initials keep i
    assert canonical("hoá") == canonical("hóa")  # the tone-placement canon stays


@pytest.mark.parametrize(
    ("typed", "spelled", "own", "other"),
    [
        ("quản lí", "quản lý", "lý", "lí"),
        ("kĩ thuật", "kỹ thuật", "kỹ", "kĩ"),
        ("ki thuat", "kỹ thuật", "kỹ", "ki "),
        ("KCN Sơn Mĩ", "KCN Sơn Mỹ", "Mỹ", "Mĩ"),
    ],
)
def test_i_y_variants_find_the_other_spelling_and_mark_the_documents_own(reader, typed, spelled, own, other):
    result = indexer.search(reader, typed)
    assert keys(result) == keys(indexer.search(reader, spelled))
    assert result["hits"] and not result["hits"][0]["partial"]
    shown = " ".join(m for h in result["hits"] for m in marked(h))
    assert own in shown and other not in shown  # the document's own spelling


# per-word accents -------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "full"),
    [
        ("Bình Thuan", "Bình Thuận"),
        ("phát trien", "phát triển"),
        ("điện gió ngoai khoi", "điện gió ngoài khơi"),
        # the vowels' marks typed, the tone not: a syllable closed by p/t/c/ch always has one
        ("công nghiêp", "công nghiệp"),
        ("đât đai", "đất đai"),
    ],
)
def test_a_half_accented_query_finds_what_the_accented_one_finds(reader, typed, full):
    half_accented = indexer.search(reader, typed, limit=100)
    exact = indexer.search(reader, full, limit=100)
    assert 0 < exact["total"] <= half_accented["total"]
    if exact["total"] <= 100:
        assert set(keys(exact)) <= set(keys(half_accented))
    # the exact form ranks first: the first hit shows the words with their accents
    first = " ".join(marked(half_accented["hits"][0])).lower()
    assert all(word in first for word in full.lower().split()), first


def test_a_word_typed_with_accents_matches_exactly(reader):
    for hit in indexer.search(reader, "điện", limit=100)["hits"]:
        assert all(m.lower() == "điện" for m in marked(hit)), marked(hit)
    loose = indexer.search(reader, "dien", limit=100)
    assert {m.lower() for h in loose["hits"] for m in marked(h)} > {"điện"}


# metadata ----------------------------------------------------------------------


@pytest.mark.parametrize(("place", "topic"), [("Hà Nam", "công nghiệp hỗ trợ"), ("Bình Thuận", "titan")])
def test_a_place_and_a_topic_find_the_place_s_paragraphs_on_the_topic(reader, place, topic):
    # A province's resolution speaks of its topics without repeating the province's name in
    # each paragraph: "Hà Nam công nghiệp hỗ trợ" must find what Hà Nam decided about it.
    docs = {d["doc_id"]: d for d in indexer.list_docs(reader)}
    own = {did for did, d in docs.items() if d["province"] == place}
    on_topic = indexer.search(reader, topic, limit=500)["hits"]
    wanted = {
        (h["doc_id"], h["paragraph"])
        for h in on_topic
        if h["doc_id"] in own and not h.get("apart") and not h["partial"]
    }
    silent = {
        k for k, h in zip(keys({"hits": on_topic}), on_topic, strict=True) if k in wanted and place not in h["text"]
    }
    assert len(silent) >= 3  # the case exists: paragraphs on the topic that do not name the place
    result = indexer.search(reader, f"{place} {topic}", limit=500)
    assert wanted <= set(keys(result))
    # The name stays what the query is about: no paragraph of another place's documents without it.
    assert all(h["doc_id"] in own or fold(place.lower()) in fold_text(h["text"]).lower() for h in result["hits"])
    assert result["total"] == len(result["hits"])


@pytest.mark.parametrize("signer", ["Lê Thanh Quang", "Dương Văn Thái", "le thanh quang"])
def test_a_signers_name_finds_the_document(reader, signer):
    docs = {d["doc_id"]: d for d in indexer.list_docs(reader)}
    first = indexer.search(reader, signer)["hits"][0]
    assert first["kind"] == "document"
    assert fold_text(docs[first["doc_id"]]["signer"]).lower() == fold_text(signer).lower()
    assert any(fold_text(m).lower() == fold_text(signer).lower() for m in marked(first))


def test_a_document_number_ranks_the_document_first_then_the_paragraphs_citing_it(reader):
    result = indexer.search(reader, "Nghị quyết 08-NQ/TU")
    first, rest = result["hits"][0], result["hits"][1:]
    assert (first["kind"], first["doc_id"], first["number"]) == ("document", BT2016, "08-NQ/TU")
    assert rest[0]["kind"] == "body" and "08-NQ/TU" in rest[0]["text"]
    assert any(h["doc_id"] != BT2016 and "08-NQ/TU" in h["text"] for h in rest)


@pytest.mark.parametrize("query", ["Nghị quyết số 08-NQ/TU ngày 25/10/2016", "nghị quyết ngày 25/10/2016"])
def test_a_citation_copied_with_its_date_finds_the_document_itself_first(reader, query):
    # Texts cite a document as "Nghị quyết số 08-NQ/TU, ngày 25/10/2016": its own line
    # carries the date the same way, so the copied citation is a full match of it.
    first = indexer.search(reader, query)["hits"][0]
    assert (first["kind"], first["doc_id"], first["partial"]) == ("document", BT2016, False)
    assert "25/10/2016" in "".join(marked(first))


def test_a_question_naming_a_number_has_the_numbered_document_first_among_partial_matches(reader):
    # "who signed …": the question's words are not in the document's own line, its number is.
    hits = indexer.search(reader, "ai là người ký nghị quyết 08-NQ/TU")["hits"]
    assert (hits[0]["kind"], hits[0]["doc_id"], hits[0]["partial"]) == ("document", BT2016, True)
    assert "Nguyễn Mạnh Hùng" in hits[0]["text"]
    assert hits[1]["doc_id"] != BT2016 and "08-NQ/TU" in hits[1]["text"]


def test_the_documents_own_chunk_is_not_a_paragraph_of_its_reading_view(reader):
    chunks = indexer.get_document(reader, BT2016)["chunks"]
    assert chunks and all(c["kind"] != "document" and c["paragraph"] >= 1 for c in chunks)


# totals --------------------------------------------------------------------------


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    query=st.sampled_from(["KCN Sơn Mỹ", "kcn son my", "Hội đồng nhân dân", '"khu công nghiệp" Bình', "công nghiệp"]),
    limit=st.integers(1, 30),
    page=st.integers(1, 4),
)
def test_totals_do_not_depend_on_the_page_size(reader, query, limit, page):
    reference = indexer.search(reader, query, limit=100)
    result = indexer.search(reader, query, limit=limit, page=page)
    assert result["total"] == reference["total"]
    start = (page - 1) * limit
    assert keys(result) == keys(reference)[start : start + limit] or start + limit > 100


def test_a_two_word_query_with_full_matches_gets_no_half_matches(reader):
    # "binh thuan": 7 paragraphs hold the province; the 50-odd that hold only the "bình" of
    # "bình quân" are not half an answer.
    hits = indexer.search(reader, "binh thuan", limit=100)["hits"]
    assert hits and not [h for h in hits if h["partial"] and not h.get("apart")]
    assert all("bình thuận" in h["text"].lower() for h in hits if not h.get("apart"))
    # A proper name is what a query is about: the paragraphs naming it still follow.
    named = indexer.search(reader, "KCN Sơn Mỹ", limit=100)["hits"]
    assert [h for h in named if h["partial"]] and all("Sơn Mỹ" in h["text"] for h in named)


def test_facet_counts_add_up_to_the_total(reader):
    """The facets count what the total counts, partial matches included (issue 14)."""
    result = indexer.search(reader, "KCN Sơn Mỹ", facets=True, limit=100)
    assert any(h["partial"] for h in result["hits"])
    assert sum(result["facets"]["doc_id"].values()) == result["total"] == len(result["hits"])


# questions and scattered words --------------------------------------------------------


def test_a_question_whose_words_no_paragraph_holds_all_gets_labelled_partial_matches(reader):
    result = indexer.search(reader, "Tỉnh có bao nhiêu khu công nghiệp đã được lấp đầy 100% diện tích?")
    assert result["hits"] and all(h["partial"] for h in result["hits"])
    assert any("lấp đầy" in m.lower() for m in marked(result["hits"][0]))


def test_the_document_that_covers_the_whole_question_comes_first(reader):
    # No paragraph holds "titan" and "năng lượng tái tạo" together. The 2021
    # Bình Thuận resolution holds both (in different paragraphs); the Khánh Hòa
    # programme speaks of "năng lượng tái tạo" and "phát triển", never of titan.
    question = "titan và năng lượng tái tạo phát triển thế nào?"
    hits = indexer.search(reader, question)["hits"]
    assert all(h["partial"] for h in hits)
    whole = indexer.get_document(reader, "binh-thuan_nq-tu-2021_phat-trien-cong-nghiep")
    part = indexer.get_document(reader, "khanh-hoa_cthd-nq23-tw_chinh-sach-cong-nghiep")
    assert all(any(w in c["text"].lower() for c in whole["chunks"]) for w in ("titan", "năng lượng tái tạo"))
    assert not any("titan" in c["text"].lower() for c in part["chunks"])
    assert any("năng lượng tái tạo" in c["text"].lower() for c in part["chunks"])
    first_part = next(h["rank"] for h in hits if h["doc_id"] == part["meta"]["doc_id"])
    assert hits[0]["doc_id"] == whole["meta"]["doc_id"] and hits[0]["rank"] < first_part
    assert "năng lượng tái tạo" in " ".join(marked(hits[0])).lower()


def test_an_everyday_word_finds_the_statute_s_word(reader):
    # The resolutions say "bồi thường, giải phóng mặt bằng"; people say "đền bù",
    # which no paragraph holds: the paragraphs saying "bồi thường" answer.
    from analyzers.paraphrases import paraphrase

    assert paraphrase(["đền", "bù", "đất"], [False] * 3) == (2, ("bồi thường",))
    assert paraphrase(["den", "bu"], [True, True]) == (2, ("bồi thường",))
    assert paraphrase(["giải", "phóng"], [False, False]) is None
    assert paraphrase(["phụ", "huynh", "có"], [False] * 3) == (2, ("cha mẹ",))
    assert paraphrase(["hu", "hai"], [True, True]) == (2, ("thiệt hại",))
    hits = indexer.search(reader, "đền bù giải phóng mặt bằng")["hits"]
    assert hits and all(h["partial"] for h in hits)
    assert all("bồi thường, giải phóng mặt bằng" in h["text"] for h in hits[:2])
    assert all("bồi thường" in marked(h) for h in hits[:2])  # the reader sees why it answers
    grouped = indexer.search(reader, "đền bù giải phóng mặt bằng", group="document")["groups"][0]["hits"][0]
    assert "bồi thường" in marked(grouped)


def test_an_everyday_word_inside_a_longer_word_is_not_paraphrased(reader):
    # "kiện" alone is the everyday "khởi kiện" (to sue); in "điều kiện" (condition) it is not.
    from indexer.searching.partial import units
    from indexer.searching.query import parse_query

    searcher = reader.searcher()
    question = "Điều kiện để doanh nghiệp được hỗ trợ là gì?"
    found = units(searcher, reader.docsets(searcher), parse_query(question))
    typed = [" ".join(c.typed for c in u.clauses) for u in found if u.clauses]
    assert "Điều kiện" in typed and "kiện" not in typed, typed
    hits = indexer.search(reader, question)["hits"]
    assert "điều kiện" in [m.lower() for m in marked(hits[0])]


@given(st.lists(st.text(max_size=4), max_size=5), st.booleans())
def test_paraphrases_never_raise(words, loose):
    from analyzers.paraphrases import paraphrase

    found = paraphrase(words, [loose] * len(words))
    assert found is None or 1 <= found[0] <= len(words)


def test_unknown_words_of_a_question_do_not_cancel_it(reader):
    base = indexer.search(reader, "thu hút đầu tư khu công nghiệp nhà ở công nhân")
    more = indexer.search(reader, "thu hút đầu tư khu công nghiệp nhà ở công nhân xylophone")
    assert base["total"] and more["hits"]


def test_a_query_about_something_the_index_lacks_gets_nothing(reader):
    assert indexer.search(reader, "khai thác dầu khí Vũng Tàu")["hits"] == []  # a name it never mentions
    assert indexer.search(reader, "xylophone saxophone")["hits"] == []  # no content word it knows
    assert indexer.search(reader, "luyện cán thép")["hits"] == []  # most of it unknown: not the "cán" of "cán bộ"


@pytest.mark.parametrize(
    ("query", "fewer"),
    [
        ("Tỉnh Hà Nam phát triển công nghiệp hỗ trợ như thế nào?", "Hà Nam phát triển công nghiệp hỗ trợ như thế nào?"),
        ("xyzqw công nghiệp", "công nghiệp"),
    ],
)
def test_one_word_the_text_lacks_does_not_cancel_the_rest(runner, index_dir, query, fewer):
    """A question in a full sentence, or one unknown word, still finds what holds the rest, labelled partial."""
    from click.testing import CliRunner

    from indexer.cli import cli

    out = CliRunner().invoke(cli, ["search", query, "--json", "-n", "5", "--index", str(index_dir)])
    assert out.exit_code == 0, out.output
    result = json.loads(out.stdout)
    without = indexer.search(index_dir, fewer, limit=5)
    assert result["total"] > 0 and result["hits"] and all(h["partial"] for h in result["hits"])
    assert {h["doc_id"] for h in without["hits"]} & {h["doc_id"] for h in result["hits"]}
    assert all(h["spans"] for h in result["hits"])  # labelled, and what matched is marked


def test_an_unknown_word_gets_the_rest_as_its_suggestion(reader):
    result = indexer.search(reader, "xyzqw công nghiệp")
    assert result["suggestion"] == "công nghiệp"


def test_scattered_words_rank_after_the_real_matches_and_are_labelled(reader):
    result = indexer.search(reader, "Hội đồng nhân dân", limit=100)
    together = ["hội đồng nhân dân" in h["text"].lower() for h in result["hits"]]
    assert together[0] and True in together
    assert together == sorted(together, reverse=True)  # the paragraphs holding the phrase first
    for hit in result["hits"]:
        if not hit["partial"]:  # the words all there, apart: labelled, so a reader is not misled
            shown_together = any(fold_text(m).lower() == "hoi dong nhan dan" or m == "HĐND" for m in marked(hit))
            assert hit.get("apart", False) == (not shown_together), marked(hit)


def test_only_the_units_that_matched_are_marked(reader):
    for hit in indexer.search(reader, "công nghiệp", limit=100)["hits"]:
        # "công nghiệp" itself, or an abbreviation standing for it (KCN = khu công nghiệp)
        assert all(fold_text(m).lower() == "cong nghiep" or m.isupper() for m in marked(hit)), marked(hit)


def test_a_typed_phrase_does_not_light_up_inside_another_compound_of_the_text(reader):
    # "doanh nghiệp hỗ trợ": "nghiệp" belongs to "doanh nghiệp", a word the query did not type.
    result = indexer.search(reader, "công nghiệp hỗ trợ", limit=100)
    inside = [h for h in result["hits"] if "doanh nghiệp hỗ trợ" in h["text"] and "công nghiệp hỗ trợ" not in h["text"]]
    assert inside, "the corpus has a paragraph with 'doanh nghiệp hỗ trợ' and no 'công nghiệp hỗ trợ'"
    for hit in inside:
        assert all("doanh" not in m and not m.startswith("nghiệp") for m in marked(hit)), marked(hit)
        assert "hỗ trợ" in marked(hit)
        assert hit.get("apart") or hit["partial"]  # not shown as the phrase the query typed
    together = [h for h in result["hits"] if "công nghiệp hỗ trợ" in h["text"].lower()]
    assert together and all("công nghiệp hỗ trợ" in [m.lower() for m in marked(h)] for h in together)
    ranks = [h["rank"] for h in inside]
    assert max(h["rank"] for h in together if not h.get("apart")) < min(ranks)


def test_the_document_view_marks_by_the_same_rule(index_dir):
    hit = next(
        h
        for h in indexer.search(index_dir, "công nghiệp hỗ trợ", limit=100)["hits"]
        if "doanh nghiệp hỗ trợ" in h["text"] and "công nghiệp hỗ trợ" not in h["text"]
    )
    document = indexer.Index(index_dir).document(hit["doc_id"], highlight="công nghiệp hỗ trợ")
    passage = next(p for p in document.chunks if p.paragraph == hit["paragraph"])
    assert [passage.text[s:e] for s, e in passage.spans] == marked(hit)


def test_a_question_is_cut_into_units_at_its_function_words(reader):
    from indexer.searching.partial import units
    from indexer.searching.query import parse_query

    searcher = reader.searcher()

    def units_of(question):
        found = units(searcher, reader.docsets(searcher), parse_query(question))
        return {" ".join(c.typed for c in u.clauses): u.question for u in found if u.clauses}

    # Typed with accents, "vay" (to borrow) is content, not an accent-free "vậy".
    borrow = units_of("Người dân có được cho vay vốn không?")
    assert any("vay" in unit.split() and not question for unit, question in borrow.items()), borrow
    # A function word stands alone, weighing little; it does not narrow its neighbour's unit.
    support = units_of("Tỉnh có phải hỗ trợ doanh nghiệp không?")
    assert support["phải"] is True and support["hỗ trợ"] is False, support
    # A compound preposition is a function word though its syllables alone are not ("đối" = to oppose).
    regarding = units_of("Chính sách đối với doanh nghiệp nhỏ là gì?")
    assert regarding["đối với"] is True and regarding["Chính sách"] is False, regarding
    # A preposition stands before any phrase: it does not make "trong khu công nghiệp" one
    # rarer unit; one that opens an everyday compound ("ở" of "nhà ở") stays in it.
    inside = units_of("Doanh nghiệp trong khu công nghiệp được hỗ trợ gì?")
    assert inside["trong"] is True and inside["khu công nghiệp"] is False, inside
    housing = units_of("Tỉnh hỗ trợ gì cho nhà ở công nhân?")
    assert housing["nhà ở"] is False, housing


def test_an_accent_free_syllable_of_an_accented_question_joins_its_neighbour_as_typed(reader):
    # "quan", "nhu": typed so inside an accented question they are those
    # syllables, not "quản" or "như", and stand beside "cơ", "cầu" in the text.
    from indexer.searching.partial import units
    from indexer.searching.query import parse_query

    question = "Cơ quan nào chịu trách nhiệm theo dõi nhu cầu vốn?"
    searcher = reader.searcher()
    found = units(searcher, reader.docsets(searcher), parse_query(question))
    typed = {" ".join(c.typed for c in u.clauses) for u in found if u.clauses and not u.question}
    assert {"Cơ quan", "nhu cầu"} <= typed, typed
    hits = indexer.search(reader, question)["hits"]
    assert hits and all(h["partial"] for h in hits)
    shown = [fold_text(m).lower() for h in hits for m in marked(h)]
    assert "co quan" in shown and "nhu cau" in shown
    assert "nhu" not in shown  # "như" alone is not half of "nhu cầu"


@pytest.mark.parametrize("question", ["Ai ban hành chính sách hỗ trợ?", "Tỉnh ban hành chính sách hỗ trợ nào?"])
def test_overlapping_words_of_a_question_are_two_units_not_one_nobody_wrote(reader, question):
    # "ban hành" + "hành chính" + "chính sách" chain into "ban hành chính sách",
    # which no paragraph holds: the question was left with nothing to look for.
    hits = indexer.search(reader, question)["hits"]
    assert hits and all(h["partial"] for h in hits)
    shown = [m.lower() for h in hits for m in marked(h)]
    assert "ban hành" in shown and "hành chính" not in shown, shown  # "hành chính" (administration) was not asked


# suggestions ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "meant"), [("cong nhiep", "công nghiệp"), ("phat trien cong nhiep", "phát triển công nghiệp")]
)
def test_a_typo_gets_a_suggestion_with_accents(reader, typed, meant):
    result = indexer.search(reader, typed)
    assert result["suggestion"] == meant
    assert indexer.search(reader, result["suggestion"])["hits"]


def test_the_narrowed_lexicon_finds_the_same_nearest_syllables_as_the_whole_one(reader):
    """The suggestion compares a typed word only with the syllables its length and letters allow
    (suggest.Lexicon): over the real index's syllables, typos of them and made-up words, the
    nearest ones (and their order) are those of rapidfuzz over the whole lexicon."""
    import random

    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    from indexer.searching.suggest import CANDIDATES, MAX_DISTANCE, lexicon

    searcher = reader.searcher()
    lex = lexicon(searcher, ("test", searcher.version()))
    rng = random.Random(17)
    typed = []
    for word in rng.sample(lex.words, min(400, len(lex.words))):
        chars = list(word)
        for _ in range(rng.randint(0, 3)):  # insertions, substitutions, deletions
            at, op = rng.randrange(len(chars) + 1), rng.randrange(3)
            if op == 0:
                chars.insert(at, rng.choice("aăâeêioôơuưybcdghklmnpqrstvx"))
            elif chars:
                del chars[min(at, len(chars) - 1)]
                if op == 1:
                    chars.insert(min(at, len(chars)), rng.choice("aeiouyngh"))
        typed.append("".join(chars))
    typed += ["".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(rng.randint(1, 7))) for _ in range(200)]
    for word in typed:
        whole = process.extract(
            word, lex.words, scorer=Levenshtein.distance, score_cutoff=MAX_DISTANCE, limit=CANDIDATES
        )
        near = lex.near(word, MAX_DISTANCE)
        narrowed = process.extract(word, near, scorer=Levenshtein.distance, score_cutoff=MAX_DISTANCE, limit=CANDIDATES)
        assert [f[:2] for f in narrowed] == [f[:2] for f in whole], word
        assert len(near) < len(lex.words) or len(lex.words) < 50


def test_a_query_that_is_spelled_right_gets_no_suggestion(reader):
    assert "suggestion" not in indexer.search(reader, "công nghiệp")


def test_the_cli_shows_the_suggestion(runner, index_dir):
    from click.testing import CliRunner

    from indexer.cli import cli

    out = CliRunner().invoke(cli, ["search", "cong nhiep", "--index", str(index_dir)])
    assert "Did you mean: công nghiệp" in out.output


def test_the_question_split_is_stable():
    assert half("cb3e1553d67dc4c6c92121136f0a23ae") in {"tune", "held"}
    assert {half(str(i)) for i in range(20)} == {"tune", "held"}


# evaluation by document --------------------------------------------------------------------


def test_eval_reads_document_level_relevance_and_prints_recall_and_mrr(index_dir, tmp_path):
    from click.testing import CliRunner

    from indexer.cli import cli

    cases = [
        {"q": "Lê Thanh Quang", "relevant": ["khanh-hoa_cthd-nq23-tw_chinh-sach-cong-nghiep.txt"]},  # a file name
        {"q": "KCN Sơn Mỹ", "relevant": ["binh-thuan_nq-tu-2021_phat-trien-cong-nghiep"]},  # a doc id
        {"q": "titan", "relevant": ["no-such-document"]},
    ]
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(cases, ensure_ascii=False), encoding="utf-8")
    out = CliRunner().invoke(cli, ["eval", str(path), "--index", str(index_dir)])
    last = out.output.strip().splitlines()[-1]
    assert last == "passed 2 of 3  recall@10 0.667  mrr 0.667", out.output
    assert out.exit_code == 1


def test_scattered_syllables_are_partial_and_only_whole_words_are_marked(runner, index_dir):
    """Issue 14: "hội viên, nhân dân đồng thuận" is not "Hội đồng nhân dân": labelled partial, after
    the real matches, with only the word that matched ("nhân dân") marked, never a lone "đồng"."""
    from click.testing import CliRunner

    from indexer.cli import cli

    out = CliRunner().invoke(cli, ["search", "Hội đồng nhân dân", "--json", "-n", "12", "--index", str(index_dir)])
    hits = json.loads(out.stdout)["hits"]
    full = [h for h in hits if not h["partial"]]
    assert full and hits[: len(full)] == full
    scattered = [h for h in hits if h["partial"] and h.get("apart")]
    assert scattered, "the corpus has paragraphs holding the four syllables only apart"
    for hit in hits:
        shown = [m.lower() for m in marked(hit)]
        assert not {"đồng", "hội", "hội đồng nhân dân đồng"} & set(shown), shown
        assert "nhân dân đồng" not in shown
    for hit in scattered:
        assert "hội đồng" not in hit["text"].lower()


_FULL_WORDS = ["nha o", "cong nhân", "Hội đồng", "nhân dân", "công nghiệp", "hỗ trợ", "khu", "kcn", "son my", "đầu tư"]


@settings(max_examples=30, deadline=None)
@given(words=st.lists(st.sampled_from(_FULL_WORDS), min_size=1, max_size=4))
def test_a_hit_shown_as_full_marks_what_matched(reader, words):
    """A hit not labelled partial has its matches marked: an unmarked one held the words only
    inside other words, and says so."""
    for hit in indexer.search(reader, " ".join(words), limit=30)["hits"]:
        assert hit["partial"] or hit["spans"], (words, hit["text"][:80])


@given(
    st.lists(st.lists(st.sampled_from("abc"), max_size=12), min_size=1, max_size=6),
    st.lists(st.sampled_from("abc"), min_size=2, max_size=6),
)
def test_a_phrase_checked_on_every_other_pair_is_the_phrase(texts, phrase):
    # Pairs 0 and 2 at p and p + 2 put four syllables side by side, so pair 1 is at p + 1:
    # checking every other pair (and the last) finds the paragraphs checking all of them finds.
    from indexer.searching.phrases import _consecutive, _covering

    pairs = [f"{x}_{y}" for x, y in pairwise(phrase)]
    held = {}
    for d, words in enumerate(texts):
        for p, (x, y) in enumerate(pairwise(words)):
            held.setdefault(f"{x}_{y}", {}).setdefault(d, []).append(p)
    docs = [d for d in range(len(texts)) if all(d in held.get(t, {}) for t in pairs)]  # holding every pair
    every = _consecutive([held.get(t, {}) for t in pairs], docs)
    at = _covering(len(pairs))
    assert _consecutive([held.get(pairs[i], {}) for i in at], docs, at) == every
    assert every == [d for d in docs if _side(texts[d], phrase)]


def _side(words, phrase) -> bool:
    return any(words[i : i + len(phrase)] == phrase for i in range(len(words)))
