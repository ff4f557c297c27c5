"""Parts of a party document the standard places around the body: the grounds and the enacting
sentence, an appendix after the signature, a title block glued or flattened onto the header.

Each document is written here for the rule it checks (05-HD/VPTW, ../shared/party-documents.md).
"""

from __future__ import annotations

from indexer.corpus.reader import parse_document

GROUNDS = """ĐẢNG BỘ TỈNH BẮC NINH
ĐẢNG ỦY XÃ TIÊN DU
*
Số 03-QC/ĐU

ĐẢNG CỘNG SẢN VIỆT NAM
Tiên Du, ngày 04 tháng 8 năm 2025

QUY CHẾ
làm việc của Ban Chấp hành Đảng bộ xã khóa I
-----

- Căn cứ Điều lệ Đảng;
- Căn cứ Quy định số 24-QĐ/TW, ngày 30/7/2021 của Ban Chấp hành Trung ương về thi hành Điều lệ Đảng;
- Xét đề nghị của Văn phòng Đảng ủy,

Ban Chấp hành Đảng bộ xã ban hành Quy chế làm việc như sau:

Điều 1. Phạm vi điều chỉnh
Quy chế này quy định chế độ làm việc của Ban Chấp hành, Ban Thường vụ Đảng ủy xã.

T/M BAN CHẤP HÀNH
BÍ THƯ

Đỗ Văn Minh
"""


def _body(text: str) -> list[tuple[str, str]]:
    doc = parse_document(text, "t")
    return [(c.section, c.text) for c in doc.chunks if c.kind == "body"]


def test_the_enacting_sentence_after_the_last_ground_is_a_paragraph_of_its_own():
    # 05-HD 6.2.3: the grounds one a line, each begun with "-"; real documents end the last
    # with a comma, and the enacting sentence under it is no part of that ground.
    body = [t for _, t in _body(GROUNDS)]
    assert body[2] == "- Xét đề nghị của Văn phòng Đảng ủy,"
    assert body[3] == "Ban Chấp hành Đảng bộ xã ban hành Quy chế làm việc như sau:"
    assert body[4].startswith("Điều 1.")


def test_a_ground_wrapped_onto_a_lower_case_line_stays_whole():
    text = GROUNDS.replace(
        "- Xét đề nghị của Văn phòng Đảng ủy,", "- Căn cứ Quy chế làm việc của Đảng ủy xã,\nnhiệm kỳ 2025 - 2030,"
    )
    body = [t for _, t in _body(text)]
    assert body[2] == "- Căn cứ Quy chế làm việc của Đảng ủy xã, nhiệm kỳ 2025 - 2030,"
    assert body[3].startswith("Ban Chấp hành Đảng bộ xã ban hành")


APPENDIX = """TỈNH ỦY LÀO CAI
BAN TỔ CHỨC
*
Số 21-HD/BTCTU

ĐẢNG CỘNG SẢN VIỆT NAM
Lào Cai, ngày 10 tháng 9 năm 2025

HƯỚNG DẪN
đánh giá cán bộ cuối năm
-----

1. Các chi bộ đánh giá cán bộ trước ngày 15 tháng 12.

2. Kết quả gửi về Ban Tổ chức Tỉnh ủy theo mẫu tại Phụ lục 1.

K/T TRƯỞNG BAN
PHÓ TRƯỞNG BAN

Lò Văn Hải

Nơi nhận:
- Thường trực Tỉnh ủy (b/c);
- Các đảng ủy trực thuộc;
- Lưu Ban Tổ chức Tỉnh ủy.

PHỤ LỤC 1
MẪU BÁO CÁO KẾT QUẢ ĐÁNH GIÁ
(Kèm theo Hướng dẫn số 21-HD/BTCTU, ngày 10/9/2025 của Ban Tổ chức Tỉnh ủy)

Báo cáo nêu số cán bộ được đánh giá, xếp loại theo từng mức.

Phụ lục 2
DANH SÁCH CÁN BỘ CHƯA ĐÁNH GIÁ

Ghi rõ lý do chưa đánh giá của từng cán bộ.
"""


