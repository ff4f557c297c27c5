"""Read the corpus, write the Whoosh index, and search it.

The public interface is :class:`Index`, one handle on an index folder and its
corpus (``exists``, ``ensure``, ``build``, ``update``, ``add``, ``search``,
``document``, ``documents``), answering with frozen typed results
(:class:`Result`, :class:`Hit`, :class:`DocumentMeta`, :class:`Document`) and
raising one-line errors (:class:`NghiquyetError` and its kinds). The command
line and the page use nothing else. The plain functions below it
(:func:`build`, :func:`update`, :func:`search`, :func:`list_docs`) stay for
the benchmark and the engine's own tests. Names are imported on first use, so
a command that only searches never loads the indexing code (PEP 562).
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    # The interface.
    "Index": "indexer.api",
    "Added": "indexer.api",
    "ABBREVIATIONS_ENV": "indexer.api",
    "parse_date": "indexer.api",
    "Result": "indexer.results",
    "Hit": "indexer.results",
    "DocumentMeta": "indexer.results",
    "Document": "indexer.results",
    "Passage": "indexer.results",
    "Report": "indexer.index.indexing",
    "SUPPORTED": "indexer.corpus.formats",
    "MAX_QUERY_CHARS": "indexer.searching.query",
    "load_judgements": "indexer.searching.evaluate",
    # What the page shows beside results: metadata values, filters over documents, relations.
    "as_text": "indexer.corpus.properties",
    "iso_date": "indexer.corpus.properties",
    "newest_first": "indexer.corpus.properties",
    "allowed_documents": "indexer.searching.filters",
    "document_counts": "indexer.searching.filters",
    "Relations": "indexer.searching.relations",
    # Its errors.
    "BadMetadata": "indexer.errors",
    "IndexBusy": "indexer.errors",
    "IndexMissing": "indexer.errors",
    "IndexOutdated": "indexer.errors",
    "IndexStale": "indexer.errors",
    "NghiquyetError": "indexer.errors",
    "NotAnIndex": "indexer.errors",
    "QueryError": "indexer.errors",
    "UnreadableFile": "indexer.errors",
    # The engine's plain functions (benchmark, engine tests).
    "build": "indexer.index.indexing",
    "update": "indexer.index.indexing",
    "get_document": "indexer.searching.engine",
    "list_docs": "indexer.searching.engine",
    "search": "indexer.searching.engine",
    "Reader": "indexer.index.store",
}

__all__ = list(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'indexer' has no attribute {name!r}")
    target = importlib.import_module(module)
    value = getattr(target, name) if name != "load_judgements" else target.load
    globals()[name] = value
    return value
