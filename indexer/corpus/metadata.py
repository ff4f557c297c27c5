"""A party document's metadata, read from its header, title block and signature.

Why a module of its own: the standard (Hướng dẫn 36-HD/VPTW, 05-HD/VPTW; see
``shared/party-documents.md``) fixes *what* the header and the signature block
hold — issuing body over a ``*``, ``Số 34-NQ/TU``, "ĐẢNG CỘNG SẢN VIỆT NAM",
"Lào Cai, ngày 27 tháng 12 năm 2025", the type line and its trích yếu,
T/M / K/T / T/L / Q. with a title and a name, Nơi nhận, MẬT / KHẨN — but
extractions scramble *where* it lands (left block then right block, side by
side, merged by OCR, glued together). So every rule here keys on the words the
standard prescribes, compared without accents (OCR writes "ĐÁNG", "KÉT LUẬN"),
never on line positions.

:mod:`indexer.corpus.layout` asks :func:`split_header_line` and :func:`is_anchor` which
lines are header; :func:`describe` turns the header, title and closing lines
into fields.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from analyzers.text import fold_text
from indexer.corpus.casing import Casing

# Type lines, longest first (the standard's tên loại; state types for look-alikes).
DOC_TYPES = (
    "CHƯƠNG TRÌNH HÀNH ĐỘNG",
    "CHƯƠNG TRÌNH",
    "NGHỊ QUYẾT",
    "KẾT LUẬN",
    "CHỈ THỊ",
    "KẾ HOẠCH",
    "QUY ĐỊNH",
    "QUYẾT ĐỊNH",
    "QUY CHẾ",
    "HƯỚNG DẪN",
    "THÔNG BÁO",
    "THÔNG TRI",
    "BÁO CÁO",
    "TỜ TRÌNH",
    "BIÊN BẢN",
    "ĐỀ ÁN",
    "NGHỊ ĐỊNH",
    "THÔNG TƯ",
)
_FOLDED_TYPES = [(fold_text(t), t) for t in DOC_TYPES]

# The type abbreviation of a symbol (05-HD 3.1.2 a; QĐi is Quy định before 2019).
SYMBOL_TYPES = {
    "NQ": "Nghị quyết",
    "CT": "Chỉ thị",
    "KL": "Kết luận",
    "CTR": "Chương trình",
    "KH": "Kế hoạch",
    "QĐ": "Quyết định",
    "QĐI": "Quy định",
    "QC": "Quy chế",
    "HD": "Hướng dẫn",
    "TB": "Thông báo",
    "TT": "Thông tri",
    "BC": "Báo cáo",
    "CV": "Công văn",
    "TTR": "Tờ trình",
    "BB": "Biên bản",
    "ĐA": "Đề án",
}

MARKS = ("TUYỆT MẬT", "TỐI MẬT", "MẬT", "THƯỢNG KHẨN", "HỎA TỐC", "HOẢ TỐC", "KHẨN")
_FOLDED_MARKS = {fold_text(m): m.replace("HOẢ", "HỎA") for m in MARKS}

PARTY_TITLE = "ĐẢNG CỘNG SẢN VIỆT NAM"
_STATE_TITLE = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM")
_STATE_MOTTO = "Độc lập - Tự do - Hạnh phúc"
# The organisation a header names where a party document names the Party (the Youth Union's
# own documents follow the party layout): its committees' names are completed with it.
_OTHER_TITLES = {
    "doan tncs ho chi minh": "Đoàn TNCS Hồ Chí Minh",
    "doan thanh nien cong san ho chi minh": "Đoàn TNCS Hồ Chí Minh",
}
_TITLES = {fold_text(t): "" for t in (PARTY_TITLE, *_STATE_TITLE, _STATE_MOTTO)} | _OTHER_TITLES

# "Số 34-NQ/TU", "Số: 97-QĐ/TW", "Số        -CTr/TU" (signed PDF), "Số 2449 -CV/ĐU";
# the state form "Số: 03/NQ-CP", "Số: 51/2021/NĐ-CP" for look-alikes.
_SYMBOL = r"[A-ZĐ][A-Za-zĐđ]{0,5}"
# Capitals (a glued next word "TUPhan" gives its capital back); "ThU" (thị ủy) is the one mixed case.
# A joint document's second body may be "TTr" (thanh tra): "02-QC/UBKTTU-TTr".
_BODY = (
    r"(?:ThU|[A-ZĐ][A-ZĐ0-9]{0,14}(?![a-zà-ỹđ]))"
    r"(?:-(?:TTr(?![a-zà-ỹđ])|[A-ZĐ][A-ZĐ0-9]{0,14}(?![a-zà-ỹđ])))*"
)
PARTY_NUMBER = re.compile(rf"(?P<n>\d{{1,5}})?\s*-\s*(?P<t>{_SYMBOL})\s*/\s*(?P<b>{_BODY})")
STATE_NUMBER = re.compile(rf"(?P<n>\d{{1,5}})/(?:(?P<y>\d{{4}})/)?(?P<t>{_SYMBOL})-(?P<b>{_BODY})")
_NUMBER_LINE = re.compile(r"^S[ốoóỐOÓ]\s*:?\s*(?=[\d\s]*-\s*[A-ZĐ]|\d{1,5}/)")
_DATE_AT = (
    r"(?P<place>[A-ZĐÀ-Ỹ][^\d,|*]{0,40}?),?\s*ngày\s*(?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})\s*năm\s*(?P<y>\d{4})"
)
_DATE_HERE = re.compile(_DATE_AT)
_DATE_WORDS = re.compile(
    r"(?:^|(?<=[\s,|*]))(?P<place>[A-ZĐÀ-Ỹ][^\d,|*]{0,40}?),?\s*ngày\s*(?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})"
    r"\s*năm\s*(?P<y>\d{4})"
)
_AUTHORITY = re.compile(r"^(T/M|K/T|T/L|TM\.|KT\.|TL\.|Q\.)\s*(.*)$")
_AUTHORITY_FORMS = {"T/M": "T/M", "TM.": "T/M", "K/T": "K/T", "KT.": "K/T", "T/L": "T/L", "TL.": "T/L", "Q.": "Q."}
_SIGNER_TITLES = (
    "TỔNG BÍ THƯ",
    "PHÓ BÍ THƯ THƯỜNG TRỰC",
    "PHÓ BÍ THƯ",
    "BÍ THƯ",
    "CHỦ NHIỆM",
    "PHÓ CHỦ NHIỆM",
    "CHỦ TỊCH",
    "PHÓ CHỦ TỊCH",
    "TRƯỞNG BAN",
    "PHÓ TRƯỞNG BAN",
    "CHÁNH VĂN PHÒNG",
    "PHÓ CHÁNH VĂN PHÒNG",
    "CHÁNH THANH TRA",
    "PHÓ CHÁNH THANH TRA",
    "TRƯỞNG ĐOÀN",
    "THỦ TRƯỞNG",
    "PHÓ THỦ TRƯỞNG",
    # state look-alikes (a Government resolution adopting a party programme)
    "THỦ TƯỚNG",
    "PHÓ THỦ TƯỚNG",
    "BỘ TRƯỞNG",
    "THỨ TRƯỞNG",
)
_FOLDED_SIGNER_TITLES = {fold_text(t) for t in _SIGNER_TITLES}

# Words of a body's name that are common nouns; whatever follows a level word is a proper name.
_LEVEL_WORDS = {"tỉnh", "thành", "huyện", "xã", "phường", "quận", "thị", "phố", "khu", "trấn"}
_FIXED_CASE = (
    ("trung ương", "Trung ương"),
    ("bộ chính trị", "Bộ Chính trị"),
    ("ban bí thư", "Ban Bí thư"),
    ("ban chấp hành", "Ban Chấp hành"),
    ("ban thường vụ", "Ban Thường vụ"),
    ("việt nam", "Việt Nam"),
    ("chính phủ", "Chính phủ"),
    # state bodies a party organ sits in: "Đảng ủy Ủy ban nhân dân tỉnh", "Đảng đoàn Ủy ban Mặt trận Tổ quốc"
    ("ủy ban nhân dân", "Ủy ban nhân dân"),
    ("hội đồng nhân dân", "Hội đồng nhân dân"),
    ("ủy ban mặt trận tổ quốc", "Ủy ban Mặt trận Tổ quốc"),
    ("mặt trận tổ quốc", "Mặt trận Tổ quốc"),
    ("thanh tra tỉnh", "Thanh tra tỉnh"),
    # the armed forces' committees the standard abbreviates ĐUQS, ĐUCA, ĐUBP (05-HD 3.1.2 b)
    ("công an tỉnh", "Công an tỉnh"),
    ("công an thành phố", "Công an thành phố"),
    ("quân sự tỉnh", "Quân sự tỉnh"),
    ("quân sự thành phố", "Quân sự thành phố"),
    ("bộ đội biên phòng tỉnh", "Bộ đội Biên phòng tỉnh"),
)
_OCR_HEADER_WORDS = (
    PARTY_TITLE,
    "BAN CHẤP HÀNH TRUNG ƯƠNG",
    "BAN CHẤP HÀNH",
    "BAN THƯỜNG VỤ",
    "BỘ CHÍNH TRỊ",
    "BAN BÍ THƯ",
    "ĐẢNG BỘ",
    "ĐẢNG ỦY",
    "TỈNH ỦY",
    "THÀNH ỦY",
    "HUYỆN ỦY",
    "QUẬN ỦY",
    "THỊ ỦY",
    "CHI BỘ",
    "LẦN THỨ",
    "CỦA",
    # the standard's organs and the titles they sign with (05-HD 2.1, 7.1.4)
    "ỦY BAN KIỂM TRA",
    "KIỂM TRA",
    "VĂN PHÒNG",
    "BAN TỔ CHỨC",
    "TUYÊN GIÁO",
    "DÂN VẬN",
    "ĐẢNG ĐOÀN",
    "BAN CÁN SỰ",
    "ĐẠI HỘI",
    "ĐẠI BIỂU",
    "ĐOÀN CHỦ TỊCH",
    # a title whose unaccented form is another title's too ("THỦ TRƯỞNG", "THỨ TRƯỞNG") is left as read
    *(t for t in _SIGNER_TITLES if sum(fold_text(u) == fold_text(t) for u in _SIGNER_TITLES) == 1),
    *DOC_TYPES,
)

# Provinces and centrally-run cities (before and after the 2025 merger), to read a
# province from a place name or a body's name when no level word says so.
PROVINCES = (
    "An Giang, Bà Rịa - Vũng Tàu, Bắc Giang, Bắc Kạn, Bạc Liêu, Bắc Ninh, Bến Tre, Bình Định, Bình Dương, "
    "Bình Phước, Bình Thuận, Cà Mau, Cần Thơ, Cao Bằng, Đà Nẵng, Đắk Lắk, Đắk Nông, Điện Biên, Đồng Nai, "
    "Đồng Tháp, Gia Lai, Hà Giang, Hà Nam, Hà Nội, Hà Tĩnh, Hải Dương, Hải Phòng, Hậu Giang, Hòa Bình, "
    "Hồ Chí Minh, Hưng Yên, Khánh Hòa, Kiên Giang, Kon Tum, Lai Châu, Lâm Đồng, Lạng Sơn, Lào Cai, Long An, "
    "Nam Định, Nghệ An, Ninh Bình, Ninh Thuận, Phú Thọ, Phú Yên, Quảng Bình, Quảng Nam, Quảng Ngãi, "
    "Quảng Ninh, Quảng Trị, Sóc Trăng, Sơn La, Tây Ninh, Thái Bình, Thái Nguyên, Thanh Hóa, Huế, "
    "Thừa Thiên Huế, Tiền Giang, Trà Vinh, Tuyên Quang, Vĩnh Long, Vĩnh Phúc, Yên Bái"
).split(", ")
_FOLDED_PROVINCES = sorted(((fold_text(p), p) for p in PROVINCES), key=lambda x: -len(x[0]))


@dataclass
class Header:
    """What the header, title block and signature block state."""

    issuer: str = ""
    organisation: str = ""  # not the Party's: the Youth Union's (see _OTHER_TITLES)
    number: str = ""
    symbol_type: str = ""
    place: str = ""
    date: str = ""
    year: int | None = None
    doc_type: str = ""
    title: str = ""
    authority: str = ""
    signer_title: str = ""
    signer: str = ""
    province: str = ""
    recipients: list[str] = field(default_factory=list)
    marks: list[str] = field(default_factory=list)


def folded(text: str) -> str:
    """Lower-case, accent-free, length-kept: how header words are compared (OCR drops accents)."""
    return fold_text(text)


def repair_ocr(line: str) -> str:
    """Put the standard's header words back where OCR damaged their accents ("ĐÁNG" → "ĐẢNG")."""
    if not line.isupper():
        return line.replace("*+", "*")
    low = folded(line)
    out = line
    for word in _OCR_HEADER_WORDS:
        key = folded(word)
        start = 0
        # a type word opens its line ("KÉT LUẬN"): inside a name it is two words ("ĐIỆN BIÊN BAN TỔ CHỨC")
        first_only = word in DOC_TYPES
        while (i := low.find(key, start)) >= 0:
            end = i + len(key)
            if first_only and low[:i].strip(" *|"):
                break
            if (i == 0 or not low[i - 1].isalpha()) and (end == len(low) or not low[end].isalpha()):
                out = out[:i] + word + out[end:]
            start = end
    return out.replace("*+", "*")


