"""Party documents in every header arrangement ../shared/party-documents.md describes.

Each document is written here in the standard's layout (36-HD/VPTW, 05-HD/VPTW), then
taken apart the ways extractions take it apart: left block then right block, side by
side, merged by OCR with damaged accents, glued with no separators, one flat line, a
signed PDF's text layer with the number left blank. Every metadata field is asserted,
and no header or signature line may reach the body.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from indexer.corpus import layout, metadata
from indexer.corpus.reader import parse_document

ROOT = Path(__file__).resolve().parent.parent

BODY = """Thực hiện Nghị quyết số 55-NQ/TW, ngày 11/02/2020 của Bộ Chính trị về định hướng Chiến lược phát triển
năng lượng quốc gia, Ban Thường vụ Tỉnh ủy thống nhất ban hành Nghị quyết về phát triển năng lượng tái tạo.

I. MỤC TIÊU

1. Đến năm 2030, năng lượng tái tạo chiếm trên một nửa sản lượng điện của tỉnh; thu hút đầu tư vào
điện gió ngoài khơi và hydro xanh.

2. Nghị quyết này thay thế Nghị quyết số 12-NQ/TU, ngày 05/6/2016 của Tỉnh ủy về điện mặt trời và
tiếp tục thực hiện Kết luận số 75-KL/TW của Bộ Chính trị; căn cứ Nghị định số 51/2021/NĐ-CP.
"""

CLOSING = """Nơi nhận:
- Ban Bí thư Trung ương Đảng,
- Các đồng chí Tỉnh ủy viên,
- Lưu Văn phòng Tỉnh ủy.

T/M BAN THƯỜNG VỤ
PHÓ BÍ THƯ THƯỜNG TRỰC

Nguyễn Văn Hùng
"""

TITLE = """NGHỊ QUYẾT
CỦA BAN THƯỜNG VỤ TỈNH ỦY
về phát triển năng lượng tái tạo trên địa bàn tỉnh
-----
"""

HEADERS = {
    "left then right": """TỈNH ỦY NINH THUẬN
*
Số 99-NQ/TU
MẬT

ĐẢNG CỘNG SẢN VIỆT NAM
Phan Rang - Tháp Chàm, ngày 15 tháng 3 năm 2025
""",
    "side by side": """TỈNH ỦY NINH THUẬN                         ĐẢNG CỘNG SẢN VIỆT NAM
        *
Số 99-NQ/TU                    Phan Rang - Tháp Chàm, ngày 15 tháng 3 năm 2025
MẬT
""",
    "OCR merged, damaged accents": """TÍNH ỦY NINH THUẬN ĐÁNG CỘNG SẢN VIỆT NAM
*+
Số 99-NQ/TU Phan Rang - Tháp Chàm, ngày 15 tháng 3 năm 2025
MẬT
""",
    "glued": "TỈNH ỦY NINH THUẬN*ĐẢNG CỘNG SẢN VIỆT NAMSố 99-NQ/TUPhan Rang - Tháp Chàm, ngày 15 tháng 3 năm 2025\nMẬT\n",
    "side by side, number under the star": """      TỈNH ỦY NINH THUẬN                         ĐẢNG CỘNG SẢN VIỆT NAM
               *                  Phan Rang - Tháp Chàm, ngày 15 tháng 3 năm 2025
        Số 99-NQ/TU
           MẬT
""",
    "markdown cells with line breaks": "| TỈNH ỦY NINH THUẬN<br>\\*<br>Số 99-NQ/TU<br>MẬT | ĐẢNG CỘNG SẢN VIỆT NAM<br>"
    "*Phan Rang - Tháp Chàm, ngày 15 tháng 3 năm 2025* |\n| :---- | :---- |\n",
    "table cells": """| TỈNH ỦY NINH THUẬN | ĐẢNG CỘNG SẢN VIỆT NAM |
| :---- | :---- |
| * | |
| Số 99-NQ/TU | *Phan Rang - Tháp Chàm, ngày 15 tháng 3 năm 2025* |
MẬT
""",
}


def _doc(header: str, title: str = TITLE, body: str = BODY, closing: str = CLOSING):
    text = f"{header}\n{title}\n{body}\n{closing}"
    return text, parse_document(text, "nq99")


EXPECTED = {
    "title": "Nghị quyết về phát triển năng lượng tái tạo trên địa bàn tỉnh",
    "doc_type": "Nghị quyết",
    "number": "99-NQ/TU",
    "date": "2025-03-15",
    "year": 2025,
    "issuer": "Tỉnh ủy Ninh Thuận",
    "province": "Ninh Thuận",
    "place": "Phan Rang - Tháp Chàm",
    "authority": "T/M BAN THƯỜNG VỤ",
    "signer_title": "Phó Bí thư thường trực",
    "signer": "Nguyễn Văn Hùng",
    "recipients": ["Ban Bí thư Trung ương Đảng", "Các đồng chí Tỉnh ủy viên"],
    "marks": ["MẬT"],
}

HEADER_WORDS = re.compile(
    r"ĐẢNG CỘNG SẢN|ĐÁNG|TỈNH ỦY NINH|TÍNH ỦY|Số 99|ngày 15 tháng|^MẬT$|^\*|Nơi nhận|T/M|BÍ THƯ|Nguyễn Văn Hùng"
)


def assert_body_clean(doc) -> None:
    body = [c.text for c in doc.chunks if c.kind == "body"]
    assert body[0].startswith("Thực hiện Nghị quyết số 55-NQ/TW"), body[0]
    for text in body:
        assert not HEADER_WORDS.search(text), text
        assert not text.startswith(("NGHỊ QUYẾT", "CỦA BAN", "về phát triển năng lượng tái tạo trên"))
    assert len(body) == 3


@pytest.mark.parametrize("arrangement", list(HEADERS))
def test_every_header_arrangement_gives_every_field(arrangement):
    _, doc = _doc(HEADERS[arrangement])
    meta = doc.metadata()
    for key, value in EXPECTED.items():
        assert meta[key] == value, (arrangement, key, meta[key])
    assert_body_clean(doc)


@pytest.mark.parametrize("place", ["Phan Rang - Tháp Chàm", "Ninh Thuận"])
def test_one_flat_line_header_and_title(place):
    # "Ninh Thuận" right after the party title: the title is not taken for the
    # start of the place, so the date, the place and the type line are all read.
    header = (
        f"TỈNH ỦY NINH THUẬN * Số 99-NQ/TU ĐẢNG CỘNG SẢN VIỆT NAM {place}, ngày 15 tháng 3 năm 2025"
        " NGHỊ QUYẾT CỦA BAN THƯỜNG VỤ TỈNH ỦY về phát triển năng lượng tái tạo trên địa bàn tỉnh\nMẬT\n"
    )
    _, doc = _doc(header, title="")
    meta = doc.metadata()
    for key, value in {**EXPECTED, "place": place}.items():
        assert meta[key] == value, (key, meta[key])
    assert_body_clean(doc)


def test_type_line_with_its_number_and_no_header():
    title = "NGHỊ QUYẾT số 99-NQ/TU\nCỦA BAN THƯỜNG VỤ TỈNH ỦY NINH THUẬN\nvề phát triển năng lượng tái tạo trên địa bàn tỉnh\n"
    _, doc = _doc("", title=title)
    assert (doc.number, doc.doc_type) == ("99-NQ/TU", "Nghị quyết")
    assert doc.title == EXPECTED["title"]
    assert doc.issuer == "Ban Thường vụ Tỉnh ủy Ninh Thuận" and doc.province == "Ninh Thuận"
    assert_body_clean(doc)


def test_two_line_issuer_and_a_signed_pdf_with_blank_number_and_day():
    header = """ĐẢNG BỘ TỈNH LÂM ĐỒNG
ĐẢNG ỦY ĐẶC KHU PHÚ QUÝ
*
Số        -CTr/ĐU
ĐẢNG CỘNG SẢN VIỆT NAM
Phú Quý, ngày        tháng 8 năm 2026
"""
    title = "CHƯƠNG TRÌNH HÀNH ĐỘNG\nthực hiện Nghị quyết số 57-NQ/TW, ngày 22/12/2024 của Bộ Chính trị\n"
    closing = (
        "Nơi nhận:\n- Ban Thường vụ Tỉnh ủy;\n- Lưu Văn phòng Đảng ủy.\n\nK/T BÍ THƯ\nPHÓ BÍ THƯ\n\nTrần Thị Mai\n"
    )
    _, doc = _doc(header, title=title, closing=closing)
    assert doc.number == ""  # stamped at signing: not in the text layer, and never a cited number
    assert (doc.date, doc.year, doc.place) == ("", 2026, "Phú Quý")
    assert doc.doc_type == "Chương trình hành động"
    assert doc.issuer == "Đảng ủy đặc khu Phú Quý" and doc.province == "Lâm Đồng"
    assert (doc.authority, doc.signer_title, doc.signer) == ("K/T BÍ THƯ", "Phó Bí thư", "Trần Thị Mai")
    assert doc.recipients == ["Ban Thường vụ Tỉnh ủy"]
    assert {"number": "57-NQ/TW", "date": "2024-12-22", "relation": "implements", "issuer": "Bộ Chính trị"} in doc.cites


def test_official_letter_type_from_symbol_subject_urgency_and_addressees():
    header = """ĐẢNG BỘ THÀNH PHỐ HÀ NỘI
