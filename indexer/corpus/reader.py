"""Read resolution files from the corpus into :class:`~indexer.corpus.model.Document`.

Decoding and metadata live here; the layout cleanup is :mod:`indexer.corpus.layout`.
A file that cannot be read raises :class:`~indexer.errors.UnreadableFile`
with a message that names it, so the caller can skip it and go on.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from analyzers.text import nfc
from indexer.corpus import encodings, metadata, references
from indexer.corpus.formats import (
    DOC_SUFFIXES,
    HTML_SUFFIXES,
    PDF_SUFFIXES,
    SUPPORTED,
    WORD_SUFFIXES,
    doc_text,
    docx_text,
    html_text,
    pdf_text,
)
from indexer.corpus.layout import Parsed, parse
from indexer.corpus.model import Chunk, Document
from indexer.errors import UnreadableFile

SIDECAR_SUFFIX = ".meta.toml"
SIDECAR_KEYS = (
    "title",
    "doc_type",
    "number",
    "date",
    "year",
    "issuer",
    "signer",
    "province",
    "signer_title",
    "authority",
    "place",
    "recipients",
    "marks",
)
_VIET_LETTERS = set("ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")


# When two files share an id (``trung.txt`` and ``trung.md``), the first suffix here wins:
# the plainest text is the most faithful copy; a scan is read only when nothing else is there.
SUFFIX_ORDER = (".txt", ".md", ".docx", ".doc", ".html", ".htm", ".pdf")


def _candidates(corpus: Path) -> list[Path]:
    if not corpus.is_dir():
        return []
    return sorted(
        p
        for p in corpus.rglob("*")
        if p.suffix.lower() in SUPPORTED and not p.name.startswith((".", "~$")) and p.is_file()
    )


def _folder_links(corpus: Path) -> list[Path]:
    """Links to folders outside the corpus: never walked into, and named so nobody wonders why."""
    if not corpus.is_dir():
        return []
    root = corpus.resolve()
    return sorted(
        p for p in corpus.rglob("*") if p.is_symlink() and p.is_dir() and not p.resolve().is_relative_to(root)
    )


def _rank(path: Path) -> int:
    suffix = path.suffix.lower()
    return SUFFIX_ORDER.index(suffix) if suffix in SUFFIX_ORDER else len(SUFFIX_ORDER)


@dataclass(frozen=True)
class Listing:
    """What a corpus folder holds, from one walk: the files to index (in a stable order), the
    files refused with a one-line reason, and the files of each id two or more files share
    (``trung.txt``, ``trung.md``), the winner first."""

    files: list[Path]
    refused: list[tuple[str, str]]
    twins: dict[str, list[Path]]


def list_corpus(corpus: Path) -> Listing:
    """The corpus folder's :class:`Listing`.

    Refused: links that lead out of the folder, and the losers of two files
    with one id. When the winner cannot be read, the index reads the next one
    instead (:func:`indexer.index.indexing.build`), so a broken copy never
    hides a good one.
    """
    root = corpus.resolve()
    refused: list[tuple[str, str]] = []
    by_id: dict[str, list[Path]] = {}
    for link in _folder_links(corpus):
        rel = link.relative_to(corpus).as_posix()
        refused.append((rel, f"{rel}: a link to the folder {link.resolve()}, outside the corpus folder: refused"))
    for p in _candidates(corpus):
        target = p.resolve()
        if not target.is_relative_to(root):
            rel = p.relative_to(corpus).as_posix()
            refused.append((rel, f"{rel}: a link to {target}, outside the corpus folder: refused"))
        else:
            by_id.setdefault(doc_id_for(p, corpus), []).append(p)
    twins = {d: sorted(ps, key=lambda q: (_rank(q), q.name)) for d, ps in by_id.items() if len(ps) > 1}
    for doc_id, (winner, *others) in twins.items():
        for p in others:
            rel = p.relative_to(corpus).as_posix()
            refused.append((rel, f"{rel}: same id '{doc_id}' as {winner.name}, which is indexed instead"))
    files = sorted(ps[0] if len(ps) == 1 else twins[d][0] for d, ps in by_id.items())
    return Listing(files, refused, twins)


def corpus_files(corpus: Path) -> list[Path]:
    """The resolution files of a corpus folder that will be indexed, in a stable order."""
    return list_corpus(corpus).files


def refused_files(corpus: Path) -> list[tuple[str, str]]:
    """(name inside the corpus, one-line reason) for each file the corpus holds but must not index."""
    return list_corpus(corpus).refused


def doc_id_for(path: Path, corpus: Path) -> str:
    """A stable id: the file's path inside the corpus, without its suffix."""
    try:
        rel = path.relative_to(corpus)
    except ValueError:
        rel = Path(path.name)
    return rel.with_suffix("").as_posix()


