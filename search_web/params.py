"""The page's URL parameters: which are known, how they map to the core's filters, and links.

Only known parameters are read and only known parameters are written back
into links, so junk in a URL neither reaches the core nor grows the page.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

from werkzeug.datastructures import MultiDict

# URL parameter → the core's filter key (indexer.filters.FILTER_KEYS).
URL_FILTERS = {
    "doc": "doc_id",
    "province": "province",
    "type": "doc_type",
    "year": "year",
    "issuer": "issuer",
    "cites": "cites",
    "from": "date_from",
    "to": "date_to",
}
FILTER_URL = {v: k for k, v in URL_FILTERS.items()}
KNOWN = ("q", *URL_FILTERS, "sort", "group", "page")
MAX_VALUES = 20  # values of one filter kept from a URL


def filters_from(args: MultiDict) -> dict[str, list[str]]:
    """The core's filters from the request's arguments (several values of one key = either)."""
    out = {}
    for url, key in URL_FILTERS.items():
        values = [v.strip() for v in args.getlist(url)[:MAX_VALUES] if v.strip()]
        if values:
            out[key] = list(dict.fromkeys(values))
    return out


def known_args(args: MultiDict) -> list[tuple[str, str]]:
    """The request's known, non-empty arguments, in a stable order."""
    return [(k, v) for k in KNOWN for v in args.getlist(k)[:MAX_VALUES] if v.strip()]


def link(base: str, known: list[tuple[str, str]], changes: Mapping[str, object] | None = None) -> str:
    """``base`` with the ``known`` arguments (see :func:`known_args`), each changed key replaced (None removes it)."""
    changes = changes or {}
    pairs = [(k, v) for k, v in known if k not in changes]
    for k, v in changes.items():
        if v is None:
            continue
        for value in v if isinstance(v, list | tuple) else [v]:
            pairs.append((k, str(value)))
    pairs.sort(key=lambda kv: KNOWN.index(kv[0]) if kv[0] in KNOWN else len(KNOWN))
    return base + ("?" + urlencode(pairs) if pairs else "")


def toggled(known: list[tuple[str, str]], url_key: str, value: str) -> list[str]:
    """The values of ``url_key`` with ``value`` added, or removed when it is there."""
    values = [v for k, v in known if k == url_key]
    return [v for v in values if v != value] if value in values else [*values, value]
