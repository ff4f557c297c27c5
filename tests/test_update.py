"""New resolutions arrive: add, update, watch, other formats, crashes and concurrent readers."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import indexer
from indexer.cli import cli
from indexer.index import store

ROOT = Path(__file__).resolve().parent.parent
NEW_DOC = """NGHỊ QUYẾT
về phát triển cảng biển Cà Ná

I. MỤC TIÊU

Xây dựng cảng tổng hợp Cà Ná trở thành cảng biển loại I, phục vụ khu liên hợp luyện cán thép.

- Hoàn thành giải phóng mặt bằng KCN Cà Ná trong năm 2025.
"""
QUERIES = [
    "KCN Sơn Mỹ",
    "cảng Cà Ná",
    "titan",
    '"nhà ở công nhân"',
    "khóa 13",
    "công nghiệp hỗ trợ",
    "luyện cán thép",
    "Bản sao số 7",
    '"Bản sao số 13"',
]


def answers(index: Path) -> dict:
    reader = indexer.Reader(index)
    out = {}
    for q in QUERIES:
        res = indexer.search(reader, q, limit=100)
        full = [h for h in res["hits"] if not h["partial"]]
        hits = sorted((h["doc_id"], h["paragraph"], h["text"], tuple(map(tuple, h["spans"]))) for h in full)
        # Beyond one page, equal scores may tie in another order (and so may the
        # pool partial matches are drawn from): then compare counts only.
        out[q] = (res["total"], hits) if res["total"] < 100 else (len(full) == 100, None)
    out["docs"] = [(d["doc_id"], d["paragraphs"], d["title"]) for d in indexer.list_docs(reader)]
    return out


def test_update_after_add_modify_remove_equals_a_fresh_build(corpus_copy, tmp_path):
    index = tmp_path / "ix"
    indexer.build(corpus_copy, index)
    (corpus_copy / "ca-na.txt").write_text(NEW_DOC, encoding="utf-8")
    r = indexer.update(corpus_copy, index)
    assert (r.added, r.changed, r.removed, r.unchanged) == (["ca-na"], [], [], 5)
    target = corpus_copy / "bac-giang_nq-tu-2021_phat-trien-cong-nghiep-2021-2030.txt"
    target.write_text(target.read_text(encoding="utf-8").replace("Bắc Giang", "Bắc Giang mới"), encoding="utf-8")
    (corpus_copy / "khanh-hoa_cthd-nq23-tw_chinh-sach-cong-nghiep.txt").unlink()
    r = indexer.update(corpus_copy, index)
    assert (r.added, r.changed, r.removed) == (
        [],
        ["bac-giang_nq-tu-2021_phat-trien-cong-nghiep-2021-2030"],
        ["khanh-hoa_cthd-nq23-tw_chinh-sach-cong-nghiep"],
    )
    touched = corpus_copy / "ca-na.txt"
    os.utime(touched, (time.time() + 100, time.time() + 100))  # a new time but the same content
    r = indexer.update(corpus_copy, index)
    assert (r.added, r.changed, r.removed, r.paragraphs) == ([], [], [], 0)
    fresh = tmp_path / "fresh"
    indexer.build(corpus_copy, fresh)
    assert answers(index) == answers(fresh)
    assert indexer.search(index, "cảng Cà Ná")["hits"]
    assert_bitsets_match_whoosh(index)


def assert_bitsets_match_whoosh(index: Path) -> None:
    """The term bitsets (and frequencies) agree with Whoosh's postings, deleted paragraphs left out."""
    from whoosh import query as wq
    from whoosh.searching import Searcher

    reader = indexer.Reader(index)
    searcher = reader.searcher()
    stock = Searcher(searcher.reader())  # Whoosh's own searcher over the same segments
    assert any(leaf.reader().has_deletions() for leaf, _ in stock.leaf_searchers())  # the case under test
    sets = reader.docsets(searcher)
    for field, text in [
        ("syl", "công"),
        ("syl", "ca2"),
        ("fold", "cang"),
        ("pairs", "công_nghiêp5"),
        ("doc_id", "ca-na"),
    ]:
        once, twice, many = sets.levels(searcher, field, text)
        expected = {}
        for leaf, offset in stock.leaf_searchers():
            m = wq.Term(field, text).matcher(leaf)
            while m.is_active():
                expected[m.id() + offset] = m.weight()
                m.next()
        assert expected, (field, text)
        assert [d for d in range(searcher.doc_count_all()) if once >> d & 1] == sorted(expected)
        assert [d for d in range(searcher.doc_count_all()) if twice >> d & 1] == sorted(
            d for d, w in expected.items() if w >= 2
        )
        assert many == {d: w for d, w in expected.items() if w > 2}


