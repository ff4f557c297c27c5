"""One access-log line per request, in the common log format, on a stream (stderr by default).

waitress logs nothing per request; an operator wants to see who asked what
and what they got. A WSGI middleware sees every response, including errors
and static files.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable
from typing import TextIO

MAX_REQUEST_CHARS = 2000  # a 100 kB query is not a 100 kB log line


class AccessLog:
    """Wraps a WSGI app and writes ``host - - [time] "METHOD path PROTO" status bytes`` per request."""

    def __init__(self, app: Callable, stream: TextIO | None = None):
        self.app = app
        self.stream = stream

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        status_holder: list[str] = []

        def start(status: str, headers, exc_info=None):
            status_holder.append(status)
            return start_response(status, headers, exc_info)

        body = self.app(environ, start)
        size = 0
        try:
            for chunk in body:
                size += len(chunk)
                yield chunk
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()
            self._write(environ, status_holder[0].split()[0] if status_holder else "-", size)

    def _write(self, environ: dict, status: str, size: int) -> None:
        path = environ.get("PATH_INFO", "")
        if environ.get("QUERY_STRING"):
            path += "?" + environ["QUERY_STRING"]
        request = f"{environ.get('REQUEST_METHOD', '-')} {path} {environ.get('SERVER_PROTOCOL', '-')}"
        if len(request) > MAX_REQUEST_CHARS:
            request = request[:MAX_REQUEST_CHARS] + "…"
        request = request.replace("\\", "\\\\").replace('"', '\\"')
        stamp = time.strftime("%d/%b/%Y:%H:%M:%S %z", time.localtime())
        host = environ.get("REMOTE_ADDR", "-")
        stream = self.stream or sys.stderr
        stream.write(f'{host} - - [{stamp}] "{request}" {status} {size or "-"}\n')
        stream.flush()
