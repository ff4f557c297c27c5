"""The document portal through Flask's test client: results by document, properties, related
documents, browsing, filters and sort, and bad input (never a 500, always a Vietnamese message)."""

from __future__ import annotations

import re
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search_web import create_app
from tests.conftest import BT2016, BT2021, CORPUS, HANAM, rewrite_docs
from tests.serving import served

KHANH_HOA = "khanh-hoa_cthd-nq23-tw_chinh-sach-cong-nghiep"


@pytest.fixture()
def cited_client(cited_index):
    return create_app({"TESTING": True, "INDEX": str(cited_index)}).test_client()


def api(client, **args):
    r = client.get("/api/search", query_string=args)
    return r.status_code, r.get_json()


class Text(HTMLParser):
    """The visible text of a page, whitespace collapsed (what a reader sees)."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style", "title")

    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style", "title")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def text(html: str) -> str:
    p = Text()
    p.feed(html)
    return " ".join(" ".join(p.parts).split())


# --- results by document -------------------------------------------------------------------


def test_api_groups_each_document_once_with_its_count_and_best_paragraphs(client):
    status, data = api(client, q="công nghiệp", group="document", facets="1")
    assert status == 200
    assert data["total_documents"] == 5 and len(data["groups"]) == 5
    assert [g["doc_id"] for g in data["groups"]].count(BT2021) == 1
    by_doc = data["facets"]["doc_id"]
    for g in data["groups"]:
        assert set(g) >= {"doc_id", "title", "number", "date", "matches", "hits"}
        assert g["matches"] == by_doc[g["doc_id"]]  # exact, from the bitsets
        assert 1 <= len(g["hits"]) <= 3
        assert all(h["doc_id"] == g["doc_id"] for h in g["hits"])
        scores = [h["score"] for h in g["hits"]]
        assert scores == sorted(scores, reverse=True)
        assert all(h["spans"] for h in g["hits"])
    assert sum(g["matches"] for g in data["groups"]) == data["total"] == 207
    # documents in the order of their best paragraph
    best = [g["hits"][0]["score"] for g in data["groups"]]
    assert best == sorted(best, reverse=True)


def test_api_groups_page_by_documents(client):
    _, first = api(client, q="công nghiệp", group="document", limit=2)
    _, third = api(client, q="công nghiệp", group="document", limit=2, page=3)
    _, whole = api(client, q="công nghiệp", group="document", limit=10)
    assert [g["doc_id"] for g in first["groups"]] == [g["doc_id"] for g in whole["groups"][:2]]
    assert [g["doc_id"] for g in third["groups"]] == [whole["groups"][4]["doc_id"]]
    assert third["total_documents"] == first["total_documents"] == 5


def test_a_document_with_fewer_matches_shows_them_all(client):
    _, data = api(client, q="titan", group="document")
    counts = {g["doc_id"]: (g["matches"], len(g["hits"])) for g in data["groups"]}
    assert all(shown == min(3, n) for n, shown in counts.values())
    assert sum(n for n, _ in counts.values()) == data["total"]


def test_paragraph_view_is_unchanged_by_default(client):
    _, data = api(client, q="titan")
    assert "groups" not in data and "total_documents" not in data
    assert set(data) == {"query", "total", "took_ms", "page", "hits"}


def test_every_hit_carries_its_documents_number_and_iso_date(client):
    _, data = api(client, q="tiểu thủ công nghiệp", doc=BT2016)
    assert data["hits"] and all(h["number"] == "08-NQ/TU" and h["date"] == "2016-10-25" for h in data["hits"])
    _, data = api(client, q="titan")
    assert all(re.fullmatch(r"(\d{4}-\d{2}-\d{2})?", h["date"]) for h in data["hits"])
    html = client.get("/search", query_string={"q": "tiểu thủ công nghiệp", "doc": BT2016}).get_data(as_text=True)
    assert "Số 08-NQ/TU · ngày 25/10/2016" in text(html)


def test_grouped_page_shows_documents_with_counts(client):
    html = client.get("/search", query_string={"q": "công nghiệp", "group": "document"}).get_data(as_text=True)
    page = text(html)
    assert "207 kết quả cho công nghiệp" in page and "trong 5 văn bản" in page
    assert len(re.findall(r'<li class="group">', html)) == 5
    assert "47 đoạn khớp" in page and "Xem cả 47 đoạn khớp trong văn bản này" in page
    assert 'aria-current="true">theo văn bản' in html


# --- sort ----------------------------------------------------------------------------------


def test_sort_by_date_puts_the_newest_documents_first(client, reader):
    docs = reader.docs()
    from indexer.corpus.properties import newest_first

    hits = [h for page in (1, 2, 3) for h in api(client, q="công nghiệp", sort="date", limit=100, page=page)[1]["hits"]]
    keys = [newest_first(docs[h["doc_id"]]) for h in hits]
    assert len(hits) == 207 and keys == sorted(keys)
    assert hits[-1]["doc_id"] == KHANH_HOA and hits[-48]["doc_id"] == BT2016  # undated last, 2016 before it
    # within a document, the ranked order stays
    bt = [h["score"] for h in hits if h["doc_id"] == BT2016]
    assert bt == sorted(bt, reverse=True)
    _, groups = api(client, q="công nghiệp", sort="date", group="document")
    assert [g["doc_id"] for g in groups["groups"]][-2:] == [BT2016, KHANH_HOA]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"sort": "xyz"}, "không có cách sắp xếp 'xyz'"),
        ({"group": "xyz"}, "không có cách nhóm 'xyz'"),
        ({"from": "abc"}, "ngày bắt đầu 'abc' không hợp lệ"),
        ({"to": "2021-02-30"}, "ngày kết thúc '2021-02-30' không hợp lệ"),
        ({"from": "2021-01-01", "to": "2016-01-01"}, "khoảng ngày không hợp lệ"),
        ({"year": "abc"}, "năm 'abc' không hợp lệ"),
        ({"province": "Atlantis"}, "không có tỉnh/thành 'Atlantis' trong chỉ mục"),
        ({"doc": "nonexistent"}, "không có văn bản 'nonexistent' trong chỉ mục"),
        ({"issuer": "Bộ Ngoại giao"}, "không có cơ quan ban hành 'Bộ Ngoại giao'"),
        ({"limit": "0"}, "limit phải là số từ 1 đến 100"),
        ({"limit": "-5"}, "limit phải là số từ 1 đến 100"),
        ({"limit": "100000"}, "limit phải là số từ 1 đến 100"),
        ({"limit": "abc"}, "limit phải là số từ 1 đến 100"),
        ({"page": "abc"}, "số trang phải là số"),
        ({"page": "¹"}, "số trang phải là số"),  # a digit to str.isdigit, not to int()
        ({"limit": "²"}, "limit phải là số từ 1 đến 100"),
    ],
)
def test_bad_values_are_400_with_a_vietnamese_message(client, args, message):
    status, data = api(client, q="công nghiệp", **args)
    assert status == 400 and set(data) == {"error"} and message in data["error"]
    if "limit" in args:
        return  # the page has no limit parameter
    r = client.get("/search", query_string={"q": "công nghiệp", **args})
    assert r.status_code == 400
    assert message in text(r.get_data(as_text=True))


def test_unknown_value_lists_the_known_ones(client):
    _, data = api(client, q="titan", province="Atlantis")
    assert "(có: Bình Thuận, Bắc Giang, Hà Nam, Khánh Hòa)" in data["error"]


def test_unknown_doc_id_is_404(client):
    r = client.get("/api/docs/khong-co")
    assert r.status_code == 404 and r.get_json() == {"error": "không có văn bản 'khong-co' trong chỉ mục"}
    r = client.get("/doc/khong-co")
    assert r.status_code == 404 and "Không có văn bản 'khong-co' trong chỉ mục." in text(r.get_data(as_text=True))


def test_query_errors_are_in_vietnamese_on_the_page_and_the_api(client):
    for q, message in [
        ("x" * 600, "câu tìm quá dài (600 ký tự; tối đa 500)"),
        ("-titan", "không có gì để tìm"),
        ('"', "chưa có gì để tìm"),
    ]:
        r = client.get("/search", query_string={"q": q})
        assert r.status_code == 400 and message in text(r.get_data(as_text=True))
        assert message in api(client, q=q)[1]["error"]


# --- filters --------------------------------------------------------------------------------


def test_filter_values_ignore_case_and_accents(client):
    _, exact = api(client, q="công nghiệp", province="Bình Thuận")
    for typed in ("binh thuan", "Bình thuận", "BINH THUAN", "  bình   thuận "):
        _, data = api(client, q="công nghiệp", province=typed)
        assert data["total"] == exact["total"] == 85
    _, data = api(client, q="công nghiệp", type="nghi quyet")
    assert data["total"] == 160


def test_several_values_of_a_facet_mean_either(client):
    one = api(client, q="công nghiệp", province="Hà Nam")[1]["total"]
    two = api(client, q="công nghiệp", province="Bình Thuận")[1]["total"]
    r = client.get("/api/search?q=c%C3%B4ng+nghi%E1%BB%87p&province=H%C3%A0+Nam&province=binh+thuan")
    assert r.get_json()["total"] == one + two
    r = client.get("/api/search?q=c%C3%B4ng+nghi%E1%BB%87p&year=2016&year=2021")
    assert r.get_json()["total"] == api(client, q="công nghiệp")[1]["total"] - 47  # all but the undated one


def test_filter_by_issuer_and_date_range(client):
    _, data = api(client, q="công nghiệp", issuer="tinh uy binh thuan (khoa xiii)")
    assert {h["doc_id"] for h in data["hits"]} == {BT2016}
    _, data = api(client, q="công nghiệp", facets="1", **{"from": "2016-01-01", "to": "2016-12-31"})
    assert set(data["facets"]["doc_id"]) == {BT2016}
    _, data = api(client, q="công nghiệp", facets="1", **{"from": "2016-10-26"})
    assert BT2016 not in data["facets"]["doc_id"] and set(data["facets"]["year"]) == {"2021"}
    _, data = api(client, q="công nghiệp", facets="1", **{"to": "2016-10-25"})
    assert set(data["facets"]["doc_id"]) == {BT2016}


def test_filters_and_totals_do_not_depend_on_limit_or_page(client):
    totals = {
        api(client, q="công nghiệp", province="binh thuan", limit=n, page=p)[1]["total"] for n in (1, 7) for p in (1, 3)
    }
    assert totals == {85}


def test_facets_count_issuers(client):
    _, data = api(client, q="titan", facets="1")
    assert data["facets"]["issuer"] == {"Tỉnh ủy Bình Thuận": 3, "Tỉnh ủy Bình Thuận (khóa XIII)": 6}


# --- paging --------------------------------------------------------------------------------


def test_paging_past_the_end_says_so(client):
    r = client.get("/search", query_string={"q": "KCN", "page": 99})
    page = text(r.get_data(as_text=True))
    pages = -(-api(client, q="KCN")[1]["total"] // 10)
    assert f"Không có trang 99: kết quả chỉ có {pages} trang." in page
    assert "Trang 99 /" not in page and "Không tìm thấy đoạn nào khớp" not in page
    assert f"Đến trang cuối ({pages})" in page
    _, data = api(client, q="KCN", page=99)
    assert data["hits"] == [] and data["total"] > 0


# --- document page: properties, contents, related --------------------------------------------


def test_document_page_opens_with_its_properties(client):
    html = client.get(f"/doc/{BT2016}").get_data(as_text=True)
    page = text(html)
    table = page.split("Thuộc tính văn bản", 1)[1].split("Mục lục", 1)[0]
    for label, value in [
        ("Loại văn bản", "Nghị quyết"),
        ("Số hiệu", "08-NQ/TU"),
        ("Ngày ban hành", "25/10/2016"),
        ("Cơ quan ban hành", "Tỉnh ủy Bình Thuận (khóa XIII)"),
        ("Tỉnh/thành", "Bình Thuận"),
        ("Trích yếu", "Nghị quyết về phát triển công nghiệp - tiểu thủ công nghiệp"),
        ("Tệp gốc", f"{BT2016}.txt (tải về)"),
    ]:
        assert f"{label} {value}" in table
    assert "Người ký" in table
    assert page.index("Thuộc tính văn bản") < page.index("Mục lục") < page.index("¶1")


def test_original_file_downloads(client):
    html = client.get(f"/doc/{BT2016}").get_data(as_text=True)
    href = re.search(r'class="download" href="([^"]+)"', html).group(1)
    r = client.get(href)
    assert r.status_code == 200
    assert r.data == (CORPUS / f"{BT2016}.txt").read_bytes()
    assert "attachment" in r.headers["Content-Disposition"]


def test_original_file_changed_since_indexing_is_not_served(corpus_copy, tmp_path):
    import indexer

    indexer.build(corpus_copy, tmp_path / "ix")
    client = create_app({"TESTING": True, "INDEX": str(tmp_path / "ix"), "CORPUS": str(corpus_copy)}).test_client()
    assert client.get(f"/doc/{BT2016}/tep-goc").status_code == 200
    (corpus_copy / f"{BT2016}.txt").write_text("khác", encoding="utf-8")
    r = client.get(f"/doc/{BT2016}/tep-goc")
    assert r.status_code == 404 and "Không tìm thấy tệp gốc" in r.get_data(as_text=True)
    assert "(không còn trong kho)" in text(client.get(f"/doc/{BT2016}").get_data(as_text=True))


def test_table_of_contents_links_each_heading_once(client):
    html = client.get(f"/doc/{BT2021}").get_data(as_text=True)
    toc = html.split('<nav class="toc"', 1)[1].split("</nav>", 1)[0]
    links = re.findall(r'<li class="depth-(\d)"><a href="#(p-\d+)">([^<]+)</a>', toc)
    labels = [label for _, _, label in links]
    assert labels[:2] == ["I. ĐÁNH GIÁ TÌNH HÌNH VÀ NGUYÊN NHÂN", "II. QUAN ĐIỂM CHỈ ĐẠO"]
    assert "2.1- Giai đoạn 2021 - 2025" in labels
    for _, anchor, _ in links:
        assert f'id="{anchor}"' in html
    depth = {label: int(d) for d, _, label in links}
    assert depth["III. MỤC TIÊU"] == 1 and depth["2. Mục tiêu cụ thể"] == 2 and depth["2.1- Giai đoạn 2021 - 2025"] == 3


def test_related_documents_link_both_ways(cited_client):
    html = cited_client.get(f"/doc/{BT2021}").get_data(as_text=True)
    related = text(html.split('<section class="related"', 1)[1].split("</section>", 1)[0])
    assert "Văn bản này thực hiện / dẫn chiếu" in related
    assert f'<a href="/doc/{BT2016}">Nghị quyết về phát triển công nghiệp - tiểu thủ công nghiệp' in html
    assert "thực hiện Nghị quyết về phát triển công nghiệp - tiểu thủ công nghiệp" in related
    assert "dẫn chiếu số 12-NQ/TW, ngày 03/06/2017 của Ban Chấp hành Trung ương (không có trong kho)" in related
    back = cited_client.get(f"/doc/{BT2016}").get_data(as_text=True)
    related = text(back.split('<section class="related"', 1)[1].split("</section>", 1)[0])
    assert (
        "Được thực hiện / dẫn chiếu bởi" in related
        and "được thực hiện bởi Nghị quyết về phát triển công nghiệp tỉnh Bình Thuận" in related
    )
    assert f'<a href="/doc/{BT2021}">' in back
    assert '<section class="related"' not in cited_client.get(f"/doc/{KHANH_HOA}").get_data(as_text=True)


def test_api_doc_returns_cites_and_cited_by(cited_client):
    data = cited_client.get(f"/api/docs/{BT2021}").get_json()
    assert data["doc_id"] == BT2021 and data["province"] == "Bình Thuận"
    assert [(c["number"], c["relation"], c["doc_id"]) for c in data["cites"]] == [
        ("08-NQ/TU", "implements", BT2016),
        ("12-NQ/TW", "cites", None),
    ]
    assert data["cites"][1]["date"] == "2017-06-03"
    assert data["cited_by"] == []
    target = cited_client.get(f"/api/docs/{BT2016}").get_json()
    assert target["cited_by"] == [{"doc_id": BT2021, "relation": "implements"}]
    assert target["date"] == "2016-10-25"


def test_documents_without_cites_have_empty_relations(index_dir, tmp_path):
    """An index written before references were read has no ``cites``: empty relations, not an error."""
    import shutil

    shutil.copytree(index_dir, tmp_path / "old")
    rewrite_docs(tmp_path / "old", lambda docs: [meta.pop("cites", None) for meta in docs.values()])
    client = create_app({"TESTING": True, "INDEX": str(tmp_path / "old")}).test_client()
    data = client.get(f"/api/docs/{BT2021}").get_json()
    assert data["cites"] == [] and data["cited_by"] == []
    assert '<section class="related"' not in client.get(f"/doc/{BT2021}").get_data(as_text=True)
    r = client.get("/api/search", query_string={"q": "titan", "cites": "08-NQ/TU"})
    assert r.status_code == 400 and "không có văn bản nào dẫn chiếu '08-NQ/TU'" in r.get_json()["error"]


def test_filter_documents_citing_a_number(cited_client):
    r = cited_client.get("/api/search", query_string={"q": "công nghiệp", "cites": "12-nq/tw", "facets": "1"})
    assert set(r.get_json()["facets"]["doc_id"]) == {BT2021, HANAM}
    r = cited_client.get("/api/search", query_string={"q": "công nghiệp", "cites": "23-NQ/TW"})
    assert r.status_code == 400 and r.get_json()["error"] == "không có văn bản nào dẫn chiếu '23-NQ/TW' trong chỉ mục"


def test_seed_references_link_the_2021_resolution_to_08_nq_tu(client, reader):
    docs = reader.docs()
    if not any("cites" in d for d in docs.values()):
        pytest.skip("this reader does not extract references yet (the reader branch adds `cites`)")
    data = client.get(f"/api/docs/{BT2021}").get_json()
    assert BT2016 in [c["doc_id"] for c in data["cites"]]
    assert BT2021 in [c["doc_id"] for c in client.get(f"/api/docs/{BT2016}").get_json()["cited_by"]]


# --- browsing ----------------------------------------------------------------------------------


def test_home_page_lists_documents_newest_first_with_counts(client):
    html = client.get("/").get_data(as_text=True)
    titles = re.findall(r'<li class="docitem"><a href="/doc/([^"]+)"', html)
    assert len(titles) == 5 and titles.index(BT2016) == 3 and titles[-1] == KHANH_HOA
    page = text(html)
    assert "5 văn bản, mới nhất trước" in page
    for label in ("Loại văn bản", "Năm", "Tỉnh/thành", "Cơ quan ban hành"):
        assert f"<h2>{label}</h2>" in html
    assert re.search(r"Bình Thuận</a>\s*<span class=\"count\">2</span>", html)


def test_browse_with_filters_and_no_query(client):
    html = client.get("/search", query_string={"province": "binh thuan", "year": "2016"}).get_data(as_text=True)
    assert re.findall(r'<li class="docitem"><a href="/doc/([^"]+)"', html) == [BT2016]
    assert "1 văn bản, mới nhất trước" in text(html)
    html = client.get("/search", query_string={"from": "2021-01-01"}).get_data(as_text=True)
    assert len(re.findall(r'class="docitem"', html)) == 3


def test_facet_links_add_and_remove_values(client):
    html = client.get("/search", query_string={"q": "công nghiệp", "province": "Hà Nam"}).get_data(as_text=True)
    add = re.search(r'href="([^"]*)">Bình Thuận</a>', html).group(1).replace("&amp;", "&")
    assert "province=H%C3%A0+Nam" in add and "province=B%C3%ACnh+Thu%E1%BA%ADn" in add
    both = client.get(add).get_data(as_text=True)
    assert "125 kết quả" in text(both)
    remove = re.search(r'href="([^"]*)">✓ Hà Nam</a>', both).group(1).replace("&amp;", "&")
    assert "85 kết quả" in text(client.get(remove).get_data(as_text=True))


# --- robustness (issue 11) -----------------------------------------------------------------------


@pytest.fixture()
def odd_index(index_dir, tmp_path):
    """An index whose metadata holds hand-written sidecar values of the wrong type."""
    path = tmp_path / "odd"
    import shutil

    shutil.copytree(index_dir, path)

    def spoil(docs):
        docs[BT2021].update(title=5, province=["a", "b"], number=None, date=20210501, issuer={"x": 1}, cites="12-NQ/TW")
        docs[BT2016].update(cites=[{"number": 8}, "junk", {"relation": "implements"}])

    rewrite_docs(path, spoil)
    return create_app({"TESTING": True, "INDEX": str(path)}).test_client()


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/search?q=c%C3%B4ng+nghi%E1%BB%87p",
        "/search?q=c%C3%B4ng+nghi%E1%BB%87p&group=document",
        "/search?q=c%C3%B4ng+nghi%E1%BB%87p&sort=date",
        "/search?q=titan&province=a",
        f"/doc/{BT2021}",
        f"/doc/{BT2016}",
        f"/api/docs/{BT2021}",
        "/api/docs",
        "/api/search?q=titan&group=document&facets=1",
    ],
)
def test_odd_metadata_never_gives_a_500(odd_index, url):
    assert odd_index.get(url).status_code == 200


def test_opensearch_is_not_steered_by_the_host_header(client, index_dir):
    body = client.get("/opensearch.xml", headers={"Host": "evil.example"}).get_data(as_text=True)
    assert "evil.example" not in body and 'template="/search?q={searchTerms}"' in body
    configured = create_app({"TESTING": True, "INDEX": str(index_dir), "BASE_URL": "https://nq.example.vn/"})
    body = configured.test_client().get("/opensearch.xml", headers={"Host": "evil.example"}).get_data(as_text=True)
    assert 'template="https://nq.example.vn/search?q={searchTerms}"' in body


def test_405_carries_allow(client):
    for path in ("/search", "/api/search", f"/doc/{BT2021}"):
        r = client.post(path)
        assert r.status_code == 405 and "GET" in r.headers["Allow"]


def test_junk_parameters_do_not_grow_the_page(client):
    clean = client.get("/search?q=titan").get_data(as_text=True)
    junk = "&".join(f"junk{i}=x" for i in range(10_000))
    r = client.get("/search?q=titan&" + junk)
    assert r.status_code == 200 and abs(len(r.get_data(as_text=True)) - len(clean)) < 200
    repeated = "&".join("province=B%C3%ACnh+Thu%E1%BA%ADn" for _ in range(10_000))
    assert len(client.get("/search?q=titan&" + repeated).get_data()) < 2 * len(clean)


def test_a_huge_query_is_not_echoed_back(client):
    q = "công " * 20_000  # 100 kB
    r = client.get("/search", query_string={"q": q})
    assert r.status_code == 400
    body = r.get_data(as_text=True)
    assert len(body) < 8_000 and "câu tìm quá dài" in body
    assert len(client.get("/api/search", query_string={"q": q}).get_data()) < 200
    r = client.get("/search", query_string={"q": "titan", "province": "x" * 100_000})
    assert r.status_code == 400 and len(r.get_data()) < 8_000 and "giá trị bộ lọc quá dài" in r.get_data(as_text=True)


PARAM = st.sampled_from(
    ["q", "doc", "province", "type", "year", "issuer", "cites", "from", "to", "sort", "group", "page"]
)
VALUE = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        ["công nghiệp", "titan", "binh thuan", "2016", "2021-01-01", "date", "document", "0", "-1", BT2016]
    ),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(PARAM, VALUE), max_size=8), st.sampled_from(["/search", "/api/search"]))
def test_fuzz_page_parameters_never_500(client, params, path):
    r = client.get(path, query_string=params)
    assert r.status_code in (200, 400), (params, r.status_code)
    if r.status_code == 400:
        if path == "/search":
            assert 'role="alert"' in r.get_data(as_text=True)
        else:
            assert set(r.get_json()) == {"error"}


# --- small things --------------------------------------------------------------------------------


def test_favicon(client):
    html = client.get("/").get_data(as_text=True)
    href = re.search(r'<link rel="icon" type="image/svg\+xml" href="([^"]+)"', html).group(1)
    for url in (href, "/favicon.ico"):
        r = client.get(url)
        assert r.status_code == 200 and r.mimetype == "image/svg+xml" and b"<svg" in r.data


def test_serve_writes_an_access_log_line_per_request(index_dir, tmp_path):
    log = tmp_path / "serve.log"
    with served(index_dir, log=log) as base:
        urllib.request.urlopen(base + "/search?q=titan").close()
        try:
            urllib.request.urlopen(base + "/khong-co")
        except urllib.error.HTTPError as exc:
            assert exc.code == 404
        # the line is written once the response has gone out: wait for it
        deadline = time.monotonic() + 10
        while "/khong-co" not in log.read_text(encoding="utf-8") and time.monotonic() < deadline:
            time.sleep(0.05)
    lines = Path(log).read_text(encoding="utf-8").splitlines()
    clf = r'127\.0\.0\.1 - - \[\d{2}/\w{3}/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}\] "GET {} HTTP/1\.1" {} \d+'
    assert any(re.fullmatch(clf.replace("{}", r"/search\?q=titan", 1).replace("{}", "200"), x) for x in lines)
    assert any(re.fullmatch(clf.replace("{}", "/khong-co", 1).replace("{}", "404"), x) for x in lines)


def test_a_refused_sidecar_leaves_an_empty_index_that_serves_every_page(tmp_path):
    """The reader refuses ``title = 5`` (it names the file and key); the page then has no document and no 500."""
    import shutil

    import indexer

    corpus = tmp_path / "c"
    corpus.mkdir()
    for f in CORPUS.glob("ha-nam*.txt"):
        shutil.copy(f, corpus)
    (corpus / f"{HANAM}.meta.toml").write_text('title = 5\nprovince = ["a", "b"]\n', encoding="utf-8")
    indexer.build(corpus, tmp_path / "ix")
    client = create_app({"TESTING": True, "INDEX": str(tmp_path / "ix")}).test_client()
    for url in ("/", "/search?q=c%C3%B4ng+nghi%E1%BB%87p", "/search?q=c%C3%B4ng&group=document&sort=date"):
        r = client.get(url)
        assert r.status_code == 200, url
    assert "0 kết quả" in text(client.get("/search?q=c%C3%B4ng&group=document").get_data(as_text=True))
    assert client.get(f"/doc/{HANAM}").status_code == 404
    assert client.get("/search?q=c%C3%B4ng&province=a").status_code == 200  # nothing indexed: 0 hits
