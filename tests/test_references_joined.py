"""Documents cited together share their verb, even past an issuer whose name joins its fields by "và"."""

from __future__ import annotations

from indexer.corpus import references


def _relations(text: str) -> list[tuple[str, str, str]]:
    return [(c.number, c.date, c.relation) for c in references.citations(text)]


def test_a_second_document_after_an_issuer_named_with_va_shares_the_verb():
    text = (
        "Thực hiện Hướng dẫn số 01-HD/BTGDVTW, ngày 26/01/2026 của Ban Tuyên giáo và Dân vận Trung ương"
        " và Kế hoạch số 18-KH/TU, ngày 02/02/2026 của Ban Thường vụ Tỉnh ủy, Đảng ủy xây dựng kế hoạch như sau:"
    )
    assert _relations(text) == [
        ("01-HD/BTGDVTW", "2026-01-26", "implements"),
        ("18-KH/TU", "2026-02-02", "implements"),
    ]


def test_a_clause_in_lower_case_between_two_documents_breaks_the_verb():
    # "và căn cứ tình hình …": no name goes on in lower case, so the second document is only cited.
    text = "Thực hiện Nghị quyết số 05-NQ/TU của Tỉnh ủy và căn cứ tình hình thực tế và Kết luận số 01-KL/TW"
    assert _relations(text) == [("05-NQ/TU", "", "implements"), ("01-KL/TW", "", "cites")]


def test_an_issuer_named_with_va_is_kept_whole_and_a_second_document_is_not_taken_into_it():
    text = (
        "Thực hiện Hướng dẫn số 01-HD/BTGDVTW, ngày 26/01/2026 của Ban Tuyên giáo và Dân vận Trung ương"
        " về học tập Nghị quyết; Nghị quyết số 57-NQ/TW của Bộ Chính trị và Quyết định số 1018/QĐ-TTg."
    )
    issuers = [(c.number, c.issuer) for c in references.citations(text)]
    assert issuers == [
        ("01-HD/BTGDVTW", "Ban Tuyên giáo và Dân vận Trung ương"),
        ("57-NQ/TW", "Bộ Chính trị"),
        ("1018/QĐ-TTg", ""),
    ]
