"""The analyzers on tricky strings, and their properties on arbitrary text."""

from __future__ import annotations

import pickle
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from analyzers import canonical, fold, has_accents, roman_value, syllables
from analyzers.whoosh_analysis import folded_analyzer, syllable_analyzer


def toks(text, **kw):
    return [(s.text, s.pos, text[s.start : s.end]) for s in syllables(text, **kw)]


def test_tone_placement_variants_meet():
    assert canonical("hoá") == canonical("hóa") == canonical("HÓA")
    assert canonical("thuỷ") == canonical("thủy")
    assert canonical("uỷ") == canonical("ủy") == canonical("Ủy")
    assert canonical("quý") == canonical("qúy")
    assert canonical("hòa") != canonical("hoa")  # the tone itself still matters


def test_decomposed_accents_are_the_same_word():
    nfd = unicodedata.normalize("NFD", "Sơn Mỹ")
    assert [canonical(t) for t, _, _ in toks(nfd)] == [canonical("Sơn"), canonical("Mỹ")]
    assert [piece for _, _, piece in toks(nfd)] == nfd.split()


def test_fold_strips_every_mark():
    assert fold("Đảng") == "dang"
    assert fold("nghiệp") == "nghiep"
    assert has_accents("đi") and not has_accents("thanh")


def test_abbreviation_expands_with_the_original_offsets():
    assert toks("KCN Sơn Mỹ") == [
        ("khu", 0, "KCN"),
        ("công", 1, "KCN"),
        ("nghiệp", 2, "KCN"),
        ("Sơn", 3, "Sơn"),
        ("Mỹ", 4, "Mỹ"),
    ]


def test_abbreviation_in_lower_case_only_in_queries_and_only_when_marked():
    assert [t for t, _, _ in toks("kcn")] == ["kcn"]
    assert [t for t, _, _ in toks("kcn", query=True)] == ["khu", "công", "nghiệp"]
    # "tu" is also an ordinary syllable (tu sửa): never expanded in lower case
    assert [t for t, _, _ in toks("tu sửa", query=True)] == ["tu", "sửa"]
    assert [t for t, _, _ in toks("TU")] == ["tỉnh", "ủy"]


def test_nothing_is_expanded_inside_a_document_code():
    assert toks("08-NQ/TU") == [("08", 0, "08"), ("NQ", 1, "NQ"), ("TU", 2, "TU")]
    assert [t for t, _, _ in toks("51/2021/NĐ-CP")] == ["51", "2021", "NĐ", "CP"]


def test_roman_numerals_yield_their_value_at_the_same_position():
    assert toks("Sơn Mỹ II") == [("Sơn", 0, "Sơn"), ("Mỹ", 1, "Mỹ"), ("II", 2, "II"), ("2", 2, "II")]
    assert ("13", 1, "XIII") in toks("khóa XIII")


def test_roman_numeral_heading_is_not_a_name():
    assert toks("II. QUAN ĐIỂM")[0] == ("II", 0, "II")
    assert "2" not in [t for t, _, _ in toks("II. QUAN ĐIỂM")]


def test_roman_lookalike_syllable_in_capitals_is_a_word():
    assert "6" not in [t for t, _, _ in toks("XỬ LÝ VI PHẠM")]
    assert [t for t, _, _ in toks("vi phạm")] == ["vi", "phạm"]  # lower case is never a numeral
    assert roman_value("IV") == 4 and roman_value("XIX") == 19 and roman_value("ABC") is None


def test_numbers_split_into_parts_the_same_way_whatever_the_spacing():
    a = [t for t, _, _ in toks("2016-2020")]
    b = [t for t, _, _ in toks("2016 - 2020")]
    assert a == b == ["2016", "2020"]
    assert [t for t, _, _ in toks("18,33%")] == ["18", "33"]


def test_no_english_stoplist():
    words = [t.text for t in syllable_analyzer()("an toàn, may mặc, in ấn, can thiệp, to lớn")]
    assert words[0] == "an" and "may" in words and "in" in words and "can" in words and "to" in words


def test_whoosh_analyzers_keep_positions_and_offsets():
    text = "Cảng Sơn Mỹ, KCN"
    toks_ = [(t.text, t.pos, t.startchar, t.endchar) for t in folded_analyzer()(text, positions=True, chars=True)]
    assert toks_[:3] == [("cang", 0, 0, 4), ("son", 1, 5, 8), ("my", 2, 9, 11)]
    assert toks_[3:] == [("khu", 3, 13, 16), ("cong", 4, 13, 16), ("nghiep", 5, 13, 16)]


