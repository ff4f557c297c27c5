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
