"""Each paragraph's place (document and paragraph number) as runs, written in a segment's ``.bits`` file.

Why: equal scores are ordered by document and paragraph (:mod:`indexer.searching.ties`)
and partial matches weigh their documents, so a search asks where hundreds of
paragraphs belong; read from the stored fields, each answer decompressed a
block of paragraphs (a fresh reader's query with a common word and two
unknown ones: about 360 reads, a third of its time at the whole corpus). A
document's paragraphs are written in a row and numbered in order, so one run
per document (start docnum, document, first number) answers them all: a few
thousand runs where the paragraphs are hundreds of thousands.
"""

from __future__ import annotations

import sys
from array import array
from bisect import bisect_right

Packed = tuple[bytes, tuple[str, ...], bytes]  # run starts, their documents, their first numbers (uint32)


class Runs:
    """Collects a segment's places, paragraph after paragraph in docnum order."""

    def __init__(self) -> None:
        self._starts = array("I")
        self._firsts = array("I")
        self._ids: list[str] = []
        self._next: tuple[int, str, int] | None = None  # the place that continues the last run
        self._unusable = False  # a place the table cannot hold: the stored fields answer for the segment

    def add(self, docnum: int, doc_id: object, paragraph: object) -> None:
        """Record paragraph ``docnum`` (the next of the segment) of ``doc_id``, numbered ``paragraph``
        (None for none, as a stored read answers it: 0)."""
        paragraph = paragraph or 0
        if not isinstance(doc_id, str) or type(paragraph) is not int or not 0 <= paragraph < 1 << 31:
            self._unusable = True
            return
        if self._next != (docnum, doc_id, paragraph):
            self._starts.append(docnum)
            self._ids.append(doc_id)
            self._firsts.append(paragraph)
        self._next = (docnum + 1, doc_id, paragraph + 1)

    def packed(self) -> Packed | None:
        """The runs as little-endian arrays and the documents' ids; None when nothing was added."""
        if not self._ids or self._unusable:
            return None
        starts, firsts = array("I", self._starts), array("I", self._firsts)
        if sys.byteorder == "big":
            starts.byteswap()
            firsts.byteswap()
        return starts.tobytes(), tuple(self._ids), firsts.tobytes()


class Table:
    """The runs :meth:`Runs.packed` wrote, answering a docnum's place."""

    __slots__ = ("_documents", "_firsts", "_ids", "_starts")

    def __init__(self, packed: Packed) -> None:
        starts_b, self._ids, firsts_b = packed
        self._starts, self._firsts = array("I", starts_b), array("I", firsts_b)
        if sys.byteorder == "big":
            self._starts.byteswap()
            self._firsts.byteswap()
        if not (len(self._starts) == len(self._ids) == len(self._firsts)):
            raise ValueError("places: runs of unequal lengths")
        self._documents: dict[str, int] | None = None

    def paragraphs(self, doc_id: str, size: int) -> int:
        """The bitset of the segment's paragraphs (``size`` of them) that belong to ``doc_id``: its
        runs, as the ``doc_id`` term's postings hold them, with no term look-up."""
        documents = self._documents
        if documents is None:
            documents = {}
            ends = [*self._starts[1:], size]
            for start, end, doc in zip(self._starts, ends, self._ids, strict=True):
                documents[doc] = documents.get(doc, 0) | ((1 << (end - start)) - 1) << start
            self._documents = documents
        return documents.get(doc_id, 0)

    def __call__(self, docnum: int) -> tuple[str, int] | None:
        """The paragraph's (document, number); None before the first run."""
        at = bisect_right(self._starts, docnum) - 1
        if at < 0:
            return None
        return self._ids[at], self._firsts[at] + docnum - self._starts[at]
