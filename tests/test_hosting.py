"""What a hosted site has: a 404 page at any depth, a sitemap, robots.txt, link previews, the data page."""

from __future__ import annotations

import http.server
import json
import re
import threading
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from site_properties import html_of, source_pages

SITE = "https://openstack-summit-notes.readthedocs.io/en/latest/"


def test_robots_txt_points_at_the_sitemap(real_site):
    assert (real_site / "robots.txt").read_text() == f"User-agent: *\nAllow: /\n\nSitemap: {SITE}sitemap.xml\n"


def test_the_sitemap_lists_every_page(real_site):
    listed = set(re.findall(r"<loc>([^<]+)</loc>", (real_site / "sitemap.xml").read_text()))
    pages = {SITE + str(p.relative_to(real_site)) for p in real_site.rglob("*.html")
             if "_static" not in p.parts and "This page has moved" not in p.read_text()
             and p.name not in ("search.html", "genindex.html", "404.html")
             and not p.name.startswith("summit-")}
    assert pages <= listed
    assert {SITE + html_of(ROOT / "docs", page) for page in source_pages(ROOT / "docs")} <= pages
    assert not any("search.html" in url or "404.html" in url for url in listed)


def test_a_session_page_previews_as_the_session(real_site):
    page = BeautifulSoup((real_site / "tokyo-2015/day2/ceph-manila-containers.html").read_text(),
                         "html.parser")
    meta = {tag["property"]: tag["content"] for tag in page.select("meta[property^='og:']")}
    assert meta["og:title"] == "The state of Ceph, Manila, and Containers in Openstack: by Sage Weil"
    assert meta["og:url"] == SITE + "tokyo-2015/day2/ceph-manila-containers.html"
    assert meta["og:description"].startswith(
        "Tokyo 2015 · Day 2 · talk · Sage Weil (Red Hat) · Ceph, Manila, NFS-Ganesha, KVM, Neutron. "
        "Container volume are FS.")
    assert page.select_one("meta[name='description']")["content"] == meta["og:description"]
    assert page.select_one("link[rel='canonical']")["href"] == meta["og:url"]


def test_the_data_page_links_the_export_and_its_schema(real_site):
    page = BeautifulSoup((real_site / "data.html").read_text(), "html.parser")
    links = [a["href"] for a in page.select(".summit-export a")]
    assert links == ["sessions.json", "sessions.schema.json"]
    for link in links:
        json.loads((real_site / link).read_text())
    assert "data.html" in (real_site / "index.html").read_text()


class ReadTheDocsLike(http.server.SimpleHTTPRequestHandler):
    """Serves the site under /en/latest/ and answers a missing page with 404.html, as RTD does."""

    def log_message(self, *args):
        pass

    def translate_path(self, path):
        return super().translate_path(path.replace("/en/latest/", "/", 1))

    def send_head(self):
        if not Path(self.translate_path(self.path.split("?")[0])).exists():
            body = Path(self.directory, "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            import io
            return io.BytesIO(body)
        return super().send_head()


@contextmanager
def read_the_docs_like(directory: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(ReadTheDocsLike, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/en/latest/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("missing", ["nowhere.html", "tokyo-2015/day9/deep/nowhere.html"])
def test_the_404_page_works_at_any_depth(real_site, browser, missing):  # noqa: F811
    with read_the_docs_like(real_site) as base:
        context = browser.new_context()
        page = context.new_page()
        failed = []
        page.on("requestfailed", lambda request: failed.append(request.url))
        page.on("response", lambda r: failed.append(r.url) if r.status >= 400 and r.url != base + missing else None)
        response = page.goto(base + missing)
        page.wait_for_load_state("networkidle")
        assert response.status == 404
        assert page.locator("h1").first.inner_text().startswith("Page not found")
        assert failed == []  # styles, scripts and the favicon load from the right place
        home = page.locator(".sidebar-brand").first.get_attribute("href")
        assert home.startswith("/en/latest/")
        context.close()
