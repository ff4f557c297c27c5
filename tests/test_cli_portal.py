"""The portal's additions to the command line: results by document, sort, filters, ``show``."""

from __future__ import annotations

import json

from click.testing import CliRunner

from indexer.cli import cli
from tests.conftest import BT2016, BT2021, HANAM


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_by_document_lists_each_document_once(index_dir):
    result = run("search", "titan", "--by-document", "--index", str(index_dir))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("2 documents (9 paragraphs) for 'titan' (")
    heads = [x for x in lines if x[:3] in ("1. ", "2. ")]
    # a document known only by its year (from its sidecar) still shows the year
    assert heads[0].endswith("(2021) — 3 matching") and "(08-NQ/TU, 2016-10-25) — 6 matching" in heads[1]
    assert result.stdout.count("«titan»") >= 6
    data = json.loads(run("search", "titan", "--by-document", "--json", "--index", str(index_dir)).stdout)
    assert data["total_documents"] == 2 and [g["matches"] for g in data["groups"]] == [3, 6]


def test_hit_lines_show_number_and_date(index_dir):
    result = run("search", "tiểu thủ công nghiệp", "--doc", BT2016, "-n", "1", "--index", str(index_dir))
    assert "(08-NQ/TU, 2016) — ¶" in result.stdout.splitlines()[2]
    hit = json.loads(run("search", "tiểu thủ", "--doc", BT2016, "--json", "--index", str(index_dir)).stdout)["hits"][0]
    assert (hit["number"], hit["date"]) == ("08-NQ/TU", "2016-10-25")


def test_sort_date_and_repeated_filters(index_dir):
    data = json.loads(
        run(
            "search", "công nghiệp", "--json", "--sort", "date", "-n", "100", "-p", "2", "--index", str(index_dir)
        ).stdout
    )
    assert data["hits"][-1]["date"] == "" and data["hits"][-41]["date"] == "2016-10-25" != data["hits"][-40]["date"]
    one = json.loads(run("search", "công nghiệp", "--json", "--province", "ha nam", "--index", str(index_dir)).stdout)
    both = json.loads(
        run(
            "search",
            "công nghiệp",
            "--json",
            "--province",
            "ha nam",
            "--province",
            "Bình thuận",
            "--index",
            str(index_dir),
        ).stdout
    )
    assert one["total"] == 40 and both["total"] == 40 + 85
    assert run("search", "x", "--sort", "xyz", "--index", str(index_dir)).exit_code == 2


def test_filter_errors_are_one_line(index_dir):
    for args, message in [
        (("--province", "Atlantis"), "Error: no province 'Atlantis' in the index (known: Bình Thuận, "),
        (("--year", "abc"), "Error: malformed year 'abc': a year is four digits"),
        (("--from", "2021-13-01"), "Error: malformed start date '2021-13-01': write it as YYYY-MM-DD"),
        (("--doc", "nope"), "Error: no document 'nope' in the index"),
    ]:
        result = CliRunner().invoke(cli, ["search", "titan", *args, "--index", str(index_dir)])
        assert result.exit_code == 2 and result.stderr.startswith(message) and result.stderr.count("\n") == 1


def test_show_prints_properties_and_relations(cited_index):
    data = json.loads(run("show", BT2021, "--json", "--index", str(cited_index)).stdout)
    assert [(c["number"], c["doc_id"]) for c in data["cites"]] == [("08-NQ/TU", BT2016), ("12-NQ/TW", None)]
    back = json.loads(run("show", BT2016, "--json", "--index", str(cited_index)).stdout)
    assert back["cited_by"] == [{"doc_id": BT2021, "relation": "implements"}]
    text = run("show", BT2016, "--index", str(cited_index)).stdout
    assert "number: 08-NQ/TU" in text and "date: 2016-10-25" in text and f"implemented by: {BT2021}" in text
    result = CliRunner().invoke(cli, ["show", "nope", "--index", str(cited_index)])
    assert result.exit_code == 2 and "no document 'nope'" in result.stderr


def test_cites_filter(cited_index):
    data = json.loads(
        run("search", "công nghiệp", "--json", "--cites", "12-NQ/TW", "-n", "100", "--index", str(cited_index)).stdout
    )
    assert {h["doc_id"] for h in data["hits"]} == {BT2021, HANAM}
