"""The notes to take away: the PDF (LaTeX) and EPUB editions.

What a page needs to read well on paper and in an e-book reader, where
nothing is interactive:

* tab sets (the five CephFS–Manila models, ...) become consecutive sections:
  each tab's label a heading (a rubric), its content below it;
* the website's own files stay out of the e-book: moved-page redirects,
  ``robots.txt``, the sitemap, ``sessions.json`` (``is_website``);
* what only the website needs (the home page's list of summits and links to
  the indices, which the book's contents and indices replace) is marked
  ``{.website-only}`` and left out;
* a page's sub-pages follow its own sections instead of nesting in its last
  one: a summit is a part of the book, its landing page the part's
  introduction (its sections headings, not chapters), its days with sessions
  chapters (a day without one a heading in the introduction), the sessions
  sections;
* the EPUB's table of contents is the site's navigation, then the indices,
  and every page is in the reading order (``BookEpubBuilder``);
* the PDF's title page names the summits and is dated by the notes; the
  pictures print with opaque label backgrounds, and a picture whose text
  would print below 7 pt is turned a quarter;
* in LaTeX, the anchors of containers (a session card's id, which
  ``{session}`` links to) become labels, so references get their page.

The diagrams become pictures in ``sphinx_summit.mermaid`` (``pictures.py``);
the LaTeX settings (engine, fonts, parts) are in ``conf.py``.
"""

from __future__ import annotations

import math
import re
import zlib
from contextlib import contextmanager
from html import escape
from pathlib import Path
from xml.etree import ElementTree

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders.epub3 import Epub3Builder
from sphinx.locale import _ as sphinx_
from sphinx.util import logging
from sphinx.util.logging import get_node_location
from sphinx.util.texescape import escape as tex_escape
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx_design.shared import is_component

from . import __version__, internals, order
from .builders import is_website
from .directives import text_of
from .internals import builder_class
from .listings import is_empty_listing
from .queries import listing
from .state import summits_of
from .i18n import _, format_day

logger = logging.getLogger(__name__)


# The smallest text a picture may print in, and the text block it must fit
# (A4 with Sphinx's margins, as the LaTeX log gives them).
SMALLEST_PRINTED_TEXT = 7.0  # pt
TEXT_WIDTH, TEXT_HEIGHT = 452.97, 700.5  # pt
TURNED_WIDTH = 0.9  # of TEXT_HEIGHT: a picture turned a quarter (room for its caption)


class TabsAsSections(SphinxPostTransform):
    """Outside the website, each tab of a tab set is a heading and its content."""

    default_priority = order.TABS_AS_SECTIONS

    def is_supported(self) -> bool:
        return not is_website(builder_class(self.env))

    def run(self, **kwargs) -> None:
        for tab_set in list(self.document.findall(nodes.container)):
            if not is_component(tab_set, "tab-set"):
                continue
            flat = []
            for item in tab_set.children:
                if not is_component(item, "tab-item"):
                    flat.append(item)
                    continue
                label, *content = item.children
                heading = nodes.rubric("", "", *label.children, classes=["tab-heading"])
                heading["ids"] = label["ids"]
                flat.append(heading)
                for part in content:  # the tab-content container's children
                    flat.extend(part.children if is_component(part, "tab-content") else [part])
            tab_set.replace_self(flat)


class WebsiteOnly(SphinxPostTransform):
    """Outside the website, what is marked ``{.website-only}`` is left out."""

    default_priority = order.WEBSITE_ONLY

    def is_supported(self) -> bool:
        return not is_website(builder_class(self.env))

    def run(self, **kwargs) -> None:
        for node in list(self.document.findall(nodes.Element)):
            if "website-only" in node["classes"] and node.parent is not None:
                # the book's pages stay: a toctree in a left-out section is the EPUB's contents
                kept = [t for t in node.findall(addnodes.toctree) if t is not node]
                node.parent.replace(node, kept)