def test_analyzers_pickle():
    for make in (syllable_analyzer, folded_analyzer):
        an = pickle.loads(pickle.dumps(make()))
        assert [t.text for t in an("Hoá")] == [t.text for t in make()("Hóa")]


@settings(max_examples=300)
@given(st.text())
def test_offsets_slice_the_original_text(text):
    for syl in syllables(text):
        piece = text[syl.start : syl.end]
        assert piece and syl.start < syl.end
        assert piece.isalnum() or piece.replace("_", "").isalnum() or any(c.isalnum() for c in piece)


@settings(max_examples=300)
@given(st.text())
def test_folding_and_canonical_forms_are_idempotent(text):
    assert fold(fold(text)) == fold(text)
    for syl in syllables(text):
        c = canonical(syl.text)
        assert canonical(c) == c or c[-1].isdigit()


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(codec="utf-8")), st.booleans())
def test_nothing_raises_on_arbitrary_text(text, query):
    list(syllables(text, query=query))
    list(syllable_analyzer()(text, positions=True, chars=True))
    list(folded_analyzer()(text, positions=True, chars=True))


@settings(max_examples=200)
@given(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạéèẻẽẹóòỏõọúùủũụíìỉĩị ,.-/IVXKCN0123456789"))
def test_positions_never_decrease(text):
    positions = [s.pos for s in syllables(text)]
    assert positions == sorted(positions)


def test_pairs_are_adjacent_canonical_syllables_with_every_alternative():
    from analyzers.whoosh_analysis import pair_analyzer

    toks_ = [(t.text, t.pos) for t in pair_analyzer()("Sơn Mỹ II, KCN", positions=True)]
    son, my = canonical("Sơn"), canonical("Mỹ")
    assert toks_[:6] == [
        (f"{son}_{my}", 0),
        ("~son_my", 0),
        (f"{my}_ii", 1),
        ("~my_ii", 1),
        (f"{my}_2", 1),
        ("~my_2", 1),
    ]
    assert ("ii_khu", 2) in toks_ and ("2_khu", 2) in toks_
    # an exact pair of unaccented syllables never collides with a folded pair
    assert "thanh_long" in [t.text for t in pair_analyzer()("thanh long")]
    assert "thanh_long" not in [t.text for t in pair_analyzer()("thành lòng")]
    assert [t.text for t in pair_analyzer()("hoá chất")] == [t.text for t in pair_analyzer()("hóa chất")]


def test_package_functions_are_not_shadowed_by_submodules():
    """Importing every submodule must leave indexer.build/update/search the functions."""
    import importlib
    import pkgutil

    import indexer

    for info in pkgutil.iter_modules(indexer.__path__):
        importlib.import_module(f"indexer.{info.name}")
    for name in ("build", "update", "search", "list_docs", "get_document"):
        assert callable(getattr(indexer, name)) and not isinstance(getattr(indexer, name), type(indexer)), name


def test_segmenting_leaves_no_file_in_the_temp_folder(tmp_path):
    # pyvi's model is unpickled into a temporary file that its library only
    # deletes when the object is collected, which an indexing worker process
    # never is: it ends with os._exit, as multiprocessing's workers do.
    import os
    import subprocess
    import sys

    code = (
        "import os; from analyzers.segment import compounds;"
        "print(compounds('Phát triển khu công nghiệp Sơn Mỹ'), flush=True); os._exit(0)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        env={**os.environ, "TMPDIR": str(tmp_path)},
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    assert "phát_triển" in out.stdout
    assert list(tmp_path.iterdir()) == []


def test_a_closed_syllable_without_its_tone_is_typed_loose():
    from analyzers.terms import is_loose

    assert is_loose("nghiêp") and is_loose("đât") and is_loose("quôc") and is_loose("nghiep")
    # a tone typed, or a syllable that may have none, is taken as typed
    assert not is_loose("nghiệp") and not is_loose("công") and not is_loose("lô") and not is_loose("điện")


def test_every_packaged_abbreviation_is_its_expansion_in_text_and_query():
    # Each line of the packaged table: the capitals in a text, and the lower case a user types
    # ("anycase"), carry the syllables of the expansion, so either spelling finds the other.
    from analyzers.syllables import active_abbreviations, syllable_tuple

    table = active_abbreviations()
    assert {"KCN", "UBND", "ĐBSCL", "MTQG", "UBKT", "HTX"} <= set(table.entries)
    for short, abbreviation in table.entries.items():
        expansion = [s.text.lower() for s in syllable_tuple(" ".join(abbreviation.expansion))]
        assert [s.text.lower() for s in syllable_tuple(f"các {short} của tỉnh")][1:-2] == expansion, short
        if abbreviation.anycase:
            assert [s.text.lower() for s in syllable_tuple(short.lower(), query=True)] == expansion, short
