"""The document itself as a searchable unit: its metadata in one line.

Why: people look documents up by what describes them — title, type, number,
marks (MẬT, KHẨN), date, issuer, signer, province ("Lê Thanh Quang", "Nghị quyết 08-NQ/TU") —
and none of that is in the paragraphs. Each document gets one more indexed
chunk, ``kind = "document"`` and ``paragraph = 0``, whose text is that line;
it goes through the same analyzers as the paragraphs, so every matching rule
(accents, abbreviations, codes) applies to it. Search shows it as a hit of
kind "document"; a query naming a document number ranks it first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a search reads the KIND of a hit, never builds a Document
    from indexer.corpus.model import Document

KIND = "document"
PARAGRAPH = 0


def describe(doc: Document) -> str:
    """The document's metadata as one line of text ("" when nothing is known)."""
    head = " ".join(p for p in (doc.doc_type, f"số {doc.number}" if doc.number else "") if p)
    title = doc.title if doc.title and doc.title != doc.doc_id else ""
    marks = " ".join(doc.marks)  # MẬT, KHẨN: a reader looks for "nghị quyết mật" too
    date = f"ngày {_as_written(doc.date)}" if doc.date else ""
    parts = [head, marks, title, doc.issuer, doc.province, date, doc.signer]
    return " — ".join(p for p in parts if p)


def _as_written(date: str) -> str:
    """An ISO date as documents write it when they cite one ("ngày 25/10/2016"), so a query
    copied from a citation matches the document's own line."""
    y, m, d = [*date.split("-"), "", ""][:3]
    return f"{d}/{m}/{y}" if y.isdigit() and m.isdigit() and d.isdigit() else date


def fields(doc: Document) -> dict | None:
    """The Whoosh fields of the document's own chunk, or None when it has no metadata."""
    text = describe(doc)
    if not text:
        return None
    return {
        "doc_id": doc.doc_id,
        "paragraph": PARAGRAPH,
        "kind": KIND,
        "section": "",
        "text": text,
        "footnotes": [],
        "label": "",
        "refers_to": None,
        "syl": text,
        "fold": text,
        "pairs": text,
        "words": text,
        "province": doc.province or "",
        "doc_type": doc.doc_type or "",
        "year": str(doc.year) if doc.year else "",
    }
