"""indexer.Index, the one interface of the command line and the page: what it answers and refuses."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import indexer
from indexer.corpus.properties import iso_date
from search_web import create_app

ROOT = Path(__file__).resolve().parent.parent
CNHT = "CNHT\tcông nghiệp hỗ trợ\tanycase\n"  # not in the packaged table; the corpus spells it out


def test_results_are_frozen_and_keep_the_json_shape(index_dir):
    ix = indexer.Index(index_dir)
    result = ix.search("KCN Sơn Mỹ", limit=3, facets=True)
    assert isinstance(result, indexer.Result) and isinstance(result.hits[0], indexer.Hit)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.total = 0
    data = result.to_json()
    engine = indexer.search(index_dir, "KCN Sơn Mỹ", limit=3, facets=True)
    assert set(engine) <= set(data) and data["total"] == engine["total"] == result.total
    for ours, theirs in zip(data["hits"], engine["hits"], strict=True):
        assert {k: ours[k] for k in theirs} == theirs  # a superset of the engine's hit
        marked = [ours["snippet"][s:e] for s, e in ours["snippet_spans"]]
        assert marked and set(marked) <= {ours["text"][s:e] for s, e in ours["spans"]}
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


def test_every_hit_names_its_documents_number_and_date(index_dir):
    ix = indexer.Index(index_dir)
    metas = {d.doc_id: d for d in ix.documents()}
    hits = ix.search("công nghiệp", limit=50).hits
    assert {h.doc_id for h in hits} == set(metas)
    for h in hits:
        meta = metas[h.doc_id]  # a hit's date is ISO (contract), whatever the metadata's spelling
        assert (h.number, h.date, h.year) == (meta.number, iso_date({"date": meta.date}), meta.year)
    assert any(h.number == "08-NQ/TU" for h in hits)


def test_document_marks_the_query_by_the_search_rules(index_dir):
    ix = indexer.Index(index_dir)
    hit = ix.search("KCN Sơn Mỹ", limit=1).hits[0]
    doc = ix.document(hit.doc_id, highlight="KCN Sơn Mỹ")
    chunk = next(c for c in doc.chunks if c.paragraph == hit.paragraph)
    assert chunk.spans == hit.spans
    assert not any(c.spans for c in ix.document(hit.doc_id, highlight='"').chunks)  # an unparsable query marks nothing
    assert ix.document("no-such-document") is None


def test_ensure_builds_once(corpus_copy, tmp_path):
    ix = indexer.Index(tmp_path / "ix", corpus=corpus_copy)
    calls = []
    assert ix.ensure(on_build=lambda: calls.append(1)).added
    assert ix.ensure(on_build=lambda: calls.append(1)) is None
    assert calls == [1]
    with pytest.raises(indexer.IndexMissing) as missing:
        indexer.Index(tmp_path / "none", corpus=tmp_path / "nothing").ensure()
    assert (
        str(missing.value)
        == f"no index in {tmp_path / 'none'} and no corpus folder {tmp_path / 'nothing'} to build it from"
    )


def test_errors_carry_a_vietnamese_line_for_the_page(index_dir):
    with pytest.raises(indexer.BadMetadata) as bad:
        indexer.Index(index_dir, corpus=index_dir).add([ROOT / "README.md"], {"date": "mai"})
    assert str(bad.value).startswith("date 'mai' is not a date")
    assert bad.value.vi == "ngày 'mai' không hợp lệ: hãy viết dd/mm/yyyy hoặc yyyy-mm-dd"
    plain = indexer.NghiquyetError("one line")
    assert plain.vi == str(plain) == "one line"


def test_a_changed_abbreviation_table_asks_for_a_rebuild_everywhere(corpus_copy, tmp_path):
    index = tmp_path / "ix"
    ix = indexer.Index(index, corpus=corpus_copy)
    ix.build()
    assert ix.search("CNHT").total == 0
    (corpus_copy / "abbreviations.tsv").write_text(CNHT, encoding="utf-8")
    message = "the abbreviations changed since the index was built: run `nghiquyet build`"
    for ask in (lambda: ix.search("CNHT"), ix.update):
        with pytest.raises(indexer.IndexStale) as stale:
            ask()
        assert str(stale.value) == message
    client = create_app({"TESTING": True, "INDEX": str(index), "CORPUS": str(corpus_copy)}).test_client()
    api = client.get("/api/search?q=CNHT")
    assert (api.status_code, api.get_json()) == (
        503,
        {"error": "bảng chữ viết tắt đã thay đổi từ khi lập chỉ mục: hãy chạy `nghiquyet build`"},
    )
    ix.build()
    result = ix.search("CNHT", limit=30)
    assert sum(h.kind == "body" for h in result.hits) == 14  # and a title line holding the phrase
    assert result.total == len(result.hits) == 15
    assert {h.text[s:e] for h in result.hits for s, e in h.spans} == {"công nghiệp hỗ trợ"}
    assert client.get("/api/search?q=CNHT").get_json()["total"] == 15


def test_an_abbreviation_file_given_by_environment(corpus_copy, tmp_path, monkeypatch):
    table = tmp_path / "mine.tsv"
    table.write_text(CNHT, encoding="utf-8")
    monkeypatch.setenv("NGHIQUYET_ABBREVIATIONS", str(table))
    ix = indexer.Index(tmp_path / "ix", corpus=corpus_copy)
    ix.build()
    assert ix.search("cnht").total == 15  # marked anycase: lower case in a query too
    monkeypatch.delenv("NGHIQUYET_ABBREVIATIONS")
    with pytest.raises(indexer.IndexStale):
        indexer.Index(tmp_path / "ix", corpus=corpus_copy).search("cnht")


def test_after_a_plain_pip_install_an_abbreviation_beside_the_corpus_takes_effect_after_build(corpus_copy, tmp_path):
    """The installed program, not this checkout: a table the user edits must be one the program reads."""
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(ROOT)],
        check=True,
        capture_output=True,
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    env.pop("NGHIQUYET_ABBREVIATIONS", None)

    def nghiquyet(*args):
        return subprocess.run(
            [sys.executable, str(site / "bin" / "nghiquyet"), *args, "--corpus", str(corpus_copy), "--index", str(ix)],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            check=False,
        )

    ix = tmp_path / "ix"
    where = subprocess.run(
        [sys.executable, "-c", "import indexer; print(indexer.__file__)"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=True,
    )
    assert where.stdout.startswith(str(site))
    assert nghiquyet("build").returncode == 0
    assert nghiquyet("search", "CNHT").stdout.startswith("0 hits for 'CNHT'")
    (corpus_copy / "abbreviations.tsv").write_text(CNHT, encoding="utf-8")
    stale = nghiquyet("search", "CNHT")
    assert (stale.returncode, stale.stderr) == (
        2,
        "Error: the abbreviations changed since the index was built: run `nghiquyet build`\n",
    )
    assert nghiquyet("build").returncode == 0
    found = nghiquyet("search", "CNHT")
    assert found.returncode == 0 and found.stdout.startswith("15 hits for 'CNHT'")
    assert "«công nghiệp hỗ trợ»" in found.stdout


def test_a_big_corpus_starts_its_writer_processes_before_reading_and_gives_the_same_index(
    corpus_copy, tmp_path, monkeypatch
):
    # A corpus past PARALLEL_BYTES is written by one process per core begun before the
    # first file is read (the pipeline); the index must be the one a small build gives.
    from indexer.index import indexing

    small = indexer.Index(tmp_path / "one", corpus=corpus_copy)
    small.build()
    monkeypatch.setattr(indexing, "PARALLEL_BYTES", 1)
    big = indexer.Index(tmp_path / "many", corpus=corpus_copy)
    report = big.build()
    assert report.paragraphs > 100
    for query in ("công nghiệp hỗ trợ", '"khu công nghiệp"', "kcn son my"):
        one, many = small.search(query), big.search(query)
        assert one.total == many.total > 0
        assert sorted((h.doc_id, h.paragraph, round(h.score, 6)) for h in one.hits) == sorted(
            (h.doc_id, h.paragraph, round(h.score, 6)) for h in many.hits
        )


def test_metadata_given_by_hand_with_a_date_and_another_year_is_refused(tmp_path):
    # The year filter reads the date first and `docs` the year: both must agree.
    ix = indexer.Index(tmp_path / "ix", corpus=tmp_path / "corpus")
    with pytest.raises(indexer.BadMetadata) as bad:
        ix.add([ROOT / "corpus" / "ha-nam_nq-tu-2021_cong-nghiep-2021-2025.txt"], {"date": "01/05/2021", "year": 2019})
    assert str(bad.value) == "date 2021-05-01 and year 2019 disagree: give one"
    assert not (tmp_path / "corpus").exists()
