"""A bounded load test of `nghiquyet serve` on loopback: many concurrent searches, no error,
also while the index is updated under the server."""

from __future__ import annotations

import json
import statistics
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

import indexer
from tests.serving import served

QUERIES = [
    "KCN Sơn Mỹ",
    "kcn son my",
    '"nhà ở công nhân"',
    "titan",
    "công nghiệp hỗ trợ",
    "UBND tỉnh",
    "khóa 13",
    "thanh long -titan",
    "12-NQ/TW",
    "Vinh Tan 4 mo rong",
]
CLIENTS = 8
REQUESTS_PER_CLIENT = 25  # bounded: 200 requests in all


@pytest.fixture(scope="module")
def base_url(index_dir):
    with served(index_dir) as url:
        yield url


def _request(base: str, n: int, i: int) -> tuple[int, float]:
    q = QUERIES[(n + i) % len(QUERIES)]
    path = "/api/search?" if i % 2 else "/search?"
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(base + path + urllib.parse.urlencode({"q": q}), timeout=30) as r:
            body = r.read()
            status = r.status
            if path.startswith("/api"):
                json.loads(body)
    except urllib.error.HTTPError as exc:
        status = exc.code
    return status, time.perf_counter() - t0


def _client(base: str, n: int) -> list[tuple[int, float]]:
    return [_request(base, n, i) for i in range(REQUESTS_PER_CLIENT)]


def test_concurrent_searches_all_succeed(base_url, capsys):
    for q in QUERIES:  # warm up: the figures below are for a running server
        urllib.request.urlopen(base_url + "/search?" + urllib.parse.urlencode({"q": q}), timeout=30).close()
    with ThreadPoolExecutor(CLIENTS) as pool:
        results = [r for batch in pool.map(lambda n: _client(base_url, n), range(CLIENTS)) for r in batch]
    statuses = [s for s, _ in results]
    latencies = sorted(t for _, t in results)
    assert len(results) == CLIENTS * REQUESTS_PER_CLIENT
    assert set(statuses) == {200}
    p95 = latencies[int(len(latencies) * 0.95) - 1] * 1000
    with capsys.disabled():
        print(
            f"\nload: {len(results)} requests, {CLIENTS} clients, p50 {statistics.median(latencies) * 1000:.0f} ms,"
            f" p95 {p95:.0f} ms"
        )


NEW_DOC = """NGHỊ QUYẾT
về phát triển cảng biển Cà Ná

I. MỤC TIÊU

Xây dựng cảng tổng hợp Cà Ná phục vụ khu công nghiệp Sơn Mỹ và luyện cán thép titan.
"""


def _updates(corpus, index, rounds: int, log: list[str]) -> None:
    """Add, change and remove documents, updating the index after each."""
    files = sorted(corpus.glob("*.txt"))
    for i in range(rounds):
        new = corpus / f"ca-na-{i}.txt"
        new.write_text(NEW_DOC, encoding="utf-8")
        indexer.update(corpus, index)
        target = files[i % len(files)]
        target.write_text(target.read_text(encoding="utf-8") + "\n\nKCN Sơn Mỹ UBND tỉnh khóa 13.\n", encoding="utf-8")
        indexer.update(corpus, index)
        if i % 2:
            (corpus / f"ca-na-{i - 1}.txt").unlink()
            indexer.update(corpus, index)
        log.append(f"round {i}")


def test_concurrent_searches_while_the_index_is_updated(corpus_copy, tmp_path, capsys):
    index = tmp_path / "ix"
    indexer.build(corpus_copy, index)
    log: list[str] = []
    writer = threading.Thread(target=_updates, args=(corpus_copy, index, 6, log))

    def client(n: int) -> list[tuple[int, float]]:  # searches for as long as the updates go on
        out: list[tuple[int, float]] = []
        while writer.is_alive() or len(out) < REQUESTS_PER_CLIENT:
            out.append(_request(base, n, len(out)))
        return out

    with served(index) as base:
        writer.start()
        with ThreadPoolExecutor(CLIENTS) as pool:
            results = [r for batch in pool.map(client, range(CLIENTS)) for r in batch]
        writer.join()
    assert len(log) == 6  # every update completed while the clients searched
    statuses = [s for s, _ in results]
    assert len(results) >= CLIENTS * REQUESTS_PER_CLIENT
    assert [s for s in statuses if s != 200] == []
    with capsys.disabled():
        latencies = sorted(t for _, t in results)
        print(f"\nload during updates: {len(results)} requests, p50 {statistics.median(latencies) * 1000:.0f} ms")
