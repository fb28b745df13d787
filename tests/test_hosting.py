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


class Host(http.server.SimpleHTTPRequestHandler):
    """Serves the site under ``prefix`` and answers a missing page with 404.html,
    as Read the Docs (prefix /en/latest/) and other hosts (prefix /) do."""

    prefix = "/"

    def log_message(self, *args):
        pass

    def translate_path(self, path):
        if not path.startswith(self.prefix):
            return str(Path(self.directory, "no such page"))
        return super().translate_path("/" + path[len(self.prefix):])

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
def hosted(directory: Path, prefix: str):
    handler = type("PrefixHost", (Host,), {"prefix": prefix})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


RTD_URL = "https://openstack-summit-notes.readthedocs.io/en/latest/"


@pytest.fixture(scope="module")
def read_the_docs_site(tmp_path_factory) -> Path:
    """The site as Read the Docs builds it: it gives the site's address in the environment."""
    import os
    import subprocess
    import sys

    out = tmp_path_factory.mktemp("rtd") / "html"
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-n", "-q", "-c", str(ROOT),
         "-d", str(out.parent / "doctrees"), str(ROOT / "docs"), str(out)],
        capture_output=True, text=True, cwd=ROOT,
        env={**os.environ, "READTHEDOCS": "True", "READTHEDOCS_CANONICAL_URL": RTD_URL})
    assert result.returncode == 0, result.stderr
    return out


@pytest.mark.parametrize("host", ["read-the-docs", "root-of-a-host"])
@pytest.mark.parametrize("missing", ["nowhere.html", "tokyo-2015/day9/deep/nowhere.html"])
def test_the_404_page_works_wherever_the_site_is_served(request, browser, host, missing):  # noqa: F811
    """Served for a missing page at any depth, on Read the Docs (under /en/latest/) and at
    the root of any other host (any build but Read the Docs'): styled, every resource
    found, its links lead into the site."""
    site, prefix = ((request.getfixturevalue("read_the_docs_site"), "/en/latest/") if host == "read-the-docs"
                    else (request.getfixturevalue("real_site"), "/"))
    with hosted(site, prefix) as base:
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
        # furo's stylesheet applies: its sidebar's checkbox toggle is hidden
        assert page.evaluate("getComputedStyle(document.querySelector('#__navigation')).display") == "none"
        home = page.locator(".sidebar-brand").first.evaluate("a => a.href")
        assert home.startswith(base)
        for link in page.locator(".sidebar-tree a.reference").all()[:3]:
            target = link.evaluate("a => a.href")
            assert target.startswith(base) and page.request.get(target).status == 200, target
        context.close()
