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
