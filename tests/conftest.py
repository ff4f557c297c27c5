"""Shared fixtures: one real index of the real corpus per test session.

Following Flask's tutorial: ``app``, ``client`` and ``runner`` fixtures over
``create_app(test_config)``; here the config points at the session's index.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import indexer
from search_web import create_app

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
DEV_QUERIES = Path(__file__).with_name("dev-queries.json")


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory) -> Path:
    """The real corpus, indexed once into a temporary folder."""
    path = tmp_path_factory.mktemp("index")
    report = indexer.build(CORPUS, path)
    assert not report.skipped
    return path


@pytest.fixture(scope="session")
def reader(index_dir) -> indexer.Reader:
    return indexer.Reader(index_dir)


@pytest.fixture()
def app(index_dir):
    return create_app({"TESTING": True, "INDEX": str(index_dir)})


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture()
def runner(app):
    return app.test_cli_runner()


@pytest.fixture()
def corpus_copy(tmp_path) -> Path:
    """A private copy of the corpus that a test may change."""
    dest = tmp_path / "corpus"
    shutil.copytree(CORPUS, dest)
    return dest


@pytest.fixture(scope="session")
def dev_queries() -> dict:
    return json.loads(DEV_QUERIES.read_text(encoding="utf-8"))


BT2021 = "binh-thuan_nq-tu-2021_phat-trien-cong-nghiep"
BT2016 = "binh-thuan_08-nq-tu-2016_cong-nghiep-tieu-thu-cong-nghiep"
HANAM = "ha-nam_nq-tu-2021_cong-nghiep-2021-2025"
# References as the reader records them (contract: ``cites``), written into a
# copy of the index's metadata so the page's links can be tested whatever the
# reader extracts: the 2021 Bình Thuận resolution carries out 08-NQ/TU (in the
# corpus) and cites 12-NQ/TW (not in it); Hà Nam's cites 12-NQ/TW too.
FIXTURE_CITES = {
    BT2021: [
        {"number": "08-NQ/TU", "date": "", "relation": "implements", "issuer": "Tỉnh ủy Bình Thuận"},
        {"number": "12-NQ/TW", "date": "2017-06-03", "relation": "cites", "issuer": "Ban Chấp hành Trung ương"},
    ],
    HANAM: [{"number": "12-NQ/TW", "date": "2017-06-03", "relation": "cites", "issuer": ""}],
}


def rewrite_docs(index: Path, change) -> None:
    """Change the documents' metadata of ``index``'s latest commit in place (``change(docs)``)."""
    from indexer.index import store

    gen = store.current_generation(index)
    path = max(gen.glob("docs-*.json"), key=lambda p: int(p.stem.split("-")[1]), default=gen / store.DOCS)
    docs = json.loads(path.read_text(encoding="utf-8"))
    change(docs)
    store.write_atomic(path, json.dumps(docs, ensure_ascii=False, indent=1, sort_keys=True))


@pytest.fixture(scope="session")
def cited_index(index_dir, tmp_path_factory) -> Path:
    """A copy of the session's index whose metadata holds ``FIXTURE_CITES`` (and nothing the reader found)."""
    path = tmp_path_factory.mktemp("cited") / "index"
    shutil.copytree(index_dir, path, symlinks=True)

    def cite(docs):
        for meta in docs.values():
            meta["cites"] = []
        for doc_id, cites in FIXTURE_CITES.items():
            docs[doc_id]["cites"] = cites

    rewrite_docs(path, cite)
    return path
