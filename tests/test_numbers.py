"""Numbers in words and numbers padded with zeros match their value, in the text and in a query."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

import indexer
from analyzers import syllables
from analyzers.numbers import fold_numbers, padded_value

NUMBER_WORDS = "một mốt hai ba bốn tư năm lăm sáu bảy tám chín mười mươi trăm linh lẻ không Mười Năm".split()


def values(text: str) -> list[tuple[str, int, str]]:
    """The tokens that are values: (value, position, the text they stand for)."""
    return [(s.text, s.pos, text[s.start : s.end]) for s in syllables(text) if s.text.isdigit()]


def test_spelled_numbers_read_as_their_value():
    assert fold_numbers("người chưa đủ mười tám tuổi") == "người chưa đủ 18 tuổi"
    assert fold_numbers("hai mươi mốt ngày, ba mươi tư giờ, mười lăm tuổi") == "21 ngày, 34 giờ, 15 tuổi"
    assert fold_numbers("một trăm linh một, hai trăm năm mươi, chín trăm chín mươi chín") == "101, 250, 999"
    assert fold_numbers("Mười Lăm") == "15"


def test_words_that_are_not_a_number_stay_words():
    # "mười năm" is ten years (fifteen is "mười lăm"); a lone digit word is also a word
    # ("năm" = year, "ba" = father); a comma ends a number.
    for text in ("thời hạn mười năm", "hai mươi năm", "năm 2015", "ba người", "mười", "mười, hai bên"):
        assert fold_numbers(text) == text.replace("hai mươi", "20")


def test_zero_padded_numbers_read_as_their_value_outside_codes():
    assert padded_value("03") == "3" and padded_value("007") == "7"
    assert padded_value("3") is None and padded_value("30") is None and padded_value("0") is None
    assert fold_numbers("Điều 03 của Luật số 03/2015/QH13") == "Điều 3 của Luật số 03/2015/QH13"


def test_the_value_stands_at_the_first_and_last_word_of_the_number():
    text = "đủ mười tám tuổi"
    assert values(text) == [("18", 1, "mười tám"), ("18", 2, "mười tám")]
    assert values("Điều 03") == [("03", 1, "03"), ("3", 1, "03")]
    assert values("Luật số 03/2015/QH13") == [("03", 2, "03"), ("2015", 3, "2015")]  # a code: nothing added
    # Typed as one phrase, a spelled number is read the same way.
    assert [s.text for s in syllables("mười tám", query=True)] == ["mười", "18", "tám", "18"]


@given(st.lists(st.sampled_from([*NUMBER_WORDS, "tuổi", "ngày", "03", "18", ",", "/"]), max_size=12))
def test_folding_is_idempotent_on_number_words(words):
    text = " ".join(words)
    once = fold_numbers(text)
    assert fold_numbers(once) == once


@given(st.text())
def test_folding_never_raises_and_keeps_what_is_not_a_number(text):
    folded = fold_numbers(text)
    assert fold_numbers(folded) == folded
    if not any(ch.isdigit() for ch in text) and not any(w in text.lower() for w in ("mười", "mươi", "trăm")):
        assert folded == text


def test_a_value_typed_in_digits_finds_the_zero_padded_number(reader):
    # The Bắc Giang resolution writes "mở rộng 05 KCN".
    result = indexer.search(reader, "mở rộng 5 khu công nghiệp")
    hit = result["hits"][0]
    assert not hit["partial"]
    assert "mở rộng 05 KCN" in hit["text"]
    assert "mở rộng 05 KCN" in [hit["text"][s:e] for s, e in hit["spans"]]  # the typed run, marked as one


def test_a_range_adds_the_values_between_its_bounds_where_the_upper_one_stands():
    text = "Người từ đủ mười lăm tuổi đến chưa đủ mười tám tuổi"
    inner = [v for v in values(text) if v[0] in {"16", "17"}]
    # At "tám", side by side with the "tuổi" after it; marked over the whole range.
    assert inner == [("16", 10, "mười lăm tuổi đến chưa đủ mười tám"), ("17", 10, "mười lăm tuổi đến chưa đủ mười tám")]
    assert [v[0] for v in values("phạt tù từ 02 năm đến 07 năm")] == ["02", "2", "07", "7", "3", "4", "5", "6"]
    assert [v[0] for v in values("từ năm 2021 đến năm 2025")] == ["2021", "2025", "2022", "2023", "2024"]


def test_what_is_not_a_range_of_values_adds_nothing():
    for text in (
        "từ 100 đến 500 triệu đồng",  # too wide to be a list of values
        "từ 07 năm đến 02 năm",  # upside down
        "từ ngày 01/01/2021 đến ngày 31/12/2025",  # dates are codes
        "mười lăm tuổi đến mười tám tuổi",  # no "từ"
        "từ mười lăm tuổi, ba người đến hai mươi tuổi",  # "đến" not after the lower bound
    ):
        assert not {"16", "17", "300", "2022", "3"} & {v[0] for v in values(text)}, text
    # Superscripts are digits to str.isdigit but no number to int(): "từ 1 m³ đến 16 m³" (a
    # writer process died on this in the whole legal corpus, and its paragraphs with it).
    assert values("Xtb từ 1 đến ³ Qn") == [("1", 2, "1"), ("³", 4, "³")]
    assert [v[0] for v in values("lưu lượng từ 1 m³ đến 4 m³/h")] == ["1", "4", "2", "3"]
    # A query is read as typed: "từ 15 đến 18 tuổi" asks for those bounds.
    assert [s.text for s in syllables("từ 15 đến 18 tuổi", query=True)] == ["từ", "15", "đến", "18", "tuổi"]


@given(
    st.lists(
        st.sampled_from(
            ["từ", "đến", "năm", "tuổi", "1", "07", "2021", "³", "²⁰", "٣", "١٢", "mười", "hai", ",", "m³"]
        ),
        max_size=12,
    )
)
def test_ranges_never_raise_on_any_run_of_number_like_words(words):
    """Every script's digits, superscripts and spelled numbers, in any order around "từ … đến"."""
    text = " ".join(words)
    assert all(text[s.start : s.end] for s in syllables(text))


