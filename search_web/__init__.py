"""The search page: a thin Flask layer over :class:`indexer.Index`.

The page parses request arguments, asks the index (the same object the
command line uses) and renders its answers as the templates' plain dicts; it
never reads documents, parses queries or cuts snippets itself, and imports
nothing from the core but the ``indexer`` package's public names. Everything
is rendered on the server (works without JavaScript) and escaped by Jinja; a
small script only adds conveniences ("copy link", ``/`` to search, folding the
filters on a phone).

Rooms: :mod:`search_web.app` builds the app, :mod:`search_web.views` answers
requests, :mod:`search_web.params` reads URL arguments and writes links,
:mod:`search_web.render` shapes answers for the templates,
:mod:`search_web.accesslog` writes the access log.
"""

from search_web.app import create_app

__all__ = ["create_app"]
