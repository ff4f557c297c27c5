"""The page and the API through Flask's test client (no server needed)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from search_web import create_app

BT2021 = "binh-thuan_nq-tu-2021_phat-trien-cong-nghiep"


class Marks(HTMLParser):
    """Collects the text inside <mark> elements."""

    def __init__(self):
        super().__init__()
        self.inside = 0
        self.marks: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "mark":
            self.inside += 1
            self.marks.append("")

    def handle_endtag(self, tag):
        if tag == "mark":
            self.inside -= 1

    def handle_data(self, data):
        if self.inside:
            self.marks[-1] += data


def marks(html: str) -> list[str]:
    p = Marks()
    p.feed(html)
    return p.marks


def test_home_page(client):
    r = client.get("/")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert '<html lang="vi">' in html
    assert '<label for="q"' in html and 'name="q"' in html
    assert "5 văn bản đã được lập chỉ mục." in html


def test_search_page_marks_hits_and_keeps_the_query(client):
    r = client.get("/search", query_string={"q": "KCN Sơn Mỹ"})
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert 'value="KCN Sơn Mỹ"' in html
    assert re.search(r"\d+ kết quả cho <strong>KCN Sơn Mỹ</strong> \(\d+ ms\)", html)
    assert "KCN Sơn Mỹ" in marks(html)
    assert "III. MỤC TIÊU › 2. Mục tiêu cụ thể › 2.1- Giai đoạn 2021 - 2025" in html
    assert f'href="/doc/{BT2021}?q=KCN+S%C6%A1n+M%E1%BB%B9#p-11"' in html


def test_q_url_on_the_home_page_works_too(client):
    assert "KCN Sơn Mỹ" in marks(client.get("/?q=KCN+S%C6%A1n+M%E1%BB%B9").get_data(as_text=True))


def test_pagination(client):
    first = client.get("/search", query_string={"q": "công nghiệp"}).get_data(as_text=True)
    assert 'rel="next"' in first and 'rel="prev"' not in first
    second = client.get("/search", query_string={"q": "công nghiệp", "page": 2}).get_data(as_text=True)
    assert 'rel="prev"' in second and "Trang 2 /" in second
    assert '<ol class="hits" start="11">' in second


def test_facets_with_counts_and_filters_in_the_url(client):
    html = client.get("/search", query_string={"q": "titan"}).get_data(as_text=True)
    assert "Tỉnh/thành" in html and "Bình Thuận" in html
    m = re.search(r'href="(/search\?[^"]*province=[^"]*)"', html)
    assert m
    filtered = client.get(m.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert 'class="chip">Tỉnh/thành: Bình Thuận' in filtered
    assert 'type="hidden" name="province" value="Bình Thuận"' in filtered
    html = client.get("/search", query_string={"q": "công nghiệp", "year": "2016"}).get_data(as_text=True)
    assert "binh-thuan_08" in html and "bac-giang" not in html.split('class="results"')[1]


def test_empty_state_suggests(client):
    html = client.get("/search", query_string={"q": "khai thác dầu khí Vũng Tàu"}).get_data(as_text=True)
    assert "Không tìm thấy đoạn nào khớp." in html and "không dấu" in html


def test_document_view_has_anchors_footnotes_and_marks(client):
    r = client.get(f"/doc/{BT2021}", query_string={"q": "KCN Sơn Mỹ"})
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert 'id="p-11"' in html and 'href="#p-11"' in html
    assert "Chú thích" in html and 'id="fn-1"' in html and "Trừ thương hiệu nước mắm Phan Thiết." in html
    assert "KCN Sơn Mỹ" in marks(html)
    assert client.get("/doc/khong-co").status_code == 404


def test_api_search_is_the_cli_shape(client):
    r = client.get("/api/search", query_string={"q": '"liên kết vùng, liên kết tỉnh"'})
    assert r.status_code == 200 and r.is_json
    data = r.get_json()
    assert set(data) == {"query", "total", "took_ms", "page", "hits"}
    hit = data["hits"][0]
    assert [hit["text"][s:e] for s, e in hit["spans"]] == ["liên kết vùng, liên kết tỉnh"]


def test_api_docs(client):
    data = client.get("/api/docs").get_json()
    assert len(data["docs"]) == 5
    assert {d["province"] for d in data["docs"]} == {"Bình Thuận", "Hà Nam", "Khánh Hòa", "Bắc Giang"}


@pytest.mark.parametrize("q", ["", '"', "-titan", "x" * 600])
def test_api_errors_are_json_4xx(client, q):
    r = client.get("/api/search", query_string={"q": q})
    assert r.status_code == 400 and set(r.get_json()) == {"error"}


def test_api_bad_limit(client):
    assert client.get("/api/search?q=titan&limit=abc").status_code == 400
    assert client.get("/api/search?q=titan&page=abc").status_code == 400


@pytest.mark.parametrize("q", ['"', "x" * 600, "NOT", "OR OR", "-"])
def test_page_errors_are_messages_not_500(client, q):
    r = client.get("/search", query_string={"q": q})
    assert r.status_code in (200, 400)
    assert 'role="alert"' in r.get_data(as_text=True) or r.status_code == 200


def test_script_in_query_is_escaped(client):
    html = client.get("/search", query_string={"q": "<script>alert(1)</script> titan"}).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_script_in_a_document_is_escaped(tmp_path):
    import indexer

    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "x.txt").write_text(
        "NGHỊ QUYẾT\nvề thử nghiệm\n\nĐoạn có <script>alert('x')</script> trong văn bản về titan.\n", encoding="utf-8"
    )
    indexer.build(corpus, tmp_path / "ix")
    client = create_app({"TESTING": True, "INDEX": str(tmp_path / "ix")}).test_client()
    html = client.get("/search?q=titan").get_data(as_text=True)
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "<script>alert" not in client.get("/doc/x?q=titan").get_data(as_text=True)


def test_security_headers(client):
    r = client.get("/search?q=titan")
    csp = r.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["X-Frame-Options"] == "DENY"


def test_only_get(client):
    assert client.post("/search", data={"q": "titan"}).status_code == 405
    assert client.post("/api/search").get_json() == {
        "error": "Phương thức không được hỗ trợ: trang tìm kiếm chỉ nhận GET."
    }


def test_opensearch_description(client):
    r = client.get("/opensearch.xml")
    assert r.mimetype == "application/opensearchdescription+xml"
    assert 'template="/search?q={searchTerms}"' in r.get_data(as_text=True)  # never from the Host header
    assert 'rel="search"' in client.get("/").get_data(as_text=True)


def test_missing_index_is_a_clear_503(tmp_path):
    client = create_app({"TESTING": True, "INDEX": str(tmp_path / "none")}).test_client()
    r = client.get("/search?q=titan")
    assert r.status_code == 503 and "nghiquyet build" in r.get_data(as_text=True)
    assert client.get("/api/search?q=titan").status_code == 503
    assert client.get("/").status_code == 503


def test_page_sees_a_rebuilt_index_without_restart(corpus_copy, tmp_path):
    import indexer

    index = tmp_path / "ix"
    indexer.build(corpus_copy, index)
    client = create_app({"TESTING": True, "INDEX": str(index)}).test_client()
    assert client.get("/api/search?q=xylanh").get_json()["total"] == 0
    (corpus_copy / "moi.txt").write_text("NGHỊ QUYẾT\nvề xylanh\n\nPhát triển công nghiệp xylanh thủy lực.\n", "utf-8")
    indexer.update(corpus_copy, index)
    assert client.get("/api/search?q=xylanh").get_json()["total"] == 2  # its paragraph and its title line
    indexer.build(corpus_copy, index)
    assert client.get("/api/search?q=xylanh").get_json()["total"] == 2


def test_did_you_mean_is_a_link_on_the_page(client):
    """A typo gets the suggestion the CLI and JSON give, as a link that searches it."""
    html = client.get("/search", query_string={"q": "phat trien cong nhiep"}).get_data(as_text=True)
    m = re.search(r'Có phải bạn muốn tìm <a href="([^"]+)"[^>]*><strong>([^<]+)</strong></a>\?', html)
    assert m and m.group(2) == "phát triển công nghiệp"
    followed = client.get(m.group(1).replace("&amp;", "&")).get_data(as_text=True)
    summary = re.search(r'<p class="summary">(\d+) kết quả', followed)
    assert summary and int(summary.group(1)) > 0
    api = client.get("/api/search", query_string={"q": "phat trien cong nhiep"}).get_json()
    assert api["suggestion"] == "phát triển công nghiệp"
    assert "Có phải bạn muốn tìm" not in client.get("/search", query_string={"q": "công nghiệp"}).get_data(as_text=True)
