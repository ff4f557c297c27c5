"""Accent-free pair terms left out of a segment where one accented pair says the same, and read back from it.

Why: beside every pair of adjacent syllables ("phát1_triển3") the pair field
holds its accent-free twin ("~phat_trien"), for queries typed without
accents. Most twins have a single accented source in a segment, so their
postings are that pair's, posting for posting; the twin still cost its key,
its row and its hash slots: 10 % of the index at 10^5 paragraphs. The bulk
writer leaves such a twin out and writes beside the segment (``<segment>.acc``)
which accented syllables each accent-free syllable stands for there. A reader
that does not find a twin looks up its candidate sources (each accented form
of its left syllable beside each of its right one): the only one present is
the twin's source. The writer left a twin out only when exactly that holds,
and writes for each twin left out a 4-byte key and the place of its source
among the candidates (:class:`Twins`), so a reader tries one candidate, and
none for a twin the segment never had.

Sound because the table only holds syllables written with one accent-free
form in the segment and without "_" or "~": an accented pair present in the
segment then implies its twin was there too, so no candidate is found for a
twin the segment never had.

Segments written by Whoosh's own writer (a merge during an update) have no
table and every twin: :func:`derived_postings` gives a merge the left-out
twins' postings.
"""

from __future__ import annotations

import os
import pickle
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import accumulate
from pathlib import Path

from analyzers.terms import FOLDED_PAIR
from indexer.index.sidecar_cache import SidecarCache

EXT = ".acc"
_PACKED = b"acc2"  # a file of gaps, compressed (an older file is the plain pickle of the keys)
_LEVEL = 6
_JOIN = "_"

Table = Mapping[str, tuple[str, ...]]  # accent-free syllable -> its accented syllables in the segment


class Accents:
    """Collects a segment's (accented, accent-free) syllables as the writer analyses its paragraphs."""

    def __init__(self):
        self._seen: set[tuple[str, str]] = set()

    def add(self, forms: Iterable[tuple[str, str]]) -> None:
        self._seen.update(forms)

    def table(self) -> dict[str, tuple[str, ...]]:
        """Accent-free syllable -> accented ones, keeping only syllables with one accent-free form
        and neither "_" nor "~" in either form."""
        folds: dict[str, set[str]] = {}
        for exact, folded in self._seen:
            folds.setdefault(exact, set()).add(folded)
        out: dict[str, list[str]] = {}
        for exact, found in folds.items():
            if len(found) != 1:
                continue
            (folded,) = found
            if any(c in s for s in (exact, folded) for c in (_JOIN, FOLDED_PAIR)):
                continue
            out.setdefault(folded, []).append(exact)
        return {f: tuple(sorted(cs)) for f, cs in out.items()}


def candidates(text: str, table: Table) -> list[str]:
    """The accented pair terms a left-out accent-free pair term may stand for."""
    if not text.startswith(FOLDED_PAIR):
        return []
    parts = text[len(FOLDED_PAIR) :].split(_JOIN)
    if len(parts) != 2:
        return []
    return [f"{left}{_JOIN}{right}" for left in table.get(parts[0], ()) for right in table.get(parts[1], ())]


def _twins(exact_terms: Iterable[str], table: Table) -> Iterator[tuple[str, str]]:
    """(accent-free twin, accented pair) for each accented pair whose syllables are in the table."""
    folded_of = {c: f for f, cs in table.items() for c in cs}
    for term in exact_terms:
        if term.startswith(FOLDED_PAIR):
            continue
        parts = term.split(_JOIN)
        if len(parts) != 2:
            continue
        left, right = (folded_of.get(p) for p in parts)
        if left is not None and right is not None:
            yield f"{FOLDED_PAIR}{left}{_JOIN}{right}", term


def left_out(terms: Mapping[str, object], table: Table) -> dict[str, str]:
    """The accent-free pair terms of a segment the writer leaves out, each with its source: those
    with one candidate source among the segment's terms and the very same postings (``terms``:
    term -> postings, compared with ``==``)."""
    sources: dict[str, list[str]] = {}
    for twin, term in _twins(terms, table):
        sources.setdefault(twin, []).append(term)
    return {
        twin: found[0]
        for twin, found in sources.items()
        if len(found) == 1
        and twin in terms
        and terms[twin] == terms[found[0]]
        and _pick(twin, found[0], table) <= _MAX_PICK
    }


_MAX_PICK = 0xFFFF  # a pick is stored in two bytes


