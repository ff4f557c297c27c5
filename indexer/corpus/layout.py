"""Rebuild a resolution's paragraphs, sections and footnotes from its raw text.

Resolutions arrive as PDF extractions (hard-wrapped lines, running page
headers, footnotes dropped in at page ends) and markdown conversions (``**``,
``###``, ``<sup>`` marks, paragraphs cut in two by page breaks). This module
undoes that layout so that a paragraph is what its authors wrote, and records
everything it removes as named debris, so nothing is lost silently.

It works on text only: decoding files is :mod:`indexer.corpus.reader`'s job.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass, field, replace

from analyzers.text import nfc
from indexer.corpus import metadata
from indexer.corpus.metadata import DOC_TYPES

MAX_PARAGRAPH = 5000  # characters; longer paragraphs are cut at sentence ends (see split_long)
# A type line and each line continuing its title are a few hundred characters at most; a longer one
# is a whole document set on one line (a badly converted PDF): its text is body text, not a title.
MAX_TYPE_LINE = 1000
HEADER_LINES = 40  # a header never runs past this many non-empty lines
SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")

_SUP_LINE = re.compile(r"^<sup>(\d+)</sup>\s*(.*)$")
_SUPERSCRIPT_LINE = re.compile(r"^⁽([⁰¹²³⁴-⁹]+)⁾\s*(.*)$")
_SUP_INLINE = re.compile(r"<sup>(\d+)</sup>")
_SUPERSCRIPT_INLINE = re.compile(r"⁽([⁰¹²³⁴-⁹]+)⁾")
_PAREN_NOTE_LINE = re.compile(r"^\((\d{1,2})\)\s*(.*)$")
_SEPARATOR = re.compile(r"^[-_=*~.]{3,}$")
_NOTE_RULE = re.compile(r"^[_\-–]{5,}$")
_PAGE_NUMBER = re.compile(r"^(trang\s*)?\d{1,3}(\s*/\s*\d{1,3})?$", re.I)
_MD_HEADING = re.compile(r"^(#{1,6})\s*")
# "II. NỘI DUNG", "III- TỔ CHỨC"; never a name cut by a wrap: "II-C, Quế Võ III" (a one-letter word).
_ROMAN_HEADING = re.compile(r"^([IVX]{1,6})\s*[.\-–]\s*(?=\S)(?![^\W\d_](?:\W|$))")
# "1.", "2.1-", "3 -"; never a document code a wrap put at a line's start ("57-NQ/TW của …").
_ARABIC_HEADING = re.compile(
    r"^(\d{1,2}(?:\.\d{1,2})*)(?:\.\s*[-–]?|\s*[-–]|\.?(?=\s))\s*(?=\S)(?![A-ZĐ]{1,6}(?:-[A-ZĐ]{1,6})?/)"
)
_LETTER_HEADING = re.compile(r"^([a-zđ])\)\s+(?=\S)")
# The words that announce a list ("…, trong đó:", "như sau:", "gồm:"): a sentence's end, no title's.
_LEAD_IN = re.compile(r"(?:trong đó|như sau|sau đây|bao gồm|gồm có|gồm|cụ thể là|cụ thể|như|là)\s*:$", re.I)
_DANGLING_WORDS = frozenset(
    "số của và với các những theo tại về cho để là như trong trên từ đến giữa hoặc nhằm bằng do bởi".split()
)
# The enacting words between the grounds and the articles, alone on a line in capitals.
_FORMULA = re.compile(r"^(?:[A-ZĐÀ-Ỹ ]{3,60}\s)?(?:QUYẾT NGHỊ|QUYẾT ĐỊNH|KẾT LUẬN|CHỈ THỊ|QUY ĐỊNH)\s*:?$")
# Parts lettered in capitals above the roman sections ("A. TÌNH HÌNH VÀ NGUYÊN NHÂN").
_CAPITAL_LETTER_HEADING = re.compile(r"^[A-HJ-UWYZĐ]\s*[.\-–]\s+(?=\S)")  # not I, V, X: roman numerals
_COLUMN_GAP = re.compile(r"\S {3,}(?=\S)")  # "1    Tốc độ tăng trưởng GRDP    %/năm": a layout's columns
_BARE_NUMBER = re.compile(r"^\d{1,2}\s")  # "30 tỷ đồng": a number with no mark after it
# The divisions above the roman sections (Hướng dẫn 36-HD/VPTW, 05-HD/VPTW: regulations, rules,
# long reports): "Phần thứ nhất" / "PHẦN I", "Chương II", "Mục 1" with their title on the next line,
# and "Điều 3. Title" on one line. The value is the level, above the roman numerals' 1.
_DIVISION = re.compile(
    r"^(?P<kind>phụ lục|phần|chương|mục|điều)\s+(?P<n>thứ\s+[^\W\d_]+|[IVXLC]{1,7}|\d{1,3}[a-z]?)\b"
    r"\s*[.:\-–]?\s*(?P<rest>.*)$",
    re.I,
)
_ARTICLE = re.compile(r"^Điều\s+\d{1,3}[a-z]?\s*[.:]\s")  # "Điều 5. …", never "Điều 49 Luật Quản lý thuế"
_DIVISION_LEVEL = {"phụ lục": 0.1, "phần": 0.2, "chương": 0.4, "mục": 0.6, "điều": 0.8}
MAX_ARTICLE_TITLE = 160  # "Điều 5. Title": longer, or a sentence, and it is an article's text
_CLOSING_PUNCT = tuple(".;:!?…")
_CLOSING_START = re.compile(r"^(Nơi nhận|T/M\b|TM\.|TM\s|KT\.\s|K/T\s|T/L\s)", re.I)
# "Q. TRƯỞNG BAN": an acting head signs in the title he acts in (05-HD 7.1.4 c).
_STRONG_CLOSING = re.compile(
    r"^(Nơi nhận\s*:|(T/M|K/T|T/L)\s+[A-ZĐÀ-Ỹ]{2,}|T/M$|Q\.\s*(?:TRƯỞNG|CHỦ|CHÁNH|BÍ THƯ|GIÁM))"
)
# OCR and PDF page markers: "===== Trang 2 =====", "--- Page 3 ---", "[Trang 4]", "- 5 -".
_PAGE_MARKER = re.compile(
    r"^[=\-_*#\[(\s]*(?:trang|page|tr\.)\s*\d{1,4}(?:\s*/\s*\d{1,4})?[=\-_*#\])\s]*$|^[-–]\s*\d{1,3}\s*[-–]$", re.I
)
# A running header that carries the file's code: "18.KLTW99.DOC 2", "NQ05-TU.docx - 3".
_FILE_CODE_HEADER = re.compile(r"^[\w.\-]{2,40}\.(?:docx?|pdf|rtf|odt)\b[\s\-–]*\d{0,3}$", re.I)
# A running header that is a file code and a page number, in plain ASCII in a Vietnamese text:
# "KL05-TU2025 dat bien gioi 2", "UBKT-HD03 2026 2" (the code mixes capitals and digits).
_CODE_HEADER = re.compile(r"^(?=[A-Z]{2}[A-Z\-_.]*\d)[A-Za-z0-9\-_./]{3,30}(?: [A-Za-z0-9\-_./]{1,20}){0,5} \d{1,3}$")
# A roman heading in capitals that OCR or a docx extraction ran onto the end of the sentence
# before it: "… cho đảng viên. II. NỘI DUNG".
_MERGED_HEADING = re.compile(r"(?<=[.;:!?])\s*(?=[IVX]{1,5}\s*[.\-–]\s+[A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ ,\-–]{2,80}$)")


@dataclass
class _Line:
    text: str
    md_level: int = 0  # markdown heading level (#)
    bold: bool = False  # the whole line was bold
    list_item: bool = False
    table_row: bool = False  # a row of a table (markdown, or columns laid out with spaces)
    lead_space: bool = False
    columns: str = ""  # the text with its column gaps (3 spaces) kept, when it has any: boxes side by side
    table_head: bool = False  # a markdown table's header row (a |---| row under it)
    rule_before: bool = False  # a drawn rule ("-----", "______") stood right above this line
    notes: list[str] = field(default_factory=list)  # footnote labels cited here


@dataclass
class Parsed:
    """The result of :func:`parse`."""

    title_lines: list[str]
    paragraphs: list[tuple[str, str, list[str]]]  # (section path, text, footnote labels)
    footnotes: dict[str, str]
    closing: list[str]
    debris: list[tuple[str, str]]
    header: list[str] = field(default_factory=list)
    front: dict[str, str] = field(default_factory=dict)  # a web page's front matter (key: value)


def _strip_marks(text: str, debris: list[tuple[str, str]]) -> str:
    """Remove markdown emphasis and escapes; they carry no words."""
    # Each pattern runs only where its character is (a whole document can be one line).
    if "\\" in text:
        text = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)  # markdown escapes any ASCII punctuation
    text = text.replace("**", "").replace("__", "")
    if "*" in text:
        text = re.sub(r"(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)", "", text)
    return text


def _split_glued(raw: str) -> list[str]:
    """Split lines where markdown bold glues a heading to the next text."""
    out = []
    for line in raw.split("\n"):
        parts = re.split(r"\*\*\*\*|(?<=[^\s*])\*\*(?=[^\s*.,;:)])", line)
        if len(parts) > 1:
            # Keep every piece bold-wrapped so a heading is still seen as one.
            out.extend(("**" + p.strip("*").strip() + "**") if p.strip("* ") else "" for p in parts)
        else:
            out.append(line)
    return out


def _page_header_keys(lines: list[str]) -> set[str]:
    """Short lines that repeat with a changing trailing number: running headers."""
    keys: Counter[str] = Counter()
    for line in lines:
        s = line.strip()
        if 4 <= len(s) <= 80 and re.search(r"\d+\s*$", s) and re.match(r"^[^\d\-+*#(IVX]", s):
            keys[re.sub(r"\d+\s*$", "#", s)] += 1
    return {k for k, n in keys.items() if n >= 2}


def parse(raw: str, max_paragraph: int = MAX_PARAGRAPH) -> Parsed:
    """Turn raw resolution text into header, title lines, section-tagged paragraphs and footnotes.

    A pipeline of named passes, each a function of its own that can be tested
    alone: normalise → lift footnotes → cite footnotes → header block → title
    block → closing block → join → sections → split long paragraphs.
    """
    debris: list[tuple[str, str]] = []
    front, lines = front_matter(normalise(raw), debris)
    kept, footnotes = lift_footnotes(lines, debris)
    cite_footnotes(kept, footnotes, debris)
    header, start = header_block(kept, debris)
    title_lines, start = title_block(kept, start, debris)
    addressed = False  # "Kính trình:" / "Kính gửi:" under a Tờ trình's title, and its list
    while start < len(kept):
        t = kept[start].text
        opens = metadata.folded(t).startswith(("kinh gui", "kinh trinh"))
        if not (metadata.is_anchor(t) or opens or (addressed and _continues_recipients(kept[start - 1].text, t))):
            break
        addressed = addressed or opens
        header.append(t)  # a web rendition sets number and date under the title
        debris.append(("header block", t))
        start += 1
    closing, end = closing_block(kept, start, debris)
    blocks = join(kept[start:end])
    paragraphs = split_long(sections(blocks, debris), max_paragraph)
    return Parsed(title_lines, paragraphs, footnotes, closing, debris, header, front)


def front_matter(lines: list[str], debris: list[tuple[str, str]]) -> tuple[dict[str, str], list[str]]:
    """Lift a web page's YAML front matter (``---`` / ``key: value`` / ``---``) off the top.

    Pages saved from static sites carry their metadata there; it is no body text.
    Only flat ``key: value`` pairs are kept (lists and nested keys are debris too).
    """
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None and lines[first].strip() != "---":
        return _portal_facts(lines, debris)
    if first is None:
        return {}, lines
    end = next((i for i in range(first + 1, min(len(lines), first + 200)) if lines[i].strip() == "---"), None)
    if end is None:
        return {}, lines
    body = lines[first + 1 : end]
    if not all(re.match(r"^\s*(?:[\w-]+:|-\s|#)|^\s*$", line) for line in body):
        return {}, lines
    front: dict[str, str] = {}
    for line in body:
        m = re.match(r"^([\w-]+):\s*(.+?)\s*$", line)
        if m:
            front[m.group(1).lower()] = m.group(2).strip().strip("\"'")
    debris.extend(("front matter", line.strip()) for line in lines[first : end + 1] if line.strip())
    return front, lines[end + 1 :]


# A news or law portal's box of facts above the text ("- **Số hiệu:** 415-QĐ/TW", "Ngày ban hành:
# 16/3/2026"): labels the portal writes, not the document; read like front matter.
_PORTAL_FACT = re.compile(
    r"^\s*(?:[-*+•]\s+)?(?:\*\*)?(?P<key>[^:*|]{3,30}?)(?:\*\*)?\s*:\s*(?:\*\*)?\s*(?P<value>.+?)\s*$"
)
_PORTAL_KEYS = {
    "so hieu": "so_hieu",
    "so ky hieu": "so_hieu",
    "loai van ban": "loai_van_ban",
    "co quan ban hanh": "co_quan",
    "noi ban hanh": "co_quan",
    "ngay ban hanh": "ngay_ban_hanh",
    "nguoi ky": "nguoi_ky",
    "ngay hieu luc": "ngay_hieu_luc",
    "linh vuc": "linh_vuc",
    "tinh trang": "tinh_trang",
}
# A news report's lead above the text it reproduces: italic, opening with the outlet in brackets
# and a dash ("*(Đảng Cộng sản) - Thay mặt Bộ Chính trị, … trân trọng giới thiệu toàn văn …*").
_NEWS_LEAD = re.compile(r"^[*_]+\s*\([^()]{2,40}\)\s*[-–—]\s.*[*_]$")
_DATELINE = re.compile(r"^\([^()]{2,40}\)\s*[-–—]\s")


def _news_lead(lines: list[str], i: int) -> set[int]:
    """The lines of a news lead at ``i``: one italic line, or its text between the lone "*" the
    header's cutting left on lines of their own."""
    text = lines[i].strip()
    if _NEWS_LEAD.match(text):
        return {i}
    if text in ("*", "_") and i + 2 < len(lines) and _DATELINE.match(lines[i + 1].strip()):
        if lines[i + 2].strip() == text:
            return {i, i + 1, i + 2}
    return set()


