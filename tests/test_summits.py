"""Many summits in one site: each page knows its summit, and a copied folder is a new summit."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
from bs4 import BeautifulSoup
from conftest import ROOT
from site_properties import html_of, session_pages_of, source_pages



def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def listed(html: str) -> list[str]:
    """The session titles a page's listings show, in order."""
    return [a.get_text() for a in soup(html).select(".session-list .sd-card-title a")]


def main_text(html: str) -> str:
    body = soup(html).find(class_="body") or soup(html).find("article")
    return str(body)


def test_each_page_lists_its_own_summit(summits_site):
    site = summits_site
    site.build()
    assert site.warnings == ""
    for summit, short in (("alpha-2015", "Alpha 2015"), ("beta-2016", "Beta 2016")):
        assert listed(site.html(f"{summit}/day1/index")) == [f"Keynote of {short}", f"Storage at {short}"]
        assert listed(site.html(f"{summit}/day2/index")) == [f"Design session at {short}"]
        assert listed(site.html(f"{summit}/index")) == [f"Keynote of {short}"]  # recommended
    # the home page spans summits, newest first, and says which summit each is from
    home = soup(site.html("index"))
    assert [a.get_text() for a in home.select(".summit-card .sd-card-title a")] == [
        "Beta Summit 2016", "Alpha Summit 2015"]
    assert listed(site.html("index")) == ["Keynote of Beta 2016", "Keynote of Alpha 2015"]
    assert "Beta 2016 · Day 1 · 25 April 2016" in site.html("index")


def test_days_follow_from_the_summit_dates(summits_site):
    site = summits_site
    site.build()
    days = soup(site.html("beta-2016/index")).select(".summit-days li")
    assert [d.get_text() for d in days] == [
        "Day 1 · Monday 25 April 2016 — 2 sessions",
        "Day 2 · Tuesday 26 April 2016 (Design Summit only) — 1 session"]
    assert "Tuesday 27 October 2015 · 2 sessions" in site.html("alpha-2015/day1/index")
    card = soup(site.html("alpha-2015/day2/design")).select_one(".session-card-header").get_text(" ")
    assert "Day 2 · Wednesday 28 October 2015 (Design Summit only)" in card


def test_dates_follow_the_site_language(summits_site):
    site = summits_site
    site.build(confoverrides={"language": "de"})
    assert "Montag 25 April 2016" in site.html("beta-2016/index")


def test_the_site_translates_the_extensions_words_with_its_own_catalogue(summits_site):
    """A sphinx_summit.po in the site's locale_dirs (Sphinx's default, locales/),
    compiled by the build as Sphinx compiles its own sphinx.po."""
    site = summits_site
    site.write("locales/de/LC_MESSAGES/sphinx_summit.po", '\n'.join([
        'msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', "",
        'msgid "%d session"', 'msgstr "%d Sitzung"', "",
        'msgid "%d sessions"', 'msgstr "%d Sitzungen"', ""]))
    site.build(confoverrides={"language": "de"})
    days = [d.get_text() for d in soup(site.html("beta-2016/index")).select(".summit-days li")]
    assert days[0].endswith("— 2 Sitzungen") and days[1].endswith("— 1 Sitzung"), days
    assert (site.path / "locales/de/LC_MESSAGES/sphinx_summit.mo").exists()


def test_session_links_resolve_in_their_own_summit_first(summits_site):
    site = summits_site
    site.build()
    links = soup(site.html("beta-2016/day2/design")).select(".body a.reference.internal")
    hrefs = {a.get_text(): a["href"] for a in links}
    assert hrefs["Keynote of Beta 2016"] == "../day1/keynote.html#keynote"
    assert hrefs["Keynote of Alpha 2015"] == "../../alpha-2015/day1/keynote.html#keynote"


def test_same_id_in_two_summits_is_fine_twice_in_one_is_reported(summits_site):
    site = summits_site
    path = site.write("beta-2016/day2/keynote-again.md",
                      "# Again\n\n:::{session}\n:id: keynote\n:day: 2\n:format: talk\n:::\n")
    site.build()
    first = site.path / "beta-2016/day1/keynote.md"
    assert (f"{path}:3: WARNING: duplicate session id 'keynote' in summit 'beta-2016': "
            f"{first}:3 already has it") in site.warnings
    assert site.warnings.count("duplicate session id") == 1  # alpha's keynote is not a duplicate


