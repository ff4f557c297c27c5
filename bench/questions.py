"""Recall@10 and MRR of the engine on the legal-questions set, on two fixed halves.

Usage::

    python -m bench.questions [--set ../shared/bench/legal-questions] [--index DIR] [--show tune] [--depth 100]

The set (77 questions over 2,703 articles) stays outside the repository; this
script reads it where it lies, indexes its corpus once (``--index`` keeps the
index between runs) and asks every question through ``indexer.search`` as the
CLI does. The questions are split by a hash of their Zalo id into a tuning half
and a held-out half: tune on the first, report the second without looking at
its questions (``--show`` prints the misses of the tuning half only).

A question's first ten hits (what the CLI shows by default) are mapped to their
articles (one file per article); recall@10 is the share of its relevant
articles among them, MRR the inverse rank of the first hit in one.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from indexer.searching.question_split import half

DEFAULT_SET = Path(__file__).resolve().parent.parent.parent / "shared" / "bench" / "legal-questions"


def load(qset: Path) -> list[dict]:
    queries = json.loads((qset / "queries.json").read_text(encoding="utf-8"))
    sources = json.loads((qset / "queries_source.json").read_text(encoding="utf-8"))
    return [{**q, "half": half(s["question_id"])} for q, s in zip(queries, sources, strict=True)]


def measure(reader, queries: list[dict], k: int = 10, depth: int = 10) -> dict[str, dict]:
    """Recall@k, MRR@k and empty results per half; each miss with the rank of its first relevant
    hit among the first ``depth`` (and of its article among the distinct articles there), which
    tells an answer ranked low from one the search never finds."""
    import indexer  # noqa: PLC0415

    out: dict[str, dict] = {}
    for name in ("tune", "held"):
        part = [q for q in queries if q["half"] == name]
        recall = mrr = 0.0
        empty = 0
        misses = []
        for q in part:
            result = indexer.search(reader, q["q"], limit=max(k, depth))
            deep = [h["doc_id"] + ".txt" for h in result["hits"]]
            ranked = deep[:k]
            rel = set(q["relevant"])
            empty += not result["hits"]
            got = len(rel & set(ranked)) / len(rel)
            recall += got
            rank = next((i for i, n in enumerate(deep, 1) if n in rel), None)
            mrr += 1 / rank if rank and rank <= k else 0.0
            if got < 1:
                article = next((i for i, n in enumerate(dict.fromkeys(deep), 1) if n in rel), None)
                misses.append(
                    {"q": q["q"], "relevant": q["relevant"], "rank": rank, "article_rank": article, "top": ranked[:3]}
                )
        n = len(part) or 1
        out[name] = {"questions": len(part), "recall@10": recall / n, "mrr": mrr / n, "empty": empty, "misses": misses}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", type=Path, default=DEFAULT_SET, help="the legal-questions folder")
    ap.add_argument("--index", type=Path, help="index folder (built when missing; kept)")
    ap.add_argument("--rebuild", action="store_true", help="build the index even when it exists")
    ap.add_argument("--show", choices=["tune"], help="print the tuning half's misses")
    ap.add_argument("--depth", type=int, default=10, help="hits searched for a miss's relevant article (rank)")
    args = ap.parse_args(argv)

    import indexer  # noqa: PLC0415

    index = args.index or Path(tempfile.mkdtemp(prefix="questions-index-"))
    from indexer.index import store  # noqa: PLC0415

    if args.rebuild or not store.exists(index):
        indexer.build(args.set / "corpus", index)
    reader = indexer.Reader(index)
    result = measure(reader, load(args.set), depth=args.depth)
    n = sum(r["questions"] for r in result.values()) or 1
    result_all = {
        "questions": n,
        **{k: sum(r[k] * r["questions"] for r in result.values()) / n for k in ("recall@10", "mrr")},
        "empty": sum(r["empty"] for r in result.values()),
    }
    for name, r in [*result.items(), ("all", result_all)]:
        figures = f"recall@10 {r['recall@10']:.3f}  MRR {r['mrr']:.3f}  empty {r['empty']}"
        print(f"{name:5} questions {r['questions']:3}  {figures}")
    if args.show:
        for miss in result[args.show]["misses"]:
            print(json.dumps(miss, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
