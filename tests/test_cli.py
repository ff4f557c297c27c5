"""The nghiquyet command line, through click's CliRunner and as a real process."""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from click.testing import CliRunner

import indexer
from indexer.cli import cli
from search_web import create_app

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
    assert lines[2] == "1. Nghị quyết về phát triển công nghiệp tỉnh Bắc Giang giai đoạn 2021 - 2030 (2021) — ¶17"
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
    assert "binh-thuan_08-nq-tu-2016_cong-nghiep-tieu-thu-cong-nghiep  (57 paragraphs, 1 footnote)" in result.stdout
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


def test_eval_rejects_a_malformed_relevance_file_in_one_line(index_dir, tmp_path):
    """A wrong shape is said once, naming the file and the case, never judged (a string is not a list of ids)."""
    cases = {
        "a": ([{"q": 5, "relevant": "x"}], "case 1: 'q' must be a non-empty string"),
        "b": ([{"q": "titan", "relevant": [5]}], "case 1 ('titan'): 'relevant' must be a list of non-empty strings"),
        "c": ([{"q": "titan", "relevant": "bac-giang"}], "case 1 ('titan'): 'relevant' must be a list"),
        "d": ([{"q": "titan", "zero": True}, {"q": "titan"}], "case 2 ('titan'): nothing to judge it by"),
        "e": ([], "no cases"),
    }
    for name, (data, why) in cases.items():
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        result = run("eval", str(path), "--index", str(index_dir))
        assert result.exit_code == 2, (name, result.stdout)
        assert result.stderr.startswith(f"Error: {path}: not a relevance file ({why}"), result.stderr
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_help_ends_with_examples():
    for command in ("build", "update", "search", "serve", "docs", "eval", "add", "watch"):
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


def test_a_cold_search_imports_only_what_searching_needs(index_dir):
    # A command-line search is a fresh process each time, so every module it
    # imports is paid for on every search (issue 17). These stay off its path:
    # the indexing side (pyvi, its CRF, the writer processes), the page, and
    # what Whoosh would bring for our reader's sake but the engine never uses
    # (its searcher, queries and highlighter; asyncio through cached_property,
    # urllib.request through whoosh.compat).
    kept_off = (
        "asyncio",
        "urllib.request",
        "whoosh.searching",
        "whoosh.query",
        "whoosh.highlight",
        "pyvi",
        "sklearn",
        "multiprocessing",
        "indexer.index.bulk",
        "indexer.index.indexing",
        "indexer.corpus.reader",
        "flask",
    )
    code = (
        "import sys\n"
        "from indexer.cli import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as done:\n"
        f"    print('exit', done.code, *sorted(set({kept_off!r}) & set(sys.modules)), file=sys.stderr)\n"
    )
    args = ["search", "KCN Sơn Mỹ", "--index", str(index_dir)]
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=False)
    assert "«KCN Sơn Mỹ»" in proc.stdout
    assert proc.stderr == "exit 0\n"


# --- What a new user tripped on (issue 12): each asserts what the user sees. ---

NGHIQUYET = Path(sys.executable).with_name("nghiquyet")
BT2016 = "binh-thuan_08-nq-tu-2016_cong-nghiep-tieu-thu-cong-nghiep"


def test_empty_corpus_says_so_and_its_index_has_no_hits(tmp_path):
    empty, index = tmp_path / "empty", tmp_path / "ix"
    empty.mkdir()
    built = run("build", "--corpus", str(empty), "--index", str(index))
    assert built.exit_code == 0
    assert (
        built.stderr
        == f"Warning: no resolutions in {empty}/ (.doc, .docx, .htm, .html, .md, .pdf, .txt files): the index is empty\n"
    )
    assert built.stdout.startswith("documents: 0 added, 0 changed, 0 removed, 0 unchanged, 0 skipped; 0 paragraphs")
    found = run("search", "KCN", "--index", str(index))
    assert (found.exit_code, found.stderr) == (1, "")
    assert found.stdout.startswith("0 hits for 'KCN' (") and found.stdout.count("\n") == 1
    listed = run("docs", "--index", str(index))
    assert (listed.exit_code, listed.stdout) == (0, "0 documents\n")
    client = create_app({"TESTING": True, "INDEX": str(index)}).test_client()
    page = client.get("/search?q=KCN")
    assert page.status_code == 200 and "0 kết quả" in page.get_data(as_text=True)
    api = client.get("/api/search?q=KCN")
    assert api.status_code == 200 and (api.get_json()["total"], api.get_json()["hits"]) == (0, [])
    # a first search that builds the index itself warns as `build` does
    first = run("search", "KCN", "--corpus", str(empty), "--index", str(tmp_path / "ix2"))
    assert first.exit_code == 1
    assert first.stderr.splitlines()[:2] == [
        f"No index in {tmp_path / 'ix2'} yet: building it from {empty}/ first.",
        f"Warning: no resolutions in {empty}/ (.doc, .docx, .htm, .html, .md, .pdf, .txt files): the index is empty",
    ]


