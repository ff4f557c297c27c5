"""The search page: a thin Flask layer over :class:`indexer.Index`.

The page parses request arguments, asks the index (the same object the
command line uses) and the core's filters and relations, and renders their
answers as the templates' plain dicts; it never reads documents, parses
queries or cuts snippets itself. Everything is rendered on the server (works without
JavaScript) and escaped by Jinja; a small script only adds conveniences
("copy link", ``/`` to search, folding the filters on a phone).
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from flask import Flask, Response, jsonify, render_template, request, send_file, url_for
from markupsafe import Markup, escape
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from indexer import MAX_QUERY_CHARS, Index, IndexMissing, IndexStale, NghiquyetError, QueryError
from indexer.filters import allowed_documents, document_counts
from indexer.properties import as_text, iso_date, newest_first, parse_date
from indexer.relations import Relations
from search_web import accesslog
from search_web.params import FILTER_URL, Links, filters_from, known_args

PAGE_SIZE = 10
API_MAX_LIMIT = 100  # the page's own cap; the command line may ask for more
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

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


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
    day = parse_date(as_text(value))
    return day.strftime("%d/%m/%Y") if day else as_text(value)


def shorten(text: str, width: int) -> str:
    """``text`` cut at a word boundary to at most ``width`` characters, with "..." (as Jinja's truncate)."""
    if len(text) <= width + 5:
        return text
    return text[: width - 3].rsplit(" ", 1)[0] + "..."


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


def create_app(test_config: dict | None = None) -> Flask:
    """Application factory.

    ``INDEX`` is the index folder (env NGHIQUYET_INDEX); ``CORPUS`` its corpus,
    where the original files are also looked for when their recorded path
    moved (env NGHIQUYET_CORPUS); ``ABBREVIATIONS`` an extra abbreviation file;
    ``BASE_URL`` the public address used in OpenSearch
    (env NGHIQUYET_BASE_URL; without it the templates are relative, never
    built from the request's Host header); ``ACCESS_LOG`` writes one line per
    request to stderr.
    """
    app = Flask(__name__)
    app.config.from_mapping(
        INDEX=os.environ.get("NGHIQUYET_INDEX", ".nghiquyet-index"),
        CORPUS=os.environ.get("NGHIQUYET_CORPUS", "corpus"),
        ABBREVIATIONS=None,
        BASE_URL=os.environ.get("NGHIQUYET_BASE_URL", ""),
        ACCESS_LOG=False,
        MAX_QUERY_CHARS=MAX_QUERY_CHARS,
        JSON_AS_ASCII=False,
    )
    if test_config:
        app.config.from_mapping(test_config)
    app.json.ensure_ascii = False
    index = Index(
        Path(app.config["INDEX"]), corpus=Path(app.config["CORPUS"]), abbreviations=app.config["ABBREVIATIONS"]
    )
    app.extensions["nghiquyet_index"] = index
    relations_cache: list = [None, None]  # the docs object and its Relations

    def relations(docs) -> Relations:
        if relations_cache[0] is not docs:
            relations_cache[:] = [docs, Relations(docs)]
        return relations_cache[1]

    @app.after_request
    def headers(resp: Response) -> Response:
        resp.headers["Content-Security-Policy"] = CSP
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["X-Frame-Options"] = "DENY"
        resp.headers["Referrer-Policy"] = "no-referrer"
        resp.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        if app.config["ACCESS_LOG"]:
            accesslog.write(accesslog.log_line(request.environ, resp.status_code, resp.content_length))
        return resp

    def _page() -> int:
        raw = request.args.get("page", "1").strip() or "1"
        if not re.fullmatch(r"[0-9]{1,6}", raw) or not 1 <= int(raw) <= 10_000:  # ASCII digits: "¹".isdigit()
            raise QueryError(
                f"page must be a number from 1 to 10000, not {raw[:20]!r}",
                vi=f"số trang phải là số từ 1 đến 10000, không phải '{raw[:20]}'",
            )
        return int(raw)

    def _label(field: str, value: str, docs: dict) -> str:
        if field == "doc_id":
            return as_text(docs.get(value, {}).get("title")) or value
        if field in ("date_from", "date_to"):
            return vn_date(value)
        return as_text(value)

    app.jinja_env.globals.update(
        FACET_LABELS=FACET_LABELS,
        FILTER_URL=FILTER_URL,
        RELATION_LABELS=RELATION_LABELS,
        facet_label=_label,
    )
    app.jinja_env.filters.update(text=as_text, vn_date=vn_date, iso_date=lambda m: iso_date(m or {}))

    def _browse(docs: dict, filters: dict) -> dict:
        """The documents the filters allow, newest first, with counts by property."""
        allowed = allowed_documents(filters, docs)
        ids = sorted(docs if allowed is None else allowed, key=lambda d: (newest_first(docs[d]), d))
        counts = document_counts(ids, docs)
        for facet in set(filters) & set(counts):  # a filtered facet offers its other values too
            others = allowed_documents({f: v for f, v in filters.items() if f != facet}, docs)
            counts[facet] = document_counts(docs if others is None else others, docs)[facet]
        return {"documents": [docs[d] | {"doc_id": d} for d in ids], "counts": counts}

    @app.get("/")
    @app.get("/search")
    def search_page():
        q = request.args.get("q", "").strip()
        filters = filters_from(request.args)
        sort = request.args.get("sort", "").strip() or "relevance"
        group = request.args.get("group", "").strip()
        group = "" if group == "paragraph" else group
        links = Links(url_for("search_page"), known_args(request.args))

        def facet_view(counts: dict) -> list[dict]:
            """Each facet's values as links that add or remove them (built here: a page has dozens)."""
            docs = ctx["docs"]
            return [
                {
                    "field": field,
                    "title": FACET_LABELS[field],
                    "items": [
                        {
                            "label": shorten(_label(field, value, docs), 60),
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

        ctx = {
            "facet_view": facet_view,
            "url_with": links.url,
            "toggle": links.toggle,
            "kept_args": links.kept,
            "q": q,
            "filters": filters,
            "sort": sort,
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
            docs = index.documents_json()
            ctx["docs"] = docs
            page = _page()
            if q:
                found = index.search(
                    q, limit=PAGE_SIZE, page=page, filters=filters, facets=True, group=group, sort=sort
                )
                result = found.to_json()  # fresh dicts: the (cached, shared) result is never changed
                views = [_hit_view(hit, docs) for hit in result["hits"]]
                groups = [
                    {**g, "hits": [_hit_view(h, docs) for h in g["hits"]], "meta": docs.get(g["doc_id"], {})}
                    for g in result.get("groups", [])
                ]
                facets = dict(result["facets"])
                for facet in set(filters) & set(facets):  # a filtered facet offers its other values too
                    others = {f: v for f, v in filters.items() if f != facet}
                    facets[facet] = dict(index.search(q, limit=1, filters=others, facets=True).facets[facet])
                ctx["result"] = {**result, "hits": views, "groups": groups, "facets": facets}
                counted = result.get("total_documents", 0) if group else result["total"]
                ctx["pages"] = max(1, -(-counted // PAGE_SIZE))
                if counted and page > ctx["pages"]:
                    ctx["beyond"] = {"page": page, "pages": ctx["pages"]}
            else:
                ctx["browse"] = _browse(docs, filters)
        except QueryError as exc:
            ctx["error"], status = exc.vi, 400
        except (IndexMissing, IndexStale) as exc:
            ctx["error"], status = exc.vi, 503
        return render_template("search.html", **ctx), status

    def _hit_view(hit: dict, docs) -> dict:
        spans = hit.get("snippet_spans") or ()
        return {**hit, "html": marked(hit["snippet"], spans), "meta": docs.get(hit["doc_id"], {})}

    @app.get("/doc/<path:doc_id>")
    def document(doc_id: str):
        q = request.args.get("q", "").strip()
        try:
            found = index.document(doc_id, highlight=q[:MAX_QUERY_CHARS])
            docs = index.documents_json()
        except (IndexMissing, IndexStale) as exc:
            return render_template("error.html", message=exc.vi), 503
        if found is None:
            return _error(404, f"Không có văn bản '{doc_id[:200]}' trong chỉ mục.")
        chunks = [{**c.to_json(), "html": marked(c.text, c.spans)} for c in found.chunks]
        meta = found.meta.to_json()
        rel = relations(docs)
        return render_template(
            "document.html",
            doc={"meta": meta, "chunks": chunks},
            doc_id=doc_id,
            q=q[:MAX_QUERY_CHARS],
            toc=table_of_contents(chunks),
            cites=rel.cites(doc_id),
            cited_by=rel.cited_by(doc_id),
            docs=docs,
            original=_original(meta) is not None,
        )

    def _original(meta: dict) -> Path | None:
        """The document's original file, if it is still where it was indexed and unchanged."""
        recorded = Path(as_text(meta.get("path")))
        if not recorded.name:
            return None
        for candidate in (recorded, Path(app.config["CORPUS"]) / recorded.name):
            try:
                if candidate.is_file() and hashlib.sha256(candidate.read_bytes()).hexdigest() == meta.get("sha256"):
                    return candidate
            except OSError:
                continue
        return None

    @app.get("/doc/<path:doc_id>/tep-goc")
    def original(doc_id: str):
        try:
            meta = index.documents_json().get(doc_id)
        except (IndexMissing, IndexStale) as exc:
            return _error(503, exc.vi)
        path = _original(meta) if meta else None
        if path is None:
            return _error(404, "Không tìm thấy tệp gốc của văn bản này (tệp đã bị chuyển hoặc thay đổi).")
        return send_file(path.resolve(), as_attachment=True, download_name=path.name)

    def _limit() -> int:
        raw = request.args.get("limit", str(PAGE_SIZE)).strip()
        if not re.fullmatch(r"-?[0-9]{1,9}", raw) or not 1 <= int(raw) <= API_MAX_LIMIT:
            raise QueryError(
                f"limit must be a number from 1 to {API_MAX_LIMIT}, not {raw[:20]!r}",
                vi=f"limit phải là số từ 1 đến {API_MAX_LIMIT}, không phải '{raw[:20]}'",
            )
        return int(raw)

    @app.get("/api/search")
    def api_search():
        q = request.args.get("q", "")
        try:
            group = request.args.get("group", "").strip()
            result = index.search(
                q,
                limit=_limit(),
                page=_page(),
                filters=filters_from(request.args),
                facets=request.args.get("facets") == "1",
                group="" if group == "paragraph" else group,
                sort=request.args.get("sort", "").strip() or "relevance",
            )
            return jsonify(result.to_json())
        except QueryError as exc:
            return jsonify(error=exc.vi), 400
        except (IndexMissing, IndexStale) as exc:
            return jsonify(error=exc.vi), 503

    @app.get("/api/docs")
    def api_docs():
        try:
            return jsonify(docs=[d.to_json() for d in index.documents()])
        except (IndexMissing, IndexStale) as exc:
            return jsonify(error=exc.vi), 503

    @app.get("/api/docs/<path:doc_id>")
    def api_doc(doc_id: str):
        try:
            described = relations(index.documents_json()).describe(doc_id)
        except (IndexMissing, IndexStale) as exc:
            return jsonify(error=exc.vi), 503
        if described is None:
            return jsonify(error=f"không có văn bản '{doc_id[:200]}' trong chỉ mục"), 404
        return jsonify(described)

    @app.get("/opensearch.xml")
    def opensearch():
        xml = render_template("opensearch.xml", base=app.config["BASE_URL"].rstrip("/"))
        return Response(xml, mimetype="application/opensearchdescription+xml")

    @app.get("/favicon.ico")
    def favicon():
        return app.send_static_file("favicon.svg")

    def _error(status: int, message: str):
        if request.path.startswith("/api/"):
            return jsonify(error=message), status
        return render_template("error.html", message=message), status

    @app.errorhandler(404)
    def not_found(_e):
        return _error(404, "Không tìm thấy trang này.")

    @app.errorhandler(405)
    def not_allowed(e: MethodNotAllowed):
        resp, status = _error(405, "Phương thức không được hỗ trợ: trang tìm kiếm chỉ nhận GET.")
        resp = app.make_response((resp, status))
        resp.headers["Allow"] = ", ".join(sorted(e.valid_methods or ["GET", "HEAD"]))
        return resp

    @app.errorhandler(NghiquyetError)
    def domain_error(e):
        return _error(400, e.vi)

    @app.errorhandler(Exception)
    def unexpected(e):
        if isinstance(e, HTTPException):
            return _error(e.code or 500, "Yêu cầu không hợp lệ." if (e.code or 500) < 500 else "Lỗi máy chủ.")
        app.logger.exception("unexpected error")
        return _error(500, "Đã có lỗi ngoài ý muốn; xin thử lại.")

    return app
