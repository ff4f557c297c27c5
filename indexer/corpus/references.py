"""Documents a resolution cites, with the relation its text states.

Why: resolutions are read as a chain — an action programme *implements* a
Politburo resolution, a conclusion *continues* one, a rule *replaces* or *amends*
another. The text says so in a fixed way: a type word, "số", the code
(``23-NQ/TW``, ``08-QĐi/TW``, ``51/2021/NĐ-CP``), then often the date and
"của <issuer>". The verb before it names the relation (thực hiện, tiếp tục thực
hiện, thay thế, sửa đổi); anything else is a plain citation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.corpus.metadata import iso_date

_KINDS = (
    r"Chương trình hành động|Chương trình|Thông báo kết luận|Nghị quyết|Kết luận|Chỉ thị|Quy định|Quyết định|Quy chế|"
    r"Hướng dẫn|Thông báo|Thông tri|Kế hoạch|Báo cáo|Tờ trình|Công văn|Đề án|Nghị định|Thông tư|Luật"
)
_CODE = (
    r"(?P<code>\d{1,5}\s?-\s?[A-ZĐ][A-Za-zĐđ]{0,5}/[A-ZĐ][A-ZĐa-z0-9]{0,14}(?:-[A-ZĐ][A-ZĐa-z0-9]{0,14})*"
    r"|\d{1,5}/(?:\d{4}/)?[A-ZĐ][A-Za-zĐđ]{0,5}-[A-ZĐ][A-ZĐa-z0-9]{0,14}(?:-[A-ZĐ][A-ZĐa-z0-9]{0,14})*"
    # the National Assembly's and its Standing Committee's: number/year/body and term ("222/2025/QH15")
    r"|\d{1,5}/\d{4}/(?:UBTV)?QH\d{1,2})"
)
_CODE_ONLY = re.compile(rf"(?<![\w/-]){_CODE}(?![\w/])")
_LEAD = re.compile(rf"(?:(?:{_KINDS})\s+)?(?:số\s*:?\s*)?$", re.I)
_AFTER_DATE = re.compile(
    r"^\s*[,(]?\s*(?:ngày\s*)?(?:(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4}))"
)
_ISSUER = re.compile(
    r"^\s*\)?\s*,?\s*của\s+(?P<who>(?:Bộ Chính trị|Ban Bí thư|Ban Chấp hành|Ban Thường vụ|Tỉnh ủy|Tỉnh uỷ|Thành ủy|"
    r"Thành uỷ|Huyện ủy|Đảng ủy|Chính phủ|Thủ tướng|Quốc hội|Ủy ban|Uỷ ban|Hội đồng|Văn phòng|Ban)[^,;:()|]{0,80}?)"
    r"(?=\s+(?:về|thực hiện|khóa|khoá|nhiệm kỳ|đã|và|có|để|đến|trong|tại|quy định|ban hành)\b|[,;:()|]|\.(?:\s|$)|$)"
)
# Longest first: "tiếp tục thực hiện" before "thực hiện".
_RELATIONS = (
    ("tiếp tục thực hiện", "continues"),
    ("tiếp tục triển khai", "continues"),
    ("thay thế", "replaces"),
    ("thay cho", "replaces"),
    ("sửa đổi", "amends"),
    ("bổ sung", "amends"),
    ("thực hiện", "implements"),
    ("triển khai", "implements"),
    ("quán triệt", "implements"),
)
_STRENGTH = {"replaces": 4, "amends": 3, "continues": 2, "implements": 1, "cites": 0}
_PARTY_BODIES = re.compile(r"^(TW|TU|ĐU|ĐUK|QUTW|HU|ThU|QU|CB|UBKTTW|UBKTTU|VPTW|VPTU)$")
_PARTY_TYPES = {"NQ", "CT", "KL", "QĐ", "QĐi", "QC", "HD", "TB", "TT", "BC", "KH", "CTr", "CV", "TTr"}


@dataclass(frozen=True)
class Citation:
    """One document code a text cites."""

    number: str
    date: str = ""
    relation: str = "cites"
    issuer: str = ""

    def to_json(self) -> dict:
        return {"number": self.number, "date": self.date, "relation": self.relation, "issuer": self.issuer}


def normalise_code(code: str) -> str:
    """One spelling per code: no spaces; a party code typed the state way ("23/NQ-TW") set right."""
    code = re.sub(r"\s+", "", code)
    m = re.fullmatch(r"(\d+)/([A-Za-zĐđ]+)-([A-ZĐa-z0-9]+)", code)
    if m and m.group(2) in _PARTY_TYPES and _PARTY_BODIES.match(m.group(3)):
        return f"{m.group(1)}-{m.group(2)}/{m.group(3)}"
    return code


# Between a verb and the code it governs stand only adverbs ("có hiệu quả", "nghiêm", "tốt"):
# another document or a preposition there means the verb has another object ("Gắn việc thực
# hiện Kết luận với Quy định số 37-QĐ/TW": the Kết luận is implemented, the Quy định cited).
_OTHER_OBJECT = re.compile(rf"\b(?:{_KINDS}|với|gắn|theo|tại|so|trong|đối|về)\b", re.I)

_LISTED = re.compile(rf"(?:{_KINDS})\s+số\s*:?\s*\S+", re.I)  # a document listed before this one: same verb


# Objects joined by "và" or a comma share their verb: "thực hiện Nghị quyết Đại hội … lần thứ I và
# Nghị quyết số 05-NQ/TU", "thực hiện Nghị quyết số 57-NQ/TW và Kết luận số 83-KL/TW".
_COORDINATED = re.compile(r"(?:,|\bvà|\bcùng|\bcũng như)\s*$")
_PREPOSITION = re.compile(r"\b(?:với|gắn|theo|tại|so|trong|đối|về)\b")


def _relation(before: str) -> str:
    # Only the words since the last sentence break or the previous code count.
    breaks = list(re.finditer(r"[.;:!?]\s|\d-[A-Z]|\n", before))
    after_code = bool(breaks) and breaks[-1].group()[:1].isdigit()
    before = before[breaks[-1].end() :] if breaks else before
    before = before[-100:].lower()
    for words, relation in _RELATIONS:
        at = before.rfind(words)
        if at >= 0:
            if after_code and re.search(r"\bvề(?:\s+việc)?\s*$", before[:at]):
                return "cites"  # "Kết luận số 135-KL/TW … về tiếp tục thực hiện Chỉ thị …": its subject's verb
            between = _LISTED.sub(" ", before[at + len(words) :])  # "Sửa đổi Nghị định số 79/…, Nghị định số 97/…"
            if _COORDINATED.search(between) and not _PREPOSITION.search(between):
                return relation  # another object before this one, joined to it: the same verb
            return "cites" if _OTHER_OBJECT.search(between) else relation
    return "cites"


def _joined(text: str) -> bool:
    """Whether ``text`` (between two citations) only joins them: the first one's date and
    issuer, then "và" or a comma ("57-NQ/TW, ngày 22/12/2024 của Bộ Chính trị và …")."""
    dm = _AFTER_DATE.match(text)
    rest = text[dm.end() :] if dm else text
    im = _ISSUER.match(rest)
    rest = _name_goes_on(rest[im.end() :]) if im else rest
    # the issuer's term: "của Ban Chấp hành Trung ương Đảng khóa XIV", "… nhiệm kỳ 2020 - 2025"
    rest = re.sub(r"^\s*(?:(?:khóa|khoá)\s+[IVXLC\d]+|nhiệm kỳ\s+\d{4}\s*-\s*\d{4})", "", rest)
    # then its subject ("về phát triển …, tầm nhìn đến năm 2045"), within the sentence
    rest = re.sub(r"^\s*về\s[^.;:]*?(?=\s*(?:,|và|cùng|cũng như)\s*$)", "", rest)
    return re.fullmatch(r"\s*[),]?\s*(?:,|và|,\s*và|cùng|cũng như)\s*", rest) is not None


# The part of an issuer's name after its own "và" (see :func:`_name_goes_on`), up to its subject.
_NAME_TAIL = re.compile(
    r"\s+và\s+(\S+(?:\s+(?!về\b|và\b|thực\b|khóa\b|khoá\b|nhiệm\b)\S+){0,5}?)"
    r"(?=\s+(?:về|và|thực hiện|khóa|khoá|nhiệm kỳ)\b|\s*[,.;:)]|$)"
)


def _name_goes_on(rest: str) -> str:
    """What follows an issuer's name once the name's own "và" part is taken off: a body's name
    may join its fields by "và" ("Ban Tuyên giáo và Dân vận Trung ương", "Bộ Lao động - Thương
    binh và Xã hội"): what "và" joins inside a name begins with a capital and runs to the "và" or
    comma before the next document ("… Trung ương và Kế hoạch số …")."""
    m = re.match(r"^\s*và\s+((?:\S+\s+)*?\S+)(?=\s*(?:,|\bvà)\s*$)", rest)
    if m and m.group(1)[:1].isupper():
        return rest[m.end() :]
    return rest


def citations(text: str) -> list[Citation]:
    """Every code ``text`` cites, in order of appearance (repeats kept).

    Codes are found first (they start with a digit, so the scan is quick), then
    the words before each one are read for its type, "số" and the relation.
    """
    out: list[Citation] = []
    previous_end = -1
    for m in _CODE_ONLY.finditer(text):
        before = text[max(0, m.start() - 50) : m.start()]
        lead = _LEAD.search(before)
        party = "-" in m.group("code").split("/")[0]
        if not party and not (lead and lead.group(0).strip()):
            continue  # a state-style code ("12/2020/…") only counts after a type word or "số"
        start = m.start() - (len(lead.group(0)) if lead else 0)
        found = _citation(text, start, m.end("code"), m.group("code"))
        if found.relation == "cites" and out and previous_end >= 0 and _joined(text[previous_end:start]):
            found = Citation(found.number, found.date, out[-1].relation, found.issuer)
        out.append(found)
        previous_end = m.end("code")
    return out


def _citation(text: str, start: int, end: int, code: str) -> Citation:
    after = text[end : end + 200]
    date = ""
    dm = _AFTER_DATE.match(after)
    if dm:
        g = dm.groupdict()
        date = iso_date(g["d"] or g["d2"], g["m"] or g["m2"], g["y"] or g["y2"])
        after = after[dm.end() :]
    im = _ISSUER.match(after)
    issuer = im.group("who").strip() if im else ""
    more = _NAME_TAIL.match(after, im.end()) if im else None
    if (
        more
        and more.group(1)[:1].isupper()
        and not re.match(rf"(?:{_KINDS})\b", more.group(1), re.I)
        and not re.search(r"\d", more.group(1))
    ):
        issuer = f"{issuer} và {more.group(1)}"  # "Ban Tuyên giáo và Dân vận Trung ương"
    return Citation(normalise_code(code), date, _relation(text[max(0, start - 120) : start]), issuer)


def merge(found: list[Citation], own_number: str = "") -> list[Citation]:
    """One entry per code: the strongest stated relation, the first date and issuer given.

    A document's own number is never one it cites.
    """
    own = normalise_code(own_number) if own_number else ""
    merged: dict[str, Citation] = {}
    for c in found:
        if c.number == own:
            continue
        old = merged.get(c.number)
        if old is None:
            merged[c.number] = c
            continue
        relation = c.relation if _STRENGTH[c.relation] > _STRENGTH[old.relation] else old.relation
        merged[c.number] = Citation(c.number, old.date or c.date, relation, old.issuer or c.issuer)
    return list(merged.values())