def test_an_appendix_after_the_signature_is_body_under_its_heading():
    # 05-HD II-1: appendices follow the document, headed "Phụ lục" and their number.
    doc = parse_document(APPENDIX, "hd21")
    body = [(c.section, c.text) for c in doc.chunks if c.kind == "body"]
    assert [t for _, t in body] == [
        "1. Các chi bộ đánh giá cán bộ trước ngày 15 tháng 12.",
        "2. Kết quả gửi về Ban Tổ chức Tỉnh ủy theo mẫu tại Phụ lục 1.",
        "Báo cáo nêu số cán bộ được đánh giá, xếp loại theo từng mức.",
        "Ghi rõ lý do chưa đánh giá của từng cán bộ.",
    ]
    assert body[2][0].startswith("PHỤ LỤC 1 MẪU BÁO CÁO KẾT QUẢ ĐÁNH GIÁ")
    assert body[2][0].endswith("(Kèm theo Hướng dẫn số 21-HD/BTCTU, ngày 10/9/2025 của Ban Tổ chức Tỉnh ủy)")
    assert body[3][0] == "Phụ lục 2 DANH SÁCH CÁN BỘ CHƯA ĐÁNH GIÁ"
    assert (doc.signer, doc.authority, doc.recipients) == (
        "Lò Văn Hải",
        "K/T TRƯỞNG BAN",
        ["Thường trực Tỉnh ủy (b/c)", "Các đảng ủy trực thuộc"],
    )


GLUED = (
    "TỈNH ỦY YÊN BÁI*Số 88-KL/TUĐẢNG CỘNG SẢN VIỆT NAMYên Bái, ngày 05 tháng 01 năm 2026"
    "KẾT LUẬNHỘI NGHỊ LẦN THỨ HAI BAN CHẤP HÀNH ĐẢNG BỘ TỈNH KHÓA XXIvề nhiệm vụ năm 2026-----\n"
    "Ngày 03/01/2026, Ban Chấp hành Đảng bộ tỉnh họp Hội nghị lần thứ hai và kết luận:\n"
    "1. Tập trung giải ngân vốn đầu tư công ngay từ đầu năm.\n"
    "T/M TỈNH ỦY\nBÍ THƯ\n\nHoàng Thị Lan\n"
)


def test_a_glued_type_line_and_title_block_after_a_glued_header():
    # docx→text with no separators: the type line, the conference line in capitals and the
    # trích yếu in lower case are glued to the header and to each other.
    doc = parse_document(GLUED, "kl88")
    assert doc.doc_type == "Kết luận" and doc.number == "88-KL/TU" and doc.date == "2026-01-05"
    assert doc.title == "Kết luận Hội nghị lần thứ hai Ban Chấp hành Đảng bộ tỉnh khóa XXI về nhiệm vụ năm 2026"
    body = [c.text for c in doc.chunks if c.kind == "body"]
    assert body == [
        "Ngày 03/01/2026, Ban Chấp hành Đảng bộ tỉnh họp Hội nghị lần thứ hai và kết luận:",
        "1. Tập trung giải ngân vốn đầu tư công ngay từ đầu năm.",
    ]


def test_a_flat_line_without_the_rule_ends_the_title_where_the_first_sentence_opens():
    # E9 without its "-----": the trích yếu is a phrase in lower case but for names; a
    # capitalised "Thực hiện" cannot stand inside it, so the body begins there.
    flat = (
        "TỈNH ỦY PHÚ THỌ * Số 15-NQ/TU ĐẢNG CỘNG SẢN VIỆT NAM Phú Thọ, ngày 02 tháng 3 năm 2026"
        " NGHỊ QUYẾT về phát triển du lịch văn hóa Đền Hùng giai đoạn 2026 - 2030"
        " Thực hiện Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XX, Ban Thường vụ Tỉnh ủy quyết nghị phát triển du lịch.\n"
        "T/M BAN THƯỜNG VỤ\nBÍ THƯ\n\nĐặng Xuân Phong\n"
    )
    doc = parse_document(flat, "nq15")
    assert doc.title == "Nghị quyết về phát triển du lịch văn hóa Đền Hùng giai đoạn 2026 - 2030"
    body = [c.text for c in doc.chunks if c.kind == "body"]
    assert body[0].startswith("Thực hiện Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XX")


