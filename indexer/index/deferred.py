"""Modules a library imports at its top but uses only on a path we never take, imported when first used.

Why: Whoosh's reader (``whoosh.reading``) uses the ``cached_property``
package, which imports :mod:`asyncio` to ask, each time a cached property is
first read, whether its function is a coroutine. Importing asyncio (its
event loops, subprocesses, sockets, logging, futures) was about a tenth of a
cold ``nghiquyet search``, and the one cached property Whoosh's reader has
(a segment's deleted set) is read only when a segment has deletions.

:func:`deferred_modules` lets the library's modules import such a module
while it runs, binding a stand-in that imports the real module on the first
attribute asked of it (PEP 562's module ``__getattr__``) and answers from it
from then on. Once the block ends the stand-ins leave ``sys.modules``: every
later ``import`` gets the real module, so nothing outside the block ever
sees a stand-in.
"""

from __future__ import annotations

import contextlib
import importlib
import sys
import types
from collections.abc import Iterator


def _stand_in(name: str) -> types.ModuleType:
    """A module named ``name`` that imports the real one on first use and forwards every attribute to it."""
    stand_in = types.ModuleType(name, f"Stands for {name}, imported on first use (indexer.index.deferred).")

    def __getattr__(attr: str):  # PEP 562
        if sys.modules.get(name) is stand_in:  # asked for before the block ended
            del sys.modules[name]
        return getattr(importlib.import_module(name), attr)

    stand_in.__getattr__ = __getattr__
    return stand_in


@contextlib.contextmanager
def deferred_modules(*names: str) -> Iterator[None]:
    """While the block runs, importing one of ``names`` not yet imported binds a stand-in (see the module).

    Only for modules the block's imports bind as a whole (``import asyncio``),
    never for ``from asyncio import …`` (which asks an attribute, and so
    imports the real module at once) or a submodule of them.
    """
    stand_ins = {name: _stand_in(name) for name in names if name not in sys.modules}
    sys.modules.update(stand_ins)
    try:
        yield
    finally:
        for name, stand_in in stand_ins.items():
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]
