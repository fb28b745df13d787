"""The Atom feeds (sphinx_summit.feeds), read as a feed reader reads them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import Site, build

BASE = "https://notes.example.org/en/"
PROJECT = "Project name not set"  # the test sites' (Sphinx's default)
SITE = "https://openstack-summit-notes.readthedocs.io/en/latest/"


def with_feeds(site, baseurl: str | None = BASE):
    site.add_conf('extensions.append("sphinx_summit.feeds")\n'
                  + (f"html_baseurl = {baseurl!r}\n" if baseurl else ""))
    return site


def read_feed(path: Path):
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, (path, feed.get("bozo_exception"))
    return feed


def page_of(outdir: Path, url: str, base: str) -> Path:
    """The built file an absolute address of the site points at."""
    assert url.startswith(base), url
    return Path(outdir, unquote(urlsplit(url[len(base):]).path))


def check_feeds(outdir: Path, base: str) -> dict[str, feedparser.FeedParserDict]:
    """Every feed parses without a fault; every entry's link is a built page;
    entries come newest first and the feed's date is its newest entry's."""
    feeds = {}
    for path in sorted(Path(outdir, "feeds").rglob("*.xml")):
        feed = read_feed(path)
        name = path.relative_to(outdir).as_posix()
        assert feed.version == "atom10"
        assert feed.feed.title and feed.feed.updated_parsed
        self_link = next(link.href for link in feed.feed.links if link.rel == "self")
        assert page_of(outdir, self_link, base) == path
        dates = [entry.updated_parsed for entry in feed.entries]
        assert dates == sorted(dates, reverse=True)
        if dates:
            assert feed.feed.updated_parsed == dates[0]
        for entry in feed.entries:
            assert entry.title and entry.summary and entry.id
            assert page_of(outdir, entry.link, base).is_file(), (name, entry.link)
        feeds[name] = feed
    return feeds


def announced(html: str) -> dict[str, str]:
    page = BeautifulSoup(html, "html.parser")
    return {link["href"]: link["title"] for link in page.select("link[rel='alternate'][type='application/atom+xml']")}


def test_feeds_of_the_site_each_summit_project_and_topic(summits_site):
    site = with_feeds(summits_site)
    site.build()
    assert site.warnings == ""
    outdir = Path(site.app.outdir)
    feeds = check_feeds(outdir, BASE)
    sessions = json.loads((outdir / "sessions.json").read_text())["sessions"]
    assert sorted(feeds) == ["feeds/atom.xml", "feeds/project/cinder.xml", "feeds/project/neutron.xml",
                             "feeds/summit/alpha-2015.xml", "feeds/summit/beta-2016.xml",
                             "feeds/topic/networking.xml", "feeds/topic/storage.xml"]

    whole = feeds["feeds/atom.xml"]
    assert whole.feed.title == PROJECT  # the test site's project (Sphinx's default)
    assert {e.link for e in whole.entries} == {BASE + s["url"].split("#")[0] for s in sessions}
    # no page is committed: each is dated by its summit's last day, the newest summit first
    assert [e.updated[:10] for e in whole.entries] == ["2016-04-26"] * 3 + ["2015-10-28"] * 3
    assert whole.feed.updated.startswith("2016-04-26")

    alpha = feeds["feeds/summit/alpha-2015.xml"]
    assert alpha.feed.title == "Alpha Summit 2015 · " + PROJECT
    assert {e.link for e in alpha.entries} == {BASE + s["url"].split("#")[0] for s in sessions
                                               if s["summit"] == "alpha-2015"}
    talk = next(e for e in alpha.entries if e.link == BASE + "alpha-2015/day1/storage-talk.html")
    assert talk.title == "Storage at Alpha 2015"
    assert talk.summary == "Alpha 2015 · Day 1 · talk · John Roe · Cinder. Storage notes."
    assert {t.term for t in talk.tags} == {"alpha-2015", "Cinder", "storage"}

    cinder = feeds["feeds/project/cinder.xml"]
    assert {e.link for e in cinder.entries} == {BASE + s["url"].split("#")[0] for s in sessions
                                                if "Cinder" in s["projects"]}
    assert len(cinder.entries) == 4


def test_pages_announce_their_feeds(summits_site):
    site = with_feeds(summits_site)
    site.build()
    outdir = Path(site.app.outdir)
    home = announced(site.html("index"))
    assert home == {BASE + "feeds/atom.xml": PROJECT}
    talk = announced(site.html("alpha-2015/day1/storage-talk"))
    assert talk == {BASE + "feeds/summit/alpha-2015.xml": "Alpha Summit 2015 · " + PROJECT,
                    BASE + "feeds/project/cinder.xml": "Cinder · " + PROJECT,
                    BASE + "feeds/topic/storage.xml": "storage · " + PROJECT}
    assert list(announced(site.html("beta-2016/day2/index"))) == [BASE + "feeds/summit/beta-2016.xml"]
    assert list(announced(site.html("summit-projectindex"))) == [BASE + "feeds/project/cinder.xml",
                                                                 BASE + "feeds/project/neutron.xml"]
    assert list(announced(site.html("summit-topicindex"))) == [BASE + "feeds/topic/networking.xml",
                                                               BASE + "feeds/topic/storage.xml"]
    for page in outdir.rglob("*.html"):
        for href in announced(page.read_text(encoding="utf-8")):
            assert page_of(outdir, href, BASE).is_file(), (page, href)


def git(folder: Path, *args: str, date: str = "2024-05-06T07:08:09Z") -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_NAME": "A",
           "GIT_AUTHOR_EMAIL": "a@example.org", "GIT_COMMITTER_NAME": "A", "GIT_COMMITTER_EMAIL": "a@example.org"}
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True, env=env)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_an_entry_is_dated_by_its_page_last_commit(summits_site):
    site = with_feeds(summits_site)
    git(site.path, "init", "-q")
    git(site.path, "add", "alpha-2015/day1/storage-talk.md")
    git(site.path, "commit", "-q", "-m", "notes")
    site.build()
    assert site.warnings == ""
    whole = check_feeds(Path(site.app.outdir), BASE)["feeds/atom.xml"]
    first = whole.entries[0]
    assert first.link == BASE + "alpha-2015/day1/storage-talk.html"
    assert first.updated == "2024-05-06T07:08:09+00:00"
    assert whole.feed.updated == first.updated
    assert [e.updated[:10] for e in whole.entries[1:]] == ["2016-04-26"] * 3 + ["2015-10-28"] * 2


def test_a_removed_summit_feed_goes_and_rebuilds_give_the_same_feeds(summits_site):
    site = with_feeds(summits_site)
    site.build()
    outdir = Path(site.app.outdir)
    first = {p: p.read_bytes() for p in outdir.joinpath("feeds").rglob("*.xml")}
    site.rebuild()  # nothing changed
    assert {p: p.read_bytes() for p in outdir.joinpath("feeds").rglob("*.xml")} == first

    shutil.rmtree(site.path / "beta-2016")
    site.rebuild()
    assert site.warnings == ""
    feeds = check_feeds(outdir, BASE)
    assert "feeds/summit/beta-2016.xml" not in feeds and not outdir.joinpath("feeds/summit/beta-2016.xml").exists()
    assert not any("beta-2016" in e.link for e in feeds["feeds/atom.xml"].entries)
    assert len(feeds["feeds/atom.xml"].entries) == 3


def feed_files(outdir: Path) -> dict[str, bytes]:
    return {p.relative_to(outdir).as_posix(): p.read_bytes() for p in Path(outdir, "feeds").rglob("*.xml")}


def summaries(outdir: Path) -> dict[str, str]:
    return {entry.title: entry.summary for entry in read_feed(Path(outdir, "feeds/atom.xml")).entries}


def test_edits_reach_the_summaries_and_rebuilds_give_a_clean_builds_feeds(make_app, tmp_path):
    """A summary is the page's as it was last written: an edited page's first
    paragraph, a session link's new title on a page that was not read again;
    the summaries kept between builds lost or broken, the feeds are the same."""
    src = tmp_path / "src"
    with_feeds(Site(make_app, src, root="summits"))

    def built(srcdir: Path, outdir: Path) -> Path:
        return Path(build(make_app, srcdir, outdir).outdir)

    outdir = built(src, tmp_path / "inc")
    assert summaries(outdir)["Design session at Alpha 2015"].endswith("Design notes. Earlier: Keynote of Alpha 2015.")
    keynote, storage = src / "alpha-2015/day1/keynote.md", src / "alpha-2015/day1/storage-talk.md"
    keynote.write_text(keynote.read_text().replace("# Keynote of Alpha 2015", "# Opening of Alpha 2015"))
    storage.write_text(storage.read_text().replace("Storage notes.", "Storage notes, rewritten."))
    kept = tmp_path / "inc/doctrees/summit-feed-summaries.json"
    for number, damage in enumerate((None, lambda: kept.unlink(), lambda: kept.write_text("{not json"),
                                     lambda: kept.write_text('{"alpha-2015/day1/storage-talk": 3}'))):
        if damage:
            damage()
        outdir = built(src, tmp_path / "inc")
        found = summaries(outdir)
        assert found["Design session at Alpha 2015"].endswith("Earlier: Opening of Alpha 2015."), number
        assert found["Storage at Alpha 2015"].endswith("Storage notes, rewritten."), number
        clean_src = tmp_path / f"clean-src-{number}"
        shutil.copytree(src, clean_src, ignore=shutil.ignore_patterns("_build"))
        assert feed_files(outdir) == feed_files(built(clean_src, tmp_path / f"clean-{number}")), number


def test_a_feed_changed_or_lost_in_the_output_is_written_again(make_app, tmp_path):
    """A rebuild renders again only the feeds whose facts changed (feeds.WRITTEN), yet a
    feed edited, emptied or deleted in the output, or the kept digests lost or broken,
    gives the clean build's feeds."""
    src = tmp_path / "src"
    with_feeds(Site(make_app, src, root="summits"))
    outdir = Path(build(make_app, src, tmp_path / "out").outdir)
    clean = feed_files(outdir)
    site_feed, summit_feed = outdir / "feeds/atom.xml", outdir / "feeds/summit/alpha-2015.xml"
    kept = tmp_path / "out/doctrees/summit-feed-digests.json"
    for number, damage in enumerate((
            lambda: site_feed.write_bytes(site_feed.read_bytes().replace(b"Alpha", b"Gamma")),
            lambda: summit_feed.write_bytes(b""),
            lambda: summit_feed.unlink(),
            lambda: (kept.unlink(), site_feed.write_bytes(b"<feed/>")),
            lambda: (kept.write_text("{not json"), site_feed.unlink()),
            lambda: kept.write_text('{"feeds/atom.xml": 3}'))):
        damage()
        build(make_app, src, tmp_path / "out")
        assert feed_files(outdir) == clean, number