def test_indices_say_which_summit_and_day(summits_site):
    site = summits_site
    site.build()
    page = soup(site.html("summit-projectindex"))
    cinder = page.find(id="project-cinder")
    assert [li.select_one(".summit-day").get_text() for li in cinder.select("li")] == [
        "Beta 2016 · Day 1", "Beta 2016 · Day 1", "Alpha 2015 · Day 1", "Alpha 2015 · Day 1"]
    assert [h.get_text() for h in page.select("h3[id^=matrix-]")] == ["Beta Summit 2016", "Alpha Summit 2015"]
    assert len(page.select("table.summit-matrix")) == 2


def test_sessions_json_names_each_session_summit(summits_site):
    site = summits_site
    site.build()
    data = json.loads((Path(site.app.outdir) / "sessions.json").read_text())
    schema = json.loads((Path(site.app.outdir) / "sessions.schema.json").read_text())  # as published beside it
    jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())
    assert [s["id"] for s in data["summits"]] == ["beta-2016", "alpha-2015"]
    assert data["summits"][0] == {
        "id": "beta-2016", "title": "Beta Summit 2016", "short_title": "Beta 2016",
        "start": "2016-04-25", "end": "2016-04-26", "place": "Somewhere", "release": "RBeta 2016",
        "cycle": "CBeta 2016", "url": "beta-2016/index.html"}
    assert [(s["summit"], s["id"]) for s in data["sessions"]][:2] == [
        ("beta-2016", "keynote"), ("beta-2016", "storage-talk")]
    assert {s["date"] for s in data["sessions"] if s["summit"] == "alpha-2015"} == {
        "2015-10-27", "2015-10-28"}


def test_a_copied_summit_folder_is_a_summit_of_its_own(summits_site, tmp_path):
    site = summits_site
    site.build()
    before = {doc: main_text(site.html(doc)) for doc in (
        "alpha-2015/index", "alpha-2015/day1/index", "alpha-2015/day2/index",
        "alpha-2015/day1/keynote", "alpha-2015/day2/design")}
    # a copy that still has the original's title: one located warning, and it stays apart
    shutil.copytree(site.path / "alpha-2015", site.path / "gamma-2017")
    site.build()
    declaration = site.path / "gamma-2017/summit.yaml"
    assert (f"{declaration}:1: WARNING: summit title 'Alpha Summit 2015' is also the title of "
            f"{site.path / 'alpha-2015/summit.yaml'}") in site.warnings
    own = [w for w in site.warnings.splitlines() if "while setting up extension" not in w]
    assert len(own) == 1, own  # (a second app in one process re-registers Sphinx's nodes)
    for doc, html in before.items():
        copy = doc.replace("alpha-2015", "gamma-2017")
        assert len(listed(site.html(copy))) == len(listed(site.html(doc)))
        assert main_text(site.html(doc)) == html, doc  # the original's pages did not change


def test_a_summit_with_a_broken_declaration_is_reported_with_its_line(summits_site):
    site = summits_site
    path = site.write("beta-2016/summit.yaml", "title: Beta\nstart: 2016-04-25\nend: 2016-13-01\n")
    site.build()
    assert f"{path}:3: WARNING: end: '2016-13-01' is not a date (YYYY-MM-DD)" in site.warnings
    path = site.write("beta-2016/summit.yaml", "title: Beta\nstart: 2016-04-25\nend: 2016-04-26\n"
                      "days:\n  5: Design\n")
    site.build()
    assert f"{path}:5: WARNING: days: 5 is not a day of the summit; its days are 1 to 2" in site.warnings