def type_of_line(text: str, strict: bool = True) -> str:
    """The standard type name a type line starts with ("NGHỊ QUYẾT số 9" → "NGHỊ QUYẾT"), else "".

    ``strict``: the type words must be in capitals, as the standard sets them
    (a sentence that starts "Nghị quyết …" is not a type line).
    """
    low = folded(text[:40])
    for key, name in _FOLDED_TYPES:
        if low.startswith(key) and (len(low) == len(key) or not low[len(key)].isalpha()):
            if text[: len(key)].isupper() or not strict:
                return name
    return ""


def mark_of(text: str) -> str:
    """The confidentiality or urgency mark a line is, else "".

    Set in capitals; a legacy (TCVN3) capitals font converts to lower case ("mật"), never to mixed case.
    """
    t = text.strip(" *_|")
    return _FOLDED_MARKS.get(folded(t), "") if (t.isupper() or t.islower()) and len(t) <= 12 else ""


def split_header_line(line: str) -> list[str]:
    """Cut one raw header line into the components the standard places apart.

    Side-by-side extractions (runs of spaces, table cells) and OCR-merged or
    glued lines put two boxes on one line; the cuts fall before and after
    "ĐẢNG CỘNG SẢN VIỆT NAM", before "Số …", after the date and around a lone
    "*", so each piece is one box again.
    """
    if len(line) > 600:
        return [line]
    line = re.sub(r"\b(Số|ngày)\s{2,}(?=-|tháng)", r"\1 ", line)  # a number or day left blank at signing
    # Runs of spaces, table cells, and the <br> a markdown conversion writes between a cell's lines.
    pieces = [p for p in re.split(r"\s{3,}|\s*\|\s*|\s*<br\s*/?>\s*", line) if p.strip()] or [line]
    out: list[str] = []
    for piece in pieces:
        out.extend(_cut_anchors(piece))
    return out or [line]


