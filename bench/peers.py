"""The peers every figure is compared with, run on the same paragraphs in the same process.

- SQLite FTS5 (``unicode61 remove_diacritics 2``) from the standard library.
- Stock Whoosh (StandardAnalyzer, its QueryParser and highlighter), for the
  cold CLI comparison.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path


class Fts5:
    """An FTS5 table of paragraphs, queried with bm25 ranking and highlight()."""

    def __init__(self, path: Path):
        self.path = path
        path.unlink(missing_ok=True)
        self.db = sqlite3.connect(str(path), check_same_thread=False)
        self.db.execute("CREATE VIRTUAL TABLE p USING fts5(text, tokenize='unicode61 remove_diacritics 2')")

    def build(self, texts: list[str]) -> float:
        t0 = time.perf_counter()
        with self.db:
            self.db.executemany("INSERT INTO p(text) VALUES (?)", ((t,) for t in texts))
        return time.perf_counter() - t0

    def size(self) -> int:
        return self.path.stat().st_size

    def search(self, query: str, limit: int = 10) -> int:
        """Top ``limit`` with highlights; returns how many rows came back."""
        try:
            rows = self.db.execute(
                "SELECT highlight(p, 0, '[', ']') FROM p WHERE p MATCH ? ORDER BY rank LIMIT ?",
                (fts_query(query), limit),
            ).fetchall()
        except sqlite3.OperationalError:
            return 0
        return len(rows)


def fts_query(query: str) -> str:
    """The same query in FTS5 syntax: words ANDed, phrases quoted, -word as NOT."""
    import re  # noqa: PLC0415

    parts, negs = [], []
    for m in re.finditer(r'-?"[^"]*"|\S+', query):
        tok = m.group()
        neg = tok.startswith("-")
        tok = tok.lstrip("-")
        words = re.findall(r"[^\W_]+", tok)
        if not words:
            continue
        term = '"' + " ".join(words) + '"'
        (negs if neg else parts).append(term)
    q = " AND ".join(parts) or '""'
    for n in negs:
        q += f" NOT {n}"
    return q


STOCK_WHOOSH_CLI = r"""
import sys
from whoosh import index, highlight
from whoosh.qparser import QueryParser
ix = index.open_dir(sys.argv[1])
with ix.searcher() as s:
    q = QueryParser("text", ix.schema).parse(sys.argv[2])
    results = s.search(q, limit=10)
    results.fragmenter = highlight.ContextFragmenter()
    for hit in results:
        print(hit.highlights("text"))
"""


def build_stock_whoosh(path: Path, texts: list[str]) -> float:
    """A stock-Whoosh index (StandardAnalyzer, stored text) of the same paragraphs."""
    from whoosh import index  # noqa: PLC0415
    from whoosh.fields import TEXT, Schema  # noqa: PLC0415

    t0 = time.perf_counter()
    path.mkdir(parents=True, exist_ok=True)
    ix = index.create_in(str(path), Schema(text=TEXT(stored=True)))
    w = ix.writer(limitmb=256)
    for t in texts:
        w.add_document(text=t)
    w.commit()
    return time.perf_counter() - t0
