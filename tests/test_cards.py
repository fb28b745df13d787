"""The session card, as readers see it in every builder."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup


@pytest.mark.sphinx("html", testroot="basic")
def test_card_shows_the_sessions_metadata(app):
    app.build()
    assert app.warning.getvalue() == ""
    html = (Path(app.outdir) / "kuryr.html").read_text()
    cards = re.findall(r'<div class="[^"]*session-card[^"]*" id="([^"]+)"', html)
    assert cards == ["kuryr"]
    card = html[html.index('id="kuryr"'):html.index("Kuryr plugs")]
    for text in ("talk", "Test 2015 · Day 1 · Tuesday 27 October 2015", "Highly recommended",
                 "Jane Doe", "Example Corp", "Kuryr", "Neutron", "containers", "networking"):
        assert text in card, text
    # badges link to the index entries, with the description on hover
    assert 'href="summit-projectindex.html#project-neutron"' in card
    assert 'title="OpenStack Networking."' in card
    assert 'href="summit-topicindex.html#topic-containers"' in card
    assert 'href="summit-peopleindex.html#person-jane-doe"' in card


@pytest.mark.sphinx("html", testroot="basic")
def test_session_role_shows_the_title(app):
    app.build()
    html = (Path(app.outdir) / "kuryr.html").read_text()
    assert re.search(r'<a class="reference internal" href="cinder.html#cinder"[^>]*>'
                     r'<span[^>]*>Cinder in practice</span></a>', html)


@pytest.mark.sphinx("text", testroot="basic")
def test_text_output_is_plain_and_readable(app):
    app.build()
    assert app.warning.getvalue() == ""
    text = (Path(app.outdir) / "replication.txt").read_text()
    assert "panel, Test 2015 · Day 2 · Wednesday 28 October 2015\n\nAuthor's remarks: *Room packed*" in text.replace("’", "'")
    assert "Speakers:\n   John Griffith, Ed Balduf" in text
    assert "Projects:\n   Cinder, Swift" in text


def test_latex_output_builds_without_warnings(site):
    app = site.with_diagrams().build("latex")  # (the PDF's diagrams are pictures: drawn)
    assert site.warnings == ""
    tex = next(Path(app.outdir).glob("*.tex")).read_text()
    plain = re.sub(r"\\DUrole\{[^}]*\}", "", tex).replace("{", "").replace("}", "")
    assert "John Griffith, Ed Balduf" in plain
    assert "Test 2015 · Day 2 · Wednesday 28 October 2015" in tex


@pytest.mark.parametrize("builder", ["dirhtml", "singlehtml"])
def test_other_html_builders(make_app, rootdir, builder, tmp_path):
    import shutil

    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-basic", src)
    app = make_app(builder, srcdir=src)
    app.build()
    assert app.warning.getvalue() == ""
    out = Path(app.outdir)
    html = (out / "kuryr" / "index.html" if builder == "dirhtml" else out / "index.html").read_text()
    assert 'id="kuryr"' in html and "session-card" in html


def test_card_takes_the_anchor_of_a_title_named_like_the_file(site):
    site.write("swift-talk.md", "# Swift Talk\n\n:::{session}\n:day: 1\n:format: talk\n:::\n\n"
                                "## Swift Talk\n\nA sub-heading named like the page.\n")
    site.build()
    html = site.html("swift-talk")
    assert 'session-card docutils" id="swift-talk"' in html
    assert '<section id="swift-talk-notes">' in html
    assert html.count('id="swift-talk"') == 1
    # the sub-heading named like the page loses its natural anchor: the author is told
    assert site.warnings.count("WARNING") == 1
    assert ("swift-talk.md:8: WARNING: session id 'swift-talk' is also the anchor the heading "
            "'Swift Talk' would have, so the heading gets 'id1'") in site.warnings


def test_text_output_describes_diagrams(site):
    app = site.with_diagrams().build("text")
    assert site.warnings == ""
    text = (Path(app.outdir) / "kuryr.txt").read_text()
    assert ("Diagram: Kuryr as a libnetwork remote driver. Docker calls Kuryr, which calls "
            "the Neutron API.") in " ".join(text.split())


def test_without_the_npm_package_mermaid_comes_from_the_pinned_cdn_with_one_warning(make_app, rootdir, tmp_path):
    import shutil

    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-diagrams", src)
    # (nothing can draw the diagrams when the site is built: the reader's browser does)
    app = make_app("html", srcdir=src, confoverrides={"mermaid_npm_package": str(tmp_path / "none"),
                                                      "mermaid_drawing_required": False})
    app.build()
    warnings = [w for w in app.warning.getvalue().splitlines() if w.strip()]
    assert len(warnings) == 1
    assert "Mermaid is not installed in" in warnings[0] and "run `npm ci`" in warnings[0]
    html = (Path(app.outdir) / "broken.html").read_text()
    assert 'import mermaid from "https://cdn.jsdelivr.net/npm/mermaid@11.12.1/dist/mermaid.esm.min.mjs"' in html
    # the colours' module imports the same Mermaid (one instance, one configuration)
    assert html.count('import mermaid from "https://cdn.jsdelivr.net/npm/mermaid@11.12.1/dist/') == 2
    # a page without a source document loads no Mermaid (internals.without_mermaid_script)
    assert "import mermaid from" not in (Path(app.outdir) / "genindex.html").read_text()


LISTINGS = """---
orphan: true
---
# Listings