def split_flat_header(line: str, limit: int = 600) -> list[str]:
    """A whole header set on one long line with the title (and perhaps the body) after it → its boxes, then the rest.

    Flattened extractions (E9 in party-documents.md) run the header, the type
    line, its trích yếu and the first paragraphs together. The boxes are cut
    out of the line's start up to its last header-only box; what follows is
    left whole except that a type line is cut from the text after the rule
    ("-----") that closes the title block. A line with fewer than two
    header-only boxes near its start is returned as it is.
    """
    pieces = _cut_anchors(line[:limit])
    anchors = [i for i, p in enumerate(pieces) if is_anchor(p)]
    if len(anchors) < 2:
        return [line]
    end = 0
    for piece in pieces[: anchors[-1] + 1]:
        at = line.find(piece, end)
        if at < 0:
            return [line]
        end = at + len(piece)
    out, rest = pieces[: anchors[-1] + 1], line[end:].strip()
    return out + _split_title_run(rest, limit)


def _caps_then_lower_cuts(text: str, begin: int = 0) -> list[int]:
    """Where capitals are glued to a lower-case word ("… KHÓA XXIvề tình hình …"): no Vietnamese
    word has two capitals and then small letters, so two lines of the title block met there."""
    return [
        i
        for i in range(max(2, begin), len(text))
        if text[i].islower() and text[i - 1].isupper() and text[i - 2].isupper()
    ]


def _caps_then_lower(text: str) -> list[str]:
    return [text[a:b] for a, b in itertools.pairwise([0, *_caps_then_lower_cuts(text), len(text)])]


# The words a party document's first sentence opens with ("Thực hiện Nghị quyết …", "Căn cứ …",
# "Sau khi …", "Ngày 17/12/2025, …"): capitalised inside a trích yếu they cannot be, since a
# trích yếu is one phrase in lower case but for names.
_BODY_OPENER = re.compile(
    r"\s(?=(?:Thực hiện|Tiếp tục thực hiện|Căn cứ|Sau khi|Sau \d|Qua \d|Thời gian qua|Những năm qua|Trong những năm|"
    r"Thi hành|Triển khai|Xét đề nghị|Theo đề nghị|Nhằm|Để|Ngày \d|Tại (?:hội nghị|phiên|kỳ họp|buổi)|"
    r"Hội nghị (?:lần|Ban)|Vừa qua)\b)"
)


def _split_title_run(rest: str, limit: int) -> list[str]:
    """The text after a flattened header's last box, when it opens with the type line: the type
    line, its trích yếu, and the body after the rule ("-----") the standard draws under them — or,
    with no rule, after the trích yếu's phrase, where the first sentence opens."""
    glued = _GLUED_TYPE.match(rest)
    if not (type_of_line(rest) or glued):
        return [rest] if rest else []
    out = [rest[: glued.end()]] if glued else []
    rest = rest[glued.end() :] if glued else rest
    rule = re.search(r"-{3,}|_{3,}", rest[:limit])
    opener = None if rule else _BODY_OPENER.search(rest[:limit])
    cut = rule or opener
    head, tail = (rest[: cut.start()], rest[cut.end() :]) if cut else (rest, "")
    out.extend(p.strip() for p in _caps_then_lower(head) if p.strip())
    return out + ([tail.strip()] if tail.strip() else [])


def _cut_anchors(piece: str) -> list[str]:
    low = folded(piece)
    cuts = set()
    titles = []
    for title in (PARTY_TITLE, *_STATE_TITLE):
        i = low.find(folded(title))
        if i >= 0:
            cuts.update((i, i + len(title)))
            titles.append(i)
    for m in re.finditer(r"s[oố]\s*:?\s*(?:\d{1,5})?\s*-\s*[a-zđ]{1,6}\s*/", low):
        if piece[m.start()] == "S":
            cuts.add(m.start())
            # The body's letters end where a title glued to them begins ("Số 05-NQ/TUĐẢNG CỘNG SẢN…").
            stop = min((i for i in titles if i > m.start()), default=len(piece))
            digits = m.start() + len(re.match(r"s[oố]\s*:?\s*", low[m.start() :]).group())
            tail = PARTY_NUMBER.match(piece, digits, stop)
            if tail:
                cuts.add(tail.end())
                glued = _DATE_HERE.match(piece, tail.end())
                if glued:
                    cuts.add(glued.end())
    for m in re.finditer(r"s[oố]\s*:\s*\d{1,5}/", low):
        cuts.add(m.start())
    m = _DATE_WORDS.search(piece)
    if m and not any(_date_starts_at(piece, c) for c in cuts):
        cuts.update((m.start("place") + _caps_lead(m.group("place")), m.end()))
    for m in re.finditer(r"(?<!\*)\*(?!\*)", piece):
        cuts.update((m.start(), m.end()))
    cuts.update(m.start() for m in _GLUED_BODY.finditer(piece))
    for m in _GLUED_TYPE.finditer(piece):  # "HƯỚNG DẪNTHỂ THỨC …": the type line, then the title
        cuts.update((m.start(), m.end()))
        cuts.update(_caps_then_lower_cuts(piece, m.end()))  # "… KHÓA XXIvề …": the trích yếu glued on
    for m in re.finditer(r"-{3,}|_{3,}", piece):  # a rule drawn under a box, glued to its text
        cuts.update((m.start(), m.end()))
    if not cuts:
        return [piece]
    bounds = [0, *sorted(c for c in cuts if 0 < c < len(piece)), len(piece)]
    return [piece[a:b].strip() for a, b in itertools.pairwise(bounds) if piece[a:b].strip()]


# The lower line of a two-line issuer glued to the upper one with no space (docx→text, E5:
# "BAN CHẤP HÀNH TRUNG ƯƠNGVĂN PHÒNG", "ĐẢNG BỘ TỈNH QUẢNG NAMĐẢNG ỦY XÃ TAM XUÂN"): a capital
# letter right before the name of a party body begins a new box.
_GLUED_BODY = re.compile(
    r"(?<=[A-ZĐÀ-Ỹ])(?=(?:VĂN PHÒNG|ĐẢNG ỦY|ĐẢNG UỶ|ĐẢNG BỘ|ĐẢNG ĐOÀN|BAN CÁN SỰ|BAN THƯỜNG VỤ|BAN CHẤP HÀNH"
    r"|TỈNH ỦY|TỈNH UỶ|THÀNH ỦY|THÀNH UỶ|HUYỆN ỦY|HUYỆN UỶ|QUẬN ỦY|QUẬN UỶ|THỊ ỦY|THỊ UỶ|CHI BỘ|ỦY BAN KIỂM TRA)\b)"
)


_GLUED_TYPE = re.compile(rf"(?:{'|'.join(DOC_TYPES)})(?=[A-ZĐÀ-Ỹ])")


def _date_starts_at(piece: str, at: int) -> bool:
    """Whether a place and date begin at ``at`` — a place, not the party title before one
    ("ĐẢNG CỘNG SẢN VIỆT NAM Ninh Thuận, ngày …" begins with the title: the date is not cut yet)."""
    m = _DATE_HERE.match(piece, at)
    return bool(m) and not _caps_lead(m.group("place"))


def _caps_lead(place: str) -> int:
    """How many characters of capitals-only words (the party title's tail) precede a place name."""
    lead = 0
    for m in re.finditer(r"\S+\s*", place):
        word = m.group(0).strip(" -")
        if len(word) > 1 and word.isupper() and word not in ("TP", "TP.", "ĐK", "TX"):
            lead = m.end()
        else:
            break
    return lead


def is_anchor(text: str) -> bool:
    """A line only a header holds: the party or state title, a number line, a place and date, a lone ``*``."""
    if len(text) > 120:
        return False  # every header box is short; body lines are not folded for nothing
    t = text.strip(" *_|:\\")
    if text.strip(" |") in ("*", "*+", "***") or re.fullmatch(r"[*+\s]{1,5}", text.strip()):
        return True
    low = folded(t)
    if low in (folded(PARTY_TITLE), *(folded(s) for s in _STATE_TITLE)) or low == folded(_STATE_MOTTO):
        return True
    if _NUMBER_LINE.match(t) and len(t) < 60:
        return True
    m = _DATE_WORDS.match(t)
    return bool(m) and len(t) < 90