def _closed_pipe(*args):
    """Run nghiquyet with its stdout read by nobody (like `| head -1` after its line, or `| true`)."""
    proc = subprocess.Popen([str(NGHIQUYET), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # before the program can write: every write meets a closed pipe
    err = proc.stderr.read().decode()
    return proc.wait(), err


def test_a_closed_pipe_ends_quietly(index_dir):
    assert _closed_pipe("docs", "--index", str(index_dir)) == (0, "")
    assert _closed_pipe("docs", "--json", "--index", str(index_dir)) == (0, "")
    assert _closed_pipe("search", "công nghiệp", "-n", "100", "--index", str(index_dir)) == (0, "")
    shell = subprocess.run(
        f"set -o pipefail; '{NGHIQUYET}' docs --index '{index_dir}' | head -1",
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        check=False,
    )
    assert (shell.returncode, shell.stderr) == (0, "")
    assert shell.stdout == "bac-giang_nq-tu-2021_phat-trien-cong-nghiep-2021-2030  (43 paragraphs, 0 footnotes)\n"


def test_add_copies_nothing_it_cannot_index(corpus_copy, tmp_path):
    index = tmp_path / "ix"
    indexer.Index(index, corpus=corpus_copy).build()
    before = sorted(p.name for p in corpus_copy.iterdir())
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "fake.pdf").write_text("this is not a PDF at all", encoding="utf-8")
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    empty = run("add", str(tmp_path / "empty.txt"), "--corpus", str(corpus_copy), "--index", str(index))
    assert (empty.exit_code, empty.stdout, empty.stderr) == (2, "", "Error: not added: empty.txt: the file is empty\n")
    fake = run("add", str(tmp_path / "fake.pdf"), "--corpus", str(corpus_copy), "--index", str(index))
    assert fake.exit_code == 2 and fake.stdout == ""
    assert fake.stderr.startswith("Error: not added: fake.pdf: not a readable PDF") and fake.stderr.count("\n") == 1
    if ".doc" not in indexer.SUPPORTED:  # a .doc reader may come with a converter tool
        old = run("add", str(tmp_path / "old.doc"), "--corpus", str(corpus_copy), "--index", str(index))
        assert (old.exit_code, old.stderr) == (
            2,
            "Error: not added: old.doc: .doc files cannot be indexed (only .docx, .md, .pdf, .txt)\n",
        )
    assert sorted(p.name for p in corpus_copy.iterdir()) == before
    later = run("update", "--corpus", str(corpus_copy), "--index", str(index))
    assert (later.exit_code, later.stderr) == (0, "")


def test_add_date_accepts_dd_mm_yyyy_and_iso_and_sets_the_year(corpus_copy, tmp_path):
    from tests.test_update import NEW_DOC

    index = tmp_path / "ix"
    indexer.Index(index, corpus=corpus_copy).build()
    for name, date in (("ca-na.txt", "2024-03-15"), ("ca-na-2.txt", "16/03/2024")):
        (tmp_path / name).write_text(NEW_DOC, encoding="utf-8")
        added = run("add", str(tmp_path / name), "--date", date, "--corpus", str(corpus_copy), "--index", str(index))
        assert added.exit_code == 0, added.stderr
        assert added.stdout.startswith(f"copied {tmp_path / name} → {corpus_copy / name}\n")
    docs = {d["doc_id"]: d for d in json.loads(run("docs", "--json", "--index", str(index)).stdout)}
    assert (docs["ca-na"]["date"], docs["ca-na"]["year"]) == ("2024-03-15", 2024)
    assert (docs["ca-na-2"]["date"], docs["ca-na-2"]["year"]) == ("2024-03-16", 2024)
    in_2024 = run("search", "cảng Cà Ná", "--year", "2024", "--json", "--index", str(index))
    assert {h["doc_id"] for h in json.loads(in_2024.stdout)["hits"]} == {"ca-na", "ca-na-2"}
    (tmp_path / "x.txt").write_text(NEW_DOC, encoding="utf-8")
    for bad in ("15-03-2024", "2024-02-30", "March 2024"):
        refused = run("add", str(tmp_path / "x.txt"), "--date", bad, "--corpus", str(corpus_copy))
        assert (refused.exit_code, refused.stderr) == (
            2,
            f"Error: date {bad!r} is not a date: write dd/mm/yyyy or yyyy-mm-dd (15/03/2024 or 2024-03-15)\n",
        )
    assert not (corpus_copy / "x.txt").exists()


def test_a_query_may_start_with_an_exclusion(index_dir):
    plain = json.loads(run("search", "KCN", "--json", "-n", "100", "--index", str(index_dir)).stdout)
    for args in (["-titan", "KCN"], ["KCN", "-titan"], ["-n5", "-titan", "KCN"], ["--", "-titan", "KCN"]):
        result = run("search", "--json", "--index", str(index_dir), *args)
        assert result.exit_code == 0, (args, result.stderr)
        data = json.loads(result.stdout)
        assert data["hits"] and not any("titan" in h["text"].lower() for h in data["hits"])
        assert data["total"] == plain["total"] - sum("titan" in h["text"].lower() for h in plain["hits"])
    assert "Everything after -- is query, even --json." in " ".join(run("search", "--help").stdout.split())
    unknown = run("search", "--limti", "5", "KCN", "--index", str(index_dir))
    assert (unknown.exit_code, unknown.stderr.splitlines()[-1]) == (
        2,
        "Error: No such option '--limti'. Did you mean '--limit'?",
    )


def test_serve_on_a_busy_port_fails_before_anything_else(corpus_copy, tmp_path):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run("serve", "--port", str(port), "--corpus", str(corpus_copy), "--index", str(tmp_path / "ix"))
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"Error: cannot serve on 127.0.0.1:{port}: the port is already in use (choose another --port)\n"
    )
    assert result.stdout == "" and not (tmp_path / "ix").exists()  # no "Serving on", no index built for nothing


