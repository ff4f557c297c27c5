"""The benchmark suite's quick mode runs and produces every figure (not how fast: that is the README's)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analyzers.syllables import load_abbreviations
from bench.queries import HAND_PICKED, sample
from bench.run import main

ARCHIVE = Path(__file__).resolve().parent.parent.parent / "shared" / "bench" / "legal-md.tar.xz"


def test_quick_benchmark_produces_every_figure(tmp_path, capsys):
    if not ARCHIVE.exists():
        pytest.fail(f"{ARCHIVE} is missing: the benchmark corpus lives in ../shared/bench/")
    out = tmp_path / "bench.json"
    assert (
        main(
            [
                "--legal",
                str(ARCHIVE),
                "--quick",
                "--sizes",
                "1500",
                "--repeat",
                "1",
                "--per-class",
                "20",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    report = json.loads(out.read_text(encoding="utf-8"))
    assert set(report["rungs"]) == {"seeds", "1500"}
    for name, rung in report["rungs"].items():
        build = rung["build"]
        assert build["paragraphs"] >= (200 if name == "seeds" else 1500)  # a rung holds at least its size
        for key in ("seconds", "paragraphs_per_s", "index_mb", "fts5_seconds", "fts5_mb", "peak_rss_mb_max_so_far"):
            assert build[key] > 0, (name, key)
        assert build["peak_rss_total_mb"] > 30  # the build's processes together: at least a Python with Whoosh
        assert set(rung["queries"]) == set(HAND_PICKED)
        for cls, figures in rung["queries"].items():
            if name == "1500":
                assert figures["queries"] == len(HAND_PICKED[cls]) + 20, cls
            assert set(figures) == {
                "queries",
                "p50_ms",
                "p95_ms",
                "fts5_p50_ms",
                "fts5_p95_ms",
                "ratio_p50",
                "ratio_p95",
                "first_p50_ms",
                "first_p95_ms",
                "first_max_ms",
            }
            assert figures["p50_ms"] > 0 and figures["fts5_p50_ms"] > 0
        assert rung["update_one"]["added"] == ["bench-new-resolution"]
    serve = report["rungs"]["1500"]["serve"]
    assert serve["requests"] == 200 and serve["errors"] == 0 and serve["p95_ms"] > 0 and serve["peak_rss_mb"] > 0
    assert report["cli"]["cold_search_s"] > 0 and report["cli"]["stock_whoosh_cli_s"] > 0
    table = capsys.readouterr().out
    assert "| rung | query class | queries | p50 / p95 ms | FTS5 p50 / p95 ms | ratio p50 / p95 |" in table


TEXTS = [
    "Ủy ban nhân dân tỉnh (UBND tỉnh) chỉ đạo phát triển khu công nghiệp Sơn Mỹ theo Nghị quyết số 08-NQ/TU.",
    "Doanh nghiệp nhỏ và vừa được hỗ trợ thuế thu nhập doanh nghiệp trong ba năm đầu.",
    "Hội đồng nhân dân cấp tỉnh (HĐND) giám sát việc sử dụng đất và bảo hiểm xã hội bắt buộc.",
    "Bảo đảm quyền sử dụng đất hợp pháp của người dân vùng sâu, vùng xa và hải đảo.",
]


def test_query_sample_is_seeded_and_drawn_from_the_texts():
    first, again, other = sample(TEXTS, 15, seed=3), sample(TEXTS, 15, seed=3), sample(TEXTS, 15, seed=4)
    assert first == again and first != other
    words = {w.lower().strip(".,") for t in TEXTS for w in t.replace("(", " ").replace(")", " ").split()}
    for cls, queries in first.items():
        assert queries[: len(HAND_PICKED[cls])] == HAND_PICKED[cls]
        drawn = queries[len(HAND_PICKED[cls]) :]
        assert len(drawn) == len(set(drawn)) and drawn, cls
        for q in drawn:
            tokens = q.strip('"').split()
            if cls in ("single word", "AND", "phrase", "long question"):
                assert all(t.lower().strip(".,") in words for t in tokens), (cls, q)
            if cls == "phrase":
                assert q.startswith('"') and q.strip('"') in " ".join(TEXTS).replace(",", "").replace(".", "")
            if cls == "accent-free":
                assert q.isascii(), q
            if cls == "abbreviation":  # written (UBND) or spelled out (Ủy ban nhân dân, doanh nghiệp nhỏ và vừa)
                assert tokens[0] in load_abbreviations(), q


def test_huge_file_is_one_paragraph_of_the_size_asked(tmp_path):
    from bench.hugefile import ROOT, huge_text, main, sentences

    pool = sentences([ROOT / "corpus"])
    assert len(pool) > 500
    text = huge_text(pool, 100_000, seed=3, distinct=True)
    assert len(text.encode("utf-8")) == 100_000
    assert "\n" not in text
    # --distinct never repeats a sentence (the last one may be cut short).
    drawn = [s for s in dict.fromkeys(pool) if s in text]
    assert len(drawn) > 100
    assert all(text.count(s) == 1 for s in drawn[:200] if len(s) > 60)
    # The same seed gives the same file; another seed another one.
    assert huge_text(pool, 100_000, seed=3, distinct=True) == text
    assert huge_text(pool, 100_000, seed=4, distinct=True) != text
    with pytest.raises(SystemExit, match="not enough distinct sentences"):
        huge_text(pool[:10], 100_000, seed=3, distinct=True)
    main(["--legal", str(ROOT / "corpus"), "--out", str(tmp_path / "c"), "--bytes", "50000"])
    assert (tmp_path / "c" / "huge.txt").stat().st_size == 50_000
    main(["--legal", str(ROOT / "corpus"), "--out", str(tmp_path / "r"), "--bytes", "60000", "--resolution"])
    whole = (tmp_path / "r" / "huge.txt").read_text(encoding="utf-8")
    assert len(whole.encode("utf-8")) == 60_000 and "\n" not in whole and "NGHỊ QUYẾT" in whole