def is_closing_line(text: str) -> bool:
    """A line only a signature block opens with: "Nơi nhận:", or an authority with its body ("T/M BAN THƯỜNG VỤ")."""
    t = text.strip(" *_|")
    return bool(re.match(r"^(Nơi nhận\s*:|(T/M|K/T|T/L)\s*[A-ZĐÀ-Ỹ]{2,}|T/M$)", t))


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[*_|]+|\\", " ", text)).strip(" ,;:-")


def body_name(text: str) -> str:
    """Write an upper-case body's name as prose does: "TỈNH ỦY NINH THUẬN" → "Tỉnh ủy Ninh Thuận"."""
    words = _clean(text).split()
    if not words:
        return ""
    out: list[str] = []
    proper = False
    for i, w in enumerate(words):
        low = w.lower()
        if low in ("lần", "thứ", "khóa", "khoá", "nhiệm", "kỳ") or (re.fullmatch(r"[IVXLC]+", w) and i > 0):
            out.append(w if w.isupper() and re.fullmatch(r"[IVXLC]+", w) else low)  # "lần thứ XX", "khóa XIII"
            proper = False
            continue
        if proper or (i > 0 and low in ("ủy", "uỷ") and words[i - 1].lower() in _LEVEL_WORDS):
            level_tail = i > 0 and (words[i - 1].lower(), low) in (("thành", "phố"), ("thị", "xã"), ("thị", "trấn"))
            # "Thành ủy Thành phố Hồ Chí Minh": a level's second syllable is no name's
            out.append(low if (low in ("ủy", "uỷ") and not proper) or level_tail else low[:1].upper() + low[1:])
            proper = proper or low in ("ủy", "uỷ")
            continue
        out.append(low)
        # "thị", "thành" begin the level's own name (thị xã, thị trấn, thành phố) unless "ủy" follows.
        nxt = words[i + 1].lower() if i + 1 < len(words) else ""
        if low in _LEVEL_WORDS - {"thị", "thành"} and nxt and nxt not in ("ủy", "uỷ") and not _social(words, i):
            proper = True
    text = " ".join(out)
    for key, value in _FIXED_CASE:
        text = re.sub(rf"\b{key}\b", value, text)
    text = re.sub(r"(?<=\s)đảng\b", "Đảng", text)
    text = _ORGAN_IN_PARTY_BODY.sub(lambda m: f"{m[1]} {m[2][:1].upper()}{m[2][1:]} {m[3][:1].upper()}{m[3][1:]}", text)
    return text[:1].upper() + text[1:]


# A state or party organ a committee sits in ("ĐẢNG ỦY BỘ NGOẠI GIAO", "ĐẢNG BỘ BỘ Y TẾ", "ĐẢNG ỦY CỤC
# BẢO TRỢ XÃ HỘI"): an organisation's name takes a capital on its kind and on its first own word,
# as prose writes them ("Bộ Y tế", "Cục Bảo trợ xã hội").
_ORGAN_IN_PARTY_BODY = re.compile(
    r"\b([đĐ]ảng (?:ủy|uỷ|bộ|đoàn)|[bB]an cán sự [đĐ]ảng) "
    r"(bộ|tổng cục|cục|học viện|viện|tập đoàn|tổng công ty|ngân hàng|kiểm toán|thông tấn xã|đài|báo|trường|vụ"
    r"|văn phòng) "
    r"(?!(?:tỉnh|thành|huyện|xã|phường|quận|thị|các|những)\b)(\w+)"
)


def _social(words: list[str], i: int) -> bool:
    """ "xã hội" (society) inside a name ("CỤC BẢO TRỢ XÃ HỘI"), not the level "xã" and a commune
    named Hội …: the level comes right after the committee's word ("ĐẢNG ỦY XÃ HỘI NGHĨA")."""
    nxt = words[i + 1].lower() if i + 1 < len(words) else ""
    return (words[i].lower(), nxt) == ("xã", "hội") and i > 0 and words[i - 1].lower() not in ("ủy", "uỷ", "bộ")


def province_of(text: str) -> str:
    """The province a body's name or a place names ("TỈNH ỦY LÀO CAI", "Lào Cai"), else ""."""
    low = folded(_clean(text))
    for key, name in _FOLDED_PROVINCES:
        if re.search(rf"(?<![a-z]){re.escape(key)}(?![a-z])", low):
            return name
    return ""


def iso_date(day: str | int | None, month: str | int, year: str | int) -> str:
    """``YYYY-MM-DD`` for a valid date; "" when the day is missing or the date impossible."""
    import datetime  # noqa: PLC0415

    if not day:
        return ""
    try:
        return datetime.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return ""


def parse_number(text: str) -> tuple[str, str]:
    """(number, type abbreviation) from a number line; the number is "" when the text layer lost it."""
    body = re.sub(r"^S[ốoóỐO]\s*:?\s*", "", text.strip(" *_|"), flags=re.I)
    m = PARTY_NUMBER.match(body)
    if m:
        number = f"{m.group('n')}-{m.group('t')}/{m.group('b')}" if m.group("n") else ""
        return number, m.group("t")
    m = STATE_NUMBER.match(body)
    if m:
        return m.group(0), m.group("t")
    return "", ""


def describe(
    header: list[str],
    title_lines: list[str],
    closing: list[str],
    front: dict | None = None,
    body: Sequence[str] = (),
) -> Header:
    """Read every field the three blocks (and a web page's front matter) state (see the module docstring).

    ``body`` is the document's prose: a title set in capitals takes its names'
    spelling from it (:mod:`indexer.corpus.casing`).
    """
    h = Header()
    if front:
        _read_front(h, front)
    _read_header(h, [repair_ocr(_clean_keep_star(x)) for x in header])
    _read_title(h, [repair_ocr(x) if x.isupper() else x for x in title_lines], body)
    _read_closing(h, closing)
    if not h.doc_type and h.symbol_type:
        h.doc_type = SYMBOL_TYPES.get(h.symbol_type.upper(), "")
    if h.doc_type == "Quyết định" and h.symbol_type == "QĐi":
        h.doc_type = "Quy định"
    if h.doc_type == "Công văn" and not h.title:
        h.title = "Công văn"
    if not h.province:
        h.province = province_of(h.issuer)
    central = (
        re.search(r"Trung ương|Chính phủ|Bộ Chính trị|Ban Bí thư|Quốc hội|\bBộ [A-ZĐ]", h.issuer)
        or h.number.endswith(("/TW", "-CP", "/VPTW"))
        or any(_CENTRAL_SUPERIOR.match(folded(x)) for x in header[:4])
    )
    if not h.province and not central:
        h.province = province_of(h.place)  # a central body sits in Hà Nội: its place names no province
    if h.organisation and h.issuer and "Đoàn" not in h.issuer:  # "Ban Chấp hành Trung ương Đoàn TNCS Hồ Chí Minh"
        h.issuer = f"{h.issuer} {h.organisation}"
    return h


_FRONT_KEYS = {
    "number": ("docid", "so_hieu", "number", "symbol"),
    "date": ("issued_date", "ngay_ban_hanh", "date"),
    "issuer": ("authority", "co_quan", "issuer"),
    "signer": ("signer", "nguoi_ky"),
    "title": ("title",),
}


def _read_front(h: Header, front: dict) -> None:
    """Fields a web page's front matter names; the document's own header, read after, wins."""
    for field_name, keys in _FRONT_KEYS.items():
        value = next((front[k] for k in keys if front.get(k)), "")
        if field_name == "number":
            value, h.symbol_type = parse_number("Số " + value)
        elif field_name == "date":
            m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value)
            value = iso_date(m.group(3), m.group(2), m.group(1)) if m else ""
            h.year = int(value[:4]) if value else None
        elif field_name == "signer":
            for title in _SIGNER_TITLES:
                if folded(value).startswith(folded(title) + " "):
                    h.signer_title, value = _title_case_title(title), value[len(title) + 1 :]
                    break
        setattr(h, field_name, value)


def _clean_keep_star(text: str) -> str:
    return text.replace("\\", "").strip(" _|:")