## Another summit
:::{session-list}
:summit: summit-b
:::

## Day and project
:::{session-list}
:day: 1
:project: Cinder
:::

## Every summit
:::{session-list}
:summit: all
:day: 1
:project: Cinder
:::

## A person
:::{session-list}
:person: Jane Doe
:::

## Remark and topic
:::{session-list}
:summit: all
:remark: recommended
:topic: storage
:::

## Nothing
:::{session-list}
:summit: summit-b
:day: 2
:::
"""


def test_listings_show_exactly_the_sessions_each_filter_asks_for(site):
    site.write("summit-b/summit.yaml", "title: Summit B\nshort-title: B 2016\n"
               "start: 2016-04-25\nend: 2016-04-26\n")
    site.write("summit-b/deep.md", "---\norphan: true\n---\n# Deep dive\n\n:::{session}\n:day: 1\n"
               ":format: talk\n:speakers: Jane Doe\n:projects: Cinder\n:topics: storage\n"
               ":remarks: recommended\n:::\n")
    site.write("lists.md", LISTINGS)
    site.build()
    assert site.warnings == ""
    page = BeautifulSoup(site.html("lists"), "html.parser")
    shown = {section.h2.get_text(strip=True).rstrip("¶"): [
        a.get_text() for a in section.select(".session-list .sd-card-title a")]
        for section in page.select("section section")}
    assert shown == {
        "Another summit": ["Deep dive"],
        "Day and project": ["Cinder in practice"],  # the page's own summit only
        "Every summit": ["Deep dive", "Cinder in practice"],  # newest summit first
        "A person": ["Kuryr and libnetwork"],
        "Remark and topic": ["Deep dive"],
        "Nothing": [],
    }
    assert "No session matches yet." in site.html("lists")
    # a listing that spans summits says which summit each session is from
    every = next(s for s in page.select("section section") if "Every summit" in s.h2.get_text())
    assert [b.get_text() for b in every.select(".sd-badge.sd-outline-dark")] == [
        "B 2016 · Day 1 · 25 April 2016", "Test 2015 · Day 1 · 27 October 2015"]


def test_slides_and_recording_are_links_on_the_card_and_in_the_export(site):
    site.write("media.md", "# A talk with slides\n\n:::{session}\n:day: 1\n:format: talk\n"
                           ":remarks: recommended\n:slides: https://slides.example/talk\n"
                           ":video: https://video.example/watch?v=1\n:::\n\nText.\n")
    site.build()
    assert site.warnings == ""
    card = BeautifulSoup(site.html("media"), "html.parser").select_one(".session-card")
    links = {a.get_text(): a["href"] for a in card.select(".summit-media a")}
    assert links == {"Slides": "https://slides.example/talk", "Recording": "https://video.example/watch?v=1"}
    # the author's remark is a note, not something that looks like a button
    remark = card.select_one(".summit-remarks")
    assert remark.get_text(" ", strip=True) == "Author’s remarks: Highly recommended"
    assert not remark.select(".sd-badge")
    data = json.loads((Path(site.app.outdir) / "sessions.json").read_text())
    media = next(s for s in data["sessions"] if s["id"] == "media")
    assert (media["slides"], media["video"]) == ("https://slides.example/talk", "https://video.example/watch?v=1")
    assert next(s for s in data["sessions"] if s["id"] == "kuryr")["slides"] is None