def test_titles_and_page_names_with_markup_characters(summits_site):
    site = with_feeds(summits_site)
    site.write('alpha-2015/day2/q&a "x".md', "# Cinder <&> Ceph\n\n:::{session}\n:day: 2\n:format: talk\n"
               ":projects: Cinder\n:::\n\nWhat <b> & co said.\n")
    site.build()
    assert site.warnings == ""
    outdir = Path(site.app.outdir)
    feeds = check_feeds(outdir, BASE)
    entry = next(e for e in feeds["feeds/summit/alpha-2015.xml"].entries if "Ceph" in e.title)
    assert entry.title == "Cinder <&> Ceph"
    assert entry.link == BASE + "alpha-2015/day2/q&a%20%22x%22.html"
    assert entry.summary.endswith("What <b> & co said.")
    raw = outdir.joinpath("feeds/summit/alpha-2015.xml").read_text(encoding="utf-8")
    assert "Cinder &lt;&amp;&gt; Ceph" in raw


def test_control_characters_in_a_session_reach_the_feeds_as_replacement_characters(summits_site):
    """(before: XML has no control characters, and writing the feeds stopped the build)"""
    site = with_feeds(summits_site)
    path = site.write("alpha-2015/day2/escape.md", "# Cinder\x1b[1m bold\n\n:::{session}\n:day: 2\n"
                      ":format: talk\n:speakers: Jane\x0b Doe\n:projects: Cinder\n:::\n\nNotes\x01 here.\n")
    site.build()
    assert f"{path}:1: WARNING: the page holds 3 control characters" in site.warnings
    feeds = check_feeds(Path(site.app.outdir), BASE)
    entry = next(e for e in feeds["feeds/summit/alpha-2015.xml"].entries if "bold" in e.title)
    assert entry.title == "Cinder\ufffd[1m bold"
    assert "Jane\ufffd Doe" in entry.summary and entry.summary.endswith("Notes\ufffd here.")