class SubPagesAfterSections(SphinxPostTransform):
    """In the book (one document of all pages), a page's toctree at the end of
    its last section would make its sub-pages subsections of that section:
    they are moved to follow the page's own sections instead."""

    default_priority = order.SUB_PAGES_AFTER_SECTIONS
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        for page in list(self.document.findall(addnodes.start_of_file)):
            section = page.parent
            while section is not None and not isinstance(section, nodes.section):
                section = section.parent
            top = section
            while top is not None and isinstance(top.parent, nodes.section):
                top = top.parent
            if section is not None and section is not top:
                page.parent.remove(page)
                top.append(page)


class LandingPagesAsIntroductions(SphinxPostTransform):
    """In the book, a page with sub-pages (a summit's landing page: a part) is
    the introduction of what follows: its own sections become headings in the
    text, not chapters that each start a page; and a sub-page with nothing to
    read (a day without sessions) is a heading and its line in that
    introduction, not a chapter of its own."""

    default_priority = order.LANDING_PAGES_AS_INTRODUCTIONS
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        domain = self.env.get_domain("summit")
        for page in list(self.document.findall(addnodes.start_of_file)):
            top = next(iter(page.findall(nodes.section)), None)
            sub_pages = [p for p in top.children if isinstance(p, addnodes.start_of_file)] if top else []
            if not sub_pages:
                continue
            for section in [s for s in top.children if isinstance(s, nodes.section)]:
                section.replace_self(as_headings(section, empty_listings(domain, page)))
            introduction_ends = top.index(sub_pages[0])  # (the first sub-page may be empty too)
            for sub_page in sub_pages:
                empty = empty_listings(domain, sub_page)
                if is_empty(sub_page, empty):
                    sub_section = next(iter(sub_page.findall(nodes.section)))
                    sub_section["ids"].append(":doc")  # the page's own label ({doc} links to it)
                    sub_section.replace_self(as_headings(sub_section, empty))
                    top.remove(sub_page)
                    top.insert(introduction_ends, sub_page)
                    introduction_ends += 1


def empty_listings(domain, page: addnodes.start_of_file):
    """Whether a node of ``page`` is a listing that will be empty ("No session matches yet.")."""
    return lambda node: is_empty_listing(domain, page["docname"], node)


def is_empty(page: addnodes.start_of_file, empty) -> bool:
    """A page without sub-pages whose listing is empty."""
    return (not any(p is not page for p in page.findall(addnodes.start_of_file))
            and any(empty(node) for node in page.findall(listing)))


def as_headings(section: nodes.section, empty) -> list[nodes.Node]:
    """A section as a heading (its ids on a target) and its content, subsections likewise;
    an empty listing is left out."""
    title, *content = section.children
    body: list[nodes.Node] = []
    for child in content:
        if isinstance(child, nodes.section):
            body.extend(as_headings(child, empty))
        elif not empty(child):
            body.append(child)
    target = nodes.target("", "", ids=section["ids"])
    if not body:  # (a heading over nothing: "Highly recommended" before any remark)
        return [target]
    return [target, nodes.rubric("", "", *title.children, classes=["intro-heading"]), *body]


def smallest_text(picture: bytes) -> tuple[float | None, float]:
    """(The smallest text size, the width) of a picture PDF drawn by Chromium, in pt:
    each ``Tf`` size times the scale of the transformations it is drawn in."""
    width = float(re.search(rb"/MediaBox\s*\[\s*[-\d.]+\s+[-\d.]+\s+([\d.]+)", picture).group(1))
    sizes = []
    for stream in re.finditer(rb"stream\r?\n(.*?)endstream", picture, re.S):
        try:
            text = zlib.decompress(stream.group(1)).decode("latin-1")
        except zlib.error:
            continue
        scale, saved = 1.0, []
        for line in text.splitlines():
            words = line.split()
            if words == ["q"]:
                saved.append(scale)
            elif words == ["Q"] and saved:
                scale = saved.pop()
            elif len(words) == 7 and words[-1] == "cm":
                a, b, c, d = map(float, words[:4])
                scale *= math.sqrt(abs(a * d - b * c))
            elif len(words) == 3 and words[-1] == "Tf":
                sizes.append(float(words[1]) * scale)
    return min(sizes, default=None), width


