"""Accent-free pairs left out where one accented pair says the same (indexer/index/folded_pairs.py)."""

from __future__ import annotations

from indexer.index import folded_pairs


def _table(*forms: tuple[str, str]) -> dict:
    accents = folded_pairs.Accents()
    accents.add(forms)
    return accents.table()


def test_the_table_keeps_syllables_with_one_accent_free_form_and_no_joins():
    table = _table(
        ("phát1", "phat"), ("phạt5", "phat"), ("triển3", "trien"), ("odd", "x"), ("odd", "y"), ("a_b", "a_b")
    )
    assert table == {"phat": ("phát1", "phạt5"), "trien": ("triển3",)}


def test_a_twin_with_one_source_and_the_same_postings_is_left_out_and_read_from_it():
    table = _table(("phát1", "phat"), ("phạt5", "phat"), ("triển3", "trien"), ("khu", "khu"), ("vực5", "vuc"))
    terms = {
        "phát1_triển3": [1, 1, 4],
        "~phat_trien": [1, 1, 4],  # one source, same postings: left out
        "khu_vực5": [2, 1, 0],
        "phạt5_khu": [3, 1, 7],
        "~phat_khu": [3, 1, 7],  # one source too
        "~khu_vuc": [2, 1, 0, 9, 1, 3],  # also from a syllable the table does not hold: kept
    }
    omitted = folded_pairs.left_out(terms, table)
    assert omitted == {"~phat_trien": "phát1_triển3", "~phat_khu": "phạt5_khu"}
    twins = folded_pairs.Twins.loads(folded_pairs.Twins.of(table, omitted).dumps())  # as written and read back
    present = {t for t in terms if t not in omitted}.__contains__
    assert folded_pairs.source("~phat_trien", twins, present) == "phát1_triển3"
    assert folded_pairs.source("~phat_khu", twins, present) == "phạt5_khu"
    assert folded_pairs.source("~trien_khu", twins, present) is None  # no such pair in the segment
    assert folded_pairs.source("~khu_vuc", twins, present) is None  # written: not read from a source
    assert folded_pairs.source("~phat_trien", None, present) is None  # no table: every twin is written
    both = {**terms, "phạt5_triển3": [5, 1, 2], "~phat_trien": [1, 1, 4, 5, 1, 2]}
    assert set(folded_pairs.left_out(both, table)) == {"~phat_khu"}  # "~phat_trien" has two sources: kept
    derived = set(folded_pairs.derived_postings(present.__self__, twins, present))
    assert derived == {("~phat_trien", "phát1_triển3"), ("~phat_khu", "phạt5_khu")}


def test_twins_read_back_from_the_compressed_file_and_from_an_older_plain_one():
    import pickle
    from array import array

    table = _table(("phát1", "phat"), ("phạt5", "phat"), ("triển3", "trien"), ("khu", "khu"))
    omitted = {"~phat_trien": "phát1_triển3", "~phat_khu": "phạt5_khu", "~khu_phat": "khu_phát1"}
    written = folded_pairs.Twins.of(table, omitted)
    older = pickle.dumps((dict(table), written._keys.tobytes(), written._picks.tobytes()))  # before gaps
    for data in (written.dumps(), older):
        twins = folded_pairs.Twins.loads(data)
        assert twins.table == table
        assert list(twins._keys) == sorted(twins._keys) == list(written._keys)
        assert [twins.picks(t) for t in omitted] == [written.picks(t) for t in omitted]
        assert all(twins.picks(t) for t in omitted) and twins.picks("~khu_trien") == []
    assert isinstance(written._keys, array)
