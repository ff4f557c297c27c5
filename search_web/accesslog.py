"""One access-log line per request, in the common log format, on a stream (stderr by default).

waitress logs nothing per request; an operator wants to see who asked what
and what they got. The line is written by the app when its response is
ready (every response passes there: pages, API, errors, static files), which
costs less than wrapping the body's iterator.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

MAX_REQUEST_CHARS = 2000  # a 100 kB query is not a 100 kB log line


def log_line(environ: dict, status: int, size: int | None) -> str:
    """``host - - [time] "METHOD path PROTO" status bytes`` for one request."""
    path = environ.get("PATH_INFO", "")
    if environ.get("QUERY_STRING"):
        path += "?" + environ["QUERY_STRING"]
    request = f"{environ.get('REQUEST_METHOD', '-')} {path} {environ.get('SERVER_PROTOCOL', '-')}"
    if len(request) > MAX_REQUEST_CHARS:
        request = request[:MAX_REQUEST_CHARS] + "…"
    request = request.replace("\\", "\\\\").replace('"', '\\"')
    stamp = time.strftime("%d/%b/%Y:%H:%M:%S %z", time.localtime())
    return f'{environ.get("REMOTE_ADDR", "-")} - - [{stamp}] "{request}" {status} {size or "-"}\n'


def write(line: str, stream: TextIO | None = None) -> None:
    out = stream or sys.stderr
    out.write(line)
    out.flush()