def _portal_facts(lines: list[str], debris: list[tuple[str, str]]) -> tuple[dict[str, str], list[str]]:
    """Lift a portal's box of facts (three labelled lines or more near the top) and a news lead."""
    front: dict[str, str] = {}
    drop: set[int] = set()
    lead: set[int] = set()
    seen = 0
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        seen += 1
        if seen > 25:
            break
        m = _PORTAL_FACT.match(line)
        key = _PORTAL_KEYS.get(metadata.folded(m.group("key").strip())) if m else None
        if key:
            value = m.group("value").strip("* ")
            d = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", value)
            front[key] = f"{d.group(3)}-{int(d.group(2)):02d}-{int(d.group(1)):02d}" if d else value
            drop.add(i)
        else:
            lead |= _news_lead(lines, i)
    if len(front) < 3:
        front, drop = {}, set()
    drop |= lead
    debris.extend(("portal facts", lines[i].strip()) for i in sorted(drop))
    return front, [line for i, line in enumerate(lines) if i not in drop]


def normalise(raw: str) -> list[str]:
    """NFC, one kind of line end and space, markdown bold unglued, header boxes cut apart."""
    text = nfc(raw).replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = text.replace("\u00a0", " ").replace("\t", "    ")
    lines = _split_glued(text)
    return _split_header(_join_wrapped_dates(lines))