def _join_wrapped_title(lines: list[str]) -> list[str]:
    """The party title wrapped in a narrow cell ("ĐẢNG CỘNG SẢN" / "VIỆT NAM |", a blog's table even
    "ĐẢNG CỘNG SẢN" / "VIỆT") is one title line, not two lines of the issuer's name."""
    out: list[str] = []
    for line in lines:
        if out and folded(_clean(out[-1])) == "dang cong san" and folded(_clean(line)) in ("viet", "viet nam"):
            out[-1] = PARTY_TITLE
        else:
            out.append(line)
    return out


def _read_header(h: Header, lines: list[str]) -> None:
    issuer_lines: list[str] = []
    organisation = ""
    seen_star = False
    subject: list[str] = []
    in_recipients = False
    for raw in _join_wrapped_title(lines):
        line = raw.strip(" *") if raw.strip() not in ("*", "*+") else "*"
        if not line:
            continue
        low = folded(line)
        if line == "*" or re.fullmatch(r"[*+]{1,3}", line):
            seen_star = True
            continue
        if mark_of(line):
            h.marks.append(mark_of(line))
            continue
        if low in _TITLES:  # the organisation's title (the Party's, the state's, the Youth Union's)
            organisation = _TITLES[low] or organisation
            continue
        if _NUMBER_LINE.match(line):
            h.number, h.symbol_type = parse_number(line)
            seen_star = True
            continue
        m = _DATE_WORDS.match(line)
        if m:
            h.place = _clean(m.group("place")[_caps_lead(m.group("place")) :])
            h.date = iso_date(m.group("d"), m.group("m"), m.group("y"))
            h.year = int(m.group("y"))
            continue
        if low.startswith(("kinh gui", "kinh trinh")):
            in_recipients = True
            rest = line.split(":", 1)[1] if ":" in line else ""
            h.recipients.extend(_recipients(rest))
            continue
        if in_recipients:
            h.recipients.extend(_recipients(line))
            continue
        if low.startswith(("ve viec", "v/v", "ve ")) or (subject and line[:1].islower()):
            subject.append(line)
            continue
        if not seen_star and _issuer_line(line):
            issuer_lines.append(_issuer_line(line))
    _read_issuer(h, issuer_lines)
    h.organisation = organisation
    if subject:
        text = " ".join(subject)
        text = re.sub(r"^(V/v|Về việc)\s*", "về việc ", text)
        h.title = f"Công văn {text}" if h.symbol_type.upper() == "CV" else text


# A superior đảng bộ at the centre (05-HD 2.1.3: "ĐẢNG BỘ QUỐC HỘI" / "ĐẢNG UỶ KIỂM TOÁN NHÀ NƯỚC",
# "ĐẢNG BỘ BỘ Y TẾ"): the committee under it is a central one, whose place (Hà Nội) names no province.
_CENTRAL_SUPERIOR = re.compile(
    r"^dang bo (?:chinh phu|quoc hoi|cac co quan dang trung uong|cong an trung uong|quan doi|bo [a-z]|mat tran)"
)


# A party body's name written as prose above the star ("Tỉnh ủy Lâm Đồng" / "Văn phòng tỉnh ủy"):
# the header's left box holds nothing else (05-HD 2.2.1), whatever case a web page sets it in.
_BODY_IN_PROSE = re.compile(
    r"^(?:(?:tinh|thanh|huyen|quan|thi|dang|quan) uy|dang bo|chi bo|dang doan|ban can su|ban chap hanh|ban thuong vu"
    r"|van phong|ban |uy ban|tieu ban|dai hoi)"
)


def _issuer_line(line: str) -> str:
    """A line of the issuing body's box above the star, in capitals, else "": set in capitals by
    the standard, or as prose on a web page ("Văn phòng tỉnh ủy"). A signing stamp's time is not."""
    if line.isupper():
        return "" if re.search(r"\d{2}:\d{2}", line) else line
    if _BODY_IN_PROSE.match(folded(line)) and len(line) < 90 and not re.search(r"[\d.;:]", line):
        return line.upper()
    return ""


def _read_issuer(h: Header, lines: list[str]) -> None:
    """One line: the body. Two or more: superior first, then the body itself (05-HD 2.1).

    An organ of a committee (Ban …, Ủy ban Kiểm tra, Văn phòng, Tiểu ban) is named
    with its committee whichever line comes first ("ỦY BAN KIỂM TRA" / "TỈNH ỦY THANH
    HÓA", "TỈNH ỦY CÀ MAU" / "TIỂU BAN VĂN KIỆN", "BAN TUYÊN GIÁO, TỈNH ỦY BẮC NINH"):
    "Ủy ban Kiểm tra Tỉnh ủy Thanh Hóa", as prose names it.
    """
    lines = _unwrap_names(lines)
    # A digital-signature stamp repeats the body's name above the header: keep the last run.
    lines = [x for i, x in enumerate(lines) if x not in lines[i + 1 :]] if len(lines) > 1 else lines
    if not lines:
        return
    if len(lines) == 1 and "," in lines[0]:
        parts = [x.strip() for x in lines[0].split(",") if x.strip()]
        if len(parts) == 2 and _is_organ(parts[0]) and _COMMITTEE.search(parts[1]):
            lines = parts
    elif len(lines) == 1:
        lines = _committee_then_organ(lines[0])
    if len(lines) > 1 and lines[-1].startswith(("ĐOÀN CHỦ TỊCH", "BAN KIỂM PHIẾU", "ĐOÀN THƯ KÝ")):
        lines = [" ".join(lines[:-1]), lines[-1]]
    own = organ_name(lines[-1])
    if len(lines) == 2 and _is_organ(lines[0]) and _COMMITTEE.search(lines[1]):
        own = organ_name(f"{lines[0]} {lines[1]}")  # the organ, then the committee it belongs to
    elif len(lines) > 1 and _is_organ(lines[-1]) and _COMMITTEE.search(" ".join(lines[:-1])):
        own = _organ_of(lines[-1], " ".join(lines[:-1]))
    elif len(lines) > 1 and not _COMMITTEE.search(lines[-1]):
        own = f"{own}, {organ_name(' '.join(lines[:-1]))}"
    elif len(lines) > 1 and lines[0].startswith("ĐẠI HỘI"):
        own = organ_name(" ".join(lines))
    h.issuer = own
    h.province = province_of(" ".join(lines))


# A line of the issuer's block that names no body of its own: the tail of a name the narrow
# column wrapped ("ĐẢNG ỦY CÁC CƠ QUAN ĐẢNG" / "TRUNG ƯƠNG", "BAN CHẤP HÀNH" / "TRUNG ƯƠNG").
_NAME_TAIL = re.compile(
    r"^(?:TRUNG ƯƠNG|(?:TỈNH|HUYỆN|QUẬN|THỊ XÃ) (?!ỦY|UỶ)|THÀNH PHỐ |LẦN THỨ |NHIỆM KỲ |KHÓA |KHOÁ )"
)


_UNNAMED_LEVEL = re.compile(r"^(?:ĐẢNG) (?:ỦY|UỶ) (XÃ|PHƯỜNG|THỊ TRẤN|ĐẶC KHU)$")  # "ĐẢNG ỦY PHƯỜNG" alone


def _unwrap_names(lines: list[str]) -> list[str]:
    """Join each wrapped tail of a body's name to the line above it (05-HD 2.1: every line of
    the block names a body: a superior đảng bộ, a committee, an organ). A committee written
    with its level only ("ĐẢNG BỘ PHƯỜNG CẦU ÔNG LÃNH" / "ĐẢNG ỦY PHƯỜNG") takes the name the
    line above gives that level."""
    out: list[str] = []
    for line in lines:
        if out and _NAME_TAIL.match(line) and not out[-1].startswith("ĐẠI HỘI"):
            out[-1] = f"{out[-1]} {line}"
            continue
        level = _UNNAMED_LEVEL.match(line)
        named = re.search(rf"\b{level.group(1)} (.+)$", out[-1]) if level and out else None
        out.append(f"{line} {named.group(1)}" if named else line)
    return out


