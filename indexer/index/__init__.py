"""The index on disk: schema, generations, writing segments, Whoosh's internals.

Whoosh's internals are imported first, before any module of the index imports
Whoosh: they import it without the standard modules it imports for nothing
our code uses (asyncio, urllib.request; see :mod:`indexer.index.deferred`).
"""

from indexer.index import whoosh_internals  # noqa: F401 - first, see above
