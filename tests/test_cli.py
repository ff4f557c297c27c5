"""The nghiquyet command line, through click's CliRunner and as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from indexer.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def run(*args, env=None):
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def test_search_json_is_exactly_one_object(index_dir):
    result = run("search", "KCN Sơn Mỹ", "--json", "--index", str(index_dir))
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert set(data) == {"query", "total", "took_ms", "page", "hits"}
    assert data["query"] == "KCN Sơn Mỹ"
    hit = data["hits"][0]
    assert any(hit["text"][s:e] == "KCN Sơn Mỹ" for s, e in hit["spans"])


def test_search_human_output_marks_matches_when_piped(index_dir):
    result = run("search", '"phục vụ công nhân yên tâm sinh sống"', "--index", str(index_dir))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("1 hit for '\"phục vụ công nhân yên tâm sinh sống\"' (")
    assert lines[0].endswith(" ms)")
    assert lines[2].startswith("1. Nghị quyết về phát triển công nghiệp tỉnh Bắc Giang giai đoạn 2021 - 2030 — ¶")
    assert lines[3].startswith("   II- NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU › ")
    assert "«phục vụ công nhân yên tâm sinh sống»" in result.stdout
    assert "\x1b[" not in result.stdout


def test_search_colour_on_request(index_dir):
    result = CliRunner().invoke(cli, ["search", "titan", "--color", "--index", str(index_dir)], color=True)
    assert "\x1b[" in result.stdout and "«" not in result.stdout


def test_exit_status_like_grep(index_dir):
    assert run("search", "khai thác dầu khí Vũng Tàu", "--index", str(index_dir)).exit_code == 1
    bad = run("search", '"', "--index", str(index_dir))
    assert bad.exit_code == 2
    assert bad.stderr == "Error: empty query: type a word or a phrase\n"
    long = run("search", "x" * 10_000, "--index", str(index_dir))
    assert (long.exit_code, long.stderr) == (2, "Error: query too long (10000 characters; at most 500)\n")


def test_env_variables_choose_corpus_and_index(index_dir, tmp_path):
    result = run("search", "titan", "--json", env={"NGHIQUYET_INDEX": str(index_dir)})
    assert result.exit_code == 0 and json.loads(result.stdout)["total"] > 0
    missing = run(
        "search", "titan", env={"NGHIQUYET_INDEX": str(tmp_path / "ix"), "NGHIQUYET_CORPUS": str(tmp_path / "none")}
    )
    assert missing.exit_code == 2
    assert (
        missing.stderr
        == f"Error: no index in {tmp_path / 'ix'} and no corpus folder {tmp_path / 'none'} to build it from\n"
    )


def test_search_builds_the_index_when_missing(corpus_copy, tmp_path):
    index = tmp_path / "ix"
    result = run("search", "Vinh Tan 4 mo rong", "--corpus", str(corpus_copy), "--index", str(index))
    assert result.exit_code == 0
    assert result.stderr.startswith(f"No index in {index} yet: building it from {corpus_copy}/ first.\n")
    assert "documents: 5 added" in result.stderr
    assert "«Vĩnh Tân 4 mở rộng»" in result.stdout


def test_docs_lists_metadata(index_dir):
    result = run("docs", "--index", str(index_dir))
    assert result.exit_code == 0
    assert "binh-thuan_08-nq-tu-2016_cong-nghiep-tieu-thu-cong-nghiep  (56 paragraphs, 1 footnotes)" in result.stdout
    assert (
        "   Nghị quyết · 08-NQ/TU · 2016-10-25 · Bình Thuận · Tỉnh ủy Bình Thuận (khóa XIII) · Nguyễn Mạnh Hùng"
        in result.stdout
    )
    assert result.stdout.endswith("5 documents\n")


def test_eval_prints_classes_and_passes(index_dir):
    result = run("eval", str(ROOT / "tests" / "dev-queries.json"), "--index", str(index_dir))
    assert result.exit_code == 0, result.stdout
    assert "phrase-across-breaks     4/4" in result.stdout
    assert result.stdout.endswith("passed 17 of 17\n")


def test_eval_reports_failures(index_dir, tmp_path):
    cases = {"k": 10, "queries": [{"id": "x", "class": "exact", "q": "titan", "needles": ["không có câu này"]}]}
    (tmp_path / "j.json").write_text(json.dumps(cases), encoding="utf-8")
    result = run("eval", str(tmp_path / "j.json"), "--index", str(index_dir))
    assert result.exit_code == 1
    assert "FAIL x 'titan': needle not in the first 9 hits: 'không có câu này'" in result.stdout
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    bad = run("eval", str(tmp_path / "bad.json"), "--index", str(index_dir))
    assert bad.exit_code == 2
    assert (
        bad.stderr.startswith(f"Error: {tmp_path / 'bad.json'}: not a relevance file (") and bad.stderr.count("\n") == 1
    )


def test_help_ends_with_examples():
    for command in ("build", "update", "search", "serve", "docs", "eval", "add"):
        text = run(command, "--help").stdout
        assert "Example:" in text, command


def test_real_process_prints_no_traceback(index_dir):
    env = {**os.environ, "NGHIQUYET_INDEX": str(index_dir)}
    exe = Path(sys.executable).with_name("nghiquyet")
    proc = subprocess.run([str(exe), "search", "AND"], capture_output=True, text=True, env=env, check=False)
    assert proc.returncode == 2
    assert proc.stderr == "Error: empty query: type a word or a phrase\n"
    ok = subprocess.run(
        [str(exe), "search", "KCN Sơn Mỹ", "-n", "1"], capture_output=True, text=True, env=env, check=False
    )
    assert ok.returncode == 0 and "«KCN Sơn Mỹ»" in ok.stdout
