"""Inputs that used to build silently into a wrong site: each is now a located message."""

from __future__ import annotations

import json
import os
import re
import subprocess

import pytest
from sphinx.util.console import strip_escape_sequences
from conftest import ROOT

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
    ("dropped.md", f"# Dropped\n\n::::{{dropdown}} More\n{CARD}::::\n", 4, "in a dropdown"),
    ("tabled.md", "# Tabled\n\n```{list-table}\n* - ```{session}\n    :day: 1\n    :format: talk\n"
                  "    ```\n```\n", 4, "in a table"),
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


# -- Vague messages made precise -----------------------------------------------------

YAML_HINT = ("write one 'name: value' per line, and put a value that starts with '[' or '{', "
             "or holds ': ', in quotes")


def test_a_broken_yaml_option_block_quotes_the_parser(site):
    path = site.write("yaml.md", "# Yaml\n\n:::{session}\n---\nday: [3\nformat: talk\n---\n:::\n")
    site.build()
    assert messages(site) == [
        f"{path}:5: WARNING: the option block (between the '---' lines) is not valid YAML: expected "
        f"',' or ']', but got ':' (line 6, column 7; while parsing a flow sequence from line 5); "
        f"{YAML_HINT} [summit.session]"]


def test_a_broken_yaml_option_block_of_a_listing_quotes_the_parser(site):
    path = site.write("listing.md", "# Listing\n\n:::{session-list}\n---\nproject: a: b\n---\n:::\n")
    site.build()
    assert (f"{path}:5: WARNING: the option block (between the '---' lines) is not valid YAML: "
            f"mapping values are not allowed here (line 5, column 11); {YAML_HINT}") in site.warnings


def test_broken_front_matter_quotes_the_parser_in_place_of_malformed_yaml(site):
    path = site.write("front.md", "---\ntitle: [broken\n---\n# Front\n\nText.\n")
    site.build()
    assert messages(site) == [
        f"{path}:2: WARNING: the front matter (between the '---' lines at the top of the page) is not "
        f"valid YAML: expected ',' or ']', but got '<stream end>' (line 2, column 15; while parsing a "
        f"flow sequence from line 2); {YAML_HINT} [summit.page]"]
    assert "Malformed YAML" not in site.warnings


def test_front_matter_that_is_a_list_says_what_to_write(site):
    path = site.write("front.md", "---\n- orphan\n---\n# Front\n\nText.\n")
    site.build()
    assert messages(site) == [
        f"{path}:2: WARNING: the front matter (between the '---' lines at the top of the page) is not "
        "'name: value' lines: write e.g. 'orphan: true', one per line [summit.page]"]


@pytest.mark.parametrize(("text", "line", "message"), [
    (":::{summit-list}\n:summit: all\n:::\n", 4, "summit-list takes no options and no text (it shows "
     "every summit of the site, newest first): remove the option ':summit:'"),
    (":::{summit-export}\nThe data.\n:::\n", 4, "summit-export takes no options and no text (it links "
     "to sessions.json and its schema): remove the text 'The data.'"),
    (":::{summit-days}\n:day: 1\n\nThe first day.\n:::\n", 6, "summit-days takes no text (it lists the "
     "days of the page's summit): remove the text 'The first day.'"),
    (":::{session-list}\n:day: 1\nday 1 only\n:::\n", 5, "session-list takes no text (it lists the "
     "sessions its options select): remove the text 'day 1 only'"),
])
def test_a_listing_given_what_it_does_not_take_says_what_to_remove(site, text, line, message):
    path = site.write("listing.md", f"# Listing\n\n{text}")
    site.build()
    assert f"{path}:{line}: WARNING: {message}" in site.warnings
    assert "none permitted" not in site.warnings


