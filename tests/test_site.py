"""The real site, built once per run as `make html` builds it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, search_fragments
from site_properties import (
    DIAGRAM,
    check_cards_say_what_sessions_json_says,
    check_day_pages_list_their_sessions,
    check_one_card_per_session_page,
    check_sessions_json,
    check_summits_on_the_home_page,
    source_pages,
    summits_of,
)

SHARED = ROOT.parent / "shared"
TOKYO = "tokyo-2015"

@pytest.fixture(scope="module")
def data(real_site) -> dict:
    return check_sessions_json(ROOT / "docs", real_site)


def test_every_session_page_has_exactly_one_card(real_site):
    check_one_card_per_session_page(ROOT / "docs", real_site)


def test_sessions_json_is_valid_and_complete(data):
    tokyo = next(s for s in data["summits"] if s["id"] == TOKYO)  # the notes the site began with
    assert (tokyo["start"], tokyo["end"]) == ("2015-10-27", "2015-10-30")


def test_cards_say_what_sessions_json_says(real_site, data):
    check_cards_say_what_sessions_json_says(real_site, data)


def test_day_pages_link_to_all_their_sessions(real_site, data):
    check_day_pages_list_their_sessions(ROOT / "docs", real_site, data)


def test_home_page_shows_every_summit_with_its_counts(real_site, data):
    check_summits_on_the_home_page(real_site, data)


@pytest.mark.skipif(not (SHARED / "tools/seed_coverage.py").exists(),
                    reason="../shared (the notes and their coverage tool) is not beside this clone")
def test_every_line_and_url_of_the_notes_reaches_the_site(real_site):
    result = subprocess.run([sys.executable, str(SHARED / "tools/seed_coverage.py"), str(real_site)],
                            capture_output=True, text=True)
    assert "100.0% of lines" in result.stdout and "100.0% of URLs" in result.stdout, result.stdout
    assert result.returncode == 0


@pytest.mark.parametrize("builder", ["text", "latex", "dirhtml", "singlehtml"])
def test_other_builders_build_the_site_without_warnings(builder, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", builder, "-W", "--keep-going", "-n", "-q",
         "-c", str(ROOT), str(ROOT / "docs"), str(tmp_path / builder)],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    if builder == "text":
        text = (tmp_path / "text/tokyo-2015/day3/cinder-replication.txt").read_text()
        assert "John Griffith, Ed Balduf" in text


def diagrams_of(html: str) -> list:
    return BeautifulSoup(html, "html.parser").select("div.diagram-drawn")


def test_every_diagram_is_drawn_in_the_page_in_both_schemes_with_caption_and_description(real_site):
    diagrams = 0
    for page in real_site.rglob("*.html"):
        for drawn in diagrams_of(page.read_text(encoding="utf-8")):
            diagrams += 1
            figure = drawn.find_parent("figure")
            assert figure is not None and figure.figcaption.get_text(strip=True), page
            svgs = drawn.find_all("svg", recursive=False)
            assert [f"diagram-{scheme}" in svg["class"] for svg, scheme in zip(svgs, ("light", "dark"))] == [True] * 2, page
            assert len(svgs) == 2, page
            for svg in svgs:  # accTitle and accDescr: what a screen reader says of it
                assert svg.find("title").get_text(strip=True) and svg.find("desc").get_text(strip=True), page
                assert svg.find("text"), page  # labels are SVG text
                assert not svg.find(["foreignObject", "foreignobject", "script"]), page
    assert diagrams == sum(len(DIAGRAM.findall(p.read_text(encoding="utf-8"))) for p in source_pages(ROOT / "docs"))


def test_no_page_loads_mermaid(real_site):
    """The diagrams were drawn when the site was built: no page fetches Mermaid, from the
    site or a CDN; a page with a diagram has the small viewer script, others nothing."""
    assert not (real_site / "_static/vendor/mermaid").exists()
    for page in real_site.rglob("*.html"):
        if "_static" in page.parts:
            continue
        html = page.read_text(encoding="utf-8")
        assert "import mermaid" not in html and "mermaid.esm" not in html and "mermaid.min" not in html, page
        assert "cdn.jsdelivr.net" not in html, page
        assert ("_static/diagrams.js" in html) == bool(diagrams_of(html)), page
        assert ("_static/diagrams.css" in html) == bool(diagrams_of(html)), page


def test_element_ids_are_unique_on_every_page(real_site):
    for page in real_site.rglob("*.html"):
        if "_static" not in page.parts:
            ids = re.findall(r'\sid="([^"]+)"', page.read_text(encoding="utf-8"))
            assert len(ids) == len(set(ids)), (page, sorted({i for i in ids if ids.count(i) > 1})[:5])


def test_the_words_of_every_diagram_are_in_the_search_index_of_its_page(real_site):
    """Search finds a diagram's labels with its page, each label apart (what a
    result's snippet is cut from: Pagefind's text of the page)."""
    fragments = search_fragments(real_site)
    checked = 0
    for page in real_site.rglob("*.html"):
        drawn = diagrams_of(page.read_text(encoding="utf-8"))
        if not drawn:
            continue
        text = fragments[page.relative_to(real_site).as_posix()]["content"]
        for svg in (d.find("svg") for d in drawn):
            for label in svg.find_all("text"):
                words = " ".join(label.get_text(" ").split())
                if words:
                    assert words in text, (page, words)
                    checked += 1
    assert checked


def test_only_the_pages_of_the_notes_are_searched(real_site):
    """Every page of the notes is in the search index, and nothing else: not the
    search page, the general index, the 404 page nor the moved pages' redirects."""
    indexed = set(search_fragments(real_site))
    sessions = {s["url"].split("#")[0] for s in json.loads((real_site / "sessions.json").read_text())["sessions"]}
    assert sessions <= indexed
    assert {"index.html", "glossary.html", "summit-projectindex.html"} <= indexed
    assert not indexed & {"search.html", "genindex.html", "404.html", "day1/keynote.html"}
    assert not (real_site / "searchindex.js").exists()  # (one way to search)


