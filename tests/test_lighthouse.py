"""benchmarks/lighthouse.py (make lighthouse) on the real site: the pages it
picks, the server it measures through, the bytes it counts. Nothing is timed
and Lighthouse itself does not run here (a run takes minutes and its scores
move between runs)."""

from __future__ import annotations

import gzip
import json
import os
import re
import runpy
import urllib.error
import urllib.request
from types import SimpleNamespace
from urllib.parse import urljoin, urlsplit

from conftest import ROOT

lighthouse = SimpleNamespace(**runpy.run_path(str(ROOT / "benchmarks" / "lighthouse.py")))
MERMAID_DIRECTIVE = re.compile(r"^\s*(?:`{3,}|:{3,})\{mermaid\}", re.M)


def diagrams_in_source(page: str) -> int:
    return len(MERMAID_DIRECTIVE.findall((ROOT / "docs" / page).with_suffix(".md").read_text(encoding="utf-8")))


def test_one_page_of_each_type(real_site):
    pages = lighthouse.select_pages(real_site)
    assert list(pages) == list(lighthouse.PAGE_TYPES)
    assert all((real_site / page).is_file() for page in pages.values())
    found = json.loads((real_site / "sessions.json").read_text(encoding="utf-8"))
    first_summit = found["summits"][0]
    assert pages["summit"] == first_summit["url"]
    # the day page lists the summit's first session
    first = next(s for s in found["sessions"] if s["summit"] == first_summit["id"])
    day = (real_site / pages["day"]).read_text(encoding="utf-8")
    assert f'href="{first["url"].rsplit("/", 1)[1]}"' in day
    # the session page is the one with the most diagrams, each counted once
    sessions = lighthouse.session_pages(real_site)
    counted = {page: lighthouse.elements(real_site / page).diagrams for page in sessions}
    assert counted == {page: diagrams_in_source(page) for page in sessions}
    assert pages["session"] in sessions
    assert counted[pages["session"]] == max(counted.values()) > 0


def test_blocking_in_the_html_is_what_holds_the_parser_or_the_paint(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("""<html><head>
<link rel="stylesheet" href="all.css"><link rel="stylesheet" href="print.css" media="print">
<script src="head.js"></script><script src="async.js" async></script><script src="defer.js" defer></script>
<script type="module" src="module.mjs"></script></head>
<body><p>text</p><link rel="stylesheet" href="body.css"><script src="end.js"></script></body></html>""")
    found = lighthouse.elements(page)
    assert found.blocking == ["all.css", "head.js", "end.js"]
    assert found.scripts == ["head.js", "async.js", "defer.js", "module.mjs", "end.js"]


def get(url: str, gzip_ok: bool):
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_served_compressed_when_asked_as_read_the_docs_serves_it(real_site):
    css = real_site / "_static" / "styles" / "furo.css"
    with lighthouse.serve(real_site) as url:
        # served where its 404 page says it is: /en/latest/ when Read the Docs builds it, / here
        prefix = "/en/latest/" if os.environ.get("READTHEDOCS_CANONICAL_URL") else "/"
        assert urlsplit(url).path == lighthouse.site_prefix(real_site) == prefix
        status, headers, body = get(url + "_static/styles/furo.css", gzip_ok=True)
        assert (status, headers["Content-Encoding"]) == (200, "gzip")
        assert gzip.decompress(body) == css.read_bytes() and len(body) < css.stat().st_size / 2
        status, headers, body = get(url + "_static/styles/furo.css", gzip_ok=False)
        assert (status, headers["Content-Encoding"], body) == (200, None, css.read_bytes())
        # a missing page: 404.html, whose absolute links (/_static/... here) resolve
        status, _, body = get(url + "no-such-page.html", gzip_ok=False)
        assert (status, body) == (404, (real_site / "404.html").read_bytes())
        links = lighthouse.elements(real_site / "404.html")
        assert links.stylesheets and links.scripts
        for link in links.stylesheets + links.scripts:
            assert get(urljoin(url, link), gzip_ok=True)[0] == 200, link


def test_page_bytes_count_every_script_compressed(real_site, browser):
    page = lighthouse.select_pages(real_site)["session"]
    with lighthouse.serve(real_site) as url:
        measured = lighthouse.page_bytes(browser, url + page)
        resources = {r["url"]: r for r in measured["resources"]}
        scripts = {urljoin(url + page, src) for src in lighthouse.elements(real_site / page).scripts}
    assert scripts and scripts <= set(resources)
    for script in scripts:
        file = real_site / urlsplit(script).path.removeprefix(lighthouse.site_prefix(real_site))
        assert resources[script]["type"] == "script"
        # what was sent: the compressed file and its headers, no more
        assert 0 < resources[script]["bytes"] - len(gzip.compress(file.read_bytes(), 6)) < 1000, script
    assert measured["js_bytes"] == sum(r["bytes"] for r in resources.values() if r["type"] == "script")
    assert measured["bytes"] == sum(r["bytes"] for r in resources.values())
    assert measured["requests"] == len(resources)
    assert resources[url + page]["type"] == "document"


def test_a_missing_site_is_one_line_and_status_2(tmp_path, capsys):
    assert lighthouse.main(["--site", str(tmp_path / "nothing")]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "make html" in error


PAGE_BUDGET = 250_000  # bytes, compressed as served: issue 18's bound for the heaviest session page


def test_every_session_page_is_as_light_as_its_words(real_site, browser):
    """Diagrams are drawn when the site is built: no session page loads Mermaid, and
    each transfers at most PAGE_BUDGET bytes, everything it loads included."""
    with lighthouse.serve(real_site) as url:
        measured = {page: lighthouse.page_bytes(browser, url + page) for page in lighthouse.session_pages(real_site)}
    assert measured
    heavy = {page: m["bytes"] for page, m in measured.items() if m["bytes"] > PAGE_BUDGET}
    assert heavy == {}
    mermaid = {page: [r["url"] for r in m["resources"] if "mermaid" in r["url"].lower()] for page, m in measured.items()}
    assert not any(mermaid.values()), mermaid


def test_the_scores_table_gives_each_page_type_mobile_and_desktop():
    run = lambda *scores: {"median": {"scores": dict(zip(lighthouse.CATEGORIES, scores))}}  # noqa: E731
    table = lighthouse.scores_table({
        "mobile": {"home": run(97, 100, 100, 100), "search": run(90, 100, 100, 66)},
        "desktop": {"home": run(100, 100, 96, 100), "search": {"median": None}},
    }).splitlines()
    assert table[0] == ("| page | mobile performance | mobile accessibility | mobile best practices | mobile SEO "
                        "| desktop performance | desktop accessibility | desktop best practices | desktop SEO |")
    assert table[2:] == ["| home | 97 | 100 | 100 | 100 | 100 | 100 | 96 | 100 |",
                         "| search | 90 | 100 | 100 | 66 | failed | failed | failed | failed |"]