def decode(data: bytes, name: str) -> str:
    """Decode a resolution's bytes: UTF-8, UTF-16 with a BOM, or Windows-1258."""
    if not data.strip():
        raise UnreadableFile(f"{name}: the file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise UnreadableFile(f"{name}: broken UTF-16 text ({exc.reason})") from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data[:4096]:
        raise UnreadableFile(f"{name}: binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    legacy = encodings.legacy_to_unicode(data.decode("latin-1"))
    if legacy is not None:
        return encodings.restore_header_capitals(legacy)
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        raise UnreadableFile(f"{name}: not UTF-8, UTF-16 or Windows-1258 text") from None
    letters = sum(1 for c in nfc(text).lower() if c in _VIET_LETTERS)
    if letters < max(3, len(text) // 200):
        raise UnreadableFile(f"{name}: not UTF-8 and does not read as Vietnamese in Windows-1258")
    return text


def read_sidecar(path: Path) -> dict:
    """Metadata a resolution's text does not state, from ``NAME.meta.toml`` beside it.

    Every value is checked: a wrong one names the file and the key, so the
    document is skipped with a clear line instead of failing somewhere later.
    """
    side = path.with_name(path.stem + SIDECAR_SUFFIX)
    if not side.exists():
        return {}
    try:
        data = tomllib.loads(side.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UnreadableFile(f"{side.name}: bad metadata file ({exc})") from None
    unknown = sorted(set(data) - set(SIDECAR_KEYS))
    if unknown:  # a typo ("provice") would otherwise pass unnoticed
        raise UnreadableFile(f"{side.name}: unknown key {unknown[0]!r} (known: {', '.join(SIDECAR_KEYS)})")
    meta = {k: _sidecar_value(side.name, k, data[k]) for k in SIDECAR_KEYS if k in data}
    if meta.get("title") == "":
        del meta["title"]  # a document always has a title: an empty one states none, the text's stays
    if meta.get("date") and "year" in meta and int(meta["date"][:4]) != meta["year"]:
        raise UnreadableFile(f"{side.name}: date {meta['date']} and year {meta['year']} disagree: give one")
    return meta


def _sidecar_value(name: str, key: str, value: object) -> object:
    import datetime  # noqa: PLC0415

    def bad(want: str) -> UnreadableFile:
        return UnreadableFile(f"{name}: {key} must be {want}, not {value!r}")

    if key == "year":
        if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).strip().isdecimal():
            raise bad("a year such as 2021")
        if not 1930 <= int(value) <= 2100:
            raise bad("a year between 1930 and 2100")
        return int(value)
    if key == "date":
        if isinstance(value, datetime.datetime):
            return value.date().isoformat()
        if isinstance(value, datetime.date):
            return value.isoformat()
        iso = _iso(value) if isinstance(value, str) else None
        if iso is None:
            raise bad("a date such as 2021-05-01 or 01/05/2021")
        return iso
    if key in ("recipients", "marks"):
        if isinstance(value, str):
            return [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise bad("a list of texts")
        return value
    if not isinstance(value, str):
        raise bad("a text in quotes")
    return value.strip()


def _iso(text: str) -> str | None:
    """ISO for "2021-05-01", "01/05/2021", "1/5/2021"; "" for an empty text; None when it is no date."""
    text = text.strip()
    if not text:
        return ""
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if m:
        return metadata.iso_date(m.group(3), m.group(2), m.group(1)) or None
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    if m:
        return metadata.iso_date(m.group(1), m.group(2), m.group(3)) or None
    return None


def read_text(path: Path) -> tuple[str, bytes]:
    """A resolution file's text, whatever its format, and its bytes (for the hash)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"{path.name}: cannot read ({exc.strerror})") from None
    if not data.strip():
        raise UnreadableFile(f"{path.name}: the file is empty")
    suffix = path.suffix.lower()
    if suffix in WORD_SUFFIXES:
        text = encodings.fix_legacy(docx_text(path))
    elif suffix in DOC_SUFFIXES:
        text = encodings.fix_legacy(doc_text(path))
    elif suffix in PDF_SUFFIXES:
        text = pdf_text(path, progress=ocr_progress)
    elif suffix in HTML_SUFFIXES:
        text = encodings.fix_legacy(html_text(data, path.name))
    else:
        text = decode(data, path.name)
    return text, data


def ocr_progress(page: int, pages: int, name: str) -> None:
    """One line per page OCR'd, on stderr: a scan takes seconds per page."""
    import sys  # noqa: PLC0415

    print(f"OCR {name}: page {page}/{pages}", file=sys.stderr, flush=True)


def read_document(path: Path, corpus: Path) -> Document:
    """Read, decode, clean and describe one resolution file."""
    if path.is_symlink() and corpus.is_dir() and not path.resolve().is_relative_to(corpus.resolve()):
        raise UnreadableFile(f"{path.name}: a link to {path.resolve()}, outside the corpus folder: refused")
    text, data = read_text(path)
    doc = parse_document(text, doc_id_for(path, corpus), str(path), hashlib.sha256(data).hexdigest())
    for key, value in read_sidecar(path).items():
        setattr(doc, key, value)
    doc.cites = [c for c in doc.cites if c["number"] != doc.number]
    if doc.date and not doc.year:
        doc.year = int(doc.date[:4])
    if not doc.title:
        doc.title = doc.doc_id
    return doc


def parse_document(text: str, doc_id: str, path: str = "", sha256: str = "") -> Document:
    """Build a Document (chunks and metadata) from decoded text."""
    parsed = parse(text)
    doc = Document(doc_id=doc_id, path=path, sha256=sha256, debris=parsed.debris)
    number = 0
    cited: dict[str, int] = {}
    sections: dict[int, str] = {}
    for section, body, notes in parsed.paragraphs:
        number += 1
        doc.chunks.append(Chunk(paragraph=number, text=body, section=section, footnotes=notes))
        sections[number] = section
        for label in notes:
            cited.setdefault(label, number)
    for label, note in parsed.footnotes.items():
        if not note.strip():
            continue
        number += 1
        ref = cited.get(label)
        doc.chunks.append(
            Chunk(
                paragraph=number,
                text=note.strip(),
                section=sections.get(ref, "") if ref else "",
                kind="footnote",
                label=label,
                refers_to=ref,
            )
        )
    if not any(c.kind == "body" for c in doc.chunks):
        raise UnreadableFile(f"{Path(path).name or doc_id}: no paragraphs found")
    _describe(doc, parsed)
    return doc


def _describe(doc: Document, parsed: Parsed) -> None:
    """Fill the metadata the header, title block and signature state (:mod:`indexer.corpus.metadata`)."""
    body = [c.text for c in doc.chunks if c.kind == "body"]
    h = metadata.describe(parsed.header, parsed.title_lines, parsed.closing, parsed.front, body)
    for key in ("title", "doc_type", "number", "date", "year", "issuer", "signer", "province"):
        setattr(doc, key, getattr(h, key))
    doc.signer_title, doc.authority, doc.place = h.signer_title, h.authority, h.place
    doc.recipients, doc.marks = h.recipients, h.marks
    if not doc.province:
        m = re.search(r"\btỉnh\s+((?:[A-ZĐ][\wđ]+\s?){1,3})", " ".join(parsed.title_lines))
        doc.province = m.group(1).strip() if m else ""
    if doc.province and (
        re.search(r"(?:^|\s)(?:Tỉnh|Thành) (?:ủy|uỷ)$", doc.issuer) or re.search(r"\s(?:tỉnh|thành phố)$", doc.issuer)
    ):  # "Văn phòng Tỉnh ủy" of which province
        doc.issuer = f"{doc.issuer} {doc.province}"  # "Đảng ủy Ủy ban nhân dân tỉnh" of which province
    found = references.citations(" ".join(parsed.title_lines))
    seen_headings: set[str] = set()
    for chunk in doc.chunks:
        # A heading cites too ("I. Tình hình thực hiện Nghị quyết số 23-NQ/TW"): the document's list has it.
        for heading in chunk.section.split(" › ") if chunk.section else ():
            if heading not in seen_headings:
                seen_headings.add(heading)
                found.extend(references.citations(heading))
        mine = references.citations(chunk.text)
        chunk.cites = list(dict.fromkeys(c.number for c in mine if c.number != doc.number))
        found.extend(mine)
    doc.cites = [c.to_json() for c in references.merge(found, doc.number)]


def write_sidecar(path: Path, meta: dict) -> Path:
    """Write ``NAME.meta.toml`` beside ``path`` (flat string and integer keys)."""
    side = path.with_name(path.stem + SIDECAR_SUFFIX)
    lines = ['# Metadata the text does not state; see README, "Corpus metadata".']
    for key in SIDECAR_KEYS:
        if key in meta and meta[key] not in (None, ""):
            value = meta[key]
            if isinstance(value, int):
                lines.append(f"{key} = {value}")
            else:
                escaped = str(value).replace("\\", "\\\\").replace('"', '\\"')
                lines.append(f'{key} = "{escaped}"')
    side.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return side
