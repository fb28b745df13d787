"""Where a reader is and how fresh the page is: breadcrumbs with their JSON-LD
(sphinx_summit.breadcrumbs), the last-updated date from git
(sphinx_summit.last_updated) and furo's "edit this page" link (conf.py)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT

BASE = "https://notes.example.org/en/"
SITE = "https://openstack-summit-notes.readthedocs.io/en/latest/"
EDIT = "https://github.com/example/notes/edit/main/docs/{filename}"
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def configured(site, *, baseurl: str | None = BASE, theme: str = "furo", extra: str = ""):
    site.add_conf('extensions += ["sphinx_summit.breadcrumbs", "sphinx_summit.last_updated"]\n'
                  f"html_theme = {theme!r}\n{extra}\n"
                  + (f"html_baseurl = {baseurl!r}\n" if baseurl else ""))
    return site


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def crumbs(page: BeautifulSoup) -> list[tuple[str, str | None]]:
    """(text, href) of each step of the page's breadcrumbs (href None: the page itself)."""
    nav = page.select("nav.summit-breadcrumbs")
    assert len(nav) <= 1
    return [(li.get_text(), li.a["href"] if li.a else None) for li in nav[0].select("li")] if nav else []


def json_ld(page: BeautifulSoup) -> dict | None:
    scripts = page.select("script[type='application/ld+json']")
    return json.loads(scripts[0].string) if scripts else None


def check_breadcrumbs(outdir: Path, page_path: Path, base: str | None) -> list[tuple[str, str | None]]:
    """The trail is above the title, ends with the page's own title (the current
    page), every other step links to a built page; its JSON-LD says the same."""
    page = soup(page_path.read_text(encoding="utf-8"))
    steps = crumbs(page)
    if not steps:
        return steps
    article = page.select_one("article")
    nav, h1 = article.select_one("nav.summit-breadcrumbs"), article.select_one("h1")
    assert nav.find_next("h1") is h1 and not h1.find_next("nav", class_="summit-breadcrumbs")
    assert steps[-1] == (h1.get_text().rstrip("#¶ "), None)
    assert page.select_one("nav.summit-breadcrumbs [aria-current='page']").get_text() == steps[-1][0]
    for _, href in steps[:-1]:
        assert Path(page_path.parent, unquote(href)).resolve().is_file(), href
    data = json_ld(page)
    assert data["@context"] == "https://schema.org" and data["@type"] == "BreadcrumbList"
    items = data["itemListElement"]
    assert [(i["position"], i["name"]) for i in items] == [(n, name) for n, (name, _) in enumerate(steps, 1)]
    for item, (_, href) in zip(items, steps):
        if base:
            assert item["item"].startswith(base)
            target = Path(outdir, unquote(urlsplit(item["item"][len(base):]).path))
        else:
            target = Path(page_path.parent, unquote(item["item"]))
        assert target.resolve().is_file(), item
        if href:
            assert target.resolve() == Path(page_path.parent, unquote(href)).resolve()
        else:
            assert target.resolve() == page_path.resolve()
    return steps


def test_a_session_page_says_site_summit_day_session(summits_site):
    site = configured(summits_site)
    site.build()
    assert site.warnings == ""
    outdir = Path(site.app.outdir)
    talk = outdir / "alpha-2015/day1/storage-talk.html"
    assert check_breadcrumbs(outdir, talk, BASE) == [
        ("Two summits", "../../index.html"), ("Alpha 2015", "../index.html"), ("Day 1", "index.html"),
        ("Storage at Alpha 2015", None)]
    data = json_ld(soup(talk.read_text()))
    assert [i["item"] for i in data["itemListElement"]] == [
        BASE + "index.html", BASE + "alpha-2015/index.html", BASE + "alpha-2015/day1/index.html",
        BASE + "alpha-2015/day1/storage-talk.html"]
    assert check_breadcrumbs(outdir, outdir / "beta-2016/day2/index.html", BASE) == [
        ("Two summits", "../../index.html"), ("Beta 2016", "../index.html"), ("Day 2", None)]
    assert check_breadcrumbs(outdir, outdir / "beta-2016/index.html", BASE) == [
        ("Two summits", "../index.html"), ("Beta Summit 2016", None)]
    # pages of no summit have none
    for page in ("index", "summit-projectindex", "genindex"):
        assert crumbs(soup((outdir / f"{page}.html").read_text())) == []
    for page in outdir.rglob("*.html"):
        check_breadcrumbs(outdir, page, BASE)


def test_a_title_with_markup_characters_and_no_baseurl(summits_site):
    site = configured(summits_site, baseurl=None)
    site.write("alpha-2015/day2/q&a.md", "# Cinder <&> Ceph\n\n:::{session}\n:day: 2\n"
               ":format: talk\n:::\n\nNotes.\n")
    site.build()
    assert site.warnings == ""
    outdir = Path(site.app.outdir)
    page = outdir / "alpha-2015/day2/q&a.html"
    steps = check_breadcrumbs(outdir, page, None)
    assert steps[-1] == ("Cinder <&> Ceph", None)
    raw = page.read_text(encoding="utf-8")
    script = raw[raw.index('<script type="application/ld+json">'):]
    script = script[:script.index("</script>")]
    assert "<" not in script[1:] and "Cinder \\u003c&> Ceph" in script
    assert json_ld(soup(raw))["itemListElement"][0]["item"] == "../../index.html"


