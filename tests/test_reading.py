"""Files as they arrive: scans, old fonts, web pages, and files that cannot be read.

Every file here is made by the test itself: a PDF from a page rendered with Pillow
(no text layer, so Tesseract must read it), text encoded in TCVN3 and VNI with the
byte tables those fonts used, a Word file written with python-docx, broken files of
every kind issue 11 lists. Each good one must become searchable through
``nghiquyet add``; each bad one is named in one line and skipped, never copied.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from indexer.cli import cli
from indexer.corpus import encodings, ocr
from indexer.corpus.reader import corpus_files, read_document, refused_files
from indexer.errors import UnreadableFile

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "binh-thuan_08-nq-tu-2016_cong-nghiep-tieu-thu-cong-nghiep.txt"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"

TEXT = (
    "NGHỊ QUYẾT\nvề phát triển nghề làm muối và đánh bắt hải sản\n\n"
    "Ban Thường vụ Tỉnh ủy yêu cầu các cấp ủy tập trung phát triển nghề làm muối sạch ở vùng ven biển.\n\n"
    "Các huyện ủy chỉ đạo hợp tác xã đánh bắt hải sản xa bờ, gắn với bảo vệ chủ quyền biển đảo.\n"
)

# Byte strings written the way the legacy fonts stored them (independent of the reader's tables):
# TCVN3 (.VnTime) and VNI-Times spellings of the same words, from typing them in those fonts.
TCVN3_TEXT = (
    "NghÞ quyÕt vÒ ph¸t triÓn nghÒ lµm muèi\n\n"
    "Ban Th­êng vô TØnh ñy yªu cÇu c¸c cÊp ñy tËp trung ph¸t triÓn nghÒ lµm muèi s¹ch ë vïng ven biÓn.\n"
)
TCVN3_UNICODE = "Ban Thường vụ Tỉnh ủy yêu cầu các cấp ủy tập trung phát triển nghề làm muối sạch ở vùng ven biển."
VNI_TEXT = (
    "Nghò quyeát veà phaùt trieån ngheà laøm muoái\n\n"
    "Ban Thöôøng vuï Tænh uûy yeâu caàu caùc caáp uûy taäp trung phaùt trieån ngheà laøm muoái saïch ôû vuøng ven bieån.\n"
)


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def search_total(index: Path, query: str) -> int:
    result = run("search", query, "--json", "--index", str(index))
    return json.loads(result.stdout)["total"] if result.exit_code in (0, 1) else -1


def add(tmp_path: Path, *files: Path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    result = run("add", *map(str, files), "--corpus", str(corpus), "--index", str(index))
    return result, corpus, index


def test_tcvn3_and_vni_are_detected_and_converted():
    assert encodings.legacy_to_unicode(TCVN3_TEXT).splitlines()[2] == TCVN3_UNICODE
    assert encodings.legacy_to_unicode(VNI_TEXT).splitlines()[2] == TCVN3_UNICODE
    assert encodings.legacy_to_unicode(TEXT) is None  # Unicode stays as it is
    assert encodings.legacy_to_unicode("Café crème brûlée, garçon naïve") is None  # so does French


def test_a_tcvn3_text_file_becomes_searchable(tmp_path):
    src = tmp_path / "nq-tcvn3.txt"
    src.write_bytes(TCVN3_TEXT.encode("latin-1"))
    result, _corpus, index = add(tmp_path, src)
    assert result.exit_code == 0, result.output
    assert search_total(index, '"nghề làm muối sạch"') == 1


def test_a_vni_word_file_becomes_searchable(tmp_path):
    from docx import Document as Docx

    src = tmp_path / "nq-vni.docx"
    d = Docx()
    for para in VNI_TEXT.split("\n\n"):
        d.add_paragraph(para.strip())
    d.save(src)
    result, _corpus, index = add(tmp_path, src)
    assert result.exit_code == 0, result.output
    assert search_total(index, '"tập trung phát triển nghề làm muối sạch"') == 1


def test_an_html_page_is_read_with_a_parser(tmp_path):
    src = tmp_path / "nq.html"
    src.write_text(
        "<html><head><title>x</title><script>var nghe = 'làm muối';</script></head><body>"
        "<nav>Trang chủ</nav><h1>NGHỊ QUYẾT</h1><p>về phát triển nghề làm muối</p>"
        "<p>Ban Thường vụ Tỉnh ủy yêu cầu các cấp ủy tập trung phát triển<br>nghề làm muối sạch &amp; bền vững.</p>"
        "</body></html>",
        encoding="utf-8",
    )
    doc = read_document(src, tmp_path)
    assert doc.doc_type == "Nghị quyết"
    assert [c.text for c in doc.chunks] == [
        "Ban Thường vụ Tỉnh ủy yêu cầu các cấp ủy tập trung phát triển nghề làm muối sạch & bền vững."
    ]


def _scan(path: Path, lines: list[str]) -> None:
    """A PDF whose one page is a picture of ``lines``: no text layer, as a scanner makes it."""
    from PIL import Image, ImageDraw, ImageFont

    page = Image.new("L", (2480, 3508), 255)  # A4 at 300 dpi
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, 44)
    for i, line in enumerate(lines):
        draw.text((220, 300 + i * 90), line, font=font, fill=0)
    page.save(path, "PDF", resolution=300)


def _read(path: Path):
    """Read one file as the index reads it, with its sidecar (raises UnreadableFile naming the file)."""
    return read_document(path, path.parent)


@pytest.mark.skipif(
    ocr.available() != "",
    reason="Tesseract with its Vietnamese model: " + ocr.INSTALL_HINT,
)
def test_a_scanned_pdf_is_read_by_ocr_and_becomes_searchable(tmp_path):
    src = tmp_path / "nq-scan.pdf"
    _scan(
        src,
        [
            "NGHỊ QUYẾT",
            "về phát triển nghề làm muối",
            "",
            "Ban Thường vụ Tỉnh ủy yêu cầu các cấp ủy tập trung phát",
            "triển nghề làm muối sạch ở vùng ven biển.",
        ],
    )
    result, _corpus, index = add(tmp_path, src)
    assert result.exit_code == 0, result.output
    assert "OCR nq-scan.pdf: page 1/1" in result.output
    assert search_total(index, '"nghề làm muối sạch"') == 1
    assert search_total(index, "vùng ven biển") == 1


@pytest.mark.skipif(
    ocr.available() != "",
    reason="Tesseract with its Vietnamese model: " + ocr.INSTALL_HINT,
)
def test_a_picture_without_text_is_named_after_ocr(tmp_path):
    from PIL import Image

    src = tmp_path / "photo.pdf"
    Image.new("L", (1240, 1754), 255).save(src, "PDF", resolution=150)
    with pytest.raises(UnreadableFile, match=r"^photo\.pdf: no text found, even by OCR$"):
        _read(src)


def test_without_tesseract_a_scan_is_named_with_the_install_line(tmp_path, monkeypatch):
    src = tmp_path / "scan.pdf"
    _scan(src, ["Chỉ là một trang ảnh."])
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(
        UnreadableFile,
        match=r"^scan\.pdf: .*Tesseract is not installed: apt-get install tesseract-ocr",
    ):
        _read(src)


@pytest.mark.skipif(not shutil.which("antiword"), reason="antiword: apt-get install antiword")
def test_a_word_97_doc_becomes_searchable_and_a_tcvn3_one_is_converted(tmp_path):
    from tests.wordbin import write_doc

    src = tmp_path / "nq-cu.doc"
    write_doc(src, TEXT)
    old = tmp_path / "nq-tcvn3.doc"
    write_doc(old, TCVN3_TEXT.replace("muèi\n", "muèi trong n¨m 1998\n"))
    result, _corpus, index = add(tmp_path, src, old)
    assert result.exit_code == 0, result.output
    assert search_total(index, '"hợp tác xã đánh bắt hải sản xa bờ"') == 1
    assert search_total(index, '"nghề làm muối sạch ở vùng ven biển"') == 2
    docs = json.loads(run("docs", "--json", "--index", str(index)).stdout)
    assert {d["doc_id"]: d["title"] for d in docs} == {
        "nq-cu": "Nghị quyết về phát triển nghề làm muối và đánh bắt hải sản",
        "nq-tcvn3": "nq-tcvn3",
    }


def test_a_doc_file_needs_antiword_and_a_broken_one_is_named(tmp_path, monkeypatch):
    src = tmp_path / "old.doc"
    src.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(2000))
    if shutil.which("antiword"):
        with pytest.raises(UnreadableFile, match=r"^old\.doc: not a readable Word 97-2003 file"):
            _read(src)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(
        UnreadableFile,
        match=r"^old\.doc: reading \.doc files needs antiword: apt-get install antiword$",
    ):
        _read(src)


def _encrypted_pdf(path: Path) -> None:
    """A one-page PDF locked with a user password (standard security handler, RC4 40-bit)."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /Filter /Standard /V 1 /R 2 /P -4 /O <"
        + os.urandom(32).hex().encode()
        + b"> /U <"
        + os.urandom(32).hex().encode()
        + b"> >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    file_id = os.urandom(16).hex().encode()
    out += b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [<%s><%s>] >>\n" % (
        len(objs) + 1,
        file_id,
        file_id,
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    path.write_bytes(bytes(out))


