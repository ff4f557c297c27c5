"""The portal's core modules on their own: filters, relations between documents, grouping."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analyzers.text import fold
from indexer.errors import QueryError
from indexer.searching.filters import allowed_documents, document_counts
from indexer.searching.grouping import documents
from indexer.searching.relations import Relations

DOCS = {
    "a": {"province": "Bình Thuận", "doc_type": "Nghị quyết", "year": 2021, "date": "", "issuer": "Tỉnh ủy Bình Thuận",
          "number": "08-NQ/TU"},
    "b": {"province": "Bình Thuận", "doc_type": "Nghị quyết", "year": 2016, "date": "25/10/2016",
          "issuer": "Tỉnh ủy Bình Thuận", "number": "08-NQ/TU"},
    "c": {"province": "Hà Nam", "doc_type": "Kết luận", "year": None, "date": "2021-05-01", "issuer": "Tỉnh ủy Hà Nam",
          "number": "08-NQ/TU"},
    "d": {"province": "Hà Nam", "doc_type": "Nghị quyết", "year": 2022, "date": "2022-01-10", "issuer": "Tỉnh ủy Hà Nam",
          "number": "15-NQ/TU",
          "cites": [{"number": "08-NQ/TU", "date": "", "relation": "implements", "issuer": ""},
                    {"number": "15-NQ/TU", "date": "", "relation": "cites", "issuer": ""},
                    {"number": "99-NQ/TW", "date": "", "relation": "bogus", "issuer": ""}]},
    "e": {"province": "Bình Thuận", "doc_type": "Nghị quyết", "year": 2023, "date": "2023-03-01", "issuer": "",
          "number": "20-NQ/TU", "cites": [{"number": "08-nq/tu", "date": "2016-10-25", "relation": "continues"}]},
    "f": {"province": "Bình Thuận", "doc_type": "Nghị quyết", "year": 2023, "date": "", "issuer": "",
          "cites": [{"number": "08-NQ/TU", "date": "", "relation": "implements", "issuer": ""}]},
}  # fmt: skip


@given(st.sampled_from(["Bình Thuận", "Hà Nam", "Nghị quyết", "Kết luận"]), st.data())
def test_values_match_whatever_the_case_and_accents(value, data):
    facet = "province" if value in ("Bình Thuận", "Hà Nam") else "doc_type"
    spelled = data.draw(
        st.sampled_from([value, value.upper(), value.lower(), fold(value), f"  {value} ".replace(" ", "  ")])
    )
    assert allowed_documents({facet: spelled}, DOCS) == allowed_documents({facet: value}, DOCS)


def test_several_values_are_either_and_facets_are_all():
    assert allowed_documents({"province": ["ha nam", "binh thuan"]}, DOCS) == set(DOCS)
    assert allowed_documents({"province": "ha nam", "year": ["2021", "2022"]}, DOCS) == {"c", "d"}
    assert allowed_documents({}, DOCS) is None and allowed_documents({"province": ["", " "]}, DOCS) is None


def test_date_range_uses_the_date_or_the_whole_year():
    assert allowed_documents({"date_from": "2021-06-01"}, DOCS) == {"a", "d", "e", "f"}  # a: only its year, 2021
    assert allowed_documents({"date_to": "2021-04-30"}, DOCS) == {"a", "b"}
    assert allowed_documents({"date_from": "2016-10-25", "date_to": "2016-10-25"}, DOCS) == {"b"}


@pytest.mark.parametrize(
    ("filters", "en", "vi"),
    [
        ({"province": "Atlantis"}, "no province 'Atlantis' in the index (known: Bình Thuận, Hà Nam)",
         "không có tỉnh/thành 'Atlantis' trong chỉ mục (có: Bình Thuận, Hà Nam)"),
        ({"year": "21"}, "malformed year '21': a year is four digits", "năm '21' không hợp lệ: năm gồm bốn chữ số"),
        ({"year": "1999"}, "no year '1999' in the index", "không có năm '1999' trong chỉ mục"),
        ({"date_to": "01/02/2021"}, "malformed end date '01/02/2021'", "ngày kết thúc '01/02/2021' không hợp lệ"),
        ({"colour": "red"}, "unknown filter 'colour'", "không có bộ lọc 'colour'"),
        ({"cites": "1-NQ/TW"}, "no document in the index cites '1-NQ/TW'", "không có văn bản nào dẫn chiếu '1-NQ/TW'"),
    ],
)  # fmt: skip
def test_errors_name_the_value_in_both_languages(filters, en, vi):
    with pytest.raises(QueryError) as err:
        allowed_documents(filters, DOCS)
    assert str(err.value).startswith(en) and err.value.vi.startswith(vi)


def test_cites_filter_ignores_case():
    assert allowed_documents({"cites": "08-nq/tu"}, DOCS) == {"d", "e", "f"}


def test_counts_for_browsing():
    counts = document_counts(DOCS, DOCS)
    assert counts["province"] == {"Bình Thuận": 4, "Hà Nam": 2}
    assert list(counts["year"]) == ["2023", "2022", "2021", "2016"]


def test_references_resolve_to_one_document_or_none():
    rel = Relations(DOCS)
    # d (Hà Nam) cites 08-NQ/TU: three documents have that number; its own province's is c
    assert [(c["number"], c["doc_id"], c["relation"]) for c in rel.cites("d")] == [
        ("08-NQ/TU", "c", "implements"),
        ("99-NQ/TW", None, "cites"),  # not in the index; an unknown relation reads as "cites"
    ]  # its own number (15-NQ/TU) is never a reference
    assert rel.cites("e")[0]["doc_id"] == "b"  # the cited date decides
    assert rel.cites("f")[0]["doc_id"] is None  # Bình Thuận has two 08-NQ/TU and no date: ambiguous
    assert rel.cited_by("c") == [{"doc_id": "d", "relation": "implements"}]
    assert rel.cited_by("b") == [{"doc_id": "e", "relation": "continues"}]
    assert rel.describe("zzz") is None and rel.describe("b")["date"] == "2016-10-25"


ROWS = st.lists(st.tuples(st.sampled_from("abcdefg"), st.booleans()), max_size=60)


@given(ROWS, st.integers(0, 5), st.integers(1, 4), st.integers(1, 3))
def test_documents_match_a_naive_grouping(rows, first, count, per):
    ranked = [(doc, float(-i), False, (i, ok)) for i, (doc, ok) in enumerate(rows)]
    load = lambda ref: {"i": ref[0]} if ref[1] else None  # noqa: E731
    matches = {d: sum(1 for x, ok in rows if x == d) for d in "abcdefg"}
    got = documents(ranked, load, first, count, matches.__getitem__, per)
    order, kept = [], {}
    for i, (doc, ok) in enumerate(rows):
        if not ok:
            continue
        if doc not in kept:
            order.append(doc)
            kept[doc] = []
        if len(kept[doc]) < per:
            kept[doc].append(i)
    expected = [(d, kept[d]) for d in order[first : first + count]]
    assert [(d, [f["i"] for f, _, _ in rows_]) for d, rows_ in got] == expected
