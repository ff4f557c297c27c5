"""Whoosh behind a narrow wall: its private internals are read in one module, checked here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

import indexer
from indexer.index import whoosh_internals
from indexer.index.store import current_generation

ROOT = Path(__file__).resolve().parent.parent
# Names of Whoosh internals (private attributes, the posting codec, the
# refresh that keeps stale deletions) that only indexer/index/whoosh_internals.py may use.
PRIVATE = re.compile(
    r"\._perdoc\b|\._dbfile\b|\._basepos\b|_read_ids|_read_weights|_next_block|_lenfield|W3LeafMatcher"
    r"|FilterMatcher|\.refresh\(\)|deleted_docs_set|whoosh\.codec"
)


def test_the_installed_whoosh_still_has_what_the_engine_reads():
    # Fails with the name of what changed when Whoosh is upgraded or replaced.
    assert whoosh_internals.check() == []


def test_no_other_module_reaches_into_whoosh():
    offenders = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for package in ("indexer", "search_web", "analyzers")
        for path in sorted((ROOT / package).rglob("*.py"))
        if path.name != "whoosh_internals.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if PRIVATE.search(line)
    ]
    assert offenders == []


def test_statistics_equal_whooshs_on_a_fresh_index(index_dir, reader):
    # Document counts and frequencies are Whoosh's; the average length is the
    # mean of the stored length bytes, which round each length up a little.
    ours = reader.searcher()
    with whoosh_index.open_dir(str(current_generation(index_dir))).searcher() as stock:
        assert ours.doc_count() == stock.doc_count() == stock.doc_count_all()
        for field, text in [("syl", "công"), ("fold", "cong"), ("pairs", "công_nghiêp5"), ("words", "công_nghiêp5")]:
            assert ours.doc_frequency(field, text) == stock.doc_frequency(field, text) > 0
        for field in ("syl", "fold", "pairs", "words"):
            exact = stock.avg_field_length(field)
            assert exact <= ours.avg_field_length(field) <= exact * 1.05


def test_statistics_leave_deleted_paragraphs_out(corpus_copy, tmp_path):
    index, fresh = tmp_path / "ix", tmp_path / "fresh"
    indexer.build(corpus_copy, index)
    for path in sorted(corpus_copy.glob("*.txt"))[:2]:
        path.unlink()
    indexer.update(corpus_copy, index)
    indexer.build(corpus_copy, fresh)
    updated, rebuilt = indexer.Reader(index).searcher(), indexer.Reader(fresh).searcher()
    assert updated.doc_count_all() > rebuilt.doc_count_all()  # the deleted paragraphs are still on disk
    assert updated.doc_count() == rebuilt.doc_count()
    for field, text in [("syl", "công"), ("fold", "khoa"), ("pairs", "khoa_hoc5"), ("words", "công_nghê5")]:
        assert updated.doc_frequency(field, text) == rebuilt.doc_frequency(field, text)
    for field in ("syl", "fold", "pairs", "words"):
        assert updated.avg_field_length(field) == pytest.approx(rebuilt.avg_field_length(field), rel=1e-12)


def test_whoosh_is_imported_behind_the_wall_only():
    # The search side reads the index through indexer/index/interface.py and
    # builds its own query nodes: Whoosh stays in these five modules
    # (docs/architecture.md, "The Whoosh wall").
    importing = sorted(
        str(path.relative_to(ROOT))
        for package in ("indexer", "search_web", "analyzers")
        for path in (ROOT / package).rglob("*.py")
        if re.search(r"^\s*(from|import) whoosh\b", path.read_text(encoding="utf-8"), re.MULTILINE)
    )
    assert importing == [
        "analyzers/whoosh_analysis.py",
        "indexer/index/bulk.py",
        "indexer/index/schema.py",
        "indexer/index/store.py",
        "indexer/index/whoosh_internals.py",
    ]
    searching = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "indexer" / "searching").rglob("*.py")
        if "whoosh" in path.read_text(encoding="utf-8")
    ]
    assert searching == []  # not even through indexer.index.whoosh_internals


DEFERRED = """
import sys
import indexer.index  # imports Whoosh, with stand-ins for the standard modules it imports for nothing
import cached_property, whoosh.compat
from indexer.index.deferred import deferred_modules

assert "asyncio" not in sys.modules and "urllib.request" not in sys.modules
with deferred_modules("colorsys", "shlex:split"):
    import colorsys
    from shlex import split
assert "colorsys" not in sys.modules and "shlex" not in sys.modules
assert colorsys.rgb_to_hsv(1, 0, 0) == (0, 1, 1) and split("a 'b c'") == ["a", "b c"]  # imported on first use
import colorsys as real_colorsys, shlex as real_shlex
assert colorsys.rgb_to_hsv is real_colorsys.rgb_to_hsv and real_shlex.split(" d ") == ["d"]

class Lazy:
    @cached_property.cached_property
    def value(self):
        return 5

assert Lazy().value == 5 and "asyncio" in sys.modules  # what Whoosh's segment reader does with deletions
assert whoosh.compat.urlretrieve.__name__ == "urlretrieve" and "urllib.request" not in sys.modules
print("ok")
"""


def test_the_standard_modules_whoosh_imports_for_nothing_are_imported_when_used():
    # indexer/index/deferred.py: asyncio and urllib.request are stand-ins for
    # Whoosh's modules until something uses them, then the real modules.
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-c", DEFERRED], capture_output=True, text=True, check=False)
    assert (proc.stdout, proc.stderr) == ("ok\n", "")


def test_term_rows_write_the_bytes_of_whooshs_ordered_hash_writer(tmp_path):
    from whoosh.filedb.filetables import OrderedHashWriter
    from whoosh.filedb.structfile import StructFile

    rows = [(b"\x00\x01" + f"term{i:05d}".encode(), bytes([i % 256]) * (i % 40)) for i in range(70_000)]

    def written(name: str, fast: bool) -> bytes:
        path = tmp_path / name
        table = OrderedHashWriter(StructFile(open(path, "wb")))
        table.add(b"\x00\x00first", b"row written by Whoosh before")
        if fast:
            adder = whoosh_internals.TermRows(table)
            for key, value in rows:
                adder.add(key, value)
            adder.close()
        else:
            for key, value in rows:
                table.add(key, value)
        table.add(b"\x00\x02last", b"and after")
        table.close()
        return path.read_bytes()

    assert written("fast", True) == written("whoosh", False)
