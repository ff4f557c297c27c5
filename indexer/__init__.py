"""Read the corpus, write the Whoosh index, and search it.

The public interface is plain functions returning plain data:
:func:`build`, :func:`update`, :func:`search`, :func:`list_docs`.
Whoosh stays behind :mod:`indexer.store`, :mod:`indexer.schema` and
:mod:`indexer.query`.
"""

from indexer.build import Report, build, update
from indexer.engine import get_document, list_docs, search
from indexer.errors import IndexBusy, IndexMissing, NghiquyetError, QueryError, UnreadableFile
from indexer.store import Reader

__all__ = [
    "IndexBusy",
    "IndexMissing",
    "NghiquyetError",
    "QueryError",
    "Reader",
    "Report",
    "UnreadableFile",
    "build",
    "get_document",
    "list_docs",
    "search",
    "update",
]
