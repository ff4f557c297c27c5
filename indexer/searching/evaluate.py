"""Score the engine on a relevance file: needles (dev-queries.json) or relevant documents.

Two kinds of case, in one file or two. A document-level case
``{"q": ..., "relevant": [doc ids or file names]}`` (a file may also be a bare
JSON list of them, as the legal-questions set is) passes when every relevant
document has a hit among the first ``k``; over those cases the result also
gives recall@k (the share of relevant documents found in the first k hits,
averaged) and MRR (the inverse rank of the first hit in a relevant document),
so anyone can measure the engine on their own questions. A needle case
passes when every needle appears in some hit among the first ``k``;
``rank1`` must be in the first hit; ``none`` must not appear as a word in any
of the first ``k``; ``zero`` means no hit at all. Texts are compared after
NFC, case and accent folding, removal of markdown marks and <sup> tags, and
whitespace collapsing — the rules stated in the file.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

from analyzers.text import fold_text
from indexer.index.store import Reader
from indexer.searching.engine import search


def comparable(text: str) -> str:
    text = re.sub(r"</?sup>", "", text)
    text = re.sub(r"[*#_`]", "", text)
    return re.sub(r"\s+", " ", fold_text(text)).strip()


def check(case: dict, hits: list[dict]) -> str | None:
    """Why ``case`` fails on ``hits``, or None when it passes."""
    texts = [comparable(h["text"]) for h in hits]
    if case.get("zero"):
        return None if not hits else f"expected no hit, got {len(hits)}"
    for needle in case.get("needles", []):
        if not any(comparable(needle) in t for t in texts):
            return f"needle not in the first {len(hits)} hits: {needle!r}"
    if case.get("rank1"):
        if not texts or comparable(case["rank1"]) not in texts[0]:
            return f"first hit does not hold {case['rank1']!r}"
    for word in case.get("none", []):
        pattern = re.compile(rf"(?<!\w){re.escape(comparable(word))}(?!\w)")
        if any(pattern.search(t) for t in texts):
            return f"a hit contains the excluded word {word!r}"
    return None


def _names(doc: dict) -> set[str]:
    """The ways a relevance file may name a document: its id, its file name, either without extension."""
    path = Path(doc.get("path") or "")
    return {doc["doc_id"], path.name, path.stem} - {""}


def rank_of_relevant(case: dict, hits: list[dict], docs: dict[str, dict]) -> tuple[float, int | None]:
    """For a document-level case: the share of its relevant documents among the hits, and the first rank of one."""
    wanted = {Path(r).stem if Path(r).suffix in {".txt", ".md", ".docx", ".pdf"} else r for r in case["relevant"]}
    found: set[str] = set()
    first = None
    for rank, hit in enumerate(hits, 1):
        names = _names(docs.get(hit["doc_id"], {"doc_id": hit["doc_id"]}))
        names |= {Path(n).stem for n in names}
        match = wanted & names
        if match:
            found |= match
            first = first or rank
    return len(found) / max(1, len(wanted)), first


def evaluate(reader: Reader | Path | str, judgements: dict | list) -> dict:
    """Run every query; returns per-class counts, the failures, and recall@k/MRR over document-level cases."""
    if not isinstance(reader, Reader):
        reader = Reader(reader)
    if isinstance(judgements, list):
        judgements = {"queries": judgements}
    k = int(judgements.get("k", 10))
    classes: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    failures = []
    recall = mrr = 0.0
    ranked_cases = 0
    docs = reader.docs()
    for case in judgements["queries"]:
        result = search(reader, case["q"], limit=k)
        why = check(case, result["hits"])
        if "relevant" in case:
            got, first = rank_of_relevant(case, result["hits"], docs)
            ranked_cases += 1
            recall += got
            mrr += 1 / first if first else 0.0
            if why is None and got < 1:
                why = f"relevant documents not all in the first {k} hits ({got:.0%} found)"
        counts = classes[case.get("class", "-")]
        counts[1] += 1
        if why is None:
            counts[0] += 1
        else:
            failures.append({"id": case.get("id", ""), "q": case["q"], "why": why})
    passed = sum(c[0] for c in classes.values())
    total = sum(c[1] for c in classes.values())
    out = {"passed": passed, "total": total, "classes": dict(classes), "failures": failures}
    if ranked_cases:
        out[f"recall@{k}"] = round(recall / ranked_cases, 4)
        out["mrr"] = round(mrr / ranked_cases, 4)
        out["ranked_queries"] = ranked_cases
    return out


CRITERIA = ("relevant", "needles", "rank1", "none", "zero")  # what a case is judged by: at least one


def load(path: Path | str) -> dict:
    """A relevance file as ``{"queries": [...]}`` (a bare list of cases is accepted).

    Its shape is checked once, here, so a mistyped file is one line naming the
    entry at fault rather than a traceback or a silent 0 % later: a string
    where a list belongs would be judged letter by letter.
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if isinstance(data, list):
        data = {"queries": data}
    if not isinstance(data, dict) or not isinstance(data.get("queries"), list):
        raise ValueError("expected a list of cases or an object with a 'queries' list")
    k = data.get("k", 10)
    if not isinstance(k, int) or isinstance(k, bool) or k < 1:
        raise ValueError(f"'k' must be a positive whole number, not {k!r}")
    if not data["queries"]:
        raise ValueError("no cases: the file holds no query to judge")
    for n, case in enumerate(data["queries"], 1):
        why = _malformed(case)
        if why:
            name = (
                f" ({case.get('id') or case.get('q')!r})"
                if isinstance(case, dict) and isinstance(case.get("q"), str)
                else ""
            )
            raise ValueError(f"case {n}{name}: {why}")
    return data


def _malformed(case: object) -> str | None:
    """What is wrong with one case of a relevance file, or None."""
    if not isinstance(case, dict):
        return f"expected an object with a 'q', not {type(case).__name__}"
    if not isinstance(case.get("q"), str) or not case["q"].strip():
        return "'q' must be a non-empty string"
    for key in ("relevant", "needles", "none"):
        if key in case:
            value = case[key]
            if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
                return f"'{key}' must be a list of non-empty strings, not {value!r}"
            if key == "relevant" and not value:
                return "'relevant' is empty: name the relevant documents"
    if "rank1" in case and (not isinstance(case["rank1"], str) or not case["rank1"]):
        return f"'rank1' must be a non-empty string, not {case['rank1']!r}"
    if "zero" in case and not isinstance(case["zero"], bool):
        return f"'zero' must be true or false, not {case['zero']!r}"
    if not any(key in case and case[key] not in (False, []) for key in CRITERIA):
        return "nothing to judge it by: give 'relevant', 'needles', 'rank1', 'none' or 'zero'"
    return None