def test_a_url_with_a_quote_is_refused(site):
    path = site.write("slides.md", f"# Slides\n\n{CARD[:-4]}:slides: https://example.com/a\"onmouseover=\"x\n:::\n")
    site.build()
    assert (f"{path}:6: WARNING: option ':slides:' holds '\"', which a URL cannot hold: write %22 in "
            "its place, or correct the address 'https://example.com/a\"onmouseover=\"x'") in site.warnings
    assert "onmouseover" not in site.html("slides")


@pytest.mark.parametrize("url", ["https://example.com/<script>", "https://example.com/a b",
                                 "https://example.com/{x}"])
def test_other_characters_a_url_cannot_hold_are_refused(site, url):
    path = site.write("slides.md", f"# Slides\n\n{CARD[:-4]}:video: {url}\n:::\n")
    site.build()
    assert f"{path}:6: WARNING: option ':video:'" in site.warnings
    assert url not in site.html("slides")


def test_a_catalogue_name_with_a_comma_is_refused_where_it_is_declared(site):
    catalogue = site.path / "_data" / "catalogue.yaml"
    catalogue.write_text(catalogue.read_text(encoding="utf-8").replace(
        "topics:\n", "topics:\n  'Red Hat, Inc.': A company.\n  a|b: Pipes.\n"), encoding="utf-8")
    site.build()
    assert (f"{catalogue}:22: ERROR: topic 'Red Hat, Inc.' holds ',', and pages name topics in lists "
            "separated by commas (':topics: A, B'), so no page could name it: write the name without "
            "it (e.g. 'Red Hat Inc.')") in site.warnings
    assert f"{catalogue}:23: ERROR: topic 'a|b' holds '|'" in site.warnings


def summit_problem(summits_site, lines: str, summit: str = "beta-2016") -> list[str]:
    declaration = summits_site.path / summit / "summit.yaml"
    declaration.write_text(lines, encoding="utf-8")
    summits_site.build()
    return messages(summits_site), declaration


BETA = "title: Beta Summit 2016\nstart: 2016-04-25\nend: 2016-04-26\n"


@pytest.mark.parametrize(("lines", "line", "message"), [
    ("title: Beta Summit 2016\nstart: 2016-04-25\nend: 2016-04-20\n", 3,
     "end: the summit ends on 2016-04-20, before it starts (2016-04-25); 'end:' is its last day, on or "
     "after 'start:'"),
    (BETA + 'id: "../../etc"\n', 4,
     "id: '../../etc' is not a summit id: lowercase letters, digits and hyphens (e.g. austin-2016); "
     "without 'id:', the folder's name is the id"),
    (BETA + "short-title: |\n  Beta\n  2016\n", 4,
     "short-title: 'Beta\\n2016\\n' holds a line break, and labels show it on one line: write it on one "
     "line (without '|' or '>')"),
    (BETA + 'place: "Austin,\\nTexas"\n', 4,
     "place: 'Austin,\\nTexas' holds a line break, and labels show it on one line: write it on one "
     "line (without '|' or '>')"),
    (BETA + 'place: "Austin\\x01, Texas"\n', 4,
     "place: 'Austin\\x01, Texas' holds a control character (U+0001), which is not text: delete it (or "
     "its escape)"),
    (BETA + "remarks:\n  'Red Hat, Inc.': {text: Red Hat}\n", 5,
     "remark 'Red Hat, Inc.' holds ',', and pages name remarks in lists separated by commas "
     "(':remarks: A, B'), so no page could name it: write the name without it (e.g. 'Red Hat Inc.')"),
])
def test_a_summit_declaration_mistake_says_what_to_write(summits_site, lines, line, message):
    found, declaration = summit_problem(summits_site, lines)
    assert found == [f"{declaration}:{line}: WARNING: {message} [summit.summit]"]


