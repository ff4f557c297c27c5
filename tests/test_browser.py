"""End to end in a real headless Chromium (Debian's) driven by Playwright."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.serving import served

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).with_name("artifacts")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def base_url(index_dir):
    with served(index_dir) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (bash .ci/run does)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1200, "height": 900})
    pg = context.new_page()
    yield pg
    context.close()


def test_search_follow_filter_and_page(page, base_url):
    page.goto(base_url + "/")
    page.get_by_label("Từ khóa tìm kiếm").fill("KCN Sơn Mỹ")
    page.get_by_label("Từ khóa tìm kiếm").press("Enter")
    expect(page.locator(".summary")).to_contain_text("kết quả cho KCN Sơn Mỹ")
    marks = page.locator(".hit mark")
    expect(marks.first).to_be_visible()
    assert "KCN Sơn Mỹ" in marks.all_inner_texts()
    expect(page.get_by_label("Từ khóa tìm kiếm")).to_have_value("KCN Sơn Mỹ")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "results.png"), full_page=True)

    # follow the first hit to its paragraph in the document
    first = page.locator(".hit h3 a").first
    href = first.get_attribute("href")
    anchor = href.split("#")[1]
    first.click()
    target = page.locator(f"#{anchor}")
    expect(target).to_be_visible()
    expect(target).to_be_in_viewport()
    assert target.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(255, 246, 208)"
    expect(target.locator("mark").first).to_be_visible()
    expect(target.locator("button.copy")).to_have_text("Sao chép liên kết")

    # filter by year, then page forward on a broad query
    page.goto(base_url + "/search?q=c%C3%B4ng+nghi%E1%BB%87p")
    page.locator(".facets a", has_text="2016").click()
    expect(page.locator(".chip")).to_contain_text("Năm: 2016")
    assert "year=2016" in page.url
    total = int(re.search(r"(\d+) kết quả", page.locator(".summary").inner_text()).group(1))
    assert total > 10
    page.get_by_role("link", name="Trang sau →").click()
    expect(page.locator(".pager")).to_contain_text("Trang 2 /")
    assert "year=2016" in page.url and "page=2" in page.url
    for title in page.locator(".hit h3 a").all_inner_texts():
        assert "tiểu thủ công nghiệp" in title


def test_typed_url_and_no_javascript(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "/?q=kcn+son+my")
    assert "KCN Sơn Mỹ" in page.locator(".hit mark").all_inner_texts()
    context.close()


def test_phone_width(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(base_url + "/search?q=nh%C3%A0+%E1%BB%9F+c%C3%B4ng+nh%C3%A2n")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    expect(page.locator(".hit").first).to_be_visible()
    context.close()


def test_keyboard_only(page, base_url):
    page.goto(base_url + "/")
    expect(page.get_by_label("Từ khóa tìm kiếm")).to_be_focused()  # autofocus: type at once
    page.keyboard.type("titan")
    page.keyboard.press("Enter")
    expect(page.locator(".hit").first).to_be_visible()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip()


# --- the document portal (issue 16) ------------------------------------------------------------

BT2016_TITLE = "Nghị quyết về phát triển công nghiệp - tiểu thủ công nghiệp"


@pytest.fixture(scope="module")
def cited_url(cited_index):
    with served(cited_index) as url:
        yield url


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_results_by_document(page, base_url):
    page.goto(base_url + "/search?q=c%C3%B4ng+nghi%E1%BB%87p")
    page.get_by_role("link", name="theo văn bản").click()
    assert "group=document" in page.url
    expect(page.locator(".summary")).to_contain_text("207 kết quả cho công nghiệp")
    expect(page.locator(".summary")).to_contain_text("trong 5 văn bản")
    groups = page.locator("li.group")
    expect(groups).to_have_count(5)
    titles = groups.locator("h3 a").all_inner_texts()
    assert len(set(titles)) == 5  # each document once
    first = groups.first
    expect(first.locator(".matches")).to_have_text(re.compile(r"\d+ đoạn khớp"))
    expect(first.locator(".group-hits > li")).to_have_count(3)
    expect(first.locator(".group-hits mark").first).to_be_visible()
    shot(page, "by-document")
    # "see all" narrows the paragraph view to that document
    n = int(re.match(r"\d+", first.locator(".matches").inner_text()).group())
    first.locator("a.more").click()
    expect(page.locator(".summary")).to_contain_text(f"{n} kết quả")
    assert "group=" not in page.url and "doc=" in page.url


def test_document_properties_contents_and_copy_link(page, base_url):
    page.goto(base_url + "/search?q=ti%E1%BB%83u+th%E1%BB%A7+c%C3%B4ng+nghi%E1%BB%87p")
    hit = page.locator(".hit", has_text="Số 08-NQ/TU").first
    expect(hit.locator(".meta")).to_contain_text("Số 08-NQ/TU · ngày 25/10/2016")
    page.goto(base_url + "/doc/binh-thuan_08-nq-tu-2016_cong-nghiep-tieu-thu-cong-nghiep")
    table = page.locator("table.properties")
    expect(table).to_be_in_viewport()
    for label, value in [
        ("Loại văn bản", "Nghị quyết"),
        ("Số hiệu", "08-NQ/TU"),
        ("Ngày ban hành", "25/10/2016"),
        ("Cơ quan ban hành", "Tỉnh ủy Bình Thuận (khóa XIII)"),
        ("Tỉnh/thành", "Bình Thuận"),
        ("Trích yếu", BT2016_TITLE),
    ]:
        expect(table.locator("tr", has=page.locator("th", has_text=label)).locator("td")).to_contain_text(value)
    with page.expect_download() as download:
        table.get_by_role("link", name=re.compile(r"\.txt$")).click()
    assert download.value.suggested_filename == "binh-thuan_08-nq-tu-2016_cong-nghiep-tieu-thu-cong-nghiep.txt"
    shot(page, "document")

    # the table of contents jumps to a section
    toc = page.locator("nav.toc")
    entry = toc.locator("a").nth(2)
    target = entry.get_attribute("href")
    entry.click()
    expect(page.locator(target)).to_be_in_viewport()

    # "copy link" only on the paragraph under the pointer or with focus
    paras = page.locator(".body .para")
    assert paras.count() > 20
    expect(paras.nth(5).locator("button.copy")).to_be_hidden()
    paras.nth(5).hover()
    expect(paras.nth(5).locator("button.copy")).to_be_visible()
    expect(paras.nth(6).locator("button.copy")).to_be_hidden()
    paras.nth(8).locator("a.anchor").focus()
    expect(paras.nth(8).locator("button.copy")).to_be_visible()

    # printed: the text and its properties, without the search bar and buttons
    page.emulate_media(media="print")
    expect(page.locator("header.top")).to_be_hidden()
    expect(page.locator("nav.toc")).to_be_hidden()
    expect(table).to_be_visible()


def test_related_documents_link_to_each_other(page, cited_url):
    page.goto(cited_url + "/doc/binh-thuan_nq-tu-2021_phat-trien-cong-nghiep")
    related = page.locator("section.related")
    expect(related).to_contain_text("Văn bản này thực hiện / dẫn chiếu")
    expect(related).to_contain_text("12-NQ/TW")
    expect(related.locator("li", has_text="12-NQ/TW")).to_contain_text("(không có trong kho)")
    expect(related.locator("li", has_text="12-NQ/TW").locator("a")).to_have_count(0)
    shot(page, "related")
    related.get_by_role("link", name=BT2016_TITLE).click()
    expect(page.locator("h1")).to_have_text(re.compile(BT2016_TITLE))
    back = page.locator("section.related")
    expect(back).to_contain_text("Được thực hiện / dẫn chiếu bởi")
    back.get_by_role("link", name=re.compile("Nghị quyết về phát triển công nghiệp tỉnh Bình Thuận")).click()
    assert page.url.endswith("/doc/binh-thuan_nq-tu-2021_phat-trien-cong-nghiep")


def test_home_page_browses_documents(page, base_url):
    page.goto(base_url + "/")
    items = page.locator("li.docitem")
    expect(items).to_have_count(5)
    years = [re.search(r"(\d{4})", t) for t in items.locator(".meta").all_inner_texts()]
    shown = [int(m.group(1)) for m in years if m]
    assert shown == sorted(shown, reverse=True)  # newest first
    shot(page, "home")
    page.locator(".facet[data-facet=province] a", has_text="Bình Thuận").click()
    expect(items).to_have_count(2)
    page.locator(".facet[data-facet=year] a", has_text="2016").click()
    expect(items).to_have_count(1)
    expect(items.first).to_contain_text(BT2016_TITLE)


def test_date_range_and_several_values(page, base_url):
    page.goto(base_url + "/search?q=c%C3%B4ng+nghi%E1%BB%87p")
    page.get_by_label("Từ ngày").fill("2016-01-01")
    page.get_by_label("Đến ngày").fill("2016-12-31")
    page.get_by_role("button", name="Lọc theo ngày").click()
    expect(page.locator(".chip", has_text="Từ ngày")).to_contain_text("01/01/2016")
    expect(page.locator(".chip", has_text="Đến ngày")).to_contain_text("31/12/2016")
    assert "from=2016-01-01" in page.url and "to=2016-12-31" in page.url and "q=" in page.url
    for meta in page.locator(".hit .meta").all_inner_texts():
        assert "25/10/2016" in meta
    shot(page, "date-range")
    # a bad date is named, in Vietnamese
    page.goto(base_url + "/search?q=titan&from=abc")
    expect(page.get_by_role("alert")).to_have_text("ngày bắt đầu 'abc' không hợp lệ: hãy viết dạng YYYY-MM-DD")
    # two provinces at once: either
    page.goto(base_url + "/search?q=c%C3%B4ng+nghi%E1%BB%87p")
    page.locator(".facet[data-facet=province] a", has_text="Hà Nam").click()
    page.locator(".facet[data-facet=province] a", has_text="Bắc Giang").click()
    expect(page.locator(".chip")).to_have_count(2)
    expect(page.locator(".summary")).to_contain_text("75 kết quả")
    provinces = {m.split(" · ")[-2] for m in page.locator(".hit .meta").all_inner_texts()}
    assert provinces <= {"Hà Nam", "Bắc Giang"} and len(provinces) == 2


def test_sort_by_date(page, base_url):
    page.goto(base_url + "/search?q=c%C3%B4ng+nghi%E1%BB%87p&province=binh+thuan")
    page.get_by_role("link", name="mới nhất").click()
    assert "sort=date" in page.url
    first = page.locator(".hit .meta").first
    expect(first).to_contain_text("năm 2021")
    page.get_by_role("link", name="Trang sau →").click()
    assert "sort=date" in page.url and "page=2" in page.url
    # the last page holds the 2016 resolution's paragraphs
    last = page.locator(".pager span").inner_text().split("/")[-1].strip()
    page.goto(page.url.replace("page=2", f"page={last}"))
    expect(page.locator(".hit .meta").last).to_contain_text("ngày 25/10/2016")
    page.goto(base_url + "/search?q=c%C3%B4ng+nghi%E1%BB%87p&page=99")
    expect(page.get_by_role("alert")).to_contain_text("Không có trang 99: kết quả chỉ có 21 trang.")
    expect(page.locator(".pager")).to_have_count(0)


def test_phone_filters_fold_above_the_results(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, locale="vi-VN")
    page = context.new_page()
    page.goto(base_url + "/search?q=c%C3%B4ng+nghi%E1%BB%87p")
    filters = page.locator("details.filters")
    summary = filters.locator("summary")
    expect(summary).to_be_visible()
    assert not filters.evaluate("el => el.open")
    first_hit = page.locator(".hit").first
    assert summary.bounding_box()["y"] < first_hit.bounding_box()["y"]
    expect(first_hit).to_be_in_viewport()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "phone.png"))
    summary.click()
    expect(page.locator(".facet[data-facet=province]")).to_be_visible()
    assert page.locator(".facet[data-facet=province]").bounding_box()["y"] < first_hit.bounding_box()["y"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(ARTIFACTS / "phone-filters.png"))
    context.close()


def test_slash_focuses_the_search_box(page, base_url):
    page.goto(base_url + "/doc/binh-thuan_nq-tu-2021_phat-trien-cong-nghiep")
    box = page.get_by_label("Từ khóa tìm kiếm")
    expect(box).not_to_be_focused()
    page.keyboard.press("/")
    expect(box).to_be_focused()
    expect(box).to_have_value("")  # the slash is not typed into it
    page.keyboard.type("titan")
    page.keyboard.press("/")
    expect(box).to_have_value("titan/")  # inside the box, "/" is a character


def test_favicon_and_vietnamese_errors(page, base_url):
    page.goto(base_url + "/")
    href = page.locator('link[rel="icon"]').get_attribute("href")
    assert page.request.get(base_url + href).status == 200
    page.goto(base_url + "/search?q=" + "x" * 600)
    expect(page.get_by_role("alert")).to_have_text("câu tìm quá dài (600 ký tự; tối đa 500)")
    page.goto(base_url + "/search?q=titan&province=Atlantis")
    expect(page.get_by_role("alert")).to_contain_text("không có tỉnh/thành 'Atlantis' trong chỉ mục")


def test_seed_resolution_links_to_the_one_it_carries_out(page, base_url):
    """The references the reader finds in the seeds: the 2021 Bình Thuận resolution cites 08-NQ/TU."""
    page.goto(base_url + "/doc/binh-thuan_nq-tu-2021_phat-trien-cong-nghiep")
    related = page.locator("section.related")
    expect(related).to_contain_text("Văn bản này thực hiện / dẫn chiếu")
    related.get_by_role("link", name=BT2016_TITLE).click()
    expect(page.locator("table.properties")).to_contain_text("08-NQ/TU")
    expect(page.locator("section.related")).to_contain_text("Được thực hiện / dẫn chiếu bởi")
    shot(page, "seed-related")