def _pick(twin: str, term: str, table: Table) -> int:
    """The place of ``term`` among ``twin``'s candidates (:func:`candidates` order)."""
    left_f, right_f = twin[len(FOLDED_PAIR) :].split(_JOIN)
    left, right = term.split(_JOIN)
    rights = table[right_f]
    return table[left_f].index(left) * len(rights) + rights.index(right)


def _key(twin: str) -> int:
    return zlib.crc32(twin.encode("utf-8"))


class Twins:
    """A segment's table and, for each twin left out, the crc32 of its term (sorted) and the place of
    its source among its candidates: a reader finds a twin's source with one look-up instead of
    trying every candidate, and knows a twin was never there without any."""

    def __init__(self, table: Table, keys: array, picks: array):
        self.table = table
        self._keys = keys
        self._picks = picks

    @classmethod
    def of(cls, table: Table, omitted: Mapping[str, str]) -> Twins:
        rows = sorted((_key(twin), _pick(twin, term, table)) for twin, term in omitted.items())
        return cls(table, array("I", [k for k, _ in rows]), array("H", [p for _, p in rows]))

    def picks(self, twin: str) -> list[int]:
        """The places of the sources of the twins left out whose key is ``twin``'s (one, or none;
        more only when two keys collide)."""
        key = _key(twin)
        at = bisect_left(self._keys, key)
        out = []
        while at < len(self._keys) and self._keys[at] == key:
            out.append(self._picks[at])
            at += 1
        return out

    def dumps(self) -> bytes:
        """The table, the keys' gaps (ascending keys) and the picks, pickled and zlib-compressed.

        Why gaps: the keys are crc32s, as random as four bytes get, but a segment's hundred
        thousand sorted keys lie ~40,000 apart, so their gaps' high bytes are zeros zlib
        folds away (whole corpus: the six files 4.6 MB as raw keys, uncompressed; 2.6 MB so).
        """
        keys = array("I", (b - a for a, b in zip((0, *self._keys), self._keys, strict=False)))
        data = pickle.dumps((dict(self.table), keys.tobytes(), self._picks.tobytes()), pickle.HIGHEST_PROTOCOL)
        return _PACKED + zlib.compress(data, _LEVEL)

    @classmethod
    def loads(cls, data: bytes) -> Twins:
        packed = data.startswith(_PACKED)
        table, keys, picks = pickle.loads(zlib.decompress(data[len(_PACKED) :]) if packed else data)
        keys = array("I", keys)
        return cls(table, array("I", accumulate(keys)) if packed else keys, array("H", picks))


def write(twins: Twins, create: Callable[[str], object]) -> None:
    """Write a segment's twins with ``create(EXT)`` (a Whoosh segment's ``create_file``)."""
    f = create(EXT)
    f.write(twins.dumps())
    f.close()


_twin_files = SidecarCache(
    lambda path: Twins.loads(Path(path).read_bytes()),
    (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError),
)


def twins_at(path: str | None) -> Twins | None:
    """The twins written beside a segment (``path``: its ``.acc`` file), None when there are none
    (Whoosh's own writer, a merge, compound storage): then the segment holds every twin."""
    return None if path is None else _twin_files.get(path)


def source(text: str, twins: Twins | None, present: Callable[[str], bool]) -> str | None:
    """The accented pair term whose postings a left-out accent-free ``text`` has, None when the
    segment holds no such pair (``present``: whether the segment's term table has a term).

    Of ``text``'s candidates only one can be present, and only if the twin was in the segment:
    a pick whose candidate is present is the source (whatever key collided with it)."""
    if twins is None:
        return None
    picks = twins.picks(text)
    if not picks:
        return None
    found = candidates(text, twins.table)
    for pick in picks:
        if pick < len(found) and present(found[pick]):
            return found[pick]
    return None


def derived_postings(
    exact_terms: Iterable[str], twins: Twins | None, present: Callable[[str], bool]
) -> Iterator[tuple[str, str]]:
    """(left-out twin, its source) for every twin a segment left out: what a merge must write back."""
    if twins is None:
        return
    for twin, term in _twins(exact_terms, twins.table):
        if not present(twin):
            yield twin, term


def sidecar(folder: str | None, make_filename: Callable[[str], str]) -> str | None:
    """The path of a segment's table in ``folder`` (None outside a folder)."""
    return None if folder is None else os.path.join(folder, make_filename(EXT))
