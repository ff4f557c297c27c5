"""Modules a library imports at its top but never uses on our paths, imported only if they are used.

Why: a command-line search is a fresh process each time, and Whoosh brings
two standard modules it never needs there, which were a quarter of the
instructions a cold ``nghiquyet search`` ran on its imports:

- ``asyncio`` (its event loops, subprocesses, sockets, logging, futures):
  Whoosh's reader uses the ``cached_property`` package, which imports asyncio
  to ask, when a cached property is first read, whether its function is a
  coroutine. The one such property of Whoosh's segment reader is the deleted
  set that ``postings()`` filters with, which the engine does not call.
- ``urllib.request`` (http.client, email, ssl): ``whoosh.compat`` imports its
  ``urlretrieve``, which nothing in Whoosh calls.

:func:`deferred_modules` lets the library be imported while such a module is
a stand-in that imports the real one on the first attribute asked of it
(PEP 562's module ``__getattr__``) and answers from it from then on. Once the
block ends the stand-ins leave ``sys.modules``: every later ``import`` gets the
real module, so only the names bound inside the block ever see a stand-in.
"""

from __future__ import annotations

import contextlib
import importlib
import sys
import types
from collections.abc import Callable, Iterator


def _stand_in(name: str, functions: list[str]) -> types.ModuleType:
    """A module named ``name`` that imports the real one on first use and forwards every attribute to it.

    ``functions`` are the names a ``from name import …`` inside the block
    takes: each is a function that imports the real module when called.
    """
    stand_in = types.ModuleType(name, f"Stands for {name} until it is used (indexer.index.deferred).")

    def real() -> types.ModuleType:
        if sys.modules.get(name) is stand_in:  # used before the block ended
            del sys.modules[name]
        return importlib.import_module(name)

    def __getattr__(attr: str):  # PEP 562
        if attr == "__path__":  # a ``from`` import asks whether this is a package first: it is not
            raise AttributeError(attr)
        return getattr(real(), attr)

    def calls_through(function: str) -> Callable:
        def call(*args, **kwargs):
            return getattr(real(), function)(*args, **kwargs)

        call.__name__ = call.__qualname__ = function
        return call

    stand_in.__getattr__ = __getattr__
    for function in functions:
        setattr(stand_in, function, calls_through(function))
    return stand_in


@contextlib.contextmanager
def deferred_modules(*specs: str) -> Iterator[None]:
    """While the block runs, each module of ``specs`` not yet imported is a stand-in (see the module).

    A spec is a module name (``"asyncio"``: the block's imports bind it whole)
    or ``"module:function,…"`` (``"urllib.request:urlretrieve"``: they also take
    those functions from it by name). A submodule of a deferred module cannot be
    imported inside the block.
    """
    stand_ins = {}
    for spec in specs:
        name, _, functions = spec.partition(":")
        if name not in sys.modules:
            stand_ins[name] = _stand_in(name, [f for f in functions.split(",") if f])
    sys.modules.update(stand_ins)
    try:
        yield
    finally:
        for name, stand_in in stand_ins.items():
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]
