"""Start the real ``nghiquyet serve`` (waitress) on a free loopback port for a test."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def served(index: Path, corpus: Path | None = None, log: Path | None = None) -> Iterator[str]:
    """Run ``nghiquyet serve`` until the block ends; yields its base URL. Its stderr goes to ``log``."""
    port = free_port()
    exe = Path(sys.executable).with_name("nghiquyet")
    env = {**os.environ, "NGHIQUYET_INDEX": str(index)}
    if corpus is not None:
        env["NGHIQUYET_CORPUS"] = str(corpus)
    # The access log goes to stderr: a file, never a pipe nobody reads (it would fill and block the server).
    stderr = open(log, "w+b") if log is not None else tempfile.TemporaryFile()
    proc = subprocess.Popen([str(exe), "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=stderr)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(base + "/", timeout=2).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    stderr.seek(0)
                    raise RuntimeError(f"serve did not start: {stderr.read().decode()[-500:]}") from None
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        stderr.close()
