"""The reader over the real seeds: whole paragraphs, no debris, footnotes, sections, metadata."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from analyzers.text import fold_text, nfc
from indexer.corpus.reader import decode, parse_document, read_document
from indexer.errors import UnreadableFile

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
BT2021 = "binh-thuan_nq-tu-2021_phat-trien-cong-nghiep"  # seed 000: PDF extraction
HANAM = "ha-nam_nq-tu-2021_cong-nghiep-2021-2025"  # seed 001: markdown
BT2016 = "binh-thuan_08-nq-tu-2016_cong-nghiep-tieu-thu-cong-nghiep"  # seed 002
KHANHHOA = "khanh-hoa_cthd-nq23-tw_chinh-sach-cong-nghiep"  # seed 003
BACGIANG = "bac-giang_nq-tu-2021_phat-trien-cong-nghiep-2021-2030"  # seed 004
SEEDS = [BT2021, HANAM, BT2016, KHANHHOA, BACGIANG]
WORD = re.compile(r"[^\W_]+")


def assert_conserved(raw: str, doc) -> None:
    """Every word of ``raw`` is in exactly one chunk or in the named debris (a word read as
    another, OCR's "11-" as "II-", is noted as such: the file's word for the one in the text)."""
    out = Counter()
    for c in doc.chunks:
        out.update(WORD.findall(c.text))
    for kind, text in doc.debris:
        if kind == "read as":
            found, read = text.split(" ")
            out[found] += 1
            out[read] -= 1
        else:
            out.update(WORD.findall(text))
    assert Counter(WORD.findall(nfc(raw))) == out


@pytest.fixture(scope="module")
def docs():
    return {name: read_document(CORPUS / f"{name}.txt", CORPUS) for name in SEEDS}


def body(doc):
    return [c for c in doc.chunks if c.kind == "body"]


def holding(doc, phrase):
    """The chunks whose text holds ``phrase`` (accent-, case- and space-insensitive)."""
    want = fold_text(phrase).lower()
    return [c for c in doc.chunks if want in re.sub(r"\s+", " ", fold_text(c.text).lower())]


def test_phrases_cut_by_page_breaks_come_out_whole(docs, dev_queries):
    for case in dev_queries["queries"]:
        if case["class"] != "phrase-across-breaks":
            continue
        found = [c for d in docs.values() for c in holding(d, case["needles"][0])]
        assert found, case["needles"][0]


def test_paragraph_joined_across_a_footnote_block(docs):
    # seed 000: "… các cảng cá; phát" / footnote (3) / " triển hệ thống dịch vụ logistics"
    [chunk] = holding(docs[BT2021], "các cảng cá; phát triển hệ thống dịch vụ logistics")
    assert "Nghị định số 51/2021" not in chunk.text
    # seed 002: the ⁽¹⁾ footnote sits between "… cạnh tranh lớn trong" and "Đông Nam bộ"
    assert holding(docs[BT2016], "cạnh tranh lớn trong khu vực Đông Nam bộ") or holding(
        docs[BT2016], "Đông Nam bộ; hệ thống kết cấu hạ tầng còn thiếu và yếu"
    )


def test_no_layout_debris_in_body_text(docs):
    for doc in docs.values():
        for c in doc.chunks:
            assert "NQTU2021" not in c.text
            assert not re.search(r"\*\*|<sup>|</sup>|⁽|⁾|^#|-----", c.text), c.text[:80]
            assert "  " not in c.text


def test_footnotes_are_chunks_that_know_their_paragraph(docs):
    notes = [c for c in docs[BT2021].chunks if c.kind == "footnote"]
    assert [n.label for n in notes] == ["1", "2", "3", "4", "5"]
    first = notes[0]
    assert first.text == "Trừ thương hiệu nước mắm Phan Thiết."
    cited = next(c for c in docs[BT2021].chunks if c.paragraph == first.refers_to)
    assert "có giá trị gia tăng cao. Công nghiệp chế biến titan phát triển chậm" in cited.text
    assert "1" in cited.footnotes and "Trừ thương hiệu" not in cited.text
    assert [n.text for n in docs[HANAM].chunks if n.kind == "footnote"][1].startswith(
        "Ban hành theo Quyết định số 38/2020"
    )
    assert [n.text for n in docs[BT2016].chunks if n.kind == "footnote"] == ["Tính theo phương pháp cũ"]


def test_numbered_targets_are_body_text_not_footnotes(docs):
    doc = docs[BACGIANG]
    assert not [c for c in doc.chunks if c.kind == "footnote"]
    targets = [c for c in body(doc) if re.match(r"^\(\d\) ", c.text)]
    assert [c.text[:3] for c in targets] == ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"]


def test_section_paths(docs):
    [energy] = holding(docs[BT2021], "Phát triển công nghiệp năng lượng trở thành ngành")[:1] or [None]
    if energy is None:  # the first paragraph under 2.1, whatever its wording
        energy = next(c for c in body(docs[BT2021]) if c.section.endswith("2.1- Công nghiệp năng lượng"))
    assert energy.section == (
        "IV. NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU › 2. Tập trung thu hút đầu tư, phát triển các ngành công nghiệp"
        " › 2.1- Công nghiệp năng lượng"
    )
    [hanam] = holding(docs[HANAM], "Cơ chế thu hút, hỗ trợ phát triển công nghiệp chậm đổi mới")
    assert hanam.section == "I- ĐÁNH GIÁ TÌNH HÌNH › 3. Nguyên nhân của tồn tại, hạn chế › 3.1. Nguyên nhân khách quan"
    sections = {c.section for c in body(docs[BT2016])}
    assert any(
        s.endswith(
            "4.2- Đầu tư kết cấu hạ tầng, xây dựng các khu công nghiệp, cụm công nghiệp đáp ứng yêu cầu phát triển công nghiệp - tiểu thủ công nghiệp."
        )
        for s in sections
    )
    assert "II- MỤC TIÊU › 1. Mục tiêu tổng quát" in {c.section for c in body(docs[KHANHHOA])}


def test_headings_are_never_merged_into_body_text(docs):
    for doc in docs.values():
        for c in body(doc):
            assert not re.match(r"^[IVX]+[.\-] ", c.text), c.text[:60]
            assert "MỤC TIÊU" not in c.text and "TỔ CHỨC THỰC HIỆN" not in c.text


def test_list_items_are_paragraphs_of_their_own(docs):
    items = [c for c in body(docs[KHANHHOA]) if c.text.startswith("- ")]
    assert len(items) > 10
    assert all(c.text.count(" - Đẩy mạnh") == 0 for c in items)


def test_recipients_and_signature_are_not_body_text(docs):
    for doc in docs.values():
        for c in doc.chunks:
            assert not c.text.startswith("Nơi nhận")
            assert "Lưu Văn phòng Tỉnh ủy" not in c.text
            assert "T/M" not in c.text


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (BT2021, {"doc_type": "Nghị quyết", "province": "Bình Thuận", "signer": "Dương Văn An", "year": 2021}),
        (HANAM, {"doc_type": "Nghị quyết", "province": "Hà Nam", "signer": "Lê Thị Thuý", "year": 2021}),
        (
            BT2016,
            {
                "doc_type": "Nghị quyết",
                "number": "08-NQ/TU",
                "date": "2016-10-25",  # ISO, as the contract says (the sidecar writes 25/10/2016)
                "year": 2016,
                "signer": "Nguyễn Mạnh Hùng",
                "province": "Bình Thuận",
            },
        ),
        (KHANHHOA, {"doc_type": "Chương trình hành động", "signer": "Lê Thanh Quang", "province": "Khánh Hòa"}),
        (BACGIANG, {"doc_type": "Nghị quyết", "signer": "Dương Văn Thái", "province": "Bắc Giang"}),
    ],
)
def test_metadata_of_each_seed(docs, name, expected):
    meta = docs[name].metadata()
    for key, value in expected.items():
        assert meta[key] == value, key
    assert meta["title"] and meta["paragraphs"] > 30


def test_titles_come_from_the_title_block(docs):
    assert docs[KHANHHOA].title.startswith("Chương trình hành động thực hiện Nghị quyết số 23-NQ/TW")
    assert docs[BACGIANG].title == "Nghị quyết về phát triển công nghiệp tỉnh Bắc Giang giai đoạn 2021 - 2030"
    assert docs[BT2016].title.startswith("Nghị quyết về phát triển công nghiệp - tiểu thủ công nghiệp đến năm 2020")


def test_decomposed_accents_are_normalised(docs):
    for c in docs[BT2021].chunks:
        assert c.text == nfc(c.text)


def test_paragraph_ids_are_stable_when_files_are_added(tmp_path):
    import shutil

    shutil.copy(CORPUS / f"{BT2016}.txt", tmp_path / f"{BT2016}.txt")
    before = read_document(tmp_path / f"{BT2016}.txt", tmp_path)
    shutil.copy(CORPUS / f"{HANAM}.txt", tmp_path / f"{HANAM}.txt")
    after = read_document(tmp_path / f"{BT2016}.txt", tmp_path)
    assert [(c.paragraph, c.text) for c in before.chunks] == [(c.paragraph, c.text) for c in after.chunks]
    assert before.doc_id == BT2016


@pytest.mark.parametrize("name", SEEDS)
def test_nothing_lost_nothing_doubled(docs, name):
    """Every word of the file is in exactly one chunk, or in named debris."""
    doc = docs[name]
    assert_conserved((CORPUS / f"{name}.txt").read_text(encoding="utf-8"), doc)
    assert {k for k, _ in doc.debris} <= {
        "title block",
        "closing block",
        "heading",
        "page header",
        "page number",
        "separator",
        "footnote marker",
        "header block",
    }


_line = st.text(alphabet="abcdeghiklmnoprstuvxyăâđêôơư ĐÁÀẢÃẠ.,;:-*#()0123456789IVX\n", min_size=1, max_size=60)


@settings(max_examples=200, deadline=None)
@given(st.lists(_line, min_size=1, max_size=30))
@example(["I-ĐĐ", "abc abc.", "11-ĐĐ", "abc abc."])  # OCR's "11-" read as the "II-" the sequence expects
def test_conservation_on_arbitrary_layouts(lines):
    text = "\n".join(lines)
    try:
        doc = parse_document(text, "x")
    except UnreadableFile:
        return
    assert_conserved(text, doc)


def cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: base letters precomposed, tone marks combining."""
    import unicodedata

    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out += base.encode("cp1258") + tones.encode("cp1258")
    return out