def test_old_addresses_redirect_to_the_tokyo_folder(real_site):
    """Pages published before the site held several summits keep their addresses."""
    old_pages = [p for p in real_site.glob("day*/*.html")] + [
        real_site / f"{name}.html" for name in ("quick-cap", "further-reading", "other-thinkings")]
    assert len(old_pages) == 29 + 4 + 3
    for page in old_pages:
        html = page.read_text()
        target = re.search(r'<link rel="canonical" href="([^"]+)">', html).group(1)
        assert (page.parent / target).resolve() == (real_site / TOKYO / page.relative_to(real_site)).resolve()
        assert (page.parent / target).exists()
        assert f'<a href="{target}">' in html  # a reader without JavaScript can follow it
        assert "window.location.hash" in html  # an #anchor of the old address is kept


def test_the_package_carries_its_templates_styles_and_schemas(tmp_path):
    """What Read the Docs installs (pip install .) is the whole extension."""
    import zipfile

    source = tmp_path / "source"  # a copy: building writes build/ beside pyproject.toml
    shutil.copytree(ROOT / "ext", source / "ext", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                             str(tmp_path), str(source)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    wheel = next(tmp_path.glob("sphinx_summit-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("sphinx_summit/templates/summit-index.html", "sphinx_summit/templates/redirect.html",
                 "sphinx_summit/templates/pagefind/search.html",
                 "sphinx_summit/templates/pagefind/page.html", "sphinx_summit/static/summit-search.js",
                 "sphinx_summit/static/summit-index.js", "sphinx_summit/static/summit-menus.js",
                 "sphinx_summit/static/summit.css", "sphinx_summit/mermaid/static/diagrams.css",
                 "sphinx_summit/schemas/summit.schema.json", "sphinx_summit/schemas/sessions.frame.json",
                 "sphinx_summit/schemas/catalogue.schema.json", "sphinx_summit/schemas/schedule.schema.json",
                 "sphinx_summit/mermaid/render.mjs"):
        assert name in names, name


def test_landing_pages_do_not_repeat_the_navigation(real_site):
    for name in ["index.html", *(f"{folder}/index.html" for folder in summits_of(ROOT / "docs"))]:
        html = (real_site / name).read_text()
        article = html[html.index("<article"):html.index("</article>")]
        assert "toctree-l1" not in article, name  # the sidebar has it; the page does not repeat it
    landing = (real_site / "tokyo-2015/index.html").read_text()
    for page in ("quick-cap.html", "further-reading.html", "other-thinkings.html", "day1/index.html"):
        assert f'href="{page}"' in landing, page  # still reachable from the page's text
