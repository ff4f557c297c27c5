"""The search page: a thin Flask layer over :class:`indexer.Index`.

The page parses request arguments, asks the index (the same object the
command line uses) and renders its typed answer as the templates' plain
dicts; it never reads documents, parses queries or cuts snippets itself. Everything is rendered on
the server (works without JavaScript) and escaped by Jinja; a small script
only adds a "copy link" button.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlencode

from flask import Flask, Response, abort, jsonify, render_template, request, url_for
from markupsafe import Markup, escape

from indexer import MAX_QUERY_CHARS, Index, IndexMissing, IndexStale, NghiquyetError, QueryError

PAGE_SIZE = 10
API_MAX_LIMIT = 100  # the page's own cap; the command line may ask for more
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
    """Application factory; ``INDEX`` is the index folder (env NGHIQUYET_INDEX), ``CORPUS`` its corpus."""
    app = Flask(__name__)
    app.config.from_mapping(
        INDEX=os.environ.get("NGHIQUYET_INDEX", ".nghiquyet-index"),
        CORPUS=os.environ.get("NGHIQUYET_CORPUS", "corpus"),
        ABBREVIATIONS=None,
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
            docs = index.documents_json()
            ctx["docs"] = docs
            if q:
                result = index.search(q, limit=PAGE_SIZE, page=_page(), filters=filters, facets=True)
                views = [
                    {**hit.to_json(), "html": marked(hit.snippet, hit.snippet_spans), "meta": docs.get(hit.doc_id, {})}
                    for hit in result.hits
                ]
                ctx["result"] = {**result.to_json(), "hits": views}
                ctx["pages"] = max(1, result.pages)
        except QueryError as exc:
            ctx["error"], status = exc.vi, 400
        except (IndexMissing, IndexStale) as exc:
            ctx["error"], status = exc.vi, 503
        return render_template("search.html", **ctx), status

    @app.get("/doc/<path:doc_id>")
    def document(doc_id: str):
        q = request.args.get("q", "").strip()
        try:
            found = index.document(doc_id, highlight=q)
        except IndexMissing as exc:
            return render_template("error.html", message=exc.vi), 503
        if found is None:
            abort(404)
        doc = {
            "meta": found.meta.to_json(),
            "chunks": [{**c.to_json(), "html": marked(c.text, c.spans)} for c in found.chunks],
        }
        return render_template("document.html", doc=doc, q=q)

    @app.get("/api/search")
    def api_search():
        q = request.args.get("q", "")
        try:
            limit = int(request.args.get("limit", PAGE_SIZE))
        except ValueError:
            return jsonify(error="limit must be a number"), 400
        limit = max(1, min(limit, API_MAX_LIMIT))
        try:
            result = index.search(
                q, limit=limit, page=_page(), filters=_filters(), facets=request.args.get("facets") == "1"
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
        except IndexMissing as exc:
            return jsonify(error=exc.vi), 503

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
        return _error(400, e.vi)

    @app.errorhandler(Exception)
    def unexpected(e):
        from werkzeug.exceptions import HTTPException  # noqa: PLC0415

        if isinstance(e, HTTPException):
            return _error(e.code or 500, e.description or "Lỗi.")
        app.logger.exception("unexpected error")
        return _error(500, "Đã có lỗi ngoài ý muốn; xin thử lại.")

    return app