def test_index_in_a_folder_that_is_not_an_index_is_refused(corpus_copy, tmp_path):
    before = sorted(p.name for p in corpus_copy.iterdir())
    for command in ("build", "update", "search"):
        args = [command, "--corpus", str(corpus_copy), "--index", str(corpus_copy)] + (
            ["KCN"] if command == "search" else []
        )
        result = run(*args)
        assert (result.exit_code, result.stderr.splitlines()) == (
            2,
            [
                f"Error: {corpus_copy} is not an index and not empty (it holds {before[0]}): give --index a new or empty folder"
            ],
        ), command  # one line: no "building it first" announced before the refusal
    assert sorted(p.name for p in corpus_copy.iterdir()) == before


def _on_a_terminal(*args, env):
    """Run nghiquyet with a pseudo-terminal as stdout (colour decisions look at it)."""
    import pty

    leader, follower = pty.openpty()
    proc = subprocess.run([str(NGHIQUYET), *args], stdout=follower, stderr=subprocess.PIPE, env=env, check=False)
    os.close(follower)
    out = b""
    try:
        while chunk := os.read(leader, 65536):
            out += chunk
    except OSError:
        pass
    os.close(leader)
    return proc.returncode, out.decode()


def test_no_color_is_honoured_on_a_terminal(index_dir):
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    code, coloured = _on_a_terminal("search", "titan", "-n", "1", "--index", str(index_dir), env=env)
    assert code == 0 and "\x1b[" in coloured
    code, plain = _on_a_terminal("search", "titan", "-n", "1", "--index", str(index_dir), env={**env, "NO_COLOR": "1"})
    assert code == 0 and "\x1b[" not in plain and "«" in plain
    code, listing = _on_a_terminal("docs", "--index", str(index_dir), env={**env, "NO_COLOR": "1"})
    assert code == 0 and "\x1b[" not in listing


def test_docs_takes_corpus_and_builds_when_missing(corpus_copy, tmp_path):
    index = tmp_path / "ix"
    result = run("docs", "--corpus", str(corpus_copy), "--index", str(index))
    assert result.exit_code == 0
    assert result.stderr.startswith(f"No index in {index} yet: building it from {corpus_copy}/ first.\n")
    assert result.stdout.endswith("5 documents\n")


