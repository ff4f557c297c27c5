"""Links between documents, from the references each one cites.

The reader records what a document cites (``cites``: number, date, relation,
issuer). Here each reference is resolved to a document of the index when one
has that number, and every resolved reference is also read backwards
(``cited_by``), so a resolution links to the programme that carries it out.

Numbers repeat across issuers ("08-NQ/TU" is a number in every province), so
a reference resolves only to one document: among those with the number, the
ones of the cited date, then of the cited issuer, then of the citing
document's own province; when several remain, it is left unresolved.
"""

from __future__ import annotations

from collections.abc import Mapping

from indexer.corpus.properties import as_text, iso_date
from indexer.searching.filters import key, number_key

RELATIONS = ("implements", "continues", "replaces", "amends", "cites")


def _references(meta: dict) -> list[dict]:
    cites = meta.get("cites")
    if not isinstance(cites, list):
        return []
    out = []
    for c in cites:
        if not isinstance(c, dict) or not as_text(c.get("number")):
            continue
        relation = as_text(c.get("relation"))
        out.append(
            {
                "number": as_text(c.get("number")),
                "date": as_text(c.get("date")),
                "relation": relation if relation in RELATIONS else "cites",
                "issuer": as_text(c.get("issuer")),
            }
        )
    return out


class Relations:
    """The resolved references of every document of one index version."""

    def __init__(self, docs: Mapping[str, dict]):
        self.docs = docs
        by_number: dict[str, list[str]] = {}
        for doc_id, meta in docs.items():
            if as_text(meta.get("number")):
                by_number.setdefault(number_key(as_text(meta.get("number"))), []).append(doc_id)
        self._by_number = by_number
        self._cites: dict[str, list[dict]] = {}
        self._cited_by: dict[str, list[dict]] = {}
        for doc_id in sorted(docs):
            resolved = []
            for ref in _references(docs[doc_id]):
                target = self.resolve(ref, docs[doc_id])
                if target == doc_id:
                    continue  # a document's own number is never a reference
                resolved.append({**ref, "doc_id": target})
                if target is not None:
                    self._cited_by.setdefault(target, []).append({"doc_id": doc_id, "relation": ref["relation"]})
            self._cites[doc_id] = resolved

    def resolve(self, ref: dict, citing: dict) -> str | None:
        """The id of the one document ``ref`` points to, or None (not in the index, or ambiguous)."""
        candidates = self._by_number.get(number_key(ref["number"]), [])
        for narrower in (
            lambda d: ref["date"] and iso_date(self.docs[d]) == iso_date({"date": ref["date"]}),
            lambda d: ref["issuer"] and key(ref["issuer"]) in key(as_text(self.docs[d].get("issuer"))),
            lambda d: (
                as_text(citing.get("province"))
                and key(as_text(self.docs[d].get("province"))) == key(as_text(citing.get("province")))
            ),
        ):
            if len(candidates) <= 1:
                break
            kept = [d for d in candidates if narrower(d)]
            candidates = kept or candidates
        return candidates[0] if len(candidates) == 1 else None

    def cites(self, doc_id: str) -> list[dict]:
        """What ``doc_id`` cites: ``{"number", "date", "relation", "issuer", "doc_id": id or None}``."""
        return [dict(c) for c in self._cites.get(doc_id, [])]

    def cited_by(self, doc_id: str) -> list[dict]:
        """The documents citing ``doc_id``: ``{"doc_id", "relation"}``, in id order."""
        return [dict(c) for c in self._cited_by.get(doc_id, [])]

    def describe(self, doc_id: str) -> dict | None:
        """The document's metadata with its resolved ``cites`` and its ``cited_by``; None when unknown."""
        meta = self.docs.get(doc_id)
        if meta is None:
            return None
        return {**meta, "date": iso_date(meta), "cites": self.cites(doc_id), "cited_by": self.cited_by(doc_id)}