class WidePicturesTurned(SphinxPostTransform):
    """A picture whose text would print below SMALLEST_PRINTED_TEXT once shrunk to
    the text width is turned a quarter, to use the page's height instead."""

    default_priority = order.WIDE_PICTURES_TURNED
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        for image in list(self.document.findall(nodes.image)):
            if "diagram-picture" not in image["classes"] or not image["uri"].endswith(".pdf"):
                continue
            size, width = smallest_text(Path(self.env.srcdir, image["uri"]).read_bytes())
            if size is None or size * min(1.0, TEXT_WIDTH / width) >= SMALLEST_PRINTED_TEXT:
                continue
            turned = size * min(1.0, TURNED_WIDTH * TEXT_HEIGHT / width)
            if turned < SMALLEST_PRINTED_TEXT:
                logger.warning(f"this diagram's smallest text would print at {turned:.1f} pt in the PDF, "
                               f"even turned a quarter: below {SMALLEST_PRINTED_TEXT:g} pt, too small to "
                               f"read; split it into smaller diagrams, or change its direction (a wide "
                               f"flowchart LR as TD)", location=image, type="summit", subtype="diagram")
            parent = image.parent
            # (as wide as 0.9 of the text's height: room for the caption below)
            parent.insert(parent.index(image), nodes.raw(
                "", rf"\rotatebox{{90}}{{\setlength{{\linewidth}}{{{TURNED_WIDTH}\textheight}}", format="latex"))
            parent.insert(parent.index(image) + 1, nodes.raw("", "}", format="latex"))


class ContainerAnchorsInLatex(SphinxPostTransform):
    """LaTeX writes no label for a container's ids: a target before it carries them."""

    default_priority = order.CONTAINER_ANCHORS_IN_LATEX
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        for container in list(self.document.findall(nodes.container)):
            if container["ids"]:
                target = nodes.target("", "", ids=container["ids"])
                container["ids"] = []
                container.parent.insert(container.parent.index(container), target)


RAW_HTML_PLACES = {nodes.title: "a heading", nodes.caption: "a caption", nodes.rubric: "a heading",
                   nodes.paragraph: "a paragraph"}


def raw_html_groups(doctree: nodes.document):
    """The raw HTML of a page, as the EPUB's XHTML gets it: each block of raw HTML
    alone, and the inline raw HTML of a paragraph, heading or caption together
    (MyST makes a node of each tag: '<b>', then '</b>'), with the text between."""
    parents = []
    for raw in doctree.findall(nodes.raw):
        if "html" not in raw.get("format", "").split():
            continue
        if isinstance(raw.parent, nodes.TextElement):
            if raw.parent not in parents:
                parents.append(raw.parent)
        else:
            yield raw, [raw], raw.astext()
    for parent in parents:
        raws = [c for c in parent.children if isinstance(c, nodes.raw) and "html" in c.get("format", "")]
        markup = "".join(c.astext() if c in raws else escape(c.astext(), quote=False)
                         for c in parent.children)
        yield parent, raws, markup


def well_formed(markup: str) -> bool:
    """Whether ``markup`` is well-formed XML, as XHTML must be (no <br>, no &nbsp;)."""
    try:
        ElementTree.fromstring(f"<x>{markup}</x>")
    except ElementTree.ParseError:
        return False
    return True


def in_toctree(node: nodes.Node) -> bool:
    while node is not None:
        if "toctree-wrapper" in getattr(node, "get", lambda *_: ())("classes", ()):
            return True
        node = node.parent
    return False


def where_raw_html_is(node: nodes.Node) -> str:
    if isinstance(node, nodes.title) and isinstance(node.parent, nodes.Admonition):
        return "the title of a note box (editor-note, admonition)"
    return next((place for kind, place in RAW_HTML_PLACES.items() if isinstance(node, kind)),
                "the page")