def test_after_an_update_only_the_new_segment_is_read_again(corpus_copy, tmp_path):
    # A running page keeps its term bitsets per segment: a new resolution must
    # not make every later query read the whole index's postings again.
    index = tmp_path / "ix"
    indexer.build(corpus_copy, index)
    reader = indexer.Reader(index, cache_size=0)
    before = indexer.search(reader, "cảng Cà Ná OR công nghiệp")["total"]
    segments = reader._segment_sets
    first_reads = segments.reads
    old_segments = len(reader.searcher().segments())
    (corpus_copy / "ca-na.txt").write_text(NEW_DOC, encoding="utf-8")
    indexer.update(corpus_copy, index)
    after = indexer.search(reader, "cảng Cà Ná OR công nghiệp")
    assert after["total"] > before
    assert after["hits"][0]["doc_id"] == "ca-na" or any(h["doc_id"] == "ca-na" for h in after["hits"])
    new_segments = len(reader.searcher().segments()) - old_segments
    terms = first_reads // old_segments
    assert new_segments >= 1
    # The old segments' terms were kept: only the new segment is read, for at most
    # the terms read before (before the update, "Ná" was unknown and its
    # suggestion read a few more).
    assert 0 < segments.reads - first_reads <= terms * new_segments
    assert after["total"] == indexer.search(index, "cảng Cà Ná OR công nghiệp")["total"]  # a fresh reader agrees


def test_update_command_prints_what_it_did(corpus_copy, tmp_path):
    index = tmp_path / "ix"
    runner = CliRunner()
    assert runner.invoke(cli, ["build", "--corpus", str(corpus_copy), "--index", str(index)]).exit_code == 0
    (corpus_copy / "ca-na.txt").write_text(NEW_DOC, encoding="utf-8")
    result = runner.invoke(cli, ["update", "--corpus", str(corpus_copy), "--index", str(index)])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith(
        "documents: 1 added, 0 changed, 0 removed, 5 unchanged, 0 skipped; 2 paragraphs written in "
    )
    assert lines[1] == "  added: ca-na"