ĐẢNG ỦY PHƯỜNG BA ĐÌNH
*
Số 2449 -CV/ĐU
V/v chuẩn bị hội nghị trực tuyến
quán triệt Nghị quyết Trung ương
KHẨN
ĐẢNG CỘNG SẢN VIỆT NAM
Ba Đình, ngày 03 tháng 02 năm 2026
Kính gửi: Các chi bộ trực thuộc;
- Ban Tuyên giáo và Dân vận.
"""
    closing = (
        "Nơi nhận:\n- Như trên;\n- Lưu Văn phòng Đảng ủy.\n\nT/L BAN THƯỜNG VỤ\nCHÁNH VĂN PHÒNG\n\nPhạm Quốc Anh\n"
    )
    _, doc = _doc(header, title="", closing=closing)
    assert (doc.doc_type, doc.number, doc.date) == ("Công văn", "2449-CV/ĐU", "2026-02-03")
    assert doc.title == "Công văn về việc chuẩn bị hội nghị trực tuyến quán triệt Nghị quyết Trung ương"
    assert doc.marks == ["KHẨN"]
    assert doc.recipients == ["Các chi bộ trực thuộc", "Ban Tuyên giáo và Dân vận"]
    assert doc.issuer == "Đảng ủy phường Ba Đình" and doc.province == "Hà Nội"
    assert (doc.authority, doc.signer_title, doc.signer) == ("T/L BAN THƯỜNG VỤ", "Chánh văn phòng", "Phạm Quốc Anh")
    assert_body_clean(doc)


def test_ocr_damaged_type_word_and_central_body():
    header = "BAN CHẤP HÀNH TRUNG ƯƠNG ĐÁNG CỘNG SẢN VIỆT NAM\n*+\nSố 75-KL/TW Hà Nội, ngày 09 tháng 01 năm 2026\n"
    title = "KÉT LUẬN\nCỦA BỘ CHÍNH TRỊ\nvề phát triển năng lượng tái tạo trên địa bàn tỉnh\n"
    closing = (
        "Nơi nhận:\n- Các tỉnh ủy, thành ủy,\n- Lưu Văn phòng Trung ương Đảng.\n\nT/M BỘ CHÍNH TRỊ\n\nLê Văn Thành\n"
    )
    _, doc = _doc(header, title=title, closing=closing)
    assert (doc.doc_type, doc.number, doc.date) == ("Kết luận", "75-KL/TW", "2026-01-09")
    # The header "BAN CHẤP HÀNH TRUNG ƯƠNG" is shared by the Politburo and the Secretariat (05-HD 2.1.2):
    # the T/M says which of them issued it. A central body: Hà Nội is its seat, not its province.
    assert doc.issuer == "Bộ Chính trị" and doc.province == ""
    assert (doc.authority, doc.signer_title, doc.signer) == ("T/M BỘ CHÍNH TRỊ", "", "Lê Văn Thành")
    assert all(c["number"] != "75-KL/TW" for c in doc.cites)  # its own number is never a citation
    assert_body_clean(doc)


def test_references_with_their_relations_dates_and_issuers():
    _, doc = _doc(HEADERS["left then right"])
    cites = {c["number"]: c for c in doc.cites}
    assert cites["55-NQ/TW"] == {
        "number": "55-NQ/TW",
        "date": "2020-02-11",
        "relation": "implements",
        "issuer": "Bộ Chính trị",
    }
    assert cites["12-NQ/TU"] == {
        "number": "12-NQ/TU",
        "date": "2016-06-05",
        "relation": "replaces",
        "issuer": "Tỉnh ủy",
    }
    assert cites["75-KL/TW"]["relation"] == "continues" and cites["75-KL/TW"]["issuer"] == "Bộ Chính trị"
    assert cites["51/2021/NĐ-CP"]["relation"] == "cites"
    assert "99-NQ/TU" not in cites
    second = next(c for c in doc.chunks if "thay thế" in c.text)
    assert second.cites == ["12-NQ/TU", "75-KL/TW", "51/2021/NĐ-CP"]


def test_khanh_hoa_programme_cites_what_it_implements_instead_of_taking_its_number():
    from indexer.corpus.reader import read_document

    corpus = Path(__file__).resolve().parent.parent / "corpus"
    doc = read_document(corpus / "khanh-hoa_cthd-nq23-tw_chinh-sach-cong-nghiep.txt", corpus)
    assert doc.number != "23-NQ/TW"
    assert doc.cites[0] == {
        "number": "23-NQ/TW",
        "date": "2018-03-22",
        "relation": "implements",
        "issuer": "Bộ Chính trị",
    }


def test_ocr_page_furniture_is_dropped_and_cut_paragraphs_joined():
    text = (
        HEADERS["OCR merged, damaged accents"]
        + "\n"
        + TITLE
        + "\nCác cấp ủy, tổ chức đảng tập trung lãnh đạo phát triển điện gió ngoài khơi, điện mặt trời\n\n"
        "===== Trang 2 =====\n\n18.NQTU99.DOC 2\n\n"
        "mái nhà và hệ thống lưu trữ năng lượng trên địa bàn toàn tỉnh.\n\n- 3 -\n\n"
        "Ủy ban nhân dân tỉnh xây dựng kế hoạch triển khai thực hiện Nghị quyết này\n\n"
        "--- Page 4 ---\n\n3\n\ntrong quý II năm 2025.\n\n" + CLOSING
    )
    doc = parse_document(text, "ocr")
    body = [c.text for c in doc.chunks if c.kind == "body"]
    assert body == [
        "Các cấp ủy, tổ chức đảng tập trung lãnh đạo phát triển điện gió ngoài khơi, điện mặt trời mái nhà"
        " và hệ thống lưu trữ năng lượng trên địa bàn toàn tỉnh.",
        "Ủy ban nhân dân tỉnh xây dựng kế hoạch triển khai thực hiện Nghị quyết này trong quý II năm 2025.",
    ]
    kinds = {k for k, t in doc.debris if "Trang 2" in t or "NQTU99" in t or t in ("- 3 -", "--- Page 4 ---", "3")}
    assert kinds == {"page number", "page header"}
    assert (doc.number, doc.issuer, doc.doc_type) == ("99-NQ/TU", "Tỉnh ủy Ninh Thuận", "Nghị quyết")


def test_passes_can_be_run_alone():
    debris: list = []
    lines = layout.normalise("TỈNH ỦY A          ĐẢNG CỘNG SẢN VIỆT NAM\n*\nNội dung.")
    assert lines[:2] == ["TỈNH ỦY A", "ĐẢNG CỘNG SẢN VIỆT NAM"]
    kept, notes = layout.lift_footnotes(["Văn bản(1) có chú thích.", "", " " * 20, "(1) Chú thích."], debris)
    layout.cite_footnotes(kept, notes, debris)
    assert notes == {"1": "Chú thích."} and kept[0].text == "Văn bản có chú thích." and kept[0].notes == ["1"]
    header, start = layout.header_block(layout.lift_footnotes(lines, [])[0], debris)
    assert header == ["TỈNH ỦY A", "ĐẢNG CỘNG SẢN VIỆT NAM"] and start == 2  # a lone "*" carries no words
    assert layout.split_long([("", "Câu một. " * 1000, [])], 500)[0][1].endswith("Câu một.")
    assert metadata.body_name("TỈNH ỦY LÀO CAI") == "Tỉnh ủy Lào Cai"


def test_a_huge_paragraph_is_cut_at_sentence_ends():
    sentence = "Phát triển công nghiệp chế biến gắn với vùng nguyên liệu của tỉnh. "
    doc = parse_document(sentence * 20_000, "huge")
    pieces = [c.text for c in doc.chunks]
    assert len(pieces) > 200 and max(map(len, pieces)) <= layout.MAX_PARAGRAPH
    assert all(p.endswith("tỉnh.") for p in pieces)
    assert sum(p.count("Phát triển") for p in pieces) == 20_000


def test_web_front_matter_is_metadata_not_body():
    from indexer.corpus.reader import read_document

    folder = Path(__file__).with_name("fixtures") / "extra-resolutions"
    doc = read_document(folder / "TW_16-NQ-TW_2026-07-21_DongNai.md", folder)
    assert doc.title.startswith("Nghị quyết số 16-NQ/TW về xây dựng và phát triển thành phố Đồng Nai")
    assert (doc.number, doc.date, doc.issuer) == ("16-NQ/TW", "2026-07-21", "Bộ Chính trị")
    assert (doc.signer_title, doc.signer, doc.place, doc.province) == ("Tổng Bí thư", "Tô Lâm", "Hà Nội", "")
    assert doc.chunks[0].text.startswith("Trong những năm qua, thực hiện đường lối đổi mới")
    assert not any(re.match(r"^(layout|title|date|- Nghị quyết|Số: 16)", c.text) for c in doc.chunks)
    assert doc.cites == []  # its own number, stated in the front matter, is not a citation


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "corpus").glob("*.txt")))
def test_a_whole_resolution_on_one_line_is_body_text(name):
    """A badly converted PDF sets a whole resolution on one line: its type line is then
    thousands of characters and must be read as body text, not swallowed as the title."""
    text = " ".join(line.strip() for line in (ROOT / "corpus" / name).read_text(encoding="utf-8").splitlines())
    doc = parse_document(" ".join(text.split()), "one-line")
    body = sum(len(c.text) for c in doc.chunks)
    assert body > 0.9 * len(text) and max(len(c.text) for c in doc.chunks) <= layout.MAX_PARAGRAPH


def test_a_glued_two_line_issuer_and_a_glued_type_line():
    # docx→text with no separators (E5): the lower issuer line glued to the upper one, the
    # type line to its number and title, a rule glued after the title.
    header = (
        "ĐẢNG BỘ TỈNH NINH THUẬNĐẢNG ỦY XÃ PHƯỚC NAM*ĐẢNG CỘNG SẢN VIỆT NAMSố 99-NQ/ĐU"
        "Phước Nam, ngày 15 tháng 3 năm 2025NGHỊ QUYẾT số 99-NQ/ĐU về phát triển năng lượng tái tạo trên địa bàn xã-----\n"
    )
    _, doc = _doc(header, title="", closing=CLOSING.replace("T/M BAN THƯỜNG VỤ", "T/M ĐẢNG ỦY"))
    meta = doc.metadata()
    expected = {
        "title": "Nghị quyết về phát triển năng lượng tái tạo trên địa bàn xã",
        "doc_type": "Nghị quyết",
        "number": "99-NQ/ĐU",
        "date": "2025-03-15",
        "issuer": "Đảng ủy xã Phước Nam",
        "province": "Ninh Thuận",
        "place": "Phước Nam",
        "signer": "Nguyễn Văn Hùng",
    }
    assert {k: meta[k] for k in expected} == expected
    assert_body_clean(doc)


@pytest.mark.parametrize(
    ("upper", "prose"),
    [
        ("THÀNH ỦY HÀ NỘI", "Thành ủy Hà Nội"),
        ("THÀNH UỶ HẢI PHÒNG", "Thành uỷ Hải Phòng"),
        ("ĐẢNG BỘ THÀNH PHỐ HỒ CHÍ MINH", "Đảng bộ thành phố Hồ Chí Minh"),
        ("THỊ ỦY SƠN TÂY", "Thị ủy Sơn Tây"),
        ("ĐẢNG ỦY XÃ TAM XUÂN", "Đảng ủy xã Tam Xuân"),
    ],
)
def test_a_city_committee_is_written_with_its_city_name_capitalised(upper, prose):
    assert metadata.body_name(upper) == prose


def test_a_youth_union_header_names_its_organisation_not_the_party():
    # The Youth Union's documents follow the party layout with its own title where
    # "ĐẢNG CỘNG SẢN VIỆT NAM" stands: its central committee is not the Party's.
    text = (
        "BAN CHẤP HÀNH TRUNG ƯƠNG\n***\nSố: 367 - QĐ/TWĐTN-VP\n\nĐOÀN TNCS HỒ CHÍ MINH\n"
        "Hà Nội, ngày 10 tháng 3 năm 2021\n\nQUYẾT ĐỊNH\nvề việc khen thưởng tập thể thanh niên tình nguyện\n\n"
        "Tặng bằng khen cho các tập thể thanh niên tình nguyện mùa hè xanh.\n\nTM. BAN BÍ THƯ\nBÍ THƯ\nNguyễn Anh Tuấn\n"
    )
    doc = parse_document(text, "youth")
    assert (doc.issuer, doc.province, doc.number, doc.date, doc.signer) == (
        "Ban Chấp hành Trung ương Đoàn TNCS Hồ Chí Minh",
        "",
        "367-QĐ/TWĐTN-VP",
        "2021-03-10",
        "Nguyễn Anh Tuấn",
    )
    assert [c.text for c in doc.chunks if c.kind == "body"] == [
        "Tặng bằng khen cho các tập thể thanh niên tình nguyện mùa hè xanh."
    ]


def test_a_title_in_capitals_takes_its_names_from_the_body():
    # The trích yếu is printed in capitals; the body writes the same words in prose, where
    # names keep their capitals mid-sentence and common words do not. "XÃ HỘI" is no commune.
    title = (
        "NGHỊ QUYẾT\nVỀ PHÁT TRIỂN CHÈ ĐẶC SẢN TÂN CƯƠNG VÀ KCN SÔNG CÔNG II\n"
        "THEO ĐỊNH HƯỚNG XÃ HỘI CHỦ NGHĨA VÀ HỘI NHẬP QUỐC TẾ\n-----\n"
    )
    body = (
        "Thái Nguyên có vùng chè Tân Cương nổi tiếng; KCN Sông Công II đã lấp đầy 60% diện tích.\n\n"
        "Phát triển kinh tế thị trường định hướng xã hội chủ nghĩa và hội nhập quốc tế sâu rộng.\n\n"
        "Tân Cương là vùng chè đặc sản của tỉnh.\n"
    )
    _, doc = _doc(HEADERS["left then right"], title=title, body=body)
    assert doc.title == (
        "Nghị quyết về phát triển chè đặc sản Tân Cương và KCN Sông Công II"
        " theo định hướng xã hội chủ nghĩa và hội nhập quốc tế"
    )


def test_a_title_in_capitals_keeps_the_capitals_of_a_document_code():
    _, doc = _doc("", title="THÔNG TƯ 31/2026/TT-BCT\nVỀ TRUY XUẤT NGUỒN GỐC SẢN PHẨM\n")
    assert doc.title == "Thông tư 31/2026/TT-BCT về truy xuất nguồn gốc sản phẩm"


def _word_file(path: Path) -> Path:
    """A resolution as Word sets it: header and signature in borderless two-cell tables, body between."""
    from docx import Document as Docx

    d = Docx()
    left, right = d.add_table(rows=1, cols=2).rows[0].cells
    left.text = "TỈNH ỦY QUẢNG NINH"
    left.add_paragraph("*")
    left.add_paragraph("Số 12-NQ/TU")
    right.text = "ĐẢNG CỘNG SẢN VIỆT NAM"
    right.add_paragraph("Quảng Ninh, ngày 05 tháng 6 năm 2025")
    for line in ("NGHỊ QUYẾT", "CỦA BAN THƯỜNG VỤ TỈNH ỦY", "về phát triển kinh tế biển xanh", "-----"):
        d.add_paragraph(line)
    d.add_paragraph(
        "Thực hiện Nghị quyết số 36-NQ/TW, ngày 22/10/2018 của Ban Chấp hành Trung ương về Chiến lược"
        " phát triển bền vững kinh tế biển, Ban Thường vụ Tỉnh ủy ban hành Nghị quyết này."
    )
    d.add_paragraph("I. MỤC TIÊU")
    data = d.add_table(rows=2, cols=3)  # a table of the body keeps its rows, in its place
    cells = data.rows[0].cells + data.rows[1].cells
    for cell, text in zip(cells, ["Chỉ tiêu", "2025", "2030", "Cảng biển", "3", "5"], strict=True):
        cell.text = text
    d.add_paragraph("II. NHIỆM VỤ")
    d.add_paragraph("Đến năm 2030, kinh tế biển đóng góp trên một nửa tổng sản phẩm của tỉnh.")
    left, right = d.add_table(rows=1, cols=2).rows[0].cells
    left.text = "Nơi nhận:"
    left.add_paragraph("- Ban Bí thư Trung ương Đảng,")
    left.add_paragraph("- Lưu Văn phòng Tỉnh ủy.")
    right.text = "T/M BAN THƯỜNG VỤ"
    for line in ("BÍ THƯ", "(đã ký)", "Nguyễn Văn A"):
        right.add_paragraph(line)
    d.save(path)
    return path


def test_a_word_file_with_header_and_signature_in_tables(tmp_path):
    from indexer.corpus.reader import read_document

    doc = read_document(_word_file(tmp_path / "qn.docx"), tmp_path)
    meta = doc.metadata()
    expected = {
        "title": "Nghị quyết về phát triển kinh tế biển xanh",
        "doc_type": "Nghị quyết",
        "number": "12-NQ/TU",
        "date": "2025-06-05",
        "year": 2025,
        "issuer": "Tỉnh ủy Quảng Ninh",
        "province": "Quảng Ninh",
        "place": "Quảng Ninh",
        "authority": "T/M BAN THƯỜNG VỤ",
        "signer_title": "Bí thư",
        "signer": "Nguyễn Văn A",
        "recipients": ["Ban Bí thư Trung ương Đảng"],
        "marks": [],
    }
    assert {k: meta[k] for k in expected} == expected
    body = [(c.section, c.text) for c in doc.chunks if c.kind == "body"]
    assert [t for _, t in body] == [
        "Thực hiện Nghị quyết số 36-NQ/TW, ngày 22/10/2018 của Ban Chấp hành Trung ương về Chiến lược phát triển"
        " bền vững kinh tế biển, Ban Thường vụ Tỉnh ủy ban hành Nghị quyết này.",
        "| Chỉ tiêu | 2025 | 2030 |",
        "| Cảng biển | 3 | 5 |",
        "Đến năm 2030, kinh tế biển đóng góp trên một nửa tổng sản phẩm của tỉnh.",
    ]
    assert [section for section, _ in body[1:]] == ["I. MỤC TIÊU", "I. MỤC TIÊU", "II. NHIỆM VỤ"]  # in its place


def test_a_whole_header_title_and_first_sentence_on_one_line():
    # The place repeats the issuer's words ("THÀNH ỦY CẦN THƠ" … "Cần Thơ, ngày"); the line is
    # longer than a header line, and the title block ends at its rule.
    header = (
        "THÀNH ỦY CẦN THƠ * Số 05-NQ/TU ĐẢNG CỘNG SẢN VIỆT NAM Cần Thơ, ngày 12 tháng 8 năm 2025 NGHỊ QUYẾT"
        " CỦA BAN THƯỜNG VỤ THÀNH ỦY về phát triển đô thị thông minh gắn với chuyển đổi số ----- Thực hiện"
        " Nghị quyết số 55-NQ/TW, ngày 11/02/2020 của Bộ Chính trị, Ban Thường vụ Thành ủy ban hành Nghị quyết.\n"
    )
    _, doc = _doc(header, title="", body=BODY)
    meta = doc.metadata()
    expected = {
        "title": "Nghị quyết về phát triển đô thị thông minh gắn với chuyển đổi số",
        "number": "05-NQ/TU",
        "date": "2025-08-12",
        "issuer": "Thành ủy Cần Thơ",
        "place": "Cần Thơ",
        "province": "Cần Thơ",
    }
    assert {k: meta[k] for k in expected} == expected
    body = [c.text for c in doc.chunks if c.kind == "body"]
    assert body[0] == (
        "Thực hiện Nghị quyết số 55-NQ/TW, ngày 11/02/2020 của Bộ Chính trị, Ban Thường vụ Thành ủy ban hành"
        " Nghị quyết."
    )
    assert len(body) == 4 and doc.signer == "Nguyễn Văn Hùng"


def test_a_header_glued_to_its_number_body():
    lines = metadata.split_header_line(
        "THÀNH ỦY CẦN THƠ*Số 05-NQ/TUĐẢNG CỘNG SẢN VIỆT NAMCần Thơ, ngày 12 tháng 8 năm 2025"
    )
    assert lines == [
        "THÀNH ỦY CẦN THƠ",
        "*",
        "Số 05-NQ/TU",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Cần Thơ, ngày 12 tháng 8 năm 2025",
    ]


LAST = "Nghị quyết này phổ biến đến chi bộ."
SIGNATURES = {
    "two blocks side by side": (
        "Nơi nhận:\n- Ban Bí thư Trung ương Đảng,\n- Lưu Văn phòng Tỉnh ủy.\n\n"
        "T/M BAN THƯỜNG VỤ          K/T BÍ THƯ\n                            PHÓ BÍ THƯ\n\n                Nguyễn Văn Hùng\n",
        ("T/M BAN THƯỜNG VỤ K/T BÍ THƯ", "Phó Bí thư", "Nguyễn Văn Hùng"),
    ),
    "merged by OCR": (
        "Nơi nhận:\n- Ban Bí thư Trung ương Đảng,\n- Lưu Văn phòng Tỉnh ủy.\n"
        "T/M BAN THƯỜNG VỤ PHÓ BÍ THƯ THƯỜNG TRỰC\n(Đã ký) Nguyễn Văn Hùng\n",
        ("T/M BAN THƯỜNG VỤ", "Phó Bí thư thường trực", "Nguyễn Văn Hùng"),
    ),
    "glued to the last sentence": (
        "K/T CHÁNH VĂN PHÒNGPHÓ CHÁNH VĂN PHÒNGĐỗ Minh Châu\n",
        ("K/T CHÁNH VĂN PHÒNG", "Phó chánh văn phòng", "Đỗ Minh Châu"),
    ),
    "glued to the recipients": (
        "Nơi nhận:- Ban Bí thư Trung ương Đảng;- Lưu Văn phòng Tỉnh ủy.K/T BÍ THƯPHÓ BÍ THƯĐỗ Minh Châu\n",
        ("K/T BÍ THƯ", "Phó Bí thư", "Đỗ Minh Châu"),
    ),
    "two columns beside the recipients": (
        "Nơi nhận:                                         T/M BAN THƯỜNG VỤ\n"
        "- Ban Bí thư Trung ương Đảng,                      K/T BÍ THƯ\n"
        "- Lưu Văn phòng Tỉnh ủy.                           PHÓ BÍ THƯ\n"
        "                                                   (Đã ký)\n"
        "                                                   Nguyễn Văn Hùng\n",
        ("T/M BAN THƯỜNG VỤ K/T BÍ THƯ", "Phó Bí thư", "Nguyễn Văn Hùng"),
    ),
    "signature first, name in capitals": (
        "T/M BAN THƯỜNG VỤ\nBÍ THƯ\n[đã ký]\nNGUYỄN VĂN HÙNG\n\n"
        "Nơi nhận:\n- Ban Bí thư Trung ương Đảng,\n- Lưu Văn phòng Tỉnh ủy.\n",
        ("T/M BAN THƯỜNG VỤ", "Bí thư", "Nguyễn Văn Hùng"),
    ),
    "markdown cells with line breaks": (
        "| Nơi nhận:<br>- Ban Bí thư Trung ương Đảng,<br>- Lưu Văn phòng Tỉnh ủy. | T/M BAN THƯỜNG VỤ<br>BÍ THƯ<br>"
        "(Đã ký)<br>Nguyễn Văn Hùng |\n| :---- | :---- |\n",
        ("T/M BAN THƯỜNG VỤ", "Bí thư", "Nguyễn Văn Hùng"),
    ),
    "one table cell": (
        "|   | T/M BAN THƯỜNG VỤ *(Đã ký)* Nguyễn Văn Hùng |\n| :---- | :---- |\n",
        ("T/M BAN THƯỜNG VỤ", "", "Nguyễn Văn Hùng"),
    ),
    # acting: "Q." names the title the signer acts in
    "acting": (
        "Nơi nhận:\n- Ban Bí thư Trung ương Đảng,\n- Lưu Văn phòng Tỉnh ủy.\n\nQ. TRƯỞNG BAN\n\nVũ Đại Thắng\n",
        ("Q. TRƯỞNG BAN", "Trưởng ban", "Vũ Đại Thắng"),
    ),
    # a steering committee without its own seal: the title, "kiêm", the second title (05-HD 7.1.4)
    "no seal, two titles": (
        "Nơi nhận:\n- Ban Bí thư Trung ương Đảng,\n- Lưu Văn phòng Tỉnh ủy.\n\n"
        "PHÓ BÍ THƯ TỈNH ỦY\nkiêm\nTRƯỞNG BAN CHỈ ĐẠO\n\nĐỗ Mạnh Hiến\n",
        ("", "Phó Bí thư Tỉnh ủy kiêm Trưởng Ban Chỉ đạo", "Đỗ Mạnh Hiến"),
    ),
    # an authority whose accents OCR damaged ("TÍNH ỦY") is read as printed
    "damaged by OCR": ("T/M TÍNH ỦY\nBÍ THƯ\n\nNguyễn Hồng Thái\n", ("T/M TỈNH ỦY", "Bí thư", "Nguyễn Hồng Thái")),
}


@pytest.mark.parametrize("arrangement", list(SIGNATURES))
def test_every_signature_arrangement_gives_authority_title_and_name(arrangement):
    closing, expected = SIGNATURES[arrangement]
    glued = arrangement.startswith("glued to the last")
    body = BODY.rstrip() + "\n\n" + LAST + (closing if glued else "\n")
    _, doc = _doc(HEADERS["left then right"], body=body, closing="" if glued else closing)
    assert (doc.authority, doc.signer_title, doc.signer) == expected
    assert doc.issuer == "Tỉnh ủy Ninh Thuận"
    if "Nơi nhận" in closing:
        assert doc.recipients == ["Ban Bí thư Trung ương Đảng"]
    body_texts = [c.text for c in doc.chunks if c.kind == "body"]
    assert body_texts[-1] == LAST
    for text in body_texts:
        assert not re.search(
            r"T/M|K/T|Q\.|BÍ THƯ|TRƯỞNG BAN|VĂN PHÒNG|Nơi nhận|kiêm|Hùng|Châu|Thắng|Thái|Hiến|Đã ký", text
        ), text


def test_a_web_page_with_header_and_signature_tables(tmp_path):
    from indexer.corpus.reader import read_document

    src = tmp_path / "kl71.html"
    src.write_text(
        "<html><body><table><tr><td><p>BAN CHẤP HÀNH TRUNG ƯƠNG</p><p>*</p><p>Số 71-KL/TW</p></td>"
        "<td><p>ĐẢNG CỘNG SẢN VIỆT NAM</p><p><i>Hà Nội, ngày 15 tháng 4 năm 2026</i></p></td></tr></table>"
        "<p><b>KẾT LUẬN</b></p><p><b>CỦA BỘ CHÍNH TRỊ</b></p><p><b>về phát triển khoa học và công nghệ</b></p>"
        "<p>Sau 10 năm thực hiện Nghị quyết số 20-NQ/TW, khoa học và công nghệ đã có chuyển biến tích cực.</p>"
        "<p>Bộ Chính trị yêu cầu các cấp ủy tiếp tục lãnh đạo thực hiện tốt Nghị quyết.</p>"
        # the portal's own parts: other documents, its footer (never the document's text or cites)
        '<div class="related"><h3>Văn bản khác</h3><ul><li>Nghị quyết số 31-NQ/TU về chuyển đổi số</li></ul></div>'
        '<div id="footer"><p>CỔNG THÔNG TIN ĐIỆN TỬ ĐẢNG BỘ TỈNH</p><p>Điện thoại: 0203.3835.xxx</p></div>'
        '<table class="footer-vb"><tr><td><u>Nơi nhận</u>:<br>- Các tỉnh ủy, thành ủy,<br>- Lưu Văn phòng Trung ương Đảng.</td>'
        "<td>T/M BỘ CHÍNH TRỊ<br>TỔNG BÍ THƯ<br><i>(Đã ký)</i><br>Tô Lâm</td></tr></table>"
        "</body></html>",
        encoding="utf-8",
    )
    meta = read_document(src, tmp_path).metadata()
    expected = {
        "title": "Kết luận về phát triển khoa học và công nghệ",
        "number": "71-KL/TW",
        "date": "2026-04-15",
        "issuer": "Bộ Chính trị",  # the header names the central committee; the T/M names the Politburo
        "province": "",
        "authority": "T/M BỘ CHÍNH TRỊ",
        "signer_title": "Tổng Bí thư",
        "signer": "Tô Lâm",
        "recipients": ["Các tỉnh ủy, thành ủy"],
        "paragraphs": 2,
    }
    assert {k: meta[k] for k in expected} == expected
    assert [c["number"] for c in meta["cites"]] == ["20-NQ/TW"]


@pytest.mark.parametrize(
    ("header", "issuer", "province"),
    [
        # an organ of a committee, then the committee it belongs to, as prose names them
        ("ỦY BAN KIỂM TRA\nTỈNH ỦY THANH HÓA\n*\nSố 07-TB/UBKTTU", "Ủy ban Kiểm tra Tỉnh ủy Thanh Hóa", "Thanh Hóa"),
        ("BAN TUYÊN GIÁO, TỈNH ỦY BẮC NINH\n*\nSố 07-TB/BTGTU", "Ban Tuyên giáo Tỉnh ủy Bắc Ninh", "Bắc Ninh"),
        # the standard's order: the committee first, its organ under it (05-HD 2.1.4)
        ("TỈNH ỦY CÀ MAU\nTIỂU BAN VĂN KIỆN\n*\nSố 07-TB/TBVK", "Tiểu ban Văn kiện Tỉnh ủy Cà Mau", "Cà Mau"),
        ("BAN CHẤP HÀNH TRUNG ƯƠNG\nVĂN PHÒNG\n*\nSố 07-TB/VPTW", "Văn phòng Trung ương Đảng", ""),
        ("VĂN PHÒNG TRUNG ƯƠNG ĐẢNG\n*\nSố 07-TB/VPTW", "Văn phòng Trung ương Đảng", ""),
        ("BAN CHẤP HÀNH TRUNG ƯƠNG\nBAN NỘI CHÍNH\n*\nSố 07-TB/BNCTW", "Ban Nội chính Trung ương", ""),
        ("ĐẢNG BỘ TỈNH LÂM ĐỒNG\nĐẢNG ỦY ĐẶC KHU PHÚ QUÝ\n*\nSố 07-TB/ĐU", "Đảng ủy đặc khu Phú Quý", "Lâm Đồng"),
        (
            "ĐẢNG BỘ TỈNH QUẢNG NINH\nĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH\n*\nSố 07-TB/ĐU",
            "Đảng ủy Khối các cơ quan tỉnh Quảng Ninh",  # of which province: the parent names it
            "Quảng Ninh",
        ),
    ],
)
def test_issuers_named_as_prose_names_them(header, issuer, province):
    text = f"{header}\nĐẢNG CỘNG SẢN VIỆT NAM\nHà Nội, ngày 03 tháng 02 năm 2026\n\nTHÔNG BÁO\nvề kết quả kiểm tra\n\n{BODY}"
    doc = parse_document(text, "tb07")
    assert (doc.issuer, doc.province, doc.number[:6]) == (issuer, province, "07-TB/")


@pytest.mark.parametrize("header", ["BAN CHẤP HÀNH TRUNG ƯƠNG\n*\nSố 80-KL/TW\n", ""])
def test_the_politburo_signing_for_itself_is_the_issuer(header):
    text = f"{header}\nKẾT LUẬN\nvề phát triển năng lượng tái tạo\n\n{BODY}\nT/M BỘ CHÍNH TRỊ\n\nLê Văn Thành\n"
    doc = parse_document(text, "kl80")
    assert (doc.issuer, doc.authority, doc.signer) == ("Bộ Chính trị", "T/M BỘ CHÍNH TRỊ", "Lê Văn Thành")


def test_an_authority_whose_capitals_a_legacy_font_lost_is_written_as_prose():
    # TCVN3 text typed in a capitals font converts with some letters small ("T/M TỈNH ủY").
    doc = parse_document(f"{BODY}\nT/M TỈNH ủY\nBÍ THƯ\n\nNguyễn Văn Hùng\n", "tcvn3")
    assert (doc.authority, doc.signer_title, doc.signer) == ("T/M Tỉnh ủy", "Bí thư", "Nguyễn Văn Hùng")
    assert doc.issuer == "Tỉnh ủy"


@pytest.mark.parametrize(
    "addressees",
    [
        "Kính gửi: Ban Thường vụ Tỉnh ủy;\nKính gửi: Ban Tổ chức Tỉnh ủy.\n",
        "Kính gửi:\n- Ban Thường vụ Tỉnh ủy;\n- Ban Tổ chức Tỉnh ủy.\n",
        "Kính gửi: Ban Thường vụ Tỉnh ủy\nKính gửi: Ban Tổ chức Tỉnh ủy\n",
    ],
)
def test_every_addressee_is_kept_and_the_body_starts_after_them(addressees):
    header = (
        "ĐẢNG BỘ TỈNH NINH THUẬN\nĐẢNG ỦY XÃ PHƯỚC NAM\n*\nSố 12-CV/ĐU\nV/v báo cáo kết quả học tập nghị quyết\n"
        "ĐẢNG CỘNG SẢN VIỆT NAM\nPhước Nam, ngày 03 tháng 02 năm 2026\n" + addressees
    )
    _, doc = _doc(header, title="")
    # the addressees first, then the others "Nơi nhận" lists (CLOSING: two, and its "Lưu" item)
    assert doc.recipients == [
        "Ban Thường vụ Tỉnh ủy",
        "Ban Tổ chức Tỉnh ủy",
        "Ban Bí thư Trung ương Đảng",
        "Các đồng chí Tỉnh ủy viên",
    ]
    assert (doc.doc_type, doc.title) == ("Công văn", "Công văn về việc báo cáo kết quả học tập nghị quyết")
    assert_body_clean(doc)


def test_a_heading_cites_and_a_verb_governs_only_its_own_object():
    body = (
        "Ban Thường vụ Tỉnh ủy đánh giá kết quả sau 5 năm như sau.\n\n"
        "I. Tình hình thực hiện Nghị quyết số 23-NQ/TW\n\n"
        "Các cấp ủy đã quán triệt đầy đủ, kịp thời; gắn việc thực hiện Kết luận với Quy định số 37-QĐ/TW"
        " của Bộ Chính trị về các điều đảng viên không được làm.\n\n"
        "II. NHIỆM VỤ\n\nTiếp tục thực hiện có hiệu quả Kết luận số 75-KL/TW; sửa đổi, bổ sung một số điều của"
        " Quy định số 08-QĐi/TU về phân cấp quản lý cán bộ.\n"
    )
    _, doc = _doc(HEADERS["left then right"], body=body)
    cites = {c["number"]: c["relation"] for c in doc.cites}
    assert cites == {"23-NQ/TW": "implements", "37-QĐ/TW": "cites", "75-KL/TW": "continues", "08-QĐi/TU": "amends"}
    under = next(c for c in doc.chunks if "37-QĐ/TW" in c.text)
    assert under.section == "I. Tình hình thực hiện Nghị quyết số 23-NQ/TW"  # cited by the heading alone
    assert all("23-NQ/TW" not in c.text for c in doc.chunks)


def test_marks_are_in_the_documents_own_searchable_line():
    from indexer.index import document_hit

    header = HEADERS["left then right"].replace("MẬT\n", "MẬT\nHỎA TỐC\n")
    _, doc = _doc(header)
    assert doc.marks == ["MẬT", "HỎA TỐC"]
    line = document_hit.describe(doc)
    assert line.startswith("Nghị quyết số 99-NQ/TU — MẬT HỎA TỐC — Nghị quyết về phát triển năng lượng")
    assert document_hit.fields(doc)["text"] == line


def test_a_signature_before_an_attached_programme_is_metadata_and_the_programme_is_body():
    appendix = (
        "\nCHƯƠNG TRÌNH HÀNH ĐỘNG\n\nI. NHIỆM VỤ TRỌNG TÂM\n\n"
        "1. Hoàn thành quy hoạch điện gió ngoài khơi trong năm 2025.\n\n"
        "2. Thu hút ít nhất hai dự án hydro xanh trước năm 2027.\n\n"
        "3. Sở Công Thương chủ trì theo dõi, đôn đốc việc thực hiện.\n"
    )
    _, doc = _doc(HEADERS["left then right"], closing=CLOSING + appendix)
    assert (doc.authority, doc.signer_title, doc.signer) == (
        "T/M BAN THƯỜNG VỤ",
        "Phó Bí thư thường trực",
        "Nguyễn Văn Hùng",
    )
    assert doc.recipients == EXPECTED["recipients"]
    body = [c.text for c in doc.chunks if c.kind == "body"]
    assert body[-3:] == [
        "1. Hoàn thành quy hoạch điện gió ngoài khơi trong năm 2025.",
        "2. Thu hút ít nhất hai dự án hydro xanh trước năm 2027.",
        "3. Sở Công Thương chủ trì theo dõi, đôn đốc việc thực hiện.",
    ]
    assert not any(re.search(r"Nơi nhận|T/M|Nguyễn Văn Hùng|Lưu Văn phòng", t) for t in body)


def test_two_signatures_side_by_side_give_the_issuer_s_and_recipients_after_them_are_no_signer():
    # A joint document: the signature of the body the header names (the presiding one, 05-HD
    # 2.1.5) is the document's; the recipients, read after the signatures here, hold a
    # name-like line ("Sở Công Thương").
    closing = (
        "T/M BAN THƯỜNG VỤ TỈNH ỦY        T/M BAN CÁN SỰ ĐẢNG UBND TỈNH\n"
        "PHÓ BÍ THƯ THƯỜNG TRỰC           BÍ THƯ\n"
        "Nguyễn Văn Hùng\n"
        "Trần Quốc Bảo\n\n"
        "Nơi nhận:\n- Ban Bí thư Trung ương Đảng,\n- Sở Công Thương\n- Lưu Văn phòng Tỉnh ủy.\n"
    )
    _, doc = _doc(HEADERS["left then right"], closing=closing)
    assert (doc.authority, doc.signer_title, doc.signer) == (
        "T/M BAN THƯỜNG VỤ TỈNH ỦY",
        "Phó Bí thư thường trực",
        "Nguyễn Văn Hùng",
    )
    assert doc.issuer == "Tỉnh ủy Ninh Thuận"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # objects joined by "và" or a comma share their verb, whatever stands between them
        (
            "Thực hiện Nghị quyết số 57-NQ/TW, ngày 22/12/2024 của Bộ Chính trị và Kết luận số 83-KL/TW.",
            {"57-NQ/TW": "implements", "83-KL/TW": "implements"},
        ),
        (
            "Nghị quyết này thực hiện Nghị quyết Đại hội Đảng bộ xã lần thứ I và Nghị quyết số 05-NQ/TU.",
            {"05-NQ/TU": "implements"},
        ),
        # "Thông báo kết luận" is one type, not a second object
        ("Kết luận này tiếp tục thực hiện Thông báo kết luận số 180-TB/TU.", {"180-TB/TU": "continues"}),
        # a new clause, a preposition or another verb: the verb governs no further
        (
            "Thực hiện Nghị quyết số 57-NQ/TW, Ban Thường vụ Tỉnh ủy ban hành Kế hoạch số 12-KH/TU.",
            {"57-NQ/TW": "implements", "12-KH/TU": "cites"},
        ),
        ("Gắn việc thực hiện Kết luận với Quy định số 37-QĐ/TW.", {"37-QĐ/TW": "cites"}),
        # a verb inside a cited document's subject ("về …") is that document's, not this one's
        (
            "Thực hiện Kết luận số 135-KL/TW, ngày 24/3/2025 của Ban Bí thư về tiếp tục thực hiện Chỉ thị"
            " số 09-CT/TW về phong trào toàn dân bảo vệ an ninh Tổ quốc, Ban Thường vụ ban hành Kế hoạch.",
            {"135-KL/TW": "implements", "09-CT/TW": "cites"},
        ),
        # ... but this document's own subject says what it does
        ("Chương trình hành động về tiếp tục thực hiện Nghị quyết số 19-NQ/TW.", {"19-NQ/TW": "continues"}),
        # the National Assembly's codes (number/year/QH + term), and an issuer's term before "và"
        (
            "Thực hiện Nghị quyết số 05-NQ/TW, ngày 09/02/2026 của Ban Chấp hành Trung ương Đảng khóa XIV và"
            " Nghị quyết số 222/2025/QH15, ngày 27/6/2025 của Quốc hội về Trung tâm tài chính quốc tế.",
            {"05-NQ/TW": "implements", "222/2025/QH15": "implements"},
        ),
        (
            "Căn cứ Luật Đất đai số 31/2024/QH15 và Nghị quyết số 35/2023/UBTVQH15.",
            {"31/2024/QH15": "cites", "35/2023/UBTVQH15": "cites"},
        ),
    ],
)
def test_a_relation_verb_governs_every_object_it_joins(text, expected):
    from indexer.corpus.references import citations

    assert {c.number: c.relation for c in citations(text)} == expected


def test_a_title_line_beginning_with_cua_after_the_subject_goes_on_with_the_title():
    # "CỦA BAN CHẤP HÀNH …" under the type line names the issuer; "của các tổ chức đảng …"
    # after "về …" is the subject going on.
    title = (
        "QUY ĐỊNH\nvề công tác kiểm tra, giám sát và thi hành kỷ luật đảng\ncủa các tổ chức đảng trong Đảng bộ tỉnh\n"
    )
    _, doc = _doc(HEADERS["left then right"], title=title)
    assert doc.title == (
        "Quy định về công tác kiểm tra, giám sát và thi hành kỷ luật đảng của các tổ chức đảng trong Đảng bộ tỉnh"
    )


def test_a_letter_s_recipients_are_its_addressees_and_the_others_it_is_sent_to():
    # "Nơi nhận: - Như trên" means the addressees above; the other items are sent a copy.
    header = (
        "TỈNH ỦY KHÁNH HÒA\nVĂN PHÒNG\n*\nSố 2449-CV/VPTU\nV/v chuẩn bị nội dung họp báo\n"
        "ĐẢNG CỘNG SẢN VIỆT NAM\nKhánh Hòa, ngày 20 tháng 9 năm 2025\n"
        "Kính gửi:\n- Ban Tuyên giáo và Dân vận Tỉnh ủy;\n- Sở Văn hóa, Thể thao và Du lịch.\n"
    )
    closing = (
        "Nơi nhận:\n- Như trên,\n- Thường trực Tỉnh ủy (để báo cáo),\n- Lưu Văn phòng Tỉnh ủy.\n\n"
        "T/L BAN THƯỜNG VỤ\nPHÓ CHÁNH VĂN PHÒNG\n\nPhạm Minh Tuấn\n"
    )
    _, doc = _doc(header, title="", closing=closing)
    assert doc.recipients == [
        "Ban Tuyên giáo và Dân vận Tỉnh ủy",
        "Sở Văn hóa, Thể thao và Du lịch",
        "Thường trực Tỉnh ủy (để báo cáo)",
    ]


@pytest.mark.parametrize(
    ("printed", "named"),
    [
        ("BAN TUYÊN GIÁO VÀ DÂN VẬN\nTỈNH ỦY LÀO CAI", "Ban Tuyên giáo và Dân vận Tỉnh ủy Lào Cai"),
        ("TỈNH ỦY LÀO CAI\nBAN TỔ CHỨC", "Ban Tổ chức Tỉnh ủy Lào Cai"),
    ],
)
def test_an_organ_merged_from_two_keeps_both_capitals(printed, named):
    header = f"{printed}\n*\nSố 15-BC/BTGDVTU\nĐẢNG CỘNG SẢN VIỆT NAM\nLào Cai, ngày 02 tháng 10 năm 2025\n"
    _, doc = _doc(header)
    assert doc.issuer == named


def test_a_markdown_type_heading_takes_its_subject_from_the_bold_line_under_it():
    text = (
        "**TỈNH ỦY GIA LAI**\n\n**\\***\n\nSố 45-KH/TU\n\n**ĐẢNG CỘNG SẢN VIỆT NAM**\n\n"
        "*Gia Lai, ngày 28 tháng 02 năm 2025*\n\n## KẾ HOẠCH\n\n"
        "**thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị về chuyển đổi số**\n\n-----\n\n"
        "Ban Thường vụ Tỉnh ủy xây dựng Kế hoạch thực hiện như sau:\n\n"
        "### I. MỤC ĐÍCH, YÊU CẦU\n\n1. Quán triệt sâu sắc quan điểm, mục tiêu của Nghị quyết.\n"
    )
    doc = parse_document(text, "kh-md")
    assert (doc.doc_type, doc.number, doc.title) == (
        "Kế hoạch",
        "45-KH/TU",
        "Kế hoạch thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị về chuyển đổi số",
    )
    assert next(c.text[:22] for c in doc.chunks if c.kind == "body") == "Ban Thường vụ Tỉnh ủy "


def test_a_joint_number_a_congress_and_its_presidium():
    header = (
        "ĐẠI HỘI ĐẠI BIỂU\nĐẢNG BỘ TỈNH NGHỆ AN LẦN THỨ XX\n*\nSố 02-QC/UBKTTU-TTr\n"
        "ĐẢNG CỘNG SẢN VIỆT NAM\nNghệ An, ngày 16 tháng 10 năm 2025\n"
    )
    _, doc = _doc(header, closing="T/M ĐOÀN CHỦ TỊCH\n\nNguyễn Đức Trung\n")
    assert (doc.number, doc.issuer) == ("02-QC/UBKTTU-TTr", "Đại hội đại biểu Đảng bộ tỉnh Nghệ An lần thứ XX")
    assert (doc.authority, doc.signer_title, doc.signer) == ("T/M ĐOÀN CHỦ TỊCH", "", "Nguyễn Đức Trung")


def test_a_submission_s_kinh_trinh_is_its_addressee_and_a_relation_carries_past_a_subject():
    header = (
        "ĐẢNG BỘ TỈNH QUẢNG NGÃI\nĐẢNG ỦY ỦY BAN NHÂN DÂN TỈNH\n*\nSố 86-TTr/ĐU\n"
        "ĐẢNG CỘNG SẢN VIỆT NAM\nQuảng Ngãi, ngày 17 tháng 7 năm 2025\n"
    )
    title = "TỜ TRÌNH\nvề chủ trương đầu tư dự án đường cao tốc\n\nKính trình: Ban Thường vụ Tỉnh ủy.\n"
    body = (
        "Thực hiện Nghị quyết số 26-NQ/TW, ngày 03/11/2022 của Bộ Chính trị về phát triển vùng Bắc Trung Bộ"
        " đến năm 2030, tầm nhìn đến năm 2045 và Kết luận số 81-KL/TU, ngày 02/6/2025 của Ban Thường vụ"
        " Tỉnh ủy, Đảng ủy kính trình Ban Thường vụ Tỉnh ủy cho ý kiến như sau:\n\n"
        "1. Tuyến cao tốc rút ngắn thời gian vận chuyển hàng hóa từ Tây Nguyên ra biển.\n"
    )
    _, doc = _doc(header, title=title, body=body)
    assert doc.recipients[0] == "Ban Thường vụ Tỉnh ủy"
    assert next(c.text for c in doc.chunks if c.kind == "body").startswith("Thực hiện Nghị quyết số 26-NQ/TW")
    assert {c["number"]: c["relation"] for c in doc.cites} == {"26-NQ/TW": "implements", "81-KL/TU": "implements"}


def test_of_two_signatures_the_presiding_body_s_is_read_and_an_ede_name_is_whole():
    # A joint rule of the Inspection Committee and the provincial Inspectorate, signed in a
    # two-cell table: the deputy chief inspector on the left, the presiding committee (named
    # first in the header) on the right, as 05-HD 7.1.4 places it.
    header = (
        "ỦY BAN KIỂM TRA TỈNH ỦY ĐẮK LẮK - THANH TRA TỈNH ĐẮK LẮK\n*\nSố 02-QC/UBKTTU-TTr\n"
        "ĐẢNG CỘNG SẢN VIỆT NAM\nĐắk Lắk, ngày 15 tháng 5 năm 2025\n"
    )
    closing = (
        "K/T CHÁNH THANH TRA\nPHÓ CHÁNH THANH TRA\nPhạm Văn Long\n\n"
        "T/M ỦY BAN KIỂM TRA\nCHỦ NHIỆM\nY Biêr Niê\n\n"
        "Nơi nhận:\n- Thường trực Tỉnh ủy (b/c);\n- Lưu UBKT, TTr.\n"
    )
    _, doc = _doc(header, title="QUY CHẾ\nphối hợp kiểm tra, thanh tra\n", closing=closing)
    assert (doc.authority, doc.signer_title, doc.signer) == ("T/M ỦY BAN KIỂM TRA", "Chủ nhiệm", "Y Biêr Niê")
    assert doc.number == "02-QC/UBKTTU-TTr"


@pytest.mark.parametrize(
    ("printed", "named"),
    [
        ("ĐẢNG BỘ TỈNH QUẢNG NGÃI\nĐẢNG ỦY ỦY BAN NHÂN DÂN TỈNH", "Đảng ủy Ủy ban nhân dân tỉnh Quảng Ngãi"),
        ("ĐẢNG ĐOÀN ỦY BAN MẶT TRẬN TỔ QUỐC TỈNH HÀ TĨNH", "Đảng đoàn Ủy ban Mặt trận Tổ quốc tỉnh Hà Tĩnh"),
        (
            "ỦY BAN KIỂM TRA TỈNH ỦY ĐẮK LẮK - THANH TRA TỈNH ĐẮK LẮK",
            "Ủy ban Kiểm tra Tỉnh ủy Đắk Lắk - Thanh tra tỉnh Đắk Lắk",
        ),
        ("ĐẢNG BỘ TỈNH ĐỒNG NAI\nĐẢNG ỦY CÔNG AN TỈNH", "Đảng ủy Công an tỉnh Đồng Nai"),
        ("ĐẢNG BỘ TỈNH NGHỆ AN\nĐẢNG ỦY QUÂN SỰ TỈNH", "Đảng ủy Quân sự tỉnh Nghệ An"),
        ("ĐẢNG BỘ TỈNH QUẢNG TRỊ\nĐẢNG ỦY BỘ ĐỘI BIÊN PHÒNG TỈNH", "Đảng ủy Bộ đội Biên phòng tỉnh Quảng Trị"),
    ],
)
def test_party_organs_of_state_bodies_and_joint_bodies_are_named_as_prose_names_them(printed, named):
    place = named.rsplit("tỉnh ", 1)[-1]
    header = f"{printed}\n*\nSố 86-TTr/ĐU\nĐẢNG CỘNG SẢN VIỆT NAM\n{place}, ngày 17 tháng 7 năm 2025\n"
    _, doc = _doc(header)
    assert doc.issuer == named


@pytest.mark.parametrize("rule", ["-----", "---------------", "_____"])
def test_a_subject_wrapped_before_capitalised_names_runs_to_the_rule_under_it(rule):
    # 05-HD 5.2: the trích yếu is closed by a rule of hyphens. A subject naming "Ban Chấp hành
    # Trung ương Đảng khóa XIV" or "Trung tâm Tài chính Quốc tế" may wrap before any of those
    # capitals; every line down to the rule is still the title, and the body starts under it.
    title = (
        "CHƯƠNG TRÌNH HÀNH ĐỘNG\nthực hiện Nghị quyết Hội nghị lần thứ hai Ban Chấp hành Trung ương\n"
        "Đảng khóa XIV về phát triển Khu thương mại tự do và Trung tâm Tài chính\n"
        f"Quốc tế tại Việt Nam đến năm 2035\n{rule}\n"
    )
    _, doc = _doc(HEADERS["left then right"], title=title)
    assert doc.title == (
        "Chương trình hành động thực hiện Nghị quyết Hội nghị lần thứ hai Ban Chấp hành Trung ương Đảng"
        " khóa XIV về phát triển Khu thương mại tự do và Trung tâm Tài chính Quốc tế tại Việt Nam đến năm 2035"
    )
    body = [c.text for c in doc.chunks if c.kind == "body"]
    assert body[0].startswith("Thực hiện Nghị quyết số 55-NQ/TW")
    assert not any("Quốc tế tại Việt Nam" in t or "Đảng khóa XIV" in t for t in body)


def test_a_subject_s_capitalised_line_without_a_rule_under_it_is_not_taken():
    # Without the closing rule nothing says where the subject ends: a capitalised line is body.
    title = "NGHỊ QUYẾT\nvề phát triển năng lượng tái tạo trên địa bàn tỉnh\n"
    body = "Tỉnh có tiềm năng điện gió lớn nhất cả nước\nvà số giờ nắng cao.\n\n" + BODY
    _, doc = _doc(HEADERS["left then right"], title=title, body=body)
    assert doc.title == "Nghị quyết về phát triển năng lượng tái tạo trên địa bàn tỉnh"
    assert next(c.text for c in doc.chunks if c.kind == "body").startswith("Tỉnh có tiềm năng")


def test_a_long_recipients_column_beside_the_signature_keeps_wrapped_items_and_the_name():
    # pdftotext -layout: the Nơi nhận list on the left, the signature on the right, sharing lines.
    # An item wrapped in its narrow column (no ";" or "," at its end) goes on in the next line;
    # the name standing beside an item is the signer's, not part of the item.
    closing = (
        "Nơi nhận:                                                        T/M BAN THƯỜNG VỤ\n"
        "- Ban Bí thư Trung ương Đảng (để báo cáo),                              BÍ THƯ\n"
        "- Các đồng chí Tỉnh ủy viên,\n"
        "- Đảng ủy Ủy ban nhân dân tỉnh, Đảng ủy\n"
        "  Hội đồng nhân dân tỉnh,\n"
        "- Các đảng ủy xã, phường, đặc khu trực thuộc,                      Nguyễn Văn Hùng\n"
        "- Báo và Phát thanh, Truyền hình Ninh Thuận,\n"
        "- Lưu Văn phòng Tỉnh ủy.\n"
    )
    _, doc = _doc(HEADERS["side by side"], closing=closing)
    assert (doc.authority, doc.signer_title, doc.signer) == ("T/M BAN THƯỜNG VỤ", "Bí thư", "Nguyễn Văn Hùng")
    assert doc.recipients == [
        "Ban Bí thư Trung ương Đảng (để báo cáo)",
        "Các đồng chí Tỉnh ủy viên",
        "Đảng ủy Ủy ban nhân dân tỉnh, Đảng ủy Hội đồng nhân dân tỉnh",
        "Các đảng ủy xã, phường, đặc khu trực thuộc",
        "Báo và Phát thanh, Truyền hình Ninh Thuận",
    ]


def test_an_ocr_scan_of_an_inspection_committee_s_guide_reads_through_lost_accents():
    # OCR of a two-page scan: header rows merged, accents of the standard's words lost
    # ("TINH", "KIÊM TRA", "CHU NHIỆM"), a heading run onto the end of the sentence before it,
    # and page 2's running header (file code and page number) once only.
    text = (
        "TINH ỦY QUẢNG TRỊ ĐẢNG CỘNG SÁN VIỆT NAM\nỦY BAN KIÊM TRA\n*+ Quảng Trị, ngày 08 tháng 01 năm 2026\n"
        "Số 03-HD/UBKTTU\nHƯỚNG DẪN\nkiểm tra việc kê khai tài sản, thu nhập năm 2026\n-----\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n"
        "1. Phát hiện kịp thời các trường hợp kê khai không trung thực.\n"
        "2. Việc kiểm tra phải khách quan, đúng quy trình. II. NỘI DUNG\n"
        "1. Đối tượng: cán bộ thuộc diện Ban Thường vụ Tỉnh ủy quản lý; mỗi đảng ủy lựa chọn\n"
        "UBKT-HD03 2026 2\n"
        "ít nhất 10% số người có nghĩa vụ kê khai để xác minh.\n"
        "2. Thời gian: hoàn thành trước ngày 30/6/2026.\n"
        "T/M ỦY BAN KIÊM TRA\nCHU NHIỆM\nLê Quang Chiến\n"
        "Nơi nhận:\n- Thường trực Tỉnh ủy (b/c),\n- Lưu UBKT.\n"
    )
    doc = parse_document(text, "hd03")
    assert (doc.issuer, doc.province, doc.number) == ("Ủy ban Kiểm tra Tỉnh ủy Quảng Trị", "Quảng Trị", "03-HD/UBKTTU")
    assert (doc.authority, doc.signer_title, doc.signer) == ("T/M ỦY BAN KIỂM TRA", "Chủ nhiệm", "Lê Quang Chiến")
    assert [(c.section, c.text[:14]) for c in doc.chunks if c.kind == "body"] == [
        ("I. MỤC ĐÍCH, YÊU CẦU", "1. Phát hiện k"),
        ("I. MỤC ĐÍCH, YÊU CẦU", "2. Việc kiểm t"),
        ("II. NỘI DUNG", "1. Đối tượng: "),
        ("II. NỘI DUNG", "2. Thời gian: "),
    ]
    assert doc.chunks[2].text.endswith("lựa chọn ít nhất 10% số người có nghĩa vụ kê khai để xác minh.")


@pytest.mark.parametrize(
    "header",
    [
        # a signed PDF's text layer: the stamp's name and time, then the two columns line by line
        "ĐẢNG ỦY CÁC CƠ QUAN ĐẢNG TRUNG ƯƠNG\nĐẢNG ỦY CÁC CƠ QUAN ĐẢNG TRUNG ƯƠNG\n10-04-2026 16:21:05 +07:00\n"
        "ĐẢNG ỦY CÁC CƠ QUAN ĐẢNG\nĐẢNG CỘNG SẢN VIỆT NAM\nTRUNG ƯƠNG\n*\nHà Nội, ngày 10 tháng 4 năm 2026\nSố 12-NQ/ĐU\n",
        "ĐẢNG ỦY CÁC CƠ QUAN ĐẢNG        ĐẢNG CỘNG SẢN VIỆT NAM\n     TRUNG ƯƠNG\n         *\n"
        "   Số 12-NQ/ĐU              Hà Nội, ngày 10 tháng 4 năm 2026\n",
    ],
)
def test_a_body_s_name_wrapped_in_its_column_is_one_name(header):
    # 05-HD 2.1: each line of the issuer's block names a body; "TRUNG ƯƠNG" alone names none,
    # it is the wrapped end of the line above, whatever stands between them in the text.
    _, doc = _doc(header)
    assert (doc.issuer, doc.province, doc.number, doc.place) == (
        "Đảng ủy các cơ quan Đảng Trung ương",
        "",
        "12-NQ/ĐU",
        "Hà Nội",
    )


@pytest.mark.parametrize(
    ("header", "date"),
    [
        # E8 of ../shared/party-documents.md: a web table rendition, each cell's words wrapped
        (
            "BAN CHẤP HÀNH\nTRUNG ƯƠNG |\nĐẢNG CỘNG SẢN\nVIỆT NAM |\n|\nSố 379-QĐ/TW |\n"
            "Hà Nội, ngày 22 tháng 10 năm 2025 |\n",
            "2025-10-22",
        ),
        # E13: a blog's table cut the party title ("VIỆT") and wrapped the date after "tháng"
        (
            "ĐẢNG CỘNG SẢN\nVIỆT\nBAN CHẤP HÀNH TRUNG ƯƠNG\n-------------------------\nSố: 379-QĐ/TW\n|\n"
            "Hà Nội, ngày 01 tháng\n10 năm 1997\n",
            "1997-10-01",
        ),
    ],
)
def test_a_central_header_wrapped_in_narrow_table_cells(header, date):
    title = "QUY ĐỊNH\nvề giao dịch điện tử trong hoạt động của tổ chức đảng\n-----\n"
    _, doc = _doc(
        header, title=title, body="Bộ Chính trị quy định như sau.\n", closing="T/M BỘ CHÍNH TRỊ\n\nTrần Cẩm Tú\n"
    )
    assert (doc.issuer, doc.number, doc.date, doc.place) == ("Bộ Chính trị", "379-QĐ/TW", date, "Hà Nội")
    assert doc.title == "Quy định về giao dịch điện tử trong hoạt động của tổ chức đảng"
    assert [c.text for c in doc.chunks if c.kind == "body"] == ["Bộ Chính trị quy định như sau."]


def test_a_district_office_s_letter_keeps_its_head_s_title_and_a_level_only_committee_takes_its_name():
    # E11 of ../shared/party-documents.md: "THỦ TRƯỞNG" (head of an agency) is no OCR-damaged
    # "THỨ TRƯỞNG" (a state deputy minister): two titles that differ only in accents stay as read.
    header = (
        "HUYỆN ỦY CÔ TÔ\nCƠ QUAN TỔ CHỨC – NỘI VỤ\n\nSố 29-CV/TC-NV\nV/v báo cáo lịch Đại hội chi, đảng bộ cơ sở\n\n"
        "ĐẢNG CỘNG SẢN VIỆT NAM\nCô Tô, ngày 16 tháng 3 năm 2020\n\nKính gửi: Các chi, đảng bộ cơ sở\n"
    )
    closing = "K/T THỦ TRƯỞNG\nPHÓ THỦ TRƯỞNG\n\nTrương Thị Phương\n"
    _, doc = _doc(header, title="", body="Đề nghị các chi, đảng bộ báo cáo lịch đại hội.\n", closing=closing)
    assert (doc.authority, doc.signer_title, doc.signer) == ("K/T THỦ TRƯỞNG", "Phó thủ trưởng", "Trương Thị Phương")
    # E12: "ĐẢNG BỘ PHƯỜNG CẦU ÔNG LÃNH" / "ĐẢNG ỦY PHƯỜNG": the committee of the ward named above
    header = (
        "ĐẢNG BỘ PHƯỜNG CẦU ÔNG LÃNH\nĐẢNG ỦY PHƯỜNG\n*\nSố 299-CV/ĐU\nVề việc tham gia lớp bồi dưỡng\n"
        "Kính gửi: Ban Giám đốc Trung tâm Chính trị phường Cầu Ông Lãnh.\n"
        "ĐẢNG CỘNG SẢN VIỆT NAM\nPhường Cầu Ông Lãnh, ngày 05 tháng 3 năm 2026\n"
    )
    _, doc = _doc(header, title="", body="Đảng ủy phường đề nghị Trung tâm mở lớp bồi dưỡng.\n")
    assert (doc.issuer, doc.number) == ("Đảng ủy phường Cầu Ông Lãnh", "299-CV/ĐU")


@pytest.mark.parametrize(
    ("printed", "named", "province"),
    [
        # E9 of ../shared/party-documents.md: the central committee and its office on one line
        ("BAN CHẤP HÀNH TRUNG ƯƠNG VĂN PHÒNG", "Văn phòng Trung ương Đảng", ""),
        ("TỈNH ỦY LAI CHÂU BAN TỔ CHỨC", "Ban Tổ chức Tỉnh ủy Lai Châu", "Lai Châu"),
        ("TỈNH ỦY CAO BẰNG ỦY BAN KIỂM TRA", "Ủy ban Kiểm tra Tỉnh ủy Cao Bằng", "Cao Bằng"),
        # "BIÊN BAN" inside it is no damaged type word "BIÊN BẢN"
        ("TỈNH ỦY ĐIỆN BIÊN BAN TỔ CHỨC", "Ban Tổ chức Tỉnh ủy Điện Biên", "Điện Biên"),
        # a party committee of a state body is no committee and organ
        ("ĐẢNG ỦY ỦY BAN NHÂN DÂN TỈNH", "Đảng ủy Ủy ban nhân dân tỉnh", ""),
    ],
)
def test_a_committee_and_its_organ_on_one_line_are_named_as_prose_names_them(printed, named, province):
    header = f"{printed}\n*\nSố 36-HD/VPTW\nĐẢNG CỘNG SẢN VIỆT NAM\nHà Nội, ngày 03 tháng 4 năm 2018\n"
    _, doc = _doc(header)
    assert (doc.issuer, doc.province) == (named, province)
