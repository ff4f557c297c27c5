"""Read the corpus, write the Whoosh index, and search it.

The public interface is plain functions returning plain data:
:func:`build`, :func:`update`, :func:`search`, :func:`list_docs`.
Whoosh stays behind :mod:`indexer.store`, :mod:`indexer.schema` and
:mod:`indexer.query`. Names are imported on first use, so a command that only
searches never loads the indexing code (PEP 562).
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "Report": "indexer.indexing",
    "build": "indexer.indexing",
    "update": "indexer.indexing",
    "IndexBusy": "indexer.errors",
    "IndexMissing": "indexer.errors",
    "IndexOutdated": "indexer.errors",
    "NghiquyetError": "indexer.errors",
    "QueryError": "indexer.errors",
    "UnreadableFile": "indexer.errors",
    "get_document": "indexer.engine",
    "list_docs": "indexer.engine",
    "search": "indexer.engine",
    "Reader": "indexer.store",
}

__all__ = list(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'indexer' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