_COMMITTEE = re.compile(r"\b(ỦY|UỶ|CHI BỘ|ĐẢNG BỘ|ĐẠI HỘI|TRUNG ƯƠNG)\b")
_ORGAN = re.compile(r"^(?:BAN|ỦY BAN|UỶ BAN|TIỂU BAN|VĂN PHÒNG)\b")
_NOT_ORGANS = ("BAN CHẤP HÀNH", "BAN THƯỜNG VỤ", "BAN BÍ THƯ", "BAN CÁN SỰ")
# An organ's own word after "Ban" / "Ủy ban" is capitalised ("Ban Tuyên giáo", "Ủy ban Kiểm tra");
# these are not its own word ("Ban cán sự đảng", "Ủy ban nhân dân").
_ORGAN_COMMON = {"cán", "nhân", "chấp", "thường", "bí"}


_COMMITTEE_NAMED = re.compile(
    r"\b(?:TỈNH|THÀNH|HUYỆN|QUẬN|THỊ|ĐẢNG|QUÂN) (?:ỦY|UỶ)\b|\b(?:CHI BỘ|ĐẢNG BỘ|TRUNG ƯƠNG)\b"
)


def _committee_then_organ(line: str) -> list[str]:
    """A committee and its organ flattened onto one line ("BAN CHẤP HÀNH TRUNG ƯƠNG VĂN PHÒNG",
    "TỈNH ỦY ĐIỆN BIÊN BAN TỔ CHỨC"): the two lines 05-HD 2.1.4 sets them on."""
    for m in re.finditer(r"(?<!ỦY|UỶ)(?<!TIỂU) (?=(?:VĂN PHÒNG|BAN|ỦY BAN|UỶ BAN|TIỂU BAN)(?: |$))", line):
        head, organ = line[: m.start()], line[m.end() :]
        own = organ.split()[2 if organ.startswith(("ỦY", "UỶ", "TIỂU")) else 1 :][:1]
        common = own and own[0].lower() in _ORGAN_COMMON  # "ỦY BAN NHÂN DÂN": a state body, no organ
        if (
            _COMMITTEE_NAMED.search(head)
            and _is_organ(organ)
            and not common
            and not head.endswith(("ĐẢNG ỦY", "ĐẢNG UỶ"))
        ):
            return [head, organ]
    return [line]


def _is_organ(line: str) -> bool:
    """A line naming an organ of a committee alone ("BAN TUYÊN GIÁO", "ỦY BAN KIỂM TRA"), without the committee."""
    return bool(_ORGAN.match(line)) and not line.startswith(_NOT_ORGANS) and not _COMMITTEE_NAMED.search(line)


def _organ_of(organ: str, committee: str) -> str:
    """An organ named with its committee: "Ban Tổ chức Tỉnh ủy Cao Bằng"; the central ones as
    they are called ("Ban Nội chính Trung ương", "Văn phòng Trung ương Đảng")."""
    if folded(committee).strip() == folded("BAN CHẤP HÀNH TRUNG ƯƠNG"):
        return organ_name(f"{organ} TRUNG ƯƠNG" + (" ĐẢNG" if organ.startswith("VĂN PHÒNG") else ""))
    return organ_name(f"{organ} {committee}")


def organ_name(text: str) -> str:
    """A body's or an organ's name in capitals, as prose writes it: :func:`body_name`, with the
    organ's own word and a committee inside the name capitalised ("Ủy ban Kiểm tra Tỉnh ủy Thanh Hóa").
    A joint body's names ("… - THANH TRA TỈNH ĐẮK LẮK") are each written so."""
    parts = re.split(r"\s+-\s+", text)
    if len(parts) > 1:
        return " - ".join(organ_name(p) for p in parts)
    name = body_name(text)
    m = re.match(r"^((?:Ủy|Uỷ|Tiểu) ban|Ban) (\w)(\w*)", name)
    if m and f"{m.group(2)}{m.group(3)}".lower() not in _ORGAN_COMMON:
        name = f"{m.group(1)} {m.group(2).upper()}{m.group(3)}{name[m.end() :]}"
    name = re.sub(r"(?<=(?:ủy|uỷ|bộ) )khối\b", "Khối", name)  # "Đảng ủy Khối các cơ quan tỉnh"
    # Two organs merged into one keep both capitals: "Ban Tuyên giáo và Dân vận", "Ban Tổ chức và Nội vụ".
    name = re.sub(r"^(Ban [A-ZĐÀ-Ỹ]\w*(?: \w+)?) và (\w)", lambda m: f"{m.group(1)} và {m.group(2).upper()}", name)
    return _committee_case(name)


def _committee_case(name: str) -> str:
    """A committee named inside a longer name keeps its capital: "Ban Thường vụ Tỉnh ủy Ninh Thuận"."""
    return re.sub(r"(?<=\s)(tỉnh|thành|huyện|quận|thị|đảng)(?= (?:ủy|uỷ)\b)", lambda m: m.group(1).capitalize(), name)


def _recipients(text: str) -> list[str]:
    out = []
    for p in re.split(r";|\n|(?<=[,.])\s*(?=-\s)", text):  # items run together: "…thành ủy, - Lưu …"
        p = _clean(re.sub(r"^\s*[-+•]\s*", "", p)).rstrip(".")
        if p and p[:1].isalpha() and not re.match(r"^Lưu\b", p):
            out.append(p)
    return out


def _read_title(h: Header, lines: list[str], body: Sequence[str]) -> None:
    if not lines:
        return
    lines = [x for x in lines if not (mark_of(x) and h.marks.append(mark_of(x)) is None)]
    if not lines:
        return
    first = lines[0]
    kind = type_of_line(first, strict=False)
    if kind:
        h.doc_type = kind.capitalize()
        m = re.match(rf"^.{{{len(kind)}}}\s*s[ốo]\s*:?\s*(\S+)", first, re.I)
        if m and not h.number:
            number, symbol = parse_number("Số " + m.group(1))
            h.number, h.symbol_type = number, symbol or h.symbol_type
    after = first[len(kind) :] if kind else ""
    number = re.match(r"\s*s[ốo]\s*:?\s*\S+", after, re.I)
    after = after[number.end() :].strip() if number else after.strip()
    prefix = h.doc_type
    if kind and _type_qualifier(after):
        prefix = f"{h.doc_type} {after.lower()}"  # "BÁO CÁO CHÍNH TRỊ": the type's own words, not its subject
    elif kind and len(after) > 3:
        # The whole title block on one line: "NGHỊ QUYẾT CỦA BAN THƯỜNG VỤ TỈNH ỦY về …",
        # "NGHỊ QUYẾT số 07-NQ/ĐU về …" (its number read above).
        tail = after
        m = re.search(r"\s(về|thực hiện)\s", tail)
        lines = [first[: len(kind)], *([tail[: m.start()], tail[m.start() + 1 :]] if m else [tail]), *lines[1:]]
    # "CỦA BAN CHẤP HÀNH …" under the type line names the issuer; once the subject has begun
    # ("về công tác … đảng" / "của các tổ chức đảng …") a "của" line goes on with the subject.
    rest: list[str] = []
    for t in lines[1:]:
        if rest or not folded(t).startswith("cua "):
            rest.append(t)
        elif not h.issuer:
            h.issuer = organ_name(re.sub(r"\s*\(.*?\)", "", t[4:]))
    casing = Casing(body) if any(t.isupper() for t in rest) else None
    # Consecutive lines in capitals are one title broken for the page: cased as one run.
    runs = [" ".join(g) for _, g in itertools.groupby(rest, key=str.isupper)]
    subject = " ".join(_subject_case(t, casing) for t in runs).strip()
    title = f"{prefix} {subject}".strip() if kind and (subject or first.isupper()) else first
    if subject or not h.title:  # a bare type line does not replace a fuller title from front matter
        h.title = title


