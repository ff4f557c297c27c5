"""The page's views: each parses its request, asks :class:`indexer.Index`, and renders the answer.

The views find the index (and the relations between its documents) on the
app that :func:`search_web.app.create_app` built, so they hold no state of
their own. Domain errors become a message in Vietnamese with 400 or 503;
everything else is left to the app's error handlers.
"""

from __future__ import annotations

import hashlib
from functools import partial
from pathlib import Path

from flask import Response, current_app, jsonify, render_template, request, send_file, url_for

from indexer import (
    MAX_QUERY_CHARS,
    Index,
    IndexMissing,
    IndexStale,
    QueryError,
    Relations,
    allowed_documents,
    as_text,
    document_counts,
    newest_first,
)
from search_web.params import (
    FILTER_URL,
    PAGE_SIZE,
    Links,
    filters_from,
    group_of,
    known_args,
    limit,
    page_number,
    sort_of,
)
from search_web.render import FACET_LABELS, facet_label, hit_view, marked, shorten, table_of_contents

UNAVAILABLE = (IndexMissing, IndexStale)


def _index() -> Index:
    return current_app.extensions["nghiquyet_index"]


def _relations(docs: dict) -> Relations:
    """The relations between ``docs``, computed once per generation of the documents' metadata."""
    cache = current_app.extensions["nghiquyet_relations"]  # the docs object and its Relations
    if cache[0] is not docs:
        cache[:] = [docs, Relations(docs)]
    return cache[1]


def error(status: int, message: str):
    """``message`` as JSON under /api/, as the error page elsewhere."""
    if request.path.startswith("/api/"):
        return jsonify(error=message), status
    return render_template("error.html", message=message), status


def _browse(docs: dict, filters: dict) -> dict:
    """The documents the filters allow, newest first, with counts by property."""
    allowed = allowed_documents(filters, docs)
    ids = sorted(docs if allowed is None else allowed, key=lambda d: (newest_first(docs[d]), d))
    counts = document_counts(ids, docs)
    for facet in set(filters) & set(counts):  # a filtered facet offers its other values too
        others = allowed_documents({f: v for f, v in filters.items() if f != facet}, docs)
        counts[facet] = document_counts(docs if others is None else others, docs)[facet]
    return {"documents": [docs[d] | {"doc_id": d} for d in ids], "counts": counts}


def _facet_view(counts: dict, links: Links, filters: dict, docs: dict) -> list[dict]:
    """Each facet's values as links that add or remove them (built here: a page has dozens)."""
    return [
        {
            "field": field,
            "title": FACET_LABELS[field],
            "items": [
                {
                    "label": shorten(facet_label(field, value, docs), 60),
                    "href": links.toggle(FILTER_URL[field], value),
                    "active": value in filters.get(field, ()),
                    "n": n,
                }
                for value, n in values.items()
            ],
        }
        for field, values in counts.items()
        if values and field in FACET_LABELS
    ]


