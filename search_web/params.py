"""The page's URL parameters: which are known, how they map to the core's filters, and links.

Only known parameters are read and only known parameters are written back
into links, so junk in a URL neither reaches the core nor grows the page.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from werkzeug.datastructures import MultiDict

from indexer import QueryError

# URL parameter → the core's filter key (indexer.searching.filters.FILTER_KEYS).
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
PAGE_SIZE = 10
API_MAX_LIMIT = 100  # the page's own cap; the command line may ask for more
MAX_PAGE = 10_000


def filters_from(args: MultiDict) -> dict[str, list[str]]:
    """The core's filters from the request's arguments (several values of one key = either)."""
    out = {}
    for url, key in URL_FILTERS.items():
        values = [v.strip() for v in args.getlist(url)[:MAX_VALUES] if v.strip()]
        if values:
            out[key] = list(dict.fromkeys(values))
    return out


def page_number(args: MultiDict) -> int:
    """The requested page (1 when absent); a page that is not a number from 1 to 10000 is a QueryError."""
    raw = args.get("page", "1").strip() or "1"
    if not re.fullmatch(r"[0-9]{1,6}", raw) or not 1 <= int(raw) <= MAX_PAGE:  # ASCII digits: "¹".isdigit()
        raise QueryError(
            f"page must be a number from 1 to 10000, not {raw[:20]!r}",
            vi=f"số trang phải là số từ 1 đến 10000, không phải '{raw[:20]}'",
        )
    return int(raw)


def limit(args: MultiDict) -> int:
    """The API's requested number of hits per page; outside 1..API_MAX_LIMIT it is a QueryError."""
    raw = args.get("limit", str(PAGE_SIZE)).strip()
    if not re.fullmatch(r"-?[0-9]{1,9}", raw) or not 1 <= int(raw) <= API_MAX_LIMIT:
        raise QueryError(
            f"limit must be a number from 1 to {API_MAX_LIMIT}, not {raw[:20]!r}",
            vi=f"limit phải là số từ 1 đến {API_MAX_LIMIT}, không phải '{raw[:20]}'",
        )
    return int(raw)


def sort_of(args: MultiDict) -> str:
    """The requested order ("relevance" when absent)."""
    return args.get("sort", "").strip() or "relevance"


def group_of(args: MultiDict) -> str:
    """The requested grouping; "paragraph" is the default and means no grouping."""
    group = args.get("group", "").strip()
    return "" if group == "paragraph" else group


def known_args(args: MultiDict) -> list[tuple[str, str]]:
    """The request's known, non-empty arguments, in a stable order."""
    return [(k, v) for k in KNOWN for v in args.getlist(k)[:MAX_VALUES] if v.strip()]


class Links:
    """The links of one page: its address and known arguments, each pair encoded once.

    A results page holds dozens of filter links that differ from the page's
    own address in one argument; encoding the unchanged ones once keeps them cheap.
    """

    def __init__(self, base: str, known: list[tuple[str, str]]):
        self.base = base
        self.known = known
        self._encoded = [(k, urlencode([(k, v)])) for k, v in known]

    def url(self, **changes: object) -> str:
        """This page's address with each changed argument replaced (None removes it, a list repeats it)."""
        parts = [(k, enc) for k, enc in self._encoded if k not in changes]
        for k, v in changes.items():
            if v is not None:
                parts += [(k, urlencode([(k, str(x))])) for x in (v if isinstance(v, list | tuple) else [v])]
        parts.sort(key=lambda kv: _ORDER.get(kv[0], len(KNOWN)))
        return self.base + ("?" + "&".join(enc for _, enc in parts) if parts else "")

    def toggle(self, url_key: str, value: str) -> str:
        """This page's address with ``value`` of ``url_key`` added, or removed when it is there, back to page 1."""
        return self.url(**{url_key: toggled(self.known, url_key, value), "page": None})

    def kept(self, exclude: list[str]) -> list[tuple[str, str]]:
        """The known arguments but the excluded ones (hidden fields of a form)."""
        return [(k, v) for k, v in self.known if k not in exclude]


_ORDER = {k: i for i, k in enumerate(KNOWN)}


def toggled(known: list[tuple[str, str]], url_key: str, value: str) -> list[str]:
    """The values of ``url_key`` with ``value`` added, or removed when it is there."""
    values = [v for k, v in known if k == url_key]
    return [v for v in values if v != value] if value in values else [*values, value]