def _word_with_footnotes(path, body: list[str], notes: dict[int, str]):
    """A .docx whose paragraphs carry real Word footnotes: "{1}" in a paragraph stands for the mark."""
    import zipfile

    from docx import Document as Docx

    d = Docx()
    for text in body:
        d.add_paragraph(text)
    plain = path.with_suffix(".plain.docx")
    d.save(plain)
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    xml = "".join(
        f'<w:footnote w:id="{i}"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {t}</w:t></w:r></w:p>'
        "</w:footnote>"
        for i, t in notes.items()
    )
    separator = '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    with zipfile.ZipFile(plain) as zin, zipfile.ZipFile(path, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.endswith((".xml", ".rels")):
                data = data.decode()
            if item.filename == "word/document.xml":
                for i in notes:
                    ref = f'<w:r><w:footnoteReference w:id="{i}"/></w:r><w:r><w:t xml:space="preserve">'
                    data = data.replace(f"{{{i}}}", "</w:t></w:r>" + ref)
            elif item.filename == "word/_rels/document.xml.rels":
                rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
                data = data.replace(
                    "</Relationships>",
                    f'<Relationship Id="rIdFn" Type="{rel}" Target="footnotes.xml"/></Relationships>',
                )
            elif item.filename == "[Content_Types].xml":
                kind = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
                data = data.replace(
                    "</Types>", f'<Override PartName="/word/footnotes.xml" ContentType="{kind}"/></Types>'
                )
            zout.writestr(item, data)
        zout.writestr("word/footnotes.xml", f'<?xml version="1.0"?><w:footnotes {w}>{separator}{xml}</w:footnotes>')
    plain.unlink()
    return path


def test_word_footnotes_are_read_and_give_a_cited_code_its_date(tmp_path):
    from indexer.corpus.reader import read_document

    path = _word_with_footnotes(
        tmp_path / "nq15.docx",
        [
            "TỈNH ỦY HÀ NAM",
            "*",
            "Số 15-NQ/TU",
            "ĐẢNG CỘNG SẢN VIỆT NAM",
            "Hà Nam, ngày 12 tháng 6 năm 2026",
            "NGHỊ QUYẾT",
            "về hội nhập quốc tế",
            "-----",
            "Thực hiện Nghị quyết số 59-NQ/TW{1} của Bộ Chính trị, Ban Thường vụ Tỉnh ủy quyết nghị tăng cường hội nhập.",
            "T/M BAN THƯỜNG VỤ",
            "BÍ THƯ",
            "Lê Thị Thủy",
        ],
        {1: "Nghị quyết số 59-NQ/TW, ngày 24/01/2025 của Bộ Chính trị về hội nhập quốc tế."},
    )
    doc = read_document(path, tmp_path)
    body = [c for c in doc.chunks if c.kind == "body"]
    notes = [c for c in doc.chunks if c.kind == "footnote"]
    assert [c.text for c in body] == [
        "Thực hiện Nghị quyết số 59-NQ/TW của Bộ Chính trị, Ban Thường vụ Tỉnh ủy quyết nghị tăng cường hội nhập."
    ]
    assert [c.text for c in notes] == ["Nghị quyết số 59-NQ/TW, ngày 24/01/2025 của Bộ Chính trị về hội nhập quốc tế."]
    assert {"number": "59-NQ/TW", "date": "2025-01-24", "relation": "implements"}.items() <= doc.cites[0].items()


NEWS_PAGE = """# Quy định số 88-QĐ/TW của Ban Bí thư về công tác bảo vệ chính trị nội bộ

- **Số hiệu:** 88-QĐ/TW
- **Loại văn bản:** Quy định
- **Cơ quan ban hành:** Ban Bí thư
- **Ngày ban hành:** 5/2/2026
- **Người ký:** Lê Minh Hưng

*(Báo Nhân Dân) - Thay mặt Ban Bí thư, đồng chí Lê Minh Hưng đã ký ban hành Quy định số 88-QĐ/TW. Báo trân trọng giới thiệu toàn văn Quy định.*

- Căn cứ Điều lệ Đảng;
- Xét đề nghị của Ban Tổ chức Trung ương,

Ban Bí thư quy định như sau:

### Chương I

### QUY ĐỊNH CHUNG

**Điều 1. Phạm vi điều chỉnh**

Quy định này quy định về công tác bảo vệ chính trị nội bộ.

**T/M BAN BÍ THƯ**

**Lê Minh Hưng**

**Thẻ:** [Quy định](#) [Ban Bí thư](#)
"""


