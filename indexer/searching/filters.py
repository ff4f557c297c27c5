"""Filters on document properties, shared by the CLI, the page and the API.

A filter maps a facet to the values wanted (a single string is one value):
``{"province": ["binh thuan", "Hà Nam"], "year": "2021"}``. Several values of
one facet mean either; several facets mean all. Values are compared without
regard to case, accents or spacing, against the values the index holds, so
"binh thuan" is "Bình Thuận". A value the index does not hold is an error
that names it and lists the known ones — a silent zero looks like an answer.

Every facet is a property of a whole document, so a filter resolves to the
set of documents it allows; :mod:`indexer.searching.engine` turns that set into the
paragraphs it may show.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date

from analyzers.text import fold, nfc
from indexer.corpus.properties import as_values, date_span, parse_date, year_of
from indexer.errors import QueryError

FACETS = ("doc_id", "province", "doc_type", "year", "issuer")
FILTER_KEYS = (*FACETS, "cites", "date_from", "date_to")
# (English, Vietnamese) name of each facet, for messages.
NAMES = {
    "doc_id": ("document", "văn bản"),
    "province": ("province", "tỉnh/thành"),
    "doc_type": ("document type", "loại văn bản"),
    "year": ("year", "năm"),
    "issuer": ("issuer", "cơ quan ban hành"),
    "cites": ("cited number", "số hiệu được dẫn chiếu"),
    "date_from": ("start date", "ngày bắt đầu"),
    "date_to": ("end date", "ngày kết thúc"),
}
MAX_VALUE_CHARS = 200  # no property is longer; a longer value is junk, refused before any work
SHOWN_KNOWN = 12  # known values listed in an error message


def key(value: str) -> str:
    """What two spellings of one value share: case, accents, tone placement and spacing ignored."""
    return " ".join(fold(nfc(value)).split())


def number_key(number: str) -> str:
    """A document number compared without case, accents (NĐ = ND) or spaces."""
    return re.sub(r"\s+", "", fold(nfc(number))).upper()


def normalize(filters: Mapping[str, object] | None) -> dict[str, list[str]]:
    """Each filter key to its list of non-empty values; unknown keys are an error."""
    out: dict[str, list[str]] = {}
    for name, raw in (filters or {}).items():
        if name not in FILTER_KEYS:
            raise QueryError(f"unknown filter {name!r}", vi=f"không có bộ lọc '{name}'")
        values = [raw] if isinstance(raw, str | int) else list(raw or ())
        cleaned = [" ".join(nfc(str(v)).split()) for v in values if v is not None and str(v).strip()]
        for value in cleaned:
            if len(value) > MAX_VALUE_CHARS:
                raise QueryError(
                    f"filter value too long ({len(value)} characters; at most {MAX_VALUE_CHARS})",
                    vi=f"giá trị bộ lọc quá dài ({len(value)} ký tự; tối đa {MAX_VALUE_CHARS})",
                )
        if cleaned:
            out[name] = list(dict.fromkeys(cleaned))
    return out


def facet_values(meta: dict, facet: str) -> list[str]:
    """The values of ``facet`` a document has (a year as four digits)."""
    if facet == "year":
        year = year_of(meta)
        return [str(year)] if year else []
    return as_values(meta.get(facet))


def cited_numbers(meta: dict) -> list[str]:
    """The numbers a document cites (tolerates old indexes without ``cites`` and malformed entries)."""
    cites = meta.get("cites")
    if not isinstance(cites, list):
        return []
    return [str(c["number"]) for c in cites if isinstance(c, dict) and c.get("number")]


def _unknown(facet: str, value: str, known: Iterable[str]) -> QueryError:
    en, vi = NAMES[facet]
    known = sorted(set(known))
    shown = ", ".join(known[:SHOWN_KNOWN]) + (", …" if len(known) > SHOWN_KNOWN else "")
    if facet == "cites":
        return QueryError(
            f"no document in the index cites {value!r}", vi=f"không có văn bản nào dẫn chiếu '{value}' trong chỉ mục"
        )
    return QueryError(
        f"no {en} {value!r} in the index" + (f" (known: {shown})" if known else ""),
        vi=f"không có {vi} '{value}' trong chỉ mục" + (f" (có: {shown})" if known else ""),
    )


def _day(facet: str, values: list[str]) -> date:
    days = []
    for value in values:
        day = parse_date(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None
        if day is None:
            en, vi = NAMES[facet]
            raise QueryError(
                f"malformed {en} {value!r}: write it as YYYY-MM-DD",
                vi=f"{vi} '{value}' không hợp lệ: hãy viết dạng YYYY-MM-DD",
            )
        days.append(day)
    return max(days) if facet == "date_from" else min(days)


def allowed_documents(filters: Mapping[str, object] | None, docs: Mapping[str, dict]) -> set[str] | None:
    """The ids of the documents ``filters`` allows, or None when it allows every document.

    Raises QueryError for an unknown filter, an unknown value, a malformed
    year or date, or a date range that ends before it starts.
    """
    wanted = normalize(filters)
    if not wanted:
        return None
    allowed = set(docs)
    for facet in FACETS:
        if facet in wanted:
            allowed &= _facet_match(facet, wanted[facet], docs)
    if "cites" in wanted:
        allowed &= _citing(wanted["cites"], docs)
    return _in_date_range(allowed, wanted, docs)


def _facet_match(facet: str, wanted: list[str], docs: Mapping[str, dict]) -> set[str]:
    """The documents with any of the ``wanted`` values of ``facet``."""
    if facet == "year":
        for value in wanted:
            if not re.fullmatch(r"\d{4}", value):
                raise QueryError(
                    f"malformed year {value!r}: a year is four digits",
                    vi=f"năm '{value}' không hợp lệ: năm gồm bốn chữ số",
                )
    by_key: dict[str, set[str]] = {}
    for doc_id, meta in docs.items():
        values = [doc_id] if facet == "doc_id" else facet_values(meta, facet)
        for v in values:
            by_key.setdefault(key(v), set()).add(doc_id)
    match: set[str] = set()
    for value in wanted:
        found = by_key.get(key(value))
        if found is None:
            known = docs if facet == "doc_id" else {v for m in docs.values() for v in facet_values(m, facet)}
            raise _unknown(facet, value, known)
        match |= found
    return match


def _citing(numbers: list[str], docs: Mapping[str, dict]) -> set[str]:
    """The documents citing any of ``numbers``."""
    citing: dict[str, set[str]] = {}
    for doc_id, meta in docs.items():
        for number in cited_numbers(meta):
            citing.setdefault(number_key(number), set()).add(doc_id)
    match: set[str] = set()
    for value in numbers:
        found = citing.get(number_key(value))
        if found is None:
            raise _unknown("cites", value, ())
        match |= found
    return match


def _in_date_range(allowed: set[str], wanted: Mapping[str, list[str]], docs: Mapping[str, dict]) -> set[str]:
    """The ``allowed`` documents inside the wanted date range (all of them when none is given)."""
    low = _day("date_from", wanted["date_from"]) if "date_from" in wanted else None
    high = _day("date_to", wanted["date_to"]) if "date_to" in wanted else None
    if low and high and low > high:
        raise QueryError(
            f"the date range starts ({low}) after it ends ({high})",
            vi=f"khoảng ngày không hợp lệ: ngày bắt đầu ({low}) sau ngày kết thúc ({high})",
        )
    if not (low or high):
        return allowed
    # A document known only by its year is in the range when its year overlaps it.
    kept = set()
    for doc_id in allowed:
        span = date_span(docs[doc_id])
        if span and (low is None or span[1] >= low) and (high is None or span[0] <= high):
            kept.add(doc_id)
    return kept


def document_counts(doc_ids: Iterable[str], docs: Mapping[str, dict]) -> dict[str, dict[str, int]]:
    """How many of ``doc_ids`` have each value of each facet but the id, most first (for browsing)."""
    counts: dict[str, dict[str, int]] = {f: {} for f in FACETS if f != "doc_id"}
    for doc_id in doc_ids:
        meta = docs.get(doc_id, {})
        for facet, values in counts.items():
            for v in facet_values(meta, facet):
                values[v] = values.get(v, 0) + 1
    # Years newest first; other values most frequent first.
    return {
        f: dict(
            sorted(
                c.items(), key=(lambda kv: kv[0]) if f == "year" else (lambda kv: (-kv[1], kv[0])), reverse=f == "year"
            )
        )
        for f, c in counts.items()
    }
