"""Numbers in words and numbers padded with zeros match their value, in the text and in a query."""

from __future__ import annotations

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