def _type_qualifier(after: str) -> bool:
    """Whether the capitals after a type word on its line name the kind of that type ("BÁO CÁO
    CHÍNH TRỊ", "BÁO CÁO TỔNG KẾT", "CHƯƠNG TRÌNH LÀM VIỆC"): a word or three, neither the
    author ("CỦA …") nor the subject ("VỀ …"), which then stand on the lines below."""
    words = after.split()
    return (
        0 < len(words) <= 3
        and all(w.isalpha() and w.isupper() for w in words)
        and folded(words[0]) not in ("cua", "ve", "so", "thuc")
    )


def _subject_case(line: str, casing: Casing | None = None) -> str:
    """A title line set in capitals, as prose: "VỀ PHÁT TRIỂN …" → "về phát triển …", names kept.

    The body's own spelling of each word beside its neighbours wins over the
    rules of thumb (names after tỉnh/xã…, roman numerals), which stand only
    for words the body does not use.
    """
    if not line.isupper():
        return line
    text = body_name(line)
    text = re.sub(r"\b(xi{0,3}|vi{0,3}|iv|ix|x{1,3}v?i{0,3})\b", lambda m: m.group(0).upper(), text, flags=re.I)
    if casing is not None:
        text = _as_body_spells(text, casing)
    printed, prose = _clean(line).split(), text.split()
    if len(printed) == len(prose):  # a number and symbol ("31/2026/TT-BCT") keeps its capitals
        text = " ".join(p if re.search(r"\d.*[/-]|[/-].*\d", p) else w for p, w in zip(printed, prose, strict=True))
    return text[:1].lower() + text[1:] if folded(text).startswith("ve ") else text


def _as_body_spells(text: str, casing: Casing) -> str:
    words = list(re.finditer(r"[^\W\d_]+", text))
    lows = [m.group(0).lower() for m in words]
    out, end = [], 0
    for i, m in enumerate(words):
        left = lows[i - 1] if i else ""
        right = lows[i + 1] if i + 1 < len(lows) else ""
        out.append(text[end : m.start()] + (casing.form(left, lows[i], right) or m.group(0)))
        end = m.end()
    return "".join(out) + text[end:]


_STORAGE = re.compile(r"(?:^|[-;,.]\s*)Lưu\b")  # "- Lưu Văn phòng …": the recipients' last item


@dataclass
class _Signature:
    """One signature block: its authority chain ("T/M BAN THƯỜNG VỤ", "K/T BÍ THƯ"), title and name."""

    chain: list[str]
    title: str = ""
    name: str = ""


def _read_closing(h: Header, closing: list[str]) -> None:
    """Recipients, authority, signer's title and name from the closing lines.

    The recipients' list runs until its storage item ("- Lưu Văn phòng Tỉnh ủy."):
    in a two-column layout the signature's boxes are interleaved with it. Authority lines
    with no title or name between them are one chain ("T/M BAN THƯỜNG VỤ" "K/T BÍ THƯ").
    Two signatures side by side (a joint document, 05-HD 7.1.4) give the presiding body's,
    which the standard puts on the right: the second one read.
    """
    lines: list[str] = []
    shapes: dict[int, tuple[bool, bool]] = {}  # a line's first box: (begins with a dash, ends with no ";,.:")
    for x in closing:
        head = re.split(r"\s{3,}|\s*\|\s*", x.strip())[0]
        shapes[len(lines)] = (head.startswith(("-", "+", "•")), not head.endswith((";", ",", ".", ":")))
        lines.extend(closing_boxes(x))
    recipients: list[str] = []
    in_recipients = False
    signatures: list[_Signature] = []
    item_open = False
    for i, line in enumerate(lines):
        if folded(line).startswith("noi nhan"):
            rest = line.split(":", 1)[1] if ":" in line else ""
            recipients.extend(_recipients(rest))
            in_recipients = not _STORAGE.search(rest)
            continue
        if folded(line) == "kiem" and signatures and signatures[-1].title:
            signatures[-1].title += " kiêm"  # "PHÓ BÍ THƯ THÀNH ỦY" / "kiêm" / "TRƯỞNG BAN CHỈ ĐẠO"
        elif _AUTHORITY.match(line) or _signer_title(line):
            _sign(signatures, lines, i)
        elif _is_name(line):
            open_block = next((s for s in signatures if not s.name), None)
            if open_block is not None:
                open_block.name = line
        elif in_recipients and not line.isupper() and not line.startswith("("):
            dashed, ends_open = shapes.get(i, (False, False))
            if item_open and recipients and i in shapes and not dashed:
                recipients[-1] = f"{recipients[-1]} {line.rstrip('.')}"  # an item wrapped in its column
            else:
                recipients.extend(_recipients(line))
            in_recipients = not _STORAGE.search(line)
            # 05-HD 9.2: each item ends with ";" (often ","): a dashed item ending on a word goes on below.
            item_open = dashed and ends_open
    _add_recipients(h, [r for r in recipients if not _is_name(r) or "," in r])
    if signatures:
        presiding = _presiding([s for s in signatures if s.name] or signatures, h.issuer)
        h.authority, h.signer_title = " ".join(presiding.chain), presiding.title
        h.signer = (presiding.name if len(signatures) > 1 else "") or _signer(lines) or h.signer
        _issuer_from_authority(h, presiding.chain[0] if presiding.chain else "")
    else:
        h.signer = _signer(lines) or h.signer


def _presiding(signatures: list[_Signature], issuer: str) -> _Signature:
    """Of signatures side by side, the one that names the issuing body the header names first
    (the presiding one, 05-HD 2.1.5); failing that, the right one (05-HD 7.1.4: "chủ trì" signs
    on the right), read second."""
    named = set(folded(issuer).split())

    def shared(s: _Signature) -> int:
        return len(named & set(folded(" ".join(s.chain)).split()) - {"t/m", "k/t", "t/l", "q."})

    best = max(shared(s) for s in signatures)
    return [s for s in signatures if shared(s) == best][-1]


def _signer_title(line: str) -> str:
    """A signer's title in capitals ("BÍ THƯ", "PHÓ BÍ THƯ THÀNH ỦY", "TRƯỞNG BAN CHỈ ĐẠO") as
    prose writes it, else "": a known title, alone or followed by the body it is held in."""
    if not line.isupper() or len(line.split()) > 8:
        return ""
    low = folded(line)
    if low in _FOLDED_SIGNER_TITLES or any(low.startswith(t + " ") for t in _FOLDED_SIGNER_TITLES):
        return _title_case_title(repair_ocr(line))  # "CHU NHIỆM": OCR lost an accent of the standard's title
    return ""


def _sign(signatures: list[_Signature], lines: list[str], i: int) -> None:
    """Read an authority or title line into the signature blocks (see :func:`_read_closing`)."""
    line = lines[i]
    m = _AUTHORITY.match(line)
    if not m:  # a title: the first block still waiting for one (a block with its name is complete)
        title = _signer_title(line)
        if signatures and signatures[-1].title.endswith(" kiêm"):
            signatures[-1].title += f" {title}"
            return
        block = next((s for s in signatures if not s.title and not s.name and s.chain), None)
        if block is None and not any(not s.name for s in signatures):
            block = _Signature([])  # a title with no authority: a committee without its own seal signs so
            signatures.append(block)
        if block is not None and line.isupper():
            block.title = title
        return
    form = _AUTHORITY_FORMS[m.group(1)]
    rest = repair_ocr(m.group(2).strip() or (lines[i + 1] if i + 1 < len(lines) else ""))
    text = f"{form} {_authority_case(rest)}".strip()
    last = signatures[-1] if signatures else None
    waiting = last is not None and not last.title and not last.name
    if form == "Q." and waiting and folded(rest) in _FOLDED_SIGNER_TITLES:
        last.title = f"Q. {_title_case_title(rest)}"  # "T/M ỦY BAN KIỂM TRA" / "Q. CHỦ NHIỆM": the acting head's title
        return
    if waiting and form != "T/M":
        last.chain.append(text)  # "T/M BAN THƯỜNG VỤ" "K/T BÍ THƯ": one chain
    else:
        signatures.append(_Signature([text]))
    if form == "Q." and folded(rest) in _FOLDED_SIGNER_TITLES:
        signatures[-1].title = _title_case_title(rest)  # "Q. TRƯỞNG BAN": acting in the title it names