def _results(q: str, filters: dict, page: int, group: str, sort: str, docs: dict) -> dict:
    """The template's context for one page of results of ``q``."""
    index = _index()
    found = index.search(q, limit=PAGE_SIZE, page=page, filters=filters, facets=True, group=group, sort=sort)
    result = found.to_json()  # fresh dicts: the (cached, shared) result is never changed
    views = [hit_view(hit, docs) for hit in result["hits"]]
    groups = [
        {**g, "hits": [hit_view(h, docs) for h in g["hits"]], "meta": docs.get(g["doc_id"], {})}
        for g in result.get("groups", [])
    ]
    facets = dict(result["facets"])
    for facet in set(filters) & set(facets):  # a filtered facet offers its other values too
        others = {f: v for f, v in filters.items() if f != facet}
        facets[facet] = dict(index.search(q, limit=1, filters=others, facets=True).facets[facet])
    counted = result.get("total_documents", 0) if group else result["total"]
    pages = max(1, -(-counted // PAGE_SIZE))
    return {
        "result": {**result, "hits": views, "groups": groups, "facets": facets},
        "pages": pages,
        "beyond": {"page": page, "pages": pages} if counted and page > pages else None,
    }


def search_page():
    """The search page: results for ``q``, or the documents to browse when there is none."""
    q = request.args.get("q", "").strip()
    filters = filters_from(request.args)
    group = group_of(request.args)
    links = Links(url_for("search_page"), known_args(request.args))
    ctx = {
        "url_with": links.url,
        "toggle": links.toggle,
        "kept_args": links.kept,
        "q": q,
        "filters": filters,
        "sort": sort_of(request.args),
        "group": group,
        "result": None,
        "browse": None,
        "error": None,
        "docs": {},
        "beyond": None,
        "autofocus": not q,  # the home page: type at once; elsewhere keys scroll the page
    }
    status = 200
    try:
        ctx["docs"] = docs = _index().documents_json()
        page = page_number(request.args)
        if q:
            ctx.update(_results(q, filters, page, group, ctx["sort"], docs))
        else:
            ctx["browse"] = _browse(docs, filters)
    except QueryError as exc:
        ctx["error"], status = exc.vi, 400
    except UNAVAILABLE as exc:
        ctx["error"], status = exc.vi, 503
    ctx["facet_view"] = partial(_facet_view, links=links, filters=filters, docs=ctx["docs"])
    return render_template("search.html", **ctx), status


def _original(meta: dict) -> Path | None:
    """The document's original file, if it is still where it was indexed and unchanged."""
    recorded = Path(as_text(meta.get("path")))
    if not recorded.name:
        return None
    for candidate in (recorded, Path(current_app.config["CORPUS"]) / recorded.name):
        try:
            if candidate.is_file() and hashlib.sha256(candidate.read_bytes()).hexdigest() == meta.get("sha256"):
                return candidate
        except OSError:
            continue
    return None


def document(doc_id: str):
    """One document, its paragraphs marked where ``q`` matched, with its contents and relations."""
    q = request.args.get("q", "").strip()[:MAX_QUERY_CHARS]
    try:
        found = _index().document(doc_id, highlight=q)
        docs = _index().documents_json()
    except UNAVAILABLE as exc:
        return render_template("error.html", message=exc.vi), 503
    if found is None:
        return error(404, f"Không có văn bản '{doc_id[:200]}' trong chỉ mục.")
    chunks = [{**c.to_json(), "html": marked(c.text, c.spans)} for c in found.chunks]
    meta = found.meta.to_json()
    rel = _relations(docs)
    return render_template(
        "document.html",
        doc={"meta": meta, "chunks": chunks},
        doc_id=doc_id,
        q=q,
        toc=table_of_contents(chunks),
        cites=rel.cites(doc_id),
        cited_by=rel.cited_by(doc_id),
        docs=docs,
        original=_original(meta) is not None,
    )


def original(doc_id: str):
    """The document's original file, as a download."""
    try:
        meta = _index().documents_json().get(doc_id)
    except UNAVAILABLE as exc:
        return error(503, exc.vi)
    path = _original(meta) if meta else None
    if path is None:
        return error(404, "Không tìm thấy tệp gốc của văn bản này (tệp đã bị chuyển hoặc thay đổi).")
    return send_file(path.resolve(), as_attachment=True, download_name=path.name)


def api_search():
    """The search as JSON: the same arguments as the page, plus ``limit`` and ``facets=1``."""
    args = request.args
    try:
        result = _index().search(
            args.get("q", ""),
            limit=limit(args),
            page=page_number(args),
            filters=filters_from(args),
            facets=args.get("facets") == "1",
            group=group_of(args),
            sort=sort_of(args),
        )
        return jsonify(result.to_json())
    except QueryError as exc:
        return jsonify(error=exc.vi), 400
    except UNAVAILABLE as exc:
        return jsonify(error=exc.vi), 503


def api_docs():
    """Every document's metadata as JSON."""
    try:
        return jsonify(docs=[d.to_json() for d in _index().documents()])
    except UNAVAILABLE as exc:
        return jsonify(error=exc.vi), 503


def api_doc(doc_id: str):
    """One document's metadata and relations as JSON."""
    try:
        described = _relations(_index().documents_json()).describe(doc_id)
    except UNAVAILABLE as exc:
        return jsonify(error=exc.vi), 503
    if described is None:
        return jsonify(error=f"không có văn bản '{doc_id[:200]}' trong chỉ mục"), 404
    return jsonify(described)


def opensearch():
    """The OpenSearch description, so a browser can add the page as a search engine."""
    xml = render_template("opensearch.xml", base=current_app.config["BASE_URL"].rstrip("/"))
    return Response(xml, mimetype="application/opensearchdescription+xml")


def favicon():
    return current_app.send_static_file("favicon.svg")


# (rule, endpoint, view): the endpoints are the names the templates' url_for uses;
# url_for builds the first rule of an endpoint, so the page's links say /search.
ROUTES = (
    ("/search", "search_page", search_page),
    ("/", "search_page", search_page),
    ("/doc/<path:doc_id>", "document", document),
    ("/doc/<path:doc_id>/tep-goc", "original", original),
    ("/api/search", "api_search", api_search),
    ("/api/docs", "api_docs", api_docs),
    ("/api/docs/<path:doc_id>", "api_doc", api_doc),
    ("/opensearch.xml", "opensearch", opensearch),
    ("/favicon.ico", "favicon", favicon),
)