def test_a_summit_folder_whose_name_is_not_an_id_is_refused_with_the_reason(summits_site):
    import shutil
    shutil.copytree(summits_site.path / "beta-2016", summits_site.path / "tōkyō-2016")
    found, declaration = summit_problem(summits_site, BETA.replace("Beta", "Tokyo"), "tōkyō-2016")
    assert found == [f"{declaration}:1: WARNING: the folder name 'tōkyō-2016' cannot be the summit's id, "
                     "which is written in links and addresses (lowercase letters, digits and hyphens): "
                     "rename the folder 'tokyo-2016', or give the summit an id here ('id: tokyo-2016') "
                     "[summit.summit]"]


# -- Escaped where it is written -----------------------------------------------------

HOSTING = ('\nextensions += ["sphinx_sitemap", "sphinxext.opengraph", "sphinx_summit.hosting"]\n'
           'html_baseurl = ogp_site_url = "https://example.org/notes/"\nsitemap_url_scheme = "{link}"\n'
           'ogp_social_cards = {"enable": False}\n')


@pytest.fixture
def hosted_site(site):
    conf = site.path / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + HOSTING, encoding="utf-8")
    return site


def test_the_preview_title_escapes_what_a_title_holds(hosted_site):
    hosted_site.write("odd.md", "# A < B & C \"quoted\"\n\nText.\n")
    hosted_site.build()
    page = hosted_site.html("odd")
    assert '<meta property="og:title" content="A &lt; B &amp; C “quoted”" />' in page
    assert not re.search(r'<meta [^>]*content="[^"]*[<>]', page)