def _add_recipients(h: Header, listed: list[str]) -> None:
    """The "Nơi nhận" list after the "Kính gửi" one: the addressees first, then the others
    a copy goes to ("- Như trên" stands for the addressees above)."""
    known = set(h.recipients)
    h.recipients += [r for r in listed if r not in known and not folded(r).startswith("nhu tren")]


def _issuer_from_authority(h: Header, authority: str) -> None:
    """The body a T/M signs for is the issuer when the header names none, or names only the
    central committee whose header Bộ Chính trị and Ban Bí thư share (05-HD 2.1.2)."""
    if not authority.startswith("T/M"):
        return
    who = organ_name(authority[4:])
    central = h.issuer == "Ban Chấp hành Trung ương" and not h.organisation  # the Party's, not the Youth Union's
    if not h.issuer or (central and who in ("Bộ Chính trị", "Ban Bí thư")):
        h.issuer = who


def _authority_case(text: str) -> str:
    """The body after T/M, K/T …: kept in capitals as printed; capitals broken by a legacy-font
    conversion ("TỈNH ủY") written as prose instead ("Tỉnh ủy")."""
    letters = [c for c in text if c.isalpha()]
    if not letters or all(c.isupper() for c in letters):
        return text
    if sum(c.isupper() for c in letters) * 2 > len(letters):
        return body_name(text.upper())
    return text


_AUTHORITY_IN = re.compile(r"(?<=\S)\s*(?=(?:T/M|K/T|T/L)\s*[A-ZĐÀ-Ỹ]{2,})|(?<=\s)(?=(?:TM|KT|TL)\.\s*[A-ZĐÀ-Ỹ]{2,})")
_SIGNED = re.compile(r"[(\[]?\s*(?:Đã|đã|ĐÃ)\s*(?:ký|KÝ)(?:\s+và\s+đóng\s+dấu)?\s*[)\]]?")
_TITLE_WORDS = sorted(_SIGNER_TITLES, key=len, reverse=True)


def closing_boxes(line: str) -> list[str]:
    """Cut one signature-block line into its boxes: authority, title, "(đã ký)", name.

    OCR merges them onto one line, a web table puts them in one cell
    ("T/M BỘ CHÍNH TRỊ (Đã ký) Trương Thị Mai"), docx→text glues them with no
    separator ("K/T CHÁNH VĂN PHÒNGPHÓ CHÁNH VĂN PHÒNGĐỗ Minh Châu"), two blocks side
    by side share a line ("T/M BAN THƯỜNG VỤ K/T BÍ THƯ"), and a two-column layout puts the
    signature's boxes at the end of the recipients' lines ("- Ban Bí thư Trung ương Đảng, BÍ THƯ").
    """
    out: list[str] = []
    for piece in re.split(r"\s{3,}|\s*\|\s*|\s*<br\s*/?>\s*", line):
        piece = _clean(piece)
        if not piece:
            continue
        for part in _AUTHORITY_IN.split(_SIGNED.sub(" | ", piece)):
            for box in part.split(" | "):
                out.extend(_cut_title_and_name(box.strip()))
    return [x for x in out if x]


def _cut_tail(line: str) -> list[str]:
    """A recipient line with a signature box beside it: a title in capitals at its end, or a
    name after its closing full stop ("- Lưu Văn phòng Tỉnh ủy. Nguyễn Văn Hùng")."""
    for title in _TITLE_WORDS:
        head = line[: -len(title)].rstrip()
        if line.endswith(title) and head != line and not head.isupper() and line[-len(title) - 1] in " ,;.":
            return [head, title]
    m = re.search(r"(?<=\.)\s*(\S+(?: \S+){1,4})$", line)
    if m and m.start() > 0 and _is_name(m.group(1)):
        return [line[: m.start()].strip(), m.group(1)]
    return [line]


def _cut_title_and_name(box: str) -> list[str]:
    """Cut a signer's title and name off the capitals of an authority line (see :func:`closing_boxes`)."""
    if not box:
        return []
    # The name: the first capitalised word in lower case that follows capitals ("PHÒNGĐỗ", "TRỊ Trương").
    for i in range(1, len(box) - 1):
        head = box[:i].strip()
        # capitals of two letters at least: "Y Biêr Niê" (an Ê Đê name) is a name, not "Y" and a name
        if box[i].isupper() and box[i + 1].islower() and head.isupper() and head[-1:].isalpha() and len(head) > 1:
            if _is_name(box[i:].strip()):
                return [*_cut_title_and_name(box[:i].strip()), box[i:].strip()]
            break
    if not box.isupper():
        return _cut_tail(box)
    if folded(box) in _FOLDED_SIGNER_TITLES:
        return [box]
    marker = _AUTHORITY.match(box)
    body_at = (marker.start(2) if marker else 0) + 1  # the first title after T/M, K/T is its object
    low = folded(box)
    for title in _TITLE_WORDS:
        key = folded(title)
        at = low.find(key, body_at)
        while at >= 0:
            glued = at > 0 and box[at - 1] != " "
            before = low[:at].rstrip()
            if (glued or box[at - 1] == " ") and not before.endswith(("ban", "pho", "tong", "doan")):
                if low[at + len(key) :].strip() == "" or not low[at + len(key)].isalpha():
                    return [box[:at].strip(), box[at:].strip()]
            at = low.find(key, at + 1)
    return [box]


def _title_case_title(text: str) -> str:
    t = text.strip().lower()
    t = t.replace("bí thư", "Bí thư")
    t = _committee_case(f" {t}").strip()  # "Phó Bí thư Thành ủy"
    # "Trưởng Ban Chỉ đạo"; but "thường trực" qualifies the title ("Phó trưởng ban thường trực")
    t = re.sub(r"\bban (?!thường trực\b)(\w)(?=\w* \w)", lambda m: f"Ban {m.group(1).upper()}", t)
    return t[:1].upper() + t[1:]


def is_name(text: str) -> bool:
    """Whether a line reads as a person's name ("Nguyễn Văn Hùng", "Nguyễn Văn A")."""
    return _is_name(text)


def _is_name(text: str) -> bool:
    words = text.split()
    return (
        2 <= len(words) <= 5
        and all(w[:1].isupper() and not (w.isupper() and len(w) > 1) for w in words)  # "Nguyễn Văn A"
        and not re.search(r"[\d(),;:./]", text)
    )


def _signer(lines: list[str]) -> str:
    """The signer's name: the first line after the first authority or title that reads as a person's
    name (a name may wrap: "Lê" / "Khả Phiêu"; a name in capitals right under the title, "NGUYỄN VĂN
    HÙNG", is written as a name). With no authority or title, the last name-like line.

    First, not last: recipients may follow the signature ("Sở Công Thương" reads as a name).
    Two signatures side by side are told apart before this (:func:`_presiding`).
    """
    first = next((i for i, x in enumerate(lines) if _AUTHORITY.match(x) or folded(x) in _FOLDED_SIGNER_TITLES), None)
    if first is None:
        return next((x for x in reversed(lines) if _is_name(x)), "")
    for i in range(first + 1, len(lines)):
        name, nxt = lines[i], lines[i + 1] if i + 1 < len(lines) else ""
        if _is_name(name):
            return name
        if len(name.split()) == 1 and name[:1].isupper() and not name.isupper() and _is_name(f"{name} {nxt}"):
            return f"{name} {nxt}"
        title = folded(name) in _FOLDED_SIGNER_TITLES or _AUTHORITY.match(name)
        if name.isupper() and not title and folded(lines[i - 1]) in _FOLDED_SIGNER_TITLES and _is_name(name.title()):
            return name.title()
    return ""
