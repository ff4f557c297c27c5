"""Header and signature forms of 05-HD/VPTW the reader must name as prose does, each in a
document written for it (../shared/party-documents.md §1.1, §3.1)."""

from __future__ import annotations

from indexer.corpus import metadata
from indexer.corpus.reader import parse_document

BODY = "Thực hiện Quy định số 296-QĐ/TW, ngày 30/5/2025 của Ban Chấp hành Trung ương, quy định như sau.\n"


def _doc(header: str, title: str, closing: str):
    return parse_document(f"{header}\n{title}\n-----\n\n{BODY}\n{closing}", "t")


def test_an_acting_head_under_t_m_signs_with_q_in_the_title():
    # 05-HD 7.1.4: "Q." marks an acting head; under "T/M ỦY BAN KIỂM TRA" it is the title line.
    doc = _doc(
        "TỈNH ỦY HÀ TĨNH\nỦY BAN KIỂM TRA\n*\nSố 04-QĐi/UBKTTU\nĐẢNG CỘNG SẢN VIỆT NAM\nHà Tĩnh, ngày 06 tháng 02 năm 2026",
        "QUY ĐỊNH\nvề giải quyết tố cáo đối với đảng viên",
        "T/M ỦY BAN KIỂM TRA\nQ. CHỦ NHIỆM\n\nLê Văn Hòa\n",
    )
    assert (doc.authority, doc.signer_title, doc.signer) == ("T/M ỦY BAN KIỂM TRA", "Q. Chủ nhiệm", "Lê Văn Hòa")


def test_an_acting_head_signing_alone_keeps_q_as_the_authority():
    doc = _doc(
        "TỈNH ỦY HÀ TĨNH\nBAN TỔ CHỨC\n*\nSố 11-HD/BTCTU\nĐẢNG CỘNG SẢN VIỆT NAM\nHà Tĩnh, ngày 06 tháng 02 năm 2026",
        "HƯỚNG DẪN\nvề đánh giá cán bộ",
        "Q. TRƯỞNG BAN\n\nLê Văn Hòa\n",
    )
    assert (doc.authority, doc.signer_title) == ("Q. TRƯỞNG BAN", "Trưởng ban")


def test_a_type_line_with_its_qualifier_and_the_author_line_under_it():
    # 05-HD 5.1.2 / 5.2: "BÁO CÁO CHÍNH TRỊ" is the type's name; "CỦA BAN CHẤP HÀNH …" is its author.
    doc = _doc(
        "ĐẢNG BỘ TỈNH NINH BÌNH\nĐẢNG ỦY XÃ GIA VIỄN\n*\nSố 30-BC/ĐU\nĐẢNG CỘNG SẢN VIỆT NAM\nGia Viễn, ngày 02 tháng 8 năm 2025",
        "BÁO CÁO CHÍNH TRỊ\nCỦA BAN CHẤP HÀNH ĐẢNG BỘ XÃ GIA VIỄN LẦN THỨ I\ntrình Đại hội đại biểu Đảng bộ xã lần thứ I",
        "T/M BAN CHẤP HÀNH\nBÍ THƯ\n\nĐinh Văn Tùng\n",
    )
    assert doc.doc_type == "Báo cáo"
    assert doc.title == "Báo cáo chính trị trình Đại hội đại biểu Đảng bộ xã lần thứ I"
    assert doc.issuer == "Đảng ủy xã Gia Viễn" and doc.province == "Ninh Bình"