def test_e_books_have_no_breadcrumbs(summits_site):
    site = configured(summits_site)
    site.build("epub")
    text = Path(site.app.outdir, "alpha-2015/day1/storage-talk.xhtml").read_text(encoding="utf-8")
    assert "summit-breadcrumbs" not in text and "BreadcrumbList" not in text


# -- last updated ---------------------------------------------------------------

def git(folder: Path, *args: str, date: str = "2024-05-06T07:08:09Z") -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_NAME": "A",
           "GIT_AUTHOR_EMAIL": "a@example.org", "GIT_COMMITTER_NAME": "A", "GIT_COMMITTER_EMAIL": "a@example.org"}
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True, env=env)


def last_updated(html: str) -> str | None:
    found = soup(html).select_one(".last-updated")
    return " ".join(found.get_text().split()) if found else None


@needs_git
def test_a_page_says_when_it_was_last_committed(summits_site):
    site = configured(summits_site)
    git(site.path, "init", "-q")
    git(site.path, "add", "alpha-2015/day1/storage-talk.md")
    git(site.path, "commit", "-q", "-m", "notes")
    git(site.path, "add", "beta-2016/day1/keynote.md")
    git(site.path, "commit", "-q", "-m", "more notes", date="2025-01-02T03:04:05Z")
    site.build()
    assert site.warnings == ""
    assert last_updated(site.html("alpha-2015/day1/storage-talk")) == "Last updated on 6 May 2024"
    assert last_updated(site.html("beta-2016/day1/keynote")) == "Last updated on 2 January 2025"
    meta = soup(site.html("alpha-2015/day1/storage-talk")).select_one("meta[property='article:modified_time']")
    assert meta["content"] == "2024-05-06T07:08:09+00:00"
    assert last_updated(site.html("beta-2016/day1/storage-talk")) is None  # not committed

    # committed after it was built, unchanged: an incremental build dates it as a clean one
    git(site.path, "add", "beta-2016/day1/storage-talk.md")
    git(site.path, "commit", "-q", "-m", "later", date="2025-03-04T00:00:00Z")
    site.rebuild()
    assert last_updated(site.html("beta-2016/day1/storage-talk")) == "Last updated on 4 March 2025"
    assert last_updated(site.html("alpha-2015/day1/storage-talk")) == "Last updated on 6 May 2024"


def test_a_site_outside_git_builds_quietly_without_dates(summits_site):
    site = configured(summits_site, extra='html_last_updated_fmt = "%Y"')  # (Sphinx's would be the build's)
    site.build()
    assert site.warnings == ""
    assert not any(last_updated(p.read_text()) for p in Path(site.app.outdir).rglob("*.html"))


# -- edit this page (furo's source_edit_link, set in conf.py) ---------------------

def edit_link(html: str) -> str | None:
    found = soup(html).select_one("a[rel='edit']")
    return found["href"] if found else None


def test_edit_this_page_links_to_the_page_source(summits_site):
    site = configured(summits_site, extra=f"html_theme_options = {{'source_edit_link': {EDIT!r}}}")
    site.build()
    assert site.warnings == ""
    assert edit_link(site.html("alpha-2015/day1/storage-talk")) == \
        "https://github.com/example/notes/edit/main/docs/alpha-2015/day1/storage-talk.md"
    assert edit_link(site.html("index")) == "https://github.com/example/notes/edit/main/docs/index.md"
    assert edit_link(site.html("genindex")) is None  # no source


def test_edit_this_page_is_off_when_unset(summits_site):
    site = configured(summits_site)
    site.build()
    assert edit_link(site.html("alpha-2015/day1/storage-talk")) is None


def test_the_site_sets_the_edit_link_once_in_conf_py():
    conf = (ROOT / "conf.py").read_text(encoding="utf-8")
    assert conf.count("source_edit_link") == 1 and 'EDIT_LINK = ""' in conf  # off until the host is named


# -- the real site ----------------------------------------------------------------

def test_the_real_site_pages_say_where_they_are(real_site):
    data = json.loads((real_site / "sessions.json").read_text())
    summits = {s["id"]: s for s in data["summits"]}
    for session in data["sessions"]:
        page = real_site / session["url"].split("#")[0]
        steps = check_breadcrumbs(real_site, page, SITE)
        assert [name for name, _ in steps[1:-1]] == [summits[session["summit"]]["short_title"],
                                                     f"Day {session['day']}"]
        assert steps[-1][0] == session["title"]
    for summit in data["summits"]:
        landing = real_site / summit["url"]
        assert len(check_breadcrumbs(real_site, landing, SITE)) == 2  # home › the landing page
    assert crumbs(soup((real_site / "index.html").read_text())) == []


@needs_git
def test_the_real_site_pages_give_their_last_commit_date(real_site):
    from babel.dates import format_date as babel_date  # (Sphinx's dates come from Babel)
    from datetime import datetime, timezone

    checked = 0
    for source in sorted((ROOT / "docs").rglob("*.md")):
        page = real_site / source.relative_to(ROOT / "docs").with_suffix(".html")
        if "_data" in source.parts or not page.is_file():
            continue
        stamp = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%ct", "--", str(source)],
                               capture_output=True, text=True).stdout.strip()
        shown = last_updated(page.read_text(encoding="utf-8"))
        if not stamp:
            assert shown is None, page
            continue
        day = datetime.fromtimestamp(int(stamp), timezone.utc)
        assert shown == f"Last updated on {babel_date(day, 'd MMMM yyyy', locale='en')}", page
        checked += 1
    assert checked
