"""The typed, frozen answers of :class:`indexer.Index`: results, hits, documents.

Why frozen: a result may be cached and handed to several threads of the page
at once; nothing can then change it under another reader. ``to_json()`` gives
the plain JSON shape the command line prints and the API returns (a superset
of the engine's dict: keys other branches add to the engine's output travel
in ``extra`` and come back out unchanged).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Any

Span = tuple[int, int]
_EMPTY: Mapping[str, Any] = MappingProxyType({})


def _spans(raw) -> tuple[Span, ...]:
    return tuple((int(s), int(e)) for s, e in raw or ())


def _year(value) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class DocumentMeta:
    """One document's metadata, as the index recorded it."""

    doc_id: str
    title: str = ""
    doc_type: str = ""
    number: str = ""
    date: str = ""
    year: int | None = None
    issuer: str = ""
    signer: str = ""
    province: str = ""
    paragraphs: int = 0
    footnotes: int = 0
    path: str = ""
    sha256: str = ""
    extra: Mapping[str, Any] = field(default_factory=lambda: _EMPTY, compare=False, repr=False)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DocumentMeta:
        """From docs.json; keys an older or newer index lacks take their defaults."""
        known = {k: data[k] for k in _META_KEYS if k in data and data[k] is not None}
        known["year"] = _year(data.get("year"))
        extra = MappingProxyType({k: v for k, v in data.items() if k not in _META_KEYS and k not in BOOKKEEPING})
        return cls(**known, extra=extra)

    def to_json(self) -> dict[str, Any]:
        out = {k: getattr(self, k) for k in _META_KEYS}
        out.update(self.extra)
        return out


# What the index records only to tell a changed file from an unchanged one: not metadata.
BOOKKEEPING = ("sidecar_mtime", "twins_sha256")
# The recorded keys are the fields themselves (one list, not two to keep in step).
_META_KEYS = tuple(f.name for f in fields(DocumentMeta) if f.name != "extra")


@dataclass(frozen=True)
class Hit:
    """One matching paragraph or footnote, with where the query matched in it."""

    rank: int
    score: float
    doc_id: str
    title: str
    paragraph: int
    section: str
    text: str
    spans: tuple[Span, ...]  # text[s:e] is what matched, in the document's own spelling
    snippet: str  # a window of ``text`` around the first match
    snippet_spans: tuple[Span, ...]  # the spans shifted into ``snippet``
    kind: str = "body"  # "body" or "footnote"
    partial: bool = False  # holds most of the query, not all of it
    footnote: str = ""  # a footnote's label
    refers_to: int | None = None  # a footnote's paragraph
    number: str = ""  # the document's number, e.g. 08-NQ/TU
    date: str = ""
    year: int | None = None
    extra: Mapping[str, Any] = field(default_factory=lambda: _EMPTY, compare=False, repr=False)

    _OWN = (
        "rank",
        "score",
        "doc_id",
        "title",
        "paragraph",
        "section",
        "text",
        "spans",
        "snippet",
        "snippet_spans",
        "kind",
        "partial",
        "footnote",
        "refers_to",
        "number",
        "date",
        "year",
    )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], meta: DocumentMeta | None = None) -> Hit:
        from indexer.searching.highlight import snippet  # noqa: PLC0415 - only when the engine gave none

        spans = _spans(data.get("spans"))
        if "snippet_spans" in data:
            snip, snip_spans = data["snippet"], _spans(data["snippet_spans"])
        else:
            snip, raw = snippet(data["text"], list(spans))
            snip_spans = _spans(raw)
        return cls(
            rank=int(data["rank"]),
            score=float(data["score"]),
            doc_id=data["doc_id"],
            title=data.get("title") or data["doc_id"],
            paragraph=int(data["paragraph"]),
            section=data.get("section") or "",
            text=data["text"],
            spans=spans,
            snippet=snip,
            snippet_spans=snip_spans,
            kind=data.get("kind", "body"),
            partial=bool(data.get("partial")),
            footnote=data.get("footnote") or "",
            refers_to=data.get("refers_to"),
            number=data.get("number") or (meta.number if meta else ""),
            date=data.get("date") or (meta.date if meta else ""),
            year=_year(data.get("year")) or (meta.year if meta else None),
            extra=MappingProxyType({k: v for k, v in data.items() if k not in cls._OWN}),
        )

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rank": self.rank,
            "score": self.score,
            "doc_id": self.doc_id,
            "title": self.title,
            "paragraph": self.paragraph,
            "section": self.section,
            "text": self.text,
            "spans": [list(s) for s in self.spans],
            "snippet": self.snippet,
            "snippet_spans": [list(s) for s in self.snippet_spans],
            "kind": self.kind,
            "partial": self.partial,
            "number": self.number,
            "date": self.date,
            "year": self.year,
        }
        if self.kind == "footnote":
            out["footnote"] = self.footnote
            out["refers_to"] = self.refers_to
        out.update(self.extra)
        return out


@dataclass(frozen=True)
class Result:
    """One page of hits for a query; ``total`` never depends on the page or its size."""

    query: str
    total: int
    took_ms: float
    page: int
    limit: int
    hits: tuple[Hit, ...] = ()
    facets: Mapping[str, Mapping[str, int]] | None = None
    extra: Mapping[str, Any] = field(default_factory=lambda: _EMPTY, compare=False, repr=False)

    _OWN = ("query", "total", "took_ms", "page", "hits", "facets")

    @property
    def pages(self) -> int:
        """How many pages of ``limit`` hits the total makes (0 when nothing matched)."""
        return -(-self.total // self.limit)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], limit: int, docs: Mapping[str, DocumentMeta]) -> Result:
        facets = data.get("facets")
        return cls(
            query=data["query"],
            total=int(data["total"]),
            took_ms=float(data.get("took_ms", 0.0)),
            page=int(data["page"]),
            limit=limit,
            hits=tuple(Hit.from_dict(h, docs.get(h["doc_id"])) for h in data.get("hits", ())),
            facets=MappingProxyType({k: MappingProxyType(dict(v)) for k, v in facets.items()})
            if facets is not None
            else None,
            extra=MappingProxyType({k: v for k, v in data.items() if k not in cls._OWN}),
        )

    def to_json(self) -> dict[str, Any]:
        """Today's shape: ``query, total, took_ms, page, hits`` (+ ``facets`` when asked, + additions)."""
        out: dict[str, Any] = {
            "query": self.query,
            "total": self.total,
            "took_ms": self.took_ms,
            "page": self.page,
            "hits": [h.to_json() for h in self.hits],
        }
        if self.facets is not None:
            out["facets"] = {k: dict(v) for k, v in self.facets.items()}
        out.update(self.extra)
        return out


@dataclass(frozen=True)
class Passage:
    """One chunk of a document as the page shows it, with the query's matches in it."""

    paragraph: int
    text: str
    kind: str = "body"
    section: str = ""
    footnotes: tuple[str, ...] = ()
    label: str = ""
    refers_to: int | None = None
    spans: tuple[Span, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "paragraph": self.paragraph,
            "text": self.text,
            "kind": self.kind,
            "section": self.section,
            "footnotes": list(self.footnotes),
            "label": self.label,
            "refers_to": self.refers_to,
            "spans": [list(s) for s in self.spans],
        }


@dataclass(frozen=True)
class Document:
    """A whole document: its metadata and its chunks in order."""

    meta: DocumentMeta
    chunks: tuple[Passage, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"meta": self.meta.to_json(), "chunks": [c.to_json() for c in self.chunks]}