class BookEpubBuilder(Epub3Builder):
    """Sphinx's EPUB, whose table of contents (``nav.xhtml``, ``toc.ncx``) is the
    site's navigation -- summits, their days (and the author's pages), the
    sessions -- followed by the indices, where the reading order has them.

    Raw HTML that is not well-formed XHTML (MyST lets a page hold ``<br>``, an
    unclosed ``<b>``) would make a page unreadable (EPUBCheck RSC-016): it is
    left out of the book, with a warning at its line.
    """

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        for node, raws, markup in list(raw_html_groups(doctree)):
            if well_formed(markup):
                continue
            for raw in raws:
                raw.parent.remove(raw)
            location = get_node_location(node) or get_node_location(node.parent)
            if location and not in_toctree(node):  # (a title again in a toctree: said at its page)
                logger.warning(f"raw HTML in {where_raw_html_is(node)} is not well-formed XHTML, so the "
                               f"EPUB leaves it out (the website keeps it): {markup.strip()[:60]!r}; close "
                               f"every tag ('<br/>', '<b>...</b>'), write '&#160;' for '&nbsp;', or use "
                               f"Markdown", location=location, type="summit", subtype="epub")
        super().write_doc(docname, doctree)

    def get_toc(self) -> None:
        """The pages in toctree order, nested as the toctrees nest them (Sphinx's
        own puts a page's sub-pages under the section holding its toctree)."""
        refnodes = []
        seen = {self.config.root_doc}

        def walk(docname: str, level: int) -> None:
            for child in self.env.toctree_includes.get(docname, []):
                if child in seen or child not in self.env.titles:
                    continue
                seen.add(child)
                refnodes.append({"level": level, "refuri": escape(child + self.out_suffix),
                                 "text": escape(text_of(self.env.titles[child]))})
                walk(child, level + 1)

        walk(self.config.root_doc, 1)
        internals.set_epub_contents(self, refnodes)
        self.toc_add_files(self.refnodes)

    @contextmanager
    def indices_in_contents(self):
        saved = self.refnodes
        indices = [(name, cls.localname) for name, cls, _content, _collapse in self.domain_indices]
        if self.use_index:
            indices.append(("genindex", sphinx_("Index")))
        internals.set_epub_contents(self, saved + [
            {"level": 1, "refuri": escape(name + self.out_suffix), "text": escape(str(text))}
            for name, text in indices])
        try:
            yield
        finally:
            internals.set_epub_contents(self, saved)

    def content_metadata(self) -> dict:
        """The book is dated by its notes (dc:date), not by its build."""
        metadata = super().content_metadata()
        if last := notes_date(self.env):
            metadata["date"] = f"{last.isoformat()}T00:00:00Z"
        return metadata

    def build_navigation_doc(self) -> None:
        with self.indices_in_contents():
            super().build_navigation_doc()

    def build_toc(self) -> None:
        with self.indices_in_contents():
            super().build_toc()


def notes_date(env):
    """The date of the notes: the last day of the newest summit (None without summits)."""
    summits = summits_of(env)
    return max((s.end for s in summits.by_id.values()), default=None) if summits else None


def title_page(app: Sphinx, env) -> None:
    """The PDF's title page names the summits the book covers, with their dates, and
    is dated by its notes, so two builds of the same notes are the same book."""
    if app.builder.format != "latex" or not (last := notes_date(env)):
        return
    language, engine = app.config.language, app.config.latex_engine
    oldest_first = sorted(summits_of(env).by_id.values(), key=lambda s: (s.start, s.id))
    lines = [tex_escape(f"{s.title}, {s.dates_label(language)}", engine) for s in oldest_first]
    notes = tex_escape(_("Notes as of %s") % format_day(last, language, long=False), engine)
    internals.set_latex_date(app.builder, "\\\\\n".join(lines) + "\\\\[2ex]\n" + notes)


def no_redirects_in_books(app: Sphinx) -> None:
    """Moved-page redirects (sphinx-reredirects) are addresses of the website."""
    if not is_website(app.builder) and "redirects" in app.config:
        app.config.redirects = {}


def setup(app: Sphinx) -> dict:
    app.add_builder(BookEpubBuilder, override=True)
    app.add_post_transform(TabsAsSections)
    app.add_post_transform(WebsiteOnly)
    app.add_post_transform(SubPagesAfterSections)
    app.add_post_transform(LandingPagesAsIntroductions)
    app.add_post_transform(WidePicturesTurned)
    app.add_post_transform(ContainerAnchorsInLatex)
    app.connect("builder-inited", no_redirects_in_books)
    app.connect("env-updated", title_page)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