_DATE_CUT = re.compile(r"ngày\s*\d{0,2}(?:\s*tháng\s*\d{0,2})?\s*$")  # "Hà Nội, ngày 01 tháng" / "10 năm 1997"
_DATE_REST = re.compile(r"^\s*(?:\d{1,2}\s*)?(?:tháng\s*\d{1,2}\s*)?năm\s*\d{4}")


def _join_wrapped_dates(lines: list[str]) -> list[str]:
    """A header's place and date wrapped in a narrow cell is one line again (only near the top)."""
    out: list[str] = []
    for i, line in enumerate(lines):
        if i < HEADER_LINES * 2 and out and _DATE_CUT.search(out[-1]) and _DATE_REST.match(line):
            out[-1] = f"{out[-1].rstrip()} {line.strip()}"
        else:
            out.append(line)
    return out


def _split_header(lines: list[str]) -> list[str]:
    """Cut the header's lines into boxes (side by side, OCR-merged, glued: see :mod:`indexer.corpus.metadata`)."""
    out: list[str] = []
    seen = 0
    for i, line in enumerate(lines):
        s = line.strip()
        if seen >= HEADER_LINES or (len(s) > 200 and not metadata.is_anchor(s[:80])):
            out.extend(lines[i:])
            break
        if s:
            seen += 1
        pieces = metadata.split_header_line(line) if s else [line]
        out.extend(pieces if any(metadata.is_anchor(p) for p in pieces) else [line])
    return out


def _furniture(stripped: str, header_keys: set[str]) -> str:
    """The kind of page furniture a line is (page marker, page number, running header), else ""."""
    if _SEPARATOR.match(stripped.replace(" ", "")) or re.fullmatch(r"\|[\s|:-]*-[\s|:-]*\|?|\|[\s|]*", stripped):
        return "separator"
    if _PAGE_NUMBER.match(stripped) or _PAGE_MARKER.match(stripped):
        return "page number"
    if (header_keys and re.sub(r"\d+\s*$", "#", stripped) in header_keys) or _FILE_CODE_HEADER.match(stripped):
        return "page header"
    if len(stripped) <= 60 and stripped[-1:].isdigit() and _CODE_HEADER.match(stripped):
        return "page header"
    if _PORTAL_TAGS.match(stripped):
        return "portal tags"
    return ""


# A portal's tag or keyword line under the text ("**Thẻ:** [Quy định](#) [Bộ Chính trị](#)").
_PORTAL_TAGS = re.compile(r"^(?:\*\*)?(?:Thẻ|Tags|Từ khóa|Từ khoá)(?:\*\*)?\s*:(?:\*\*)?\s*(?:\[|$)", re.I)


# A roman heading in the "II- MỤC TIÊU" style (capitals after it), and OCR's reading of one with
# "1" for "I" ("1- QUAN ĐIỂM", "11- MỤC TIÊU", "1V- …"): party-documents.md §1.2.
_ROMAN_DASH = re.compile(r"^\s*[IVX]{1,5}\s*[-–]\s*[A-ZĐÀ-Ỹ]{2,}")
_OCR_ROMAN = re.compile(r"^(\s*)([1IVX]*1[1IVX]*)(\s*[-–]\s*)(?=\S)")


def _ocr_roman(lines: list[str], debris: list[tuple[str, str]]) -> list[str]:
    """Read "1-", "11-" back as "I-", "II-" in a text whose other sections are numbered "III-":
    only where the roman numeral is the one the sequence expects next, so an arabic "1- …"
    under "I- …" stays arabic. Each reading is noted in ``debris`` as ("read as", "11 II"): the
    word of the file and the one the text holds instead, so no word is lost unaccounted."""
    if not any(_ROMAN_DASH.match(x) for x in lines):
        return lines
    out = []
    expected = 1
    for line in lines:
        m = _OCR_ROMAN.match(line)
        rest = line[m.end() :] if m else ""
        if m and len(rest) <= 160 and _mostly_upper(rest) and not rest.endswith(_CLOSING_PUNCT):
            roman = m.group(2).replace("1", "I")
            if _roman_value(roman) == expected:
                if roman != m.group(2):
                    debris.append(("read as", f"{m.group(2)} {roman}"))
                line = m.group(1) + roman + m.group(3) + rest
        if _ROMAN_DASH.match(line):
            expected = _roman_value(line.split("-")[0].split("–")[0].strip()) + 1
        out.append(line)
    return out


def _roman_value(numeral: str) -> int:
    values = {"I": 1, "V": 5, "X": 10}
    total = 0
    for a, b in itertools.zip_longest(numeral, numeral[1:]):
        va = values.get(a, 0)
        total += -va if b and values.get(b, 0) > va else va
    return total


def _unmerge_headings(lines: list[str]) -> list[str]:
    """Put a roman heading run onto the end of a sentence back on a line of its own."""
    out = []
    for line in lines:
        m = _MERGED_HEADING.search(line) if "." in line and line.rstrip()[-1:].isupper() else None
        if m and line[: m.start()].strip():
            out.extend((line[: m.start()].rstrip(), line[m.end() :]))
        else:
            out.append(line)
    return out


