"""Read resolution files from the corpus into :class:`~indexer.model.Document`.

Decoding and metadata live here; the layout cleanup is :mod:`indexer.layout`.
A file that cannot be read raises :class:`~indexer.errors.UnreadableFile`
with a message that names it, so the caller can skip it and go on.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from pathlib import Path

from analyzers.text import nfc
from indexer.errors import UnreadableFile
from indexer.formats import PDF_SUFFIXES, SUPPORTED, WORD_SUFFIXES, docx_text, pdf_text
from indexer.layout import DOC_TYPES, parse
from indexer.model import Chunk, Document

SIDECAR_SUFFIX = ".meta.toml"
SIDECAR_KEYS = ("title", "doc_type", "number", "date", "year", "issuer", "signer", "province")
_VIET_LETTERS = set("ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")


def corpus_files(corpus: Path) -> list[Path]:
    """The resolution files of a corpus folder, in a stable order."""
    if not corpus.is_dir():
        return []
    return sorted(
        p
        for p in corpus.rglob("*")
        if p.is_file() and p.suffix.lower() in SUPPORTED and not p.name.startswith((".", "~$"))
    )


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
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        raise UnreadableFile(f"{name}: not UTF-8, UTF-16 or Windows-1258 text") from None
    letters = sum(1 for c in nfc(text).lower() if c in _VIET_LETTERS)
    if letters < max(3, len(text) // 200):
        raise UnreadableFile(f"{name}: not UTF-8 and does not read as Vietnamese in Windows-1258")
    return text


def read_sidecar(path: Path) -> dict:
    """Metadata a resolution's text does not state, from ``NAME.meta.toml`` beside it."""
    side = path.with_name(path.stem + SIDECAR_SUFFIX)
    if not side.exists():
        return {}
    try:
        data = tomllib.loads(side.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UnreadableFile(f"{side.name}: bad metadata file ({exc})") from None
    return {k: data[k] for k in SIDECAR_KEYS if k in data}


def read_document(path: Path, corpus: Path) -> Document:
    """Read, decode, clean and describe one resolution file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"{path.name}: cannot read ({exc.strerror})") from None
    if not data.strip():
        raise UnreadableFile(f"{path.name}: the file is empty")
    suffix = path.suffix.lower()
    if suffix in WORD_SUFFIXES:
        text = docx_text(path)
    elif suffix in PDF_SUFFIXES:
        text = pdf_text(path)
    else:
        text = decode(data, path.name)
    doc = parse_document(text, doc_id_for(path, corpus), str(path), hashlib.sha256(data).hexdigest())
    for key, value in read_sidecar(path).items():
        setattr(doc, key, value if key != "year" else int(value))
    if doc.date and not doc.year:
        m = re.search(r"(\d{4})$", doc.date)
        doc.year = int(m.group(1)) if m else None
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
    _describe(doc, parsed.title_lines, parsed.closing, text)
    return doc


def _describe(doc: Document, title_lines: list[str], closing: list[str], text: str) -> None:
    """Fill the metadata the text states: type, title, issuer, number, date, signer."""
    head = " ".join(title_lines)
    for kind in DOC_TYPES:
        if head.upper().startswith(kind):
            doc.doc_type = kind.capitalize()
            break
    if title_lines:
        rest = [t for t in title_lines[1:] if not t.upper().startswith("CỦA ")]
        subject = " ".join(rest).strip()
        first = title_lines[0]
        doc.title = f"{doc.doc_type} {subject}".strip() if subject or first.isupper() else first
        for t in title_lines[1:]:
            if t.upper().startswith("CỦA "):
                issuer = re.sub(r"\s*\(.*?\)", "", t[4:]).strip()
                doc.issuer = issuer[:1].upper() + issuer[1:].lower()
    m = re.search(r"\bsố\s+(\d+[-/][\wĐđ]+/[\wĐđ-]+)", head, re.I)
    if m:
        doc.number = m.group(1)
    top = nfc(text[:3000])
    m = re.search(r"\bSố[:\s]+(\d+[-/][\wĐđ/-]+)", top)
    if m and not doc.number:
        doc.number = m.group(1).rstrip(".,")
    m = re.search(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", top)
    if m:
        doc.date = f"{int(m.group(1)):02d}/{int(m.group(2)):02d}/{m.group(3)}"
    m = re.search(r"\btỉnh\s+((?:[A-ZĐ][\wđ]+\s?){1,3})", head)
    if m:
        doc.province = m.group(1).strip()
    for line in closing:
        if re.match(r"^T/?M\.?\s+(.+)$", line):
            who = re.sub(r"^T/?M\.?\s+", "", line).strip()
            doc.issuer = doc.issuer or (who[:1] + who[1:].lower())
    for line in reversed(closing):
        name = re.sub(r"^(Đã ký|đã ký)\s*", "", line).strip()
        words = name.split()
        if (
            2 <= len(words) <= 5
            and all(w[:1].isupper() and not w.isupper() for w in words)
            and not re.search(r"[\d(),;:]", name)
        ):
            doc.signer = name
            break


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
