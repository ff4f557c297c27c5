"""A server left running while resolutions are added, changed and removed answers what a fresh build answers."""

from __future__ import annotations

import json
import random
import shutil
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import indexer
from tests.serving import served

QUERIES = [
    "công nghiệp",
    "Thủ tướng",
    "khoa học công nghệ",
    "KCN Sơn Mỹ",
    "kcn son my",
    '"nhà ở công nhân"',
    "thanh long -titan",
    "công nghiệp OR nông nghiệp",
    "chính sách thu hút đầu tư vào khu công nghiệp cho doanh nghiệp nhỏ",
]
LIMIT = 100
THREADS = 4
STEPS = 24
# Lines that updates append: ordinary sentences, a title's words, and lines
# without any pyvi compound (a paragraph with no token in the words field).
LINES = [
    "Thủ tướng Chính phủ giao các bộ, ngành phối hợp phát triển khoa học công nghệ.",
    "Khu công nghiệp Sơn Mỹ được ưu tiên đầu tư hạ tầng kỹ thuật.",
    "Doanh nghiệp nhỏ và vừa được hỗ trợ vay vốn ưu đãi.",
    "Số 7.",
    "Ừ, vì thế ta đi.",
    "Nhà ở công nhân tại các khu công nghiệp được xây dựng đồng bộ.",
]


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]


def _mutate(rng: random.Random, corpus: Path, seeds: list[Path], step: int) -> str:
    """One random add, change or remove in ``corpus``; returns what it did."""
    files = sorted(corpus.glob("*.txt"))
    kind = rng.choice(["add", "change", "change", "remove"] if len(files) > 3 else ["add", "change"])
    if kind == "add":
        seed = rng.choice(seeds).read_text(encoding="utf-8")
        parts = _paragraphs(seed)
        head, body = parts[:3], parts[3:]
        body = [p for p in body if rng.random() > 0.3] + [rng.choice(LINES)]
        name = f"them-{step:02d}.txt"
        (corpus / name).write_text("\n\n".join(head + body) + "\n", encoding="utf-8")
        return f"add {name}"
    target = rng.choice(files)
    if kind == "remove":
        target.unlink()
        target.with_name(target.stem + ".meta.toml").unlink(missing_ok=True)
        return f"remove {target.name}"
    parts = _paragraphs(target.read_text(encoding="utf-8"))
    how = rng.choice(["append", "drop", "footnote"])
    if how == "append":
        parts.append(rng.choice(LINES))
    elif how == "drop" and len(parts) > 6:
        del parts[rng.randrange(3, len(parts) - 1)]
    else:  # the last paragraph (often a footnote) loses its compounds
        parts[-1] = parts[-1].replace("phương pháp", "giá").replace("công nghiệp", "Số 7")
    target.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return f"change {target.name} ({how})"


def _normal(result: dict) -> tuple:
    """The parts of an answer that must not depend on the index's history.

    Hits of equal score may come in either order, and where the page is full
    the ones tied with the last hit may differ; everything else is compared.
    """
    hits = [
        (h["partial"], -h["score"], h["doc_id"], h["paragraph"], h["text"], tuple(map(tuple, h["spans"])))
        for h in result["hits"]
    ]
    if len(hits) >= LIMIT:
        last = hits[-1][:2]
        hits = [h for h in hits if h[:2] != last]
    return result["total"], result.get("facets"), sorted(hits)


def _fresh_answers(corpus: Path, index: Path) -> dict:
    shutil.rmtree(index, ignore_errors=True)
    indexer.build(corpus, index)
    reader = indexer.Reader(index, cache_size=0)
    answers = {q: _normal(json.loads(json.dumps(indexer.search(reader, q, LIMIT, facets=True)))) for q in QUERIES}
    answers["docs"] = json.loads(json.dumps(indexer.list_docs(reader)))
    return answers


def _get(url: str):
    with urllib.request.urlopen(url, timeout=60) as r:
        assert r.status == 200
        return json.loads(r.read())


def _served_answers(base: str) -> list[dict]:
    """Every query asked by several threads at once (so several server threads answer)."""

    def ask(n: int) -> dict:
        out = {}
        for i, q in enumerate(QUERIES[n % 3 :] + QUERIES[: n % 3]):
            args = urllib.parse.urlencode({"q": q, "limit": LIMIT, "facets": "1"})
            out[q] = _normal(_get(f"{base}/api/search?{args}"))
            if i < 3:
                with urllib.request.urlopen(f"{base}/search?{urllib.parse.urlencode({'q': q})}", timeout=60) as r:
                    assert r.status == 200  # the page, with its facets and metadata, renders
        out["docs"] = _get(f"{base}/api/docs")["docs"]
        return out

    with ThreadPoolExecutor(THREADS) as pool:
        return list(pool.map(ask, range(THREADS)))


def test_a_running_server_answers_what_a_fresh_build_answers(corpus_copy, tmp_path):
    rng = random.Random(20261123)
    seeds = sorted(corpus_copy.glob("*.txt"))
    seeds = [shutil.copy(p, tmp_path / p.name) and tmp_path / p.name for p in seeds]
    index, fresh = tmp_path / "ix", tmp_path / "fresh"
    indexer.build(corpus_copy, index)
    with served(index) as base:
        _served_answers(base)  # every server thread has its searcher open before the updates
        for step in range(STEPS):
            done = _mutate(rng, corpus_copy, seeds, step)
            indexer.update(corpus_copy, index)
            expected = _fresh_answers(corpus_copy, fresh)
            for answers in _served_answers(base):
                for key, value in expected.items():
                    assert answers[key] == value, f"step {step} ({done}): {key}"