def lift_footnotes(lines: list[str], debris: list[tuple[str, str]]) -> tuple[list[_Line], dict[str, str]]:
    """Drop page furniture, lift footnotes out of the text, note each kept line's marks."""
    lines = _ocr_roman(_unmerge_headings(lines), debris)
    header_keys = _page_header_keys(lines)
    footnotes: dict[str, str] = {}
    kept: list[_Line] = []
    in_note_zone = False
    ruled = False  # the zone was opened by a visible rule: a blank line closes it
    current_note: str | None = None
    rule = False  # a separator was the last line dropped
    for raw_line in lines:
        stripped = raw_line.strip()
        if not stripped:
            if raw_line and len(raw_line) >= 10:
                in_note_zone, ruled = True, False  # a wide blank line is the PDF's footnote rule
                current_note = None
            elif ruled:
                in_note_zone = ruled = False
                current_note = None
            continue
        kind = _furniture(stripped, header_keys)
        if kind:
            debris.append((kind, stripped))
            rule = _rule_under(kind, stripped, kept)
            if kind != "page number" or ruled:
                # A rule drawn above the page's foot ("_______", "-------") opens the notes under it;
                # the page's number ends them.
                in_note_zone = ruled = kind == "separator" and _NOTE_RULE.match(stripped) is not None
                current_note = None
            continue
        if in_note_zone:
            m = _PAREN_NOTE_LINE.match(stripped)
            if m:
                current_note = m.group(1)
                footnotes[current_note] = m.group(2).strip()
                debris.append(("footnote marker", f"({m.group(1)})"))
                continue
            if current_note is not None and not raw_line.startswith((" ", "\t")):
                footnotes[current_note] += " " + stripped
                continue
            in_note_zone = ruled = False
            current_note = None
        m = _SUP_LINE.match(stripped) or _SUPERSCRIPT_LINE.match(stripped)
        if m:
            label = m.group(1).translate(SUPERSCRIPT_DIGITS)
            footnotes[label] = _strip_marks(m.group(2), debris).strip()
            marker = stripped[: stripped.index(m.group(2))] if m.group(2) else stripped
            debris.append(("footnote marker", marker.strip()))
            continue
        line = _mark_line(raw_line, stripped, debris)
        if line.text:
            line.rule_before, rule = rule, False
            kept.append(line)
    return kept, footnotes


def _rule_under(kind: str, stripped: str, kept: list[_Line]) -> bool:
    """Whether dropped furniture is a drawn rule; a markdown ``|---|`` row marks the row above it
    as its table's header."""
    if kind != "separator":
        return False
    if stripped.startswith("|") and kept and kept[-1].table_row:
        kept[-1].table_head = True
    return True


def _mark_line(raw_line: str, stripped: str, debris: list[tuple[str, str]]) -> _Line:
    """A kept line with its markdown level, bold, list and footnote marks read off."""
    line = _Line(text=stripped, lead_space=raw_line[:1] in (" ", "\t"))
    gaps = len(_COLUMN_GAP.findall(stripped)) if "   " in stripped else 0
    if stripped.startswith("|") or gaps >= 2:
        line.list_item = line.table_row = True  # a table row is a paragraph of its own
    hm = _MD_HEADING.match(line.text)
    if hm:
        line.md_level = len(hm.group(1))
        line.text = line.text[hm.end() :]
    t = line.text.strip()
    if t.startswith("**") and t.endswith("**") and len(t) > 4 and "**" not in t[2:-2]:
        line.bold = True
    lm = re.match(r"^(\*+\s*\\?\*?|[-+•]\s+)", t)
    if lm and (t[: lm.end()].strip("*\\ ") == "" or t[0] in "-+•") and not line.bold:
        line.list_item = True
        if t[0] not in "-+•":
            t = t[lm.end() :]
    for pattern, opening in ((_SUP_INLINE, "<sup>"), (_SUPERSCRIPT_INLINE, "⁽")):
        if opening not in t:
            continue
        for nm in pattern.finditer(t):
            line.notes.append(nm.group(1).translate(SUPERSCRIPT_DIGITS))
            debris.append(("footnote marker", nm.group(0)))
        t = pattern.sub("", t)
    clean = _strip_marks(t, debris)
    line.text = re.sub(r"\s+", " ", clean).strip()
    if gaps:
        line.columns = re.sub(r"\s{3,}", "   ", clean).strip()
    return line


def cite_footnotes(kept: list[_Line], footnotes: dict[str, str], debris: list[tuple[str, str]]) -> None:
    """An inline "(n)" glued to a word cites a PDF footnote (not "(1) …" targets)."""
    if not footnotes:
        return
    for line in kept:

        def _cite(m: re.Match, line=line) -> str:
            if m.group(1) in footnotes:
                line.notes.append(m.group(1))
                debris.append(("footnote marker", m.group(0)))
                return ""
            return m.group(0)

        line.text = re.sub(r"(?<=[^\s(])\((\d{1,2})\)", _cite, line.text)


def header_block(kept: list[_Line], debris: list[tuple[str, str]]) -> tuple[list[str], int]:
    """The header above the type line: issuing body, ``*``, number, title, place and date, marks.

    It is there when one of the standard's header-only lines is (see
    :func:`indexer.corpus.metadata.is_anchor`); everything from the first line to the
    last such line belongs to it, then the marks, a công văn's trích yếu and
    "Kính gửi" list that the standard places under it.
    """
    _cut_flat_header(kept)
    last = -1
    for i, line in enumerate(kept[:HEADER_LINES]):
        t = line.text
        if metadata.type_of_line(t) or (len(t) > 160 and not metadata.is_anchor(t)):
            break
        if metadata.is_anchor(t):
            last = i
        elif _ROMAN_HEADING.match(t) or _division(t):
            break  # the body has begun: a "SỐ 23-NQ/TW …" line below is a heading's, not the header's
    if last < 0:
        return [], 0
    end = last + 1
    in_subject = in_recipients = False
    while end < len(kept):
        t = kept[end].text
        low = metadata.folded(t)
        if metadata.mark_of(t) or low.startswith(("kinh gui", "kinh trinh")):
            in_subject, in_recipients = False, low.startswith("kinh")
        elif low.startswith(("ve viec", "v/v")) or (in_subject and t[:1].islower()):
            in_subject = True
        elif not (in_recipients and _continues_recipients(kept[end - 1].text, t)):
            break
        end += 1
    header = [ln.text for ln in kept[:end]]
    debris.extend(("header block", t) for t in header)
    return header, end


def _continues_recipients(previous: str, line: str) -> bool:
    """Whether ``line`` is one more addressee of a "Kính gửi" list: an item ("- …"), or a short
    line after one that leaves the list open (";", ",", or the colon of "Kính gửi:" itself)."""
    return line.startswith(("-", "+", "•")) or (previous.rstrip().endswith((";", ",", ":")) and len(line) < 80)


def _cut_flat_header(kept: list[_Line]) -> None:
    """Cut a header flattened onto one line with what follows into its boxes, in place.

    :func:`normalise` leaves a line that long whole (it may be a whole document);
    here, at the top of the text, its start is looked at for the header's boxes.
    """
    for i, line in enumerate(kept[:3]):
        if len(line.text) > 160 and not metadata.is_anchor(line.text):
            pieces = metadata.split_flat_header(line.text)
            if len(pieces) > 1:
                pieces = [q for p in pieces for q in (_unflatten(p) if len(p) > 160 else [p])]
                kept[i : i + 1] = [_Line(text=p, list_item=p.startswith("- ")) for p in pieces]
                return