def test_the_sitemap_percent_encodes_page_names(hosted_site):
    hosted_site.write('q&a"x.md', "# Q and A\n\nText.\n")
    hosted_site.write("tōkyō/page.md", "# Tokyo\n\nText.\n")
    hosted_site.build()
    sitemap = (hosted_site.app.outdir / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.org/notes/q&amp;a%22x.html</loc>" in sitemap
    assert "<loc>https://example.org/notes/t%C5%8Dky%C5%8D/page.html</loc>" in sitemap
    assert "<loc>https://example.org/notes/cinder.html</loc>" in sitemap
    assert not re.search(r"<loc>[^<]*[^\x21-\x7e][^<]*</loc>|<loc>[^<]*\"", sitemap)


# -- A build folder that cannot be written ------------------------------------------

def test_a_read_only_build_folder_is_one_line_not_a_traceback(tmp_path):
    build = tmp_path / "build"
    (build / "html").mkdir(parents=True)
    make = f'exec make -s html BUILDDIR="{build}"'
    if os.geteuid() == 0:  # (root writes into a folder of mode 555: a read-only mount)
        make = f'mount --bind "{build}" "{build}" && mount -o remount,ro,bind "{build}" && {make}'
        command = ["unshare", "-m", "sh", "-c", make]
        if subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode:
            pytest.skip("no read-only mount here (unshare -m)")
    else:
        (build / "html").chmod(0o555)
        command = ["sh", "-c", make]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 2
    where = build if os.geteuid() == 0 else build / "html"
    assert result.stderr.splitlines()[0] == (
        f"make html: {where} cannot be written (read-only): make it writable (chmod -R u+w {build}), "
        f"or build elsewhere (make html BUILDDIR=/tmp/summit-build)")
    assert "Traceback" not in result.stdout + result.stderr


HOSTILE = '"><img src=x onerror=alert(1)><!--<script>'


def test_author_text_is_data_in_every_page(summits_site):
    declaration = summits_site.path / "beta-2016/summit.yaml"
    declaration.write_text(declaration.read_text(encoding="utf-8").replace(
        "title: Beta Summit 2016", f"title: Beta Summit 2016\nshort-title: 'Beta {HOSTILE}'"), encoding="utf-8")
    summits_site.write("beta-2016/day1/hostile.md", f"# Hostile {HOSTILE.replace('<', '&lt;')}\n\n"
                       f":::{{session}}\n:day: 1\n:format: talk\n:speakers: Jane {HOSTILE}\n:::\n\nText.\n")
    summits_site.build()
    from bs4 import BeautifulSoup
    pages = [p for p in summits_site.app.outdir.rglob("*.html") if p.name != "search.html"]
    shown = 0
    for path in pages:
        text = path.read_text(encoding="utf-8")
        soup = BeautifulSoup(text, "html.parser")
        assert not soup.find_all("img", src="x"), path
        assert not soup.find_all(attrs={"onerror": True}), path
        assert "<!--<script>" not in text, path
        shown += text.count("onerror=alert(1)")  # as text: escaped
    assert shown > 5  # the names and titles are there, as text


# -- Raw HTML and the EPUB ------------------------------------------------------------

RAW_HTML = """# Raw <br> heading

:::{editor-note} A <b>bold title
Text.
:::

Fine <b>bold</b> and <br/> kept.

## Second <i>italic</i> kept

```{mermaid}
:caption: A caption <span>unclosed

flowchart LR
  a --> b
```
"""
NOT_XHTML = ("is not well-formed XHTML, so the EPUB leaves it out (the website keeps it): {!r}; close every "
             "tag ('<br/>', '<b>...</b>'), write '&#160;' for '&nbsp;', or use Markdown")


def test_raw_html_that_is_not_xhtml_is_left_out_of_the_epub_with_a_warning(site):
    import zipfile
    from xml.etree import ElementTree

    site.with_diagrams()  # (the EPUB's diagrams are pictures: drawn)
    conf = site.path / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + '\nextensions.append("sphinx_summit.editions")\n'
                    'epub_basename = "notes"\n', encoding="utf-8")
    path = site.write("raw.md", RAW_HTML)
    site.build("epub")
    warnings = [line for line in messages(site) if "raw.md" in line or "XHTML" in line]
    assert warnings == [
        f"{path}:1: WARNING: raw HTML in a heading {NOT_XHTML.format('Raw <br> heading')} [summit.epub]",
        f"{path}:3: WARNING: raw HTML in the title of a note box (editor-note, admonition) "
        f"{NOT_XHTML.format('Editor’s note: A <b>bold title')} [summit.epub]",
        f"{path}:11: WARNING: raw HTML in a caption "
        f"{NOT_XHTML.format('Drawn from the notes: A caption <span>unclosed')} [summit.epub]",
    ]
    with zipfile.ZipFile(site.app.outdir / "notes.epub") as book:
        for name in book.namelist():
            if name.endswith((".xhtml", ".ncx", ".opf")):
                ElementTree.fromstring(book.read(name))  # every page reads (EPUBCheck RSC-016)
        page = book.read("raw.xhtml").decode()
        index = book.read("index.xhtml").decode()
    assert "Raw  heading" in page and "Raw  heading" in index  # the heading's text stays
    assert "Fine <b>bold</b> and <br/> kept." in page and "<i>italic</i> kept" in page
    assert "<br>" not in page and "<span>" not in page


# -- Heavy diagrams ---------------------------------------------------------------------

CHAIN = " --> ".join(f"n{i}[Node number {i}]" for i in range(120))
BIG = (f"# Big\n\nText.\n\n```{{mermaid}}\n:caption: A long chain\n\nflowchart LR\n  accTitle: A chain\n"
       f"  accDescr: Many nodes.\n  {CHAIN}\n```\n")


def test_a_diagram_too_small_to_print_is_a_warning_at_its_line(site):
    site.with_diagrams()
    conf = site.path / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + '\nextensions.append("sphinx_summit.editions")\n',
                    encoding="utf-8")
    path = site.write("big.md", BIG)
    site.build("latex")
    found = [line for line in messages(site) if "pt in the PDF" in line]
    assert len(found) == 1, messages(site)  # the big one only, not kuryr.md's
    assert re.fullmatch(
        rf"{re.escape(str(path))}:5: WARNING: this diagram's smallest text would print at \d\.\d pt in the "
        r"PDF, even turned a quarter: below 7 pt, too small to read; split it into smaller diagrams, or "
        r"change its direction \(a wide flowchart LR as TD\) \[summit.diagram\]", found[0])


