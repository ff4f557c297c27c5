"""Which stored values a paragraph leaves out, and how a reader fills them back in.

Why: Whoosh pickles every stored key and value with each paragraph (a dict,
compressed paragraph by paragraph), so a key whose value is empty for most
paragraphs costs its name every time. Most paragraphs are body text with no
section, footnotes, label or reference: those keys were a tenth of a
paragraph's stored bytes. The writer leaves them out (:func:`lean`) and the
reader interface fills them in (:func:`with_defaults`), so a paragraph's stored
fields keep their shape. Whoosh's own searcher reads the lean dict.

A section heading ("Chương II › Điều 5 …") is the same for every paragraph
under it, and each paragraph compresses its own copy: 30 % of the stored
bytes. The segment writer stores it once per run (:class:`SectionRuns`); the
paragraphs after the first of a run store how many paragraphs back it is (a
small int), and :func:`with_defaults` reads it from there.
"""

from __future__ import annotations

from collections.abc import Callable

STORED_DEFAULTS = {"kind": "body", "section": "", "footnotes": (), "label": "", "refers_to": None}
_EMPTY = (None, "", [], ())


def lean(fields: dict) -> dict:
    """A paragraph's fields for the writer, stored values equal to their default left out
    (``kind`` is still indexed: only its stored copy is left out)."""
    out = {k: v for k, v in fields.items() if k not in STORED_DEFAULTS or k == "kind" or v not in _EMPTY}
    if fields.get("kind") == STORED_DEFAULTS["kind"]:
        out["_stored_kind"] = None
    return out


class SectionRuns:
    """Replaces a paragraph's section by the distance back to the paragraph of the same document
    and segment that stores it, when the paragraphs between them are all of that document.

    Why the same document: an update deletes a document's paragraphs all together, and a merge
    copies a segment's paragraphs in order, so a paragraph and the one holding its section are
    kept or dropped together and stay the same distance apart. One per segment being written
    (document numbers local to it): :meth:`reset` when a new segment begins.

    Why ``block``: the stored fields are compressed ``block`` paragraphs at a time
    (``stored_blocks.py``) and a reader keeps the last block it read; a run crossing into a
    new block stores its section in full again there (None: no blocks), so reading one paragraph's fields
    decompresses one block, not also the one before it.
    """

    def __init__(self, block: int | None = None):
        self._block = block
        self.reset()

    def reset(self) -> None:
        self._doc: object = None  # the document of the paragraph written last
        self._section: str = ""  # the section stored in full last within that document
        self._at = 0  # and the number of the paragraph storing it

    def shared(self, fields: dict, docnum: int) -> dict:
        """The paragraph's fields to write as paragraph ``docnum`` of the segment."""
        doc, section = fields.get("doc_id"), fields.get("section")
        if doc != self._doc:
            self._doc, self._section = doc, ""
        if not isinstance(section, str) or not section:
            return fields
        block = self._block
        if section == self._section and (block is None or docnum // block == self._at // block):
            return {**fields, "section": docnum - self._at}
        self._section, self._at = section, docnum
        return fields


def with_defaults(stored: dict, docnum: int | None = None, read: Callable[[int], dict] | None = None) -> dict:
    """A paragraph's stored fields as written by :func:`lean` (and :class:`SectionRuns`), the
    values left out filled in; a shared section is read from paragraph ``docnum`` less its
    distance, by ``read`` (needed then)."""
    section = stored.get("section")
    if isinstance(section, int) and read is not None and docnum is not None:
        stored = {**stored, "section": read(docnum - section).get("section", "")}
    return {**STORED_DEFAULTS, **stored}
