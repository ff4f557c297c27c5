"""The search page: a thin Flask layer over :func:`indexer.search`.

The page parses request arguments, calls the shared search function and
renders its result; it never reads documents itself. Everything is rendered on
the server (works without JavaScript) and escaped by Jinja; a small script
only adds a "copy link" button.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlencode

from flask import Flask, Response, abort, jsonify, render_template, request, url_for
from markupsafe import Markup, escape

from indexer.engine import get_document, list_docs, search
from indexer.errors import IndexMissing, NghiquyetError, QueryError
from indexer.highlight import clause_spans, merge, snippet
from indexer.query import MAX_QUERY_CHARS, parse_query
from indexer.store import Reader

PAGE_SIZE = 10
FACET_LABELS = {"doc_id": "Văn bản", "province": "Tỉnh", "doc_type": "Loại văn bản", "year": "Năm"}
URL_FACETS = {"doc_id": "doc", "province": "province", "doc_type": "type", "year": "year"}

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


def marked(text: str, spans) -> Markup:
    """``text`` escaped, with each span wrapped in <mark>."""
    out, last = [], 0
    for s, e in spans:
        out.append(escape(text[last:s]))
        out.append(Markup("<mark>") + escape(text[s:e]) + Markup("</mark>"))
        last = e
    out.append(escape(text[last:]))
    return Markup("").join(out)


def create_app(test_config: dict | None = None) -> Flask:
    """Application factory; ``INDEX`` is the index folder (env NGHIQUYET_INDEX)."""
    app = Flask(__name__)
    app.config.from_mapping(
        INDEX=os.environ.get("NGHIQUYET_INDEX", ".nghiquyet-index"),
        MAX_QUERY_CHARS=MAX_QUERY_CHARS,
        JSON_AS_ASCII=False,
    )
    if test_config:
        app.config.from_mapping(test_config)
    app.json.ensure_ascii = False
    reader = Reader(Path(app.config["INDEX"]))
    app.extensions["nghiquyet_reader"] = reader

    @app.after_request
    def headers(resp: Response) -> Response:
        resp.headers["Content-Security-Policy"] = CSP
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["X-Frame-Options"] = "DENY"
        resp.headers["Referrer-Policy"] = "no-referrer"
        resp.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        return resp

    def _filters() -> dict[str, str]:
        return {f: request.args.get(u, "").strip() for f, u in URL_FACETS.items() if request.args.get(u, "").strip()}

    def _page() -> int:
        try:
            return max(1, min(int(request.args.get("page", "1")), 10_000))
        except ValueError:
            return 1

    def _url(**changes) -> str:
        args = {k: v for k, v in request.args.items() if v}
        for k, v in changes.items():
            if v is None:
                args.pop(k, None)
            else:
                args[k] = v
        return url_for("search_page") + ("?" + urlencode(args) if args else "")

    app.jinja_env.globals.update(url_with=_url, FACET_LABELS=FACET_LABELS, URL_FACETS=URL_FACETS)

    @app.get("/")
    @app.get("/search")
    def search_page():
        q = request.args.get("q", "").strip()
        filters = _filters()
        ctx = {"q": q, "filters": filters, "result": None, "error": None, "docs": {}}
        status = 200
        try:
            docs = reader.docs()
            ctx["docs"] = docs
            if q:
                result = search(reader, q, limit=PAGE_SIZE, page=_page(), filters=filters, facets=True)
                views = []
                for hit in result["hits"]:  # the result may be shared (cached): copy, never mutate
                    snip, spans = snippet(hit["text"], [tuple(s) for s in hit["spans"]], width=480)
                    views.append({**hit, "html": marked(snip, spans), "meta": docs.get(hit["doc_id"], {})})
                ctx["result"] = {**result, "hits": views}
                ctx["pages"] = max(1, -(-result["total"] // PAGE_SIZE))
        except QueryError as exc:
            ctx["error"], status = str(exc), 400
        except IndexMissing as exc:
            ctx["error"], status = str(exc), 503
        return render_template("search.html", **ctx), status

    @app.get("/doc/<path:doc_id>")
    def document(doc_id: str):
        try:
            doc = get_document(reader, doc_id)
        except IndexMissing as exc:
            return render_template("error.html", message=str(exc)), 503
        if doc is None:
            abort(404)
        q = request.args.get("q", "").strip()
        clauses = []
        if q:
            try:
                clauses = parse_query(q).clauses
            except QueryError:
                clauses = []
        for c in doc["chunks"]:
            spans = (
                merge([s for found in clause_spans(c["text"], clauses) for s in found], c["text"]) if clauses else []
            )
            c["html"] = marked(c["text"], spans)
        return render_template("document.html", doc=doc, q=q)

    @app.get("/api/search")
    def api_search():
        q = request.args.get("q", "")
        try:
            limit = int(request.args.get("limit", PAGE_SIZE))
        except ValueError:
            return jsonify(error="limit must be a number"), 400
        try:
            return jsonify(
                search(
                    reader, q, limit=limit, page=_page(), filters=_filters(), facets=request.args.get("facets") == "1"
                )
            )
        except QueryError as exc:
            return jsonify(error=str(exc)), 400
        except IndexMissing as exc:
            return jsonify(error=str(exc)), 503

    @app.get("/api/docs")
    def api_docs():
        try:
            return jsonify(docs=list_docs(reader))
        except IndexMissing as exc:
            return jsonify(error=str(exc)), 503

    @app.get("/opensearch.xml")
    def opensearch():
        xml = render_template("opensearch.xml", base=request.host_url.rstrip("/"))
        return Response(xml, mimetype="application/opensearchdescription+xml")

    def _error(status: int, message: str):
        if request.path.startswith("/api/"):
            return jsonify(error=message), status
        return render_template("error.html", message=message), status

    @app.errorhandler(404)
    def not_found(_e):
        return _error(404, "Không tìm thấy trang này.")

    @app.errorhandler(405)
    def not_allowed(_e):
        return _error(405, "Phương thức không được hỗ trợ: trang tìm kiếm chỉ nhận GET.")

    @app.errorhandler(NghiquyetError)
    def domain_error(e):
        return _error(400, str(e))

    @app.errorhandler(Exception)
    def unexpected(e):
        from werkzeug.exceptions import HTTPException  # noqa: PLC0415

        if isinstance(e, HTTPException):
            return _error(e.code or 500, e.description or "Lỗi.")
        app.logger.exception("unexpected error")
        return _error(500, "Đã có lỗi ngoài ý muốn; xin thử lại.")

    return app