def test_bad_files_are_named_skipped_and_the_rest_indexed(corpus_copy, tmp_path):
    (corpus_copy / "empty.txt").write_bytes(b"")
    (corpus_copy / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (corpus_copy / "latin.md").write_bytes(bytes(range(0x80, 0x100)) * 4)
    result = CliRunner().invoke(cli, ["build", "--corpus", str(corpus_copy), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 3
    assert "Warning: skipped empty.txt: the file is empty\n" in result.stderr
    assert "Warning: skipped image.txt: binary file, not text\n" in result.stderr
    assert "Warning: skipped latin.md: not UTF-8" in result.stderr
    assert "5 added" in result.stdout and "3 skipped" in result.stdout
    assert indexer.search(tmp_path / "ix", "KCN Sơn Mỹ")["hits"]


def test_two_writers_never_at_once(corpus_copy, tmp_path):
    index = tmp_path / "ix"
    indexer.build(corpus_copy, index)
    with store.write_lock(index):
        with pytest.raises(indexer.IndexBusy):
            indexer.update(corpus_copy, index)
        result = CliRunner().invoke(cli, ["build", "--corpus", str(corpus_copy), "--index", str(index)])
        assert result.exit_code == 2
        assert (
            result.stderr == f"Error: {index}: another build or update is writing this index; try again when it ends\n"
        )


def test_a_writer_in_another_process_excludes_this_one(corpus_copy, tmp_path):
    index = tmp_path / "ix"
    indexer.build(corpus_copy, index)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from indexer.index import store\n"
            "with store.write_lock(__import__('pathlib').Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(30)",
            str(index),
        ],
        stdout=subprocess.PIPE,
        cwd=ROOT,
    )
    try:
        assert holder.stdout.readline() == b"held\n"
        with pytest.raises(indexer.IndexBusy):
            indexer.update(corpus_copy, index)
    finally:
        holder.kill()
        holder.wait()
    indexer.update(corpus_copy, index)  # the lock died with its holder


def test_a_reader_searching_during_updates_never_errors(corpus_copy, tmp_path):
    index = tmp_path / "ix"
    indexer.build(corpus_copy, index)
    reader = indexer.Reader(index)
    errors: list[BaseException] = []
    totals: list[int] = []
    done = threading.Event()

    def search_loop():
        while not done.is_set():
            try:
                totals.append(indexer.search(reader, "cảng Cà Ná OR titan")["total"])
            except BaseException as exc:
                errors.append(exc)

    thread = threading.Thread(target=search_loop)
    thread.start()
    try:
        for i in range(3):
            (corpus_copy / f"ca-na-{i}.txt").write_text(NEW_DOC, encoding="utf-8")
            indexer.update(corpus_copy, index)
        indexer.build(corpus_copy, index)
        (corpus_copy / "ca-na-0.txt").unlink()
        indexer.update(corpus_copy, index)
    finally:
        done.set()
        thread.join()
    assert errors == []
    assert len(totals) > 5
    hits = indexer.search(reader, "cảng Cà Ná")["hits"]
    assert sum(h["kind"] == "body" for h in hits) == 2 * 2  # two files left, two paragraphs each
    assert sum(h["kind"] == "document" for h in hits) == 2  # and each one's title line


def _big_corpus(path: Path, copies: int) -> None:
    path.mkdir()
    for f in sorted((ROOT / "corpus").glob("*.txt")):
        text = f.read_text(encoding="utf-8")
        for i in range(copies):
            (path / f"{f.stem}-{i:03d}.txt").write_text(text + f"\n\nBản sao số {i}.\n", encoding="utf-8")


def _nghiquyet(*args, env=None) -> subprocess.Popen:
    exe = Path(sys.executable).with_name("nghiquyet")
    return subprocess.Popen(
        [str(exe), *args], env={**os.environ, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def _kill_partway(proc: subprocess.Popen, index: Path, seconds: float) -> None:
    time.sleep(seconds)
    assert proc.poll() is None, "the job ended before it could be killed: make the corpus bigger"
    proc.send_signal(signal.SIGKILL)
    proc.wait()


@pytest.mark.parametrize("job", ["build", "update"])
def test_kill_9_leaves_the_last_good_index_and_the_next_update_completes(tmp_path, job):
    corpus = tmp_path / "big"
    _big_corpus(corpus, 20)
    index = tmp_path / "ix"
    small = tmp_path / "small"
    shutil.copytree(ROOT / "corpus", small)
    indexer.build(small, index)  # the last good index: the five seeds
    good = answers(index)
    if job == "update":  # an update that adds 100 files to the seeds
        for f in corpus.iterdir():
            shutil.copy(f, small / f.name)
        corpus = small
    proc = _nghiquyet(job, "--corpus", str(corpus), "--index", str(index))
    _kill_partway(proc, index, 2.5)
    assert answers(index) == good  # still searchable, unchanged
    report = indexer.update(corpus, index)
    assert not report.skipped
    fresh = tmp_path / "fresh"
    indexer.build(corpus, fresh)
    assert answers(index) == answers(fresh)
    assert len(list(index.glob("gen-*"))) == 1


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _parallel_build_interrupted(tmp_path: Path, interrupt) -> tuple[subprocess.Popen, str, list[int], Path, list]:
    """A CLI build of a corpus big enough for writer processes, over a last good index of the
    seeds; once its writers are busy, ``interrupt(proc, workers)``. Returns the finished process,
    its stderr, the writer processes' ids, the index and the answers the last good index gave."""
    corpus = tmp_path / "big"
    _big_corpus(corpus, 20)  # over the threshold: one writer process per core
    index = tmp_path / "ix"
    small = tmp_path / "small"
    shutil.copytree(ROOT / "corpus", small)
    indexer.build(small, index)
    good = answers(index)
    exe = Path(sys.executable).with_name("nghiquyet")
    proc = subprocess.Popen(
        [str(exe), "build", "--corpus", str(corpus), "--index", str(index)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not _children(proc.pid) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        workers = _children(proc.pid)
        assert workers, "the build started no writer process: make the corpus bigger"
        time.sleep(0.5)  # the writers are busy with paragraphs
        interrupt(proc, workers)
        _out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return proc, err, workers, index, good


@pytest.mark.parametrize("who", ["terminal", "parent"])
def test_ctrl_c_during_a_parallel_build_stops_it_with_one_line(tmp_path, who):
    """Ctrl+C in a terminal reaches the writer processes too; a supervisor may signal the parent only.

    Either way: one line, exit 130, no traceback from a writer process, none left running, and the
    last good index untouched.
    """

    def ctrl_c(proc, _workers):
        time.sleep(0.5)  # deeper into the writers' work
        if who == "terminal":
            os.killpg(proc.pid, signal.SIGINT)
        else:
            proc.send_signal(signal.SIGINT)

    proc, err, workers, index, good = _parallel_build_interrupted(tmp_path, ctrl_c)
    assert proc.returncode == 130
    assert "Traceback" not in err and err.endswith("Interrupted.\n"), err
    time.sleep(0.5)
    assert not [w for w in workers if Path(f"/proc/{w}").exists() and "zombie" not in _state(w)]
    assert answers(index) == good


@pytest.mark.parametrize("killed", [1, 2])
def test_a_writer_process_that_dies_stops_the_build_with_one_line(tmp_path, killed):
    """The OOM killer, or a bug, ends one writer process: the build must not go on with the
    other and publish an index without the paragraphs the dead one held (it did, and said
    nothing); nor wait for ever on a full job queue when they all die: one line, exit 2, the
    last good index untouched."""

    def kill(_proc, workers):
        for pid in workers[:killed]:
            os.kill(pid, signal.SIGKILL)

    proc, err, _workers, index, good = _parallel_build_interrupted(tmp_path, kill)
    assert proc.returncode == 2
    assert err == (
        "Error: indexing stopped: a writer process failed on it stopped without a word "
        "(killed, or out of memory?); the index is unchanged\n"
    ), err
    assert answers(index) == good
    assert len(list(index.glob("gen-*"))) == 1


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text().split("State:")[1].split("\n")[0].lower()
    except (OSError, IndexError):
        return "zombie"


def test_word_files_are_indexed(tmp_path, corpus_copy):
    from docx import Document as Docx

    doc = Docx()
    doc.add_heading("NGHỊ QUYẾT về cảng cạn Tân Đức", level=1)
    doc.add_paragraph("I. MỤC TIÊU")
    doc.add_paragraph("Phát triển cảng cạn Tân Đức phục vụ KCN Tân Đức và các cụm công nghiệp lân cận.")
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Cảng cạn"
    table.rows[0].cells[1].text = "Công suất 50.000 TEU"
    path = tmp_path / "cang-can.docx"
    doc.save(str(path))
    index = tmp_path / "ix"
    result = CliRunner().invoke(
        cli, ["add", str(path), "--province", "Bình Thuận", "--corpus", str(corpus_copy), "--index", str(index)]
    )
    assert result.exit_code == 0, result.stderr
    hit = indexer.search(index, "cảng cạn Tân Đức")["hits"][0]
    assert hit["doc_id"] == "cang-can" and "KCN Tân Đức" in hit["text"]
    assert indexer.search(index, "50.000 TEU")["hits"]
    meta = {d["doc_id"]: d for d in indexer.list_docs(index)}["cang-can"]
    assert meta["province"] == "Bình Thuận"
    assert (corpus_copy / "cang-can.meta.toml").read_text(encoding="utf-8").endswith('province = "Bình Thuận"\n')


def _pdf(html: str, path: Path) -> None:
    """A PDF with a real text layer, printed by Chromium (no hand-made PDF)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.set_content(html)
        page.pdf(path=str(path), format="A4")
        browser.close()


def test_pdf_files_are_indexed_and_scans_are_named(tmp_path, corpus_copy):
    body = "".join(
        f"<p>Đoạn {i}: Phát triển công nghiệp chế biến hải sản tại Phú Quý gắn với bảo vệ nguồn lợi thủy sản.</p>"
        for i in range(1, 4)
    )
    _pdf(
        f"<html><body><h1>NGHỊ QUYẾT</h1><p>về kinh tế biển đảo Phú Quý</p><h2>I. MỤC TIÊU</h2>{body}</body></html>",
        tmp_path / "phu-quy.pdf",
    )
    _pdf(
        "<html><body><div style='width:300px;height:300px;background:#333'></div></body></html>", tmp_path / "scan.pdf"
    )
    index = tmp_path / "ix"
    result = CliRunner().invoke(
        cli,
        [
            "add",
            str(tmp_path / "phu-quy.pdf"),
            str(tmp_path / "scan.pdf"),
            "--corpus",
            str(corpus_copy),
            "--index",
            str(index),
        ],
    )
    assert result.exit_code == 3
    # A scan is OCR'd now (one progress line per page); a picture with no text is named and skipped.
    assert "OCR scan.pdf: page 1/1\n" in result.stderr
    assert "Warning: not added: scan.pdf: no text found, even by OCR\n" in result.stderr
    assert not (corpus_copy / "scan.pdf").exists()  # add never copies a file it cannot read
    hits = indexer.search(index, '"chế biến hải sản tại Phú Quý"')["hits"]
    assert {h["doc_id"] for h in hits} == {"phu-quy"} and len(hits) == 3


def test_watch_follows_the_corpus(corpus_copy, tmp_path):
    index = tmp_path / "ix"
    proc = _nghiquyet("watch", "--debounce", "0.5", "--corpus", str(corpus_copy), "--index", str(index))
    try:
        deadline = time.monotonic() + 60
        while not store.exists(index):
            assert time.monotonic() < deadline and proc.poll() is None
            time.sleep(0.2)
        target = corpus_copy / "ca-na.txt"
        with open(target, "w", encoding="utf-8") as f:  # a file arriving in two writes
            f.write(NEW_DOC[:40])
            f.flush()
            time.sleep(0.2)
            f.write(NEW_DOC[40:])
        _wait_for(lambda: indexer.search(index, "luyện cán thép")["total"] == 1)
        target.unlink()
        _wait_for(lambda: indexer.search(index, "luyện cán thép")["total"] == 0)
        time.sleep(1)  # the commit is visible a moment before the summary is printed
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=20)
    assert proc.returncode == 130
    text = out.decode()
    assert "added ca-na" in text and "removed ca-na" in text
    assert "Traceback" not in err.decode()


def _wait_for(condition, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def test_an_index_of_another_version_is_refused_with_a_hint(corpus_copy, tmp_path):
    from search_web import create_app

    index = tmp_path / "ix"
    indexer.build(corpus_copy, index)
    gen = store.current_generation(index)
    (gen / store.VERSION).write_text("1\n", encoding="utf-8")
    with pytest.raises(indexer.IndexOutdated):
        indexer.search(index, "titan")
    result = CliRunner().invoke(cli, ["search", "titan", "--index", str(index), "--corpus", str(corpus_copy)])
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: {index} was built by another version of nghiquyet: run `nghiquyet build` to rebuild it\n",
    )
    client = create_app({"TESTING": True, "INDEX": str(index)}).test_client()
    assert client.get("/api/search?q=titan").status_code == 503
    indexer.build(corpus_copy, index)  # the fix the message names
    assert indexer.search(index, "titan")["hits"]


KILL_AT_COMMIT = """
import os, signal, sys
from whoosh.writing import SegmentWriter
import indexer

real = SegmentWriter.commit

def commit(self, *args, **kwargs):
    if sys.argv[3] == "before":  # the metadata is written, Whoosh's table of contents not yet
        os.kill(os.getpid(), signal.SIGKILL)
    real(self, *args, **kwargs)
    os.kill(os.getpid(), signal.SIGKILL)  # Whoosh's table of contents is published

SegmentWriter.commit = commit
indexer.update(sys.argv[1], sys.argv[2])
"""


@pytest.mark.parametrize("point", ["before", "after"])
def test_kill_9_at_the_commit_leaves_index_and_metadata_in_step(corpus_copy, tmp_path, point):
    # Whoosh's commit and the documents' metadata are one step: killed just
    # before or just after Whoosh publishes its table of contents, readers
    # see the old index with the old metadata or the new with the new.
    index, fresh = tmp_path / "ix", tmp_path / "fresh"
    indexer.build(corpus_copy, index)
    good = answers(index)
    (corpus_copy / "ca-na.txt").write_text(NEW_DOC, encoding="utf-8")
    (corpus_copy / "khanh-hoa_cthd-nq23-tw_chinh-sach-cong-nghiep.txt").unlink()
    proc = subprocess.run(
        [sys.executable, "-c", KILL_AT_COMMIT, str(corpus_copy), str(index), point],
        check=False,
        cwd=ROOT,
        capture_output=True,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()
    indexer.build(corpus_copy, fresh)
    assert answers(index) == (good if point == "before" else answers(fresh))
    result = indexer.search(index, "công nghiệp", limit=100, facets=True)
    assert set(result["facets"]["doc_id"]) <= {d["doc_id"] for d in indexer.list_docs(index)}
    indexer.update(corpus_copy, index)  # the next update completes the job
    assert answers(index) == answers(fresh)


def test_metadata_read_before_a_commit_describes_what_a_search_after_it_returns(corpus_copy, tmp_path):
    # The page reads the metadata, then searches; a commit may land between the two.
    index = tmp_path / "ix"
    indexer.build(corpus_copy, index)
    reader = indexer.Reader(index)
    docs = reader.docs()
    (corpus_copy / "ca-na.txt").write_text(NEW_DOC, encoding="utf-8")
    indexer.update(corpus_copy, index)
    result = indexer.search(reader, "cảng Cà Ná", facets=True)
    assert "ca-na" in result["facets"]["doc_id"]
    assert all(docs.get(doc_id, {}).get("title") for doc_id in result["facets"]["doc_id"])
    assert docs.get("no-such-document") is None and "no-such-document" not in docs


def _scored(index: Path, query: str) -> tuple:
    res = indexer.search(indexer.Reader(index, cache_size=0), query, limit=100, facets=True)
    return (
        res["total"],
        res["facets"],
        sorted((h["doc_id"], h["paragraph"], h["score"], h["partial"]) for h in res["hits"]),
    )


def test_scores_after_updates_equal_a_fresh_builds(corpus_copy, tmp_path):
    # A segment whose last paragraph has no pyvi compound writes a short length
    # column; deleted paragraphs stay in Whoosh's statistics until a merge.
    index, fresh = tmp_path / "ix", tmp_path / "fresh"
    indexer.build(corpus_copy, index)
    files = sorted(corpus_copy.glob("*.txt"))
    footnote = files[1].read_text(encoding="utf-8")
    assert "Tính theo phương pháp cũ" in footnote
    files[1].write_text(footnote.replace("Tính theo phương pháp cũ", "Tính theo giá cũ"), encoding="utf-8")
    indexer.update(corpus_copy, index)
    for path in files[:2]:
        path.write_text(path.read_text(encoding="utf-8") + "\nThủ tướng Chính phủ giao thêm nhiệm vụ.\n", "utf-8")
        indexer.update(corpus_copy, index)
    for path in files[3:]:
        path.unlink()
    indexer.update(corpus_copy, index)
    indexer.build(corpus_copy, fresh)
    for query in ["Thủ tướng", "khoa học công nghệ", "công nghiệp", "KCN Sơn Mỹ"]:
        assert _scored(index, query) == _scored(fresh, query), query


def test_equal_scores_rank_as_in_a_fresh_build_after_an_update(tmp_path):
    # Two documents share a paragraph word for word: equal scores. An update writes the
    # changed one again at the end of the index; the order must still be a fresh build's.
    same = "Các huyện ủy chỉ đạo hợp tác xã đánh bắt hải sản xa bờ, gắn với bảo vệ chủ quyền biển đảo."
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("a", "b", "c"):
        (corpus / f"{name}.txt").write_text(f"Mở đầu văn bản {name}.\n\n{same}\n", encoding="utf-8")
    updated = indexer.Index(tmp_path / "updated", corpus=corpus)
    updated.build()
    (corpus / "a.txt").write_text(f"Mở đầu văn bản a.\n\n{same}\n\nMột đoạn mới về nghề muối.\n", encoding="utf-8")
    updated.update()
    fresh = indexer.Index(tmp_path / "fresh", corpus=corpus)
    fresh.build()
    for limit in (1, 2, 3):
        got = [(h.doc_id, h.paragraph, h.score) for h in updated.search("hải sản xa bờ", limit=limit).hits]
        want = [(h.doc_id, h.paragraph, h.score) for h in fresh.search("hải sản xa bờ", limit=limit).hits]
        assert got == want
    assert [h.doc_id for h in fresh.search("hải sản xa bờ").hits] == ["a", "b", "c"]


@pytest.mark.parametrize("shortlist", [400, 1])
def test_equal_scores_rank_as_in_a_fresh_build_in_every_view(tmp_path, monkeypatch, shortlist):
    # With a shortlist of 1 the partial matches are cut among equal scores: which paragraphs
    # are kept must not depend on where the index holds them either.
    monkeypatch.setattr("indexer.searching.partial.PARTIAL_SHORTLIST", shortlist)
    # Partial matches, results by document and by date: ties too are ordered by document and
    # paragraph, so an index updated in place (the changed document written again at its end)
    # shows what a fresh build of the same corpus shows.
    same = "Các huyện ủy chỉ đạo hợp tác xã đánh bắt hải sản xa bờ, gắn với bảo vệ chủ quyền biển đảo."
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("a", "b", "c", "d"):
        (corpus / f"{name}.txt").write_text(
            f"Mở đầu văn bản {name}.\n\n{same}\n\nNgày 5 tháng 6 năm 2020.\n\n{same}\n", encoding="utf-8"
        )
    updated = indexer.Index(tmp_path / "updated", corpus=corpus)
    updated.build()
    for name in ("b", "a"):
        text = (corpus / f"{name}.txt").read_text(encoding="utf-8")
        (corpus / f"{name}.txt").write_text(text + "\nMột đoạn mới về nghề muối.\n", encoding="utf-8")
        updated.update()
    fresh = indexer.Index(tmp_path / "fresh", corpus=corpus)
    fresh.build()
    views = [
        ("hải sản xa bờ", {}),
        ("hải sản xa bờ và nghề muối", {}),  # no paragraph holds it all: partial matches
        ("hải sản xa bờ", {"group": "document"}),
        ("hải sản xa bờ và nghề muối", {"group": "document"}),
        ("hải sản xa bờ", {"sort": "date"}),
        ("hải sản xa bờ và nghề muối", {"sort": "date"}),
        ("hải sản xa bờ mở đầu", {}),  # the four opening paragraphs tie: a short shortlist cuts the ties
    ]
    for query, view in views:
        for limit in (1, 3, 8):
            got, want = (ix.search(query, limit=limit, **view) for ix in (updated, fresh))
            assert [(h.doc_id, h.paragraph, h.score, h.partial) for h in got.hits] == [
                (h.doc_id, h.paragraph, h.score, h.partial) for h in want.hits
            ], (query, view, limit)
            groups = [
                [(g["doc_id"], [h["paragraph"] for h in g["hits"]]) for g in r.extra.get("groups", [])]
                for r in (got, want)
            ]
            assert groups[0] == groups[1], (query, view, limit)
    if shortlist < 400:
        return
    hits = fresh.search("hải sản xa bờ và nghề muối", limit=10).hits
    assert all(h.partial for h in hits)
    assert [(h.doc_id, h.paragraph) for h in hits] == [
        ("a", 2), ("b", 2), ("a", 4), ("b", 4), ("c", 2), ("d", 2), ("c", 4), ("d", 4), ("a", 5), ("b", 5)
    ]  # fmt: skip