def test_a_page_made_heavy_by_its_drawings_is_a_warning_at_the_diagram(site):
    site.with_diagrams()
    conf = site.path / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + "\nmermaid_page_weight = 50_000\n", encoding="utf-8")
    path = site.write("big.md", BIG)
    site.build()
    found = [line for line in messages(site) if "weigh" in line]
    assert len(found) == 1, messages(site)  # big.md's; kuryr.md's small diagram is under the limit
    assert re.fullmatch(
        rf"{re.escape(str(path))}:5: WARNING: the page's drawings weigh 0\.\d MB with this diagram \(0\.\d MB, "
        r"drawn for light and dark pages\), more than the 50 KB a page should \(mermaid_page_weight\): "
        r"split it into smaller diagrams, or give it a page of its own \[mermaid.weight\]", found[0])
    assert "> 119<" in site.html("big")  # the page still has its diagram (its last label)


# -- Link previews and the machine's fonts -------------------------------------------

def test_a_glyph_no_font_has_is_one_build_warning_naming_the_page(hosted_site, recwarn):
    path = hosted_site.write("launch.md", f"# Launch 🚀 in 東京\n\n{CARD}\nText.\n")
    message = (f"{path}: WARNING: the link preview of this page draws '🚀' (U+1F680) as an empty box: no "
               f"installed font has it (")
    for _build in range(2):  # and again on a rebuild with nothing changed
        hosted_site.build()
        found = [line for line in messages(hosted_site) if "link preview" in line]
        assert len(found) == 1 and found[0].startswith(message), found
        assert found[0].endswith("); install a font that has it (e.g. Debian's fonts-noto-core), or leave "
                                 "it out of the title and the card's names [summit.preview]")
    assert not [w for w in recwarn if "Glyph" in str(w.message)]  # no Python UserWarning
    assert (hosted_site.app.outdir / "_images/previews/launch.png").exists()


def test_without_the_fonts_a_preview_is_drawn_and_names_what_it_could_not_draw(tmp_path, monkeypatch):
    """A machine without DejaVu or Noto CJK (a bare build image): the picture is drawn in
    Pillow's own font, and the characters it has no letter for are named (the warning's)."""
    from PIL import Image

    from sphinx_summit import previews

    monkeypatch.setattr(previews, "FONT_FOLDERS", (str(tmp_path / "no-fonts"),))
    for cached in (previews.font_files, previews.font_chain):
        cached.cache_clear()
    try:
        assert previews.fonts() == ()
        missing = previews.draw_preview(tmp_path / "p.png", title="Launch in 東京", where="Tokyo 2015 · Day 3",
                                        people="Rackspace", site="Notes")
        assert missing == "京東"
        assert Image.open(tmp_path / "p.png").size == (1200, 630)
    finally:
        for cached in (previews.font_files, previews.font_chain):
            cached.cache_clear()


def test_the_new_messages_come_back_on_a_rebuild_until_fixed(site):
    day = site.write("day1.md", f"# Day 1\n\n{CARD}\n:::{{session-list}}\n:day: 1\n:::\n")
    fence = site.write("fence.md", f"# Fence\n\n{CARD}\n```\ncode\n")
    untitled = site.write("untitled.md", "Text.\n")
    expected = [f"{day}:3: ERROR: the session card is on a page that lists sessions",
                f"{fence}:8: WARNING: the fence '```' opened on this line is never closed",
                f"{untitled}:1: WARNING: the page has no title"]
    for _build in range(2):  # the second with nothing changed
        site.build()
        for message in expected:
            assert message in strip_escape_sequences(site.warnings), message
    fence.write_text(f"# Fence\n\n{CARD}\n```\ncode\n```\n", encoding="utf-8")
    site.build()
    assert "never closed" not in site.warnings and "the page has no title" in site.warnings