def test_hit_lines_are_english_and_name_the_documents_number_and_year(index_dir):
    note = run("search", "thương hiệu nước mắm Phan Thiết", "--index", str(index_dir)).stdout.splitlines()
    assert note[2] == (
        "1. Nghị quyết về phát triển công nghiệp tỉnh Bình Thuận đến năm 2025, định hướng đến năm 2030 (2021)"
        " — footnote 1"
    )
    numbered = run("search", "tiểu thủ công nghiệp", "-n", "1", "--doc", BT2016, "--index", str(index_dir)).stdout
    assert numbered.splitlines()[2].startswith("1. Nghị quyết về phát triển công nghiệp - tiểu thủ công nghiệp")
    assert " (08-NQ/TU, 2016) — ¶" in numbered.splitlines()[2]
    everything = run("search", "công nghiệp", "-n", "1000", "--index", str(index_dir)).stdout
    assert "chú thích" not in everything and "footnote" in everything


def test_orphan_metadata_files_are_reported(corpus_copy, tmp_path):
    (corpus_copy / "ghost.meta.toml").write_text('title = "Không có văn bản"\n', encoding="utf-8")
    built = run("build", "--corpus", str(corpus_copy), "--index", str(tmp_path / "ix"))
    assert built.exit_code == 0
    assert built.stderr == "Warning: ghost.meta.toml describes no resolution: no file of that name beside it\n"
    updated = run("update", "--corpus", str(corpus_copy), "--index", str(tmp_path / "ix"))
    assert updated.stderr == built.stderr


def test_a_page_past_the_end_says_how_many_pages_there_are(index_dir):
    result = run("search", "KCN", "-p", "9", "--index", str(index_dir))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("41 hits for 'KCN' (")
    assert lines[1:] == ["", "There is no page 9: 41 hits fill 5 pages of 10."]


def test_json_export_of_more_than_a_hundred_hits(index_dir, tmp_path):
    result = run("search", "công nghiệp", "--json", "--limit", "1000", "--index", str(index_dir))
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["total"] > 100 and len(data["hits"]) == data["total"]
    assert [h["rank"] for h in data["hits"]] == list(range(1, data["total"] + 1))


def test_repeated_filters_mean_either(index_dir):
    one = json.loads(
        run("search", "công nghiệp", "--json", "--province", "Bắc Giang", "--index", str(index_dir)).stdout
    )
    other = json.loads(run("search", "công nghiệp", "--json", "--province", "Hà Nam", "--index", str(index_dir)).stdout)
    both = run(
        "search", "công nghiệp", "--json", "--province", "Bắc Giang", "--province", "Hà Nam", "--index", str(index_dir)
    )
    assert json.loads(both.stdout)["total"] == one["total"] + other["total"] > 0


def test_add_copies_what_it_can_and_names_what_it_cannot(corpus_copy, tmp_path):
    from tests.test_update import NEW_DOC

    (tmp_path / "ca-na.txt").write_text(NEW_DOC, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"  \n")
    result = run(
        "add", str(tmp_path / "empty.txt"), str(tmp_path / "ca-na.txt"), "--corpus", str(corpus_copy),
        "--index", str(tmp_path / "ix"),
    )  # fmt: skip
    assert result.exit_code == 3
    assert result.stderr == "Warning: not added: empty.txt: the file is empty\n"
    assert result.stdout.startswith(
        f"copied {tmp_path / 'ca-na.txt'} → {corpus_copy / 'ca-na.txt'}\ndocuments: 6 added"
    )
    assert not (corpus_copy / "empty.txt").exists()


SUMMARY = re.compile(
    r"^\d\d:\d\d:\d\d documents: (\d+) added, 0 changed, 0 removed, (\d+) unchanged, 0 skipped; "
    r"\d+ paragraphs written in \d+\.\d s(.*)$"
)


def test_watch_settles_after_one_new_file(corpus_copy, tmp_path):
    from tests.test_update import NEW_DOC

    index = tmp_path / "ix"
    proc = subprocess.Popen(
        [str(NGHIQUYET), "watch", "--debounce", "0.3", "--corpus", str(corpus_copy), "--index", str(index)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()
    try:
        first = lines.get(timeout=90)  # the first update builds the index
        assert SUMMARY.match(first).groups()[:2] == ("5", "0")
        (corpus_copy / "ca-na.txt").write_text(NEW_DOC, encoding="utf-8")
        second = lines.get(timeout=60)
        assert SUMMARY.match(second).groups() == ("1", "5", ": added ca-na")
        time.sleep(4)  # more than ten quiet periods: its own reads must not start another update
        assert lines.empty(), lines.get()
    finally:
        proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert err == f"Watching {corpus_copy}/ (Ctrl+C to stop)\nInterrupted.\n"
