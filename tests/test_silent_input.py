"""Inputs that used to build silently into a wrong site: each is now a located message."""

from __future__ import annotations

import json

import pytest
from sphinx.util.console import strip_escape_sequences

CARD = ":::{session}\n:day: 1\n:format: talk\n:::\n"
MISPLACED = ("so the page is not a session; a card goes at the top of a session page of its own, "
             "right under its title (make session writes one)")


def session_ids(site) -> set[str]:
    data = json.loads((site.app.outdir / "sessions.json").read_text(encoding="utf-8"))
    return {s["id"] for s in data["sessions"]}


def messages(site) -> list[str]:
    return [line for line in strip_escape_sequences(site.warnings).splitlines()
            if "WARNING" in line or "ERROR" in line]


@pytest.mark.parametrize(("name", "text", "line", "where"), [
    ("day1.md", f"# Day 1\n\n{CARD}\n:::{{session-list}}\n:day: 1\n:::\n", 3,
     "on a page that lists sessions"),
    ("index.md", f"# Test summit\n\n{CARD}\n:::{{toctree}}\n:glob:\n\n*\n:::\n", 3,
     "on the site's home page"),
    ("pages.md", f"# Pages\n\n{CARD}\n:::{{toctree}}\ncinder\n:::\n", 3,
     "on a page with a toctree (a page of pages)"),
    ("boxed.md", f"# Boxed\n\n::::{{note}}\n{CARD}::::\n", 4, "in an admonition box"),
    ("listed.md", "# Listed\n\n- an item\n\n  " + CARD.replace("\n", "\n  "), 5, "in a list item"),
    ("tabbed.md", f"# Tabbed\n\n:::::{{tab-set}}\n::::{{tab-item}} One\n{CARD}::::\n:::::\n", 5, "in a tab"),
    ("quoted.md", "# Quoted\n\n> " + CARD.replace("\n", "\n> "), 3, "in a quote"),
])
def test_a_card_that_is_not_at_the_top_of_a_session_page_is_an_error(site, name, text, line, where):
    path = site.write(name, text)
    site.build()
    assert f"{path}:{line}: ERROR: the session card is {where}, {MISPLACED}" in site.warnings
    assert path.stem not in session_ids(site)  # the page did not become a session
    assert {"cinder", "kuryr"} <= session_ids(site)  # the others still are


def test_a_summit_landing_page_and_a_day_folder_page_are_not_session_pages(summits_site):
    landing = summits_site.path / "alpha-2015/index.md"
    landing.write_text(landing.read_text(encoding="utf-8").replace("\n\n", f"\n\n{CARD}\n", 1),
                       encoding="utf-8")
    day = summits_site.write("alpha-2015/day1/index.md", f"# Day 1\n\n{CARD}\nText.\n")
    summits_site.build()
    warnings = strip_escape_sequences(summits_site.warnings)
    assert f"{landing}:3: ERROR: the session card is on the landing page of the summit 'alpha-2015', " \
           f"{MISPLACED}" in warnings
    assert f"{day}:3: ERROR: the session card is on the page of day 1, {MISPLACED}" in warnings
    assert not {"alpha-2015", "day1"} & session_ids(summits_site)


def test_an_unclosed_code_fence_after_the_card_is_located(site):
    path = site.write("fence.md", f"# Fence\n\n{CARD}\nNotes.\n\n```python\ncode\n\n## Later\n\nMore notes.\n")
    site.build()
    assert (f"{path}:10: WARNING: the fence '```python' opened on this line is never closed, so the "
            "rest of the page (to its last line, 15) is inside it: close it with a line '```' where "
            "its content ends") in site.warnings


@pytest.mark.parametrize("text", [
    f"# Fence\n\n{CARD}\n````\n```\n",  # a longer fence is not closed by a shorter one
    f"# Fence\n\n{CARD}\n```{{mermaid}}\nflowchart LR\n  a --> b\n",
    f"# Fence\n\n{CARD}\n::::{{note}}\nA note.\n:::\n",
])
def test_other_unclosed_fences_are_located(site, text):
    path = site.write("fence.md", text)
    site.build()
    assert f"{path}:8: WARNING: the fence" in site.warnings
    assert "opened on this line is never closed" in site.warnings


def test_closed_fences_are_not_reported(site):
    site.write("fence.md", f"# Fence\n\n{CARD}\n- item\n\n  ```\n  code\n  ```\n\n```\nlast\n```")
    site.build()
    assert "never closed" not in site.warnings


@pytest.mark.parametrize(("text", "message"), [
    ("", "the page is empty: start it with its title ('# Title') and write its notes, or delete it "
         "(and its line in the toctree)"),
    ("Just text, no heading.\n", "the page has no title, so the navigation would list it as "
                                 "'<no title>': start it with a heading ('# Title')"),
    ("---\norphan: true\n---\nText.\n", "the page has no title"),
])
def test_a_page_without_a_title_is_located(site, text, message):
    path = site.write("untitled.md", text)
    site.build()
    assert f"{path}:1: WARNING: {message}" in site.warnings