LEGAL = Path(__file__).resolve().parent.parent.parent / "shared" / "bench" / "legal-questions" / "corpus"
ARTICLES = (  # Civil Code articles on minors and adults, Penal Code articles with terms of prison
    "91-2015-qh13--20.txt",
    "91-2015-qh13--21.txt",
    "91-2015-qh13--22.txt",
    "91-2015-qh13--586.txt",
    "100-2015-qh13--108.txt",
    "100-2015-qh13--109.txt",
)


def test_a_value_inside_a_range_finds_the_range_in_real_statutes(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ARTICLES:
        shutil.copy(LEGAL / name, corpus / name)
    ix = indexer.Index(tmp_path / "index", corpus=corpus)
    ix.build()
    reader = ix.reader
    hits = indexer.search(reader, "16 tuổi tự mình")["hits"]
    assert hits and not hits[0]["partial"]
    assert hits[0]["doc_id"] == "91-2015-qh13--21"
    assert "từ đủ mười lăm tuổi đến chưa đủ mười tám tuổi tự mình" in hits[0]["text"]
    assert "mười lăm tuổi đến chưa đủ mười tám tuổi" in " ".join(hits[0]["text"][s:e] for s, e in hits[0]["spans"])
    # A bound is still itself, and a value outside every range finds none of them.
    assert any("đủ mười tám tuổi trở lên" in h["text"] for h in indexer.search(reader, "18 tuổi")["hits"])
    assert not [h for h in indexer.search(reader, "25 tuổi")["hits"] if not h["partial"]]
    prison = indexer.search(reader, "phạt tù 3 năm")["hits"]
    assert prison and not prison[0]["partial"]
    assert "phạt tù từ 01 năm đến 05 năm" in prison[0]["text"]
