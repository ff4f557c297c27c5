"""The benchmark suite's quick mode runs and produces every figure (not how fast: that is the README's)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.run import QUERIES, main

ARCHIVE = Path(__file__).resolve().parent.parent.parent / "shared" / "bench" / "legal-md.tar.xz"


def test_quick_benchmark_produces_every_figure(tmp_path, capsys):
    if not ARCHIVE.exists():
        pytest.fail(f"{ARCHIVE} is missing: the benchmark corpus lives in ../shared/bench/")
    out = tmp_path / "bench.json"
    assert main(["--legal", str(ARCHIVE), "--quick", "--sizes", "1500", "--repeat", "1", "--out", str(out)]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert set(report["rungs"]) == {"seeds", "1500"}
    for name, rung in report["rungs"].items():
        build = rung["build"]
        assert build["paragraphs"] > (200 if name == "seeds" else 1500)
        for key in ("seconds", "paragraphs_per_s", "index_mb", "fts5_seconds", "fts5_mb", "peak_rss_mb_max_so_far"):
            assert build[key] > 0, (name, key)
        assert set(rung["queries"]) == set(QUERIES)
        for figures in rung["queries"].values():
            assert set(figures) == {
                "p50_ms",
                "p95_ms",
                "fts5_p50_ms",
                "fts5_p95_ms",
                "ratio_p50",
                "ratio_p95",
                "first_ms",
            }
            assert figures["p50_ms"] > 0 and figures["fts5_p50_ms"] > 0
        assert rung["update_one"]["added"] == ["bench-new-resolution"]
    serve = report["rungs"]["1500"]["serve"]
    assert serve["requests"] == 200 and serve["errors"] == 0 and serve["p95_ms"] > 0 and serve["peak_rss_mb"] > 0
    assert report["cli"]["cold_search_s"] > 0 and report["cli"]["stock_whoosh_cli_s"] > 0
    table = capsys.readouterr().out
    assert "| rung | query class | p50 / p95 ms | FTS5 p50 / p95 ms | ratio p50 / p95 | first query ms |" in table