# Where a text flattened onto one line had its line breaks (05-HD 6.2.4: khoản "1.", điểm "a)"
# and headings "II." begin their lines; the signature and the Nơi nhận and each of its items
# stand on lines of their own): after a sentence's end or a lead-in's colon.
_FLAT_BREAK = re.compile(
    r"(?<=[.:;!?])\s+(?=(?:\d{1,2}(?:\.\d{1,2})*\.|[IVX]{1,5}\.|[a-zđ]\)"
    r"|Điều \d{1,3}\.|Chương [IVXLC]{1,6}|Phần [IVX]{1,4})\s+\S)"
    r"|(?<=[.:;!?,])\s+(?=-\s+\S)"
    r"|(?<=[.;!?…])\s*(?=(?:T/M|K/T|T/L)\s+[A-ZĐÀ-Ỹ]{2,})"
    r"|\s+(?=Nơi nhận\s*:)"
)


def _unflatten(text: str) -> list[str]:
    """A flattened text's lines again, cut where the standard begins a line: an item's number
    after a sentence's end ("… mỗi năm. 2. Xây dựng …"), a Nơi nhận item after its list's ";",
    the authority after the last sentence and "Nơi nhận:". A number only counts before a capital
    ("năm 2030. 2. Xây dựng", never "… 2. xây"), so a decimal or a date is never cut."""
    cuts = [0]
    for m in _FLAT_BREAK.finditer(text):
        nxt = text[m.end() :].lstrip()
        item = re.match(r"(?:\d{1,2}(?:\.\d{1,2})*\.|[IVX]{1,5}\.)\s+(\S)", nxt)
        if item and not item.group(1).isupper():
            continue
        cuts.append(m.end())
    cuts.append(len(text))
    return [text[a:b].strip() for a, b in itertools.pairwise(cuts) if text[a:b].strip()]


def title_block(kept: list[_Line], start: int, debris: list[tuple[str, str]]) -> tuple[list[str], int]:
    """The type line ("NGHỊ QUYẾT", "NGHỊ QUYẾT số 99-NQ/TU") and the lines that continue it."""
    title_lines: list[str] = []
    first = kept[start] if start < len(kept) else None
    if first is None:
        return title_lines, start
    short = len(first.text) <= MAX_TYPE_LINE
    kind = metadata.type_of_line(first.text) if short else ""
    if kind and (not first.md_level or first.text.isupper()):  # "KẾ HOẠCH", "## KẾ HOẠCH"
        title_lines.append(first.text)
        start += 1
        while start < len(kept):
            t = kept[start].text
            if len(t) > MAX_TYPE_LINE or _ROMAN_HEADING.match(t) or _ARABIC_HEADING.match(t) or _division(t):
                break
            if re.match(r"^[A-ZĐ]\s*[.\-–]\s", t):
                break
            if t[:1].islower() or (t.isupper() and len(t) < 200) or t.startswith("(") or metadata.mark_of(t):
                title_lines.append(t)
                start += 1
            elif (wrapped := _wrapped_title(kept, start, title_lines[-1])) > start:
                title_lines.extend(ln.text for ln in kept[start:wrapped])
                start = wrapped
                break  # the rule closes the trích yếu
            else:
                break
    elif first.md_level == 1 and kind:
        title_lines.append(first.text)  # a markdown title: "# Nghị quyết số 57-NQ/TW"
        start += 1
    elif first.md_level == 1 and short and any(first.text.upper().startswith(t) for t in DOC_TYPES):
        title_lines.append(first.text)
        start += 1
    debris.extend(("title block", t) for t in title_lines)
    return title_lines, start


MAX_TITLE_WRAP = 3  # lines of a trích yếu that may begin with a capital (a name wrapped onto them)


def _wrapped_title(kept: list[_Line], start: int, last: str) -> int:
    """Where a trích yếu wrapped before a capitalised word ends: the index of the line under its rule.

    The standard closes the trích yếu with a rule of five hyphens (Hướng dẫn 05-HD/VPTW 5.2);
    a line that begins with a capital ("… Ban Chấp hành Trung ương" / "Đảng khóa XIII về …")
    still belongs to the title when that rule comes within a few lines, no heading stands
    between, and the title so far has not ended a sentence. Else ``start`` (nothing taken).
    """
    if kept[start].rule_before or last.rstrip().endswith((".", ":", ";")):
        return start
    for j in range(start + 1, min(len(kept), start + MAX_TITLE_WRAP + 1)):
        line = kept[j - 1]
        t = line.text
        if len(t) > 200 or line.md_level or line.list_item or metadata.is_anchor(t) or not any(c.islower() for c in t):
            return start  # a heading, a table row, a list, the header's number or date: no title's line
        if re.search(r"[.:;!?]\s+[A-ZĐÀ-Ỹ]", t):
            return start  # a sentence ends inside: prose, not a wrapped subject
        if _ROMAN_HEADING.match(t) or _ARABIC_HEADING.match(t) or _division(t):
            return start
        if kept[j].rule_before:
            return j
        if t.rstrip().endswith((".", ":", ";")):
            return start
    return start


def closing_block(kept: list[_Line], start: int, debris: list[tuple[str, str]]) -> tuple[list[str], int]:
    """Recipients and signature, in the last part of the text (or wherever "Nơi nhận:" stands).

    A table cell holds them in Word and web renditions ("| | T/M BỘ CHÍNH TRỊ (Đã ký) …"),
    and a docx→text extraction glues them to the last sentence ("…của Đảng.K/T CHÁNH VĂN
    PHÒNG…"): that line is cut where the signature begins.
    """
    _cut_glued_closing(kept, start)
    lifted = _lift_signed_block(kept, start)
    appendix = _appendix_start(kept, start)
    end = appendix
    for i in range(start + 1, appendix):
        t = kept[i].text.lstrip("| ")
        strong = bool(_STRONG_CLOSING.match(t))
        near_end = i >= start + (appendix - start) * 0.3 or (t.startswith("Nơi nhận") and appendix - i <= 30)
        if (i >= appendix * 0.6 and _CLOSING_START.match(t)) or (strong and near_end):
            end = _signed_above(kept, start, i)
            break
    closing = lifted + [ln.columns or ln.text for ln in kept[end:appendix]]  # boxes side by side stay apart
    if appendix < len(kept):
        del kept[end:appendix]  # an appendix after the signature is the document's text again
        end = len(kept)
    debris.extend(("closing block", t) for t in closing)
    return closing, end


def _signed_above(kept: list[_Line], start: int, end: int) -> int:
    """The closing block's first line, given its first found one: a signature set right above
    "Nơi nhận:" (authority, title, name — 05-HD 7.2 draws them beside it, extractions put them
    above) begins it, wherever the text's length put the search's start."""
    first = end
    for j in range(end - 1, max(start, end - 5), -1):
        t = kept[j].text.lstrip("| ")
        if _AUTHORITY_LINE.match(t):
            first = j  # "T/M ỦY BAN KIỂM TRA" above "Q. CHỦ NHIỆM": the block begins at the higher one
        elif len(t) > 60 or t.endswith(_CLOSING_PUNCT):
            break
    return first


# The note under an appendix's (or an attached text's) heading naming what it is attached to.
_ATTACHED = re.compile(r"^\((?:Ban hành )?kèm theo\b[^()]*(?:\([^()]*\)[^()]*)*\)$", re.I)
# An appendix's heading alone on its line: "Phụ lục 1", "PHỤ LỤC II", "Phụ lục số 02", "PHỤ LỤC".
_APPENDIX = re.compile(r"^(?:Phụ lục|PHỤ LỤC)(?:\s+(?:số\s+)?[0-9IVX]{1,4}[a-z]?)?\s*[.:]?$")


