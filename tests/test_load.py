"""A bounded load test of `nghiquyet serve` on loopback: many concurrent searches, no error."""

from __future__ import annotations

import json
import statistics
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

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


def _client(base: str, n: int) -> list[tuple[int, float]]:
    out = []
    for i in range(REQUESTS_PER_CLIENT):
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
        out.append((status, time.perf_counter() - t0))
    return out


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
