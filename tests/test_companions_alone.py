"""Each companion extension can be left out: the site's own extension list
(conf.py's ``extensions``) less any one companion builds the two-summit site
without a warning, and its readers still see the cards and the listings.
(``test_core_alone.py`` leaves all of them out at once.)"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]


def site_extensions() -> list[str]:
    """conf.py's ``extensions``, read from the file (not imported: it reads the environment)."""
    tree = ast.parse((ROOT / "conf.py").read_text(encoding="utf-8"))
    assignment = next(node for node in tree.body if isinstance(node, ast.Assign)
                      and any(getattr(t, "id", None) == "extensions" for t in node.targets))
    return ast.literal_eval(assignment.value)


COMPANIONS = [name for name in site_extensions() if name.startswith("sphinx_summit.")]

SETTINGS = '''
import os
mermaid_npm_package = os.environ["SUMMIT_TEST_MERMAID"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build", "_data"]
summit_formats = ["keynote", "talk"]
summit_remarks = {"recommended": {"text": "Highly recommended", "colour": "success"}}
summit_catalogue = "_data/catalogue.yaml"
html_baseurl = "https://notes.example.org/"
'''


def test_the_site_has_the_companions_the_issue_names():
    assert sorted(name.removeprefix("sphinx_summit.") for name in COMPANIONS) == [
        "a11y", "bounded_nav", "breadcrumbs", "editions", "feeds", "hosting",
        "incremental", "last_updated", "linkstatus", "mermaid", "search", "wayfinding"]


@pytest.mark.parametrize("left_out", COMPANIONS)
def test_a_site_without_one_companion_builds_and_shows_its_sessions(summits_site, left_out):
    site = summits_site
    extensions = [name for name in site_extensions() if name != left_out]
    site.write("conf.py", f"extensions = {extensions!r}\n{SETTINGS}")
    site.build()
    assert site.warnings == ""
    assert left_out not in site.app.extensions
    assert set(extensions) <= set(site.app.extensions)

    card = BeautifulSoup(site.html("alpha-2015/day1/storage-talk"), "html.parser").select_one(".session-card")
    assert "Day 1 · Tuesday 27 October 2015" in card.get_text(" ")
    assert [a.get_text() for a in card.select("a")][:2] == ["John Roe", "Cinder"]
    day = BeautifulSoup(site.html("alpha-2015/day1/index"), "html.parser")
    assert [a.get_text() for a in day.select(".session-list .sd-card-title a")] == [
        "Keynote of Alpha 2015", "Storage at Alpha 2015"]
    home = BeautifulSoup(site.html("index"), "html.parser")
    assert [a.get_text() for a in home.select(".summit-card .sd-card-title a")] == [
        "Beta Summit 2016", "Alpha Summit 2015"]