def _appendix_start(kept: list[_Line], start: int) -> int:
    """Where an appendix begins after the closing block (or the text's end when none does).

    05-HD II-1 attaches appendices after the document, headed "Phụ lục" with its number; they
    are the document's content (tables of targets, forms, lists) and so body text, under the
    appendix heading, while the signature and Nơi nhận before them stay out. Only a heading
    below a closing line (Nơi nhận, T/M …) counts: above one, "Phụ lục" is the body's own."""
    signed = next((i for i in range(start + 1, len(kept)) if _STRONG_CLOSING.match(kept[i].text.lstrip("| "))), None)
    if signed is None:
        return len(kept)
    for i in range(signed + 1, len(kept)):
        if _APPENDIX.match(kept[i].text) and not kept[i].list_item:
            return i
    return len(kept)


_AUTHORITY_LINE = re.compile(r"^(?:T/M|K/T|T/L|TM\.|KT\.|TL\.|Q\.)\s*[A-ZĐÀ-Ỹ]{2,}")


def _lift_signed_block(kept: list[_Line], start: int) -> list[str]:
    """Lift out (in place) a whole signature block that text follows, and return its lines.

    A resolution that adopts a programme, or carries appendices, is signed before
    them: "Nơi nhận:" and its list, the authority, the name — then the attached
    text, which is body again. Only a complete block counts (recipients, then an
    authority within 40 lines, then a name within 6).
    """
    first = next((i for i in range(start + 1, len(kept)) if kept[i].text.lstrip("| ").startswith("Nơi nhận")), None)
    if first is None:
        return []
    auth = next((j for j in range(first + 1, min(len(kept), first + 40)) if _AUTHORITY_LINE.match(kept[j].text)), None)
    if auth is None:
        return []
    name = next((k for k in range(auth + 1, min(len(kept), auth + 6)) if metadata.is_name(kept[k].text)), None)
    if name is None or len(kept) - name <= 5:  # at the end of the text: the ordinary closing block
        return []
    block = [ln.text for ln in kept[first : name + 1]]
    del kept[first : name + 1]
    return block


# A signature glued to the sentence before it: after a sentence end, "Nơi nhận:" or an authority.
_GLUED_CLOSING = re.compile(r"(?<=[.;!?…])\s*(?=Nơi nhận\s*:|(?:T/M|K/T|T/L)\s*[A-ZĐÀ-Ỹ]{2,})")


def _cut_glued_closing(kept: list[_Line], start: int) -> None:
    """Split the last lines where a signature is glued to the text before it (in place)."""
    for i in range(len(kept) - 1, max(start, len(kept) - 4) - 1, -1):
        text = kept[i].text
        m = _GLUED_CLOSING.search(text, max(0, len(text) - 600))
        if m and m.start() > 0:
            kept[i : i + 1] = [replace(kept[i], text=text[: m.start()].strip()), _Line(text=text[m.end() :])]
            return


def join(lines: list[_Line]) -> list[tuple[list[_Line], bool]]:
    """Join lines into blocks (a paragraph cut by wraps or page breaks is one again); mark strong headings."""
    blocks: list[tuple[list[_Line], bool]] = []  # (lines, strong heading)
    cur: list[_Line] = []

    def close() -> None:
        if cur:
            blocks.append((list(cur), False))
        cur.clear()

    full = _full_width(lines)
    indented = _indent_marked(lines, full)
    title_due = False  # a "Chương II" line alone: its title is the next line
    for k, line in enumerate(lines):
        nxt = lines[k + 1] if k + 1 < len(lines) else None
        if title_due and _division_title(line):
            blocks[-1][0].append(line)
            title_due = False
            continue
        title_due = False
        if not cur and blocks and blocks[-1][1] and _ATTACHED.match(line.text):
            blocks[-1][0].append(line)  # "Phụ lục 1" / "MẪU PHIẾU …" / "(Kèm theo Hướng dẫn số …)"
            continue
        if not cur and blocks and blocks[-1][1] and _heading_goes_on(blocks[-1][0][-1], line):
            blocks[-1][0].append(line)  # "I. TÌNH HÌNH THỰC HIỆN NGHỊ QUYẾT" / "SỐ 23-NQ/TW CỦA BỘ CHÍNH TRỊ"
            continue
        if _FORMULA.match(line.text):
            close()
            blocks.append(([line], True))  # "BAN THƯỜNG VỤ TỈNH ỦY QUYẾT ĐỊNH:": the enacting words
            continue
        if _strong_heading(line) and not _article_goes_on(line, nxt):
            close()
            blocks.append(([line], True))
            title_due = _untitled_division(line.text)
            continue
        if cur and (_table_row(cur[-1].text) != _table_row(line.text) or _ARTICLE.match(line.text)):
            close()  # a table's rows are paragraphs of their own, never joined with prose; an article begins its own
        numbered = bool(_ARABIC_HEADING.match(line.text) or _LETTER_HEADING.match(line.text))
        if cur:
            last = cur[-1].text
            head_numbered = bool(_ARABIC_HEADING.match(cur[0].text) or _LETTER_HEADING.match(cur[0].text))
            lower = line.text[:1].islower()
            open_end = not last.endswith(_CLOSING_PUNCT)
            # A line ending in a comma goes on, even after a numbered first line: a heading never
            # ends so. Nor does a heading fill a hard-wrapped text's whole width ("… VSIP Bắc" / "Ninh, …").
            ground_ended = not lower and last.endswith(",") and _last_ground(cur, full)
            goes_on = not ground_ended and (
                lower
                or last.endswith(",")
                or (open_end and (not head_numbered or len(last) >= full or _dangling(last)))
                or (indented and not line.lead_space and len(last) >= full and last.endswith("."))
            )
            # A number that begins a wrapped line ("… đạt trên" / "30 tỷ đồng …") is no item's number:
            # an item is numbered "3." or "3-", and its line before was ended by its writer.
            wrapped_number = numbered and _BARE_NUMBER.match(line.text) and open_end and len(last) >= full
            joins = not line.list_item and (not numbered or wrapped_number) and goes_on
            if not joins:
                close()
        cur.append(line)
    close()
    return blocks


# A ground of the enacting sentence ("- Căn cứ Điều lệ Đảng;", "- Xét đề nghị của …,"): 05-HD 6.2.3.
_GROUND = re.compile(r"^[-+•]\s*(?:Căn cứ|Xét|Theo đề nghị|Thực hiện)\b", re.I)


def _last_ground(cur: list[_Line], full: float) -> bool:
    """Whether the block is the last of the grounds, ended by its comma ("- Căn cứ Quyết định …,"):
    the standard lists the grounds one a line, each begun with "-", and real documents end the last
    with a comma before the enacting sentence ("Ban Chấp hành … ban hành Quy chế như sau:"), which
    is a paragraph of its own. A line as wide as the text was cut by the wrap and goes on."""
    return bool(_GROUND.match(cur[0].text)) and cur[0].list_item and len(cur[-1].text) < full


