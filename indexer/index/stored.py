"""Which stored values a paragraph leaves out, and how a reader fills them back in.

Why: Whoosh pickles every stored key and value with each paragraph (a dict,
compressed paragraph by paragraph), so a key whose value is empty for most
paragraphs costs its name every time. Most paragraphs are body text with no
section, footnotes, label or reference: those keys were a tenth of a
paragraph's stored bytes. The writer leaves them out (:func:`lean`) and the
reader interface fills them in (:func:`with_defaults`), so a paragraph's stored
fields keep their shape. Whoosh's own searcher reads the lean dict.
"""

from __future__ import annotations

STORED_DEFAULTS = {"kind": "body", "section": "", "footnotes": (), "label": "", "refers_to": None}
_EMPTY = (None, "", [], ())


def lean(fields: dict) -> dict:
    """A paragraph's fields for the writer, stored values equal to their default left out
    (``kind`` is still indexed: only its stored copy is left out)."""
    out = {k: v for k, v in fields.items() if k not in STORED_DEFAULTS or k == "kind" or v not in _EMPTY}
    if fields.get("kind") == STORED_DEFAULTS["kind"]:
        out["_stored_kind"] = None
    return out


def with_defaults(stored: dict) -> dict:
    """A paragraph's stored fields as written by :func:`lean`, the values left out filled in."""
    return {**STORED_DEFAULTS, **stored}
