"""Editing marked as editing: what the editors add is told apart from the notes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import search_fragments
from bs4 import BeautifulSoup

SESSION = """\
# Kuryr and libnetwork

:::{{session}}
:day: 1
:format: talk
:speakers: Jane Doe
:organizations: Example Corp, Other Corp
:projects: Kuryr, Neutron
{inferred}
:::

Kuryr plugs Neutron into Docker.

:::{{editor-note}}
Kuryr was announced in the keynote the same morning.
:::

:::{{editor-note}} Tenant isolation
:name: isolation
:class: wide
At the host.
:::

```{{mermaid}}
:caption: Kuryr between Docker and Neutron

flowchart LR
    Docker --> Kuryr --> Neutron
```

```{{mermaid}}
flowchart LR
    Docker --> Neutron
```
"""


def soup(site, docname: str) -> BeautifulSoup:
    return BeautifulSoup(site.html(docname), "html.parser")


def test_the_marks_in_a_page(site):
    site.with_diagrams()  # (which mark the diagrams)
    site.write("kuryr.md", SESSION.format(inferred=":inferred: other corp, Neutron"))
    site.build()
    assert site.warnings == ""
    page = soup(site, "kuryr")
    # editor's notes: a box of their own, titled, with an optional subject
    notes = page.select("div.admonition.editor-note")
    assert [n.select_one(".admonition-title").get_text() for n in notes] == [
        "Editor’s note", "Editor’s note: Tenant isolation"]
    assert "announced in the keynote" in notes[0].get_text()
    assert notes[1]["id"] == "isolation" and "wide" in notes[1]["class"]
    # every diagram is captioned as drawn from the notes, with or without its own caption
    captions = [f.select_one("figcaption").get_text(" ", strip=True) for f in page.select("figure")
                if f.select_one(".mermaid")]
    assert [c.removesuffix(" ¶") for c in captions] == [
        "Drawn from the notes : Kuryr between Docker and Neutron", "Drawn from the notes"]
    # inferred names: marked on the card, as the card spells them; the others not
    card = page.select_one(".session-card")
    marked = [m.find("a").get_text() for m in card.select(".editing-inferred")]
    assert marked == ["Other Corp", "Neutron"]
    assert all(m.select_one(".editing-mark").get_text() == "(inferred)"
               for m in card.select(".editing-inferred"))
    # and in the export
    export = json.loads((Path(site.app.outdir) / "sessions.json").read_text())
    kuryr = next(s for s in export["sessions"] if s["id"] == "kuryr")
    assert kuryr["inferred"] == ["Other Corp", "Neutron"]


def test_listings_mark_inferred_names_too(site):
    site.write("kuryr.md", SESSION.format(inferred=":inferred: Other Corp"))
    site.build()
    day = soup(site, "day1")
    compact = next(c for c in day.select(".session-card-compact") if "Kuryr and libnetwork" in c.get_text())
    people = compact.select_one(".session-card-people").get_text(" ", strip=True)
    assert people == "Jane Doe, Example Corp, Other Corp (inferred)"


def test_marks_stay_out_of_search(site):
    site.write("kuryr.md", SESSION.format(inferred=":inferred: Other Corp"))
    site.build()
    text = search_fragments(site.app.outdir)["kuryr.html"]["content"]
    assert "inferred" not in text.lower()
    # the notes' own words are found
    assert "announc" in text


@pytest.mark.parametrize(("inferred", "message"), [
    (":inferred: Red Hat", "':inferred:' names 'Red Hat', which is not on the card; list the "
                           "speakers, organizations, projects or topics of this session that the "
                           "notes do not give"),
    (":inferred: Other Crop", "':inferred:' names 'Other Crop', which is not on the card (did you "
                              "mean Other Corp?)"),
    (":inferred: ,", "option ':inferred:' is empty"),
])
def test_an_inferred_name_not_on_the_card_is_reported(site, inferred, message):
    site.write("kuryr.md", SESSION.format(inferred=inferred))
    site.build()
    assert "kuryr.md:9: WARNING: " + message in site.warnings
    assert "Traceback" not in site.warnings
    # the card still shows every name, unmarked
    card = soup(site, "kuryr").select_one(".session-card").get_text(" ", strip=True)
    assert "Other Corp" in card and "(inferred)" not in card


def test_an_empty_editors_note_is_reported(site):
    site.write("kuryr.md", SESSION.format(inferred="").replace(
        "Kuryr was announced in the keynote the same morning.\n", ""))
    site.build()
    assert re.search(r"kuryr\.md:14: WARNING: the editor's note is empty", site.warnings)


def test_the_legend_shows_the_marks(site):
    site.write("index.md", (site.path / "index.md").read_text() + "\n:::{editing-marks}\n:::\n")
    site.build()
    legend = soup(site, "index").select_one("p.editing-legend")
    assert legend.get_text().startswith("How to read the marks: the text is the attendee’s notes")
    assert [m.get_text() for m in legend.select(".editing-mark")] == [
        "Editor’s note", "Drawn from the notes", "(inferred)"]


@pytest.mark.parametrize("builder", ["latex", "text"])
def test_the_marks_outside_html(site, builder):
    site.with_diagrams()
    site.write("kuryr.md", SESSION.format(inferred=":inferred: Other Corp"))
    site.build(builder)
    assert site.warnings == ""
    out = next(p for p in Path(site.app.outdir).iterdir()
               if p.name.startswith("kuryr") or p.suffix == ".tex").read_text()
    assert "Editor’s note" in out.replace("\\textquotesingle{}", "’") or "Editor's note" in out
    assert re.search(r"Other Corp\W+\(inferred\)", re.sub(r"\\[a-zA-Z]+\{[^}]*\}|[{}]", "", out))
    assert "Drawn from the notes" in out
