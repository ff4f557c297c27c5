"""How the core's answers look on the page: labels, marks, dates, the table of contents.

Pure functions of the core's plain dicts; the views call them and the
templates use them as filters and globals.
"""

from __future__ import annotations

from datetime import date

from markupsafe import Markup, escape

from indexer import as_text, iso_date

FACET_LABELS = {
    "doc_id": "Văn bản",
    "province": "Tỉnh/thành",
    "doc_type": "Loại văn bản",
    "year": "Năm",
    "issuer": "Cơ quan ban hành",
    "cites": "Dẫn chiếu",
    "date_from": "Từ ngày",
    "date_to": "Đến ngày",
}
RELATION_LABELS = {
    "implements": ("thực hiện", "được thực hiện bởi"),
    "continues": ("tiếp tục", "được tiếp tục bởi"),
    "replaces": ("thay thế", "được thay thế bởi"),
    "amends": ("sửa đổi", "được sửa đổi bởi"),
    "cites": ("dẫn chiếu", "được dẫn chiếu bởi"),
}


def marked(text: str, spans) -> Markup:
    """``text`` escaped, with each span wrapped in <mark>."""
    out, last = [], 0
    for s, e in spans:  # escaped pieces joined as plain text, made Markup once (a page marks hundreds)
        out += (escape(text[last:s]), "<mark>", escape(text[s:e]), "</mark>")
        last = e
    out.append(escape(text[last:]))
    return Markup("".join(out))


def vn_date(value: object) -> str:
    """An ISO or dd/mm/yyyy date as Vietnamese readers write it (dd/mm/yyyy); other text as is."""
    iso = iso_date({"date": value})
    return date.fromisoformat(iso).strftime("%d/%m/%Y") if iso else as_text(value)


def shorten(text: str, width: int) -> str:
    """``text`` cut at a word boundary to at most ``width`` characters, with "..." (as Jinja's truncate)."""
    if len(text) <= width + 5:
        return text
    return text[: width - 3].rsplit(" ", 1)[0] + "..."


def facet_label(field: str, value: str, docs: dict) -> str:
    """How one facet value reads: a document by its title, a date as dd/mm/yyyy, others as they are."""
    if field == "doc_id":
        return as_text(docs.get(value, {}).get("title")) or value
    if field in ("date_from", "date_to"):
        return vn_date(value)
    return as_text(value)


def hit_view(hit: dict, docs: dict) -> dict:
    """A hit as the template shows it: its snippet marked, its document's metadata beside it."""
    spans = hit.get("snippet_spans") or ()
    return {**hit, "html": marked(hit["snippet"], spans), "meta": docs.get(hit["doc_id"], {})}


def table_of_contents(chunks: list[dict]) -> list[dict]:
    """Each heading of the document once, in order: its depth, its text and the first paragraph under it."""
    seen: set[tuple[str, ...]] = set()
    out = []
    for c in chunks:
        if c.get("kind") != "body" or not c.get("section"):
            continue
        parts = [p.strip() for p in as_text(c["section"]).split("›")]
        for depth in range(1, len(parts) + 1):
            prefix = tuple(parts[:depth])
            if prefix not in seen:
                seen.add(prefix)
                out.append({"depth": depth, "label": parts[depth - 1], "paragraph": c["paragraph"]})
    return out