def _indent_marked(lines: list[_Line], full: float) -> bool:
    """Whether the text marks its paragraphs by a first-line indent (a PDF's text laid out with
    its spaces): the lines after a paragraph's end (a sentence ended short of the full width)
    mostly indented, the lines after an open one mostly flush. Then a flush line goes on with the
    paragraph even after a sentence that ended at the wrap ("… Sóc Trăng và Hậu Giang." / "Để
    Nhân dân đón Tết …")."""
    pairs = list(itertools.pairwise(lines))
    starts = [ln.lead_space for a, ln in pairs if a.text.endswith(_CLOSING_PUNCT) and len(a.text) < full]
    goes = [not ln.lead_space for a, ln in pairs if not a.text.endswith(_CLOSING_PUNCT)]
    return len(starts) >= 3 and len(goes) >= 3 and sum(starts) >= 0.95 * len(starts) and sum(goes) >= 0.95 * len(goes)


def _article_goes_on(line: _Line, nxt: _Line | None) -> bool:
    """An article line a wrap cut ("Điều 1. Ban hành kèm theo … phòng, chống tham" / "nhũng, …"):
    the block it begins decides whether it is a title or a decision's sentence."""
    if nxt is None or _division(line.text) != _DIVISION_LEVEL["điều"]:
        return False
    t = line.text
    return nxt.text[:1].islower() or nxt.text[:1].isdigit() or t.endswith(",") or _dangling(t) or t.endswith("ngày")


def _heading_goes_on(last: _Line, line: _Line) -> bool:
    """A heading in capitals cut by a wrap: the next line, in capitals too, goes on with it
    (a heading never ends on "NGHỊ QUYẾT" with "SỐ 23-NQ/TW …" under it)."""
    t = line.text
    if last.text.endswith(_CLOSING_PUNCT) or not _mostly_upper(last.text) or line.md_level or line.list_item:
        return False
    if _ARABIC_HEADING.match(t) or _LETTER_HEADING.match(t) or _ROMAN_HEADING.match(t) or _division(t):
        return False
    # Cut between words that hold together: the first line ends on one, or the next begins
    # with one ("SỐ", "CỦA", "VÀ", "VỀ"): no heading begins so.
    held = _dangling(last.text.lower()) or t.split()[0].lower() in _DANGLING_WORDS
    return len(t) <= 160 and _mostly_upper(t) and held


def _table_row(text: str) -> bool:
    return text.startswith("|") and text.endswith("|")


def _dangling(text: str) -> bool:
    """Whether a line ends on a word that needs the next one ("… Nghị quyết số", "… của", "… và"):
    no heading and no sentence ends so, whatever the next line begins with."""
    words = text.rsplit(None, 1)
    return bool(words) and words[-1] in _DANGLING_WORDS


def _full_width(lines: list[_Line]) -> float:
    """The length from which a line of a hard-wrapped text is a full one (cut by the wrap, not
    ended by its writer); infinite when the text is not hard-wrapped.

    Hard-wrapped text (a PDF's text layer, a plain-text file filled to a width) has most of
    its lines within a few characters of one width; proportional fonts make that width vary
    by a tenth or so, hence the margin. Text with one paragraph per line has no such width.
    """
    lengths = sorted(len(ln.text) for ln in lines if not ln.list_item and len(ln.text) >= 20)
    if len(lengths) < 8:
        return math.inf
    width = lengths[int(len(lengths) * 0.9)]
    near = sum(1 for n in lengths if n >= 0.8 * width)
    return 0.8 * width if width <= 160 and near >= 0.4 * len(lengths) else math.inf


def sections(blocks: list[tuple[list[_Line], bool]], debris: list[tuple[str, str]]) -> list[tuple[str, str, list[str]]]:
    """Tell headings from paragraphs; give each paragraph its section path."""
    paragraphs: list[tuple[str, str, list[str]]] = []
    stack: list[tuple[float, str]] = []
    # Per list level, the number of its last item when that item was body text: the next item of
    # the same list is body too ("1. … ." a paragraph, then "2. Quy chế áp dụng … ." is no heading).
    body_items: dict[float, int] = {}
    rows: set[str] = set()  # a table's rows so far: its header row repeated on the next page is furniture
    for b, (group, strong) in enumerate(blocks):
        text = " ".join(ln.text for ln in group)
        if group[0].table_row and len(group) == 1:
            if text in rows:
                debris.append(("repeated table row", text))
                continue
            rows.add(text)
            if _header_row(blocks, b):
                debris.append(("table header row", text))
                continue
        notes = list(dict.fromkeys(n for ln in group for n in ln.notes))
        nxt = blocks[b + 1][0][0] if b + 1 < len(blocks) else None
        if strong and _FORMULA.match(text):
            debris.append(("enacting words", text))  # no section of what follows, no body text
            continue
        level = _strong_level(group[0]) if strong else _block_level(group, text, nxt)
        item = None if strong else _item(text)
        if level and item and body_items.get(item[0]) == item[1] - 1:
            level = 0
        if level:
            while stack and stack[-1][0] >= level:
                stack.pop()
            if level == _DIVISION_LEVEL["điều"]:
                # An article's title says what the article is about in words its text may not
                # repeat ("Điều 123. Tội giết người"): it stays searchable, as a paragraph of its own.
                paragraphs.append((" › ".join(h for _, h in stack), text, notes))
            else:
                debris.append(("heading", text))
            stack.append((level, text.rstrip(":").strip()))
            body_items = {k: v for k, v in body_items.items() if k < level}
            continue
        if item:
            body_items = {k: v for k, v in body_items.items() if k <= item[0]}
            body_items[item[0]] = item[1]
        paragraphs.append((" › ".join(h for _, h in stack), text, notes))
    return paragraphs


_FIGURE = re.compile(r"[\d.,%/()\s\-–+]*\d[\d.,%/()\s\-–+]*")  # "2.563", "106,8", "10 - 10,5", "(5)"


def _cells(line: _Line) -> list[str]:
    if line.text.startswith("|"):
        return [c.strip() for c in line.text.strip("|").split("|")]
    return [c.strip() for c in (line.columns or line.text).split("   ") if c.strip()]


def _header_row(blocks: list[tuple[list[_Line], bool]], b: int) -> bool:
    """Whether block ``b`` is the header row of a table: its column names, not a row of it.

    A markdown table says so with the ``|---|`` row under it. Otherwise, a table of figures
    ("TT | Khối | Chỉ tiêu | Kết nạp") names its columns in words in its first row, and most
    of the rows under it hold a cell that is a figure ("1", "2.563", "106,8").
    """
    line = blocks[b][0][0]
    cells = [c for c in _cells(line) if c]
    if len(cells) < 2:
        return False  # one cell: a caption over the rows ("Đến năm 2045"), words of its own
    if line.table_head:
        return True
    if (b > 0 and blocks[b - 1][0][0].table_row) or any(_FIGURE.fullmatch(c) for c in cells):
        return False  # not the table's first row, or a row of figures
    below = []
    for group, _strong in blocks[b + 1 : b + 6]:
        if len(group) != 1 or not group[0].table_row:
            break
        below.append(any(_FIGURE.fullmatch(c) for c in _cells(group[0]) if c))
    return len(below) >= 1 and sum(below) * 2 >= len(below)


