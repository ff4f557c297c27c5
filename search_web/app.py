"""Build the page's Flask app: configuration, the index, routes, headers and error handlers.

This module only assembles; the views live in :mod:`search_web.views`, the
URL parameters in :mod:`search_web.params`, the look of the answers in
:mod:`search_web.render`.
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, Response, current_app, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from indexer import MAX_QUERY_CHARS, Index, NghiquyetError, as_text, iso_date
from search_web import accesslog, views
from search_web.params import FILTER_URL
from search_web.render import FACET_LABELS, RELATION_LABELS, facet_label, vn_date

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}


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
    app = Flask("search_web")
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
    app.extensions["nghiquyet_index"] = Index(
        Path(app.config["INDEX"]), corpus=Path(app.config["CORPUS"]), abbreviations=app.config["ABBREVIATIONS"]
    )
    app.extensions["nghiquyet_relations"] = [None, None]
    app.jinja_env.globals.update(
        FACET_LABELS=FACET_LABELS, FILTER_URL=FILTER_URL, RELATION_LABELS=RELATION_LABELS, facet_label=facet_label
    )
    app.jinja_env.filters.update(text=as_text, vn_date=vn_date, iso_date=lambda m: iso_date(m or {}))
    for rule, endpoint, view in views.ROUTES:
        app.add_url_rule(rule, endpoint, view, methods=["GET"])
    app.after_request(_headers)
    _handle_errors(app)
    return app


def _headers(resp: Response) -> Response:
    """Every response's security headers, and its access-log line when asked for."""
    resp.headers.update(SECURITY_HEADERS)
    if current_app.config["ACCESS_LOG"]:
        accesslog.write(accesslog.log_line(request.environ, resp.status_code, resp.content_length))
    return resp


def _handle_errors(app: Flask) -> None:
    """No traceback and no bare 500 reaches a user: every error is a page (or JSON under /api/)."""

    @app.errorhandler(404)
    def not_found(_e):
        return views.error(404, "Không tìm thấy trang này.")

    @app.errorhandler(405)
    def not_allowed(e: MethodNotAllowed):
        resp, status = views.error(405, "Phương thức không được hỗ trợ: trang tìm kiếm chỉ nhận GET.")
        resp = app.make_response((resp, status))
        resp.headers["Allow"] = ", ".join(sorted(e.valid_methods or ["GET", "HEAD"]))
        return resp

    @app.errorhandler(NghiquyetError)
    def domain_error(e):
        return views.error(400, e.vi)

    @app.errorhandler(Exception)
    def unexpected(e):
        if isinstance(e, HTTPException):
            code = e.code or 500
            return views.error(code, "Yêu cầu không hợp lệ." if code < 500 else "Lỗi máy chủ.")
        app.logger.exception("unexpected error")
        return views.error(500, "Đã có lỗi ngoài ý muốn; xin thử lại.")