def _broken_files(folder: Path) -> dict[str, str]:
    """Every kind of unreadable file issue 11 lists, each with the message that names it."""
    (folder / "random.docx").write_bytes(os.urandom(3000))
    with zipfile.ZipFile(folder / "notword.docx", "w") as z:
        z.writestr("hello.txt", "not a Word file")
    good_pdf = folder / "good.pdf"
    _scan(good_pdf, ["x"])
    data = good_pdf.read_bytes()
    good_pdf.unlink()
    (folder / "truncated.pdf").write_bytes(data[: len(data) // 3])
    _encrypted_pdf(folder / "locked.pdf")
    sidecars = {
        "year.txt": 'year = "hai nghìn"',
        "superscript.txt": 'year = "²⁰²¹"',  # digits to str.isdigit, no number to int()
        "title.txt": "title = 5",
        "province.txt": 'province = ["a", "b"]',
        "baddate.txt": 'date = "mùa xuân"',
        "typo.txt": 'provice = "Bình Thuận"',
        "twodates.txt": 'date = "2021-05-01"\nyear = 2019',
    }
    for name, toml in sidecars.items():
        shutil.copy(SEED, folder / name)
        (folder / name).with_suffix(".meta.toml").write_text(toml + "\n", encoding="utf-8")
    shutil.copy(SEED, folder / "tomldate.txt")
    (folder / "tomldate.meta.toml").write_text("date = 2021-05-01\n", encoding="utf-8")  # a TOML date: fine
    return {
        "random.docx": r"random\.docx: not a readable Word file",
        "notword.docx": r"notword\.docx: not a readable Word file",
        "truncated.pdf": r"truncated\.pdf: (not a readable PDF|no text found)",
        "locked.pdf": r"locked\.pdf: the PDF is encrypted",
        "year.txt": r"year\.meta\.toml: year must be a year such as 2021, not 'hai nghìn'",
        "superscript.txt": r"superscript\.meta\.toml: year must be a year such as 2021, not '²⁰²¹'",
        "title.txt": r"title\.meta\.toml: title must be a text in quotes, not 5",
        "province.txt": r"province\.meta\.toml: province must be a text in quotes, not \['a', 'b'\]",
        "baddate.txt": r"baddate\.meta\.toml: date must be a date such as 2021-05-01",
        "typo.txt": r"typo\.meta\.toml: unknown key 'provice' \(known: title, doc_type, number, date, year, ",
        "twodates.txt": r"twodates\.meta\.toml: date 2021-05-01 and year 2019 disagree: give one",
    }


@pytest.mark.parametrize(
    "name",
    [
        "random.docx",
        "notword.docx",
        "truncated.pdf",
        "locked.pdf",
        "year.txt",
        "title.txt",
        "province.txt",
        "baddate.txt",
    ],
)
def test_each_broken_file_is_named_in_one_line(tmp_path, name):
    expected = _broken_files(tmp_path)
    with pytest.raises(UnreadableFile, match=expected[name]) as err:
        _read(tmp_path / name)
    assert "\n" not in str(err.value)


def test_a_corpus_full_of_broken_files_indexes_the_rest_and_exits_3(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    expected = _broken_files(corpus)
    shutil.copy(SEED, corpus / "trung.txt")
    shutil.copy(SEED, corpus / "trung.md")
    (corpus / "hostname.txt").symlink_to("/etc/hostname")
    result = run("build", "--corpus", str(corpus), "--index", str(tmp_path / "index"))
    assert result.exit_code == 3
    for pattern in [
        *expected.values(),
        r"trung\.md: same id 'trung' as trung\.txt",
        r"hostname\.txt: a link to /etc/hostname",
    ]:
        assert any(__import__("re").search(pattern, line) for line in result.output.splitlines()), pattern
    docs = json.loads(run("docs", "--json", "--index", str(tmp_path / "index")).stdout)
    assert sorted(d["doc_id"] for d in docs) == ["tomldate", "trung"]
    tomldate = next(d for d in docs if d["doc_id"] == "tomldate")
    assert (tomldate["date"], tomldate["year"]) == ("2021-05-01", 2021)
    for key in ("signer_title", "authority", "place", "recipients", "marks", "cites"):
        assert key in tomldate  # docs --json carries every metadata field
    assert {
        "number": "28-NQ/TU",
        "date": "",
        "relation": "implements",
        "issuer": "Tỉnh ủy",
    } in tomldate["cites"]


def test_add_never_copies_a_file_it_cannot_read(tmp_path):
    bad = tmp_path / "random.docx"
    bad.write_bytes(os.urandom(3000))
    good = tmp_path / "nq.txt"
    good.write_text(TEXT, encoding="utf-8")
    result, corpus, index = add(tmp_path, bad, good)
    assert result.exit_code == 3
    assert "Warning: not added: random.docx: not a readable Word file (not a Word package)\n" in result.output
    assert "nghiquyet-add-" not in result.output  # the user's file is named, never the temporary copy
    assert sorted(p.name for p in corpus.iterdir()) == ["nq.txt"]
    assert search_total(index, '"hợp tác xã đánh bắt hải sản xa bờ"') == 1


def test_links_out_of_the_corpus_and_twin_ids_are_refused(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    shutil.copy(SEED, corpus / "trung.md")
    shutil.copy(SEED, corpus / "trung.txt")
    (corpus / "out.txt").symlink_to("/etc/hostname")
    (corpus / "inside.txt").symlink_to(corpus / "trung.txt")
    (corpus / "etc").symlink_to("/etc")  # a folder: never walked into, and named
    assert [p.name for p in corpus_files(corpus)] == ["inside.txt", "trung.txt"]
    assert [name for name, _ in refused_files(corpus)] == ["etc", "out.txt", "trung.md"]
    assert dict(refused_files(corpus))["etc"] == "etc: a link to the folder /etc, outside the corpus folder: refused"


# Words of a real resolution that carry a diacritic (as most Vietnamese syllables do): a text of
# a few unaccented words reads the same in every encoding and cannot be told apart.
_WORDS = sorted(
    w
    for w in set(re.findall(r"[^\W\d_]+", SEED.read_text(encoding="utf-8").lower()))
    if not w.isascii() and w.isalpha()
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=6, max_size=40))
def test_legacy_detection_round_trips_any_vietnamese_text(words):
    """Whatever words a text holds, its TCVN3 and its VNI spelling both come back as written.

    (A text of one word repeated can read well in both tables — "xö" is "xử" in TCVN3 and "xư"
    in VNI — so the texts here hold at least three different words, as any real one does.)
    """
    import unicodedata

    assume(len(set(words)) >= 3)
    text = unicodedata.normalize("NFC", " ".join(words))
    to_tcvn3 = {v: k for k, v in encodings.TCVN3.items()}
    to_vni = {v: k for k, v in encodings.VNI.items() if len(v) == 1}
    tcvn3 = "".join(to_tcvn3.get(c, c) for c in text)
    vni = "".join(to_vni.get(c, c) for c in text)
    # A legacy text shows at least one letter Vietnamese never uses ("¸", "µ", "ï"); without one
    # ("bÝ hót" is also well-formed Unicode) no rule can tell, and the text is left as it is.
    # Nor can one when both tables read the bytes as well-formed Vietnamese, differently: the
    # TCVN3 bytes of "bỏ bổ có" ("bá bæ cã") are the VNI spelling of "bá bỉ cã".
    for legacy in (tcvn3, vni):
        readings = {
            unicodedata.normalize("NFC", f(legacy)) for f in (encodings.tcvn3_to_unicode, encodings.vni_to_unicode)
        }
        ambiguous = len(readings) > 1 and all(encodings.syllable_share(r) == 1.0 for r in readings)
        if sum(c in encodings.FOREIGN for c in legacy) >= 1 and not ambiguous:
            assert encodings.legacy_to_unicode(legacy, min_letters=1) == text
    assert encodings.legacy_to_unicode(text) is None


def test_a_twin_that_cannot_be_read_never_hides_the_one_that_can(tmp_path):
    # trung.txt wins the id 'trung' over trung.md by the suffix rule; when it is
    # broken, trung.md is indexed instead, and only trung.txt is named as skipped.
    corpus, index = tmp_path / "c", tmp_path / "ix"
    corpus.mkdir()
    (corpus / "trung.txt").write_bytes(b"\x00\x01" * 2000)
    (corpus / "trung.md").write_text(TEXT, encoding="utf-8")
    result = run("build", "--corpus", str(corpus), "--index", str(index))
    assert result.exit_code == 3
    assert "Warning: skipped trung.txt: binary file, not text\n" in result.output
    assert "trung.md" not in result.output
    assert search_total(index, '"hợp tác xã đánh bắt hải sản xa bờ"') == 1
    docs = json.loads(run("docs", "--json", "--index", str(index)).stdout)
    assert [(d["doc_id"], Path(d["path"]).name) for d in docs] == [("trung", "trung.md")]
    # Nothing changed: an update rewrites nothing (it read trung.md, not the broken trung.txt) …
    again = run("update", "--corpus", str(corpus), "--index", str(index))
    assert "0 added, 0 changed, 0 removed, 1 unchanged" in again.output, again.output
    # … and a change to either file is seen.
    (corpus / "trung.md").write_text(TEXT.replace("muối", "cá"), encoding="utf-8")
    changed = run("update", "--corpus", str(corpus), "--index", str(index))
    assert "0 added, 1 changed, 0 removed, 0 unchanged" in changed.output, changed.output
    (corpus / "trung.txt").write_bytes(b"\x00\x02" * 2000)
    assert "1 changed" in run("update", "--corpus", str(corpus), "--index", str(index)).output


def test_an_empty_title_in_a_sidecar_keeps_the_text_s_title(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    shutil.copy(SEED, corpus / "a.txt")
    (corpus / "a.meta.toml").write_text('title = ""\nprovince = "Bình Thuận"\n', encoding="utf-8")
    doc = read_document(corpus / "a.txt", corpus)
    assert doc.title != "a" and doc.title == read_document(SEED, SEED.parent).title
    assert doc.province == "Bình Thuận"


def test_add_refuses_a_file_whose_id_another_file_of_the_corpus_has(tmp_path):
    # Two files of one id: only one could ever be indexed, so the second is not copied in.
    first = tmp_path / "in" / "nq.txt"
    first.parent.mkdir()
    first.write_text(TEXT, encoding="utf-8")
    twin = tmp_path / "nq.md"
    twin.write_text(TEXT.replace("muối", "cá"), encoding="utf-8")
    add(tmp_path, first)
    result, corpus, _ = add(tmp_path, twin)
    assert result.exit_code == 2
    assert result.output == (
        "Error: not added: nq.md: same id 'nq' as nq.txt: only one of them could be indexed (rename one)\n"
    )
    assert sorted(p.name for p in corpus.iterdir()) == ["nq.txt"]


def test_update_counts_a_document_that_no_longer_reads_as_removed(tmp_path):
    corpus, index = tmp_path / "c", tmp_path / "ix"
    corpus.mkdir()
    (corpus / "nq.txt").write_text(TEXT, encoding="utf-8")
    run("build", "--corpus", str(corpus), "--index", str(index))
    (corpus / "nq.meta.toml").write_text('year = "hai nghìn"\n', encoding="utf-8")
    result = run("update", "--corpus", str(corpus), "--index", str(index))
    assert result.exit_code == 3
    assert "1 removed" in result.output
    assert search_total(index, '"hợp tác xã đánh bắt hải sản xa bờ"') == 0


# A TCVN3 file whose header was set in the capitals font (.VnTimeH): the font drew capitals
# over the lower-case codes, so the bytes hold lower case (E10 in party-documents.md).
TCVN3_HEADER_FILE = (
    b"t\xd8nh \xf1y ph\xf3 y\xaan\n"
    b"*\n"
    b"s\xe8 21-NQ/TU\n"
    b"\n"
    b"\xae\xb6ng c\xe9ng s\xb6n vi\xd6t nam\n"
    b"tuy h\xdfa, ng\xb5y 15 th\xb8ng 4 n\xa8m 2015\n"
    b"\n"
    b"ngh\xde quy\xd5t\n"
    b"v\xd2 ph\xb8t tri\xd3n ngh\xd2 nu\xabi t\xabm h\xefm b\xd2n v\xf7ng\n"
    b"-----\n"
    b"\n"
    b"Ph\xb8t tri\xd3n ngh\xd2 nu\xabi t\xabm h\xefm l\xe5ng b\xcc \xeb v\xdenh Xu\xa9n \xa7\xb5i g\xben v\xedi b\xb6o v\xd6 m\xabi tr\xad\xeang bi\xd3n, n\xa9ng cao thu nh\xcbp cho ng\xad d\xa9n ven bi\xd3n.\n"
    b"\n"
    b"C\xb8c c\xcap \xf1y \xae\xb6ng l\xb7nh \xae\xb9o th\xf9c hi\xd6n quy ho\xb9ch v\xefng nu\xabi, ki\xd3m so\xb8t d\xdech b\xd6nh v\xb5 ch\xcat l\xad\xeeng con gi\xe8ng.\n"
)


def test_a_tcvn3_header_set_in_the_capitals_font_gives_every_field(tmp_path):
    source = tmp_path / "tcvn3.txt"
    source.write_bytes(TCVN3_HEADER_FILE)
    result, _, index = add(tmp_path, source)
    assert result.exit_code == 0, result.output
    (doc,) = json.loads(run("docs", "--json", "--index", str(index)).stdout)
    got = {k: doc[k] for k in ("title", "doc_type", "number", "date", "issuer", "province", "place")}
    assert got == {
        "title": "Nghị quyết về phát triển nghề nuôi tôm hùm bền vững",
        "doc_type": "Nghị quyết",
        "number": "21-NQ/TU",
        "date": "2015-04-15",
        "issuer": "Tỉnh ủy Phú Yên",
        "province": "Phú Yên",
        "place": "Tuy Hòa",
    }
    hits = json.loads(run("search", "21-NQ/TU", "--json", "--index", str(index)).stdout)["hits"]
    assert hits[0]["kind"] == "document"
    assert search_total(index, "đảng cộng sản việt nam") == 0  # the header is not body text


def test_a_tcvn3_signature_set_in_the_capitals_font_is_read_and_its_marks_searchable(
    tmp_path,
):
    # The signature typed in .VnTimeH converts to "T/M TỈNH ủY" (TCVN3 has no capital Ủ): in a
    # line set in capitals the word is put back in capitals, as printed.
    source = tmp_path / "tcvn3-sig.txt"
    source.write_bytes(
        TCVN3_HEADER_FILE.replace(b"s\xe8 21-NQ/TU\n", b"s\xe8 21-NQ/TU\nm\xcat\n")
        + b"\nT/M T\xd8NH \xf1Y\nB\xcd TH\xad\n\nNguy\xd4n V\xa8n An\n"
    )
    result, _, index = add(tmp_path, source)
    assert result.exit_code == 0, result.output
    (doc,) = json.loads(run("docs", "--json", "--index", str(index)).stdout)
    got = {k: doc[k] for k in ("number", "issuer", "authority", "signer_title", "signer", "marks")}
    assert got == {
        "number": "21-NQ/TU",
        "issuer": "Tỉnh ủy Phú Yên",
        "authority": "T/M TỈNH ỦY",
        "signer_title": "Bí thư",
        "signer": "Nguyễn Văn An",
        "marks": ["MẬT"],
    }
    hits = json.loads(run("search", "nghị quyết mật", "--json", "--index", str(index)).stdout)["hits"]
    assert hits[0]["kind"] == "document" and "MẬT" in hits[0]["text"]
    assert search_total(index, "Nguyễn Văn An") == 1  # the signer is in the document's line only


def test_a_tcvn3_line_in_capitals_keeps_its_short_accented_words_in_capitals():
    # TCVN3 has no capitals for some accented letters: the capitals font drew them from the
    # lower-case codes, so "ĐẢNG BỘ TỈNH" converts as "ĐẢNG Bộ TỈNH". Prose keeps its case.
    code = {v: k for k, v in encodings.TCVN3.items()}.__getitem__  # capitals typed as ASCII, accents as codes
    typed = (
        f"{code('Đ')}{code('ả')}NG B{code('ộ')} T{code('ỉ')}NH TH{code('á')}I NGUY{code('ê')}N\n"
        f"B{code('í')} TH{code('ư')}\nB{code('ộ')} Ch{code('í')}nh tr{code('ị')}"
    )
    converted = encodings.tcvn3_to_unicode(typed)
    assert converted.split("\n") == [
        "ĐẢNG BỘ TỈNH THÁI NGUYÊN",
        "BÍ THƯ",
        "Bộ Chính trị",
    ]
