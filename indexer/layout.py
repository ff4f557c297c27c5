"""Rebuild a resolution's paragraphs, sections and footnotes from its raw text.

Resolutions arrive as PDF extractions (hard-wrapped lines, running page
headers, footnotes dropped in at page ends) and markdown conversions (``**``,
``###``, ``<sup>`` marks, paragraphs cut in two by page breaks). This module
undoes that layout so that a paragraph is what its authors wrote, and records
everything it removes as named debris, so nothing is lost silently.

It works on text only: decoding files is :mod:`indexer.reader`'s job.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from analyzers.text import nfc

SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
DOC_TYPES = (
    "CHƯƠNG TRÌNH HÀNH ĐỘNG",
    "NGHỊ QUYẾT",
    "KẾT LUẬN",
    "CHỈ THỊ",
    "KẾ HOẠCH",
    "QUY ĐỊNH",
    "QUYẾT ĐỊNH",
    "THÔNG BÁO",
    "NGHỊ ĐỊNH",
    "THÔNG TƯ",
)

_SUP_LINE = re.compile(r"^<sup>(\d+)</sup>\s*(.*)$")
_SUPERSCRIPT_LINE = re.compile(r"^⁽([⁰¹²³⁴-⁹]+)⁾\s*(.*)$")
_SUP_INLINE = re.compile(r"<sup>(\d+)</sup>")
_SUPERSCRIPT_INLINE = re.compile(r"⁽([⁰¹²³⁴-⁹]+)⁾")
_PAREN_NOTE_LINE = re.compile(r"^\((\d{1,2})\)\s*(.*)$")
_SEPARATOR = re.compile(r"^[-_=*~.]{3,}$")
_PAGE_NUMBER = re.compile(r"^(trang\s*)?\d{1,3}(\s*/\s*\d{1,3})?$", re.I)
_MD_HEADING = re.compile(r"^(#{1,6})\s*")
_ROMAN_HEADING = re.compile(r"^([IVX]{1,6})\s*[.\-–]\s*(?=\S)")
_ARABIC_HEADING = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)(?:\.\s*[-–]?|\s*[-–]|\.?(?=\s))\s*(?=\S)")
_LETTER_HEADING = re.compile(r"^([a-zđ])\)\s+(?=\S)")
_CLOSING_PUNCT = tuple(".;:!?…")
_CLOSING_START = re.compile(r"^(Nơi nhận|T/M\b|TM\.|TM\s|KT\.\s)", re.I)


@dataclass
class _Line:
    text: str
    md_level: int = 0  # markdown heading level (#)
    bold: bool = False  # the whole line was bold
    list_item: bool = False
    lead_space: bool = False
    notes: list[str] = field(default_factory=list)  # footnote labels cited here


@dataclass
class Parsed:
    """The result of :func:`parse`."""

    title_lines: list[str]
    paragraphs: list[tuple[str, str, list[str]]]  # (section path, text, footnote labels)
    footnotes: dict[str, str]
    closing: list[str]
    debris: list[tuple[str, str]]


def _strip_marks(text: str, debris: list[tuple[str, str]]) -> str:
    """Remove markdown emphasis and escapes; they carry no words."""
    text = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)  # markdown escapes any ASCII punctuation
    text = text.replace("**", "").replace("__", "")
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


def parse(raw: str) -> Parsed:
    """Turn raw resolution text into title lines, section-tagged paragraphs and footnotes."""
    text = nfc(raw).replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = text.replace("\u00a0", " ").replace("\t", " ")
    debris: list[tuple[str, str]] = []
    lines = _split_glued(text)
    header_keys = _page_header_keys(lines)
    footnotes: dict[str, str] = {}

    # Pass 1: drop debris, lift footnotes out, note each line's marks.
    kept: list[_Line] = []
    in_note_zone = False
    current_note: str | None = None
    for raw_line in lines:
        stripped = raw_line.strip()
        if not stripped:
            if raw_line and len(raw_line) >= 10:
                in_note_zone = True  # a wide blank line is the PDF's footnote rule
                current_note = None
            continue
        if _SEPARATOR.match(stripped.replace(" ", "")) or re.fullmatch(r"\|[\s|:-]*-[\s|:-]*\|?", stripped):
            debris.append(("separator", stripped))
            in_note_zone = False
            current_note = None
            continue
        if _PAGE_NUMBER.match(stripped):
            debris.append(("page number", stripped))
            continue
        if re.sub(r"\d+\s*$", "#", stripped) in header_keys:
            debris.append(("page header", stripped))
            in_note_zone = False
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
            in_note_zone = False
            current_note = None
        m = _SUP_LINE.match(stripped) or _SUPERSCRIPT_LINE.match(stripped)
        if m:
            label = m.group(1).translate(SUPERSCRIPT_DIGITS)
            footnotes[label] = _strip_marks(m.group(2), debris).strip()
            marker = stripped[: stripped.index(m.group(2))] if m.group(2) else stripped
            debris.append(("footnote marker", marker.strip()))
            continue
        line = _Line(text=stripped, lead_space=raw_line[:1] in (" ", "\t"))
        if stripped.startswith("|"):
            line.list_item = True  # a table row is a paragraph of its own
        hm = _MD_HEADING.match(line.text)
        if hm:
            line.md_level = len(hm.group(1))
            line.text = line.text[hm.end() :]
        t = line.text.strip()
        if t.startswith("**") and t.endswith("**") and len(t) > 4 and "**" not in t[2:-2]:
            line.bold = True
        lm = re.match(r"^(\*+\s*\\?\*?|[-+•]\s+)", t)
        if lm and (t[: lm.end()].strip("*\\ ") == "" or t[0] in "-+•") and not line.bold:
            if t[0] in "-+•":
                line.list_item = True
            else:
                line.list_item = True
                t = t[lm.end() :]
        for pattern in (_SUP_INLINE, _SUPERSCRIPT_INLINE):
            for nm in pattern.finditer(t):
                line.notes.append(nm.group(1).translate(SUPERSCRIPT_DIGITS))
                debris.append(("footnote marker", nm.group(0)))
            t = pattern.sub("", t)
        line.text = re.sub(r"\s+", " ", _strip_marks(t, debris)).strip()
        if line.text:
            kept.append(line)

    # Inline "(n)" glued to a word cites a PDF footnote (not "(1) …" targets).
    for line in kept:

        def _cite(m: re.Match, line=line) -> str:
            if m.group(1) in footnotes:
                line.notes.append(m.group(1))
                debris.append(("footnote marker", m.group(0)))
                return ""
            return m.group(0)

        line.text = re.sub(r"(?<=[^\s(])\((\d{1,2})\)", _cite, line.text)

    # Title block: a document-type line and the lines that continue it.
    title_lines: list[str] = []
    start = 0
    if kept and any(kept[0].text.upper().startswith(t) for t in DOC_TYPES) and kept[0].text.isupper():
        title_lines.append(kept[0].text)
        start = 1
        while start < len(kept):
            t = kept[start].text
            if _ROMAN_HEADING.match(t) or _ARABIC_HEADING.match(t):
                break
            first = t[:1]
            if first.islower() or (t.isupper() and len(t) < 200) or t.startswith("("):
                title_lines.append(t)
                start += 1
            else:
                break
    elif kept and kept[0].md_level == 1 and any(kept[0].text.upper().startswith(t) for t in DOC_TYPES):
        title_lines.append(kept[0].text)  # a markdown title: "# Nghị quyết số 57-NQ/TW"
        start = 1
    for t in title_lines:
        debris.append(("title block", t))

    # Closing block: recipients and signature, in the last part of the text.
    end = len(kept)
    for i in range(start, len(kept)):
        if i >= len(kept) * 0.6 and _CLOSING_START.match(kept[i].text):
            end = i
            break
    closing = [ln.text for ln in kept[end:]]
    for t in closing:
        debris.append(("closing block", t))

    # Pass 2: join lines into blocks, then tell headings from paragraphs.
    blocks: list[tuple[list[_Line], bool]] = []  # (lines, strong heading)
    cur: list[_Line] = []

    def close() -> None:
        if cur:
            blocks.append((list(cur), False))
        cur.clear()

    for i in range(start, end):
        line = kept[i]
        if _strong_heading(line):
            close()
            blocks.append(([line], True))
            continue
        numbered = bool(_ARABIC_HEADING.match(line.text) or _LETTER_HEADING.match(line.text))
        if cur:
            last = cur[-1].text
            head_numbered = bool(_ARABIC_HEADING.match(cur[0].text) or _LETTER_HEADING.match(cur[0].text))
            lower = line.text[:1].islower()
            open_end = not last.endswith(_CLOSING_PUNCT)
            joins = not line.list_item and not numbered and (lower or (open_end and not head_numbered))
            if not joins:
                close()
        cur.append(line)
    close()

    paragraphs: list[tuple[str, str, list[str]]] = []
    stack: list[tuple[int, str]] = []
    for b, (group, strong) in enumerate(blocks):
        text = " ".join(ln.text for ln in group)
        notes = list(dict.fromkeys(n for ln in group for n in ln.notes))
        nxt = blocks[b + 1][0][0] if b + 1 < len(blocks) else None
        level = _strong_level(group[0]) if strong else _block_level(group, text, nxt)
        if level:
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, text.rstrip(":").strip()))
            debris.append(("heading", text))
            continue
        paragraphs.append((" › ".join(h for _, h in stack), text, notes))
    return Parsed(title_lines, paragraphs, footnotes, closing, debris)


def _mostly_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.8


def _strong_heading(line: _Line) -> bool:
    """A line that is a heading whatever follows: roman, markdown, bold, capitals."""
    t = line.text
    if line.list_item or len(t) > 250:
        return False
    if line.md_level or line.bold:
        return not t.endswith((",", ";")) and not (t.endswith(".") and len(t) > 160)
    if _ROMAN_HEADING.match(t):
        return True
    m = _ARABIC_HEADING.match(t) or _LETTER_HEADING.match(t)
    return bool(m) and _mostly_upper(t[m.end() :])


def _strong_level(line: _Line) -> int:
    t = line.text
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
    m = _ARABIC_HEADING.match(text) or _LETTER_HEADING.match(text)
    if not m or group[0].list_item:
        return 0
    if not text[m.end() :][:1].isupper():
        return 0
    level = 5 if _LETTER_HEADING.match(text) else 2 + m.group(1).count(".")
    if not text.endswith(_CLOSING_PUNCT):
        return level if len(text) <= 300 else 0
    if text.endswith(":") and len(text) <= 120:
        return level
    if text.endswith(".") and len(group) == 1 and len(text) <= 140 and ". " not in text[m.end() :]:
        if nxt is None or nxt.text[:1].islower():
            return 0
        sibling = _ARABIC_HEADING.match(nxt.text)
        if sibling and not _LETTER_HEADING.match(text) and sibling.group(1).count(".") == m.group(1).count("."):
            return 0  # "2. … ." followed by "3. …": a numbered list, not a heading
        return level
    return 0