def test_the_real_site_plus_a_copy_of_tokyo(tmp_path):
    """Copying docs/tokyo-2015 is all it takes to add a summit; Tokyo's pages stay as they were."""
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    copy_folder = next(name for name in (f"tokyo-copy-{n}" for n in range(1, 100)) if not (docs / name).exists())

    def build(name: str) -> Path:
        out = tmp_path / name
        result = subprocess.run(
            [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", "-c", str(ROOT),
             "-d", str(out / ".doctrees"), str(docs), str(out)],
            capture_output=True, text=True, cwd=ROOT)
        assert result.returncode == 0, result.stderr
        return out

    alone = build("alone")
    shutil.copytree(docs / "tokyo-2015", docs / copy_folder)
    declaration = docs / copy_folder / "summit.yaml"
    declaration.write_text(declaration.read_text().replace(
        "title: OpenStack Tokyo Summit 2015", f"title: A copy of Tokyo ({copy_folder})").replace(
        "start: 2015-10-27", "start: 2016-04-25").replace("end: 2015-10-30", "end: 2016-04-28"))
    both = build("both")
    tokyo_pages = sorted(p.relative_to(alone) for p in (alone / "tokyo-2015").rglob("*.html"))
    # landing, days, sessions, the author's view: a page for each of the folder's sources
    assert tokyo_pages == sorted(Path(html_of(docs, p)) for p in source_pages(docs / "tokyo-2015"))
    for page in tokyo_pages:
        original = (both / page).read_text()
        copy = (both / str(page).replace("tokyo-2015", copy_folder, 1)).read_text()
        assert len(listed(copy)) == len(listed(original)), page
        article = re.search(r"<article.*</article>", original, re.S).group()
        assert article == re.search(r"<article.*</article>", (alone / page).read_text(), re.S).group(), page
    before = json.loads((alone / "sessions.json").read_text())
    data = json.loads((both / "sessions.json").read_text())
    assert sorted(s["id"] for s in data["summits"]) == sorted([s["id"] for s in before["summits"]] + [copy_folder])
    assert sum(s["summit"] == copy_folder for s in data["sessions"]) == \
        sum(s["summit"] == "tokyo-2015" for s in before["sessions"]) == len(session_pages_of(docs / "tokyo-2015"))
    # the glossary, outside any summit, still links its sessions in Tokyo
    assert 'href="tokyo-2015/day1/smr-swift.html#smr-swift"' in (both / "glossary.html").read_text()


def test_the_sidebar_lists_a_bounded_number_of_summits(summits_site):
    site = summits_site
    site.build(confoverrides={
        "extensions": ["myst_parser", "sphinx_design", "sphinx_summit", "sphinx_summit.bounded_nav"],
        "bounded_nav_max_entries": 1, "html_sidebars": {"**": ["globaltoc.html"]}})

    def sidebar(doc: str) -> list[str]:
        nav = soup(site.html(doc)).select_one(".sphinxsidebarwrapper")
        return [a.get_text() for a in nav.select("li.toctree-l1 > a")]

    assert sidebar("index") == ["Beta Summit 2016", "All 2"]  # the newest, and a link to all
    # the summit of the current page is always there
    assert sidebar("alpha-2015/day1/keynote") == ["Beta Summit 2016", "Alpha Summit 2015", "All 2"]


def test_a_summit_remark_takes_any_colour_of_sphinx_design(summits_site):
    """summit.yaml's remark colours are sphinx-design's (as conf.py's are): 'black' is
    one; a word that is none is reported at its line."""
    site = summits_site
    declaration = site.path / "beta-2016/summit.yaml"
    text = declaration.read_text(encoding="utf-8")
    site.write("beta-2016/summit.yaml", text + "remarks:\n  hands-on: {text: Hands-on lab, colour: black}\n")
    keynote = site.path / "beta-2016/day1/keynote.md"
    keynote.write_text(keynote.read_text(encoding="utf-8").replace(
        ":remarks: recommended", ":remarks: recommended, hands-on"), encoding="utf-8")
    site.build()
    assert site.warnings == ""
    remark = soup(site.html("beta-2016/day1/keynote")).select_one(".summit-remark-black")
    assert remark is not None and "Hands-on lab" in remark.get_text()
    site.write("beta-2016/summit.yaml", text + "remarks:\n  hands-on: {text: Hands-on lab, colour: pink}\n")
    site.build()
    assert (f"{declaration}:11: WARNING: remarks/hands-on/colour: 'pink' is not one of "
            f"['primary', 'secondary', 'success'") in site.warnings


def test_reading_order_is_newest_summit_first_like_the_sidebar(summits_site):
    """The previous/next links (and the editions' contents, which follow the same
    recorded toctree) go from the home page to the newest summit first."""
    site = summits_site
    site.build()
    home = BeautifulSoup(site.html("index"), "html.parser")
    assert home.select_one('link[rel="next"]')["href"] == "beta-2016/index.html"
    oldest = BeautifulSoup(site.html("alpha-2015/index"), "html.parser")
    assert oldest.select_one('link[rel="prev"]')["href"].startswith("../beta-2016/")  # its last page