def _item(text: str) -> tuple[float, int] | None:
    """A numbered block's list level and its number within the list ("2.3." → (3, 3), "b)" → (5, 2))."""
    m = _ARABIC_HEADING.match(text)
    if m:
        parts = m.group(1).split(".")
        return 2 + len(parts) - 1, int(parts[-1])
    m = _LETTER_HEADING.match(text)
    if m:
        return 5, "abcdđeghiklmnopqrstuvxy".find(m.group(1)) + 1
    return None


def split_long(paragraphs: list[tuple[str, str, list[str]]], limit: int) -> list[tuple[str, str, list[str]]]:
    """Cut paragraphs longer than ``limit`` characters at sentence ends.

    Why: indexing and highlighting cost grows faster than linearly with a
    paragraph's size, and a hit's text should never be megabytes. A sentence
    longer than the limit is cut at the last space before it.
    """
    out: list[tuple[str, str, list[str]]] = []
    for section, text, notes in paragraphs:
        if len(text) <= limit:
            out.append((section, text, notes))
            continue
        for i, piece in enumerate(_pieces(text, limit)):
            out.append((section, piece, notes if i == 0 else []))
    return out


def _pieces(text: str, limit: int) -> list[str]:
    pieces: list[str] = []
    start = 0
    n = len(text)
    while n - start > limit:
        window = text[start : start + limit]
        cut = max(window.rfind(". "), window.rfind("; "), window.rfind("! "), window.rfind("? "))
        if cut < limit // 4:
            cut = window.rfind(" ")
            cut = cut if cut > 0 else limit - 1
        pieces.append(text[start : start + cut + 1].strip())
        start += cut + 1
    pieces.append(text[start:].strip())
    return [p for p in pieces if p]


def _mostly_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.8


def _division(text: str) -> float:
    """The level of a "Phần/Chương/Mục/Điều" heading line, else 0.

    A part, chapter or section line is its numeral and at most a title; an article line
    ("Điều 2. Nguyên tắc làm việc") is a heading only when the rest is a title, not a
    sentence: "Điều 2. Quyết định này có hiệu lực kể từ ngày ký." is a decision's text.
    """
    m = _DIVISION.match(text)
    if not m or len(text) > 250:
        return 0
    n, rest = m["n"], m["rest"].strip()
    if n[:1].isalpha() and not n.lower().startswith("thứ") and not n.isupper():
        return 0  # "Chương vi…": a word, not a roman numeral
    kind = m["kind"].lower()
    if kind == "điều":
        titled = rest[:1].isupper() and len(rest) <= MAX_ARTICLE_TITLE and not rest.endswith((".", ";", ",", "!", "?"))
        return _DIVISION_LEVEL[kind] if titled and n[:1].isdigit() else 0
    if n.lower().startswith("thứ") and kind != "phần":
        return 0
    titled = rest[:1].isupper() and len(rest) <= 160 and not rest.endswith(_CLOSING_PUNCT)
    if rest and not (_mostly_upper(rest) or titled):
        return 0
    return _DIVISION_LEVEL[kind]


def _untitled_division(text: str) -> bool:
    """A part, chapter or section line with its numeral alone ("Chương II")."""
    m = _DIVISION.match(text)
    return bool(m) and 0 < _division(text) < _DIVISION_LEVEL["điều"] and not m["rest"].strip()


def _division_title(line: _Line) -> bool:
    """The line under "Chương II" that names it: capitals, or a short line with no closing mark."""
    t = line.text
    numbered = _division(t) or _ROMAN_HEADING.match(t) or _CAPITAL_LETTER_HEADING.match(t)
    if numbered or line.list_item or _ARABIC_HEADING.match(t) or _LETTER_HEADING.match(t):
        return False
    if _strong_heading(line) and not (line.md_level or line.bold):
        return False  # "### QUY ĐỊNH CHUNG" under "### Chương I": marked as a heading, yet its title
    return len(t) <= 200 and (_mostly_upper(t) or not t.endswith(_CLOSING_PUNCT))


def _strong_heading(line: _Line) -> bool:
    """A line that is a heading whatever follows: division, roman, markdown, bold, capitals."""
    t = line.text
    if line.list_item or len(t) > 250:
        return False
    if _division(t) or (_CAPITAL_LETTER_HEADING.match(t) and _mostly_upper(t[2:])):
        return True
    if line.md_level or line.bold:
        return not t.endswith((",", ";")) and not (t.endswith(".") and len(t) > 160)
    if _ROMAN_HEADING.match(t):
        return True
    m = _ARABIC_HEADING.match(t) or _LETTER_HEADING.match(t)
    return bool(m) and _mostly_upper(t[m.end() :])


def _strong_level(line: _Line) -> float:
    t = line.text
    if _division(t):
        return _division(t)
    if _CAPITAL_LETTER_HEADING.match(t) and _mostly_upper(t[2:]):
        return 0.9  # "A. TÌNH HÌNH …" above "I. …"
    if _ROMAN_HEADING.match(t):
        return 1
    m = _ARABIC_HEADING.match(t)
    if m:
        return 2 + m.group(1).count(".")
    if _LETTER_HEADING.match(t):
        return 5
    return max(line.md_level, 2)


def _block_level(group: list[_Line], text: str, nxt: _Line | None) -> int:
    """The section level of a numbered block that reads as a heading, else 0."""
    m = _DIVISION.match(text)
    if m:
        # "Điều 5. Trách nhiệm … của" / "các cơ quan …": a title over two lines; a sentence ends closed.
        if len(group) > 1 and _ARTICLE.match(text) and m["rest"][:1].isupper():
            return _DIVISION_LEVEL["điều"] if len(text) <= 300 and not text.endswith(_CLOSING_PUNCT) else 0
        return _division(text)
    m = _ARABIC_HEADING.match(text) or _LETTER_HEADING.match(text)
    if not m or group[0].list_item:
        return 0
    if not text[m.end() :][:1].isupper():
        return 0
    level = 5 if _LETTER_HEADING.match(text) else 2 + m.group(1).count(".")
    if text.endswith(","):
        return 0  # a sentence cut short (its next line is numbered): body text, never a heading
    if not text.endswith(_CLOSING_PUNCT):
        return level if len(text) <= 300 else 0
    if text.endswith(":") and len(text) <= 120:
        # "1. Hằng năm, cấp ủy … , trong đó:" announces its list: a sentence, not a title.
        return 0 if _LEAD_IN.search(text) else level
    if text.endswith(".") and len(group) == 1 and len(text) <= 140 and not re.search(r"\. |;", text[m.end() :]):
        # (a title has no clause after a ";": "1. Yêu cầu hoàn thành …; thực hiện đúng …." is a sentence)
        if nxt is None or nxt.text[:1].islower() or _ROMAN_HEADING.match(nxt.text) or _division(nxt.text):
            # "2. … ." then the end, a lower-case line, "II. …" or "Điều 4. …": a list's last item
            return 0
        sibling = _ARABIC_HEADING.match(nxt.text)
        if sibling and not _LETTER_HEADING.match(text) and sibling.group(1).count(".") == m.group(1).count("."):
            return 0  # "2. … ." followed by "3. …": a numbered list, not a heading
        return level
    return 0