def test_a_committee_in_a_ministry_is_central_and_its_name_is_cased_as_prose():
    # 05-HD 2.1.3: "ĐẢNG BỘ BỘ Y TẾ" / "ĐẢNG UỶ CỤC BẢO TRỢ XÃ HỘI"; the ministry sits in Hà Nội,
    # which names no province of its own.
    doc = _doc(
        "ĐẢNG BỘ CHÍNH PHỦ\nĐẢNG ỦY BỘ NGOẠI GIAO\n*\nSố 15-NQ/ĐU\nĐẢNG CỘNG SẢN VIỆT NAM\nHà Nội, ngày 12 tháng 6 năm 2026",
        "NGHỊ QUYẾT\nvề ngoại giao kinh tế",
        "T/M BAN THƯỜNG VỤ\nBÍ THƯ\n\nLê Hoài Trung\n",
    )
    assert (doc.issuer, doc.province, doc.place) == ("Đảng ủy Bộ Ngoại giao", "", "Hà Nội")
    assert metadata.body_name("ĐẢNG ỦY CỤC BẢO TRỢ XÃ HỘI") == "Đảng ủy Cục Bảo trợ xã hội"
    assert metadata.body_name("ĐẢNG BỘ BỘ Y TẾ") == "Đảng bộ Bộ Y tế"
    assert metadata.body_name("ĐẢNG ỦY XÃ HỘI AN") == "Đảng ủy xã Hội An"  # the level, then a commune's name


def test_an_issuing_office_written_as_prose_on_a_web_page_is_read():
    # 05-HD 2.2.1 sets the body's box in capitals; a web page may write it as prose.
    closing = "T/L BAN THƯỜNG VỤ\nCHÁNH VĂN PHÒNG\n\nNguyễn Văn An\n"
    title = "THÔNG BÁO\ný kiến chỉ đạo của Thường trực Tỉnh ủy"
    date = "ĐẢNG CỘNG SẢN VIỆT NAM\nLâm Đồng, ngày 05 tháng 3 năm 2026"
    for box in ("Tỉnh ủy Lâm Đồng\nVăn phòng tỉnh ủy", "TỈNH ỦY LÂM ĐỒNG\nVăn phòng", "Văn phòng tỉnh ủy Lâm Đồng"):
        doc = _doc(f"{box}\n*\nSố 12-TB/VPTU\n{date}", title, closing)
        assert (doc.issuer, doc.province, doc.number) == ("Văn phòng Tỉnh ủy Lâm Đồng", "Lâm Đồng", "12-TB/VPTU"), box
        assert not any("Văn phòng" in c.text for c in doc.chunks if c.kind == "body")


def test_a_city_committee_named_with_its_level_keeps_the_level_in_prose():
    # "THÀNH ỦY THÀNH PHỐ HỒ CHÍ MINH": the city's name begins after "Thành phố", whose second
    # syllable is no name's ("Thành ủy Thành phố Hồ Chí Minh", not "Thành Phố").
    assert metadata.body_name("THÀNH ỦY THÀNH PHỐ HỒ CHÍ MINH") == "Thành ủy Thành phố Hồ Chí Minh"
    assert metadata.body_name("THỊ ỦY THỊ XÃ SƠN TÂY") == "Thị ủy Thị xã Sơn Tây"
    assert metadata.body_name("THÀNH ỦY HUẾ") == "Thành ủy Huế"


def test_a_standing_deputy_s_title_is_written_as_prose():
    # "PHÓ TRƯỞNG BAN THƯỜNG TRỰC": "thường trực" qualifies the title, it names no body.
    doc = _doc(
        "TỈNH ỦY LAI CHÂU\nBAN DÂN VẬN\n*\nSố 40-BC/BDVTU\nĐẢNG CỘNG SẢN VIỆT NAM\nLai Châu, ngày 12 tháng 5 năm 2026",
        "BÁO CÁO\nkết quả công tác dân vận quý I năm 2026",
        "K/T TRƯỞNG BAN\nPHÓ TRƯỞNG BAN THƯỜNG TRỰC\n\nLò Thị Mai\n",
    )
    assert (doc.authority, doc.signer_title, doc.signer) == (
        "K/T TRƯỞNG BAN",
        "Phó trưởng ban thường trực",
        "Lò Thị Mai",
    )
