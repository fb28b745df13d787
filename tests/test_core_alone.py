"""The core extension stands alone: a site whose conf.py names ``sphinx_summit``
and none of its companions (mermaid, editions, bounded_nav, incremental, hosting,
linkstatus, a11y) builds without a warning and shows its cards,
listings, days, summits, related sessions and export."""

from __future__ import annotations

import json
from pathlib import Path

from bs4 import BeautifulSoup

CORE_ONLY = '''extensions = ["myst_parser", "sphinx_design", "sphinx_summit"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build", "_data"]
summit_formats = ["keynote", "talk"]
summit_remarks = {"recommended": {"text": "Highly recommended", "colour": "success"}}
summit_catalogue = "_data/catalogue.yaml"
'''


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def test_a_site_with_the_core_alone_builds_and_shows_its_sessions(summits_site):
    site = summits_site
    site.write("conf.py", CORE_ONLY)
    site.write("data.md", "---\norphan: true\n---\n# Data\n\n:::{summit-export}\n:::\n")
    site.build()
    assert site.warnings == ""
    assert not any(name.startswith("sphinx_summit.") for name in site.app.extensions)

    card = soup(site.html("alpha-2015/day1/storage-talk")).select_one(".session-card")
    assert "Day 1 · Tuesday 27 October 2015" in card.get_text(" ")
    assert [a.get_text() for a in card.select("a")][:2] == ["John Roe", "Cinder"]
    day = soup(site.html("alpha-2015/day1/index"))
    assert [a.get_text() for a in day.select(".session-list .sd-card-title a")] == [
        "Keynote of Alpha 2015", "Storage at Alpha 2015"]
    assert "Tuesday 27 October 2015 · 2 sessions" in day.get_text()
    home = soup(site.html("index"))
    assert [a.get_text() for a in home.select(".summit-card .sd-card-title a")] == [
        "Beta Summit 2016", "Alpha Summit 2015"]
    assert [a.get_text() for a in soup(site.html("alpha-2015/index")).select(".summit-days li a")] == [
        "Day 1 · Tuesday 27 October 2015", "Day 2 · Wednesday 28 October 2015 (Design Summit only)"]
    export = soup(site.html("data")).select(".summit-export a")
    assert [a["href"] for a in export] == ["sessions.json", "sessions.schema.json"]
    sessions = json.loads((Path(site.app.outdir) / "sessions.json").read_text(encoding="utf-8"))
    assert len(sessions["sessions"]) == 6