def test_a_news_page_box_of_facts_lead_and_tags_are_no_body_and_its_facts_are_read():
    # A portal states number, date and signer in a box of its own above the text, a news lead
    # "(Outlet) - …" introduces it, and tags follow it: none of them is the document's text.
    doc = parse_document(NEWS_PAGE, "qd88")
    body = [(c.section, c.text) for c in doc.chunks if c.kind == "body"]
    assert [t for _, t in body][:3] == [
        "- Căn cứ Điều lệ Đảng;",
        "- Xét đề nghị của Ban Tổ chức Trung ương,",
        "Ban Bí thư quy định như sau:",
    ]
    assert body[3] == ("Chương I QUY ĐỊNH CHUNG", "Điều 1. Phạm vi điều chỉnh")
    assert len(body) == 5
    assert (doc.number, doc.date, doc.signer, doc.authority) == (
        "88-QĐ/TW",
        "2026-02-05",
        "Lê Minh Hưng",
        "T/M BAN BÍ THƯ",
    )
    assert doc.recipients == []


def test_ocr_ones_read_back_as_the_roman_numerals_the_sequence_expects():
    # OCR takes "I" for "1" (party-documents.md §1.2): "1- QUAN ĐIỂM", "11- MỤC TIÊU" before "III-";
    # an arabic "1- …" under "I- …" stays arabic.
    text = (
        "Mở đầu nghị quyết.\n1- QUAN ĐIỂM\nPhát triển bền vững.\n11- MỤC TIÊU\nĐến năm 2030 đạt mục tiêu.\n"
        "III- NHIỆM VỤ\n1- GIẢI PHÁP CHUNG\nTập trung nguồn lực.\n"
    )
    sections = [s for s, _ in _body(text)]
    assert sections == ["", "I- QUAN ĐIỂM", "II- MỤC TIÊU", "III- NHIỆM VỤ › 1- GIẢI PHÁP CHUNG"]


def test_a_whole_document_flattened_onto_one_line_gets_its_lines_back():
    # E9 taken to the end: the standard's line starts (khoản "1.", the signature, "Nơi nhận:" and
    # its items) after a sentence's end or a colon; "năm 2030. 2. Xây" cuts, "1.200 ha" never does.
    flat = (
        "TỈNH ỦY PHÚ THỌ * Số 15-NQ/TU ĐẢNG CỘNG SẢN VIỆT NAM Phú Thọ, ngày 02 tháng 3 năm 2026 NGHỊ QUYẾT"
        " về phát triển du lịch văn hóa Đền Hùng giai đoạn 2026 - 2030 Thực hiện Nghị quyết Đại hội Đảng bộ tỉnh"
        " lần thứ XX, Ban Thường vụ Tỉnh ủy quyết nghị: 1. Đến năm 2030, đón 5 triệu lượt khách trên 1.200 ha."
        " 2. Xây dựng khu du lịch quốc gia Đền Hùng; hoàn thành quy hoạch trước năm 2027. 3. Nghị quyết này thay"
        " thế Nghị quyết số 03-NQ/TU, ngày 05/5/2021 của Tỉnh ủy. T/M BAN THƯỜNG VỤ BÍ THƯ Đặng Xuân Phong"
        " Nơi nhận: - Ban Bí thư (để báo cáo); - Các đảng ủy trực thuộc; - Lưu Văn phòng Tỉnh ủy.\n"
    )
    doc = parse_document(flat, "nq15")
    body = [c.text for c in doc.chunks if c.kind == "body"]
    assert [t[:20] for t in body] == [
        "Thực hiện Nghị quyết",
        "1. Đến năm 2030, đón",
        "2. Xây dựng khu du l",
        "3. Nghị quyết này th",
    ]
    assert (doc.authority, doc.signer_title, doc.signer) == ("T/M BAN THƯỜNG VỤ", "Bí thư", "Đặng Xuân Phong")
    assert doc.recipients == ["Ban Bí thư (để báo cáo)", "Các đảng ủy trực thuộc"]
    assert doc.cites[0]["relation"] == "replaces"


def test_a_numbered_sentence_with_a_clause_after_a_semicolon_is_no_heading():
    text = (
        "Ngày 30/01/2026, đồng chí Bí thư làm việc và kết luận như sau:\n\n"
        "1. Yêu cầu hoàn thành nhà xưởng trước ngày 30/4/2026; bảo đảm an toàn lao động.\n\n"
        "Văn phòng Đảng ủy thông báo để các cơ quan biết, thực hiện.\n"
    )
    assert _body(text) == [
        ("", "Ngày 30/01/2026, đồng chí Bí thư làm việc và kết luận như sau:"),
        ("", "1. Yêu cầu hoàn thành nhà xưởng trước ngày 30/4/2026; bảo đảm an toàn lao động."),
        ("", "Văn phòng Đảng ủy thông báo để các cơ quan biết, thực hiện."),
    ]
