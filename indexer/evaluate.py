"""Score the engine on a relevance file (the format of dev-queries.json).

A query passes when every needle appears in some hit among the first ``k``;
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
from indexer.engine import search
from indexer.store import Reader


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


def evaluate(reader: Reader | Path | str, judgements: dict) -> dict:
    """Run every query; returns per-class counts and the failures."""
    if not isinstance(reader, Reader):
        reader = Reader(reader)
    k = int(judgements.get("k", 10))
    classes: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    failures = []
    for case in judgements["queries"]:
        result = search(reader, case["q"], limit=k)
        why = check(case, result["hits"])
        counts = classes[case.get("class", "-")]
        counts[1] += 1
        if why is None:
            counts[0] += 1
        else:
            failures.append({"id": case.get("id", ""), "q": case["q"], "why": why})
    passed = sum(c[0] for c in classes.values())
    total = sum(c[1] for c in classes.values())
    return {"passed": passed, "total": total, "classes": dict(classes), "failures": failures}


def load(path: Path | str) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))