def test_decoding_bad_and_legacy_files():
    text = "Nghị quyết về phát triển công nghiệp của tỉnh."
    assert decode(text.encode("utf-16"), "a.txt") == text
    assert decode(b"\xef\xbb\xbf" + text.encode(), "a.txt") == text
    assert nfc(decode(cp1258(text), "a.txt")) == text
    with pytest.raises(UnreadableFile, match=r"^empty\.txt: the file is empty$"):
        decode(b"  \n", "empty.txt")
    with pytest.raises(UnreadableFile, match=r"^bin\.txt: binary file"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00", "bin.txt")


def test_a_file_with_no_paragraphs_is_named(tmp_path):
    (tmp_path / "headings.txt").write_text("I. MỤC TIÊU\n\nII. NHIỆM VỤ\n", encoding="utf-8")
    with pytest.raises(UnreadableFile, match=r"^headings\.txt: no paragraphs found$"):
        read_document(tmp_path / "headings.txt", tmp_path)


# The five extra real resolutions of ../shared/extra-resolutions (text untouched; see their README).
EXTRA = Path(__file__).with_name("fixtures") / "extra-resolutions"


@pytest.fixture(scope="module")
def extras():
    return {p.stem[:5]: read_document(p, EXTRA) for p in EXTRA.glob("*_*.md")}


def test_markdown_title_heading_and_escaped_numbers(extras):
    nq57 = extras["TW_57"]
    assert (nq57.title, nq57.doc_type, nq57.number) == ("Nghị quyết số 57-NQ/TW", "Nghị quyết", "57-NQ/TW")
    assert "II- MỤC TIÊU › 1. Đến năm 2030" in {c.section for c in nq57.chunks}
    assert all("\\" not in c.text for c in nq57.chunks)
    kl69 = extras["TW_69"]
    assert (kl69.doc_type, kl69.number) == ("Kết luận", "69-KL/TW")


def test_table_rows_are_paragraphs_of_their_own(extras):
    rows = [c for c in extras["CP_03"].chunks if c.text.startswith("|")]
    assert len(rows) > 140
    assert all(len(c.text) < 2000 for c in rows)
    assert not any(re.fullmatch(r"[|\s:-]+", c.text) for c in rows)  # no |---|---| separator rows


@pytest.mark.parametrize("name", ["TW_57", "TW_69", "TW_20", "CP_03", "TW_16"])
def test_extras_lose_nothing(extras, name):
    doc = extras[name]
    assert_conserved(Path(doc.path).read_text(encoding="utf-8"), doc)


def test_a_numbered_item_wrapped_after_a_comma_is_one_paragraph_not_a_heading():
    # Hard-wrapped text: the numbered item's first line ends in a comma and its
    # next line begins with a name in capitals. Read as a heading, its words
    # left the body (0 hits for "tái canh") and became the section of 2 and 3.
    text = (
        "Các nhiệm vụ chủ yếu:\n\n"
        "1. Tái canh cà phê già cỗi trên địa bàn các huyện Chư Sê,\n"
        "Chư Prông và Ia Grai, nâng cao năng suất cà phê.\n\n"
        "2. Xây dựng thương hiệu hồ tiêu Chư Sê.\n\n"
        "3. Đẩy mạnh ứng dụng công nghệ cao.\n"
    )
    doc = parse_document(text, "wrapped")
    assert [(c.section, c.text) for c in body(doc)] == [
        ("", "Các nhiệm vụ chủ yếu:"),
        (
            "",
            "1. Tái canh cà phê già cỗi trên địa bàn các huyện Chư Sê, Chư Prông và Ia Grai, nâng cao năng suất cà phê.",
        ),
        ("", "2. Xây dựng thương hiệu hồ tiêu Chư Sê."),
        ("", "3. Đẩy mạnh ứng dụng công nghệ cao."),
    ]


def test_a_list_s_last_item_before_a_roman_heading_is_body_text():
    # "2. … ." followed by "II. …": a heading would have text under it before the next part.
    text = (
        "I. MỤC TIÊU\n\n"
        "1. Phát triển điện gió ngoài khơi và điện mặt trời áp mái, bảo đảm an ninh năng lượng của tỉnh.\n\n"
        "2. Thu hút đầu tư vào khu công nghiệp Phước Nam theo Nghị định số 51/2021/NĐ-CP.\n\n"
        "II. TỔ CHỨC THỰC HIỆN\n\n"
        "Các cấp ủy tổ chức quán triệt nghị quyết này.\n"
    )
    doc = parse_document(text, "last-item")
    assert [(c.section, c.text[:20]) for c in body(doc)] == [
        ("I. MỤC TIÊU", "1. Phát triển điện g"),
        ("I. MỤC TIÊU", "2. Thu hút đầu tư và"),
        ("II. TỔ CHỨC THỰC HIỆN", "Các cấp ủy tổ chức q"),
    ]
    assert "51/2021/NĐ-CP" in [c["number"] for c in doc.cites]


ITEMS = [
    "1. Tập trung thu hút đầu tư hạ tầng các khu công nghiệp Yên Phong II-C, Quế Võ III, VSIP Bắc Ninh "
    "và Thuận Thành I theo quy hoạch được Thủ tướng Chính phủ phê duyệt, ưu tiên các dự án công nghệ cao.",
    "2. Hoàn thành đường vành đai 4 Vùng Thủ đô Hà Nội đoạn qua tỉnh Bắc Ninh, cầu Kênh Vàng nối Bắc Ninh "
    "với Hải Dương và cải tạo Quốc lộ 17 đoạn qua Quế Võ, Gia Bình và Lương Tài trước năm 2027.",
    "3. Phát triển Đại học Quốc gia Hà Nội tại Bắc Ninh, Trường Cao đẳng Công nghiệp Bắc Ninh và Trung tâm "
    "Đổi mới sáng tạo Quốc gia thành nơi đào tạo nguồn nhân lực cho Samsung, Foxconn và Amkor.",
]


@pytest.mark.parametrize("width", range(60, 92, 4))
def test_numbered_items_wrapped_at_the_text_s_width_stay_whole(width):
    # A PDF's text layer is hard-wrapped: a numbered item's first line can end in a name whose
    # next part ("Bắc" / "Ninh, …") begins the next line with a capital and no comma between.
    # A line as wide as the text was cut by the wrap, not ended by its writer: no heading.
    import textwrap

    lead = (
        "Ban Thường vụ Tỉnh ủy yêu cầu các cấp ủy, tổ chức đảng, chính quyền, Mặt trận Tổ quốc và các "
        "đoàn thể chính trị - xã hội tỉnh tập trung lãnh đạo, chỉ đạo thực hiện tốt các nhiệm vụ trọng tâm sau:"
    )
    paragraphs = [lead, *ITEMS]
    wrapped = [textwrap.wrap(p, width) for p in paragraphs]
    cut_before_capital = [w for w in wrapped[1:] if any(line[:1].isupper() for line in w[1:])]
    text = "\n".join("\n".join(w) for w in wrapped) + "\n"
    doc = parse_document(text, f"wrapped-{width}")
    assert [(c.section, c.text) for c in body(doc)] == [("", p) for p in paragraphs]
    assert cut_before_capital or width not in (60, 72), "the wrap no longer puts a capital at a line's start"


QUY_CHE = """TỈNH ỦY BÌNH THUẬN
*
Số 15-QĐ/TU
ĐẢNG CỘNG SẢN VIỆT NAM
Bình Thuận, ngày 10 tháng 3 năm 2021

QUY CHẾ
làm việc của Ban Chấp hành Đảng bộ tỉnh khóa XIV, nhiệm kỳ 2020 - 2025

Chương I
NHỮNG QUY ĐỊNH CHUNG

Điều 1. Phạm vi điều chỉnh và đối tượng áp dụng
1. Quy chế này quy định về trách nhiệm, quyền hạn, chế độ làm việc của Ban Chấp hành Đảng bộ tỉnh.
2. Quy chế áp dụng đối với Ban Chấp hành, Ban Thường vụ, Thường trực Tỉnh ủy và các ủy viên.

Điều 2. Nguyên tắc làm việc
Ban Chấp hành làm việc theo nguyên tắc tập trung dân chủ, tập thể lãnh đạo, cá nhân phụ trách.

Chương II
TRÁCH NHIỆM VÀ QUYỀN HẠN

Mục 1
BAN CHẤP HÀNH ĐẢNG BỘ TỈNH

Điều 3. Trách nhiệm của Ban Chấp hành
1. Lãnh đạo thực hiện Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XIV.
2. Quyết định chương trình công tác toàn khóa và hằng năm của Ban Chấp hành.
a) Xem xét, quyết định những vấn đề về kinh tế - xã hội.
b) Cho ý kiến về dự toán ngân sách tỉnh.

T/M TỈNH ỦY
BÍ THƯ

Dương Văn An
"""


def test_chapters_sections_and_articles_are_the_section_path_of_their_clauses():
    # Rules and regulations (quy chế, quy định) are divided as the standard says: "Chương I" and
    # "Mục 1" with their title on the next line, "Điều 1. Title" on one line, clauses "1." under
    # it. A clause is body text even when short and closed by a full stop, like the one before it.
    # An article's title is also a paragraph of its own: its words stay searchable.
    doc = parse_document(QUY_CHE, "quy-che")
    ch1, ch2 = "Chương I NHỮNG QUY ĐỊNH CHUNG", "Chương II TRÁCH NHIỆM VÀ QUYỀN HẠN › Mục 1 BAN CHẤP HÀNH ĐẢNG BỘ TỈNH"
    assert [(c.section, c.text[:30]) for c in body(doc)] == [
        (ch1, "Điều 1. Phạm vi điều chỉnh và "),
        (f"{ch1} › Điều 1. Phạm vi điều chỉnh và đối tượng áp dụng", "1. Quy chế này quy định về trá"),
        (f"{ch1} › Điều 1. Phạm vi điều chỉnh và đối tượng áp dụng", "2. Quy chế áp dụng đối với Ban"),
        (ch1, "Điều 2. Nguyên tắc làm việc"),
        (f"{ch1} › Điều 2. Nguyên tắc làm việc", "Ban Chấp hành làm việc theo ng"),
        (ch2, "Điều 3. Trách nhiệm của Ban Ch"),
        (f"{ch2} › Điều 3. Trách nhiệm của Ban Chấp hành", "1. Lãnh đạo thực hiện Nghị quy"),
        (f"{ch2} › Điều 3. Trách nhiệm của Ban Chấp hành", "2. Quyết định chương trình côn"),
        (f"{ch2} › Điều 3. Trách nhiệm của Ban Chấp hành", "a) Xem xét, quyết định những v"),
        (f"{ch2} › Điều 3. Trách nhiệm của Ban Chấp hành", "b) Cho ý kiến về dự toán ngân "),
    ]
    assert (doc.doc_type, doc.number, doc.title) == (
        "Quy chế",
        "15-QĐ/TU",
        "Quy chế làm việc của Ban Chấp hành Đảng bộ tỉnh khóa XIV, nhiệm kỳ 2020 - 2025",
    )
    assert_conserved(QUY_CHE, doc)


def test_an_article_that_is_a_sentence_is_body_text():
    # A decision's articles are its text: "Điều 2. Quyết định này có hiệu lực kể từ ngày ký."
    text = (
        "Điều 1. Ban hành kèm theo Quyết định này Quy chế làm việc của Ban Chấp hành Đảng bộ tỉnh.\n\n"
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n\n"
        "Điều 3. Các đồng chí Tỉnh ủy viên và các cơ quan có liên quan thi hành Quyết định này.\n"
    )
    doc = parse_document(text, "quyet-dinh")
    assert [(c.section, c.text[:25]) for c in body(doc)] == [
        ("", "Điều 1. Ban hành kèm theo"),
        ("", "Điều 2. Quyết định này có"),
        ("", "Điều 3. Các đồng chí Tỉnh"),
    ]


def test_a_list_item_after_a_body_item_is_body_text_too():
    # "c) … ." then "d) … ." and the end of the part: each item is a paragraph like its siblings,
    # however short, never the heading of what follows.
    text = (
        "I. NGUYÊN NHÂN\n\n"
        "Nguyên nhân của những hạn chế chủ yếu là:\n\n"
        "a) Nhận thức về vai trò của khoa học và công nghệ chưa đầy đủ, chưa được quán triệt sâu sắc.\n\n"
        "b) Chưa tạo được môi trường minh bạch trong hoạt động khoa học.\n\n"
        "c) Chưa hình thành nhu cầu tự thân của các doanh nghiệp.\n\n"
        "Những hạn chế trên cần được khắc phục trong thời gian tới.\n"
    )
    doc = parse_document(text, "siblings")
    assert [(c.section, c.text[:12]) for c in body(doc)] == [
        ("I. NGUYÊN NHÂN", "Nguyên nhân "),
        ("I. NGUYÊN NHÂN", "a) Nhận thức"),
        ("I. NGUYÊN NHÂN", "b) Chưa tạo "),
        ("I. NGUYÊN NHÂN", "c) Chưa hình"),
        ("I. NGUYÊN NHÂN", "Những hạn ch"),
    ]


def test_a_wrapped_line_that_begins_with_a_number_continues_its_paragraph():
    # OCR and PDF text wraps wherever the line is full: "… đạt trên" / "30 triệu tấn." is one
    # sentence, not an item "30". Items are numbered "3." or "3-" after a line their writer ended.
    text = (
        "Ban Thường vụ Tỉnh ủy đánh giá cao kết quả thực hiện nhiệm vụ phát triển kinh\n"
        "tế biển trong năm qua. Tổng vốn đầu tư vào các dự án cảng biển, logistics đạt\n"
        "15 nghìn tỷ đồng, tăng 12% so với cùng kỳ; sản lượng hàng hóa qua cảng đạt trên\n"
        "30 triệu tấn. Nuôi trồng thủy sản trên biển phát triển mạnh với diện tích trên\n"
        "12 nghìn ha, tạo việc làm cho hơn 20 nghìn lao động ven biển của tỉnh.\n"
        "Tuy nhiên, hạ tầng cảng cá, khu neo đậu tránh trú bão còn thiếu và chưa đồng bộ,\n"
        "chưa đáp ứng yêu cầu của ngư dân; ô nhiễm môi trường biển tại một số khu vực ven\n"
        "bờ chưa được khắc phục triệt để, ảnh hưởng đến hoạt động du lịch và nuôi trồng.\n"
        "Trong thời gian tới, các cấp ủy, chính quyền tập trung thực hiện tốt các nhiệm\n"
        "vụ, giải pháp đã đề ra trong Nghị quyết về phát triển kinh tế biển của tỉnh.\n"
    )
    doc = parse_document(text, "ocr-numbers")
    assert [c.text[:24] for c in body(doc)] == [
        "Ban Thường vụ Tỉnh ủy đá",
        "Tuy nhiên, hạ tầng cảng ",
        "Trong thời gian tới, các",
    ]
    assert "đạt trên 30 triệu tấn." in body(doc)[0].text
    assert_conserved(text, doc)


def test_a_footnote_under_a_drawn_rule_is_lifted_and_the_cut_paragraph_joined():
    # A PDF's text layer: the page ends with a rule, the note, the page number and the running
    # header; the paragraph the page break cut goes on after them.
    text = (
        "1. Thời gian qua, công tác quản lý đất đai khu vực biên giới có chuyển biến. Tuy nhiên, tình\n"
        "trạng chuyển nhượng đất trái phép vẫn còn diễn ra, nhất là tại xã Hưng Điền(1).\n\n"
        "2. Giao Ban cán sự đảng Ủy ban nhân dân tỉnh chỉ đạo rà soát toàn bộ quỹ đất trong phạm vi vành đai\n"
        "_______________\n"
        "(1) Theo báo cáo của Công an tỉnh, năm 2024 phát hiện 46 trường hợp chuyển nhượng trái phép.\n"
        "1\n"
        "biên giới, hoàn thành trước ngày 31/12/2025; xử lý dứt điểm các trường hợp vi phạm.\n\n"
        "Nơi nhận:\n- Như trên,\n- Lưu Văn phòng Tỉnh ủy.\n"
    )
    doc = parse_document(text, "ruled-note")
    notes = [c for c in doc.chunks if c.kind == "footnote"]
    assert [(n.label, n.refers_to, n.text[:20]) for n in notes] == [("1", 1, "Theo báo cáo của Côn")]
    assert len(body(doc)) == 2
    assert body(doc)[0].text.endswith("nhất là tại xã Hưng Điền.")
    assert body(doc)[1].text.endswith(
        "phạm vi vành đai biên giới, hoàn thành trước ngày 31/12/2025; xử lý dứt điểm các trường hợp vi phạm."
    )


def test_notes_under_a_rule_end_at_the_blank_line_before_the_recipients():
    text = (
        "1. Đối tượng: tổ chức đảng, đảng viên thuộc Đảng bộ Thành phố(1).\n\n"
        "2. Mức hoàn thành xuất sắc: có sản phẩm cụ thể, được đo đếm(2).\n\n"
        "Hướng dẫn này thay thế Hướng dẫn số 09-HD/BTCTU, ngày 20/11/2024 của Ban Tổ chức Thành ủy.\n"
        "_______________\n"
        "(1) Bao gồm cả các đảng ủy phường, xã được thành lập theo Quyết định số 2389-QĐ/TU.\n"
        "(2) Sản phẩm cụ thể được xác định theo khung tiêu chí tại Phụ lục 1.\n\n"
        "Nơi nhận:\n- Ban Tổ chức Trung ương,\n- Lưu Ban Tổ chức Thành ủy.\n\n"
        "Q. TRƯỞNG BAN\n\nVũ Đại Thắng\n"
    )
    doc = parse_document(text, "end-notes")
    notes = [(c.label, c.refers_to, c.text) for c in doc.chunks if c.kind == "footnote"]
    assert notes == [
        ("1", 1, "Bao gồm cả các đảng ủy phường, xã được thành lập theo Quyết định số 2389-QĐ/TU."),
        ("2", 2, "Sản phẩm cụ thể được xác định theo khung tiêu chí tại Phụ lục 1."),
    ]
    assert [c.text[:20] for c in body(doc)] == ["1. Đối tượng: tổ chứ", "2. Mức hoàn thành xu", "Hướng dẫn này thay t"]


def test_a_list_s_lead_in_and_its_last_item_before_the_next_article_are_body_text():
    # "1. …, trong đó:" announces its list (a sentence, not a title); "2. … ." right before
    # "Điều 4." ends the list. Both were headings: "dấu hiệu vi phạm" found nothing.
    text = (
        "Điều 3. Kiểm tra của cấp ủy\n"
        "1. Hằng năm, cấp ủy các cấp ban hành chương trình kiểm tra, trong đó:\n"
        "a) Kiểm tra ít nhất 30% tổ chức đảng trực thuộc;\n"
        "b) Kiểm tra ít nhất 20% cấp ủy viên cùng cấp.\n"
        "2. Khi có dấu hiệu vi phạm, cấp ủy chỉ đạo ủy ban kiểm tra tiến hành kiểm tra.\n\n"
        "Điều 4. Giám sát chuyên đề\n"
        "Ủy ban kiểm tra các cấp giám sát chuyên đề việc thực hiện các nghị quyết.\n"
    )
    doc = parse_document(text, "lead-in")
    art3, art4 = "Điều 3. Kiểm tra của cấp ủy", "Điều 4. Giám sát chuyên đề"
    assert [(c.section, c.text[:16]) for c in body(doc)] == [
        ("", art3[:16]),
        (art3, "1. Hằng năm, cấp"),
        (art3, "a) Kiểm tra ít n"),
        (art3, "b) Kiểm tra ít n"),
        (art3, "2. Khi có dấu hi"),
        ("", art4[:16]),
        (art4, "Ủy ban kiểm tra "),
    ]


def test_a_document_code_a_wrap_puts_at_a_line_s_start_is_no_item_number():
    # OCR text wrapped at the page's width: "… Nghị quyết số" / "57-NQ/TW của …" is one sentence;
    # read as an item "57-", the line left the body and became the next paragraphs' section.
    text = (
        "Bắc Ninh là một trong những trung tâm sản xuất điện tử lớn nhất cả nước với các dự án\n"
        "của Samsung, Foxconn, Amkor; giá trị sản xuất ngành điện tử năm 2024 đạt trên 1,2 triệu\n"
        "tỷ đồng. Tuy nhiên, doanh nghiệp trong nước mới tham gia ở khâu gia công, giá trị gia tăng\n"
        "thấp, nguồn nhân lực kỹ thuật cao còn thiếu.\n"
        "I- QUAN ĐIỂM\n"
        "Phát triển công nghiệp bán dẫn là nhiệm vụ đột phá, gắn với thực hiện Nghị quyết số\n"
        "57-NQ/TW của Bộ Chính trị và Quyết định số 1018/QĐ-TTg ngày 21/9/2024 của Thủ tướng\n"
        "Chính phủ phê duyệt Chiến lược phát triển công nghiệp bán dẫn Việt Nam.\n"
        "II- MỤC TIÊU\n"
        "Đến năm 2030, thu hút ít nhất 05 dự án thiết kế, đóng gói và kiểm thử chip; đào tạo 10.000\n"
        "kỹ sư, kỹ thuật viên ngành bán dẫn; tỷ lệ nội địa hóa trong ngành điện tử đạt 25%.\n"
    )
    doc = parse_document(text, "wrapped-code")
    assert [(c.section, c.text[:20]) for c in body(doc)] == [
        ("", "Bắc Ninh là một tron"),
        ("I- QUAN ĐIỂM", "Phát triển công nghi"),
        ("II- MỤC TIÊU", "Đến năm 2030, thu hú"),
    ]
    assert "Nghị quyết số 57-NQ/TW của Bộ Chính trị" in body(doc)[1].text
    assert {c["number"]: c["relation"] for c in doc.cites}["57-NQ/TW"] == "implements"


def test_a_capitals_heading_cut_by_a_wrap_is_one_and_table_rows_never_take_prose():
    text = (
        "TỈNH ỦY BẮC NINH\n*\nSố 20-BC/TU\nĐẢNG CỘNG SẢN VIỆT NAM\nBắc Ninh, ngày 31 tháng 10 năm 2025\n\n"
        "BÁO CÁO\ntổng kết 5 năm thực hiện Nghị quyết số 23-NQ/TW\n\n"
        "Ban Thường vụ Tỉnh ủy báo cáo kết quả như sau.\n\n"
        "I. TÌNH HÌNH THỰC HIỆN NGHỊ QUYẾT\n"
        "SỐ 23-NQ/TW CỦA BỘ CHÍNH TRỊ\n"
        "Sau 5 năm thực hiện, công nghiệp của tỉnh phát triển khá nhanh.\n\n"
        "| TT | Nhiệm vụ | Chủ trì |\n"
        "| 1 | Xây dựng đề án | Sở Công Thương |\n"
        "Các sở, ngành tổ chức thực hiện kế hoạch này.\n"
    )
    doc = parse_document(text, "caps-heading")
    heading = "I. TÌNH HÌNH THỰC HIỆN NGHỊ QUYẾT SỐ 23-NQ/TW CỦA BỘ CHÍNH TRỊ"
    assert [(c.section, c.text) for c in body(doc)] == [
        ("", "Ban Thường vụ Tỉnh ủy báo cáo kết quả như sau."),
        (heading, "Sau 5 năm thực hiện, công nghiệp của tỉnh phát triển khá nhanh."),
        (heading, "| 1 | Xây dựng đề án | Sở Công Thương |"),
        (heading, "Các sở, ngành tổ chức thực hiện kế hoạch này."),
    ]
    assert ("table header row", "| TT | Nhiệm vụ | Chủ trì |") in doc.debris  # the columns' names


def test_a_decision_s_wrapped_articles_parts_lettered_in_capitals_and_a_layout_table():
    # A decision's articles are sentences a wrap may cut ("… phòng, chống tham" / "nhũng, …");
    # the enacting words ("BAN THƯỜNG VỤ TỈNH ỦY QUYẾT ĐỊNH") are neither body nor section;
    # parts lettered "A." stand above the roman sections; a table laid out with spaces
    # gives a paragraph per row, and wide rows do not stop the text's lines from joining.
    text = (
        "- Xét đề nghị của Ban Nội chính Tỉnh ủy,\n\n"
        "                         BAN THƯỜNG VỤ TỈNH ỦY QUYẾT ĐỊNH\n\n"
        "Điều 1. Ban hành kèm theo Quyết định này Quy chế làm việc của Ban Chỉ đạo phòng, chống tham\n"
        "nhũng, lãng phí, tiêu cực tỉnh Thanh Hóa.\n\n"
        "Điều 2. Quyết định này có hiệu lực từ ngày ký và thay thế Quyết định số 598-QĐ/TU, ngày\n"
        "21/02/2023 của Ban Thường vụ Tỉnh ủy.\n\n"
        "A. MỤC TIÊU, NHIỆM VỤ VÀ GIẢI PHÁP\n\n"
        "I- MỤC TIÊU\n\n"
        "Các chỉ tiêu chủ yếu đến năm 2030 (chi tiết tại bảng dưới đây), được Đại hội lần thứ\n"
        "XIX thông qua:\n\n"
        " TT   Chỉ tiêu                                              Đơn vị       Năm 2030\n"
        " 1    Tốc độ tăng trưởng GRDP bình quân                     %/năm        10 - 10,5\n"
        " 2    GRDP bình quân đầu người                              triệu đồng   120 - 125\n\n"
        "B. TỔ CHỨC THỰC HIỆN\n\n"
        "Các cấp ủy tổ chức quán triệt nghị quyết này.\n"
    )
    doc = parse_document(text, "decision")
    a, b = "A. MỤC TIÊU, NHIỆM VỤ VÀ GIẢI PHÁP › I- MỤC TIÊU", "B. TỔ CHỨC THỰC HIỆN"
    assert [(c.section, c.text[:24]) for c in body(doc)] == [
        ("", "- Xét đề nghị của Ban Nộ"),
        ("", "Điều 1. Ban hành kèm the"),
        ("", "Điều 2. Quyết định này c"),
        (a, "Các chỉ tiêu chủ yếu đến"),
        (a, "1 Tốc độ tăng trưởng GRD"),
        (a, "2 GRDP bình quân đầu ngư"),
        (b, "Các cấp ủy tổ chức quán "),
    ]
    assert "Đại hội lần thứ XIX thông qua" in body(doc)[3].text
    assert {c["number"]: (c["date"], c["relation"]) for c in doc.cites}["598-QĐ/TU"] == ("2023-02-21", "replaces")


def test_a_table_s_header_row_repeated_on_its_next_page_is_read_once():
    head = " TT   Chỉ tiêu                                              Đơn vị       Năm 2025     Năm 2030\n"
    text = (
        "Các chỉ tiêu chủ yếu đến năm 2030 (chi tiết tại bảng dưới đây):\n\n"
        + head
        + " 1    Tốc độ tăng trưởng GRDP bình quân                     %/năm        8,3          10 - 10,5\n"
        "                                                                                   2\n"
        + head
        + " 2    GRDP bình quân đầu người                              triệu đồng   68           120 - 125\n\n"
        "Các cấp ủy tổ chức quán triệt nghị quyết này.\n"
    )
    doc = parse_document(text, "repeated-header")
    assert [c.text[:20] for c in body(doc)] == [
        "Các chỉ tiêu chủ yếu",
        "1 Tốc độ tăng trưởng",
        "2 GRDP bình quân đầu",
        "Các cấp ủy tổ chức q",
    ]
    assert ("table header row", "TT Chỉ tiêu Đơn vị Năm 2025 Năm 2030") in doc.debris
    assert ("repeated table row", "TT Chỉ tiêu Đơn vị Năm 2025 Năm 2030") in doc.debris
    assert_conserved(text, doc)


@pytest.mark.parametrize(
    ("table", "head"),
    [
        # markdown: the row above |---| names the columns, whatever it holds
        (
            "| Khối | Chỉ tiêu | Kết nạp |\n|---|---|---|\n| Xã, phường | Hai nghìn | Vượt |\n",
            "| Khối | Chỉ tiêu | Kết nạp |",
        ),
        # no |---| row: words over rows of figures
        (
            "| TT | Khối | Kết nạp |\n| 1 | Xã, phường | 2.563 |\n| 2 | Doanh nghiệp | 437 |\n",
            "| TT | Khối | Kết nạp |",
        ),
    ],
)
def test_a_table_s_header_row_names_its_columns_and_is_no_paragraph(table, head):
    text = "Kết quả kết nạp đảng viên năm 2025 như sau:\n\n" + table + "\nCác cấp ủy tiếp tục thực hiện.\n"
    doc = parse_document(text, "table-head")
    assert head not in [c.text for c in body(doc)]
    assert ("table header row", head) in doc.debris
    rows = [r for r in table.splitlines() if "---" not in r]
    assert len(body(doc)) == 2 + len(rows) - 1


@pytest.mark.parametrize(
    "table",
    [
        # a caption row over the table's rows: words of its own
        "| Đến năm 2045 | | |\n|---|---|---|\n| 1 | Kinh tế số | 50% |\n",
        # rows of words only: nothing says the first one is no row of it
        "| Sở Nội vụ | chủ trì |\n| Sở Tài chính | phối hợp |\n",
    ],
)
def test_a_table_s_first_row_that_names_no_columns_stays_a_paragraph(table):
    doc = parse_document("Phân công như sau:\n\n" + table + "\nCác cấp ủy thực hiện.\n", "table-rows")
    first = table.split("\n")[0]
    assert first in [c.text for c in body(doc)]


def test_a_text_that_indents_its_paragraphs_joins_a_sentence_ended_at_the_wrap():
    # pdftotext -layout keeps a Word file's first-line indent: a paragraph begins indented, its
    # wrapped lines are flush. A sentence that ends at the wrap ("… Hậu Giang.") does not end
    # the paragraph when the next line is flush; an indented line begins the next one.
    text = (
        "THÀNH ỦY CẦN THƠ                                  ĐẢNG CỘNG SẢN VIỆT NAM\n        *\n"
        " Số 09-CT/TU                              Cần Thơ, ngày 14 tháng 01 năm 2026\n\n"
        "                                     CHỈ THỊ\n"
        "          về lãnh đạo tổ chức Tết Nguyên đán Bính Ngọ năm 2026\n\n"
        "      Năm 2026 là năm đầu thực hiện Nghị quyết Đại hội đại biểu Đảng bộ thành phố lần thứ I,\n"
        "nhiệm kỳ 2025 - 2030, sau khi hợp nhất thành phố Cần Thơ với các tỉnh Sóc Trăng và Hậu Giang.\n"
        "Để Nhân dân đón Tết vui tươi, lành mạnh, an toàn, tiết kiệm, Ban Thường vụ Thành ủy yêu cầu\n"
        "các cấp ủy, tổ chức đảng thực hiện tốt các nhiệm vụ sau:\n"
        "      1. Chăm lo đời sống Nhân dân, nhất là gia đình chính sách, hộ nghèo, công nhân lao động\n"
        "không có điều kiện về quê đón Tết.\n"
        "      2. Bình ổn thị trường, giá cả; không để xảy ra khan hiếm hàng hóa thiết yếu; kiểm tra an\n"
        "toàn thực phẩm tại các chợ nổi Cái Răng, Ngã Năm.\n"
        "      3. Giữ vững an ninh chính trị, trật tự an toàn xã hội; kiểm soát chặt pháo nổ, vi phạm\n"
        "nồng độ cồn khi tham gia giao thông.\n"
    )
    doc = parse_document(text, "indented")
    assert [c.text[:22] for c in body(doc)] == [
        "Năm 2026 là năm đầu th",
        "1. Chăm lo đời sống Nh",
        "2. Bình ổn thị trường,",
        "3. Giữ vững an ninh ch",
    ]
    assert "Hậu Giang. Để Nhân dân đón Tết" in body(doc)[0].text


def test_a_flush_text_still_ends_a_paragraph_at_a_sentence_end():
    # Without first-line indents nothing tells a wrap from a paragraph's end but the sentence.
    lines = [
        "Năm 2026 là năm đầu thực hiện Nghị quyết Đại hội đại biểu Đảng bộ thành phố lần thứ I,",
        "nhiệm kỳ 2025 - 2030, sau khi hợp nhất thành phố Cần Thơ với các tỉnh Sóc Trăng và Hậu Giang.",
        "Để Nhân dân đón Tết vui tươi, lành mạnh, an toàn, tiết kiệm, Ban Thường vụ Thành ủy yêu cầu",
        "các cấp ủy, tổ chức đảng thực hiện tốt các nhiệm vụ sau đây trong dịp Tết Nguyên đán năm nay.",
    ]
    doc = parse_document("CHỈ THỊ\nvề Tết\n\n" + "\n".join(lines) + "\n", "flush")
    assert [c.text[:10] for c in body(doc)] == ["Năm 2026 l", "Để Nhân dâ"]