def test_a_summit_without_sessions_has_an_empty_feed(summits_site):
    site = with_feeds(summits_site)
    for talk in (site.path / "beta-2016").rglob("*.md"):
        if talk.name != "index.md":
            talk.write_text("# A talk\n\nNot a session.\n", encoding="utf-8")
    site.build()
    assert site.warnings == ""
    beta = check_feeds(Path(site.app.outdir), BASE)["feeds/summit/beta-2016.xml"]
    assert beta.entries == [] and beta.feed.updated == "2016-04-26T00:00:00+00:00"


def test_without_html_baseurl_the_author_is_told_and_no_feed_is_written(summits_site):
    site = with_feeds(summits_site, baseurl=None)
    site.build()
    assert f"{site.path / 'conf.py'}:1: WARNING: no feeds are written: they need the site's address; " \
           "set html_baseurl in conf.py" in site.warnings
    assert not Path(site.app.outdir, "feeds").exists()
    assert announced(site.html("index")) == {}


def test_e_books_have_no_feeds(summits_site):
    site = with_feeds(summits_site)
    site.build("epub")
    assert not Path(site.app.outdir, "feeds").exists()


# -- the real site --------------------------------------------------------------

def test_the_real_site_feeds_parse_and_link_to_its_pages(real_site):
    feeds = check_feeds(real_site, SITE)
    data = json.loads((real_site / "sessions.json").read_text())
    pages = {SITE + s["url"].split("#")[0] for s in data["sessions"]}
    assert {e.link for e in feeds["feeds/atom.xml"].entries} == pages
    assert len(feeds["feeds/atom.xml"].entries) == len(data["sessions"])
    for summit in data["summits"]:
        feed = feeds[f"feeds/summit/{summit['id']}.xml"]
        assert {e.link for e in feed.entries} == {SITE + s["url"].split("#")[0] for s in data["sessions"]
                                                  if s["summit"] == summit["id"]}
    for field in ("projects", "topics"):
        names = {n for s in data["sessions"] for n in s[field]}
        assert len([f for f in feeds if f.startswith(f"feeds/{field[:-1]}/")]) == len(names)
    assert announced((real_site / "index.html").read_text()) == {SITE + "feeds/atom.xml": "OpenStack summit notes"}
    session = data["sessions"][0]
    links = announced((real_site / session["url"].split("#")[0]).read_text())
    assert SITE + f"feeds/summit/{session['summit']}.xml" in links
